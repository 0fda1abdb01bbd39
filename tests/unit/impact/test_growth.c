/* The monthly growth series the Bass fit and the scenario rates read
 * (kith_metric_growth_series), on a fixture counted by hand: joins, members
 * alive at each month's end under a 60-day churn window, active members,
 * purchases after joining, and the lapse hazard's numerator and
 * denominator. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* churn_window 60 days; as_of 2025-07-01 (the day after the last
 * activity). Community activity: A posts Jan 5 and Feb 10; B Jan 20 and
 * May 3; C attends an event Mar 15; X posts Jun 30. C buys Jan 1 (before
 * joining: not counted), Mar 16 (10) and Apr 1 (20); D only buys.
 *
 * month:      Jan Feb Mar Apr May Jun
 * joined       2   0   1   0   0   1    (A B | C | X)
 * members      2   2   2   1   1   2    (alive at the month's end: last
 *                                        activity < 60 days before it)
 * active       2   1   1   0   1   1
 * at risk      2   2   2   1   1   1    (from joining to the last month)
 * lapsed       0   1   1   0   0   0    (A in Feb, C in Mar; B's May 3 is
 *                                        59 days before as_of: not yet)
 * purchases    0   0   1   1   0   0    (10, 20)
 * lapse seen   y   y   y   y   n   n    (month end + 60 days <= as_of) */
static void test_series(void **state)
{
    (void)state;
    char db[512], dir[256], p[512];
    int64_t org;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_dir_of(db, dir, sizeof dir);
    tu_file(dir, "a.csv",
            "type,occurred_at,email,value\n"
            "post,2025-01-05T10:00Z,a@x.org,\n"
            "post,2025-02-10T10:00Z,a@x.org,\n"
            "post,2025-01-20T10:00Z,b@x.org,\n"
            "post,2025-05-03T10:00Z,b@x.org,\n"
            "purchase,2025-01-01T10:00Z,c@x.org,5\n"
            "event_attend,2025-03-15T10:00Z,c@x.org,\n"
            "purchase,2025-03-16T10:00Z,c@x.org,10\n"
            "purchase,2025-04-01T10:00Z,c@x.org,20\n"
            "purchase,2025-02-01T10:00Z,d@x.org,99\n"
            "post,2025-06-30T10:00Z,x@x.org,\n",
            p, sizeof p);
    kith_import_result res;
    kith_error err;
    assert_int_equal(tu_import(st, org, "activities", p, NULL, &res, &err), KITH_OK);
    kith_error_clear(&err);
    assert_int_equal(kith_config_set(st, org, "churn_window", "60", &err), KITH_OK);
    kith_metrics *m = NULL;
    assert_int_equal(kith_metrics_open(st, org, NULL, &m, &err), KITH_OK);
    kith_growth_month *g = NULL;
    size_t n = 0;
    assert_int_equal(kith_metric_growth_series(m, "UTC", &g, &n, &err), KITH_OK);
    assert_int_equal(n, 6);
    static const int64_t joined[] = {2, 0, 1, 0, 0, 1}, members[] = {2, 2, 2, 1, 1, 2},
                         active[] = {2, 1, 1, 0, 1, 1}, at_risk[] = {2, 2, 2, 1, 1, 1},
                         lapsed[] = {0, 1, 1, 0, 0, 0}, purchases[] = {0, 0, 1, 1, 0, 0};
    static const double revenue[] = {0, 0, 10, 20, 0, 0};
    static const int seen[] = {1, 1, 1, 1, 0, 0};
    for (size_t k = 0; k < n; k++) {
        if (g[k].joined != joined[k] || g[k].members != members[k] ||
            g[k].active != active[k] || g[k].at_risk != at_risk[k] ||
            g[k].lapsed != lapsed[k] || g[k].purchases != purchases[k] ||
            g[k].revenue != revenue[k] || g[k].lapse_observed != seen[k])
            fail_msg(
                "month %zu: joined %lld members %lld active %lld risk %lld lapsed %lld "
                "purchases %lld revenue %g seen %d",
                k, (long long)g[k].joined, (long long)g[k].members,
                (long long)g[k].active, (long long)g[k].at_risk, (long long)g[k].lapsed,
                (long long)g[k].purchases, g[k].revenue, g[k].lapse_observed);
    }
    assert_true(g[0].from == 1735689600); /* 2025-01-01T00:00Z */
    assert_true(g[5].to == 1751328000);   /* 2025-07-01T00:00Z */
    free(g);
    kith_metrics_close(m);
    kith_store_close(st);
}

