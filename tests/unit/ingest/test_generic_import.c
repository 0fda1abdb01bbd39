/* The generic formats end to end through kith_import: every expected row
 * below was written out by hand from the input file next to it (epoch
 * values: 2024-03-05T00:00Z = 1709596800, one day = 86400 s). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define MAR5 1709596800LL

typedef struct {
    char dir[256];
    char db[300];
    kith_store *st;
    int64_t org;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->st = tu_store_new(f->db, sizeof f->db, &f->org);
    tu_tmpdir(f->dir, sizeof f->dir);
    /* UK org: national numbers get 44. */
    tu_sql_exec(f->db, "UPDATE org SET phone_country_code='44'");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    kith_store_close(f->st);
    free(f);
    return 0;
}

static void rows_eq(const char *db, const char *sql, const char *want)
{
    char *got = tu_sql_rows(db, sql);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "%s\n-- got:\n%s-- want:\n%s", sql, got, want);
    assert_string_equal(got, want);
    free(got);
}

static void import_ok(fx *f, const char *format, const char *name, const char *text,
                      kith_import_result *res)
{
    char path[400];
    kith_error err;
    tu_file(f->dir, name, text, path, sizeof path);
    kith_code rc = tu_import(f->st, f->org, format, path, NULL, res, &err);
    if (rc != KITH_OK) {
        char buf[2048];
        fprintf(stderr, "import %s: %s\n", name,
                kith_error_format(&err, buf, sizeof buf));
    }
    assert_int_equal(rc, KITH_OK);
}

static void counts(const kith_import_result *r, int64_t read, int64_t imported,
                   int64_t dup, int64_t created, int64_t merges)
{
    assert_int_equal(r->rows_read, read);
    assert_int_equal(r->rows_imported, imported);
    assert_int_equal(r->rows_duplicate, dup);
    assert_int_equal(r->rows_rejected, 0);
    assert_int_equal(r->members_created, created);
    assert_int_equal(r->merges, merges);
}

#define MEMBERS_CSV                                                                      \
    "email,phone,name,kinds,flags,first_seen,postcode,lat,lon,handle:discord,"           \
    "favourite_bread\n"                                                                  \
    " Alice@Example.com ,07700 900123,Alice Archer,customer,local,2024-03-05,"           \
    "AB1 2CD,51.5,-0.1,Alice#1,rye\n"                                                    \
    "bob@example.com,,Bob Baker,\"customer, partner\",,,,,,,\n"                          \
    ",+44 20 7946 0958,Carol,employee,team,,,,,,\n"

#define MEMBER_ROWS                                                                      \
    "SELECT id, display_name, kinds, flags, first_seen, postcode, lat, lon,"             \
    " attributes, merged_into FROM member ORDER BY id"
#define IDENT_ROWS "SELECT member_id, kind, value, source FROM identity ORDER BY id"
#define ACT_ROWS                                                                         \
    "SELECT id, member_id, type, subtype, source,"                                       \
    " CASE WHEN external_id GLOB 'h:[0-9a-f]*' AND length(external_id)=38"               \
    "  THEN 'h:HASH' ELSE external_id END, occurred_at, value,"                          \
    " currency, channel, text, target_member_id, initiative_id, code, "                  \
    "parent_external_id,"                                                                \
    " attributes FROM activity ORDER BY id"

