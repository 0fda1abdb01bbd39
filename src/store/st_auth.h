/* The store's side of the accounts (include/kith/auth.h): users, tokens,
 * sessions and the audit log as rows. Hashing and random secrets are the
 * caller's (src/auth/); these functions only read and write. Account
 * writes are single statements (or a transaction of their own that does
 * not count in the revision: they change no analysed data). */
#ifndef KITH_ST_AUTH_H
#define KITH_ST_AUTH_H

#include <stdint.h>

#include "kith/auth.h"

/* A user with its password hash (never leaves the library). */
typedef struct kith__user_rec {
    kith_user u;
    char hash[256];
} kith__user_rec;

/* KITH_ESTATE when the email is taken. */
kith_code kith__st_user_insert(kith_store *st, int64_t org, const char *email,
                               const char *role, const char *hash, int64_t *id,
                               kith_error *err);
/* By email (any org): KITH_OK or KITH_ENOTFOUND. */
kith_code kith__st_user_by_email(kith_store *st, const char *email, kith__user_rec *out,
                                 kith_error *err);
/* By id within org (org 0: any): KITH_OK or KITH_ENOTFOUND. */
kith_code kith__st_user_by_id(kith_store *st, int64_t org, int64_t id,
                              kith__user_rec *out, kith_error *err);
/* Users of org (0: all) holding role (NULL: any). */
kith_code kith__st_user_count(kith_store *st, int64_t org, const char *role, int64_t *n,
                              kith_error *err);
/* New hash; the user's sessions are deleted in the same transaction. */
kith_code kith__st_user_set_hash(kith_store *st, int64_t id, const char *hash,
                                 kith_error *err);
kith_code kith__st_user_login_at(kith_store *st, int64_t id, int64_t at, kith_error *err);
/* The user, its tokens and sessions, in one transaction. */
kith_code kith__st_user_delete(kith_store *st, int64_t id, kith_error *err);
kith_code kith__st_users_each(kith_store *st, int64_t org, kith_user_cb cb, void *ud,
                              kith_error *err);

kith_code kith__st_token_insert(kith_store *st, int64_t org, int64_t user,
                                const char *name, const char *hash, const char *prefix,
                                int64_t *id, kith_error *err);
/* KITH_ENOTFOUND unless a token in force of org has this id. */
kith_code kith__st_token_revoke(kith_store *st, int64_t org, int64_t id, kith_error *err);
kith_code kith__st_tokens_each(kith_store *st, int64_t org, kith_token_cb cb, void *ud,
                               kith_error *err);
/* The user of the token in force with this hash: KITH_OK or
 * KITH_ENOTFOUND. */
kith_code kith__st_token_user(kith_store *st, const char *hash, kith_user *out,
                              kith_error *err);

kith_code kith__st_session_insert(kith_store *st, int64_t user, const char *hash,
                                  const char *csrf, int64_t expires, const char *address,
                                  kith_error *err);
/* The user of the session with this hash if it expires after now, and
 * its CSRF token: KITH_OK or KITH_ENOTFOUND. */
kith_code kith__st_session_user(kith_store *st, const char *hash, int64_t now,
                                kith_user *out, char csrf[KITH_SECRET_LEN],
                                kith_error *err);
kith_code kith__st_session_delete(kith_store *st, const char *hash, kith_error *err);

kith_code kith__st_audit_insert(kith_store *st, const kith_audit_event *e,
                                kith_error *err);
kith_code kith__st_audit_each(kith_store *st, int64_t org, int64_t limit, int64_t before,
                              kith_audit_cb cb, void *ud, kith_error *err);

#endif
