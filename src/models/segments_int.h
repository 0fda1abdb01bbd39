/* Inside the segments (src/models/rfm.c, segments.c, segments_json.c): the
 * result record behind kith_segments and the entry point the metrics
 * engine calls to cut a report by RFM segment or cluster. GSL-free. */
#ifndef KITH_SEGMENTS_INT_H
#define KITH_SEGMENTS_INT_H

#include <stddef.h>
#include <stdint.h>

#include "kith/metrics.h"
#include "kith/segments.h"

/* The features of a customer (docs/segments.md), in this order. */
enum {
    KITH__F_RECENCY, /* days since the last purchase */
    KITH__F_PURCHASES,
    KITH__F_SPEND,   /* purchases - refunds, org currency */
    KITH__F_TENURE,  /* days since the first purchase */
    KITH__F_LOVE,    /* engagement score at as_of */
    KITH__F_EVENTS,  /* event_attend + workshop */
    KITH__F_FORUM,   /* post + reply + reaction + mention */
    KITH__F_CONTRIB, /* volunteer + donation + idea + feedback + review + referral */
    KITH__NFEAT
};

/* Feature names (JSON keys) and whether k-means takes their log1p. */
extern const char *const kith__feat_names[KITH__NFEAT];
extern const int kith__feat_log[KITH__NFEAT];

/* RFM segments in the order of docs/segments.md. */
#define KITH__RFM_NSEG 11
extern const char *const kith__rfm_names[KITH__RFM_NSEG];
extern const char *const kith__rfm_rules[KITH__RFM_NSEG];

/* The k-means search range when k is not given, and the largest sample
 * the silhouettes are computed on. */
#define KITH__KMIN 2
#define KITH__KMAX 8
#define KITH__SIL_SAMPLE 5000

typedef struct kith__seg {
    char name[32];
    char description[192];
    int64_t customers;
    double mean[KITH__NFEAT];   /* means of the raw features */
    double centre[KITH__NFEAT]; /* k-means: the standardised centre */
    double spend_total;
} kith__seg;

struct kith_segments {
    kith_seg_method method;
    kith_segments_opts opts;
    int64_t as_of;
    char currency[8]; /* "" when unknown (the report's own cut) */
    size_t nmembers;  /* of the snapshot */
    int64_t *ids;     /* per member: database id, ascending */
    int16_t *seg;     /* per member: segment, -1 = none */
    uint8_t *score;   /* RFM: per member r, f, m (3 bytes), 0 = none */
    size_t ncust;
    int nseg;
    kith__seg *segs;
    /* k-means */
    int k, k_given, restarts, iterations;
    uint64_t seed;
    double inertia, silhouette;
    int nk;
    int ks[KITH__KMAX];
    double sil[KITH__KMAX];
    size_t sample; /* rows the silhouettes were computed on */
    int used[KITH__NFEAT];
    double fmean[KITH__NFEAT], fsd[KITH__NFEAT]; /* of the transformed features */
};

/* Segment the customers of the loaded metrics m (its as_of, its team
 * rule). *out owned by the caller (kith_segments_free). Errors as
 * kith_segments_compute. */
kith_code kith__seg_build(const kith_metrics *m, const kith_segments_opts *o,
                          kith_segments **out, kith_error *err);

/* RFM scores of n customers: r, f, m (1..5) from whole days since the
 * last purchase (fewer = better), purchases, and spend in cents; equal
 * values share a score (docs/segments.md). Out arrays of n. Errors:
 * KITH_ENOMEM. O(n log n). */
kith_code kith__rfm_scores(const int64_t *days, const int64_t *purchases,
                           const int64_t *cents, size_t n, uint8_t *r, uint8_t *f,
                           uint8_t *mon, kith_error *err);
/* The RFM segment (0..KITH__RFM_NSEG-1) of scores r, f, m. */
int kith__rfm_segment(int r, int f, int m);

#endif
