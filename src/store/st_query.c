/* Read-only queries for the report: inventory counts, import history, the
 * latest activity, and the per-org config table (see st_query.h). */
#include "store/st_query.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeparse.h"

#include "store/store_int.h"

static const char *col_text(sqlite3_stmt *s, int i)
{
    const unsigned char *v = sqlite3_column_text(s, i);
    return v ? (const char *)v : "";
}

kith_code kith__st_members_by_kind(kith_store *st, int64_t org, int64_t counts[8],
                                   int64_t *total, int64_t *team_bot, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    memset(counts, 0, 8 * sizeof counts[0]);
    *total = *team_bot = 0;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT kinds, flags, COUNT(*) FROM member"
                           " WHERE org_id=? AND merged_into IS NULL"
                           " GROUP BY kinds, flags",
                           -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, org);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        unsigned kinds = 0, flags = 0;
        /* The store wrote these lists itself, so they always parse; an
         * unknown name would be dropped rather than fail the report. */
        kith__kinds_parse(col_text(s, 0), &kinds, NULL);
        kith__flags_parse(col_text(s, 1), &flags, NULL);
        int64_t n = sqlite3_column_int64(s, 2);
        *total += n;
        if (flags & (KITH_FLAG_TEAM | KITH_FLAG_BOT))
            *team_bot += n;
        if (!kinds)
            counts[7] += n;
        for (int b = 0; b < 7; b++)
            if (kinds & (1u << b))
                counts[b] += n;
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? KITH_OK : kith__st_fail(st, err, "count members");
}

/* The month of t among nmonths local months starting at b[0] (b[k] is the
 * first instant of month k, b[nmonths] the end of the last): binary search,
 * since local months have no fixed length in seconds. -1 outside. */
static int64_t month_index(const int64_t *b, int64_t nmonths, int64_t t)
{
    if (t < b[0] || t >= b[nmonths])
        return -1;
    int64_t lo = 0, hi = nmonths; /* b[lo] <= t < b[hi] */
    while (hi - lo > 1) {
        int64_t mid = lo + (hi - lo) / 2;
        if (b[mid] <= t)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Types in name order, as the GROUP BY query used to give them. */
static void types_by_name(int order[KITH_AT__N])
{
    for (int i = 0; i < KITH_AT__N; i++)
        order[i] = i;
    for (int i = 1; i < KITH_AT__N; i++)
        for (int j = i;
             j > 0 && strcmp(kith__at_name(order[j - 1]), kith__at_name(order[j])) > 0;
             j--) {
            int tmp = order[j];
            order[j] = order[j - 1];
            order[j - 1] = tmp;
        }
}

/* Counts are bucketed here rather than with GROUP BY: a plain scan in rowid
 * order avoids an index lookup and a sort per activity (10x faster on
 * millions of rows). Months are numbered from year 0 (y*12 + m-1) and
 * bounded by local midnights in tz, computed once per month: converting
 * each activity's time to a local date would cost a zone lookup per row. */
kith_code kith__st_activity_type_months(kith_store *st, int64_t org, int64_t from,
                                        int64_t to, const char *tz,
                                        kith__type_month_fn fn, void *ud, kith_error *err)
{
    if (from >= to)
        return kith_error_set(err, KITH_EUSAGE, "the period is empty");
    int y0, y1;
    unsigned m0, m1, d;
    kith__time_local_civil(from, tz, &y0, &m0, &d);
    kith__time_local_civil(to - 1, tz, &y1, &m1, &d);
    int64_t first = (int64_t)y0 * 12 + m0 - 1, nmonths = (int64_t)y1 * 12 + m1 - first;
    if (nmonths < 1 || nmonths > INT64_C(12) * 1000)
        return kith_error_set(err, KITH_EUSAGE, "the period spans too many months");
    int64_t *n = calloc((size_t)nmonths * KITH_AT__N, sizeof *n);
    int64_t *b = malloc((size_t)(nmonths + 1) * sizeof *b);
    sqlite3_stmt *s = NULL;
    kith_code code = KITH_OK;
    if (!n || !b) {
        code = kith_error_set(err, KITH_ENOMEM, "out of memory");
        goto done;
    }
    for (int64_t k = 0; k <= nmonths; k++)
        b[k] = kith__time_local_midnight((int)((first + k) / 12),
                                         (unsigned)((first + k) % 12) + 1, 1, tz);
    if (sqlite3_prepare_v2(st->db,
                           "SELECT type, occurred_at FROM activity"
                           " WHERE +org_id=? AND occurred_at>=? AND occurred_at<?",
                           -1, &s, NULL) != SQLITE_OK) {
        code = kith__st_fail(st, err, "prepare");
        goto done;
    }
    sqlite3_bind_int64(s, 1, org);
    sqlite3_bind_int64(s, 2, from);
    sqlite3_bind_int64(s, 3, to);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int type = kith__at_from_name(col_text(s, 0));
        int64_t k = month_index(b, nmonths, sqlite3_column_int64(s, 1));
        if (type >= 0 && k >= 0)
            n[k * KITH_AT__N + type]++;
    }
    if (rc != SQLITE_DONE) {
        code = kith__st_fail(st, err, "count activities");
        goto done;
    }
    int order[KITH_AT__N];
    types_by_name(order);
    for (int64_t k = 0; k < nmonths; k++) {
        char month[16];
        int64_t mm = first + k;
        snprintf(month, sizeof month, "%04d-%02d", (int)(mm / 12), (int)(mm % 12) + 1);
        for (int i = 0; i < KITH_AT__N; i++)
            if (n[k * KITH_AT__N + order[i]])
                fn(ud, kith__at_name(order[i]), month, n[k * KITH_AT__N + order[i]]);
    }
done:
    sqlite3_finalize(s);
    free(b);
    free(n);
    return code;
}

kith_code kith__st_import_batches(kith_store *st, int64_t org, kith__batch_fn fn,
                                  void *ud, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT id, file_name, format, source, status, message,"
                           " rows_read, rows_imported, rows_duplicate, rows_rejected,"
                           " members_created, merges, started_at, finished_at,"
                           " options, details, undone_at"
                           " FROM import_batch WHERE org_id=? ORDER BY id",
                           -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, org);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        kith__batch_row r;
        r.id = sqlite3_column_int64(s, 0);
        r.file_name = col_text(s, 1);
        r.format = col_text(s, 2);
        r.source = col_text(s, 3);
        r.status = col_text(s, 4);
        r.message = col_text(s, 5);
        r.rows_read = sqlite3_column_int64(s, 6);
        r.rows_imported = sqlite3_column_int64(s, 7);
        r.rows_duplicate = sqlite3_column_int64(s, 8);
        r.rows_rejected = sqlite3_column_int64(s, 9);
        r.members_created = sqlite3_column_int64(s, 10);
        r.merges = sqlite3_column_int64(s, 11);
        r.started_at = sqlite3_column_int64(s, 12);
        r.finished_at = sqlite3_column_int64(s, 13);
        r.options = col_text(s, 14);
        r.details = col_text(s, 15);
        r.undone_at = sqlite3_column_int64(s, 16);
        fn(ud, &r);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? KITH_OK : kith__st_fail(st, err, "list imports");
}

