/* The community network: the interaction graph of one org's members in a
 * period (replies, mentions, reactions, referrals, co-attendance), its
 * measures computed with igraph (degree and strength, PageRank = reach,
 * betweenness, Burt's constraint = brokerage, coreness, Leiden
 * communities), strong, weak and bridging ties, bridge members, exports,
 * an SVG picture and introductions (kith match). docs/graph.md has every
 * rule and size. */
#ifndef KITH_GRAPH_H
#define KITH_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "kith/error.h"
#include "kith/store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kith_graph kith_graph;

typedef enum kith_graph_weighting {
    KITH_GRAPH_DECAYED = 0, /* each interaction x 0.5^(age_days / half_life) */
    KITH_GRAPH_COUNT = 1    /* each interaction counts 1 */
} kith_graph_weighting;

/* Defaults (docs/graph.md). */
#define KITH_GRAPH_RUNS 10      /* seeded Leiden runs, the best kept */
#define KITH_GRAPH_RUNS_LARGE 3 /* ... on graphs of more ties than: */
#define KITH_GRAPH_RUNS_LARGE_TIES 100000
#define KITH_GRAPH_MAX_ATTENDEES 200 /* larger events make no ties */
#define KITH_GRAPH_EXACT_WORK 1e8    /* nodes x ties up to which betweenness is exact */
#define KITH_GRAPH_SOURCES 256       /* sampled sources above it */
#define KITH_GRAPH_STRONG_QUANTILE 0.75 /* strong ties: top weight quartile */

typedef struct kith_graph_opts {
    /* The period [from, to) and as_of, with the report's rules: as_of
     * defaults to the org's local midnight after the latest activity (or
     * to --to), to to as_of, from to to - period_days. */
    int64_t from, to, as_of;
    int has_from, has_to, has_as_of;
    kith_graph_weighting weights;
    double resolution; /* Leiden resolution when has_resolution (> 0) */
    int has_resolution;
    int include_team;       /* 1: keep members flagged team or bot */
    int runs;               /* Leiden runs; 0 = KITH_GRAPH_RUNS, or
                               KITH_GRAPH_RUNS_LARGE above
                               KITH_GRAPH_RUNS_LARGE_TIES ties */
    double strong_quantile; /* 0 = KITH_GRAPH_STRONG_QUANTILE; else in (0, 1) */
    double exact_work;      /* 0 = KITH_GRAPH_EXACT_WORK; < 0 = always exact */
    int sources;            /* 0 = KITH_GRAPH_SOURCES */
    int64_t full_max_ties;  /* > 0: a graph of more ties gets only the
                               whole-graph figures, degree, strength and
                               PageRank (summary.partial = 1; one
                               community, no betweenness, constraint or
                               coreness): the report on large graphs */
} kith_graph_opts;

/* Build the graph of org for the period and compute every measure. *out
 * is owned by the caller (kith_graph_free). Errors: KITH_EUSAGE (bad
 * period, resolution <= 0, bad quantile), KITH_ENODATA (no activity at
 * all, or no tie between members in the period: the message names the
 * period), KITH_EDB, KITH_ENOMEM, KITH_EINTERNAL (igraph failed; the
 * message names the step). Time: O(interactions + pairs of co-attendees)
 * to build; PageRank O(ties) per iteration; betweenness O(n m log n)
 * exact, O(sources x m log n) sampled; Leiden O(m) per pass and run. */
KITH_API kith_code kith_graph_build(kith_store *st, int64_t org_id,
                                    const kith_graph_opts *opts, kith_graph **out,
                                    kith_error *err);
KITH_API void kith_graph_free(kith_graph *g);

/* The whole graph. */
typedef struct kith_graph_summary {
    int64_t from, to, as_of;
    kith_graph_weighting weights;
    double half_life;         /* days, for decayed weights */
    double resolution;        /* Leiden resolution used */
    int64_t nodes;            /* members with at least one tie */
    int64_t edges;            /* directed edges (ordered pairs with interactions) */
    int64_t ties;             /* undirected ties (pairs) */
    int64_t interactions;     /* replies, mentions, reactions, referrals kept */
    int64_t events;           /* events that made co-attendance ties */
    int64_t events_skipped;   /* events with more than KITH_GRAPH_MAX_ATTENDEES */
    int64_t largest_skipped;  /* attendees of the largest event skipped */
    int64_t dropped_self;     /* interactions of a member with themselves */
    int64_t dropped_excluded; /* interactions involving team or bot members */
    double density;           /* edges / (nodes (nodes - 1)) */
    double reciprocity;       /* share of directed edges reciprocated */
    int64_t components;       /* weakly connected */
    int64_t largest_component;
    double largest_share;  /* largest_component / nodes */
    int64_t communities;   /* Leiden, on the undirected graph */
    double modularity;     /* Q of the communities (resolution 1) */
    int runs, best_run;    /* Leiden runs and the one kept (0-based) */
    int iterations;        /* Leiden iterations of the kept run until stable */
    int betweenness_exact; /* 1 exact, 0 estimated from sampled sources */
    int sources;           /* sampled sources when estimated */
    double strong_quantile, strong_threshold; /* tie weight >= threshold */
    int64_t strong_ties, weak_ties, bridging_ties, bridge_members;
    int partial;       /* 1: cut to the figures of full_max_ties (see the options) */
    char timezone[64]; /* the org's IANA zone: dates shown are local to it */
} kith_graph_summary;

