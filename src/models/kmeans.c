/* k-means on a plain matrix (include/kith/segments.h): k-means++ starts,
 * Lloyd iterations, several starts on parallel threads with the best one
 * kept; the mean silhouette; column standardisation. GSL supplies the
 * random numbers (gsl_rng: the first centre, the uniform draws of the D^2
 * sampling; the silhouette sample by gsl_ran_choose) and the column statistics
 * (gsl_stats); the Lloyd loop itself is not in GSL. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>

#include "kith/segments.h"
#include "models/models_int.h"

#define KM_MAX_THREADS 16

/* ------------------------------------------------------------ GSL set-up */

static pthread_once_t gsl_once = PTHREAD_ONCE_INIT;

static void gsl_quiet(void)
{
    /* GSL's default error handler aborts the process; the library checks
     * every result itself instead. */
    gsl_set_error_handler_off();
}

void kith__models_init(void)
{
    pthread_once(&gsl_once, gsl_quiet);
}

/* ------------------------------------------------------------ one start */

typedef struct km_start {
    const double *x;
    size_t n, d;
    int k, max_iter;
    double tol; /* absolute: tol x mean column variance */
    /* results of the best start so far on this thread */
    double *centres, *best_centres;
    int32_t *labels, *best_labels;
    double best_inertia;
    int best_iter, best_start;
    /* scratch */
    double *dist, *cum, *sums, *old;
    int64_t *counts;
    gsl_rng *rng;
    kith_code rc;
} km_start;

static double sqdist(const double *restrict a, const double *restrict b, size_t d)
{
    double s = 0;
    for (size_t j = 0; j < d; j++) {
        double t = a[j] - b[j];
        s += t * t;
    }
    return s;
}

/* The nearest of the k centres C to row a; its squared distance in *best. */
static int32_t nearest(const double *restrict a, const double *restrict C, int k,
                       size_t d, double *best)
{
    int32_t arg = 0;
    double b = sqdist(a, C, d);
    for (int c = 1; c < k; c++) {
        double s = sqdist(a, C + (size_t)c * d, d);
        if (s < b) {
            b = s;
            arg = c;
        }
    }
    *best = b;
    return arg;
}

/* The first i with cum[i] > u (cum ascending, u < cum[n-1]); rows of
 * weight 0 are never drawn. */
static size_t draw(const double *cum, size_t n, double u)
{
    if (n < 2)
        return 0;
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cum[mid] > u)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* Greedy k-means++: the first centre uniformly, each next one the best
 * (least total D^2) of 2 + ln k rows drawn with probability proportional
 * to their squared distance from the nearest centre chosen. KITH_EINPUT
 * when every row already sits on a centre before k are chosen. */
static kith_code kmeanspp(km_start *w)
{
    const double *x = w->x;
    size_t n = w->n, d = w->d;
    int trials = 2 + (int)log((double)w->k);
    size_t first = (size_t)gsl_rng_uniform_int(w->rng, (unsigned long)n);
    memcpy(w->centres, x + first * d, d * sizeof(double));
    double pot = 0;
    for (size_t i = 0; i < n; i++) {
        w->dist[i] = sqdist(x + i * d, w->centres, d);
        pot += w->dist[i];
    }
    for (int c = 1; c < w->k; c++) {
        if (!(pot > 0))
            return KITH_EINPUT; /* fewer than k distinct rows */
        /* D^2 sampling: a uniform draw on the cumulative sums, found by
         * bisection (gsl_ran_discrete's table costs more to build than
         * the draws it would save here, once per centre). */
        double cum = 0;
        for (size_t i = 0; i < n; i++) {
            cum += w->dist[i];
            w->cum[i] = cum;
        }
        size_t best = 0;
        double best_pot = INFINITY;
        for (int t = 0; t < trials; t++) {
            size_t cand = draw(w->cum, n, gsl_rng_uniform(w->rng) * cum);
            const double *xc = x + cand * d;
            double p = 0;
            for (size_t i = 0; i < n; i++) {
                double s = sqdist(x + i * d, xc, d);
                p += s < w->dist[i] ? s : w->dist[i];
            }
            if (p < best_pot) {
                best_pot = p;
                best = cand;
            }
        }
        const double *xb = x + best * d;
        memcpy(w->centres + (size_t)c * d, xb, d * sizeof(double));
        pot = 0;
        for (size_t i = 0; i < n; i++) {
            double s = sqdist(x + i * d, xb, d);
            if (s < w->dist[i])
                w->dist[i] = s;
            pot += w->dist[i];
        }
    }
    return KITH_OK;
}

