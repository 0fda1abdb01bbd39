/* Building the interaction graph (docs/graph.md "The graph"): the rows of
 * the period (src/store/st_graph.c) become directed edges actor -> target
 * and co-attendance ties, weighted by decay or count, with self-loops and
 * team/bot members left out; repeated pairs are summed, nodes are the
 * members with a tie, and the undirected ties sum both directions. No
 * igraph here: this is bookkeeping, the measures are in analyze.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeparse.h"
#include "core/window.h"
#include "graph/graph_int.h"
#include "metrics/metrics_int.h"
#include "store/records.h"
#include "store/st_graph.h"
#include "store/st_query.h"
#include "store/store_int.h"

/* ------------------------------------------------------------ pair table */

/* Open addressing on (a, b) -> entry index; linear probing. */
typedef struct pair_map {
    uint64_t *keys; /* UINT64_MAX = empty */
    size_t *vals;
    size_t cap, count;
} pair_map;

static uint64_t pair_key(int32_t a, int32_t b)
{
    return (uint64_t)(uint32_t)a << 32 | (uint32_t)b;
}

static size_t pair_hash(uint64_t k, size_t mask)
{
    k ^= k >> 33;
    k *= UINT64_C(0xff51afd7ed558ccd);
    k ^= k >> 33;
    return (size_t)k & mask;
}

static int pair_init(pair_map *m, size_t expect)
{
    size_t cap = 1024;
    while (cap < expect * 2)
        cap *= 2;
    m->keys = malloc(cap * sizeof *m->keys);
    m->vals = malloc(cap * sizeof *m->vals);
    if (!m->keys || !m->vals)
        return -1;
    memset(m->keys, 0xff, cap * sizeof *m->keys);
    m->cap = cap;
    m->count = 0;
    return 0;
}

static void pair_free(pair_map *m)
{
    free(m->keys);
    free(m->vals);
}

static int pair_grow(pair_map *m)
{
    pair_map n;
    if (pair_init(&n, m->cap) != 0) {
        pair_free(&n);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (m->keys[i] == UINT64_MAX)
            continue;
        size_t j = pair_hash(m->keys[i], n.cap - 1);
        while (n.keys[j] != UINT64_MAX)
            j = (j + 1) & (n.cap - 1);
        n.keys[j] = m->keys[i];
        n.vals[j] = m->vals[i];
    }
    n.count = m->count;
    pair_free(m);
    *m = n;
    return 0;
}

/* The entry of (a, b): *val and 1 when it was there, else inserts next as
 * its value and returns 0; -1 when out of memory. */
static int pair_get_or_put(pair_map *m, uint64_t k, size_t next, size_t *val)
{
    if ((m->count + 1) * 2 > m->cap && pair_grow(m) != 0)
        return -1;
    size_t j = pair_hash(k, m->cap - 1);
    while (m->keys[j] != UINT64_MAX) {
        if (m->keys[j] == k) {
            *val = m->vals[j];
            return 1;
        }
        j = (j + 1) & (m->cap - 1);
    }
    m->keys[j] = k;
    m->vals[j] = next;
    m->count++;
    *val = next;
    return 0;
}

/* ------------------------------------------------------------ graph */

kith_graph *kith__graph_new(void)
{
    kith_graph *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    kith__buf_init(&g->names, 0);
    if (kith__buf_putc(&g->names, '\0') != KITH_OK) {
        free(g);
        return NULL;
    }
    return g;
}

void kith_graph_free(kith_graph *g)
{
    if (!g)
        return;
    kith__buf_free(&g->names);
    void *arrays[] = {g->member_id,
                      g->name,
                      g->e.a,
                      g->e.b,
                      g->e.w,
                      g->ecount,
                      g->u.a,
                      g->u.b,
                      g->u.w,
                      g->u_ab,
                      g->u_ba,
                      g->strong,
                      g->bridging,
                      g->indeg,
                      g->outdeg,
                      g->deg,
                      g->instr,
                      g->outstr,
                      g->str,
                      g->pagerank,
                      g->betweenness,
                      g->constraint,
                      g->coreness,
                      g->community,
                      g->bridge,
                      g->rank_reach,
                      g->rank_brokerage,
                      g->rank_betweenness,
                      g->comm_size,
                      g->comm_weight,
                      g->adj_start,
                      g->adj};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        free(arrays[i]);
    free(g);
}

