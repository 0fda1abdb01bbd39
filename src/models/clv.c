/* Predicted customer lifetime value for an org: each customer's purchase
 * days read from the analysis snapshot (kith_metrics), BG/NBD and
 * Gamma-Gamma fitted to them, and per customer P(alive), the expected
 * purchases over the horizon and the predicted CLV of METRICS.md
 * (docs/models.md). The JSON rendering is clv_json.c. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeparse.h"
#include "metrics/metrics_int.h"
#include "models/clv_int.h"
#include "store/store_int.h"

/* A month of the discounting: a twelfth of a year of 365.25 days. */
#define MONTH_WEEKS (365.25 / 12 / 7)

void kith_clv_close(kith_clv *c)
{
    if (!c)
        return;
    free(c->cust);
    free(c->by_id);
    free(c->fx_out);
    free(c);
}

/* ------------------------------------------------------------ reading */

/* One customer's calibration purchases as days: first and last day, x,
 * the sum of repeat-day amounts and whether every repeat day had one. */
typedef struct days_acc {
    int64_t first, last; /* day indexes; -1 = none yet */
    int32_t x;
    double repeat_sum;
    int repeat_missing; /* a repeat day without any amount */
    int day_has_value;
} days_acc;

static kith_code read_customers(kith_clv *c, const kith_metrics *m,
                                const kith__days *days, size_t cal_day,
                                const kith_clv_opts *o, kith_error *err)
{
    const kith__dataset *ds = &m->ds;
    /* At most every customer before as_of: one allocation (the records are
     * large; growing them by doubling would copy them several times). */
    size_t cap = 0;
    for (size_t i = 0; i < ds->nmembers; i++)
        cap += kith__m_in(m, i, -1) && m->first_purchase[i] < m->as_of;
    c->cust = malloc((cap ? cap : 1) * sizeof *c->cust);
    c->fx_out = calloc(cap ? cap : 1, 1);
    if (!c->cust || !c->fx_out) {
        /* KITH_ENOMEM spelt out: the analyser does not see that
         * kith_error_set returns its code, and would go on with garbage. */
        (void)kith_error_set(err, KITH_ENOMEM, "out of memory");
        return KITH_ENOMEM;
    }
    kith_code rc = KITH_OK;
    kith__fxtally all, one;
    memset(&all, 0, sizeof all);
    memset(&one, 0, sizeof one);
    int64_t cal_end = days->midnight[cal_day + 1]; /* first instant after it */
    for (size_t i = 0; i < ds->nmembers && rc == KITH_OK; i++) {
        const kith__mem *mm = &ds->members[i];
        if (!kith__m_in(m, i, -1))
            continue;
        days_acc a = {-1, -1, 0, 0, 0, 0};
        one.ncur = 0; /* emptied (see kith__fxtally) */
        for (int32_t k = mm->first_act; k < mm->first_act + mm->nact; k++) {
            const kith__act *ac = &ds->acts[k];
            if (ac->type != KITH_AT_PURCHASE || ac->t >= m->as_of)
                continue;
            if (ac->has_value && ac->value < 0) {
                char d[32];
                rc = kith_error_set(err, KITH_EINPUT,
                                    "member %lld (%s): the purchase of %s has a negative "
                                    "amount (%.2f); record returns as refunds, not as "
                                    "negative purchases",
                                    (long long)mm->id, kith__ds_str(ds, mm->name),
                                    kith__time_date(ac->t, d), ac->value);
                break;
            }
            if (ac->t >= cal_end)
                continue;
            int64_t day = (int64_t)kith__days_of(days, ac->t);
            if (a.first < 0) {
                a.first = a.last = day;
            } else if (day != a.last) {
                /* A new repeat day: close the previous one. */
                if (a.last != a.first && !a.day_has_value)
                    a.repeat_missing = 1;
                a.x++;
                a.last = day;
                a.day_has_value = 0;
            }
            if (day != a.first && ac->fx != KITH_FX_ORG)
                kith__fx_count(m, &one, k);
            if (day != a.first && ac->has_value) {
                a.repeat_sum += ac->value;
                a.day_has_value = 1;
            }
        }
        if (rc != KITH_OK || a.first < 0)
            continue;
        if (a.last != a.first && !a.day_has_value)
            a.repeat_missing = 1;
        int64_t first_mid = days->midnight[a.first];
        if ((o->has_cohort_from && first_mid < o->cohort_from) ||
            (o->has_cohort_to && first_mid > o->cohort_to))
            continue;
        if (c->ncust == cap) /* cannot happen: counted above */
            break;
        /* As historical CLV: only amounts left out are told for the
         * customers left out; only conversions for those counted. */
        int out_here = kith__fx_any_out(&one);
        kith__fx_merge(&all, &one, out_here, !out_here);
        c->fx_left_out += out_here;
        c->fx_out[c->ncust] = (uint8_t)out_here;
        kith_clv_customer *cu = &c->cust[c->ncust++];
        memset(cu, 0, sizeof *cu);
        cu->member_id = mm->id;
        snprintf(cu->name, sizeof cu->name, "%s", kith__ds_str(ds, mm->name));
        cu->first_day = first_mid;
        cu->last_day = days->midnight[a.last];
        cu->x = a.x;
        cu->t_x = (double)(a.last - a.first) / 7.0;
        cu->T = (double)((int64_t)cal_day - a.first) / 7.0;
        cu->zbar = a.x > 0 && !a.repeat_missing && !out_here ? a.repeat_sum / a.x : 0;
        if (out_here)
            continue;
        if (a.x > 0 && a.repeat_missing)
            c->no_amount++;
        else if (a.x > 0 && !(a.repeat_sum > 0))
            c->zero_spend++;
    }
    if (rc == KITH_OK)
        kith__fx_note(m, &all, c->fx_left_out, c->fx_note, sizeof c->fx_note);
    return rc;
}

