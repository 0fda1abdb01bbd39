/* Social return on community investment (METRICS.md "SRCI"): the SROI
 * arithmetic of an outcome, the inputs of the initiatives, quantities
 * measured by kith's own metrics (quantity_from), the totals of a scope
 * (the org or one initiative) and the sensitivity of every assumption:
 * where the ratio reaches 1.0, and the ratio with it moved up and down. */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/timeparse.h"
#include "impact/impact_int.h"
#include "store/st_impact.h"
#include "store/store_int.h"

/* ================================================================ arithmetic */

double kith_srci_impact(const kith_outcome *o)
{
    return o->quantity * o->proxy * (1 - o->deadweight) * (1 - o->displacement) *
           (1 - o->attribution);
}

double kith_srci_year_value(const kith_outcome *o, int year)
{
    if (year < 1 || year > o->duration)
        return 0;
    return kith_srci_impact(o) * pow(1 - o->drop_off, year - 1);
}

double kith_srci_present_value(const kith_outcome *o, double rate)
{
    double pv = 0;
    for (int k = 1; k <= o->duration && k <= KITH_SRCI_MAX_YEARS; k++)
        pv += kith_srci_year_value(o, k) / pow(1 + rate, k);
    return pv;
}

const char *kith__srci_assumption_name(int a)
{
    static const char *const names[KITH_SA__N] = {
        "quantity",    "proxy",    "deadweight", "displacement",
        "attribution", "drop_off", "duration"};
    return a >= 0 && a < KITH_SA__N ? names[a] : "";
}

static double get_a(const kith_outcome *o, int a)
{
    switch (a) {
    case KITH_SA_QUANTITY:
        return o->quantity;
    case KITH_SA_PROXY:
        return o->proxy;
    case KITH_SA_DEADWEIGHT:
        return o->deadweight;
    case KITH_SA_DISPLACEMENT:
        return o->displacement;
    case KITH_SA_ATTRIBUTION:
        return o->attribution;
    case KITH_SA_DROP_OFF:
        return o->drop_off;
    default:
        return o->duration;
    }
}

static void set_a(kith_outcome *o, int a, double v)
{
    switch (a) {
    case KITH_SA_QUANTITY:
        o->quantity = v;
        break;
    case KITH_SA_PROXY:
        o->proxy = v;
        break;
    case KITH_SA_DEADWEIGHT:
        o->deadweight = v;
        break;
    case KITH_SA_DISPLACEMENT:
        o->displacement = v;
        break;
    case KITH_SA_ATTRIBUTION:
        o->attribution = v;
        break;
    case KITH_SA_DROP_OFF:
        o->drop_off = v;
        break;
    default:
        o->duration = (int)v;
    }
}

static double pv_with(const kith_outcome *o, int a, double v, double rate)
{
    kith_outcome c = *o;
    set_a(&c, a, v);
    return kith_srci_present_value(&c, rate);
}

/* ================================================================ totals */

static int in_scope(const kith__srci_outcome *x, const kith__srci_scope *sc)
{
    return sc->initiative_id == 0 || x->initiative_id == sc->initiative_id;
}

void kith__srci_totals(const kith__srci *s, kith__srci_scope *sc)
{
    sc->years = 0;
    sc->pv = 0;
    sc->noutcomes = 0;
    memset(sc->values, 0, sizeof sc->values);
    for (size_t i = 0; i < s->nouts; i++) {
        const kith__srci_outcome *x = &s->outs[i];
        if (!in_scope(x, sc))
            continue;
        sc->noutcomes++;
        sc->pv += x->pv;
        for (int k = 1; k <= x->o.duration && k <= KITH_SRCI_MAX_YEARS; k++)
            sc->values[k - 1] += kith_srci_year_value(&x->o, k);
        if (x->o.duration > sc->years)
            sc->years = x->o.duration;
    }
    sc->volunteer_value = sc->volunteer_hours * s->volunteer_rate;
    sc->inputs = sc->cash + sc->in_kind + sc->volunteer_value;
    sc->npv = sc->pv - sc->inputs;
    int64_t n = (int64_t)sc->noutcomes;
    if (sc->inputs <= 0) {
        sc->ratio = sc->net_ratio = sc->payback_months =
            kith_value_na("the inputs of %s are 0 (no cost, in-kind cost or valued "
                          "volunteer time): the ratio is undefined",
                          sc->name);
        return;
    }
    sc->ratio = kith_value_of(sc->pv / sc->inputs, n);
    sc->net_ratio = kith_value_of(sc->npv / sc->inputs, n);
    if (sc->values[0] > 0)
        sc->payback_months = kith_value_of(sc->inputs / (sc->values[0] / 12.0), n);
    else
        sc->payback_months = kith_value_na("no value in year 1: no payback");
}

