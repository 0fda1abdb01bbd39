/* Money while importing (docs/import.md, "Money and currencies"): an
 * amount's currency is stored as three capital letters (blank = the org's,
 * stored as none), a code that is not one is a bad row; the result says
 * which amounts are in other currencies and which no rate covers; an org
 * created without a currency takes the one of its first import with
 * amounts (most of them), or the default when they name none. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct fx {
    char dir[256], db[512];
    kith_store *st;
    int64_t org;
} fx;

/* A fresh database with one org; currency NULL = none given. */
static void open_org(fx *f, const char *currency)
{
    tu_tmpdir(f->dir, sizeof f->dir);
    snprintf(f->db, sizeof f->db, "%s/k.db", f->dir);
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_store_open(f->db, &f->st, &err), KITH_OK);
    assert_int_equal(kith_org_create(f->st, "shop", "UTC", currency, &f->org, &err),
                     KITH_OK);
}

static kith_import_result ok(fx *f, const char *format, const char *name,
                             const char *text)
{
    char p[600];
    tu_file(f->dir, name, text, p, sizeof p);
    kith_import_result res;
    kith_error err;
    if (tu_import(f->st, f->org, format, p, NULL, &res, &err) != KITH_OK)
        fprintf(stderr, "%s: %s\n", err.where, err.msg);
    assert_int_equal(err.code, KITH_OK);
    return res;
}

static kith_org org_of(fx *f)
{
    kith_org o;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_org_find(f->st, "shop", &o, &err), KITH_OK);
    return o;
}

/* The shopify fixture: USD #1001, #1003 (+ refund), #1004; EUR #1002 (+
 * refund); GBP #1006. 4 amounts in USD, 2 in EUR, 1 in GBP. */
static void test_first_import_sets_currency(void **state)
{
    (void)state;
    fx f;
    open_org(&f, NULL);
    assert_int_equal(org_of(&f).currency_chosen, 0);
    /* A file without amounts does not decide. */
    kith_import_result r =
        ok(&f, "members", "m.csv", "email,name\nada@example.com,Ada Lovelace\n");
    assert_int_equal(r.currency_set, 0);
    assert_int_equal(org_of(&f).currency_chosen, 0);
    char p[600];
    tu_fixture("shopify-orders/orders_export_1.csv", p, sizeof p);
    kith_error err;
    assert_int_equal(tu_import(f.st, f.org, "shopify-orders", p, NULL, &r, &err),
                     KITH_OK);
    assert_int_equal(r.currency_set, 1);
    assert_int_equal(r.currency_from_file, 1);
    assert_string_equal(r.currency, "USD");
    kith_org o = org_of(&f);
    assert_string_equal(o.currency, "USD");
    assert_int_equal(o.currency_chosen, 1);
    assert_int_equal(r.amounts, 7);
    assert_int_equal(r.nforeign, 2);
    assert_string_equal(r.foreign[0].currency, "EUR");
    assert_int_equal(r.foreign[0].amounts, 2);
    assert_int_equal(r.foreign[0].left_out, 2);
    assert_string_equal(r.foreign[0].first_rate, "");
    assert_string_equal(r.foreign[1].currency, "GBP");
    assert_int_equal(r.foreign[1].amounts, 1);
    assert_int_equal(r.foreign[1].left_out, 1);
    /* Importing it again adds nothing and decides nothing. */
    assert_int_equal(tu_import(f.st, f.org, "shopify-orders", p, NULL, &r, &err),
                     KITH_OK);
    assert_int_equal(r.currency_set, 0);
    assert_int_equal(r.amounts, 0);
    assert_int_equal(r.nforeign, 0);
    kith_store_close(f.st);
}

