/* Exchange rates (the fx_rate table, kith import rates): reading and
 * writing one rate, and the first rate of a currency, which the importer
 * needs to tell which new amounts a rate covers. The snapshot loads all of
 * an org's rates itself (st_dataset.c). */
#include <sqlite3.h>
#include <string.h>

#include "store/st_stmt.h"
#include "store/store_int.h"

kith_code kith__st_fx_get(kith_store *st, int64_t org, const char *base,
                          const char *currency, int64_t valid_from, double *rate,
                          int64_t *batch, kith_error *err)
{
    sqlite3_stmt *s = kith__st_stmt(st, ST_FX_GET,
                                    "SELECT rate, coalesce(batch_id, 0) FROM fx_rate"
                                    " WHERE org_id=? AND base=? AND currency=?"
                                    " AND valid_from=?",
                                    err);
    if (!s)
        return KITH_EDB;
    sqlite3_bind_int64(s, 1, org);
    sqlite3_bind_text(s, 2, base, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, currency, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, valid_from);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *rate = sqlite3_column_double(s, 0);
        *batch = sqlite3_column_int64(s, 1);
    }
    sqlite3_reset(s);
    if (rc == SQLITE_ROW)
        return KITH_OK;
    if (rc == SQLITE_DONE)
        return KITH_ENOTFOUND;
    return kith__st_fail(st, err, "find exchange rate");
}

kith_code kith__st_fx_put(kith_store *st, int64_t org, const char *base,
                          const char *currency, int64_t valid_from, double rate,
                          int64_t batch, kith_error *err)
{
    /* The rate this one replaces, kept once per import for undo. */
    sqlite3_stmt *k = kith__st_stmt(
        st, ST_FX_KEEP,
        "INSERT OR IGNORE INTO fx_rate_before(batch_id, org_id, base, currency,"
        " valid_from, rate, old_batch) SELECT ?6, org_id, base, currency, valid_from,"
        " rate, batch_id FROM fx_rate WHERE org_id=?1 AND base=?2 AND currency=?3"
        " AND valid_from=?4 AND rate<>?5",
        err);
    if (!k)
        return KITH_EDB;
    sqlite3_bind_int64(k, 1, org);
    sqlite3_bind_text(k, 2, base, -1, SQLITE_STATIC);
    sqlite3_bind_text(k, 3, currency, -1, SQLITE_STATIC);
    sqlite3_bind_int64(k, 4, valid_from);
    sqlite3_bind_double(k, 5, rate);
    sqlite3_bind_int64(k, 6, batch);
    int kr = sqlite3_step(k);
    sqlite3_reset(k);
    if (kr != SQLITE_DONE)
        return kith__st_fail(st, err, "keep replaced exchange rate");
    sqlite3_stmt *s = kith__st_stmt(
        st, ST_FX_PUT,
        "INSERT INTO fx_rate(org_id, base, currency, valid_from, rate, batch_id)"
        " VALUES(?,?,?,?,?,?) ON CONFLICT(org_id, base, currency, valid_from)"
        " DO UPDATE SET rate=excluded.rate, batch_id=excluded.batch_id",
        err);
    if (!s)
        return KITH_EDB;
    sqlite3_bind_int64(s, 1, org);
    sqlite3_bind_text(s, 2, base, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, currency, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, valid_from);
    sqlite3_bind_double(s, 5, rate);
    sqlite3_bind_int64(s, 6, batch);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? KITH_OK : kith__st_fail(st, err, "store exchange rate");
}

kith_code kith__st_fx_first(kith_store *st, int64_t org, const char *base,
                            const char *currency, int64_t *first, kith_error *err)
{
    sqlite3_stmt *s = kith__st_stmt(st, ST_FX_FIRST,
                                    "SELECT min(valid_from) FROM fx_rate"
                                    " WHERE org_id=? AND base=? AND currency=?",
                                    err);
    if (!s)
        return KITH_EDB;
    sqlite3_bind_int64(s, 1, org);
    sqlite3_bind_text(s, 2, base, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, currency, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    int found = rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL;
    if (found)
        *first = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    if (rc != SQLITE_ROW)
        return kith__st_fail(st, err, "find exchange rates");
    return found ? KITH_OK : KITH_ENOTFOUND;
}
