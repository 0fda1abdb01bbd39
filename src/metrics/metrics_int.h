/* Inside the KPI engine: the loaded snapshot, the parameters, per-member
 * facts computed once at open (first purchase, first community activity,
 * ...) and the scanning helpers every metric family uses. */
#ifndef KITH_METRICS_INT_H
#define KITH_METRICS_INT_H

#include <stdint.h>

#include "kith/metrics.h"
#include "store/dataset.h"
#include "store/records.h"

#define KITH_DAY INT64_C(86400)
#define KITH_NO_TIME INT64_MAX
#define KITH_MAX_SEGMENTS 64
#define KITH_MAX_LIST 64

typedef struct kith__params {
    double period_days, churn_window, attribution_window, margin, half_life;
    double inactive_days, at_risk_window, response_hours, min_n;
    double alert_z, alert_window, sentiment_min_n;
    char lexicon[4096]; /* sentiment.lexicon; "" = the default */
    double weights[KITH_AT__N];
    double levels[4];                 /* score thresholds of levels 1..4 */
    char channels[KITH_MAX_LIST][64]; /* community channels, lowercased */
    int nchannels;
    char local[KITH_MAX_LIST][64]; /* local area names, lowercased */
    int nlocal;
} kith__params;

struct kith_metrics {
    kith__dataset ds;
    kith__params p;
    int64_t as_of;
    char tz[64];             /* the org's IANA zone: days, weeks, months */
    uint8_t *excl;           /* per member: left out of community metrics */
    uint8_t *bot;            /* per member: flagged bot */
    int64_t *first_purchase; /* per member, before as_of; KITH_NO_TIME */
    int64_t *first_comm;     /* first community activity before as_of */
    uint8_t *first_comm_type;
    int64_t *last_referral_in;     /* latest referral received at or before the
                                      first purchase; KITH_NO_TIME */
    int64_t *first_reply;          /* per activity: delay to the first reply by
                                      another member; -1 none */
    uint8_t *idea_linked;          /* per activity: origin of an idea */
    uint8_t type_seen[KITH_AT__N]; /* the org has this type at all */
    /* Segments: bit s of segmask[member] = member is in segment s. */
    int nseg;
    char segnames[KITH_MAX_SEGMENTS][96];
    uint64_t *segmask;
    /* Texts of community activities with their VADER scores, by time
     * (kith_metrics_load_texts; sentiment.c). */
    struct kith__text *texts;
    size_t ntexts;
    int texts_loaded;
};

/* One scored text (sentiment.c). */
typedef struct kith__text {
    int64_t t;
    int64_t activity_id;
    int32_t member;  /* index into members */
    int32_t channel; /* index into channels, -1 = none */
    double compound; /* meaningful when scored */
    uint8_t scored;
    uint8_t type;
} kith__text;

/* 1 if member i counts for a member metric in segment seg (-1 = all). */
static inline int kith__m_in(const kith_metrics *m, size_t i, int seg)
{
    if (m->excl[i])
        return 0;
    return seg < 0 || (m->segmask && (m->segmask[i] >> seg) & 1u);
}

/* This member's activities with from <= t < to: [*lo, *hi) indexes. */
void kith__m_range(const kith_metrics *m, size_t member, int64_t from, int64_t to,
                   int32_t *lo, int32_t *hi);
/* Count of the member's activities of a type set (bit mask of types) in
 * [from, to). */
int64_t kith__m_count(const kith_metrics *m, size_t member, uint32_t types, int64_t from,
                      int64_t to);
/* Bit mask of the community types. */
uint32_t kith__m_community_types(void);
#define KITH_T(x) (1u << (x))

/* A ratio or n/a when the denominator is below min_n (what names it). */
kith_value kith__m_ratio(const kith_metrics *m, double num, int64_t den,
                         const char *what);
/* Median / linear-interpolated quantile (numpy's default) of v[0..n),
 * which is sorted in place. */
double kith__m_quantile(double *v, size_t n, double q);

/* Love of member i at time t (community activities before t). */
double kith__m_love(const kith_metrics *m, size_t i, int64_t t);

/* Money (money.c): what a money figure left out and converted, by
 * currency and money type, for its note. Only slots below ncur are read:
 * ncur = 0 empties a tally. */
#define KITH_FX_TALLY_CUR 12
typedef struct kith__fxtally {
    int32_t cur[KITH_FX_TALLY_CUR];     /* currency index; -1 = the others */
    int64_t out[KITH_FX_TALLY_CUR][4];  /* left out: purchase, refund, */
    int64_t conv[KITH_FX_TALLY_CUR][4]; /* donation, supply */
    int ncur;
    size_t hint; /* where the last activity was found in ds.fx: scans go
                    forward, so the next is found from there */
} kith__fxtally;
/* Count activity k (a money activity whose fx is not KITH_FX_ORG). */
void kith__fx_count(const kith_metrics *m, kith__fxtally *t, int32_t k);
/* Add src's left-out (out = 1) and converted (conv = 1) counts to dst. */
void kith__fx_merge(kith__fxtally *dst, const kith__fxtally *src, int out, int conv);
/* 1 when t holds any left-out amount. */
int kith__fx_any_out(const kith__fxtally *t);
/* The note into out (size n): what is left out and why, and what was
 * converted; "" when t is empty. customers > 0: the left-out amounts are
 * those of that many customers, who are left out (CLV). Returns what is
 * left out: customers when given, else amounts (for kith_value.left_out). */
int64_t kith__fx_note(const kith_metrics *m, const kith__fxtally *t, int64_t customers,
                      char *out, size_t n);
/* A sum of money as a value: n/a when amounts were left out and none was
 * added (why names the type), else the sum; the note set from t. */
kith_value kith__fx_sum(const kith_metrics *m, const kith__fxtally *t, double sum,
                        int64_t added, const char *what);

/* Parameters: defaults, then the org's config. */
kith_code kith__params_load(kith_store *st, int64_t org, kith__params *p,
                            kith_error *err);

#endif
