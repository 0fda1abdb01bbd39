/* kith simulate: community growth as Bass diffusion with churn, fitted to
 * the org's monthly new members (or a model given as p, q, m), projected
 * per month with the measured shares and rates (active members, purchases
 * per active member, spend per purchase), under scenarios: a downturn, a
 * new initiative at a cost, a lost champion, or combinations. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fmt.h"
#include "core/timeparse.h"
#include "impact/impact_int.h"
#include "json/jv.h"
#include "store/store_int.h"

#define RATE_MONTHS 12 /* the rates are measured over the last 12 whole months */

/* ================================================================ scenarios */

static kith_code scenarios(const kith_simulate_opts *o, kith__sim *s, kith_error *err)
{
    kith__scenario list[KITH_SCN_MAX];
    int n = 0;
    char why[256];
    if (o->scenario_file && (o->downturn || o->initiative || o->lost_champion))
        return kith_error_set(err, KITH_EUSAGE,
                              "give scenarios in a file or as flags, not both");
    if (o->scenario_file) {
        FILE *f = fopen(o->scenario_file, "rb");
        if (!f)
            return kith_error_set(err, KITH_EIO, "%s: cannot read the scenario file",
                                  o->scenario_file);
        char text[65536];
        size_t len = fread(text, 1, sizeof text, f);
        int more = fgetc(f) != EOF;
        fclose(f);
        if (more)
            return kith_error_set_at(err, KITH_EINPUT, o->scenario_file, 0,
                                     "a scenario file is at most 64 KiB");
        long line = 0;
        if (kith__scn_parse_file(text, len, list, KITH_SCN_MAX - 1, &n, &line, why,
                                 sizeof why))
            return kith_error_set_at(err, KITH_EINPUT, o->scenario_file, line, "%s", why);
    } else {
        const char *flags[3] = {o->downturn, o->initiative, o->lost_champion};
        static const char *const kinds[3] = {"downturn", "initiative", "lost_champion"};
        static const char *const names[3] = {"--downturn", "--initiative",
                                             "--lost-champion"};
        kith__scenario all;
        memset(&all, 0, sizeof all);
        snprintf(all.name, sizeof all.name, "combined");
        for (int i = 0; i < 3; i++) {
            if (!flags[i])
                continue;
            kith__scenario *sc = &list[n++];
            memset(sc, 0, sizeof *sc);
            snprintf(sc->name, sizeof sc->name, "%s", kinds[i]);
            if (kith__scn_parse_event(kinds[i], flags[i], &sc->ev[0], why, sizeof why))
                return kith_error_set(err, KITH_EINPUT, "%s '%s': %s", names[i], flags[i],
                                      why);
            sc->nev = 1;
            all.ev[all.nev++] = sc->ev[0];
        }
        if (all.nev > 1)
            list[n++] = all;
    }
    s->runs = calloc((size_t)n + 1, sizeof *s->runs);
    if (!s->runs)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    snprintf(s->runs[0].scn.name, sizeof s->runs[0].scn.name, "baseline");
    for (int i = 0; i < n; i++)
        s->runs[i + 1].scn = list[i];
    s->nruns = n + 1;
    return KITH_OK;
}

/* ================================================================ the data */

