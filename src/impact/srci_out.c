/* The SRCI written out: the JSON document of kith srci --format json (and
 * the API), the terminal table, and the tornado chart of the sensitivity
 * (SVG: the ratio with each assumption moved down and up, widest first). */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fmt.h"
#include "impact/impact_int.h"
#include "json/jv.h"

/* ================================================================ JSON */

static json_t *inputs_json(const kith__srci_scope *sc)
{
    json_t *o = json_object();
    json_object_set_new(o, "cash", kith__jv_real(sc->cash));
    json_object_set_new(o, "in_kind", kith__jv_real(sc->in_kind));
    json_object_set_new(o, "volunteer_hours", kith__jv_real(sc->volunteer_hours));
    json_object_set_new(o, "volunteer_value", kith__jv_real(sc->volunteer_value));
    json_object_set_new(o, "total", kith__jv_real(sc->inputs));
    return o;
}

/* The figures of a scope into o. */
static void scope_json(json_t *o, const kith__srci_scope *sc)
{
    json_object_set_new(o, "inputs", inputs_json(sc));
    json_t *years = json_array();
    for (int k = 0; k < sc->years; k++)
        json_array_append_new(years, kith__jv_real(sc->values[k]));
    json_object_set_new(o, "values_per_year", years);
    json_object_set_new(o, "present_value", kith__jv_real(sc->pv));
    json_object_set_new(o, "npv", kith__jv_real(sc->npv));
    json_object_set_new(o, "ratio", kith__jv_value(&sc->ratio));
    json_object_set_new(o, "net_ratio", kith__jv_value(&sc->net_ratio));
    json_object_set_new(o, "payback_months", kith__jv_value(&sc->payback_months));
    json_object_set_new(o, "ratio_na_reason",
                        sc->ratio.ok ? json_null() : json_string(sc->ratio.why));
    json_object_set_new(o, "payback_na_reason",
                        sc->payback_months.ok ? json_null()
                                              : json_string(sc->payback_months.why));
}

/* The outcome's fields, with the quantity as measured, and its values. */
static json_t *outcome_json(const kith__srci_outcome *x)
{
    const kith_outcome *o = &x->o;
    json_t *j = kith__outcome_json(o);
    json_object_set_new(j, "quantity", kith__jv_real(o->quantity));
    json_object_set_new(j, "quantity_note",
                        x->quantity_note[0] ? kith__jv_text(x->quantity_note)
                                            : json_null());
    json_t *years = json_array();
    for (int k = 1; k <= o->duration; k++)
        json_array_append_new(years, kith__jv_real(kith_srci_year_value(o, k)));
    json_object_set_new(j, "impact_per_year", years);
    json_object_set_new(j, "present_value", kith__jv_real(x->pv));
    return j;
}

static json_t *moved_json(double value, double ratio)
{
    json_t *o = json_object();
    json_object_set_new(o, "value", kith__jv_real(value));
    json_object_set_new(o, "ratio", kith__jv_real(ratio));
    return o;
}

static json_t *sensitivity_json(const kith__srci *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "range", kith__jv_real(s->sensitivity));
    json_t *rows = json_array();
    for (size_t i = 0; i < s->nsens; i++) {
        const kith__srci_sens *y = &s->sens[i];
        const kith_outcome *oc = &s->outs[y->outcome].o;
        json_t *r = json_object();
        json_object_set_new(r, "outcome_id", json_integer(oc->id));
        json_object_set_new(r, "outcome", kith__jv_text(oc->outcome));
        json_object_set_new(r, "initiative", kith__jv_text(oc->initiative));
        json_object_set_new(r, "stakeholder", kith__jv_text(oc->stakeholder));
        json_object_set_new(r, "assumption",
                            json_string(kith__srci_assumption_name(y->assumption)));
        json_object_set_new(r, "value", kith__jv_real(y->base));
        json_object_set_new(r, "break_even",
                            y->has_break_even ? kith__jv_real(y->break_even)
                                              : json_null());
        json_object_set_new(r, "break_even_note",
                            y->note[0] ? json_string(y->note) : json_null());
        json_object_set_new(r, "low", moved_json(y->low, y->ratio_low));
        json_object_set_new(r, "high", moved_json(y->high, y->ratio_high));
        json_array_append_new(rows, r);
    }
    json_object_set_new(o, "rows", rows);
    return o;
}

