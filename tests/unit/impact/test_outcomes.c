/* The outcomes import (CSV and JSON Lines through the generic reader) and
 * kith outcomes add/list/remove: the same rows either way, shares written
 * as 40% or 0.4, idempotent re-imports, a changed row updating its
 * outcome, and every bad value refused with the file, line and column,
 * exit code 2 and nothing of the file kept (the dump compared). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

typedef struct fx {
    kith_store *st;
    int64_t org;
    char db[512], dir[256];
} fx;

static void setup(fx *f)
{
    f->st = tu_store_new(f->db, sizeof f->db, &f->org);
    tu_dir_of(f->db, f->dir, sizeof f->dir);
    kith_import_result res;
    tu_import_text(f->st, f->org, f->dir, "initiatives", "i.csv",
                   "name,cost,starts_at\nFair,500,2024-01-01\nGarden,100,\n", &res);
}

static const char *HEAD = "initiative,stakeholder,outcome,indicator,quantity,"
                          "quantity_from,proxy,proxy_source,deadweight,displacement,"
                          "attribution,drop_off,duration\n";

#define ROWS_SQL                                                                         \
    "SELECT i.name, stakeholder_grp, outcome, indicator, quantity, quantity_from,"       \
    " proxy_value, proxy_source, deadweight, displacement, attribution, drop_off,"       \
    " duration FROM outcome o JOIN initiative i ON i.id=o.initiative_id ORDER BY o.id"

static void test_csv_and_jsonl_agree(void **state)
{
    (void)state;
    fx a, b;
    setup(&a);
    setup(&b);
    char p[512], body[2048];
    kith_import_result res;
    kith_error err;
    snprintf(
        body, sizeof body,
        "%sFair,visitors,feel at home,survey,120,,15,council survey,25%%,0,0.2,10%%,3\n"
        "Garden,volunteers,wellbeing,,,metric:volunteer_hours,20,,0.1,,50%%,,1\n",
        HEAD);
    tu_import_text(a.st, a.org, a.dir, "outcomes", "o.csv", body, &res);
    assert_int_equal(res.rows_read, 2);
    assert_int_equal(res.rows_imported, 2);
    tu_import_text(
        b.st, b.org, b.dir, "outcomes", "o.jsonl",
        "{\"initiative\":\"fair\",\"stakeholder\":\"visitors\",\"outcome\":\"feel at "
        "home\",\"indicator\":\"survey\",\"quantity\":120,\"proxy\":15,"
        "\"proxy_source\":\"council survey\",\"deadweight\":0.25,\"displacement\":\"0%\","
        "\"attribution\":\"20%\",\"drop_off\":0.1,\"duration\":3}\n"
        "{\"initiative\":\"Garden\",\"stakeholder\":\"volunteers\",\"outcome\":"
        "\"wellbeing\",\"quantity_from\":\"metric:volunteer_hours\",\"proxy\":20,"
        "\"deadweight\":\"10%\",\"attribution\":0.5}\n",
        &res);
    char *ra = tu_sql_rows(a.db, ROWS_SQL), *rb = tu_sql_rows(b.db, ROWS_SQL);
    assert_string_equal(ra, rb);
    /* The initiative's name as stored ("Fair"), shares as fractions, the
     * measured quantity NULL until computed. */
    assert_string_equal(ra,
                        "Fair|visitors|feel at home|survey|120.0|NULL|15.0|council "
                        "survey|0.25|0.0|0.2|0.1|3|\n"
                        "Garden|volunteers|wellbeing|NULL|NULL|metric:volunteer_hours|"
                        "20.0|NULL|0.1|0.0|0.5|0.0|1|\n");
    free(ra);
    free(rb);
    /* Again: nothing added. Changed: the outcome is updated, not doubled. */
    snprintf(p, sizeof p, "%s/o.jsonl", b.dir);
    assert_int_equal(tu_import(b.st, b.org, "outcomes", p, NULL, &res, &err), KITH_OK);
    assert_int_equal(res.rows_imported, 0);
    assert_int_equal(res.rows_duplicate, 2);
    snprintf(body, sizeof body,
             "%sFair,visitors,feel at home,survey,150,,15,,25%%,0,0.2,"
             "10%%,3\n",
             HEAD);
    tu_import_text(a.st, a.org, a.dir, "outcomes", "o2.csv", body, &res);
    assert_int_equal(res.rows_imported, 1);
    assert_int_equal(tu_sql_int(a.db, "SELECT count(*) FROM outcome"), 2);
    assert_int_equal(tu_sql_int(a.db,
                                "SELECT quantity FROM outcome WHERE outcome='feel at "
                                "home'"),
                     150);
    kith_store_close(a.st);
    kith_store_close(b.st);
}