/* An empty cluster takes the row farthest from its own centre (as
 * scikit-learn does), from a cluster that keeps at least one row. */
static void relocate_empty(km_start *w)
{
    size_t d = w->d;
    for (int c = 0; c < w->k; c++) {
        if (w->counts[c])
            continue;
        size_t far = SIZE_MAX;
        for (size_t i = 0; i < w->n; i++)
            if (w->counts[w->labels[i]] > 1 &&
                (far == SIZE_MAX || w->dist[i] > w->dist[far]))
                far = i;
        if (far == SIZE_MAX)
            return; /* cannot happen with k <= n */
        int32_t from = w->labels[far];
        const double *xf = w->x + far * d;
        for (size_t j = 0; j < d; j++) {
            w->sums[(size_t)from * d + j] -= xf[j];
            w->sums[(size_t)c * d + j] = xf[j];
        }
        w->counts[from]--;
        w->counts[c] = 1;
        w->labels[far] = c;
        w->dist[far] = 0;
    }
}

/* Lloyd's iterations from w->centres; labels and inertia of the final
 * centres. Returns the iterations done. */
static int lloyd(km_start *w, double *inertia)
{
    const double *x = w->x;
    size_t n = w->n, d = w->d, kd = (size_t)w->k * d;
    int it = 0;
    for (size_t i = 0; i < n; i++)
        w->labels[i] = -1;
    while (it < w->max_iter) {
        memset(w->sums, 0, kd * sizeof(double));
        memset(w->counts, 0, (size_t)w->k * sizeof(int64_t));
        size_t changed = 0;
        for (size_t i = 0; i < n; i++) {
            const double *xi = x + i * d;
            int32_t c = nearest(xi, w->centres, w->k, d, &w->dist[i]);
            changed += c != w->labels[i];
            w->labels[i] = c;
            w->counts[c]++;
            double *s = w->sums + (size_t)c * d;
            for (size_t j = 0; j < d; j++)
                s[j] += xi[j];
        }
        it++;
        if (!changed)
            break; /* the centres would not move */
        relocate_empty(w);
        memcpy(w->old, w->centres, kd * sizeof(double));
        for (int c = 0; c < w->k; c++)
            for (size_t j = 0; j < d; j++)
                w->centres[(size_t)c * d + j] =
                    w->sums[(size_t)c * d + j] / (double)w->counts[c];
        double shift = 0;
        for (size_t j = 0; j < kd; j++)
            shift += (w->centres[j] - w->old[j]) * (w->centres[j] - w->old[j]);
        if (shift <= w->tol)
            break;
    }
    /* Labels and inertia of the centres returned. */
    double in = 0;
    for (size_t i = 0; i < n; i++) {
        double s;
        w->labels[i] = nearest(x + i * d, w->centres, w->k, d, &s);
        in += s;
    }
    *inertia = in;
    return it;
}

/* ------------------------------------------------------------ starts on threads */

typedef struct km_job {
    km_start w;
    const unsigned long *seeds;
    int first, step, nstarts;
} km_job;