static void test_members_csv(void **state)
{
    fx *f = *state;
    kith_import_result r;
    import_ok(f, "members", "members.csv", MEMBERS_CSV, &r);
    counts(&r, 3, 3, 0, 3, 0);
    rows_eq(f->db, MEMBER_ROWS,
            "1|Alice Archer|customer|local|1709596800|AB1 2CD|51.5|-0.1|"
            "{\"favourite_bread\":\"rye\"}|NULL|\n"
            "2|Bob Baker|customer,partner||NULL|NULL|NULL|NULL|{}|NULL|\n"
            "3|Carol|employee|team|NULL|NULL|NULL|NULL|{}|NULL|\n");
    rows_eq(f->db, IDENT_ROWS,
            "1|email|alice@example.com|members|\n"
            "1|phone|447700900123|members|\n"
            "1|handle:discord|alice#1|members|\n"
            "2|email|bob@example.com|members|\n"
            "3|phone|442079460958|members|\n");
    rows_eq(f->db,
            "SELECT id, file_name, format, source, rows_read, rows_imported,"
            " rows_duplicate, rows_rejected, members_created, merges, status,"
            " length(sha256), finished_at >= started_at FROM import_batch",
            "1|members.csv|members|members|3|3|0|0|3|0|ok|64|1|\n");
    assert_int_equal(r.batch_id, 1);
    rows_eq(f->db, "SELECT id, created_batch FROM member ORDER BY id",
            "1|1|\n2|1|\n3|1|\n");
}

static void test_activities_csv_and_jsonl(void **state)
{
    fx *f = *state;
    kith_import_result r;
    import_ok(f, "members", "members.csv", MEMBERS_CSV, &r);
    /* Purchase by Alice's email in another case, an event by a new person
     * naming a new initiative, a refund by Carol's national number. */
    import_ok(f, "activities", "activities.csv",
              "id,type,occurred_at,email,phone,value,currency,channel,text,initiative\n"
              "o1,purchase,2024-03-05 14:22:01 -0500,ALICE@example.com,,\"1,234.50\","
              "EUR,shop,,\n"
              "o2,Event_Attend,2024-03-06,dave@example.com,,,,,\"Loved it, thanks\","
              "Spring Fair\n"
              "o3,refund,3/5/2024,,020 7946 0958,5,EUR,shop,,\n",
              &r);
    counts(&r, 3, 3, 0, 1, 0);
    rows_eq(f->db, ACT_ROWS,
            "1|1|purchase|NULL|activities|o1|1709666521|1234.5|EUR|shop|NULL|NULL|NULL|"
            "NULL|NULL|NULL|\n"
            "2|4|event_attend|NULL|activities|o2|1709683200|NULL|NULL|NULL|"
            "Loved it, thanks|NULL|1|NULL|NULL|NULL|\n"
            "3|3|refund|NULL|activities|o3|1709596800|5.0|EUR|shop|NULL|NULL|NULL|"
            "NULL|NULL|NULL|\n");
    /* Dave is new (first seen at his activity); Carol became a customer. */
    rows_eq(f->db,
            "SELECT id, display_name, kinds, first_seen FROM member WHERE id IN (3,4)",
            "3|Carol|customer,employee|NULL|\n4|NULL||1709683200|\n");
    rows_eq(f->db, "SELECT id, name, cost, codes FROM initiative",
            "1|Spring Fair|0.0||\n");

    /* JSON Lines: handles with their platform, numbers as JSON numbers, no
     * id (a content hash instead), unknown fields kept as attributes. */
    import_ok(
        f, "activities", "chat.jsonl",
        "{\"id\":\"m1\",\"type\":\"post\",\"occurred_at\":\"2024-03-05T10:00:00Z\","
        "\"handle\":\"discord:ALICE#1\",\"text\":\"hi all\",\"channel\":\"general\","
        "\"mood\":\"happy\"}\n"
        "\n"
        "{\"type\":\"donation\",\"occurred_at\":1709647321,\"email\":\"bob@example.com\","
        "\"value\":20,\"note\":null}\r\n"
        "{\"id\":\"m3\",\"type\":\"reply\",\"occurred_at\":\"2024-03-05T10:05:00Z\","
        "\"handle\":\"@erin\",\"platform\":\"Discord\",\"target_handle\":\"alice#1\","
        "\"target_platform\":\"discord\",\"parent_id\":\"m1\",\"tags\":[\"a\",\"b\"]}\n",
        &r);
    counts(&r, 3, 3, 0, 1, 0);
    rows_eq(f->db, ACT_ROWS " LIMIT 10 OFFSET 3",
            "4|1|post|NULL|chat|m1|1709632800|NULL|NULL|general|hi all|NULL|NULL|NULL|"
            "NULL|{\"mood\":\"happy\"}|\n"
            "5|2|donation|NULL|chat|h:HASH|1709647321|20.0|NULL|NULL|NULL|NULL|NULL|NULL|"
            "NULL|NULL|\n"
            "6|5|reply|NULL|chat|m3|1709633100|NULL|NULL|NULL|NULL|1|NULL|NULL|m1|"
            "{\"tags\":\"[\\\"a\\\",\\\"b\\\"]\"}|\n");
}

