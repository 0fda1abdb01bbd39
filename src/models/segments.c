/* Customer segments (include/kith/segments.h, docs/segments.md): the
 * features of each customer read from the metrics snapshot (so money is
 * what the snapshot holds: the org currency), RFM segments, k-means
 * clusters of the standardised features with k chosen by silhouette, the
 * words that describe a cluster, and the public API around the result. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeparse.h"
#include "metrics/metrics_int.h"
#include "models/models_int.h"
#include "models/segments_int.h"
#include "store/store_int.h"

const char *const kith__feat_names[KITH__NFEAT] = {
    "recency_days", "purchases", "spend", "tenure_days",
    "love",         "events",    "forum", "contributions"};
/* k-means takes log(1 + x) of the counts, the spend and the love: they are
 * heavy-tailed, and a few big customers would otherwise be the clusters. */
const int kith__feat_log[KITH__NFEAT] = {0, 1, 1, 0, 1, 1, 1, 1};
/* What sets a cluster apart, when its centre is high / low on a feature. */
static const char *const feat_high[KITH__NFEAT] = {
    "lapsed buyers",       "frequent buyers",
    "big spenders",        "long-standing customers",
    "highly engaged",      "regulars at events",
    "active in the forum", "volunteer, donate or refer"};
static const char *const feat_low[KITH__NFEAT] = {
    "recent buyers",  "rare buyers",      "small spenders",      "new customers",
    "barely engaged", "rarely at events", "rarely in the forum", "rarely contribute"};
/* A standardised centre this far from 0 is worth a word. */
#define WORD_Z 0.5

/* ------------------------------------------------------------ features */

typedef struct cust {
    size_t member; /* index into the snapshot's members */
    int64_t days;  /* whole days since the last purchase */
    int64_t cents; /* spend in cents */
    double f[KITH__NFEAT];
} cust;

/* The customers of m at its as_of (not left out as team or bot) with
 * their features. O(activities). */
static kith_code customers(const kith_metrics *m, cust **out, size_t *n, kith_error *err)
{
    const kith__dataset *ds = &m->ds;
    size_t c = 0;
    for (size_t i = 0; i < ds->nmembers; i++)
        c += !m->excl[i] && m->first_purchase[i] != KITH_NO_TIME;
    cust *v = calloc(c ? c : 1, sizeof *v);
    if (!v)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < ds->nmembers; i++) {
        if (m->excl[i] || m->first_purchase[i] == KITH_NO_TIME)
            continue;
        const kith__mem *mm = &ds->members[i];
        cust *u = &v[k++];
        int64_t last = m->first_purchase[i];
        double spend = 0;
        u->member = i;
        for (int32_t a = mm->first_act; a < mm->first_act + mm->nact; a++) {
            const kith__act *x = &ds->acts[a];
            if (x->t >= m->as_of)
                break;
            switch (x->type) {
            case KITH_AT_PURCHASE:
                u->f[KITH__F_PURCHASES]++;
                spend += x->has_value ? x->value : 0;
                last = x->t;
                break;
            case KITH_AT_REFUND:
                spend -= x->has_value ? x->value : 0;
                break;
            case KITH_AT_EVENT_ATTEND:
            case KITH_AT_WORKSHOP:
                u->f[KITH__F_EVENTS]++;
                break;
            case KITH_AT_POST:
            case KITH_AT_REPLY:
            case KITH_AT_REACTION:
            case KITH_AT_MENTION:
                u->f[KITH__F_FORUM]++;
                break;
            case KITH_AT_VOLUNTEER:
            case KITH_AT_DONATION:
            case KITH_AT_IDEA:
            case KITH_AT_FEEDBACK:
            case KITH_AT_REVIEW:
            case KITH_AT_REFERRAL:
                u->f[KITH__F_CONTRIB]++;
                break;
            default:
                break;
            }
        }
        u->days = (m->as_of - last) / KITH_DAY;
        u->cents = llround(spend * 100.0);
        u->f[KITH__F_RECENCY] = (double)(m->as_of - last) / KITH_DAY;
        u->f[KITH__F_SPEND] = spend;
        u->f[KITH__F_TENURE] = (double)(m->as_of - m->first_purchase[i]) / KITH_DAY;
        u->f[KITH__F_LOVE] = kith__m_love(m, i, m->as_of);
    }
    *out = v;
    *n = c;
    return KITH_OK;
}

