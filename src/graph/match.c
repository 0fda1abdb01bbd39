/* Introductions (kith match; docs/graph.md "Introductions"): whom to
 * introduce a member to, each with its reasons: shared interests or
 * expertise (Jaccard over the tags), friends of friends not yet tied, a
 * bridge into another sub-community; never someone already strongly tied.
 * And newcomers (first seen in the last 30 days) paired with a
 * well-connected member (top 10% by reach) of matching interests. */
#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strmap.h"
#include "core/timeparse.h"
#include "core/utf8.h"
#include "graph/graph_int.h"
#include "kith/members.h"
#include "store/records.h"
#include "store/st_graph.h"

#define NEWCOMER_DAYS 30
#define WELL_CONNECTED_SHARE 0.10
#define WELL_CONNECTED_MIN 10
#define DEFAULT_TOP 10
#define BRIDGE_SCORE 0.5
#define MAX_BRIDGES 3

/* ------------------------------------------------------------ tags */

/* Each member's tags (interests and expertise, split on , ; | / and line
 * breaks, trimmed, ASCII-lowercased, without repeats) as sorted ids. */
typedef struct tagset {
    int32_t *ids; /* all members' tags, member m at ids[start[m] .. start[m+1]) */
    size_t *start;
    char **names; /* tag id -> text (borrowed from the map's storage) */
    size_t nnames;
    kith_strmap map;
} tagset;

static int cmp_i32(const void *x, const void *y)
{
    int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
    return (a > b) - (a < b);
}

static kith_code add_tags(tagset *ts, const char *text, int32_t **buf, size_t *n,
                          size_t *cap)
{
    char tag[128];
    const char *p = text;
    while (p && *p) {
        size_t len = strcspn(p, ",;|/\r\n");
        const char *s = p, *e = p + len;
        while (s < e && isspace((unsigned char)*s))
            s++;
        while (e > s && isspace((unsigned char)e[-1]))
            e--;
        size_t k = (size_t)(e - s) < sizeof tag - 1 ? (size_t)(e - s) : sizeof tag - 1;
        for (size_t i = 0; i < k; i++)
            tag[i] = (char)tolower((unsigned char)s[i]);
        tag[k] = 0;
        p += len + (p[len] != 0);
        if (!k)
            continue;
        int64_t id;
        if (!kith__strmap_get(&ts->map, tag, &id)) {
            id = (int64_t)ts->nnames;
            char **nn = realloc(ts->names, (ts->nnames + 1) * sizeof *nn);
            if (!nn)
                return KITH_ENOMEM;
            ts->names = nn;
            ts->names[ts->nnames] = strdup(tag);
            if (!ts->names[ts->nnames] || kith__strmap_put(&ts->map, tag, id) != KITH_OK)
                return KITH_ENOMEM;
            ts->nnames++;
        }
        if (*n == *cap) {
            size_t nc = *cap ? *cap * 2 : 256;
            int32_t *q = realloc(*buf, nc * sizeof *q);
            if (!q)
                return KITH_ENOMEM;
            *buf = q;
            *cap = nc;
        }
        (*buf)[(*n)++] = (int32_t)id;
    }
    return KITH_OK;
}

static kith_code tags_build(tagset *ts, const kith__grows *r, kith_error *err)
{
    memset(ts, 0, sizeof *ts);
    kith__strmap_init(&ts->map);
    ts->start = calloc(r->nmembers + 1, sizeof *ts->start);
    if (!ts->start)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    size_t n = 0, cap = 0;
    kith_code rc = KITH_OK;
    for (size_t m = 0; m < r->nmembers && rc == KITH_OK; m++) {
        size_t from = n;
        rc =
            add_tags(ts, kith__grows_str(r, r->members[m].interests), &ts->ids, &n, &cap);
        if (rc == KITH_OK)
            rc = add_tags(ts, kith__grows_str(r, r->members[m].expertise), &ts->ids, &n,
                          &cap);
        if (n > from)
            qsort(ts->ids + from, n - from, sizeof *ts->ids, cmp_i32);
        size_t w = from;
        for (size_t i = from; i < n; i++)
            if (w == from || ts->ids[w - 1] != ts->ids[i])
                ts->ids[w++] = ts->ids[i];
        n = w;
        ts->start[m + 1] = n;
    }
    return rc == KITH_OK ? KITH_OK : kith_error_set(err, KITH_ENOMEM, "out of memory");
}