static kith_code write_json(const kith__srci *s, char **out, kith_error *err)
{
    json_t *root = json_object();
    json_object_set_new(
        root, "scope",
        json_string(s->total.initiative_id ? "initiative" : "organisation"));
    json_object_set_new(root, "initiative",
                        s->total.initiative_id ? kith__jv_text(s->total.name)
                                               : json_null());
    json_object_set_new(root, "currency", json_string(s->currency));
    json_object_set_new(root, "discount_rate", kith__jv_real(s->rate));
    json_object_set_new(root, "volunteer_rate", kith__jv_real(s->volunteer_rate));
    scope_json(root, &s->total);
    json_t *outs = json_array();
    for (size_t i = 0; i < s->nouts; i++)
        json_array_append_new(outs, outcome_json(&s->outs[i]));
    json_object_set_new(root, "outcomes", outs);
    if (!s->total.initiative_id) {
        json_t *inits = json_array();
        for (size_t k = 0; k < s->ninits; k++) {
            json_t *o = json_object();
            json_object_set_new(o, "initiative", kith__jv_text(s->inits[k].name));
            scope_json(o, &s->inits[k]);
            json_array_append_new(inits, o);
        }
        json_object_set_new(root, "initiatives", inits);
    }
    json_object_set_new(root, "sensitivity", sensitivity_json(s));
    json_t *notes = json_array();
    for (int i = 0; i < s->nnotes; i++)
        json_array_append_new(notes, kith__jv_text(s->notes[i]));
    json_object_set_new(root, "notes", notes);
    return kith__jv_dump(root, out, err);
}

/* ================================================================ table */

static const char *money(char *b, double v)
{
    return kith__fmt_thousands(b, 48, v, 2);
}

static const char *share(char *b, double v)
{
    snprintf(b, 48, "%.1f%%", v * 100);
    return b;
}

/* An assumption's value as read: shares in %, duration in years. */
static const char *avalue(char *b, int a, double v)
{
    if (a == KITH_SA_DURATION)
        snprintf(b, 48, "%.0f y", v);
    else if (a == KITH_SA_QUANTITY || a == KITH_SA_PROXY)
        snprintf(b, 48, "%.6g", v);
    else
        share(b, v);
    return b;
}

static kith_code scope_table(kith_buf *b, const kith__srci *s, const kith__srci_scope *sc)
{
    char x[48], y[48], z[48], w[48];
    kith_code rc = kith__buf_printf(
        b, "Inputs           cash %s, in kind %s, volunteer %.6g h (%s): %s %s\n",
        money(x, sc->cash), money(y, sc->in_kind), sc->volunteer_hours,
        money(z, sc->volunteer_value), money(w, sc->inputs), s->currency);
    if (rc == KITH_OK)
        rc = kith__buf_puts(b, "Values per year ");
    for (int k = 0; k < sc->years && rc == KITH_OK; k++)
        rc = kith__buf_printf(b, "%s year %d: %s", k ? "," : "", k + 1,
                              money(x, sc->values[k]));
    if (rc == KITH_OK)
        rc = kith__buf_printf(b, "\nPresent value    %s %s\nNPV              %s %s\n",
                              money(x, sc->pv), s->currency, money(y, sc->npv),
                              s->currency);
    if (rc == KITH_OK && sc->ratio.ok)
        rc = kith__buf_printf(b, "SRCI ratio       %.4f : 1 (net %.4f)\n", sc->ratio.v,
                              sc->net_ratio.v);
    else if (rc == KITH_OK)
        rc = kith__buf_printf(b, "SRCI ratio       n/a: %s\n", sc->ratio.why);
    if (rc == KITH_OK && sc->payback_months.ok)
        rc = kith__buf_printf(b, "Payback          %.3f months\n", sc->payback_months.v);
    else if (rc == KITH_OK)
        rc = kith__buf_printf(b, "Payback          n/a: %s\n", sc->payback_months.why);
    return rc;
}

