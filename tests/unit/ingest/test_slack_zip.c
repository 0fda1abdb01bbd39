/* The slack import of a zipped export: the zips are built at test time
 * from tests/fixtures/slack by tests/support/mkzip.py (Python's zipfile,
 * then patched byte by byte for the bad ones). A zip of either shape
 * (files at the top; everything in one top folder, with directory entries)
 * gives exactly the database the folder gives; importing the zip after the
 * folder, the folder after the zip or the zip twice adds nothing; the batch
 * records the zip's name and the sha256 of its bytes; each refused archive
 * names itself and the reason and leaves the database as it was; and the
 * size limit per file holds even where the archive lies about sizes. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ftree.h"
#include "testutil.h"

/* Build OUT with mkzip.py KIND from the fixture folder rel. */
static void mkzip(const char *kind, const char *rel, const char *out)
{
    const char *src = getenv("KITH_SOURCE_DIR");
    char fixture[512], cmd[2048];
    tu_fixture(rel, fixture, sizeof fixture);
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s/tests/support/mkzip.py' %s '%s' '%s'",
             src ? src : ".", kind, fixture, out);
    assert_int_equal(system(cmd), 0);
}

/* A zip of the fixture export built in a fresh folder: path into out. */
static void fixture_zip(const char *kind, char *out, size_t n)
{
    char dir[256];
    tu_tmpdir(dir, sizeof dir);
    snprintf(out, n, "%s/%s.zip", dir, kind);
    mkzip(kind, "slack/export", out);
}

/* The rows an import writes: every table but the org (its creation
 * time) and the batch (file name, digest, times). The batch ids in them
 * are the same in two fresh databases. */
static char *data_dump(const char *db)
{
    static const char *const skip[] = {"org", "import_batch", "revision", NULL};
    return tu_db_dump_except(db, skip);
}

static char *batch_counts(const char *db)
{
    return tu_sql_rows(db,
                       "SELECT format, source, rows_read, rows_imported, rows_duplicate,"
                       " rows_rejected, members_created, merges, status"
                       " FROM import_batch ORDER BY id");
}

static void import_ok(kith_store *st, int64_t org, const char *path,
                      kith_import_result *res)
{
    kith_error err;
    kith_code rc = tu_import(st, org, "slack", path, NULL, res, &err);
    if (rc != KITH_OK)
        fprintf(stderr, "%s: %s\n", err.where, err.msg);
    assert_int_equal(rc, KITH_OK);
}

static void sha256_file(const char *path, char hex[65])
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    unsigned char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        crypto_hash_sha256_update(&h, buf, n);
    fclose(f);
    unsigned char md[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&h, md);
    sodium_bin2hex(hex, 65, md, sizeof md);
}

/* The folder in one database, the zip of kind in another: the same rows. */
static void same_as_folder(const char *kind)
{
    char dba[300], dbb[300], folder[512], zip[512];
    int64_t orga = 0, orgb = 0;
    kith_store *a = tu_store_new(dba, sizeof dba, &orga);
    kith_store *b = tu_store_new(dbb, sizeof dbb, &orgb);
    tu_fixture("slack/export", folder, sizeof folder);
    fixture_zip(kind, zip, sizeof zip);
    kith_import_result ra, rb;
    import_ok(a, orga, folder, &ra);
    import_ok(b, orgb, zip, &rb);
    /* The fixture's figures (test_adapt_slack.c): 14 rows read (5 users,
     * 9 messages), 12 activities written, 6 members. */
    assert_int_equal(rb.rows_read, 14);
    assert_int_equal(rb.rows_imported, 12);
    assert_int_equal(rb.members_created, 6);

    char *da = data_dump(dba), *db = data_dump(dbb);
    assert_non_null(strstr(da, "C01GENERAL:1709550000.000200"));
    assert_string_equal(da, db);
    char *ca = batch_counts(dba), *cb = batch_counts(dbb);
    assert_string_equal(ca, cb);

    /* The batch names the zip and holds the sha256 of its bytes. */
    char want[65], name[300];
    sha256_file(zip, want);
    char *sha = tu_sql_text(dbb, "SELECT sha256 FROM import_batch");
    assert_string_equal(sha, want);
    snprintf(name, sizeof name, "%s.zip", kind);
    char *file = tu_sql_text(dbb, "SELECT file_name FROM import_batch");
    assert_string_equal(file, name);
    free(sha);
    free(file);
    free(da);
    free(db);
    free(ca);
    free(cb);
    kith_store_close(a);
    kith_store_close(b);
}

