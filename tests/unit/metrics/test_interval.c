/* The intervals behind the retention lift (src/metrics/interval.c):
 * Newcombe's hybrid score interval against the published values of
 * Newcombe (1998), "Interval estimation for the difference between
 * independent proportions: comparison of eleven methods", Statistics in
 * Medicine 17, 873-890, Table II, method 10 (given there to 4 decimals);
 * Wilson's interval against values worked out by hand; and the small-group
 * case of issue 11 (2/3 vs 1/3 on 3 and 3 customers), whose Wald interval
 * [-42, +109] pp left [-100, +100]. */
#include "testutil.h"

#include <math.h>

/* Table II, method 10: a/m - b/n -> (lower, upper). */
static const struct {
    int64_t a, m, b, n;
    double lo, hi;
} table2[] = {
    {56, 70, 48, 80, 0.0524, 0.3339}, /* (a) */
    {9, 10, 3, 10, 0.1705, 0.8090},   /* (b) */
    {6, 7, 2, 7, 0.0582, 0.8062},     /* (c) */
    {5, 56, 0, 29, -0.0381, 0.1926},  /* (d) */
    {0, 10, 0, 20, -0.1611, 0.2775},  /* (e) */
    {0, 10, 0, 10, -0.2775, 0.2775},  /* (f) */
    {10, 10, 0, 20, 0.6791, 1.0000},  /* (g) */
    {10, 10, 0, 10, 0.6075, 1.0000},  /* (h) */
};

static void test_newcombe_table2(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof table2 / sizeof table2[0]; i++) {
        double lo = NAN, hi = NAN;
        assert_int_equal(kith_ci_newcombe(table2[i].a, table2[i].m, table2[i].b,
                                          table2[i].n, &lo, &hi),
                         0);
        /* Published to 4 decimals: within half a unit of the last one. */
        if (fabs(lo - table2[i].lo) > 5e-5 || fabs(hi - table2[i].hi) > 5e-5)
            fail_msg("row %zu: got (%.6f, %.6f), Newcombe (%.4f, %.4f)", i, lo, hi,
                     table2[i].lo, table2[i].hi);
    }
}

/* Wilson, by hand (z = 1.959964, z^2 = 3.841459):
 * - 0/10: centre = (z^2/20) / (1 + z^2/10) = 0.192073 / 1.384146 = 0.138766,
 *   half the same (p = 0), so [0, 0.277533] (Newcombe's (f) upper bound).
 * - 5/10: centre 0.5, half = z sqrt(0.025 + z^2/400) / (1 + z^2/10)
 *   = 1.959964 * 0.186021 / 1.384146 = 0.263407: [0.236593, 0.763407]. */
static void test_wilson(void **state)
{
    (void)state;
    double lo, hi;
    assert_int_equal(kith_ci_wilson(0, 10, &lo, &hi), 0);
    assert_true(lo == 0.0);
    assert_true(fabs(hi - 0.277533) < 1e-6);
    assert_int_equal(kith_ci_wilson(5, 10, &lo, &hi), 0);
    assert_true(fabs(lo - 0.236593) < 1e-6 && fabs(hi - 0.763407) < 1e-6);
    assert_int_equal(kith_ci_wilson(10, 10, &lo, &hi), 0);
    assert_true(hi == 1.0 && lo > 0.72 && lo < 0.73);
    /* Not a proportion: refused, bounds untouched. */
    lo = hi = 42;
    assert_int_equal(kith_ci_wilson(1, 0, &lo, &hi), -1);
    assert_int_equal(kith_ci_wilson(3, 2, &lo, &hi), -1);
    assert_int_equal(kith_ci_wilson(-1, 2, &lo, &hi), -1);
    assert_int_equal(kith_ci_newcombe(1, 2, 1, 0, &lo, &hi), -1);
    assert_true(lo == 42 && hi == 42);
}

/* Issue 11's case: 2/3 - 1/3. Wilson of 2/3 = [0.207660, 0.938508] and of
 * 1/3 = [0.061492, 0.792340] (mirror images); lower = 1/3 - sqrt((2/3 -
 * 0.207660)^2 + (0.792340 - 1/3)^2) = 1/3 - 0.649134 = -0.315801, upper
 * = 1/3 + sqrt((0.938508 - 2/3)^2 + (1/3 - 0.061492)^2) = 0.717775. And
 * every interval on small groups stays inside [-1, 1] and holds d. */
static void test_small_groups(void **state)
{
    (void)state;
    double lo, hi;
    assert_int_equal(kith_ci_newcombe(2, 3, 1, 3, &lo, &hi), 0);
    assert_true(fabs(lo - -0.315801) < 1e-6);
    assert_true(fabs(hi - 0.717775) < 1e-6);
    for (int64_t n1 = 1; n1 <= 6; n1++)
        for (int64_t n0 = 1; n0 <= 6; n0++)
            for (int64_t k1 = 0; k1 <= n1; k1++)
                for (int64_t k0 = 0; k0 <= n0; k0++) {
                    double d = (double)k1 / (double)n1 - (double)k0 / (double)n0;
                    assert_int_equal(kith_ci_newcombe(k1, n1, k0, n0, &lo, &hi), 0);
                    assert_true(lo >= -1.0 && hi <= 1.0);
                    assert_true(lo <= d + 1e-12 && d <= hi + 1e-12);
                }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_newcombe_table2),
        cmocka_unit_test(test_wilson),
        cmocka_unit_test(test_small_groups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
