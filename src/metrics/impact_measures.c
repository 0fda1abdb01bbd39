/* Measures the impact module (src/impact/) builds on, computed here over
 * the snapshot like every metric: event attendees and initiative
 * participants (SRCI quantities), a member kind's engagement (the
 * stakeholder map's suggested interest) and the monthly community growth
 * series with its churn, activity and purchase rates (the Bass model of
 * kith simulate). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeparse.h"
#include "metrics/metrics_int.h"
#include "store/records.h"

/* ------------------------------------------------------------ SRCI quantities */

kith_value kith_metric_event_attendees(const kith_metrics *m, kith_window p)
{
    int64_t n = 0;
    uint32_t types = KITH_T(KITH_AT_EVENT_ATTEND) | KITH_T(KITH_AT_WORKSHOP);
    for (size_t i = 0; i < m->ds.nmembers; i++)
        if (kith__m_in(m, i, -1) && kith__m_count(m, i, types, p.from, p.to) > 0)
            n++;
    if (!m->type_seen[KITH_AT_EVENT_ATTEND] && !m->type_seen[KITH_AT_WORKSHOP])
        return kith_value_na("no event_attend or workshop activities imported");
    return kith_value_of((double)n, n);
}

/* The snapshot index of the initiative with this database id, or -1. */
static int32_t init_index(const kith_metrics *m, int64_t initiative_id)
{
    for (size_t k = 0; k < m->ds.ninits; k++)
        if (m->ds.inits[k].id == initiative_id)
            return (int32_t)k;
    return -1;
}

kith_value kith_metric_initiative_participants(const kith_metrics *m, kith_window p,
                                               int64_t initiative_id)
{
    int32_t idx = init_index(m, initiative_id);
    if (idx < 0)
        return kith_value_na("no initiative with id %lld", (long long)initiative_id);
    int64_t n = 0;
    for (size_t i = 0; i < m->ds.nmembers; i++) {
        if (!kith__m_in(m, i, -1))
            continue;
        int32_t lo, hi;
        kith__m_range(m, i, p.from, p.to, &lo, &hi);
        for (int32_t k = lo; k < hi; k++) {
            const kith__act *a = &m->ds.acts[k];
            if (a->initiative == idx && kith__at_is_community(a->type)) {
                n++;
                break;
            }
        }
    }
    return kith_value_of((double)n, n);
}

kith_value kith_metric_initiative_volunteer_hours(const kith_metrics *m,
                                                  int64_t initiative_id)
{
    int32_t idx = init_index(m, initiative_id);
    if (idx < 0)
        return kith_value_na("no initiative with id %lld", (long long)initiative_id);
    double hours = 0;
    int64_t n = 0;
    for (size_t k = 0; k < m->ds.nacts; k++) {
        const kith__act *a = &m->ds.acts[k];
        if (a->initiative == idx && a->type == KITH_AT_VOLUNTEER && a->t < m->as_of &&
            a->has_value && !m->bot[a->member]) {
            hours += a->value;
            n++;
        }
    }
    return kith_value_of(hours, n);
}

/* ------------------------------------------------------------ member kinds */

kith_group_engagement kith_metric_group_engagement(const kith_metrics *m, kith_window p,
                                                   const char *kind)
{
    kith_group_engagement g;
    memset(&g, 0, sizeof g);
    g.participant_score = m->p.levels[1];
    unsigned bits = 0;
    const char *bad = NULL;
    if (!kind || kith__kinds_parse(kind, &bits, &bad) < 0 || !bits) {
        g.share_active = g.mean_love = g.sentiment = g.sentiment_strength =
            kith_value_na("'%s' is not a member kind", kind ? kind : "");
        return g;
    }
    uint8_t *in = calloc(m->ds.nmembers ? m->ds.nmembers : 1, 1);
    if (!in) {
        g.share_active = g.mean_love = g.sentiment = g.sentiment_strength =
            kith_value_na("out of memory");
        return g;
    }
    int64_t active = 0;
    double love = 0;
    uint32_t comm = kith__m_community_types();
    for (size_t i = 0; i < m->ds.nmembers; i++) {
        if (!kith__m_in(m, i, -1) || !(m->ds.members[i].kinds & bits))
            continue;
        in[i] = 1;
        g.members++;
        active += kith__m_count(m, i, comm, p.from, p.to) > 0;
        love += kith__m_love(m, i, p.to);
    }
    if (!g.members) {
        g.share_active = g.mean_love = kith_value_na("no %s members", kind);
    } else {
        g.share_active = kith_value_of((double)active / (double)g.members, g.members);
        g.mean_love = kith_value_of(love / (double)g.members, g.members);
    }
    int64_t scored = 0;
    double sum = 0, abs_sum = 0;
    for (size_t k = 0; k < m->ntexts; k++) {
        const kith__text *t = &m->texts[k];
        if (t->t < p.from || t->t >= p.to || !t->scored || !in[t->member])
            continue;
        scored++;
        sum += t->compound;
        abs_sum += fabs(t->compound);
    }
    free(in);
    if (!m->texts_loaded)
        g.sentiment = kith_value_na("texts not scored (no VADER lexicon loaded)");
    else if (!scored)
        g.sentiment = kith_value_na("no scored texts by %s members in the period", kind);
    else
        g.sentiment = kith_value_of(sum / (double)scored, scored);
    g.sentiment_strength =
        g.sentiment.ok ? kith_value_of(abs_sum / (double)scored, scored) : g.sentiment;
    return g;
}

/* ------------------------------------------------------------ growth series */

/* Index of the month holding t among bounds[0..n] (month k is
 * [bounds[k], bounds[k+1])), or -1 outside. */
