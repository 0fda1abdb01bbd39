/* Customer segments (docs/segments.md): RFM quintile scores with named
 * segments, and k-means clusters of standardised behaviour and engagement
 * features, each described in words. Also the k-means and silhouette
 * building blocks on a plain matrix (used by the segments, the tests and
 * bench/segments.sh). */
#ifndef KITH_SEGMENTS_H
#define KITH_SEGMENTS_H

#include <stddef.h>
#include <stdint.h>

#include "kith/error.h"
#include "kith/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------ k-means */

typedef struct kith_kmeans_opts {
    int k;         /* number of clusters, 2 <= k <= n */
    int restarts;  /* independent k-means++ starts, best kept; 0 = 10 */
    int max_iter;  /* Lloyd iterations per start; 0 = 300 */
    double tol;    /* stop when the centres move (sum of squared shifts) by at
                      most tol x the mean variance of the columns; 0 = 1e-4 */
    uint64_t seed; /* the same seed gives the same result; 0 = 1 */
    int threads;   /* starts run in parallel; 0 = the online processors */
} kith_kmeans_opts;

typedef struct kith_kmeans_result {
    int k;
    size_t n, d;
    double *centres; /* k x d, row-major */
    int32_t *labels; /* n: the cluster of each row, 0..k-1 */
    int64_t *sizes;  /* k: rows per cluster */
    double inertia;  /* sum of squared distances of rows to their centre */
    int iterations;  /* Lloyd iterations of the kept start */
    int start;       /* which start was kept (0-based) */
} kith_kmeans_result;

/* k-means (Lloyd's algorithm) of the n x d row-major matrix x (borrowed)
 * from k-means++ starts (Arthur & Vassilvitskii 2007, greedy variant with
 * 2 + ln k candidates per centre as in scikit-learn), `restarts` times;
 * keeps the start with the least inertia (the earlier one on a tie).
 * Clusters are numbered by size, largest first (ties: the smaller first
 * row), so that the numbering does not depend on the start. Results do
 * not depend on `threads`. *out is filled (kith_kmeans_result_free).
 * Errors: KITH_EINPUT (k < 2, k > n, d = 0, a value that is not finite,
 * fewer than k distinct rows), KITH_ENOMEM. Time O(restarts x iterations
 * x n x k x d); memory O(n x threads). */
KITH_API kith_code kith_kmeans(const double *x, size_t n, size_t d,
                               const kith_kmeans_opts *opts, kith_kmeans_result *out,
                               kith_error *err);
KITH_API void kith_kmeans_result_free(kith_kmeans_result *r);

/* Mean silhouette (Rousseeuw 1987) of the labelling of the n x d matrix x
 * into k clusters, Euclidean distance; a row alone in its cluster scores
 * 0 (as scikit-learn). Errors: KITH_EINPUT (k < 2, k > n - 1 or fewer than
 * 2 clusters used, a label outside 0..k-1), KITH_ENOMEM. Time O(n^2 d). */
KITH_API kith_code kith_silhouette(const double *x, size_t n, size_t d,
                                   const int32_t *labels, int k, double *out,
                                   kith_error *err);

/* Standardise the columns of x in place: z = (x - mean) / sd, with the
 * population sd (divisor n, as scikit-learn's StandardScaler); mean and sd
 * (d each, may be NULL) receive the column statistics. Errors: KITH_EINPUT
 * naming the first constant column (0-based) when a column is constant
 * (nothing can be standardised), n < 2 or a value is not finite. O(n d). */
KITH_API kith_code kith_standardise(double *x, size_t n, size_t d, double *mean,
                                    double *sd, kith_error *err);

/* ------------------------------------------------------------ segments */

typedef enum { KITH_SEG_RFM, KITH_SEG_KMEANS } kith_seg_method;

typedef struct kith_segments_opts {
    kith_seg_method method;
    int k;            /* k-means: clusters; 0 = chosen by silhouette over
                         2..8 (docs/segments.md) */
    int restarts;     /* k-means starts; 0 = 10 */
    uint64_t seed;    /* k-means seed; 0 = 1 */
    int64_t as_of;    /* 0 = the metrics' default (local midnight after the
                         latest activity) */
    int include_team; /* 1: keep members flagged team or bot */
    int with_members; /* JSON: also every customer with their segment */
} kith_segments_opts;