/* One bad value in a file of good rows: refused with FILE:LINE and the
 * column, nothing kept. */
static void refused(fx *f, const char *name, const char *row, int line, const char *msg)
{
    char p[512], body[2048], where[600];
    snprintf(body, sizeof body, "%sFair,visitors,ok,,1,,1,,,,,,\n%s\n", HEAD, row);
    tu_file(f->dir, name, body, p, sizeof p);
    snprintf(where, sizeof where, "%s:%d", p, line);
    tu_expect_refused(f->st, f->org, "outcomes", f->db, p, where, msg);
}

static void test_refusals(void **state)
{
    (void)state;
    fx f;
    setup(&f);
    refused(&f, "pct.csv", "Fair,visitors,x,,1,,1,,150%,,,,1", 3,
            "column 'deadweight': '150%': a share is 0-100%");
    refused(&f, "frac.csv", "Fair,visitors,x,,1,,1,,,1.5,,,1", 3,
            "column 'displacement': '1.5': outside 0-100%");
    refused(&f, "neg_pct.csv", "Fair,visitors,x,,1,,1,,,,-5%,,1", 3,
            "column 'attribution'");
    refused(&f, "drop.csv", "Fair,visitors,x,,1,,1,,,,,101%,1", 3, "column 'drop_off'");
    refused(&f, "negq.csv", "Fair,visitors,x,,-3,,1,,,,,,1", 3,
            "column 'quantity': a quantity cannot be negative");
    refused(&f, "negp.csv", "Fair,visitors,x,,3,,-1,,,,,,1", 3,
            "column 'proxy': a financial proxy cannot be negative");
    refused(&f, "dur0.csv", "Fair,visitors,x,,3,,1,,,,,,0", 3,
            "column 'duration': a duration of 0 years");
    refused(&f, "durf.csv", "Fair,visitors,x,,3,,1,,,,,,2.5", 3,
            "column 'duration': '2.5' is not a whole number");
    refused(&f, "init.csv", "Fete,visitors,x,,3,,1,,,,,,1", 3,
            "column 'initiative': unknown initiative 'Fete'");
    refused(&f, "metric.csv", "Fair,visitors,x,,,metric:happiness,1,,,,,,1", 3,
            "column 'quantity_from': unknown metric 'metric:happiness'");
    refused(&f, "both.csv", "Fair,visitors,x,,3,metric:donations,1,,,,,,1", 3,
            "give quantity or quantity_from, not both");
    refused(&f, "none.csv", "Fair,visitors,x,,,,1,,,,,,1", 3,
            "column 'quantity': a quantity is required");
    refused(&f, "again.csv", "Fair,VISITORS,OK,,2,,1,,,,,,1", 3,
            "appears on an earlier row of this file");
    /* JSON Lines name the field as the file spells it. */
    char p[512], where[600];
    tu_file(
        f.dir, "bad.jsonl",
        "{\"initiative\":\"Fair\",\"stakeholder\":\"v\",\"outcome\":\"a\",\"quantity\":1,"
        "\"proxy\":1}\n"
        "{\"initiative\":\"Fair\",\"stakeholder\":\"v\",\"outcome\":\"b\",\"quantity\":1,"
        "\"proxy\":1,\"Drop-Off\":\"120%\"}\n",
        p, sizeof p);
    snprintf(where, sizeof where, "%s:2", p);
    tu_expect_refused(f.st, f.org, "outcomes", f.db, p, where, "column 'Drop-Off'");
    /* A required column missing from the header. */
    tu_file(f.dir, "nohead.csv", "initiative,stakeholder,quantity,proxy\nFair,v,1,1\n", p,
            sizeof p);
    snprintf(where, sizeof where, "%s:1", p);
    tu_expect_refused(f.st, f.org, "outcomes", f.db, p, where, "column 'outcome'");
    kith_store_close(f.st);
}

