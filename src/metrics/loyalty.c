/* Customer loyalty (METRICS.md "Customer loyalty"): CRR, CRR within and
 * outside the community with the retention lift, repeat purchase rate,
 * churned customers, historical CLV; plus revenue and refunds in a period.
 * Amounts are in the org currency (see money.c for what is left out). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics/metrics_int.h"

#define PURCHASE KITH_T(KITH_AT_PURCHASE)

/* CRR over S = customers with a purchase in P-1, optionally restricted to
 * those community-engaged in P-1 (engaged = 1) or not (engaged = 0). */
static void crr_counts(const kith_metrics *m, kith_window p, int seg, int engaged,
                       int64_t *s, int64_t *kept)
{
    kith_window q = kith_window_prev(p);
    uint32_t comm = kith__m_community_types();
    *s = *kept = 0;
    for (size_t i = 0; i < m->ds.nmembers; i++) {
        if (!kith__m_in(m, i, seg) || m->first_purchase[i] >= q.to)
            continue;
        if (!kith__m_count(m, i, PURCHASE, q.from, q.to))
            continue;
        if (engaged >= 0 && (kith__m_count(m, i, comm, q.from, q.to) > 0) != engaged)
            continue;
        (*s)++;
        *kept += kith__m_count(m, i, PURCHASE, p.from, p.to) > 0;
    }
}

kith_value kith_metric_crr(const kith_metrics *m, kith_window p, int seg)
{
    int64_t s, kept;
    crr_counts(m, p, seg, -1, &s, &kept);
    return kith__m_ratio(m, (double)kept, s,
                         "customers who purchased in the previous period");
}

kith_crr_split kith_metric_crr_community(const kith_metrics *m, kith_window p, int seg)
{
    kith_crr_split out;
    int64_t s1, k1, s0, k0;
    crr_counts(m, p, seg, 1, &s1, &k1);
    crr_counts(m, p, seg, 0, &s0, &k0);
    out.within =
        kith__m_ratio(m, (double)k1, s1,
                      "community-engaged customers who purchased in the previous period");
    out.outside = kith__m_ratio(m, (double)k0, s0,
                                "other customers who purchased in the previous period");
    kith_value *g[2] = {&out.within, &out.outside};
    const int64_t gk[2] = {k1, k0}, gn[2] = {s1, s0};
    for (int i = 0; i < 2; i++)
        if (g[i]->ok && kith_ci_wilson(gk[i], gn[i], &g[i]->lo, &g[i]->hi) == 0)
            g[i]->has_ci = 1;
    if (!out.within.ok || !out.outside.ok) {
        out.lift = kith_value_na("%s", !out.within.ok ? out.within.why : out.outside.why);
        return out;
    }
    /* Newcombe's hybrid score interval (docs/metrics.md): unlike the Wald
     * interval it stays inside [-1, 1] on small groups. */
    double lo, hi;
    out.lift = kith_value_of(out.within.v - out.outside.v, s1 + s0);
    if (kith_ci_newcombe(k1, s1, k0, s0, &lo, &hi) == 0) {
        out.lift.has_ci = 1;
        out.lift.lo = lo;
        out.lift.hi = hi;
    }
    return out;
}

kith_value kith_metric_repeat_purchase_rate(const kith_metrics *m, kith_window p, int seg)
{
    int64_t one = 0, two = 0;
    for (size_t i = 0; i < m->ds.nmembers; i++) {
        if (!kith__m_in(m, i, seg) || m->first_purchase[i] >= p.to)
            continue;
        int64_t n = kith__m_count(m, i, PURCHASE, p.from, p.to);
        one += n >= 1;
        two += n >= 2;
    }
    return kith__m_ratio(m, (double)two, one, "customers who purchased in the period");
}

kith_value kith_metric_churned_customers(const kith_metrics *m, int64_t at, int seg)
{
    int64_t customers = 0, churned = 0;
    int64_t since = at - (int64_t)llround(m->p.churn_window * KITH_DAY);
    for (size_t i = 0; i < m->ds.nmembers; i++) {
        if (!kith__m_in(m, i, seg) || m->first_purchase[i] >= at)
            continue;
        customers++;
        churned += kith__m_count(m, i, PURCHASE, since, at) == 0;
    }
    if (!customers)
        return kith_value_na("no customers (no purchase before the date)");
    return kith_value_of((double)churned, customers);
}

