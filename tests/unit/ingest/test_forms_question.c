/* google-forms-nps never guesses the survey question wrongly in silence
 * (issue 13). Fixtures, shaped as Forms downloads them (every field quoted,
 * CRLF; the older linked-sheet download unquoted):
 *   rate_yourself.csv   a quiz with no 0-10 question: its "Rate yourself
 *                       (1 being lowest and 5 being highest)" answers are
 *                       whole numbers 1-5 (this once gave NPS -100);
 *   scales.csv          one 0-10 score without the word "recommend", next
 *                       to a 1-5 star rating and a 1-7 scale that goes
 *                       above 5;
 *   legacy_username.csv an older form: the address in a Username column,
 *                       dates as the linked sheet wrote them (3/5/2014).
 * Expected values are worked out by hand in the comments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static kith_code import(kith_store *st, int64_t org, const char *path,
                        const char *question, kith_import_result *res, kith_error *err)
{
    kith_import_opts o;
    memset(&o, 0, sizeof o);
    o.format = "google-forms-nps";
    o.question = question;
    kith_error_clear(err);
    return kith_import(st, org, path, &o, res, err);
}

/* NPS of the whole history (one window over every response); min_n = 1,
 * as these surveys are small. */
static kith_nps nps_all(kith_store *st, int64_t org)
{
    kith_metrics *m = NULL;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_config_set(st, org, "min_n", "1", &err), KITH_OK);
    assert_int_equal(kith_metrics_open(st, org, NULL, &m, &err), KITH_OK);
    kith_window all = {0, kith_metrics_as_of(m)};
    kith_nps n = kith_metric_nps(m, all, -1);
    kith_metrics_close(m);
    return n;
}

/* No column is a 0-10 question: exit 1 (usage), naming every question with
 * its answers so that the user can pick one, and nothing written. */
static void test_no_candidate_lists_the_columns(void **state)
{
    (void)state;
    char db[512], path[512], want[1200];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_fixture("google-forms-nps/rate_yourself.csv", path, sizeof path);
    char *before = tu_db_dump(db);
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, path, NULL, &res, &err), KITH_EUSAGE);
    assert_int_equal(kith_exit_code(KITH_EUSAGE), 1);
    /* Columns 1 (Timestamp) and 2 (Email Address) are not questions; 3 has
     * 4, 2, 5, 1 (range 1-5), 4 is free text. */
    snprintf(want, sizeof want,
             "%s: no column is a 0-10 question (a header with \"recommend\" or 0-10, "
             "or whole-number answers 0-10 going above 5 under no other scale); the "
             "columns are: 3 'Rate yourself (1 being lowest and 5 being highest)' "
             "(answers 1-5), 4 'What would you like to learn next?' (text answers); "
             "name the question with --question N or --question TEXT",
             path);
    assert_string_equal(err.msg, want);
    char *after = tu_db_dump(db);
    tu_assert_same(after, before);
    free(before);
    free(after);
    kith_store_close(st);
}

/* The one 0-10 column is taken by its answers; the 1-5 stars and the 1-7
 * scale announce other scales (the 1-7 one goes above 5 too). The summary
 * names the column. */
static void test_other_scales_are_not_taken(void **state)
{
    (void)state;
    char db[512], path[512];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_fixture("google-forms-nps/scales.csv", path, sizeof path);
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, path, NULL, &res, &err), KITH_OK);
    assert_string_equal(res.read_unit[0], "responses");
    assert_int_equal(res.read[0], 3);
    assert_int_equal(res.rows_imported, 3);
    /* Anonymous: one member per response. */
    assert_int_equal(res.members_created, 3);
    assert_int_equal(res.nnotes, 1);
    assert_string_equal(res.notes[0],
                        "scores from column 2 'Overall, how would you score our shop?' "
                        "(the only column of whole-number answers 0-10, answers 0-9)");
    /* 9:00 and 9:30 AM GMT+1 on 2024-06-10 (day 19884: 19723 + 152 + 9)
     * are 08:00Z and 08:30Z = 1717977600 + 28800 / + 30600; 4:15 PM GMT+1
     * on the 11th is 15:15Z = 1718064000 + 54900. */
    tu_rows_eq(db, "SELECT occurred_at, value, text FROM activity ORDER BY occurred_at",
               "1718006400|9.0|NULL|\n1718008200|6.0|NULL|\n1718118900|0.0|NULL|\n");
    /* "Anything else?" has no why or reason in it: no text column taken.
     * NPS: 9 is a promoter, 6 and 0 detractors: (1 - 2) / 3 * 100. */
    kith_nps n = nps_all(st, org);
    assert_true(n.nps.ok);
    assert_int_equal(n.nps.n, 3);
    assert_true(n.nps.v > -33.34 && n.nps.v < -33.33);
    assert_int_equal(n.promoters, 1);
    assert_int_equal(n.detractors, 2);
    kith_store_close(st);
}

/* An older form: Username is the respondent's address; one that cannot be
 * read leaves the response anonymous, with a warning. */
typedef struct warns {
    int n;
    char first[600];
} warns;

static void on_warn(void *ud, const char *text)
{
    warns *w = ud;
    if (w->n++ == 0)
        snprintf(w->first, sizeof w->first, "%s", text);
}