/* ================================================================ sensitivity */

typedef struct root_ctx {
    const kith_outcome *o;
    double rate, need;
} root_ctx;

static double drop_off_gap(double d, void *p)
{
    const root_ctx *c = p;
    return pv_with(c->o, KITH_SA_DROP_OFF, d, c->rate) - c->need;
}

/* The drop-off in [0, 1] at which the outcome's PV is need (GSL Brent);
 * the PV falls as drop-off rises. -1 when the solver fails. */
static int solve_drop_off(const kith_outcome *o, double rate, double need, double *out)
{
    root_ctx c = {o, rate, need};
    gsl_function f = {drop_off_gap, &c};
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s)
        return -1;
    int status = gsl_root_fsolver_set(s, &f, 0.0, 1.0);
    for (int it = 0; status == GSL_SUCCESS && it < 200; it++) {
        status = gsl_root_fsolver_iterate(s);
        if (status != GSL_SUCCESS)
            break;
        double lo = gsl_root_fsolver_x_lower(s), hi = gsl_root_fsolver_x_upper(s);
        status = gsl_root_test_interval(lo, hi, 0, 1e-12);
        if (status == GSL_SUCCESS)
            break;
        if (status != GSL_CONTINUE)
            break;
        status = GSL_SUCCESS;
    }
    *out = gsl_root_fsolver_root(s);
    gsl_root_fsolver_free(s);
    return status == GSL_SUCCESS ? 0 : -1;
}

/* Break-even of assumption a of outcome o, whose PV must become need for
 * the ratio to be 1.0. */
static void break_even(const kith_outcome *o, int a, double rate, double need,
                       double ratio, kith__srci_sens *x)
{
    x->has_break_even = 0;
    if (a == KITH_SA_QUANTITY || a == KITH_SA_PROXY) {
        double unit = pv_with(o, a, 1.0, rate);
        if (a == KITH_SA_QUANTITY && o->proxy == 0)
            unit = 0;
        if (unit <= 0)
            snprintf(x->note, sizeof x->note,
                     "never: the outcome is worth nothing at any %s",
                     kith__srci_assumption_name(a));
        else if (need / unit < 0)
            snprintf(x->note, sizeof x->note,
                     "never: the other outcomes alone give a ratio above 1");
        else {
            x->has_break_even = 1;
            x->break_even = need / unit;
        }
        return;
    }
    if (a == KITH_SA_DROP_OFF) {
        double at0 = pv_with(o, a, 0, rate), at1 = pv_with(o, a, 1, rate);
        if (o->duration <= 1)
            snprintf(x->note, sizeof x->note,
                     "never: over 1 year drop-off changes nothing");
        else if (at1 > need)
            snprintf(x->note, sizeof x->note,
                     "never: even at 100%% drop-off the ratio stays above 1");
        else if (at0 < need)
            snprintf(x->note, sizeof x->note,
                     "never: even with no drop-off the ratio stays below 1");
        else if (solve_drop_off(o, rate, need, &x->break_even) == 0)
            x->has_break_even = 1;
        else
            snprintf(x->note, sizeof x->note, "not found: the root finder failed");
        return;
    }
    if (a == KITH_SA_DURATION) {
        /* Whole years: the shortest duration with a ratio of at least 1. */
        int cur = o->duration, found = 0;
        if (ratio >= 1) {
            for (int d = 1; d <= cur && !found; d++)
                if (pv_with(o, a, d, rate) >= need)
                    found = d;
            if (found == 1)
                snprintf(x->note, sizeof x->note,
                         "never: even a 1-year duration keeps the ratio at 1 or above");
        } else {
            for (int d = cur + 1; d <= KITH_SRCI_MAX_YEARS && !found; d++)
                if (pv_with(o, a, d, rate) >= need)
                    found = d;
            if (!found)
                snprintf(x->note, sizeof x->note,
                         "never: even at %d years the ratio stays below 1",
                         KITH_SRCI_MAX_YEARS);
        }
        if (found && !(ratio >= 1 && found == 1)) {
            x->has_break_even = 1;
            x->break_even = found;
            snprintf(x->note, sizeof x->note,
                     "the shortest whole duration with a ratio of 1 or more");
        }
        return;
    }
    /* deadweight, displacement, attribution: PV = PV(0) x (1 - share). */
    double full = pv_with(o, a, 0, rate);
    double be = full > 0 ? 1 - need / full : NAN;
    if (!(full > 0))
        snprintf(x->note, sizeof x->note, "never: the outcome is worth nothing at any %s",
                 kith__srci_assumption_name(a));
    else if (be < 0)
        snprintf(x->note, sizeof x->note, "never: even at 0%% the ratio stays below 1");
    else if (be > 1)
        snprintf(x->note, sizeof x->note, "never: even at 100%% the ratio stays above 1");
    else {
        x->has_break_even = 1;
        x->break_even = be;
    }
}

