/* The store: one SQLite database file holding every org's data (WAL mode,
 * foreign keys on, schema migrated in place on open). */
#ifndef KITH_STORE_H
#define KITH_STORE_H

#include <stdint.h>

#include "kith/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kith_store kith_store;

/* Open (creating if missing) the database at path and bring its schema up
 * to date. A database written by a newer kith is refused (KITH_ESCHEMA).
 * On success *out is owned by the caller: release with kith_store_close.
 * Errors: KITH_EDB, KITH_ESCHEMA, KITH_ENOMEM. */
KITH_API kith_code kith_store_open(const char *path, kith_store **out, kith_error *err);
/* Open an existing database read-write without creating it (KITH_ENOTFOUND
 * when the file does not exist). */
KITH_API kith_code kith_store_open_existing(const char *path, kith_store **out,
                                            kith_error *err);
/* Close; st may be NULL. */
KITH_API void kith_store_close(kith_store *st);
/* The schema version of the open database, and the latest this build knows. */
KITH_API int kith_store_schema_version(kith_store *st);
KITH_API int kith_store_schema_latest(void);
/* The write counter of the whole file: every write transaction of the
 * library (import, merge, unmerge, config and org changes) increments it
 * as it commits, whichever connection or process made it; account,
 * session and audit writes do not. A cache of answers computed from the
 * data is valid while it is unchanged (kith serve). Writes made outside
 * kith (the sqlite3 shell) do not change it. Errors: KITH_EDB. */
KITH_API kith_code kith_store_revision(kith_store *st, int64_t *out, kith_error *err);
/* Path the store was opened with (borrowed). */
KITH_API const char *kith_store_path(const kith_store *st);

/* ------------------------------------------------------------ backup */

typedef struct kith_backup_opts {
    int force; /* 1: replace dest when it exists (never the database itself) */
    /* Pages copied per step (0 = 1024); the progress callback runs after
     * each step with pages done and the total. May be NULL. */
    int step_pages;
    void (*progress)(void *ud, uint64_t done, uint64_t total);
    void *progress_ud;
} kith_backup_opts;

typedef struct kith_backup_stats {
    uint64_t pages, bytes; /* of the copy */
} kith_backup_stats;

/* Copy the database of st to the file dest with SQLite's online backup
 * API, safe while other connections or processes (a kith serve, an
 * import) write: the copy is the database as of one committed moment
 * (the last commit before the copy began; later commits are not in it and
 * do not restart or block it). The copy is written next to dest and moved
 * into place only when complete, so dest is never half-written. opts and
 * stats may be NULL. Errors: KITH_ESTATE (dest exists and opts->force is
 * 0; dest is untouched), KITH_EUSAGE (dest is the database itself, or a
 * folder), KITH_EIO (dest's folder cannot be written), KITH_EDB,
 * KITH_ENOMEM. Time: O(pages). */
KITH_API kith_code kith_store_backup(kith_store *st, const char *dest,
                                     const kith_backup_opts *opts,
                                     kith_backup_stats *stats, kith_error *err);

/* Organisations. name is unique; tz an IANA zone ("UTC" default);
 * currency an ISO 4217 code. currency_chosen is 0 while the org has the
 * placeholder "EUR" because none was given: its first import with money
 * amounts then sets it (docs/import.md, "Money and currencies"). */
typedef struct kith_org {
    int64_t id;
    char name[128];
    char timezone[64];
    char currency[8];
    char phone_country_code[8];
    int currency_chosen;
    char date_order[8]; /* auto | mdy | dmy: numeric dates such as 3/5/24 */
} kith_org;

/* Create an org; KITH_ESTATE if the name exists. currency: three letters
 * (ISO 4217 form, any case: stored in capitals), or NULL / "" for none yet
 * (the placeholder "EUR", currency_chosen 0); anything else is KITH_EUSAGE. */
KITH_API kith_code kith_org_create(kith_store *st, const char *name, const char *tz,
                                   const char *currency, int64_t *id, kith_error *err);
/* Change one org setting: timezone, currency (three letters; it is then
 * chosen; rates imported for another currency stop applying),
 * phone_country_code (digits used for phone numbers written without one),
 * date_order (auto, mdy or dmy: which number of a date such as 3/5/24 is
 * the month when the file does not show it; docs/import.md), or tags (a
 * JSON list of strings). The local area and community channels are metric
 * parameters: kith_config_set (metrics.h). KITH_EUSAGE on an unknown field
 * or a malformed list. */
KITH_API kith_code kith_org_set(kith_store *st, int64_t org_id, const char *field,
                                const char *value, kith_error *err);

/* The order in which the org's numeric dates (3/5/24) are read when a
 * file does not show it: 'm' (month first) or 'd' (day first). *why
 * (static text; may be NULL) says where it comes from: the date_order
 * setting, the time zone's country, or the month-first default. */
KITH_API char kith_org_date_order(const kith_org *o, const char **why);

/* The org's settings as a JSON object (name, timezone, currency,
 * phone_country_code, date_order, date_order_effective, tags): malloc'ed,
 * the caller frees; NULL on error (err set). */
KITH_API char *kith_org_json(kith_store *st, int64_t org_id, kith_error *err);

/* Find an org by name, or with name NULL the only org there is. Errors:
 * KITH_ENOTFOUND (no such org / no org yet), KITH_EUSAGE (several orgs and
 * no name given). */
KITH_API kith_code kith_org_find(kith_store *st, const char *name, kith_org *out,
                                 kith_error *err);

#ifdef __cplusplus
}
#endif
#endif
