/* Inside the store: the connection, its cached statements, and the
 * functions the other modules call to read and write. This header does not
 * expose sqlite3.h; only src/store/ includes it. */
#ifndef KITH_STORE_INT_H
#define KITH_STORE_INT_H

#include <stdint.h>

#include "kith/ingest.h"
#include "kith/store.h"
#include "store/records.h"

struct sqlite3;
struct sqlite3_stmt;

/* Cached statements, prepared on first use and finalized on close. */
typedef enum {
    ST_IDENTITY_FIND,
    ST_IDENTITY_INSERT,
    ST_MEMBER_INSERT,
    ST_MEMBER_KINDS,
    ST_MEMBER_SET_KINDS,
    ST_MEMBER_UPDATE,
    ST_ACTIVITY_INSERT,
    ST_ACTIVITY_FIND,
    ST_INITIATIVE_FIND,
    ST_INITIATIVE_FIND_CODE,
    ST_KEEP_APART,
    ST_MEMBER_EXISTS,
    ST_INITIATIVE_EXISTS,
    ST_FX_GET,
    ST_FX_PUT,
    ST_FX_KEEP,
    ST_FX_FIRST,
    ST_MEMBER_BEFORE,
    ST_MEMBER_BEFORE_PRUNE,
    ST_INITIATIVE_BEFORE,
    ST_INITIATIVE_BEFORE_PRUNE,
    ST_REVISION,
    ST_AUTH_TOKEN,
    ST_AUTH_SESSION,
    ST_ORG_BY_ID,
    ST_MEMBERS_PAGE_LIVE,
    ST_MEMBERS_PAGE_ALL,
    ST__COUNT
} kith_stmt_id;

struct kith_store {
    struct sqlite3 *db;
    struct sqlite3_stmt *stmts[ST__COUNT];
    char *path;
    int txn_depth;
    /* While a bulk import runs with the secondary activity indexes dropped:
     * the statements that recreate them (see kith__st_bulk_begin). */
    char *bulk_sql;
};

int kith__schema_latest(void);
kith_code kith__schema_migrate(kith_store *st, kith_error *err);

/* ------------------------------------------------------------ plumbing */
kith_code kith__st_exec(kith_store *st, const char *sql, kith_error *err);
kith_code kith__st_user_version(kith_store *st, int *version, kith_error *err);
/* Record the current SQLite error in err with a context phrase. */
kith_code kith__st_fail(kith_store *st, kith_error *err, const char *what);
/* Transactions; begin is BEGIN IMMEDIATE. Savepoints for per-row undo. */
kith_code kith__st_begin(kith_store *st, kith_error *err);
kith_code kith__st_commit(kith_store *st, kith_error *err);
void kith__st_rollback(kith_store *st);
kith_code kith__st_savepoint(kith_store *st, kith_error *err);
kith_code kith__st_release(kith_store *st, kith_error *err);
void kith__st_rollback_to(kith_store *st);
int64_t kith__st_now(void);
/* Bulk load of activities, inside the import's transaction: when about
 * est_rows new activities outnumber those already stored, drop the
 * activity table's non-unique indexes, so that each insert updates only
 * the table and the unique idempotency index; kith__st_bulk_end builds them
 * again in one sorted pass before commit (a rollback restores them anyway).
 * kith__st_merge builds them first, as merging needs the member index;
 * final=1 (just before commit) also forgets the saved SQL. */
kith_code kith__st_bulk_begin(kith_store *st, int64_t est_rows, kith_error *err);
kith_code kith__st_bulk_end(kith_store *st, int final, kith_error *err);
/* Journal for one large write transaction, called outside a transaction.
 * on=1: switch from WAL to a rollback journal (synchronous=FULL), so that
 * each new page is written once, to the database, instead of to the WAL
 * and again at checkpoint. SQLite only leaves WAL when no other
 * connection has the database open; then this stays in WAL and says so in
 * *switched=0 (not an error: the load is only slower). on=0: back to WAL
 * and synchronous=NORMAL. */
kith_code kith__st_bulk_journal(kith_store *st, int on, int *switched, kith_error *err);
/* Run a query returning one integer (e.g. COUNT(*)); *out=0 on no row. */
kith_code kith__st_query_int(kith_store *st, const char *sql, int64_t *out,
                             kith_error *err);

/* The org with this id (KITH_ENOTFOUND if none). */
kith_code kith__st_org_by_id(kith_store *st, int64_t id, kith_org *out, kith_error *err);

