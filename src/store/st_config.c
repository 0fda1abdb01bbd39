/* Per-organisation settings: the config table (key -> text value). */
#include "store/store_int.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

kith_code kith_config_get(kith_store *st, int64_t org, const char *key,
                          char **value, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    kith_code code = KITH_OK;
    *value = NULL;
    if (sqlite3_prepare_v2(st->db, "SELECT value FROM config WHERE org_id=? AND key=?",
                           -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "read config");
    sqlite3_bind_int64(s, 1, org);
    sqlite3_bind_text(s, 2, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) {
        code = kith_error_set(err, KITH_ENOTFOUND, "config key '%s' is not set", key);
    } else if (rc != SQLITE_ROW) {
        code = kith__st_fail(st, err, "read config");
    } else {
        const char *v = (const char *)sqlite3_column_text(s, 0);
        *value = strdup(v ? v : "");
        if (!*value)
            code = kith_error_set(err, KITH_ENOMEM, "out of memory");
    }
    sqlite3_finalize(s);
    return code;
}

kith_code kith_config_set(kith_store *st, int64_t org, const char *key,
                          const char *value, kith_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "INSERT INTO config(org_id, key, value) VALUES(?,?,?) "
                           "ON CONFLICT(org_id, key) DO UPDATE SET value=excluded.value",
                           -1, &s, NULL) != SQLITE_OK)
        return kith__st_fail(st, err, "write config");
    sqlite3_bind_int64(s, 1, org);
    sqlite3_bind_text(s, 2, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, value, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? KITH_OK : kith__st_fail(st, err, "write config");
}
