/* Loading the analysis snapshot (dataset.h): one sequential read of each
 * table of the org, then activities grouped by member (counting sort) and
 * ordered by time within each member. Replies are linked to the activity
 * they answer (same source, parent_external_id) in the query, through the
 * UNIQUE(org_id, source, external_id) index. */
#include <ctype.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/norm.h"
#include "core/strmap.h"
#include "store/st_query.h"
#include "store/store_int.h"

typedef struct idmap {
    int64_t *ids; /* ascending */
    size_t n;
} idmap;

/* Index of id in the ascending array, or -1. */
static int64_t idmap_find(const idmap *m, int64_t id)
{
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < m->n && m->ids[lo] == id ? (int64_t)lo : -1;
}

typedef struct loader {
    kith_store *st;
    int64_t org;
    kith__dataset *ds;
    kith_error *err;
    idmap mem;                        /* member db id -> index */
    int64_t *merged_from, *merged_to; /* merged-away id -> surviving id */
    size_t nmerged;
    idmap init;        /* initiative db id -> index */
    kith_strmap chan;  /* channel name -> index */
    kith_strmap curs;  /* currency code -> index into ds->currencies */
    size_t nforeign;   /* money amounts in another currency than the org's */
    char last_raw[16]; /* the last currency as stored, and its index: */
    int32_t last_cur;  /* amounts come in runs of one currency */
    /* Those whose currency index does not fit the fx byte: (load index,
     * currency index), by load index. */
    int32_t (*far)[2];
    size_t nfar, capfar;
} loader;

static kith_code prep(loader *L, sqlite3_stmt **s, const char *sql)
{
    if (sqlite3_prepare_v2(L->st->db, sql, -1, s, NULL) != SQLITE_OK)
        return kith__st_fail(L->st, L->err, "prepare");
    sqlite3_bind_int64(*s, 1, L->org);
    return KITH_OK;
}

static kith_code oom(loader *L)
{
    return kith_error_set(L->err, KITH_ENOMEM, "out of memory loading the data");
}

/* Append a string to the pool; returns its offset (0 for NULL/""). */
static size_t pool(loader *L, const unsigned char *s, int lower, kith_code *rc)
{
    if (!s || !*s)
        return 0;
    size_t off = L->ds->strings.len;
    size_t n = strlen((const char *)s);
    if (kith__buf_append(&L->ds->strings, s, n + 1) != KITH_OK) {
        *rc = KITH_ENOMEM;
        return 0;
    }
    if (lower)
        for (size_t i = 0; i < n; i++)
            L->ds->strings.data[off + i] = (char)tolower((unsigned char)s[i]);
    return off;
}

static int grow(void **arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap * 2 : 1024;
    while (ncap < need)
        ncap *= 2;
    void *p = realloc(*arr, ncap * elem);
    if (!p)
        return -1;
    *arr = p;
    *cap = ncap;
    return 0;
}

/* ------------------------------------------------------------ members */

static kith_code load_members(loader *L, const char *tag_key)
{
    sqlite3_stmt *s = NULL;
    kith_code rc = prep(L, &s,
                        "SELECT id, kinds, flags, employed_from, employed_to,"
                        " display_name, json_extract(attributes, ?2), merged_into"
                        " FROM member WHERE +org_id=?1 ORDER BY id");
    if (rc != KITH_OK)
        return rc;
    char path[200];
    snprintf(path, sizeof path, "$.\"%s\"", tag_key ? tag_key : "");
    if (tag_key)
        sqlite3_bind_text(s, 2, path, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, 2);
    size_t cap = 0, mcap = 0, idcap = 0;
    int step;
    while (rc == KITH_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(s, 0);
        if (sqlite3_column_type(s, 7) != SQLITE_NULL) {
            size_t c2 = mcap;
            if (grow((void **)&L->merged_from, &mcap, L->nmerged + 1, sizeof(int64_t)) ||
                grow((void **)&L->merged_to, &c2, L->nmerged + 1, sizeof(int64_t))) {
                rc = oom(L);
                break;
            }
            L->merged_from[L->nmerged] = id;
            L->merged_to[L->nmerged++] = sqlite3_column_int64(s, 7);
            continue;
        }
        if (grow((void **)&L->ds->members, &cap, L->ds->nmembers + 1,
                 sizeof(kith__mem)) ||
            grow((void **)&L->mem.ids, &idcap, L->ds->nmembers + 1, sizeof(int64_t))) {
            rc = oom(L);
            break;
        }
        kith__mem *m = &L->ds->members[L->ds->nmembers];
        memset(m, 0, sizeof *m);
        m->id = id;
        const char *k = (const char *)sqlite3_column_text(s, 1);
        const char *f = (const char *)sqlite3_column_text(s, 2);
        kith__kinds_parse(k ? k : "", &m->kinds, NULL);
        kith__flags_parse(f ? f : "", &m->flags, NULL);
        m->has_from = sqlite3_column_type(s, 3) != SQLITE_NULL;
        m->employed_from = sqlite3_column_int64(s, 3);
        m->has_to = sqlite3_column_type(s, 4) != SQLITE_NULL;
        m->employed_to = sqlite3_column_int64(s, 4);
        m->name = pool(L, sqlite3_column_text(s, 5), 0, &rc);
        if (tag_key)
            m->tag = pool(L, sqlite3_column_text(s, 6), 0, &rc);
        L->mem.ids[L->ds->nmembers++] = id;
        L->mem.n = L->ds->nmembers;
    }
    if (rc == KITH_OK && step != SQLITE_DONE)
        rc = kith__st_fail(L->st, L->err, "load members");
    sqlite3_finalize(s);
    return rc == KITH_ENOMEM ? oom(L) : rc;
}