static void tags_free(tagset *ts)
{
    for (size_t i = 0; i < ts->nnames; i++)
        free(ts->names[i]);
    free(ts->names);
    free(ts->ids);
    free(ts->start);
    kith__strmap_free(&ts->map);
}

/* Jaccard of members a and b; the shared tags are listed into shared
 * (at most 3, "a, b, c"). 0 when either has no tag. */
static double jaccard(const tagset *ts, size_t a, size_t b, char *shared, size_t n)
{
    size_t i = ts->start[a], ie = ts->start[a + 1], j = ts->start[b],
           je = ts->start[b + 1], both = 0, any = 0;
    if (shared)
        shared[0] = 0;
    while (i < ie || j < je) {
        any++;
        if (j >= je || (i < ie && ts->ids[i] < ts->ids[j])) {
            i++;
        } else if (i >= ie || ts->ids[j] < ts->ids[i]) {
            j++;
        } else {
            if (shared && both < 3) {
                size_t len = strlen(shared);
                snprintf(shared + len, n - len, "%s%s", both ? ", " : "",
                         ts->names[ts->ids[i]]);
            }
            both++;
            i++;
            j++;
        }
    }
    return any ? (double)both / (double)any : 0;
}

/* ------------------------------------------------------------ context */

typedef struct mctx {
    kith_graph *g; /* NULL when the period has no ties */
    kith__grows rows;
    tagset tags;
    uint8_t *excl;   /* per member row */
    int32_t *node;   /* member row -> graph node, -1 */
    int32_t *member; /* graph node -> member row */
    int64_t as_of;
} mctx;

static void ctx_free(mctx *c)
{
    kith_graph_free(c->g);
    kith__grows_free(&c->rows);
    tags_free(&c->tags);
    free(c->excl);
    free(c->node);
    free(c->member);
}

static kith_code ctx_open(kith_store *st, int64_t org, const kith_graph_opts *opts,
                          mctx *c, kith_error *err)
{
    memset(c, 0, sizeof c[0]);
    kith__strmap_init(&c->tags.map);
    kith_graph_opts none;
    memset(&none, 0, sizeof none);
    const kith_graph_opts *o = opts ? opts : &none;
    c->g = kith__graph_new();
    if (!c->g)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    kith__graph_params p;
    kith_code rc = kith__graph_load(st, org, o, 1, c->g, &c->rows, &p, err);
    if (rc == KITH_OK)
        rc = kith__graph_edges_from_rows(c->g, &c->rows, o->include_team, err);
    c->as_of = c->g->s.as_of;
    if (rc == KITH_OK && c->g->n >= 2) {
        rc = kith__graph_analyze(c->g, &p, err);
    } else if (rc == KITH_OK) {
        /* No ties in the period: interests alone still match. */
        kith_graph_free(c->g);
        c->g = NULL;
    }
    if (rc != KITH_OK)
        return rc;
    kith__strmap_free(&c->tags.map);
    rc = tags_build(&c->tags, &c->rows, err);
    size_t nm = c->rows.nmembers ? c->rows.nmembers : 1;
    c->excl = calloc(nm, 1);
    c->node = malloc(nm * sizeof *c->node);
    c->member = malloc((c->g && c->g->n ? c->g->n : 1) * sizeof *c->member);
    if (rc == KITH_OK && (!c->excl || !c->node || !c->member))
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
    for (size_t m = 0; rc == KITH_OK && m < c->rows.nmembers; m++) {
        c->excl[m] = !o->include_team &&
                     (c->rows.members[m].flags & (KITH_FLAG_TEAM | KITH_FLAG_BOT)) != 0;
        c->node[m] = -1;
    }
    for (size_t i = 0; rc == KITH_OK && c->g && i < c->g->n; i++) {
        int32_t m = kith__grows_member(&c->rows, c->g->member_id[i]);
        c->member[i] = m;
        if (m >= 0)
            c->node[m] = (int32_t)i;
    }
    return rc;
}

