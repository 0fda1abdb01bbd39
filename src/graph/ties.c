/* After the measures: communities numbered by size, strong / weak /
 * bridging ties (Granovetter; docs/graph.md "Ties"), bridge members,
 * ranks by reach, brokerage and betweenness; and the read-only accessors
 * of include/kith/graph.h (summary, nodes, top lists, communities, a
 * member's profile). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "graph/graph_int.h"
#include "metrics/metrics_int.h"

/* ------------------------------------------------------------ sorting */

typedef struct key_row {
    double k1, k2; /* ascending */
    int64_t id;
    size_t i;
} key_row;

static int cmp_key(const void *x, const void *y)
{
    const key_row *a = x, *b = y;
    if (a->k1 != b->k1)
        return a->k1 < b->k1 ? -1 : 1;
    if (a->k2 != b->k2)
        return a->k2 < b->k2 ? -1 : 1;
    return (a->id > b->id) - (a->id < b->id);
}

/* Sort idx by (k1, k2, member id) ascending, keys from by. by = -1 is the
 * bridge order: betweenness descending, then constraint ascending. */
static int sort_nodes(const kith_graph *g, int by, size_t *idx, size_t n)
{
    key_row *r = malloc((n ? n : 1) * sizeof *r);
    if (!r)
        return -1;
    for (size_t k = 0; k < n; k++) {
        size_t i = idx[k];
        r[k].i = i;
        r[k].id = g->member_id[i];
        r[k].k2 = 0;
        switch (by) {
        case KITH_RANK_REACH:
            r[k].k1 = -g->pagerank[i];
            break;
        case KITH_RANK_BROKERAGE:
            r[k].k1 = g->constraint[i];
            r[k].k2 = -g->betweenness[i];
            break;
        case KITH_RANK_BETWEENNESS:
            r[k].k1 = -g->betweenness[i];
            break;
        default:
            r[k].k1 = -g->betweenness[i];
            r[k].k2 = g->constraint[i];
        }
    }
    qsort(r, n, sizeof *r, cmp_key);
    for (size_t k = 0; k < n; k++)
        idx[k] = r[k].i;
    free(r);
    return 0;
}

void kith__graph_sort_by(const kith_graph *g, kith_graph_rank by, size_t *idx, size_t n)
{
    sort_nodes(g, (int)by, idx, n);
}

/* ------------------------------------------------------------ classify */

typedef struct comm_row {
    int64_t size;
    size_t first; /* smallest node index */
    int64_t label;
} comm_row;

static int cmp_comm(const void *x, const void *y)
{
    const comm_row *a = x, *b = y;
    if (a->size != b->size)
        return a->size > b->size ? -1 : 1;
    return (a->first > b->first) - (a->first < b->first);
}

/* Communities renumbered: 0 = the largest, equal sizes by their first
 * member. */
static kith_code number_communities(kith_graph *g, kith_error *err)
{
    int64_t k = 0;
    for (size_t i = 0; i < g->n; i++)
        if (g->community[i] + 1 > k)
            k = g->community[i] + 1;
    comm_row *c = calloc((size_t)(k ? k : 1), sizeof *c);
    int64_t *to = calloc((size_t)(k ? k : 1), sizeof *to);
    g->comm_size = calloc((size_t)(k ? k : 1), sizeof *g->comm_size);
    g->comm_weight = calloc((size_t)(k ? k : 1), sizeof *g->comm_weight);
    if (!c || !to || !g->comm_size || !g->comm_weight) {
        free(c);
        free(to);
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    }
    for (int64_t l = 0; l < k; l++) {
        c[l].label = l;
        c[l].first = SIZE_MAX;
    }
    for (size_t i = 0; i < g->n; i++) {
        comm_row *r = &c[g->community[i]];
        r->size++;
        if (i < r->first)
            r->first = i;
    }
    qsort(c, (size_t)k, sizeof *c, cmp_comm);
    size_t used = 0;
    for (int64_t l = 0; l < k; l++) {
        to[c[l].label] = l;
        if (c[l].size)
            used = (size_t)l + 1;
    }
    for (size_t i = 0; i < g->n; i++) {
        g->community[i] = to[g->community[i]];
        g->comm_size[g->community[i]]++;
    }
    g->ncomm = used;
    g->s.communities = (int64_t)used;
    free(c);
    free(to);
    return KITH_OK;
}

