/* Money keeps its currency (METRICS.md "Money"): every money figure on a
 * hand-built org in EUR with amounts in EUR, CAD, ZAR and USD
 * (tests/fixtures/metrics/money), first without any rate, then with the
 * rates of rates.csv (CAD changing over time, ZAR starting after one ZAR
 * purchase, none for USD). Each expected value is worked out below.
 * as_of = 2025-01-01, P = [2024-07-01, 2025-01-01), P-1 = [2023-12-30,
 * 2024-07-01), min_n = 1. Dates are 00:00 UTC (the org's zone).
 *
 * Amounts. Ann: p1 50 EUR (03-01), p2 30 blank = EUR (08-01), p3 100 CAD
 * (09-10, code SPRING). Bob: p4 20 CAD (04-01), p5 40 CAD (10-01; Fair by
 * last touch: event c1 of Fair on 09-25), r1 refund 10 CAD (10-05). Cat:
 * p6 200 ZAR (08-15, code FAIR), p7 60 EUR (11-01, code SPRING). Dan: p8
 * 80 EUR (09-01), r2 refund 5 EUR (09-20). Eve: p9 70 USD (12-01).
 * Donations: dn1 15 EUR (Ann 08-02), dn2 10 CAD (Bob 09-02), dn3 100 ZAR
 * (Cat 05-01, P-1). Supply: s1 300 EUR (Sup, local, 08-01), s2 100 CAD (Uno
 * 08-02), s3 50 CAD (Sup 08-03). v1: 4 volunteer hours with currency CAD
 * (hours are not money: ignored).
 *
 * Rates (to EUR): CAD 0.70 from 2024-01-01, 0.68 from 09-01, 0.66 from
 * 10-01; ZAR 0.05 from 08-20. So p4 s2 s3 at 0.70; p3 dn2 at 0.68; p5 r1
 * at 0.66 (p5 is at 00:00 on 10-01: in force); p6 and dn3 are dated before
 * the first ZAR rate; p9 has no USD rate.
 *
 * Without rates:
 *   revenue P: p2 30 + p7 60 + p8 80 = 170 (n 3); p3 p5 (CAD), p6 (ZAR),
 *   p9 (USD) left out. P-1: p1 50 (n 1), p4 left out.
 *   refunds P: r2 5, r1 left out. CLV: only Dan is whole (80 - 5 = 75);
 *   Ann (p3), Bob (p4 p5 r1), Cat (p6), Eve (p9) are left out: 4
 *   customers with 3 purchases and 1 refund in CAD, 1 purchase in ZAR,
 *   1 in USD. Donations P: 15 (dn2 left out); P-1: dn3 only, left out:
 *   n/a. Supplier spend P: 300 (s2 s3 left out), local share 300/300.
 *   Spring: p3 left out, p7 60: revenue 60, ROI (60 - 100)/100 = -0.4.
 *   Fair: p5 and p6 both left out: revenue 0, ROI n/a.
 * With rates:
 *   revenue P: 30 + 100*.68 + 40*.66 + 60 + 80 = 264.4 (n 5); p6 p9 out.
 *   P-1: 50 + 20*.70 = 64. refunds P: 10*.66 + 5 = 11.6.
 *   CLV: Ann 50+30+68 = 148, Bob 14+26.4-6.6 = 33.8, Dan 75; Cat (p6)
 *   and Eve (p9) left out. Sorted 33.8 75 148: mean 256.8/3 = 85.6,
 *   median 75, p80 at 1.6: 75 + .6*73 = 118.8, p95 at 1.9: 75 + .9*73 =
 *   140.7. Donations P: 15 + 6.8 = 21.8; P-1 still n/a (dn3 before the
 *   first ZAR rate). Supplier spend P: 300 + 70 + 35 = 405; local (300 +
 *   35) / 405. Spring: 68 + 60 = 128, ROI 0.28. Fair: p5 26.4, p6 out:
 *   ROI (26.4 - 50)/50 = -0.472.
 * Revenue change P - P-1 (customers as units, those with an amount left
 * out are left out): without rates only Dan (80 - 0) is whole: n/a (one
 * customer). With rates: Ann 98 - 50 = 48, Bob 26.4 - 14 = 12.4, Dan 80;
 * Cat and Eve left out. Sum 140.4; mean 46.8, squared deviations 1.44 +
 * 1183.36 + 1102.24 = 2287.04, s^2 1143.52, se = sqrt(3 s^2) =
 * 58.57098257669919, interval 140.4 -/+ 1.96 se.
 * Either way a left-out purchase is still a purchase: repeat rate in P
 * (Ann 2, Bob 1, Cat 2, Dan 1, Eve 1) = 2/5; CRR (S = Ann, Bob) = 1;
 * customers at as_of 5, none churned. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static kith_store *st;
static kith_metrics *m;
static kith_window P, Q;

#define CLOSE(a, b) assert_true(tu_close_to((a), (b)))
#define VAL(expr, x, nn)                                                                 \
    do {                                                                                 \
        kith_value v_ = (expr);                                                          \
        if (!v_.ok)                                                                      \
            fprintf(stderr, "n/a: %s\n", v_.why);                                        \
        assert_true(v_.ok);                                                              \
        CLOSE(v_.v, (x));                                                                \
        assert_int_equal(v_.n, (nn));                                                    \
    } while (0)

static void import(int64_t org, const char *format, const char *name)
{
    char rel[128], path[512];
    snprintf(rel, sizeof rel, "metrics/money/%s", name);
    tu_fixture(rel, path, sizeof path);
    kith_import_result res;
    kith_error err;
    if (tu_import(st, org, format, path, NULL, &res, &err) != KITH_OK)
        fprintf(stderr, "%s: %s\n", err.where, err.msg);
    assert_int_equal(err.code, KITH_OK);
}

static int open_org(int rates)
{
    char db[512];
    int64_t org;
    st = tu_store_new(db, sizeof db, &org);
    import(org, "initiatives", "initiatives.csv");
    import(org, "members", "members.csv");
    import(org, "activities", "activities.csv");
    if (rates)
        import(org, "rates", "rates.csv");
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_config_set(st, org, "min_n", "1", &err), KITH_OK);
    kith_metrics_opts mo;
    memset(&mo, 0, sizeof mo);
    mo.as_of = tu_time("2025-01-01");
    assert_int_equal(kith_metrics_open(st, org, &mo, &m, &err), KITH_OK);
    P.from = tu_time("2024-07-01");
    P.to = tu_time("2025-01-01");
    Q = kith_window_prev(P);
    return 0;
}

static int setup_plain(void **state)
{
    (void)state;
    return open_org(0);
}

static int setup_rates(void **state)
{
    (void)state;
    return open_org(1);
}

static int teardown(void **state)
{
    (void)state;
    kith_metrics_close(m);
    kith_store_close(st);
    return 0;
}

static const char *const SEE = "; see `kith import rates`";

static void note_is(const char *got, const char *want)
{
    if (strcmp(got, want) != 0)
        fprintf(stderr, "note: %s\nwant: %s\n", got, want);
    assert_string_equal(got, want);
}

static void expect(const char *got, const char *out, const char *conv)
{
    char want[512];
    snprintf(want, sizeof want, "%s%s%s%s%s", out, *out ? SEE : "",
             *out && *conv ? "; " : "", *conv ? "includes " : "", conv);
    note_is(got, want);
}

/* ------------------------------------------------------------ purchases count */