/* ------------------------------------------------------------ fits */

static kith_code fit(kith_clv *c, int full, kith_error *err)
{
    size_t n = c->ncust;
    int32_t *x = malloc((n ? n : 1) * sizeof *x);
    double *tx = malloc((n ? n : 1) * sizeof *tx), *T = malloc((n ? n : 1) * sizeof *T);
    double *z = malloc((n ? n : 1) * sizeof *z);
    int32_t *gx = malloc((n ? n : 1) * sizeof *gx);
    kith_code rc = KITH_OK;
    if (!x || !tx || !T || !z || !gx) {
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
        goto done;
    }
    size_t ng = 0;
    for (size_t i = 0; i < n; i++) {
        x[i] = c->cust[i].x;
        tx[i] = c->cust[i].t_x;
        T[i] = c->cust[i].T;
        if (c->cust[i].x > 0 && c->cust[i].zbar > 0) {
            gx[ng] = c->cust[i].x;
            z[ng++] = c->cust[i].zbar;
        }
    }
    rc = kith_bgnbd_fit_data(x, tx, T, n, &c->bg, err);
    if (rc != KITH_OK || !full)
        goto done;
    kith_error gerr;
    kith_error_clear(&gerr);
    kith_code grc = kith_gg_fit_data(gx, z, ng, &c->gg, &gerr);
    if (grc == KITH_ENOMEM) {
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
        goto done;
    }
    c->has_gg = grc == KITH_OK;
    if (!c->has_gg)
        snprintf(c->gg_why, sizeof c->gg_why, "%s", gerr.msg);
done:
    free(x);
    free(tx);
    free(T);
    free(z);
    free(gx);
    return rc;
}

/* E[X] over the horizon, discounted month by month: the purchases
 * expected in month k (E[X(t_k)] - E[X(t_{k-1})], the last month cut at
 * the horizon) are worth 1 / (1 + d)^(k / 12) each. d = 0: E[X(H)]. */
static kith_code discounted_purchases(const kith_clv *c, const kith_clv_customer *cu,
                                      double *undiscounted, double *discounted,
                                      kith_error *err)
{
    const kith_bgnbd_params *p = &c->bg.p;
    kith_code rc =
        kith_bgnbd_expected(p, cu->x, cu->t_x, cu->T, c->horizon, undiscounted, err);
    if (rc != KITH_OK || c->discount == 0) {
        *discounted = *undiscounted;
        return rc;
    }
    double prev = 0, sum = 0;
    for (int k = 1; rc == KITH_OK; k++) {
        double t = fmin(k * MONTH_WEEKS, c->horizon), e;
        rc = kith_bgnbd_expected(p, cu->x, cu->t_x, cu->T, t, &e, err);
        if (rc != KITH_OK)
            break;
        sum += (e - prev) * pow(1 + c->discount, -(double)k / 12.0);
        prev = e;
        if (t >= c->horizon)
            break;
    }
    *discounted = sum;
    return rc;
}

static int cmp_clv(const void *a, const void *b)
{
    const kith_clv_customer *p = a, *q = b;
    double u = p->clv.ok ? p->clv.v : -INFINITY, v = q->clv.ok ? q->clv.v : -INFINITY;
    if (u != v)
        return u > v ? -1 : 1;
    if (p->expected_purchases != q->expected_purchases)
        return p->expected_purchases > q->expected_purchases ? -1 : 1;
    return (p->member_id > q->member_id) - (p->member_id < q->member_id);
}