/* Member index of a database id, following merges; -1 when unknown. */
static int32_t member_index(const loader *L, int64_t id)
{
    for (int hops = 0; hops < 64; hops++) {
        int64_t i = idmap_find(&L->mem, id);
        if (i >= 0)
            return (int32_t)i;
        idmap mm = {L->merged_from, L->nmerged};
        int64_t j = idmap_find(&mm, id);
        if (j < 0)
            return -1;
        id = L->merged_to[j];
    }
    return -1;
}

/* ------------------------------------------------------------ initiatives */

static kith_code load_initiatives(loader *L)
{
    sqlite3_stmt *s = NULL;
    kith_code rc = prep(L, &s,
                        "SELECT id, name, cost, in_kind_cost FROM initiative"
                        " WHERE org_id=? ORDER BY id");
    if (rc != KITH_OK)
        return rc;
    size_t cap = 0, idcap = 0;
    int step;
    while (rc == KITH_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
        if (grow((void **)&L->ds->inits, &cap, L->ds->ninits + 1,
                 sizeof(kith__initiative)) ||
            grow((void **)&L->init.ids, &idcap, L->ds->ninits + 1, sizeof(int64_t))) {
            rc = KITH_ENOMEM;
            break;
        }
        kith__initiative *in = &L->ds->inits[L->ds->ninits];
        in->id = sqlite3_column_int64(s, 0);
        in->name = pool(L, sqlite3_column_text(s, 1), 0, &rc);
        in->cost = sqlite3_column_double(s, 2);
        in->in_kind_cost = sqlite3_column_double(s, 3);
        L->init.ids[L->ds->ninits++] = in->id;
        L->init.n = L->ds->ninits;
    }
    if (rc == KITH_OK && step != SQLITE_DONE)
        rc = kith__st_fail(L->st, L->err, "load initiatives");
    sqlite3_finalize(s);
    return rc == KITH_ENOMEM ? oom(L) : rc;
}

/* ------------------------------------------------------------ currencies */

/* Index of a currency other than the org's, added when new; -1 on OOM. */
static int32_t currency_index(loader *L, const char *code, kith_code *rc)
{
    int64_t v;
    if (kith__strmap_get(&L->curs, code, &v))
        return (int32_t)v;
    kith__dataset *ds = L->ds;
    kith__currency *p = realloc(ds->currencies, (ds->ncurrencies + 1) * sizeof *p);
    if (!p || kith__strmap_put(&L->curs, code, (int64_t)ds->ncurrencies) != KITH_OK) {
        if (p)
            ds->currencies = p;
        *rc = KITH_ENOMEM;
        return -1;
    }
    ds->currencies = p;
    kith__currency *c = &p[ds->ncurrencies];
    memset(c, 0, sizeof *c);
    snprintf(c->code, sizeof c->code, "%s", code);
    return (int32_t)ds->ncurrencies++;
}

static int32_t currency_of(loader *L, const unsigned char *raw, kith_code *rc);