static void check_counts(void)
{
    VAL(kith_metric_repeat_purchase_rate(m, P, -1), 0.4, 5);
    VAL(kith_metric_crr(m, P, -1), 1.0, 2);
    VAL(kith_metric_churned_customers(m, P.to, -1), 0, 5);
    /* Volunteer hours are not money: the currency on v1 is ignored. */
    VAL(kith_metric_volunteer_hours(m, P), 4, 1);
    assert_string_equal(kith_metric_volunteer_hours(m, P).note, "");
    assert_string_equal(kith_metrics_currency(m), "EUR");
}

/* ------------------------------------------------------------ no rates */

static void test_plain_revenue(void **state)
{
    (void)state;
    kith_value r = kith_metric_revenue(m, P, -1);
    VAL(r, 170, 3);
    expect(r.note,
           "2 purchases in CAD, 1 purchase in ZAR and 1 purchase in USD are not "
           "included: no CAD, ZAR or USD rate",
           "");
    kith_value q = kith_metric_revenue(m, Q, -1);
    VAL(q, 50, 1);
    /* The issue's own wording, for one currency. */
    note_is(q.note, "1 purchase in CAD is not included: no CAD rate; see "
                    "`kith import rates`");
    kith_value f = kith_metric_refunds(m, P, -1);
    VAL(f, 5, 1);
    expect(f.note, "1 refund in CAD is not included: no CAD rate", "");
    check_counts();
}