const char *kith__graph_name(const kith_graph *g, size_t i)
{
    return g->names.data && g->name ? g->names.data + g->name[i] : "";
}

static kith_code oom(kith_error *err)
{
    return kith_error_set(err, KITH_ENOMEM, "out of memory building the graph");
}

static int cmp_edge(const void *x, const void *y)
{
    const uint64_t *a = x, *b = y;
    return *a < *b ? -1 : *a > *b;
}

kith_code kith__graph_from_edges(kith_graph *g, size_t n, const int64_t *ids,
                                 const int32_t *a, const int32_t *b, const double *w,
                                 const double *c, size_t m, kith_error *err)
{
    kith_code rc = KITH_OK;
    pair_map pm;
    memset(&pm, 0, sizeof pm);
    uint64_t *keys = NULL;         /* (a, b) of each distinct pair */
    double *sw = NULL, *sc = NULL; /* summed weight and count */
    int32_t *node = NULL;          /* input index -> node, -1 = no tie */
    size_t np = 0;
    if (pair_init(&pm, m < 1024 ? 1024 : m / 2) != 0 ||
        !(keys = malloc((m ? m : 1) * sizeof *keys)) ||
        !(sw = malloc((m ? m : 1) * sizeof *sw)) ||
        !(sc = malloc((m ? m : 1) * sizeof *sc)) ||
        !(node = malloc((n ? n : 1) * sizeof *node))) {
        rc = oom(err);
        goto done;
    }
    for (size_t i = 0; i < m; i++) {
        if (a[i] == b[i] || a[i] < 0 || b[i] < 0 || (size_t)a[i] >= n ||
            (size_t)b[i] >= n)
            continue;
        uint64_t k = pair_key(a[i], b[i]);
        size_t at;
        int got = pair_get_or_put(&pm, k, np, &at);
        if (got < 0) {
            rc = oom(err);
            goto done;
        }
        if (!got) {
            keys[np] = k;
            sw[np] = 0;
            sc[np] = 0;
            np++;
        }
        sw[at] += w[i];
        sc[at] += c ? c[i] : 1;
    }
    pair_free(&pm);
    memset(&pm, 0, sizeof pm);
    /* Nodes: the inputs with a tie, in input order. */
    for (size_t i = 0; i < n; i++)
        node[i] = -1;
    for (size_t i = 0; i < np; i++) {
        node[keys[i] >> 32] = 0;
        node[keys[i] & 0xffffffffu] = 0;
    }
    g->n = 0;
    for (size_t i = 0; i < n; i++)
        if (node[i] == 0)
            node[i] = (int32_t)g->n++;
    g->member_id = malloc((g->n ? g->n : 1) * sizeof *g->member_id);
    g->name = calloc(g->n ? g->n : 1, sizeof *g->name);
    if (!g->member_id || !g->name) {
        rc = oom(err);
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        if (node[i] >= 0)
            g->member_id[node[i]] = ids ? ids[i] : (int64_t)i + 1;
    /* Directed edges in (a, b) order: sort (key, position) pairs. */
    {
        uint64_t *order = malloc((np ? np : 1) * 2 * sizeof *order);
        if (!order) {
            rc = oom(err);
            goto done;
        }
        for (size_t i = 0; i < np; i++) {
            uint64_t ka = (uint64_t)node[keys[i] >> 32],
                     kb = (uint64_t)node[keys[i] & 0xffffffffu];
            order[2 * i] = ka << 32 | kb;
            order[2 * i + 1] = i;
        }
        qsort(order, np, 2 * sizeof *order, cmp_edge);
        g->e.a = malloc((np ? np : 1) * sizeof *g->e.a);
        g->e.b = malloc((np ? np : 1) * sizeof *g->e.b);
        g->e.w = malloc((np ? np : 1) * sizeof *g->e.w);
        g->ecount = malloc((np ? np : 1) * sizeof *g->ecount);
        if (!g->e.a || !g->e.b || !g->e.w || !g->ecount) {
            free(order);
            rc = oom(err);
            goto done;
        }
        for (size_t i = 0; i < np; i++) {
            size_t src = order[2 * i + 1];
            g->e.a[i] = (int32_t)(order[2 * i] >> 32);
            g->e.b[i] = (int32_t)(order[2 * i] & 0xffffffffu);
            g->e.w[i] = sw[src];
            g->ecount[i] = sc[src];
        }
        g->e.n = np;
        free(order);
    }
    /* Undirected ties: (min, max) pairs summing both directions. */
    {
        size_t cap = np ? np : 1;
        g->u.a = malloc(cap * sizeof *g->u.a);
        g->u.b = malloc(cap * sizeof *g->u.b);
        g->u.w = malloc(cap * sizeof *g->u.w);
        g->u_ab = malloc(cap * sizeof *g->u_ab);
        g->u_ba = malloc(cap * sizeof *g->u_ba);
        uint64_t *uk = malloc(cap * 2 * sizeof *uk);
        if (!g->u.a || !g->u.b || !g->u.w || !g->u_ab || !g->u_ba || !uk) {
            free(uk);
            rc = oom(err);
            goto done;
        }
        for (size_t i = 0; i < np; i++) {
            uint64_t lo = (uint64_t)(g->e.a[i] < g->e.b[i] ? g->e.a[i] : g->e.b[i]),
                     hi = (uint64_t)(g->e.a[i] < g->e.b[i] ? g->e.b[i] : g->e.a[i]);
            uk[2 * i] = lo << 32 | hi;
            uk[2 * i + 1] = i;
        }
        qsort(uk, np, 2 * sizeof *uk, cmp_edge);
        size_t nu = 0;
        for (size_t i = 0; i < np; i++) {
            size_t e = uk[2 * i + 1];
            int fwd = g->e.a[e] < g->e.b[e];
            if (i == 0 || uk[2 * i] != uk[2 * (i - 1)]) {
                g->u.a[nu] = (int32_t)(uk[2 * i] >> 32);
                g->u.b[nu] = (int32_t)(uk[2 * i] & 0xffffffffu);
                g->u.w[nu] = 0;
                g->u_ab[nu] = g->u_ba[nu] = 0;
                nu++;
            }
            g->u.w[nu - 1] += g->e.w[e];
            if (fwd)
                g->u_ab[nu - 1] += g->e.w[e];
            else
                g->u_ba[nu - 1] += g->e.w[e];
        }
        g->u.n = nu;
        free(uk);
    }
    g->s.nodes = (int64_t)g->n;
    g->s.edges = (int64_t)g->e.n;
    g->s.ties = (int64_t)g->u.n;
    rc = kith__graph_alloc_measures(g, err);
done:
    pair_free(&pm);
    free(keys);
    free(sw);
    free(sc);
    free(node);
    return rc;
}

kith_code kith__graph_alloc_measures(kith_graph *g, kith_error *err)
{
    size_t n = g->n ? g->n : 1, nu = g->u.n ? g->u.n : 1;
    g->strong = calloc(nu, 1);
    g->bridging = calloc(nu, 1);
    g->indeg = calloc(n, sizeof *g->indeg);
    g->outdeg = calloc(n, sizeof *g->outdeg);
    g->deg = calloc(n, sizeof *g->deg);
    g->instr = calloc(n, sizeof *g->instr);
    g->outstr = calloc(n, sizeof *g->outstr);
    g->str = calloc(n, sizeof *g->str);
    g->pagerank = calloc(n, sizeof *g->pagerank);
    g->betweenness = calloc(n, sizeof *g->betweenness);
    g->constraint = calloc(n, sizeof *g->constraint);
    g->coreness = calloc(n, sizeof *g->coreness);
    g->community = calloc(n, sizeof *g->community);
    g->bridge = calloc(n, 1);
    g->rank_reach = calloc(n, sizeof *g->rank_reach);
    g->rank_brokerage = calloc(n, sizeof *g->rank_brokerage);
    g->rank_betweenness = calloc(n, sizeof *g->rank_betweenness);
    g->adj_start = calloc(n + 1, sizeof *g->adj_start);
    g->adj = calloc(nu * 2, sizeof *g->adj);
    if (!g->strong || !g->bridging || !g->indeg || !g->outdeg || !g->deg || !g->instr ||
        !g->outstr || !g->str || !g->pagerank || !g->betweenness || !g->constraint ||
        !g->coreness || !g->community || !g->bridge || !g->rank_reach ||
        !g->rank_brokerage || !g->rank_betweenness || !g->adj_start || !g->adj)
        return oom(err);
    /* Ties by node (CSR), in tie order. */
    for (size_t t = 0; t < g->u.n; t++) {
        g->adj_start[g->u.a[t] + 1]++;
        g->adj_start[g->u.b[t] + 1]++;
    }
    for (size_t i = 0; i < g->n; i++)
        g->adj_start[i + 1] += g->adj_start[i];
    size_t *fill = malloc(n * sizeof *fill);
    if (!fill)
        return oom(err);
    memcpy(fill, g->adj_start, g->n * sizeof *fill);
    for (size_t t = 0; t < g->u.n; t++) {
        g->adj[fill[g->u.a[t]]++] = t;
        g->adj[fill[g->u.b[t]]++] = t;
    }
    free(fill);
    return KITH_OK;
}

/* ------------------------------------------------------------ from the store */

typedef struct triples {
    int32_t *a, *b;
    double *w, *c;
    size_t n, cap;
} triples;

static int triples_add(triples *t, int32_t a, int32_t b, double w, double c)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 4096;
        int32_t *na = realloc(t->a, cap * sizeof *na);
        if (na)
            t->a = na;
        int32_t *nb = realloc(t->b, cap * sizeof *nb);
        if (nb)
            t->b = nb;
        double *nw = realloc(t->w, cap * sizeof *nw);
        if (nw)
            t->w = nw;
        double *nc = realloc(t->c, cap * sizeof *nc);
        if (nc)
            t->c = nc;
        if (!na || !nb || !nw || !nc)
            return -1;
        t->cap = cap;
    }
    t->a[t->n] = a;
    t->b[t->n] = b;
    t->w[t->n] = w;
    t->c[t->n] = c;
    t->n++;
    return 0;
}

