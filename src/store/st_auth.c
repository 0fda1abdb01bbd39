/* Users, tokens, sessions and the audit log as rows (see st_auth.h). */
#include "store/st_auth.h"

#include <stdio.h>
#include <string.h>

#include "store/st_stmt.h"

static void col(sqlite3_stmt *s, int i, char *dst, size_t n)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    snprintf(dst, n, "%s", t ? (const char *)t : "");
}

static const char *col_or_null(sqlite3_stmt *s, int i)
{
    return (const char *)sqlite3_column_text(s, i);
}

/* ------------------------------------------------------------ users */

#define USER_COLS "id, org_id, email, role, created_at, coalesce(last_login_at, 0)"

static void user_from_row(sqlite3_stmt *s, int at, kith_user *u)
{
    char role[16];
    memset(u, 0, sizeof *u);
    u->id = sqlite3_column_int64(s, at);
    u->org_id = sqlite3_column_int64(s, at + 1);
    col(s, at + 2, u->email, sizeof u->email);
    col(s, at + 3, role, sizeof role);
    u->role = kith_role_parse(role);
    u->created_at = sqlite3_column_int64(s, at + 4);
    u->last_login_at = sqlite3_column_int64(s, at + 5);
}

kith_code kith__st_user_insert(kith_store *st, int64_t org, const char *email,
                               const char *role, const char *hash, int64_t *id,
                               kith_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "INSERT INTO app_user(org_id, email, role, password_hash,"
                           " created_at) VALUES(?,?,?,?,?)",
                           -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, org);
    sqlite3_bind_text(s, 2, email, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, role, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 5, kith__st_now());
    int rc = sqlite3_step(s);
    kith_code code = KITH_OK;
    if (rc == SQLITE_CONSTRAINT_UNIQUE)
        code = kith_error_set(err, KITH_ESTATE, "a user '%s' already exists", email);
    else if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
        code = kith_error_set(err, KITH_ENOTFOUND, "no organisation with id %lld",
                              (long long)org);
    else if (rc != SQLITE_DONE)
        code = kith__st_fail(st, err, "add user");
    else if (id)
        *id = sqlite3_last_insert_rowid(st->db);
    sqlite3_finalize(s);
    return code;
}

static kith_code user_query(kith_store *st, const char *sql, int64_t org, int64_t id,
                            const char *email, kith__user_rec *out, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    if (email) {
        sqlite3_bind_text(s, 1, email, -1, SQLITE_STATIC);
    } else {
        sqlite3_bind_int64(s, 1, org);
        sqlite3_bind_int64(s, 2, id);
    }
    int rc = sqlite3_step(s);
    kith_code code = KITH_OK;
    if (rc == SQLITE_ROW) {
        user_from_row(s, 0, &out->u);
        col(s, 6, out->hash, sizeof out->hash);
    } else if (rc == SQLITE_DONE) {
        code = kith_error_set(err, KITH_ENOTFOUND, "no such user");
    } else {
        code = kith__st_fail(st, err, "find user");
    }
    sqlite3_finalize(s);
    return code;
}

kith_code kith__st_user_by_email(kith_store *st, const char *email, kith__user_rec *out,
                                 kith_error *err)
{
    return user_query(st,
                      "SELECT " USER_COLS ", password_hash FROM app_user WHERE email = ?",
                      0, 0, email, out, err);
}

kith_code kith__st_user_by_id(kith_store *st, int64_t org, int64_t id,
                              kith__user_rec *out, kith_error *err)
{
    return user_query(st,
                      "SELECT " USER_COLS ", password_hash FROM app_user"
                      " WHERE (?1 = 0 OR org_id = ?1) AND id = ?2",
                      org, id, NULL, out, err);
}

kith_code kith__st_user_count(kith_store *st, int64_t org, const char *role, int64_t *n,
                              kith_error *err)
{
    sqlite3_stmt *s = NULL;
    *n = 0;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT count(*) FROM app_user WHERE (?1 = 0 OR org_id = ?1)"
                           " AND (?2 IS NULL OR role = ?2)",
                           -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, org);
    kith__st_bind_text(s, 2, role);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? KITH_OK : kith__st_fail(st, err, "count users");
}