static void moved(const kith_outcome *o, int a, double f, double *lo, double *hi)
{
    double v = get_a(o, a);
    if (a == KITH_SA_DURATION) {
        *lo = v > 1 ? v - 1 : 1;
        *hi = v < KITH_SRCI_MAX_YEARS ? v + 1 : KITH_SRCI_MAX_YEARS;
        return;
    }
    *lo = v * (1 - f);
    *hi = v * (1 + f);
    if (*lo < 0)
        *lo = 0;
    if (a != KITH_SA_QUANTITY && a != KITH_SA_PROXY && *hi > 1)
        *hi = 1;
}

kith_code kith__srci_sensitivity(kith__srci *s, kith_error *err)
{
    const kith__srci_scope *sc = &s->total;
    free(s->sens);
    s->sens = NULL;
    s->nsens = 0;
    if (!sc->ratio.ok || !sc->noutcomes)
        return KITH_OK;
    s->sens = calloc(sc->noutcomes * KITH_SA__N, sizeof *s->sens);
    if (!s->sens)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    for (size_t i = 0; i < s->nouts; i++) {
        const kith__srci_outcome *x = &s->outs[i];
        if (!in_scope(x, sc))
            continue;
        double others = sc->pv - x->pv;
        double need = sc->inputs - others;
        for (int a = 0; a < KITH_SA__N; a++) {
            kith__srci_sens *y = &s->sens[s->nsens++];
            y->outcome = i;
            y->assumption = a;
            y->base = get_a(&x->o, a);
            break_even(&x->o, a, s->rate, need, sc->ratio.v, y);
            moved(&x->o, a, s->sensitivity, &y->low, &y->high);
            y->ratio_low = (others + pv_with(&x->o, a, y->low, s->rate)) / sc->inputs;
            y->ratio_high = (others + pv_with(&x->o, a, y->high, s->rate)) / sc->inputs;
        }
    }
    return KITH_OK;
}

/* ================================================================ from the data */

static const kith_quantity_metric quantity_metrics[] = {
    {"community_acquired", "community-acquired customers whose first purchase is in "
                           "the initiative's period"},
    {"event_acquired", "customers acquired through events (first community activity an "
                       "event or workshop), first purchase in the period"},
    {"active_members", "members with a community activity in the period"},
    {"event_attendees", "members who attended an event or workshop in the period"},
    {"volunteer_hours", "hours of volunteer activities in the period"},
    {"donations", "amount of donations in the period (org currency)"},
    {"initiative_participants",
     "members with a community activity linked to the initiative in the period"},
    {"initiative_acquired",
     "community-acquired customers attributed to the initiative (all time)"},
    {NULL, NULL},
};

