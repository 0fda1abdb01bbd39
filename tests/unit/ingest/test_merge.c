/* Identity merge: automatic at import on email, phone or handle (never on
 * a name), by hand with kith_members_merge, and undone exactly with
 * kith_members_unmerge (last merge first).
 *
 * What "exactly" means here: after merge + unmerge every table is
 * byte-identical to before the merge, except the merge bookkeeping
 * (merge_log keeps the merge with undone_at set, merge_kept and
 * merge_moved keep its record): an audit trail of what was done and
 * undone, which is also what stops the importer from merging the two
 * again. */
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

/* revision: the write counter every commit increments (the server's cache key). */
static const char *const bookkeeping[] = {"merge_log", "merge_kept", "merge_moved",
                                          "revision", NULL};

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->st = tu_store_new(f->db, sizeof f->db, &f->org);
    tu_sql_exec(f->db, "UPDATE org SET phone_country_code='44'");
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

static void rows_eq(const char *db, const char *sql, const char *want)
{
    char *got = tu_sql_rows(db, sql);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "%s\n-- got:\n%s-- want:\n%s", sql, got, want);
    assert_string_equal(got, want);
    free(got);
}

static void import_ok(fx *f, const char *format, const char *name, const char *text,
                      kith_import_result *r)
{
    char path[400];
    kith_error err;
    tu_file(f->dir, name, text, path, sizeof path);
    kith_code rc = tu_import(f->st, f->org, format, path, NULL, r, &err);
    if (rc != KITH_OK) {
        char buf[2048];
        fprintf(stderr, "%s\n", kith_error_format(&err, buf, sizeof buf));
    }
    assert_int_equal(rc, KITH_OK);
}

/* Ann (1), Ben (2), Cat (3) with activities both ways between Ann and
 * Ben and an idea of Ben's. */
static void people(fx *f)
{
    kith_import_result r;
    import_ok(f, "members", "members.csv",
              "email,name,kinds,postcode,favourite,since_year\n"
              "ann@example.com,Ann,customer,,rye,\n"
              "ben@example.com,,partner,AB1 2CD,spelt,2019\n"
              "cat@example.com,Cat,,,,\n",
              &r);
    import_ok(f, "activities", "acts.csv",
              "id,type,occurred_at,email,target_email,value\n"
              "a1,purchase,2024-03-05,ann@example.com,,10\n"
              "a2,post,2024-03-05,ann@example.com,,\n"
              "b1,purchase,2024-03-06,ben@example.com,,20\n"
              "b2,post,2024-03-06,ben@example.com,,\n"
              "b3,reply,2024-03-07,ben@example.com,ann@example.com,\n"
              "a3,reply,2024-03-07,ann@example.com,ben@example.com,\n"
              "c1,post,2024-03-08,cat@example.com,,\n",
              &r);
    import_ok(f, "ideas", "ideas.csv",
              "id,title,status,proposed_at,email\ni1,Spelt loaf,proposed,2024-03-07,"
              "ben@example.com\n",
              &r);
}

static kith_code merge(fx *f, int64_t keep, int64_t drop, int64_t *mid)
{
    kith_error err;
    kith_error_clear(&err);
    return kith_members_merge(f->st, f->org, keep, drop, NULL, mid, &err);
}

static kith_code unmerge(fx *f, int64_t mid, kith_error *err)
{
    kith_error_clear(err);
    return kith_members_unmerge(f->st, f->org, mid, err);
}

