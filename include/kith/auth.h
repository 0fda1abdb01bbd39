/* Accounts of the web server (kith serve): users with a role in one
 * organisation, bearer tokens for scripts, login sessions for the
 * dashboard, and the audit log. Passwords are hashed with argon2id
 * (libsodium crypto_pwhash_str); tokens and session ids are random and
 * stored only as their SHA-256. docs/server.md describes the model. */
#ifndef KITH_AUTH_H
#define KITH_AUTH_H

#include <stdint.h>

#include "kith/error.h"
#include "kith/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Roles, weakest first: a route needing a role admits every stronger one. */
typedef enum kith_role {
    KITH_ROLE_NONE = 0,
    KITH_ROLE_VIEWER = 1,  /* reads; sees no email address or phone number */
    KITH_ROLE_MANAGER = 2, /* also imports, merges, changes the config */
    KITH_ROLE_OWNER = 3    /* also users, tokens and the audit log */
} kith_role;

/* "owner", "manager", "viewer" ("" for KITH_ROLE_NONE). Static. */
KITH_API const char *kith_role_name(kith_role role);
/* The role named s, or KITH_ROLE_NONE. */
KITH_API kith_role kith_role_parse(const char *s);

/* Size of a buffer for a token, a session id or a CSRF token (NUL
 * included). Tokens read "kith_" + 43 base64url characters. */
#define KITH_SECRET_LEN 64

typedef struct kith_user {
    int64_t id;
    int64_t org_id;
    char email[256]; /* lowercased */
    kith_role role;
    int64_t created_at;
    int64_t last_login_at; /* 0 = never */
} kith_user;

/* ------------------------------------------------------------ users */

/* Add a user to org with this password (8 to 1024 bytes). The email is
 * trimmed and lowercased and must be unused in the whole file. Errors:
 * KITH_EUSAGE (malformed email, unknown role, short password),
 * KITH_ESTATE (email taken), KITH_EDB, KITH_ENOMEM. Time: one argon2id
 * hash (about 0.1 s and 64 MiB). */
KITH_API kith_code kith_user_add(kith_store *st, int64_t org_id, const char *email,
                                 kith_role role, const char *password, int64_t *id,
                                 kith_error *err);
/* The user of org (org_id 0: of any org) named by key: an id or an email.
 * KITH_ENOTFOUND when there is none (in that org). */
KITH_API kith_code kith_user_find(kith_store *st, int64_t org_id, const char *key,
                                  kith_user *out, kith_error *err);
/* Remove a user of org with its tokens and sessions. KITH_ENOTFOUND (not a
 * user of org), KITH_ESTATE (the org's last owner). */
KITH_API kith_code kith_user_remove(kith_store *st, int64_t org_id, int64_t user_id,
                                    kith_error *err);
/* Set a new password; the user's sessions end (tokens stay). Errors as
 * kith_user_add, KITH_ENOTFOUND. */
KITH_API kith_code kith_user_passwd(kith_store *st, int64_t org_id, int64_t user_id,
                                    const char *password, kith_error *err);
/* Every user of org (org_id 0: of every org), by id. Return non-zero from
 * cb to stop. */
typedef int (*kith_user_cb)(void *ud, const kith_user *u);
KITH_API kith_code kith_users_list(kith_store *st, int64_t org_id, kith_user_cb cb,
                                   void *ud, kith_error *err);
/* The same as JSON text: {"users":[{id, email, role, created_at,
 * last_login_at}]}. *out malloc'ed, caller frees. */
KITH_API kith_code kith_users_json(kith_store *st, int64_t org_id, char **out,
                                   kith_error *err);

/* Check a password. An unknown email costs the same hash as a known one.
 * KITH_EINPUT "wrong email or password" for either; on success *out is
 * the user and its last_login_at is set to now. */
KITH_API kith_code kith_login(kith_store *st, const char *email, const char *password,
                              kith_user *out, kith_error *err);

/* ------------------------------------------------------------ tokens */

