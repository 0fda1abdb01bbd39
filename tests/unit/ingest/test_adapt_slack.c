/* The slack import format against tests/fixtures/slack/export: every
 * member, identity and activity it must produce, written out by hand from
 * the fixture (ts values are epoch seconds; the fraction is dropped), the
 * merge with a shop customer by email, idempotent re-import, and bad input
 * refused with the file, line and column (or JSON path) and the database
 * left as it was. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"

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

static void assert_sql_text(const char *db, const char *sql, const char *want)
{
    char *got = tu_sql_text(db, sql);
    if (!got || strcmp(got, want) != 0)
        fprintf(stderr, "query: %s\n--- want\n%s\n--- got\n%s\n", sql, want,
                got ? got : "(null)");
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

/* The Slack handle that names a member (bots also carry a b... handle). */
#define HANDLE(col)                                                                      \
    "(SELECT value FROM identity h WHERE h.member_id=" col                               \
    " AND h.kind='handle:slack' ORDER BY value DESC LIMIT 1)"

static const char *members_sql =
    "SELECT group_concat(line, char(10)) FROM (SELECT " HANDLE(
        "m.id") " ||' | '||coalesce(m.display_name,'-')||' | '||m.kinds||' | '||"
                "coalesce(nullif(m.flags,''),'-')||' | '||coalesce(m.first_seen,'-')||' "
                "| '||"
                "m.attributes AS line FROM member m WHERE m.merged_into IS NULL ORDER BY "
                "1)";

static const char *idents_sql =
    "SELECT group_concat(line, char(10)) FROM (SELECT kind||'='||value||' -> '||" HANDLE(
        "i.member_id") " AS line FROM identity i ORDER BY kind, value)";

static const char *acts_sql =
    "SELECT group_concat(line, char(10)) FROM (SELECT a.external_id||' | '||a.type||"
    "' | '||coalesce(a.subtype,'-')||' | '||a.channel||' | '||a.occurred_at||' | "
    "'||" HANDLE("a.member_id") "||' -> '||coalesce(" HANDLE(
        "a.target_member_id") ",'-')||"
                              "' | '||coalesce(a.thread_id,'-')||' | "
                              "'||coalesce(a.parent_external_id,'-') AS line"
                              " FROM activity a WHERE a.source='slack' ORDER BY "
                              "a.external_id)";

/* Written out from the fixture by hand. Skipped: the channel_join and
 * channel_leave messages, the direct message folder D01ALICEBOB (not in
 * channels.json), Alice's reaction to and mention of herself, the second
 * mention of U09GHOST in one message, and the "eyes" reaction that lists
 * no users. */
static const char *want_acts =
    "C01GENERAL:1709550000.000200 | post | - | slack:#general | 1709550000 | u01alice -> "
    "- | "
    "C01GENERAL:1709550000.000200 | -\n"
    "C01GENERAL:1709550000.000200:mention:U02BOB | mention | - | slack:#general | "
    "1709550000 | "
    "u01alice -> u02bob | C01GENERAL:1709550000.000200 | C01GENERAL:1709550000.000200\n"
    "C01GENERAL:1709550000.000200:reaction:tada:U02BOB | reaction | tada | "
    "slack:#general | "
    "1709550000 | u02bob -> u01alice | C01GENERAL:1709550000.000200 | "
    "C01GENERAL:1709550000.000200\n"
    "C01GENERAL:1709550000.000200:reaction:tada:U03CARA | reaction | tada | "
    "slack:#general | "
    "1709550000 | u03cara -> u01alice | C01GENERAL:1709550000.000200 | "
    "C01GENERAL:1709550000.000200\n"
    "C01GENERAL:1709553600.000300 | reply | - | slack:#general | 1709553600 | u02bob -> "
    "u01alice | "
    "C01GENERAL:1709550000.000200 | C01GENERAL:1709550000.000200\n"
    "C01GENERAL:1709553600.000300:mention:U01ALICE | mention | - | slack:#general | "
    "1709553600 | "
    "u02bob -> u01alice | C01GENERAL:1709550000.000200 | C01GENERAL:1709553600.000300\n"
    /* no parent_user_id: the thread's author comes from the earlier day */
    "C01GENERAL:1709632800.000400 | reply | thread_broadcast | slack:#general | "
    "1709632800 | "
    "u03cara -> u01alice | C01GENERAL:1709550000.000200 | C01GENERAL:1709550000.000200\n"
    /* bot_message with only a bot_id: the bot user through profile.bot_id */
    "C01GENERAL:1709636400.000500 | post | bot_message | slack:#general | 1709636400 | "
    "u04deploy -> - | - | -\n"
    "C01GENERAL:1709640000.000600 | post | - | slack:#general | 1709640000 | u09ghost -> "
    "- | - | -\n"
    "C02HELP:1709650000.000700 | post | - | slack:#help | 1709650000 | u02bob -> - | - | "
    "-\n"
    "C02HELP:1709650000.000700:mention:U09GHOST | mention | - | slack:#help | 1709650000 "
    "| "
    "u02bob -> u09ghost | - | C02HELP:1709650000.000700\n"
    "C02HELP:1709653600.000800 | post | - | slack:#help | 1709653600 | u01alice -> - | - "
    "| -";