static void test_plain_revenue_change(void **state)
{
    (void)state;
    kith_value c = kith_metric_revenue_change(m, P, Q, -1);
    assert_false(c.ok);
    assert_string_equal(c.why, "only one customer purchased in the two periods");
    expect(c.note,
           "4 customers with 3 purchases in CAD, 1 purchase in ZAR and 1 purchase in USD "
           "are not included: no CAD, ZAR or USD rate",
           "");
}

static void test_plain_clv(void **state)
{
    (void)state;
    kith_clv_stats c = kith_metric_clv_historical(m, P.to, -1);
    VAL(c.mean, 75, 1);
    VAL(c.median, 75, 1);
    VAL(c.p80, 75, 1);
    VAL(c.p95, 75, 1);
    const char *want = "4 customers with 3 purchases and 1 refund in CAD, 1 purchase in "
                       "ZAR and 1 purchase in USD are not included: no CAD, ZAR or USD "
                       "rate";
    expect(c.mean.note, want, "");
    expect(c.p95.note, want, "");
}

static void test_plain_other(void **state)
{
    (void)state;
    kith_value d = kith_metric_donations(m, P);
    VAL(d, 15, 1);
    expect(d.note, "1 donation in CAD is not included: no CAD rate", "");
    /* P-1: dn3 was the only donation: n/a, and why. */
    kith_value dq = kith_metric_donations(m, Q);
    assert_false(dq.ok);
    assert_string_equal(dq.why, "no donations in EUR or with a rate in force in the "
                                "period");
    expect(dq.note, "1 donation in ZAR is not included: no ZAR rate", "");
    kith_value s = kith_metric_supplier_spend(m, P);
    VAL(s, 300, 1);
    expect(s.note, "2 supplier payments in CAD are not included: no CAD rate", "");
    kith_value l = kith_metric_local_supplier_share(m, P);
    VAL(l, 1.0, 1);
    expect(l.note, "2 supplier payments in CAD are not included: no CAD rate", "");
}

static void test_plain_initiatives(void **state)
{
    (void)state;
    kith_initiative_result *r = NULL;
    size_t n = 0;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_metric_initiatives(m, P, &r, &n, &err), KITH_OK);
    assert_int_equal(n, 2);
    assert_string_equal(r[0].name, "Spring");
    CLOSE(r[0].revenue, 60);
    CLOSE(r[0].revenue_period, 60);
    assert_int_equal(r[0].purchases, 2);
    assert_int_equal(r[0].left_out, 1);
    VAL(r[0].roi, -0.4, 1);
    expect(r[0].note, "1 purchase in CAD is not included: no CAD rate", "");
    expect(r[0].roi.note, "1 purchase in CAD is not included: no CAD rate", "");
    assert_string_equal(r[1].name, "Fair");
    CLOSE(r[1].revenue, 0);
    assert_int_equal(r[1].purchases, 2);
    assert_int_equal(r[1].left_out, 2);
    assert_false(r[1].roi.ok);
    assert_string_equal(r[1].roi.why,
                        "no attributed purchase in EUR or with a rate in force");
    expect(r[1].note,
           "1 purchase in CAD and 1 purchase in ZAR are not included: no CAD or ZAR "
           "rate",
           "");
    /* Cost per acquired customer takes no amount: none acquired. */
    assert_false(r[1].cost_per_acquired.ok);
    free(r);
    char note[256];
    kith_metric_initiatives_note(m, P, note, sizeof note);
    expect(note,
           "2 purchases in CAD and 1 purchase in ZAR are not included: no CAD or ZAR "
           "rate",
           "");
}