/* Run sql (statements with ?1 = id, ?2 = text) in one transaction that
 * does not count in the revision (no analysed data changes). */
static kith_code account_txn(kith_store *st, const char *const *sql, int64_t id,
                             const char *text, kith_error *err)
{
    kith_code code = kith__st_exec(st, "BEGIN IMMEDIATE", err);
    for (int i = 0; code == KITH_OK && sql[i]; i++) {
        sqlite3_stmt *s = NULL;
        if (sqlite3_prepare_v2(st->db, sql[i], -1, &s, NULL) != SQLITE_OK) {
            code = kith__st_fail(st, err, "prepare");
            break;
        }
        sqlite3_bind_int64(s, 1, id);
        if (sqlite3_bind_parameter_count(s) >= 2)
            sqlite3_bind_text(s, 2, text, -1, SQLITE_STATIC);
        if (sqlite3_step(s) != SQLITE_DONE)
            code = kith__st_fail(st, err, "update accounts");
        sqlite3_finalize(s);
    }
    if (code == KITH_OK)
        code = kith__st_exec(st, "COMMIT", err);
    if (code != KITH_OK)
        kith__st_rollback(st);
    return code;
}

kith_code kith__st_user_set_hash(kith_store *st, int64_t id, const char *hash,
                                 kith_error *err)
{
    static const char *const sql[] = {
        "UPDATE app_user SET password_hash = ?2 WHERE id = ?1",
        "DELETE FROM app_session WHERE user_id = ?1", NULL};
    return account_txn(st, sql, id, hash, err);
}

kith_code kith__st_user_delete(kith_store *st, int64_t id, kith_error *err)
{
    static const char *const sql[] = {"DELETE FROM app_session WHERE user_id = ?1",
                                      "DELETE FROM api_token WHERE user_id = ?1",
                                      "DELETE FROM app_user WHERE id = ?1", NULL};
    return account_txn(st, sql, id, NULL, err);
}

kith_code kith__st_user_login_at(kith_store *st, int64_t id, int64_t at, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db, "UPDATE app_user SET last_login_at = ? WHERE id = ?",
                           -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, at);
    sqlite3_bind_int64(s, 2, id);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? KITH_OK : kith__st_fail(st, err, "record login");
}

kith_code kith__st_users_each(kith_store *st, int64_t org, kith_user_cb cb, void *ud,
                              kith_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT " USER_COLS
                           " FROM app_user WHERE (?1 = 0 OR org_id = ?1)"
                           " ORDER BY id",
                           -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, org);
    int rc;
    kith_user u;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        user_from_row(s, 0, &u);
        if (cb(ud, &u))
            break;
    }
    kith_code code = (rc == SQLITE_ROW || rc == SQLITE_DONE)
                         ? KITH_OK
                         : kith__st_fail(st, err, "list users");
    sqlite3_finalize(s);
    return code;
}

/* ------------------------------------------------------------ tokens */

kith_code kith__st_token_insert(kith_store *st, int64_t org, int64_t user,
                                const char *name, const char *hash, const char *prefix,
                                int64_t *id, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "INSERT INTO api_token(org_id, user_id, name, hash, prefix,"
                           " created_at) VALUES(?,?,?,?,?,?)",
                           -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, org);
    sqlite3_bind_int64(s, 2, user);
    sqlite3_bind_text(s, 3, name ? name : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, prefix, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 6, kith__st_now());
    int rc = sqlite3_step(s);
    kith_code code = KITH_OK;
    if (rc != SQLITE_DONE)
        code = kith__st_fail(st, err, "create token");
    else if (id)
        *id = sqlite3_last_insert_rowid(st->db);
    sqlite3_finalize(s);
    return code;
}