/* first_seen is each person's earliest activity (a reaction dates from its
 * message); Slackbot never acts. Alice keeps the shop's name. */
static const char *want_members =
    "u01alice | Alice M. (Shop) | customer,online | - | 1709550000 | {}\n"
    "u02bob | Bob Stone | online | - | 1709550000 | {}\n"
    "u03cara | cara | online | - | 1709550000 | {\"slack_deleted\":true}\n"
    "u04deploy | Deploy Bot | online | bot | 1709636400 | {}\n"
    "u09ghost | ghost | online | - | 1709640000 | {}\n"
    "uslackbot | Slackbot | online | bot | - | {}";

/* Cara's phone "call me maybe" is not a number and is left out. */
static const char *want_idents = "email=alice.martin@example.com -> u01alice\n"
                                 "email=bob@stone.io -> u02bob\n"
                                 "handle:slack=b04deploy -> u04deploy\n"
                                 "handle:slack=u01alice -> u01alice\n"
                                 "handle:slack=u02bob -> u02bob\n"
                                 "handle:slack=u03cara -> u03cara\n"
                                 "handle:slack=u04deploy -> u04deploy\n"
                                 "handle:slack=u09ghost -> u09ghost\n"
                                 "handle:slack=uslackbot -> uslackbot\n"
                                 "phone=447700900123 -> u02bob";

static void import_customer(kith_store *st, int64_t org)
{
    char dir[256], csv[300];
    tu_tmpdir(dir, sizeof dir);
    snprintf(csv, sizeof csv, "%s/customers.csv", dir);
    tu_write_file(
        csv, "email,name,kinds\nalice.martin@example.com,Alice M. (Shop),customer\n");
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, "members", csv, NULL, &res, &err), KITH_OK);
    assert_int_equal(res.members_created, 1);
}

