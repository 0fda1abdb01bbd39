/* The Bass model: the numerical projection (GSL odeiv2) against the
 * closed form m F(t) of Bass (1969) with no churn, churn lowering members
 * but not the closed form of adopters' pool, and the fit recovering p and
 * q (within 5%) and m from series simulated with known values and noise. */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>

#include "impact/impact_int.h"
#include "testutil.h"

/* With churn 0, A(t) = m F(t) at every month, to 1e-6 m (VALIDATION.md:
 * "A numerical simulation with no churn must match F(t) to 1e-6"). Several
 * (p, q, m) spanning slow and fast diffusion. */
static void test_ode_matches_closed_form(void **state)
{
    (void)state;
    static const kith_bass cases[] = {
        {0.03, 0.38, 1000, 0}, {0.001, 0.9, 50000, 0}, {0.2, 0.05, 10, 0}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const kith_bass *b = &cases[c];
        double A[121], M[121];
        kith_error err;
        kith_error_clear(&err);
        assert_int_equal(kith_bass_project(b, 0, 0, 120, A, M, &err), KITH_OK);
        double worst = 0;
        for (int k = 0; k <= 120; k++) {
            double exact = b->m * kith_bass_F(b->p, b->q, k);
            worst = fmax(worst, fabs(A[k] - exact));
            /* No churn: every adopter is still a member. */
            assert_true(fabs(M[k] - A[k]) <= 1e-6 * b->m);
        }
        assert_true(worst <= 1e-6 * b->m);
    }
    /* F at the peak time t* = ln(q/p)/(p+q) is (q - p) / (2q) (Bass 1969):
     * an independent check of the closed form itself. */
    double p = 0.03, q = 0.38, ts = log(q / p) / (p + q);
    assert_true(fabs(kith_bass_F(p, q, ts) - (q - p) / (2 * q)) < 1e-12);
}

/* Churn: members fall below adopters; with p = q tiny and churn c, and no
 * new adopters (market already reached), M decays as M0 e^(-ct). */
static void test_churn(void **state)
{
    (void)state;
    kith_bass b = {1e-9, 1e-9, 100, 0.05};
    double A[13], M[13];
    assert_int_equal(kith_bass_project(&b, 100, 80, 12, A, M, NULL), KITH_OK);
    for (int k = 0; k <= 12; k++) {
        assert_true(fabs(A[k] - 100) < 1e-6);
        assert_true(fabs(M[k] - 80 * exp(-0.05 * k)) < 1e-6);
    }
    b.churn = 0.02;
    b.p = 0.03;
    b.q = 0.38;
    b.m = 1000;
    double A2[25], M2[25];
    assert_int_equal(kith_bass_project(&b, 0, 0, 24, A2, M2, NULL), KITH_OK);
    for (int k = 1; k <= 24; k++) {
        assert_true(M2[k] < A2[k]);
        /* Word of mouth comes from members, so churn slows adoption. */
        assert_true(A2[k] < 1000 * kith_bass_F(0.03, 0.38, k) + 1e-9);
    }
}

static void test_refusals(void **state)
{
    (void)state;
    double A[3], M[3];
    kith_error err;
    kith_bass bad[] = {
        {0, 0.3, 100, 0}, {0.03, -1, 100, 0}, {0.03, 0.3, 0, 0}, {0.03, 0.3, 100, 1.5}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        kith_error_clear(&err);
        assert_int_equal(kith_bass_project(&bad[i], 0, 0, 2, A, M, &err), KITH_EINPUT);
    }
    kith_bass ok = {0.03, 0.3, 100, 0};
    kith_error_clear(&err);
    assert_int_equal(kith_bass_project(&ok, 0, 0, 0, A, M, &err), KITH_EINPUT);
    double few[] = {1, 2, 3};
    kith_bass_fit fit;
    kith_error_clear(&err);
    assert_int_equal(kith_bass_fit_series(few, 3, 0, 0, &fit, &err), KITH_ENODATA);
}

/* Monthly new adopters simulated from (p, q, m, churn) with Poisson noise
 * (a seeded GSL generator), then fitted back. */
static void simulate(const kith_bass *b, int n, unsigned long seed, double *y)
{
    double A[200], M[200];
    assert_int_equal(kith_bass_project(b, 0, 0, n, A, M, NULL), KITH_OK);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    for (int k = 0; k < n; k++)
        y[k] = (double)gsl_ran_poisson(r, A[k + 1] - A[k]);
    gsl_rng_free(r);
}

static void test_fit_recovers(void **state)
{
    (void)state;
    static const kith_bass cases[] = {
        {0.01, 0.4, 20000, 0}, {0.03, 0.25, 8000, 0}, {0.02, 0.35, 20000, 0.01}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        double y[36];
        simulate(&cases[c], 36, 42 + c, y);
        kith_bass_fit fit;
        kith_error err;
        kith_error_clear(&err);
        assert_int_equal(kith_bass_fit_series(y, 36, cases[c].churn, 0, &fit, &err),
                         KITH_OK);
        assert_true(fit.converged);
        double ep = fabs(fit.b.p / cases[c].p - 1), eq = fabs(fit.b.q / cases[c].q - 1),
               em = fabs(fit.b.m / cases[c].m - 1);
        print_message("case %zu: p %.5f (%.2f%%) q %.5f (%.2f%%) m %.1f (%.2f%%) r2 %.4f "
                      "iter %d\n",
                      c, fit.b.p, ep * 100, fit.b.q, eq * 100, fit.b.m, em * 100, fit.r2,
                      fit.iterations);
        assert_true(ep < 0.05);
        assert_true(eq < 0.05);
        assert_true(em < 0.05);
        assert_true(fit.r2 > 0.9);
        /* The standard errors say how far off the estimates may be. */
        assert_true(fit.se_p > 0 && fit.se_q > 0 && fit.se_m > 0);
    }
}

/* A series that has not peaked cannot tell m; with m given, p and q are
 * fitted alone and come back. */
static void test_fit_given_market(void **state)
{
    (void)state;
    kith_bass b = {0.005, 0.3, 100000, 0};
    double y[12];
    simulate(&b, 12, 7, y);
    kith_bass_fit fit;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_bass_fit_series(y, 12, 0, 100000, &fit, &err), KITH_OK);
    assert_true(fit.market_given);
    assert_true(fit.b.m == 100000);
    print_message("given m: p %.5f q %.5f\n", fit.b.p, fit.b.q);
    assert_true(fabs(fit.b.p / b.p - 1) < 0.05);
    assert_true(fabs(fit.b.q / b.q - 1) < 0.05);
    /* A market smaller than those who joined already is refused. */
    kith_error_clear(&err);
    assert_int_equal(kith_bass_fit_series(y, 12, 0, 10, &fit, &err), KITH_EINPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ode_matches_closed_form),
        cmocka_unit_test(test_churn),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_fit_recovers),
        cmocka_unit_test(test_fit_given_market),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
