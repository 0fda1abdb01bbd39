/* High-value customers at churn risk (docs/findings.md, high_value_churn):
 * the selection (top quintile of predicted CLV among the customers with
 * one, churn risk at least KITH_CHURN_HIGH_RISK) on customers written out
 * by hand, and the finding on a report model built by hand: its sentence,
 * numbers and page when it fires, the n/a CLV at stake when money could
 * not be converted, and no finding when no such customer is at risk. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findtest.h"
#include "testutil.h"

#include "kith/churn.h"
#include "report/findings_int.h"
#include "report/report_int.h"

/* Ten customers (index: CLV, risk; NAN = no CLV / not scored):
 *   0: 500, 0.70   1:  80, 0.90   2: 300, 0.50   3: n/a, 0.95
 *   4: 120, 0.20   5: 300, 0.49   6:  40, n/a    7:  60, 0.60
 *   8:  20, 0.10   9:  10, 0.80
 * Nine have a CLV; the top quintile is the ceil(9 / 5) = 2 highest:
 * sorted 500, 300, 300, 120, 80, 60, 40, 20, 10, the 2nd highest is 300,
 * so the top group is {0, 2, 5} (the tie at 300 is in). Risk at least
 * 0.5: 0 (0.70) and 2 (0.50 exactly) qualify, 5 (0.49) does not; 1, 7
 * and 9 are at risk but not in the top group; 3 has no CLV. Qualify:
 * {0, 2}; CLV at stake 500 + 300 = 800. */
static const double CLV[10] = {500, 80, 300, NAN, 120, 300, 40, 60, 20, 10};
static const double RISK[10] = {0.70, 0.90, 0.50, 0.95, 0.20,
                                0.49, NAN,  0.60, 0.10, 0.80};

static void test_select(void **state)
{
    (void)state;
    assert_true(KITH_CHURN_HIGH_RISK == 0.5);
    size_t out[10], n = 99;
    double thr = 0;
    assert_int_equal(kith__rep_high_value_at_risk(CLV, RISK, 10, out, &n, &thr), KITH_OK);
    assert_true(thr == 300);
    assert_int_equal(n, 2);
    assert_int_equal(out[0], 0);
    assert_int_equal(out[1], 2);
    assert_true(CLV[out[0]] + CLV[out[1]] == 800);

    /* Must not fire: the same customers with the top group's risks all
     * below 0.5 (0: 0.30, 2: 0.10, 5: 0.49): those at risk (1, 7, 9,
     * and 3 without a CLV) are not high-value. */
    double calm[10];
    memcpy(calm, RISK, sizeof calm);
    calm[0] = 0.30;
    calm[2] = 0.10;
    assert_int_equal(kith__rep_high_value_at_risk(CLV, calm, 10, out, &n, &thr), KITH_OK);
    assert_int_equal(n, 0);
    assert_true(thr == 300);

    /* Five customers: ceil(5 / 5) = 1, the top group is the highest alone
     * (40); at risk 0.99, it qualifies; 30 at 0.9 does not. */
    const double c5[5] = {10, 40, 30, 20, 5}, r5[5] = {0.9, 0.99, 0.9, 0.9, 0.9};
    assert_int_equal(kith__rep_high_value_at_risk(c5, r5, 5, out, &n, &thr), KITH_OK);
    assert_int_equal(n, 1);
    assert_int_equal(out[0], 1);
    assert_true(thr == 40);

    /* No customer with a CLV: nothing, threshold NAN. */
    const double none[2] = {NAN, NAN}, rr[2] = {0.9, 0.9};
    assert_int_equal(kith__rep_high_value_at_risk(none, rr, 2, out, &n, &thr), KITH_OK);
    assert_int_equal(n, 0);
    assert_true(isnan(thr));
}

/* ------------------------------------------------------------ the finding */

/* The churn section as sec_churn.c builds it for the ten customers above
 * (members 100 + index; Ann = 0, Cy = 2), count k of a top group of
 * top, CLV at stake (or n/a with why). */