static void test_map(void **state)
{
    fx *f = *state;
    char path[400];
    kith_error err;
    kith_import_result r;
    tu_file(f->dir, "export.csv",
            "Mail,What,When,Amount,Note\n"
            "frank@example.com,purchase,2024-03-07T09:00:00Z,9.99,first order\n",
            path, sizeof path);
    /* Without --map the required columns are missing (reported on line 1). */
    assert_int_equal(tu_import(f->st, f->org, "activities", path, NULL, &r, &err),
                     KITH_EINPUT);
    char where[500];
    snprintf(where, sizeof where, "%s:1", path);
    assert_string_equal(err.where, where);
    assert_string_equal(err.msg, "column 'type': required column is missing (rename a "
                                 "column with --map COLUMN=type)");
    assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM import_batch"), 0);

    const char *maps[] = {"mail=email", "What=type", "When=occurred_at", "Amount=value"};
    kith_import_opts o;
    memset(&o, 0, sizeof o);
    o.format = "activities";
    o.map = maps;
    o.nmap = 4;
    kith_error_clear(&err);
    assert_int_equal(kith_import(f->st, f->org, path, &o, &r, &err), KITH_OK);
    counts(&r, 1, 1, 0, 1, 0);
    /* 2024-03-07T09:00Z = MAR5 + 2 days + 9 h; "Note" is not a field: an
     * attribute under the file's own spelling. */
    rows_eq(f->db,
            "SELECT member_id, type, source, occurred_at, value, attributes,"
            " external_id GLOB 'h:*' FROM activity",
            "1|purchase|export|1709802000|9.99|{\"Note\":\"first order\"}|1|\n");
    rows_eq(f->db, IDENT_ROWS, "1|email|frank@example.com|export|\n");
    rows_eq(f->db, "SELECT kinds FROM member", "customer|\n");

    /* --source names the idempotency source; the same bytes again under
     * another source would be every row a second time: refused, naming
     * the import to undo first (issue 13), and nothing written. */
    o.source = "till";
    kith_error_clear(&err);
    char *before = tu_db_dump(f->db);
    assert_int_equal(kith_import(f->st, f->org, path, &o, &r, &err), KITH_ESTATE);
    assert_string_equal(err.where, path);
    assert_non_null(strstr(err.msg, "imported before as import 1"));
    assert_non_null(strstr(err.msg, "kith imports undo 1"));
    char *after = tu_db_dump(f->db);
    assert_string_equal(before, after);
    free(before);
    free(after);
    /* Another file under --source is a source of its own. */
    tu_file(f->dir, "till.csv",
            "Mail,What,When,Amount\nfrank@example.com,purchase,2024-03-08,4.5\n", path,
            sizeof path);
    kith_error_clear(&err);
    assert_int_equal(kith_import(f->st, f->org, path, &o, &r, &err), KITH_OK);
    counts(&r, 1, 1, 0, 0, 0);
    rows_eq(f->db, "SELECT source, count(*) FROM activity GROUP BY 1 ORDER BY 1",
            "export|1|\ntill|1|\n");
}