static void *run_starts(void *arg)
{
    km_job *job = arg;
    km_start *w = &job->w;
    w->rc = KITH_OK;
    for (int s = job->first; s < job->nstarts && w->rc == KITH_OK; s += job->step) {
        gsl_rng_set(w->rng, job->seeds[s]);
        kith_code rc = kmeanspp(w);
        if (rc != KITH_OK) {
            w->rc = rc;
            break;
        }
        double inertia;
        int it = lloyd(w, &inertia);
        /* Starts come in increasing order: only a strictly better one
         * replaces the kept one, so ties keep the earlier start. */
        if (w->best_start < 0 || inertia < w->best_inertia) {
            double *c = w->best_centres;
            int32_t *l = w->best_labels;
            w->best_centres = w->centres;
            w->best_labels = w->labels;
            w->centres = c;
            w->labels = l;
            w->best_inertia = inertia;
            w->best_iter = it;
            w->best_start = s;
        }
    }
    return NULL;
}

static void job_free(km_job *j)
{
    km_start *w = &j->w;
    free(w->centres);
    free(w->best_centres);
    free(w->labels);
    free(w->best_labels);
    free(w->dist);
    free(w->cum);
    free(w->sums);
    free(w->old);
    free(w->counts);
    if (w->rng)
        gsl_rng_free(w->rng);
}

static int job_alloc(km_job *j, size_t n, size_t d, int k)
{
    km_start *w = &j->w;
    size_t kd = (size_t)k * d + 1; /* + 1: never a zero-byte block */
    n += 1;
    w->centres = malloc(kd * sizeof(double));
    w->best_centres = malloc(kd * sizeof(double));
    w->old = malloc(kd * sizeof(double));
    w->sums = malloc(kd * sizeof(double));
    w->counts = malloc((size_t)k * sizeof(int64_t));
    w->labels = malloc(n * sizeof(int32_t));
    w->best_labels = malloc(n * sizeof(int32_t));
    w->dist = malloc(n * sizeof(double));
    w->cum = malloc(n * sizeof(double));
    w->rng = gsl_rng_alloc(gsl_rng_mt19937);
    w->best_start = -1;
    return w->centres && w->best_centres && w->old && w->sums && w->counts && w->labels &&
           w->best_labels && w->dist && w->cum && w->rng;
}

/* ------------------------------------------------------------ checks, order */

static kith_code check_matrix(const double *x, size_t n, size_t d, kith_error *err)
{
    if (d == 0)
        return kith_error_set(err, KITH_EINPUT, "k-means: no features (d = 0)");
    for (size_t i = 0; i < n * d; i++)
        if (!isfinite(x[i]))
            return kith_error_set(err, KITH_EINPUT,
                                  "k-means: row %zu, feature %zu is not a finite number",
                                  i / d + 1, i % d + 1);
    return KITH_OK;
}

typedef struct km_order {
    int64_t size;
    size_t first; /* first row with the label */
    int label;
} km_order;

static int cmp_order(const void *a, const void *b)
{
    const km_order *p = a, *q = b;
    if (p->size != q->size)
        return p->size > q->size ? -1 : 1;
    return p->first < q->first ? -1 : p->first > q->first;
}

/* Renumber clusters by size, largest first (ties: earlier first row). */
static void renumber(kith_kmeans_result *r)
{
    km_order ord[KITH__KMEANS_MAX_K];
    int k = r->k;
    size_t d = r->d;
    for (int c = 0; c < k; c++) {
        ord[c].size = 0;
        ord[c].first = SIZE_MAX;
        ord[c].label = c;
    }
    for (size_t i = 0; i < r->n; i++) {
        if (r->labels[i] < 0 || r->labels[i] >= k)
            continue; /* cannot happen: labels come from nearest() */
        km_order *o = &ord[r->labels[i]];
        if (!o->size)
            o->first = i;
        o->size++;
    }
    qsort(ord, (size_t)k, sizeof ord[0], cmp_order);
    int newof[KITH__KMEANS_MAX_K];
    double tmp[KITH__KMEANS_MAX_K * KITH__KMEANS_MAX_D];
    memcpy(tmp, r->centres, (size_t)k * d * sizeof(double));
    for (int c = 0; c < k; c++) {
        newof[ord[c].label] = c;
        memcpy(r->centres + (size_t)c * d, tmp + (size_t)ord[c].label * d,
               d * sizeof(double));
        r->sizes[c] = ord[c].size;
    }
    for (size_t i = 0; i < r->n; i++)
        r->labels[i] = newof[r->labels[i]];
}

