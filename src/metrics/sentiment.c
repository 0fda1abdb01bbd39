/* Brand sentiment (METRICS.md "Advocacy and voice"): the VADER compound of
 * every text of a community activity, summarised per window and channel,
 * the weekly or monthly series and the sentiment alert. Texts are read
 * from the store once per run and each distinct text is scored once (the
 * same text posted many times, like a bot's reminder, costs one score). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strmap.h"
#include "core/timeparse.h"
#include "kith/sentiment.h"
#include "metrics/metrics_int.h"
#include "store/st_query.h"

#define POS_MIN 0.05
#define NEG_MAX (-0.05)

/* ------------------------------------------------------------ loading */

typedef struct score_cache {
    kith_sentiment *vader;
    kith_strmap seen; /* text -> index into compound/scored */
    double *compound;
    uint8_t *scored;
    size_t n, cap;
} score_cache;

static kith_code cache_add(score_cache *c, const kith_sentiment_scores *r,
                           kith_error *err)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 256;
        double *cp = realloc(c->compound, cap * sizeof *cp);
        if (cp)
            c->compound = cp;
        uint8_t *sp = cp ? realloc(c->scored, cap) : NULL;
        if (!sp)
            return kith_error_set(err, KITH_ENOMEM, "out of memory scoring texts");
        c->scored = sp;
        c->cap = cap;
    }
    c->compound[c->n] = r->compound;
    c->scored[c->n] = (uint8_t)r->scored;
    c->n++;
    return KITH_OK;
}

/* Scores of text[0..len): from the cache when seen before. A text with a
 * NUL byte is not cached (the map's keys are C strings). */
static kith_code cached_score(score_cache *c, const char *text, size_t len,
                              double *compound, int *scored, kith_error *err)
{
    int64_t idx;
    int cacheable = strlen(text) == len;
    if (cacheable && kith__strmap_get(&c->seen, text, &idx)) {
        *compound = c->compound[idx];
        *scored = c->scored[idx];
        return KITH_OK;
    }
    kith_sentiment_scores r;
    kith_code rc = kith_sentiment_score(c->vader, text, len, &r, err);
    if (rc != KITH_OK)
        return rc;
    *compound = r.compound;
    *scored = r.scored;
    if (!cacheable)
        return KITH_OK;
    rc = cache_add(c, &r, err);
    if (rc == KITH_OK && kith__strmap_put(&c->seen, text, (int64_t)c->n - 1) != KITH_OK)
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory scoring texts");
    return rc;
}

typedef struct text_loader {
    kith_metrics *m;
    score_cache cache;
    kith_strmap chan; /* channel name -> index */
    size_t cap;
} text_loader;

