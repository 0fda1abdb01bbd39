/* Churn risk: the probability that a customer makes no purchase in the
 * next `horizon` days, from an L2-regularised logistic regression
 * (liblinear) on standardised behaviour and engagement features, with the
 * reasons in words (the features that push the risk up most), a time-based
 * evaluation (AUC with a 95% interval, calibration by risk decile, the
 * AUC of recency alone and of P(alive) alone) and the JSON text that
 * `kith churn --format json` prints and the API serves (docs/models.md). */
#ifndef KITH_CHURN_H
#define KITH_CHURN_H

#include <stddef.h>
#include <stdint.h>

#include "kith/error.h"
#include "kith/metrics.h"
#include "kith/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The features, in this order (docs/models.md defines each). */
typedef enum {
    KITH_CF_RECENCY,   /* days since the last purchase */
    KITH_CF_FREQUENCY, /* purchase days in the last period_days */
    KITH_CF_MONETARY,  /* mean amount of a purchase day, all time */
    KITH_CF_TENURE,    /* days since the first purchase */
    KITH_CF_LOVE,      /* engagement score */
    KITH_CF_LEVEL,     /* engagement level 0..4 */
    KITH_CF_EVENTS,    /* events and workshops attended, last period_days */
    KITH_CF_REFERRALS, /* referrals made, last period_days */
    KITH_CF_SENTIMENT, /* mean VADER compound of their texts, last period_days */
    KITH_CF_ENGAGED,   /* community-engaged in the last period_days (0/1) */
    KITH_CF_P_ALIVE,   /* BG/NBD P(alive) */
    KITH_CF__N
} kith_churn_feature;

/* The feature's name in JSON ("recency_days", ...). */
KITH_API const char *kith_churn_feature_name(int f);

typedef struct kith_churn_opts {
    int64_t as_of; /* 0 = the metrics' as_of (midnight after the latest activity) */
    int has_as_of;
    double horizon_days; /* has_horizon = 0: the org's churn_horizon_days (90) */
    int has_horizon;
    int include_team;
    const char *lexicon; /* for the sentiment feature; NULL = the org's */
    /* Largest training set; larger ones are sampled systematically (0 =
     * no cap). The report caps at 50,000 to stay fast. */
    size_t max_train;
} kith_churn_opts;

/* The risk from which a customer counts as at high risk of churning: the
 * report's "Customers at 50%+ churn risk" and the finding on high-value
 * customers at risk (docs/findings.md). */
#define KITH_CHURN_HIGH_RISK 0.5

#define KITH_CHURN_REASONS 3
typedef struct kith_churn_customer {
    int64_t member_id;
    char name[128];
    double risk; /* P(no purchase in the horizon) */
    double x[KITH_CF__N];
    int nreasons;
    char reasons[KITH_CHURN_REASONS][160];
} kith_churn_customer;

typedef struct kith_churn_decile {
    int64_t n;
    double mean_risk, observed; /* predicted and observed churn share */
} kith_churn_decile;

typedef struct kith_churn kith_churn;

/* Build the features at as_of - k horizon (k = 3, 2, 1, 0), choose C by
 * training at k = 3 and validating at k = 2, evaluate by training at
 * k = 2 and testing at k = 1, train the final model at k = 1 and score
 * the customers at as_of. The customers at a time are those with a
 * purchase in the churn_window days before it (not churned yet, METRICS.md);
 * the label: no purchase in the horizon after it. *out owned by the caller
 * (kith_churn_close). Errors: KITH_EUSAGE (horizon <= 0), KITH_ENODATA
 * (too few customers, a single class, every feature constant: the message
 * says which and when), KITH_EDB, KITH_ENOMEM. */
KITH_API kith_code kith_churn_open(kith_store *st, int64_t org_id,
                                   const kith_churn_opts *opts, kith_churn **out,
                                   kith_error *err);
/* The same on an open snapshot (borrowed; m's texts are scored when they
 * are not yet, for the sentiment feature; org for the zone). */
KITH_API kith_code kith_churn_open_metrics(kith_metrics *m, kith_store *st,
                                           const kith_org *org,
                                           const kith_churn_opts *opts, kith_churn **out,
                                           kith_error *err);
KITH_API void kith_churn_close(kith_churn *c);

/* Evaluation on the test snapshot. */
KITH_API double kith_churn_auc(const kith_churn *c, double ci95[2]);
KITH_API double kith_churn_baseline_auc(const kith_churn *c, int feature);
KITH_API double kith_churn_c(const kith_churn *c);
KITH_API int64_t kith_churn_as_of(const kith_churn *c);
KITH_API double kith_churn_horizon(const kith_churn *c);
KITH_API const kith_churn_decile *kith_churn_calibration(const kith_churn *c, int *n);
/* Coefficients of the final model on the standardised features (0 for a
 * feature left out; kith_churn_used says which are in). */
KITH_API double kith_churn_coef(const kith_churn *c, int feature);
KITH_API int kith_churn_used(const kith_churn *c, int feature);
KITH_API double kith_churn_intercept(const kith_churn *c);
/* Customers scored at as_of, highest risk first (borrowed). */
KITH_API size_t kith_churn_ncustomers(const kith_churn *c);
KITH_API const kith_churn_customer *kith_churn_customer_at(const kith_churn *c, size_t i);
KITH_API const kith_churn_customer *kith_churn_find(const kith_churn *c,
                                                    int64_t member_id);
/* Score n customers' raw feature rows x (n x KITH_CF__N, the order of
 * kith_churn_feature; events_before: events attended before the last
 * period, for the words, may be NULL) with the final model: risk and
 * reasons into out[0..n) (member_id 0, name ""). O(n). */
KITH_API void kith_churn_score(const kith_churn *c, const double *x,
                               const double *events_before, size_t n,
                               kith_churn_customer *out);
/* Notes: features left out and why, caps applied (borrowed, NULL after the
 * last). */
KITH_API const char *kith_churn_note(const kith_churn *c, size_t i);

/* The JSON document: auc, auc_ci95, baseline_auc {recency, p_alive},
 * coefficients, calibration, customers (top; each id, name, risk,
 * reasons). top = 0: all. *out malloc'ed. Errors: KITH_ENOMEM. */
KITH_API kith_code kith_churn_render_json(const kith_churn *c, size_t top, char **out,
                                          kith_error *err);
/* Open, render, close: what `kith churn --format json` prints. */
KITH_API kith_code kith_churn_json(kith_store *st, int64_t org_id,
                                   const kith_churn_opts *opts, size_t top, char **out,
                                   kith_error *err);
/* Write the training (k = 2), test (k = 1) and scoring (k = 0) rows as
 * CSV (set, member_id, at, label, risk, the raw features) to path, for an
 * independent reference; risk: the evaluation model's on the test rows,
 * the final model's on the scored ones. Errors: KITH_EIO. */
KITH_API kith_code kith_churn_export(const kith_churn *c, const char *path,
                                     kith_error *err);

/* One member's churn risk and reasons with the default options (the
 * member profile). KITH_ENOTFOUND when the member is not a customer
 * scored at as_of (no purchase, or churned already). */
KITH_API kith_code kith_churn_member(kith_store *st, int64_t org_id, int64_t member_id,
                                     kith_churn_customer *out, kith_error *err);
/* The same from a model fitted beforehand: KITH_ENOTFOUND (the message
 * says why) when the member is not one of c's scored customers. */
KITH_API kith_code kith_churn_member_of(const kith_churn *c, int64_t member_id,
                                        kith_churn_customer *out, kith_error *err);

#ifdef __cplusplus
}
#endif
#endif
