/* The foundation sections of kith report (members by kind, activities by
 * type and month, import history) on a hand-built dataset whose counts are
 * worked out below, checked through the JSON rendering.
 *
 * tests/fixtures/metrics/basic: members.csv has Ana (customer), Ben
 * (customer, employee), Cy (supplier, flagged local), Dee (no kind, flagged
 * team). activities.csv has 8 rows; a5 is by eve@, who is new and becomes a
 * customer through her purchase. So:
 *   members 5; customer 3 (Ana, Ben, Eve), employee 1, supplier 1,
 *   (no kind) 1 (Dee); team or bot 1 (Dee).
 *   2024-01: purchase a1 a2, post a3                  = 3
 *   2024-02: reply a4, purchase a5                    = 2
 *   2024-03: event_attend a6, post a7, supply a8      = 3
 *   by type: purchase 3, post 2, reply 1, event_attend 1, supply 1.
 *   latest activity 2024-03-20 -> as_of 2024-03-21T00:00Z, P = the 365 days
 *   before: [2023-03-22, 2024-03-21).
 *   imports: #1 members.csv 4 read, 4 new members; #2 activities.csv 8 read,
 *   8 imported, 1 new member. */
#include "testutil.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static kith_store *load(char *db, size_t n, int64_t *org)
{
    kith_store *st = tu_store_new(db, n, org);
    const char *files[][2] = {{"members", "metrics/basic/members.csv"},
                              {"activities", "metrics/basic/activities.csv"}};
    for (int i = 0; i < 2; i++) {
        char path[512];
        tu_fixture(files[i][1], path, sizeof path);
        kith_import_opts o;
        memset(&o, 0, sizeof o);
        o.format = files[i][0];
        kith_import_result res;
        kith_error err;
        kith_error_clear(&err);
        assert_int_equal(kith_import(st, *org, path, &o, &res, &err), KITH_OK);
    }
    return st;
}

static json_t *report_json(kith_store *st, int64_t org, const kith_report_opts *o)
{
    kith_report *rep = NULL;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_report_build(st, org, o, &rep, &err), KITH_OK);
    char *text = NULL;
    assert_int_equal(kith_report_render(rep, KITH_REPORT_JSON, &text, NULL, &err),
                     KITH_OK);
    json_error_t jerr;
    json_t *root = json_loads(text, 0, &jerr);
    assert_non_null(root);
    free(text);
    kith_report_free(rep);
    return root;
}

static json_t *find_id(json_t *arr, const char *id)
{
    size_t i;
    json_t *v;
    json_array_foreach (arr, i, v)
        if (!strcmp(json_string_value(json_object_get(v, "id")), id))
            return v;
    return NULL;
}

static json_t *table(json_t *root, const char *sec, const char *tab)
{
    json_t *s = find_id(json_object_get(root, "sections"), sec);
    assert_non_null(s);
    json_t *t = find_id(json_object_get(s, "tables"), tab);
    assert_non_null(t);
    return t;
}

/* The integer in the row whose first cell is key, column col; -1 when the
 * row is missing. */
static json_int_t cell(json_t *t, const char *key, const char *col)
{
    json_t *cols = json_object_get(t, "columns");
    size_t ci = SIZE_MAX, i;
    json_t *v;
    json_array_foreach (cols, i, v)
        if (!strcmp(json_string_value(json_object_get(v, "id")), col))
            ci = i;
    assert_true(ci != SIZE_MAX);
    json_array_foreach (json_object_get(t, "rows"), i, v) {
        json_t *first = json_array_get(v, 0);
        if (json_is_string(first) && !strcmp(json_string_value(first), key))
            return json_integer_value(json_array_get(v, ci));
    }
    return -1;
}

static size_t nrows(json_t *t)
{
    return json_array_size(json_object_get(t, "rows"));
}

static double metric(json_t *root, const char *sec, const char *id)
{
    json_t *s = find_id(json_object_get(root, "sections"), sec);
    json_t *m = find_id(json_object_get(s, "metrics"), id);
    assert_non_null(m);
    return json_number_value(json_object_get(m, "value"));
}