typedef struct kith_segments kith_segments;

/* Segment the org's customers (members with a purchase before as_of;
 * amounts read through the analysis snapshot, so in the org currency).
 * *out is owned by the caller (kith_segments_free). Errors: KITH_EUSAGE
 * (k = 1 or k < 0), KITH_ENODATA (no activities, fewer than 5 customers
 * for RFM, fewer customers than k or than 3 for k-means, every feature the
 * same for all customers), KITH_EDB, KITH_ENOMEM. Time: RFM O(activities
 * + c log c) for c customers; k-means as kith_kmeans, for each k tried,
 * plus the silhouettes (on at most 5,000 customers). */
KITH_API kith_code kith_segments_compute(kith_store *st, int64_t org_id,
                                         const kith_segments_opts *opts,
                                         kith_segments **out, kith_error *err);
KITH_API void kith_segments_free(kith_segments *s);

/* The segments as JSON text (the body of `kith segments --format json`
 * and of the HTTP API): *out malloc'ed, NUL-terminated, owned by the
 * caller. Members are listed when opts->with_members was set. Errors:
 * KITH_ENOMEM. */
KITH_API kith_code kith_segments_render_json(const kith_segments *s, char **out,
                                             kith_error *err);
/* Compute and render in one call (kith_segments_compute, then
 * kith_segments_render_json): the same errors. */
KITH_API kith_code kith_segments_json(kith_store *st, int64_t org_id,
                                      const kith_segments_opts *opts, char **out,
                                      kith_error *err);

/* Reading a result. Segments are numbered 0 .. count-1 in the order of
 * docs/segments.md (RFM) or by size (clusters). Strings are borrowed from s. */
KITH_API kith_seg_method kith_segments_method(const kith_segments *s);
KITH_API int kith_segments_count(const kith_segments *s);
KITH_API int64_t kith_segments_customers(const kith_segments *s);
KITH_API int64_t kith_segments_as_of(const kith_segments *s);
typedef struct kith_segment_info {
    const char *name;        /* "champions", ..., or "cluster 1", ... */
    const char *description; /* RFM: the rule; k-means: what sets it apart */
    int64_t customers;       /* may be 0 for an RFM segment */
    double share;            /* customers / all customers */
    double recency_days;     /* means over its customers (0 when empty) */
    double purchases;
    double spend; /* mean net spend, org currency */
    double love;  /* mean engagement score at as_of */
} kith_segment_info;
KITH_API kith_segment_info kith_segments_info(const kith_segments *s, int seg);
/* k-means only: the k used, the inertia and mean silhouette of the kept
 * clustering (on standardised features); 0 for RFM. */
KITH_API int kith_segments_k(const kith_segments *s);
KITH_API double kith_segments_inertia(const kith_segments *s);
KITH_API double kith_segments_silhouette(const kith_segments *s);

/* The segment of a member, by member id: its index (0 .. count-1), or -1
 * when the member is not a customer at as_of, is left out (team, bot) or
 * unknown. O(log members). */
KITH_API int kith_segments_member(const kith_segments *s, int64_t member_id);
/* The same as a name (borrowed), NULL for -1: the one-line lookup for a
 * member filter or a profile. */
KITH_API const char *kith_segments_member_name(const kith_segments *s, int64_t member_id);
/* The segment index of a name (exact, as kith_segments_info gives it), or
 * -1. For RFM also "cannot_lose"-style underscores for spaces. */
KITH_API int kith_segments_find(const kith_segments *s, const char *name);
/* The segments of a spec as people write it: "rfm:NAME" (a name of
 * kith_segments_find) or "cluster:N" (N from 1; k clusters, 0 = k by
 * silhouette). *out (kith_segments_free) and the index of the segment in
 * *seg. Errors: KITH_EUSAGE (a malformed spec, k outside 2..64 or without
 * cluster:N, no such segment: the message says what there is), those of
 * kith_segments_compute. */
KITH_API kith_code kith_segments_for_spec(kith_store *st, int64_t org_id,
                                          const char *spec, int k, kith_segments **out,
                                          int *seg, kith_error *err);

#ifdef __cplusplus
}
#endif
#endif
