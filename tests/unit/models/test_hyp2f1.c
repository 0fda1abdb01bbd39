/* The Gauss hypergeometric function and the BG/NBD conditional
 * expectation against mpmath at 50 digits (values printed by
 * tests/reference/hyp2f1_ref.py and pasted below). Every way of
 * evaluating 2F1 that answers must agree; GSL must refuse the cases the
 * fallbacks exist for (else they would be untested). */
#include <math.h>
#include <string.h>

#include "kith/clv.h"
#include "models/models_int.h"
#include "testutil.h"

/* a, b, c, z, 2F1 (mpmath). */
static const double hyp_cases[][5] = {
    {1.98, -0.207, 27.2, 0.59, 0.99087852862529005454},
    {0.2426, 2.4258, 2.2187, 0.9218, 2.1059143806493567681},
    {1.9759, -0.2071, 2.2187, 0.9218, 0.66950538269167937567},
    {0.5, 2.5, 2.2, 0.99999, 5445.6345685064358942},
    {-0.778226, -0.855088, -0.547443, 0.864034, -0.10023328373759642273},
    {2.0, 3.0, 4.5, 0.0, 1.0},
    {30.0, 30.0, 59.2, 0.9999, 90674312168653414279.0},
    {300.0, 300.0, 599.2, 0.9999, 1.2710754287894818791e+180},
    {30.0, 33.4, 65.4, 0.9999, 61307160550307411.959},
    {30.0, 33.4, 65.4, 0.999999, 66992029163823979.168},
};

/* r, alpha, a, b, x, t_x, T, t, E[X(t) | x, t_x, T] (eq. 10 as printed). */
static const double expect_cases[][9] = {
    {0.2426, 4.4135, 0.7929, 2.4258, 26.0, 30.857142857142858, 31.0, 52.0,
     25.757634914545051838},
    {0.2426, 4.4135, 0.7929, 2.4258, 0.0, 0.0, 0.0, 52.0, 1.4440622219883761298},
    {0.2426, 4.4135, 0.7929, 2.4258, 500.0, 36.0, 38.0, 52.0, 8.8385201462601346881e-6},
    {0.5, 2.0, 1.7, 3.0, 4.0, 10.0, 20.0, 104.0, 1.2217767822707887826},
    {0.35, 3.1, 0.4, 0.3, 0.0, 0.0, 12.0, 52.0, 0.65532030636165628744},
    {0.35, 3.1, 0.4, 0.3, 2.0, 5.0, 12.0, 52.0, 2.3014778447417260829},
    {0.8, 0.01, 0.9, 2.0, 3.0, 1.0, 2.0, 520.0, 8.3598237516299053386},
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static void rel_close(double got, double want, double rel, const char *what, int i)
{
    if (!(fabs(got - want) <= rel * fabs(want)))
        fail_msg("%s case %d: got %.17g, want %.17g (relative %g)", what, i, got, want,
                 rel);
}

static void hyp2f1_values(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(hyp_cases); i++) {
        const double *c = hyp_cases[i];
        double v;
        kith_error err;
        kith_error_clear(&err);
        assert_int_equal(kith_hyp2f1(c[0], c[1], c[2], c[3], &v, &err), KITH_OK);
        /* Where GSL answers, to 1e-9; where it refuses, the fallbacks to
         * 1e-6 (the 1 - z transformation subtracts two large terms at
         * large parameters; the shifted average is O(h^2) off). */
        double dummy;
        int gsl_ok =
            c[3] > 0 && kith__hyp2f1_method(0, c[0], c[1], c[2], c[3], &dummy) == 0;
        rel_close(v, c[4], gsl_ok || c[3] == 0 ? 1e-9 : 1e-6, "2F1", (int)i);
        /* Every way that answers answers right. */
        for (int m = 0; m < 5; m++)
            if (c[3] > 0 && kith__hyp2f1_method(m, c[0], c[1], c[2], c[3], &v) == 0)
                rel_close(v, c[4], m == 0 ? 1e-9 : 1e-6, "method", (int)i * 10 + m);
    }
}

/* The fallbacks are reached: GSL refuses these (its series stops at
 * 30,000 terms), and a transformation or the series answers instead. */
static void gsl_refusals(void **state)
{
    (void)state;
    double v;
    /* Large parameters near z = 1: GSL refuses, the 1 - z
     * transformation answers. */
    assert_int_equal(kith__hyp2f1_method(0, 30, 30, 59.2, 0.9999, &v), -1);
    assert_int_equal(kith__hyp2f1_method(1, 30, 30, 59.2, 0.9999, &v), 0);
    assert_int_equal(kith__hyp2f1_method(0, 300, 300, 599.2, 0.9999, &v), -1);
    assert_int_equal(kith__hyp2f1_method(1, 300, 300, 599.2, 0.9999, &v), 0);
    /* c - a - b = 2, an integer: the 1 - z transformation does not apply
     * and Euler's leaves GSL as slow; the series answers. */
    assert_int_equal(kith__hyp2f1_method(0, 30, 33.4, 65.4, 0.9999, &v), -1);
    assert_int_equal(kith__hyp2f1_method(1, 30, 33.4, 65.4, 0.9999, &v), -1);
    assert_int_equal(kith__hyp2f1_method(2, 30, 33.4, 65.4, 0.9999, &v), -1);
    assert_int_equal(kith__hyp2f1_method(3, 30, 33.4, 65.4, 0.9999, &v), 0);
    /* Closer to 1 the series is too long too: c shifted either side. */
    assert_int_equal(kith__hyp2f1_method(3, 30, 33.4, 65.4, 0.999999, &v), -1);
    assert_int_equal(kith__hyp2f1_method(4, 30, 33.4, 65.4, 0.999999, &v), 0);
    /* Outside the domain: a clear error, no NaN. */
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_hyp2f1(1, 1, -2, 0.5, &v, &err), KITH_EINPUT);
    kith_error_clear(&err);
    assert_int_equal(kith_hyp2f1(1, 1, 3, 1, &v, &err), KITH_EINPUT);
    kith_error_clear(&err);
    assert_int_equal(kith_hyp2f1(1, NAN, 3, 0.5, &v, &err), KITH_EINPUT);
}

static void conditional_expectation(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(expect_cases); i++) {
        const double *c = expect_cases[i];
        kith_bgnbd_params p = {c[0], c[1], c[2], c[3], 0};
        double e;
        kith_error err;
        kith_error_clear(&err);
        assert_int_equal(kith_bgnbd_expected(&p, c[4], c[5], c[6], c[7], &e, &err),
                         KITH_OK);
        rel_close(e, c[8], 1e-8, "E[X]", (int)i);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hyp2f1_values),
        cmocka_unit_test(gsl_refusals),
        cmocka_unit_test(conditional_expectation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