/* Measured rates and the state at the end of the history. */
static kith_code measure(const kith_metrics *m, const char *tz, kith__sim *s,
                         double *churn, kith_error *err)
{
    kith_growth_month *g = NULL;
    size_t n = 0;
    kith_code rc = kith_metric_growth_series(m, tz, &g, &n, err);
    if (rc != KITH_OK)
        return rc;
    s->hist = malloc(n * sizeof *s->hist);
    if (!s->hist) {
        free(g);
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    }
    s->nhist = (int)n;
    s->hist_from = g[0].from;
    s->start = g[n - 1].to;
    double A0 = 0;
    for (size_t k = 0; k < n; k++) {
        s->hist[k] = (double)g[k].joined;
        A0 += (double)g[k].joined;
    }
    s->A0 = A0;
    s->M0 = (double)g[n - 1].members;
    double members = 0, active = 0, purchases = 0, priced = 0, revenue = 0, lapsed = 0,
           risk = 0;
    int64_t left_out = 0;
    size_t first = n > RATE_MONTHS ? n - RATE_MONTHS : 0;
    for (size_t k = first; k < n; k++) {
        members += (double)g[k].members;
        active += (double)g[k].active;
        purchases += (double)g[k].purchases;
        priced += (double)g[k].priced;
        left_out += g[k].left_out;
        revenue += g[k].revenue;
    }
    int seen = 0;
    for (size_t k = n; k-- > 0 && seen < RATE_MONTHS;)
        if (g[k].lapse_observed) {
            lapsed += (double)g[k].lapsed;
            risk += (double)g[k].at_risk;
            seen++;
        }
    free(g);
    *churn = risk > 0 ? lapsed / risk : 0;
    char a[32], b[32];
    if (members > 0 && active > 0 && purchases > 0 && priced > 0) {
        s->has_rates = 1;
        s->active_share = active / members;
        s->purchase_rate = purchases / active;
        /* Money (docs/metrics.md): the spend a purchase is the mean of the
         * amounts known in the org currency; a purchase in another currency
         * with no rate in force counts as a purchase, not as 0. */
        s->spend = revenue / priced;
        int w =
            snprintf(s->rates_note, sizeof s->rates_note,
                     "measured over the %zu whole months to %s: %.1f%% of members "
                     "active a month, %.3f purchases per active member a month, %.2f "
                     "a purchase; churn %.2f%% a month (%s)",
                     n - first, kith__time_local_date(s->start - 1, s->tz, a),
                     s->active_share * 100, s->purchase_rate, s->spend, *churn * 100,
                     seen ? "members whose last community activity is churn_window old"
                          : "no month old enough to see lapses: 0");
        if (left_out > 0 && w > 0 && (size_t)w < sizeof s->rates_note)
            snprintf(
                s->rates_note + w, sizeof s->rates_note - (size_t)w,
                "; the spend leaves out %lld purchase(s) in other currencies with no "
                "rate in force (kith import rates)",
                (long long)left_out);
    } else if (purchases > 0 && priced == 0) {
        snprintf(s->rates_note, sizeof s->rates_note,
                 "no purchase amount in the org currency or with a rate in force in the "
                 "whole months to %s: revenue is not projected (kith import rates)",
                 kith__time_local_date(s->start - 1, s->tz, b));
    } else {
        snprintf(s->rates_note, sizeof s->rates_note,
                 "no purchases by active members in the whole months to %s: revenue is "
                 "not projected",
                 kith__time_local_date(s->start - 1, s->tz, b));
    }
    return KITH_OK;
}

/* ================================================================ runs */

static int active_in(const kith__scn_event *ev, int k)
{
    return k >= ev->from && (ev->months == 0 || k < ev->from + ev->months);
}

static kith_code run(kith__sim *s, kith__sim_run *r, kith_error *err)
{
    int h = s->horizon;
    kith_bass *bm = calloc((size_t)h, sizeof *bm);
    double *factor = malloc((size_t)h * sizeof *factor);
    double *A = malloc((size_t)(h + 1) * sizeof *A),
           *M = malloc((size_t)(h + 1) * sizeof *M);
    r->months = calloc((size_t)h, sizeof *r->months);
    kith_code rc = KITH_OK;
    if (!bm || !factor || !A || !M || !r->months) {
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
        goto done;
    }
    r->cost = 0;
    for (int e = 0; e < r->scn.nev; e++)
        if (r->scn.ev[e].kind == KITH_EV_INITIATIVE)
            r->cost += r->scn.ev[e].cost;
    for (int k = 1; k <= h; k++) {
        kith_bass b = s->b;
        double f = 1;
        for (int e = 0; e < r->scn.nev; e++) {
            const kith__scn_event *ev = &r->scn.ev[e];
            if (!active_in(ev, k))
                continue;
            if (ev->kind == KITH_EV_DOWNTURN) {
                b.p *= 1 - ev->depth;
                b.churn = fmin(0.99, b.churn * (1 + ev->depth));
                f *= 1 - ev->depth;
            } else if (ev->kind == KITH_EV_INITIATIVE) {
                b.p *= 1 + ev->p_up;
                b.q *= 1 + ev->q_up;
            } else {
                b.q *= 1 - ev->q_down;
            }
        }
        /* A lost champion at 100% leaves q at 0; the model needs q > 0. */
        if (b.q < 1e-12)
            b.q = 1e-12;
        bm[k - 1] = b;
        factor[k - 1] = f;
    }
    rc = kith__bass_run(bm, s->A0, s->M0, h, A, M, err);
    if (rc != KITH_OK)
        goto done;
    r->revenue = 0;
    for (int k = 1; k <= h; k++) {
        kith__sim_month *x = &r->months[k - 1];
        x->adopters = A[k] - A[k - 1];
        x->cumulative = A[k];
        x->members = M[k];
        if (s->has_rates) {
            x->active = M[k] * s->active_share;
            x->purchases = x->active * s->purchase_rate * factor[k - 1];
            x->revenue = x->purchases * s->spend;
            r->revenue += x->revenue;
        } else {
            x->active = x->purchases = x->revenue = NAN;
        }
    }
done:
    free(bm);
    free(factor);
    free(A);
    free(M);
    return rc;
}

