/* google-forms-nps adapter: tests/fixtures/google-forms-nps/responses.csv
 * is a Forms responses download (every field quoted, CRLF, the Forms
 * timestamp "2024/03/05 2:22:01 PM GMT+1", an Email Address column, a
 * free-text answer with quotes and a line break, an unanswered score, a
 * second 1-5 question). Expected values were worked out by hand; epochs
 * from the GMT+1 stamps (2:22:01 PM GMT+1 on 2024-03-05 = 13:22:01Z =
 * 19787 days * 86400 + 48121 = 1709644921). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define Q "How likely are you to recommend Fernside Garden Shop to a friend or colleague?"

typedef struct opts {
    const char *question, *kind, *reject;
    const char *map[2];
    int nmap;
} opts;

static kith_code import(kith_store *st, int64_t org, const char *path, const opts *x,
                        kith_import_result *res, kith_error *err)
{
    kith_import_opts o;
    memset(&o, 0, sizeof o);
    o.format = "google-forms-nps";
    if (x) {
        o.question = x->question;
        o.survey_kind = x->kind;
        o.reject_file = x->reject;
        o.map = x->map;
        o.nmap = x->nmap;
    }
    kith_error_clear(err);
    return kith_import(st, org, path, &o, res, err);
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

/* type|subtype|value|text|email of the member, for the response at t. */
static void assert_response(const char *db, long t, const char *want)
{
    char sql[1024];
    snprintf(sql, sizeof sql,
             "SELECT type||'|'||subtype||'|'||value||'|'||coalesce(text,'(none)')||'|'"
             "||coalesce((SELECT value FROM identity WHERE member_id=a.member_id"
             " AND kind='email'),'(anonymous)')"
             " FROM activity a WHERE source='google-forms' AND occurred_at=%ld",
             t);
    assert_sql_text(db, sql, want);
}

static void test_responses_exact(void **state)
{
    (void)state;
    char db[512], path[512];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_fixture("google-forms-nps/responses.csv", path, sizeof path);
    kith_import_result res;
    kith_error err;
    /* No --question: the one header that says "recommend". */
    assert_int_equal(import(st, org, path, NULL, &res, &err), KITH_OK);
    assert_int_equal(res.rows_read, 4);
    assert_int_equal(res.rows_imported, 3); /* Carol left the score blank */
    assert_int_equal(res.members_created, 2);

    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM member"), 2);
    assert_sql_text(db,
                    "SELECT group_concat(kind||'='||value, ';') FROM"
                    " (SELECT kind, value FROM identity ORDER BY kind, value)",
                    "email=ada@example.com;email=bob@example.com");
    assert_sql_text(db,
                    "SELECT group_concat(coalesce(display_name,'-')||'/'||kinds||'/'||"
                    "first_seen, ';') FROM (SELECT * FROM member ORDER BY id)",
                    "-//1709644921;-//1709712300");

    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM activity"), 3);
    assert_response(db, 1709644921,
                    "survey_response|nps|9.0|Friendly staff, and the \"Heirloom\" seeds "
                    "came up fast.\nWill be back!|ada@example.com");
    assert_response(db, 1709712300,
                    "survey_response|nps|6.0|Delivery was late.|bob@example.com");
    assert_response(
        db, 1709888400,
        "survey_response|nps|10.0|Even better the second time|ada@example.com");
    /* Stable ids from the content: "h:" and 36 hex digits, all different. */
    assert_int_equal(
        tu_sql_int(db, "SELECT count(DISTINCT external_id) FROM activity"
                       " WHERE external_id GLOB 'h:*' AND length(external_id)=38"),
        3);
    assert_sql_text(
        db, "SELECT DISTINCT json_extract(attributes,'$.question') FROM activity", Q);
    kith_store_close(st);
}

static void test_reimport_adds_nothing(void **state)
{
    (void)state;
    char db[512], path[512];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_fixture("google-forms-nps/responses.csv", path, sizeof path);
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, path, NULL, &res, &err), KITH_OK);
    char *ids = tu_sql_text(db, "SELECT group_concat(external_id) FROM activity");
    assert_int_equal(import(st, org, path, NULL, &res, &err), KITH_OK);
    assert_int_equal(res.rows_imported, 0);
    assert_int_equal(res.rows_duplicate, 3);
    assert_int_equal(res.members_created, 0);
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM activity"), 3);
    assert_sql_text(db, "SELECT group_concat(external_id) FROM activity", ids);
    free(ids);

    /* The anonymous file twice: its members are found again by their ids. */
    tu_fixture("google-forms-nps/responses_anonymous.csv", path, sizeof path);
    assert_int_equal(import(st, org, path, NULL, &res, &err), KITH_OK);
    assert_int_equal(res.members_created, 3);
    assert_int_equal(import(st, org, path, NULL, &res, &err), KITH_OK);
    assert_int_equal(res.rows_duplicate, 3);
    assert_int_equal(res.members_created, 0);
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM member"), 5);
    kith_store_close(st);
}