/* Borrowed from g; valid until kith_graph_free. */
KITH_API const kith_graph_summary *kith_graph_summary_of(const kith_graph *g);

/* One member of the graph (a node). */
typedef struct kith_graph_node {
    int64_t member_id;
    const char *name;                      /* borrowed from g; "" when none */
    int64_t in_degree, out_degree, degree; /* distinct neighbours by direction */
    double in_strength, out_strength, strength;
    double pagerank;    /* "reach" (METRICS.md); sums to 1 over the nodes */
    double betweenness; /* undirected, distance 1/weight */
    double constraint;  /* Burt; low = broker */
    int64_t coreness;   /* k-core of the undirected graph */
    int64_t community;  /* 0 = the largest */
    int bridge;         /* 1: has a tie into another community */
    int64_t rank_reach, rank_brokerage, rank_betweenness; /* 1 = first */
} kith_graph_node;

KITH_API size_t kith_graph_nnodes(const kith_graph *g);
/* Node i (0 <= i < kith_graph_nnodes; nodes are in member id order). */
KITH_API void kith_graph_node_at(const kith_graph *g, size_t i, kith_graph_node *out);
/* The node of a member: KITH_OK with *i, or KITH_ENOTFOUND (the member has
 * no tie in the period, or does not exist). */
KITH_API kith_code kith_graph_find(const kith_graph *g, int64_t member_id, size_t *i,
                                   kith_error *err);

typedef enum kith_graph_rank {
    KITH_RANK_REACH,      /* PageRank, highest first */
    KITH_RANK_BROKERAGE,  /* constraint, lowest first */
    KITH_RANK_BETWEENNESS /* betweenness, highest first */
} kith_graph_rank;

/* Parse "reach", "brokerage" or "betweenness"; -1 when unknown. */
KITH_API int kith_graph_rank_parse(const char *name);
/* Node indexes of the first `limit` members by rank (0 = all), into
 * *out (malloc'ed, caller frees). Ties are broken by member id. */
KITH_API kith_code kith_graph_top(const kith_graph *g, kith_graph_rank by, size_t limit,
                                  size_t **out, size_t *n, kith_error *err);
/* Bridge members, best first (betweenness, then lower constraint). */
KITH_API kith_code kith_graph_bridges(const kith_graph *g, size_t limit, size_t **out,
                                      size_t *n, kith_error *err);

/* A community: its size, weight inside and its top members by reach. */
typedef struct kith_graph_community {
    int64_t id, size;
    double internal_weight; /* sum of tie weights inside */
    size_t top[5];          /* node indexes, best reach first */
    int ntop;
} kith_graph_community;
KITH_API size_t kith_graph_ncommunities(const kith_graph *g);
KITH_API void kith_graph_community_at(const kith_graph *g, size_t c,
                                      kith_graph_community *out);

/* A tie (undirected pair) as seen from one member. */
typedef struct kith_graph_tie {
    size_t other; /* node index */
    double weight, weight_out, weight_in;
    int reciprocated, strong, bridging;
} kith_graph_tie;

/* What a member profile shows (kith members show, the dashboard). */
typedef struct kith_graph_profile {
    size_t node;
    int64_t community, community_size;
    int64_t rank_reach, rank_brokerage, rank_betweenness, nodes;
    kith_graph_tie ties[5]; /* strongest first */
    int nties;
} kith_graph_profile;
/* The profile of member_id: KITH_OK, or KITH_ENOTFOUND when the member has
 * no tie in the period. */
KITH_API kith_code kith_graph_profile_of(const kith_graph *g, int64_t member_id,
                                         kith_graph_profile *out, kith_error *err);

/* ------------------------------------------------------------ output */

/* The JSON of `kith graph --format json` (docs/graph-schema.json) for g,
 * malloc'ed and NUL-terminated, ending with a newline; caller frees.
 * org names the organisation in the document. Errors: KITH_ENOMEM. */