/* With a reject file the good rows go in and the bad ones to the file. */
static void test_reject_file(void **state)
{
    (void)state;
    fx f;
    setup(&f);
    char p[512], r[512], body[1024];
    snprintf(body, sizeof body,
             "%sFair,v,a,,1,,1,,,,,,1\nFair,v,b,,1,,1,,200%%,,,,1\n"
             "Garden,v,c,,1,,1,,,,,,1\n",
             HEAD);
    tu_file(f.dir, "mixed.csv", body, p, sizeof p);
    snprintf(r, sizeof r, "%s/rejects.csv", f.dir);
    kith_import_result res;
    kith_error err;
    assert_int_equal(tu_import(f.st, f.org, "outcomes", p, r, &res, &err), KITH_OK);
    assert_int_equal(res.rows_imported, 2);
    assert_int_equal(res.rows_rejected, 1);
    char *rej = tu_read_file(r);
    assert_non_null(strstr(rej, "200%"));
    assert_non_null(strstr(rej, "deadweight"));
    free(rej);
    kith_store_close(f.st);
}

static void test_add_list_remove(void **state)
{
    (void)state;
    fx f;
    setup(&f);
    kith_error err;
    kith_error_clear(&err);
    kith_outcome_text t = {"fair",     "visitors", "joy", "smiles", "40", NULL, "12.5",
                           "a survey", "40%",      NULL,  "0.25",   "5%", "4"};
    int64_t id = 0;
    /* Added and removed outcomes count in the revision (kith serve's
     * cache follows it); refused ones and a remove of nothing do not. */
    int rev = tu_sql_int(f.db, "SELECT n FROM revision");
    assert_int_equal(kith_outcome_add(f.st, f.org, &t, &id, &err), KITH_OK);
    assert_true(id > 0);
    assert_int_equal(tu_sql_int(f.db, "SELECT n FROM revision"), rev + 1);
    /* Errors name the flag. */
    t.deadweight = "140%";
    kith_error_clear(&err);
    assert_int_equal(kith_outcome_add(f.st, f.org, &t, NULL, &err), KITH_EINPUT);
    assert_non_null(strstr(err.msg, "--deadweight: '140%': a share is 0-100%"));
    t.deadweight = "40%";
    t.quantity_from = "metric:nothing";
    t.quantity = NULL;
    kith_error_clear(&err);
    assert_int_equal(kith_outcome_add(f.st, f.org, &t, NULL, &err), KITH_EINPUT);
    assert_non_null(strstr(err.msg, "--quantity-from"));
    kith_outcome *v = NULL;
    size_t n = 0;
    kith_error_clear(&err);
    assert_int_equal(kith_outcomes_list(f.st, f.org, "Fair", &v, &n, &err), KITH_OK);
    assert_int_equal(n, 1);
    assert_string_equal(v[0].initiative, "Fair");
    assert_true(v[0].deadweight == 0.4 && v[0].attribution == 0.25 &&
                v[0].drop_off == 0.05 && v[0].duration == 4 && v[0].quantity == 40);
    free(v);
    kith_error_clear(&err);
    assert_int_equal(kith_outcomes_list(f.st, f.org, "Nope", &v, &n, &err), KITH_EINPUT);
    char *text = NULL;
    kith_error_clear(&err);
    assert_int_equal(
        kith_outcomes_render(f.st, f.org, NULL, KITH_IMPACT_JSON, &text, &err), KITH_OK);
    assert_non_null(strstr(text, "\"proxy_source\": \"a survey\""));
    free(text);
    assert_int_equal(tu_sql_int(f.db, "SELECT n FROM revision"), rev + 1);
    assert_int_equal(kith_outcome_remove(f.st, f.org, id, &err), KITH_OK);
    assert_int_equal(tu_sql_int(f.db, "SELECT n FROM revision"), rev + 2);
    kith_error_clear(&err);
    assert_int_equal(kith_outcome_remove(f.st, f.org, id, &err), KITH_ENOTFOUND);
    assert_int_equal(tu_sql_int(f.db, "SELECT n FROM revision"), rev + 2);
    assert_int_equal(tu_sql_int(f.db, "SELECT count(*) FROM outcome"), 0);
    kith_store_close(f.st);
}

