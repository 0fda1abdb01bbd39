/* The Gauss hypergeometric function 2F1(a, b; c; z) on 0 <= z < 1 for the
 * BG/NBD predictions: GSL's gsl_sf_hyperg_2F1 first; where GSL refuses
 * (its series stops after 30,000 terms, which near z = 1 is too few; or a
 * term overflows) the standard transformations, each again evaluated by
 * GSL: the linear transformation in 1 - z (Abramowitz & Stegun 15.3.6),
 * then Euler's (15.3.3); and last the power series summed here with
 * rescaling, and the 1 - z transformation at c shifted either side when
 * c - a - b is an integer. docs/models.md lists the domain limits. */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_hyperg.h>
#include <math.h>

#include "models/models_int.h"

static int gsl_2f1(double a, double b, double c, double z, double *out)
{
    gsl_sf_result r;
    int st = gsl_sf_hyperg_2F1_e(a, b, c, z, &r);
    if (st != GSL_SUCCESS || !isfinite(r.val))
        return -1;
    *out = r.val;
    return 0;
}

/* A&S 15.3.6, valid when c - a - b is not an integer:
 * 2F1(a,b;c;z) = G(c)G(d)/(G(c-a)G(c-b)) 2F1(a,b;1-d;1-z)
 *              + (1-z)^d G(c)G(-d)/(G(a)G(b)) 2F1(c-a,c-b;1+d;1-z),
 * d = c - a - b. A Gamma of a non-positive integer in a denominator makes
 * its term 0. */
static int reflect(double a, double b, double c, double z, double *out)
{
    const double d = c - a - b;
    if (fabs(d - nearbyint(d)) < 1e-6)
        return -1;
    gsl_sf_result lc, ld, lmd, lca, lcb, la, lb;
    double sc, sd, smd, sca, scb, sa, sb;
    if (gsl_sf_lngamma_sgn_e(c, &lc, &sc) || gsl_sf_lngamma_sgn_e(d, &ld, &sd) ||
        gsl_sf_lngamma_sgn_e(-d, &lmd, &smd))
        return -1;
    int ok1 = !gsl_sf_lngamma_sgn_e(c - a, &lca, &sca) &&
              !gsl_sf_lngamma_sgn_e(c - b, &lcb, &scb);
    int ok2 = !gsl_sf_lngamma_sgn_e(a, &la, &sa) && !gsl_sf_lngamma_sgn_e(b, &lb, &sb);
    double t1 = 0, t2 = 0, f;
    if (ok1) {
        if (gsl_2f1(a, b, 1 - d, 1 - z, &f))
            return -1;
        t1 = sc * sd * sca * scb * f * exp(lc.val + ld.val - lca.val - lcb.val);
    }
    if (ok2) {
        if (gsl_2f1(c - a, c - b, 1 + d, 1 - z, &f))
            return -1;
        t2 = sc * smd * sa * sb * f *
             exp(lc.val + lmd.val - la.val - lb.val + d * log1p(-z));
    }
    *out = t1 + t2;
    return isfinite(*out) ? 0 : -1;
}

/* Euler (A&S 15.3.3): 2F1(a,b;c;z) = (1-z)^(c-a-b) 2F1(c-a,c-b;c;z). */
static int euler(double a, double b, double c, double z, double *out)
{
    double f;
    if (gsl_2f1(c - a, c - b, c, z, &f))
        return -1;
    *out = f * exp((c - a - b) * log1p(-z));
    return isfinite(*out) ? 0 : -1;
}

/* The power series itself, for what the above cannot do: at most 4
 * million terms, rescaled so that growing terms cannot overflow. */
static int series(double a, double b, double c, double z, double *out)
{
    double term = 1, sum = 1, lscale = 0, k = 0;
    for (int i = 0; i < 4000000; i++, k += 1) {
        term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
        sum += term;
        if (fabs(sum) > 1e200) {
            sum *= 1e-200;
            term *= 1e-200;
            lscale += 200 * 2.302585092994046;
        }
        if (term == 0 ||
            (k > 10 && fabs(term) < 1e-17 * fabs(sum) &&
             fabs((a + k + 1) * (b + k + 1) / ((c + k + 1) * (k + 2)) * z) < 1)) {
            *out = sum * exp(lscale);
            return isfinite(*out) ? 0 : -1;
        }
    }
    return -1;
}

/* c - a - b an integer: the mean of 15.3.6 at c shifted by +-h (the
 * function is smooth in c; error O(h^2) plus the cancellation of the two
 * terms near the pole, O(eps / h)); h = 1e-7 |c| balances them (the test
 * checks 1e-6 against mpmath where this is the only way). */
static int shifted(double a, double b, double c, double z, double *out)
{
    const double h = 1e-7 * fmax(1, fabs(c));
    double lo, hi;
    if (reflect(a, b, c - h, z, &lo) || reflect(a, b, c + h, z, &hi))
        return -1;
    *out = 0.5 * (lo + hi);
    return 0;
}

int kith__hyp2f1_method(int method, double a, double b, double c, double z, double *out)
{
    kith__models_init();
    switch (method) {
    case 0:
        return gsl_2f1(a, b, c, z, out);
    case 1:
        return reflect(a, b, c, z, out);
    case 2:
        return euler(a, b, c, z, out);
    case 3:
        return series(a, b, c, z, out);
    default:
        return shifted(a, b, c, z, out);
    }
}

kith_code kith_hyp2f1(double a, double b, double c, double z, double *out,
                      kith_error *err)
{
    *out = 0;
    if (!isfinite(a) || !isfinite(b) || !isfinite(c) || !(z >= 0) || !(z < 1) ||
        (c <= 0 && fabs(c - nearbyint(c)) < 1e-12))
        return kith_error_set(
            err, KITH_EINPUT,
            "2F1(%g, %g; %g; %g): defined here for 0 <= z < 1 and c not "
            "0, -1, -2, ...",
            a, b, c, z);
    if (z == 0) {
        *out = 1;
        return KITH_OK;
    }
    for (int m = 0; m < 5; m++)
        if (kith__hyp2f1_method(m, a, b, c, z, out) == 0)
            return KITH_OK;
    return kith_error_set(
        err, KITH_EINTERNAL,
        "2F1(%g, %g; %g; %g) could not be evaluated (GSL, the 1 - z and "
        "Euler transformations and the series all failed)",
        a, b, c, z);
}
