/* shopify-orders adapter: the fixture tests/fixtures/shopify-orders/
 * orders_export_1.csv is a Shopify orders export (full header, CRLF, one row
 * per line item with the order fields on the first row only, quoted commas
 * and quotes, a discount code, a refunded and a partially refunded order, a
 * voided order, a POS walk-in without customer). Every expected value below
 * was worked out by hand from that file; the UTC epochs from the "Created
 * at" offsets (e.g. 2024-03-05 14:22:01 -0500 = 19:22:01Z = 19787 days *
 * 86400 + 69721 = 1709666521). */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static void sql_exec(const char *db, const char *sql)
{
    sqlite3 *h = NULL;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
}

static kith_code import(kith_store *st, int64_t org, const char *format, const char *path,
                        const char *reject, kith_import_result *res, kith_error *err)
{
    kith_import_opts o;
    memset(&o, 0, sizeof o);
    o.format = format;
    o.reject_file = reject;
    kith_error_clear(err);
    return kith_import(st, org, path, &o, res, err);
}

/* The shop's initiative with the discount code, and the org's phone prefix
 * for national numbers (Dan's 07700 900123 is a UK number). */
static kith_store *shop_store(char *db, size_t n, int64_t *org)
{
    kith_store *st = tu_store_new(db, n, org);
    sql_exec(db, "UPDATE org SET phone_country_code='44'");
    char dir[256], path[512];
    tu_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/initiatives.csv", dir);
    tu_write_file(path, "name,codes\nSpring market,SPRING10\n");
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, *org, "initiatives", path, NULL, &res, &err), KITH_OK);
    return st;
}