static void test_plain_currencies(void **state)
{
    (void)state;
    kith_currency_use *u = NULL;
    size_t n = 0;
    kith_error err;
    kith_error_clear(&err);
    kith_window all = {INT64_MIN, P.to};
    assert_int_equal(kith_metric_currencies(m, all, &u, &n, &err), KITH_OK);
    assert_int_equal(n, 3);
    /* CAD: p3 p4 p5 r1 dn2 s2 s3. */
    assert_string_equal(u[0].currency, "CAD");
    assert_int_equal(u[0].amounts, 7);
    assert_int_equal(u[0].left_out, 7);
    assert_int_equal(u[0].converted, 0);
    assert_string_equal(u[0].reason, "no CAD rate");
    assert_string_equal(u[1].currency, "USD");
    assert_int_equal(u[1].amounts, 1);
    assert_string_equal(u[2].currency, "ZAR");
    assert_int_equal(u[2].amounts, 2);
    assert_int_equal(u[2].rates, 0);
    free(u);
    kith_rate_use *r = NULL;
    assert_int_equal(kith_metric_rates_used(m, all, &r, &n, &err), KITH_OK);
    assert_int_equal(n, 0);
    assert_null(r);
}

/* ------------------------------------------------------------ with rates */

static const char *const CONV_OUT = "1 purchase in ZAR and 1 purchase in USD are not "
                                    "included: no USD rate, dated before the first ZAR "
                                    "rate (2024-08-20)";

static void test_rates_revenue(void **state)
{
    (void)state;
    kith_value r = kith_metric_revenue(m, P, -1);
    VAL(r, 264.4, 5);
    expect(r.note, CONV_OUT,
           "2 purchases in CAD converted to EUR with the imported rates");
    kith_value q = kith_metric_revenue(m, Q, -1);
    VAL(q, 64, 2);
    expect(q.note, "", "1 purchase in CAD converted to EUR with the imported rates");
    kith_value f = kith_metric_refunds(m, P, -1);
    VAL(f, 11.6, 2);
    expect(f.note, "", "1 refund in CAD converted to EUR with the imported rates");
    check_counts();
}

static void test_rates_revenue_change(void **state)
{
    (void)state;
    kith_value c = kith_metric_revenue_change(m, P, Q, -1);
    VAL(c, 140.4, 3);
    assert_true(c.has_ci);
    CLOSE(c.lo, 140.4 - 1.96 * 58.57098257669919);
    CLOSE(c.hi, 140.4 + 1.96 * 58.57098257669919);
    expect(c.note,
           "2 customers with 1 purchase in ZAR and 1 purchase in USD are not included: "
           "no USD rate, dated before the first ZAR rate (2024-08-20)",
           "3 purchases in CAD converted to EUR with the imported rates");
}

static void test_rates_clv(void **state)
{
    (void)state;
    kith_clv_stats c = kith_metric_clv_historical(m, P.to, -1);
    VAL(c.mean, 85.6, 3);
    VAL(c.median, 75, 3);
    VAL(c.p80, 118.8, 3);
    VAL(c.p95, 140.7, 3);
    expect(c.median.note,
           "2 customers with 1 purchase in ZAR and 1 purchase in USD are not included: "
           "no USD rate, dated before the first ZAR rate (2024-08-20)",
           "3 purchases and 1 refund in CAD converted to EUR with the imported rates");
}