/* --question by column number, by unique part, and the survey kind. */
static void test_question_option_and_enps(void **state)
{
    (void)state;
    char db[512], path[512];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_fixture("google-forms-nps/responses.csv", path, sizeof path);
    kith_import_result res;
    kith_error err;
    opts o = {.question = "3", .kind = "enps"};
    assert_int_equal(import(st, org, path, &o, &res, &err), KITH_OK);
    assert_int_equal(res.rows_imported, 3);
    assert_response(db, 1709712300,
                    "survey_response|enps|6.0|Delivery was late.|bob@example.com");
    /* eNPS answers come from employees. */
    assert_sql_text(db, "SELECT group_concat(kinds) FROM member", "employee,employee");

    /* The 1-5 question chosen by a unique part of its header. */
    char db2[512];
    int64_t org2 = 0;
    kith_store *st2 = tu_store_new(db2, sizeof db2, &org2);
    opts o2 = {.question = "DELIVERY?"};
    assert_int_equal(import(st2, org2, path, &o2, &res, &err), KITH_OK);
    assert_int_equal(res.rows_imported, 4);
    assert_response(db2, 1709712300,
                    "survey_response|nps|2.0|Delivery was late.|bob@example.com");
    kith_store_close(st2);
    kith_store_close(st);
}

static void test_question_usage_errors(void **state)
{
    (void)state;
    char db[512], path[512];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_fixture("google-forms-nps/responses.csv", path, sizeof path);
    char *before = tu_db_dump(db);
    kith_import_result res;
    kith_error err;
    opts o = {.question = "how"};
    assert_int_equal(import(st, org, path, &o, &res, &err), KITH_EUSAGE);
    assert_string_equal(err.msg,
                        "--question 'how' matches several columns: 3 '" Q "', 5 'How "
                        "satisfied were you with delivery? (1-5)'; give the whole header "
                        "or the column number");
    o.question = "price";
    assert_int_equal(import(st, org, path, &o, &res, &err), KITH_EUSAGE);
    assert_non_null(strstr(err.msg, "--question 'price' matches no column"));
    assert_non_null(strstr(err.msg, "the questions are: 3 '" Q "', 4 'What is the main "
                                    "reason for your score?', 5 'How satisfied"));
    o.question = "1";
    assert_int_equal(import(st, org, path, &o, &res, &err), KITH_EUSAGE);
    char *after = tu_db_dump(db);
    assert_string_equal(before, after);
    free(before);
    free(after);
    kith_store_close(st);
}

/* No "recommend" header: the one column of 0-10 answers is the question;
 * two such columns are a usage error listing both. --map picks the text. */
static void test_question_by_content(void **state)
{
    (void)state;
    char db[512], dir[256], path[512];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/r.csv", dir);
    tu_write_file(path, "\"Timestamp\",\"Score us 0-10\",\"Comments\",\"Your team\"\r\n"
                        "\"2024/03/05 2:22:01 PM GMT+1\",\"8\",\"Nice\",\"Sales\"\r\n"
                        "\"2024/03/05 3:22:01 PM GMT+1\",\"0\",\"\",\"Ops\"\r\n");
    kith_import_result res;
    kith_error err;
    opts o = {.map = {"comments=text"}, .nmap = 1};
    assert_int_equal(import(st, org, path, &o, &res, &err), KITH_OK);
    assert_int_equal(res.rows_imported, 2);
    assert_response(db, 1709644921, "survey_response|nps|8.0|Nice|(anonymous)");
    assert_response(db, 1709648521, "survey_response|nps|0.0|(none)|(anonymous)");

    /* Two columns of whole numbers 0-10 going above 5, no header naming
     * the question: the user chooses; each listed with its answers. */
    snprintf(path, sizeof path, "%s/r2.csv", dir);
    tu_write_file(path, "\"Timestamp\",\"Score the food\",\"Score the staff\"\r\n"
                        "\"2024/03/05 2:22:01 PM GMT+1\",\"8\",\"4\"\r\n"
                        "\"2024/03/05 2:25:01 PM GMT+1\",\"3\",\"10\"\r\n");
    assert_int_equal(import(st, org, path, NULL, &res, &err), KITH_EUSAGE);
    char want[1024];
    snprintf(want, sizeof want,
             "%s: no header says which column is the 0-10 question and several could "
             "be: 2 'Score the food' (answers 3-8), 3 'Score the staff' (answers 4-10); "
             "choose one with --question N (its number) or --question TEXT",
             path);
    assert_string_equal(err.msg, want);

    /* A custom email question and the text, mapped either way round. */
    char db3[512];
    int64_t org3 = 0;
    kith_store *st3 = tu_store_new(db3, sizeof db3, &org3);
    snprintf(path, sizeof path, "%s/r3.csv", dir);
    tu_write_file(
        path, "\"Timestamp\",\"Your email\",\"Score us 0-10\",\"Comments\"\r\n"
              "\"2024/03/05 2:22:01 PM GMT+1\",\"Zed@Example.com\",\"8\",\"Nice\"\r\n");
    opts o3 = {.map = {"Your email=email", "text=Comments"}, .nmap = 2};
    assert_int_equal(import(st3, org3, path, &o3, &res, &err), KITH_OK);
    assert_response(db3, 1709644921, "survey_response|nps|8.0|Nice|zed@example.com");
    opts o4 = {.map = {"Comments=title"}, .nmap = 1};
    assert_int_equal(import(st3, org3, path, &o4, &res, &err), KITH_EUSAGE);
    assert_string_equal(err.msg,
                        "--map Comments=title: google-forms-nps maps a column to "
                        "'text' or 'email' only (--map 'COLUMN=text')");
    kith_store_close(st3);
    kith_store_close(st);
}

