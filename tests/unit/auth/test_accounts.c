/* Accounts (include/kith/auth.h): users (email normalised, unique, roles,
 * password rules, the last owner kept), logins (right, wrong, unknown),
 * tokens and sessions stored only as hashes and scoped to their org, the
 * audit log's order and paging, and the revision: counted by data writes,
 * not by account writes. Expected values are the inputs themselves and
 * plain SQL over the file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

typedef struct fx {
    char db[4096];
    kith_store *st;
    int64_t org, org2;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->st = tu_store_new(f->db, sizeof f->db, &f->org);
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_org_create(f->st, "second", "UTC", "EUR", &f->org2, &err),
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

static void test_users(void **state)
{
    fx *f = *state;
    kith_error err;
    kith_error_clear(&err);
    int64_t id = 0, id2 = 0;
    assert_int_equal(kith_user_add(f->st, f->org, "  Ann@Shop.Example ", KITH_ROLE_OWNER,
                                   "password-1", &id, &err),
                     KITH_OK);
    char *email = tu_sql_text(f->db, "SELECT email FROM app_user");
    assert_string_equal(email, "ann@shop.example");
    free(email);
    /* Stored as an argon2id string, never as itself. */
    char *hash = tu_sql_text(f->db, "SELECT password_hash FROM app_user");
    assert_true(strncmp(hash, "$argon2id$", 10) == 0);
    assert_null(strstr(hash, "password-1"));
    free(hash);
    kith_error_clear(&err);
    assert_int_equal(kith_user_add(f->st, f->org2, "ann@shop.example", KITH_ROLE_VIEWER,
                                   "password-2", &id2, &err),
                     KITH_ESTATE);
    kith_error_clear(&err);
    assert_int_equal(kith_user_add(f->st, f->org, "no-at-sign", KITH_ROLE_VIEWER,
                                   "password-2", &id2, &err),
                     KITH_EUSAGE);
    kith_error_clear(&err);
    assert_int_equal(kith_user_add(f->st, f->org, "b@shop.example", KITH_ROLE_VIEWER,
                                   "short", &id2, &err),
                     KITH_EUSAGE);
    kith_error_clear(&err);
    assert_int_equal(kith_user_add(f->st, f->org, "b@shop.example", KITH_ROLE_NONE,
                                   "password-2", &id2, &err),
                     KITH_EUSAGE);
    /* Found by id or email, in its org only. */
    kith_user u;
    char key[32];
    snprintf(key, sizeof key, "%lld", (long long)id);
    kith_error_clear(&err);
    assert_int_equal(kith_user_find(f->st, f->org, key, &u, &err), KITH_OK);
    assert_int_equal(u.role, KITH_ROLE_OWNER);
    assert_int_equal(kith_user_find(f->st, f->org, "ANN@shop.example", &u, &err),
                     KITH_OK);
    kith_error_clear(&err);
    assert_int_equal(kith_user_find(f->st, f->org2, key, &u, &err), KITH_ENOTFOUND);
    kith_error_clear(&err);
    assert_int_equal(kith_user_remove(f->st, f->org2, id, &err), KITH_ENOTFOUND);
    /* The org's last owner stays. */
    kith_error_clear(&err);
    assert_int_equal(kith_user_remove(f->st, f->org, id, &err), KITH_ESTATE);
    assert_int_equal(kith_user_add(f->st, f->org, "c@shop.example", KITH_ROLE_OWNER,
                                   "password-3", &id2, &err),
                     KITH_OK);
    assert_int_equal(kith_user_remove(f->st, f->org, id, &err), KITH_OK);
    assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM app_user"), 1);
}

