/* kith_import_undo (issue 13): an import taken out again leaves every
 * table as it was before it (the import's own history row aside, kept as
 * "undone"), and importing the same file afterwards gives the same tables
 * as the first time (the import's number aside). Members it created that
 * a later import uses stay; a later merge built on one of its merges must
 * be undone first.
 *
 * The import undone (activities.csv, after members.csv made Ann and Ben;
 * the org's phone code is 44):
 *   a1 Ann buys at "Spring Fair"  -> a new initiative
 *   a2 cat@ posts                 -> a new member (Cat)
 *   a3 Ben posts with a phone     -> a phone identity added to Ben
 *   a4 discord:dan posts          -> a new member (Dan)
 *   a5 Ann's email + discord:dan  -> Dan merged into Ann (logged)
 *   a6 Ben buys                   -> Ben becomes a customer (row kept)
 * so undo takes out 6 activities, 2 members, 3 identities, 1 initiative,
 * undoes 1 merge and puts back Ann (merged into) and Ben (kinds). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

typedef struct fx {
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
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_org_set(f->st, f->org, "phone_country_code", "44", &err),
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

static int64_t import(fx *f, const char *format, const char *name, const char *text)
{
    char path[400];
    if (text)
        tu_file(f->dir, name, text, path, sizeof path);
    else
        snprintf(path, sizeof path, "%s/%s", f->dir, name);
    kith_import_result r;
    kith_error err;
    kith_code rc = tu_import(f->st, f->org, format, path, NULL, &r, &err);
    if (rc != KITH_OK)
        fprintf(stderr, "%s: %s\n", err.where, err.msg);
    assert_int_equal(rc, KITH_OK);
    return r.batch_id;
}

/* The import history and the write counter (the server's cache key) are
 * bookkeeping: an undo is a write, so it counts. */
static const char *const history[] = {"import_batch", "revision", NULL};

static const char *members_csv = "email,name,kinds\n"
                                 "ann@example.com,Ann,customer\n"
                                 "ben@example.com,Ben,\n";

static const char *activities_csv =
    "id,type,occurred_at,email,phone,handle,value,initiative\n"
    "a1,purchase,2024-03-05,ann@example.com,,,12.5,Spring Fair\n"
    "a2,post,2024-03-05,cat@example.com,,,,\n"
    "a3,post,2024-03-06,ben@example.com,07700 900123,,,\n"
    "a4,post,2024-03-06,,,discord:dan,,\n"
    "a5,post,2024-03-07,ann@example.com,,discord:dan,,\n"
    "a6,purchase,2024-03-07,ben@example.com,,,3,\n";

static void test_undo_then_import_again(void **state)
{
    fx *f = *state;
    int64_t b1 = import(f, "members", "members.csv", members_csv);
    assert_int_equal(b1, 1);
    char *before = tu_db_dump_except(f->db, history);
    int64_t b2 = import(f, "activities", "activities.csv", activities_csv);
    assert_int_equal(b2, 2);
    char *first = tu_db_dump_batch(f->db, history, 2, 2);
    /* What the import did, read independently. */
    assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM merge_log WHERE batch_id=2"),
                     1);
    assert_int_equal(
        tu_sql_int(f->db, "SELECT count(*) FROM member_before WHERE batch_id=2"), 2);
    assert_int_equal(tu_sql_int(f->db, "SELECT kinds='customer' FROM member WHERE id=2"),
                     1);

    kith_undo_result u;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_import_undo(f->st, f->org, b2, &u, &err), KITH_OK);
    assert_int_equal(u.activities, 6);
    assert_int_equal(u.members_removed, 2);
    assert_int_equal(u.members_kept, 0);
    assert_int_equal(u.identities_removed, 3);
    assert_int_equal(u.merges_undone, 1);
    assert_int_equal(u.members_restored, 2);
    assert_int_equal(u.members_left, 0);
    assert_int_equal(u.initiatives_removed, 1);
    char *undone = tu_db_dump_except(f->db, history);
    tu_assert_same(undone, before);
    /* Logged: the import stays in the history, marked undone. */
    assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM import_batch WHERE id=2 AND"
                                       " status='undone' AND undone_at>0 AND"
                                       " message LIKE 'undone: 6 activities%'"),
                     1);
    /* Importing the file again gives the same tables as the first time. */
    int64_t b3 = import(f, "activities", "activities.csv", NULL);
    assert_int_equal(b3, 3);
    char *again = tu_db_dump_batch(f->db, history, 3, 2);
    tu_assert_same(again, first);
    free(before);
    free(first);
    free(undone);
    free(again);

    /* Twice, or an import that is not there. */
    assert_int_equal(kith_import_undo(f->st, f->org, b2, &u, &err), KITH_ESTATE);
    assert_string_equal(err.msg, "import 2 was already undone");
    assert_int_equal(kith_import_undo(f->st, f->org, 99, &u, &err), KITH_ENOTFOUND);
}