/* 1 when nodes x and y share a strong tie. */
static int strongly_tied(const kith_graph *g, int32_t x, int32_t y)
{
    if (!g || x < 0 || y < 0)
        return 0;
    for (size_t k = g->adj_start[x]; k < g->adj_start[x + 1]; k++) {
        size_t t = g->adj[k];
        if ((int32_t)kith__tie_other(g, t, (size_t)x) == y)
            return g->strong[t];
    }
    return 0;
}

static void names_of(const mctx *c, size_t a, size_t b, kith_match_row *r)
{
    r->member_id = c->rows.members[a].id;
    r->other_id = c->rows.members[b].id;
    snprintf(r->member_name, sizeof r->member_name, "%s",
             kith__grows_str(&c->rows, c->rows.members[a].name));
    snprintf(r->other_name, sizeof r->other_name, "%s",
             kith__grows_str(&c->rows, c->rows.members[b].name));
    r->other_community = c->node[b] >= 0 ? c->g->community[c->node[b]] : -1;
}

/* ------------------------------------------------------------ one member */

typedef struct cand {
    double score, reach;
    int64_t id;
    size_t row;
} cand;

static int cmp_cand(const void *x, const void *y)
{
    const cand *a = x, *b = y;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    if (a->reach != b->reach)
        return a->reach > b->reach ? -1 : 1;
    return (a->id > b->id) - (a->id < b->id);
}

/* The reasons of introducing row b to row a, in words, into r. */
static void explain(const mctx *c, size_t a, size_t b, const int64_t *common,
                    kith_match_row *r)
{
    char shared[200];
    size_t len = 0;
    r->reason[0] = 0;
    r->jaccard = jaccard(&c->tags, a, b, shared, sizeof shared);
    if (r->jaccard > 0) {
        r->reasons |= KITH_MATCH_INTERESTS;
        len +=
            (size_t)snprintf(r->reason + len, sizeof r->reason - len,
                             "shares interests: %s (Jaccard %.2f)", shared, r->jaccard);
    }
    r->common = common ? common[b] : 0;
    if (r->common > 0 && len < sizeof r->reason) {
        r->reasons |= KITH_MATCH_FRIENDS;
        len += (size_t)snprintf(r->reason + len, sizeof r->reason - len,
                                "%s%lld friend%s in common", len ? "; " : "",
                                (long long)r->common, r->common == 1 ? "" : "s");
    }
    if ((r->reasons & KITH_MATCH_BRIDGE) && len < sizeof r->reason)
        snprintf(r->reason + len, sizeof r->reason - len,
                 "%sa bridge into community %lld (%lld members)", len ? "; " : "",
                 (long long)r->other_community,
                 (long long)c->g->comm_size[r->other_community]);
}