static void test_zip_at_root_same_as_folder(void **state)
{
    (void)state;
    /* Entries in reverse name order, no directory entries: the day files
     * must still be read in date order (a reply after its thread). */
    same_as_folder("root");
}

static void test_zip_in_top_folder_same_as_folder(void **state)
{
    (void)state;
    same_as_folder("top");
}

/* Import first, then second: the second adds nothing and changes no row. */
static void second_adds_nothing(const char *first, const char *second)
{
    char db[300];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    kith_import_result res;
    import_ok(st, org, first, &res);
    assert_int_equal(res.rows_imported, 12);
    char *before = data_dump(db);
    import_ok(st, org, second, &res);
    assert_int_equal(res.rows_read, 14);
    assert_int_equal(res.rows_imported, 0);
    assert_int_equal(res.rows_duplicate, 12);
    assert_int_equal(res.members_created, 0);
    assert_int_equal(res.merges, 0);
    char *after = data_dump(db);
    assert_string_equal(before, after);
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM import_batch"), 2);
    free(before);
    free(after);
    kith_store_close(st);
}

static void test_idempotent_across_zip_and_folder(void **state)
{
    (void)state;
    char folder[512], root[512], top[512];
    tu_fixture("slack/export", folder, sizeof folder);
    fixture_zip("root", root, sizeof root);
    fixture_zip("top", top, sizeof top);
    second_adds_nothing(root, folder);
    second_adds_nothing(folder, top);
    second_adds_nothing(root, root);
    second_adds_nothing(top, root);
}

static void expect_refused(kith_store *st, int64_t org, const char *db, const char *path,
                           const char *where, const char *msg)
{
    tu_expect_refused(st, org, "slack", db, path, where, msg);
}

static void test_refused_archives(void **state)
{
    (void)state;
    static const struct {
        const char *kind, *msg;
    } cases[] = {
        {"slip", "unsafe entry name '../evil.json'"},
        {"absolute", "unsafe entry name '/tmp/evil.json'"},
        {"encrypted", "entry 'users.json' is encrypted"},
        {"big",
         "entry 'users.json' is 314572800 bytes uncompressed, over the limit of 256 MiB"},
        {"lying",
         "damaged or unreadable zip archive (more data than the archive declares,"
         " entry 'users.json')"},
        {"shorter",
         "damaged or unreadable zip archive (less data than the archive declares,"
         " entry 'users.json')"},
        {"damaged", "damaged or unreadable zip archive ("},
        {"truncated", "not a readable zip archive"},
        {"notslack", "not a Slack export: users.json is missing"},
        {"empty", "not a Slack export: users.json is missing"},
        {"several", "several exports in one archive ('a/' and 'b/')"},
        {"twice", "in the archive twice"},
    };
    char db[300];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    /* Something already there, which must stay as it was. */
    char folder[512];
    tu_fixture("slack/export", folder, sizeof folder);
    kith_import_result res;
    import_ok(st, org, folder, &res);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char zip[512];
        fixture_zip(cases[i].kind, zip, sizeof zip);
        expect_refused(st, org, db, zip, zip, cases[i].msg);
    }

    /* A file named .zip that is not one, and a zip without channels.json. */
    char dir[256], p[600];
    tu_tmpdir(dir, sizeof dir);
    snprintf(p, sizeof p, "%s/export.zip", dir);
    tu_write_file(p, "users.json,channels.json\n");
    expect_refused(st, org, db, p, p, "not a zip archive");
    kith_store_close(st);
}