static void test_default_period(void **state)
{
    (void)state;
    char db[512];
    int64_t org;
    kith_store *st = load(db, sizeof db, &org);
    json_t *r = report_json(st, org, NULL);
    assert_string_equal(json_string_value(json_object_get(r, "as_of")),
                        "2024-03-21T00:00:00Z");
    json_t *p = json_object_get(r, "period");
    assert_string_equal(json_string_value(json_object_get(p, "from")),
                        "2023-03-22T00:00:00Z");
    assert_string_equal(json_string_value(json_object_get(p, "to")),
                        "2024-03-21T00:00:00Z");

    assert_true(metric(r, "members", "members_total") == 5);
    assert_true(metric(r, "members", "members_team_bot") == 1);
    json_t *k = table(r, "members", "members_by_kind");
    assert_int_equal(cell(k, "customer", "members"), 3);
    assert_int_equal(cell(k, "employee", "members"), 1);
    assert_int_equal(cell(k, "supplier", "members"), 1);
    assert_int_equal(cell(k, "(no kind)", "members"), 1);
    assert_int_equal(cell(k, "partner", "members"), -1); /* no empty rows */
    assert_int_equal(nrows(k), 4);

    json_t *m = table(r, "activities", "activities_by_month");
    assert_int_equal(nrows(m), 3);
    assert_int_equal(cell(m, "2024-01", "purchase"), 2);
    assert_int_equal(cell(m, "2024-01", "post"), 1);
    assert_int_equal(cell(m, "2024-01", "total"), 3);
    assert_int_equal(cell(m, "2024-02", "reply"), 1);
    assert_int_equal(cell(m, "2024-02", "purchase"), 1);
    assert_int_equal(cell(m, "2024-02", "total"), 2);
    assert_int_equal(cell(m, "2024-03", "event_attend"), 1);
    assert_int_equal(cell(m, "2024-03", "supply"), 1);
    assert_int_equal(cell(m, "2024-03", "purchase"), 0);
    assert_int_equal(cell(m, "2024-03", "total"), 3);
    json_t *bt = table(r, "activities", "activities_by_type");
    assert_int_equal(cell(bt, "purchase", "activities"), 3);
    assert_int_equal(cell(bt, "post", "activities"), 2);
    assert_int_equal(cell(bt, "reply", "activities"), 1);
    assert_int_equal(cell(bt, "event_attend", "activities"), 1);
    assert_int_equal(cell(bt, "supply", "activities"), 1);
    assert_true(metric(r, "activities", "activities_total") == 8);

    json_t *h = table(r, "imports", "import_history");
    assert_int_equal(nrows(h), 2);
    json_t *row1 = json_array_get(json_object_get(h, "rows"), 0);
    json_t *row2 = json_array_get(json_object_get(h, "rows"), 1);
    assert_non_null(strstr(json_string_value(json_array_get(row1, 1)), "members.csv"));
    assert_string_equal(json_string_value(json_array_get(row1, 2)), "members");
    assert_int_equal(json_integer_value(json_array_get(row1, 4)), 4); /* read */
    assert_int_equal(json_integer_value(json_array_get(row1, 8)), 4); /* new members */
    assert_string_equal(json_string_value(json_array_get(row2, 2)), "activities");
    assert_int_equal(json_integer_value(json_array_get(row2, 4)), 8);
    assert_int_equal(json_integer_value(json_array_get(row2, 5)), 8); /* imported */
    assert_int_equal(json_integer_value(json_array_get(row2, 6)), 0); /* duplicate */
    assert_int_equal(json_integer_value(json_array_get(row2, 8)), 1); /* eve */
    json_decref(r);
    kith_store_close(st);
}

/* P = February 2024 only: the reply a4 and the purchase a5. */
static void test_window(void **state)
{
    (void)state;
    char db[512];
    int64_t org;
    kith_store *st = load(db, sizeof db, &org);
    kith_report_opts o;
    memset(&o, 0, sizeof o);
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_report_parse_time("--from", "2024-02-01", &o.from, &err),
                     KITH_OK);
    assert_int_equal(kith_report_parse_time("--to", "2024-03-01", &o.to, &err), KITH_OK);
    o.has_from = o.has_to = 1;
    json_t *r = report_json(st, org, &o);
    json_t *m = table(r, "activities", "activities_by_month");
    assert_int_equal(nrows(m), 1);
    assert_int_equal(cell(m, "2024-02", "reply"), 1);
    assert_int_equal(cell(m, "2024-02", "purchase"), 1);
    assert_int_equal(cell(m, "2024-02", "total"), 2);
    assert_true(metric(r, "activities", "activities_total") == 2);
    json_decref(r);
    kith_store_close(st);
}

/* Months of the inventory are the org's local months, as the metrics'
 * periods are. Org in Pacific/Auckland, NZDT = UTC+13 all of January to
 * March 2024 (DST ends 7 April). Worked out by hand:
 *   n1 purchase 2024-01-15T12:00Z = Jan 16 01:00 local  -> 2024-01
 *   n2 purchase 2024-01-31T10:00Z = Jan 31 23:00        -> 2024-01
 *   n3 post     2024-01-31T11:00Z = Feb  1 00:00 (the local month's first
 *                                   instant)            -> 2024-02
 *   n4 post     2024-01-31T23:30Z = Feb  1 12:30        -> 2024-02
 *   n5 reply    2024-02-01T00:30Z = Feb  1 13:30        -> 2024-02
 *   n6 purchase 2024-02-29T10:59:59Z = Feb 29 23:59:59  -> 2024-02
 *   n7 purchase 2024-02-29T11:00Z = Mar  1 00:00        -> 2024-03
 * Local: 2024-01 purchase 2 = 2; 2024-02 post 2, reply 1, purchase 1 = 4;
 * 2024-03 purchase 1 = 1. (UTC months would give 2024-01 = 4, 2024-02 = 3
 * and no March.) Default as_of: the local midnight after n7, Mar 2 00:00
 * = 2024-03-01T11:00Z; P is the 365 days before, holding all seven. */
