/* Accounts over the API: POST /api/v1/session (log in: the session cookie
 * and the CSRF token), GET and DELETE /api/v1/session, the org's users
 * and tokens (owners), and the audit log (owners). Logins are
 * rate-limited per account and per address (srv_limiter) and every
 * attempt is audited. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server/srv.h"

/* {"user": {...}, "auth": "cookie"|"token", "csrf_token": ...}. The
 * org's time zone lets the dashboard show dates as the CLI does. */
static json_t *session_json(const srv_req *r, const char *csrf, const char *auth)
{
    return json_pack("{s:{s:I,s:s,s:s,s:I,s:s,s:s},s:s,s:s?}", "user", "id",
                     (json_int_t)r->user.id, "email", r->user.email, "role",
                     kith_role_name(r->user.role), "org_id", (json_int_t)r->user.org_id,
                     "org", r->org_name, "timezone", r->org_tz, "auth", auth,
                     "csrf_token", csrf);
}

int srv_session_login(srv_req *r, const char *email, const char *password,
                      char csrf[KITH_SECRET_LEN])
{
    srv_limiter *lim = srv_server_limiter(r->server);
    int64_t now = (int64_t)time(NULL);
    int wait = srv_limiter_check(lim, email, r->address, now);
    if (wait > 0) {
        r->retry_after = wait;
        srv_error(r, 429, NULL, "too many failed logins; try again in %d minutes",
                  (wait + 59) / 60);
        return -1;
    }
    kith_error err;
    kith_error_clear(&err);
    kith_code rc = kith_login(r->st, email, password, &r->user, &err);
    if (rc == KITH_EINPUT) {
        srv_limiter_failed(lim, email, r->address, now);
        /* The audit names the org of the account tried, when there is one. */
        kith_user who;
        kith_error e2;
        kith_error_clear(&e2);
        memset(&r->user, 0, sizeof r->user);
        if (kith_user_find(r->st, 0, email, &who, &e2) == KITH_OK)
            r->user.org_id = who.org_id;
        snprintf(r->user.email, sizeof r->user.email, "%.200s", email);
        srv_audit(r, "login_failed", email, NULL);
        memset(&r->user, 0, sizeof r->user);
        srv_error(r, 401, NULL, "wrong email or password");
        return -1;
    }
    if (rc != KITH_OK) {
        srv_fail(r, &err);
        return -1;
    }
    srv_limiter_succeeded(lim, r->user.email);
    if (srv_load_org(r) != 0)
        return -1;
    char sid[KITH_SECRET_LEN];
    if (kith_session_open(r->st, r->user.id, srv_session_ttl(r->server), r->address, sid,
                          csrf, &err) != KITH_OK) {
        srv_fail(r, &err);
        return -1;
    }
    srv_audit(r, "login", r->user.email, NULL);
    char cookie[256];
    snprintf(cookie, sizeof cookie,
             "kith_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld%s", sid,
             (long long)srv_session_ttl(r->server), r->tls ? "; Secure" : "");
    r->set_cookie = strdup(cookie);
    return 0;
}

void api_login(srv_req *r)
{
    json_t *b = srv_body_object(r);
    if (!b)
        return;
    int failed = 0;
    const char *email = srv_body_str(r, b, "email", 1, &failed);
    const char *password = failed ? NULL : srv_body_str(r, b, "password", 1, &failed);
    char csrf[KITH_SECRET_LEN];
    if (!failed && srv_session_login(r, email, password, csrf) == 0)
        srv_reply_obj(r, 200, session_json(r, csrf, "cookie"));
    json_decref(b);
}

void api_session(srv_req *r)
{
    srv_reply_obj(r, 200,
                  session_json(r, r->by_cookie ? r->csrf : NULL,
                               r->by_cookie ? "cookie" : "token"));
}

