/* Schema versions: a new database is at the latest version, an older one
 * is upgraded in place with its data kept, a newer one is refused with a
 * clear message and left untouched. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static void exec(const char *db, const char *sql)
{
    sqlite3 *h = NULL;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", sql, msg);
        fail();
    }
    sqlite3_close(h);
}

static void test_new_database_is_latest(void **state)
{
    (void)state;
    char db[4096];
    int64_t org;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    assert_int_equal(kith_store_schema_version(st), kith_store_schema_latest());
    assert_true(kith_store_schema_latest() >= 2);
    kith_store_close(st);
    assert_int_equal(tu_sql_int(db, "PRAGMA user_version"), kith_store_schema_latest());
    /* WAL and the indexes the KPI queries need. */
    char *mode = tu_sql_text(db, "PRAGMA journal_mode");
    assert_string_equal(mode, "wal");
    free(mode);
    assert_int_equal(tu_sql_int(db,
                                "SELECT count(*) FROM sqlite_master WHERE type='index'"
                                " AND name IN ('activity_type_time','activity_member')"),
                     2);
}

static void test_old_database_upgraded_in_place(void **state)
{
    (void)state;
    char db[4096];
    int64_t org;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    kith_store_close(st);
    /* Make it a version-1 database: what migrations 2, 4, 5 and 6 add is
     * not there, and what 3 drops is. */
    exec(db, "DROP INDEX activity_type_time;"
             "DROP TABLE api_token; DROP TABLE app_session; DROP TABLE audit_log;"
             "DROP TABLE app_user; DROP TABLE revision;"
             "DROP TABLE member_before; DROP TABLE initiative_before;"
             "DROP TABLE fx_rate_before;"
             "ALTER TABLE org DROP COLUMN date_order;"
             "ALTER TABLE import_batch DROP COLUMN options;"
             "ALTER TABLE import_batch DROP COLUMN details;"
             "ALTER TABLE import_batch DROP COLUMN undone_at;"
             "ALTER TABLE identity DROP COLUMN batch_id;"
             "ALTER TABLE initiative DROP COLUMN created_batch;"
             "ALTER TABLE org ADD COLUMN local_area TEXT NOT NULL DEFAULT '[]';"
             "ALTER TABLE org ADD COLUMN community_channels TEXT NOT NULL DEFAULT '[]';"
             "DROP TABLE fx_rate;"
             "ALTER TABLE org DROP COLUMN currency_chosen;"
             "PRAGMA user_version=1;");
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM sqlite_master"
                                    " WHERE name='activity_type_time'"),
                     0);
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_store_open(db, &st, &err), KITH_OK);
    assert_int_equal(kith_store_schema_version(st), kith_store_schema_latest());
    kith_org o;
    assert_int_equal(kith_org_find(st, NULL, &o, &err), KITH_OK);
    assert_string_equal(o.name, "test");
    kith_store_close(st);
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM sqlite_master"
                                    " WHERE name='activity_type_time'"),
                     1);
    /* Migration 3 moved the lists to the metrics config. */
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM pragma_table_info('org')"
                                    " WHERE name IN ('local_area','community_channels')"),
                     0);
    /* Migration 4: rates, and an org made before keeps its currency as
     * chosen (no import will change it). */
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM sqlite_master"
                                    " WHERE name='fx_rate'"),
                     1);
    assert_int_equal(tu_sql_int(db, "SELECT currency_chosen FROM org"), 1);
}

/* The org's currency: three letters in any case (stored in capitals), or
 * none yet (the placeholder EUR, not chosen); anything else refused. */