static void test_anonymous_responses(void **state)
{
    (void)state;
    char db[512], path[512];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_fixture("google-forms-nps/responses_anonymous.csv", path, sizeof path);
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, path, NULL, &res, &err), KITH_OK);
    assert_int_equal(res.rows_imported, 3);
    assert_int_equal(res.members_created, 3);
    /* Two answers in the same second are still two people. */
    assert_sql_text(db,
                    "SELECT group_concat(value||':'||coalesce(text,'(none)'), ';') FROM"
                    " (SELECT value, text FROM activity ORDER BY value)",
                    "3.0:Too expensive;7.0:(none);10.0:Great");
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM activity WHERE occurred_at"
                                    " = 1709644921"),
                     2);
    /* Each member is known by the response's own id and marked anonymous. */
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM activity a JOIN identity i"
                                    " ON i.member_id=a.member_id"
                                    " WHERE i.kind='external:google-forms-response'"
                                    " AND i.value=a.external_id"),
                     3);
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM member WHERE"
                                    " json_extract(attributes,'$.anonymous')=1"),
                     3);
    kith_store_close(st);
}

/* Bob's score "11" (line 4; the response above spans lines 2-3). */
static void test_bad_score_stops(void **state)
{
    (void)state;
    char db[512], path[512], where[600];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_fixture("google-forms-nps/responses_bad.csv", path, sizeof path);
    char *before = tu_db_dump(db);
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, path, NULL, &res, &err), KITH_EINPUT);
    snprintf(where, sizeof where, "%s:4", path);
    assert_string_equal(err.where, where);
    assert_string_equal(err.msg, "column '" Q "': '11' is not a score: an nps answer is "
                                 "a whole number 0-10");
    char *after = tu_db_dump(db);
    assert_string_equal(before, after);
    free(before);
    free(after);
    kith_store_close(st);
}

static void test_bad_score_to_reject_file(void **state)
{
    (void)state;
    char db[512], path[512], dir[256], rej[512], want[2048];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_fixture("google-forms-nps/responses_bad.csv", path, sizeof path);
    tu_tmpdir(dir, sizeof dir);
    snprintf(rej, sizeof rej, "%s/rejects.csv", dir);
    kith_import_result res;
    kith_error err;
    opts o = {.reject = rej};
    assert_int_equal(import(st, org, path, &o, &res, &err), KITH_OK);
    assert_int_equal(res.rows_read, 3);
    assert_int_equal(res.rows_imported, 2);
    assert_int_equal(res.rows_rejected, 1);
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM identity WHERE value"
                                    " = 'bob@example.com'"),
                     0);
    snprintf(want, sizeof want,
             "2024/03/06 9:05:00 AM GMT+1,bob@example.com,11,Delivery was late.,2,"
             "%s:4: column '" Q "': '11' is not a score: an nps answer is a whole "
             "number 0-10\n",
             path);
    char *text = tu_read_file(rej);
    assert_non_null(text);
    assert_string_equal(text, want);
    free(text);
    kith_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_responses_exact),
        cmocka_unit_test(test_reimport_adds_nothing),
        cmocka_unit_test(test_question_option_and_enps),
        cmocka_unit_test(test_question_usage_errors),
        cmocka_unit_test(test_question_by_content),
        cmocka_unit_test(test_anonymous_responses),
        cmocka_unit_test(test_bad_score_stops),
        cmocka_unit_test(test_bad_score_to_reject_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
