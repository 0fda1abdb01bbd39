/* Bulk loading: an activity import larger than the activity table drops
 * the table's non-unique indexes for the load and builds them again before
 * commit. Whatever happens, the schema afterwards is the schema before
 * (same index names and definitions), whether the import commits, stops at
 * a bad row (rollback) or merges members in the middle of the load (which
 * needs the member index back). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define INDEX_SQL                                                                        \
    "SELECT group_concat(name || ': ' || sql, char(10)) FROM"                            \
    " (SELECT name, sql FROM sqlite_schema WHERE type='index' AND"                       \
    "  tbl_name='activity' ORDER BY name)"

/* The activity indexes as the schema defines them (schema.c, migrations 1
 * and 2), written out by hand; the unique index has no SQL. */
static const char want_indexes[] =
    "activity_member: CREATE INDEX activity_member ON activity(member_id, occurred_at)\n"
    "activity_target: CREATE INDEX activity_target ON activity(target_member_id)"
    " WHERE target_member_id IS NOT NULL\n"
    "activity_type_time: CREATE INDEX activity_type_time ON activity(org_id, type,"
    " occurred_at)";

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

static void indexes_intact(fx *f)
{
    char *got = tu_sql_text(f->db, INDEX_SQL);
    /* The unique index of UNIQUE(org_id, source, external_id) has NULL SQL
     * and so drops out of the concatenation. */
    assert_string_equal(got, want_indexes);
    free(got);
    assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM sqlite_schema WHERE"
                                       " name='sqlite_autoindex_activity_1'"),
                     1);
    char *check = tu_sql_text(f->db, "PRAGMA integrity_check");
    assert_string_equal(check, "ok");
    free(check);
}

/* A CSV of n purchases a1..an by ann and bob alternately (made big enough
 * for the estimate of 200 bytes a row to exceed the rows stored). */
static void write_rows(const char *path, int n, int first)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fprintf(fp, "id,type,occurred_at,email,value,text\n");
    for (int i = first; i < first + n; i++)
        fprintf(fp, "a%d,purchase,2024-03-%02d,%s@example.com,%d,%0200d\n", i, 1 + i % 28,
                i % 2 ? "bob" : "ann", i, 0);
    fclose(fp);
}

static void commits_with_indexes(void **state)
{
    fx *f = *state;
    char path[400];
    snprintf(path, sizeof path, "%s/acts.csv", f->dir);
    write_rows(path, 50, 1);
    kith_error err;
    kith_import_result r;
    assert_int_equal(tu_import(f->st, f->org, "activities", path, NULL, &r, &err),
                     KITH_OK);
    assert_int_equal(r.rows_imported, 50);
    indexes_intact(f);
    /* The rebuilt member index answers: ann has the even ids 2..50. */
    assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM activity INDEXED BY"
                                       " activity_member WHERE member_id=(SELECT"
                                       " member_id FROM identity WHERE"
                                       " value='ann@example.com')"),
                     25);
    /* Again: every row is already there, indexes or not during the load. */
    assert_int_equal(tu_import(f->st, f->org, "activities", path, NULL, &r, &err),
                     KITH_OK);
    assert_int_equal(r.rows_imported, 0);
    assert_int_equal(r.rows_duplicate, 50);
    indexes_intact(f);
}

static void rollback_restores_indexes(void **state)
{
    fx *f = *state;
    char path[400];
    snprintf(path, sizeof path, "%s/bad.csv", f->dir);
    write_rows(path, 40, 1);
    FILE *fp = fopen(path, "a");
    fprintf(fp, "a99,purchase,not a date,ann@example.com,1,x\n");
    fclose(fp);
    kith_error err;
    kith_import_result r;
    assert_int_equal(tu_import(f->st, f->org, "activities", path, NULL, &r, &err),
                     KITH_EINPUT);
    assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM activity"), 0);
    indexes_intact(f);
    /* The store goes on working after the rollback. */
    snprintf(path, sizeof path, "%s/good.csv", f->dir);
    write_rows(path, 10, 1);
    assert_int_equal(tu_import(f->st, f->org, "activities", path, NULL, &r, &err),
                     KITH_OK);
    assert_int_equal(r.rows_imported, 10);
    indexes_intact(f);
}