static int online_cpus(void)
{
    long c = sysconf(_SC_NPROCESSORS_ONLN);
    return c < 1 ? 1 : c > KM_MAX_THREADS ? KM_MAX_THREADS : (int)c;
}

/* ------------------------------------------------------------ kith_kmeans */

kith_code kith_kmeans(const double *x, size_t n, size_t d, const kith_kmeans_opts *opts,
                      kith_kmeans_result *out, kith_error *err)
{
    kith__models_init();
    memset(out, 0, sizeof *out);
    kith_kmeans_opts o;
    memset(&o, 0, sizeof o);
    if (opts)
        o = *opts;
    int restarts = o.restarts > 0 ? o.restarts : 10;
    int max_iter = o.max_iter > 0 ? o.max_iter : 300;
    double tol = o.tol > 0 ? o.tol : 1e-4;
    int threads = o.threads > 0 ? o.threads : online_cpus();
    if (threads > restarts)
        threads = restarts;
    if (threads > KM_MAX_THREADS)
        threads = KM_MAX_THREADS;
    if (o.k < 2)
        return kith_error_set(err, KITH_EINPUT,
                              "k-means: k = %d; k must be at least 2 (one cluster says "
                              "nothing)",
                              o.k);
    if (o.k > KITH__KMEANS_MAX_K)
        return kith_error_set(err, KITH_EINPUT, "k-means: k = %d; at most %d clusters",
                              o.k, KITH__KMEANS_MAX_K);
    if ((size_t)o.k > n)
        return kith_error_set(err, KITH_EINPUT,
                              "k-means: k = %d is more than the %zu rows to cluster", o.k,
                              n);
    if (d > KITH__KMEANS_MAX_D)
        return kith_error_set(err, KITH_EINPUT, "k-means: %zu features; at most %d", d,
                              KITH__KMEANS_MAX_D);
    kith_code rc = check_matrix(x, n, d, err);
    if (rc != KITH_OK)
        return rc;
    /* tol is relative to the data's spread, as in scikit-learn. */
    double var = 0;
    for (size_t j = 0; j < d; j++) {
        double mean = gsl_stats_mean(x + j, d, n);
        var += gsl_stats_variance_with_fixed_mean(x + j, d, n, mean);
    }
    double tol_abs = tol * var / (double)d;

    km_job jobs[KM_MAX_THREADS];
    pthread_t tid[KM_MAX_THREADS];
    int started[KM_MAX_THREADS] = {0};
    memset(jobs, 0, sizeof jobs);
    unsigned long *seeds = malloc((size_t)restarts * sizeof *seeds);
    gsl_rng *master = gsl_rng_alloc(gsl_rng_mt19937);
    if (!seeds || !master) {
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
        goto done;
    }
    gsl_rng_set(master, o.seed ? (unsigned long)o.seed : 1UL);
    for (int s = 0; s < restarts; s++)
        seeds[s] = gsl_rng_get(master);
    for (int t = 0; t < threads; t++) {
        km_job *j = &jobs[t];
        if (!job_alloc(j, n, d, o.k)) {
            rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
            goto done;
        }
        j->w.x = x;
        j->w.n = n;
        j->w.d = d;
        j->w.k = o.k;
        j->w.max_iter = max_iter;
        j->w.tol = tol_abs;
        j->seeds = seeds;
        j->first = t;
        j->step = threads;
        j->nstarts = restarts;
    }
    /* Thread 0 runs on the caller's thread; the others are started. */
    for (int t = 1; t < threads; t++)
        started[t] = pthread_create(&tid[t], NULL, run_starts, &jobs[t]) == 0;
    run_starts(&jobs[0]);
    for (int t = 1; t < threads; t++) {
        if (started[t])
            pthread_join(tid[t], NULL);
        else
            run_starts(&jobs[t]); /* no thread: run its share here */
    }
    km_job *best = NULL;
    for (int t = 0; t < threads; t++) {
        km_start *w = &jobs[t].w;
        if (w->rc != KITH_OK && rc == KITH_OK)
            rc = w->rc;
        if (w->best_start >= 0 && (!best || w->best_inertia < best->w.best_inertia ||
                                   (w->best_inertia == best->w.best_inertia &&
                                    w->best_start < best->w.best_start)))
            best = &jobs[t];
    }
    if (rc == KITH_EINPUT) {
        rc = kith_error_set(err, KITH_EINPUT,
                            "k-means: fewer than k = %d distinct rows; ask for fewer "
                            "clusters",
                            o.k);
        goto done;
    }
    if (rc != KITH_OK || !best) {
        rc = kith_error_set(err, rc != KITH_OK ? rc : KITH_EINTERNAL,
                            "k-means: out of memory");
        goto done;
    }
    out->k = o.k;
    out->n = n;
    out->d = d;
    out->centres = best->w.best_centres;
    out->labels = best->w.best_labels;
    best->w.best_centres = NULL;
    best->w.best_labels = NULL;
    out->sizes = calloc((size_t)o.k, sizeof *out->sizes);
    if (!out->sizes) {
        kith_kmeans_result_free(out);
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
        goto done;
    }
    out->inertia = best->w.best_inertia;
    out->iterations = best->w.best_iter;
    out->start = best->w.best_start;
    renumber(out);
done:
    /* Every slot: the unused ones are zeroed, and free(NULL) is fine. */
    for (int t = 0; t < KM_MAX_THREADS; t++)
        job_free(&jobs[t]);
    if (master)
        gsl_rng_free(master);
    free(seeds);
    return rc;
}

