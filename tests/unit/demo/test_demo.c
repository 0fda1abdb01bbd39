/* The demo bakery: the planted effects of docs/demo.md are in the data, as
 * measured by plain SQL over the raw tables (an independent reader, not
 * kith's metric code), and the generator is deterministic. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kith/demo.h"
#include "testutil.h"

static char db1[4096];
static kith_demo_summary sum1;

static double sql_real(const char *sql)
{
    char *t = tu_sql_text(db1, sql);
    assert_non_null(t);
    double v = strtod(t, NULL);
    free(t);
    return v;
}

static void make_demo(char *path, size_t n, uint64_t seed, int scale,
                      kith_demo_summary *sum)
{
    char dir[4096];
    tu_tmpdir(dir, sizeof dir);
    snprintf(path, n, "%s/demo.db", dir);
    kith_store *st = NULL;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_store_open(path, &st, &err), KITH_OK);
    kith_demo_opts o;
    memset(&o, 0, sizeof o);
    o.seed = seed;
    o.scale = scale;
    kith_code rc = kith_demo_generate(st, &o, sum, &err);
    if (rc != KITH_OK)
        fprintf(stderr, "demo: %s: %s\n", err.where, err.msg);
    assert_int_equal(rc, KITH_OK);
    kith_store_close(st);
}

static int setup(void **state)
{
    (void)state;
    make_demo(db1, sizeof db1, 1, 1, &sum1);
    return 0;
}

/* P = [as_of - 365 d, as_of), P-1 the 365 days before (METRICS.md). */
#define P1                                                                               \
    "occurred_at >= 1767211200 - 730*86400 AND occurred_at < 1767211200 - 365*86400"
#define P "occurred_at >= 1767211200 - 365*86400 AND occurred_at < 1767211200"
#define COMMUNITY                                                                        \
    "type IN "                                                                           \
    "('event_attend','post','reply','reaction','mention','volunteer','donation',"        \
    "'idea','feedback','review','referral','survey_response','workshop','sponsorship_"   \
    "touch')"

static void test_retention_effect(void **state)
{
    (void)state;
    const char *base =
        "WITH s AS (SELECT DISTINCT member_id m FROM activity WHERE type='purchase' "
        "AND " P1 "),"
        " e AS (SELECT DISTINCT member_id m FROM activity WHERE " COMMUNITY " AND " P1
        "),"
        " r AS (SELECT DISTINCT member_id m FROM activity WHERE type='purchase' AND " P
        ")";
    char sql[2048];
    snprintf(sql, sizeof sql,
             "%s SELECT avg(m IN (SELECT m FROM r)) FROM s WHERE m IN (SELECT m FROM e)",
             base);
    double within = sql_real(sql);
    snprintf(
        sql, sizeof sql,
        "%s SELECT avg(m IN (SELECT m FROM r)) FROM s WHERE m NOT IN (SELECT m FROM e)",
        base);
    double outside = sql_real(sql);
    snprintf(sql, sizeof sql, "%s SELECT count(*) FROM s WHERE m IN (SELECT m FROM e)",
             base);
    int64_t n_within = tu_sql_int(db1, sql);
    /* Planted 0.70 vs 0.45; sampling noise at n ~ 1,000 / 2,000 is ~0.015. */
    assert_true(within > 0.66 && within < 0.74);
    assert_true(outside > 0.41 && outside < 0.49);
    assert_true(n_within > 800);
    /* Exactly the customers the generator marked engaged in year 1. */
    assert_int_equal(n_within, sum1.engaged_y1);
}

/* Members who interact (reply, reaction, mention) in both channels: only
 * the three bridges, among members not flagged team or bot. */
static void test_bridges(void **state)
{
    (void)state;
    const char *sql =
        "SELECT group_concat(display_name, '|') FROM (SELECT m.display_name FROM member m"
        " WHERE m.merged_into IS NULL AND m.flags NOT LIKE '%team%' AND m.flags NOT LIKE "
        "'%bot%'"
        " AND (SELECT count(DISTINCT channel) FROM activity a WHERE a.member_id = m.id"
        "      AND a.type IN ('reply','reaction','mention')"
        "      AND a.channel IN ('discord:#sourdough','discord:#family-baking')) = 2"
        " ORDER BY m.display_name)";
    char *names = tu_sql_text(db1, sql);
    assert_non_null(names);
    assert_string_equal(names, "Ada Lovelace-Baker|Ben Okafor|Chen Wei");
    free(names);
}