/* ------------------------------------------------------------ members */
/* Find the member holding identity (kind, value) in org: KITH_OK with *id,
 * or KITH_ENOTFOUND. Follows merged_into to the surviving member. */
kith_code kith__st_identity_find(kith_store *st, int64_t org, const char *kind,
                                 const char *value, int64_t *id, kith_error *err);
/* batch: the import that adds it (0: none, e.g. a test). */
kith_code kith__st_identity_insert(kith_store *st, int64_t org, int64_t member,
                                   const char *kind, const char *value,
                                   const char *source, int64_t batch, kith_error *err);
/* 1 when a member (initiative = 0) or initiative (initiative = 1) row with
 * this id exists, 0 when not, -1 on a database error (err set). */
int kith__st_row_exists(kith_store *st, int initiative, int64_t id, kith_error *err);
/* Foreign-key enforcement on (1) or off (0); only takes effect outside a
 * transaction (SQLite ignores it inside one). */
kith_code kith__st_foreign_keys(kith_store *st, int on, kith_error *err);
/* The largest identity id (0 when none): a cheap bound on their number. */
kith_code kith__st_identity_max_id(kith_store *st, int64_t *max, kith_error *err);
/* Calls fn(ud, kind, value) for every identity of org, in index order. */
kith_code kith__st_identity_each(kith_store *st, int64_t org,
                                 void (*fn)(void *ud, const char *kind,
                                            const char *value),
                                 void *ud, kith_error *err);
/* Insert a member row from rec (identities are not written). */
kith_code kith__st_member_insert(kith_store *st, int64_t org, const kith_member_rec *rec,
                                 int64_t batch, int64_t *id, kith_error *err);
/* Overwrite the member's fields with the non-empty fields of rec; kinds and
 * flags are united, first_seen keeps the earliest. */
kith_code kith__st_member_update(kith_store *st, int64_t id, const kith_member_rec *rec,
                                 kith_error *err);
/* Read / add kind bits of a member. */
kith_code kith__st_member_kinds(kith_store *st, int64_t id, unsigned *kinds,
                                kith_error *err);
kith_code kith__st_member_add_kinds(kith_store *st, int64_t id, unsigned kinds,
                                    kith_error *err);
/* 1 if a merge between a and b was undone by hand (keep them apart). */
int kith__st_keep_apart(kith_store *st, int64_t a, int64_t b);
/* Merge member drop into keep, logging everything unmerge needs. */
kith_code kith__st_merge(kith_store *st, int64_t org, int64_t keep, int64_t drop,
                         const char *reason, double score, int automatic, int64_t batch,
                         int64_t *merge_id, kith_error *err);
kith_code kith__st_unmerge(kith_store *st, int64_t org, int64_t merge_id,
                           kith_error *err);

/* ------------------------------------------------------------ activities */
/* Insert; *inserted = 0 when (org, source, external_id) is already there. */
kith_code kith__st_activity_insert(kith_store *st, int64_t org,
                                   const kith_activity_rec *rec, int *inserted,
                                   kith_error *err);
/* Activity id by (source, external_id): KITH_OK or KITH_ENOTFOUND. */
kith_code kith__st_activity_find(kith_store *st, int64_t org, const char *source,
                                 const char *external_id, int64_t *id, kith_error *err);
/* The member_id of the activity (source, external_id): KITH_OK or
 * KITH_ENOTFOUND. */
kith_code kith__st_activity_member(kith_store *st, int64_t org, const char *source,
                                   const char *external_id, int64_t *member,
                                   kith_error *err);
/* Initiative by name (create=1 inserts a bare one when missing, recording
 * batch as the import that created it). */
kith_code kith__st_initiative_by_name(kith_store *st, int64_t org, const char *name,
                                      int create, int64_t batch, int64_t *id,
                                      kith_error *err);
/* Initiative whose codes list or utm_campaign holds code (case-insensitive). */
kith_code kith__st_initiative_by_code(kith_store *st, int64_t org, const char *code,
                                      int64_t *id, kith_error *err);
/* Upsert by name; *inserted tells whether it was new. batch: the import
 * writing it (0: none), which an initiative it creates records and which
 * keeps the row of one it changes (kith__st_initiative_before). */
kith_code kith__st_initiative_upsert(kith_store *st, int64_t org,
                                     const kith_initiative_rec *rec, int64_t batch,
                                     int *inserted, kith_error *err);
