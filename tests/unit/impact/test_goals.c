/* SMART goals: the least-squares trend and its interval against a case
 * worked by hand, the refusals (unknown metric or segment, a deadline in
 * the past, a target of the wrong unit), and the status of goals on a
 * fixture whose monthly values are counted by hand. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "impact/impact_int.h"
#include "testutil.h"

/* y on x for (1,1) (2,3) (3,2) (4,4): x mean 2.5, y mean 2.5, Sxy = 4,
 * Sxx = 5, slope 0.8, intercept 0.5. At x0 = 6: 5.3. Residuals -0.3, 0.9,
 * -0.9, 0.3: SSE 1.8, s^2 = 1.8 / 2 = 0.9. Var of the line at 6 = 0.9 x
 * (1/4 + (6 - 2.5)^2 / 5) = 2.43, se 1.558846; t(0.975, 2 df) = 4.302653
 * (tables): 5.3 -+ 6.707164. */
static void test_trend_by_hand(void **state)
{
    (void)state;
    double x[] = {1, 2, 3, 4}, y[] = {1, 3, 2, 4}, c0, c1, yhat, lo, hi;
    assert_int_equal(kith__goal_trend(x, y, 4, 6, &c0, &c1, &yhat, &lo, &hi), 0);
    assert_true(fabs(c1 - 0.8) < 1e-12);
    assert_true(fabs(c0 - 0.5) < 1e-12);
    assert_true(fabs(yhat - 5.3) < 1e-12);
    assert_true(fabs(hi - yhat - 4.302653 * sqrt(2.43)) < 1e-5);
    assert_true(fabs(yhat - lo - 4.302653 * sqrt(2.43)) < 1e-5);
    /* Fewer than 3 points: no trend (no degrees of freedom left). */
    assert_int_equal(kith__goal_trend(x, y, 2, 6, &c0, &c1, &yhat, &lo, &hi), -1);
}

typedef struct fx {
    kith_store *st;
    int64_t org;
    char db[512], dir[256];
} fx;

/* Members m0..m11; member j posts once in every month from the j-th month
 * of 2024-07 .. 2025-06 on, so month i (0-based) has i active members
 * (0 in July 2024, 11 in June 2025). Two customers buy in March and April
 * 2025. as_of is then 2025-07-01 (the day after the last post). */
static void setup(fx *f)
{
    f->st = tu_store_new(f->db, sizeof f->db, &f->org);
    tu_dir_of(f->db, f->dir, sizeof f->dir);
    char *csv = malloc(65536), p[512];
    size_t o = (size_t)snprintf(csv, 65536, "type,occurred_at,email,value\n");
    for (int j = 1; j <= 11; j++)
        for (int i = j; i <= 11; i++) {
            int y = i < 6 ? 2024 : 2025, m = i < 6 ? 7 + i : i - 5;
            o += (size_t)snprintf(csv + o, 65536 - o,
                                  "post,%04d-%02d-10T12:00Z,m%d@x.org,\n", y, m, j);
        }
    o += (size_t)snprintf(csv + o, 65536 - o,
                          "purchase,2025-03-03T10:00Z,c1@x.org,10\n"
                          "purchase,2025-04-03T10:00Z,c2@x.org,20\n"
                          "post,2025-06-30T12:00Z,m1@x.org,\n");
    tu_file(f->dir, "a.csv", csv, p, sizeof p);
    free(csv);
    kith_import_result res;
    kith_error err;
    assert_int_equal(tu_import(f->st, f->org, "activities", p, NULL, &res, &err),
                     KITH_OK);
}

#define NOW 1751500000 /* 2025-07-02: after the data */

static kith_code add(fx *f, const char *metric, const char *segment, const char *target,
                     const char *by, int64_t now, kith_error *err)
{
    kith_goal_text t = {metric, segment, target, by, "Ada"};
    kith_error_clear(err);
    return kith_goal_add(f->st, f->org, &t, now, NULL, err);
}