static kith_report *churn_report(double k, int64_t top, const kith_value *stake, int rows)
{
    kith_report *rep = new_report();
    rep_section *s = kith__rep_section(rep, "churn", "Churn risk");
    kith__rep_metric(rep, s, "high_value_at_risk", "at risk", RU_COUNT,
                     kith_value_of(k, top));
    kith__rep_metric(rep, s, "high_value_clv_at_stake", "at stake", RU_MONEY, *stake);
    static const char *const cols[] = {"member_id|Member|count", "name|Name|text",
                                       "clv|Predicted CLV|money", "risk|Risk|ratio"};
    rep_table *t = kith__rep_table(rep, s, "churn_high_value", "t", 4, cols);
    static const char *const names[] = {"Ann", "Cy", "Di", "Ed"};
    static const double clv[] = {500, 300, 250, 200}, risk[] = {0.7, 0.5, 0.6, 0.9};
    for (int i = 0; i < rows; i++) {
        int r = kith__rep_row(rep, t);
        kith__rep_set_int(t, r, 0, 100 + i);
        kith__rep_set_text(rep, t, r, 1, names[i]);
        kith__rep_set_real(t, r, 2, clv[i]);
        kith__rep_set_real(t, r, 3, risk[i]);
    }
    kith__rep_build_findings(rep, NULL, NULL, 0, 0);
    assert_false(rep->oom);
    return rep;
}

/* The finding's sentence for the churn section of churn_report; with a
 * CLV at stake n/a, no number clv_at_stake. */
static void expect_text(double k, int64_t top, const kith_value *stake, int rows,
                        const char *want)
{
    kith_report *rep = churn_report(k, top, stake, rows);
    const rep_finding *f = find(rep, "high_value_churn");
    assert_non_null(f);
    assert_string_equal(f->text, want);
    double v;
    assert_int_equal(has_number(f, "clv_at_stake", &v), stake->ok);
    kith_report_free(rep);
}

static void test_finding(void **state)
{
    (void)state;
    /* The ten customers: 2 of a top group of 3, 800 GBP at stake. */
    kith_value stake = kith_value_of(800, 2);
    kith_report *rep = churn_report(2, 3, &stake, 2);
    const rep_finding *f = find(rep, "high_value_churn");
    assert_non_null(f);
    assert_int_equal(f->kind, RF_WATCH);
    assert_string_equal(f->text,
                        "2 of the 3 customers with the highest predicted CLV (the top "
                        "fifth) are at high risk of not buying again (800 GBP of "
                        "predicted CLV at stake): Ann, Cy");
    assert_string_equal(f->page, "#/customers");
    assert_string_equal(f->section, "churn");
    assert_true(number(f, "customers") == 2 && number(f, "top_quintile") == 3);
    assert_true(number(f, "clv_at_stake") == 800);
    assert_int_equal(f->nitems, 2);
    assert_string_equal(f->items[1], "Cy");
    assert_string_equal(f->tables[0], "churn_high_value");
    kith_report_free(rep);

    /* Four at risk: three named. Thousands: 1,250. One: "is". */
    stake = kith_value_of(1250.4, 4);
    expect_text(4, 9, &stake, 4,
                "4 of the 9 customers with the highest predicted CLV (the top fifth) are "
                "at high risk of not buying again (1,250 GBP of predicted CLV at stake): "
                "Ann, Cy, Di");
    stake = kith_value_of(500, 1);
    expect_text(1, 3, &stake, 1,
                "1 of the 3 customers with the highest predicted CLV (the top fifth) is "
                "at high risk of not buying again (500 GBP of predicted CLV at stake): "
                "Ann");
    /* Money not converted: the CLV at stake is n/a with the reason, the
     * rest stands, and there is no clv_at_stake number. */
    stake = kith_value_na("1 customer(s) have no predicted CLV (USD): the top "
                          "quintile leaves them out");
    expect_text(2, 3, &stake, 2,
                "2 of the 3 customers with the highest predicted CLV (the top fifth) are "
                "at high risk of not buying again (CLV at stake n/a: 1 customer(s) have "
                "no predicted CLV (USD): the top quintile leaves them out): Ann, Cy");
}

static void test_no_finding(void **state)
{
    (void)state;
    /* The calm customers above: none of the top group at risk. */
    kith_value stake = kith_value_of(0, 0);
    kith_report *rep = churn_report(0, 3, &stake, 0);
    assert_null(find(rep, "high_value_churn"));
    kith_report_free(rep);
    /* A model missing: the metrics are n/a, no finding. */
    rep = new_report();
    rep_section *s = kith__rep_section(rep, "churn", "Churn risk");
    kith__rep_metric(rep, s, "high_value_at_risk", "at risk", RU_COUNT,
                     kith_value_na("churn model not fitted: too few customers"));
    kith__rep_metric(rep, s, "high_value_clv_at_stake", "at stake", RU_MONEY,
                     kith_value_na("churn model not fitted: too few customers"));
    kith__rep_build_findings(rep, NULL, NULL, 0, 0);
    assert_null(find(rep, "high_value_churn"));
    kith_report_free(rep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_select),
        cmocka_unit_test(test_finding),
        cmocka_unit_test(test_no_finding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
