/* kith_store_backup: the copy is the database as of the moment it began,
 * even when another connection commits an import in the middle of it (the
 * import is made from the progress callback, between two steps of a few
 * pages); the copy passes PRAGMA integrity_check and its dump (every
 * table, sorted) equals the source's dump taken before that import. An
 * existing file is refused unless force, the database itself and a folder
 * are refused, and no partial file is ever left behind. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"

/* An activities file of n rows with ids from first, long enough texts to
 * fill many pages. */
static void activities(const char *dir, const char *name, int first, int n, char *out,
                       size_t cap)
{
    size_t sz = (size_t)n * 200 + 128;
    char *text = malloc(sz);
    assert_non_null(text);
    size_t o = (size_t)snprintf(text, sz, "id,type,occurred_at,email,channel,text\n");
    for (int i = first; i < first + n; i++)
        o += (size_t)snprintf(text + o, sz - o,
                              "x%d,post,2025-01-%02dT10:00:00Z,m%d@example.com,forum,"
                              "post number %d about bread and the oven and the queue\n",
                              i, 1 + i % 28, i % 97, i);
    tu_file(dir, name, text, out, cap);
    free(text);
}

typedef struct during {
    kith_store *other; /* a second connection to the same database */
    int64_t org;
    const char *file;
    int calls, imported;
} during;

/* After the first step of the copy: another connection imports and commits. */
static void import_midway(void *ud, uint64_t done, uint64_t total)
{
    during *d = ud;
    d->calls++;
    assert_true(done <= total && total > 0);
    if (d->imported)
        return;
    kith_import_result res;
    kith_error err;
    assert_int_equal(tu_import(d->other, d->org, "activities", d->file, NULL, &res, &err),
                     KITH_OK);
    assert_int_equal(res.rows_imported, 500);
    d->imported = 1;
}

static int leftovers(const char *dir)
{
    DIR *dh = opendir(dir);
    assert_non_null(dh);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dh)) != NULL)
        n += strstr(e->d_name, "copy.db.") != NULL;
    closedir(dh);
    return n;
}

static void test_snapshot_while_writing(void **state)
{
    (void)state;
    char db[512], dir[256], f1[512], f2[512], copy[512];
    int64_t org;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_tmpdir(dir, sizeof dir);
    activities(dir, "a.csv", 0, 3000, f1, sizeof f1);
    activities(dir, "b.csv", 3000, 500, f2, sizeof f2);
    kith_import_result res;
    kith_error err;
    assert_int_equal(tu_import(st, org, "activities", f1, NULL, &res, &err), KITH_OK);
    char *before = tu_db_dump(db);

    during d = {NULL, org, f2, 0, 0};
    kith_error_clear(&err);
    assert_int_equal(kith_store_open_existing(db, &d.other, &err), KITH_OK);
    kith_backup_opts o;
    memset(&o, 0, sizeof o);
    o.step_pages = 4;
    o.progress = import_midway;
    o.progress_ud = &d;
    kith_backup_stats stats;
    snprintf(copy, sizeof copy, "%s/copy.db", dir);
    assert_int_equal(kith_store_backup(st, copy, &o, &stats, &err), KITH_OK);
    /* The import happened after the first step, and the copy went on for
     * many more steps. */
    assert_int_equal(d.imported, 1);
    assert_true(d.calls > 10);
    assert_true(stats.pages > 40);
    struct stat sb;
    assert_int_equal(stat(copy, &sb), 0);
    assert_int_equal((uint64_t)sb.st_size, stats.bytes);
    assert_int_equal((sb.st_mode & 077), 0); /* the owner's only */

    char *ok = tu_sql_text(copy, "PRAGMA integrity_check");
    assert_string_equal(ok, "ok");
    free(ok);
    char *got = tu_db_dump(copy);
    assert_string_equal(got, before); /* the state before the import */
    char *after = tu_db_dump(db);
    assert_string_not_equal(after, before);
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM activity"), 3500);
    assert_int_equal(tu_sql_int(copy, "SELECT count(*) FROM activity"), 3000);
    /* The copy opens as a kith database. */
    kith_store *c = NULL;
    assert_int_equal(kith_store_open_existing(copy, &c, &err), KITH_OK);
    kith_store_close(c);
    assert_int_equal(leftovers(dir), 0);
    free(got);
    free(after);
    free(before);
    kith_store_close(d.other);
    kith_store_close(st);
}

static void test_refusals(void **state)
{
    (void)state;
    char db[512], dir[256], f1[512], dest[512], sub[512];
    int64_t org;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_tmpdir(dir, sizeof dir);
    activities(dir, "a.csv", 0, 50, f1, sizeof f1);
    kith_import_result res;
    kith_error err;
    assert_int_equal(tu_import(st, org, "activities", f1, NULL, &res, &err), KITH_OK);

    /* An existing file is kept as it is. */
    tu_file(dir, "copy.db", "keep me", dest, sizeof dest);
    kith_error_clear(&err);
    assert_int_equal(kith_store_backup(st, dest, NULL, NULL, &err), KITH_ESTATE);
    assert_non_null(strstr(err.msg, "--force"));
    char *text = tu_read_file(dest);
    assert_string_equal(text, "keep me");
    free(text);
    /* With force it is replaced by the copy. */
    kith_backup_opts o;
    memset(&o, 0, sizeof o);
    o.force = 1;
    assert_int_equal(kith_store_backup(st, dest, &o, NULL, &err), KITH_OK);
    assert_int_equal(tu_sql_int(dest, "SELECT count(*) FROM activity"), 50);
    /* Never the database itself, even with force. */
    kith_error_clear(&err);
    assert_int_equal(kith_store_backup(st, db, &o, NULL, &err), KITH_EUSAGE);
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM activity"), 50);
    /* A folder; a folder that does not exist. */
    kith_error_clear(&err);
    assert_int_equal(kith_store_backup(st, dir, &o, NULL, &err), KITH_EUSAGE);
    snprintf(sub, sizeof sub, "%s/no/such/folder/copy.db", dir);
    kith_error_clear(&err);
    assert_int_equal(kith_store_backup(st, sub, NULL, NULL, &err), KITH_EIO);
    assert_int_equal(leftovers(dir), 0);
    kith_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_snapshot_while_writing),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
