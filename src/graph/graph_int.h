/* Inside the graph module: the built graph (nodes, directed edges, the
 * undirected ties), its measures, and the steps that fill them. Only
 * analyze.c, export.c and svg.c include igraph.h; this header does not. */
#ifndef KITH_GRAPH_INT_H
#define KITH_GRAPH_INT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "kith/graph.h"

/* An edge list with one entry per ordered pair (directed) or pair
 * (undirected, a < b). */
typedef struct kith__edges {
    int32_t *a, *b;
    double *w;
    size_t n, cap;
} kith__edges;

struct kith_graph {
    kith_graph_summary s;
    char org[128];
    /* Nodes, in member id order. */
    size_t n;
    int64_t *member_id;
    size_t *name;   /* offsets into names */
    kith_buf names; /* NUL-separated; offset 0 is "" */
    /* Directed edges sorted by (a, b); count = interactions behind each
     * (co-attendance counts one per event). */
    kith__edges e;
    double *ecount;
    /* Undirected ties (a < b) sorted by (a, b): weight = both directions
     * summed; w_ab / w_ba split; recip = both directions present. */
    kith__edges u;
    double *u_ab, *u_ba;
    uint8_t *strong, *bridging;
    /* Measures per node. */
    int64_t *indeg, *outdeg, *deg;
    double *instr, *outstr, *str;
    double *pagerank, *betweenness, *constraint;
    int64_t *coreness, *community;
    uint8_t *bridge;
    int64_t *rank_reach, *rank_brokerage, *rank_betweenness;
    /* Communities: sizes (by id; 0 = largest) and internal weights. */
    size_t ncomm;
    int64_t *comm_size;
    double *comm_weight;
    /* Ties of each node (CSR over u): tie indexes of node i are
     * adj[adj_start[i] .. adj_start[i+1]). */
    size_t *adj_start, *adj;
};

/* What the analysis needs besides the edges. */
typedef struct kith__graph_params {
    double resolution;
    int runs;
    double strong_quantile;
    double exact_work;
    int sources;
    size_t full_max_ties; /* 0 = no limit */
} kith__graph_params;

/* Allocate g's per-node and per-edge arrays once n, e and u are set.
 * KITH_ENOMEM. */
kith_code kith__graph_alloc_measures(kith_graph *g, kith_error *err);

/* Set up g from a directed edge list (a -> b, weight w, count c) over n
 * nodes: drops self-loops, sums repeated pairs, sorts, and derives the
 * undirected ties. Node i gets member id ids[i] (or i + 1 when ids is
 * NULL). Used by the builder and by tests on hand-made graphs.
 * KITH_ENOMEM. */
kith_code kith__graph_from_edges(kith_graph *g, size_t n, const int64_t *ids,
                                 const int32_t *a, const int32_t *b, const double *w,
                                 const double *c, size_t m, kith_error *err);

/* Every measure with igraph (analyze.c), then ties, bridges and ranks.
 * KITH_ENODATA for a graph without ties; KITH_EINTERNAL when igraph
 * fails (the message names the step); KITH_ENOMEM. */
kith_code kith__graph_analyze(kith_graph *g, const kith__graph_params *p,
                              kith_error *err);

/* Ties (strong: reciprocated and weight at least the strong_quantile
 * quantile of tie weights; bridging: between communities), bridge
 * members, ranks, communities renumbered by size (ties.c); called by
 * kith__graph_analyze after the igraph measures. KITH_ENOMEM. */
kith_code kith__graph_classify(kith_graph *g, double strong_quantile, kith_error *err);

/* igraph's handlers for this thread: errors are returned (never abort),
 * warnings dropped, the C attribute table for GraphML. Cheap; every entry
 * point that calls igraph calls it first. */
void kith__graph_igraph_setup(void);

struct json_t;
/* A JSON string of s (invalid UTF-8 replaced by U+FFFD); NULL only when out
 * of memory (json.c). */
struct json_t *kith__graph_json_text(const char *s);

/* A fresh empty graph (calloc'ed, names pool started). NULL when out of
 * memory. */
kith_graph *kith__graph_new(void);

/* Name of node i. */
const char *kith__graph_name(const kith_graph *g, size_t i);

struct kith__grows;
/* Shared by kith_graph_build and the introductions: the options checked
 * into p, the window and the rows of the period (profile = 1: with the
 * members' first_seen, interests and expertise). rows is caller-owned
 * (kith__grows_free) even on failure. */
kith_code kith__graph_load(kith_store *st, int64_t org_id, const kith_graph_opts *o,
                           int profile, kith_graph *g, struct kith__grows *rows,
                           kith__graph_params *p, kith_error *err);
/* The rows turned into g's edges and node names, team and bot members
 * left out unless include_team. */
kith_code kith__graph_edges_from_rows(kith_graph *g, struct kith__grows *rows,
                                      int include_team, kith_error *err);

/* The weight of a tie by index into g->u. */
static inline double kith__tie_weight(const kith_graph *g, size_t t)
{
    return g->u.w[t];
}

/* The other end of tie t seen from node i. */
static inline size_t kith__tie_other(const kith_graph *g, size_t t, size_t i)
{
    return (size_t)g->u.a[t] == i ? (size_t)g->u.b[t] : (size_t)g->u.a[t];
}

/* Sort node indexes (idx[0..n)) by a rank (stable by member id). */
void kith__graph_sort_by(const kith_graph *g, kith_graph_rank by, size_t *idx, size_t n);

/* One lock around every call into igraph, which is not thread-safe as
 * built (analyze.c); never held across a call that takes it again. */
void kith__igraph_lock(void);
void kith__igraph_unlock(void);

#endif