/* The currency index of a money amount recorded in another currency than
 * the org's, or -1 (not money, no value, blank or the org's currency).
 * Codes written by older versions may be in any case or padded. */
static int32_t money_currency(loader *L, const kith__act *a, const unsigned char *raw,
                              kith_code *rc)
{
    if (!raw || !a->has_value || !kith__at_is_money(a->type))
        return -1;
    if (L->last_raw[0] && !strcmp((const char *)raw, L->last_raw))
        return L->last_cur;
    int32_t c = currency_of(L, raw, rc);
    if (strlen((const char *)raw) < sizeof L->last_raw) {
        snprintf(L->last_raw, sizeof L->last_raw, "%s", (const char *)raw);
        L->last_cur = c;
    }
    return c;
}

/* The index of a stored code (-1: blank or the org's currency). */
static int32_t currency_of(loader *L, const unsigned char *raw, kith_code *rc)
{
    char code[8];
    int r = kith__norm_currency((const char *)raw, code);
    if (r == 1 || (r == 0 && !strcmp(code, L->ds->currency)))
        return -1;
    if (r < 0)
        snprintf(code, sizeof code, "%.7s", (const char *)raw);
    return currency_index(L, code, rc);
}

/* The org's rates to its own currency, by currency and time. Rates
 * imported when the org had another currency convert to that one, not to
 * this: they are not loaded. */
static kith_code load_rates(loader *L)
{
    sqlite3_stmt *s = NULL;
    kith_code rc = prep(L, &s,
                        "SELECT currency, valid_from, rate FROM fx_rate"
                        " WHERE org_id=?1 AND base=?2 ORDER BY currency, valid_from");
    if (rc != KITH_OK)
        return rc;
    kith__dataset *ds = L->ds;
    sqlite3_bind_text(s, 2, ds->currency, -1, SQLITE_STATIC);
    size_t cap = 0;
    int step;
    while (rc == KITH_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(s, 0);
        int32_t c = currency_index(L, code ? code : "", &rc);
        if (c < 0 || grow((void **)&ds->rates, &cap, ds->nrates + 1, sizeof *ds->rates)) {
            rc = KITH_ENOMEM;
            break;
        }
        kith__currency *cu = &ds->currencies[c];
        if (!cu->nrates)
            cu->rate0 = (int32_t)ds->nrates;
        cu->nrates++;
        ds->rates[ds->nrates].from = sqlite3_column_int64(s, 1);
        ds->rates[ds->nrates].rate = sqlite3_column_double(s, 2);
        ds->nrates++;
    }
    if (rc == KITH_OK && step != SQLITE_DONE)
        rc = kith__st_fail(L->st, L->err, "load exchange rates");
    sqlite3_finalize(s);
    return rc == KITH_ENOMEM ? oom(L) : rc;
}