static void test_username_is_the_email(void **state)
{
    (void)state;
    char db[512], path[512], want[800];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_fixture("google-forms-nps/legacy_username.csv", path, sizeof path);
    kith_import_result res;
    kith_error err;
    kith_import_opts o;
    memset(&o, 0, sizeof o);
    o.format = "google-forms-nps";
    warns w = {0, ""};
    o.warn = on_warn;
    o.warn_ud = &w;
    kith_error_clear(&err);
    assert_int_equal(kith_import(st, org, path, &o, &res, &err), KITH_OK);
    assert_int_equal(res.read[0], 3);
    assert_int_equal(res.rows_imported, 3);
    assert_int_equal(res.members_created, 3); /* ann, ben, the anonymous one */
    assert_int_equal(res.warnings, 1);
    assert_int_equal(w.n, 1);
    snprintf(want, sizeof want,
             "%s:4: column 'Username': 'ann.example.com' is not an email address; "
             "imported the response without it",
             path);
    assert_string_equal(w.first, want);
    /* 2014-03-05 is day 16071 (44 years, 11 leap days) + 59 + 4 = 16134:
     * 1393977600; + 14:22:01 (51721) and + 16:40:55 (60055); 2014-03-06
     * 9:03:12 is 1394064000 + 32592. 3/5/2014 could be 3 May: the file
     * shows no day above 12 and the org (UTC) has no country, so month
     * first, said in a note. */
    tu_rows_eq(db,
               "SELECT a.occurred_at, a.value, coalesce(a.text, '-'),"
               " coalesce((SELECT value FROM identity WHERE member_id=a.member_id AND"
               " kind='email'), 'anonymous') FROM activity a ORDER BY occurred_at",
               "1394029321|10.0|Great classes|ann@example.com|\n"
               "1394037655|7.0|-|ben@example.com|\n"
               "1394096592|2.0|Too far away|anonymous|\n");
    assert_int_equal(res.nnotes, 2);
    assert_string_equal(res.notes[0],
                        "scores from column 3 'How likely is it that you would recommend "
                        "us to a friend? (0-10)' (its header names the question, answers "
                        "2-10); comments from 'Why?'");
    assert_non_null(strstr(res.notes[1], "dates such as 3/5/24 were read month first"));
    /* 10 is a promoter, 7 passive, 2 a detractor: (1 - 1) / 3 = 0. */
    kith_nps n = nps_all(st, org);
    assert_true(n.nps.ok);
    assert_int_equal(n.nps.n, 3);
    assert_true(n.nps.v == 0.0);
    kith_store_close(st);
}

/* Importing the same file again reading another column says it was
 * imported before and points at undo, instead of adding every response a
 * second time; after the undo, the other reading is imported. */
static void test_other_question_after_import(void **state)
{
    (void)state;
    char db[512], path[512];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_fixture("google-forms-nps/scales.csv", path, sizeof path);
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, path, NULL, &res, &err), KITH_OK);
    int64_t first = res.batch_id;
    /* The same column by number: the same reading, nothing added. */
    assert_int_equal(import(st, org, path, "2", &res, &err), KITH_OK);
    assert_int_equal(res.rows_imported, 0);
    assert_int_equal(res.rows_duplicate, 3);
    /* Another column: refused, naming the earlier import. */
    char *before = tu_db_dump(db);
    assert_int_equal(import(st, org, path, "Rate the staff", &res, &err), KITH_ESTATE);
    assert_string_equal(err.where, path);
    char want[64];
    snprintf(want, sizeof want, "imported before as import %lld", (long long)first);
    assert_non_null(strstr(err.msg, want));
    snprintf(want, sizeof want, "kith imports undo %lld", (long long)first);
    assert_non_null(strstr(err.msg, want));
    char *after = tu_db_dump(db);
    tu_assert_same(after, before);
    free(before);
    free(after);
    /* After the undo (the repeat wrote nothing and holds nothing back),
     * the other reading is imported. */
    kith_undo_result u;
    assert_int_equal(kith_import_undo(st, org, first, &u, &err), KITH_OK);
    assert_int_equal(u.activities, 3);
    assert_int_equal(u.members_removed, 3);
    assert_int_equal(import(st, org, path, "Rate the staff", &res, &err), KITH_OK);
    /* 7, 6, 2 from column 4. */
    tu_rows_eq(db, "SELECT value FROM activity ORDER BY occurred_at",
               "7.0|\n6.0|\n2.0|\n");
    kith_store_close(st);
}

/* A header that names a 0-10 scale (with an en dash, as Forms' own
 * templates write it) is the question, even when no answer went above 5;
 * a column of 1-7 answers beside it is not a candidate. */
static void test_header_names_the_scale(void **state)
{
    (void)state;
    char db[512], dir[256], path[512];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_tmpdir(dir, sizeof dir);
    tu_file(dir, "r.csv",
            "\"Timestamp\",\"How happy are you with us (0\xE2\x80\x93"
            "10)?\",\"Rate the "
            "staff (1 to 7)\"\r\n"
            "\"2024/03/05 2:22:01 PM GMT+1\",\"3\",\"7\"\r\n"
            "\"2024/03/05 3:22:01 PM GMT+1\",\"5\",\"6\"\r\n",
            path, sizeof path);
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, path, NULL, &res, &err), KITH_OK);
    assert_int_equal(res.rows_imported, 2);
    assert_non_null(strstr(res.notes[0], "scores from column 2"));
    assert_non_null(strstr(res.notes[0], "its header names the question, answers 3-5"));
    tu_rows_eq(db, "SELECT value FROM activity ORDER BY occurred_at", "3.0|\n5.0|\n");
    kith_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_candidate_lists_the_columns),
        cmocka_unit_test(test_other_scales_are_not_taken),
        cmocka_unit_test(test_username_is_the_email),
        cmocka_unit_test(test_other_question_after_import),
        cmocka_unit_test(test_header_names_the_scale),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
