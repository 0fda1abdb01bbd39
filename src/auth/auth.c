/* Accounts (include/kith/auth.h): argon2id password hashes, random tokens
 * and session ids with libsodium, their SHA-256 as the stored key, and the
 * JSON views of users, tokens and the audit log. SQL is in
 * src/store/st_auth.c. */
#include "kith/auth.h"

#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json/jv.h"
#include "store/st_auth.h"

#define MIN_PASSWORD 8
#define MAX_PASSWORD 1024

const char *kith_role_name(kith_role role)
{
    switch (role) {
    case KITH_ROLE_OWNER:
        return "owner";
    case KITH_ROLE_MANAGER:
        return "manager";
    case KITH_ROLE_VIEWER:
        return "viewer";
    default:
        return "";
    }
}

kith_role kith_role_parse(const char *s)
{
    if (!s)
        return KITH_ROLE_NONE;
    if (!strcmp(s, "owner"))
        return KITH_ROLE_OWNER;
    if (!strcmp(s, "manager"))
        return KITH_ROLE_MANAGER;
    if (!strcmp(s, "viewer"))
        return KITH_ROLE_VIEWER;
    return KITH_ROLE_NONE;
}

static kith_code sodium_ready(kith_error *err)
{
    if (sodium_init() < 0)
        return kith_error_set(err, KITH_EINTERNAL, "libsodium failed to initialise");
    return KITH_OK;
}

/* The email trimmed and lowercased into out; KITH_EUSAGE unless it looks
 * like one address (something@something, no spaces or controls). */
static kith_code norm_email(const char *in, char *out, size_t n, kith_error *err)
{
    while (in && isspace((unsigned char)*in))
        in++;
    size_t len = in ? strlen(in) : 0;
    while (len && isspace((unsigned char)in[len - 1]))
        len--;
    int at = -1, ok = len >= 3 && len < n;
    for (size_t i = 0; ok && i < len; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c <= ' ' || c == 0x7f)
            ok = 0;
        else if (c == '@')
            at = at < 0 ? (int)i : -2;
        out[i] = (char)tolower(c);
    }
    if (!ok || at <= 0 || (size_t)at + 1 >= len)
        return kith_error_set(err, KITH_EUSAGE, "'%.200s' is not an email address",
                              in ? in : "");
    out[len] = '\0';
    return KITH_OK;
}