static void test_export_with_customer_merge(void **state)
{
    (void)state;
    char db[300], path[512];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    import_customer(st, org);
    int64_t alice = tu_sql_int(db, "SELECT member_id FROM identity WHERE kind='email'"
                                   " AND value='alice.martin@example.com'");
    assert_true(alice > 0);

    tu_fixture("slack/export", path, sizeof path);
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, "slack", path, NULL, &res, &err), KITH_OK);
    /* 5 users + 9 messages read (the two channel housekeeping messages
     * included), in their own units; 12 activities written (want_acts);
     * the join and the leave skipped; 4 new users + the unknown poster
     * U09GHOST are new members (Alice was the shop's customer). */
    assert_int_equal(res.rows_read, 14);
    assert_string_equal(res.read_unit[0], "users");
    assert_int_equal(res.read[0], 5);
    assert_string_equal(res.read_unit[1], "messages");
    assert_int_equal(res.read[1], 9);
    assert_string_equal(res.made_unit, "activities");
    assert_int_equal(res.rows_imported, 12);
    assert_int_equal(res.rows_duplicate, 0);
    assert_int_equal(res.skipped, 2);
    assert_string_equal(res.skipped_why, "joins and leaves 2");
    assert_int_equal(res.rows_rejected, 0);
    assert_int_equal(res.members_created, 5);
    assert_int_equal(res.merges, 0);
    /* Cara's profile phone "call me maybe" is left out with a warning. */
    assert_int_equal(res.warnings, 1);

    /* The Slack user with the customer's email is the customer. */
    assert_int_equal(tu_sql_int(db, "SELECT member_id FROM identity WHERE"
                                    " kind='handle:slack' AND value='u01alice'"),
                     alice);
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM member"), 6);
    assert_sql_text(db, members_sql, want_members);
    assert_sql_text(db, idents_sql, want_idents);
    assert_sql_text(db, acts_sql, want_acts);
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM activity"), 12);

    /* Texts are kept as Slack wrote them; derived activities carry none. */
    assert_sql_text(
        db, "SELECT text FROM activity WHERE external_id='C01GENERAL:1709550000.000200'",
        "Welcome everyone! <@U02BOB> can you share the opening hours?");
    assert_sql_text(
        db, "SELECT text FROM activity WHERE external_id='C01GENERAL:1709636400.000500'",
        "Deployed menu v1.2");
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM activity WHERE text IS NOT NULL"
                                    " AND type IN ('mention','reaction')"),
                     0);
    assert_int_equal(
        tu_sql_int(db, "SELECT count(*) FROM activity WHERE text LIKE 'private%'"), 0);
    kith_store_close(st);
}

static void test_reimport_adds_nothing(void **state)
{
    (void)state;
    char db[300], path[512];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_fixture("slack/export/", path, sizeof path); /* a trailing '/' is fine */
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, "slack", path, NULL, &res, &err), KITH_OK);
    /* Without the customer file Alice is new: 5 users + 1 unknown poster. */
    assert_int_equal(res.members_created, 6);
    assert_int_equal(res.rows_imported, 12);
    char *m1 = tu_sql_text(db, members_sql), *i1 = tu_sql_text(db, idents_sql);
    char *a1 = tu_sql_text(db, acts_sql);

    assert_int_equal(import(st, org, "slack", path, NULL, &res, &err), KITH_OK);
    assert_int_equal(res.rows_read, 14);
    assert_int_equal(res.rows_imported, 0);
    assert_int_equal(res.rows_duplicate, 12);
    assert_int_equal(res.members_created, 0);
    assert_int_equal(res.merges, 0);
    assert_sql_text(db, members_sql, m1);
    assert_sql_text(db, idents_sql, i1);
    assert_sql_text(db, acts_sql, a1);
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM member"), 6);
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM activity"), 12);
    free(m1);
    free(i1);
    free(a1);
    kith_store_close(st);
}

/* Import path, expect KITH_EINPUT with where/msg, and the database as it
 * was before. */
static void expect_refused(kith_store *st, int64_t org, const char *db, const char *path,
                           const char *where, const char *msg)
{
    tu_expect_refused(st, org, "slack", db, path, where, msg);
}

static void test_malformed_json(void **state)
{
    (void)state;
    char db[300], path[512], where[600];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    import_customer(st, org);
    /* users.json and channels.json are fine and were written before the
     * broken day file is met: all of it must be rolled back. Line 6 of the
     * day file is '"ts": ...' after a missing comma; jansson points at the
     * end of the "ts" token, column 12. */
    tu_fixture("slack/malformed", path, sizeof path);
    snprintf(where, sizeof where, "%s/general/2024-03-04.json:6", path);
    expect_refused(st, org, db, path, where, "column 12: invalid JSON");
    assert_int_equal(
        tu_sql_int(db, "SELECT count(*) FROM identity WHERE kind='handle:slack'"), 0);
    kith_store_close(st);
}

static void write_export(const char *dir, const char *users, const char *day)
{
    char p[600];
    snprintf(p, sizeof p, "%s/users.json", dir);
    tu_write_file(p, users);
    snprintf(p, sizeof p, "%s/channels.json", dir);
    tu_write_file(p, "[{\"id\": \"C1\", \"name\": \"general\"}]");
    snprintf(p, sizeof p, "%s/general", dir);
    mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/general/2024-03-04.json", dir);
    tu_write_file(p, day);
}

