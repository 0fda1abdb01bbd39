/* The maximum-likelihood driver of the models: GSL's Nelder-Mead simplex
 * from several starts, GSL's BFGS with the analytic gradient from the best
 * of them, standard errors from the inverse Hessian (GSL Cholesky); and
 * the local days purchases are counted in. No optimiser or linear algebra
 * is written here: this file only drives GSL. */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multimin.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeparse.h"
#include "models/models_int.h"

double kith__mdl_logaddexp(double u, double v, double *wv)
{
    if (u == -INFINITY && v == -INFINITY) {
        if (wv)
            *wv = 0;
        return -INFINITY;
    }
    double hi = u > v ? u : v, d = -fabs(u - v);
    double e = exp(d);
    if (wv)
        *wv = v >= u ? 1 / (1 + e) : e / (1 + e);
    return hi + log1p(e);
}

/* ------------------------------------------------------------ minimiser */

/* What GSL's callbacks see. The refinement runs in whitened coordinates
 * y = L'(theta - theta0), L L' the Hessian at theta0 (Cholesky): there
 * the Hessian is about the identity, and BFGS, which starts from the
 * identity, needs a handful of iterations instead of dozens on the
 * strongly correlated (r, alpha). l = NULL: y = theta. */
typedef struct gsl_ctx {
    const kith__mdl_fn *fn;
    void *data;
    const gsl_matrix *l;
    double theta0[8];
} gsl_ctx;

/* theta from the minimiser's y. */
static void to_theta(const gsl_ctx *c, const gsl_vector *v, double *th)
{
    size_t k = c->fn->k;
    if (!c->l) {
        for (size_t i = 0; i < k; i++)
            th[i] = gsl_vector_get(v, i);
        return;
    }
    double buf[8];
    gsl_vector_view d = gsl_vector_view_array(buf, k);
    gsl_vector_memcpy(&d.vector, v);
    /* Solve L' d = y. */
    gsl_blas_dtrsv(CblasLower, CblasTrans, CblasNonUnit, c->l, &d.vector);
    for (size_t i = 0; i < k; i++)
        th[i] = c->theta0[i] + buf[i];
}

static double f_gsl(const gsl_vector *v, void *p)
{
    const gsl_ctx *c = p;
    double th[8];
    to_theta(c, v, th);
    for (size_t i = 0; i < c->fn->k; i++)
        if (!isfinite(th[i]) || fabs(th[i]) > 40)
            return GSL_POSINF;
    double f = c->fn->f(th, c->data);
    return isfinite(f) ? f : GSL_POSINF;
}

static void fdf_gsl(const gsl_vector *v, void *p, double *f, gsl_vector *g)
{
    const gsl_ctx *c = p;
    size_t k = c->fn->k;
    double th[8], gr[8];
    int bad = 0;
    to_theta(c, v, th);
    for (size_t i = 0; i < k; i++)
        bad |= !isfinite(th[i]) || fabs(th[i]) > 40;
    double fv = GSL_POSINF;
    memset(gr, 0, sizeof gr);
    if (!bad)
        c->fn->fdf(th, c->data, &fv, gr);
    if (!isfinite(fv))
        fv = GSL_POSINF;
    if (f)
        *f = fv;
    if (!g)
        return;
    for (size_t i = 0; i < k; i++)
        gsl_vector_set(g, i, isfinite(gr[i]) ? gr[i] : 0);
    /* dy = L^-1 dtheta: solve L gy = g. */
    if (c->l)
        gsl_blas_dtrsv(CblasLower, CblasNoTrans, CblasNonUnit, c->l, g);
}

static double f_only(const gsl_vector *v, void *p)
{
    double f;
    fdf_gsl(v, p, &f, NULL);
    return f;
}

static void df_only(const gsl_vector *v, void *p, gsl_vector *g)
{
    fdf_gsl(v, p, NULL, g);
}