static void test_errors_name_the_entry(void **state)
{
    (void)state;
    /* Invalid JSON inside the archive: ARCHIVE/ENTRY:LINE, as for the
     * folder (test_adapt_slack.c: line 6, column 12). */
    char db[300], dir[256], zip[512], where[700];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_tmpdir(dir, sizeof dir);
    snprintf(zip, sizeof zip, "%s/malformed.zip", dir);
    mkzip("top", "slack/malformed", zip);
    snprintf(where, sizeof where,
             "%s/Acme Slack export Mar 4 2024 - Mar 5 2024/general/2024-03-04.json:6",
             zip);
    expect_refused(st, org, db, zip, where, "column 12: invalid JSON");
    kith_store_close(st);
}

static int any_json(const char *name)
{
    size_t n = strlen(name);
    return n > 5 && strcmp(name + n - 5, ".json") == 0;
}

/* The per-file limit, with a small one: a file over it is refused from its
 * declared size; one that declares less than it holds is cut at its
 * declared size, never read to the end. */
static void test_entry_limit(void **state)
{
    (void)state;
    static const char *const markers[] = {"users.json", NULL};
    char root[512], lying[512];
    fixture_zip("root", root, sizeof root);
    fixture_zip("lying", lying, sizeof lying);
    kith_ftree *t = NULL;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith__ftree_open_zip(root, 1000, markers, &t, &err), KITH_OK);
    assert_true(kith__ftree_is_zip(t));
    char *data = NULL;
    size_t len = 0;
    /* channels.json: 1573 bytes (unzip -l), over 1000. */
    assert_int_equal(kith__ftree_read(t, "channels.json", &data, &len, &err),
                     KITH_EINPUT);
    assert_non_null(
        strstr(err.msg, "entry 'channels.json' is 1573 bytes uncompressed, over"));
    assert_null(data);
    kith_error_clear(&err);
    /* dms.json: 152 bytes, under it. */
    assert_int_equal(kith__ftree_read(t, "dms.json", &data, &len, &err), KITH_OK);
    assert_int_equal(len, 152);
    assert_int_equal(data[len], '\0');
    free(data);
    data = NULL;
    /* The files of a channel folder, sorted although the archive lists
     * them in reverse; a folder that is not there has none. */
    char **names = NULL;
    size_t n = 0;
    kith_error_clear(&err);
    assert_int_equal(kith__ftree_list(t, "general", any_json, &names, &n, &err), KITH_OK);
    assert_int_equal(n, 2);
    assert_string_equal(names[0], "2024-03-04.json");
    assert_string_equal(names[1], "2024-03-05.json");
    kith__ftree_names_free(names, n);
    assert_int_equal(kith__ftree_list(t, "random", any_json, &names, &n, &err), KITH_OK);
    assert_int_equal(n, 0);
    kith__ftree_names_free(names, n);
    kith__ftree_close(t);

    kith_error_clear(&err);
    assert_int_equal(kith__ftree_open_zip(lying, KITH_FTREE_ENTRY_MAX, markers, &t, &err),
                     KITH_OK);
    assert_int_equal(kith__ftree_read(t, "users.json", &data, &len, &err), KITH_EINPUT);
    assert_non_null(strstr(err.msg, "more data than the archive declares"));
    assert_null(data);
    kith__ftree_close(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zip_at_root_same_as_folder),
        cmocka_unit_test(test_zip_in_top_folder_same_as_folder),
        cmocka_unit_test(test_idempotent_across_zip_and_folder),
        cmocka_unit_test(test_refused_archives),
        cmocka_unit_test(test_errors_name_the_entry),
        cmocka_unit_test(test_entry_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
