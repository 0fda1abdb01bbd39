/* eventbrite adapter: tests/fixtures/eventbrite/attendees.csv is an
 * attendee summary report (Eventbrite's header, quoted commas and quotes,
 * a two-ticket order under one email, checked-in and not, a refunded
 * ticket). Expected values were worked out by hand from the file; epochs
 * from the Order Date offsets (2024-04-02 18:05:10-04:00 = 22:05:10Z =
 * 19815 days * 86400 + 79510 = 1712095510). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static kith_code import(kith_store *st, int64_t org, const char *path, const char *reject,
                        kith_import_result *res, kith_error *err)
{
    kith_import_opts o;
    memset(&o, 0, sizeof o);
    o.format = "eventbrite";
    o.reject_file = reject;
    kith_error_clear(err);
    return kith_import(st, org, path, &o, res, err);
}

static void assert_sql_text(const char *db, const char *sql, const char *want)
{
    char *got = tu_sql_text(db, sql);
    if (!want) {
        assert_null(got);
        return;
    }
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

/* type|subtype|occurred_at|value|initiative|email of the member */
static void assert_activity(const char *db, const char *ext, const char *want)
{
    char sql[1024];
    snprintf(sql, sizeof sql,
             "SELECT type||'|'||coalesce(subtype,'')||'|'||occurred_at||'|'||"
             "coalesce(value,'')||'|'||"
             "coalesce((SELECT name FROM initiative WHERE id=a.initiative_id),'')"
             "||'|'||(SELECT value FROM identity WHERE member_id=a.member_id"
             " AND kind='email')"
             " FROM activity a WHERE source='eventbrite' AND external_id='%s'",
             ext);
    assert_sql_text(db, sql, want);
}

static void member_of(const char *db, const char *email, const char *want)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT coalesce(m.display_name,'(none)')||'|'||m.kinds FROM member m"
             " JOIN identity i ON i.member_id=m.id WHERE i.value='%s'",
             email);
    assert_sql_text(db, sql, want);
}

static void test_attendees_exact(void **state)
{
    (void)state;
    char db[512], path[512];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_fixture("eventbrite/attendees.csv", path, sizeof path);
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, path, NULL, &res, &err), KITH_OK);
    assert_int_equal(res.rows_read, 5);
    assert_int_equal(res.rows_imported, 4); /* Katherine's ticket was refunded */
    assert_int_equal(res.rows_rejected, 0);
    assert_int_equal(res.members_created, 3);

    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM member"), 3);
    assert_sql_text(db,
                    "SELECT group_concat(kind||'='||value, ';') FROM"
                    " (SELECT kind, value FROM identity ORDER BY kind, value)",
                    "email=alan@example.com;email=grace@example.com;"
                    "email=mary@example.com;phone=12025550142;phone=2025550199");
    /* No kind: a ticket is not a purchase. */
    member_of(db, "grace@example.com", "Grace Hopper|");
    member_of(db, "12025550142", "Grace Hopper|");
    member_of(db, "alan@example.com", "Alan Turing|");
    member_of(db, "mary@example.com", "Mary Jackson|");
    member_of(db, "2025550199", "Mary Jackson|");

    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM activity"), 4);
    assert_activity(
        db, "12000000001",
        "event_attend|checked_in|1712095510||Spring Makers Market|grace@example.com");
    assert_activity(
        db, "12000000002",
        "event_attend|registered|1712095510||Spring Makers Market|grace@example.com");
    assert_activity(
        db, "12000000003",
        "event_attend|registered|1712150100||Repair Café, April|alan@example.com");
    assert_activity(
        db, "12000000005",
        "event_attend|checked_in|1712233800||Repair Café, April|mary@example.com");
    assert_activity(db, "12000000004", NULL);
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM identity WHERE value"
                                    " = 'kj@example.com'"),
                     0);
    assert_sql_text(db,
                    "SELECT group_concat(name, ';') FROM (SELECT name FROM initiative"
                    " ORDER BY name)",
                    "Repair Café, April;Spring Makers Market");
    assert_sql_text(db,
                    "SELECT json_extract(attributes,'$.order')||'|'||"
                    "json_extract(attributes,'$.ticket_type')||'|'||"
                    "json_extract(attributes,'$.total_paid')"
                    " FROM activity WHERE external_id='12000000001'",
                    "9000000001|General Admission|20.00");
    kith_store_close(st);
}

static void test_reimport_adds_nothing(void **state)
{
    (void)state;
    char db[512], path[512];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_fixture("eventbrite/attendees.csv", path, sizeof path);
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, path, NULL, &res, &err), KITH_OK);
    assert_int_equal(import(st, org, path, NULL, &res, &err), KITH_OK);
    assert_int_equal(res.rows_imported, 0);
    assert_int_equal(res.rows_duplicate, 4);
    assert_int_equal(res.members_created, 0);
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM activity"), 4);
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM member"), 3);
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM initiative"), 2);
    kith_store_close(st);
}

