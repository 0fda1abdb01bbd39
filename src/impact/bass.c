/* The Bass diffusion model (Bass 1969) with member churn, per month: the
 * closed-form adoption curve, the numerical projection (GSL odeiv2, with
 * parameters that may change from month to month for the scenarios) and
 * the fit of p, q and m to a monthly series of new members by nonlinear
 * least squares (GSL multifit_nlinear), started from Bass's own regression
 * and a small grid. */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_odeiv2.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "impact/impact_int.h"

double kith_bass_F(double p, double q, double t)
{
    double e = exp(-(p + q) * t);
    return (1 - e) / (1 + (q / p) * e);
}

/* ================================================================ projection */

static int bass_rhs(double t, const double y[], double dydt[], void *params)
{
    const kith_bass *b = params;
    (void)t;
    double left = b->m - y[0];
    if (left < 0)
        left = 0;
    double a = (b->p + b->q * y[1] / b->m) * left;
    dydt[0] = a;
    dydt[1] = a - b->churn * y[1];
    return GSL_SUCCESS;
}

/* Step the state y = (A, M) through month k-1 -> k with parameters b. */
static int month_step(gsl_odeiv2_driver *d, kith_bass *params, const kith_bass *b,
                      double *t, double y[2], double t1)
{
    *params = *b;
    gsl_odeiv2_driver_reset(d);
    return gsl_odeiv2_driver_apply(d, t, t1, y);
}

/* The ODE driver over params (which the caller changes between months). */
static gsl_odeiv2_driver *driver(gsl_odeiv2_system *sys, kith_bass *params, double m)
{
    sys->function = bass_rhs;
    sys->jacobian = NULL;
    sys->dimension = 2;
    sys->params = params;
    /* Absolute error a fraction of the market, relative 1e-10: far inside
     * the 1e-6 x m the closed form is checked to. */
    double abs_err = 1e-10 * (m > 1 ? m : 1);
    return gsl_odeiv2_driver_alloc_y_new(sys, gsl_odeiv2_step_rk8pd, 1e-3, abs_err,
                                         1e-10);
}

static kith_code check(const kith_bass *b, int months, kith_error *err)
{
    if (!(b->p > 0) || !(b->q > 0))
        return kith_error_set(err, KITH_EINPUT,
                              "p (innovation) and q (imitation) must be above 0 (p %g, "
                              "q %g)",
                              b->p, b->q);
    if (!(b->m > 0))
        return kith_error_set(err, KITH_EINPUT, "the market size must be above 0 (%g)",
                              b->m);
    if (!(b->churn >= 0) || b->churn >= 1)
        return kith_error_set(err, KITH_EINPUT, "churn is a monthly share in [0, 1) (%g)",
                              b->churn);
    if (months < 1 || months > KITH_SIM_MAX_MONTHS)
        return kith_error_set(err, KITH_EINPUT, "months must be 1 to %d (%d)",
                              KITH_SIM_MAX_MONTHS, months);
    return KITH_OK;
}

/* The projection with per-month parameters: bm[k-1] drives month k. */
kith_code kith__bass_run(const kith_bass *bm, double A0, double M0, int months, double *A,
                         double *M, kith_error *err)
{
    kith__imp_gsl_quiet();
    if (months < 1 || months > KITH_SIM_MAX_MONTHS)
        return kith_error_set(err, KITH_EINPUT, "months must be 1 to %d (%d)",
                              KITH_SIM_MAX_MONTHS, months);
    for (int k = 0; k < months; k++) {
        kith_code rc = check(&bm[k], months, err);
        if (rc != KITH_OK)
            return rc;
    }
    kith_bass params = bm[0];
    gsl_odeiv2_system sys;
    gsl_odeiv2_driver *d = driver(&sys, &params, bm[0].m);
    if (!d)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    double y[2] = {A0, M0}, t = 0;
    A[0] = A0;
    M[0] = M0;
    kith_code rc = KITH_OK;
    for (int k = 1; k <= months; k++) {
        if (month_step(d, &params, &bm[k - 1], &t, y, (double)k) != GSL_SUCCESS) {
            rc = kith_error_set(err, KITH_EINTERNAL,
                                "the ODE solver failed in month %d of the projection", k);
            break;
        }
        A[k] = y[0];
        M[k] = y[1];
    }
    gsl_odeiv2_driver_free(d);
    return rc;
}

