/* The Gamma-Gamma model of spend per transaction (Fader & Hardie 2013,
 * "The Gamma-Gamma Model of Monetary Value"; Colombo & Jiang 1999): a
 * customer's transaction values are Gamma(p, nu), nu is Gamma(q, gamma)
 * across customers. Likelihood of a customer's mean zbar of x values,
 * its gradient, the fit and the conditional expected spend. */
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_psi.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/models_int.h"

/* The customers grouped by x: per distinct x its count and the sum of
 * ln zbar; the zbar of the group's customers in z[start[k] .. start[k+1]). */
typedef struct gg_data {
    int32_t *xs;
    double *cnt, *slz, *z;
    size_t *start, nx;
    double count;
} gg_data;

typedef struct gg_pair {
    int32_t x;
    double z;
} gg_pair;

static int cmp_pair(const void *a, const void *b)
{
    const gg_pair *p = a, *q = b;
    return (p->x > q->x) - (p->x < q->x);
}

static void gg_free(gg_data *d)
{
    free(d->xs);
    free(d->cnt);
    free(d->slz);
    free(d->z);
    free(d->start);
}

/* Customers 0, step, 2 step, ... grouped. Returns 0, -1 when out of memory. */
static int gg_build(gg_data *d, const int32_t *x, const double *zbar, size_t n,
                    size_t step)
{
    memset(d, 0, sizeof *d);
    size_t m = (n + step - 1) / step;
    gg_pair *v = malloc((m ? m : 1) * sizeof *v);
    d->z = malloc((m ? m : 1) * sizeof *d->z);
    d->xs = malloc((m ? m : 1) * sizeof *d->xs);
    d->cnt = calloc(m ? m : 1, sizeof *d->cnt);
    d->slz = calloc(m ? m : 1, sizeof *d->slz);
    d->start = malloc((m + 1) * sizeof *d->start);
    if (!v || !d->z || !d->xs || !d->cnt || !d->slz || !d->start) {
        free(v);
        return -1;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i += step)
        v[k++] = (gg_pair){x[i], zbar[i]};
    qsort(v, m, sizeof *v, cmp_pair);
    for (size_t i = 0; i < m; i++) {
        if (i == 0 || v[i].x != v[i - 1].x) {
            d->xs[d->nx] = v[i].x;
            d->start[d->nx++] = i;
        }
        d->cnt[d->nx - 1] += 1;
        d->slz[d->nx - 1] += log(v[i].z);
        d->z[i] = v[i].z;
    }
    d->start[d->nx] = m;
    d->count = (double)m;
    free(v);
    return 0;
}

/* Sum of ln f(zbar | p, q, gamma; x) and its gradient in (p, q, gamma):
 * ln G(px+q) - ln G(px) - ln G(q) + q ln gamma + (px-1) ln zbar + px ln x
 * - (px+q) ln(gamma + x zbar); the Gamma and digamma terms once per
 * distinct x. */
static double gg_loglik(const gg_data *d, const kith_gg_params *pp, double *g)
{
    const double p = pp->p, q = pp->q, gm = pp->gamma;
    const double lgq = gsl_sf_lngamma(q), lgm = log(gm);
    const double psq = g ? gsl_sf_psi(q) : 0;
    double ll = 0, gp = 0, gq = 0, gg = 0;
    for (size_t k = 0; k < d->nx; k++) {
        const double x = d->xs[k], c = d->cnt[k], px = p * x, lx = log(x);
        double sld = 0, sinv = 0;
        for (size_t i = d->start[k]; i < d->start[k + 1]; i++) {
            const double u = gm + x * d->z[i];
            sld += log(u);
            sinv += 1 / u;
        }
        ll +=
            c * (gsl_sf_lngamma(px + q) - gsl_sf_lngamma(px) - lgq + q * lgm + px * lx) +
            (px - 1) * d->slz[k] - (px + q) * sld;
        if (g) {
            const double ps = gsl_sf_psi(px + q);
            gp += x * (c * (ps - gsl_sf_psi(px) + lx) + d->slz[k] - sld);
            gq += c * (ps - psq + lgm) - sld;
            gg += c * q / gm - (px + q) * sinv;
        }
    }
    if (g) {
        g[0] = gp;
        g[1] = gq;
        g[2] = gg;
    }
    return ll;
}

static double obj_f(const double *th, void *ctx)
{
    const gg_data *d = ctx;
    kith_gg_params p = {exp(th[0]), exp(th[1]), exp(th[2])};
    return -gg_loglik(d, &p, NULL) / d->count;
}