static void triples_free(triples *t)
{
    free(t->a);
    free(t->b);
    free(t->w);
    free(t->c);
}

typedef struct build_ctx {
    kith_graph_weighting weights;
    double half_life;
    int64_t as_of;
    const uint8_t *excl;
} build_ctx;

static double weight_at(const build_ctx *c, int64_t t)
{
    if (c->weights == KITH_GRAPH_COUNT)
        return 1;
    return pow(0.5, (double)(c->as_of - t) / 86400.0 / c->half_life);
}

static int cmp_att(const void *x, const void *y)
{
    const int64_t *a = x, *b = y;
    if (a[0] != b[0])
        return a[0] < b[0] ? -1 : 1;
    return (a[1] > b[1]) - (a[1] < b[1]);
}

/* Co-attendance: every pair of an event's distinct attendees (team and
 * bot left out first) gets 1/(n - 1), in both directions; events of more
 * than KITH_GRAPH_MAX_ATTENDEES make no ties. The event's time is its
 * latest attendance (the day itself, or after every ticket order). */
static kith_code co_attendance(kith_graph *g, const kith__grows *r, const build_ctx *c,
                               triples *tr, kith_error *err)
{
    /* (event, member, time) rows sorted by event then member. */
    int64_t *rows = malloc((r->natt ? r->natt : 1) * 3 * sizeof *rows);
    if (!rows)
        return oom(err);
    size_t k = 0;
    for (size_t i = 0; i < r->natt; i++) {
        int32_t mb = r->att_member[i];
        if (mb < 0 || c->excl[mb])
            continue;
        rows[3 * k] = r->att_event[i];
        rows[3 * k + 1] = mb;
        rows[3 * k + 2] = r->att_t[i];
        k++;
    }
    qsort(rows, k, 3 * sizeof *rows, cmp_att);
    int32_t *who = malloc((k ? k : 1) * sizeof *who);
    kith_code rc = who ? KITH_OK : oom(err);
    for (size_t i = 0; rc == KITH_OK && i < k;) {
        size_t j = i, nw = 0;
        int64_t latest = rows[3 * i + 2];
        for (; j < k && rows[3 * j] == rows[3 * i]; j++) {
            if (nw == 0 || who[nw - 1] != (int32_t)rows[3 * j + 1])
                who[nw++] = (int32_t)rows[3 * j + 1];
            if (rows[3 * j + 2] > latest)
                latest = rows[3 * j + 2];
        }
        i = j;
        if (nw > KITH_GRAPH_MAX_ATTENDEES) {
            g->s.events_skipped++;
            if ((int64_t)nw > g->s.largest_skipped)
                g->s.largest_skipped = (int64_t)nw;
            continue;
        }
        if (nw < 2)
            continue;
        g->s.events++;
        double w = weight_at(c, latest) / (double)(nw - 1);
        double cnt = 1.0;
        for (size_t x = 0; x < nw && rc == KITH_OK; x++)
            for (size_t y = 0; y < nw; y++)
                if (x != y && triples_add(tr, who[x], who[y], w, cnt) != 0) {
                    rc = oom(err);
                    break;
                }
    }
    free(who);
    free(rows);
    return rc;
}