kith_code kith__st_latest_activity(kith_store *st, int64_t org, int64_t *t,
                                   kith_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT MAX(occurred_at) FROM activity WHERE +org_id=?", -1,
                           &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, org);
    int rc = sqlite3_step(s);
    kith_code code = KITH_OK;
    if (rc != SQLITE_ROW)
        code = kith__st_fail(st, err, "latest activity");
    else if (sqlite3_column_type(s, 0) == SQLITE_NULL)
        code = kith_error_set(err, KITH_ENODATA,
                              "the organisation has no activities yet; import some "
                              "with 'kith import activities FILE' (or try 'kith demo')");
    else
        *t = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return code;
}

kith_code kith__st_bulk_read(kith_store *st, kith_error *err)
{
    return kith__st_exec(st, "PRAGMA mmap_size=1073741824", err);
}

/* ------------------------------------------------------------ config */

kith_code kith__st_config_get(kith_store *st, int64_t org, const char *key, char *out,
                              size_t n, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db, "SELECT value FROM config WHERE org_id=? AND key=?",
                           -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, org);
    sqlite3_bind_text(s, 2, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    kith_code code = KITH_OK;
    if (rc == SQLITE_ROW)
        snprintf(out, n, "%s", col_text(s, 0));
    else if (rc == SQLITE_DONE)
        code = KITH_ENOTFOUND; /* not an error to report: the default applies */
    else
        code = kith__st_fail(st, err, "read config");
    sqlite3_finalize(s);
    return code;
}

/* Run the prepared write s in a transaction of its own (so that the
 * revision counts it) and finalize it. */
