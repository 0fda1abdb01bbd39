/* The KPI engine's core: opening (load the snapshot and parameters, then
 * per-member facts every family needs), segments, and the helpers that
 * scan a member's time-ordered activities. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeparse.h"
#include "metrics/metrics_int.h"
#include "models/segments_int.h"
#include "store/st_query.h"
#include "store/store_int.h"

/* ------------------------------------------------------------ helpers */

kith_window kith_window_prev(kith_window w)
{
    kith_window p = {w.from - (w.to - w.from), w.from};
    return p;
}

static int32_t lower_bound(const kith__act *a, int32_t lo, int32_t hi, int64_t t)
{
    while (lo < hi) {
        int32_t mid = lo + (hi - lo) / 2;
        if (a[mid].t < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void kith__m_range(const kith_metrics *m, size_t member, int64_t from, int64_t to,
                   int32_t *lo, int32_t *hi)
{
    const kith__mem *mm = &m->ds.members[member];
    int32_t a = mm->first_act, b = mm->first_act + mm->nact;
    *lo = lower_bound(m->ds.acts, a, b, from);
    *hi = lower_bound(m->ds.acts, *lo, b, to);
}

int64_t kith__m_count(const kith_metrics *m, size_t member, uint32_t types, int64_t from,
                      int64_t to)
{
    int32_t lo, hi;
    kith__m_range(m, member, from, to, &lo, &hi);
    int64_t n = 0;
    for (int32_t k = lo; k < hi; k++)
        n += (types >> m->ds.acts[k].type) & 1u;
    return n;
}

uint32_t kith__m_community_types(void)
{
    uint32_t t = 0;
    for (int i = 0; i < KITH_AT__N; i++)
        if (kith__at_is_community(i))
            t |= KITH_T(i);
    return t;
}

kith_value kith__m_ratio(const kith_metrics *m, double num, int64_t den, const char *what)
{
    if (den == 0)
        return kith_value_na("no %s", what);
    if ((double)den < m->p.min_n)
        return kith_value_na("only %lld %s (fewer than min_n = %g)", (long long)den, what,
                             m->p.min_n);
    return kith_value_of(num / (double)den, den);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

double kith__m_quantile(double *v, size_t n, double q)
{
    qsort(v, n, sizeof *v, cmp_double);
    double pos = q * (double)(n - 1);
    size_t i = (size_t)floor(pos);
    double frac = pos - (double)i;
    if (i + 1 >= n)
        return v[n - 1];
    return v[i] + (v[i + 1] - v[i]) * frac;
}

double kith__m_love(const kith_metrics *m, size_t i, int64_t t)
{
    const kith__mem *mm = &m->ds.members[i];
    double s = 0;
    for (int32_t k = mm->first_act; k < mm->first_act + mm->nact; k++) {
        const kith__act *a = &m->ds.acts[k];
        if (a->t >= t)
            break;
        double w = m->p.weights[a->type];
        if (w == 0 || !kith__at_is_community(a->type))
            continue;
        double age_days = (double)(t - a->t) / KITH_DAY;
        s += w * pow(0.5, age_days / m->p.half_life);
    }
    return s;
}

/* ------------------------------------------------------------ per member facts */

static void member_facts(kith_metrics *m)
{
    const kith__dataset *ds = &m->ds;
    for (size_t i = 0; i < ds->nmembers; i++) {
        const kith__mem *mm = &ds->members[i];
        m->first_purchase[i] = m->first_comm[i] = m->last_referral_in[i] = KITH_NO_TIME;
        for (int32_t k = mm->first_act; k < mm->first_act + mm->nact; k++) {
            const kith__act *a = &ds->acts[k];
            if (a->t >= m->as_of)
                break;
            if (a->type == KITH_AT_PURCHASE && m->first_purchase[i] == KITH_NO_TIME)
                m->first_purchase[i] = a->t;
            if (kith__at_is_community(a->type) && m->first_comm[i] == KITH_NO_TIME) {
                m->first_comm[i] = a->t;
                m->first_comm_type[i] = a->type;
            }
        }
    }
    for (size_t k = 0; k < ds->nacts; k++) {
        const kith__act *a = &ds->acts[k];
        m->type_seen[a->type] = 1;
        m->first_reply[k] = -1;
        if (a->type == KITH_AT_REFERRAL && a->target >= 0 && a->t < m->as_of) {
            int64_t fp = m->first_purchase[a->target];
            int64_t *r = &m->last_referral_in[a->target];
            if (fp != KITH_NO_TIME && a->t <= fp && (*r == KITH_NO_TIME || a->t > *r))
                *r = a->t;
        }
    }
    /* First reply by another member to each activity (posts mostly). */
    for (size_t k = 0; k < ds->nacts; k++) {
        const kith__act *a = &ds->acts[k];
        if (a->type != KITH_AT_REPLY || a->parent < 0)
            continue;
        const kith__act *p = &ds->acts[a->parent];
        if (a->member == p->member || a->t < p->t)
            continue;
        int64_t d = a->t - p->t;
        if (m->first_reply[a->parent] < 0 || d < m->first_reply[a->parent])
            m->first_reply[a->parent] = d;
    }
    for (size_t k = 0; k < ds->nideas; k++)
        if (ds->ideas[k].origin_activity >= 0)
            m->idea_linked[ds->ideas[k].origin_activity] = 1;
}

/* ------------------------------------------------------------ segments */

static int seg_index(kith_metrics *m, const char *name)
{
    for (int s = 0; s < m->nseg; s++)
        if (!strcmp(m->segnames[s], name))
            return s;
    if (m->nseg == KITH_MAX_SEGMENTS - 1) {
        /* Keep the last slot for everything beyond the cap. */
        if (m->nseg < KITH_MAX_SEGMENTS && strcmp(m->segnames[m->nseg], "(other)")) {
            snprintf(m->segnames[m->nseg], sizeof m->segnames[0], "(other)");
            m->nseg++;
        }
        return KITH_MAX_SEGMENTS - 1;
    }
    snprintf(m->segnames[m->nseg], sizeof m->segnames[0], "%s", name);
    return m->nseg++;
}

/* The channel of most of the member's community activities before as_of;
 * ties go to the name that sorts first. counts is a zeroed scratch array
 * of nchannels, left zeroed. O(activities of the member). */
static int main_channel(const kith_metrics *m, size_t i, int64_t *counts)
{
    const kith__mem *mm = &m->ds.members[i];
    int best = -1;
    for (int32_t k = mm->first_act; k < mm->first_act + mm->nact; k++) {
        const kith__act *a = &m->ds.acts[k];
        if (a->t < m->as_of && a->channel >= 0 && kith__at_is_community(a->type))
            counts[a->channel]++;
    }
    for (int32_t k = mm->first_act; k < mm->first_act + mm->nact; k++) {
        int c = m->ds.acts[k].channel;
        if (c < 0 || !counts[c])
            continue;
        if (best < 0 || counts[c] > counts[best] ||
            (counts[c] == counts[best] &&
             strcmp(kith__ds_str(&m->ds, m->ds.channels[c]),
                    kith__ds_str(&m->ds, m->ds.channels[best])) < 0))
            best = c;
    }
    for (int32_t k = mm->first_act; k < mm->first_act + mm->nact; k++)
        if (m->ds.acts[k].channel >= 0 && best >= 0 && m->ds.acts[k].channel != best)
            counts[m->ds.acts[k].channel] = 0;
    if (best >= 0)
        counts[best] = 0;
    return best;
}

/* RFM segments (rfm) or k-means clusters (cluster: k by silhouette,
 * cluster:<k>) of the customers at as_of (src/models/, docs/segments.md);
 * members who are not customers are "not a customer". A cluster's name
 * carries its description ("cluster 1: frequent buyers, ..."). */
static kith_code model_segments(kith_metrics *m, const char *spec, kith_error *err)
{
    kith_segments_opts o;
    memset(&o, 0, sizeof o);
    o.method = strcmp(spec, "rfm") ? KITH_SEG_KMEANS : KITH_SEG_RFM;
    if (!strncmp(spec, "cluster:", 8)) {
        char *end;
        long k = strtol(spec + 8, &end, 10);
        if (end == spec + 8 || *end || k < 2 || k > 64)
            return kith_error_set(err, KITH_EUSAGE,
                                  "--segment '%s': the number of clusters must be a "
                                  "whole number from 2 to 64 (or 'cluster' alone, to "
                                  "choose it by silhouette)",
                                  spec);
        o.k = (int)k;
    }
    kith_segments *sg = NULL;
    kith_code rc = kith__seg_build(m, &o, &sg, err);
    if (rc != KITH_OK)
        return rc;
    int base = m->nseg;
    for (int g = 0; g < sg->nseg; g++) {
        char name[sizeof m->segnames[0]];
        if (o.method == KITH_SEG_KMEANS)
            snprintf(name, sizeof name, "%s: %s", sg->segs[g].name,
                     sg->segs[g].description);
        else
            snprintf(name, sizeof name, "%s", sg->segs[g].name);
        seg_index(m, name);
    }
    int none = seg_index(m, "not a customer");
    for (size_t i = 0; i < m->ds.nmembers; i++)
        m->segmask[i] = (uint64_t)1 << (sg->seg[i] >= 0 ? base + sg->seg[i] : none);
    kith_segments_free(sg);
    return KITH_OK;
}

static kith_code build_segments(kith_metrics *m, const char *spec, kith_error *err)
{
    static const char *const kinds[] = {"customer",  "employee", "supplier", "partner",
                                        "local_org", "online",   "other"};
    m->segmask = calloc(m->ds.nmembers ? m->ds.nmembers : 1, sizeof *m->segmask);
    if (!m->segmask)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    if (!strcmp(spec, "kind")) {
        for (int k = 0; k < 7; k++)
            seg_index(m, kinds[k]);
        seg_index(m, "(no kind)");
        for (size_t i = 0; i < m->ds.nmembers; i++) {
            unsigned kb = m->ds.members[i].kinds;
            m->segmask[i] = kb ? (uint64_t)kb : (uint64_t)1 << 7;
        }
    } else if (!strcmp(spec, "level")) {
        for (int l = 0; l < 5; l++)
            seg_index(m, kith_level_name(l));
        for (size_t i = 0; i < m->ds.nmembers; i++)
            m->segmask[i] = (uint64_t)1 << kith_level_of(m, kith__m_love(m, i, m->as_of));
    } else if (!strcmp(spec, "channel") || !strncmp(spec, "tag:", 4)) {
        int chan = !strcmp(spec, "channel");
        int64_t *counts = calloc(m->ds.nchannels + 1, sizeof *counts);
        if (!counts)
            return kith_error_set(err, KITH_ENOMEM, "out of memory");
        for (size_t i = 0; i < m->ds.nmembers; i++) {
            const char *name;
            if (chan) {
                int c = main_channel(m, i, counts);
                name = c >= 0 ? kith__ds_str(&m->ds, m->ds.channels[c]) : "(none)";
            } else {
                size_t off = m->ds.members[i].tag;
                name = off ? kith__ds_str(&m->ds, off) : "(none)";
            }
            m->segmask[i] = (uint64_t)1 << seg_index(m, name);
        }
        free(counts);
    } else if (!strcmp(spec, "rfm") || !strcmp(spec, "cluster") ||
               !strncmp(spec, "cluster:", 8)) {
        return model_segments(m, spec, err);
    } else {
        return kith_error_set(err, KITH_EUSAGE,
                              "--segment '%s' is not a segment: use kind, level, "
                              "channel, tag:<attribute>, rfm, cluster or cluster:<k>",
                              spec);
    }
    return KITH_OK;
}

int kith_metrics_nsegments(const kith_metrics *m)
{
    return m->nseg;
}

const char *kith_metrics_segment_name(const kith_metrics *m, int seg)
{
    return seg >= 0 && seg < m->nseg ? m->segnames[seg] : "all";
}

int64_t kith_metrics_members(const kith_metrics *m, int seg)
{
    int64_t n = 0;
    for (size_t i = 0; i < m->ds.nmembers; i++)
        n += kith__m_in(m, i, seg);
    return n;
}

int kith_metrics_nchannels(const kith_metrics *m)
{
    return (int)m->ds.nchannels;
}

const char *kith_metrics_channel_name(const kith_metrics *m, int i)
{
    return i >= 0 && (size_t)i < m->ds.nchannels ? kith__ds_str(&m->ds, m->ds.channels[i])
                                                 : "";
}

int64_t kith_metrics_as_of(const kith_metrics *m)
{
    return m->as_of;
}

/* ------------------------------------------------------------ open/close */

static kith_code alloc_arrays(kith_metrics *m, kith_error *err)
{
    size_t nm = m->ds.nmembers ? m->ds.nmembers : 1;
    size_t na = m->ds.nacts ? m->ds.nacts : 1;
    m->excl = calloc(nm, 1);
    m->bot = calloc(nm, 1);
    m->first_purchase = malloc(nm * sizeof(int64_t));
    m->first_comm = malloc(nm * sizeof(int64_t));
    m->first_comm_type = calloc(nm, 1);
    m->last_referral_in = malloc(nm * sizeof(int64_t));
    m->first_reply = malloc(na * sizeof(int64_t));
    m->idea_linked = calloc(na, 1);
    if (!m->excl || !m->bot || !m->first_purchase || !m->first_comm ||
        !m->first_comm_type || !m->last_referral_in || !m->first_reply || !m->idea_linked)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    return KITH_OK;
}

/* The org's time zone into m->tz ("UTC" when the org cannot be read). */
static void org_zone(kith_metrics *m, kith_store *st, int64_t org_id)
{
    kith_org org;
    kith_error ignore;
    if (kith__st_org_by_id(st, org_id, &org, &ignore) == KITH_OK)
        snprintf(m->tz, sizeof m->tz, "%s", org.timezone);
    else
        snprintf(m->tz, sizeof m->tz, "UTC");
}

kith_code kith_metrics_open(kith_store *st, int64_t org_id, const kith_metrics_opts *opts,
                            kith_metrics **out, kith_error *err)
{
    kith_metrics_opts none;
    memset(&none, 0, sizeof none);
    const kith_metrics_opts *o = opts ? opts : &none;
    *out = NULL;
    const char *tag =
        o->segment && !strncmp(o->segment, "tag:", 4) ? o->segment + 4 : NULL;
    if (tag && !*tag)
        return kith_error_set(
            err, KITH_EUSAGE,
            "--segment tag: needs an attribute name, as in tag:district");
    kith_metrics *m = calloc(1, sizeof *m);
    if (!m)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    kith_code rc = kith__params_load(st, org_id, &m->p, err);
    if (rc == KITH_OK)
        rc = kith__st_load_dataset(st, org_id, tag, &m->ds, err);
    if (rc == KITH_OK && m->ds.nacts == 0)
        rc = kith_error_set(err, KITH_ENODATA,
                            "the organisation has no activities yet; import some with "
                            "'kith import activities FILE' (or try 'kith demo')");
    if (rc == KITH_OK)
        rc = alloc_arrays(m, err);
    if (rc != KITH_OK)
        goto done;
    /* The default as_of: the org's first local midnight after the latest
     * activity, so the latest day is whole (METRICS.md "Time"). */
    org_zone(m, st, org_id);
    m->as_of = o->as_of ? o->as_of : kith__time_local_midnight_after(m->ds.latest, m->tz);
    for (size_t i = 0; i < m->ds.nmembers; i++) {
        unsigned f = m->ds.members[i].flags;
        m->bot[i] = (f & KITH_FLAG_BOT) != 0;
        m->excl[i] = !o->include_team && (f & (KITH_FLAG_TEAM | KITH_FLAG_BOT));
    }
    member_facts(m);
    if (o->segment)
        rc = build_segments(m, o->segment, err);
done:
    if (rc != KITH_OK)
        kith_metrics_close(m);
    else
        *out = m;
    return rc;
}

void kith_metrics_close(kith_metrics *m)
{
    if (!m)
        return;
    kith__ds_free(&m->ds);
    free(m->excl);
    free(m->bot);
    free(m->first_purchase);
    free(m->first_comm);
    free(m->first_comm_type);
    free(m->last_referral_in);
    free(m->first_reply);
    free(m->idea_linked);
    free(m->segmask);
    free(m->texts);
    free(m);
}
