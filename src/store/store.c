/* Opening the SQLite store, pragmas, plumbing (exec, transactions,
 * savepoints, cached statements) and organisations. */
#include "store/store_int.h"

#include "core/buf.h"
#include "core/norm.h"
#include "core/timeparse.h"
#include "store/st_stmt.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

int64_t kith__st_now(void)
{
    return (int64_t)time(NULL);
}

kith_code kith__st_fail(kith_store *st, kith_error *err, const char *what)
{
    int rc = sqlite3_extended_errcode(st->db);
    kith_code code = KITH_EDB;
    if ((rc & 0xff) == SQLITE_NOMEM)
        code = KITH_ENOMEM;
    kith_code out =
        kith_error_set(err, code, "%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
    if (err && err->code == code && err->cause == 0)
        err->cause = rc;
    return out;
}

kith_code kith__st_exec(kith_store *st, const char *sql, kith_error *err)
{
    char *msg = NULL;
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);
    if (rc == SQLITE_OK)
        return KITH_OK;
    kith_code code = (rc & 0xff) == SQLITE_NOMEM ? KITH_ENOMEM : KITH_EDB;
    kith_error_set(err, code, "%s: %s", st->path, msg ? msg : sqlite3_errstr(rc));
    if (err && err->cause == 0)
        err->cause = rc;
    sqlite3_free(msg);
    return code;
}

kith_code kith__st_user_version(kith_store *st, int *version, kith_error *err)
{
    int64_t v = 0;
    kith_code rc = kith__st_query_int(st, "PRAGMA user_version", &v, err);
    *version = (int)v;
    return rc;
}

kith_code kith__st_query_int(kith_store *st, const char *sql, int64_t *out,
                             kith_error *err)
{
    sqlite3_stmt *s = NULL;
    *out = 0;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return kith__st_fail(st, err, "query");
    return KITH_OK;
}

kith_code kith__st_begin(kith_store *st, kith_error *err)
{
    kith_code rc = kith__st_exec(st, "BEGIN IMMEDIATE", err);
    if (rc == KITH_OK)
        st->txn_depth = 1;
    return rc;
}

kith_code kith__st_commit(kith_store *st, kith_error *err)
{
    /* Every library write transaction counts itself in the same commit
     * (see kith_store_revision); a failed update leaves the COMMIT unrun
     * and the caller rolls back. */
    kith_code rc =
        kith__st_exec(st, "UPDATE revision SET n = n + 1 WHERE id = 1; COMMIT", err);
    if (rc == KITH_OK)
        st->txn_depth = 0;
    return rc;
}

void kith__st_rollback(kith_store *st)
{
    if (!sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    st->txn_depth = 0;
    /* The rollback brought the dropped indexes back. */
    free(st->bulk_sql);
    st->bulk_sql = NULL;
}

/* The CREATE statements of the activity table's non-unique indexes,
 * concatenated (NULL when there are none). The unique index behind
 * UNIQUE(org_id, source, external_id) has no SQL and stays: inserts need
 * it to recognise rows already imported. */
static kith_code bulk_index_sql(kith_store *st, char **out, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    kith_buf b;
    kith__buf_init(&b, 0);
    *out = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT sql FROM sqlite_master WHERE type='index' AND"
                           " tbl_name='activity' AND sql IS NOT NULL AND"
                           " sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name",
                           -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    int rc;
    kith_code code = KITH_OK;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW && code == KITH_OK)
        code = kith__buf_printf(&b, "%s;\n", (const char *)sqlite3_column_text(s, 0));
    /* Kept as "CREATE INDEX IF NOT EXISTS ..." so that running them again
     * is harmless (see kith__st_bulk_end). */
    sqlite3_finalize(s);
    if (code == KITH_OK && rc != SQLITE_DONE)
        code = kith__st_fail(st, err, "list activity indexes");
    else if (code != KITH_OK)
        code = kith_error_set(err, KITH_ENOMEM, "out of memory");
    if (code == KITH_OK && b.len && !(*out = strdup(kith__buf_str(&b))))
        code = kith_error_set(err, KITH_ENOMEM, "out of memory");
    kith__buf_free(&b);
    return code;
}

