/* Dates as spreadsheets rewrite them (issue 13), through the importers.
 * Fixtures:
 *   eventbrite/attendees_excel_us.csv   an attendee report opened and saved
 *       again by Excel in the US: "11/29/24 22:28" (two-digit year, no
 *       seconds), numbers without decimals; the first row's 12/1/24 could
 *       be either order, a later 11/29/24 shows month first;
 *   eventbrite/attendees_uk_layout.csv  a report in the UK layout: "Order
 *       no.", "Surname", no "Attendee #" (two tickets in one order), dates
 *       29/11/2024 (day first) and 01/12/2024.
 * Epochs by hand: 2024-11-29 is day 19723 + 305 + 28 = 20056, 00:00Z =
 * 1732838400 (NOV29); 2024-03-05 00:00Z = 1709596800 (MAR5). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define NOV29 1732838400LL
#define DEC1 (NOV29 + 2 * 86400LL)
#define DEC3 (NOV29 + 4 * 86400LL)
#define MAR5 1709596800LL
#define MAY3 (MAR5 + 59 * 86400LL) /* 26 days of March, 30 of April, 3 */

static kith_code import(kith_store *st, int64_t org, const char *format, const char *path,
                        kith_import_result *res, kith_error *err)
{
    kith_import_opts o;
    memset(&o, 0, sizeof o);
    o.format = format;
    kith_error_clear(err);
    return kith_import(st, org, path, &o, res, err);
}

#define TICKETS                                                                          \
    "SELECT external_id, subtype, occurred_at, (SELECT display_name FROM member WHERE"   \
    " id=member_id) FROM activity ORDER BY external_id"

static void test_excel_us(void **state)
{
    (void)state;
    char db[300], path[512];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_fixture("eventbrite/attendees_excel_us.csv", path, sizeof path);
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, "eventbrite", path, &res, &err), KITH_OK);
    /* 4 tickets read; Ida's is Not Attending: 3 activities, 3 members. */
    assert_string_equal(res.read_unit[0], "tickets");
    assert_int_equal(res.read[0], 4);
    assert_int_equal(res.rows_imported, 3);
    assert_int_equal(res.skipped, 1);
    assert_string_equal(res.skipped_why,
                        "tickets not attending, refunded or cancelled 1");
    assert_int_equal(res.members_created, 3);
    /* 12/1/24 9:05 is 1 December (the file is month first): DEC1 + 32700;
     * 11/29/24 22:28 and 22:54: NOV29 + 80880 / + 82440. */
    tu_rows_eq(db, TICKETS,
               "18441500001|registered|1733043900|Rosa Parks|\n"
               "18441500002|registered|1732919280|Jane Doe|\n"
               "18441500003|registered|1732920840|John Roe|\n");
    assert_true(DEC1 + 32700 == 1733043900LL && NOV29 + 80880 == 1732919280LL);
    assert_int_equal(res.nnotes, 1);
    assert_string_equal(res.notes[0], "dates such as 3/5/24 were read month first "
                                      "(M/D/Y): the file shows it (line 3: '11/29/24 "
                                      "22:28')");
    kith_store_close(st);
}

static void test_uk_layout(void **state)
{
    (void)state;
    char db[300], path[512];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_fixture("eventbrite/attendees_uk_layout.csv", path, sizeof path);
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, "eventbrite", path, &res, &err), KITH_OK);
    assert_int_equal(res.read[0], 4);
    assert_int_equal(res.rows_imported, 4);
    assert_int_equal(res.members_created, 3);
    /* No Attendee #: order 7001's two tickets are 7001:1 and 7001:2.
     * 01/12/2024 09:05 is 1 December (the file shows day first at line 4):
     * DEC1 + 32700; 03/12/2024 18:40 is DEC3 + 67200. The surname is the
     * last name. */
    tu_rows_eq(db, TICKETS,
               "7001:1|registered|1733043900|Aoife Byrne|\n"
               "7001:2|registered|1733043900|Aoife Byrne|\n"
               "7002:1|registered|1732919280|Ciar\xC3\xA1n Doyle|\n"
               "7003:1|checked_in|1733251200|Eoin Fahy|\n");
    assert_true(DEC3 + 67200 == 1733251200LL);
    assert_int_equal(res.nnotes, 2);
    assert_non_null(strstr(res.notes[0], "the report has no Attendee # column"));
    assert_string_equal(res.notes[1], "dates such as 3/5/24 were read day first (D/M/Y): "
                                      "the file shows it (line 4: '29/11/2024 22:28')");
    /* Again: the same tickets, nothing added. */
    assert_int_equal(import(st, org, "eventbrite", path, &res, &err), KITH_OK);
    assert_int_equal(res.rows_imported, 0);
    assert_int_equal(res.rows_duplicate, 4);
    kith_store_close(st);
}

/* A file whose dates never show the order: the org decides. */
static const char *ambiguous = "Order #,Order Date,First Name,Last Name,Email,Attendee #,"
                               "Attendee Status\n"
                               "1,03/05/24 10:00,A,B,a@example.com,11,Attending\n"
                               "2,04/05/24 11:30,C,D,c@example.com,12,Attending\n";