static kith_code write_table(const kith__srci *s, char **out, kith_error *err)
{
    kith_buf b;
    kith__buf_init(&b, 0);
    char x[48], y[48], z[48], w[48], v[48];
    kith_code rc = kith__buf_printf(
        &b, "SRCI of %s (discount rate %.2f%%, volunteer hour %s %s)\n\n", s->total.name,
        s->rate * 100, money(x, s->volunteer_rate), s->currency);
    if (rc == KITH_OK)
        rc = scope_table(&b, s, &s->total);
    if (rc == KITH_OK)
        rc =
            kith__buf_printf(&b, "\n%-4s %-18s %-14s %-18s %9s %9s %6s %6s %6s %6s %3s\n",
                             "id", "initiative", "stakeholder", "outcome", "quantity",
                             "proxy", "dead.", "displ.", "attr.", "drop", "yrs");
    for (size_t i = 0; i < s->nouts && rc == KITH_OK; i++) {
        const kith_outcome *o = &s->outs[i].o;
        rc = kith__buf_printf(&b,
                              "%-4lld %-18.18s %-14.14s %-18.18s %9.6g %9.2f %6s %6s "
                              "%6s %6s %3d\n",
                              (long long)o->id, o->initiative, o->stakeholder, o->outcome,
                              o->quantity, o->proxy, share(x, o->deadweight),
                              share(y, o->displacement), share(z, o->attribution),
                              share(w, o->drop_off), o->duration);
        if (rc == KITH_OK)
            rc = kith__buf_printf(&b, "     year-1 impact %s, present value %s%s%s\n",
                                  money(x, s->outs[i].impact), money(y, s->outs[i].pv),
                                  s->outs[i].quantity_note[0] ? "; quantity " : "",
                                  s->outs[i].quantity_note);
    }
    if (!s->total.initiative_id && s->ninits > 1)
        for (size_t k = 0; k < s->ninits && rc == KITH_OK; k++) {
            const kith__srci_scope *sc = &s->inits[k];
            rc = kith__buf_printf(&b, "\n%s\n", sc->name);
            if (rc == KITH_OK)
                rc = scope_table(&b, s, sc);
        }
    if (rc == KITH_OK && s->nsens)
        rc = kith__buf_printf(&b,
                              "\nSensitivity: break-even = the value at which the ratio "
                              "is 1.0; ratio with the value moved -/+%.0f%% (duration "
                              "-/+1 year)\n%-4s %-22s %-13s %9s %12s %10s %10s\n",
                              s->sensitivity * 100, "id", "outcome", "assumption",
                              "value", "break-even", "ratio -", "ratio +");
    for (size_t i = 0; i < s->nsens && rc == KITH_OK; i++) {
        const kith__srci_sens *q = &s->sens[i];
        const kith_outcome *o = &s->outs[q->outcome].o;
        if (q->has_break_even)
            avalue(v, q->assumption, q->break_even);
        else
            snprintf(v, sizeof v, "never");
        rc = kith__buf_printf(
            &b, "%-4lld %-22.22s %-13s %9s %12s %10.4f %10.4f\n", (long long)o->id,
            o->outcome, kith__srci_assumption_name(q->assumption),
            avalue(x, q->assumption, q->base), v, q->ratio_low, q->ratio_high);
    }
    for (int i = 0; i < s->nnotes && rc == KITH_OK; i++)
        rc = kith__buf_printf(&b, "%snote: %s\n", i ? "" : "\n", s->notes[i]);
    return kith__imp_buf_done(&b, rc, out, err);
}

/* ================================================================ tornado */

static int by_swing(const void *a, const void *b)
{
    const kith__srci_sens *x = *(const kith__srci_sens *const *)a;
    const kith__srci_sens *y = *(const kith__srci_sens *const *)b;
    double sx = fabs(x->ratio_high - x->ratio_low),
           sy = fabs(y->ratio_high - y->ratio_low);
    if (sx != sy)
        return sx > sy ? -1 : 1;
    return x->outcome != y->outcome ? (x->outcome < y->outcome ? -1 : 1)
                                    : x->assumption - y->assumption;
}

#define TORNADO_ROWS 15