/* Nelder-Mead from one start; the best point into best[]. */
static kith_code simplex(const kith__mdl_fn *fn, const double *start, double *best,
                         double *fbest)
{
    size_t k = fn->k;
    gsl_ctx c = {fn, fn->ctx_sub, NULL, {0}};
    gsl_multimin_function mf = {f_gsl, k, &c};
    gsl_vector *x = gsl_vector_alloc(k), *ss = gsl_vector_alloc(k);
    gsl_multimin_fminimizer *s =
        gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, k);
    kith_code rc = KITH_OK;
    if (!x || !ss || !s) {
        rc = KITH_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < k; i++) {
        gsl_vector_set(x, i, start[i]);
        gsl_vector_set(ss, i, 0.5);
    }
    *fbest = GSL_POSINF;
    if (gsl_multimin_fminimizer_set(s, &mf, x, ss) != GSL_SUCCESS)
        goto done;
    /* The starts only have to find the basin: a simplex of 1e-2 in log
     * space (1% in every parameter) is plenty for BFGS to finish. */
    for (int it = 0; it < 2000; it++) {
        if (gsl_multimin_fminimizer_iterate(s) != GSL_SUCCESS)
            break;
        if (gsl_multimin_test_size(gsl_multimin_fminimizer_size(s), 1e-2) == GSL_SUCCESS)
            break;
    }
    *fbest = gsl_multimin_fminimizer_minimum(s);
    for (size_t i = 0; i < k; i++)
        best[i] = gsl_vector_get(gsl_multimin_fminimizer_x(s), i);
done:
    gsl_multimin_fminimizer_free(s);
    gsl_vector_free(ss);
    gsl_vector_free(x);
    return rc;
}

static double norm(const gsl_vector *g)
{
    double s = 0;
    for (size_t i = 0; i < g->size; i++)
        s += gsl_vector_get(g, i) * gsl_vector_get(g, i);
    return sqrt(s);
}

/* The Hessian of the mean negative log-likelihood in theta by central
 * differences of the analytic gradient on data, into h. */
static void hessian_logs(const kith__mdl_fn *fn, void *data, const double *theta,
                         gsl_matrix *h)
{
    size_t k = fn->k;
    double q[8], gp[8], gm[8], f;
    for (size_t j = 0; j < k; j++) {
        const double step = 1e-4;
        memcpy(q, theta, k * sizeof *q);
        q[j] = theta[j] + step;
        fn->fdf(q, data, &f, gp);
        q[j] = theta[j] - step;
        fn->fdf(q, data, &f, gm);
        for (size_t i = 0; i < k; i++)
            gsl_matrix_set(h, i, j, (gp[i] - gm[i]) / (2 * step));
    }
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < i; j++) {
            double v = 0.5 * (gsl_matrix_get(h, i, j) + gsl_matrix_get(h, j, i));
            gsl_matrix_set(h, i, j, v);
            gsl_matrix_set(h, j, i, v);
        }
}

/* BFGS on all observations from res->theta, in coordinates whitened by
 * the Hessian there (taken on the sample: it only has to be close).
 * The tolerance is on the gradient in those coordinates, whose square is
 * twice the decrease still to come (the Newton decrement): 1e-7 leaves
 * about 5e-15 of the mean log-likelihood, near its rounding. One restart
 * (which resets BFGS's Hessian approximation) when progress stops first. */