void kith_kmeans_result_free(kith_kmeans_result *r)
{
    if (!r)
        return;
    free(r->centres);
    free(r->labels);
    free(r->sizes);
    memset(r, 0, sizeof *r);
}

/* ------------------------------------------------------------ silhouette */

kith_code kith__silhouette_multi(const double *x, size_t n, size_t d, int nlab,
                                 const int32_t *const *labels, const int *ks, double *out,
                                 kith_error *err)
{
    kith_code rc = KITH_OK;
    size_t width = 0; /* sum of the ks: one block of sums per labelling */
    for (int l = 0; l < nlab; l++) {
        if (ks[l] < 2 || (size_t)ks[l] > n - (n > 0))
            return kith_error_set(err, KITH_EINPUT,
                                  "silhouette: %d clusters of %zu rows; needs 2 <= k <= "
                                  "rows - 1",
                                  ks[l], n);
        for (size_t i = 0; i < n; i++)
            if (labels[l][i] < 0 || labels[l][i] >= ks[l])
                return kith_error_set(err, KITH_EINPUT,
                                      "silhouette: row %zu has label %d, not in 0..%d",
                                      i + 1, (int)labels[l][i], ks[l] - 1);
        width += (size_t)ks[l];
    }
    double *sums = calloc(n * width + 1, sizeof *sums);
    int64_t *sizes = calloc(width + 1, sizeof *sizes);
    if (!sums || !sizes) {
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
        goto done;
    }
    size_t off = 0;
    for (int l = 0; l < nlab; l++) {
        for (size_t i = 0; i < n; i++)
            sizes[off + (size_t)labels[l][i]]++;
        off += (size_t)ks[l];
    }
    /* Each distance once, added to both rows' sums for every labelling. */
    for (size_t i = 0; i < n; i++) {
        const double *xi = x + i * d;
        double *si = sums + i * width;
        for (size_t j = i + 1; j < n; j++) {
            double dist = sqrt(sqdist(xi, x + j * d, d));
            double *sj = sums + j * width;
            off = 0;
            for (int l = 0; l < nlab; l++) {
                si[off + (size_t)labels[l][j]] += dist;
                sj[off + (size_t)labels[l][i]] += dist;
                off += (size_t)ks[l];
            }
        }
    }
    off = 0;
    for (int l = 0; l < nlab; l++) {
        int used = 0;
        for (int c = 0; c < ks[l]; c++)
            used += sizes[off + (size_t)c] > 0;
        if (used < 2) {
            rc = kith_error_set(err, KITH_EINPUT,
                                "silhouette: every row is in one cluster; needs two");
            goto done;
        }
        double total = 0;
        for (size_t i = 0; i < n; i++) {
            const double *si = sums + i * width + off;
            const int64_t *sz = sizes + off;
            int32_t own = labels[l][i];
            if (sz[own] < 2)
                continue; /* alone in its cluster: 0 */
            double a = si[own] / (double)(sz[own] - 1), b = INFINITY;
            for (int c = 0; c < ks[l]; c++)
                if (c != own && sz[c] > 0 && si[c] / (double)sz[c] < b)
                    b = si[c] / (double)sz[c];
            double m = a > b ? a : b;
            total += m > 0 ? (b - a) / m : 0;
        }
        out[l] = total / (double)n;
        off += (size_t)ks[l];
    }
done:
    free(sums);
    free(sizes);
    return rc;
}

