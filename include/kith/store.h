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

/* Organisations. name is unique; tz an IANA zone ("UTC" default);
 * currency an ISO 4217 code ("EUR" default). */
typedef struct kith_org {
    int64_t id;
    char name[128];
    char timezone[64];
    char currency[8];
    char phone_country_code[8];
} kith_org;

/* Create an org; KITH_ESTATE if the name exists. */
KITH_API kith_code kith_org_create(kith_store *st, const char *name, const char *tz,
                                   const char *currency, int64_t *id, kith_error *err);
/* Change one org setting: timezone, currency, phone_country_code (digits
 * used for phone numbers written without one), or tags (a JSON list of
 * strings). The local area and community channels are metric parameters:
 * kith_config_set (metrics.h). KITH_EUSAGE on an unknown field or a
 * malformed list. */
KITH_API kith_code kith_org_set(kith_store *st, int64_t org_id, const char *field,
                                const char *value, kith_error *err);

/* Find an org by name, or with name NULL the only org there is. Errors:
 * KITH_ENOTFOUND (no such org / no org yet), KITH_EUSAGE (several orgs and
 * no name given). */
KITH_API kith_code kith_org_find(kith_store *st, const char *name, kith_org *out,
                                 kith_error *err);

#ifdef __cplusplus
}
#endif
#endif