static kith_code refine(const kith__mdl_fn *fn, kith__mdl_result *res)
{
    size_t k = fn->k;
    gsl_ctx c = {fn, fn->ctx, NULL, {0}};
    gsl_multimin_function_fdf mf = {f_only, df_only, fdf_gsl, k, &c};
    gsl_vector *x = gsl_vector_alloc(k);
    gsl_matrix *h = gsl_matrix_alloc(k, k);
    gsl_multimin_fdfminimizer *s =
        gsl_multimin_fdfminimizer_alloc(gsl_multimin_fdfminimizer_vector_bfgs2, k);
    kith_code rc = KITH_OK;
    if (!x || !h || !s) {
        rc = KITH_ENOMEM;
        goto done;
    }
    res->iterations = 0;
    double gy = GSL_POSINF;
    for (int round = 0; round < 2; round++) {
        memcpy(c.theta0, res->theta, k * sizeof *res->theta);
        hessian_logs(fn, fn->ctx_sub, res->theta, h);
        c.l = gsl_linalg_cholesky_decomp1(h) == GSL_SUCCESS ? h : NULL;
        if (!c.l) /* not convex there: plain coordinates */
            memset(c.theta0, 0, sizeof c.theta0);
        for (size_t i = 0; i < k; i++)
            gsl_vector_set(x, i, c.l ? 0 : res->theta[i]);
        if (gsl_multimin_fdfminimizer_set(s, &mf, x, c.l ? 0.1 : 0.01, 0.1) !=
            GSL_SUCCESS)
            break;
        int status = GSL_CONTINUE;
        for (int it = 0; it < 500 && status == GSL_CONTINUE; it++) {
            res->iterations++;
            if (gsl_multimin_fdfminimizer_iterate(s) != GSL_SUCCESS)
                break;
            status = gsl_multimin_test_gradient(s->gradient, 1e-7);
        }
        double fx = s->f;
        if (isfinite(fx) && fx <= res->f) {
            res->f = fx;
            to_theta(&c, s->x, res->theta);
            gy = norm(s->gradient);
        }
        if (gy < 1e-7)
            break;
    }
    /* The gradient in theta, for the record. */
    double th[8], g[8], f;
    memcpy(th, res->theta, k * sizeof *th);
    fn->fdf(th, fn->ctx, &f, g);
    res->grad_norm = 0;
    for (size_t i = 0; i < k; i++)
        res->grad_norm += g[i] * g[i];
    res->grad_norm = sqrt(res->grad_norm);
    res->newton = gy;
done:
    gsl_multimin_fdfminimizer_free(s);
    gsl_matrix_free(h);
    gsl_vector_free(x);
    return rc;
}

kith_code kith__mdl_minimise(const kith__mdl_fn *fn, const double *starts, int nstarts,
                             kith__mdl_result *res)
{
    kith__models_init();
    memset(res, 0, sizeof *res);
    res->f = GSL_POSINF;
    res->status = KITH__FIT_NONFINITE;
    size_t k = fn->k;
    kith_code rc = KITH_OK;
    for (int s = 0; s < nstarts && rc == KITH_OK; s++) {
        double th[8], f;
        rc = simplex(fn, starts + (size_t)s * k, th, &f);
        res->starts++;
        if (rc == KITH_OK && isfinite(f) && f < res->f) {
            res->f = f;
            memcpy(res->theta, th, k * sizeof *th);
        }
    }
    if (rc != KITH_OK || !isfinite(res->f))
        return rc;
    /* The starts ran on a sample: the refinement starts afresh on all. */
    if (fn->ctx_sub != fn->ctx)
        res->f = fn->f(res->theta, fn->ctx);
    res->grad_norm = GSL_POSINF;
    rc = refine(fn, res);
    if (rc != KITH_OK)
        return rc;
    if (!isfinite(res->f))
        res->status = KITH__FIT_NONFINITE;
    else if (!(res->newton <= 1e-6))
        res->status = KITH__FIT_NOCONV;
    else
        res->status = KITH__FIT_OK;
    for (size_t i = 0; i < k; i++)
        if (fabs(res->theta[i]) > 25)
            res->status = KITH__FIT_BOUNDARY;
    return KITH_OK;
}

/* ------------------------------------------------------------ standard errors */

/* Gradient of the mean negative log-likelihood with respect to the
 * natural parameters at p (natural scale). */
static void grad_natural(const kith__mdl_fn *fn, const double *p, double *g)
{
    double th[8], f;
    for (size_t i = 0; i < fn->k; i++)
        th[i] = log(p[i]);
    fn->fdf(th, fn->ctx, &f, g);
    for (size_t i = 0; i < fn->k; i++)
        g[i] /= p[i];
}

