/* The JSON of the graph (docs/graph-schema.json): the one text that
 * `kith graph --format json` prints and the HTTP API serves, and a
 * member's network for the profile. Reals are written with 17
 * significant digits, so values read back equal the computed ones. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeparse.h"
#include "core/utf8.h"
#include "graph/graph_int.h"
#include "kith/members.h"

#define SCHEMA_VERSION 1
#define JSON_TOP_BRIDGES 20
#define JSON_TOP_BETWEEN 50

static json_t *iso(int64_t t)
{
    char buf[32];
    return json_string(kith__time_iso(t, buf));
}

/* A finite number, or null (the measures are finite by construction). */
static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

/* Member names are stored as imported; jansson refuses invalid UTF-8, so
 * such a name is written with U+FFFD in place of the bad bytes. */
json_t *kith__graph_json_text(const char *s)
{
    if (!s)
        s = "";
    json_t *j = json_string(s);
    if (j)
        return j;
    size_t n = strlen(s);
    char *o = malloc(n * 3 + 1);
    if (!o)
        return NULL;
    j = json_stringn(o, kith__utf8_clean(s, n, o, NULL));
    free(o);
    return j;
}

static json_t *member_ref(const kith_graph *g, size_t i)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(g->member_id[i]));
    json_object_set_new(o, "name", kith__graph_json_text(kith__graph_name(g, i)));
    json_object_set_new(o, "pagerank", num(g->pagerank[i]));
    return o;
}

static json_t *member_json(const kith_graph *g, size_t i)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(g->member_id[i]));
    json_object_set_new(o, "name", kith__graph_json_text(kith__graph_name(g, i)));
    json_object_set_new(o, "in_degree", json_integer(g->indeg[i]));
    json_object_set_new(o, "out_degree", json_integer(g->outdeg[i]));
    json_object_set_new(o, "degree", json_integer(g->deg[i]));
    json_object_set_new(o, "in_strength", num(g->instr[i]));
    json_object_set_new(o, "out_strength", num(g->outstr[i]));
    json_object_set_new(o, "strength", num(g->str[i]));
    json_object_set_new(o, "pagerank", num(g->pagerank[i]));
    json_object_set_new(o, "betweenness", num(g->betweenness[i]));
    json_object_set_new(o, "constraint", num(g->constraint[i]));
    json_object_set_new(o, "coreness", json_integer(g->coreness[i]));
    json_object_set_new(o, "community", json_integer(g->community[i]));
    json_object_set_new(o, "bridge", json_boolean(g->bridge[i]));
    json_object_set_new(o, "rank_reach", json_integer(g->rank_reach[i]));
    json_object_set_new(o, "rank_brokerage", json_integer(g->rank_brokerage[i]));
    json_object_set_new(o, "rank_betweenness", json_integer(g->rank_betweenness[i]));
    return o;
}

typedef struct pair_row {
    int64_t a, b, ties;
    double weight;
} pair_row;

static int cmp_pair(const void *x, const void *y)
{
    const pair_row *p = x, *q = y;
    if (p->weight != q->weight)
        return p->weight > q->weight ? -1 : 1;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    return (p->b > q->b) - (p->b < q->b);
}

static int cmp_by_pair(const void *x, const void *y)
{
    const pair_row *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    return (p->b > q->b) - (p->b < q->b);
}

