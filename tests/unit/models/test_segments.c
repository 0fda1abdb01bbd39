/* Customer segments on tests/fixtures/segments (as of 2025-01-01, org time
 * zone UTC), worked out by hand below; bad input; the JSON; the report's
 * rfm cut. The comparison with pandas and scikit-learn on the demo is
 * tests/cli/segments_reference.sh.
 *
 * Customers (days since the last purchase, purchases, net spend):
 *   ana 1 6 300 | ben 1 1 20 | cy 10 3 90 | dee 30 1 15 | eve 30 5 150
 *   (170 bought, 20 refunded) | fay 60 2 40 | gus 100 4 120 | hal 200 1 10
 *   | ivy 300 6 250 | jo 400 1 15. Tea (flagged team, 3 purchases) is left
 * out; Zed only posts: not a customer.
 * Scores: ceil(5 x midrank / 10), midrank of a run of equal values at
 * sorted positions [lo, hi) = (lo + 1 + hi) / 2.
 * R (fewer days better; ascending by -days): jo 400 -> 1 (midrank 1),
 *   ivy 300 -> 1 (2), hal 200 -> 2 (3), gus 100 -> 2 (4), fay 60 -> 3 (5),
 *   dee, eve 30 -> 4 (6.5), cy 10 -> 4 (8), ana, ben 1 -> 5 (9.5).
 * F: ben, dee, hal, jo 1 -> 2 (2.5: nobody scores 1, the four tie),
 *   fay 2 -> 3 (5), cy 3 -> 3 (6), gus 4 -> 4 (7), eve 5 -> 4 (8),
 *   ana, ivy 6 -> 5 (9.5).
 * M: hal 10 -> 1 (1), dee, jo 15 -> 2 (2.5), ben 20 -> 2 (4), fay 40 -> 3
 *   (5), cy 90 -> 3 (6), gus 120 -> 4 (7), eve 150 -> 4 (8), ivy 250 -> 5
 *   (9), ana 300 -> 5 (10).
 * FM = (F + M + 1) / 2 and the grid of docs/segments.md:
 *   ana 5 5 5 FM 5 champions | ben 5 2 2 FM 2 potential loyalists |
 *   cy 4 3 3 FM 3 potential loyalists | dee 4 2 2 FM 2 potential loyalists |
 *   eve 4 4 4 FM 4 loyal | fay 3 3 3 FM 3 need attention | gus 2 4 4 FM 4
 *   at risk | hal 2 2 1 FM 2 hibernating | ivy 1 5 5 FM 5 cannot lose |
 *   jo 1 2 2 FM 2 hibernating. */
#include "testutil.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kith/members.h"
#include "kith/segments.h"

static kith_store *st;
static int64_t org;
static char db[512];
static int64_t as_of;

static int setup(void **state)
{
    (void)state;
    st = tu_store_new(db, sizeof db, &org);
    char path[512];
    kith_import_result res;
    kith_error err;
    tu_fixture("segments/members.csv", path, sizeof path);
    assert_int_equal(tu_import(st, org, "members", path, NULL, &res, &err), KITH_OK);
    tu_fixture("segments/activities.csv", path, sizeof path);
    assert_int_equal(tu_import(st, org, "activities", path, NULL, &res, &err), KITH_OK);
    assert_int_equal(kith_report_parse_time("--as-of", "2025-01-01", &as_of, &err),
                     KITH_OK);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kith_store_close(st);
    return 0;
}

static int64_t id_of(const char *who)
{
    char key[64];
    snprintf(key, sizeof key, "%s@x.org", who);
    kith_member_row row;
    assert_int_equal(kith_member_find(st, org, key, &row, NULL), KITH_OK);
    return row.id;
}

static kith_segments *compute(kith_seg_method method, int k, int include_team)
{
    kith_segments_opts o;
    memset(&o, 0, sizeof o);
    o.method = method;
    o.k = k;
    o.as_of = as_of;
    o.include_team = include_team;
    o.with_members = 1;
    kith_segments *s = NULL;
    kith_error err;
    kith_error_clear(&err);
    if (kith_segments_compute(st, org, &o, &s, &err) != KITH_OK)
        fail_msg("segments: %s", err.msg);
    return s;
}