kith_code kith_silhouette(const double *x, size_t n, size_t d, const int32_t *labels,
                          int k, double *out, kith_error *err)
{
    return kith__silhouette_multi(x, n, d, 1, &labels, &k, out, err);
}

size_t *kith__sample_rows(size_t n, size_t m, uint64_t seed)
{
    kith__models_init();
    size_t *all = malloc(n * sizeof *all), *pick = malloc(m * sizeof *pick);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!all || !pick || !r) {
        free(all);
        free(pick);
        pick = NULL;
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        all[i] = i;
    gsl_rng_set(r, seed ? (unsigned long)seed : 1UL);
    /* m of the n rows without replacement, in row order. */
    gsl_ran_choose(r, pick, m, all, n, sizeof *all);
    free(all);
done:
    if (r)
        gsl_rng_free(r);
    return pick;
}

/* ------------------------------------------------------------ standardise */

kith_code kith_standardise(double *x, size_t n, size_t d, double *mean, double *sd,
                           kith_error *err)
{
    if (n < 2)
        return kith_error_set(err, KITH_EINPUT,
                              "standardise: %zu row%s; needs at least 2", n,
                              n == 1 ? "" : "s");
    for (size_t i = 0; i < n * d; i++)
        if (!isfinite(x[i]))
            return kith_error_set(
                err, KITH_EINPUT,
                "standardise: row %zu, column %zu is not a finite number", i / d + 1,
                i % d);
    /* Every column is checked before any is changed. */
    for (size_t j = 0; j < d; j++) {
        double mu = gsl_stats_mean(x + j, d, n);
        double s = gsl_stats_sd_with_fixed_mean(x + j, d, n, mu);
        /* Constant up to rounding: nothing to scale. */
        if (!(s > 1e-12 * fmax(1.0, fabs(mu))))
            return kith_error_set(err, KITH_EINPUT,
                                  "standardise: column %zu is the same in every row", j);
    }
    for (size_t j = 0; j < d; j++) {
        double mu = gsl_stats_mean(x + j, d, n);
        double s = gsl_stats_sd_with_fixed_mean(x + j, d, n, mu);
        for (size_t i = 0; i < n; i++)
            x[i * d + j] = (x[i * d + j] - mu) / s;
        if (mean)
            mean[j] = mu;
        if (sd)
            sd[j] = s;
    }
    return KITH_OK;
}