/* ------------------------------------------------------------ result */

static kith_code result_new(const kith_metrics *m, const kith_segments_opts *o, int nseg,
                            kith_segments **out, kith_error *err)
{
    kith_segments *s = calloc(1, sizeof *s);
    size_t nm = m->ds.nmembers ? m->ds.nmembers : 1;
    if (s) {
        s->ids = malloc(nm * sizeof *s->ids);
        s->seg = malloc(nm * sizeof *s->seg);
        s->segs = calloc((size_t)nseg, sizeof *s->segs);
    }
    if (!s || !s->ids || !s->seg || !s->segs) {
        kith_segments_free(s);
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    }
    s->method = o->method;
    s->opts = *o;
    s->as_of = m->as_of;
    s->nmembers = m->ds.nmembers;
    s->nseg = nseg;
    for (size_t i = 0; i < m->ds.nmembers; i++) {
        s->ids[i] = m->ds.members[i].id;
        s->seg[i] = -1;
    }
    *out = s;
    return KITH_OK;
}

/* Counts and means of the raw features per segment. */
static void tally(kith_segments *s, const cust *v, size_t n)
{
    s->ncust = n;
    for (size_t i = 0; i < n; i++) {
        kith__seg *g = &s->segs[s->seg[v[i].member]];
        g->customers++;
        g->spend_total += v[i].f[KITH__F_SPEND];
        for (int j = 0; j < KITH__NFEAT; j++)
            g->mean[j] += v[i].f[j];
    }
    for (int g = 0; g < s->nseg; g++)
        for (int j = 0; j < KITH__NFEAT && s->segs[g].customers; j++)
            s->segs[g].mean[j] /= (double)s->segs[g].customers;
}

/* ------------------------------------------------------------ RFM */

static kith_code build_rfm(const kith_metrics *m, const kith_segments_opts *o,
                           const cust *v, size_t n, kith_segments **out, kith_error *err)
{
    char day[32];
    if (n < 5)
        return kith_error_set(err, KITH_ENODATA,
                              "RFM needs at least 5 customers (one per quintile); there "
                              "%s %zu before %s",
                              n == 1 ? "is" : "are", n, kith__time_date(m->as_of, day));
    kith_segments *s = NULL;
    int64_t *keys = malloc(3 * n * sizeof *keys);
    uint8_t *sc = malloc(3 * n);
    kith_code rc = keys && sc ? result_new(m, o, KITH__RFM_NSEG, &s, err)
                              : kith_error_set(err, KITH_ENOMEM, "out of memory");
    if (rc == KITH_OK && !(s->score = calloc(s->nmembers ? 3 * s->nmembers : 1, 1)))
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
    if (rc != KITH_OK)
        goto done;
    for (size_t i = 0; i < n; i++) {
        keys[i] = v[i].days;
        keys[n + i] = (int64_t)v[i].f[KITH__F_PURCHASES];
        keys[2 * n + i] = v[i].cents;
    }
    rc = kith__rfm_scores(keys, keys + n, keys + 2 * n, n, sc, sc + n, sc + 2 * n, err);
    if (rc != KITH_OK)
        goto done;
    for (int g = 0; g < KITH__RFM_NSEG; g++) {
        snprintf(s->segs[g].name, sizeof s->segs[g].name, "%s", kith__rfm_names[g]);
        snprintf(s->segs[g].description, sizeof s->segs[g].description, "%s",
                 kith__rfm_rules[g]);
    }
    for (size_t i = 0; i < n; i++) {
        size_t mi = v[i].member;
        s->score[3 * mi] = sc[i];
        s->score[3 * mi + 1] = sc[n + i];
        s->score[3 * mi + 2] = sc[2 * n + i];
        s->seg[mi] = (int16_t)kith__rfm_segment(sc[i], sc[n + i], sc[2 * n + i]);
    }
    tally(s, v, n);
done:
    free(keys);
    free(sc);
    if (rc != KITH_OK) {
        kith_segments_free(s);
        s = NULL;
    }
    *out = s;
    return rc;
}

