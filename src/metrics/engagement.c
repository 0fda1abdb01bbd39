/* Engagement and community health (METRICS.md "Engagement and community
 * health"), except the engagement score and levels (love.c): social
 * engagement rate, active members, MAM, stickiness, community churn,
 * response rate and time to first reply, dependency factor. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics/metrics_int.h"

kith_value kith_metric_social_engagement_rate(const kith_metrics *m, kith_window p,
                                              int channel)
{
    int64_t reach = 0, inter = 0, posts = 0;
    for (size_t k = 0; k < m->ds.nposts; k++) {
        const kith__post *s = &m->ds.posts[k];
        if (s->published_at < p.from || s->published_at >= p.to ||
            (channel >= 0 && s->channel != channel))
            continue;
        reach += s->reach;
        inter += s->interactions;
        posts++;
    }
    if (!m->ds.nposts)
        return kith_value_na("no social posts imported");
    if (!posts)
        return kith_value_na("no social posts published in the period");
    if (!reach)
        return kith_value_na("the posts of the period have no reach recorded");
    /* Sum over sum: never a mean of per-post rates. */
    return kith_value_of((double)inter / (double)reach, posts);
}

static int by_rate(const void *a, const void *b)
{
    const kith_post_engagement *x = a, *y = b;
    if (x->rate.ok != y->rate.ok)
        return x->rate.ok ? -1 : 1;
    if (x->rate.ok && x->rate.v != y->rate.v)
        return x->rate.v > y->rate.v ? -1 : 1;
    if (x->published_at != y->published_at)
        return x->published_at < y->published_at ? -1 : 1;
    return strcmp(x->post, y->post);
}

kith_code kith_metric_post_engagement(const kith_metrics *m, kith_window p,
                                      kith_post_engagement **out, size_t *n,
                                      kith_error *err)
{
    *out = NULL;
    *n = 0;
    size_t cnt = 0;
    for (size_t k = 0; k < m->ds.nposts; k++)
        cnt +=
            m->ds.posts[k].published_at >= p.from && m->ds.posts[k].published_at < p.to;
    if (!cnt)
        return KITH_OK;
    kith_post_engagement *v = calloc(cnt, sizeof *v);
    if (!v)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    size_t i = 0;
    for (size_t k = 0; k < m->ds.nposts; k++) {
        const kith__post *s = &m->ds.posts[k];
        if (s->published_at < p.from || s->published_at >= p.to)
            continue;
        kith_post_engagement *e = &v[i++];
        e->post = kith__ds_str(&m->ds, s->ext);
        e->channel = s->channel;
        e->published_at = s->published_at;
        e->reach = s->reach;
        e->interactions = s->interactions;
        e->rate = s->reach > 0
                      ? kith_value_of((double)s->interactions / (double)s->reach, 1)
                      : kith_value_na("the post has no reach recorded");
    }
    qsort(v, cnt, sizeof *v, by_rate);
    *out = v;
    *n = cnt;
    return KITH_OK;
}

static int64_t active_in(const kith_metrics *m, int64_t from, int64_t to, int seg)
{
    uint32_t comm = kith__m_community_types();
    int64_t n = 0;
    for (size_t i = 0; i < m->ds.nmembers; i++)
        if (kith__m_in(m, i, seg) && m->first_comm[i] < to &&
            kith__m_count(m, i, comm, from, to) > 0)
            n++;
    return n;
}

kith_value kith_metric_active_members(const kith_metrics *m, kith_window p, int seg)
{
    int64_t n = active_in(m, p.from, p.to, seg);
    return kith_value_of((double)n, n);
}

kith_value kith_metric_mam(const kith_metrics *m, int64_t at, int seg)
{
    int64_t n = active_in(m, at - 30 * KITH_DAY, at, seg);
    return kith_value_of((double)n, n);
}