/* Community pairs joined by ties: the heaviest JSON_TOP_BETWEEN. */
static json_t *between(const kith_graph *g, int64_t *npairs)
{
    json_t *arr = json_array();
    pair_row *r =
        malloc((g->s.bridging_ties ? (size_t)g->s.bridging_ties : 1) * sizeof *r);
    *npairs = 0;
    if (!r || !arr) {
        free(r);
        json_decref(arr);
        return NULL;
    }
    size_t n = 0;
    for (size_t t = 0; t < g->u.n; t++) {
        if (!g->bridging[t])
            continue;
        int64_t a = g->community[g->u.a[t]], b = g->community[g->u.b[t]];
        r[n].a = a < b ? a : b;
        r[n].b = a < b ? b : a;
        r[n].ties = 1;
        r[n].weight = g->u.w[t];
        n++;
    }
    /* Merge the ties of one community pair: sort by pair, then add up. */
    qsort(r, n, sizeof *r, cmp_by_pair);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m && r[m - 1].a == r[i].a && r[m - 1].b == r[i].b) {
            r[m - 1].ties++;
            r[m - 1].weight += r[i].weight;
        } else {
            r[m++] = r[i];
        }
    }
    qsort(r, m, sizeof *r, cmp_pair);
    *npairs = (int64_t)m;
    for (size_t i = 0; i < m && i < JSON_TOP_BETWEEN; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "a", json_integer(r[i].a));
        json_object_set_new(o, "b", json_integer(r[i].b));
        json_object_set_new(o, "ties", json_integer(r[i].ties));
        json_object_set_new(o, "weight", num(r[i].weight));
        json_array_append_new(arr, o);
    }
    free(r);
    return arr;
}

static kith_code dump(json_t *root, char **out, kith_error *err)
{
    char *s = root ? json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                                          JSON_REAL_PRECISION(17))
                   : NULL;
    json_decref(root);
    if (!s)
        return kith_error_set(err, KITH_ENOMEM, "out of memory writing JSON");
    size_t n = strlen(s);
    char *t = realloc(s, n + 2);
    if (!t) {
        free(s);
        return kith_error_set(err, KITH_ENOMEM, "out of memory writing JSON");
    }
    t[n] = '\n';
    t[n + 1] = '\0';
    *out = t;
    return KITH_OK;
}