/* The options checked, with defaults filled. */
static kith_code check_opts(const kith_graph_opts *o, kith__graph_params *p,
                            kith_error *err)
{
    memset(p, 0, sizeof *p);
    p->resolution = 1.0;
    if (o->has_resolution) {
        if (!(o->resolution > 0) || !isfinite(o->resolution))
            return kith_error_set(err, KITH_EUSAGE,
                                  "--resolution %g: the resolution must be a number > 0 "
                                  "(1 = standard modularity; lower gives fewer, larger "
                                  "communities)",
                                  o->resolution);
        p->resolution = o->resolution;
    }
    p->runs = o->runs > 0 ? o->runs : 0; /* 0: by size, in kith__graph_analyze */
    p->strong_quantile = KITH_GRAPH_STRONG_QUANTILE;
    if (o->strong_quantile != 0) {
        if (!(o->strong_quantile > 0 && o->strong_quantile < 1))
            return kith_error_set(err, KITH_EUSAGE,
                                  "--strong-quantile %g: give a number between 0 and 1 "
                                  "(0.75 = the top quartile of tie weights)",
                                  o->strong_quantile);
        p->strong_quantile = o->strong_quantile;
    }
    p->exact_work = o->exact_work != 0 ? o->exact_work : KITH_GRAPH_EXACT_WORK;
    p->sources = o->sources > 0 ? o->sources : KITH_GRAPH_SOURCES;
    p->full_max_ties = o->full_max_ties > 0 ? (size_t)o->full_max_ties : 0;
    if (o->weights != KITH_GRAPH_DECAYED && o->weights != KITH_GRAPH_COUNT)
        return kith_error_set(err, KITH_EUSAGE, "--weights: use decayed or count");
    return KITH_OK;
}