/* ------------------------------------------------------------ k-means */

/* Words for a cluster: the features its standardised centre is farthest
 * from the mean on (|z| >= WORD_Z, at most three, farthest first); a
 * cluster low on every community feature, with a mean love below level 1,
 * is also "rarely in the community". */
static void describe(const kith_segments *s, kith__seg *g, double level1)
{
    int order[KITH__NFEAT], n = 0;
    for (int j = 0; j < KITH__NFEAT; j++)
        if (s->used[j] && fabs(g->centre[j]) >= WORD_Z)
            order[n++] = j;
    for (int a = 1; a < n; a++)
        for (int b = a;
             b > 0 && fabs(g->centre[order[b]]) > fabs(g->centre[order[b - 1]]); b--) {
            int t = order[b];
            order[b] = order[b - 1];
            order[b - 1] = t;
        }
    if (n > 3)
        n = 3;
    char *d = g->description;
    size_t cap = sizeof g->description, len = 0;
    int community_named = 0, community_low = 1;
    d[0] = 0;
    for (int i = 0; i < n; i++) {
        int j = order[i];
        community_named |= j >= KITH__F_LOVE;
        len += (size_t)snprintf(d + len, len < cap ? cap - len : 0, "%s%s", i ? ", " : "",
                                g->centre[j] > 0 ? feat_high[j] : feat_low[j]);
    }
    for (int j = KITH__F_LOVE; j < KITH__NFEAT; j++)
        if (s->used[j] && g->centre[j] >= 0)
            community_low = 0;
    if (!community_named && community_low && g->mean[KITH__F_LOVE] < level1)
        snprintf(d + len, len < cap ? cap - len : 0, "%srarely in the community",
                 n ? ", " : "");
    if (!d[0])
        snprintf(d, cap, "close to the average customer");
}