static void test_initiatives_and_codes(void **state)
{
    fx *f = *state;
    kith_import_result r;
    import_ok(f, "initiatives", "initiatives.csv",
              "name,kind,channel,starts_at,ends_at,cost,in_kind_cost,volunteer_hours,"
              "codes,utm_campaign\n"
              "Spring Fair,event,street,2024-03-01,2024-03-31,\"\xE2\x82\xAC"
              "1,200.50\","
              "300,40,\"SPRING24, FAIR\",spring_fair\n"
              "Loyalty Card,program,shop,2024-01-01,,$0,,,LOYAL,\n",
              &r);
    counts(&r, 2, 2, 0, 0, 0);
    /* 2024-03-01 = MAR5 - 4 days = 1709251200; 2024-03-31 = 1711843200;
     * 2024-01-01 = 1704067200. */
    rows_eq(f->db,
            "SELECT id, name, kind, channel, starts_at, ends_at, cost, in_kind_cost,"
            " volunteer_hours, codes, utm_campaign FROM initiative ORDER BY id",
            "1|Spring Fair|event|street|1709251200|1711843200|1200.5|300.0|40.0|"
            "SPRING24, FAIR|spring_fair|\n"
            "2|Loyalty Card|program|shop|1704067200|NULL|0.0|0.0|0.0|LOYAL|NULL|\n");
    /* Activities find them by discount code (any case, any of the list),
     * by UTM campaign, or by name; an unknown code links nothing. */
    import_ok(f, "activities", "orders.csv",
              "id,type,occurred_at,email,value,code,initiative\n"
              "a1,purchase,2024-03-05,a@example.com,10,fair,\n"
              "a2,purchase,2024-03-05,a@example.com,10,loyal,\n"
              "a3,purchase,2024-03-05,a@example.com,10,SPRING_FAIR,\n"
              "a4,purchase,2024-03-05,a@example.com,10,NOPE,\n"
              "a5,purchase,2024-03-05,a@example.com,10,,loyalty card\n",
              &r);
    counts(&r, 5, 5, 0, 1, 0);
    rows_eq(f->db, "SELECT external_id, initiative_id, code FROM activity ORDER BY id",
            "a1|1|fair|\na2|2|loyal|\na3|1|SPRING_FAIR|\na4|NULL|NOPE|\na5|2|NULL|\n");
    assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM initiative"), 2);
    /* A later file naming it in another case updates the same initiative
     * (its stored name kept), it does not make a second one. */
    import_ok(f, "initiatives", "initiatives2.csv", "name,cost\nspring FAIR,999\n", &r);
    assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM initiative"), 2);
    rows_eq(f->db, "SELECT id, name, cost FROM initiative WHERE id = 1",
            "1|Spring Fair|999.0|\n");
}

static void test_ideas(void **state)
{
    fx *f = *state;
    kith_import_result r;
    import_ok(f, "members", "members.csv", MEMBERS_CSV, &r);
    import_ok(f, "activities", "forum.csv",
              "id,type,occurred_at,email,text\n"
              "t9,post,2024-01-10,bob@example.com,What about sourdough on Sundays?\n",
              &r);
    import_ok(
        f, "ideas", "ideas.csv",
        "id,title,status,proposed_at,shipped_at,email,origin_activity_source,"
        "origin_activity_id\n"
        "i1,Sourdough Sundays,Shipped,2024-01-10,2024-02-01,bob@example.com,forum,t9\n"
        "i2,Gluten-free range,under review,2024-02-15,,,,\n",
        &r);
    counts(&r, 2, 2, 0, 0, 0);
    /* 2024-01-10 = 1704844800, 2024-02-01 = 1706745600 (shipped without a
     * status change date: the change is the shipping), 2024-02-15 =
     * 1707955200. */
    rows_eq(f->db,
            "SELECT external_id, title, origin_member_id, origin_activity_id, status,"
            " proposed_at, status_changed_at, shipped_at FROM idea ORDER BY id",
            "i1|Sourdough Sundays|2|1|shipped|1704844800|1706745600|1706745600|\n"
            "i2|Gluten-free range|NULL|NULL|under_review|1707955200|NULL|NULL|\n");
}