static const char *ok_users = "[{\"id\": \"U1\", \"name\": \"one\"}]";

static void test_structure_errors_name_the_path(void **state)
{
    (void)state;
    char db[300], dir[256], where[600];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);

    tu_tmpdir(dir, sizeof dir);
    write_export(dir, "[{\"id\": \"U1\"}, {\"id\": 42, \"name\": \"x\"}]", "[]");
    snprintf(where, sizeof where, "%s/users.json", dir);
    expect_refused(st, org, db, dir, where, "[1].id: expected a string");

    tu_tmpdir(dir, sizeof dir);
    write_export(dir, ok_users,
                 "[{\"type\": \"message\", \"user\": \"U1\", \"ts\": \"1709550000.1\"},\n"
                 " {\"type\": \"message\", \"user\": \"U1\", \"ts\": \"yesterday\"}]");
    snprintf(where, sizeof where, "%s/general/2024-03-04.json", dir);
    expect_refused(st, org, db, dir, where,
                   "[1].ts: 'yesterday' is not a Slack timestamp");

    tu_tmpdir(dir, sizeof dir);
    write_export(dir, ok_users,
                 "[{\"type\": \"message\", \"user\": \"U1\", \"ts\": \"1709550000.1\","
                 " \"reactions\": [{\"name\": \"+1\", \"users\": [\"U2\", 7]}]}]");
    snprintf(where, sizeof where, "%s/general/2024-03-04.json", dir);
    expect_refused(st, org, db, dir, where,
                   "[0].reactions[0].users[1]: expected a user id string");

    tu_tmpdir(dir, sizeof dir);
    write_export(dir, ok_users, "{\"messages\": []}");
    snprintf(where, sizeof where, "%s/general/2024-03-04.json", dir);
    expect_refused(st, org, db, dir, where, "expected an array of messages");

    tu_tmpdir(dir, sizeof dir);
    write_export(dir, ok_users, "[{\"type\": \"message\", \"ts\": \"1709550000.1\"}]");
    snprintf(where, sizeof where, "%s/general/2024-03-04.json", dir);
    expect_refused(st, org, db, dir, where,
                   "[0].user: a message needs a user or a bot_id");

    /* A profile's unreadable email is a warning, not a refusal:
     * test_lenient_fields. */

    /* A channel name that would leave the export folder. */
    tu_tmpdir(dir, sizeof dir);
    write_export(dir, ok_users, "[]");
    char p[600];
    snprintf(p, sizeof p, "%s/channels.json", dir);
    tu_write_file(p, "[{\"id\": \"C1\", \"name\": \"../../etc\"}]");
    snprintf(where, sizeof where, "%s/channels.json", dir);
    expect_refused(st, org, db, dir, where,
                   "[0].name: '../../etc' is not a channel name");
    kith_store_close(st);
}

static void test_not_a_folder(void **state)
{
    (void)state;
    char db[300], dir[256], p[600];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_tmpdir(dir, sizeof dir);
    /* Zip archives are read (test_slack_zip.c); a file that only starts
     * like one is refused as such, any other file as not an export. */
    snprintf(p, sizeof p, "%s/export.zip", dir);
    tu_write_file(p, "PK\003\004");
    expect_refused(st, org, db, p, p, "not a readable zip archive");
    snprintf(p, sizeof p, "%s/users.json", dir);
    tu_write_file(p, "[]");
    expect_refused(st, org, db, p, p, "expected a Slack export");

    /* A folder that is not an export. */
    tu_tmpdir(dir, sizeof dir);
    expect_refused(st, org, db, dir, dir, "users.json is missing");
    snprintf(p, sizeof p, "%s/users.json", dir);
    tu_write_file(p, "[]");
    expect_refused(st, org, db, dir, dir, "channels.json is missing");
    kith_store_close(st);
}

/* With a reject file a bad message is set aside and the rest imported. The
 * bad message first creates its (unknown) author and then fails: the next
 * message by the same author must not trip over the rolled-back member. */