const kith_quantity_metric *kith_srci_quantity_metrics(void)
{
    return quantity_metrics;
}

/* The initiative's period in the org's zone tz: [the 00:00 of its
 * starts_at day, the 00:00 after its ends_at day) or to as_of, at most
 * as_of. Local days, as every period of the metrics (METRICS.md "Time"):
 * a day is not always 86,400 s (a change of clocks). */
static int init_period(const kith_initiative_result *in, int64_t as_of, const char *tz,
                       kith_window *w)
{
    if (!in->has_starts_at)
        return -1;
    int y;
    unsigned mo, d;
    kith__time_local_civil(in->starts_at, tz, &y, &mo, &d);
    w->from = kith__time_local_midnight(y, mo, d, tz);
    w->to = in->has_ends_at ? kith__time_local_midnight_after(in->ends_at, tz) : as_of;
    if (w->to > as_of)
        w->to = as_of;
    return w->from < w->to ? 0 : -2;
}

static kith_value measure(const kith_metrics *m, const char *id, kith_window w,
                          const kith_initiative_result *in)
{
    if (!strcmp(id, "community_acquired"))
        return kith_metric_community_acquired(m, w, -1);
    if (!strcmp(id, "event_acquired"))
        return kith_metric_event_acquired(m, w, -1);
    if (!strcmp(id, "active_members"))
        return kith_metric_active_members(m, w, -1);
    if (!strcmp(id, "event_attendees"))
        return kith_metric_event_attendees(m, w);
    if (!strcmp(id, "volunteer_hours"))
        return kith_metric_volunteer_hours(m, w);
    if (!strcmp(id, "donations"))
        return kith_metric_donations(m, w);
    if (!strcmp(id, "initiative_participants"))
        return kith_metric_initiative_participants(m, w, in->id);
    if (!strcmp(id, "initiative_acquired"))
        return kith_value_of((double)in->acquired, in->acquired);
    return kith_value_na("unknown metric '%s'", id);
}

static kith_code resolve_quantity(const kith_metrics *m, const kith_initiative_result *in,
                                  const char *tz, kith__srci_outcome *x, kith_error *err)
{
    const char *id = x->o.quantity_from + strlen("metric:");
    kith_window w = {0, kith_metrics_as_of(m)};
    int per = !strcmp(id, "initiative_acquired") ? 0 : init_period(in, w.to, tz, &w);
    if (per == -1)
        return kith_error_set(err, KITH_ESTATE,
                              "outcome '%s' of '%s': quantity_from %s needs the "
                              "initiative's period, and it has no starts_at; set it with "
                              "'kith import initiatives'",
                              x->o.outcome, in->name, x->o.quantity_from);
    if (per == -2)
        return kith_error_set(err, KITH_ESTATE,
                              "outcome '%s' of '%s': the initiative starts after the "
                              "end of the data, so %s has nothing to measure",
                              x->o.outcome, in->name, x->o.quantity_from);
    kith_value v = measure(m, id, w, in);
    if (!v.ok)
        return kith_error_set(err, KITH_ESTATE, "outcome '%s' of '%s': %s is n/a: %s",
                              x->o.outcome, in->name, x->o.quantity_from, v.why);
    x->o.quantity = v.v;
    char a[32], b[32];
    if (per == 0 && strcmp(id, "initiative_acquired"))
        snprintf(x->quantity_note, sizeof x->quantity_note, "%s from %s to %s: %.6g", id,
                 kith__time_local_date(w.from, tz, a),
                 kith__time_local_date(w.to - 1, tz, b), v.v);
    else
        snprintf(x->quantity_note, sizeof x->quantity_note, "%s up to %s: %.6g", id,
                 kith__time_local_date(w.to - 1, tz, b), v.v);
    /* A measured amount of money (donations) says what it converted or
     * left out (docs/metrics.md, Money). */
    size_t len = strlen(x->quantity_note);
    if (v.note[0] && len < sizeof x->quantity_note)
        snprintf(x->quantity_note + len, sizeof x->quantity_note - len, " (%s)", v.note);
    return KITH_OK;
}