static void test_login_tokens_sessions(void **state)
{
    fx *f = *state;
    kith_error err;
    kith_error_clear(&err);
    int64_t id = 0, other = 0, tid = 0;
    assert_int_equal(kith_user_add(f->st, f->org, "m@shop.example", KITH_ROLE_MANAGER,
                                   "manager-pw", &id, &err),
                     KITH_OK);
    assert_int_equal(kith_user_add(f->st, f->org2, "o@two.example", KITH_ROLE_OWNER,
                                   "owner2-pw", &other, &err),
                     KITH_OK);
    kith_user u;
    assert_int_equal(kith_login(f->st, "M@shop.example", "manager-pw", &u, &err),
                     KITH_OK);
    assert_int_equal(u.id, id);
    assert_true(tu_sql_int(f->db, "SELECT last_login_at > 0 FROM app_user WHERE email ="
                                  " 'm@shop.example'") == 1);
    kith_error_clear(&err);
    assert_int_equal(kith_login(f->st, "m@shop.example", "manager-px", &u, &err),
                     KITH_EINPUT);
    kith_error e2;
    kith_error_clear(&e2);
    assert_int_equal(kith_login(f->st, "nobody@shop.example", "manager-pw", &u, &e2),
                     KITH_EINPUT);
    /* The same message either way: nothing says which was wrong. */
    assert_string_equal(err.msg, e2.msg);

    /* Tokens: shown once, stored as a hash, of their org only. */
    char tok[KITH_SECRET_LEN];
    kith_error_clear(&err);
    assert_int_equal(kith_token_create(f->st, f->org2, id, "x", tok, &tid, &err),
                     KITH_ENOTFOUND);
    assert_int_equal(kith_token_create(f->st, f->org, id, "script", tok, &tid, &err),
                     KITH_OK);
    assert_int_equal((int)strlen(tok), 5 + 43);
    assert_true(strncmp(tok, "kith_", 5) == 0);
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM api_token WHERE hash = '%s'"
             " OR name = '%s'",
             tok, tok);
    assert_int_equal(tu_sql_int(f->db, sql), 0);
    assert_int_equal(kith_token_check(f->st, tok, &u, &err), KITH_OK);
    assert_int_equal(u.id, id);
    assert_int_equal(u.role, KITH_ROLE_MANAGER);
    kith_error_clear(&err);
    assert_int_equal(kith_token_check(f->st, "kith_forged", &u, &err), KITH_ENOTFOUND);
    kith_error_clear(&err);
    assert_int_equal(kith_token_revoke(f->st, f->org2, tid, &err), KITH_ENOTFOUND);
    assert_int_equal(kith_token_check(f->st, tok, &u, &err), KITH_OK);
    assert_int_equal(kith_token_revoke(f->st, f->org, tid, &err), KITH_OK);
    kith_error_clear(&err);
    assert_int_equal(kith_token_check(f->st, tok, &u, &err), KITH_ENOTFOUND);

    /* Sessions: the id and the CSRF token differ, only the hash is kept;
     * a new password ends them. */
    char sid[KITH_SECRET_LEN], csrf[KITH_SECRET_LEN], got[KITH_SECRET_LEN];
    kith_error_clear(&err);
    assert_int_equal(kith_session_open(f->st, id, 3600, "192.0.2.1", sid, csrf, &err),
                     KITH_OK);
    assert_string_not_equal(sid, csrf);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM app_session WHERE hash = '%s'", sid);
    assert_int_equal(tu_sql_int(f->db, sql), 0);
    assert_int_equal(kith_session_check(f->st, sid, &u, got, &err), KITH_OK);
    assert_string_equal(got, csrf);
    assert_int_equal(kith_user_passwd(f->st, f->org, id, "new-password", &err), KITH_OK);
    kith_error_clear(&err);
    assert_int_equal(kith_session_check(f->st, sid, &u, got, &err), KITH_ENOTFOUND);
    assert_int_equal(kith_login(f->st, "m@shop.example", "new-password", &u, &err),
                     KITH_OK);
    /* An expired session is no session. */
    assert_int_equal(kith_session_open(f->st, id, -1, NULL, sid, csrf, &err), KITH_OK);
    kith_error_clear(&err);
    assert_int_equal(kith_session_check(f->st, sid, &u, got, &err), KITH_ENOTFOUND);
    kith_error_clear(&err);
    assert_int_equal(kith_session_open(f->st, id, 3600, NULL, sid, csrf, &err), KITH_OK);
    assert_int_equal(kith_session_close(f->st, sid, &err), KITH_OK);
    assert_int_equal(kith_session_check(f->st, sid, &u, got, &err), KITH_ENOTFOUND);
}

