/* kith import rates (docs/import.md, "rates"): rates stored as given
 * (codes upper-cased, the org's own currency at 1 skipped), importing the
 * same file again adds nothing, a later file replaces a rate and says so,
 * and every bad row is refused with FILE:LINE: column 'X': reason and the
 * database unchanged (or sent to the reject file). An org without a chosen
 * currency is refused (rates convert to it). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char dir[256], db[512];
static kith_store *st;
static int64_t org;

static int setup(void **state)
{
    (void)state;
    st = tu_store_new(db, sizeof db, &org);
    snprintf(dir, sizeof dir, "%.200s", db);
    *strrchr(dir, '/') = '\0';
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kith_store_close(st);
    return 0;
}

static void file(const char *name, const char *text, char *out, size_t n)
{
    tu_file(dir, name, text, out, n);
}

static kith_import_result ok(const char *format, const char *path)
{
    kith_import_result res;
    kith_error err;
    if (tu_import(st, org, format, path, NULL, &res, &err) != KITH_OK)
        fprintf(stderr, "%s: %s\n", err.where, err.msg);
    assert_int_equal(err.code, KITH_OK);
    return res;
}

static void test_rates_stored(void **state)
{
    (void)state;
    char p[600];
    file("r1.csv",
         "Date,Currency,Rate\n"
         "2024-01-01,CAD,0.70\n"
         "2024-09-01, cad ,0.68\n"
         "2024-08-20,zar,0.05\n"
         "2024-01-01,EUR,1\n" /* the org's own: known already, not kept */
         "2024-02-01,CAD,1e-1\n",
         p, sizeof p);
    kith_import_result r = ok("rates", p);
    assert_int_equal(r.rows_read, 5);
    assert_int_equal(r.rows_imported, 4);
    assert_int_equal(r.rows_duplicate, 1);
    assert_int_equal(r.rates_replaced, 0);
    assert_int_equal(r.amounts, 0);
    assert_int_equal(r.nforeign, 0);
    char *rows = tu_sql_rows(db, "SELECT base, currency, date(valid_from, 'unixepoch'),"
                                 " rate FROM fx_rate ORDER BY currency, valid_from");
    assert_string_equal(rows, "EUR|CAD|2024-01-01|0.7|\n"
                              "EUR|CAD|2024-02-01|0.1|\n"
                              "EUR|CAD|2024-09-01|0.68|\n"
                              "EUR|ZAR|2024-08-20|0.05|\n");
    free(rows);
    /* Again: nothing new, nothing changed but the import history. */
    static const char *const skip[] = {"import_batch", "revision",
                                       NULL}; /* bookkeeping */
    char *before = tu_db_dump_except(db, skip);
    r = ok("rates", p);
    assert_int_equal(r.rows_imported, 0);
    assert_int_equal(r.rows_duplicate, 5);
    char *after = tu_db_dump_except(db, skip);
    assert_string_equal(before, after);
    free(before);
    free(after);
    /* A later file with another rate for a stored date replaces it, and
     * says so; JSON Lines like the other generic formats. */
    file("r2.jsonl",
         "{\"date\": \"2024-09-01\", \"currency\": \"CAD\", \"rate\": 0.69}\n"
         "{\"date\": \"2024-10-01\", \"currency\": \"CAD\", \"rate\": 0.66, \"to\": "
         "\"eur\"}\n"
         "{\"date\": \"2024-01-01\", \"currency\": \"CAD\", \"rate\": \"0.70\"}\n",
         p, sizeof p);
    r = ok("rates", p);
    assert_int_equal(r.rows_imported, 2);
    assert_int_equal(r.rates_replaced, 1);
    assert_int_equal(r.rows_duplicate, 1);
    rows = tu_sql_rows(db, "SELECT date(valid_from, 'unixepoch'), rate, batch_id"
                           " FROM fx_rate WHERE currency='CAD' ORDER BY valid_from");
    assert_string_equal(rows, "2024-01-01|0.7|1|\n"
                              "2024-02-01|0.1|1|\n"
                              "2024-09-01|0.69|3|\n"
                              "2024-10-01|0.66|3|\n");
    free(rows);
}