typedef struct load_ctx {
    kith__srci *s;
    size_t cap;
} load_ctx;

static void copy_text(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static kith_code on_outcome(void *ud, const kith__outcome_row *r, kith_error *err)
{
    load_ctx *c = ud;
    kith__srci *s = c->s;
    if (kith__imp_grow((void **)&s->outs, &c->cap, s->nouts, sizeof *s->outs))
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    kith__srci_outcome *x = &s->outs[s->nouts++];
    memset(x, 0, sizeof *x);
    x->initiative_id = r->initiative_id;
    x->o.id = r->id;
    copy_text(x->o.initiative, sizeof x->o.initiative, r->initiative);
    copy_text(x->o.stakeholder, sizeof x->o.stakeholder, r->stakeholder);
    copy_text(x->o.outcome, sizeof x->o.outcome, r->outcome);
    copy_text(x->o.indicator, sizeof x->o.indicator, r->indicator);
    copy_text(x->o.quantity_from, sizeof x->o.quantity_from,
              r->has_quantity ? NULL : r->quantity_from);
    copy_text(x->o.proxy_source, sizeof x->o.proxy_source, r->proxy_source);
    x->o.quantity = r->has_quantity ? r->quantity : 0;
    x->o.proxy = r->proxy;
    x->o.deadweight = r->deadweight;
    x->o.displacement = r->displacement;
    x->o.attribution = r->attribution;
    x->o.drop_off = r->drop_off;
    x->o.duration = (int)r->duration;
    return KITH_OK;
}

static void add_note(kith__srci *s, const char *fmt, ...) KITH_PRINTF(2, 3);
static void add_note(kith__srci *s, const char *fmt, ...)
{
    if (s->nnotes >= (int)(sizeof s->notes / sizeof s->notes[0]))
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->notes[s->nnotes++], sizeof s->notes[0], fmt, ap);
    va_end(ap);
}

/* The volunteer hours of an initiative: as recorded on it, or else the
 * hours of the volunteer activities linked to it (never both: a recorded
 * figure is taken to include them). */
static double volunteer_hours(const kith_metrics *m, const kith_initiative_result *in,
                              int *measured)
{
    *measured = 0;
    if (in->volunteer_hours > 0)
        return in->volunteer_hours;
    kith_value v = kith_metric_initiative_volunteer_hours(m, in->id);
    *measured = v.ok && v.v > 0;
    return v.ok ? v.v : 0;
}

static void scope_inputs(kith__srci_scope *sc, const kith_initiative_result *in,
                         double hours)
{
    sc->cash += in->cost;
    sc->in_kind += in->in_kind_cost;
    sc->volunteer_hours += hours;
}