static int count_events(void *ud, const kith_audit_event *e)
{
    int64_t *ids = ud;
    ids[ids[0] + 1] = e->id;
    ids[0]++;
    return 0;
}

static void test_audit_and_revision(void **state)
{
    fx *f = *state;
    kith_error err;
    kith_error_clear(&err);
    static const char *const acts[] = {"login", "import", "merge", "logout",
                                       "config_set"};
    for (int i = 0; i < 5; i++) {
        kith_audit_event e;
        memset(&e, 0, sizeof e);
        e.org_id = i == 4 ? f->org2 : f->org;
        e.actor = "a@shop.example";
        e.action = acts[i];
        e.address = "198.51.100.7";
        assert_int_equal(kith_audit_add(f->st, &e, &err), KITH_OK);
    }
    /* Newest first, the org's only; paged with before. */
    int64_t ids[16] = {0};
    assert_int_equal(kith_audit_list(f->st, f->org, 2, 0, count_events, ids, &err),
                     KITH_OK);
    assert_int_equal(ids[0], 2);
    assert_int_equal(ids[1], 4);
    assert_int_equal(ids[2], 3);
    memset(ids, 0, sizeof ids);
    assert_int_equal(kith_audit_list(f->st, f->org, 0, 3, count_events, ids, &err),
                     KITH_OK);
    assert_int_equal(ids[0], 2);
    assert_int_equal(ids[1], 2);
    assert_int_equal(ids[2], 1);
    memset(ids, 0, sizeof ids);
    assert_int_equal(kith_audit_list(f->st, 0, 0, 0, count_events, ids, &err), KITH_OK);
    assert_int_equal(ids[0], 5);

    /* The revision: a config change counts, an account or audit write not. */
    int64_t r0 = 0, r1 = 0, r2 = 0, id = 0;
    assert_int_equal(kith_store_revision(f->st, &r0, &err), KITH_OK);
    assert_int_equal(kith_user_add(f->st, f->org, "r@shop.example", KITH_ROLE_VIEWER,
                                   "viewer-pw", &id, &err),
                     KITH_OK);
    assert_int_equal(kith_store_revision(f->st, &r1, &err), KITH_OK);
    assert_int_equal(r1, r0);
    assert_int_equal(kith_config_set(f->st, f->org, "min_n", "7", &err), KITH_OK);
    assert_int_equal(kith_store_revision(f->st, &r2, &err), KITH_OK);
    assert_int_equal(r2, r1 + 1);
    assert_int_equal(tu_sql_int(f->db, "SELECT n FROM revision"), r2);
    assert_int_equal(kith_org_set(f->st, f->org, "currency", "GBP", &err), KITH_OK);
    assert_int_equal(kith_config_unset(f->st, f->org, "min_n", &err), KITH_OK);
    assert_int_equal(kith_store_revision(f->st, &r1, &err), KITH_OK);
    assert_int_equal(r1, r2 + 2);
    /* A refused config value changes nothing, not even the revision. */
    kith_error_clear(&err);
    assert_int_equal(kith_config_set(f->st, f->org, "min_n", "many", &err), KITH_EUSAGE);
    assert_int_equal(kith_store_revision(f->st, &r2, &err), KITH_OK);
    assert_int_equal(r2, r1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_users, setup, teardown),
        cmocka_unit_test_setup_teardown(test_login_tokens_sessions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_and_revision, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