kith_code kith_graph_render_json(const kith_graph *g, const char *org, char **out,
                                 kith_error *err)
{
    *out = NULL;
    const kith_graph_summary *s = &g->s;
    json_t *root = json_object();
    json_object_set_new(root, "schema", json_string("kith-graph"));
    json_object_set_new(root, "schema_version", json_integer(SCHEMA_VERSION));
    json_object_set_new(root, "org", kith__graph_json_text(org ? org : g->org));
    json_object_set_new(root, "as_of", iso(s->as_of));
    json_t *p = json_object();
    json_object_set_new(p, "from", iso(s->from));
    json_object_set_new(p, "to", iso(s->to));
    json_object_set_new(root, "period", p);
    json_object_set_new(
        root, "weights",
        json_string(s->weights == KITH_GRAPH_COUNT ? "count" : "decayed"));
    json_object_set_new(root, "half_life_days", num(s->half_life));
    json_object_set_new(root, "resolution", num(s->resolution));
    json_object_set_new(root, "nodes", json_integer(s->nodes));
    json_object_set_new(root, "edges", json_integer(s->edges));
    json_object_set_new(root, "ties", json_integer(s->ties));
    json_object_set_new(root, "interactions", json_integer(s->interactions));
    json_t *ev = json_object();
    json_object_set_new(ev, "with_ties", json_integer(s->events));
    json_object_set_new(ev, "skipped", json_integer(s->events_skipped));
    json_object_set_new(ev, "largest_skipped", json_integer(s->largest_skipped));
    json_object_set_new(ev, "max_attendees", json_integer(KITH_GRAPH_MAX_ATTENDEES));
    json_object_set_new(root, "events", ev);
    json_t *dr = json_object();
    json_object_set_new(dr, "self", json_integer(s->dropped_self));
    json_object_set_new(dr, "team_or_bot", json_integer(s->dropped_excluded));
    json_object_set_new(root, "dropped", dr);
    json_object_set_new(root, "density", num(s->density));
    json_object_set_new(root, "reciprocity", num(s->reciprocity));
    json_object_set_new(root, "components", json_integer(s->components));
    json_t *lc = json_object();
    json_object_set_new(lc, "size", json_integer(s->largest_component));
    json_object_set_new(lc, "share", num(s->largest_share));
    json_object_set_new(root, "largest_component", lc);
    json_object_set_new(root, "modularity", num(s->modularity));
    json_t *ld = json_object();
    json_object_set_new(ld, "objective", json_string("modularity"));
    json_object_set_new(ld, "runs", json_integer(s->runs));
    json_object_set_new(ld, "best_seed", json_integer(s->best_run + 1));
    json_object_set_new(ld, "iterations", json_integer(s->iterations));
    json_object_set_new(root, "leiden", ld);
    json_t *bt = json_object();
    json_object_set_new(bt, "method",
                        json_string(s->betweenness_exact ? "exact" : "sampled"));
    json_object_set_new(bt, "sources",
                        s->betweenness_exact ? json_null() : json_integer(s->sources));
    json_object_set_new(root, "betweenness", bt);
    json_t *tc = json_object();
    json_object_set_new(tc, "strong", json_integer(s->strong_ties));
    json_object_set_new(tc, "weak", json_integer(s->weak_ties));
    json_object_set_new(tc, "bridging", json_integer(s->bridging_ties));
    json_object_set_new(tc, "strong_quantile", num(s->strong_quantile));
    json_object_set_new(tc, "strong_threshold", num(s->strong_threshold));
    json_object_set_new(root, "tie_counts", tc);
    json_t *comms = json_array();
    for (size_t c = 0; c < g->ncomm; c++) {
        kith_graph_community cm;
        kith_graph_community_at(g, c, &cm);
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(cm.id));
        json_object_set_new(o, "size", json_integer(cm.size));
        json_object_set_new(o, "internal_weight", num(cm.internal_weight));
        json_t *top = json_array();
        for (int k = 0; k < cm.ntop; k++)
            json_array_append_new(top, member_ref(g, cm.top[k]));
        json_object_set_new(o, "top", top);
        json_array_append_new(comms, o);
    }
    json_object_set_new(root, "communities", comms);
    int64_t npairs = 0;
    json_t *bw = between(g, &npairs);
    json_object_set_new(root, "between_communities", bw ? bw : json_null());
    json_object_set_new(root, "community_pairs", json_integer(npairs));
    size_t *idx = NULL, nb = 0;
    json_t *br = json_array();
    if (kith_graph_bridges(g, JSON_TOP_BRIDGES, &idx, &nb, NULL) == KITH_OK)
        for (size_t k = 0; k < nb; k++) {
            size_t i = idx[k];
            json_t *o = json_object();
            json_object_set_new(o, "id", json_integer(g->member_id[i]));
            json_object_set_new(o, "name", kith__graph_json_text(kith__graph_name(g, i)));
            json_object_set_new(o, "community", json_integer(g->community[i]));
            json_object_set_new(o, "betweenness", num(g->betweenness[i]));
            json_object_set_new(o, "constraint", num(g->constraint[i]));
            json_array_append_new(br, o);
        }
    else
        json_decref(br), br = NULL;
    free(idx);
    json_object_set_new(root, "bridges", br ? br : json_null());
    json_object_set_new(root, "bridge_members", json_integer(s->bridge_members));
    json_t *mem = json_array();
    for (size_t i = 0; i < g->n; i++)
        json_array_append_new(mem, member_json(g, i));
    json_object_set_new(root, "members", mem);
    if (!bw || !br)
        json_decref(root), root = NULL;
    return dump(root, out, err);
}

kith_code kith_graph_json(kith_store *st, int64_t org_id, const kith_graph_opts *opts,
                          char **out, kith_error *err)
{
    kith_graph *g = NULL;
    *out = NULL;
    kith_code rc = kith_graph_build(st, org_id, opts, &g, err);
    if (rc == KITH_OK)
        rc = kith_graph_render_json(g, NULL, out, err);
    kith_graph_free(g);
    return rc;
}

