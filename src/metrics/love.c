/* The engagement score ("love") and levels (METRICS.md "Engagement score"):
 * love at a date, levels 0-4, the top members, the level movement matrix
 * of a period and the at-risk members. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics/metrics_int.h"

int kith_level_of(const kith_metrics *m, double love)
{
    int level = 0;
    for (int l = 0; l < 4; l++)
        if (love >= m->p.levels[l])
            level = l + 1;
    return level;
}

const char *kith_level_name(int level)
{
    static const char *const names[] = {"0 inactive", "1 observer", "2 participant",
                                        "3 contributor", "4 champion"};
    return level >= 0 && level <= 4 ? names[level] : "";
}

static void fill_score(const kith_metrics *m, size_t i, double love, kith_member_score *s)
{
    memset(s, 0, sizeof *s);
    s->member_id = m->ds.members[i].id;
    snprintf(s->name, sizeof s->name, "%s", kith__ds_str(&m->ds, m->ds.members[i].name));
    s->love = love;
    s->level = kith_level_of(m, love);
    s->max_level = s->level;
}

static int cmp_love(const void *a, const void *b)
{
    const kith_member_score *x = a, *y = b;
    if (x->love != y->love)
        return x->love > y->love ? -1 : 1;
    return x->member_id < y->member_id ? -1 : x->member_id > y->member_id;
}

static int64_t last_comm_before(const kith_metrics *m, size_t i, int64_t at)
{
    int32_t lo, hi;
    kith__m_range(m, i, INT64_MIN, at, &lo, &hi);
    for (int32_t k = hi - 1; k >= lo; k--)
        if (kith__at_is_community(m->ds.acts[k].type))
            return m->ds.acts[k].t;
    return 0;
}

kith_code kith_metric_love_top(const kith_metrics *m, int64_t at, int seg, size_t limit,
                               kith_member_score **out, size_t *n, kith_error *err)
{
    kith_member_score *s = malloc((m->ds.nmembers ? m->ds.nmembers : 1) * sizeof *s);
    *out = NULL;
    *n = 0;
    if (!s)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < m->ds.nmembers; i++) {
        if (!kith__m_in(m, i, seg))
            continue;
        double love = kith__m_love(m, i, at);
        if (love <= 0)
            continue;
        fill_score(m, i, love, &s[k]);
        s[k++].last_activity = last_comm_before(m, i, at);
    }
    qsort(s, k, sizeof *s, cmp_love);
    *out = s;
    *n = limit && limit < k ? limit : k;
    return KITH_OK;
}

kith_value kith_metric_love_mean(const kith_metrics *m, int64_t at, int seg)
{
    double sum = 0;
    int64_t n = 0;
    for (size_t i = 0; i < m->ds.nmembers; i++) {
        if (!kith__m_in(m, i, seg) || m->first_comm[i] >= at)
            continue;
        sum += kith__m_love(m, i, at);
        n++;
    }
    return kith__m_ratio(m, sum, n, "members with community activity");
}

void kith_metric_levels(const kith_metrics *m, int64_t at, int seg, int64_t out[5])
{
    memset(out, 0, 5 * sizeof out[0]);
    for (size_t i = 0; i < m->ds.nmembers; i++)
        if (kith__m_in(m, i, seg) && m->first_comm[i] < at)
            out[kith_level_of(m, kith__m_love(m, i, at))]++;
}

void kith_metric_level_movement(const kith_metrics *m, kith_window p, int seg,
                                int64_t out[5][5])
{
    memset(out, 0, 25 * sizeof out[0][0]);
    for (size_t i = 0; i < m->ds.nmembers; i++) {
        if (!kith__m_in(m, i, seg) || m->first_comm[i] >= p.to)
            continue;
        int a = kith_level_of(m, kith__m_love(m, i, p.from));
        int b = kith_level_of(m, kith__m_love(m, i, p.to));
        out[a][b]++;
    }
}

/* Highest level of member i at any time in [from, at]: the score only
 * jumps at an activity and decays in between, so the maximum is at from
 * or just after an activity. */
static int max_level(const kith_metrics *m, size_t i, int64_t from, int64_t at)
{
    int best = kith_level_of(m, kith__m_love(m, i, from));
    const kith__mem *mm = &m->ds.members[i];
    double s = 0;
    int64_t last = 0;
    int started = 0;
    for (int32_t k = mm->first_act; k < mm->first_act + mm->nact; k++) {
        const kith__act *a = &m->ds.acts[k];
        if (a->t >= at)
            break;
        double w = m->p.weights[a->type];
        if (w == 0 || !kith__at_is_community(a->type))
            continue;
        s = started ? s * pow(0.5, (double)(a->t - last) / KITH_DAY / m->p.half_life) : 0;
        s += w;
        last = a->t;
        started = 1;
        if (a->t >= from) {
            int l = kith_level_of(m, s);
            if (l > best)
                best = l;
        }
    }
    return best;
}

kith_code kith_metric_at_risk(const kith_metrics *m, int64_t at, kith_member_score **out,
                              size_t *n, kith_error *err)
{
    kith_member_score *s = malloc((m->ds.nmembers ? m->ds.nmembers : 1) * sizeof *s);
    *out = NULL;
    *n = 0;
    if (!s)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    int64_t look = at - (int64_t)llround(m->p.at_risk_window * KITH_DAY);
    int64_t quiet = at - (int64_t)llround(m->p.inactive_days * KITH_DAY);
    uint32_t comm = kith__m_community_types();
    size_t k = 0;
    for (size_t i = 0; i < m->ds.nmembers; i++) {
        if (!kith__m_in(m, i, -1) || m->first_comm[i] >= at)
            continue;
        if (kith__m_count(m, i, comm, quiet, at) > 0)
            continue;
        int ml = max_level(m, i, look, at);
        if (ml < 3)
            continue;
        fill_score(m, i, kith__m_love(m, i, at), &s[k]);
        s[k].max_level = ml;
        s[k++].last_activity = last_comm_before(m, i, at);
    }
    qsort(s, k, sizeof *s, cmp_love);
    *out = s;
    *n = k;
    return KITH_OK;
}