kith_code kith__st_idea_insert(kith_store *st, int64_t org, const kith_idea_rec *rec,
                               int *inserted, kith_error *err);
kith_code kith__st_social_post_insert(kith_store *st, int64_t org,
                                      const kith_social_post_rec *rec, int *inserted,
                                      kith_error *err);
kith_code kith__st_web_session_insert(kith_store *st, int64_t org,
                                      const kith_web_session_rec *rec, int *inserted,
                                      kith_error *err);

/* ------------------------------------------------------------ exchange rates */
/* A rate is worth rate units of base (the org's currency) per unit of
 * currency (both three capital letters), in force from valid_from. */
/* The rate stored for (base, currency, valid_from): KITH_OK with *rate and
 * the batch that wrote it (0 = none), or KITH_ENOTFOUND. */
kith_code kith__st_fx_get(kith_store *st, int64_t org, const char *base,
                          const char *currency, int64_t valid_from, double *rate,
                          int64_t *batch, kith_error *err);
/* Insert that rate, or replace the one of the same key (batch is then the
 * one that wrote it last). */
kith_code kith__st_fx_put(kith_store *st, int64_t org, const char *base,
                          const char *currency, int64_t valid_from, double rate,
                          int64_t batch, kith_error *err);
/* The earliest valid_from of the currency's rates to base: KITH_OK with
 * *first, or KITH_ENOTFOUND when it has none. */
kith_code kith__st_fx_first(kith_store *st, int64_t org, const char *base,
                            const char *currency, int64_t *first, kith_error *err);

/* ------------------------------------------------------------ batches */
#define KITH_SKIP_KINDS 8

typedef struct kith_batch_counts {
    int64_t rows_read, rows_imported, rows_duplicate, rows_rejected;
    int64_t members_created, merges;
    int64_t read[2];                 /* rows_read by kind of record */
    int64_t skipped;                 /* read and left out on purpose */
    int64_t skip_n[KITH_SKIP_KINDS]; /* by reason (the importer names them) */
    int64_t warnings;                /* optional fields left out */
} kith_batch_counts;

kith_code kith__st_batch_start(kith_store *st, int64_t org, const char *file,
                               const char *sha256, const char *format, const char *source,
                               int64_t *id, kith_error *err);
/* sha256: the file's digest when it was not known at start (NULL: keep).
 * options and details: JSON (may be NULL) of what decided the rows written
 * and of the counts in the import's own units. */
kith_code kith__st_batch_finish(kith_store *st, int64_t id, const char *sha256,
                                const kith_batch_counts *c, const char *status,
                                const char *message, const char *options,
                                const char *details, kith_error *err);
/* An earlier import of the org, not undone, of the same bytes (sha256) in
 * the same format, that wrote something, other than batch `self`: KITH_OK with its id and
 * its options JSON (malloc'ed, "" when it recorded none; caller frees), or
 * KITH_ENOTFOUND. When there are several, the latest whose options differ
 * from `options` is given, else the latest. */
kith_code kith__st_batch_same_file(kith_store *st, int64_t org, const char *sha256,
                                   const char *format, int64_t self, const char *options,
                                   int64_t *id, char **prev_options, kith_error *err);
/* Keep the row of member `member` as it is now in member_before for batch,
 * unless one is kept already (the state before the batch's first change). */
kith_code kith__st_member_before(kith_store *st, int64_t batch, int64_t member,
                                 kith_error *err);
kith_code kith__st_initiative_before(kith_store *st, int64_t batch, int64_t initiative,
                                     kith_error *err);
/* Forget the initiative's kept row of batch when it is as it was. */
kith_code kith__st_initiative_before_prune(kith_store *st, int64_t batch,
                                           int64_t initiative, kith_error *err);
/* Forget the member's kept row of batch when the member is as it was
 * (an update that changed nothing): 1 forgotten, 0 kept, -1 error. */
int kith__st_member_before_prune(kith_store *st, int64_t batch, int64_t member,
                                 kith_error *err);

/* Undo import batch of org, inside the caller's transaction (see
 * st_undo.c). KITH_ENOTFOUND: no such import; KITH_ESTATE: already undone,
 * or later work is built on it (the message says what to undo first). */
kith_code kith__st_import_undo(kith_store *st, int64_t org, int64_t batch,
                               kith_undo_result *c, kith_error *err);
/* Mark the import undone (status, undone_at) with message. */
kith_code kith__st_batch_undone(kith_store *st, int64_t batch, const char *message,
                                kith_error *err);

#endif
