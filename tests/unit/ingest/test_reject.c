/* --reject-file: bad rows go to a CSV with the input's header plus a
 * "reason" column (so the file can be fixed and imported again), the good
 * rows are imported, and the batch records the counts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

typedef struct {
    char dir[256];
    char db[300];
    char rej[400];
    kith_store *st;
    int64_t org;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->st = tu_store_new(f->db, sizeof f->db, &f->org);
    tu_tmpdir(f->dir, sizeof f->dir);
    snprintf(f->rej, sizeof f->rej, "%s/rejects.csv", f->dir);
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

static void file_eq(const char *path, const char *want)
{
    char *got = tu_read_file(path);
    assert_non_null(got);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "-- %s:\n%s-- want:\n%s", path, got, want);
    assert_string_equal(got, want);
    free(got);
}

static void test_csv_rejects(void **state)
{
    fx *f = *state;
    char path[400], want[4096];
    kith_error err;
    kith_import_result r;
    tu_file(f->dir, "acts.csv",
            "id,type,occurred_at,email,value\n"
            "r1,purchase,2024-03-05,a@example.com,10\n"
            "r2,purchase,2024-02-30,b@example.com,5\n"
            "r3,\"post\",\"2024-03-06\",c@example.com,\n"
            "r4,purchase,2024-03-07,not-an-email,\"1,500\"\n"
            "r5,post,2024-03-08,a@example.com\n"
            "r6,\"say \"\"hi\"\"\",2024-03-08,a@example.com,\n",
            path, sizeof path);
    assert_int_equal(tu_import(f->st, f->org, "activities", path, f->rej, &r, &err),
                     KITH_OK);
    assert_int_equal(r.rows_read, 6);
    assert_int_equal(r.rows_imported, 2);
    assert_int_equal(r.rows_duplicate, 0);
    assert_int_equal(r.rows_rejected, 4);
    assert_int_equal(r.members_created, 2);
    snprintf(want, sizeof want,
             "id,type,occurred_at,email,value,reason\n"
             "r2,purchase,2024-02-30,b@example.com,5,%s:3: column 'occurred_at': "
             "'2024-02-30' is not a date/time: day out of range for the month\n"
             "r4,purchase,2024-03-07,not-an-email,\"1,500\",%s:5: column 'email': "
             "'not-an-email' is not an email address\n"
             "r5,post,2024-03-08,a@example.com,%s:6: row has 4 fields but the header "
             "has 5; check for an unquoted comma or a missing field\n"
             "r6,\"say \"\"hi\"\"\",2024-03-08,a@example.com,,%s:7: column 'type': "
             "unknown activity type 'say \"hi\"' (see docs/import.md)\"\n",
             path, path, path, path);
    /* The last reason holds a quote, so it is quoted and doubled. */
    char *q = strstr(want, "r6,");
    q = strstr(q, ",,") + 2;
    char tail[1024];
    snprintf(tail, sizeof tail,
             "\"%s:7: column 'type': unknown activity type "
             "'say \"\"hi\"\"' (see docs/import.md)\"\n",
             path);
    strcpy(q, tail);
    file_eq(f->rej, want);
    rows_eq(f->db, "SELECT external_id, member_id, type FROM activity ORDER BY id",
            "r1|1|purchase|\nr3|2|post|\n");
    rows_eq(f->db, "SELECT value FROM identity ORDER BY id",
            "a@example.com|\nc@example.com|\n");
    rows_eq(f->db,
            "SELECT rows_read, rows_imported, rows_duplicate, rows_rejected,"
            " members_created, status FROM import_batch",
            "6|2|0|4|2|partial|\n");
}