static void test_merge_by_hand_and_undo(void **state)
{
    fx *f = *state;
    people(f);
    assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM merge_log"), 0);
    char *before = tu_db_dump_except(f->db, bookkeeping);
    int64_t mid = 0;
    assert_int_equal(merge(f, 1, 2, &mid), KITH_OK);
    assert_int_equal(mid, 1);
    /* Ann keeps her name and favourite; takes Ben's postcode, kinds and
     * the attribute she lacked. */
    rows_eq(f->db,
            "SELECT id, display_name, kinds, postcode, attributes, merged_into"
            " FROM member ORDER BY id",
            "1|Ann|customer,partner|AB1 "
            "2CD|{\"favourite\":\"rye\",\"since_year\":\"2019\"}|NULL|\n"
            "2|NULL|customer,partner|AB1 "
            "2CD|{\"favourite\":\"spelt\",\"since_year\":\"2019\"}|1|\n"
            "3|Cat||NULL|{}|NULL|\n");
    rows_eq(f->db, "SELECT member_id, value FROM identity ORDER BY id",
            "1|ann@example.com|\n1|ben@example.com|\n3|cat@example.com|\n");
    rows_eq(
        f->db,
        "SELECT external_id, member_id, target_member_id FROM activity ORDER BY id",
        "a1|1|NULL|\na2|1|NULL|\nb1|1|NULL|\nb2|1|NULL|\nb3|1|1|\na3|1|1|\nc1|3|NULL|\n");
    rows_eq(f->db, "SELECT origin_member_id FROM idea", "1|\n");
    /* One identity, three activities, one target, one idea moved. */
    rows_eq(
        f->db, "SELECT tbl, col, count(*) FROM merge_moved GROUP BY 1, 2 ORDER BY 1, 2",
        "activity|member_id|3|\nactivity|target_member_id|1|\nidea|origin_member_id|1|\n"
        "identity|member_id|1|\n");
    rows_eq(f->db,
            "SELECT kept_id, merged_id, reason, score, automatic, batch_id,"
            " undone_at IS NULL FROM merge_log",
            "1|2|by hand|1.0|0|NULL|1|\n");

    kith_error err;
    assert_int_equal(unmerge(f, mid, &err), KITH_OK);
    char *after = tu_db_dump_except(f->db, bookkeeping);
    assert_string_equal(after, before);
    rows_eq(f->db, "SELECT id, undone_at IS NOT NULL FROM merge_log", "1|1|\n");
    /* Undone once is undone. */
    assert_int_equal(unmerge(f, mid, &err), KITH_ESTATE);
    assert_string_equal(err.msg, "merge #1 was already undone");
    free(before);
    free(after);
}

static void test_lifo(void **state)
{
    fx *f = *state;
    people(f);
    char *before = tu_db_dump_except(f->db, bookkeeping);
    int64_t m1 = 0, m2 = 0, m3 = 0;
    kith_error err;
    assert_int_equal(merge(f, 2, 3, &m1), KITH_OK); /* Cat into Ben */
    assert_int_equal(merge(f, 1, 2, &m2), KITH_OK); /* Ben (with Cat) into Ann */
    rows_eq(f->db, "SELECT DISTINCT member_id FROM activity", "1|\n");
    rows_eq(f->db, "SELECT id, merged_into FROM member ORDER BY id",
            "1|NULL|\n2|1|\n3|2|\n");
    /* Ben is no longer a live member: nothing more merges into him. */
    assert_int_equal(merge(f, 2, 1, &m3), KITH_ENOTFOUND);
    assert_int_equal(merge(f, 1, 1, &m3), KITH_EUSAGE);
    assert_int_equal(merge(f, 1, 99, &m3), KITH_ENOTFOUND);
    /* The earlier merge cannot go first. */
    assert_int_equal(unmerge(f, m1, &err), KITH_ESTATE);
    assert_string_equal(err.msg, "merge #1 is followed by merge #2 of the same members; "
                                 "undo #2 first");
    assert_int_equal(unmerge(f, 99, &err), KITH_ENOTFOUND);
    assert_int_equal(unmerge(f, m2, &err), KITH_OK);
    rows_eq(f->db, "SELECT member_id, count(*) FROM activity GROUP BY 1 ORDER BY 1",
            "1|3|\n2|4|\n");
    assert_int_equal(unmerge(f, m1, &err), KITH_OK);
    char *after = tu_db_dump_except(f->db, bookkeeping);
    assert_string_equal(after, before);
    free(before);
    free(after);
    /* Another org's merge ids are not ours. */
    int64_t org2 = 0;
    kith_error_clear(&err);
    assert_int_equal(kith_org_create(f->st, "other", "UTC", "EUR", &org2, &err), KITH_OK);
    kith_error_clear(&err);
    assert_int_equal(kith_members_merge(f->st, org2, 1, 3, NULL, &m3, &err),
                     KITH_ENOTFOUND);
    kith_error_clear(&err);
    assert_int_equal(kith_members_unmerge(f->st, org2, m1, &err), KITH_ENOTFOUND);
}

static void test_merge_members_without_kinds(void **state)
{
    fx *f = *state;
    kith_import_result r;
    import_ok(f, "members", "m.csv", "email\nx@example.com\ny@example.com\n", &r);
    int64_t mid = 0;
    assert_int_equal(merge(f, 1, 2, &mid), KITH_OK);
    rows_eq(f->db, "SELECT id, kinds, flags, merged_into FROM member ORDER BY id",
            "1|||NULL|\n2|||1|\n");
}

