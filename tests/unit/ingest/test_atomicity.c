/* One file is one transaction: a bad row at line N stops the import with
 * "FILE:N: column 'X': reason" and leaves every table (rows and content)
 * exactly as before, whatever the good rows before it had done: new
 * members, identities, initiatives, merges, updated fields. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

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
    /* The bad files name Ann P by her national number (07700 900123). */
    kith_error e;
    kith_error_clear(&e);
    assert_int_equal(kith_org_set(f->st, f->org, "phone_country_code", "44", &e),
                     KITH_OK);
    char path[400];
    kith_error err;
    kith_import_result r;
    /* Existing data that the bad files touch. */
    tu_file(f->dir, "members.csv",
            "email,phone,name,postcode\n"
            "ann@example.com,,Ann,\n"
            ",+44 7700 900123,Ann P,AB1 2CD\n",
            path, sizeof path);
    assert_int_equal(tu_import(f->st, f->org, "members", path, NULL, &r, &err), KITH_OK);
    tu_file(f->dir, "base.csv",
            "id,type,occurred_at,email,value\nx1,purchase,2024-03-01,ann@example.com,5\n",
            path, sizeof path);
    assert_int_equal(tu_import(f->st, f->org, "activities", path, NULL, &r, &err),
                     KITH_OK);
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

/* Import text as name; expect KITH_EINPUT at line with msg and an
 * unchanged database. */
static void stops_at(fx *f, const char *format, const char *name, const char *text,
                     long line, const char *msg)
{
    char path[400], where[500];
    kith_error err;
    kith_import_result r;
    tu_file(f->dir, name, text, path, sizeof path);
    char *before = tu_db_dump(f->db);
    int64_t batches = tu_sql_int(f->db, "SELECT count(*) FROM import_batch");
    assert_int_equal(tu_import(f->st, f->org, format, path, NULL, &r, &err), KITH_EINPUT);
    snprintf(where, sizeof where, "%s:%ld", path, line);
    if (strcmp(err.where, where) != 0 || strcmp(err.msg, msg) != 0)
        fprintf(stderr, "got %s: %s\nwant %s: %s\n", err.where, err.msg, where, msg);
    assert_string_equal(err.where, where);
    assert_string_equal(err.msg, msg);
    /* The formatted message is what the CLI prints. */
    char buf[2048], want[2048];
    snprintf(want, sizeof want, "%s:%ld: %s", path, line, msg);
    assert_string_equal(kith_error_format(&err, buf, sizeof buf), want);
    char *after = tu_db_dump(f->db);
    assert_string_equal(after, before);
    assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM import_batch"), batches);
    free(before);
    free(after);
}

/* Good rows that create members, an initiative, a merge and an update
 * before the bad one. */
#define GOOD_ROWS                                                                        \
    "g1,purchase,2024-03-05,new1@example.com,,10,Fair\n"                                 \
    "g2,post,2024-03-05,ann@example.com,07700 900123,,Fair\n"                            \
    "g3,purchase,2024-03-06,new2@example.com,,7,Brand New Initiative\n"

#define HEAD "id,type,occurred_at,email,phone,value,initiative\n"

static void test_bad_date_last(void **state)
{
    fx *f = *state;
    /* Rows on lines 2-4 are fine; line 5 is not. */
    stops_at(f, "activities", "acts.csv",
             HEAD GOOD_ROWS "g4,purchase,2024-02-30,new3@example.com,,1,\n", 5,
             "column 'occurred_at': '2024-02-30' is not a date/time: day out of "
             "range for the month");
}

static void test_bad_row_in_the_middle(void **state)
{
    fx *f = *state;
    stops_at(f, "activities", "acts.csv",
             HEAD GOOD_ROWS "g4,purchase,2024-03-07,new3@example.com,,-1,\n"
                            "g5,purchase,2024-03-07,new4@example.com,,1,\n",
             5, "column 'value': the amount cannot be negative");
}

