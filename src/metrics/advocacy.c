/* Advocacy and voice (METRICS.md "Advocacy and voice"): NPS and eNPS with
 * their margin of error, feedback volume and quality. Sentiment comes with
 * the text module. */
#include <math.h>
#include <string.h>

#include "metrics/metrics_int.h"

/* NPS over the latest response of kind `survey` per member in p. employees
 * = 1 counts every member but bots (eNPS: the team are the employees). */
static kith_nps nps_of(const kith_metrics *m, kith_window p, int seg, int survey,
                       int employees)
{
    kith_nps out;
    memset(&out, 0, sizeof out);
    for (size_t i = 0; i < m->ds.nmembers; i++) {
        if (employees ? m->bot[i] : !kith__m_in(m, i, seg))
            continue;
        int32_t lo, hi;
        kith__m_range(m, i, p.from, p.to, &lo, &hi);
        /* Activities are in time order (ties in import order), so the
         * last matching one is the member's latest response. */
        const kith__act *last = NULL;
        for (int32_t k = lo; k < hi; k++) {
            const kith__act *a = &m->ds.acts[k];
            if (a->type == KITH_AT_SURVEY_RESPONSE && a->survey == survey && a->has_value)
                last = a;
        }
        if (!last)
            continue;
        if (last->value >= 9)
            out.promoters++;
        else if (last->value >= 7)
            out.passives++;
        else
            out.detractors++;
    }
    int64_t n = out.promoters + out.passives + out.detractors;
    const char *what = survey == KITH_SURVEY_NPS ? "NPS responses in the period"
                                                 : "eNPS responses in the period";
    kith_value chk = kith__m_ratio(m, 0, n, what);
    if (!chk.ok) {
        out.nps = chk;
        return out;
    }
    double pp = (double)out.promoters / (double)n,
           pd = (double)out.detractors / (double)n;
    out.margin = 1.96 * 100.0 * sqrt((pp + pd - (pp - pd) * (pp - pd)) / (double)n);
    out.nps = kith_value_of(100.0 * (pp - pd), n);
    out.nps.has_ci = 1;
    out.nps.lo = out.nps.v - out.margin;
    out.nps.hi = out.nps.v + out.margin;
    return out;
}

kith_nps kith_metric_nps(const kith_metrics *m, kith_window p, int seg)
{
    return nps_of(m, p, seg, KITH_SURVEY_NPS, 0);
}

kith_nps kith_metric_enps(const kith_metrics *m, kith_window p)
{
    return nps_of(m, p, -1, KITH_SURVEY_ENPS, 1);
}

#define FEEDBACK                                                                         \
    (KITH_T(KITH_AT_FEEDBACK) | KITH_T(KITH_AT_IDEA) | KITH_T(KITH_AT_REVIEW))

static void feedback_counts(const kith_metrics *m, kith_window p, int64_t *n,
                            int64_t *actionable, int64_t *buyers)
{
    *n = *actionable = *buyers = 0;
    for (size_t i = 0; i < m->ds.nmembers; i++) {
        if (!kith__m_in(m, i, -1))
            continue;
        int32_t lo, hi;
        kith__m_range(m, i, p.from, p.to, &lo, &hi);
        int bought = 0;
        for (int32_t k = lo; k < hi; k++) {
            const kith__act *a = &m->ds.acts[k];
            bought |= a->type == KITH_AT_PURCHASE;
            if ((FEEDBACK >> a->type) & 1u) {
                (*n)++;
                *actionable += a->words8 || m->idea_linked[k];
            }
        }
        *buyers += bought;
    }
}

kith_value kith_metric_feedback_volume(const kith_metrics *m, kith_window p)
{
    int64_t n, act, buyers;
    feedback_counts(m, p, &n, &act, &buyers);
    if (!m->type_seen[KITH_AT_FEEDBACK] && !m->type_seen[KITH_AT_IDEA] &&
        !m->type_seen[KITH_AT_REVIEW])
        return kith_value_na("no feedback, idea or review activities imported");
    return kith_value_of((double)n, n);
}

kith_value kith_metric_feedback_per_100(const kith_metrics *m, kith_window p)
{
    int64_t n, act, buyers;
    feedback_counts(m, p, &n, &act, &buyers);
    kith_value v = kith__m_ratio(m, (double)n * 100.0, buyers,
                                 "customers who purchased in the period");
    return v;
}

kith_value kith_metric_feedback_quality(const kith_metrics *m, kith_window p)
{
    int64_t n, act, buyers;
    feedback_counts(m, p, &n, &act, &buyers);
    return kith__m_ratio(m, (double)act, n,
                         "feedback, idea or review texts in the period");
}