kith_code kith__st_bulk_begin(kith_store *st, int64_t est_rows, kith_error *err)
{
    if (st->bulk_sql || est_rows <= 0)
        return KITH_OK;
    /* max(rowid) is one B-tree descent; count(*) would scan the table. */
    int64_t have = 0;
    kith_code code =
        kith__st_query_int(st, "SELECT max(rowid) FROM activity", &have, err);
    if (code != KITH_OK || est_rows <= have)
        return code;
    char *sql = NULL;
    code = bulk_index_sql(st, &sql, err);
    if (code != KITH_OK || !sql)
        return code;
    /* DROP INDEX name for each "CREATE INDEX name ON ..." line. */
    kith_buf drop;
    kith__buf_init(&drop, 0);
    for (const char *p = sql; *p && code == KITH_OK;) {
        const char *name = p + strlen("CREATE INDEX ");
        const char *sp = strchr(name, ' ');
        const char *nl = strchr(p, '\n');
        if (strncmp(p, "CREATE INDEX ", 13) != 0 || !sp || !nl)
            code = kith_error_set(err, KITH_EINTERNAL, "unexpected index SQL: %.60s", p);
        else if (kith__buf_printf(&drop, "DROP INDEX %.*s;", (int)(sp - name), name) !=
                 KITH_OK)
            code = kith_error_set(err, KITH_ENOMEM, "out of memory");
        else
            p = nl + 1;
    }
    if (code == KITH_OK)
        code = kith__st_exec(st, kith__buf_str(&drop), err);
    kith__buf_reset(&drop);
    for (const char *p = sql; *p && code == KITH_OK;) {
        const char *nl = strchr(p, '\n');
        if (kith__buf_printf(&drop, "CREATE INDEX IF NOT EXISTS %.*s",
                             (int)(nl + 1 - p - 13), p + 13) != KITH_OK)
            code = kith_error_set(err, KITH_ENOMEM, "out of memory");
        p = nl + 1;
    }
    free(sql);
    sql = code == KITH_OK ? strdup(kith__buf_str(&drop)) : NULL;
    if (code == KITH_OK && !sql)
        code = kith_error_set(err, KITH_ENOMEM, "out of memory");
    kith__buf_free(&drop);
    if (code != KITH_OK) {
        free(sql);
        return code;
    }
    st->bulk_sql = sql;
    return KITH_OK;
}

kith_code kith__st_bulk_end(kith_store *st, int final, kith_error *err)
{
    if (!st->bulk_sql)
        return KITH_OK;
    if (!final) {
        /* A merge needs activity_member; once it is back, merges cost no
         * more than without bulk mode. */
        int64_t have = 0;
        kith_code code = kith__st_query_int(st,
                                            "SELECT count(*) FROM sqlite_schema WHERE"
                                            " type='index' AND name='activity_member'",
                                            &have, err);
        if (code != KITH_OK || have)
            return code;
    }
    /* The index sorts spill to temporary files beyond the page cache
     * (temp_store=FILE, set at open: SQLite refuses to change it inside a
     * transaction once the temp database is open); a small cache keeps the
     * sort's memory small. IF NOT EXISTS: the indexes may
     * already be back (a merge earlier), or gone again (a reject-mode row
     * rolled back to its savepoint after its merge had rebuilt them), so
     * the SQL is kept until the final call just before commit. */
    kith_code code = kith__st_exec(st, "PRAGMA cache_size=-8192", err);
    if (code == KITH_OK)
        code = kith__st_exec(st, st->bulk_sql, err);
    kith_code back =
        kith__st_exec(st, "PRAGMA cache_size=-32768", code == KITH_OK ? err : NULL);
    if (final) {
        free(st->bulk_sql);
        st->bulk_sql = NULL;
    }
    return code != KITH_OK ? code : back;
}