static kith_code match_one(const mctx *c, size_t a, size_t top, kith_match_row **out,
                           size_t *nout, kith_error *err)
{
    size_t nm = c->rows.nmembers;
    const kith_graph *g = c->g;
    int32_t x = c->node[a];
    int64_t *common = calloc(nm ? nm : 1, sizeof *common);
    uint8_t *tied = calloc(nm ? nm : 1, 1), *bridge = calloc(nm ? nm : 1, 1);
    cand *cs = malloc((nm ? nm : 1) * sizeof *cs);
    kith_code rc = KITH_OK;
    if (!common || !tied || !bridge || !cs) {
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
        goto done;
    }
    if (g && x >= 0) {
        /* Friends of friends: members two steps away, not tied. */
        for (size_t k = g->adj_start[x]; k < g->adj_start[x + 1]; k++)
            tied[c->member[kith__tie_other(g, g->adj[k], (size_t)x)]] = 1;
        for (size_t k = g->adj_start[x]; k < g->adj_start[x + 1]; k++) {
            size_t y = kith__tie_other(g, g->adj[k], (size_t)x);
            for (size_t q = g->adj_start[y]; q < g->adj_start[y + 1]; q++) {
                size_t z = kith__tie_other(g, g->adj[q], y);
                int32_t zm = c->member[z];
                if ((int32_t)z != x && !tied[zm])
                    common[zm]++;
            }
        }
        /* Bridges into another community: bridge members of another
         * community with a tie into x's, the MAX_BRIDGES of highest
         * betweenness. */
        size_t *idx = NULL, nb = 0;
        rc = kith_graph_bridges(g, 0, &idx, &nb, err);
        int found = 0;
        for (size_t k = 0; rc == KITH_OK && k < nb && found < MAX_BRIDGES; k++) {
            size_t z = idx[k];
            if (g->community[z] == g->community[x] || (int32_t)z == x ||
                c->excl[c->member[z]])
                continue;
            int into = 0;
            for (size_t q = g->adj_start[z]; q < g->adj_start[z + 1] && !into; q++)
                into = g->community[kith__tie_other(g, g->adj[q], z)] == g->community[x];
            if (into && !strongly_tied(g, x, (int32_t)z)) {
                bridge[c->member[z]] = 1;
                found++;
            }
        }
        free(idx);
        if (rc != KITH_OK)
            goto done;
    }
    size_t n = 0;
    for (size_t b = 0; b < nm; b++) {
        if (b == a || c->excl[b] || strongly_tied(g, x, c->node[b]))
            continue;
        double j = jaccard(&c->tags, a, b, NULL, 0);
        double s = j + (common[b] ? (double)common[b] / (double)(common[b] + 1) : 0) +
                   (bridge[b] ? BRIDGE_SCORE : 0);
        if (s <= 0)
            continue;
        cs[n].score = s;
        cs[n].reach = c->node[b] >= 0 ? g->pagerank[c->node[b]] : 0;
        cs[n].id = c->rows.members[b].id;
        cs[n].row = b;
        n++;
    }
    qsort(cs, n, sizeof *cs, cmp_cand);
    if (n > top)
        n = top;
    *out = calloc(n ? n : 1, sizeof **out);
    if (!*out) {
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t k = 0; k < n; k++) {
        kith_match_row *r = &(*out)[k];
        names_of(c, a, cs[k].row, r);
        r->score = cs[k].score;
        if (bridge[cs[k].row])
            r->reasons |= KITH_MATCH_BRIDGE;
        explain(c, a, cs[k].row, common, r);
    }
    *nout = n;
done:
    free(common);
    free(tied);
    free(bridge);
    free(cs);
    return rc;
}

kith_code kith_match_member(kith_store *st, int64_t org_id, const kith_graph_opts *opts,
                            const char *member, size_t top, kith_match_row **out,
                            size_t *n, kith_error *err)
{
    *out = NULL;
    *n = 0;
    kith_member_row row;
    kith_code rc = kith_member_find(st, org_id, member, &row, err);
    if (rc != KITH_OK)
        return rc;
    int64_t id = row.merged_into ? row.merged_into : row.id;
    mctx c;
    rc = ctx_open(st, org_id, opts, &c, err);
    int32_t a = rc == KITH_OK ? kith__grows_member(&c.rows, id) : -1;
    if (rc == KITH_OK && a < 0)
        rc = kith_error_set(err, KITH_ENOTFOUND, "no member %lld", (long long)id);
    if (rc == KITH_OK)
        rc = match_one(&c, (size_t)a, top ? top : DEFAULT_TOP, out, n, err);
    ctx_free(&c);
    return rc;
}

/* ------------------------------------------------------------ newcomers */

