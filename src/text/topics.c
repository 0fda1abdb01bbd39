/* Rising topics (kith/topics.h): the community texts of P and P-1 are cut
 * into words (lowercased; @mentions, URLs, numbers, one-letter words and
 * English stopwords dropped), each word stemmed with the Snowball English
 * stemmer (libstemmer), and adjacent kept words within a sentence paired
 * into bigrams. Every term gets an IDF over the texts of both periods and
 * a TF-IDF weight per period; its share is its weight over the period's
 * total weight, and the topics are the terms whose share rose most. */
#include <ctype.h>
#include <libstemmer.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/strmap.h"
#include "kith/sentiment.h"
#include "kith/topics.h"
#include "store/st_query.h"

#include "text/stopwords.h"

typedef struct term {
    size_t key, disp; /* offsets into pool */
    int bigram, disp_in_p;
    int64_t tf[2], df[2]; /* [0] = P-1, [1] = P */
    int64_t last_doc;
} term;

typedef struct doc {
    int64_t t, id;
    int period;      /* 0 = P-1, 1 = P */
    size_t text;     /* offset into pool */
    size_t first, n; /* its term ids: ids[first .. first + n) */
} doc;

typedef struct topics {
    const kith_topics_opts *o;
    int64_t qfrom; /* P-1 starts here */
    struct sb_stemmer *stem;
    kith_buf pool;
    kith_strmap map; /* key -> term index */
    term *terms;
    size_t nterms, capterms;
    doc *docs;
    size_t ndocs, capdocs;
    int32_t *ids;
    size_t nids, capids;
    char *clean; /* scratch: the cleaned text */
    size_t capclean;
    kith_code oom;
} topics;

static int grow(void **a, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap * 2 : 256;
    while (c < need)
        c *= 2;
    void *p = realloc(*a, c * elem);
    if (!p)
        return -1;
    *a = p;
    *cap = c;
    return 0;
}

static size_t pool_add(topics *T, const char *s, size_t len)
{
    size_t off = T->pool.len;
    if (kith__buf_append(&T->pool, s, len) != KITH_OK ||
        kith__buf_putc(&T->pool, '\0') != KITH_OK)
        T->oom = KITH_ENOMEM;
    return off;
}

/* The index of term key (created when new); -1 when out of memory. */
static int32_t term_of(topics *T, const char *key, const char *disp, int bigram, int in_p)
{
    int64_t v;
    if (kith__strmap_get(&T->map, key, &v)) {
        term *t = &T->terms[v];
        if (in_p && !t->disp_in_p) {
            t->disp = pool_add(T, disp, strlen(disp));
            t->disp_in_p = 1;
        }
        return (int32_t)v;
    }
    if (grow((void **)&T->terms, &T->capterms, T->nterms + 1, sizeof(term)) ||
        kith__strmap_put(&T->map, key, (int64_t)T->nterms) != KITH_OK) {
        T->oom = KITH_ENOMEM;
        return -1;
    }
    term *t = &T->terms[T->nterms];
    memset(t, 0, sizeof *t);
    t->key = pool_add(T, key, strlen(key));
    t->disp = pool_add(T, disp, strlen(disp));
    t->disp_in_p = in_p;
    t->bigram = bigram;
    t->last_doc = -1;
    return (int32_t)T->nterms++;
}

static void count(topics *T, int32_t id)
{
    if (id < 0 || grow((void **)&T->ids, &T->capids, T->nids + 1, sizeof(int32_t))) {
        T->oom = KITH_ENOMEM;
        return;
    }
    doc *d = &T->docs[T->ndocs];
    term *t = &T->terms[id];
    t->tf[d->period]++;
    if (t->last_doc != (int64_t)T->ndocs) {
        t->last_doc = (int64_t)T->ndocs;
        t->df[d->period]++;
        T->ids[T->nids++] = id; /* each term once per text */
        d->n++;
    }
}

static int word_byte(unsigned char c)
{
    return isalnum(c) || c >= 0x80;
}

/* Curly apostrophe U+2019 and left quote U+2018 split words, as ' does. */
static int quote_at(const char *s, size_t i, size_t len)
{
    return i + 2 < len && (unsigned char)s[i] == 0xE2 &&
           (unsigned char)s[i + 1] == 0x80 &&
           ((unsigned char)s[i + 2] == 0x98 || (unsigned char)s[i + 2] == 0x99);
}

static int all_digits(const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)w[i]))
            return 0;
    return 1;
}