static void test_rfm(void **state)
{
    (void)state;
    static const struct {
        const char *who, *seg;
        int r, f, m;
    } want[] = {
        {"ana", "champions", 5, 5, 5},
        {"ben", "potential loyalists", 5, 2, 2},
        {"cy", "potential loyalists", 4, 3, 3},
        {"dee", "potential loyalists", 4, 2, 2},
        {"eve", "loyal", 4, 4, 4},
        {"fay", "need attention", 3, 3, 3},
        {"gus", "at risk", 2, 4, 4},
        {"hal", "hibernating", 2, 2, 1},
        {"ivy", "cannot lose", 1, 5, 5},
        {"jo", "hibernating", 1, 2, 2},
    };
    kith_segments *s = compute(KITH_SEG_RFM, 0, 0);
    assert_int_equal(kith_segments_customers(s), 10);
    assert_int_equal(kith_segments_count(s), 11);
    char *text = NULL;
    assert_int_equal(kith_segments_render_json(s, &text, NULL), KITH_OK);
    json_error_t je;
    json_t *doc = json_loads(text, 0, &je);
    assert_non_null(doc);
    json_t *members = json_object_get(doc, "members");
    assert_int_equal(json_array_size(members), 10);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        int64_t id = id_of(want[i].who);
        const char *name = kith_segments_member_name(s, id);
        if (!name || strcmp(name, want[i].seg))
            fail_msg("%s: segment %s, want %s", want[i].who, name ? name : "(none)",
                     want[i].seg);
        size_t j;
        json_t *m;
        int found = 0;
        json_array_foreach (members, j, m) {
            if (json_integer_value(json_object_get(m, "id")) != id)
                continue;
            found = 1;
            assert_int_equal(json_integer_value(json_object_get(m, "r")), want[i].r);
            assert_int_equal(json_integer_value(json_object_get(m, "f")), want[i].f);
            assert_int_equal(json_integer_value(json_object_get(m, "m")), want[i].m);
        }
        assert_true(found);
    }
    /* Segment sizes and means: hibernating = hal, jo: days (200 + 400)/2,
     * spend (10 + 15)/2; loyal = eve: net spend 150. */
    int hib = kith_segments_find(s, "hibernating");
    kith_segment_info h = kith_segments_info(s, hib);
    assert_int_equal(h.customers, 2);
    assert_true(fabs(h.recency_days - 300) < 1e-9 && fabs(h.spend - 12.5) < 1e-9);
    assert_true(fabs(h.share - 0.2) < 1e-12);
    kith_segment_info l = kith_segments_info(s, kith_segments_find(s, "loyal"));
    assert_true(l.customers == 1 && fabs(l.spend - 150) < 1e-9);
    assert_int_equal(kith_segments_info(s, kith_segments_find(s, "lost")).customers, 0);
    assert_int_equal(kith_segments_find(s, "cannot_lose"), 8);
    assert_int_equal(kith_segments_find(s, "potential-loyalists"), 2);
    assert_int_equal(kith_segments_find(s, "champion"), -1);
    /* Not customers: Zed (never bought), Tea (team), an unknown id. */
    assert_null(kith_segments_member_name(s, id_of("zed")));
    assert_null(kith_segments_member_name(s, id_of("tea")));
    assert_int_equal(kith_segments_member(s, 999999), -1);
    assert_string_equal(json_string_value(json_object_get(doc, "method")), "rfm");
    assert_string_equal(json_string_value(json_object_get(doc, "as_of")),
                        "2025-01-01T00:00:00Z");
    assert_string_equal(json_string_value(json_object_get(doc, "currency")), "EUR");
    json_decref(doc);
    free(text);
    kith_segments_free(s);
    /* With the team: Tea (2 days, 3 purchases, 300) is a customer too. */
    s = compute(KITH_SEG_RFM, 0, 1);
    assert_int_equal(kith_segments_customers(s), 11);
    assert_non_null(kith_segments_member_name(s, id_of("tea")));
    kith_segments_free(s);
}