/* The fit with k given, or the best k of KMIN..KMAX by silhouette. */
static kith_code fit(kith_segments *s, const double *z, size_t n, size_t d,
                     const kith_segments_opts *o, kith_kmeans_result *best,
                     kith_error *err)
{
    kith_kmeans_opts ko;
    memset(&ko, 0, sizeof ko);
    ko.restarts = s->restarts;
    ko.seed = s->seed;
    size_t rows = n > KITH__SIL_SAMPLE ? KITH__SIL_SAMPLE : n;
    size_t *pick = rows < n ? kith__sample_rows(n, rows, s->seed) : NULL;
    double *zs = rows < n ? malloc(rows * d * sizeof *zs) : NULL;
    int32_t *lab = malloc(rows * sizeof *lab);
    kith_kmeans_result fits[KITH__KMAX];
    const int32_t *labs[KITH__KMAX];
    int nfit = 0;
    kith_code rc = KITH_OK;
    memset(fits, 0, sizeof fits);
    if ((rows < n && (!pick || !zs)) || !lab) {
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; pick && i < rows; i++)
        memcpy(zs + i * d, z + pick[i] * d, d * sizeof *zs);
    const double *zr = zs ? zs : z; /* the rows of the silhouettes */
    s->sample = rows;
    if (o->k > 0) {
        ko.k = o->k;
        kith_error e2;
        kith_error_clear(&e2);
        rc = kith_kmeans(z, n, d, &ko, best, &e2);
        if (rc != KITH_OK && rc != KITH_EINPUT) /* EINPUT: the caller words it */
            kith_error_set(err, rc, "%s", e2.msg);
        if (rc != KITH_OK)
            goto done;
        /* The silhouette of the kept clustering, on the same sample. */
        for (size_t i = 0; i < rows; i++)
            lab[i] = best->labels[pick ? pick[i] : i];
        kith_error ignore;
        s->silhouette = NAN;
        if ((size_t)o->k < rows &&
            kith_silhouette(zr, rows, d, lab, o->k, &s->silhouette, &ignore) != KITH_OK)
            s->silhouette = NAN;
        goto done;
    }
    /* k chosen: fit each k on the sample (all rows when few), score all
     * fits in one pass over the pairs, keep the best (ties: fewer). */
    for (int k = KITH__KMIN; k <= KITH__KMAX && (size_t)k < rows; k++) {
        kith_error e2;
        kith_error_clear(&e2);
        ko.k = k;
        kith_code r2 = kith_kmeans(zr, rows, d, &ko, &fits[nfit], &e2);
        if (r2 == KITH_EINPUT)
            break; /* fewer distinct customers than k: larger k cannot do */
        if (r2 != KITH_OK) {
            rc = kith_error_set(err, r2, "%s", e2.msg);
            goto done;
        }
        s->ks[nfit] = k;
        labs[nfit] = fits[nfit].labels;
        nfit++;
    }
    if (!nfit) {
        rc = kith_error_set(err, KITH_ENODATA,
                            "k-means: the customers have fewer than 2 distinct feature "
                            "vectors (docs/segments.md); nothing to cluster");
        goto done;
    }
    s->nk = nfit;
    rc = kith__silhouette_multi(zr, rows, d, nfit, labs, s->ks, s->sil, err);
    if (rc != KITH_OK)
        goto done;
    int b = 0;
    for (int i = 1; i < nfit; i++)
        if (s->sil[i] > s->sil[b])
            b = i;
    s->silhouette = s->sil[b];
    if (rows == n) {
        *best = fits[b];
        memset(&fits[b], 0, sizeof fits[b]);
    } else {
        ko.k = s->ks[b];
        rc = kith_kmeans(z, n, d, &ko, best, err);
    }
done:
    for (int i = 0; i < nfit; i++)
        kith_kmeans_result_free(&fits[i]);
    free(pick);
    free(zs);
    free(lab);
    return rc;
}