kith_code kith__graph_classify(kith_graph *g, double strong_quantile, kith_error *err)
{
    kith_code rc = number_communities(g, err);
    if (rc != KITH_OK)
        return rc;
    double *w = malloc((g->u.n ? g->u.n : 1) * sizeof *w);
    size_t *idx = malloc((g->n ? g->n : 1) * sizeof *idx);
    if (!w || !idx) {
        free(w);
        free(idx);
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    }
    memcpy(w, g->u.w, g->u.n * sizeof *w);
    /* Linear interpolation between order statistics (numpy's default). */
    g->s.strong_threshold = g->u.n ? kith__m_quantile(w, g->u.n, strong_quantile) : 0;
    g->s.strong_quantile = strong_quantile;
    g->s.strong_ties = g->s.weak_ties = g->s.bridging_ties = g->s.bridge_members = 0;
    for (size_t t = 0; t < g->u.n; t++) {
        int recip = g->u_ab[t] > 0 && g->u_ba[t] > 0;
        g->strong[t] = recip && g->u.w[t] >= g->s.strong_threshold;
        g->bridging[t] = g->community[g->u.a[t]] != g->community[g->u.b[t]];
        g->s.strong_ties += g->strong[t];
        g->s.bridging_ties += g->bridging[t];
        if (g->bridging[t]) {
            g->bridge[g->u.a[t]] = 1;
            g->bridge[g->u.b[t]] = 1;
        } else {
            g->comm_weight[g->community[g->u.a[t]]] += g->u.w[t];
        }
    }
    g->s.weak_ties = (int64_t)g->u.n - g->s.strong_ties;
    for (size_t i = 0; i < g->n; i++)
        g->s.bridge_members += g->bridge[i];
    int64_t *ranks[3] = {g->rank_reach, g->rank_brokerage, g->rank_betweenness};
    for (int by = 0; by < 3; by++) {
        for (size_t i = 0; i < g->n; i++)
            idx[i] = i;
        if (sort_nodes(g, by, idx, g->n) != 0) {
            rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
            break;
        }
        for (size_t k = 0; k < g->n; k++)
            ranks[by][idx[k]] = (int64_t)k + 1;
    }
    free(w);
    free(idx);
    return rc;
}

/* ------------------------------------------------------------ accessors */

const kith_graph_summary *kith_graph_summary_of(const kith_graph *g)
{
    return &g->s;
}

size_t kith_graph_nnodes(const kith_graph *g)
{
    return g->n;
}

void kith_graph_node_at(const kith_graph *g, size_t i, kith_graph_node *o)
{
    memset(o, 0, sizeof *o);
    if (i >= g->n)
        return;
    o->member_id = g->member_id[i];
    o->name = kith__graph_name(g, i);
    o->in_degree = g->indeg[i];
    o->out_degree = g->outdeg[i];
    o->degree = g->deg[i];
    o->in_strength = g->instr[i];
    o->out_strength = g->outstr[i];
    o->strength = g->str[i];
    o->pagerank = g->pagerank[i];
    o->betweenness = g->betweenness[i];
    o->constraint = g->constraint[i];
    o->coreness = g->coreness[i];
    o->community = g->community[i];
    o->bridge = g->bridge[i];
    o->rank_reach = g->rank_reach[i];
    o->rank_brokerage = g->rank_brokerage[i];
    o->rank_betweenness = g->rank_betweenness[i];
}

kith_code kith_graph_find(const kith_graph *g, int64_t member_id, size_t *i,
                          kith_error *err)
{
    size_t lo = 0, hi = g->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (g->member_id[mid] < member_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < g->n && g->member_id[lo] == member_id) {
        *i = lo;
        return KITH_OK;
    }
    return kith_error_set(
        err, KITH_ENOTFOUND,
        "member %lld has no tie in the period, so is not in the network",
        (long long)member_id);
}

int kith_graph_rank_parse(const char *name)
{
    static const char *const names[] = {"reach", "brokerage", "betweenness"};
    for (int i = 0; name && i < 3; i++)
        if (!strcmp(name, names[i]))
            return i;
    return -1;
}