static void test_rates_other(void **state)
{
    (void)state;
    kith_value d = kith_metric_donations(m, P);
    VAL(d, 21.8, 2);
    expect(d.note, "", "1 donation in CAD converted to EUR with the imported rates");
    kith_value dq = kith_metric_donations(m, Q);
    assert_false(dq.ok);
    expect(dq.note,
           "1 donation in ZAR is not included: dated before the first ZAR rate "
           "(2024-08-20)",
           "");
    kith_value s = kith_metric_supplier_spend(m, P);
    VAL(s, 405, 3);
    expect(s.note, "",
           "2 supplier payments in CAD converted to EUR with the imported rates");
    VAL(kith_metric_local_supplier_share(m, P), 335.0 / 405.0, 3);
}

static void test_rates_initiatives(void **state)
{
    (void)state;
    kith_initiative_result *r = NULL;
    size_t n = 0;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_metric_initiatives(m, P, &r, &n, &err), KITH_OK);
    assert_int_equal(n, 2);
    CLOSE(r[0].revenue, 128);
    CLOSE(r[0].revenue_period, 128);
    assert_int_equal(r[0].left_out, 0);
    VAL(r[0].roi, 0.28, 2);
    expect(r[0].note, "", "1 purchase in CAD converted to EUR with the imported rates");
    CLOSE(r[1].revenue, 26.4);
    assert_int_equal(r[1].purchases, 2);
    assert_int_equal(r[1].left_out, 1);
    VAL(r[1].roi, -0.472, 1);
    expect(r[1].note,
           "1 purchase in ZAR is not included: dated before the first ZAR rate "
           "(2024-08-20)",
           "1 purchase in CAD converted to EUR with the imported rates");
    free(r);
}

static void test_rates_currencies(void **state)
{
    (void)state;
    kith_currency_use *u = NULL;
    size_t n = 0;
    kith_error err;
    kith_error_clear(&err);
    kith_window all = {INT64_MIN, P.to};
    assert_int_equal(kith_metric_currencies(m, all, &u, &n, &err), KITH_OK);
    assert_int_equal(n, 3);
    assert_string_equal(u[0].currency, "CAD");
    assert_int_equal(u[0].amounts, 7);
    assert_int_equal(u[0].converted, 7);
    assert_int_equal(u[0].left_out, 0);
    /* 100+20+40+10+10+100+50 recorded; 68+14+26.4+6.6+6.8+70+35 in EUR. */
    CLOSE(u[0].recorded, 330);
    CLOSE(u[0].value, 226.8);
    assert_int_equal(u[0].rates, 3);
    assert_int_equal(u[0].rates_used, 3);
    assert_true(u[0].first_rate == tu_time("2024-01-01"));
    assert_true(u[0].last_rate == tu_time("2024-10-01"));
    assert_string_equal(u[0].reason, "");
    assert_string_equal(u[1].currency, "USD");
    assert_string_equal(u[1].reason, "no USD rate");
    assert_string_equal(u[2].currency, "ZAR");
    assert_int_equal(u[2].amounts, 2);
    assert_int_equal(u[2].left_out, 2);
    assert_int_equal(u[2].rates, 1);
    assert_int_equal(u[2].rates_used, 0);
    assert_string_equal(u[2].reason, "dated before the first ZAR rate (2024-08-20)");
    free(u);
    /* Only in P: CAD p3 p5 r1 dn2 s2 s3, ZAR p6, USD p9. */
    assert_int_equal(kith_metric_currencies(m, P, &u, &n, &err), KITH_OK);
    assert_int_equal(u[0].amounts, 6);
    assert_int_equal(u[2].amounts, 1);
    free(u);
    kith_rate_use *r = NULL;
    assert_int_equal(kith_metric_rates_used(m, all, &r, &n, &err), KITH_OK);
    assert_int_equal(n, 3);
    const double rate[3] = {0.70, 0.68, 0.66};
    const char *from[3] = {"2024-01-01", "2024-09-01", "2024-10-01"};
    const int64_t uses[3] = {3, 2, 2}; /* p4 s2 s3; p3 dn2; p5 r1 */
    for (int i = 0; i < 3; i++) {
        assert_string_equal(r[i].currency, "CAD");
        CLOSE(r[i].rate, rate[i]);
        assert_true(r[i].from == tu_time(from[i]));
        assert_int_equal(r[i].amounts, uses[i]);
    }
    free(r);
}