static kith_code build_kmeans(const kith_metrics *m, const kith_segments_opts *o,
                              const cust *v, size_t n, kith_segments **out,
                              kith_error *err)
{
    char day[32];
    *out = NULL;
    if (o->k > 0 && (size_t)o->k > n)
        return kith_error_set(err, KITH_ENODATA,
                              "k = %d is more than the %zu customers before %s; ask for "
                              "at most %zu clusters",
                              o->k, n, kith__time_date(m->as_of, day), n);
    if (o->k > KITH__KMEANS_MAX_K)
        return kith_error_set(err, KITH_EUSAGE, "k = %d: at most %d clusters", o->k,
                              KITH__KMEANS_MAX_K);
    if (n < 3 && o->k == 0)
        return kith_error_set(err, KITH_ENODATA,
                              "k-means needs at least 3 customers to choose k; there %s "
                              "%zu before %s",
                              n == 1 ? "is" : "are", n, kith__time_date(m->as_of, day));
    /* The transformed features; constant ones are left out (named in the
     * result), and if every one is constant there is nothing to cluster. */
    double *x = malloc((n ? n : 1) * KITH__NFEAT * sizeof *x);
    double *z = malloc((n ? n : 1) * KITH__NFEAT * sizeof *z);
    kith_segments *s = NULL;
    kith_kmeans_result r;
    memset(&r, 0, sizeof r);
    kith_code rc = x && z ? KITH_OK : kith_error_set(err, KITH_ENOMEM, "out of memory");
    if (rc != KITH_OK)
        goto done;
    for (size_t i = 0; i < n; i++)
        for (int j = 0; j < KITH__NFEAT; j++)
            x[i * KITH__NFEAT + j] =
                kith__feat_log[j] ? log1p(fmax(0.0, v[i].f[j])) : v[i].f[j];
    int used[KITH__NFEAT], d = 0;
    for (int j = 0; j < KITH__NFEAT; j++) {
        used[j] = 0;
        for (size_t i = 1; i < n && !used[j]; i++)
            used[j] = x[i * KITH__NFEAT + j] != x[j];
        d += used[j];
    }
    if (!d) {
        rc = kith_error_set(err, KITH_ENODATA,
                            "k-means: every feature (recency, purchases, spend, tenure, "
                            "engagement) is the same for all %zu customers; nothing to "
                            "cluster",
                            n);
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        for (int j = 0, c = 0; j < KITH__NFEAT; j++)
            if (used[j])
                z[i * (size_t)d + (size_t)c++] = x[i * KITH__NFEAT + j];
    double mean[KITH__NFEAT], sd[KITH__NFEAT];
    kith_error e2;
    kith_error_clear(&e2);
    if (kith_standardise(z, n, (size_t)d, mean, sd, &e2) != KITH_OK)
        rc = kith_error_set(err, e2.code == KITH_EINPUT ? KITH_ENODATA : e2.code,
                            "k-means: a feature varies too little to be standardised "
                            "(%s)",
                            e2.msg);
    if (rc == KITH_OK)
        rc = result_new(m, o, 1, &s, err);
    if (rc != KITH_OK)
        goto done;
    s->restarts = o->restarts > 0 ? o->restarts : 10;
    s->seed = o->seed ? o->seed : 1;
    s->k_given = o->k > 0;
    for (int j = 0, c = 0; j < KITH__NFEAT; j++) {
        s->used[j] = used[j];
        if (used[j]) {
            s->fmean[j] = mean[c];
            s->fsd[j] = sd[c++];
        }
    }
    rc = fit(s, z, n, (size_t)d, o, &r, err);
    if (rc == KITH_EINPUT) /* fewer distinct customers than the k asked */
        rc = kith_error_set(err, KITH_ENODATA,
                            "k = %d: the customers have fewer than %d distinct feature "
                            "vectors; ask for fewer clusters",
                            o->k, o->k);
    if (rc != KITH_OK)
        goto done;
    kith__seg *segs = calloc((size_t)r.k, sizeof *segs);
    if (!segs) {
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
        goto done;
    }
    free(s->segs);
    s->segs = segs;
    s->nseg = s->k = r.k;
    s->inertia = r.inertia;
    s->iterations = r.iterations;
    for (size_t i = 0; i < n; i++)
        s->seg[v[i].member] = (int16_t)r.labels[i];
    tally(s, v, n);
    for (int g = 0; g < r.k; g++) {
        kith__seg *sg = &s->segs[g];
        snprintf(sg->name, sizeof sg->name, "cluster %d", g + 1);
        for (int j = 0, c = 0; j < KITH__NFEAT; j++)
            if (used[j])
                sg->centre[j] = r.centres[(size_t)g * (size_t)d + (size_t)c++];
        describe(s, sg, m->p.levels[0]);
    }
done:
    kith_kmeans_result_free(&r);
    free(x);
    free(z);
    if (rc != KITH_OK) {
        kith_segments_free(s);
        s = NULL;
    }
    *out = s;
    return rc;
}

/* ------------------------------------------------------------ entry points */

kith_code kith__seg_build(const kith_metrics *m, const kith_segments_opts *o,
                          kith_segments **out, kith_error *err)
{
    *out = NULL;
    if (o->method == KITH_SEG_KMEANS && (o->k == 1 || o->k < 0))
        return kith_error_set(err, KITH_EUSAGE,
                              "k = %d: k-means needs k >= 2 clusters (or none, to "
                              "choose k by silhouette)",
                              o->k);
    if (o->method != KITH_SEG_RFM && o->method != KITH_SEG_KMEANS)
        return kith_error_set(err, KITH_EUSAGE, "unknown segment method %d",
                              (int)o->method);
    cust *v = NULL;
    size_t n = 0;
    kith_code rc = customers(m, &v, &n, err);
    if (rc == KITH_OK)
        rc = o->method == KITH_SEG_RFM ? build_rfm(m, o, v, n, out, err)
                                       : build_kmeans(m, o, v, n, out, err);
    free(v);
    return rc;
}

kith_code kith_segments_compute(kith_store *st, int64_t org_id,
                                const kith_segments_opts *opts, kith_segments **out,
                                kith_error *err)
{
    kith_segments_opts o;
    memset(&o, 0, sizeof o);
    if (opts)
        o = *opts;
    *out = NULL;
    kith_metrics_opts mo;
    memset(&mo, 0, sizeof mo);
    mo.as_of = o.as_of;
    mo.include_team = o.include_team;
    kith_metrics *m = NULL;
    kith_code rc = kith_metrics_open(st, org_id, &mo, &m, err);
    if (rc == KITH_OK)
        rc = kith__seg_build(m, &o, out, err);
    kith_org org;
    kith_error ignore;
    if (rc == KITH_OK && kith__st_org_by_id(st, org_id, &org, &ignore) == KITH_OK)
        snprintf((*out)->currency, sizeof(*out)->currency, "%s", org.currency);
    kith_metrics_close(m);
    return rc;
}

void kith_segments_free(kith_segments *s)
{
    if (!s)
        return;
    free(s->ids);
    free(s->seg);
    free(s->score);
    free(s->segs);
    free(s);
}

/* ------------------------------------------------------------ reading */

kith_seg_method kith_segments_method(const kith_segments *s)
{
    return s->method;
}

int kith_segments_count(const kith_segments *s)
{
    return s->nseg;
}

int64_t kith_segments_customers(const kith_segments *s)
{
    return (int64_t)s->ncust;
}

int64_t kith_segments_as_of(const kith_segments *s)
{
    return s->as_of;
}

kith_segment_info kith_segments_info(const kith_segments *s, int seg)
{
    kith_segment_info i;
    memset(&i, 0, sizeof i);
    if (seg < 0 || seg >= s->nseg)
        return i;
    const kith__seg *g = &s->segs[seg];
    i.name = g->name;
    i.description = g->description;
    i.customers = g->customers;
    i.share = s->ncust ? (double)g->customers / (double)s->ncust : 0;
    i.recency_days = g->mean[KITH__F_RECENCY];
    i.purchases = g->mean[KITH__F_PURCHASES];
    i.spend = g->mean[KITH__F_SPEND];
    i.love = g->mean[KITH__F_LOVE];
    return i;
}

int kith_segments_k(const kith_segments *s)
{
    return s->method == KITH_SEG_KMEANS ? s->k : 0;
}

double kith_segments_inertia(const kith_segments *s)
{
    return s->method == KITH_SEG_KMEANS ? s->inertia : 0;
}

double kith_segments_silhouette(const kith_segments *s)
{
    return s->method == KITH_SEG_KMEANS ? s->silhouette : 0;
}

int kith_segments_member(const kith_segments *s, int64_t member_id)
{
    size_t lo = 0, hi = s->nmembers;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->ids[mid] < member_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->nmembers && s->ids[lo] == member_id ? s->seg[lo] : -1;
}

const char *kith_segments_member_name(const kith_segments *s, int64_t member_id)
{
    int g = kith_segments_member(s, member_id);
    return g >= 0 ? s->segs[g].name : NULL;
}

int kith_segments_find(const kith_segments *s, const char *name)
{
    for (int g = 0; name && g < s->nseg; g++) {
        const char *a = s->segs[g].name, *b = name;
        while (*a && (*a == *b || (*a == ' ' && (*b == '_' || *b == '-')))) {
            a++;
            b++;
        }
        if (!*a && !*b)
            return g;
    }
    return -1;
}