/* Cut s into terms of the current doc. */
static void tokenize(topics *T, const char *s, size_t len)
{
    char prev_stem[64] = "", prev_word[64] = "";
    int in_p = T->docs[T->ndocs].period;
    size_t i = 0;
    while (i < len && !T->oom) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.' || c == '!' || c == '?' || c == ';' || c == ':' || c == ',' ||
            c == '\n') {
            prev_stem[0] = '\0'; /* no bigram across sentences */
            i++;
            continue;
        }
        if (!word_byte(c) || quote_at(s, i, len)) {
            i += quote_at(s, i, len) ? 3 : 1;
            continue;
        }
        size_t a = i;
        while (i < len && word_byte((unsigned char)s[i]) && !quote_at(s, i, len))
            i++;
        size_t n = i - a;
        /* @mentions and URLs: skip to the next space. */
        int mention = a > 0 && s[a - 1] == '@';
        int url = (n >= 4 && !strncmp(s + a, "http", 4) && i < len && s[i] == ':') ||
                  (n == 3 && !strncmp(s + a, "www", 3) && i < len && s[i] == '.');
        if (mention || url) {
            while (i < len && !isspace((unsigned char)s[i]))
                i++;
            prev_stem[0] = '\0';
            continue;
        }
        char w[64];
        if (n < 2 || n >= sizeof w || all_digits(s + a, n))
            continue;
        for (size_t k = 0; k < n; k++)
            w[k] = (char)tolower((unsigned char)s[a + k]);
        w[n] = '\0';
        if (kith__stopword(w, n))
            continue;
        const sb_symbol *st = sb_stemmer_stem(T->stem, (const sb_symbol *)w, (int)n);
        if (!st) {
            T->oom = KITH_ENOMEM;
            return;
        }
        char stem[64];
        snprintf(stem, sizeof stem, "%.*s", sb_stemmer_length(T->stem), (const char *)st);
        count(T, term_of(T, stem, w, 0, in_p));
        if (prev_stem[0]) {
            char key[160], disp[160];
            snprintf(key, sizeof key, "%s %s", prev_stem, stem);
            snprintf(disp, sizeof disp, "%s %s", prev_word, w);
            count(T, term_of(T, key, disp, 1, in_p));
        }
        snprintf(prev_stem, sizeof prev_stem, "%s", stem);
        snprintf(prev_word, sizeof prev_word, "%s", w);
    }
}

static kith_code on_text(void *ud, const kith__text_row *r, kith_error *err)
{
    topics *T = ud;
    const kith_topics_opts *o = T->o;
    if (r->t < T->qfrom || r->t >= o->to || (r->team_or_bot && !o->include_team) ||
        (o->channel && strcmp(o->channel, r->channel)))
        return KITH_OK;
    if (grow((void **)&T->docs, &T->capdocs, T->ndocs + 1, sizeof(doc)) ||
        grow((void **)&T->clean, &T->capclean, 3 * r->len + 1, 1))
        return kith_error_set(err, KITH_ENOMEM, "out of memory reading texts");
    size_t clen = kith_sentiment_clean_text(r->text, r->len, T->clean);
    doc *d = &T->docs[T->ndocs];
    memset(d, 0, sizeof *d);
    d->t = r->t;
    d->id = r->activity_id;
    d->period = r->t >= o->from;
    d->first = T->nids;
    d->text = pool_add(T, T->clean, clen);
    tokenize(T, T->clean, clen);
    if (T->oom)
        return kith_error_set(err, KITH_ENOMEM, "out of memory reading texts");
    T->ndocs++;
    return KITH_OK;
}

/* ------------------------------------------------------------ ranking */

typedef struct cand {
    int32_t id;
    double share, prev, rise;
} cand;

static const topics *sort_ctx; /* qsort has no context argument */

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->rise != y->rise)
        return x->rise > y->rise ? -1 : 1;
    if (x->share != y->share)
        return x->share > y->share ? -1 : 1;
    return strcmp(sort_ctx->pool.data + sort_ctx->terms[x->id].key,
                  sort_ctx->pool.data + sort_ctx->terms[y->id].key);
}

static int cmp_doc_newest(const void *a, const void *b)
{
    const doc *x = *(const doc *const *)a, *y = *(const doc *const *)b;
    if (x->t != y->t)
        return x->t > y->t ? -1 : 1;
    return (x->id < y->id) - (x->id > y->id);
}

static void examples(const topics *T, doc **newest, size_t nnew, kith_topic *k,
                     int32_t id)
{
    int got = 0;
    for (size_t i = 0; i < nnew && got < KITH_TOPIC_EXAMPLES; i++) {
        const doc *d = newest[i];
        const char *text = T->pool.data + d->text;
        int seen = 0; /* the same text posted again is one example */
        for (int e = 0; e < got; e++)
            seen |= k->examples[e] && !strcmp(k->examples[e], text);
        for (size_t j = 0; j < d->n && !seen; j++)
            if (T->ids[d->first + j] == id) {
                k->examples[got++] = strdup(text);
                break;
            }
    }
}