int kith__mdl_std_errors(const kith__mdl_fn *fn, const double *theta, double n,
                         double *se, char *why, size_t whylen)
{
    kith__models_init();
    size_t k = fn->k;
    double p[8], q[8], gp[8], gm[8];
    int ok = 0;
    gsl_matrix *h = gsl_matrix_alloc(k, k);
    if (!h) {
        snprintf(why, whylen, "out of memory");
        return 0;
    }
    for (size_t i = 0; i < k; i++)
        p[i] = exp(theta[i]);
    /* Central differences of the analytic gradient, relative step 1e-5:
     * truncation O(h^2) and rounding O(eps/h) both near 1e-10. */
    for (size_t j = 0; j < k; j++) {
        double hj = 1e-5 * p[j];
        memcpy(q, p, sizeof q);
        q[j] = p[j] + hj;
        grad_natural(fn, q, gp);
        q[j] = p[j] - hj;
        grad_natural(fn, q, gm);
        for (size_t i = 0; i < k; i++)
            gsl_matrix_set(h, i, j, n * (gp[i] - gm[i]) / (2 * hj));
    }
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < i; j++) {
            double v = 0.5 * (gsl_matrix_get(h, i, j) + gsl_matrix_get(h, j, i));
            gsl_matrix_set(h, i, j, v);
            gsl_matrix_set(h, j, i, v);
        }
    int finite = 1;
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            finite &= isfinite(gsl_matrix_get(h, i, j));
    if (!finite) {
        snprintf(why, whylen, "the Hessian of the log-likelihood is not finite");
    } else if (gsl_linalg_cholesky_decomp1(h) != GSL_SUCCESS ||
               gsl_linalg_cholesky_invert(h) != GSL_SUCCESS) {
        snprintf(
            why, whylen,
            "the Hessian of the log-likelihood is not positive definite at the "
            "estimate (a flat or ridge-shaped likelihood: parameters not identified)");
    } else {
        ok = 1;
        for (size_t i = 0; i < k; i++) {
            double v = gsl_matrix_get(h, i, i);
            ok &= isfinite(v) && v > 0;
            se[i] = v > 0 ? sqrt(v) : 0;
        }
        if (!ok)
            snprintf(why, whylen, "the inverse Hessian has a non-positive diagonal");
    }
    gsl_matrix_free(h);
    return ok;
}

/* ------------------------------------------------------------ lookups, JSON */

static int cmp_idx(const void *a, const void *b)
{
    const kith__mdl_idx *p = a, *q = b;
    return (p->id > q->id) - (p->id < q->id);
}

kith__mdl_idx *kith__mdl_index(const void *base, size_t n, size_t size, size_t offset)
{
    kith__mdl_idx *ix = malloc((n ? n : 1) * sizeof *ix);
    if (!ix)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        memcpy(&ix[i].id, (const char *)base + i * size + offset, sizeof ix[i].id);
        ix[i].at = i;
    }
    qsort(ix, n, sizeof *ix, cmp_idx);
    return ix;
}

size_t kith__mdl_index_find(const kith__mdl_idx *ix, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ix[mid].id == id)
            return ix[mid].at;
        if (ix[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return SIZE_MAX;
}

kith_code kith__mdl_json_text(void *root, char **out, kith_error *err)
{
    *out =
        json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    json_decref(root);
    return *out ? KITH_OK : kith_error_set(err, KITH_ENOMEM, "out of memory");
}

/* ------------------------------------------------------------ local days */

kith_code kith__days_init(kith__days *d, int64_t from, int64_t to, const char *tz,
                          kith_error *err)
{
    memset(d, 0, sizeof *d);
    int y;
    unsigned mo, dd;
    kith__time_local_civil(from, tz, &y, &mo, &dd);
    int64_t first = kith__days_from_civil(y, mo, dd);
    kith__time_local_civil(to, tz, &y, &mo, &dd);
    int64_t last = kith__days_from_civil(y, mo, dd);
    if (last < first)
        last = first;
    /* One more day than needed: the end of the last day. */
    size_t n = (size_t)(last - first) + 2;
    d->midnight = malloc(n * sizeof *d->midnight);
    if (!d->midnight)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        kith__civil_from_days(first + (int64_t)i, &y, &mo, &dd);
        d->midnight[i] = kith__time_local_midnight(y, mo, dd, tz);
    }
    d->n = n - 1;
    return KITH_OK;
}

size_t kith__days_of(const kith__days *d, int64_t t)
{
    size_t lo = 0, hi = d->n; /* the last i with midnight[i] <= t */
    if (t < d->midnight[0])
        return 0;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->midnight[mid] <= t)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

void kith__days_free(kith__days *d)
{
    free(d->midnight);
    memset(d, 0, sizeof *d);
}