kith_code kith_bass_project(const kith_bass *b, double A0, double M0, int months,
                            double *A, double *M, kith_error *err)
{
    kith_code rc = check(b, months, err);
    if (rc != KITH_OK)
        return rc;
    kith_bass *bm = malloc((size_t)months * sizeof *bm);
    if (!bm)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    for (int k = 0; k < months; k++)
        bm[k] = *b;
    rc = kith__bass_run(bm, A0, M0, months, A, M, err);
    free(bm);
    return rc;
}

/* ================================================================ fit */

typedef struct fit_data {
    const double *y; /* observed new adopters per month */
    size_t n;
    double churn;
    double market; /* > 0: m is given, only p and q are fitted */
    gsl_odeiv2_driver *d;
    kith_bass *params;
} fit_data;

/* Model new adopters per month for parameters (p, q, m), churn fixed,
 * from an empty start; out[k] = A(k+1) - A(k). -1 on a solver failure. */
static int model_series(fit_data *fd, double p, double q, double m, double *out)
{
    kith_bass b = {p, q, m, fd->churn};
    double y[2] = {0, 0}, t = 0, prev = 0;
    if (fd->churn == 0) {
        /* Without churn the model is the closed form. */
        for (size_t k = 0; k < fd->n; k++) {
            double a = m * kith_bass_F(p, q, (double)(k + 1));
            out[k] = a - prev;
            prev = a;
        }
        return 0;
    }
    for (size_t k = 0; k < fd->n; k++) {
        if (month_step(fd->d, fd->params, &b, &t, y, (double)(k + 1)) != GSL_SUCCESS)
            return -1;
        out[k] = y[0] - prev;
        prev = y[0];
    }
    return 0;
}

static int residuals(const gsl_vector *x, void *params, gsl_vector *f)
{
    fit_data *fd = params;
    double p = exp(gsl_vector_get(x, 0)), q = exp(gsl_vector_get(x, 1)),
           m = fd->market > 0 ? fd->market : exp(gsl_vector_get(x, 2));
    if (!isfinite(p) || !isfinite(q) || !isfinite(m) || p > 1e3 || q > 1e3)
        return GSL_EDOM;
    double *series = malloc(fd->n * sizeof *series);
    if (!series)
        return GSL_ENOMEM;
    int bad = model_series(fd, p, q, m, series);
    for (size_t k = 0; k < fd->n && !bad; k++)
        gsl_vector_set(f, k, series[k] - fd->y[k]);
    free(series);
    return bad ? GSL_EFAILED : GSL_SUCCESS;
}

static double ssr(fit_data *fd, double p, double q, double m)
{
    double *series = malloc(fd->n * sizeof *series);
    if (!series || model_series(fd, p, q, m, series)) {
        free(series);
        return INFINITY;
    }
    double s = 0;
    for (size_t k = 0; k < fd->n; k++)
        s += (series[k] - fd->y[k]) * (series[k] - fd->y[k]);
    free(series);
    return s;
}

/* Bass's own start: regress new adopters on the cumulative count before
 * the month, a(t) = a + b A + c A^2, then m from the quadratic's root,
 * p = a / m and q = -c m. 0 when it gives usable values. */