static void test_bad_row_stops(void **state)
{
    (void)state;
    char db[512], path[512], where[600];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_fixture("eventbrite/attendees_bad.csv", path, sizeof path);
    char *before = tu_db_dump(db);
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, path, NULL, &res, &err), KITH_EINPUT);
    snprintf(where, sizeof where, "%s:3", path);
    assert_string_equal(err.where, where);
    /* A date is what the row cannot live without (an unreadable email
     * would only be left out: test_lenient_fields). */
    assert_string_equal(err.msg,
                        "column 'Order Date': '2024-05-32 11:00:00-04:00' is not "
                        "a date/time: day out of range for the month");
    char *after = tu_db_dump(db);
    assert_string_equal(before, after);
    free(before);
    free(after);
    kith_store_close(st);
}

static void test_bad_row_to_reject_file(void **state)
{
    (void)state;
    char db[512], path[512], dir[256], rej[512], want[2048];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_fixture("eventbrite/attendees_bad.csv", path, sizeof path);
    tu_tmpdir(dir, sizeof dir);
    snprintf(rej, sizeof rej, "%s/rejects.csv", dir);
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, path, rej, &res, &err), KITH_OK);
    assert_int_equal(res.rows_read, 3);
    assert_int_equal(res.rows_imported, 2);
    assert_int_equal(res.rows_rejected, 1);
    assert_activity(db, "12100000001",
                    "event_attend|registered|1714572000||Summer Swap|hedy@example.com");
    assert_activity(
        db, "12100000003",
        "event_attend|checked_in|1714579200||Summer Swap|rosalind@example.com");
    assert_activity(db, "12100000002", NULL);
    snprintf(want, sizeof want,
             "9100000002,2024-05-32 11:00:00-04:00,Emmy,Noether,emmy@example.com,1,,"
             "General Admission,12100000002,,Eventbrite Completed,USD,10.00,0.90,0.90,"
             "0.00,Attending,Summer Swap,800000003,,,%s:3: column 'Order Date': "
             "'2024-05-32 11:00:00-04:00' is not a date/time: day out of range for the "
             "month\n",
             path);
    char *text = tu_read_file(rej);
    assert_non_null(text);
    assert_string_equal(text, want);
    free(text);
    kith_store_close(st);
}

static void test_missing_column(void **state)
{
    (void)state;
    char db[512], dir[256], path[512], where[600];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/attendees.csv", dir);
    tu_write_file(path, "Order #,Order Date,First Name,Last Name,Attendee #\n"
                        "1,2024-01-01,A,B,7\n");
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, path, NULL, &res, &err), KITH_EINPUT);
    snprintf(where, sizeof where, "%s:1", path);
    assert_string_equal(err.where, where);
    /* Attendee # may be missing (test_spreadsheet_dates); Email may not. */
    assert_string_equal(err.msg, "column 'Email': required column is missing from "
                                 "the header (is this the right export for format "
                                 "eventbrite?)");
    kith_store_close(st);
}

/* A layout with a separate "Checked In" column (Yes/No), columns in another
 * order and case; an unknown status is a bad row naming the column. */
static void test_checked_in_column_and_unknown_status(void **state)
{
    (void)state;
    char db[512], dir[256], path[512];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/attendees.csv", dir);
    tu_write_file(path,
                  "email,attendee #,checked in,attendee status,last name,first name,"
                  "order date,order #\n"
                  "ana@example.com,77,Yes,Attending,Reyes,Ana,2024-06-01 10:00:00,5\n"
                  "bo@example.com,78,No,Attending,,Bo,2024-06-01 11:00:00,6\n");
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, path, NULL, &res, &err), KITH_OK);
    assert_activity(db, "77", "event_attend|checked_in|1717236000|||ana@example.com");
    assert_activity(db, "78", "event_attend|registered|1717239600|||bo@example.com");
    member_of(db, "bo@example.com", "Bo|");

    snprintf(path, sizeof path, "%s/attendees2.csv", dir);
    tu_write_file(path, "Order #,Order Date,First Name,Last Name,Email,Attendee #,"
                        "Attendee Status\n"
                        "1,2024-01-01,A,B,a@example.com,91,Waitlisted\n");
    assert_int_equal(import(st, org, path, NULL, &res, &err), KITH_EINPUT);
    assert_string_equal(err.msg, "column 'Attendee Status': unknown attendee status "
                                 "'Waitlisted' (Attending, Checked In, Not Attending, "
                                 "Refunded, Cancelled, Deleted, Transferred)");
    kith_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_attendees_exact),
        cmocka_unit_test(test_reimport_adds_nothing),
        cmocka_unit_test(test_bad_row_stops),
        cmocka_unit_test(test_bad_row_to_reject_file),
        cmocka_unit_test(test_missing_column),
        cmocka_unit_test(test_checked_in_column_and_unknown_status),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
