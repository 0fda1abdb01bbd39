/* Customer lifetime value: the BG/NBD model of repeat purchasing (Fader,
 * Hardie & Lee 2005) and the Gamma-Gamma model of spend per transaction
 * (Fader & Hardie 2013), fitted by maximum likelihood, and the predicted
 * CLV of METRICS.md built on them (docs/models.md).
 *
 * Two levels: the models on plain arrays (x, t_x, T per customer; time in
 * weeks), and the organisation's customers read from the analysis
 * snapshot (kith_clv_open), with the JSON text that `kith clv --format
 * json` prints and the API serves (kith_clv_json). */
#ifndef KITH_CLV_H
#define KITH_CLV_H

#include <stddef.h>
#include <stdint.h>

#include "kith/error.h"
#include "kith/metrics.h"
#include "kith/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------ BG/NBD */

/* Purchase rates are Gamma(r, alpha) across customers, dropout
 * probabilities after each purchase Beta(a, b). The limit a, b -> infinity
 * with a / (a + b) -> p (every customer drops out with the same
 * probability p; the maximum of the likelihood can lie there) is written
 * a = b = INFINITY with p set; p is unused otherwise. */
typedef struct kith_bgnbd_params {
    double r, alpha, a, b;
    double p;
} kith_bgnbd_params;

typedef struct kith_bgnbd_fit {
    kith_bgnbd_params p;
    /* Standard errors of r, alpha, a, b (in the limit: r, alpha, p, 0)
     * from the inverse of the Hessian of the log-likelihood at the
     * estimate; has_se = 0 with se_why when the Hessian is not positive
     * definite. */
    double se[4];
    /* 1: the likelihood grows as a and b grow together (a Beta with no
     * spread left): the limit model with one dropout probability p is
     * fitted instead, p.a = p.b = INFINITY. */
    int homogeneous;
    int has_se;
    char se_why[160];
    double log_likelihood; /* sum over customers of ln L_i (FHL 2005 eq. 6) */
    int64_t n;             /* customers */
    int64_t repeaters;     /* customers with x >= 1 */
    int64_t rows;          /* distinct (x, t_x, T) the likelihood summed over */
    int starts;            /* derivative-free starts run */
    int iterations;        /* iterations of the gradient-based refinement */
    double grad_norm;      /* |gradient| of the mean log-likelihood at the end */
} kith_bgnbd_fit;

/* Fewest customers, and fewest with a repeat purchase, a fit is tried on. */
#define KITH_BGNBD_MIN_CUSTOMERS 30
#define KITH_BGNBD_MIN_REPEATERS 10

/* Fit BG/NBD to n customers: x[i] repeat purchases, t_x[i] the time of the
 * last purchase and T[i] the end of observation, both in weeks since the
 * customer's first purchase (0 <= t_x <= T; t_x = 0 when x = 0). Maximum
 * likelihood on log-parameters: Nelder-Mead (GSL nmsimplex2) from four
 * starts (on a systematic sample of at most 5,000 customers when there
 * are more), then BFGS (GSL vector_bfgs2) with the analytic gradient on all
 * customers from the best; standard errors from the inverse Hessian.
 * Errors: KITH_EINPUT (a row out of range: its index and why),
 * KITH_ENODATA (too few customers or repeat buyers; the fit did not
 * converge or ran off to a boundary: the message says which and why),
 * KITH_ENOMEM. Time: O(n) to group identical rows, then O(distinct rows)
 * per evaluation. */
KITH_API kith_code kith_bgnbd_fit_data(const int32_t *x, const double *t_x,
                                       const double *T, size_t n, kith_bgnbd_fit *out,
                                       kith_error *err);

/* The log-likelihood of params over the n customers (no checks; rows must
 * be valid as for kith_bgnbd_fit_data). O(n). */
KITH_API double kith_bgnbd_loglik(const kith_bgnbd_params *p, const int32_t *x,
                                  const double *t_x, const double *T, size_t n);

/* Probability that a customer with (x, t_x, T) is still alive at T
 * (FHL 2005 eq. 11 / Fader, Hardie & Lee 2008 note). O(1). */
KITH_API double kith_bgnbd_p_alive(const kith_bgnbd_params *p, double x, double t_x,
                                   double T);

/* Expected purchases in (T, T + t] of a customer with (x, t_x, T)
 * (FHL 2005 eq. 10); x = t_x = T = 0 gives E[X(t)] of a new customer
 * (eq. 9). The Gauss hypergeometric function comes from GSL
 * (gsl_sf_hyperg_2F1) with the transformations of docs/models.md where
 * GSL refuses. Errors: KITH_EINPUT (t < 0 or bad row), KITH_EINTERNAL
 * (2F1 could not be evaluated; never for parameters a fit returns).
 * O(1) typically; O(terms) of the series otherwise. */