static void assert_sql_text(const char *db, const char *sql, const char *want)
{
    char *got = tu_sql_text(db, sql);
    if (!want) {
        assert_null(got);
        return;
    }
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

/* type|occurred_at|value|currency|code|channel|initiative|first identity */
static void assert_activity(const char *db, const char *ext, const char *want)
{
    char sql[1024];
    snprintf(sql, sizeof sql,
             "SELECT type||'|'||occurred_at||'|'||printf('%%.2f',value)||'|'||"
             "coalesce(currency,'')||'|'||coalesce(code,'')||'|'||"
             "coalesce(channel,'')||'|'||"
             "coalesce((SELECT name FROM initiative WHERE id=a.initiative_id),'')"
             "||'|'||(SELECT value FROM identity WHERE member_id=a.member_id"
             " ORDER BY kind, value LIMIT 1)"
             " FROM activity a WHERE source='shopify' AND external_id='%s'",
             ext);
    assert_sql_text(db, sql, want);
}

static void fixture(const char *name, char *out, size_t n)
{
    char rel[256];
    snprintf(rel, sizeof rel, "shopify-orders/%s", name);
    tu_fixture(rel, out, n);
}

static void test_orders_exact(void **state)
{
    (void)state;
    char db[512], path[512];
    int64_t org = 0;
    kith_store *st = shop_store(db, sizeof db, &org);
    fixture("orders_export_1.csv", path, sizeof path);
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, "shopify-orders", path, NULL, &res, &err), KITH_OK);
    /* 6 orders read; #1005 is voided and leaves nothing (skipped); the
     * other 5 make 5 purchases and 2 refunds (#1002 refunded, #1003
     * partially): 7 activities. */
    assert_int_equal(res.rows_read, 6);
    assert_string_equal(res.read_unit[0], "orders");
    assert_int_equal(res.read[0], 6);
    assert_string_equal(res.made_unit, "activities");
    assert_int_equal(res.rows_imported, 7);
    assert_int_equal(res.skipped, 1);
    assert_string_equal(res.skipped_why, "voided or expired orders 1");
    assert_int_equal(res.rows_duplicate, 0);
    assert_int_equal(res.rows_rejected, 0);
    assert_int_equal(res.members_created, 4);
    assert_int_equal(res.merges, 0);

    /* Members: Ada (#1001 and #1003: same email in another case, same phone
     * with and without the apostrophe), Bob, the walk-in, Dan. */
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM member"), 4);
    assert_sql_text(db,
                    "SELECT group_concat(kind||'='||value, ';') FROM"
                    " (SELECT kind, value FROM identity ORDER BY kind, value)",
                    "email=ada@example.com;email=bob@example.com;"
                    "external:shopify-order=#1004;phone=16135550101;"
                    "phone=447700900123");
    assert_int_equal(tu_sql_int(db, "SELECT count(DISTINCT member_id) FROM identity"
                                    " WHERE value IN ('ada@example.com','16135550101')"),
                     1);
    assert_sql_text(db,
                    "SELECT m.display_name||'|'||m.kinds FROM member m JOIN identity i"
                    " ON i.member_id=m.id WHERE i.value='ada@example.com'",
                    "Lovelace, Ada|customer");
    assert_sql_text(db,
                    "SELECT m.display_name||'|'||m.kinds FROM member m JOIN identity i"
                    " ON i.member_id=m.id WHERE i.value='bob@example.com'",
                    "Bob Baker|customer");
    assert_sql_text(db,
                    "SELECT coalesce(m.display_name,'(none)')||'|'||m.kinds||'|'||"
                    "json_extract(m.attributes,'$.shopify_guest') FROM member m"
                    " JOIN identity i ON i.member_id=m.id WHERE i.value='#1004'",
                    "(none)|customer|1");
    assert_sql_text(db,
                    "SELECT m.display_name||'|'||m.kinds FROM member m JOIN identity i"
                    " ON i.member_id=m.id WHERE i.value='447700900123'",
                    "Dan Dare|customer");
    assert_int_equal(tu_sql_int(db,
                                "SELECT first_seen FROM member m JOIN identity i"
                                " ON i.member_id=m.id WHERE i.value='ada@example.com'"),
                     1709666521);

    /* Activities: one purchase per order, a refund for #1002 (whole total,
     * dated Cancelled at 2024-03-07 10:30 +0100) and #1003 (Refunded Amount
     * 10.00, dated Created at). */
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM activity"), 7);
    assert_activity(
        db, "#1001",
        "purchase|1709666521|51.29|USD|SPRING10|web|Spring market|ada@example.com");
    assert_activity(db, "#1002", "purchase|1709712000|25.00|EUR||web||bob@example.com");
    assert_activity(db, "#1002:refund",
                    "refund|1709803800|25.00|EUR||web||bob@example.com");
    assert_activity(db, "#1003", "purchase|1710103500|30.00|USD||web||ada@example.com");
    assert_activity(db, "#1003:refund",
                    "refund|1710103500|10.00|USD||web||ada@example.com");
    assert_activity(db, "#1004", "purchase|1710154800|12.50|USD|UNKNOWNCODE|pos||#1004");
    assert_activity(db, "#1006",
                    "purchase|1710230400|8.00|GBP||shopify_draft_order||447700900123");
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM activity WHERE external_id"
                                    " LIKE '#1005%'"),
                     0);
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM identity WHERE value"
                                    " LIKE 'carol%'"),
                     0);
    /* An unknown code creates no initiative. */
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM initiative"), 1);

    /* Line items gathered across the continuation rows. */
    struct {
        const char *ext, *path, *want;
    } attrs[] = {
        {"#1001", "$.line_items[0].name", "Fern Print, Large"},
        {"#1001", "$.line_items[0].qty", "2"},
        {"#1001", "$.line_items[0].sku", "FERN-L"},
        {"#1001", "$.line_items[1].name", "Canvas Tote"},
        {"#1001", "$.line_items[1].qty", "1"},
        {"#1001", "$.order", "#1001"},
        {"#1001", "$.shopify_id", "5550000001"},
        {"#1001", "$.financial_status", "paid"},
        {"#1001", "$.fulfillment_status", "fulfilled"},
        {"#1003", "$.line_items[0].name", "Seed packet \"Heirloom\" mix"},
        {"#1003", "$.line_items[1].name", "Plant pot"},
        {"#1003", "$.line_items[1].qty", "2"},
        {"#1003", "$.financial_status", "partially_refunded"},
    };
    for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++) {
        char sql[512];
        snprintf(sql, sizeof sql,
                 "SELECT json_extract(attributes, '%s') FROM activity"
                 " WHERE external_id='%s'",
                 attrs[i].path, attrs[i].ext);
        assert_sql_text(db, sql, attrs[i].want);
    }
    assert_int_equal(tu_sql_int(db, "SELECT json_array_length(attributes,'$.line_items')"
                                    " FROM activity WHERE external_id='#1001'"),
                     2);
    assert_sql_text(db,
                    "SELECT printf('%.2f|%.2f|%.2f|%.2f|%.2f',"
                    " json_extract(attributes,'$.line_items[0].price'),"
                    " json_extract(attributes,'$.line_items[1].price'),"
                    " json_extract(attributes,'$.subtotal'),"
                    " json_extract(attributes,'$.taxes'),"
                    " json_extract(attributes,'$.discount_amount'))"
                    " FROM activity WHERE external_id='#1001'",
                    "16.00|15.00|47.00|3.29|5.00");
    kith_store_close(st);
}

static void test_reimport_adds_nothing(void **state)
{
    (void)state;
    char db[512], path[512];
    int64_t org = 0;
    kith_store *st = shop_store(db, sizeof db, &org);
    fixture("orders_export_1.csv", path, sizeof path);
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, "shopify-orders", path, NULL, &res, &err), KITH_OK);
    char *before = tu_sql_text(db, "SELECT group_concat(external_id||member_id||value)"
                                   " FROM activity");
    assert_int_equal(import(st, org, "shopify-orders", path, NULL, &res, &err), KITH_OK);
    assert_int_equal(res.rows_read, 6);
    assert_int_equal(res.rows_imported, 0);
    assert_int_equal(res.rows_duplicate, 7);
    assert_int_equal(res.members_created, 0);
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM activity"), 7);
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM member"), 4);
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM identity"), 5);
    assert_sql_text(
        db, "SELECT group_concat(external_id||member_id||value) FROM activity", before);
    free(before);
    kith_store_close(st);
}