static kith_code index_by_id(kith_clv *c, kith_error *err)
{
    c->by_id = kith__mdl_index(c->cust, c->ncust, sizeof *c->cust,
                               offsetof(kith_clv_customer, member_id));
    return c->by_id ? KITH_OK : kith_error_set(err, KITH_ENOMEM, "out of memory");
}

static kith_code predict(kith_clv *c, int full, kith_error *err)
{
    kith_code rc = KITH_OK;
    if (!full) {
        /* P(alive) alone (the churn features): no expectations, no sort. */
        for (size_t i = 0; i < c->ncust; i++)
            c->cust[i].p_alive =
                kith_bgnbd_p_alive(&c->bg.p, c->cust[i].x, c->cust[i].t_x, c->cust[i].T);
        return index_by_id(c, err);
    }
    double mean_spend = c->has_gg ? kith_gg_expected_spend(&c->gg.p, 0, 0) : 0;
    for (size_t i = 0; i < c->ncust && rc == KITH_OK; i++) {
        kith_clv_customer *cu = &c->cust[i];
        cu->p_alive = kith_bgnbd_p_alive(&c->bg.p, cu->x, cu->t_x, cu->T);
        double disc = 0;
        rc = discounted_purchases(c, cu, &cu->expected_purchases, &disc, err);
        if (!c->has_gg) {
            cu->expected_spend = kith_value_na("%s", c->gg_why);
            cu->clv = cu->expected_spend;
            continue;
        }
        if (c->fx_out[i]) {
            cu->expected_spend = kith_value_na(
                "a repeat purchase in another currency without a rate in force");
            cu->clv = cu->expected_spend;
            continue;
        }
        double s = cu->x > 0 && cu->zbar > 0
                       ? kith_gg_expected_spend(&c->gg.p, cu->x, cu->zbar)
                       : mean_spend;
        cu->expected_spend = kith_value_of(s, cu->x);
        cu->clv = kith_value_of(c->margin * s * disc, 1);
    }
    if (rc == KITH_OK)
        rc = kith_bgnbd_expected(&c->bg.p, 0, 0, 0, c->horizon, &c->new_customer, err);
    free(c->fx_out); /* in read order: no longer meaningful after the sort */
    c->fx_out = NULL;
    if (rc != KITH_OK)
        return rc;
    qsort(c->cust, c->ncust, sizeof *c->cust, cmp_clv);
    rc = index_by_id(c, err);
    if (rc != KITH_OK)
        return rc;
    /* The paper's figure: customers by repeat purchases in calibration,
     * actual and expected (sum over customers of P(X(T_i) = k)). T is a
     * whole number of days over 7, so the customers are counted per day
     * first and P(X = k) computed once per distinct T. */
    kith_clv_freq *f = &c->freq;
    memset(f, 0, sizeof *f);
    const int last = KITH_CLV_FREQ_BINS - 1;
    size_t maxd = 0;
    for (size_t i = 0; i < c->ncust; i++) {
        const kith_clv_customer *cu = &c->cust[i];
        f->actual[cu->x < last ? cu->x : last]++;
        size_t dd = (size_t)llround(cu->T * 7);
        maxd = dd > maxd ? dd : maxd;
    }
    int64_t *per_day = calloc(maxd + 1, sizeof *per_day);
    if (!per_day)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    for (size_t i = 0; i < c->ncust; i++)
        per_day[llround(c->cust[i].T * 7)]++;
    for (size_t dd = 0; dd <= maxd; dd++) {
        if (!per_day[dd])
            continue;
        double below = 0, w = (double)per_day[dd];
        for (int k = 0; k < last; k++) {
            double pk = kith_bgnbd_pmf(&c->bg.p, (double)dd / 7.0, k);
            f->expected[k] += w * pk;
            below += pk;
        }
        f->expected[last] += w * fmax(0, 1 - below);
    }
    free(per_day);
    return KITH_OK;
}

/* ------------------------------------------------------------ open */