KITH_API kith_code kith_bgnbd_expected(const kith_bgnbd_params *p, double x, double t_x,
                                       double T, double t, double *out, kith_error *err);

/* P(X(t) = k) for a customer observed for t weeks since the first
 * purchase (FHL 2005 eq. 8). O(k). */
KITH_API double kith_bgnbd_pmf(const kith_bgnbd_params *p, double t, int32_t k);

/* The Gauss hypergeometric function 2F1(a, b; c; z), 0 <= z < 1, c not a
 * non-positive integer:
 * GSL, or where GSL refuses (too slow a series near z = 1, overflow), the
 * linear transformation in 1 - z (Abramowitz & Stegun 15.3.6), then
 * Euler's transformation, then the series summed here with scaling.
 * Exposed for tests. KITH_EINTERNAL when every way fails. */
KITH_API kith_code kith_hyp2f1(double a, double b, double c, double z, double *out,
                               kith_error *err);

/* ------------------------------------------------------------ Gamma-Gamma */

typedef struct kith_gg_params {
    double p, q, gamma;
} kith_gg_params;

typedef struct kith_gg_fit {
    kith_gg_params p;
    double se[3];
    int has_se;
    char se_why[160];
    double log_likelihood;
    int64_t n; /* customers with x >= 1 and a positive mean spend */
} kith_gg_fit;

#define KITH_GG_MIN_CUSTOMERS 10

/* Fit Gamma-Gamma to n customers with x[i] >= 1 repeat transactions of
 * mean value zbar[i] > 0 (Fader & Hardie 2013). Same minimiser as BG/NBD.
 * Errors: KITH_EINPUT (x < 1, zbar <= 0 or not finite: the index),
 * KITH_ENODATA (too few customers, no convergence, q <= 1 so that the
 * mean spend is infinite), KITH_ENOMEM. O(n) per evaluation. */
KITH_API kith_code kith_gg_fit_data(const int32_t *x, const double *zbar, size_t n,
                                    kith_gg_fit *out, kith_error *err);

/* E[spend per transaction | x, zbar] (x = 0: the population mean
 * p gamma / (q - 1)). O(1). */
KITH_API double kith_gg_expected_spend(const kith_gg_params *p, double x, double zbar);

/* ------------------------------------------------------------ the org */

typedef struct kith_clv_opts {
    /* The last day of the calibration period (inclusive), as the 00:00 of
     * that day in the org's zone; has_calibration_end = 0: the day before
     * the metrics' as_of (the latest day with data). */
    int64_t calibration_end;
    int has_calibration_end;
    /* Horizon in weeks; has_horizon = 0: the org's clv_horizon_weeks
     * (default 52). */
    double horizon_weeks;
    int has_horizon;
    /* Only customers whose first purchase day is in [cohort_from,
     * cohort_to] (00:00 of each day, both inclusive). */
    int64_t cohort_from, cohort_to;
    int has_cohort_from, has_cohort_to;
    int include_team; /* 1: keep members flagged team or bot */
} kith_clv_opts;

/* One customer's figures. */
typedef struct kith_clv_customer {
    int64_t member_id;
    char name[128];
    int64_t first_day, last_day; /* 00:00 of the first and last purchase day */
    int32_t x;                   /* repeat purchase days in calibration */
    double t_x, T;               /* weeks */
    double zbar;                 /* mean value of the repeat purchase days; 0: none */
    double p_alive;
    double expected_purchases; /* in the horizon */
    kith_value expected_spend; /* Gamma-Gamma, per purchase day */
    kith_value clv;            /* predicted CLV (METRICS.md), org currency */
} kith_clv_customer;

/* Repeat purchases by frequency, the paper's figure: customers with
 * k = 0..KITH_CLV_FREQ_BINS-2 repeat purchases in calibration and the
 * last bin k+ ("7+"), actual against expected by the fit. */
#define KITH_CLV_FREQ_BINS 8
typedef struct kith_clv_freq {
    int64_t actual[KITH_CLV_FREQ_BINS];
    double expected[KITH_CLV_FREQ_BINS];
} kith_clv_freq;

typedef struct kith_clv kith_clv;

/* Fit the models to the org's customers and predict each one. Purchases
 * come from the analysis snapshot (amounts in the org currency; other
 * currencies as the snapshot treats them); purchases on the same local day
 * are one transaction of their summed amount. *out is owned by the caller
 * (kith_clv_close). Errors: KITH_EUSAGE (horizon <= 0, calibration end
 * before the first purchase, cohort from after to), KITH_EINPUT (a
 * negative purchase amount: member and date), KITH_ENODATA (no purchases,
 * or BG/NBD cannot be fitted: why), KITH_EDB, KITH_ENOMEM. When only
 * Gamma-Gamma cannot be fitted the result is still made, with every CLV
 * n/a and the reason (kith_clv_gg_why). Time: O(activities) + the fits. */