/* Rates for 300 currencies (more than the snapshot keeps in an
 * activity's byte): amounts in the 290th and in one without a rate are
 * still converted or left out correctly. Codes AAA, AAB, ...: the 290th
 * (index 289 = 11 * 26 + 3) is ALD, rate (289 + 1) / 100 = 2.90; ZZZ has
 * none. */
static void test_many_currencies(void **state)
{
    (void)state;
    char db[512], dir[512], p[600];
    int64_t org;
    kith_store *s2 = tu_store_new(db, sizeof db, &org);
    snprintf(dir, sizeof dir, "%s", db);
    *strrchr(dir, '/') = '\0';
    size_t cap = 300 * 32 + 64, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)snprintf(text + len, cap - len, "date,currency,rate\n");
    for (int i = 0; i < 300; i++)
        len += (size_t)snprintf(text + len, cap - len, "2024-01-01,A%c%c,%d.%02d\n",
                                'A' + i / 26, 'A' + i % 26, (i + 1) / 100, (i + 1) % 100);
    tu_file(dir, "rates.csv", text, p, sizeof p);
    free(text);
    kith_import_result res;
    kith_error err;
    assert_int_equal(tu_import(s2, org, "rates", p, NULL, &res, &err), KITH_OK);
    assert_int_equal(res.rows_imported, 300);
    tu_file(dir, "a.csv",
            "id,type,occurred_at,email,value,currency\n"
            "1,purchase,2024-06-01,a@x.org,10,ALD\n"
            "2,purchase,2024-06-02,a@x.org,10,ZZZ\n"
            "3,purchase,2024-06-03,a@x.org,10,EUR\n",
            p, sizeof p);
    assert_int_equal(tu_import(s2, org, "activities", p, NULL, &res, &err), KITH_OK);
    kith_metrics_opts mo;
    memset(&mo, 0, sizeof mo);
    mo.as_of = tu_time("2025-01-01");
    kith_metrics *m2 = NULL;
    assert_int_equal(kith_metrics_open(s2, org, &mo, &m2, &err), KITH_OK);
    kith_window w = {tu_time("2024-01-01"), tu_time("2025-01-01")};
    kith_value r = kith_metric_revenue(m2, w, -1);
    /* 10 x 2.90 + 10 (EUR); ZZZ left out. */
    VAL(r, 39, 2);
    expect(r.note, "1 purchase in ZZZ is not included: no ZZZ rate",
           "1 purchase in ALD converted to EUR with the imported rates");
    kith_metrics_close(m2);
    kith_store_close(s2);
}

int main(void)
{
    const struct CMUnitTest plain[] = {
        cmocka_unit_test(test_plain_revenue),
        cmocka_unit_test(test_plain_revenue_change),
        cmocka_unit_test(test_plain_clv),
        cmocka_unit_test(test_plain_other),
        cmocka_unit_test(test_plain_initiatives),
        cmocka_unit_test(test_plain_currencies),
        cmocka_unit_test(test_many_currencies),
    };
    const struct CMUnitTest rated[] = {
        cmocka_unit_test(test_rates_revenue),
        cmocka_unit_test(test_rates_revenue_change),
        cmocka_unit_test(test_rates_clv),
        cmocka_unit_test(test_rates_other),
        cmocka_unit_test(test_rates_initiatives),
        cmocka_unit_test(test_rates_currencies),
    };
    int fails = cmocka_run_group_tests_name("no rates", plain, setup_plain, teardown);
    fails += cmocka_run_group_tests_name("with rates", rated, setup_rates, teardown);
    return fails;
}
