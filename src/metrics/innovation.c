/* Innovation (METRICS.md "Innovation"): community-driven innovation rate
 * and the idea funnel. */
#include <stdlib.h>
#include <string.h>

#include "metrics/metrics_int.h"

/* An idea comes from the community when its origin member is a counted
 * member, or its origin activity is a community activity of one. */
static int community_origin(const kith_metrics *m, const kith__idea *d)
{
    if (d->origin_member >= 0 && !m->excl[d->origin_member])
        return 1;
    if (d->origin_activity >= 0) {
        const kith__act *a = &m->ds.acts[d->origin_activity];
        return kith__at_is_community(a->type) && !m->excl[a->member];
    }
    return 0;
}

kith_value kith_metric_innovation_rate(const kith_metrics *m, kith_window p)
{
    int64_t shipped = 0, comm = 0;
    for (size_t k = 0; k < m->ds.nideas; k++) {
        const kith__idea *d = &m->ds.ideas[k];
        if (!d->has_shipped || d->shipped_at < p.from || d->shipped_at >= p.to)
            continue;
        shipped++;
        comm += community_origin(m, d);
    }
    if (!m->ds.nideas)
        return kith_value_na("no ideas imported");
    return kith__m_ratio(m, (double)comm, shipped, "ideas shipped in the period");
}

kith_idea_funnel kith_metric_idea_funnel(const kith_metrics *m, kith_window p)
{
    kith_idea_funnel f;
    memset(&f, 0, sizeof f);
    double *days = malloc((m->ds.nideas ? m->ds.nideas : 1) * sizeof *days);
    size_t nd = 0;
    for (size_t k = 0; k < m->ds.nideas; k++) {
        const kith__idea *d = &m->ds.ideas[k];
        if (d->proposed_at >= p.from && d->proposed_at < p.to)
            f.counts[d->status]++;
        if (days && d->has_shipped && d->shipped_at >= p.from && d->shipped_at < p.to)
            days[nd++] = (double)(d->shipped_at - d->proposed_at) / KITH_DAY;
    }
    if (!days)
        f.median_days_to_ship = kith_value_na("out of memory");
    else if (!nd)
        f.median_days_to_ship = kith_value_na("no ideas shipped in the period");
    else
        f.median_days_to_ship =
            kith_value_of(kith__m_quantile(days, nd, 0.5), (int64_t)nd);
    free(days);
    return f;
}