static kith_code top_of(const kith_graph *g, int by, int bridges_only, size_t limit,
                        size_t **out, size_t *n, kith_error *err)
{
    *out = NULL;
    *n = 0;
    size_t *idx = malloc((g->n ? g->n : 1) * sizeof *idx);
    if (!idx)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < g->n; i++)
        if (!bridges_only || g->bridge[i])
            idx[k++] = i;
    if (sort_nodes(g, by, idx, k) != 0) {
        free(idx);
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    }
    *out = idx;
    *n = limit && limit < k ? limit : k;
    return KITH_OK;
}

kith_code kith_graph_top(const kith_graph *g, kith_graph_rank by, size_t limit,
                         size_t **out, size_t *n, kith_error *err)
{
    if ((int)by < 0 || (int)by > 2)
        return kith_error_set(err, KITH_EUSAGE, "unknown rank %d", (int)by);
    return top_of(g, (int)by, 0, limit, out, n, err);
}

kith_code kith_graph_bridges(const kith_graph *g, size_t limit, size_t **out, size_t *n,
                             kith_error *err)
{
    return top_of(g, -1, 1, limit, out, n, err);
}

size_t kith_graph_ncommunities(const kith_graph *g)
{
    return g->ncomm;
}

void kith_graph_community_at(const kith_graph *g, size_t c, kith_graph_community *o)
{
    memset(o, 0, sizeof *o);
    if (c >= g->ncomm)
        return;
    o->id = (int64_t)c;
    o->size = g->comm_size[c];
    o->internal_weight = g->comm_weight[c];
    /* The top 5 by reach: one pass keeping a small sorted list. */
    for (size_t i = 0; i < g->n; i++) {
        if (g->community[i] != (int64_t)c)
            continue;
        int pos = o->ntop;
        while (pos > 0 && g->rank_reach[o->top[pos - 1]] > g->rank_reach[i])
            pos--;
        if (pos >= 5)
            continue;
        int last = o->ntop < 5 ? o->ntop : 4;
        for (int k = last; k > pos; k--)
            o->top[k] = o->top[k - 1];
        o->top[pos] = i;
        if (o->ntop < 5)
            o->ntop++;
    }
}

kith_code kith_graph_profile_of(const kith_graph *g, int64_t member_id,
                                kith_graph_profile *o, kith_error *err)
{
    memset(o, 0, sizeof *o);
    size_t i = 0;
    kith_code rc = kith_graph_find(g, member_id, &i, err);
    if (rc != KITH_OK)
        return rc;
    o->node = i;
    o->community = g->community[i];
    o->community_size = g->comm_size[g->community[i]];
    o->rank_reach = g->rank_reach[i];
    o->rank_brokerage = g->rank_brokerage[i];
    o->rank_betweenness = g->rank_betweenness[i];
    o->nodes = (int64_t)g->n;
    /* The 5 strongest ties (equal weights: the other's member id). */
    for (size_t k = g->adj_start[i]; k < g->adj_start[i + 1]; k++) {
        size_t t = g->adj[k];
        kith_graph_tie tie;
        tie.other = kith__tie_other(g, t, i);
        tie.weight = g->u.w[t];
        int fwd = (size_t)g->u.a[t] == i;
        tie.weight_out = fwd ? g->u_ab[t] : g->u_ba[t];
        tie.weight_in = fwd ? g->u_ba[t] : g->u_ab[t];
        tie.reciprocated = g->u_ab[t] > 0 && g->u_ba[t] > 0;
        tie.strong = g->strong[t];
        tie.bridging = g->bridging[t];
        int pos = o->nties;
        while (pos > 0 &&
               (o->ties[pos - 1].weight < tie.weight ||
                (o->ties[pos - 1].weight == tie.weight &&
                 g->member_id[o->ties[pos - 1].other] > g->member_id[tie.other])))
            pos--;
        if (pos >= 5)
            continue;
        int last = o->nties < 5 ? o->nties : 4;
        for (int q = last; q > pos; q--)
            o->ties[q] = o->ties[q - 1];
        o->ties[pos] = tie;
        if (o->nties < 5)
            o->nties++;
    }
    return KITH_OK;
}