void api_logout(srv_req *r)
{
    kith_error err;
    kith_error_clear(&err);
    if (r->by_cookie && kith_session_close(r->st, r->sid, &err) != KITH_OK) {
        srv_fail(r, &err);
        return;
    }
    srv_audit(r, "logout", r->user.email, NULL);
    r->set_cookie = strdup("kith_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    srv_reply_obj(r, 200, json_pack("{s:b}", "logged_out", 1));
}

/* ------------------------------------------------------------ users */

void api_users(srv_req *r)
{
    kith_error err;
    kith_error_clear(&err);
    char *text = NULL;
    srv_view(r, kith_users_json(r->st, r->user.org_id, &text, &err), &text, &err);
}

static json_t *user_json(const kith_user *u)
{
    return json_pack("{s:I,s:s,s:s}", "id", (json_int_t)u->id, "email", u->email, "role",
                     kith_role_name(u->role));
}

void api_user_add(srv_req *r)
{
    json_t *b = srv_body_object(r);
    if (!b)
        return;
    int failed = 0;
    const char *email = srv_body_str(r, b, "email", 1, &failed);
    const char *role = failed ? NULL : srv_body_str(r, b, "role", 1, &failed);
    const char *password = failed ? NULL : srv_body_str(r, b, "password", 1, &failed);
    if (!failed && kith_role_parse(role) == KITH_ROLE_NONE) {
        srv_error(r, 400, NULL, "'role' must be owner, manager or viewer");
        failed = 1;
    }
    if (!failed) {
        kith_error err;
        kith_error_clear(&err);
        int64_t id = 0;
        kith_user u;
        char key[32];
        kith_code rc = kith_user_add(r->st, r->user.org_id, email, kith_role_parse(role),
                                     password, &id, &err);
        snprintf(key, sizeof key, "%" PRId64, id);
        if (rc == KITH_OK)
            rc = kith_user_find(r->st, r->user.org_id, key, &u, &err);
        if (rc != KITH_OK) {
            srv_fail(r, &err);
        } else {
            srv_audit(r, "user_add", u.email, kith_role_name(u.role));
            srv_reply_obj(r, 201, user_json(&u));
        }
    }
    json_decref(b);
}

/* The user {id} of the caller's org, or answers 404. */
static int user_of_org(srv_req *r, kith_user *u)
{
    kith_error err;
    kith_error_clear(&err);
    if (kith_user_find(r->st, r->user.org_id, r->params[0], u, &err) != KITH_OK) {
        srv_fail(r, &err);
        return 0;
    }
    return 1;
}

void api_user_remove(srv_req *r)
{
    kith_user u;
    if (!user_of_org(r, &u))
        return;
    kith_error err;
    kith_error_clear(&err);
    if (kith_user_remove(r->st, r->user.org_id, u.id, &err) != KITH_OK) {
        srv_fail(r, &err);
        return;
    }
    srv_audit(r, "user_remove", u.email, NULL);
    srv_reply_obj(r, 200, json_pack("{s:I,s:b}", "id", (json_int_t)u.id, "removed", 1));
}

void api_user_passwd(srv_req *r)
{
    kith_user u;
    if (!user_of_org(r, &u))
        return;
    json_t *b = srv_body_object(r);
    if (!b)
        return;
    int failed = 0;
    const char *password = srv_body_str(r, b, "password", 1, &failed);
    if (!failed) {
        kith_error err;
        kith_error_clear(&err);
        if (kith_user_passwd(r->st, r->user.org_id, u.id, password, &err) != KITH_OK) {
            srv_fail(r, &err);
        } else {
            srv_audit(r, "user_passwd", u.email, NULL);
            srv_reply_obj(
                r, 200,
                json_pack("{s:I,s:b}", "id", (json_int_t)u.id, "password_changed", 1));
        }
    }
    json_decref(b);
}

/* ------------------------------------------------------------ tokens */

void api_tokens(srv_req *r)
{
    kith_error err;
    kith_error_clear(&err);
    char *text = NULL;
    srv_view(r, kith_tokens_json(r->st, r->user.org_id, &text, &err), &text, &err);
}

void api_token_create(srv_req *r)
{
    json_t *b = srv_body_object(r);
    if (!b)
        return;
    int failed = 0;
    int64_t uid = srv_body_id(r, b, "user_id", 0, &failed);
    const char *name = failed ? NULL : srv_body_str(r, b, "name", 0, &failed);
    if (!failed) {
        kith_error err;
        kith_error_clear(&err);
        kith_user u;
        char key[32], token[KITH_SECRET_LEN];
        int64_t id = 0;
        snprintf(key, sizeof key, "%" PRId64, uid ? uid : r->user.id);
        kith_code rc = kith_user_find(r->st, r->user.org_id, key, &u, &err);
        if (rc == KITH_OK)
            rc = kith_token_create(r->st, r->user.org_id, u.id, name, token, &id, &err);
        if (rc != KITH_OK) {
            srv_fail(r, &err);
        } else {
            char detail[160];
            snprintf(detail, sizeof detail, "token %" PRId64 "%s%.100s", id,
                     name ? ": " : "", name ? name : "");
            srv_audit(r, "token_create", u.email, detail);
            srv_reply_obj(r, 201,
                          json_pack("{s:I,s:s,s:I,s:s,s:s}", "id", (json_int_t)id,
                                    "token", token, "user_id", (json_int_t)u.id, "user",
                                    u.email, "name", name ? name : ""));
            memset(token, 0, sizeof token);
        }
    }
    json_decref(b);
}

void api_token_revoke(srv_req *r)
{
    int64_t id = srv_param_id(r, 0);
    kith_error err;
    kith_error_clear(&err);
    if (kith_token_revoke(r->st, r->user.org_id, id, &err) != KITH_OK) {
        srv_fail(r, &err);
        return;
    }
    char target[32];
    snprintf(target, sizeof target, "token %" PRId64, id);
    srv_audit(r, "token_revoke", target, NULL);
    srv_reply_obj(r, 200, json_pack("{s:I,s:b}", "id", (json_int_t)id, "revoked", 1));
}

/* ------------------------------------------------------------ audit */

void api_audit(srv_req *r)
{
    int64_t limit = 100, before = 0;
    srv_arg_i64(r, "limit", &limit);
    srv_arg_i64(r, "before", &before);
    if (limit < 1 || limit > 1000) {
        srv_error(r, 400, NULL, "'limit' must be 1 to 1000");
        return;
    }
    kith_error err;
    kith_error_clear(&err);
    char *text = NULL;
    srv_view(r, kith_audit_json(r->st, r->user.org_id, limit, before, &text, &err), &text,
             &err);
}
