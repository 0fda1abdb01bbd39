/* Reading members and suggesting merges, on a hand-made members file whose
 * expected suggestions are worked out in the comments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kith/members.h"
#include "testutil.h"

static char db[4096];
static kith_store *st;
static int64_t org;

/* ids follow the file order: 1..10 */
static const char *MEMBERS =
    "email,phone,name,postcode,location,kinds\n"
    "alice@example.com,,Alice Smith,MB1 1AA,,customer\n"  /* 1 */
    "alice.s@other.org,,alice smith ,mb11aa,,customer\n"  /* 2: same name+postcode as 1 */
    "bob.jones@example.com,,Bob Jones,,,customer\n"       /* 3 */
    "bobjones+shop@work.example,,Robert Jones,,,online\n" /* 4: email name 'bobjones' =
                                                             3's */
    "info@a.example,,A Shop,,,supplier\n"                 /* 5 */
    "info@b.example,,B Shop,,,supplier\n"             /* 6: 'info' is a role address */
    "c1@x.example,,Carol White,,Millbrook,customer\n" /* 7 */
    "carol@y.example,+44 7700 900123,Carol White,,millbrook,customer\n" /* 8: name+town,
                                                                           no postcode */
    "dan@x.example,,Dan Brown,MB1 1AA,,customer\n"                      /* 9 */
    "dan@y.example,,Dan Brown,MB2 2BB,,customer\n"; /* 10: other postcode */

static int setup(void **state)
{
    (void)state;
    st = tu_store_new(db, sizeof db, &org);
    char dir[4096], path[4200];
    tu_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/members.csv", dir);
    tu_write_file(path, MEMBERS);
    kith_import_opts o;
    memset(&o, 0, sizeof o);
    o.format = "members";
    kith_import_result res;
    kith_error err;
    kith_error_clear(&err);
    kith_code rc = kith_import(st, org, path, &o, &res, &err);
    if (rc != KITH_OK)
        fprintf(stderr, "%s: %s\n", err.where, err.msg);
    assert_int_equal(rc, KITH_OK);
    assert_int_equal(res.members_created, 10);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kith_store_close(st);
    return 0;
}

static void test_suggestions(void **state)
{
    (void)state;
    kith_merge_suggestion *v = NULL;
    size_t n = 0;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_members_suggest_merges(st, org, 0.5, &v, &n, &err), KITH_OK);
    /* Exactly (1,2) 0.9, (3,4) 0.7, (7,8) 0.6, best first. */
    assert_int_equal(n, 3);
    assert_int_equal(v[0].a, 1);
    assert_int_equal(v[0].b, 2);
    assert_true(v[0].score == 0.9);
    assert_non_null(strstr(v[0].reason, "same name 'Alice Smith' and postcode MB1 1AA"));
    assert_int_equal(v[1].a, 3);
    assert_int_equal(v[1].b, 4);
    assert_true(v[1].score == 0.7);
    assert_non_null(strstr(v[1].reason, "'bobjones'"));
    assert_int_equal(v[2].a, 7);
    assert_int_equal(v[2].b, 8);
    assert_true(v[2].score == 0.6);
    free(v);
    /* A higher bar keeps only the strongest. */
    assert_int_equal(kith_members_suggest_merges(st, org, 0.8, &v, &n, &err), KITH_OK);
    assert_int_equal(n, 1);
    free(v);
}

static void test_unmerged_pair_not_suggested_again(void **state)
{
    (void)state;
    kith_error err;
    kith_error_clear(&err);
    int64_t mid = 0;
    assert_int_equal(kith_members_merge(st, org, 1, 2, "test", &mid, &err), KITH_OK);
    kith_merge_suggestion *v = NULL;
    size_t n = 0;
    /* While merged, 2 is not a live member: no (1,2) suggestion. */
    assert_int_equal(kith_members_suggest_merges(st, org, 0.5, &v, &n, &err), KITH_OK);
    assert_int_equal(n, 2);
    free(v);
    assert_int_equal(kith_members_unmerge(st, org, mid, &err), KITH_OK);
    /* A person said "not the same": not suggested again. */
    assert_int_equal(kith_members_suggest_merges(st, org, 0.5, &v, &n, &err), KITH_OK);
    assert_int_equal(n, 2);
    assert_int_equal(v[0].a, 3);
    free(v);
}

static int count_cb(void *ud, const kith_member_row *r)
{
    (void)r;
    (*(int *)ud)++;
    return 0;
}

static void test_list_and_find(void **state)
{
    (void)state;
    kith_error err;
    kith_error_clear(&err);
    kith_member_filter f;
    memset(&f, 0, sizeof f);
    int n = 0;
    assert_int_equal(kith_members_list(st, org, &f, count_cb, &n, &err), KITH_OK);
    assert_int_equal(n, 10);
    f.kind = "supplier";
    n = 0;
    assert_int_equal(kith_members_list(st, org, &f, count_cb, &n, &err), KITH_OK);
    assert_int_equal(n, 2);
    f.kind = NULL;
    f.search = "white";
    n = 0;
    assert_int_equal(kith_members_list(st, org, &f, count_cb, &n, &err), KITH_OK);
    assert_int_equal(n, 2);

    kith_member_row m;
    assert_int_equal(kith_member_find(st, org, "  Carol@Y.example ", &m, &err), KITH_OK);
    assert_int_equal(m.id, 8);
    assert_int_equal(kith_member_find(st, org, "+44 (7700) 900-123", &m, &err), KITH_OK);
    assert_int_equal(m.id, 8);
    assert_int_equal(kith_member_find(st, org, "4", &m, &err), KITH_OK);
    assert_string_equal(m.name, "Robert Jones");
    assert_string_equal(m.email, "bobjones+shop@work.example");
    assert_int_equal(kith_member_find(st, org, "nobody@example.com", &m, &err),
                     KITH_ENOTFOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_suggestions),
        cmocka_unit_test(test_unmerged_pair_not_suggested_again),
        cmocka_unit_test(test_list_and_find),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