static kith_code hash_password(const char *password, char out[crypto_pwhash_STRBYTES],
                               kith_error *err)
{
    size_t len = password ? strlen(password) : 0;
    if (len < MIN_PASSWORD || len > MAX_PASSWORD)
        return kith_error_set(err, KITH_EUSAGE, "a password needs %d to %d bytes",
                              MIN_PASSWORD, MAX_PASSWORD);
    if (crypto_pwhash_str_alg(out, password, len, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return kith_error_set(err, KITH_ENOMEM, "out of memory hashing the password");
    return KITH_OK;
}

/* ------------------------------------------------------------ users */

kith_code kith_user_add(kith_store *st, int64_t org_id, const char *email, kith_role role,
                        const char *password, int64_t *id, kith_error *err)
{
    char norm[256], hash[crypto_pwhash_STRBYTES];
    kith_code rc = sodium_ready(err);
    if (rc == KITH_OK)
        rc = norm_email(email, norm, sizeof norm, err);
    if (rc == KITH_OK && role == KITH_ROLE_NONE)
        rc = kith_error_set(err, KITH_EUSAGE, "a role is owner, manager or viewer");
    if (rc == KITH_OK)
        rc = hash_password(password, hash, err);
    if (rc == KITH_OK)
        rc = kith__st_user_insert(st, org_id, norm, kith_role_name(role), hash, id, err);
    sodium_memzero(hash, sizeof hash);
    return rc;
}

static int all_digits(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return 0;
    return 1;
}

kith_code kith_user_find(kith_store *st, int64_t org_id, const char *key, kith_user *out,
                         kith_error *err)
{
    kith__user_rec r;
    kith_error local;
    kith_error_clear(&local);
    memset(out, 0, sizeof *out);
    memset(&r, 0, sizeof r);
    kith_code rc;
    if (key && all_digits(key) && strlen(key) < 19) {
        rc = kith__st_user_by_id(st, org_id, atoll(key), &r, &local);
    } else {
        char norm[256];
        rc = norm_email(key, norm, sizeof norm, &local);
        if (rc == KITH_OK)
            rc = kith__st_user_by_email(st, norm, &r, &local);
        if (rc == KITH_OK && org_id > 0 && r.u.org_id != org_id)
            rc = KITH_ENOTFOUND;
    }
    if (rc == KITH_ENOTFOUND || rc == KITH_EUSAGE)
        return kith_error_set(err, KITH_ENOTFOUND,
                              "no user '%.200s'%s (see 'kith users list')",
                              key ? key : "", org_id > 0 ? " in this organisation" : "");
    if (rc != KITH_OK) {
        if (err)
            *err = local;
        return rc;
    }
    sodium_memzero(r.hash, sizeof r.hash);
    *out = r.u;
    return KITH_OK;
}

kith_code kith_user_remove(kith_store *st, int64_t org_id, int64_t user_id,
                           kith_error *err)
{
    char key[32];
    kith_user u;
    snprintf(key, sizeof key, "%lld", (long long)user_id);
    kith_code rc = kith_user_find(st, org_id, key, &u, err);
    int64_t owners = 0;
    if (rc == KITH_OK && u.role == KITH_ROLE_OWNER)
        rc = kith__st_user_count(st, u.org_id, "owner", &owners, err);
    if (rc == KITH_OK && u.role == KITH_ROLE_OWNER && owners <= 1)
        rc = kith_error_set(err, KITH_ESTATE,
                            "%s is the organisation's last owner; add another owner "
                            "first",
                            u.email);
    if (rc == KITH_OK)
        rc = kith__st_user_delete(st, u.id, err);
    return rc;
}

kith_code kith_user_passwd(kith_store *st, int64_t org_id, int64_t user_id,
                           const char *password, kith_error *err)
{
    char key[32], hash[crypto_pwhash_STRBYTES];
    kith_user u;
    snprintf(key, sizeof key, "%lld", (long long)user_id);
    kith_code rc = sodium_ready(err);
    if (rc == KITH_OK)
        rc = kith_user_find(st, org_id, key, &u, err);
    if (rc == KITH_OK)
        rc = hash_password(password, hash, err);
    if (rc == KITH_OK)
        rc = kith__st_user_set_hash(st, u.id, hash, err);
    sodium_memzero(hash, sizeof hash);
    return rc;
}

kith_code kith_users_list(kith_store *st, int64_t org_id, kith_user_cb cb, void *ud,
                          kith_error *err)
{
    return kith__st_users_each(st, org_id, cb, ud, err);
}

typedef struct arr_ctx {
    json_t *arr;
    int bad;
} arr_ctx;

static int user_json(void *ud, const kith_user *u)
{
    arr_ctx *c = ud;
    json_t *o = json_object();
    c->bad |= !o;
    if (o) {
        c->bad |= kith__jv_set(o, "id", json_integer(u->id));
        c->bad |= kith__jv_set(o, "email", kith__jv_text(u->email));
        c->bad |= kith__jv_set(o, "role", json_string(kith_role_name(u->role)));
        c->bad |= kith__jv_set(o, "created_at", kith__jv_time(u->created_at));
        c->bad |=
            kith__jv_set(o, "last_login_at", kith__jv_time_or_null(u->last_login_at));
    }
    c->bad |= kith__jv_push(c->arr, o);
    return c->bad;
}

/* {"<key>": arr} dumped, or the error of the listing. */
static kith_code wrap_dump(const char *key, arr_ctx *c, kith_code rc, char **out,
                           kith_error *err)
{
    json_t *root = json_object();
    if (rc == KITH_OK && (c->bad || !root || kith__jv_set(root, key, c->arr)))
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
    else if (rc != KITH_OK)
        json_decref(c->arr);
    c->arr = NULL;
    if (rc != KITH_OK) {
        json_decref(root);
        return rc;
    }
    return kith__jv_dump(root, out, err);
}

kith_code kith_users_json(kith_store *st, int64_t org_id, char **out, kith_error *err)
{
    arr_ctx c = {json_array(), 0};
    *out = NULL;
    kith_code rc = c.arr ? kith__st_users_each(st, org_id, user_json, &c, err)
                         : kith_error_set(err, KITH_ENOMEM, "out of memory");
    return wrap_dump("users", &c, rc, out, err);
}

/* A hash of a password nobody has, verified for unknown emails so that a
 * login costs the same whether the account exists or not. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static int dummy_ok;
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
    unsigned char pw[24];
    randombytes_buf(pw, sizeof pw);
    dummy_ok = crypto_pwhash_str_alg(dummy_hash, (const char *)pw, sizeof pw,
                                     crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                     crypto_pwhash_MEMLIMIT_INTERACTIVE,
                                     crypto_pwhash_ALG_ARGON2ID13) == 0;
}

kith_code kith_login(kith_store *st, const char *email, const char *password,
                     kith_user *out, kith_error *err)
{
    char norm[256];
    kith__user_rec r;
    kith_error local;
    kith_error_clear(&local);
    kith_code rc = sodium_ready(err);
    if (rc != KITH_OK)
        return rc;
    size_t plen = password ? strlen(password) : 0;
    int known = norm_email(email, norm, sizeof norm, &local) == KITH_OK;
    if (known) {
        rc = kith__st_user_by_email(st, norm, &r, &local);
        if (rc != KITH_OK && rc != KITH_ENOTFOUND) {
            if (err)
                *err = local;
            return rc;
        }
        known = rc == KITH_OK;
    }
    int good = 0;
    if (known && plen <= MAX_PASSWORD) {
        good = crypto_pwhash_str_verify(r.hash, password ? password : "", plen) == 0;
    } else {
        pthread_once(&dummy_once, make_dummy);
        /* The answer is wrong either way; only the time spent matters. */
        if (dummy_ok && crypto_pwhash_str_verify(dummy_hash, "", 0) == 0)
            good = 0;
    }
    if (known)
        sodium_memzero(r.hash, sizeof r.hash);
    if (!good)
        return kith_error_set(err, KITH_EINPUT, "wrong email or password");
    rc = kith__st_user_login_at(st, r.u.id, (int64_t)time(NULL), err);
    if (rc == KITH_OK) {
        *out = r.u;
        out->last_login_at = (int64_t)time(NULL);
    }
    return rc;
}