static void test_sentiment_dip_week(void **state)
{
    (void)state;
    /* Share of forum texts using the complaint templates: the week of
     * 9 June 2025 against every other week. */
    const char *neg =
        "(text LIKE '%Disappointed%' OR text LIKE '%frustrating%' OR text LIKE "
        "'%Awful%' OR text LIKE '%bad experience%' OR text LIKE '%Terrible%' OR "
        "text LIKE '%Worst%')";
    char sql[1024];
    snprintf(sql, sizeof sql,
             "SELECT avg(%s) FROM activity WHERE type IN ('post','reply') AND text <> ''"
             " AND occurred_at >= 1749427200 AND occurred_at < 1749427200 + 7*86400"
             " AND member_id NOT IN (SELECT id FROM member WHERE flags <> '')",
             neg);
    double dip = sql_real(sql);
    snprintf(sql, sizeof sql,
             "SELECT avg(%s) FROM activity WHERE type IN ('post','reply') AND text <> ''"
             " AND NOT (occurred_at >= 1749427200 AND occurred_at < 1749427200 + 7*86400)"
             " AND member_id NOT IN (SELECT id FROM member WHERE flags <> '')",
             neg);
    double other = sql_real(sql);
    assert_true(dip > 0.6);
    assert_true(other < 0.12);
    assert_true(tu_sql_int(db1,
                           "SELECT count(*) FROM activity WHERE type IN ('post','reply')"
                           " AND occurred_at >= 1749427200 AND occurred_at < 1749427200"
                           " + 7*86400") >= 20);
}

static void test_negative_roi_initiative(void **state)
{
    (void)state;
    /* Revenue carried by each initiative's code against its cost: only the
     * Instagram ads lose money even before last-touch attribution. */
    const char *sql =
        "SELECT group_concat(name, '|') FROM (SELECT i.name FROM initiative i"
        " WHERE i.codes <> '' AND (SELECT coalesce(sum(a.value), 0) FROM activity a"
        "   WHERE a.type='purchase' AND a.code = i.codes) < i.cost ORDER BY i.name)";
    char *names = tu_sql_text(db1, sql);
    assert_non_null(names);
    assert_string_equal(names, "Instagram Ads");
    free(names);
    double insta = sql_real("SELECT sum(value) FROM activity WHERE code='INSTA10'");
    assert_true(insta > 100 && insta < 600); /* 20 first orders of ~GBP 7-21 */
}

static void test_duplicates_across_channels(void **state)
{
    (void)state;
    assert_int_equal(sum1.dup_email, 40);
    assert_int_equal(sum1.dup_phone, 30);
    /* 40 forum profiles share a shop email, 30 event bookers a shop phone,
     * and the two staff members' forum accounts their staff email. */
    assert_int_equal(tu_sql_int(db1, "SELECT count(*) FROM merge_log"), 72);
    assert_int_equal(sum1.auto_merges, 72);
    assert_int_equal(tu_sql_int(db1,
                                "SELECT count(*) FROM member m WHERE merged_into IS NULL"
                                " AND EXISTS(SELECT 1 FROM identity WHERE member_id=m.id"
                                "  AND kind='handle:discord')"
                                " AND EXISTS(SELECT 1 FROM activity WHERE member_id=m.id"
                                "  AND type='purchase')"),
                     40);
    assert_int_equal(
        tu_sql_int(db1, "SELECT count(*) FROM member m WHERE merged_into IS NULL"
                        " AND (SELECT count(*) FROM identity WHERE member_id=m.id"
                        "  AND kind='email') = 2 AND EXISTS(SELECT 1 FROM identity"
                        "  WHERE member_id=m.id AND kind='phone')"),
        30);
    /* Twins: same name and postcode, different emails, never merged. */
    assert_int_equal(
        tu_sql_int(db1, "SELECT count(*) FROM member a JOIN member b"
                        " ON a.display_name=b.display_name AND a.postcode=b.postcode"
                        " AND a.id < b.id WHERE a.merged_into IS NULL"
                        " AND b.merged_into IS NULL AND a.kinds LIKE '%customer%'"
                        " AND b.kinds LIKE '%customer%'"),
        15);
    /* ... and kith suggests exactly those, at the name+postcode score. */
    kith_store *st = NULL;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_store_open(db1, &st, &err), KITH_OK);
    kith_merge_suggestion *v = NULL;
    size_t n = 0;
    assert_int_equal(kith_members_suggest_merges(st, sum1.org_id, 0.5, &v, &n, &err),
                     KITH_OK);
    assert_int_equal(n, 15);
    for (size_t i = 0; i < n; i++)
        assert_true(v[i].score == 0.9);
    free(v);
    kith_store_close(st);
}