kith_code kith__st_token_revoke(kith_store *st, int64_t org, int64_t id, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(
            st->db,
            "UPDATE api_token SET revoked_at = ? WHERE org_id = ? AND id = ?"
            " AND revoked_at IS NULL",
            -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, kith__st_now());
    sqlite3_bind_int64(s, 2, org);
    sqlite3_bind_int64(s, 3, id);
    int rc = sqlite3_step(s);
    kith_code code = KITH_OK;
    if (rc != SQLITE_DONE)
        code = kith__st_fail(st, err, "revoke token");
    else if (sqlite3_changes(st->db) == 0)
        code = kith_error_set(err, KITH_ENOTFOUND,
                              "no token #%lld in force in this organisation (see "
                              "'kith tokens list')",
                              (long long)id);
    sqlite3_finalize(s);
    return code;
}

kith_code kith__st_tokens_each(kith_store *st, int64_t org, kith_token_cb cb, void *ud,
                               kith_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT t.id, t.org_id, t.user_id, u.email, t.name, t.prefix,"
                           " t.created_at, coalesce(t.revoked_at, 0)"
                           " FROM api_token t JOIN app_user u ON u.id = t.user_id"
                           " WHERE (?1 = 0 OR t.org_id = ?1) ORDER BY t.id",
                           -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, org);
    int rc;
    kith_token_info t;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        memset(&t, 0, sizeof t);
        t.id = sqlite3_column_int64(s, 0);
        t.org_id = sqlite3_column_int64(s, 1);
        t.user_id = sqlite3_column_int64(s, 2);
        col(s, 3, t.user_email, sizeof t.user_email);
        col(s, 4, t.name, sizeof t.name);
        col(s, 5, t.prefix, sizeof t.prefix);
        t.created_at = sqlite3_column_int64(s, 6);
        t.revoked_at = sqlite3_column_int64(s, 7);
        if (cb(ud, &t))
            break;
    }
    kith_code code = (rc == SQLITE_ROW || rc == SQLITE_DONE)
                         ? KITH_OK
                         : kith__st_fail(st, err, "list tokens");
    sqlite3_finalize(s);
    return code;
}

