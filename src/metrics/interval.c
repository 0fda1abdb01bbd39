/* Confidence intervals for proportions (include/kith/metrics.h): Wilson's
 * score interval for one proportion and Newcombe's hybrid score interval
 * for the difference of two independent proportions (Newcombe 1998,
 * "Interval estimation for the difference between independent
 * proportions: comparison of eleven methods", Statistics in Medicine 17,
 * 873-890, method 10). Both stay inside the range of what they estimate,
 * unlike the Wald interval p +- z se. */
#include <math.h>

#include "kith/metrics.h"

/* The 0.975 quantile of the standard normal distribution. */
#define Z95 1.959963984540054

int kith_ci_wilson(int64_t k, int64_t n, double *lo, double *hi)
{
    if (n < 1 || k < 0 || k > n)
        return -1;
    double nn = (double)n, p = (double)k / nn, z2 = Z95 * Z95;
    double d = 1.0 + z2 / nn;
    double centre = (p + z2 / (2.0 * nn)) / d;
    double half = Z95 * sqrt(p * (1.0 - p) / nn + z2 / (4.0 * nn * nn)) / d;
    /* At k = 0 (k = n) the bound is exactly 0 (1); rounding must not put
     * it a hair outside. */
    *lo = k == 0 ? 0.0 : fmax(0.0, centre - half);
    *hi = k == n ? 1.0 : fmin(1.0, centre + half);
    return 0;
}

int kith_ci_newcombe(int64_t k1, int64_t n1, int64_t k0, int64_t n0, double *lo,
                     double *hi)
{
    double l1, u1, l0, u0;
    if (kith_ci_wilson(k1, n1, &l1, &u1) || kith_ci_wilson(k0, n0, &l0, &u0))
        return -1;
    double p1 = (double)k1 / (double)n1, p0 = (double)k0 / (double)n0, d = p1 - p0;
    /* Newcombe's method 10: each bound combines the distances from each
     * proportion to the Wilson bound on the side that moves d that way. */
    *lo = d - sqrt((p1 - l1) * (p1 - l1) + (u0 - p0) * (u0 - p0));
    *hi = d + sqrt((u1 - p1) * (u1 - p1) + (p0 - l0) * (p0 - l0));
    return 0;
}