static void test_line_numbers_count_physical_lines(void **state)
{
    fx *f = *state;
    /* The record of line 2 spans lines 2-4; the bad one starts on 5. */
    stops_at(f, "activities", "acts.csv",
             "id,type,occurred_at,email,text\n"
             "m1,post,2024-03-05,ann@example.com,\"one\ntwo\nthree\"\n"
             "m2,post,2024-03-05,ann@example.com\n",
             5,
             "row has 4 fields but the header has 5; check for an unquoted comma or "
             "a missing field");
}

static void test_reader_errors(void **state)
{
    fx *f = *state;
    stops_at(f, "activities", "acts.csv", HEAD GOOD_ROWS "g4,post,2024-03-07,\"open\n", 5,
             "column 4: quoted field is not closed before the end of the file");
    stops_at(f, "activities", "acts.csv",
             HEAD GOOD_ROWS "g4,post,x\"y,a@example.com,,,\n", 5,
             "column 3: malformed CSV quoting (error parsing data while strict "
             "checking enabled); a quote inside a field must be doubled and the "
             "field quoted");
    char nul[512];
    size_t n =
        (size_t)snprintf(nul, sizeof nul, "%s%sg4,post,2024-03-07,a", HEAD, GOOD_ROWS);
    memcpy(nul + n, "\0@example.com,,,\n", 18);
    char path[400];
    snprintf(path, sizeof path, "%s/nul.csv", f->dir);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fwrite(nul, 1, n + 17, fp);
    fclose(fp);
    char *before = tu_db_dump(f->db);
    kith_error err;
    kith_import_result r;
    assert_int_equal(tu_import(f->st, f->org, "activities", path, NULL, &r, &err),
                     KITH_EINPUT);
    char where[500];
    snprintf(where, sizeof where, "%s:5", path);
    assert_string_equal(err.where, where);
    assert_string_equal(err.msg, "column 4: NUL byte in the data");
    char *after = tu_db_dump(f->db);
    assert_string_equal(after, before);
    free(before);
    free(after);
}

static void test_jsonl(void **state)
{
    fx *f = *state;
    stops_at(f, "activities", "acts.jsonl",
             "{\"id\":\"j1\",\"type\":\"post\",\"occurred_at\":\"2024-03-05\","
             "\"email\":\"new1@example.com\"}\n"
             "{\"id\":\"j2\",\"type\":\"post\",\"occurred_at\":\"2024-03-05\","
             "\"email\":\"ann@example.com\",\"phone\":\"+447700900123\"}\n"
             "\n"
             "{\"id\":\"j3\",\"type\":\"post\",\"occurred_at\":\"2024-03-05\",}\n",
             4, "column 53: invalid JSON: string or '}' expected near '}'");
    stops_at(f, "activities", "acts.jsonl",
             "{\"id\":\"j1\",\"type\":\"post\",\"occurred_at\":\"2024-03-05\","
             "\"email\":\"new1@example.com\"}\n"
             "{\"id\":\"j2\",\"type\":\"post\",\"email\":\"ann@example.com\"}\n",
             2, "column 'occurred_at': required field is missing");
}

static void test_member_updates_rolled_back(void **state)
{
    fx *f = *state;
    /* Row 2 renames Ann and gives her a postcode; row 3 is bad: Ann must
     * keep her old fields. */
    stops_at(f, "members", "members2.csv",
             "email,name,postcode,lat\n"
             "ann@example.com,Ann Renamed,ZZ9 9ZZ,\n"
             "zed@example.com,Zed,,91\n",
             3, "column 'lon': lat and lon go together");
    assert_int_equal(tu_sql_int(f->db,
                                "SELECT count(*) FROM member WHERE display_name='Ann'"
                                " AND postcode IS NULL"),
                     1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_bad_date_last, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_row_in_the_middle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_line_numbers_count_physical_lines, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_reader_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_jsonl, setup, teardown),
        cmocka_unit_test_setup_teardown(test_member_updates_rolled_back, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