kith_code kith__st_bulk_journal(kith_store *st, int on, int *switched, kith_error *err)
{
    if (switched)
        *switched = 0;
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db,
                           on ? "PRAGMA journal_mode=DELETE" : "PRAGMA journal_mode=WAL",
                           -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    int rc = sqlite3_step(s);
    /* The pragma answers the mode in force afterwards. */
    int now_wal = rc == SQLITE_ROW &&
                  sqlite3_stricmp((const char *)sqlite3_column_text(s, 0), "wal") == 0;
    sqlite3_finalize(s);
    if (on) {
        /* SQLITE_BUSY: another connection holds the database open. */
        if (rc != SQLITE_ROW || now_wal)
            return KITH_OK;
        if (switched)
            *switched = 1;
        /* A rollback journal is only as safe as WAL + NORMAL with FULL. */
        return kith__st_exec(st, "PRAGMA synchronous=FULL", err);
    }
    if (rc != SQLITE_ROW)
        return kith__st_fail(st, err, "switch the journal back to WAL");
    if (!now_wal)
        return kith_error_set(err, KITH_EDB,
                              "%s: could not switch the journal back to WAL", st->path);
    return kith__st_exec(st, "PRAGMA synchronous=NORMAL", err);
}

kith_code kith__st_savepoint(kith_store *st, kith_error *err)
{
    return kith__st_exec(st, "SAVEPOINT kith_row", err);
}

kith_code kith__st_release(kith_store *st, kith_error *err)
{
    return kith__st_exec(st, "RELEASE kith_row", err);
}

void kith__st_rollback_to(kith_store *st)
{
    sqlite3_exec(st->db, "ROLLBACK TO kith_row; RELEASE kith_row", NULL, NULL, NULL);
}

