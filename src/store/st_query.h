/* Read-only queries the report and the metrics engine run against the
 * store: inventory counts for the foundation report and the loader of the
 * analysis snapshot (store/dataset.h). Only src/store/ runs SQL; callers
 * get plain C values. */
#ifndef KITH_ST_QUERY_H
#define KITH_ST_QUERY_H

#include <stdint.h>

#include "kith/store.h"
#include "store/dataset.h"

/* Members that are not merged away, per kind bit (index = bit number,
 * 0..6; index 7 = members with no kind), all of them in *total and those
 * flagged team or bot in *team_bot. Time: O(members). */
kith_code kith__st_members_by_kind(kith_store *st, int64_t org, int64_t counts[8],
                                   int64_t *total, int64_t *team_bot, kith_error *err);

/* Calls fn for every (type, month "YYYY-MM", count) of the org's
 * activities with from <= occurred_at < to, ordered by month then type.
 * Months are calendar months in the IANA zone tz (the org's; NULL or
 * "UTC" = UTC), as every metric's periods are. Strings are borrowed for
 * the call. Errors: KITH_EUSAGE (empty period, more than 1,000 years),
 * KITH_ENOMEM, KITH_EDB. Time: O(activities x log months). */
typedef void (*kith__type_month_fn)(void *ud, const char *type, const char *month,
                                    int64_t count);
kith_code kith__st_activity_type_months(kith_store *st, int64_t org, int64_t from,
                                        int64_t to, const char *tz,
                                        kith__type_month_fn fn, void *ud,
                                        kith_error *err);

/* One row of import_batch. Strings are borrowed for the call. */
typedef struct kith__batch_row {
    int64_t id;
    const char *file_name, *format, *source, *status, *message;
    int64_t rows_read, rows_imported, rows_duplicate, rows_rejected;
    int64_t members_created, merges, started_at, finished_at;
    const char *options, *details; /* JSON, NULL for imports before they were kept */
    int64_t undone_at;             /* 0: not undone */
} kith__batch_row;
typedef void (*kith__batch_fn)(void *ud, const kith__batch_row *row);
/* Calls fn for every import batch of the org, oldest first. */
kith_code kith__st_import_batches(kith_store *st, int64_t org, kith__batch_fn fn,
                                  void *ud, kith_error *err);

/* The latest activity timestamp of the org: KITH_OK with *t, or
 * KITH_ENODATA when the org has no activity. */
kith_code kith__st_latest_activity(kith_store *st, int64_t org, int64_t *t,
                                   kith_error *err);

/* Prepare the connection for reading much of the file (memory-mapped I/O:
 * one pread per page was a third of the report's time on a million rows).
 * Queries of this file scan with "+org_id" on purpose: a sequential table
 * scan beats one index lookup per row when most rows are read. */
kith_code kith__st_bulk_read(kith_store *st, kith_error *err);

/* ------------------------------------------------------------ config */
/* The org's value for key: KITH_OK with out (size n) filled, or
 * KITH_ENOTFOUND when it is not set. */
kith_code kith__st_config_get(kith_store *st, int64_t org, const char *key, char *out,
                              size_t n, kith_error *err);
kith_code kith__st_config_set(kith_store *st, int64_t org, const char *key,
                              const char *value, kith_error *err);
/* Removes the org's value for key (back to the default). */
kith_code kith__st_config_unset(kith_store *st, int64_t org, const char *key,
                                kith_error *err);

/* ------------------------------------------------------------ snapshot */
/* Load the org's members, activities, initiatives, ideas, social posts and
 * web sessions into ds (see dataset.h); tag_key, when not NULL, also reads
 * each member's attributes.<tag_key>. ds is caller-owned: release with
 * kith__ds_free. Time: O(rows) plus the sort of activities. */
kith_code kith__st_load_dataset(kith_store *st, int64_t org, const char *tag_key,
                                kith__dataset *ds, kith_error *err);

/* ------------------------------------------------------------ texts */
/* One text of a community activity that carries words (post, reply,
 * review, feedback, idea, mention). Strings are borrowed for the call. */
typedef struct kith__text_row {
    int64_t activity_id, member_id, t;
    const char *type;    /* activity type name */
    const char *channel; /* "" when none */
    const char *text;    /* never empty */
    size_t len;
    int team_or_bot; /* the member is flagged team or bot */
} kith__text_row;
typedef kith_code (*kith__text_fn)(void *ud, const kith__text_row *r, kith_error *err);
/* Calls fn for every non-empty text of those types of the org (member_id
 * > 0: only that member's, newest first, at most limit when limit > 0;
 * else all, in id order). fn's error stops the scan and is returned. */
kith_code kith__st_texts(kith_store *st, int64_t org, int64_t member_id, int64_t limit,
                         kith__text_fn fn, void *ud, kith_error *err);
/* The same for the texts of the org with from <= occurred_at < to, in id
 * order, read through the (org, type, time) index: a window of a large
 * org costs its own rows, not the whole table. */
kith_code kith__st_texts_window(kith_store *st, int64_t org, int64_t from, int64_t to,
                                kith__text_fn fn, void *ud, kith_error *err);

#endif