kith_code kith__sim_build(const kith_metrics *m, const char *tz, const char *currency,
                          const kith_simulate_opts *o, kith__sim *s, kith_error *err)
{
    memset(s, 0, sizeof *s);
    snprintf(s->currency, sizeof s->currency, "%s", currency ? currency : "");
    snprintf(s->tz, sizeof s->tz, "%s", tz ? tz : "UTC");
    s->horizon = o->months ? o->months : 12;
    s->margin = m ? kith_metrics_param(m, "margin") : 1.0;
    if (s->horizon < 1 || s->horizon > KITH_SIM_MAX_MONTHS)
        return kith_error_set(err, KITH_EINPUT, "--months: 1 to %d, not %d",
                              KITH_SIM_MAX_MONTHS, o->months);
    if (o->given && (!(o->p > 0) || !(o->q > 0)))
        return kith_error_set(err, KITH_EINPUT,
                              "--p and --q must be above 0 (innovation and imitation "
                              "per month), not %g and %g",
                              o->p, o->q);
    if ((o->given || o->market != 0) && !(o->market > 0))
        return kith_error_set(err, KITH_EINPUT, "--market must be above 0, not %g",
                              o->market);
    if (o->has_churn && (!(o->churn >= 0) || o->churn >= 1))
        return kith_error_set(err, KITH_EINPUT,
                              "--churn is a monthly share in [0, 1), not %g", o->churn);
    if (o->has_rates && (!(o->purchase_rate >= 0) || !(o->spend >= 0)))
        return kith_error_set(err, KITH_EINPUT,
                              "--purchase-rate and --spend cannot be negative");
    kith_code rc = scenarios(o, s, err);
    double churn = 0;
    if (rc == KITH_OK && m) {
        rc = measure(m, tz, s, &churn, err);
        /* A given model runs even where the data is too short to measure. */
        if (rc == KITH_ENODATA && o->given) {
            kith_error_clear(err);
            rc = KITH_OK;
            s->nhist = 0;
        }
    }
    if (rc != KITH_OK)
        return rc;
    if (o->has_churn)
        churn = o->churn;
    if (o->given) {
        s->b.p = o->p;
        s->b.q = o->q;
        s->b.m = o->market;
        s->b.churn = churn;
        if (o->from_zero || !s->nhist) {
            s->A0 = s->M0 = 0;
            s->start = 0;
        }
    } else {
        if (!m)
            return kith_error_set(err, KITH_EUSAGE,
                                  "without data give the model: --p, --q and --market");
        rc = kith_bass_fit_series(s->hist, (size_t)s->nhist, churn,
                                  o->market > 0 ? o->market : 0, &s->fit, err);
        if (rc != KITH_OK)
            return rc;
        s->fitted = 1;
        s->b = s->fit.b;
    }
    if (o->has_rates) {
        s->has_rates = 1;
        s->purchase_rate = o->purchase_rate;
        s->spend = o->spend;
        if (!(s->active_share > 0))
            s->active_share = 1;
        snprintf(
            s->rates_note, sizeof s->rates_note,
            "given: %.3f purchases per active member a month, %.2f a purchase; %.1f%% "
            "of members active",
            s->purchase_rate, s->spend, s->active_share * 100);
    } else if (!m) {
        snprintf(s->rates_note, sizeof s->rates_note,
                 "no data and no --purchase-rate/--spend: revenue is not projected");
    }
    for (int i = 0; i < s->nruns && rc == KITH_OK; i++)
        rc = run(s, &s->runs[i], err);
    for (int i = 0; i < s->nruns && rc == KITH_OK; i++) {
        kith__sim_run *r = &s->runs[i];
        r->revenue_diff = r->revenue - s->runs[0].revenue;
        if (!s->has_rates) {
            r->roi = kith_value_na("no revenue projected (no purchase rate)");
            continue;
        }
        if (r->cost <= 0) {
            r->roi = kith_value_na("no cost given");
            continue;
        }
        /* The ROI of the spending: against the same scenario without its
         * initiatives (the baseline when it has nothing else), so that a
         * downturn in the same scenario is not charged to the initiative. */
        kith__sim_run without;
        memset(&without, 0, sizeof without);
        for (int e = 0; e < r->scn.nev; e++)
            if (r->scn.ev[e].kind != KITH_EV_INITIATIVE)
                without.scn.ev[without.scn.nev++] = r->scn.ev[e];
        double base = s->runs[0].revenue;
        if (without.scn.nev) {
            rc = run(s, &without, err);
            base = without.revenue;
            free(without.months);
        }
        r->roi_base = base;
        r->roi = kith_value_of(((r->revenue - base) * s->margin - r->cost) / r->cost,
                               s->horizon);
    }
    return rc;
}