/* Order #2002's second line item (line 4) has quantity "two": the whole
 * order is bad, the import stops and the database is as before. */
static void test_bad_line_item_stops(void **state)
{
    (void)state;
    char db[512], path[512], where[600];
    int64_t org = 0;
    kith_store *st = shop_store(db, sizeof db, &org);
    fixture("orders_bad.csv", path, sizeof path);
    char *before = tu_db_dump(db);
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, "shopify-orders", path, NULL, &res, &err),
                     KITH_EINPUT);
    snprintf(where, sizeof where, "%s:4", path);
    assert_string_equal(err.where, where);
    assert_string_equal(err.msg, "column 'Lineitem quantity': 'two' is not a number");
    char *after = tu_db_dump(db);
    assert_string_equal(before, after);
    free(before);
    free(after);
    kith_store_close(st);
}

static void test_bad_order_to_reject_file(void **state)
{
    (void)state;
    char db[512], path[512], dir[256], rej[512];
    int64_t org = 0;
    kith_store *st = shop_store(db, sizeof db, &org);
    fixture("orders_bad.csv", path, sizeof path);
    tu_tmpdir(dir, sizeof dir);
    snprintf(rej, sizeof rej, "%s/rejects.csv", dir);
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, "shopify-orders", path, rej, &res, &err), KITH_OK);
    assert_int_equal(res.rows_read, 3);
    assert_int_equal(res.rows_imported, 2);
    assert_int_equal(res.rows_rejected, 1);
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM activity WHERE external_id"
                                    " IN ('#2001','#2003')"),
                     2);
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM activity WHERE external_id"
                                    " LIKE '#2002%'"),
                     0);
    /* Nothing of the rejected order stays, not even its member. */
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM identity WHERE value"
                                    " = 'finn@example.com'"),
                     0);
    /* Both rows of the order, each with the reason. */
    char *text = tu_read_file(rej);
    assert_non_null(text);
    char *nl = strchr(text, '\n');
    assert_non_null(nl);
    *nl = '\0';
    char *second = nl + 1;
    char *nl2 = strchr(second, '\n');
    assert_non_null(nl2);
    assert_string_equal(nl2 + 1, "");
    *nl2 = '\0';
    char reason[700];
    snprintf(reason, sizeof reason,
             ",%s:4: column 'Lineitem quantity': 'two' is not a number", path);
    assert_true(strncmp(text, "#2002,finn@example.com,paid,", 28) == 0);
    assert_true(strncmp(second, "#2002,finn@example.com,,", 24) == 0);
    assert_non_null(strstr(second, ",two,Pen set,10.00,"));
    size_t rl = strlen(reason);
    assert_true(strlen(text) > rl && strcmp(text + strlen(text) - rl, reason) == 0);
    assert_true(strlen(second) > rl && strcmp(second + strlen(second) - rl, reason) == 0);
    free(text);
    kith_store_close(st);
}

static void test_missing_column(void **state)
{
    (void)state;
    char db[512], dir[256], path[512], where[600];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/orders.csv", dir);
    tu_write_file(path, "Name,Email,Financial Status,Currency,Created at,"
                        "Lineitem quantity,Lineitem name,Lineitem price\n"
                        "#1,a@example.com,paid,USD,2024-01-01 10:00:00 +0000,1,x,1.00\n");
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, "shopify-orders", path, NULL, &res, &err),
                     KITH_EINPUT);
    snprintf(where, sizeof where, "%s:1", path);
    assert_string_equal(err.where, where);
    assert_string_equal(err.msg, "column 'Total': required column is missing from the "
                                 "header (is this the right export for format "
                                 "shopify-orders?)");
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM activity"), 0);
    kith_store_close(st);
}

/* Columns are found by name (any case, any order), never by position; a
 * blank Name continues the order above (tools that rewrite the export). */
static void test_columns_by_name(void **state)
{
    (void)state;
    char db[512], dir[256], path[512];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/orders.csv", dir);
    tu_write_file(
        path, "LINEITEM PRICE,lineitem name,Lineitem Quantity,created at,total,"
              "currency,financial status,email,name\n"
              "4.50,Soap,2,2024-01-02 10:00:00 +0000,13.50,EUR,paid,zoe@example.com,#7\n"
              "4.50,Sponge,1,,,,,,\n");
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, "shopify-orders", path, NULL, &res, &err), KITH_OK);
    assert_int_equal(res.rows_read, 1);
    assert_int_equal(res.rows_imported, 1);
    assert_activity(db, "#7", "purchase|1704189600|13.50|EUR||||zoe@example.com");
    assert_sql_text(
        db, "SELECT json_extract(attributes,'$.line_items[1].name') FROM activity",
        "Sponge");
    kith_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_orders_exact),
        cmocka_unit_test(test_reimport_adds_nothing),
        cmocka_unit_test(test_bad_line_item_stops),
        cmocka_unit_test(test_bad_order_to_reject_file),
        cmocka_unit_test(test_missing_column),
        cmocka_unit_test(test_columns_by_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