kith_code kith__clv_build(const kith_metrics *m, const kith_org *org,
                          const kith_clv_opts *opts, int full, kith_clv **out,
                          kith_error *err)
{
    kith_clv_opts none;
    memset(&none, 0, sizeof none);
    const kith_clv_opts *o = opts ? opts : &none;
    *out = NULL;
    const char *tz = org && org->timezone[0] ? org->timezone : "UTC";
    double horizon = o->has_horizon ? o->horizon_weeks : m->p.clv_horizon_weeks;
    if (!(horizon > 0) || !isfinite(horizon))
        return kith_error_set(
            err, KITH_EUSAGE,
            "horizon %g weeks: the horizon must be longer than 0 (as in "
            "52w, 12m or 365d)",
            horizon);
    if (o->has_cohort_from && o->has_cohort_to && o->cohort_from > o->cohort_to)
        return kith_error_set(err, KITH_EUSAGE,
                              "--cohort-from is after --cohort-to: dates out of order");
    const kith__dataset *ds = &m->ds;
    int64_t tmin = INT64_MAX;
    for (size_t k = 0; k < ds->nacts; k++)
        if (ds->acts[k].type == KITH_AT_PURCHASE && ds->acts[k].t < tmin)
            tmin = ds->acts[k].t;
    if (tmin == INT64_MAX || tmin >= m->as_of)
        return kith_error_set(err, KITH_ENODATA,
                              "no purchases before the analysis date: the lifetime value "
                              "models need customers' purchases (kith import ...)");
    int64_t last = o->has_calibration_end ? o->calibration_end : m->as_of - 1;
    if (last < tmin) {
        char a[32], b[32];
        return kith_error_set(err, KITH_EUSAGE,
                              "--calibration-end %s is before the first purchase (%s): "
                              "dates out of order",
                              kith__time_date(last, a), kith__time_date(tmin, b));
    }
    kith__days days;
    kith_code rc =
        kith__days_init(&days, tmin, last > m->as_of ? last : m->as_of, tz, err);
    if (rc != KITH_OK)
        return rc;
    kith_clv *c = calloc(1, sizeof *c);
    if (!c) {
        kith__days_free(&days);
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    }
    size_t cal_day = kith__days_of(&days, last);
    c->calibration_end = days.midnight[cal_day];
    {
        int y;
        unsigned mo, dd;
        kith__time_local_civil(c->calibration_end, tz, &y, &mo, &dd);
        snprintf(c->cal_date, sizeof c->cal_date, "%04d-%02u-%02u", y % 10000, mo % 13u,
                 dd % 32u);
    }
    c->as_of = m->as_of;
    c->horizon = horizon;
    c->margin = m->p.margin;
    c->discount = m->p.discount_rate;
    c->opts = *o;
    snprintf(c->currency, sizeof c->currency, "%s", org ? org->currency : "");
    snprintf(c->tz, sizeof c->tz, "%s", tz);
    rc = read_customers(c, m, &days, cal_day, o, err);
    kith__days_free(&days);
    if (rc == KITH_OK && c->ncust == 0)
        rc = kith_error_set(err, KITH_ENODATA,
                            "no customer made a first purchase %s by the end of the "
                            "calibration period",
                            o->has_cohort_from || o->has_cohort_to ? "in the cohort"
                                                                   : "at all");
    if (rc == KITH_OK)
        rc = fit(c, full, err);
    if (rc == KITH_OK)
        rc = predict(c, full, err);
    if (rc != KITH_OK)
        kith_clv_close(c);
    else
        *out = c;
    return rc;
}

kith_code kith_clv_open_metrics(const kith_metrics *m, const kith_org *org,
                                const kith_clv_opts *opts, kith_clv **out,
                                kith_error *err)
{
    return kith__clv_build(m, org, opts, 1, out, err);
}

kith_code kith_clv_open(kith_store *st, int64_t org_id, const kith_clv_opts *opts,
                        kith_clv **out, kith_error *err)
{
    *out = NULL;
    kith_org org;
    kith_code rc = kith__st_org_by_id(st, org_id, &org, err);
    if (rc != KITH_OK)
        return rc;
    kith_metrics_opts mo;
    memset(&mo, 0, sizeof mo);
    mo.include_team = opts ? opts->include_team : 0;
    kith_metrics *m = NULL;
    rc = kith_metrics_open(st, org_id, &mo, &m, err);
    if (rc == KITH_OK)
        rc = kith_clv_open_metrics(m, &org, opts, out, err);
    kith_metrics_close(m);
    return rc;
}

/* ------------------------------------------------------------ accessors */

const char *kith_clv_calibration_date(const kith_clv *c)
{
    return c->cal_date;
}

const kith_bgnbd_fit *kith_clv_bgnbd(const kith_clv *c)
{
    return &c->bg;
}

const kith_gg_fit *kith_clv_gg(const kith_clv *c)
{
    return c->has_gg ? &c->gg : NULL;
}