static kith_code write_one(kith_store *st, sqlite3_stmt *s, kith_error *err)
{
    kith_code code = kith__st_begin(st, err);
    if (code == KITH_OK && sqlite3_step(s) != SQLITE_DONE)
        code = kith__st_fail(st, err, "write config");
    sqlite3_finalize(s);
    if (code == KITH_OK)
        code = kith__st_commit(st, err);
    if (code != KITH_OK)
        kith__st_rollback(st);
    return code;
}

kith_code kith__st_config_set(kith_store *st, int64_t org, const char *key,
                              const char *value, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "INSERT INTO config(org_id, key, value) VALUES(?,?,?)"
                           " ON CONFLICT(org_id, key) DO UPDATE SET value=excluded.value",
                           -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, org);
    sqlite3_bind_text(s, 2, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, value, -1, SQLITE_STATIC);
    return write_one(st, s, err);
}

kith_code kith__st_config_unset(kith_store *st, int64_t org, const char *key,
                                kith_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db, "DELETE FROM config WHERE org_id=? AND key=?", -1, &s,
                           NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, org);
    sqlite3_bind_text(s, 2, key, -1, SQLITE_STATIC);
    return write_one(st, s, err);
}

/* ------------------------------------------------------------ texts */

#define TEXT_TYPES "('post','reply','review','feedback','idea','mention')"
#define TEXT_COLS                                                                        \
    "SELECT a.id, a.member_id, a.occurred_at, a.type, a.channel, a.text, m.flags"

/* Hand each row of the prepared statement s (columns as in the queries
 * below) to fn; finalizes s. */
static kith_code text_rows(kith_store *st, sqlite3_stmt *s, kith__text_fn fn, void *ud,
                           kith_error *err)
{
    kith_code code = KITH_OK;
    int rc;
    while (code == KITH_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        kith__text_row r;
        r.activity_id = sqlite3_column_int64(s, 0);
        r.member_id = sqlite3_column_int64(s, 1);
        r.t = sqlite3_column_int64(s, 2);
        r.type = col_text(s, 3);
        r.channel = col_text(s, 4);
        r.text = col_text(s, 5);
        r.len = (size_t)sqlite3_column_bytes(s, 5);
        unsigned flags = 0;
        kith__flags_parse(col_text(s, 6), &flags, NULL);
        r.team_or_bot = (flags & (KITH_FLAG_TEAM | KITH_FLAG_BOT)) != 0;
        code = fn(ud, &r, err);
    }
    if (code == KITH_OK && rc != SQLITE_DONE)
        code = kith__st_fail(st, err, "read texts");
    sqlite3_finalize(s);
    return code;
}

kith_code kith__st_texts_window(kith_store *st, int64_t org, int64_t from, int64_t to,
                                kith__text_fn fn, void *ud, kith_error *err)
{
    static const char *const sql = TEXT_COLS
        " FROM activity a INDEXED BY activity_type_time JOIN member m ON m.id=a.member_id"
        " WHERE a.org_id=?1 AND a.type IN " TEXT_TYPES
        " AND a.occurred_at>=?2 AND a.occurred_at<?3"
        " AND a.text IS NOT NULL AND a.text<>'' ORDER BY a.id";
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, org);
    sqlite3_bind_int64(s, 2, from);
    sqlite3_bind_int64(s, 3, to);
    return text_rows(st, s, fn, ud, err);
}

kith_code kith__st_texts(kith_store *st, int64_t org, int64_t member_id, int64_t limit,
                         kith__text_fn fn, void *ud, kith_error *err)
{
    static const char *const all_sql =
        TEXT_COLS " FROM activity a JOIN member m ON m.id=a.member_id"
                  " WHERE +a.org_id=?1 AND a.type IN " TEXT_TYPES
                  " AND a.text IS NOT NULL AND a.text<>'' ORDER BY a.id";
    static const char *const one_sql =
        TEXT_COLS " FROM activity a JOIN member m ON m.id=a.member_id"
                  " WHERE a.member_id=?2 AND a.org_id=?1 AND a.type IN " TEXT_TYPES
                  " AND a.text IS NOT NULL AND a.text<>''"
                  " ORDER BY a.occurred_at DESC, a.id DESC LIMIT ?3";
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db, member_id > 0 ? one_sql : all_sql, -1, &s, NULL) !=
        SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_int64(s, 1, org);
    if (member_id > 0) {
        sqlite3_bind_int64(s, 2, member_id);
        sqlite3_bind_int64(s, 3, limit > 0 ? limit : -1);
    }
    return text_rows(st, s, fn, ud, err);
}
#undef TEXT_TYPES
#undef TEXT_COLS