static int month_of(const int64_t *bounds, int n, int64_t t)
{
    if (t < bounds[0] || t >= bounds[n])
        return -1;
    int lo = 0, hi = n;
    while (hi - lo > 1) {
        int mid = (lo + hi) / 2;
        if (bounds[mid] <= t)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* The first instant of the month after the one holding t, in tz. */
static int64_t next_month(int64_t t, const char *tz)
{
    int y;
    unsigned mo, d;
    kith__time_local_civil(t, tz, &y, &mo, &d);
    return mo == 12 ? kith__time_local_midnight(y + 1, 1, 1, tz)
                    : kith__time_local_midnight(y, mo + 1, 1, tz);
}

static int64_t month_start(int64_t t, const char *tz)
{
    int y;
    unsigned mo, d;
    kith__time_local_civil(t, tz, &y, &mo, &d);
    return kith__time_local_midnight(y, mo, 1, tz);
}

/* One member's contribution to the series. bounds: the months; window:
 * the churn window in seconds. */
static void growth_member(const kith_metrics *m, size_t i, const int64_t *bounds, int nm,
                          int64_t window, kith_growth_month *g)
{
    const kith__mem *mm = &m->ds.members[i];
    int64_t first = m->first_comm[i], last = KITH_NO_TIME;
    int32_t end = mm->first_act + mm->nact;
    int last_month_active = -1;
    for (int32_t k = mm->first_act; k < end; k++) {
        const kith__act *a = &m->ds.acts[k];
        if (a->t >= m->as_of)
            break;
        int mo = month_of(bounds, nm, a->t);
        if (kith__at_is_community(a->type)) {
            if (mo >= 0 && mo != last_month_active) {
                g[mo].active++;
                last_month_active = mo;
            }
            last = a->t;
        }
        if (a->type == KITH_AT_PURCHASE && first != KITH_NO_TIME && a->t >= first &&
            mo >= 0) {
            g[mo].purchases++;
            /* Money (docs/metrics.md): an amount with no rate in force is
             * not in the snapshot; it is counted, not valued as 0. */
            if (a->fx == KITH_FX_LEFT_OUT) {
                g[mo].left_out++;
            } else {
                g[mo].priced++;
                g[mo].revenue += a->value;
            }
        }
    }
    if (first == KITH_NO_TIME)
        return;
    int jm = month_of(bounds, nm, first);
    if (jm >= 0)
        g[jm].joined++;
    /* Members at each month's end: joined by then, and the latest
     * community activity before the month's end is less than the churn
     * window old. One more pass over the member's community activities. */
    int64_t prev = KITH_NO_TIME;
    int k0 = 0;
    for (int32_t k = mm->first_act; k <= end; k++) {
        int is_end = k == end || m->ds.acts[k].t >= m->as_of;
        if (!is_end && !kith__at_is_community(m->ds.acts[k].type))
            continue;
        int64_t t = is_end ? INT64_MAX : m->ds.acts[k].t;
        /* Months whose end falls in (prev, t]: their latest activity is prev. */
        while (k0 < nm && bounds[k0 + 1] <= t) {
            if (prev != KITH_NO_TIME && bounds[k0 + 1] - prev < window)
                g[k0].members++;
            k0++;
        }
        if (is_end)
            break;
        prev = t;
    }
    /* The lapse hazard: month mo holds the member's last community
     * activity, and it is at least the churn window old by as_of. */
    int lm = month_of(bounds, nm, last);
    if (lm >= 0 && m->as_of - last >= window)
        g[lm].lapsed++;
    /* At risk in every month from joining to the last activity's. */
    for (int mo = jm < 0 ? 0 : jm; lm >= 0 && mo <= lm; mo++)
        g[mo].at_risk++;
}

kith_code kith_metric_growth_series(const kith_metrics *m, const char *tz,
                                    kith_growth_month **out, size_t *n, kith_error *err)
{
    *out = NULL;
    *n = 0;
    int64_t first = KITH_NO_TIME;
    for (size_t i = 0; i < m->ds.nmembers; i++)
        if (kith__m_in(m, i, -1) && m->first_comm[i] < first)
            first = m->first_comm[i];
    if (first == KITH_NO_TIME)
        return kith_error_set(err, KITH_ENODATA,
                              "no community activity yet: the growth model needs "
                              "members who joined the community");
    /* Complete months only: the last one ends at or before as_of. */
    int nm = 0;
    for (int64_t a = month_start(first, tz); next_month(a, tz) <= m->as_of;
         a = next_month(a, tz))
        nm++;
    if (nm == 0)
        return kith_error_set(err, KITH_ENODATA,
                              "the community is less than one whole month old");
    int64_t *bounds = malloc((size_t)(nm + 1) * sizeof *bounds);
    kith_growth_month *g = calloc((size_t)nm, sizeof *g);
    if (!bounds || !g) {
        free(bounds);
        free(g);
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    }
    bounds[0] = month_start(first, tz);
    for (int k = 0; k < nm; k++)
        bounds[k + 1] = next_month(bounds[k], tz);
    int64_t window = (int64_t)llround(m->p.churn_window * KITH_DAY);
    for (size_t i = 0; i < m->ds.nmembers; i++)
        if (kith__m_in(m, i, -1))
            growth_member(m, i, bounds, nm, window, g);
    for (int k = 0; k < nm; k++) {
        g[k].from = bounds[k];
        g[k].to = bounds[k + 1];
        /* A lapse is only seen once the churn window has passed. */
        g[k].lapse_observed = bounds[k + 1] + window <= m->as_of;
    }
    free(bounds);
    *out = g;
    *n = (size_t)nm;
    return KITH_OK;
}