const char *kith_clv_gg_why(const kith_clv *c)
{
    return c->has_gg ? "" : c->gg_why;
}

int64_t kith_clv_calibration_end(const kith_clv *c)
{
    return c->calibration_end;
}

double kith_clv_horizon(const kith_clv *c)
{
    return c->horizon;
}

double kith_clv_margin(const kith_clv *c)
{
    return c->margin;
}

double kith_clv_discount_rate(const kith_clv *c)
{
    return c->discount;
}

const char *kith_clv_currency(const kith_clv *c)
{
    return c->currency;
}

double kith_clv_new_customer_purchases(const kith_clv *c)
{
    return c->new_customer;
}

size_t kith_clv_ncustomers(const kith_clv *c)
{
    return c->ncust;
}

const kith_clv_customer *kith_clv_customer_at(const kith_clv *c, size_t i)
{
    return i < c->ncust ? &c->cust[i] : NULL;
}

const kith_clv_customer *kith_clv_find(const kith_clv *c, int64_t member_id)
{
    size_t at = kith__mdl_index_find(c->by_id, c->ncust, member_id);
    return at == SIZE_MAX ? NULL : &c->cust[at];
}

const kith_clv_freq *kith_clv_frequency(const kith_clv *c)
{
    return &c->freq;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Linear-interpolated quantile of sorted v (numpy's default). */
static double quantile(const double *v, size_t n, double q)
{
    double pos = q * (double)(n - 1);
    size_t i = (size_t)floor(pos);
    if (i + 1 >= n)
        return v[n - 1];
    return v[i] + (v[i + 1] - v[i]) * (pos - (double)i);
}

kith_clv_dist kith_clv_distribution(const kith_clv *c)
{
    kith_clv_dist d;
    size_t n = c->ncust;
    int64_t nn = (int64_t)n;
    double pa = 0;
    for (size_t i = 0; i < n; i++)
        pa += c->cust[i].p_alive;
    d.p_alive_mean = kith_value_of(n ? pa / (double)n : 0, nn);
    if (!c->has_gg) {
        d.mean = d.median = d.p80 = d.p95 = d.total = kith_value_na("%s", c->gg_why);
        return d;
    }
    double *v = malloc((n ? n : 1) * sizeof *v), sum = 0;
    if (!v) {
        d.mean = d.median = d.p80 = d.p95 = d.total = kith_value_na("out of memory");
        return d;
    }
    /* Customers without a CLV (amounts left out) are not in it. */
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (c->cust[i].clv.ok) {
            v[k] = c->cust[i].clv.v;
            sum += v[k++];
        }
    n = k;
    nn = (int64_t)k;
    if (n == 0) {
        free(v);
        d.mean = d.median = d.p80 = d.p95 = d.total =
            kith_value_na("no customer has a predicted CLV");
        return d;
    }
    qsort(v, n, sizeof *v, cmp_double);
    d.total = kith_value_of(sum, nn);
    d.mean = kith_value_of(sum / (double)n, nn);
    d.median = kith_value_of(quantile(v, n, 0.5), nn);
    d.p80 = kith_value_of(quantile(v, n, 0.8), nn);
    d.p95 = kith_value_of(quantile(v, n, 0.95), nn);
    kith_value *each[5] = {&d.total, &d.mean, &d.median, &d.p80, &d.p95};
    for (int i = 0; i < 5; i++) {
        snprintf(each[i]->note, sizeof each[i]->note, "%s", c->fx_note);
        each[i]->left_out = c->fx_left_out;
    }
    free(v);
    return d;
}

kith_code kith_clv_member(kith_store *st, int64_t org_id, int64_t member_id,
                          kith_clv_customer *out, kith_error *err)
{
    kith_clv *c = NULL;
    kith_code rc = kith_clv_open(st, org_id, NULL, &c, err);
    if (rc != KITH_OK || !c)
        return rc != KITH_OK ? rc : kith_error_set(err, KITH_EINTERNAL, "no result");
    rc = kith_clv_member_of(c, member_id, out, err);
    kith_clv_close(c);
    return rc;
}

kith_code kith_clv_member_of(const kith_clv *c, int64_t member_id, kith_clv_customer *out,
                             kith_error *err)
{
    const kith_clv_customer *cu = kith_clv_find(c, member_id);
    if (!cu)
        return kith_error_set(
            err, KITH_ENOTFOUND,
            "member %lld made no purchase: no lifetime value prediction",
            (long long)member_id);
    *out = *cu;
    return KITH_OK;
}