kith_code kith_match_newcomers(kith_store *st, int64_t org_id,
                               const kith_graph_opts *opts, kith_match_row **out,
                               size_t *n, kith_error *err)
{
    *out = NULL;
    *n = 0;
    mctx c;
    kith_code rc = ctx_open(st, org_id, opts, &c, err);
    if (rc != KITH_OK) {
        ctx_free(&c);
        return rc;
    }
    const kith_graph *g = c.g;
    size_t nm = c.rows.nmembers, cap = 0;
    int64_t as_of = c.as_of;
    size_t well = 0;
    if (g) {
        well = (size_t)ceil((double)g->n * WELL_CONNECTED_SHARE);
        if (well < WELL_CONNECTED_MIN)
            well = WELL_CONNECTED_MIN;
    }
    for (size_t a = 0; a < nm && rc == KITH_OK; a++) {
        const kith__gmember *m = &c.rows.members[a];
        if (c.excl[a] || !m->first_seen ||
            m->first_seen < as_of - (int64_t)NEWCOMER_DAYS * 86400 ||
            m->first_seen >= as_of || c.tags.start[a] == c.tags.start[a + 1])
            continue;
        size_t best = SIZE_MAX;
        double bj = 0;
        for (size_t i = 0; g && i < g->n; i++) {
            if ((size_t)g->rank_reach[i] > well)
                continue;
            size_t b = (size_t)c.member[i];
            if (b == a || c.excl[b] || strongly_tied(g, c.node[a], (int32_t)i))
                continue;
            double j = jaccard(&c.tags, a, b, NULL, 0);
            if (j > bj || (j == bj && j > 0 && best != SIZE_MAX &&
                           g->rank_reach[i] < g->rank_reach[c.node[best]])) {
                bj = j;
                best = b;
            }
        }
        if (best == SIZE_MAX)
            continue;
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            kith_match_row *q = realloc(*out, nc * sizeof *q);
            if (!q) {
                rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
                break;
            }
            *out = q;
            cap = nc;
        }
        kith_match_row *r = &(*out)[(*n)++];
        memset(r, 0, sizeof *r);
        names_of(&c, a, best, r);
        r->reasons = KITH_MATCH_CONNECTED;
        explain(&c, a, best, NULL, r);
        r->score = r->jaccard;
        size_t len = strlen(r->reason);
        snprintf(r->reason + len, sizeof r->reason - len,
                 "; well connected: reach rank %lld of %zu",
                 (long long)g->rank_reach[c.node[best]], g->n);
    }
    ctx_free(&c);
    if (rc != KITH_OK) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

/* ------------------------------------------------------------ JSON */

kith_code kith_match_json(kith_store *st, int64_t org_id, const kith_graph_opts *opts,
                          const char *member, size_t top, char **out, kith_error *err)
{
    *out = NULL;
    kith_match_row *r = NULL;
    size_t n = 0;
    kith_code rc = member ? kith_match_member(st, org_id, opts, member, top, &r, &n, err)
                          : kith_match_newcomers(st, org_id, opts, &r, &n, err);
    if (rc != KITH_OK)
        return rc;
    json_t *root = json_object();
    json_object_set_new(root, "schema", json_string("kith-match"));
    json_object_set_new(root, "newcomers", json_boolean(member == NULL));
    json_t *arr = json_array();
    static const char *const names[] = {"interests", "friends", "bridge", "connected"};
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "member", json_integer(r[i].member_id));
        json_object_set_new(o, "member_name", kith__graph_json_text(r[i].member_name));
        json_object_set_new(o, "introduce", json_integer(r[i].other_id));
        json_object_set_new(o, "introduce_name", kith__graph_json_text(r[i].other_name));
        json_object_set_new(o, "score", json_real(r[i].score));
        json_t *why = json_array();
        for (int b = 0; b < 4; b++)
            if (r[i].reasons & (1u << b))
                json_array_append_new(why, json_string(names[b]));
        json_object_set_new(o, "reasons", why);
        json_object_set_new(o, "jaccard", json_real(r[i].jaccard));
        json_object_set_new(o, "friends_in_common", json_integer(r[i].common));
        json_object_set_new(o, "community",
                            r[i].other_community >= 0 ? json_integer(r[i].other_community)
                                                      : json_null());
        json_object_set_new(o, "reason", kith__graph_json_text(r[i].reason));
        json_array_append_new(arr, o);
    }
    json_object_set_new(root, "introductions", arr);
    free(r);
    char *s =
        json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
    json_decref(root);
    size_t len = s ? strlen(s) : 0;
    char *t = s ? realloc(s, len + 2) : NULL;
    if (!t) {
        free(s);
        return kith_error_set(err, KITH_ENOMEM, "out of memory writing JSON");
    }
    t[len] = '\n';
    t[len + 1] = 0;
    *out = t;
    return KITH_OK;
}