static void test_reject_file(void **state)
{
    (void)state;
    char db[300], dir[256], rej[600];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_tmpdir(dir, sizeof dir);
    write_export(
        dir, ok_users,
        "[{\"type\": \"message\", \"user\": \"U7NEW\", \"ts\": \"1709550000.000100\","
        " \"text\": \"a\", \"reactions\": [{\"name\": 5}]},\n"
        " {\"type\": \"message\", \"user\": \"U7NEW\", \"ts\": \"1709550060.000200\","
        " \"text\": \"b\"}]");
    snprintf(rej, sizeof rej, "%s/rejects.csv", dir);
    kith_import_result res;
    kith_error err;
    kith_code rc = import(st, org, "slack", dir, rej, &res, &err);
    if (rc != KITH_OK)
        fprintf(stderr, "%s: %s\n", err.where, err.msg);
    assert_int_equal(rc, KITH_OK);
    assert_int_equal(res.rows_read, 3);
    assert_int_equal(res.rows_rejected, 1);
    assert_sql_text(db, acts_sql,
                    "C1:1709550060.000200 | post | - | slack:#general | 1709550060 | "
                    "u7new -> - | - | -");
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM identity WHERE value='u7new'"),
                     1);
    assert_int_equal(tu_sql_int(db, "SELECT first_seen FROM member m JOIN identity i ON"
                                    " i.member_id=m.id WHERE i.value='u7new'"),
                     1709550060);
    char *text = tu_read_file(rej);
    assert_non_null(text);
    assert_non_null(strstr(text, "[0].reactions[0].name: expected a string"));
    assert_non_null(strstr(text, "1709550000.000100"));
    free(text);
    kith_store_close(st);
}

/* A Slack user first known by handle only, and the same person in the shop
 * by email: a later export that gives the user's email merges the two
 * (logged, with the record that tied them) and moves the activity. */
static void test_later_email_merges(void **state)
{
    (void)state;
    char db[300], dir[256], p[600];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_tmpdir(dir, sizeof dir);
    write_export(
        dir, "[{\"id\": \"U5\", \"name\": \"zed\"}]",
        "[{\"type\": \"message\", \"user\": \"U5\", \"ts\": \"1709550000.000100\","
        " \"text\": \"hello\"}]");
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, "slack", dir, NULL, &res, &err), KITH_OK);
    int64_t slack_member =
        tu_sql_int(db, "SELECT member_id FROM identity WHERE value='u5'");
    snprintf(p, sizeof p, "%s/customers.csv", dir);
    tu_write_file(p, "email,name,kinds\nzed@example.com,Zed Shop,customer\n");
    assert_int_equal(import(st, org, "members", p, NULL, &res, &err), KITH_OK);
    int64_t shop_member =
        tu_sql_int(db, "SELECT member_id FROM identity WHERE value='zed@example.com'");
    assert_true(shop_member != slack_member);

    snprintf(p, sizeof p, "%s/users.json", dir);
    tu_write_file(p, "[{\"id\": \"U5\", \"name\": \"zed\", \"profile\": {\"email\": "
                     "\"Zed@Example.com\"}}]");
    assert_int_equal(import(st, org, "slack", dir, NULL, &res, &err), KITH_OK);
    assert_int_equal(res.merges, 1);
    /* The older member is kept. */
    assert_int_equal(
        tu_sql_int(db, "SELECT count(*) FROM member WHERE merged_into IS NULL"), 1);
    assert_int_equal(
        tu_sql_int(db, "SELECT member_id FROM identity WHERE value='zed@example.com'"),
        slack_member);
    assert_int_equal(tu_sql_int(db, "SELECT member_id FROM activity"), slack_member);
    char want[700];
    snprintf(want, sizeof want,
             "one record (%s/users.json) has handle:slack u5 and email zed@example.com",
             dir);
    assert_sql_text(db, "SELECT reason FROM merge_log", want);
    kith_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_export_with_customer_merge),
        cmocka_unit_test(test_reimport_adds_nothing),
        cmocka_unit_test(test_malformed_json),
        cmocka_unit_test(test_structure_errors_name_the_path),
        cmocka_unit_test(test_not_a_folder),
        cmocka_unit_test(test_reject_file),
        cmocka_unit_test(test_later_email_merges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