/* Each bad row: where, what, and the database as it was. */
static void test_rates_refused(void **state)
{
    (void)state;
    static const struct {
        const char *text, *where_line, *msg;
    } cases[] = {
        {"date,currency,rate\n2024-01-01,CAD,0\n", "2",
         "column 'rate': '0': a rate must be more than 0"},
        {"date,currency,rate\n2024-01-01,CAD,-0.7\n", "2", "a rate must be more than 0"},
        {"date,currency,rate\n2024-01-01,CAD,abc\n", "2",
         "column 'rate': 'abc' is not a number"},
        {"date,currency,rate\n2024-01-01,CAD,nan\n", "2", "'nan' is not a number"},
        {"date,currency,rate\n2024-01-01,CAD,inf\n", "2", "'inf' is not a number"},
        {"date,currency,rate\n2024-01-01,CAD,\"0,685\"\n", "2",
         "write a rate with a decimal point and no thousands separator"},
        {"date,currency,rate\n2024-01-01,CAD,2e12\n", "2", "too large for a rate"},
        {"date,currency,rate\n2024-01-01,C$,0.7\n", "2",
         "column 'currency': 'C$' is not a currency code"},
        {"date,Currency,rate\n2024-01-01,CADX,0.7\n", "2",
         "column 'Currency': 'CADX' is not a currency code"},
        {"date,currency,rate\n2024-01-01,,0.7\n", "2",
         "column 'currency': a value is required"},
        {"date,currency,rate\nyesterday,CAD,0.7\n", "2",
         "column 'date': 'yesterday' is not a date/time"},
        {"date,currency,rate\n2024-01-01,CAD,0.7\n2024-02-01,CAD,0.7\n"
         "2024-01-01,CAD,0.71\n",
         "4",
         "CAD on 2024-01-01 has two rates in this file: 0.7 (line 2)"
         " and 0.71"},
        {"date,currency,rate\n2024-01-01,eur,1.1\n", "2",
         "EUR is the organisation's currency: its rate is 1, not 1.1"},
        {"date,currency,rate,to\n2024-01-01,CAD,0.7,USD\n", "2",
         "column 'to': a rate to USD, but the organisation's currency is EUR"},
        {"date,currency\n2024-01-01,CAD\n", "1",
         "column 'rate': required column is missing"},
        {"date,currency,rate,note\n2024-01-01,CAD,0.7,x\n", "1",
         "column 'note': unknown column"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char p[600], where[700];
        char name[32];
        snprintf(name, sizeof name, "bad%zu.csv", i);
        file(name, cases[i].text, p, sizeof p);
        snprintf(where, sizeof where, "%s:%s", p, cases[i].where_line);
        tu_expect_refused(st, org, "rates", db, p, where, cases[i].msg);
    }
    char p[600], where[700];
    file("bad.jsonl",
         "{\"date\": \"2024-01-01\", \"currency\": \"CAD\", \"rate\": 0.7}\n"
         "{\"date\": \"2024-01-02\", \"currency\": \"CAD\", \"rate\": -1}\n",
         p, sizeof p);
    snprintf(where, sizeof where, "%s:2", p);
    tu_expect_refused(st, org, "rates", db, p, where, "a rate must be more than 0");
}

/* With a reject file the good rows are kept, the bad ones go there. */
static void test_rates_reject(void **state)
{
    (void)state;
    char p[600], rej[600];
    file("mixed.csv",
         "date,currency,rate\n2023-01-01,USD,0.9\n2023-01-02,USD,zero\n"
         "2023-01-03,USD,0.91\n",
         p, sizeof p);
    snprintf(rej, sizeof rej, "%s/rej.csv", dir);
    kith_import_result res;
    kith_error err;
    assert_int_equal(tu_import(st, org, "rates", p, rej, &res, &err), KITH_OK);
    assert_int_equal(res.rows_imported, 2);
    assert_int_equal(res.rows_rejected, 1);
    char *text = tu_read_file(rej);
    assert_non_null(strstr(text, "2023-01-02,USD,zero,"));
    assert_non_null(strstr(text, "'zero' is not a number"));
    free(text);
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM fx_rate WHERE currency='USD'"),
                     2);
}

/* Rates convert to the org's currency: none chosen yet, none taken. */
static void test_rates_need_currency(void **state)
{
    (void)state;
    char path[512];
    int64_t o2 = 0;
    kith_store *s2 = NULL;
    kith_error err;
    kith_error_clear(&err);
    char d2[256];
    tu_tmpdir(d2, sizeof d2);
    snprintf(path, sizeof path, "%s/k.db", d2);
    assert_int_equal(kith_store_open(path, &s2, &err), KITH_OK);
    assert_int_equal(kith_org_create(s2, "new", "UTC", NULL, &o2, &err), KITH_OK);
    char p[600];
    tu_file(d2, "r.csv", "date,currency,rate\n2024-01-01,CAD,0.7\n", p, sizeof p);
    char *before = tu_db_dump(path);
    kith_import_result res;
    assert_int_equal(tu_import(s2, o2, "rates", p, NULL, &res, &err), KITH_ESTATE);
    assert_string_equal(err.where, p);
    assert_non_null(strstr(err.msg, "the organisation has no currency yet"));
    assert_non_null(strstr(err.msg, "kith init --currency CUR"));
    assert_int_equal(kith_exit_code(err.code), 3);
    char *after = tu_db_dump(path);
    assert_string_equal(before, after);
    free(before);
    free(after);
    kith_store_close(s2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rates_stored),
        cmocka_unit_test(test_rates_refused),
        cmocka_unit_test(test_rates_reject),
        cmocka_unit_test(test_rates_need_currency),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