/* The profile of node (a member of g) as JSON. */
static json_t *profile_json(const kith_graph *g, const kith_graph_profile *p)
{
    size_t i = p->node;
    json_t *o = json_object();
    json_object_set_new(o, "member", json_integer(g->member_id[i]));
    json_object_set_new(o, "in_graph", json_true());
    json_object_set_new(o, "as_of", iso(g->s.as_of));
    json_t *per = json_object();
    json_object_set_new(per, "from", iso(g->s.from));
    json_object_set_new(per, "to", iso(g->s.to));
    json_object_set_new(o, "period", per);
    json_object_set_new(o, "community", json_integer(p->community));
    json_object_set_new(o, "community_size", json_integer(p->community_size));
    json_object_set_new(o, "nodes", json_integer(p->nodes));
    json_object_set_new(o, "rank_reach", json_integer(p->rank_reach));
    json_object_set_new(o, "rank_brokerage", json_integer(p->rank_brokerage));
    json_object_set_new(o, "rank_betweenness", json_integer(p->rank_betweenness));
    json_object_set_new(o, "pagerank", num(g->pagerank[i]));
    json_object_set_new(o, "betweenness", num(g->betweenness[i]));
    json_object_set_new(o, "constraint", num(g->constraint[i]));
    json_object_set_new(o, "coreness", json_integer(g->coreness[i]));
    json_object_set_new(o, "bridge", json_boolean(g->bridge[i]));
    json_t *ties = json_array();
    for (int k = 0; k < p->nties; k++) {
        const kith_graph_tie *t = &p->ties[k];
        json_t *x = json_object();
        json_object_set_new(x, "id", json_integer(g->member_id[t->other]));
        json_object_set_new(x, "name",
                            kith__graph_json_text(kith__graph_name(g, t->other)));
        json_object_set_new(x, "weight", num(t->weight));
        json_object_set_new(x, "weight_out", num(t->weight_out));
        json_object_set_new(x, "weight_in", num(t->weight_in));
        json_object_set_new(x, "reciprocated", json_boolean(t->reciprocated));
        json_object_set_new(x, "strong", json_boolean(t->strong));
        json_object_set_new(x, "bridging", json_boolean(t->bridging));
        json_object_set_new(x, "community", json_integer(g->community[t->other]));
        json_array_append_new(ties, x);
    }
    json_object_set_new(o, "strongest_ties", ties);
    return o;
}

kith_code kith_graph_member_json(kith_store *st, int64_t org_id,
                                 const kith_graph_opts *opts, int64_t member_id,
                                 char **out, kith_error *err)
{
    *out = NULL;
    kith_member_row row;
    char key[32];
    snprintf(key, sizeof key, "%lld", (long long)member_id);
    kith_code rc = kith_member_find(st, org_id, key, &row, err);
    if (rc != KITH_OK)
        return rc;
    if (row.merged_into)
        member_id = row.merged_into;
    kith_graph *g = NULL;
    rc = kith_graph_build(st, org_id, opts, &g, err);
    if (rc == KITH_ENODATA) {
        kith_error_clear(err);
        rc = KITH_OK;
    }
    if (rc == KITH_OK)
        rc = kith_graph_member_render_json(g, member_id, out, err);
    kith_graph_free(g);
    return rc;
}

kith_code kith_graph_member_render_json(const kith_graph *g, int64_t member_id,
                                        char **out, kith_error *err)
{
    *out = NULL;
    json_t *root = NULL;
    kith_graph_profile p;
    if (g && kith_graph_profile_of(g, member_id, &p, NULL) == KITH_OK)
        root = profile_json(g, &p);
    if (!root) {
        root = json_object();
        json_object_set_new(root, "member", json_integer(member_id));
        json_object_set_new(root, "in_graph", json_false());
    }
    return dump(root, out, err);
}