static void obj_fdf(const double *th, void *ctx, double *f, double *grad)
{
    const gg_data *d = ctx;
    kith_gg_params p = {exp(th[0]), exp(th[1]), exp(th[2])};
    double g[3];
    *f = -gg_loglik(d, &p, g) / d->count;
    const double nat[3] = {p.p, p.q, p.gamma};
    for (int i = 0; i < 3; i++)
        grad[i] = -g[i] * nat[i] / d->count;
}

kith_code kith_gg_fit_data(const int32_t *x, const double *zbar, size_t n,
                           kith_gg_fit *out, kith_error *err)
{
    kith__models_init();
    memset(out, 0, sizeof *out);
    double mean = 0;
    for (size_t i = 0; i < n; i++) {
        if (x[i] < 1)
            return kith_error_set(err, KITH_EINPUT,
                                  "customer %zu: x = %d; the Gamma-Gamma model needs "
                                  "customers with at least one repeat transaction",
                                  i, (int)x[i]);
        if (!(zbar[i] > 0) || !isfinite(zbar[i]))
            return kith_error_set(err, KITH_EINPUT,
                                  "customer %zu: mean spend %g; it must be a positive "
                                  "amount (negative spend is not a purchase)",
                                  i, zbar[i]);
        mean += zbar[i];
    }
    out->n = (int64_t)n;
    if (n < KITH_GG_MIN_CUSTOMERS)
        return kith_error_set(err, KITH_ENODATA,
                              "only %zu customers with a repeat purchase and an amount: "
                              "the Gamma-Gamma spend model needs at least %d",
                              n, KITH_GG_MIN_CUSTOMERS);
    mean /= (double)n;
    size_t step = n > 20000 ? (n + 19999) / 20000 : 1;
    gg_data all, sub;
    memset(&all, 0, sizeof all);
    memset(&sub, 0, sizeof sub);
    kith_code rc = KITH_OK;
    if (gg_build(&all, x, zbar, n, 1) || gg_build(&sub, x, zbar, n, step)) {
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
        goto done;
    }
    /* Starts: spend per transaction p / nu, nu around q / gamma; the mean
     * spend p gamma / (q - 1) near the sample mean. */
    const double sp[4][3] = {
        {1, 1, 1}, {2, 3, 2 * mean}, {6, 4, 1.5 * mean}, {10, 10, 0.9 * mean}};
    double starts[12];
    for (int s = 0; s < 4; s++)
        for (int j = 0; j < 3; j++)
            starts[s * 3 + j] = log(fmin(fmax(sp[s][j], 1e-3), 1e9));
    kith__mdl_fn fn = {3, obj_f, obj_fdf, &all, step > 1 ? (void *)&sub : (void *)&all};
    kith__mdl_result res;
    if (kith__mdl_minimise(&fn, starts, 4, &res) != KITH_OK) {
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
        goto done;
    }
    out->p = (kith_gg_params){exp(res.theta[0]), exp(res.theta[1]), exp(res.theta[2])};
    out->log_likelihood = -res.f * (double)n;
    if (res.status == KITH__FIT_NONFINITE)
        rc = kith_error_set(err, KITH_ENODATA,
                            "the Gamma-Gamma likelihood is not finite from any start");
    else if (res.status == KITH__FIT_BOUNDARY)
        rc = kith_error_set(err, KITH_ENODATA,
                            "the Gamma-Gamma fit ran off to a boundary (p = %.3g, q = "
                            "%.3g, gamma = %.3g): spend per transaction does not vary "
                            "in a way the model can describe",
                            out->p.p, out->p.q, out->p.gamma);
    else if (res.status == KITH__FIT_NOCONV)
        rc = kith_error_set(err, KITH_ENODATA,
                            "the Gamma-Gamma fit did not converge (gradient norm %.3g)",
                            res.grad_norm);
    else if (out->p.q <= 1)
        rc = kith_error_set(err, KITH_ENODATA,
                            "the Gamma-Gamma fit gives q = %.3g <= 1: the mean spend "
                            "per transaction would be infinite (a few very large "
                            "amounts?)",
                            out->p.q);
    else
        out->has_se = kith__mdl_std_errors(&fn, res.theta, (double)n, out->se,
                                           out->se_why, sizeof out->se_why);
done:
    gg_free(&all);
    gg_free(&sub);
    return rc;
}

double kith_gg_expected_spend(const kith_gg_params *p, double x, double zbar)
{
    /* (p (gamma + x zbar)) / (p x + q - 1): a weighted mean of the
     * population mean p gamma / (q - 1) and the customer's own zbar. */
    if (x <= 0 || !(zbar > 0))
        return p->p * p->gamma / (p->q - 1);
    return p->p * (p->gamma + x * zbar) / (p->p * x + p->q - 1);
}