void kith__sim_free(kith__sim *s)
{
    for (int i = 0; i < s->nruns; i++)
        free(s->runs[i].months);
    free(s->runs);
    free(s->hist);
    memset(s, 0, sizeof *s);
}

/* ================================================================ output */

/* The label of projected month k (1-based): "YYYY-MM" from the start, or
 * "month k" for a model started from zero. */
static void month_label(const kith__sim *s, int k, const char *tz, char *out, size_t n)
{
    if (!s->start) {
        snprintf(out, n, "month %d", k);
        return;
    }
    int y;
    unsigned mo, d;
    kith__time_local_civil(s->start, tz, &y, &mo, &d);
    int m0 = (int)mo - 1 + k - 1;
    snprintf(out, n, "%04d-%02d", (y + m0 / 12) % 10000, m0 % 12 + 1);
}

static json_t *event_json(const kith__scn_event *ev)
{
    static const char *const kinds[] = {"downturn", "initiative", "lost_champion"};
    json_t *o = json_object();
    json_object_set_new(o, "kind", json_string(kinds[ev->kind]));
    json_object_set_new(o, "from", json_integer(ev->from));
    json_object_set_new(o, "months", ev->months ? json_integer(ev->months) : json_null());
    if (ev->kind == KITH_EV_DOWNTURN)
        json_object_set_new(o, "depth", kith__jv_real(ev->depth));
    if (ev->kind == KITH_EV_INITIATIVE) {
        json_object_set_new(o, "p_change", kith__jv_real(ev->p_up));
        json_object_set_new(o, "q_change", kith__jv_real(ev->q_up));
        json_object_set_new(o, "cost", kith__jv_real(ev->cost));
    }
    if (ev->kind == KITH_EV_LOST_CHAMPION)
        json_object_set_new(o, "q_change", kith__jv_real(-ev->q_down));
    return o;
}