static void ambiguous_in(const char *tz, const char *order, int64_t want1, int64_t want2,
                         const char *note_part)
{
    char db[300], dir[256], path[600], want[200];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_org_set(st, org, "timezone", tz, &err), KITH_OK);
    if (order)
        assert_int_equal(kith_org_set(st, org, "date_order", order, &err), KITH_OK);
    tu_tmpdir(dir, sizeof dir);
    tu_file(dir, "a.csv", ambiguous, path, sizeof path);
    kith_import_result res;
    assert_int_equal(import(st, org, "eventbrite", path, &res, &err), KITH_OK);
    snprintf(want, sizeof want, "11|%lld|\n12|%lld|\n", (long long)want1,
             (long long)want2);
    tu_rows_eq(db, "SELECT external_id, occurred_at FROM activity ORDER BY 1", want);
    assert_int_equal(res.nnotes, 1);
    if (!strstr(res.notes[0], note_part))
        fprintf(stderr, "note: %s\n", res.notes[0]);
    assert_non_null(strstr(res.notes[0], note_part));
    kith_store_close(st);
}

static void test_ambiguous_under_the_setting(void **state)
{
    (void)state;
    /* UTC names no country: month first. 03/05/24 10:00 = MAR5 + 36000;
     * 04/05/24 11:30 = 5 April = MAR5 + 31 days + 41400. */
    ambiguous_in("UTC", NULL, MAR5 + 36000, MAR5 + 31 * 86400LL + 41400,
                 "read month first (M/D/Y) (date_order auto, and the time zone names no "
                 "country with one clear order)");
    /* London: the UK writes the day first; 3 May 10:00 BST = 09:00Z,
     * 4 May 11:30 BST = 10:30Z. */
    ambiguous_in("Europe/London", NULL, MAY3 + 32400, MAY3 + 86400 + 37800,
                 "read day first (D/M/Y) (date_order auto, and the time zone's country "
                 "writes the day first)");
    /* Said outright. */
    ambiguous_in("UTC", "dmy", MAY3 + 36000, MAY3 + 86400 + 41400,
                 "read day first (D/M/Y), as the organisation's date_order says");
    /* 5 March is GMT (10:00Z), 5 April BST (11:30 = 10:30Z). */
    ambiguous_in("Europe/London", "mdy", MAR5 + 36000, MAR5 + 31 * 86400LL + 37800,
                 "read month first (M/D/Y), as the organisation's date_order says");
}

/* A file with dates of both orders: an ambiguous one is an error naming
 * the setting, unless the setting says. */
static void test_both_orders(void **state)
{
    (void)state;
    char db[300], dir[256], path[600], where[700];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_tmpdir(dir, sizeof dir);
    tu_file(dir, "mixed.csv",
            "Order #,Order Date,First Name,Last Name,Email,Attendee #,Attendee Status\n"
            "1,11/29/24 10:00,A,B,a@example.com,11,Attending\n"
            "2,29/11/24 11:00,C,D,c@example.com,12,Attending\n"
            "3,03/05/24 12:00,E,F,e@example.com,13,Attending\n",
            path, sizeof path);
    snprintf(where, sizeof where, "%s:4", path);
    tu_expect_refused(st, org, "eventbrite", db, path, where,
                      "column 'Order Date': '03/05/24 12:00': the day and the month "
                      "could be either way round, and this file has dates of both orders "
                      "(line 2: '11/29/24 10:00' is month first, line 3: '29/11/24 "
                      "11:00' day first); the organisation's date_order setting decides: "
                      "kith org set date_order mdy (or dmy)");
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_org_set(st, org, "date_order", "dmy", &err), KITH_OK);
    kith_import_result res;
    assert_int_equal(import(st, org, "eventbrite", path, &res, &err), KITH_OK);
    /* 11/29 and 29/11 can only be 29 November; 03/05/24 is 3 May. */
    tu_rows_eq(db, "SELECT external_id, occurred_at FROM activity ORDER BY 1",
               "11|1732874400|\n12|1732878000|\n13|1714737600|\n");
    assert_true(NOV29 + 36000 == 1732874400LL && MAY3 + 43200 == 1714737600LL);
    kith_store_close(st);
}

/* The generic formats read them too (a spreadsheet saved as CSV). */
static void test_generic_day_first(void **state)
{
    (void)state;
    char db[300], dir[256], path[600];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_tmpdir(dir, sizeof dir);
    tu_file(dir, "a.csv",
            "id,type,occurred_at,email\n"
            "x1,post,03/05/2024,a@example.com\n"
            "x2,post,13/05/2024 08:00,a@example.com\n"
            "x3,post,29.11.24 22:28,a@example.com\n"
            "x4,post,29-Nov-24,a@example.com\n",
            path, sizeof path);
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, "activities", path, &res, &err), KITH_OK);
    /* 13/05 shows day first: 03/05/2024 is 3 May; 13 May 08:00 is MAY3 +
     * 10 days + 28800; the dotted and month-name dates are 29 November. */
    tu_rows_eq(db, "SELECT external_id, occurred_at FROM activity ORDER BY 1",
               "x1|1714694400|\nx2|1715587200|\nx3|1732919280|\nx4|1732838400|\n");
    assert_true(MAY3 == 1714694400LL && MAY3 + 10 * 86400 + 28800 == 1715587200LL);
    kith_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_excel_us),
        cmocka_unit_test(test_uk_layout),
        cmocka_unit_test(test_ambiguous_under_the_setting),
        cmocka_unit_test(test_both_orders),
        cmocka_unit_test(test_generic_day_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