static void test_automatic_merge_at_import(void **state)
{
    fx *f = *state;
    kith_import_result r;
    /* Three people as far as the identities tell; two with the same name
     * and different emails stay two. */
    import_ok(f, "members", "members.csv",
              "email,phone,name,handle:discord,postcode\n"
              "ann@example.com,,Ann,,\n"
              ",+44 7700 900123,Ann P,,AB1 2CD\n"
              ",,,ann#1,\n"
              "sam1@example.com,,Sam Smith,,\n"
              "sam2@example.com,,Sam Smith,,\n",
              &r);
    assert_int_equal(r.members_created, 5);
    import_ok(f, "activities", "old.csv",
              "id,type,occurred_at,phone,handle\n"
              "p1,post,2024-03-01,07700 900123,\n"
              "p2,post,2024-03-01,,discord:ann#1\n",
              &r);
    char *before = tu_db_dump_except(f->db, bookkeeping);
    char path[400];
    kith_error err;
    /* One record ties Ann's email, phone and Discord handle: 2 and 3 merge
     * into 1 (the oldest), each logged with the identities that tie them. */
    tu_file(f->dir, "tie.csv",
            "id,type,occurred_at,email,phone,handle\n"
            "t1,post,2024-03-05,ann@example.com,07700 900123,discord:ANN#1\n",
            path, sizeof path);
    assert_int_equal(tu_import(f->st, f->org, "activities", path, NULL, &r, &err),
                     KITH_OK);
    assert_int_equal(r.merges, 2);
    assert_int_equal(r.members_created, 0);
    char want[2048];
    snprintf(want, sizeof want,
             "1|1|2|one record (%s line 2) has email ann@example.com and phone "
             "447700900123|1|3|\n"
             "2|1|3|one record (%s line 2) has email ann@example.com and handle:discord "
             "ann#1|1|3|\n",
             path, path);
    rows_eq(f->db,
            "SELECT id, kept_id, merged_id, reason, automatic, batch_id FROM merge_log"
            " ORDER BY id",
            want);
    rows_eq(f->db,
            "SELECT id, display_name, postcode, merged_into FROM member ORDER BY id",
            "1|Ann|AB1 2CD|NULL|\n2|Ann P|AB1 2CD|1|\n3|NULL|NULL|1|\n"
            "4|Sam Smith|NULL|NULL|\n5|Sam Smith|NULL|NULL|\n");
    rows_eq(f->db, "SELECT external_id, member_id FROM activity ORDER BY id",
            "p1|1|\np2|1|\nt1|1|\n");
    rows_eq(f->db, "SELECT merges, members_created FROM import_batch WHERE id=3",
            "2|0|\n");

    /* Undo both (last first): everything as before the import, except the
     * import's own activity, which stays with Ann, and its batch. */
    assert_int_equal(unmerge(f, 1, &err), KITH_ESTATE);
    assert_int_equal(unmerge(f, 2, &err), KITH_OK);
    assert_int_equal(unmerge(f, 1, &err), KITH_OK);
    tu_sql_exec(f->db, "DELETE FROM activity WHERE external_id='t1';"
                       " DELETE FROM member_before WHERE batch_id=3;"
                       " DELETE FROM import_batch WHERE id=3");
    char *after = tu_db_dump_except(f->db, bookkeeping);
    assert_string_equal(after, before);
    free(after);
    free(before);

    /* A merge undone by a person is not redone by the next import. */
    tu_file(f->dir, "tie.csv",
            "id,type,occurred_at,email,phone,handle\n"
            "t1,post,2024-03-05,ann@example.com,07700 900123,discord:ANN#1\n",
            path, sizeof path);
    assert_int_equal(tu_import(f->st, f->org, "activities", path, NULL, &r, &err),
                     KITH_OK);
    assert_int_equal(r.merges, 0);
    assert_int_equal(r.rows_imported, 1);
    rows_eq(f->db, "SELECT count(*) FROM member WHERE merged_into IS NULL", "5|\n");

    /* Never on a name alone. */
    tu_file(f->dir, "names.csv", "name,postcode\nSam Smith,AB1 2CD\n", path, sizeof path);
    assert_int_equal(tu_import(f->st, f->org, "members", path, NULL, &r, &err),
                     KITH_EINPUT);
    assert_string_equal(err.msg,
                        "no identity on this row: give an email, phone, handle or "
                        "member id (names alone are never merged)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_merge_by_hand_and_undo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lifo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_members_without_kinds, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_automatic_merge_at_import, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