kith_value kith_metric_stickiness(const kith_metrics *m, int64_t at, int seg)
{
    int64_t mam = active_in(m, at - 30 * KITH_DAY, at, seg);
    if (!mam)
        return kith_value_na("no member was active in the 30 days before the date");
    /* Daily active summed over the 30 days: each member counts once per
     * day with a community activity. */
    uint32_t comm = kith__m_community_types();
    int64_t member_days = 0;
    for (size_t i = 0; i < m->ds.nmembers; i++) {
        if (!kith__m_in(m, i, seg))
            continue;
        int32_t lo, hi;
        kith__m_range(m, i, at - 30 * KITH_DAY, at, &lo, &hi);
        int64_t last_day = INT64_MIN;
        for (int32_t k = lo; k < hi; k++) {
            const kith__act *a = &m->ds.acts[k];
            if (!((comm >> a->type) & 1u))
                continue;
            int64_t day = (at - a->t - 1) / KITH_DAY; /* 0 = the last day */
            if (day != last_day)
                member_days++;
            last_day = day;
        }
    }
    return kith_value_of((double)member_days / 30.0 / (double)mam, mam);
}

kith_value kith_metric_community_churn(const kith_metrics *m, kith_window p, int seg)
{
    kith_window q = kith_window_prev(p);
    uint32_t comm = kith__m_community_types();
    int64_t before = 0, gone = 0;
    for (size_t i = 0; i < m->ds.nmembers; i++) {
        if (!kith__m_in(m, i, seg) || m->first_comm[i] >= q.to)
            continue;
        if (!kith__m_count(m, i, comm, q.from, q.to))
            continue;
        before++;
        gone += kith__m_count(m, i, comm, p.from, p.to) == 0;
    }
    return kith__m_ratio(m, (double)gone, before,
                         "members engaged in the previous period");
}

/* Posts in p by counted members: n, answered within response_hours by
 * another member, and the delays to first replies (malloc'ed when want). */
static void replies(const kith_metrics *m, kith_window p, int64_t *posts,
                    int64_t *answered, double **delays, size_t *nd)
{
    int64_t limit = (int64_t)llround(m->p.response_hours * 3600.0);
    *posts = *answered = 0;
    *nd = 0;
    if (delays)
        *delays = malloc((m->ds.nacts ? m->ds.nacts : 1) * sizeof **delays);
    for (size_t i = 0; i < m->ds.nmembers; i++) {
        if (!kith__m_in(m, i, -1))
            continue;
        int32_t lo, hi;
        kith__m_range(m, i, p.from, p.to, &lo, &hi);
        for (int32_t k = lo; k < hi; k++) {
            if (m->ds.acts[k].type != KITH_AT_POST)
                continue;
            (*posts)++;
            int64_t d = m->first_reply[k];
            if (d < 0)
                continue;
            *answered += d <= limit;
            if (delays && *delays)
                (*delays)[(*nd)++] = (double)d / 3600.0;
        }
    }
}

kith_value kith_metric_response_rate(const kith_metrics *m, kith_window p)
{
    int64_t posts, answered;
    size_t nd;
    replies(m, p, &posts, &answered, NULL, &nd);
    return kith__m_ratio(m, (double)answered, posts, "posts in the period");
}

kith_value kith_metric_median_first_reply(const kith_metrics *m, kith_window p)
{
    int64_t posts, answered;
    double *d = NULL;
    size_t nd;
    replies(m, p, &posts, &answered, &d, &nd);
    if (!d)
        return kith_value_na("out of memory");
    kith_value v = kith__m_ratio(m, 0, (int64_t)nd, "posts with a reply in the period");
    if (v.ok)
        v = kith_value_of(kith__m_quantile(d, nd, 0.5), (int64_t)nd);
    free(d);
    return v;
}

static int cmp_desc(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x > y ? -1 : x < y;
}

kith_value kith_metric_dependency_factor(const kith_metrics *m, kith_window p)
{
    uint32_t comm = kith__m_community_types();
    int64_t *c = malloc((m->ds.nmembers ? m->ds.nmembers : 1) * sizeof *c);
    if (!c)
        return kith_value_na("out of memory");
    size_t n = 0;
    int64_t total = 0;
    for (size_t i = 0; i < m->ds.nmembers; i++) {
        if (!kith__m_in(m, i, -1))
            continue;
        int64_t k = kith__m_count(m, i, comm, p.from, p.to);
        if (k) {
            c[n++] = k;
            total += k;
        }
    }
    kith_value v = kith_value_na("no community activity in the period");
    if (total) {
        qsort(c, n, sizeof *c, cmp_desc);
        int64_t sum = 0;
        size_t k = 0;
        /* Smallest k with sum * 2 >= total: integer test, no rounding. */
        while (k < n && sum * 2 < total)
            sum += c[k++];
        v = kith_value_of((double)k, total);
    }
    free(c);
    return v;
}