/* ------------------------------------------------------------ secrets */

/* prefix + 43 base64url characters of 32 random bytes into out. */
static void random_secret(const char *prefix, char out[KITH_SECRET_LEN])
{
    unsigned char raw[32];
    char b64[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(b64, sizeof b64, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    snprintf(out, KITH_SECRET_LEN, "%s%s", prefix, b64);
    sodium_memzero(raw, sizeof raw);
}

/* The stored key of a secret: SHA-256, hex. */
static void secret_hash(const char *secret, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)secret, strlen(secret));
    sodium_bin2hex(out, 65, h, sizeof h);
}

/* ------------------------------------------------------------ tokens */

kith_code kith_token_create(kith_store *st, int64_t org_id, int64_t user_id,
                            const char *name, char token[KITH_SECRET_LEN], int64_t *id,
                            kith_error *err)
{
    char key[32], hash[65], prefix[16];
    kith_user u;
    token[0] = '\0';
    snprintf(key, sizeof key, "%lld", (long long)user_id);
    kith_code rc = sodium_ready(err);
    if (rc == KITH_OK)
        rc = kith_user_find(st, org_id, key, &u, err);
    if (rc == KITH_OK && name && strlen(name) >= sizeof(((kith_token_info *)0)->name))
        rc = kith_error_set(err, KITH_EUSAGE, "a token name has at most 127 bytes");
    if (rc != KITH_OK)
        return rc;
    random_secret("kith_", token);
    secret_hash(token, hash);
    snprintf(prefix, sizeof prefix, "%.9s", token);
    rc = kith__st_token_insert(st, u.org_id, u.id, name, hash, prefix, id, err);
    if (rc != KITH_OK)
        sodium_memzero(token, KITH_SECRET_LEN);
    return rc;
}

kith_code kith_token_revoke(kith_store *st, int64_t org_id, int64_t token_id,
                            kith_error *err)
{
    return kith__st_token_revoke(st, org_id, token_id, err);
}

kith_code kith_tokens_list(kith_store *st, int64_t org_id, kith_token_cb cb, void *ud,
                           kith_error *err)
{
    return kith__st_tokens_each(st, org_id, cb, ud, err);
}

static int token_json(void *ud, const kith_token_info *t)
{
    arr_ctx *c = ud;
    json_t *o = json_object();
    c->bad |= !o;
    if (o) {
        c->bad |= kith__jv_set(o, "id", json_integer(t->id));
        c->bad |= kith__jv_set(o, "user_id", json_integer(t->user_id));
        c->bad |= kith__jv_set(o, "user", kith__jv_text(t->user_email));
        c->bad |= kith__jv_set(o, "name", kith__jv_text(t->name));
        c->bad |= kith__jv_set(o, "prefix", kith__jv_text(t->prefix));
        c->bad |= kith__jv_set(o, "created_at", kith__jv_time(t->created_at));
        c->bad |= kith__jv_set(o, "revoked_at", kith__jv_time_or_null(t->revoked_at));
    }
    c->bad |= kith__jv_push(c->arr, o);
    return c->bad;
}

kith_code kith_tokens_json(kith_store *st, int64_t org_id, char **out, kith_error *err)
{
    arr_ctx c = {json_array(), 0};
    *out = NULL;
    kith_code rc = c.arr ? kith__st_tokens_each(st, org_id, token_json, &c, err)
                         : kith_error_set(err, KITH_ENOMEM, "out of memory");
    return wrap_dump("tokens", &c, rc, out, err);
}