static int regression_start(const double *y, size_t n, double *p, double *q, double *m)
{
    gsl_matrix *X = gsl_matrix_alloc(n, 3);
    gsl_vector *v = gsl_vector_alloc(n), *c = gsl_vector_alloc(3);
    gsl_matrix *cov = gsl_matrix_alloc(3, 3);
    gsl_multifit_linear_workspace *w = gsl_multifit_linear_alloc(n, 3);
    int ok = X && v && c && cov && w;
    double cum = 0, chisq = 0;
    for (size_t k = 0; ok && k < n; k++) {
        gsl_matrix_set(X, k, 0, 1);
        gsl_matrix_set(X, k, 1, cum);
        gsl_matrix_set(X, k, 2, cum * cum);
        gsl_vector_set(v, k, y[k]);
        cum += y[k];
    }
    ok = ok && gsl_multifit_linear(X, v, c, cov, &chisq, w) == GSL_SUCCESS;
    if (ok) {
        double a = gsl_vector_get(c, 0), b = gsl_vector_get(c, 1),
               cc = gsl_vector_get(c, 2);
        double disc = b * b - 4 * a * cc;
        ok = cc < 0 && disc >= 0;
        if (ok) {
            *m = (-b - sqrt(disc)) / (2 * cc);
            *p = *m > 0 ? a / *m : -1;
            *q = -cc * *m;
            ok = *m > 0 && *p > 0 && *q > 0 && isfinite(*m);
        }
    }
    gsl_multifit_linear_free(w);
    gsl_matrix_free(cov);
    gsl_vector_free(c);
    gsl_vector_free(v);
    gsl_matrix_free(X);
    return ok ? 0 : -1;
}

