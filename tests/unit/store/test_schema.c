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
    /* Make it a version-1 database: what migrations 2, 4, 5 and 7 add is
     * not there, what 3 drops is, and the outcome, stakeholder and goal tables
     * are migration 1's (6 rebuilds them), with a row in each. */
    exec(db,
         "DROP TABLE outcome; DROP TABLE stakeholder; DROP TABLE goal;"
         "DROP TABLE outcome_before;"
         "CREATE TABLE stakeholder(id INTEGER PRIMARY KEY, org_id INTEGER NOT NULL"
         " REFERENCES org(id), grp TEXT NOT NULL, influence REAL, interest REAL,"
         " legitimacy REAL, urgency REAL, notes TEXT, UNIQUE(org_id, grp));"
         "CREATE TABLE outcome(id INTEGER PRIMARY KEY, org_id INTEGER NOT NULL"
         " REFERENCES org(id), stakeholder_grp TEXT, initiative_id INTEGER"
         " REFERENCES initiative(id), indicator TEXT NOT NULL, quantity REAL NOT NULL,"
         " proxy_value REAL NOT NULL, deadweight REAL NOT NULL DEFAULT 0,"
         " displacement REAL NOT NULL DEFAULT 0, attribution REAL NOT NULL DEFAULT 0,"
         " drop_off REAL NOT NULL DEFAULT 0, duration INTEGER NOT NULL DEFAULT 1);"
         "CREATE TABLE goal(id INTEGER PRIMARY KEY, org_id INTEGER NOT NULL"
         " REFERENCES org(id), metric TEXT NOT NULL, segment TEXT,"
         " target REAL NOT NULL, deadline INTEGER);"
         "INSERT INTO stakeholder(org_id, grp, influence, interest, legitimacy)"
         " SELECT id, 'Residents', 7, 9, 0.5 FROM org;"
         "INSERT INTO initiative(org_id, name) SELECT id, 'Fair' FROM org;"
         "INSERT INTO outcome(org_id, stakeholder_grp, initiative_id, indicator,"
         " quantity, proxy_value) SELECT org_id, 'Youth', id, 'jobs', 3, 100"
         " FROM initiative;"
         "INSERT INTO goal(org_id, metric, target, deadline)"
         " SELECT id, 'nps', 40, 1767225600 FROM org;"
         "DROP INDEX activity_type_time;"
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
    /* Migration 6: the rows of the old tables carried over (influence is
     * power; a legitimacy above 0 is the flag; the indicator names the
     * outcome). */
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM stakeholder WHERE"
                                    " grp='residents' AND power=7 AND interest=9 AND"
                                    " legitimacy=1 AND urgency=0"),
                     1);
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM outcome WHERE outcome='JOBS'"
                                    " AND stakeholder_grp='Youth' AND quantity=3 AND"
                                    " proxy_value=100 AND quantity_from IS NULL"),
                     1);
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM goal WHERE metric='nps' AND"
                                    " target=40 AND deadline=1767225600"),
                     1);
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM sqlite_master"
                                    " WHERE name='outcome_before'"),
                     1);
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
