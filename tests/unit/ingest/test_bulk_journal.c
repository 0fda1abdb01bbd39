/* Large loads swap WAL for a rollback journal for their one transaction
 * (kith__st_bulk_journal, used by kith_import for files of about 20 MB and
 * more): each page is then written once instead of twice. The database must
 * be back in WAL afterwards whether the import commits or fails, a failed
 * load must leave every table as it was, and with another connection open
 * (when SQLite cannot leave WAL) the load simply stays in WAL. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/store_int.h"
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

/* A pragma's answer on the store's own connection (another connection
 * would stop the switch it observes). */
static char *pragma(fx *f, const char *sql)
{
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_prepare_v2(f->st->db, sql, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    char *v = strdup((const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    return v;
}

static void expect_pragma(fx *f, const char *sql, const char *want)
{
    char *got = pragma(f, sql);
    assert_string_equal(got, want);
    free(got);
}

static void switches_and_back(void **state)
{
    fx *f = *state;
    kith_error err;
    int switched = -1;
    expect_pragma(f, "PRAGMA journal_mode", "wal");
    assert_int_equal(kith__st_bulk_journal(f->st, 1, &switched, &err), KITH_OK);
    assert_int_equal(switched, 1);
    expect_pragma(f, "PRAGMA journal_mode", "delete");
    expect_pragma(f, "PRAGMA synchronous", "2"); /* FULL */
    assert_int_equal(kith__st_bulk_journal(f->st, 0, NULL, &err), KITH_OK);
    expect_pragma(f, "PRAGMA journal_mode", "wal");
    expect_pragma(f, "PRAGMA synchronous", "1"); /* NORMAL */
}

static void stays_wal_with_another_reader(void **state)
{
    fx *f = *state;
    sqlite3 *other = NULL;
    assert_int_equal(sqlite3_open(f->db, &other), SQLITE_OK);
    /* A reader in the middle of a read transaction. */
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_prepare_v2(other, "SELECT id FROM org", -1, &s, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    kith_error err;
    int switched = -1;
    assert_int_equal(kith__st_bulk_journal(f->st, 1, &switched, &err), KITH_OK);
    assert_int_equal(switched, 0);
    expect_pragma(f, "PRAGMA journal_mode", "wal");
    sqlite3_finalize(s);
    sqlite3_close(other);
}

/* n activities with a text of pad bytes each, so that a few thousand rows
 * make a file past the 20 MB the import switches at. */
static void write_big(const char *path, int n, int pad, const char *last)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fprintf(fp, "id,type,occurred_at,email,value,text\n");
    for (int i = 1; i <= n; i++)
        fprintf(fp, "b%d,purchase,2024-03-%02d,p%d@example.com,%d,%0*d\n", i, 1 + i % 28,
                i % 97, i, pad, i);
    if (last)
        fputs(last, fp);
    fclose(fp);
}

static void big_import_commits_in_wal(void **state)
{
    fx *f = *state;
    char path[400];
    snprintf(path, sizeof path, "%s/big.csv", f->dir);
    write_big(path, 1100, 20000, NULL); /* 22 MB: about 110k rows estimated */
    kith_error err;
    kith_import_result r;
    assert_int_equal(tu_import(f->st, f->org, "activities", path, NULL, &r, &err),
                     KITH_OK);
    assert_int_equal(r.rows_imported, 1100);
    assert_int_equal(r.members_created, 97);
    expect_pragma(f, "PRAGMA journal_mode", "wal");
    expect_pragma(f, "PRAGMA synchronous", "1");
    /* The 22 MB went to the database file, not through the WAL (which
     * would have kept its size after the checkpoint). */
    char wal[320];
    struct stat sb;
    snprintf(wal, sizeof wal, "%s-wal", f->db);
    assert_true(stat(wal, &sb) != 0 || sb.st_size < 1 << 20);
    assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM activity"), 1100);
    assert_int_equal(tu_sql_int(f->db, "SELECT sum(length(text)) FROM activity"),
                     1100 * 20000);
    char *check = tu_sql_text(f->db, "PRAGMA integrity_check");
    assert_string_equal(check, "ok");
    free(check);
}

static void big_failed_import_leaves_db(void **state)
{
    fx *f = *state;
    char small[400], path[400];
    tu_file(f->dir, "s.csv",
            "id,type,occurred_at,email,value\n"
            "s1,purchase,2024-01-02,ann@example.com,5\n",
            small, sizeof small);
    kith_error err;
    kith_import_result r;
    assert_int_equal(tu_import(f->st, f->org, "activities", small, NULL, &r, &err),
                     KITH_OK);
    char *before = tu_db_dump(f->db);
    snprintf(path, sizeof path, "%s/bad.csv", f->dir);
    write_big(path, 1100, 20000, "b9999,purchase,not a date,ann@example.com,1,x\n");
    assert_int_equal(tu_import(f->st, f->org, "activities", path, NULL, &r, &err),
                     KITH_EINPUT);
    assert_non_null(strstr(err.where, "bad.csv:1102"));
    assert_non_null(strstr(err.msg, "column 'occurred_at'"));
    char *after = tu_db_dump(f->db);
    assert_string_equal(after, before);
    free(before);
    free(after);
    expect_pragma(f, "PRAGMA journal_mode", "wal");
    /* And the store goes on working. */
    assert_int_equal(tu_import(f->st, f->org, "activities", small, NULL, &r, &err),
                     KITH_OK);
    assert_int_equal(r.rows_duplicate, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(switches_and_back, setup, teardown),
        cmocka_unit_test_setup_teardown(stays_wal_with_another_reader, setup, teardown),
        cmocka_unit_test_setup_teardown(big_import_commits_in_wal, setup, teardown),
        cmocka_unit_test_setup_teardown(big_failed_import_leaves_db, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
