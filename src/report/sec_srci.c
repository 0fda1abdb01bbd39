/* The report's SRCI section, when the org has recorded outcomes: the social
 * return of the whole organisation (present value, NPV, ratio, net ratio,
 * payback), each initiative, each outcome and the sensitivity of every
 * assumption, with the tornado chart in the HTML page (src/impact/ does the
 * arithmetic; docs/impact.md). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "impact/impact_int.h"
#include "report/findings_int.h"
#include "report/report_int.h"
#include "store/st_impact.h"

static kith_code any_outcome(void *ud, const kith__outcome_row *r, kith_error *err)
{
    (void)r;
    (void)err;
    *(int *)ud = 1;
    return KITH_OK;
}

static void initiatives(kith_report *rep, rep_section *s, const kith__srci *x)
{
    static const char *const cols[] = {
        "initiative|Initiative|text", "inputs|Inputs|money",
        "pv|Present value|money",     "npv|NPV|money",
        "ratio|SRCI ratio|",          "net_ratio|Net ratio|",
        "payback|Payback (months)|"};
    rep_table *t =
        kith__rep_table(rep, s, "srci_initiatives", "SRCI by initiative", 7, cols);
    for (size_t k = 0; k < x->ninits; k++) {
        const kith__srci_scope *sc = &x->inits[k];
        int r = kith__rep_row(rep, t);
        kith__rep_set_text(rep, t, r, 0, sc->name);
        kith__rep_set_real(t, r, 1, sc->inputs);
        kith__rep_set_real(t, r, 2, sc->pv);
        kith__rep_set_real(t, r, 3, sc->npv);
        kith__rep_set_value(rep, t, r, 4, sc->ratio);
        kith__rep_set_value(rep, t, r, 5, sc->net_ratio);
        kith__rep_set_value(rep, t, r, 6, sc->payback_months);
    }
}

static void outcomes(kith_report *rep, rep_section *s, const kith__srci *x)
{
    static const char *const cols[] = {
        "initiative|Initiative|text", "stakeholder|Stakeholder|text",
        "outcome|Outcome|text",       "quantity|Quantity|",
        "proxy|Proxy|money",          "impact|Year-1 impact|money",
        "years|Years|count",          "pv|Present value|money"};
    rep_table *t =
        kith__rep_table(rep, s, "srci_outcomes", "Outcomes (impact map)", 8, cols);
    for (size_t i = 0; i < x->nouts; i++) {
        const kith__srci_outcome *o = &x->outs[i];
        int r = kith__rep_row(rep, t);
        kith__rep_set_text(rep, t, r, 0, o->o.initiative);
        kith__rep_set_text(rep, t, r, 1, o->o.stakeholder);
        kith__rep_set_text(rep, t, r, 2, o->o.outcome);
        kith__rep_set_real(t, r, 3, o->o.quantity);
        kith__rep_set_real(t, r, 4, o->o.proxy);
        kith__rep_set_real(t, r, 5, o->impact);
        kith__rep_set_int(t, r, 6, o->o.duration);
        kith__rep_set_real(t, r, 7, o->pv);
    }
}

static void sensitivity(kith_report *rep, rep_section *s, const kith__srci *x)
{
    static const char *const cols[] = {"outcome|Outcome|text",
                                       "assumption|Assumption|text",
                                       "value|Value|",
                                       "break_even|Ratio 1.0 at|",
                                       "ratio_low|Ratio, lowered|",
                                       "ratio_high|Ratio, raised|"};
    char title[96];
    snprintf(title, sizeof title, "Sensitivity (each assumption -/+%.0f%%)",
             x->sensitivity * 100);
    rep_table *t = kith__rep_table(rep, s, "srci_sensitivity", title, 6, cols);
    kith__rep_table_note(rep, t,
                         "shares as fractions (0.25 = 25%); duration moves by 1 year; "
                         "'never': the ratio does not reach 1.0 within the range");
    for (size_t i = 0; i < x->nsens; i++) {
        const kith__srci_sens *y = &x->sens[i];
        int r = kith__rep_row(rep, t);
        kith__rep_set_text(rep, t, r, 0, x->outs[y->outcome].o.outcome);
        kith__rep_set_text(rep, t, r, 1, kith__srci_assumption_name(y->assumption));
        kith__rep_set_real(t, r, 2, y->base);
        if (y->has_break_even)
            kith__rep_set_real(t, r, 3, y->break_even);
        else
            kith__rep_set_na(rep, t, r, 3, y->note);
        kith__rep_set_real(t, r, 4, y->ratio_low);
        kith__rep_set_real(t, r, 5, y->ratio_high);
    }
}

void kith__rep_build_srci(kith_report *rep, kith_metrics *m, kith_store *st, int64_t org)
{
    int any = 0;
    kith_error err;
    kith_error_clear(&err);
    if (kith__st_outcomes(st, org, 0, any_outcome, &any, &err) != KITH_OK || !any) {
        if (err.code == KITH_ENOMEM)
            rep->oom = 1;
        return;
    }
    rep_section *s =
        kith__rep_section(rep, "srci", "Social return on community investment");
    kith__srci *x = NULL;
    kith_impact_opts o;
    memset(&o, 0, sizeof o);
    if (kith__srci_build(m, st, org, &o, &x, &err) != KITH_OK) {
        if (err.code == KITH_ENOMEM)
            rep->oom = 1;
        char note[1100];
        snprintf(note, sizeof note, "not computed: %s", err.msg);
        kith__rep_section_note(rep, s, note);
        return;
    }
    const kith__srci_scope *t = &x->total;
    char note[700];
    snprintf(
        note, sizeof note,
        "SROI method (docs/impact.md): discount rate %.2f%%, volunteer hour valued at "
        "%.2f; %s",
        x->rate * 100, x->volunteer_rate,
        x->nnotes ? x->notes[0] : "every initiative with outcomes is in the ratio");
    kith__rep_section_note(rep, s, note);
    kith__rep_metric(rep, s, "srci_inputs", "Inputs (cash, in kind, volunteer time)",
                     RU_MONEY, kith_value_of(t->inputs, (int64_t)t->noutcomes));
    kith__rep_metric(rep, s, "srci_present_value", "Present value of the outcomes",
                     RU_MONEY, kith_value_of(t->pv, (int64_t)t->noutcomes));
    kith__rep_metric(rep, s, "srci_npv", "Net present value", RU_MONEY,
                     kith_value_of(t->npv, (int64_t)t->noutcomes));
    kith__rep_metric(rep, s, "srci_ratio", "SRCI ratio (value per unit of input)",
                     RU_NONE, t->ratio);
    kith__rep_metric(rep, s, "srci_net_ratio", "Net SRCI ratio", RU_NONE, t->net_ratio);
    kith__rep_metric(rep, s, "srci_payback_months", "Payback (months)", RU_NONE,
                     t->payback_months);
    initiatives(rep, s, x);
    outcomes(rep, s, x);
    sensitivity(rep, s, x);
    kith_buf b;
    kith__buf_init(&b, 0);
    if (kith__srci_svg(x, &b) == KITH_OK)
        kith__rep_section_svg(rep, s, kith__buf_str(&b));
    else
        rep->oom = 1;
    kith__buf_free(&b);
    kith__srci_free(x);
}

/* The SRCI rule (docs/findings.md): the organisation's ratio in words,
 * good when it stays at or above 1 with each assumption of the
 * sensitivity table moved by the report's range, watch when one moved
 * assumption takes it below 1 (the one taking it lowest is named), bad
 * when it is below 1. Nothing when the ratio is n/a. */