typedef struct kith_token_info {
    int64_t id, org_id, user_id;
    char user_email[256];
    char name[128];
    char prefix[16]; /* the first characters of the token, to recognise it */
    int64_t created_at;
    int64_t revoked_at; /* 0 = in force */
} kith_token_info;

/* Create a bearer token for a user of org, written once into token (the
 * caller shows it; only its hash is kept). name: a label, may be NULL.
 * KITH_ENOTFOUND (not a user of org). */
KITH_API kith_code kith_token_create(kith_store *st, int64_t org_id, int64_t user_id,
                                     const char *name, char token[KITH_SECRET_LEN],
                                     int64_t *id, kith_error *err);
/* Revoke a token of org (kept, marked revoked). KITH_ENOTFOUND. */
KITH_API kith_code kith_token_revoke(kith_store *st, int64_t org_id, int64_t token_id,
                                     kith_error *err);
typedef int (*kith_token_cb)(void *ud, const kith_token_info *t);
/* Tokens of org (0: every org), by id. */
KITH_API kith_code kith_tokens_list(kith_store *st, int64_t org_id, kith_token_cb cb,
                                    void *ud, kith_error *err);
/* {"tokens":[{id, user_id, user, name, prefix, created_at, revoked_at}]} */
KITH_API kith_code kith_tokens_json(kith_store *st, int64_t org_id, char **out,
                                    kith_error *err);
/* The user a token in force belongs to; KITH_ENOTFOUND otherwise. O(1)
 * (one indexed lookup of its hash). */
KITH_API kith_code kith_token_check(kith_store *st, const char *token, kith_user *out,
                                    kith_error *err);

/* ------------------------------------------------------------ sessions */

/* Open a login session of ttl seconds for the user: a random session id
 * (for the cookie) and CSRF token, both written into the buffers. address:
 * the client's, for the record (may be NULL). */
KITH_API kith_code kith_session_open(kith_store *st, int64_t user_id, int64_t ttl,
                                     const char *address, char sid[KITH_SECRET_LEN],
                                     char csrf[KITH_SECRET_LEN], kith_error *err);
/* The user of a session in force, and its CSRF token; KITH_ENOTFOUND for
 * an unknown or expired session. */
KITH_API kith_code kith_session_check(kith_store *st, const char *sid, kith_user *out,
                                      char csrf[KITH_SECRET_LEN], kith_error *err);
/* End a session (nothing happens for an unknown one). */
KITH_API kith_code kith_session_close(kith_store *st, const char *sid, kith_error *err);

/* ------------------------------------------------------------ audit log */

/* One event. actor: the user's email, or "cli:<login>" for the command
 * line; address: the client's IP address, or "local". org_id 0 = none (a
 * failed login of an unknown account). Strings are borrowed; target,
 * detail and address may be NULL. */
typedef struct kith_audit_event {
    int64_t id; /* set by kith_audit_list */
    int64_t org_id;
    int64_t at; /* seconds since the epoch; 0 in kith_audit_add = now */
    const char *actor;
    int64_t actor_user_id; /* 0 = none */
    const char *action;    /* login, login_failed, logout, import, merge, unmerge,
                              config_set, config_unset, user_add, user_remove,
                              user_passwd, token_create, token_revoke */
    const char *target;
    const char *detail;
    const char *address;
} kith_audit_event;

KITH_API kith_code kith_audit_add(kith_store *st, const kith_audit_event *e,
                                  kith_error *err);
typedef int (*kith_audit_cb)(void *ud, const kith_audit_event *e);
/* Events of org (0: every event, those of no org too), newest first, at
 * most limit (0 = all), only those with id < before when before > 0 (the
 * next page). Strings are borrowed for the callback. */
KITH_API kith_code kith_audit_list(kith_store *st, int64_t org_id, int64_t limit,
                                   int64_t before, kith_audit_cb cb, void *ud,
                                   kith_error *err);
/* {"events":[{id, at, actor, action, target, detail, address}],
 *  "next_before": id or null} */
KITH_API kith_code kith_audit_json(kith_store *st, int64_t org_id, int64_t limit,
                                   int64_t before, char **out, kith_error *err);

#ifdef __cplusplus
}
#endif
#endif