/* The graph's rows read and turned into g's edges; no measures yet. */
static kith_code build_edges(kith_graph *g, kith__grows *r, const build_ctx *c,
                             kith_error *err)
{
    triples tr;
    memset(&tr, 0, sizeof tr);
    kith_code rc = KITH_OK;
    for (size_t i = 0; i < r->n; i++) {
        int32_t a = r->src[i], b = r->dst[i];
        if (a < 0 || b < 0)
            continue; /* no target, or one that is not a member */
        if (a == b) {
            g->s.dropped_self++;
            continue;
        }
        if (c->excl[a] || c->excl[b]) {
            g->s.dropped_excluded++;
            continue;
        }
        g->s.interactions++;
        if (triples_add(&tr, a, b, weight_at(c, r->t[i]), 1.0) != 0) {
            rc = oom(err);
            goto done;
        }
    }
    rc = co_attendance(g, r, c, &tr, err);
    if (rc != KITH_OK)
        goto done;
    int64_t *ids = malloc((r->nmembers ? r->nmembers : 1) * sizeof *ids);
    if (!ids) {
        rc = oom(err);
        goto done;
    }
    for (size_t i = 0; i < r->nmembers; i++)
        ids[i] = r->members[i].id;
    rc = kith__graph_from_edges(g, r->nmembers, ids, tr.a, tr.b, tr.w, tr.c, tr.n, err);
    free(ids);
    /* Names of the nodes. */
    for (size_t i = 0; rc == KITH_OK && g->member_id && i < g->n; i++) {
        int32_t mi = kith__grows_member(r, g->member_id[i]);
        const char *nm = mi >= 0 ? kith__grows_str(r, r->members[mi].name) : "";
        if (!*nm)
            continue;
        g->name[i] = g->names.len;
        if (kith__buf_append(&g->names, nm, strlen(nm) + 1) != KITH_OK)
            rc = oom(err);
    }
done:
    triples_free(&tr);
    return rc;
}