static kith_code write_json(const kith__sim *s, const char *tz, char **out,
                            kith_error *err)
{
    json_t *root = json_object(), *model = json_object();
    json_object_set_new(model, "p", kith__jv_real(s->b.p));
    json_object_set_new(model, "q", kith__jv_real(s->b.q));
    json_object_set_new(model, "market", kith__jv_real(s->b.m));
    json_object_set_new(model, "churn", kith__jv_real(s->b.churn));
    json_object_set_new(model, "peak_month",
                        kith__jv_real(log(s->b.q / s->b.p) / (s->b.p + s->b.q)));
    json_object_set_new(root, "model", model);
    if (s->fitted) {
        json_t *f = json_object();
        json_object_set_new(f, "months", json_integer(s->fit.months));
        json_object_set_new(f, "from", kith__imp_json_date(s->hist_from, s->tz));
        json_object_set_new(f, "se_p", kith__jv_real(s->fit.se_p));
        json_object_set_new(f, "se_q", kith__jv_real(s->fit.se_q));
        json_object_set_new(f, "se_market",
                            s->fit.market_given ? json_null()
                                                : kith__jv_real(s->fit.se_m));
        json_object_set_new(f, "market_given", json_boolean(s->fit.market_given));
        json_object_set_new(f, "r2", kith__jv_real(s->fit.r2));
        json_object_set_new(f, "rmse", kith__jv_real(s->fit.rmse));
        json_object_set_new(f, "iterations", json_integer(s->fit.iterations));
        json_object_set_new(f, "converged", json_boolean(s->fit.converged));
        json_object_set_new(f, "note",
                            s->fit.note[0] ? json_string(s->fit.note) : json_null());
        json_t *h = json_array();
        for (int k = 0; k < s->nhist; k++)
            json_array_append_new(h, kith__jv_real(s->hist[k]));
        json_object_set_new(f, "new_members", h);
        json_object_set_new(root, "fit", f);
    } else {
        json_object_set_new(root, "fit", json_null());
    }
    json_t *start = json_object();
    json_object_set_new(start, "month",
                        s->start ? kith__imp_json_date(s->start, s->tz) : json_null());
    json_object_set_new(start, "cumulative", kith__jv_real(s->A0));
    json_object_set_new(start, "members", kith__jv_real(s->M0));
    json_object_set_new(root, "start", start);
    json_t *rates = json_object();
    json_object_set_new(rates, "active_share",
                        s->has_rates ? kith__jv_real(s->active_share) : json_null());
    json_object_set_new(rates, "purchase_rate",
                        s->has_rates ? kith__jv_real(s->purchase_rate) : json_null());
    json_object_set_new(rates, "spend",
                        s->has_rates ? kith__jv_real(s->spend) : json_null());
    json_object_set_new(rates, "margin", kith__jv_real(s->margin));
    json_object_set_new(rates, "note", kith__jv_text(s->rates_note));
    json_object_set_new(root, "rates", rates);
    json_object_set_new(root, "currency", json_string(s->currency));
    json_t *arr = json_array();
    for (int i = 0; i < s->nruns; i++) {
        const kith__sim_run *r = &s->runs[i];
        json_t *o = json_object(), *ev = json_array(), *months = json_array();
        json_object_set_new(o, "name", kith__jv_text(r->scn.name));
        for (int e = 0; e < r->scn.nev; e++)
            json_array_append_new(ev, event_json(&r->scn.ev[e]));
        json_object_set_new(o, "events", ev);
        for (int k = 1; k <= s->horizon; k++) {
            const kith__sim_month *x = &r->months[k - 1];
            json_t *mo = json_object();
            char label[32];
            month_label(s, k, tz, label, sizeof label);
            json_object_set_new(mo, "month", json_integer(k));
            json_object_set_new(mo, "label", json_string(label));
            json_object_set_new(mo, "adopters", kith__jv_real(x->adopters));
            json_object_set_new(mo, "cumulative", kith__jv_real(x->cumulative));
            json_object_set_new(mo, "members", kith__jv_real(x->members));
            json_object_set_new(mo, "active", kith__jv_real(x->active));
            json_object_set_new(mo, "purchases", kith__jv_real(x->purchases));
            json_object_set_new(mo, "revenue", kith__jv_real(x->revenue));
            json_array_append_new(months, mo);
        }
        json_object_set_new(o, "months", months);
        json_object_set_new(o, "revenue",
                            s->has_rates ? kith__jv_real(r->revenue) : json_null());
        json_object_set_new(o, "revenue_difference",
                            s->has_rates ? kith__jv_real(r->revenue_diff) : json_null());
        json_object_set_new(o, "cost", kith__jv_real(r->cost));
        json_object_set_new(o, "roi", kith__jv_value(&r->roi));
        json_object_set_new(o, "roi_against",
                            r->roi.ok ? kith__jv_real(r->roi_base) : json_null());
        json_object_set_new(o, "roi_na_reason",
                            r->roi.ok ? json_null() : json_string(r->roi.why));
        json_array_append_new(arr, o);
    }
    json_object_set_new(root, "scenarios", arr);
    return kith__jv_dump(root, out, err);
}