/* k-means on the fixture: structure, determinism, the silhouette choice. */
static void test_kmeans(void **state)
{
    (void)state;
    kith_segments *s = compute(KITH_SEG_KMEANS, 3, 0);
    assert_int_equal(kith_segments_count(s), 3);
    assert_int_equal(kith_segments_k(s), 3);
    int64_t tot = 0, prev = INT64_MAX;
    for (int g = 0; g < 3; g++) {
        kith_segment_info i = kith_segments_info(s, g);
        char want[16];
        snprintf(want, sizeof want, "cluster %d", g + 1);
        assert_string_equal(i.name, want);
        assert_true(i.customers > 0 && i.customers <= prev); /* largest first */
        assert_true(strlen(i.description) > 0);
        prev = i.customers;
        tot += i.customers;
    }
    assert_int_equal(tot, 10);
    assert_true(kith_segments_inertia(s) > 0);
    char *a = NULL, *b = NULL;
    assert_int_equal(kith_segments_render_json(s, &a, NULL), KITH_OK);
    kith_segments_free(s);
    s = compute(KITH_SEG_KMEANS, 3, 0);
    assert_int_equal(kith_segments_render_json(s, &b, NULL), KITH_OK);
    assert_string_equal(a, b); /* same seed, same everything */
    kith_segments_free(s);
    free(a);
    free(b);
    /* k by silhouette: the k of k_tried (2..8, below 10 customers) with the
     * best silhouette, computed on all 10. */
    s = compute(KITH_SEG_KMEANS, 0, 0);
    char *text = NULL;
    assert_int_equal(kith_segments_render_json(s, &text, NULL), KITH_OK);
    json_t *doc = json_loads(text, 0, NULL);
    assert_non_null(doc);
    json_t *tried = json_object_get(doc, "k_tried");
    assert_int_equal(json_array_size(tried), 7);
    double best = -2;
    int bestk = 0;
    size_t j;
    json_t *t;
    json_array_foreach (tried, j, t) {
        double v = json_real_value(json_object_get(t, "silhouette"));
        assert_int_equal(json_integer_value(json_object_get(t, "k")), (int)j + 2);
        if (v > best) {
            best = v;
            bestk = (int)j + 2;
        }
    }
    assert_int_equal(kith_segments_k(s), bestk);
    assert_true(fabs(kith_segments_silhouette(s) - best) < 1e-15);
    assert_int_equal(json_integer_value(json_object_get(doc, "silhouette_rows")), 10);
    assert_string_equal(json_string_value(json_object_get(doc, "k_chosen_by")),
                        "silhouette");
    json_decref(doc);
    free(text);
    kith_segments_free(s);
}

static void expect_error(kith_seg_method method, int k, const char *date, kith_code code,
                         const char *msg)
{
    kith_segments_opts o;
    memset(&o, 0, sizeof o);
    o.method = method;
    o.k = k;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_report_parse_time("--as-of", date, &o.as_of, &err), KITH_OK);
    kith_segments *s = NULL;
    char *json = NULL;
    assert_int_equal(kith_segments_json(st, org, &o, &json, &err), code);
    assert_null(json);
    assert_null(s);
    if (!strstr(err.msg, msg))
        fail_msg("k = %d at %s: '%s' lacks '%s'", k, date, err.msg, msg);
}

/* Bad input: a clear error naming the problem, never a result. On
 * 2023-12-01 the customers are Ivy (since 2023-10-01) and no one else
 * (Jo buys on 11-28: two); on 2023-11-15 Ivy alone. */
static void test_bad_input(void **state)
{
    (void)state;
    expect_error(KITH_SEG_KMEANS, 1, "2025-01-01", KITH_EUSAGE,
                 "k = 1: k-means needs k >= 2");
    expect_error(KITH_SEG_KMEANS, -4, "2025-01-01", KITH_EUSAGE, "k = -4");
    expect_error(KITH_SEG_KMEANS, 11, "2025-01-01", KITH_ENODATA,
                 "k = 11 is more than the 10 customers before 2025-01-01");
    expect_error(KITH_SEG_RFM, 0, "2023-12-01", KITH_ENODATA,
                 "RFM needs at least 5 customers (one per quintile); there are 2");
    expect_error(KITH_SEG_KMEANS, 0, "2023-12-01", KITH_ENODATA,
                 "k-means needs at least 3 customers to choose k; there are 2");
    expect_error(KITH_SEG_KMEANS, 2, "2023-11-15", KITH_ENODATA,
                 "k = 2 is more than the 1 customers");
}