static void test_default_when_amounts_name_none(void **state)
{
    (void)state;
    fx f;
    open_org(&f, NULL);
    kith_import_result r = ok(&f, "activities", "a.csv",
                              "id,type,occurred_at,email,value\n"
                              "1,purchase,2024-01-01,a@x.org,10\n"
                              "2,post,2024-01-02,a@x.org,\n");
    assert_int_equal(r.currency_set, 1);
    assert_int_equal(r.currency_from_file, 0);
    assert_string_equal(r.currency, "EUR");
    assert_int_equal(r.amounts, 1);
    assert_int_equal(r.nforeign, 0);
    assert_int_equal(org_of(&f).currency_chosen, 1);
    /* The next file in CAD does not change it: it is told about instead. */
    r = ok(&f, "activities", "b.csv",
           "id,type,occurred_at,email,value,currency\n3,purchase,2024-02-01,a@x.org,5,"
           "CAD\n");
    assert_int_equal(r.currency_set, 0);
    assert_string_equal(org_of(&f).currency, "EUR");
    assert_int_equal(r.nforeign, 1);
    assert_string_equal(r.foreign[0].currency, "CAD");
    kith_store_close(f.st);
}

static void test_chosen_currency_kept(void **state)
{
    (void)state;
    fx f;
    open_org(&f, "gbp");
    kith_import_result r = ok(&f, "activities", "a.csv",
                              "id,type,occurred_at,email,value,currency\n"
                              "1,purchase,2024-01-01,a@x.org,10,CAD\n"
                              "2,purchase,2024-01-02,a@x.org,10,CAD\n"
                              "3,donation,2024-01-02,a@x.org,10,gbp\n");
    assert_int_equal(r.currency_set, 0);
    assert_string_equal(r.currency, "GBP");
    assert_int_equal(r.amounts, 3);
    assert_int_equal(r.nforeign, 1);
    assert_int_equal(r.foreign[0].amounts, 2);
    kith_store_close(f.st);
}

/* Codes are stored upper-case; blank is none; a bad code on an amount is
 * a bad row naming the file's column; other types keep what they say. */
static void test_codes(void **state)
{
    (void)state;
    fx f;
    open_org(&f, "EUR");
    ok(&f, "activities", "a.csv",
       "id,type,occurred_at,email,value,Currency\n"
       "1,purchase,2024-01-01,a@x.org,10, cad \n"
       "2,refund,2024-01-02,a@x.org,1,\n"
       "3,post,2024-01-03,a@x.org,,n/a\n"
       "4,volunteer,2024-01-04,a@x.org,2,hours\n");
    char *rows = tu_sql_rows(f.db, "SELECT external_id, coalesce(currency, 'NULL')"
                                   " FROM activity ORDER BY external_id");
    assert_string_equal(rows, "1|CAD|\n2|NULL|\n3|n/a|\n4|hours|\n");
    free(rows);
    char p[600], where[700];
    static const char *const bad[] = {"C$", "CADX", "12A", "€UR", "ca"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[200], name[32];
        snprintf(text, sizeof text,
                 "id,type,occurred_at,email,value,Currency\nx,donation,2024-01-01,"
                 "a@x.org,5,%s\n",
                 bad[i]);
        snprintf(name, sizeof name, "bad%zu.csv", i);
        tu_file(f.dir, name, text, p, sizeof p);
        snprintf(where, sizeof where, "%s:2", p);
        tu_expect_refused(f.st, f.org, "activities", f.db, p, where,
                          "column 'Currency': '");
        tu_expect_refused(f.st, f.org, "activities", f.db, p, where,
                          "is not a currency code: give the three letters of ISO 4217");
    }
    /* Shopify: the same, naming its own column. */
    tu_file(f.dir, "s.csv",
            "Name,Email,Financial Status,Currency,Total,Created at,Lineitem quantity,"
            "Lineitem name,Lineitem price\n"
            "#1,a@x.org,paid,US$,1.00,2024-01-01 10:00:00 +0000,1,x,1.00\n",
            p, sizeof p);
    snprintf(where, sizeof where, "%s:2", p);
    tu_expect_refused(f.st, f.org, "shopify-orders", f.db, p, where,
                      "column 'Currency': 'US$' is not a currency code");
    /* A blank Currency is the org's: stored as none. */
    tu_file(f.dir, "s2.csv",
            "Name,Email,Financial Status,Currency,Total,Created at,Lineitem quantity,"
            "Lineitem name,Lineitem price\n"
            "#2,a@x.org,paid,,1.00,2024-01-01 10:00:00 +0000,1,x,1.00\n",
            p, sizeof p);
    kith_import_result r;
    kith_error err;
    assert_int_equal(tu_import(f.st, f.org, "shopify-orders", p, NULL, &r, &err),
                     KITH_OK);
    assert_int_equal(tu_sql_int(f.db, "SELECT count(*) FROM activity WHERE"
                                      " external_id='#2' AND currency IS NULL"),
                     1);
    kith_store_close(f.st);
}