/* Money (docs/metrics.md): the org is in EUR with a CAD rate of 0.5 from
 * 2025-01-01 and no ZAR rate. A posts Jan 5 (joins) and buys after
 * joining: Jan 10 EUR 10, Jan 20 CAD 40 (= EUR 20), Feb 3 ZAR 500 (no
 * rate: a purchase with no amount), Feb 4 EUR 30; as_of 2025-03-01.
 *
 * month:      Jan  Feb
 * purchases    2    2
 * priced       2    1
 * left_out     0    1
 * revenue     30   30
 *
 * kith simulate's spend a purchase is then (30 + 30) / 3 priced = 20, not
 * 60 / 4 = 15 (the ZAR purchase counted as 0). */
static void test_money(void **state)
{
    (void)state;
    char db[512], dir[256];
    int64_t org;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_dir_of(db, dir, sizeof dir);
    tu_import_text(st, org, dir, "rates", "r.csv",
                   "date,currency,rate\n2025-01-01,CAD,0.5\n", NULL);
    tu_import_text(st, org, dir, "activities", "a.csv",
                   "type,occurred_at,email,value,currency\n"
                   "post,2025-01-05T10:00Z,a@x.org,,\n"
                   "purchase,2025-01-10T10:00Z,a@x.org,10,EUR\n"
                   "purchase,2025-01-20T10:00Z,a@x.org,40,CAD\n"
                   "purchase,2025-02-03T10:00Z,a@x.org,500,ZAR\n"
                   "purchase,2025-02-04T10:00Z,a@x.org,30,\n"
                   "post,2025-02-28T10:00Z,a@x.org,,\n",
                   NULL);
    kith_error err;
    kith_error_clear(&err);
    kith_metrics *m = NULL;
    kith_metrics_opts mo = {0};
    mo.as_of = 1740787200; /* 2025-03-01T00:00Z */
    assert_int_equal(kith_metrics_open(st, org, &mo, &m, &err), KITH_OK);
    kith_growth_month *g = NULL;
    size_t n = 0;
    assert_int_equal(kith_metric_growth_series(m, "UTC", &g, &n, &err), KITH_OK);
    assert_int_equal(n, 2);
    assert_int_equal(g[0].purchases, 2);
    assert_int_equal(g[0].priced, 2);
    assert_int_equal(g[0].left_out, 0);
    assert_true(g[0].revenue == 30);
    assert_int_equal(g[1].purchases, 2);
    assert_int_equal(g[1].priced, 1);
    assert_int_equal(g[1].left_out, 1);
    assert_true(g[1].revenue == 30);
    free(g);
    kith_metrics_close(m);

    kith_simulate_opts so = {0};
    so.given = 1;
    so.p = 0.01;
    so.q = 0.3;
    so.market = 100;
    so.has_churn = 1;
    so.as_of = mo.as_of;
    char *out = NULL;
    assert_int_equal(kith_simulate_json(st, org, &so, &out, &err), KITH_OK);
    json_t *j = json_loads(out, 0, NULL);
    assert_non_null(j);
    json_t *rates = json_object_get(j, "rates");
    assert_non_null(rates);
    assert_true(fabs(json_number_value(json_object_get(rates, "spend")) - 20) < 1e-9);
    const char *note = json_string_value(json_object_get(rates, "note"));
    assert_non_null(note);
    assert_non_null(strstr(note, "leaves out 1 purchase(s) in other currencies"));
    json_decref(j);
    free(out);
    kith_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_series),
                                       cmocka_unit_test(test_money)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