KITH_API kith_code kith_graph_render_json(const kith_graph *g, const char *org,
                                          char **out, kith_error *err);
/* Build and render in one call: the exact bytes `kith graph --format
 * json` prints (the HTTP API serves the same). Errors: those of
 * kith_graph_build. */
KITH_API kith_code kith_graph_json(kith_store *st, int64_t org_id,
                                   const kith_graph_opts *opts, char **out,
                                   kith_error *err);
/* One member's network as JSON (community, ranks, strongest ties),
 * malloc'ed; the member profile of the dashboard. Errors: those of
 * kith_graph_build, KITH_ENOTFOUND (no such member: the message says so),
 * and a member without ties gives {"member": id, "in_graph": false}. */
KITH_API kith_code kith_graph_member_json(kith_store *st, int64_t org_id,
                                          const kith_graph_opts *opts, int64_t member_id,
                                          char **out, kith_error *err);
/* The same for a graph built beforehand (kith serve keeps one per data
 * version): g NULL, or a member without ties in g, gives {"member": id,
 * "in_graph": false}. member_id is the member kept after merges. Errors:
 * KITH_ENOMEM. */
KITH_API kith_code kith_graph_member_render_json(const kith_graph *g, int64_t member_id,
                                                 char **out, kith_error *err);

/* Write the graph to path as "graphml" (igraph's writer, node and edge
 * attributes included), "gexf" (Gephi 1.3) or "csv" (edges to path, nodes
 * to the same name ending in -nodes.csv; *extra, when not NULL, receives
 * that second path, malloc'ed). Errors: KITH_EUSAGE (unknown format),
 * KITH_EIO (naming the path), KITH_ENOMEM, KITH_EINTERNAL. */
KITH_API kith_code kith_graph_export(const kith_graph *g, const char *format,
                                     const char *path, char **extra, kith_error *err);

/* An SVG picture: igraph layout (Fruchterman-Reingold up to 1,000 drawn
 * nodes, DrL above), nodes sized by reach, coloured by community, bridge
 * members outlined. At most max_nodes members are drawn, those of highest
 * reach, with the ties among them (0 = KITH_GRAPH_SVG_NODES). *out
 * malloc'ed (caller frees). Errors: KITH_ENOMEM, KITH_EINTERNAL. Time: FR
 * O(iterations x nodes^2), about 0.2 s at 2,000 nodes (grid); DrL a few
 * seconds. */
#define KITH_GRAPH_SVG_NODES 2000
KITH_API kith_code kith_graph_svg(const kith_graph *g, size_t max_nodes, char **out,
                                  size_t *len, kith_error *err);

/* ------------------------------------------------------------ introductions */

enum {
    KITH_MATCH_INTERESTS = 1 << 0, /* shared interests or expertise */
    KITH_MATCH_FRIENDS = 1 << 1,   /* friend of friends, not yet tied */
    KITH_MATCH_BRIDGE = 1 << 2,    /* a bridge into another community */
    KITH_MATCH_CONNECTED = 1 << 3  /* newcomers: a well-connected member */
};

typedef struct kith_match_row {
    int64_t member_id, other_id; /* introduce other_id to member_id */
    char member_name[128], other_name[128];
    double score;
    unsigned reasons; /* KITH_MATCH_* bits */
    double jaccard;   /* shared tags / all tags of the two */
    int64_t common;   /* friends in common */
    int64_t other_community;
    char reason[512]; /* the reasons in words */
} kith_match_row;

/* Introductions for one member, best first, at most top (0 = 10).
 * member is an id, email, phone or handle. Never someone already strongly
 * tied. *out malloc'ed. Errors: those of kith_graph_build except that a
 * period without ties still matches on interests; KITH_ENOTFOUND (no such
 * member). */
KITH_API kith_code kith_match_member(kith_store *st, int64_t org_id,
                                     const kith_graph_opts *opts, const char *member,
                                     size_t top, kith_match_row **out, size_t *n,
                                     kith_error *err);
/* Members who joined (first seen) in the 30 days before as_of, each paired
 * with the well-connected member (top 10% by reach) of most similar
 * interests. *out malloc'ed. */
KITH_API kith_code kith_match_newcomers(kith_store *st, int64_t org_id,
                                        const kith_graph_opts *opts, kith_match_row **out,
                                        size_t *n, kith_error *err);
/* The same as JSON text (malloc'ed, ending with a newline): `kith match
 * --format json`. member NULL = newcomers. */
KITH_API kith_code kith_match_json(kith_store *st, int64_t org_id,
                                   const kith_graph_opts *opts, const char *member,
                                   size_t top, char **out, kith_error *err);

#ifdef __cplusplus
}
#endif
#endif