/* Which amounts rates cover: CAD rates from 2024-06-01 (local midnight in
 * the org's zone, Toronto: 04:00 UTC). */
static void test_rates_cover(void **state)
{
    (void)state;
    fx f;
    tu_tmpdir(f.dir, sizeof f.dir);
    snprintf(f.db, sizeof f.db, "%s/k.db", f.dir);
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_store_open(f.db, &f.st, &err), KITH_OK);
    assert_int_equal(
        kith_org_create(f.st, "shop", "America/Toronto", "EUR", &f.org, &err), KITH_OK);
    ok(&f, "rates", "r.csv", "date,currency,rate\n2024-06-01,CAD,0.68\n");
    kith_import_result r = ok(&f, "activities", "a.csv",
                              "id,type,occurred_at,email,value,currency\n"
                              "1,purchase,2024-05-01,a@x.org,10,CAD\n"
                              "2,purchase,2024-06-01T03:59:59Z,a@x.org,10,CAD\n"
                              "3,purchase,2024-06-01T04:00:00Z,a@x.org,10,CAD\n"
                              "4,purchase,2024-07-01,a@x.org,10,CAD\n"
                              "5,purchase,2024-07-01,a@x.org,10,ZAR\n"
                              "6,purchase,2024-07-01,a@x.org,10,EUR\n");
    assert_int_equal(r.amounts, 6);
    assert_int_equal(r.nforeign, 2);
    assert_string_equal(r.foreign[0].currency, "CAD");
    assert_int_equal(r.foreign[0].amounts, 4);
    assert_int_equal(r.foreign[0].left_out, 2);
    assert_string_equal(r.foreign[0].first_rate, "2024-06-01");
    assert_string_equal(r.foreign[1].currency, "ZAR");
    assert_int_equal(r.foreign[1].left_out, 1);
    /* A rejected row's amount is not counted. */
    char p[600], rej[600];
    tu_file(f.dir, "b.csv",
            "id,type,occurred_at,email,value,currency\n"
            "7,purchase,2024-07-02,a@x.org,10,CAD\n"
            "8,purchase,2024-07-02,a@x.org,oops,CAD\n"
            "9,purchase,2024-07-02,a@x.org,10,USD\n",
            p, sizeof p);
    snprintf(rej, sizeof rej, "%s/rej.csv", f.dir);
    assert_int_equal(tu_import(f.st, f.org, "activities", p, rej, &r, &err), KITH_OK);
    assert_int_equal(r.rows_rejected, 1);
    assert_int_equal(r.amounts, 2);
    assert_int_equal(r.nforeign, 2);
    assert_int_equal(r.foreign[0].amounts + r.foreign[1].amounts, 2);
    kith_store_close(f.st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_import_sets_currency),
        cmocka_unit_test(test_default_when_amounts_name_none),
        cmocka_unit_test(test_chosen_currency_kept),
        cmocka_unit_test(test_codes),
        cmocka_unit_test(test_rates_cover),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