kith_clv_stats kith_metric_clv_historical(const kith_metrics *m, int64_t at, int seg)
{
    kith_clv_stats out;
    size_t n = 0;
    double *v = malloc((m->ds.nmembers ? m->ds.nmembers : 1) * sizeof *v);
    if (!v) {
        out.mean = out.median = out.p80 = out.p95 = kith_value_na("out of memory");
        return out;
    }
    double sum = 0;
    int64_t left_out = 0; /* customers with an amount of unknown value */
    kith__fxtally all, one;
    memset(&all, 0, sizeof all);
    memset(&one, 0, sizeof one);
    for (size_t i = 0; i < m->ds.nmembers; i++) {
        if (!kith__m_in(m, i, seg) || m->first_purchase[i] >= at)
            continue;
        int32_t lo, hi;
        kith__m_range(m, i, INT64_MIN, at, &lo, &hi);
        double clv = 0;
        one.ncur = 0; /* emptied (see kith__fxtally) */
        for (int32_t k = lo; k < hi; k++) {
            const kith__act *a = &m->ds.acts[k];
            if (a->type != KITH_AT_PURCHASE && a->type != KITH_AT_REFUND)
                continue;
            if (a->fx != KITH_FX_ORG)
                kith__fx_count(m, &one, k);
            clv += a->type == KITH_AT_PURCHASE ? a->value : -a->value;
        }
        /* Only amounts left out are told for the customers left out;
         * only conversions for the customers counted. */
        int out_here = kith__fx_any_out(&one);
        kith__fx_merge(&all, &one, out_here, !out_here);
        if (out_here) {
            left_out++;
            continue;
        }
        v[n++] = clv;
        sum += clv;
    }
    kith_value chk = kith__m_ratio(m, 0, (int64_t)n, "customers");
    if (!chk.ok) {
        out.mean = out.median = out.p80 = out.p95 = chk;
    } else {
        out.mean = kith_value_of(sum / (double)n, (int64_t)n);
        out.median = kith_value_of(kith__m_quantile(v, n, 0.5), (int64_t)n);
        out.p80 = kith_value_of(kith__m_quantile(v, n, 0.8), (int64_t)n);
        out.p95 = kith_value_of(kith__m_quantile(v, n, 0.95), (int64_t)n);
    }
    char note[sizeof out.mean.note];
    int64_t lo = kith__fx_note(m, &all, left_out, note, sizeof note);
    kith_value *each[4] = {&out.mean, &out.median, &out.p80, &out.p95};
    for (int i = 0; i < 4; i++) {
        snprintf(each[i]->note, sizeof each[i]->note, "%s", note);
        each[i]->left_out = lo;
    }
    free(v);
    return out;
}

/* Sum of the amounts of one money type in p (revenue, refunds). */
static kith_value money_sum(const kith_metrics *m, kith_window p, int seg, int type,
                            const char *what)
{
    double sum = 0;
    int64_t n = 0;
    kith__fxtally t;
    memset(&t, 0, sizeof t);
    for (size_t i = 0; i < m->ds.nmembers; i++) {
        if (!kith__m_in(m, i, seg))
            continue;
        int32_t lo, hi;
        kith__m_range(m, i, p.from, p.to, &lo, &hi);
        for (int32_t k = lo; k < hi; k++) {
            const kith__act *a = &m->ds.acts[k];
            if (a->type != type)
                continue;
            if (a->fx != KITH_FX_ORG)
                kith__fx_count(m, &t, k);
            if (a->fx != KITH_FX_LEFT_OUT) {
                sum += a->value;
                n++;
            }
        }
    }
    if (!m->type_seen[type])
        return kith_value_na("no %s imported", what);
    return kith__fx_sum(m, &t, sum, n, what);
}

kith_value kith_metric_revenue(const kith_metrics *m, kith_window p, int seg)
{
    return money_sum(m, p, seg, KITH_AT_PURCHASE, "purchases");
}

kith_value kith_metric_refunds(const kith_metrics *m, kith_window p, int seg)
{
    return money_sum(m, p, seg, KITH_AT_REFUND, "refunds");
}

/* A member's purchase amounts in w; amounts in other currencies counted
 * into t. */
static double member_revenue(const kith_metrics *m, size_t i, kith_window w,
                             kith__fxtally *t)
{
    int32_t lo, hi;
    double sum = 0;
    kith__m_range(m, i, w.from, w.to, &lo, &hi);
    for (int32_t k = lo; k < hi; k++) {
        const kith__act *a = &m->ds.acts[k];
        if (a->type != KITH_AT_PURCHASE)
            continue;
        if (a->fx != KITH_FX_ORG)
            kith__fx_count(m, t, k);
        sum += a->value;
    }
    return sum;
}

kith_value kith_metric_revenue_change(const kith_metrics *m, kith_window p, kith_window q,
                                      int seg)
{
    if (!m->type_seen[KITH_AT_PURCHASE])
        return kith_value_na("no purchases imported");
    /* The customers who bought in p or q are the units: D = sum of their
     * differences d_i = R_i(p) - R_i(q), Var(D) = n s^2 with s^2 the
     * sample variance of the d_i (Welford's update). */
    int64_t n = 0, left_out = 0;
    double total = 0, mean = 0, m2 = 0;
    kith__fxtally all, one;
    memset(&all, 0, sizeof all);
    memset(&one, 0, sizeof one);
    for (size_t i = 0; i < m->ds.nmembers; i++) {
        if (!kith__m_in(m, i, seg) || m->first_purchase[i] >= p.to)
            continue;
        if (!kith__m_count(m, i, PURCHASE, q.from, q.to) &&
            !kith__m_count(m, i, PURCHASE, p.from, p.to))
            continue;
        one.ncur = 0;
        double d = member_revenue(m, i, p, &one) - member_revenue(m, i, q, &one);
        /* A customer with an amount left out has no known difference: left
         * out, as for CLV. */
        int out_here = kith__fx_any_out(&one);
        kith__fx_merge(&all, &one, out_here, !out_here);
        if (out_here) {
            left_out++;
            continue;
        }
        n++;
        total += d;
        double delta = d - mean;
        mean += delta / (double)n;
        m2 += delta * (d - mean);
    }
    kith_value v =
        kith__m_ratio(m, total, n, "customers who purchased in the two periods");
    if (v.ok && n < 2)
        v = kith_value_na("only one customer purchased in the two periods");
    if (v.ok) {
        v.v = total;
        double se = sqrt((double)n * (m2 / (double)(n - 1)));
        v.has_ci = 1;
        v.lo = total - 1.96 * se;
        v.hi = total + 1.96 * se;
    }
    v.left_out = kith__fx_note(m, &all, left_out, v.note, sizeof v.note);
    return v;
}