static kith_code write_table(const kith__sim *s, const char *tz, char **out,
                             kith_error *err)
{
    kith_buf b;
    kith__buf_init(&b, 0);
    char x[48], y[48], z[48];
    kith_code rc = kith__buf_printf(&b,
                                    "Bass model%s: p %.4g (innovation), q %.4g "
                                    "(imitation), market %s%s, churn %.2f%% "
                                    "a month\n",
                                    s->fitted ? " fitted" : " given", s->b.p, s->b.q,
                                    kith__fmt_thousands(x, sizeof x, s->b.m, 0),
                                    s->fitted && s->fit.market_given ? " (given)" : "",
                                    s->b.churn * 100);
    if (rc == KITH_OK && s->fitted)
        rc = kith__buf_printf(
            &b,
            "fit over %d months: R2 %.3f, RMSE %.2f new members a month, "
            "standard errors p %.3g q %.3g market %s%s%s\n",
            s->fit.months, s->fit.r2, s->fit.rmse, s->fit.se_p, s->fit.se_q,
            s->fit.market_given ? "given"
                                : kith__fmt_thousands(y, sizeof y, s->fit.se_m, 0),
            s->fit.note[0] ? "\nnote: " : "", s->fit.note);
    if (rc == KITH_OK)
        rc = kith__buf_printf(&b, "start: %s members (%s joined so far); rates %s\n\n",
                              kith__fmt_thousands(x, sizeof x, s->M0, 0),
                              kith__fmt_thousands(y, sizeof y, s->A0, 0), s->rates_note);
    /* Scenario comparison. */
    if (rc == KITH_OK)
        rc =
            kith__buf_printf(&b, "%-20s %10s %10s %14s %14s %10s %8s\n", "scenario",
                             "members", "joined", "revenue", "difference", "cost", "ROI");
    for (int i = 0; i < s->nruns && rc == KITH_OK; i++) {
        const kith__sim_run *r = &s->runs[i];
        const kith__sim_month *last = &r->months[s->horizon - 1];
        char roi[32] = "n/a", rev[48] = "n/a", diff[48] = "n/a";
        if (r->roi.ok)
            snprintf(roi, sizeof roi, "%+.0f%%", r->roi.v * 100);
        if (s->has_rates) {
            kith__fmt_thousands(rev, sizeof rev, r->revenue, 2);
            kith__fmt_thousands(diff, sizeof diff, r->revenue_diff, 2);
        }
        rc = kith__buf_printf(
            &b, "%-20.20s %10s %10s %14s %14s %10s %8s\n", r->scn.name,
            kith__fmt_thousands(x, sizeof x, last->members, 0),
            kith__fmt_thousands(y, sizeof y, last->cumulative - s->A0, 0), rev, diff,
            kith__fmt_thousands(z, sizeof z, r->cost, 2), roi);
    }
    /* The baseline month by month. */
    if (rc == KITH_OK)
        rc = kith__buf_printf(
            &b, "\nbaseline by month\n%-9s %9s %11s %10s %9s %10s %13s\n", "month", "new",
            "cumulative", "members", "active", "purchases", "revenue");
    for (int k = 1; k <= s->horizon && rc == KITH_OK; k++) {
        const kith__sim_month *m = &s->runs[0].months[k - 1];
        char label[32], act[32] = "n/a", pur[32] = "n/a", rev[48] = "n/a";
        month_label(s, k, tz, label, sizeof label);
        if (s->has_rates) {
            snprintf(act, sizeof act, "%.0f", m->active);
            snprintf(pur, sizeof pur, "%.0f", m->purchases);
            kith__fmt_thousands(rev, sizeof rev, m->revenue, 2);
        }
        rc = kith__buf_printf(&b, "%-9s %9.1f %11.1f %10.1f %9s %10s %13s\n", label,
                              m->adopters, m->cumulative, m->members, act, pur, rev);
    }
    return kith__imp_buf_done(&b, rc, out, err);
}

/* Two panels: members by scenario, and revenue by scenario (when
 * projected), each a line per scenario over the horizon. */