static void test_refusals(void **state)
{
    (void)state;
    fx f;
    setup(&f);
    kith_error err;
    assert_int_equal(add(&f, "happiness", NULL, "5", "2026-01-01", NOW, &err),
                     KITH_EINPUT);
    assert_non_null(strstr(err.msg, "unknown metric"));
    assert_int_equal(add(&f, "active_members", NULL, "50", "2025-01-01", NOW, &err),
                     KITH_EINPUT);
    assert_non_null(strstr(err.msg, "in the past"));
    assert_int_equal(add(&f, "active_members", NULL, "50", "soon", NOW, &err),
                     KITH_EINPUT);
    /* Units. */
    assert_int_equal(add(&f, "active_members", NULL, "50%", "2026-01-01", NOW, &err),
                     KITH_EINPUT);
    assert_non_null(strstr(err.msg, "is a count, not a percentage"));
    assert_int_equal(add(&f, "active_members", NULL, "12.5", "2026-01-01", NOW, &err),
                     KITH_EINPUT);
    assert_int_equal(add(&f, "crr", NULL, "150", "2026-01-01", NOW, &err), KITH_EINPUT);
    assert_non_null(strstr(err.msg, "is a share"));
    assert_int_equal(add(&f, "crr", NULL, "120%", "2026-01-01", NOW, &err), KITH_EINPUT);
    assert_int_equal(add(&f, "revenue", NULL, "100 USD", "2026-01-01", NOW, &err),
                     KITH_EINPUT);
    assert_non_null(strstr(err.msg, "org currency EUR, not USD"));
    assert_int_equal(add(&f, "active_members", NULL, "100 EUR", "2026-01-01", NOW, &err),
                     KITH_EINPUT);
    assert_int_equal(add(&f, "nps", NULL, "101", "2026-01-01", NOW, &err), KITH_EINPUT);
    assert_int_equal(add(&f, "volunteer_hours", NULL, "-3h", "2026-01-01", NOW, &err),
                     KITH_EINPUT);
    /* Segments. */
    assert_int_equal(add(&f, "donations", "kind=customer", "5", "2026-01-01", NOW, &err),
                     KITH_EINPUT);
    assert_int_equal(
        add(&f, "active_members", "kind=aliens", "5", "2026-01-01", NOW, &err),
        KITH_EINPUT);
    assert_non_null(strstr(err.msg, "no segment 'aliens'"));
    assert_int_equal(
        add(&f, "active_members", "colour=red", "5", "2026-01-01", NOW, &err),
        KITH_EINPUT);
    assert_int_equal(add(&f, "active_members", "customer", "5", "2026-01-01", NOW, &err),
                     KITH_EINPUT);
    assert_int_equal(tu_sql_int(f.db, "SELECT count(*) FROM goal"), 0);
    /* Accepted forms. */
    assert_int_equal(add(&f, "crr", NULL, "60%", "2026-01-01", NOW, &err), KITH_OK);
    assert_int_equal(add(&f, "crr", NULL, "0.6", "2026-01-01", NOW, &err), KITH_OK);
    assert_int_equal(add(&f, "revenue", NULL, "EUR 1000", "2026-01-01", NOW, &err),
                     KITH_OK);
    assert_int_equal(add(&f, "volunteer_hours", NULL, "40 h", "2026-01-01", NOW, &err),
                     KITH_OK);
    assert_int_equal(
        add(&f, "active_members", "level=champion", "3", "2026-01-01", NOW, &err),
        KITH_OK);
    assert_int_equal(tu_sql_int(f.db, "SELECT count(*) FROM goal WHERE target=0.6"), 2);
    char *seg = tu_sql_text(f.db, "SELECT segment FROM goal WHERE segment IS NOT NULL");
    assert_string_equal(seg, "level=4 champion");
    free(seg);
    /* A goal added or removed counts in the revision (kith serve's cache
     * follows it); one refused or not found does not. */
    int rev = tu_sql_int(f.db, "SELECT n FROM revision");
    assert_int_equal(add(&f, "nps", NULL, "50", "2026-01-01", NOW, &err), KITH_OK);
    assert_int_equal(tu_sql_int(f.db, "SELECT n FROM revision"), rev + 1);
    kith_error_clear(&err);
    assert_int_equal(add(&f, "nps", NULL, "50%", "2026-01-01", NOW, &err), KITH_EINPUT);
    assert_int_equal(tu_sql_int(f.db, "SELECT n FROM revision"), rev + 1);
    assert_int_equal(kith_goal_remove(f.st, f.org, 1, &err), KITH_OK);
    assert_int_equal(tu_sql_int(f.db, "SELECT n FROM revision"), rev + 2);
    kith_error_clear(&err);
    assert_int_equal(kith_goal_remove(f.st, f.org, 1, &err), KITH_ENOTFOUND);
    assert_int_equal(tu_sql_int(f.db, "SELECT n FROM revision"), rev + 2);
    kith_store_close(f.st);
}

static json_t *goal_list(fx *f)
{
    char *text = NULL;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_goals_json(f->st, f->org, NULL, &text, &err), KITH_OK);
    json_t *root = json_loads(text, 0, NULL);
    free(text);
    assert_non_null(root);
    return root;
}

static json_t *goal(json_t *root, int64_t id)
{
    size_t i;
    json_t *g;
    json_array_foreach (json_object_get(root, "goals"), i, g)
        if (json_integer_value(json_object_get(g, "id")) == id)
            return g;
    fail_msg("no goal %lld", (long long)id);
    return NULL;
}

static const char *status(json_t *g)
{
    return json_string_value(json_object_get(g, "status"));
}