static void test_employees_and_ideas(void **state)
{
    (void)state;
    assert_int_equal(
        tu_sql_int(db1, "SELECT count(DISTINCT a.member_id) FROM activity a"
                        " JOIN member m ON m.id=a.member_id WHERE a.type='volunteer'"
                        " AND m.kinds LIKE '%employee%'"),
        8);
    assert_int_equal(tu_sql_int(db1,
                                "SELECT count(*) FROM idea WHERE status='shipped' AND "
                                "shipped_at >= 1767211200 - 365*86400"),
                     10);
    assert_int_equal(
        tu_sql_int(db1, "SELECT count(*) FROM idea WHERE status='shipped' AND "
                        "shipped_at >= 1767211200 - 365*86400 AND origin_member_id"
                        " IN (SELECT id FROM member WHERE flags NOT LIKE '%team%')"),
        8);
    /* Local supplier share is exact: 5700 / 9300 every month. */
    double share =
        sql_real("SELECT sum(CASE WHEN m.flags LIKE '%local%' THEN a.value END)"
                 " / sum(a.value) FROM activity a JOIN member m ON m.id=a.member_id"
                 " WHERE a.type='supply'");
    assert_true(share > 0.6129 && share < 0.6130);
    /* The last activity is at as_of. */
    assert_int_equal(tu_sql_int(db1, "SELECT max(occurred_at) FROM activity"),
                     KITH_DEMO_AS_OF);
}

static void test_deterministic(void **state)
{
    (void)state;
    char db2[4096];
    kith_demo_summary s2;
    make_demo(db2, sizeof db2, 1, 1, &s2);
    const char *sql =
        "SELECT count(*) || ':' || sum(id * 31 + member_id * 7 + occurred_at % 100003"
        " + CAST(coalesce(value, 0) * 100 AS INTEGER)) || ':' ||"
        " sum(length(external_id) + length(coalesce(text, ''))) FROM activity";
    char *a = tu_sql_text(db1, sql), *b = tu_sql_text(db2, sql);
    assert_string_equal(a, b);
    free(a);
    free(b);
    assert_int_equal(s2.members, sum1.members);
    /* Another seed gives other data. */
    char db3[4096];
    kith_demo_summary s3;
    make_demo(db3, sizeof db3, 2, 1, &s3);
    assert_int_not_equal(s3.activities, sum1.activities);
}

static void test_refuses_existing_org(void **state)
{
    (void)state;
    kith_store *st = NULL;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_store_open(db1, &st, &err), KITH_OK);
    kith_demo_opts o;
    memset(&o, 0, sizeof o);
    o.seed = 1;
    o.scale = 1;
    assert_int_equal(kith_demo_generate(st, &o, NULL, &err), KITH_ESTATE);
    o.scale = 0;
    assert_int_equal(kith_demo_generate(st, &o, NULL, &err), KITH_EUSAGE);
    kith_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_retention_effect),
        cmocka_unit_test(test_bridges),
        cmocka_unit_test(test_sentiment_dip_week),
        cmocka_unit_test(test_negative_roi_initiative),
        cmocka_unit_test(test_duplicates_across_channels),
        cmocka_unit_test(test_employees_and_ideas),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_refuses_existing_org),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