kith_code kith__graph_load(kith_store *st, int64_t org_id, const kith_graph_opts *o,
                           int profile, kith_graph *g, kith__grows *rows,
                           kith__graph_params *p, kith_error *err)
{
    memset(rows, 0, sizeof *rows);
    kith_code rc = check_opts(o, p, err);
    if (rc != KITH_OK)
        return rc;
    kith_org org;
    rc = kith__st_org_by_id(st, org_id, &org, err);
    if (rc != KITH_OK)
        return rc;
    snprintf(g->org, sizeof g->org, "%s", org.name);
    snprintf(g->s.timezone, sizeof g->s.timezone, "%s", org.timezone);
    kith__params par;
    rc = kith__params_load(st, org_id, &par, err);
    if (rc != KITH_OK)
        return rc;
    int64_t latest = 0;
    rc = kith__st_latest_activity(st, org_id, &latest, err);
    if (rc == KITH_ENODATA) {
        kith_error_set(err, KITH_ENODATA,
                       "the organisation has no activities yet, so there is no "
                       "network; import some with 'kith import activities FILE' "
                       "(or try 'kith demo')");
        return KITH_ENODATA;
    }
    if (rc != KITH_OK)
        return rc;
    kith__window_in in = {o->from, o->to, o->as_of, o->has_from, o->has_to, o->has_as_of};
    rc = kith__window_resolve(&in, latest, org.timezone, (int64_t)par.period_days,
                              &g->s.as_of, &g->s.from, &g->s.to, err);
    if (rc != KITH_OK)
        return rc;
    g->s.weights = o->weights;
    g->s.half_life = par.half_life;
    g->s.resolution = p->resolution;
    g->s.strong_quantile = p->strong_quantile;
    return kith__st_graph_rows(st, org_id, g->s.from, g->s.to, org.timezone, profile,
                               rows, err);
}

kith_code kith__graph_edges_from_rows(kith_graph *g, kith__grows *rows, int include_team,
                                      kith_error *err)
{
    uint8_t *excl = calloc(rows->nmembers ? rows->nmembers : 1, 1);
    if (!excl)
        return oom(err);
    for (size_t i = 0; i < rows->nmembers; i++)
        excl[i] = !include_team &&
                  (rows->members[i].flags & (KITH_FLAG_TEAM | KITH_FLAG_BOT)) != 0;
    build_ctx c = {g->s.weights, g->s.half_life, g->s.as_of, excl};
    kith_code rc = build_edges(g, rows, &c, err);
    free(excl);
    return rc;
}

kith_code kith_graph_build(kith_store *st, int64_t org_id, const kith_graph_opts *opts,
                           kith_graph **out, kith_error *err)
{
    kith_graph_opts none;
    memset(&none, 0, sizeof none);
    const kith_graph_opts *o = opts ? opts : &none;
    *out = NULL;
    kith_graph *g = kith__graph_new();
    if (!g)
        return oom(err);
    kith__grows rows;
    kith__graph_params p;
    kith_code rc = kith__graph_load(st, org_id, o, 0, g, &rows, &p, err);
    if (rc == KITH_OK)
        rc = kith__graph_edges_from_rows(g, &rows, o->include_team, err);
    kith__grows_free(&rows);
    if (rc == KITH_OK && g->n == 0) {
        char a[32], b[32];
        rc = kith_error_set(
            err, KITH_ENODATA,
            "no ties between members from %s to %s (replies, mentions, reactions or "
            "referrals with a target, or shared events%s): choose another period with "
            "--from/--to",
            kith__time_local_date(g->s.from, g->s.timezone, a),
            kith__time_local_date(g->s.to, g->s.timezone, b),
            o->include_team ? ""
                            : "; team and bot members are left out unless "
                              "--include-team");
    }
    if (rc == KITH_OK)
        rc = kith__graph_analyze(g, &p, err);
    if (rc != KITH_OK)
        kith_graph_free(g);
    else
        *out = g;
    return rc;
}