static void test_social_and_web(void **state)
{
    fx *f = *state;
    kith_import_result r;
    import_ok(f, "social_posts", "posts.csv",
              "post_id,platform,date,reach,likes,comments,shares\n"
              "p1,instagram,2024-03-05T18:00:00Z,1200,85,7,\n"
              "p2,facebook,2024-03-06,300,\"1,000\",0,2\n",
              &r);
    counts(&r, 2, 2, 0, 0, 0);
    rows_eq(f->db,
            "SELECT channel, external_id, published_at, reach, impressions, reactions,"
            " comments, shares, saves, batch_id FROM social_post ORDER BY id",
            "instagram|p1|1709661600|1200|0|85|7|0|0|1|\n"
            "facebook|p2|1709683200|300|0|1000|0|2|0|1|\n");
    import_ok(f, "web_sessions", "web.jsonl",
              "{\"date\":\"2024-03-05\",\"source\":\"google\",\"medium\":\"organic\","
              "\"sessions\":120,\"conversions\":3}\n"
              "{\"date\":\"2024-03-05\",\"source\":\"newsletter\",\"utm_campaign\":"
              "\"spring24\","
              "\"sessions\":\"45\"}\n",
              &r);
    counts(&r, 2, 2, 0, 0, 0);
    rows_eq(f->db,
            "SELECT day, source, medium, campaign, region, city, sessions, conversions,"
            " batch_id FROM web_sessions ORDER BY id",
            "1709596800|google|organic||||120|3|2|\n"
            "1709596800|newsletter||spring24|||45|0|2|\n");
}

/* Row-level checks of the generic formats, each stopping the import with
 * the exact message. */
static void bad_row(fx *f, const char *format, const char *name, const char *text,
                    long line, const char *msg)
{
    char path[400], where[500];
    kith_error err;
    kith_import_result r;
    tu_file(f->dir, name, text, path, sizeof path);
    assert_int_equal(tu_import(f->st, f->org, format, path, NULL, &r, &err), KITH_EINPUT);
    snprintf(where, sizeof where, "%s:%ld", path, line);
    if (strcmp(err.where, where) != 0 || strcmp(err.msg, msg) != 0)
        fprintf(stderr, "got %s: %s\nwant %s: %s\n", err.where, err.msg, where, msg);
    assert_string_equal(err.where, where);
    assert_string_equal(err.msg, msg);
}