/* Six customers who did exactly the same: RFM puts them all in one score
 * (midrank 3.5 of 6: ceil(5 x 3.5 / 6) = 3 -> need attention); k-means has
 * no feature that varies. */
static void test_constant(void **state)
{
    (void)state;
    char dbc[512], dir[512], path[512];
    int64_t o2;
    kith_store *s2 = tu_store_new(dbc, sizeof dbc, &o2);
    tu_tmpdir(dir, sizeof dir);
    tu_file(dir, "a.csv",
            "id,type,occurred_at,email,value\n"
            "1,purchase,2024-05-01,a@x.org,10\n2,purchase,2024-05-01,b@x.org,10\n"
            "3,purchase,2024-05-01,c@x.org,10\n4,purchase,2024-05-01,d@x.org,10\n"
            "5,purchase,2024-05-01,e@x.org,10\n6,purchase,2024-05-01,f@x.org,10\n",
            path, sizeof path);
    kith_import_result res;
    kith_error err;
    assert_int_equal(tu_import(s2, o2, "activities", path, NULL, &res, &err), KITH_OK);
    kith_segments_opts o;
    memset(&o, 0, sizeof o);
    kith_segments *s = NULL;
    assert_int_equal(kith_segments_compute(s2, o2, &o, &s, &err), KITH_OK);
    kith_segment_info i = kith_segments_info(s, kith_segments_find(s, "need attention"));
    assert_int_equal(i.customers, 6);
    kith_segments_free(s);
    o.method = KITH_SEG_KMEANS;
    for (int k = 0; k <= 3; k += 3) {
        o.k = k;
        kith_error_clear(&err);
        assert_int_equal(kith_segments_compute(s2, o2, &o, &s, &err), KITH_ENODATA);
        assert_null(s);
        assert_non_null(strstr(err.msg, "is the same for all 6 customers"));
    }
    kith_store_close(s2);
}

/* kith report --segment rfm: the report's segment cut uses the same
 * segments, and members who are not customers form their own row. */
static void test_report_cut(void **state)
{
    (void)state;
    kith_report_opts o;
    memset(&o, 0, sizeof o);
    o.as_of = as_of;
    o.has_as_of = 1;
    o.segment = "rfm";
    kith_report *rep = NULL;
    kith_error err;
    kith_error_clear(&err);
    if (kith_report_build(st, org, &o, &rep, &err) != KITH_OK)
        fail_msg("report: %s", err.msg);
    char *json = NULL;
    assert_int_equal(kith_report_render(rep, KITH_REPORT_JSON, &json, NULL, &err),
                     KITH_OK);
    json_t *doc = json_loads(json, 0, NULL);
    assert_non_null(doc);
    json_t *secs = json_object_get(doc, "sections"), *sec;
    size_t i;
    int found = 0;
    json_array_foreach (secs, i, sec) {
        if (strcmp(json_string_value(json_object_get(sec, "id")), "segments"))
            continue;
        json_t *rows =
            json_object_get(json_array_get(json_object_get(sec, "tables"), 0), "rows");
        /* Rows with members: the 7 segments the customers fill, then Zed
         * (the only counted non-customer; Tea is team). */
        static const char *const names[] = {
            "champions", "loyal",       "potential loyalists", "need attention",
            "at risk",   "cannot lose", "hibernating",         "not a customer"};
        static const int64_t n[] = {1, 1, 3, 1, 1, 1, 2, 1};
        assert_int_equal(json_array_size(rows), 8);
        for (size_t r = 0; r < 8; r++) {
            json_t *row = json_array_get(rows, r);
            assert_string_equal(json_string_value(json_array_get(row, 0)), names[r]);
            assert_int_equal(json_integer_value(json_array_get(row, 1)), n[r]);
        }
        found = 1;
    }
    assert_true(found);
    json_decref(doc);
    free(json);
    kith_report_free(rep);
    o.segment = "cluster:1";
    kith_error_clear(&err);
    assert_int_equal(kith_report_build(st, org, &o, &rep, &err), KITH_EUSAGE);
    assert_non_null(strstr(err.msg, "'cluster:1'"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfm),        cmocka_unit_test(test_kmeans),
        cmocka_unit_test(test_bad_input),  cmocka_unit_test(test_constant),
        cmocka_unit_test(test_report_cut),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
