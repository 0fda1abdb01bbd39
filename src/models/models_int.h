/* Inside src/models/: limits and helpers shared by the segment models
 * (k-means, RFM, segments) and the lifetime value and churn models (the
 * maximum-likelihood driver the fits share: GSL minimisers on
 * log-parameters, standard errors from the Hessian; local days). The only
 * files here that may use GSL types are .c files of src/models/; this
 * header stays GSL-free so the metrics engine can include it. */
#ifndef KITH_MODELS_INT_H
#define KITH_MODELS_INT_H

#include <stddef.h>
#include <stdint.h>

#include "kith/clv.h"
#include "kith/error.h"

/* Largest k and number of features kith_kmeans takes (fixed-size scratch
 * for the renumbering). */
#define KITH__KMEANS_MAX_K 64
#define KITH__KMEANS_MAX_D 64

/* Turn GSL's abort-on-error handler off, once per process (GSL calls
 * abort() on an error otherwise; the library checks every status itself).
 * Called at each entry point. */
void kith__models_init(void);

/* Mean silhouettes of nlab labellings of the same rows (labels[l] with
 * ks[l] clusters) in one pass over the pairs: out[l]. Errors as
 * kith_silhouette. O(n^2 (d + nlab)). */
kith_code kith__silhouette_multi(const double *x, size_t n, size_t d, int nlab,
                                 const int32_t *const *labels, const int *ks, double *out,
                                 kith_error *err);

/* m of the rows 0..n-1 drawn without replacement (seeded), in increasing
 * order; malloc'ed (caller frees), NULL when out of memory. m <= n. */
size_t *kith__sample_rows(size_t n, size_t m, uint64_t seed);

/* A negative log-likelihood per observation (mean, so that tolerances do
 * not depend on n) of k parameters given as logs. f returns +inf outside
 * its domain. fdf fills f and the gradient with respect to the logs. */
typedef struct kith__mdl_fn {
    size_t k;
    double (*f)(const double *theta, void *ctx);
    void (*fdf)(const double *theta, void *ctx, double *f, double *grad);
    void *ctx;     /* all observations: the refinement */
    void *ctx_sub; /* a sample for the starts (may equal ctx) */
} kith__mdl_fn;

typedef enum {
    KITH__FIT_OK,
    KITH__FIT_NOCONV,   /* the refinement did not reach the gradient tolerance */
    KITH__FIT_BOUNDARY, /* a parameter ran off (|log| > 25) */
    KITH__FIT_NONFINITE /* no start gave a finite likelihood */
} kith__fit_status;

typedef struct kith__mdl_result {
    double theta[8];  /* logs of the estimates */
    double f;         /* mean negative log-likelihood at theta */
    double grad_norm; /* |gradient| in theta at the end */
    double newton;    /* |gradient| in whitened coordinates (Newton decrement) */
    int starts, iterations;
    kith__fit_status status;
} kith__mdl_result;

/* Minimise fn from nstarts starts (k logs each, row after row):
 * nmsimplex2 from every start on ctx_sub, then vector_bfgs2 on ctx from
 * the best. Returns KITH_ENOMEM or KITH_OK (the outcome is res->status). */
kith_code kith__mdl_minimise(const kith__mdl_fn *fn, const double *starts, int nstarts,
                             kith__mdl_result *res);

/* Standard errors of the natural parameters exp(theta): the Hessian of the
 * summed negative log-likelihood (n observations) by central differences
 * of the analytic gradient, inverted by Cholesky (GSL). Returns 1 and fills
 * se, or 0 with why when the Hessian is not positive definite. */
int kith__mdl_std_errors(const kith__mdl_fn *fn, const double *theta, double n,
                         double *se, char *why, size_t whylen);

/* ln(e^u + e^v) without overflow; the share of e^v in it into *wv. */
double kith__mdl_logaddexp(double u, double v, double *wv);

/* One way of evaluating 2F1 (hyp2f1.c), for tests: 0 GSL, 1 the 1 - z
 * transformation, 2 Euler's, 3 the series, 4 the 1 - z transformation at
 * c shifted either side. Returns 0, or -1 when that way fails. */
int kith__hyp2f1_method(int method, double a, double b, double c, double z, double *out);

/* Member ids, sorted, with each one's position in an array of results:
 * the lookups of kith_clv_find and kith_churn_find. */
typedef struct kith__mdl_idx {
    int64_t id;
    size_t at;
} kith__mdl_idx;

/* The index of n records of size bytes from base, whose member id (an
 * int64_t) lies at offset; malloc'ed, NULL when out of memory.
 * O(n log n). */
kith__mdl_idx *kith__mdl_index(const void *base, size_t n, size_t size, size_t offset);
/* The position of id, or SIZE_MAX. O(log n). */
size_t kith__mdl_index_find(const kith__mdl_idx *ix, size_t n, int64_t id);

/* root (a jansson json_t *) as indented text with keys in order and reals
 * to 15 digits, into *out (malloc'ed); root is released. Errors:
 * KITH_ENOMEM. */
kith_code kith__mdl_json_text(void *root, char **out, kith_error *err);

/* Local days of the org's zone: the midnights (00:00 local) of every day
 * from the one holding `from` to the one holding `to`, so that the day of
 * a time is a binary search. */
typedef struct kith__days {
    int64_t *midnight; /* midnight[i] = start of day i */
    size_t n;
} kith__days;

kith_code kith__days_init(kith__days *d, int64_t from, int64_t to, const char *tz,
                          kith_error *err);
/* Index of the local day holding t (0 .. n-1; clamped). */
size_t kith__days_of(const kith__days *d, int64_t t);
void kith__days_free(kith__days *d);

#endif