KITH_API kith_code kith_clv_open(kith_store *st, int64_t org_id,
                                 const kith_clv_opts *opts, kith_clv **out,
                                 kith_error *err);
/* The same on an open metrics snapshot (borrowed; the result copies what
 * it needs). org gives the zone of the local days and the currency;
 * opts->include_team is the snapshot's (m was opened with it). */
KITH_API kith_code kith_clv_open_metrics(const kith_metrics *m, const kith_org *org,
                                         const kith_clv_opts *opts, kith_clv **out,
                                         kith_error *err);
KITH_API void kith_clv_close(kith_clv *c);

KITH_API const kith_bgnbd_fit *kith_clv_bgnbd(const kith_clv *c);
/* NULL when Gamma-Gamma could not be fitted; kith_clv_gg_why says why. */
KITH_API const kith_gg_fit *kith_clv_gg(const kith_clv *c);
KITH_API const char *kith_clv_gg_why(const kith_clv *c);
/* The effective options: calibration end (00:00 of the last day),
 * horizon in weeks, margin and annual discount rate. */
KITH_API int64_t kith_clv_calibration_end(const kith_clv *c);
/* The last calibration day as YYYY-MM-DD in the org's zone (borrowed). */
KITH_API const char *kith_clv_calibration_date(const kith_clv *c);
KITH_API double kith_clv_horizon(const kith_clv *c);
KITH_API double kith_clv_margin(const kith_clv *c);
KITH_API double kith_clv_discount_rate(const kith_clv *c);
KITH_API const char *kith_clv_currency(const kith_clv *c);
/* E[X(horizon)] of a new customer. */
KITH_API double kith_clv_new_customer_purchases(const kith_clv *c);
/* Customers, highest predicted CLV first (then highest expected
 * purchases, then member id); borrowed. */
KITH_API size_t kith_clv_ncustomers(const kith_clv *c);
KITH_API const kith_clv_customer *kith_clv_customer_at(const kith_clv *c, size_t i);
/* The customer with member_id, or NULL (not a customer in the cohort). */
KITH_API const kith_clv_customer *kith_clv_find(const kith_clv *c, int64_t member_id);
KITH_API const kith_clv_freq *kith_clv_frequency(const kith_clv *c);
/* Distribution of the predicted CLV over the customers who have one (n/a
 * without Gamma-Gamma): mean, median, 80th and 95th percentile, total.
 * Money (METRICS.md): a customer with a repeat amount in another currency
 * without a rate has no CLV (clv and expected_spend n/a, their purchases
 * still in BG/NBD); each value's note says how many customers and which
 * currencies were left out and what was converted, left_out counts them. */
typedef struct kith_clv_dist {
    kith_value mean, median, p80, p95, total;
    kith_value p_alive_mean;
} kith_clv_dist;
KITH_API kith_clv_dist kith_clv_distribution(const kith_clv *c);

/* The JSON document (docs/models.md): bgnbd {r, alpha, a, b, se,
 * log_likelihood, n}, gamma_gamma {p, q, gamma, n} (null with a reason
 * when not fitted), customers (the top, each id, name, x, t_x, T,
 * p_alive, expected_purchases, expected_spend, clv), distribution,
 * frequency. top = 0: every customer. *out malloc'ed, caller frees.
 * Errors: KITH_ENOMEM. */
KITH_API kith_code kith_clv_render_json(const kith_clv *c, size_t top, char **out,
                                        kith_error *err);
/* Open, render, close: exactly what `kith clv --format json` prints. */
KITH_API kith_code kith_clv_json(kith_store *st, int64_t org_id,
                                 const kith_clv_opts *opts, size_t top, char **out,
                                 kith_error *err);

/* One member's P(alive), expected purchases and predicted CLV with the
 * default options (the member profile). KITH_ENOTFOUND when the member is
 * not a customer; else the errors of kith_clv_open. */
KITH_API kith_code kith_clv_member(kith_store *st, int64_t org_id, int64_t member_id,
                                   kith_clv_customer *out, kith_error *err);
/* The same from a model fitted beforehand: KITH_ENOTFOUND (the message
 * says why) when the member is not one of c's customers. */
KITH_API kith_code kith_clv_member_of(const kith_clv *c, int64_t member_id,
                                      kith_clv_customer *out, kith_error *err);

#ifdef __cplusplus
}
#endif
#endif