kith_code kith_token_check(kith_store *st, const char *token, kith_user *out,
                           kith_error *err)
{
    char hash[65];
    if (!token || strncmp(token, "kith_", 5) != 0 || strlen(token) >= KITH_SECRET_LEN)
        return kith_error_set(err, KITH_ENOTFOUND, "unknown or revoked token");
    kith_code rc = sodium_ready(err);
    if (rc != KITH_OK)
        return rc;
    secret_hash(token, hash);
    return kith__st_token_user(st, hash, out, err);
}

/* ------------------------------------------------------------ sessions */

kith_code kith_session_open(kith_store *st, int64_t user_id, int64_t ttl,
                            const char *address, char sid[KITH_SECRET_LEN],
                            char csrf[KITH_SECRET_LEN], kith_error *err)
{
    char hash[65];
    kith_code rc = sodium_ready(err);
    if (rc != KITH_OK)
        return rc;
    random_secret("", sid);
    random_secret("", csrf);
    secret_hash(sid, hash);
    rc = kith__st_session_insert(st, user_id, hash, csrf, (int64_t)time(NULL) + ttl,
                                 address, err);
    if (rc != KITH_OK) {
        sodium_memzero(sid, KITH_SECRET_LEN);
        sodium_memzero(csrf, KITH_SECRET_LEN);
    }
    return rc;
}

kith_code kith_session_check(kith_store *st, const char *sid, kith_user *out,
                             char csrf[KITH_SECRET_LEN], kith_error *err)
{
    char hash[65];
    if (!sid || !*sid || strlen(sid) >= KITH_SECRET_LEN)
        return kith_error_set(err, KITH_ENOTFOUND, "unknown or expired session");
    kith_code rc = sodium_ready(err);
    if (rc != KITH_OK)
        return rc;
    secret_hash(sid, hash);
    return kith__st_session_user(st, hash, (int64_t)time(NULL), out, csrf, err);
}

kith_code kith_session_close(kith_store *st, const char *sid, kith_error *err)
{
    char hash[65];
    if (!sid || !*sid)
        return KITH_OK;
    kith_code rc = sodium_ready(err);
    if (rc != KITH_OK)
        return rc;
    secret_hash(sid, hash);
    return kith__st_session_delete(st, hash, err);
}

/* ------------------------------------------------------------ audit log */

kith_code kith_audit_add(kith_store *st, const kith_audit_event *e, kith_error *err)
{
    if (!e || !e->action || !*e->action)
        return kith_error_set(err, KITH_EUSAGE, "an audit event needs an action");
    return kith__st_audit_insert(st, e, err);
}

kith_code kith_audit_list(kith_store *st, int64_t org_id, int64_t limit, int64_t before,
                          kith_audit_cb cb, void *ud, kith_error *err)
{
    return kith__st_audit_each(st, org_id, limit, before, cb, ud, err);
}

typedef struct audit_ctx {
    arr_ctx a;
    int64_t last, n;
} audit_ctx;

static int audit_json(void *ud, const kith_audit_event *e)
{
    audit_ctx *c = ud;
    json_t *o = json_object();
    c->a.bad |= !o;
    if (o) {
        c->a.bad |= kith__jv_set(o, "id", json_integer(e->id));
        c->a.bad |= kith__jv_set(o, "at", kith__jv_time(e->at));
        c->a.bad |= kith__jv_set(o, "actor", kith__jv_text(e->actor));
        c->a.bad |= kith__jv_set(o, "action", kith__jv_text(e->action));
        c->a.bad |= kith__jv_set(o, "target", kith__jv_text(e->target));
        c->a.bad |= kith__jv_set(o, "detail", kith__jv_text(e->detail));
        c->a.bad |= kith__jv_set(o, "address", kith__jv_text(e->address));
    }
    c->a.bad |= kith__jv_push(c->a.arr, o);
    c->last = e->id;
    c->n++;
    return c->a.bad;
}

kith_code kith_audit_json(kith_store *st, int64_t org_id, int64_t limit, int64_t before,
                          char **out, kith_error *err)
{
    audit_ctx c = {{json_array(), 0}, 0, 0};
    json_t *root = json_object();
    *out = NULL;
    kith_code rc = c.a.arr && root ? kith__st_audit_each(st, org_id, limit, before,
                                                         audit_json, &c, err)
                                   : kith_error_set(err, KITH_ENOMEM, "out of memory");
    /* A full page may have more after it: its last id is the next cursor. */
    int more = limit > 0 && c.n == limit && c.last > 1;
    if (rc == KITH_OK &&
        (c.a.bad || kith__jv_set(root, "events", c.a.arr) ||
         kith__jv_set(root, "next_before", more ? json_integer(c.last) : json_null())))
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
    else if (rc != KITH_OK)
        json_decref(c.a.arr);
    if (rc != KITH_OK) {
        json_decref(root);
        return rc;
    }
    return kith__jv_dump(root, out, err);
}