static kith_code open_db(const char *path, int create, kith_store **out, kith_error *err)
{
    *out = NULL;
    struct stat sb;
    if (!create && stat(path, &sb) != 0)
        return kith_error_set(err, KITH_ENOTFOUND,
                              "%s: no such database; create one with "
                              "'kith init --org NAME' or 'kith demo'",
                              path);
    kith_store *st = calloc(1, sizeof *st);
    if (!st)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    st->path = strdup(path);
    if (!st->path) {
        free(st);
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    }
    /* One connection is only ever used by one thread: no per-call mutex. */
    int flags =
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(path, &st->db, flags, NULL);
    kith_code code = KITH_OK;
    if (rc != SQLITE_OK) {
        code = kith_error_set(err, KITH_EDB, "%s: cannot open database: %s", path,
                              st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
        goto done;
    }
    sqlite3_busy_timeout(st->db, 5000);
    sqlite3_extended_result_codes(st->db, 1);
    /* A file that is not SQLite shows up at the first read. */
    code = kith__st_exec(st,
                         "PRAGMA journal_mode=WAL;"
                         "PRAGMA synchronous=NORMAL;"
                         "PRAGMA foreign_keys=ON;"
                         "PRAGMA cache_size=-32768;"
                         "PRAGMA temp_store=FILE;",
                         err);
    if (code != KITH_OK)
        goto done;
    code = kith__schema_migrate(st, err);
done:
    if (code != KITH_OK) {
        kith_store_close(st);
        return code;
    }
    *out = st;
    return KITH_OK;
}

kith_code kith_store_open(const char *path, kith_store **out, kith_error *err)
{
    return open_db(path, 1, out, err);
}

kith_code kith_store_open_existing(const char *path, kith_store **out, kith_error *err)
{
    return open_db(path, 0, out, err);
}

void kith_store_close(kith_store *st)
{
    if (!st)
        return;
    for (int i = 0; i < ST__COUNT; i++)
        sqlite3_finalize(st->stmts[i]);
    sqlite3_close(st->db);
    free(st->bulk_sql);
    free(st->path);
    free(st);
}

kith_code kith_store_revision(kith_store *st, int64_t *out, kith_error *err)
{
    sqlite3_stmt *s =
        kith__st_stmt(st, ST_REVISION, "SELECT n FROM revision WHERE id = 1", err);
    *out = 0;
    if (!s)
        return err ? err->code : KITH_EDB;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? KITH_OK : kith__st_fail(st, err, "read the revision");
}

int kith_store_schema_version(kith_store *st)
{
    int v = 0;
    kith__st_user_version(st, &v, NULL);
    return v;
}

int kith_store_schema_latest(void)
{
    return kith__schema_latest();
}

const char *kith_store_path(const kith_store *st)
{
    return st->path;
}

/* ------------------------------------------------------------ orgs */

kith_code kith_org_create(kith_store *st, const char *name, const char *tz,
                          const char *currency, int64_t *id, kith_error *err)
{
    if (!name || !*name || strlen(name) >= sizeof(((kith_org *)0)->name))
        return kith_error_set(err, KITH_EUSAGE,
                              "an organisation needs a name of 1-127 bytes");
    char cur[4];
    int given = kith__norm_currency(currency, cur);
    if (given < 0)
        return kith_error_set(err, KITH_EUSAGE,
                              "currency '%.40s' is not a currency code: give the three "
                              "letters of ISO 4217, e.g. EUR, GBP, CAD",
                              currency);
    sqlite3_stmt *s = NULL;
    kith_code code = KITH_OK;
    if (sqlite3_prepare_v2(st->db,
                           "INSERT INTO org(name, timezone, currency, currency_chosen,"
                           " created_at) VALUES(?,?,?,?,?)",
                           -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, tz && *tz ? tz : "UTC", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, given == 0 ? cur : "EUR", -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 4, given == 0);
    sqlite3_bind_int64(s, 5, kith__st_now());
    int rc = sqlite3_step(s);
    if (rc == SQLITE_CONSTRAINT_UNIQUE)
        code = kith_error_set(err, KITH_ESTATE,
                              "an organisation named '%s' already exists", name);
    else if (rc != SQLITE_DONE)
        code = kith__st_fail(st, err, "create organisation");
    else if (id)
        *id = sqlite3_last_insert_rowid(st->db);
    sqlite3_finalize(s);
    return code;
}

static void org_from_row(sqlite3_stmt *s, kith_org *out)
{
    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(s, 0);
    snprintf(out->name, sizeof out->name, "%s", sqlite3_column_text(s, 1));
    snprintf(out->timezone, sizeof out->timezone, "%s", sqlite3_column_text(s, 2));
    snprintf(out->currency, sizeof out->currency, "%s", sqlite3_column_text(s, 3));
    snprintf(out->phone_country_code, sizeof out->phone_country_code, "%s",
             sqlite3_column_text(s, 4));
    out->currency_chosen = sqlite3_column_int(s, 5);
    snprintf(out->date_order, sizeof out->date_order, "%s", sqlite3_column_text(s, 6));
}

kith_code kith__st_org_by_id(kith_store *st, int64_t id, kith_org *out, kith_error *err)
{
    /* Cached: kith serve asks for the caller's org on every request. */
    sqlite3_stmt *s =
        kith__st_stmt(st, ST_ORG_BY_ID,
                      "SELECT id, name, timezone, currency, phone_country_code,"
                      " currency_chosen, date_order FROM org WHERE id=?",
                      err);
    if (!s)
        return err ? err->code : KITH_EDB;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    kith_code code = KITH_OK;
    if (rc == SQLITE_ROW)
        org_from_row(s, out);
    else if (rc == SQLITE_DONE)
        code = kith_error_set(err, KITH_ENOTFOUND, "no organisation with id %lld",
                              (long long)id);
    else
        code = kith__st_fail(st, err, "find organisation");
    sqlite3_reset(s);
    return code;
}

kith_code kith_org_find(kith_store *st, const char *name, kith_org *out, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    kith_code code = KITH_OK;
    const char *sql = name ? "SELECT id, name, timezone, currency, phone_country_code,"
                             " currency_chosen, date_order FROM org WHERE name=?"
                           : "SELECT id, name, timezone, currency, phone_country_code,"
                             " currency_chosen, date_order FROM org ORDER BY id LIMIT 2";
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    if (name)
        sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) {
        code = name ? kith_error_set(err, KITH_ENOTFOUND,
                                     "no organisation named '%s' (see 'kith init')", name)
                    : kith_error_set(err, KITH_ENOTFOUND,
                                     "%s has no organisation yet; create one with "
                                     "'kith init --org NAME'",
                                     st->path);
        goto done;
    }
    if (rc != SQLITE_ROW) {
        code = kith__st_fail(st, err, "find organisation");
        goto done;
    }
    org_from_row(s, out);
    if (!name && sqlite3_step(s) == SQLITE_ROW)
        code = kith_error_set(err, KITH_EUSAGE,
                              "%s holds several organisations; name one with --org",
                              st->path);
done:
    sqlite3_finalize(s);
    return code;
}

/* The org settings a user may change, and how each is checked. */
static const struct {
    const char *field;
    int json_list; /* value must be a JSON array of strings */
} org_fields[] = {
    {"timezone", 0}, {"currency", 0},   {"phone_country_code", 0},
    {"tags", 1},     {"date_order", 0},
};

/* A value the setting cannot take: KITH_EUSAGE with what it can. */
static kith_code check_org_value(const char *field, const char *value, kith_error *err)
{
    if (strcmp(field, "date_order") == 0 && strcmp(value, "auto") != 0 &&
        strcmp(value, "mdy") != 0 && strcmp(value, "dmy") != 0)
        return kith_error_set(err, KITH_EUSAGE,
                              "date_order is auto, mdy (month/day/year) or dmy "
                              "(day/month/year), not '%s'",
                              value);
    if (strcmp(field, "phone_country_code") == 0) {
        size_t n = strlen(value);
        if (n > 3 || (n > 0 && strspn(value, "0123456789") != n) || value[0] == '0')
            return kith_error_set(err, KITH_EUSAGE,
                                  "phone_country_code is the country's calling code in "
                                  "digits, without + or 00 (44, 1, 27), or empty; not "
                                  "'%s'",
                                  value);
    }
    return KITH_OK;
}

kith_code kith_org_set(kith_store *st, int64_t org_id, const char *field,
                       const char *value, kith_error *err)
{
    int idx = -1;
    for (size_t i = 0; i < sizeof org_fields / sizeof org_fields[0]; i++)
        if (field && strcmp(field, org_fields[i].field) == 0)
            idx = (int)i;
    if (idx < 0)
        return kith_error_set(err, KITH_EUSAGE,
                              "unknown organisation setting '%s' (one of timezone,"
                              " currency, phone_country_code, date_order, tags; the "
                              "local area and community"
                              " channels are 'kith config' keys)",
                              field ? field : "");
    if (!value)
        value = "";
    kith_code bad = check_org_value(field, value, err);
    if (bad != KITH_OK)
        return bad;
    char cur[4];
    int is_currency = strcmp(org_fields[idx].field, "currency") == 0;
    if (is_currency && kith__norm_currency(value, cur) != 0)
        return kith_error_set(err, KITH_EUSAGE,
                              "currency '%.40s' is not a currency code: give the three "
                              "letters of ISO 4217, e.g. EUR, GBP, CAD",
                              value);
    if (is_currency)
        value = cur;
    char sql[160];
    snprintf(sql, sizeof sql, "UPDATE org SET %s = ?%s WHERE id = ?",
             org_fields[idx].field, is_currency ? ", currency_chosen = 1" : "");
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "prepare");
    /* Lists are checked by SQLite's JSON functions: an array of strings. */
    if (org_fields[idx].json_list) {
        sqlite3_stmt *c = NULL;
        int ok = 0;
        if (sqlite3_prepare_v2(st->db,
                               "SELECT json_valid(?1) AND json_type(?1) = 'array'"
                               " AND NOT EXISTS(SELECT 1 FROM json_each(?1)"
                               "                WHERE type <> 'text')",
                               -1, &c, NULL) == SQLITE_OK) {
            sqlite3_bind_text(c, 1, value, -1, SQLITE_STATIC);
            ok = sqlite3_step(c) == SQLITE_ROW && sqlite3_column_int(c, 0) == 1;
        }
        sqlite3_finalize(c);
        if (!ok) {
            sqlite3_finalize(s);
            return kith_error_set(err, KITH_EUSAGE,
                                  "%s must be a JSON array of strings, e.g."
                                  " [\"bakery\",\"Millbrook\"]",
                                  org_fields[idx].field);
        }
    }
    sqlite3_bind_text(s, 1, value, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, org_id);
    /* In a transaction of its own, so that the revision counts it; inside
     * the caller's (an import setting the org's currency from its first
     * amounts) that one's commit counts it, and its rollback undoes it. */
    int own = sqlite3_get_autocommit(st->db) != 0;
    kith_code code = own ? kith__st_begin(st, err) : KITH_OK;
    if (code == KITH_OK && sqlite3_step(s) != SQLITE_DONE)
        code = kith__st_fail(st, err, "update organisation");
    else if (code == KITH_OK && sqlite3_changes(st->db) == 0)
        code = kith_error_set(err, KITH_ENOTFOUND, "no organisation with id %lld",
                              (long long)org_id);
    sqlite3_finalize(s);
    if (own && code == KITH_OK)
        code = kith__st_commit(st, err);
    if (own && code != KITH_OK)
        kith__st_rollback(st);
    return code;
}