static void test_org_currency(void **state)
{
    (void)state;
    char db[4096];
    int64_t org, id = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    kith_error err;
    kith_error_clear(&err);
    kith_org o;
    assert_int_equal(kith_org_find(st, "test", &o, &err), KITH_OK);
    assert_string_equal(o.currency, "EUR");
    assert_int_equal(o.currency_chosen, 1);
    assert_int_equal(kith_org_create(st, "a", "UTC", NULL, &id, &err), KITH_OK);
    assert_int_equal(kith_org_find(st, "a", &o, &err), KITH_OK);
    assert_string_equal(o.currency, "EUR");
    assert_int_equal(o.currency_chosen, 0);
    assert_int_equal(kith_org_create(st, "b", "UTC", " cad ", &id, &err), KITH_OK);
    assert_int_equal(kith_org_find(st, "b", &o, &err), KITH_OK);
    assert_string_equal(o.currency, "CAD");
    assert_int_equal(o.currency_chosen, 1);
    const char *bad[] = {"CA", "CADX", "C$D", "12A", "€"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(kith_org_create(st, "c", "UTC", bad[i], &id, &err), KITH_EUSAGE);
        assert_non_null(strstr(err.msg, "is not a currency code"));
    }
    assert_int_equal(kith_org_find(st, "c", &o, &err), KITH_ENOTFOUND);
    /* Setting it makes it chosen; a bad code changes nothing. */
    assert_int_equal(kith_org_set(st, id, "currency", "usd", &err), KITH_OK);
    assert_int_equal(kith_org_set(st, id, "currency", "dollars", &err), KITH_EUSAGE);
    assert_int_equal(kith_org_find(st, "b", &o, &err), KITH_OK);
    assert_string_equal(o.currency, "USD");
    assert_int_equal(kith_org_find(st, "a", &o, &err), KITH_OK);
    assert_int_equal(kith_org_set(st, o.id, "currency", "ZAR", &err), KITH_OK);
    assert_int_equal(kith_org_find(st, "a", &o, &err), KITH_OK);
    assert_int_equal(o.currency_chosen, 1);
    kith_store_close(st);
}

static void test_newer_database_refused(void **state)
{
    (void)state;
    char db[4096];
    int64_t org;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    kith_store_close(st);
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version=%d", kith_store_schema_latest() + 1);
    exec(db, sql);
    char *before = tu_db_dump(db);
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_store_open(db, &st, &err), KITH_ESCHEMA);
    assert_null(st);
    assert_non_null(strstr(err.msg, "is newer than this kith understands"));
    assert_int_equal(kith_exit_code(KITH_ESCHEMA), 3);
    char *after = tu_db_dump(db);
    assert_string_equal(before, after);
    assert_int_equal(tu_sql_int(db, "PRAGMA user_version"),
                     kith_store_schema_latest() + 1);
    free(before);
    free(after);
}

static void test_org_settings(void **state)
{
    (void)state;
    char db[4096];
    int64_t org;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_org_set(st, org, "tags", "[\"Millbrook\",\"MB1\"]", &err),
                     KITH_OK);
    assert_int_equal(kith_org_set(st, org, "tags", "Millbrook", &err), KITH_EUSAGE);
    assert_int_equal(kith_org_set(st, org, "tags", "[1,2]", &err), KITH_EUSAGE);
    assert_int_equal(kith_org_set(st, org, "colour", "red", &err), KITH_EUSAGE);
    /* The local area is a metrics parameter, not an org column. */
    assert_int_equal(kith_org_set(st, org, "local_area", "[\"x\"]", &err), KITH_EUSAGE);
    assert_int_equal(kith_org_set(st, org + 99, "currency", "GBP", &err), KITH_ENOTFOUND);
    assert_int_equal(kith_org_set(st, org, "phone_country_code", "44", &err), KITH_OK);
    kith_org o;
    assert_int_equal(kith_org_find(st, NULL, &o, &err), KITH_OK);
    assert_string_equal(o.phone_country_code, "44");
    kith_store_close(st);
    char *v = tu_sql_text(db, "SELECT tags FROM org");
    assert_string_equal(v, "[\"Millbrook\",\"MB1\"]");
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_database_is_latest),
        cmocka_unit_test(test_old_database_upgraded_in_place),
        cmocka_unit_test(test_org_currency),
        cmocka_unit_test(test_newer_database_refused),
        cmocka_unit_test(test_org_settings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