/* Active members rise by one a month: 0 .. 11 over the 12 months. The
 * trend over 12 points is close to one a month; by the end of 2025 (six
 * months on) it reaches about 17. */
static void test_status(void **state)
{
    (void)state;
    fx f;
    setup(&f);
    kith_error err;
    assert_int_equal(add(&f, "active_members", NULL, "15", "2025-12-31", NOW, &err),
                     KITH_OK);
    assert_int_equal(add(&f, "active_members", NULL, "40", "2025-12-31", NOW, &err),
                     KITH_OK);
    assert_int_equal(add(&f, "active_members", NULL, "10", "2025-12-31", NOW, &err),
                     KITH_OK);
    assert_int_equal(add(&f, "nps", NULL, "30", "2025-12-31", NOW, &err), KITH_OK);
    /* Set in 2024 with a deadline before the end of the data. */
    assert_int_equal(add(&f, "active_members", NULL, "8", "2025-03-01", 1704067200, &err),
                     KITH_OK);
    /* Community churn is better lower. */
    assert_int_equal(add(&f, "community_churn", NULL, "50%", "2025-12-31", NOW, &err),
                     KITH_OK);
    /* By segment: the posters hold no kind, so the same months as goal 1. */
    assert_int_equal(
        add(&f, "active_members", "kind=(no kind)", "15", "2025-12-31", NOW, &err),
        KITH_OK);
    json_t *root = goal_list(&f);
    json_t *g = goal(root, 1);
    json_t *months = json_object_get(g, "months");
    assert_int_equal(json_array_size(months), 12);
    for (size_t i = 0; i < 12; i++)
        assert_true(json_number_value(json_object_get(json_array_get(months, i),
                                                      "value")) == (double)i);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(months, 0), "month")),
        "2024-07");
    assert_true(json_number_value(json_object_get(g, "current")) == 11);
    /* Created after the data: the baseline is the latest month, so no
     * progress yet. */
    assert_true(json_number_value(json_object_get(g, "baseline")) == 11);
    json_t *t = json_object_get(g, "trend");
    double proj = json_number_value(json_object_get(t, "projected"));
    double lo = json_number_value(json_object_get(t, "low"));
    double hi = json_number_value(json_object_get(t, "high"));
    assert_true(fabs(json_number_value(json_object_get(t, "slope_per_month")) - 1) <
                0.02);
    assert_true(proj > 16 && proj < 18);
    assert_true(lo < proj && proj < hi);
    assert_string_equal(status(g), "on track");
    assert_string_equal(status(goal(root, 2)), "off track");
    assert_string_equal(status(goal(root, 3)), "achieved");
    /* NPS has no survey at all: no value, no trend. */
    assert_string_equal(status(goal(root, 4)), "n/a");
    assert_true(json_is_null(json_object_get(goal(root, 4), "trend")));
    /* Deadline passed: the latest month (11) against 8. Its baseline is
     * the month before it was set: the first month of its window. */
    g = goal(root, 5);
    assert_string_equal(status(g), "achieved");
    assert_true(json_number_value(json_object_get(g, "baseline")) == 0);
    assert_true(fabs(json_number_value(json_object_get(g, "progress")) - 11.0 / 8) <
                1e-12);
    /* Churn month on month: each month's actives stay active, so 0. */
    g = goal(root, 6);
    assert_true(json_number_value(json_object_get(g, "current")) == 0);
    assert_string_equal(status(g), "achieved");
    g = goal(root, 7);
    assert_string_equal(json_string_value(json_object_get(g, "segment")),
                        "kind=(no kind)");
    assert_true(json_number_value(json_object_get(g, "current")) == 11);
    assert_string_equal(status(g), "on track");
    json_decref(root);
    /* The goals re-cut the caller's metrics by their segments and put its
     * own cut back. */
    kith_metrics_opts mo;
    memset(&mo, 0, sizeof mo);
    mo.segment = "level";
    kith_metrics *m = NULL;
    kith_error_clear(&err);
    assert_int_equal(kith_metrics_open(f.st, f.org, &mo, &m, &err), KITH_OK);
    int nseg = kith_metrics_nsegments(m);
    kith__goals gs;
    assert_int_equal(kith__goals_build(m, f.st, f.org, "UTC", &gs, &err), KITH_OK);
    assert_true(gs.g[6].current.ok && gs.g[6].current.v == 11);
    assert_string_equal(kith_metrics_segment_spec(m), "level");
    assert_int_equal(kith_metrics_nsegments(m), nseg);
    kith__goals_free(&gs);
    kith_metrics_close(m);
    char *text = NULL;
    kith_error_clear(&err);
    assert_int_equal(kith_goals_render(f.st, f.org, NULL, KITH_IMPACT_TABLE, &text, &err),
                     KITH_OK);
    assert_non_null(strstr(text, "on track"));
    free(text);
    kith_store_close(f.st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trend_by_hand),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_status),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