static kith_store *load_auckland(char *db, size_t n, int64_t *org)
{
    kith_store *st = tu_store_new(db, n, org);
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_org_set(st, *org, "timezone", "Pacific/Auckland", &err),
                     KITH_OK);
    char dir[512], path[512];
    tu_tmpdir(dir, sizeof dir);
    tu_file(dir, "nz.csv",
            "id,type,occurred_at,email,value,channel\n"
            "n1,purchase,2024-01-15T12:00:00Z,ana@example.com,10,shop\n"
            "n2,purchase,2024-01-31T10:00:00Z,ana@example.com,10,shop\n"
            "n3,post,2024-01-31T11:00:00Z,ben@example.com,,forum\n"
            "n4,post,2024-01-31T23:30:00Z,ana@example.com,,forum\n"
            "n5,reply,2024-02-01T00:30:00Z,ben@example.com,,forum\n"
            "n6,purchase,2024-02-29T10:59:59Z,ben@example.com,10,shop\n"
            "n7,purchase,2024-02-29T11:00:00Z,ana@example.com,10,shop\n",
            path, sizeof path);
    kith_import_result res;
    assert_int_equal(tu_import(st, *org, "activities", path, NULL, &res, &err), KITH_OK);
    return st;
}

static void test_local_months(void **state)
{
    (void)state;
    char db[512];
    int64_t org;
    kith_store *st = load_auckland(db, sizeof db, &org);
    json_t *r = report_json(st, org, NULL);
    assert_string_equal(json_string_value(json_object_get(r, "as_of")),
                        "2024-03-01T11:00:00Z");
    json_t *m = table(r, "activities", "activities_by_month");
    assert_int_equal(nrows(m), 3);
    assert_int_equal(cell(m, "2024-01", "purchase"), 2);
    assert_int_equal(cell(m, "2024-01", "post"), 0);
    assert_int_equal(cell(m, "2024-01", "total"), 2);
    assert_int_equal(cell(m, "2024-02", "post"), 2);
    assert_int_equal(cell(m, "2024-02", "reply"), 1);
    assert_int_equal(cell(m, "2024-02", "purchase"), 1);
    assert_int_equal(cell(m, "2024-02", "total"), 4);
    assert_int_equal(cell(m, "2024-03", "purchase"), 1);
    assert_int_equal(cell(m, "2024-03", "total"), 1);
    assert_true(metric(r, "activities", "activities_total") == 7);
    json_decref(r);

    /* P = local February, [2024-01-31T11:00Z, 2024-02-29T11:00Z): n3..n6,
     * one row, March's first instant (n7) outside. */
    kith_report_opts o;
    memset(&o, 0, sizeof o);
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_report_parse_time_tz("--from", "2024-02-01", "Pacific/Auckland",
                                               &o.from, &err),
                     KITH_OK);
    assert_int_equal(
        kith_report_parse_time_tz("--to", "2024-03-01", "Pacific/Auckland", &o.to, &err),
        KITH_OK);
    o.has_from = o.has_to = 1;
    r = report_json(st, org, &o);
    m = table(r, "activities", "activities_by_month");
    assert_int_equal(nrows(m), 1);
    assert_int_equal(cell(m, "2024-02", "post"), 2);
    assert_int_equal(cell(m, "2024-02", "reply"), 1);
    assert_int_equal(cell(m, "2024-02", "purchase"), 1);
    assert_int_equal(cell(m, "2024-02", "total"), 4);
    json_decref(r);
    kith_store_close(st);
}

/* An org without activities: a data error naming what to do, no report. */
static void test_empty(void **state)
{
    (void)state;
    char db[512];
    int64_t org;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    kith_report *rep = NULL;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_report_build(st, org, NULL, &rep, &err), KITH_ENODATA);
    assert_null(rep);
    assert_non_null(strstr(err.msg, "kith import"));
    kith_store_close(st);
}

static void test_bad_options(void **state)
{
    (void)state;
    char db[512];
    int64_t org;
    kith_store *st = load(db, sizeof db, &org);
    kith_report_opts o;
    memset(&o, 0, sizeof o);
    kith_report *rep = NULL;
    kith_error err;
    kith_error_clear(&err);
    o.by = "week";
    assert_int_equal(kith_report_build(st, org, &o, &rep, &err), KITH_EUSAGE);
    assert_non_null(strstr(err.msg, "--by 'week'"));
    o.by = NULL;
    o.from = 2000000000;
    o.to = 1000000000;
    o.has_from = o.has_to = 1;
    kith_error_clear(&err);
    assert_int_equal(kith_report_build(st, org, &o, &rep, &err), KITH_EUSAGE);
    assert_non_null(strstr(err.msg, "--from"));
    kith_error_clear(&err);
    int64_t t;
    assert_int_equal(kith_report_parse_time("--as-of", "2024-13-45", &t, &err),
                     KITH_EUSAGE);
    assert_non_null(strstr(err.msg, "--as-of '2024-13-45'"));
    assert_null(rep);
    kith_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_period), cmocka_unit_test(test_window),
        cmocka_unit_test(test_local_months),   cmocka_unit_test(test_empty),
        cmocka_unit_test(test_bad_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
