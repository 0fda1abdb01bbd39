/* Activity formats load with SQLite's foreign keys off (docs/development.md,
 * "Foreign keys during activity imports"); the importer checks the member
 * and initiative ids of every activity itself. These tests hold the
 * guard to what the foreign keys would have refused, and check that the
 * store has its foreign keys back after every import, committed or not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "ingest/ingest_int.h"

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

static int64_t fk_on(fx *f)
{
    int64_t v = -1;
    kith_error err;
    assert_int_equal(kith__st_query_int(f->st, "PRAGMA foreign_keys", &v, &err), KITH_OK);
    return v;
}

static void fk_back_after_import(void **state)
{
    fx *f = *state;
    char path[400];
    kith_error err;
    kith_import_result r;
    tu_file(f->dir, "a.csv",
            "id,type,occurred_at,email,value\n"
            "a1,purchase,2024-03-01,ann@example.com,5\n",
            path, sizeof path);
    assert_int_equal(fk_on(f), 1);
    kith_code rc = tu_import(f->st, f->org, "activities", path, NULL, &r, &err);
    if (rc != KITH_OK)
        fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(rc, KITH_OK);
    assert_int_equal(r.rows_imported, 1);
    assert_int_equal(fk_on(f), 1);
    /* A failing import (bad date on line 3) rolls back and turns them on too. */
    tu_file(f->dir, "b.csv",
            "id,type,occurred_at,email,value\n"
            "b1,purchase,2024-03-01,bob@example.com,5\n"
            "b2,purchase,not a date,bob@example.com,5\n",
            path, sizeof path);
    assert_int_equal(tu_import(f->st, f->org, "activities", path, NULL, &r, &err),
                     KITH_EINPUT);
    assert_int_equal(fk_on(f), 1);
    /* And they act: member 999 does not exist. */
    assert_int_not_equal(
        kith__st_exec(
            f->st,
            "INSERT INTO activity(org_id, member_id, type, source,"
            " external_id, occurred_at) VALUES(1, 999, 'purchase', 's', 'x', 0)",
            &err),
        KITH_OK);
    assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM activity"), 1);
}

static void guard_refuses_unknown_ids(void **state)
{
    fx *f = *state;
    kith_error err;
    kith_error_clear(&err);
    /* One member (id 1) and one initiative (id 1), written directly. */
    assert_int_equal(kith__st_exec(f->st,
                                   "INSERT INTO member(id, org_id) VALUES(1, 1);"
                                   "INSERT INTO initiative(id, org_id, name)"
                                   " VALUES(1, 1, 'Fair')",
                                   &err),
                     KITH_OK);
    kith_import_opts opts;
    memset(&opts, 0, sizeof opts);
    kith_importer imp;
    memset(&imp, 0, sizeof imp);
    imp.st = f->st;
    imp.org = f->org;
    imp.opts = &opts;
    imp.err = &err;
    imp.display = "acts.csv";
    imp.source = "acts";
    imp.line = 7;
    imp.fk_off = 1;
    kith_activity_rec a;
    memset(&a, 0, sizeof a);
    a.type = "purchase";
    a.external_id = "x1";
    a.member_id = 1;
    assert_int_equal(kith__imp_activity(&imp, &a), KITH_OK);
    /* Member 2 does not exist: refused, naming the file, line and id. */
    a.external_id = "x2";
    a.source = NULL;
    a.member_id = 2;
    assert_int_equal(kith__imp_activity(&imp, &a), KITH_EINTERNAL);
    assert_non_null(strstr(err.msg, "acts.csv:7: activity names member 2"));
    /* Member 0 (an unresolved id) and a missing target or initiative too. */
    a.member_id = 0;
    kith_error_clear(&err);
    assert_int_equal(kith__imp_activity(&imp, &a), KITH_EINTERNAL);
    a.member_id = 1;
    a.target_member_id = 5;
    kith_error_clear(&err);
    assert_int_equal(kith__imp_activity(&imp, &a), KITH_EINTERNAL);
    assert_non_null(strstr(err.msg, "member 5"));
    a.target_member_id = 1;
    a.initiative_id = 3;
    kith_error_clear(&err);
    assert_int_equal(kith__imp_activity(&imp, &a), KITH_EINTERNAL);
    assert_non_null(strstr(err.msg, "initiative 3"));
    a.initiative_id = 1;
    assert_int_equal(kith__imp_activity(&imp, &a), KITH_OK);
    /* Exactly the two good rows went in. */
    assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM activity"), 2);
    free(imp.known_bits[0]);
    free(imp.known_bits[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(fk_back_after_import, setup, teardown),
        cmocka_unit_test_setup_teardown(guard_refuses_unknown_ids, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