static void merge_during_bulk(void **state)
{
    fx *f = *state;
    char path[400];
    snprintf(path, sizeof path, "%s/m.csv", f->dir);
    /* bob is known with email and phone; ann appears first in this file
     * (20 rows), then one row names ann's email with bob's phone. */
    char mpath[400];
    tu_file(f->dir, "mem.csv", "email,phone\nbob@example.com,+44 7700 900123\n", mpath,
            sizeof mpath);
    kith_error err;
    kith_import_result r;
    assert_int_equal(tu_import(f->st, f->org, "members", mpath, NULL, &r, &err), KITH_OK);
    FILE *fp = fopen(path, "w");
    fprintf(fp, "id,type,occurred_at,email,phone,value,text\n");
    for (int i = 1; i <= 20; i++)
        fprintf(fp, "a%d,purchase,2024-03-%02d,ann@example.com,,%d,%0200d\n", i, i, i, 0);
    fprintf(fp, "b1,purchase,2024-04-01,ann@example.com,+44 7700 900123,7,x\n");
    fprintf(fp, "b2,purchase,2024-04-02,ann@example.com,,8,x\n");
    fclose(fp);
    assert_int_equal(tu_import(f->st, f->org, "activities", path, NULL, &r, &err),
                     KITH_OK);
    assert_int_equal(r.rows_imported, 22);
    assert_int_equal(r.merges, 1);
    indexes_intact(f);
    /* bob (member 1, from the members file) was kept; ann's 20 earlier
     * activities moved to him with the row that tied them, and the last. */
    assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM activity WHERE"
                                       " member_id=(SELECT member_id FROM identity"
                                       " WHERE value='bob@example.com')"),
                     22);
    assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM member WHERE"
                                       " merged_into IS NULL"),
                     1);
}

/* Reject mode: a row merges two members (which builds the indexes again
 * inside the row's savepoint), then fails on its target column; the row is
 * rolled back, with the merge and the rebuilt indexes. The indexes must
 * still be there after commit. */
static void rejected_merge_row(void **state)
{
    fx *f = *state;
    char mpath[400], path[400], rej[400];
    tu_file(f->dir, "mem.csv", "email,phone\nbob@example.com,+44 7700 900123\n", mpath,
            sizeof mpath);
    kith_error err;
    kith_import_result r;
    assert_int_equal(tu_import(f->st, f->org, "members", mpath, NULL, &r, &err), KITH_OK);
    snprintf(path, sizeof path, "%s/r.csv", f->dir);
    snprintf(rej, sizeof rej, "%s/r.rej.csv", f->dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fprintf(fp, "id,type,occurred_at,email,phone,target_email,value,text\n");
    for (int i = 1; i <= 20; i++)
        fprintf(fp, "a%d,purchase,2024-03-%02d,ann@example.com,,,%d,%0200d\n", i, i, i,
                0);
    fprintf(fp, "b1,purchase,2024-04-01,ann@example.com,+44 7700 900123,nobody,7,x\n");
    fprintf(fp, "b2,purchase,2024-04-02,ann@example.com,,,8,x\n");
    fclose(fp);
    assert_int_equal(tu_import(f->st, f->org, "activities", path, rej, &r, &err),
                     KITH_OK);
    assert_int_equal(r.rows_imported, 21);
    assert_int_equal(r.rows_rejected, 1);
    assert_int_equal(r.merges, 0);
    indexes_intact(f);
    /* ann and bob stay two people; ann has a1..a20 and b2. */
    assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM member WHERE"
                                       " merged_into IS NULL"),
                     2);
    assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM activity WHERE"
                                       " member_id=(SELECT member_id FROM identity"
                                       " WHERE value='ann@example.com')"),
                     21);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(commits_with_indexes, setup, teardown),
        cmocka_unit_test_setup_teardown(rollback_restores_indexes, setup, teardown),
        cmocka_unit_test_setup_teardown(merge_during_bulk, setup, teardown),
        cmocka_unit_test_setup_teardown(rejected_merge_row, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