/* A member the import created that a later import uses is kept (with its
 * identities); the rest goes. */
static void test_members_a_later_import_uses(void **state)
{
    fx *f = *state;
    import(f, "members", "members.csv", members_csv);
    int64_t b2 = import(f, "activities", "activities.csv", activities_csv);
    import(f, "activities", "more.csv",
           "id,type,occurred_at,email\n"
           "b1,post,2024-03-08,cat@example.com\n");
    kith_undo_result u;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_import_undo(f->st, f->org, b2, &u, &err), KITH_OK);
    /* Dan goes (unmerged, then unused); Cat stays for b1. */
    assert_int_equal(u.members_removed, 1);
    assert_int_equal(u.members_kept, 1);
    /* Ben's phone and Dan's handle go; Cat keeps her email. */
    assert_int_equal(u.identities_removed, 2);
    assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM identity WHERE"
                                       " value='cat@example.com'"),
                     1);
    assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM activity"), 1);
}

/* A later import that merged again a member of this import's merge: undo
 * that one first. */
static void test_later_merge_first(void **state)
{
    fx *f = *state;
    import(f, "members", "members.csv", members_csv);
    int64_t b2 = import(f, "activities", "activities.csv", activities_csv);
    /* Ann (kept by b2's merge) and Ben tied by one record of b3. */
    int64_t b3 = import(f, "activities", "tie.csv",
                        "id,type,occurred_at,email,phone\n"
                        "t1,post,2024-03-09,ann@example.com,07700 900123\n");
    char *before = tu_db_dump(f->db);
    kith_undo_result u;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_import_undo(f->st, f->org, b2, &u, &err), KITH_ESTATE);
    char want[300];
    snprintf(want, sizeof want,
             "import %lld merged members (merge #1) that import %lld merged again later "
             "(merge #2); undo that import first: kith imports undo %lld",
             (long long)b2, (long long)b3, (long long)b3);
    assert_string_equal(err.msg, want);
    char *after = tu_db_dump(f->db);
    tu_assert_same(after, before);
    free(before);
    free(after);
    /* In that order, both go, and only the members file's rows remain. */
    assert_int_equal(kith_import_undo(f->st, f->org, b3, &u, &err), KITH_OK);
    assert_int_equal(u.merges_undone, 1);
    assert_int_equal(kith_import_undo(f->st, f->org, b2, &u, &err), KITH_OK);
    assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM member"), 2);
    assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM identity"), 2);
    assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM merge_log"), 0);
}

/* A members file that changes people who were there: undo puts their
 * fields back; a member another import changed later is left as it is. */
static void test_changed_members_put_back(void **state)
{
    fx *f = *state;
    import(f, "members", "members.csv", members_csv);
    char *before = tu_db_dump_except(f->db, history);
    int64_t b2 = import(f, "members", "update.csv",
                        "email,name,postcode,kinds\n"
                        "ann@example.com,Ann Archer,AB1 2CD,\n"
                        "ben@example.com,,,supplier\n");
    assert_int_equal(
        tu_sql_int(f->db, "SELECT count(*) FROM member WHERE display_name='Ann Archer'"),
        1);
    kith_undo_result u;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_import_undo(f->st, f->org, b2, &u, &err), KITH_OK);
    assert_int_equal(u.members_restored, 2);
    char *after = tu_db_dump_except(f->db, history);
    tu_assert_same(after, before);
    free(before);
    free(after);

    /* Changed again by a later import: left, and said. */
    int64_t b3 =
        import(f, "members", "update2.csv", "email,postcode\nann@example.com,ZZ9 9ZZ\n");
    import(f, "members", "update3.csv", "email,name\nann@example.com,Ann A.\n");
    assert_int_equal(kith_import_undo(f->st, f->org, b3, &u, &err), KITH_OK);
    assert_int_equal(u.members_restored, 0);
    assert_int_equal(u.members_left, 1);
    assert_int_equal(
        tu_sql_int(f->db, "SELECT count(*) FROM member WHERE display_name='Ann A.'"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_undo_then_import_again, setup, teardown),
        cmocka_unit_test_setup_teardown(test_members_a_later_import_uses, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_later_merge_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_changed_members_put_back, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