/* The rate of currency c in force at t (the latest from <= t), or -1. */
static int32_t rate_at(const kith__dataset *ds, int32_t c, int64_t t)
{
    const kith__currency *cu = &ds->currencies[c];
    int32_t lo = cu->rate0, hi = cu->rate0 + cu->nrates;
    while (lo < hi) {
        int32_t mid = lo + (hi - lo) / 2;
        if (ds->rates[mid].from <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > cu->rate0 ? lo - 1 : -1;
}

/* The fx byte of an amount whose currency index is kept in loader.far. */
#define FX_FAR 255

/* Every money amount in another currency: while loading, its fx byte
 * holds its currency index + 1 (see load_activities); here it is
 * converted with the rate in force on its date, or left out (no value).
 * out is in its final order. */
static kith_code convert_money(loader *L, kith__act *out)
{
    kith__dataset *ds = L->ds;
    size_t cap = 0;
    if (!L->nforeign)
        return KITH_OK;
    if (grow((void **)&ds->fx, &cap, L->nforeign, sizeof *ds->fx))
        return oom(L);
    for (size_t i = 0; i < ds->nacts && ds->nfx < L->nforeign; i++) {
        kith__act *a = &out[i];
        /* out[0 .. nacts) is every loaded activity, placed by the counting
         * sort of order_activities. */
        // NOLINTNEXTLINE(clang-analyzer-core.CallAndMessage)
        if (!kith__at_is_money(a->type) || !a->fx)
            continue;
        int32_t c = a->fx - 1;
        if (a->fx == FX_FAR) {
            /* out[i].parent still holds the load index (order_activities). */
            size_t lo = 0, hi = L->nfar;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (L->far[mid][0] < a->parent)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            c = lo < L->nfar ? L->far[lo][1] : 0;
        }
        kith__fxact *f = &ds->fx[ds->nfx++];
        f->act = (int32_t)i;
        f->cur = c;
        f->rate = rate_at(ds, c, a->t);
        if (f->rate >= 0) {
            a->value *= ds->rates[f->rate].rate;
            a->fx = KITH_FX_CONVERTED;
        } else {
            a->value = 0;
            a->has_value = 0;
            a->fx = KITH_FX_LEFT_OUT;
        }
    }
    return KITH_OK;
}

/* ------------------------------------------------------------ activities */

static int32_t channel_index(loader *L, const unsigned char *name, kith_code *rc)
{
    if (!name || !*name)
        return -1;
    int64_t v;
    if (kith__strmap_get(&L->chan, (const char *)name, &v))
        return (int32_t)v;
    size_t cap = L->ds->nchannels;
    /* channels grows one at a time; capacity = count rounded to 64. */
    if (L->ds->nchannels % 64 == 0) {
        size_t *p = realloc(L->ds->channels, (cap + 64) * sizeof *p);
        if (!p) {
            *rc = KITH_ENOMEM;
            return -1;
        }
        L->ds->channels = p;
    }
    size_t off = pool(L, name, 0, rc);
    if (*rc != KITH_OK || kith__strmap_put(&L->chan, (const char *)name,
                                           (int64_t)L->ds->nchannels) != KITH_OK) {
        *rc = KITH_ENOMEM;
        return -1;
    }
    L->ds->channels[L->ds->nchannels] = off;
    return (int32_t)L->ds->nchannels++;
}

static int at_least_8_words(const unsigned char *t)
{
    int words = 0, in = 0;
    for (; t && *t && words < 8; t++) {
        int sp = isspace(*t);
        if (!sp && !in)
            words++;
        in = !sp;
    }
    return words >= 8;
}

static int cmp_act(const void *a, const void *b)
{
    const kith__act *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return 0;
}

/* Group activities by member (stable counting sort), then by time within
 * each member; parent links are rewritten through the permutation. */
static kith_code order_activities(loader *L, kith__act *raw, int64_t *parent_ids,
                                  const idmap *act_ids)
{
    kith__dataset *ds = L->ds;
    size_t n = ds->nacts;
    size_t *start = calloc(ds->nmembers + 1, sizeof *start);
    size_t *perm = malloc((n ? n : 1) * sizeof *perm);
    kith__act *out = malloc((n ? n : 1) * sizeof *out);
    if (!start || !perm || !out) {
        free(start);
        free(perm);
        free(out);
        return oom(L);
    }
    for (size_t i = 0; i < n; i++)
        start[raw[i].member + 1]++;
    for (size_t m = 0; m < ds->nmembers; m++)
        start[m + 1] += start[m];
    for (size_t m = 0; m < ds->nmembers; m++) {
        ds->members[m].first_act = (int32_t)start[m];
        ds->members[m].nact = (int32_t)(start[m + 1] - start[m]);
    }
    for (size_t i = 0; i < n; i++) {
        size_t pos = start[raw[i].member]++;
        out[pos] = raw[i];
        /* Keep the load index in parent for now to build the permutation. */
        out[pos].parent = (int32_t)i;
    }
    for (size_t m = 0; m < ds->nmembers; m++) {
        kith__mem *mm = &ds->members[m];
        /* Equal times keep load (id) order: qsort is not stable, so break
         * ties on the load index held in parent. */
        qsort(out + mm->first_act, (size_t)mm->nact, sizeof *out, cmp_act);
        for (int32_t k = 1; k < mm->nact; k++) {
            kith__act *a = &out[mm->first_act + k];
            for (int32_t j = k; j > 0 && a[-1].t == a[0].t && a[-1].parent > a[0].parent;
                 j--, a--) {
                kith__act tmp = a[-1];
                a[-1] = a[0];
                a[0] = tmp;
            }
        }
    }
    kith_code rc = convert_money(L, out);
    if (rc != KITH_OK) {
        free(start);
        free(perm);
        free(out);
        return rc;
    }
    for (size_t i = 0; i < n; i++)
        perm[out[i].parent] = i;
    for (size_t i = 0; i < n; i++) {
        /* parent_ids is NULL only when no activity was loaded (n == 0). */
        // NOLINTNEXTLINE(clang-analyzer-core.NullDereference)
        int64_t pid = parent_ids[out[i].parent];
        int64_t li = pid ? idmap_find(act_ids, pid) : -1;
        out[i].parent = li >= 0 ? (int32_t)perm[li] : -1;
    }
    free(ds->acts);
    ds->acts = out;
    free(start);
    free(perm);
    return KITH_OK;
}

static kith_code load_activities(loader *L)
{
    sqlite3_stmt *s = NULL;
    kith_code rc =
        prep(L, &s,
             "SELECT a.id, a.member_id, a.type, a.subtype, a.channel,"
             " a.occurred_at, a.value, a.target_member_id, a.initiative_id,"
             " CASE WHEN a.type IN ('feedback','idea','review') THEN a.text END,"
             " p.id,"
             /* A currency other than the org's as stored (the importer
              * writes three capitals or NULL); money_currency reads it.
              * Kept to one comparison: an IN list or upper() here cost
              * about 10% of a report on 7M activities. */
             " CASE WHEN a.currency <> ?2 THEN a.currency END"
             " FROM activity a LEFT JOIN activity p ON p.org_id=a.org_id"
             "  AND p.source=a.source AND p.external_id=a.parent_external_id"
             " WHERE +a.org_id=?1 ORDER BY a.id");
    if (rc != KITH_OK)
        return rc;
    kith__dataset *ds = L->ds;
    sqlite3_bind_text(s, 2, ds->currency, -1, SQLITE_STATIC);
    size_t cap = 0, pcap = 0, icap = 0;
    int64_t *parent_ids = NULL;
    idmap act_ids = {NULL, 0};
    int step;
    while (rc == KITH_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
        int32_t mi = member_index(L, sqlite3_column_int64(s, 1));
        int type = kith__at_from_name((const char *)sqlite3_column_text(s, 2));
        if (mi < 0 || type < 0)
            continue; /* cannot happen with the store's own writes */
        if (grow((void **)&ds->acts, &cap, ds->nacts + 1, sizeof(kith__act)) ||
            grow((void **)&parent_ids, &pcap, ds->nacts + 1, sizeof(int64_t)) ||
            grow((void **)&act_ids.ids, &icap, ds->nacts + 1, sizeof(int64_t))) {
            rc = KITH_ENOMEM;
            break;
        }
        kith__act *a = &ds->acts[ds->nacts];
        memset(a, 0, sizeof *a);
        a->member = mi;
        a->type = (uint8_t)type;
        const char *sub = (const char *)sqlite3_column_text(s, 3);
        if (type == KITH_AT_SURVEY_RESPONSE)
            a->survey = !sub || !strcmp(sub, "nps") ? KITH_SURVEY_NPS
                        : !strcmp(sub, "enps")      ? KITH_SURVEY_ENPS
                                                    : KITH_SURVEY_OTHER;
        a->channel = channel_index(L, sqlite3_column_text(s, 4), &rc);
        a->t = sqlite3_column_int64(s, 5);
        a->has_value = sqlite3_column_type(s, 6) != SQLITE_NULL;
        a->value = sqlite3_column_double(s, 6);
        a->target = sqlite3_column_type(s, 7) != SQLITE_NULL
                        ? member_index(L, sqlite3_column_int64(s, 7))
                        : -1;
        int64_t ii = sqlite3_column_type(s, 8) != SQLITE_NULL
                         ? idmap_find(&L->init, sqlite3_column_int64(s, 8))
                         : -1;
        a->initiative = (int32_t)ii;
        a->words8 = (uint8_t)at_least_8_words(sqlite3_column_text(s, 9));
        parent_ids[ds->nacts] = sqlite3_column_int64(s, 10);
        act_ids.ids[ds->nacts] = sqlite3_column_int64(s, 0);
        /* Until convert_money: the amount's currency index + 1, 0 = the
         * org's (the byte is fx, free on money types). */
        int32_t cur = money_currency(L, a, sqlite3_column_text(s, 11), &rc);
        if (cur >= 0 && cur < FX_FAR - 1) {
            a->fx = (uint8_t)(cur + 1);
            L->nforeign++;
        } else if (cur >= 0) {
            /* More currencies than the byte holds (rates for hundreds of
             * codes): the index waits in L->far. */
            if (grow((void **)&L->far, &L->capfar, L->nfar + 1, sizeof *L->far)) {
                rc = KITH_ENOMEM;
                break;
            }
            L->far[L->nfar][0] = (int32_t)ds->nacts;
            L->far[L->nfar++][1] = cur;
            a->fx = FX_FAR;
            L->nforeign++;
        }
        if (a->t > ds->latest || ds->nacts == 0)
            ds->latest = a->t;
        ds->nacts++;
        act_ids.n = ds->nacts;
    }
    if (rc == KITH_OK && step != SQLITE_DONE)
        rc = kith__st_fail(L->st, L->err, "load activities");
    sqlite3_finalize(s);
    if (rc == KITH_OK)
        rc = order_activities(L, ds->acts, parent_ids, &act_ids);
    free(parent_ids);
    free(act_ids.ids);
    return rc == KITH_ENOMEM ? oom(L) : rc;
}

/* ------------------------------------------------------------ ideas, posts, web */

static int idea_status(const char *s)
{
    static const char *const names[KITH_IDEA__N] = {"proposed", "under_review", "planned",
                                                    "shipped", "declined"};
    for (int i = 0; s && i < KITH_IDEA__N; i++)
        if (!strcmp(s, names[i]))
            return i;
    return KITH_IDEA_PROPOSED;
}

static kith_code load_ideas(loader *L, const idmap *act_ids_unused)
{
    (void)act_ids_unused;
    sqlite3_stmt *s = NULL;
    /* origin_activity_id is a database id; activities are re-ordered, so
     * the origin is matched by (member, time, type) through the member's
     * slice instead of by position. */
    kith_code rc =
        prep(L, &s,
             "SELECT i.status, i.origin_member_id, i.proposed_at, i.shipped_at,"
             " o.member_id, o.occurred_at, o.type"
             " FROM idea i LEFT JOIN activity o ON o.id=i.origin_activity_id"
             " WHERE i.org_id=? ORDER BY i.id");
    if (rc != KITH_OK)
        return rc;
    kith__dataset *ds = L->ds;
    size_t cap = 0;
    int step;
    while (rc == KITH_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
        if (grow((void **)&ds->ideas, &cap, ds->nideas + 1, sizeof(kith__idea))) {
            rc = KITH_ENOMEM;
            break;
        }
        kith__idea *d = &ds->ideas[ds->nideas++];
        memset(d, 0, sizeof *d);
        d->status = (uint8_t)idea_status((const char *)sqlite3_column_text(s, 0));
        d->origin_member = sqlite3_column_type(s, 1) != SQLITE_NULL
                               ? member_index(L, sqlite3_column_int64(s, 1))
                               : -1;
        d->proposed_at = sqlite3_column_int64(s, 2);
        d->has_shipped = sqlite3_column_type(s, 3) != SQLITE_NULL;
        d->shipped_at = sqlite3_column_int64(s, 3);
        d->origin_activity = -1;
        if (sqlite3_column_type(s, 4) != SQLITE_NULL) {
            int32_t om = member_index(L, sqlite3_column_int64(s, 4));
            int64_t ot = sqlite3_column_int64(s, 5);
            int type = kith__at_from_name((const char *)sqlite3_column_text(s, 6));
            const kith__mem *m = om >= 0 ? &ds->members[om] : NULL;
            for (int32_t k = 0; m && k < m->nact; k++) {
                const kith__act *a = &ds->acts[m->first_act + k];
                /* m's slice lies within the nacts activities set by
                 * load_activities. */
                // NOLINTNEXTLINE(clang-analyzer-core.UndefinedBinaryOperatorResult)
                if (a->t == ot && a->type == type) {
                    d->origin_activity = m->first_act + k;
                    break;
                }
            }
        }
    }
    if (rc == KITH_OK && step != SQLITE_DONE)
        rc = kith__st_fail(L->st, L->err, "load ideas");
    sqlite3_finalize(s);
    return rc == KITH_ENOMEM ? oom(L) : rc;
}

static kith_code load_posts(loader *L)
{
    sqlite3_stmt *s = NULL;
    kith_code rc = prep(L, &s,
                        "SELECT channel, published_at, reach,"
                        " reactions + comments + shares + saves, external_id"
                        " FROM social_post WHERE +org_id=? ORDER BY id");
    if (rc != KITH_OK)
        return rc;
    kith__dataset *ds = L->ds;
    size_t cap = 0;
    int step;
    while (rc == KITH_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
        if (grow((void **)&ds->posts, &cap, ds->nposts + 1, sizeof(kith__post))) {
            rc = KITH_ENOMEM;
            break;
        }
        kith__post *p = &ds->posts[ds->nposts++];
        p->channel = channel_index(L, sqlite3_column_text(s, 0), &rc);
        p->published_at = sqlite3_column_int64(s, 1);
        p->reach = sqlite3_column_int64(s, 2);
        p->interactions = sqlite3_column_int64(s, 3);
        p->ext = pool(L, sqlite3_column_text(s, 4), 0, &rc);
    }
    if (rc == KITH_OK && step != SQLITE_DONE)
        rc = kith__st_fail(L->st, L->err, "load social posts");
    sqlite3_finalize(s);
    return rc == KITH_ENOMEM ? oom(L) : rc;
}

static kith_code load_web(loader *L)
{
    sqlite3_stmt *s = NULL;
    kith_code rc = prep(L, &s,
                        "SELECT day, source, region, city, sessions, conversions"
                        " FROM web_sessions WHERE +org_id=? ORDER BY id");
    if (rc != KITH_OK)
        return rc;
    kith__dataset *ds = L->ds;
    size_t cap = 0;
    int step;
    while (rc == KITH_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
        if (grow((void **)&ds->web, &cap, ds->nweb + 1, sizeof(kith__websess))) {
            rc = KITH_ENOMEM;
            break;
        }
        kith__websess *w = &ds->web[ds->nweb++];
        w->day = sqlite3_column_int64(s, 0);
        w->source = pool(L, sqlite3_column_text(s, 1), 1, &rc);
        w->region = pool(L, sqlite3_column_text(s, 2), 1, &rc);
        w->city = pool(L, sqlite3_column_text(s, 3), 1, &rc);
        w->sessions = sqlite3_column_int64(s, 4);
        w->conversions = sqlite3_column_int64(s, 5);
    }
    if (rc == KITH_OK && step != SQLITE_DONE)
        rc = kith__st_fail(L->st, L->err, "load web sessions");
    sqlite3_finalize(s);
    return rc == KITH_ENOMEM ? oom(L) : rc;
}

kith_code kith__st_load_dataset(kith_store *st, int64_t org, const char *tag_key,
                                kith__dataset *ds, kith_error *err)
{
    memset(ds, 0, sizeof *ds);
    kith__buf_init(&ds->strings, 0);
    loader L;
    memset(&L, 0, sizeof L);
    L.st = st;
    L.org = org;
    L.ds = ds;
    L.err = err;
    kith__strmap_init(&L.chan);
    kith__strmap_init(&L.curs);
    /* Memory-mapped reads: the load reads the whole org sequentially, and
     * one pread system call per page was a third of the report's time on a
     * million activities. One read transaction gives a consistent snapshot
     * even if an import runs. */
    kith_code rc = kith__st_bulk_read(st, err);
    if (rc == KITH_OK)
        rc = kith__st_exec(st, "BEGIN", err);
    if (rc != KITH_OK)
        goto done;
    rc = kith__buf_putc(&ds->strings, '\0'); /* offset 0 is "" */
    kith_org oi;
    if (rc == KITH_OK)
        rc = kith__st_org_by_id(st, org, &oi, err);
    if (rc == KITH_OK) {
        snprintf(ds->currency, sizeof ds->currency, "%s", oi.currency);
        snprintf(ds->tz, sizeof ds->tz, "%s", oi.timezone);
        rc = load_members(&L, tag_key);
    }
    if (rc == KITH_OK)
        rc = load_initiatives(&L);
    if (rc == KITH_OK)
        rc = load_rates(&L);
    if (rc == KITH_OK)
        rc = load_activities(&L);
    if (rc == KITH_OK)
        rc = load_ideas(&L, NULL);
    if (rc == KITH_OK)
        rc = load_posts(&L);
    if (rc == KITH_OK)
        rc = load_web(&L);
    kith__st_exec(st, "COMMIT", NULL);
done:
    free(L.mem.ids);
    free(L.init.ids);
    free(L.merged_from);
    free(L.merged_to);
    kith__strmap_free(&L.chan);
    kith__strmap_free(&L.curs);
    free(L.far);
    if (rc != KITH_OK)
        kith__ds_free(ds);
    return rc;
}