static void test_rejected_row_undoes_its_member(void **state)
{
    fx *f = *state;
    char path[400], want[2048];
    kith_error err;
    kith_import_result r;
    /* s1 creates new@ and then fails on its target; s2 names new@ again
     * and must get a member that exists (the one s1 made was undone). */
    tu_file(f->dir, "replies.csv",
            "id,type,occurred_at,email,target_email,initiative\n"
            "s1,reply,2024-03-05,new@example.com,bad-target,Ghost Fair\n"
            "s2,post,2024-03-05,new@example.com,,\n"
            "s3,post,2024-03-05,other@example.com,,Ghost Fair\n",
            path, sizeof path);
    kith_code rc = tu_import(f->st, f->org, "activities", path, f->rej, &r, &err);
    if (rc != KITH_OK) {
        char buf[2048];
        fprintf(stderr, "%s\n", kith_error_format(&err, buf, sizeof buf));
    }
    assert_int_equal(rc, KITH_OK);
    assert_int_equal(r.rows_imported, 2);
    assert_int_equal(r.rows_rejected, 1);
    assert_int_equal(r.members_created, 2);
    snprintf(want, sizeof want,
             "id,type,occurred_at,email,target_email,initiative,reason\n"
             "s1,reply,2024-03-05,new@example.com,bad-target,Ghost Fair,%s:2: column "
             "'target_email': 'bad-target' is not an email address\n",
             path);
    file_eq(f->rej, want);
    rows_eq(f->db,
            "SELECT a.external_id, m.id, i.value FROM activity a JOIN member m ON"
            " m.id=a.member_id JOIN identity i ON i.member_id=m.id ORDER BY a.id",
            "s2|1|new@example.com|\ns3|2|other@example.com|\n");
    rows_eq(f->db, "SELECT id, name FROM initiative", "1|Ghost Fair|\n");
    rows_eq(f->db, "SELECT initiative_id FROM activity ORDER BY id", "NULL|\n1|\n");
    assert_int_equal(tu_sql_int(f->db, "PRAGMA foreign_key_check"), -1);
}

static void test_jsonl_rejects(void **state)
{
    fx *f = *state;
    char path[400], want[2048];
    kith_error err;
    kith_import_result r;
    tu_file(f->dir, "m.jsonl",
            "{\"email\":\"a@example.com\",\"name\":\"A\"}\n"
            "{\"email\":\"b@example\"}\n"
            "not json\n"
            "{\"email\":\"c@example.com\",\"kinds\":\"customer\"}\n",
            path, sizeof path);
    assert_int_equal(tu_import(f->st, f->org, "members", path, f->rej, &r, &err),
                     KITH_OK);
    assert_int_equal(r.rows_read, 4);
    assert_int_equal(r.rows_imported, 2);
    assert_int_equal(r.rows_rejected, 2);
    snprintf(want, sizeof want,
             "record,reason\n"
             "\"{\"\"email\"\":\"\"b@example\"\"}\",%s:2: column 'email': 'b@example' is "
             "not an email address\n"
             "not json,%s:3: column 3: invalid JSON: '[' or '{' expected near 'not'\n",
             path, path);
    file_eq(f->rej, want);
    rows_eq(f->db, "SELECT display_name, kinds FROM member ORDER BY id",
            "A||\nNULL|customer|\n");
}

static void test_no_bad_rows(void **state)
{
    fx *f = *state;
    char path[400];
    kith_error err;
    kith_import_result r;
    tu_file(f->dir, "ok.csv", "email\na@example.com\n", path, sizeof path);
    assert_int_equal(tu_import(f->st, f->org, "members", path, f->rej, &r, &err),
                     KITH_OK);
    assert_int_equal(r.rows_rejected, 0);
    /* Only the header: nothing to fix. */
    file_eq(f->rej, "email,reason\n");
    rows_eq(f->db, "SELECT status FROM import_batch", "ok|\n");
    /* An unwritable reject file is an i/o error before anything happens. */
    char bad[500];
    snprintf(bad, sizeof bad, "%s/no/such/dir/r.csv", f->dir);
    assert_int_equal(tu_import(f->st, f->org, "members", path, bad, &r, &err), KITH_EIO);
    assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM import_batch"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_csv_rejects, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rejected_row_undoes_its_member, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_jsonl_rejects, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_bad_rows, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