kith_code kith__srci_build(kith_metrics *m, kith_store *st, int64_t org,
                           const kith_impact_opts *opts, kith__srci **out,
                           kith_error *err)
{
    *out = NULL;
    kith_initiative_result *inits = NULL;
    size_t ni = 0;
    kith__srci *s = calloc(1, sizeof *s);
    if (!s)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    s->rate = kith_metrics_param(m, "srci.discount_rate");
    s->volunteer_rate = kith_metrics_param(m, "srci.volunteer_rate");
    s->sensitivity = (opts && opts->sensitivity > 0 ? opts->sensitivity
                                                    : KITH_SRCI_DEFAULT_SENSITIVITY) /
                     100.0;
    kith_org o;
    kith_code rc = kith__st_org_by_id(st, org, &o, err);
    if (rc != KITH_OK)
        goto done;
    snprintf(s->currency, sizeof s->currency, "%s", o.currency);
    rc = kith_metric_initiatives(m, kith__imp_period(m), &inits, &ni, err);
    if (rc != KITH_OK)
        goto done;
    int64_t only = 0;
    const char *name = opts ? opts->initiative : NULL;
    if (name) {
        for (size_t k = 0; k < ni && !only; k++)
            if (!strcasecmp(inits[k].name, name))
                only = inits[k].id;
        if (!only) {
            rc = kith_error_set(
                err, KITH_EINPUT,
                "--initiative '%s': no such initiative ('kith initiatives' "
                "lists them)",
                name);
            goto done;
        }
    }
    load_ctx c = {s, 0};
    rc = kith__st_outcomes(st, org, only, on_outcome, &c, err);
    if (rc != KITH_OK)
        goto done;
    if (!s->nouts) {
        rc = kith_error_set(
            err, KITH_ENODATA,
            "no outcomes recorded%s%s; add them with 'kith import outcomes "
            "FILE' or 'kith outcomes add' (docs/impact.md)",
            name ? " for " : "", name ? name : "");
        goto done;
    }
    /* Quantities, impacts and present values. */
    for (size_t i = 0; i < s->nouts && rc == KITH_OK; i++) {
        kith__srci_outcome *x = &s->outs[i];
        const kith_initiative_result *in = NULL;
        for (size_t k = 0; k < ni; k++)
            if (inits[k].id == x->initiative_id)
                in = &inits[k];
        if (!in) {
            rc =
                kith_error_set(err, KITH_EINTERNAL, "outcome %lld: initiative not loaded",
                               (long long)x->o.id);
            break;
        }
        if (x->o.quantity_from[0])
            rc = resolve_quantity(m, in, o.timezone, x, err);
        x->impact = kith_srci_impact(&x->o);
        x->pv = kith_srci_present_value(&x->o, s->rate);
    }
    if (rc != KITH_OK)
        goto done;
    /* Scopes: the one asked for, and each initiative of the org's. */
    s->inits = calloc(ni ? ni : 1, sizeof *s->inits);
    if (!s->inits) {
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
        goto done;
    }
    snprintf(s->total.name, sizeof s->total.name, "%s", name ? name : "the organisation");
    s->total.initiative_id = only;
    for (size_t k = 0; k < ni; k++) {
        int used = 0;
        for (size_t i = 0; i < s->nouts && !used; i++)
            used = s->outs[i].initiative_id == inits[k].id;
        if (only && inits[k].id == only)
            snprintf(s->total.name, sizeof s->total.name, "%s", inits[k].name);
        if (!used) {
            if (!only &&
                inits[k].cost + inits[k].in_kind_cost + inits[k].volunteer_hours > 0)
                add_note(s,
                         "'%s' has no outcomes recorded: its inputs (%.2f cash, %.2f "
                         "in kind, %.6g volunteer hours) are not in the ratio",
                         inits[k].name, inits[k].cost, inits[k].in_kind_cost,
                         inits[k].volunteer_hours);
            continue;
        }
        kith__srci_scope *sc = &s->inits[s->ninits++];
        snprintf(sc->name, sizeof sc->name, "%s", inits[k].name);
        sc->initiative_id = inits[k].id;
        int measured = 0;
        double hours = volunteer_hours(m, &inits[k], &measured);
        if (measured)
            add_note(s,
                     "'%s': %.6g volunteer hours from its linked volunteer activities "
                     "(none recorded on the initiative)",
                     inits[k].name, hours);
        scope_inputs(sc, &inits[k], hours);
        scope_inputs(&s->total, &inits[k], hours);
        kith__srci_totals(s, sc);
    }
    kith__srci_totals(s, &s->total);
    if (s->total.volunteer_hours > 0 && s->volunteer_rate <= 0)
        add_note(s,
                 "%.6g volunteer hours are not valued: set srci.volunteer_rate (an "
                 "hour's value in the org currency) with 'kith config set'",
                 s->total.volunteer_hours);
    rc = kith__srci_sensitivity(s, err);
done:
    free(inits);
    if (rc != KITH_OK)
        kith__srci_free(s);
    else
        *out = s;
    return rc;
}

void kith__srci_free(kith__srci *s)
{
    if (!s)
        return;
    free(s->outs);
    free(s->inits);
    free(s->sens);
    free(s);
}