kith_code kith__sim_svg(const kith__sim *s, kith_buf *b)
{
    static const char *const colours[] = {"#222",    "#d8573b", "#3b7dd8", "#2a9d5c",
                                          "#a05bd8", "#d8a03b", "#3bc4d8", "#888"};
    const int W = 640, ph = 200, top = 36, left = 70, right = 150;
    int panels = s->has_rates ? 2 : 1;
    int H = top + panels * (ph + 40) + 10;
    kith_code rc = kith__svg_open(b, "chart-scenarios", W, H,
                                  "Growth scenarios: members and revenue by month");
    for (int p = 0; p < panels && rc == KITH_OK; p++) {
        int y0 = top + p * (ph + 40);
        double hi = 0;
        for (int i = 0; i < s->nruns; i++)
            for (int k = 0; k < s->horizon; k++) {
                double v =
                    p ? s->runs[i].months[k].revenue : s->runs[i].months[k].members;
                if (isfinite(v))
                    hi = fmax(hi, v);
            }
        if (hi <= 0)
            hi = 1;
        double w = W - left - right;
        rc = kith__buf_printf(b,
                              "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>"
                              "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
                              "stroke=\"#999\"/><text x=\"%d\" y=\"%d\" font-size=\"10\" "
                              "text-anchor=\"end\">%.0f</text><text x=\"%d\" y=\"%d\" "
                              "font-size=\"10\" text-anchor=\"end\">0</text>",
                              left, y0 - 4, p ? "revenue a month" : "members", left,
                              y0 + ph, left + (int)w, y0 + ph, left - 4, y0 + 8, hi,
                              left - 4, y0 + ph);
        for (int i = 0; i < s->nruns && rc == KITH_OK; i++) {
            rc = kith__buf_printf(b,
                                  "<path class=\"scenario\" fill=\"none\" stroke=\"%s\" "
                                  "stroke-width=\"2\" d=\"",
                                  colours[i % 8]);
            for (int k = 0; k < s->horizon && rc == KITH_OK; k++) {
                double v =
                    p ? s->runs[i].months[k].revenue : s->runs[i].months[k].members;
                double x = left + (s->horizon > 1 ? w * k / (s->horizon - 1) : 0);
                double y = y0 + ph - ph * (isfinite(v) ? v : 0) / hi;
                rc = kith__buf_printf(b, "%s%.1f %.1f", k ? "L" : "M", x, y);
            }
            if (rc == KITH_OK)
                rc =
                    kith__buf_printf(b,
                                     "\"/><text x=\"%d\" y=\"%d\" font-size=\"10\" "
                                     "fill=\"%s\">",
                                     left + (int)w + 8, y0 + 12 + 14 * i, colours[i % 8]);
            if (rc == KITH_OK)
                rc = kith__buf_xml(b, s->runs[i].scn.name);
            if (rc == KITH_OK)
                rc = kith__buf_puts(b, "</text>");
        }
    }
    return rc == KITH_OK ? kith__svg_close(b) : rc;
}

kith_code kith__sim_write(const kith__sim *s, kith_impact_format fmt, char **out,
                          kith_error *err)
{
    if (fmt == KITH_IMPACT_JSON)
        return write_json(s, s->tz, out, err);
    if (fmt == KITH_IMPACT_TABLE)
        return write_table(s, s->tz, out, err);
    kith_buf b;
    kith__buf_init(&b, 0);
    return kith__imp_buf_done(&b, kith__sim_svg(s, &b), out, err);
}

kith_code kith_simulate_render(kith_store *st, int64_t org_id,
                               const kith_simulate_opts *opts, kith_impact_format fmt,
                               char **out, kith_error *err)
{
    *out = NULL;
    kith_simulate_opts none;
    memset(&none, 0, sizeof none);
    const kith_simulate_opts *o = opts ? opts : &none;
    kith_metrics *m = NULL;
    kith__sim s;
    memset(&s, 0, sizeof s);
    kith_org org;
    memset(&org, 0, sizeof org);
    snprintf(org.timezone, sizeof org.timezone, "UTC");
    kith_code rc = KITH_OK;
    if (st) {
        rc = kith__st_org_by_id(st, org_id, &org, err);
        if (rc == KITH_OK)
            rc = kith__imp_metrics(st, org_id, o->as_of, &m, err);
    } else if (!o->given) {
        rc = kith_error_set(err, KITH_EUSAGE,
                            "without a database give the model: --p, --q and --market");
    }
    if (rc == KITH_OK)
        rc = kith__sim_build(m, org.timezone, org.currency, o, &s, err);
    if (rc == KITH_OK)
        rc = kith__sim_write(&s, fmt, out, err);
    kith__sim_free(&s);
    kith_metrics_close(m);
    return rc;
}

kith_code kith_simulate_json(kith_store *st, int64_t org_id,
                             const kith_simulate_opts *opts, char **out, kith_error *err)
{
    return kith_simulate_render(st, org_id, opts, KITH_IMPACT_JSON, out, err);
}