kith_code kith_bass_fit_series(const double *adopters, size_t n, double churn,
                               double market, kith_bass_fit *out, kith_error *err)
{
    memset(out, 0, sizeof *out);
    kith__imp_gsl_quiet();
    double total = 0, mean = 0;
    for (size_t k = 0; k < n; k++) {
        if (!(adopters[k] >= 0) || !isfinite(adopters[k]))
            return kith_error_set(err, KITH_EINPUT,
                                  "month %zu: new members must be a count >= 0", k + 1);
        total += adopters[k];
    }
    if (n < 6 || total <= 0)
        return kith_error_set(err, KITH_ENODATA,
                              "the fit needs at least 6 whole months with new members "
                              "(%zu months, %.0f members)",
                              n, total);
    if (!(churn >= 0) || churn >= 1)
        return kith_error_set(err, KITH_EINPUT, "churn is a monthly share in [0, 1)");
    if (market > 0 && market < total)
        return kith_error_set(
            err, KITH_EINPUT,
            "the market (%g) is smaller than the %.0f members who joined "
            "already",
            market, total);
    size_t np = market > 0 ? 2 : 3;
    mean = total / (double)n;
    kith_bass params = {0.01, 0.3, total, churn};
    gsl_odeiv2_system sys;
    fit_data fd = {adopters, n, churn, market, NULL, &params};
    fd.d = driver(&sys, &params, total * 10);
    if (!fd.d)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");

    /* Starting values: the regression, and a small grid; the lowest SSR. */
    double best[3] = {0.01, 0.3, market > 0 ? market : 2 * total}, best_ssr = INFINITY,
           p0, q0, m0;
    if (regression_start(adopters, n, &p0, &q0, &m0) == 0 && m0 >= total) {
        if (market > 0)
            m0 = market;
        best[0] = p0;
        best[1] = q0;
        best[2] = m0;
        best_ssr = ssr(&fd, p0, q0, m0);
    }
    static const double ps[] = {0.002, 0.01, 0.03, 0.1}, qs[] = {0.05, 0.2, 0.5},
                        ms[] = {1.1, 1.5, 3, 10};
    for (size_t a = 0; a < 4; a++)
        for (size_t b = 0; b < 3; b++)
            for (size_t c = 0; c < 4; c++) {
                double mm = market > 0 ? market : ms[c] * total;
                double s = ssr(&fd, ps[a], qs[b], mm);
                if (s < best_ssr) {
                    best_ssr = s;
                    best[0] = ps[a];
                    best[1] = qs[b];
                    best[2] = mm;
                }
            }

    gsl_multifit_nlinear_parameters fp = gsl_multifit_nlinear_default_parameters();
    gsl_multifit_nlinear_workspace *w =
        gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &fp, n, np);
    gsl_vector *x = gsl_vector_alloc(np);
    gsl_matrix *covar = gsl_matrix_alloc(np, np);
    kith_code rc = KITH_OK;
    if (!w || !x || !covar) {
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < np; i++)
        gsl_vector_set(x, i, log(best[i]));
    gsl_multifit_nlinear_fdf fdf;
    memset(&fdf, 0, sizeof fdf);
    fdf.f = residuals;
    fdf.df = NULL; /* finite differences */
    fdf.n = n;
    fdf.p = np;
    fdf.params = &fd;
    int info = 0;
    int status = gsl_multifit_nlinear_init(x, &fdf, w);
    if (status == GSL_SUCCESS)
        status =
            gsl_multifit_nlinear_driver(500, 1e-10, 1e-10, 0.0, NULL, NULL, &info, w);
    out->iterations = (int)gsl_multifit_nlinear_niter(w);
    out->converged = status == GSL_SUCCESS;
    const gsl_vector *sol = gsl_multifit_nlinear_position(w);
    out->b.p = exp(gsl_vector_get(sol, 0));
    out->b.q = exp(gsl_vector_get(sol, 1));
    out->b.m = market > 0 ? market : exp(gsl_vector_get(sol, 2));
    out->market_given = market > 0;
    out->b.churn = churn;
    out->months = (int)n;
    /* Fit quality: R^2 and RMSE of the monthly new members. */
    const gsl_vector *f = gsl_multifit_nlinear_residual(w);
    double sse = 0, sst = 0;
    for (size_t k = 0; k < n; k++) {
        double r = gsl_vector_get(f, k);
        sse += r * r;
        sst += (adopters[k] - mean) * (adopters[k] - mean);
    }
    out->rmse = sqrt(sse / (double)n);
    out->r2 = sst > 0 ? 1 - sse / sst : 0;
    /* Standard errors: covariance of the log parameters scaled by the
     * residual variance, carried to p, q, m (delta method). */
    if (n > np && gsl_multifit_nlinear_covar(gsl_multifit_nlinear_jac(w), 0.0, covar) ==
                      GSL_SUCCESS) {
        double s2 = sse / (double)(n - np);
        out->se_p = out->b.p * sqrt(s2 * gsl_matrix_get(covar, 0, 0));
        out->se_q = out->b.q * sqrt(s2 * gsl_matrix_get(covar, 1, 1));
        out->se_m = np == 3 ? out->b.m * sqrt(s2 * gsl_matrix_get(covar, 2, 2)) : 0;
    }
    double peak = log(out->b.q / out->b.p) / (out->b.p + out->b.q);
    out->m_identified = np == 2 || peak <= (double)n;
    if (!out->converged)
        snprintf(out->note, sizeof out->note,
                 "the fit did not converge in %d iterations (%s): read the parameters "
                 "with care",
                 out->iterations, gsl_strerror(status));
    else if (peak > (double)n && np == 3)
        snprintf(out->note, sizeof out->note,
                 "new members have not peaked (the fitted peak is month %.0f of %zu so "
                 "far), so the data cannot tell the market size: give it with --market M "
                 "(the people you could reach) and only p and q are fitted",
                 peak, n);
    else if (out->r2 < 0.5)
        snprintf(out->note, sizeof out->note,
                 "the Bass curve explains only %.0f%% of the monthly variation: joining "
                 "is not driven by diffusion alone (campaigns, seasons)",
                 out->r2 * 100);
done:
    gsl_matrix_free(covar);
    gsl_vector_free(x);
    gsl_multifit_nlinear_free(w);
    gsl_odeiv2_driver_free(fd.d);
    return rc;
}