static int32_t member_of(const kith__dataset *ds, int64_t id)
{
    size_t lo = 0, hi = ds->nmembers;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ds->members[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < ds->nmembers && ds->members[lo].id == id ? (int32_t)lo : -1;
}

static kith_code on_text(void *ud, const kith__text_row *r, kith_error *err)
{
    text_loader *L = ud;
    kith_metrics *m = L->m;
    int32_t member = member_of(&m->ds, r->member_id);
    int type = kith__at_from_name(r->type);
    if (member < 0 || type < 0)
        return KITH_OK; /* imported after the snapshot was taken */
    if (m->ntexts == L->cap) {
        size_t cap = L->cap ? L->cap * 2 : 1024;
        kith__text *p = realloc(m->texts, cap * sizeof *p);
        if (!p)
            return kith_error_set(err, KITH_ENOMEM, "out of memory loading texts");
        m->texts = p;
        L->cap = cap;
    }
    kith__text *t = &m->texts[m->ntexts];
    int64_t ch = -1;
    if (*r->channel && !kith__strmap_get(&L->chan, r->channel, &ch))
        ch = -1;
    int scored = 0;
    kith_code rc = cached_score(&L->cache, r->text, r->len, &t->compound, &scored, err);
    if (rc != KITH_OK)
        return rc;
    t->t = r->t;
    t->activity_id = r->activity_id;
    t->member = member;
    t->channel = (int32_t)ch;
    t->scored = (uint8_t)scored;
    t->type = (uint8_t)type;
    m->ntexts++;
    return KITH_OK;
}

static int cmp_text(const void *a, const void *b)
{
    const kith__text *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return (x->activity_id > y->activity_id) - (x->activity_id < y->activity_id);
}

/* The lexicon to use: the caller's, the org's config, the default. */
static const char *lexicon_path(const char *given, const char *configured)
{
    if (given && *given)
        return given;
    if (configured && *configured)
        return configured;
    return NULL; /* kith_sentiment_open's default */
}

kith_code kith_metrics_load_texts(kith_metrics *m, kith_store *st, int64_t org_id,
                                  const char *lexicon, kith_error *err)
{
    text_loader L;
    memset(&L, 0, sizeof L);
    L.m = m;
    kith__strmap_init(&L.cache.seen);
    kith__strmap_init(&L.chan);
    free(m->texts);
    m->texts = NULL;
    m->ntexts = 0;
    m->texts_loaded = 0;
    kith_code rc =
        kith_sentiment_open(lexicon_path(lexicon, m->p.lexicon), &L.cache.vader, err);
    for (size_t c = 0; rc == KITH_OK && c < m->ds.nchannels; c++)
        if (kith__strmap_put(&L.chan, kith__ds_str(&m->ds, m->ds.channels[c]),
                             (int64_t)c) != KITH_OK)
            rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
    if (rc == KITH_OK)
        rc = kith__st_texts(st, org_id, 0, 0, on_text, &L, err);
    if (rc == KITH_OK) {
        if (m->ntexts)
            qsort(m->texts, m->ntexts, sizeof *m->texts, cmp_text);
        m->texts_loaded = 1;
    } else {
        free(m->texts);
        m->texts = NULL;
        m->ntexts = 0;
    }
    kith_sentiment_close(L.cache.vader);
    kith__strmap_free(&L.cache.seen);
    kith__strmap_free(&L.chan);
    free(L.cache.compound);
    free(L.cache.scored);
    return rc;
}

int kith_metrics_has_texts(const kith_metrics *m)
{
    return m->texts_loaded;
}

/* ------------------------------------------------------------ metrics */

/* First text at or after t. */
static size_t text_lower(const kith_metrics *m, int64_t t)
{
    size_t lo = 0, hi = m->ntexts;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->texts[mid].t < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

typedef struct tally {
    int64_t texts, scored, pos, neg;
    double sum, sumsq;
} tally;

static int counted(const kith_metrics *m, const kith__text *t, int channel)
{
    return !m->excl[t->member] && (channel < 0 || t->channel == channel);
}

static void tally_add(tally *a, const kith__text *t)
{
    a->texts++;
    if (!t->scored)
        return;
    a->scored++;
    a->sum += t->compound;
    a->sumsq += t->compound * t->compound;
    a->pos += t->compound >= POS_MIN;
    a->neg += t->compound <= NEG_MAX;
}

static kith_sentiment_stats stats_of(const kith_metrics *m, const tally *a)
{
    kith_sentiment_stats s;
    memset(&s, 0, sizeof s);
    s.texts = a->texts;
    s.scored = a->scored;
    s.unscored = a->texts - a->scored;
    if (!m->texts_loaded) {
        s.mean = kith_value_na("texts were not scored (no sentiment lexicon)");
        s.positive = s.negative = s.net = s.mean;
        return s;
    }
    const char *what = "scored texts";
    s.mean = kith__m_ratio(m, a->sum, a->scored, what);
    s.positive = kith__m_ratio(m, (double)a->pos, a->scored, what);
    s.negative = kith__m_ratio(m, (double)a->neg, a->scored, what);
    s.net = kith__m_ratio(m, (double)(a->pos - a->neg), a->scored, what);
    return s;
}

kith_sentiment_stats kith_metric_sentiment(const kith_metrics *m, kith_window p,
                                           int channel)
{
    tally a;
    memset(&a, 0, sizeof a);
    for (size_t k = text_lower(m, p.from); k < m->ntexts && m->texts[k].t < p.to; k++)
        if (counted(m, &m->texts[k], channel))
            tally_add(&a, &m->texts[k]);
    return stats_of(m, &a);
}

/* ------------------------------------------------------------ series */

/* Start of the period holding t in the org's zone tz: Monday 00:00 local
 * or the 1st 00:00 local (METRICS.md "Time": days are the org's days). */
static int64_t period_start(kith_period_kind by, int64_t t, const char *tz)
{
    int y;
    unsigned mo, d;
    kith__time_local_civil(t, tz, &y, &mo, &d);
    if (by == KITH_BY_WEEK) {
        /* 1970-01-01 was a Thursday (3 days after Monday). */
        int64_t day = kith__days_from_civil(y, mo, d);
        kith__civil_from_days(day - (((day % 7) + 7 + 3) % 7), &y, &mo, &d);
        return kith__time_local_midnight(y, mo, d, tz);
    }
    return kith__time_local_midnight(y, mo, 1, tz);
}

/* The start of the period after the one starting at start. */
static int64_t period_next(kith_period_kind by, int64_t start, const char *tz)
{
    int y;
    unsigned mo, d;
    kith__time_local_civil(start, tz, &y, &mo, &d);
    if (by == KITH_BY_WEEK) {
        kith__civil_from_days(kith__days_from_civil(y, mo, d) + 7, &y, &mo, &d);
        return kith__time_local_midnight(y, mo, d, tz);
    }
    return kith__time_local_midnight(mo == 12 ? y + 1 : y, mo == 12 ? 1 : mo + 1, 1, tz);
}

/* The alert test of period i (tallies in ta) against the texts of the up
 * to alert_window periods right before it, pooled: their mean compound and
 * the standard deviation of their compounds. (The spread of the earlier
 * periods' means is no yardstick: over 12 weeks it is itself so uncertain
 * that ordinary weeks fall 2 of those below, 4 of 105 demo weeks did.) */
static void alert_test(const kith_metrics *m, kith_sentiment_period *per, const tally *ta,
                       size_t i)
{
    kith_sentiment_period *p = &per[i];
    size_t window = (size_t)m->p.alert_window;
    tally b;
    memset(&b, 0, sizeof b);
    for (size_t j = i; j > 0 && i - j < window; j--) {
        b.scored += ta[j - 1].scored;
        b.sum += ta[j - 1].sum;
        b.sumsq += ta[j - 1].sumsq;
        p->baseline_periods += ta[j - 1].scored > 0;
    }
    p->baseline_scored = b.scored;
    if ((double)b.scored < m->p.sentiment_min_n || b.scored < 2) {
        p->z = kith_value_na("only %lld scored texts in the %d earlier periods "
                             "(fewer than sentiment_min_n = %g)",
                             (long long)b.scored, (int)(i < window ? i : window),
                             m->p.sentiment_min_n);
        return;
    }
    double n = (double)b.scored;
    p->baseline_ok = 1;
    p->baseline_mean = b.sum / n;
    double var = (b.sumsq - n * p->baseline_mean * p->baseline_mean) / (n - 1);
    p->baseline_sd = var > 0 ? sqrt(var) : 0;
    if (!p->s.mean.ok) {
        p->z = p->s.mean;
        return;
    }
    if (p->baseline_sd == 0) {
        p->z = kith_value_na("the earlier texts' scores do not vary");
        return;
    }
    p->z = kith_value_of((p->s.mean.v - p->baseline_mean) / p->baseline_sd, p->s.scored);
    p->alert = p->z.v < -m->p.alert_z && (double)p->s.scored >= m->p.sentiment_min_n;
}

static size_t count_periods(kith_period_kind by, int64_t first, int64_t last,
                            const char *tz)
{
    size_t n = 0;
    for (int64_t s = first; s <= last; s = period_next(by, s, tz))
        n++;
    return n;
}

kith_code kith_metric_sentiment_series(const kith_metrics *m, kith_period_kind by,
                                       int channel, kith_sentiment_period **out,
                                       size_t *n, kith_error *err)
{
    *out = NULL;
    *n = 0;
    if (!m->texts_loaded)
        return kith_error_set(err, KITH_ESTATE, "texts were not scored");
    size_t end = text_lower(m, m->as_of);
    size_t k0 = 0;
    while (k0 < end && !counted(m, &m->texts[k0], channel))
        k0++;
    if (k0 == end)
        return KITH_OK;
    int64_t first = period_start(by, m->texts[k0].t, m->tz);
    size_t np = count_periods(by, first, period_start(by, m->as_of - 1, m->tz), m->tz);
    /* np >= 1: texts[k0] is before as_of, so first <= the last period. */
    // NOLINTNEXTLINE(clang-analyzer-optin.portability.UnixAPI)
    kith_sentiment_period *per = calloc(np, sizeof *per);
    tally *ta = calloc(np, sizeof *ta);
    if (!per || !ta) {
        free(per);
        free(ta);
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    }
    size_t k = k0;
    int64_t s = first;
    for (size_t i = 0; i < np; i++) {
        per[i].w.from = s;
        per[i].w.to = period_next(by, s, m->tz);
        s = per[i].w.to;
        for (; k < end && m->texts[k].t < per[i].w.to; k++)
            if (counted(m, &m->texts[k], channel))
                tally_add(&ta[i], &m->texts[k]);
        per[i].s = stats_of(m, &ta[i]);
        alert_test(m, per, ta, i);
    }
    free(ta);
    *out = per;
    *n = np;
    return KITH_OK;
}

/* ------------------------------------------------------------ a member's texts */

typedef struct member_loader {
    kith_sentiment *vader;
    kith_member_text *items;
    size_t n, cap;
} member_loader;

static kith_code on_member_text(void *ud, const kith__text_row *r, kith_error *err)
{
    member_loader *L = ud;
    if (L->n == L->cap) {
        size_t cap = L->cap ? L->cap * 2 : 32;
        kith_member_text *p = realloc(L->items, cap * sizeof *p);
        if (!p)
            return kith_error_set(err, KITH_ENOMEM, "out of memory");
        L->items = p;
        L->cap = cap;
    }
    kith_member_text *t = &L->items[L->n];
    memset(t, 0, sizeof *t);
    t->text = malloc(3 * r->len + 1);
    if (!t->text)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    L->n++;
    t->text[kith_sentiment_clean_text(r->text, r->len, t->text)] = '\0';
    t->activity_id = r->activity_id;
    t->t = r->t;
    snprintf(t->type, sizeof t->type, "%s", r->type);
    snprintf(t->channel, sizeof t->channel, "%s", r->channel);
    kith_sentiment_scores sc;
    kith_code rc = kith_sentiment_score(L->vader, r->text, r->len, &sc, err);
    if (rc != KITH_OK)
        return rc;
    t->scored = sc.scored;
    t->neg = sc.neg;
    t->neu = sc.neu;
    t->pos = sc.pos;
    t->compound = sc.compound;
    return KITH_OK;
}

kith_code kith_member_texts(kith_store *st, int64_t org_id, int64_t member_id,
                            size_t limit, const char *lexicon, kith_member_text **out,
                            size_t *n, kith_error *err)
{
    *out = NULL;
    *n = 0;
    if (member_id <= 0)
        return KITH_OK;
    char conf[4096] = "";
    int is_default = 1;
    if (!(lexicon && *lexicon)) {
        kith_code rc = kith_config_get(st, org_id, "sentiment.lexicon", conf, sizeof conf,
                                       &is_default, err);
        if (rc != KITH_OK)
            return rc;
    }
    member_loader L;
    memset(&L, 0, sizeof L);
    kith_code rc = kith_sentiment_open(lexicon_path(lexicon, conf), &L.vader, err);
    if (rc == KITH_OK)
        rc = kith__st_texts(st, org_id, member_id, (int64_t)limit, on_member_text, &L,
                            err);
    kith_sentiment_close(L.vader);
    if (rc != KITH_OK) {
        kith_member_texts_free(L.items, L.n);
        return rc;
    }
    *out = L.items;
    *n = L.n;
    return KITH_OK;
}

void kith_member_texts_free(kith_member_text *t, size_t n)
{
    for (size_t i = 0; t && i < n; i++)
        free(t[i].text);
    free(t);
}