static void test_row_errors(void **state)
{
    fx *f = *state;
    bad_row(f, "activities", "a.csv",
            "type,occurred_at,email,value\n"
            "purchase,2024-03-05,a@example.com,1\n"
            "purchase,2024-03-05,a@example.com\n",
            3,
            "row has 3 fields but the header has 4; check for an unquoted comma or "
            "a missing field");
    bad_row(f, "activities", "a.csv",
            "type,occurred_at,email,value\n"
            "purchase,2024-03-05,a@example.com,12,50\n",
            2,
            "row has 5 fields but the header has 4; check for an unquoted comma or "
            "a missing field");
    bad_row(f, "activities", "a.csv",
            "type,occurred_at,email,value\npurchase,2024-03-05,a@example.com,\n", 2,
            "column 'value': a purchase activity needs the amount");
    bad_row(f, "activities", "a.csv",
            "type,occurred_at,email\nwalk,2024-03-05,a@example.com\n", 2,
            "column 'type': unknown activity type 'walk' (see docs/import.md)");
    bad_row(
        f, "activities", "a.csv", "type,When,Email\npost,2024-02-30,a@example.com\n", 2,
        "column 'When': '2024-02-30' is not a date/time: day out of range for the month");
    bad_row(f, "activities", "a.csv", "type,occurred_at,name\npost,2024-03-05,Alice\n", 2,
            "no identity on this row: give an email, phone, handle or member id (names "
            "alone are never merged)");
    bad_row(f, "activities", "a.csv",
            "type,occurred_at,email\npost,2024-03-05,alice(at)example.com\n", 2,
            "column 'email': 'alice(at)example.com' is not an email address");
    bad_row(f, "activities", "a.csv", "type,occurred_at,phone\npost,2024-03-05,12\n", 2,
            "column 'phone': '12' is not a phone number (6-15 digits, optional +country "
            "code)");
    bad_row(f, "activities", "a.csv",
            "type,occurred_at,email,value\nsurvey_response,2024-03-05,a@example.com,11\n",
            2, "column 'value': an nps score must be a whole number 0-10");
    bad_row(f, "activities", "a.csv",
            "type,occurred_at,email,value\ndonation,2024-03-05,a@example.com,12abc\n", 2,
            "column 'value': '12abc' is not a number");
    bad_row(f, "activities", "a.csv", "", 1, "the file is empty: expected a header line");
    bad_row(f, "social_posts", "s.csv",
            "id,channel,published_at,reach\np1,ig,2024-03-05,-3\n", 2,
            "column 'reach': '-3' is not a whole number >= 0");
    bad_row(f, "web_sessions", "w.csv", "day,sessions,conversions\n2024-03-05,3,4\n", 2,
            "column 'conversions': more conversions than sessions");
    bad_row(f, "ideas", "i.csv", "title,status,proposed_at\nX,maybe,2024-03-05\n", 2,
            "column 'status': unknown status 'maybe' (proposed, under_review, planned, "
            "shipped, declined)");
    bad_row(f, "initiatives", "n.csv", "name,colour\nA,red\n", 1,
            "column 'colour': unknown column (see docs/import.md, or rename it with "
            "--map 'colour=FIELD')");
    bad_row(f, "members", "m.csv", "email,Email\na@example.com,b@example.com\n", 1,
            "column 'Email': column appears twice in the header");
    bad_row(f, "members", "m.csv", "email,kinds\na@example.com,customer;vip\n", 2,
            "column 'kinds': unknown kind 'vip' (customer, employee, supplier, partner, "
            "local_org, online, other)");
    bad_row(f, "members", "m.jsonl", "{\"email\":\"a@example.com\"}\n{\"email\":\n", 2,
            "column 9: invalid JSON: unexpected token near end of file");
    bad_row(f, "members", "m.jsonl", "[1,2]\n", 1,
            "column 1: each line must be a JSON object");
    bad_row(f, "members", "m.jsonl", "{\"email\":{\"a\":1}}\n", 1,
            "column 'email': expected a string or number, not an object");
    /* Nothing of any of them was kept. */
    assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM import_batch"), 0);
    assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM member"), 0);
    assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM identity"), 0);
}

static void test_usage_errors(void **state)
{
    fx *f = *state;
    char path[400];
    kith_error err;
    kith_import_result r;
    tu_file(f->dir, "x.csv", "email\na@example.com\n", path, sizeof path);
    assert_int_equal(tu_import(f->st, f->org, "nosuch", path, NULL, &r, &err),
                     KITH_EUSAGE);
    assert_string_equal(err.msg,
                        "unknown import format 'nosuch' (see 'kith import --help')");
    assert_int_equal(tu_import(f->st, f->org, NULL, path, NULL, &r, &err), KITH_EUSAGE);
    char missing[400];
    snprintf(missing, sizeof missing, "%s/missing.csv", f->dir);
    assert_int_equal(tu_import(f->st, f->org, "members", missing, NULL, &r, &err),
                     KITH_EIO);
    assert_int_equal(tu_import(f->st, f->org + 1, "members", path, NULL, &r, &err),
                     KITH_ENOTFOUND);
    assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM member"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_members_csv, setup, teardown),
        cmocka_unit_test_setup_teardown(test_activities_csv_and_jsonl, setup, teardown),
        cmocka_unit_test_setup_teardown(test_map, setup, teardown),
        cmocka_unit_test_setup_teardown(test_initiatives_and_codes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ideas, setup, teardown),
        cmocka_unit_test_setup_teardown(test_social_and_web, setup, teardown),
        cmocka_unit_test_setup_teardown(test_row_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_usage_errors, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