kith_code kith__st_token_user(kith_store *st, const char *hash, kith_user *out,
                              kith_error *err)
{
    sqlite3_stmt *s =
        kith__st_stmt(st, ST_AUTH_TOKEN,
                      "SELECT u.id, u.org_id, u.email, u.role, u.created_at,"
                      " coalesce(u.last_login_at, 0) FROM api_token t"
                      " JOIN app_user u ON u.id = t.user_id"
                      " WHERE t.hash = ? AND t.revoked_at IS NULL",
                      err);
    if (!s)
        return err ? err->code : KITH_EDB;
    sqlite3_bind_text(s, 1, hash, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    kith_code code = KITH_OK;
    if (rc == SQLITE_ROW)
        user_from_row(s, 0, out);
    else if (rc == SQLITE_DONE)
        code = kith_error_set(err, KITH_ENOTFOUND, "unknown or revoked token");
    else
        code = kith__st_fail(st, err, "check token");
    sqlite3_reset(s);
    return code;
}

/* ------------------------------------------------------------ sessions */

kith_code kith__st_session_insert(kith_store *st, int64_t user, const char *hash,
                                  const char *csrf, int64_t expires, const char *address,
                                  kith_error *err)
{
    sqlite3_stmt *s = NULL;
    int64_t now = kith__st_now();
    /* Expired sessions go as new ones come: the table stays small. */
    kith_code code = KITH_OK;
    if (sqlite3_prepare_v2(st->db, "DELETE FROM app_session WHERE expires_at <= ?", -1,
                           &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, now);
    if (sqlite3_step(s) != SQLITE_DONE)
        code = kith__st_fail(st, err, "forget expired sessions");
    sqlite3_finalize(s);
    if (code != KITH_OK)
        return code;
    if (sqlite3_prepare_v2(st->db,
                           "INSERT INTO app_session(user_id, hash, csrf, created_at,"
                           " expires_at, address) VALUES(?,?,?,?,?,?)",
                           -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, user);
    sqlite3_bind_text(s, 2, hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, csrf, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, now);
    sqlite3_bind_int64(s, 5, expires);
    kith__st_bind_text(s, 6, address);
    if (sqlite3_step(s) != SQLITE_DONE)
        code = kith__st_fail(st, err, "open session");
    sqlite3_finalize(s);
    return code;
}

kith_code kith__st_session_user(kith_store *st, const char *hash, int64_t now,
                                kith_user *out, char csrf[KITH_SECRET_LEN],
                                kith_error *err)
{
    sqlite3_stmt *s =
        kith__st_stmt(st, ST_AUTH_SESSION,
                      "SELECT u.id, u.org_id, u.email, u.role, u.created_at,"
                      " coalesce(u.last_login_at, 0), s.csrf FROM app_session s"
                      " JOIN app_user u ON u.id = s.user_id"
                      " WHERE s.hash = ? AND s.expires_at > ?",
                      err);
    if (!s)
        return err ? err->code : KITH_EDB;
    sqlite3_bind_text(s, 1, hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, now);
    int rc = sqlite3_step(s);
    kith_code code = KITH_OK;
    if (rc == SQLITE_ROW) {
        user_from_row(s, 0, out);
        col(s, 6, csrf, KITH_SECRET_LEN);
    } else if (rc == SQLITE_DONE) {
        code = kith_error_set(err, KITH_ENOTFOUND, "unknown or expired session");
    } else {
        code = kith__st_fail(st, err, "check session");
    }
    sqlite3_reset(s);
    return code;
}

kith_code kith__st_session_delete(kith_store *st, const char *hash, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db, "DELETE FROM app_session WHERE hash = ?", -1, &s,
                           NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_text(s, 1, hash, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? KITH_OK : kith__st_fail(st, err, "close session");
}

/* ------------------------------------------------------------ audit log */

kith_code kith__st_audit_insert(kith_store *st, const kith_audit_event *e,
                                kith_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "INSERT INTO audit_log(org_id, at, actor, actor_user_id,"
                           " action, target, detail, address) VALUES(?,?,?,?,?,?,?,?)",
                           -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    if (e->org_id > 0)
        sqlite3_bind_int64(s, 1, e->org_id);
    sqlite3_bind_int64(s, 2, e->at > 0 ? e->at : kith__st_now());
    sqlite3_bind_text(s, 3, e->actor ? e->actor : "", -1, SQLITE_STATIC);
    if (e->actor_user_id > 0)
        sqlite3_bind_int64(s, 4, e->actor_user_id);
    sqlite3_bind_text(s, 5, e->action ? e->action : "", -1, SQLITE_STATIC);
    kith__st_bind_text(s, 6, e->target);
    kith__st_bind_text(s, 7, e->detail);
    kith__st_bind_text(s, 8, e->address);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? KITH_OK : kith__st_fail(st, err, "write the audit log");
}

kith_code kith__st_audit_each(kith_store *st, int64_t org, int64_t limit, int64_t before,
                              kith_audit_cb cb, void *ud, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT id, coalesce(org_id, 0), at, actor,"
                           " coalesce(actor_user_id, 0), action, target, detail, address"
                           " FROM audit_log WHERE (?1 = 0 OR org_id = ?1)"
                           " AND (?2 <= 0 OR id < ?2) ORDER BY id DESC LIMIT ?3",
                           -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, org);
    sqlite3_bind_int64(s, 2, before);
    sqlite3_bind_int64(s, 3, limit > 0 ? limit : -1);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        kith_audit_event e;
        memset(&e, 0, sizeof e);
        e.id = sqlite3_column_int64(s, 0);
        e.org_id = sqlite3_column_int64(s, 1);
        e.at = sqlite3_column_int64(s, 2);
        e.actor = col_or_null(s, 3);
        e.actor_user_id = sqlite3_column_int64(s, 4);
        e.action = col_or_null(s, 5);
        e.target = col_or_null(s, 6);
        e.detail = col_or_null(s, 7);
        e.address = col_or_null(s, 8);
        if (cb(ud, &e))
            break;
    }
    kith_code code = (rc == SQLITE_ROW || rc == SQLITE_DONE)
                         ? KITH_OK
                         : kith__st_fail(st, err, "read the audit log");
    sqlite3_finalize(s);
    return code;
}