char kith_org_date_order(const kith_org *o, const char **why)
{
    const char *dummy = NULL;
    if (!why)
        why = &dummy;
    if (strcmp(o->date_order, "dmy") == 0) {
        *why = "the organisation's date_order setting";
        return 'd';
    }
    if (strcmp(o->date_order, "mdy") == 0) {
        *why = "the organisation's date_order setting";
        return 'm';
    }
    int z = kith__time_zone_order(o->timezone);
    if (z == KITH_DATE_DMY) {
        *why = "date_order auto, and the time zone's country writes the day first";
        return 'd';
    }
    if (z == KITH_DATE_MDY) {
        *why = "date_order auto, and the time zone's country writes the month first";
        return 'm';
    }
    *why = "date_order auto, and the time zone names no country with one clear order";
    return 'm';
}

char *kith_org_json(kith_store *st, int64_t org_id, kith_error *err)
{
    kith_org o;
    if (kith__st_org_by_id(st, org_id, &o, err) != KITH_OK)
        return NULL;
    char order = kith_org_date_order(&o, NULL);
    sqlite3_stmt *s = NULL;
    char *out = NULL;
    if (sqlite3_prepare_v2(
            st->db,
            "SELECT json_object('id', id, 'name', name, 'timezone', timezone,"
            " 'currency', currency, 'phone_country_code', phone_country_code,"
            " 'date_order', date_order, 'date_order_effective', ?2,"
            " 'tags', json(tags)) FROM org WHERE id=?1",
            -1, &s, NULL) != SQLITE_OK) {
        kith__st_fail(st, err, "prepare");
        return NULL;
    }
    sqlite3_bind_int64(s, 1, org_id);
    sqlite3_bind_text(s, 2, order == 'd' ? "dmy" : "mdy", -1, SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW) {
        out = strdup((const char *)sqlite3_column_text(s, 0));
        if (!out)
            kith_error_set(err, KITH_ENOMEM, "out of memory");
    } else {
        kith__st_fail(st, err, "read organisation");
    }
    sqlite3_finalize(s);
    return out;
}