static kith_code rank(topics *T, kith_topic **out, size_t *nout, kith_error *err)
{
    double total[2] = {0, 0}, N = (double)T->ndocs;
    double *idf = malloc((T->nterms ? T->nterms : 1) * sizeof *idf);
    cand *c = malloc((T->nterms ? T->nterms : 1) * sizeof *c);
    doc **newest = malloc((T->ndocs ? T->ndocs : 1) * sizeof(doc *));
    size_t nc = 0, nnew = 0, limit = T->o->limit ? T->o->limit : 10;
    int64_t min_docs = T->o->min_docs > 0 ? T->o->min_docs : 2;
    kith_code rc = KITH_OK;
    if (!idf || !c || !newest) {
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < T->nterms; i++) {
        const term *t = &T->terms[i];
        idf[i] = log((1 + N) / (1 + (double)(t->df[0] + t->df[1]))) + 1;
        total[0] += (double)t->tf[0] * idf[i];
        total[1] += (double)t->tf[1] * idf[i];
    }
    for (size_t i = 0; i < T->nterms; i++) {
        const term *t = &T->terms[i];
        double sp = total[1] > 0 ? (double)t->tf[1] * idf[i] / total[1] : 0;
        double sq = total[0] > 0 ? (double)t->tf[0] * idf[i] / total[0] : 0;
        if (sp - sq > 0 && t->df[1] >= min_docs)
            c[nc++] = (cand){(int32_t)i, sp, sq, sp - sq};
    }
    sort_ctx = T;
    qsort(c, nc, sizeof *c, cmp_cand);
    if (nc > limit)
        nc = limit;
    for (size_t i = 0; i < T->ndocs; i++)
        if (T->docs[i].period == 1)
            newest[nnew++] = &T->docs[i];
    qsort(newest, nnew, sizeof(doc *), cmp_doc_newest);
    *out = calloc(nc ? nc : 1, sizeof **out);
    if (!*out) {
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < nc; i++) {
        kith_topic *k = &(*out)[i];
        const term *t = &T->terms[c[i].id];
        snprintf(k->key, sizeof k->key, "%s", T->pool.data + t->key);
        snprintf(k->display, sizeof k->display, "%s", T->pool.data + t->disp);
        k->bigram = t->bigram;
        k->share = c[i].share;
        k->prev_share = c[i].prev;
        k->rise = c[i].rise;
        k->docs = t->df[1];
        k->prev_docs = t->df[0];
        examples(T, newest, nnew, k, c[i].id);
    }
    *nout = nc;
done:
    free(idf);
    free(c);
    free(newest);
    return rc;
}

kith_code kith_topics_rising(kith_store *st, int64_t org_id, const kith_topics_opts *opts,
                             kith_topic **out, size_t *n, kith_topics_stats *stats,
                             kith_error *err)
{
    *out = NULL;
    *n = 0;
    if (opts->from >= opts->to)
        return kith_error_set(err, KITH_EUSAGE,
                              "the period is empty: --from must be "
                              "before --to");
    topics T;
    memset(&T, 0, sizeof T);
    T.o = opts;
    T.qfrom = opts->from - (opts->to - opts->from);
    kith__buf_init(&T.pool, 0);
    kith__strmap_init(&T.map);
    kith_code rc = KITH_OK;
    T.stem = sb_stemmer_new("english", "UTF_8");
    if (!T.stem)
        rc =
            kith_error_set(err, KITH_ENOMEM, "cannot start the Snowball English stemmer");
    if (rc == KITH_OK)
        rc = kith__st_texts_window(st, org_id, T.qfrom, opts->to, on_text, &T, err);
    if (rc == KITH_OK)
        rc = rank(&T, out, n, err);
    if (rc == KITH_OK && stats) {
        stats->texts = stats->prev_texts = 0;
        for (size_t i = 0; i < T.ndocs; i++)
            *(T.docs[i].period ? &stats->texts : &stats->prev_texts) += 1;
    }
    if (T.stem)
        sb_stemmer_delete(T.stem);
    kith__buf_free(&T.pool);
    kith__strmap_free(&T.map);
    free(T.terms);
    free(T.docs);
    free(T.ids);
    free(T.clean);
    return rc;
}

void kith_topics_free(kith_topic *t, size_t n)
{
    for (size_t i = 0; t && i < n; i++)
        for (int j = 0; j < KITH_TOPIC_EXAMPLES; j++)
            free(t[i].examples[j]);
    free(t);
}