kith_code kith__srci_svg(const kith__srci *s, kith_buf *b)
{
    const kith__srci_sens *rows[TORNADO_ROWS];
    const kith__srci_sens **all = NULL;
    size_t n = 0;
    if (s->nsens) {
        all = malloc(s->nsens * sizeof(const kith__srci_sens *));
        if (!all)
            return KITH_ENOMEM;
        for (size_t i = 0; i < s->nsens; i++)
            all[i] = &s->sens[i];
        qsort(all, s->nsens, sizeof(const kith__srci_sens *), by_swing);
        for (size_t i = 0; i < s->nsens && n < TORNADO_ROWS; i++)
            rows[n++] = all[i];
        free(all);
    }
    const int W = 640, rowh = 18, top = 40, left = 250, right = 60;
    int H = top + (int)(n ? n : 1) * rowh + 40;
    char title[200];
    snprintf(title, sizeof title,
             "SRCI sensitivity: ratio with each assumption -/+%.0f%%",
             s->sensitivity * 100);
    kith_code rc = kith__svg_open(b, "chart-srci-tornado", W, H, title);
    if (rc != KITH_OK)
        return rc;
    if (!n || !s->total.ratio.ok) {
        rc = kith__buf_printf(b,
                              "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
                              "fill=\"#999\">n/a: %s</text>",
                              W / 2, H / 2, s->total.ratio.ok ? "no outcomes" : "");
        if (rc == KITH_OK && !s->total.ratio.ok)
            rc = kith__buf_xml(b, s->total.ratio.why);
        return rc == KITH_OK ? kith__svg_close(b) : rc;
    }
    double lo = fmin(s->total.ratio.v, 1.0), hi = fmax(s->total.ratio.v, 1.0);
    for (size_t i = 0; i < n; i++) {
        lo = fmin(lo, fmin(rows[i]->ratio_low, rows[i]->ratio_high));
        hi = fmax(hi, fmax(rows[i]->ratio_low, rows[i]->ratio_high));
    }
    if (hi - lo <= 0)
        hi = lo + 1;
    double span = hi - lo, w = W - left - right;
#define XOF(v) (left + w * (((v)-lo) / span))
    rc = kith__buf_printf(b,
                          "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                          "stroke=\"#222\"/><text x=\"%.1f\" y=\"%d\" font-size=\"10\" "
                          "text-anchor=\"middle\">ratio %.3f</text>",
                          XOF(s->total.ratio.v), top - 6, XOF(s->total.ratio.v),
                          top + (int)n * rowh, XOF(s->total.ratio.v),
                          top + (int)n * rowh + 14, s->total.ratio.v);
    if (rc == KITH_OK)
        rc = kith__buf_printf(
            b,
            "<line class=\"breakeven\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" "
            "y2=\"%d\" stroke=\"#b00\" stroke-dasharray=\"4 3\"/>"
            "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#b00\" "
            "text-anchor=\"middle\">1.0</text>",
            XOF(1.0), top - 6, XOF(1.0), top + (int)n * rowh, XOF(1.0),
            top + (int)n * rowh + 26);
    for (size_t i = 0; i < n && rc == KITH_OK; i++) {
        const kith__srci_sens *q = rows[i];
        char label[160];
        snprintf(label, sizeof label, "%.40s: %s", s->outs[q->outcome].o.outcome,
                 kith__srci_assumption_name(q->assumption));
        int y = top + (int)i * rowh;
        double a = XOF(q->ratio_low), c = XOF(q->ratio_high), mid = XOF(s->total.ratio.v);
        rc = kith__buf_printf(b,
                              "<text x=\"%d\" y=\"%d\" font-size=\"10\" "
                              "text-anchor=\"end\">",
                              left - 6, y + 12);
        if (rc == KITH_OK)
            rc = kith__buf_xml(b, label);
        if (rc == KITH_OK)
            rc = kith__buf_printf(
                b,
                "</text><rect class=\"low\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
                "height=\"%d\" fill=\"#d8573b\"><title>-%.0f%%: ratio %.4f</title></rect>"
                "<rect class=\"high\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                "fill=\"#3b7dd8\"><title>+%.0f%%: ratio %.4f</title></rect>",
                fmin(a, mid), y + 2, fabs(mid - a), rowh - 4, s->sensitivity * 100,
                q->ratio_low, fmin(c, mid), y + 2, fabs(c - mid), rowh - 4,
                s->sensitivity * 100, q->ratio_high);
    }
#undef XOF
    if (rc == KITH_OK)
        rc = kith__buf_printf(b,
                              "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#d8573b\">"
                              "value lowered</text><text x=\"%d\" y=\"%d\" "
                              "font-size=\"10\" fill=\"#3b7dd8\">value raised</text>",
                              left, H - 6, left + 110, H - 6);
    return rc == KITH_OK ? kith__svg_close(b) : rc;
}

/* ================================================================ entry points */

kith_code kith__srci_write(const kith__srci *s, kith_impact_format fmt, char **out,
                           kith_error *err)
{
    if (fmt == KITH_IMPACT_JSON)
        return write_json(s, out, err);
    if (fmt == KITH_IMPACT_TABLE)
        return write_table(s, out, err);
    kith_buf b;
    kith__buf_init(&b, 0);
    return kith__imp_buf_done(&b, kith__srci_svg(s, &b), out, err);
}

kith_code kith_srci_render(kith_store *st, int64_t org_id, const kith_impact_opts *opts,
                           kith_impact_format fmt, char **out, kith_error *err)
{
    *out = NULL;
    kith_metrics *m = NULL;
    kith__srci *s = NULL;
    kith_code rc = kith__imp_metrics(st, org_id, opts ? opts->as_of : 0, &m, err);
    if (rc == KITH_OK)
        rc = kith__srci_build(m, st, org_id, opts, &s, err);
    if (rc == KITH_OK && !s->total.ratio.ok && s->total.inputs <= 0)
        rc = kith_error_set(err, KITH_EINPUT,
                            "%s: %s; record its cost, in-kind cost or volunteer hours "
                            "with 'kith import initiatives' (and srci.volunteer_rate)",
                            s->total.name, s->total.ratio.why);
    if (rc == KITH_OK)
        rc = kith__srci_write(s, fmt, out, err);
    kith__srci_free(s);
    kith_metrics_close(m);
    return rc;
}

kith_code kith_srci_json(kith_store *st, int64_t org_id, const kith_impact_opts *opts,
                         char **out, kith_error *err)
{
    return kith_srci_render(st, org_id, opts, KITH_IMPACT_JSON, out, err);
}