/* kith imports undo of an outcomes import: the outcomes it added go, the
 * one it changed comes back as it was (with the import it came from), the
 * one it saw unchanged stays; undoing the first import then leaves none.
 * The outcome table is compared with its dump taken before each import. */
static void test_undo(void **state)
{
    (void)state;
    fx f;
    setup(&f);
    static const char *const skip[] = {"import_batch", "revision", NULL};
    char *empty = tu_db_dump_except(f.db, skip);
    char body[1024];
    kith_import_result r1, r2;
    snprintf(body, sizeof body,
             "%sFair,visitors,feel at home,,120,,15,,0,0,0,0,1\n"
             "Garden,volunteers,wellbeing,,10,,20,,0,0,0,0,1\n",
             HEAD);
    tu_import_text(f.st, f.org, f.dir, "outcomes", "a.csv", body, &r1);
    char *after1 = tu_db_dump_except(f.db, skip);
    /* visitors changed (150), volunteers unchanged, youth added. */
    snprintf(body, sizeof body,
             "%sFair,visitors,feel at home,,150,,15,,0,0,0,0,1\n"
             "Garden,volunteers,wellbeing,,10,,20,,0,0,0,0,1\n"
             "Fair,youth,confidence,,4,,50,,0,0,0,0,2\n",
             HEAD);
    tu_import_text(f.st, f.org, f.dir, "outcomes", "b.csv", body, &r2);
    assert_int_equal(r2.rows_imported, 2);
    assert_int_equal(r2.rows_duplicate, 1);
    kith_undo_result u;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_import_undo(f.st, f.org, r2.batch_id, &u, &err), KITH_OK);
    assert_int_equal(u.outcomes, 1);
    assert_int_equal(u.outcomes_restored, 2); /* changed, and seen unchanged */
    char *undone2 = tu_db_dump_except(f.db, skip);
    tu_assert_same(undone2, after1);
    assert_int_equal(kith_import_undo(f.st, f.org, r1.batch_id, &u, &err), KITH_OK);
    assert_int_equal(u.outcomes, 2);
    assert_int_equal(u.outcomes_restored, 0);
    char *undone1 = tu_db_dump_except(f.db, skip);
    tu_assert_same(undone1, empty);
    free(empty);
    free(after1);
    free(undone2);
    free(undone1);
    kith_store_close(f.st);
}

static void test_parse_share(void **state)
{
    (void)state;
    double v;
    const char *why = NULL;
    assert_int_equal(kith_impact_parse_share("40%", &v, &why), 0);
    assert_true(v == 0.4);
    assert_int_equal(kith_impact_parse_share(" 0.4 ", &v, &why), 0);
    assert_true(v == 0.4);
    assert_int_equal(kith_impact_parse_share("100%", &v, &why), 0);
    assert_true(v == 1);
    assert_int_equal(kith_impact_parse_share("0", &v, &why), 0);
    assert_true(v == 0);
    static const char *const bad[] = {"40", "100.5%", "-0.1", "abc",
                                      "",   "%",      "4 0%", "nan"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        why = NULL;
        assert_int_equal(kith_impact_parse_share(bad[i], &v, &why), -1);
        assert_non_null(why);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_and_jsonl_agree),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_reject_file),
        cmocka_unit_test(test_add_list_remove),
        cmocka_unit_test(test_undo),
        cmocka_unit_test(test_parse_share),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