void kith__find_srci(kith__find_ctx *c)
{
    const rep_metric *ratio = kith__find_metric(c, "srci", "srci_ratio");
    const rep_metric *pv = kith__find_metric(c, "srci", "srci_present_value");
    const rep_metric *in = kith__find_metric(c, "srci", "srci_inputs");
    if (!ratio || !ratio->cur.ok || !pv || !pv->cur.ok || !in || !in->cur.ok)
        return;
    const rep_table *t = kith__find_table(c, "srci", "srci_sensitivity");
    double lowest = INFINITY;
    int worst = -1, raised = 0;
    for (int r = 0; t && r < t->nrows; r++) {
        double lo = INFINITY, hi = INFINITY;
        kith__find_cell_num(t, r, "ratio_low", &lo);
        kith__find_cell_num(t, r, "ratio_high", &hi);
        if (fmin(lo, hi) < lowest) {
            lowest = fmin(lo, hi);
            worst = r;
            raised = hi < lo;
        }
    }
    const char *cur = kith__find_rep(c)->currency;
    double v = ratio->cur.v;
    char a[64], b[64], tail[400];
    snprintf(tail, sizeof tail, "present value %s on %s of inputs",
             kith__find_money(c, pv->cur.v, 0, a), kith__find_money(c, in->cur.v, 0, b));
    rep_finding *f;
    if (v < 1)
        f = kith__find_add(c, "srci_ratio", RF_BAD, "srci", "#/impact",
                           "Each %s put into community work returned %.2f %s of social "
                           "value, less than it cost (%s)",
                           cur, v, cur, tail);
    else if (worst >= 0 && lowest < 1)
        f = kith__find_add(
            c, "srci_ratio", RF_WATCH, "srci", "#/impact",
            "Each %s put into community work returned %.2f %s of social value (%s), but "
            "%s the %s of '%s' by %d%% takes the ratio to %.2f",
            cur, v, cur, tail, raised ? "raising" : "lowering",
            kith__find_cell_text(t, worst, "assumption"),
            kith__find_cell_text(t, worst, "outcome"), KITH_SRCI_DEFAULT_SENSITIVITY,
            lowest);
    else
        f = kith__find_add(
            c, "srci_ratio", RF_GOOD, "srci", "#/impact",
            "Each %s put into community work returned %.2f %s of social "
            "value (%s), still at least 1 with any one assumption moved by %d%%",
            cur, v, cur, tail, KITH_SRCI_DEFAULT_SENSITIVITY);
    kith__find_num(c, f, "ratio", v, RU_NONE);
    kith__find_num(c, f, "present_value", pv->cur.v, RU_MONEY);
    kith__find_num(c, f, "inputs", in->cur.v, RU_MONEY);
    if (worst >= 0)
        kith__find_num(c, f, "lowest_ratio", lowest, RU_NONE);
    kith__find_metric_ref(c, f, "srci_ratio");
    if (t)
        kith__find_table_ref(c, f, "srci_sensitivity");
}
