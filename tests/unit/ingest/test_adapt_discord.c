/* The discord import format against tests/fixtures/discord/general.json (a
 * DiscordChatExporter export of one channel): every member, identity and
 * activity written out by hand from the fixture, with times converted to
 * UTC epoch seconds by hand, idempotent re-import, threads, and bad input
 * refused with file, line and column (or JSON path), database unchanged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "testutil.h"

static kith_code import(kith_store *st, int64_t org, const char *path, const char *reject,
                        kith_import_result *res, kith_error *err)
{
    kith_import_opts o;
    memset(&o, 0, sizeof o);
    o.format = "discord";
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

#define HANDLE(col)                                                                      \
    "(SELECT value FROM identity h WHERE h.member_id=" col " AND "                       \
    "h.kind='handle:discord')"

static const char *members_sql =
    "SELECT group_concat(line, char(10)) FROM (SELECT " HANDLE(
        "m.id") " ||' | '||coalesce(m.display_name,'-')||' | '||m.kinds||' | '||"
                "coalesce(nullif(m.flags,''),'-')||' | '||coalesce(m.first_seen,'-') AS "
                "line"
                " FROM member m WHERE m.merged_into IS NULL ORDER BY 1)";

static const char *acts_sql =
    "SELECT group_concat(line, char(10)) FROM (SELECT a.external_id||' | '||a.type||"
    "' | '||coalesce(a.subtype,'-')||' | '||a.channel||' | '||a.occurred_at||' | "
    "'||" HANDLE("a.member_id") "||' -> '||coalesce(" HANDLE(
        "a.target_member_id") ",'-')||"
                              "' | '||coalesce(a.thread_id,'-')||' | "
                              "'||coalesce(a.parent_external_id,'-')||"
                              "' | '||coalesce(a.text,'-') AS line"
                              " FROM activity a WHERE a.source='discord' ORDER BY "
                              "a.external_id)";

/* Users of the fixture: Dana ...001 (nickname "Dana"), Eli ...002 (no
 * nickname: name "eli_w"), Fay ...003 (nickname "Fay (mod)"), CafeBot
 * ...009 (isBot). first_seen is each one's earliest activity: Eli and Fay
 * react to message 1 (2024-03-05T14:22:01Z = 19787 days * 86400 + 51721 s
 * = 1709648521); the bot posts at 2024-03-06T10:00Z = 1709719200. */
static const char *want_members =
    "300000000000000001 | Dana | online | - | 1709648521\n"
    "300000000000000002 | eli_w | online | - | 1709648521\n"
    "300000000000000003 | Fay (mod) | online | - | 1709648521\n"
    "300000000000000009 | CafeBot | online | bot | 1709719200";

/* Times: 2024-03-05 00:00Z = 1709596800, 2024-03-06 00:00Z = 1709683200.
 *   msg 1 14:22:01.123Z            -> 1709596800 + 51721 = 1709648521
 *   msg 3 16:30:00+02:00 = 14:30Z  -> 1709596800 + 52200 = 1709649000
 *   msg 4 2024-03-06 09:00Z        -> 1709683200 + 32400 = 1709715600
 *   msg 5 10:00Z                   -> 1709683200 + 36000 = 1709719200
 *   msg 6 11:15:30.5Z              -> 1709683200 + 40530 = 1709723730
 *   msg 7 12:00Z                   -> 1709683200 + 43200 = 1709726400
 * Skipped: msg 2 (GuildMemberJoin) and msg 8 (ChannelPinnedMessage); msg
 * 3's mention of Dana (the reply's own ping), msg 4's second mention of
 * Eli, msg 4's fire reaction (a count without users), msg 7's mention of
 * its own author. Msg 6 replies to a message outside the export: no
 * target, and its empty content is no text. */
static const char *want_acts =
    "400000000000000001 | post | - | discord:#general | 1709648521 | 300000000000000001 "
    "-> - | - "
    "| - | Hello! Anyone tried the new roast?\n"
    "400000000000000001:reaction:\xF0\x9F\x91\x8D:300000000000000002 | reaction | "
    "\xF0\x9F\x91\x8D | discord:#general | 1709648521 | 300000000000000002 -> "
    "300000000000000001 | - | 400000000000000001 | -\n"
    "400000000000000001:reaction:\xF0\x9F\x91\x8D:300000000000000003 | reaction | "
    "\xF0\x9F\x91\x8D | discord:#general | 1709648521 | 300000000000000003 -> "
    "300000000000000001 | - | 400000000000000001 | -\n"
    "400000000000000003 | reply | - | discord:#general | 1709649000 | 300000000000000002 "
    "-> "
    "300000000000000001 | - | 400000000000000001 | Yes, loved it @Dana\n"
    "400000000000000004 | post | - | discord:#general | 1709715600 | 300000000000000003 "
    "-> - | - "
    "| - | @eli_w @Dana please share it in #reviews @eli_w\n"
    "400000000000000004:mention:300000000000000001 | mention | - | discord:#general | "
    "1709715600 "
    "| 300000000000000003 -> 300000000000000001 | - | 400000000000000004 | -\n"
    "400000000000000004:mention:300000000000000002 | mention | - | discord:#general | "
    "1709715600 "
    "| 300000000000000003 -> 300000000000000002 | - | 400000000000000004 | -\n"
    /* a custom emoji is known by its id */
    "400000000000000004:reaction:930000000000000001:300000000000000001 | reaction | "
    "cafe_heart "
    "| discord:#general | 1709715600 | 300000000000000001 -> 300000000000000003 | - | "
    "400000000000000004 | -\n"
    "400000000000000005 | post | - | discord:#general | 1709719200 | 300000000000000009 "
    "-> - | - "
    "| - | Reminder: tasting on Friday\n"
    "400000000000000006 | reply | - | discord:#general | 1709723730 | 300000000000000001 "
    "-> - | - "
    "| 399999999999999999 | -\n"
    "400000000000000007 | reply | - | discord:#general | 1709726400 | 300000000000000002 "
    "-> "
    "300000000000000009 | - | 400000000000000005 | @eli_w will be there";

static void test_channel_export(void **state)
{
    (void)state;
    char db[300], path[512];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_fixture("discord/general.json", path, sizeof path);
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, path, NULL, &res, &err), KITH_OK);
    assert_int_equal(res.rows_read, 8);
    assert_int_equal(res.rows_imported, 11);
    assert_int_equal(res.rows_duplicate, 0);
    assert_int_equal(res.members_created, 4);
    assert_int_equal(res.merges, 0);
    assert_sql_text(db, members_sql, want_members);
    assert_sql_text(
        db,
        "SELECT group_concat(kind||'='||value, ' ') FROM"
        " (SELECT * FROM identity ORDER BY value)",
        "handle:discord=300000000000000001 handle:discord=300000000000000002 "
        "handle:discord=300000000000000003 handle:discord=300000000000000009");
    assert_sql_text(db, acts_sql, want_acts);

    /* Again: nothing new. */
    assert_int_equal(import(st, org, path, NULL, &res, &err), KITH_OK);
    assert_int_equal(res.rows_imported, 0);
    assert_int_equal(res.rows_duplicate, 11);
    assert_int_equal(res.members_created, 0);
    assert_sql_text(db, members_sql, want_members);
    assert_sql_text(db, acts_sql, want_acts);
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM activity"), 11);
    kith_store_close(st);
}

/* A thread export is filed under its parent channel (DiscordChatExporter's
 * "category" of a thread), with the thread's id as thread_id. */
static void test_thread_export(void **state)
{
    (void)state;
    char db[300], dir[256], path[600];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/thread.json", dir);
    tu_write_file(path,
                  "{\"guild\": {\"id\": \"1\", \"name\": \"G\"},\n"
                  " \"channel\": {\"id\": \"555\", \"type\": \"GuildPublicThread\","
                  " \"categoryId\": \"910\", \"category\": \"general\", \"name\": "
                  "\"Roast feedback\"},\n"
                  " \"messages\": [{\"id\": \"7001\", \"type\": \"Default\","
                  " \"timestamp\": \"2024-03-05T00:00:10+00:00\", \"content\": \"first\","
                  " \"author\": {\"id\": \"42\", \"name\": \"gus\", \"nickname\": \"\","
                  " \"isBot\": false}}],\n"
                  " \"messageCount\": 1}\n");
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, path, NULL, &res, &err), KITH_OK);
    /* 2024-03-05T00:00:10Z = 1709596800 + 10; an empty nickname falls back
     * to the name. */
    assert_sql_text(
        db, acts_sql,
        "7001 | post | - | discord:#general | 1709596810 | 42 -> - | 555 | - | first");
    assert_sql_text(db, members_sql, "42 | gus | online | - | 1709596810");
    kith_store_close(st);
}

static void expect_refused(kith_store *st, int64_t org, const char *db, const char *path,
                           const char *where, const char *msg)
{
    tu_expect_refused(st, org, "discord", db, path, where, msg);
}

static void test_malformed(void **state)
{
    (void)state;
    char db[300], good[512], path[512], where[600];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    kith_import_result res;
    kith_error err;
    tu_fixture("discord/general.json", good, sizeof good);
    assert_int_equal(import(st, org, good, NULL, &res, &err), KITH_OK);
    /* Line 9 is '"content": "unterminated,' : the string runs into the end
     * of the line, column 31. */
    tu_fixture("discord/malformed.json", path, sizeof path);
    snprintf(where, sizeof where, "%s:9", path);
    expect_refused(st, org, db, path, where, "column 31: invalid JSON");
    kith_store_close(st);
}

static void refused_doc(kith_store *st, int64_t org, const char *db, const char *doc,
                        const char *msg)
{
    char dir[256], path[600];
    tu_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/export.json", dir);
    tu_write_file(path, doc);
    expect_refused(st, org, db, path, path, msg);
}

#define CHANNEL "\"channel\": {\"id\": \"9\", \"name\": \"general\"}"
#define AUTHOR "\"author\": {\"id\": \"42\", \"name\": \"gus\", \"isBot\": false}"
#define MSG(id, rest)                                                                    \
    "{\"id\": \"" id "\", \"type\": \"Default\", \"timestamp\": " rest "}"

static void test_structure_errors_name_the_path(void **state)
{
    (void)state;
    char db[300];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    refused_doc(st, org, db, "[]", "expected a DiscordChatExporter export");
    refused_doc(st, org, db, "{" CHANNEL "}", "messages: expected an array");
    refused_doc(st, org, db,
                "{\"channel\": {\"id\": 9, \"name\": \"g\"}, \"messages\": []}",
                "channel.id: expected a string");
    refused_doc(
        st, org, db,
        "{" CHANNEL
        ", \"messages\": [" MSG("1", "\"2024-03-05T00:00:00Z\", " AUTHOR) ", " MSG(
            "2", "\"2024-03-05T00:00:00Z\", \"author\": {\"id\": 42}") "]}",
        "messages[1].author.id: expected a string");
    refused_doc(st, org, db,
                "{" CHANNEL
                ", \"messages\": [" MSG("1", "\"last tuesday\", " AUTHOR) "]}",
                "messages[0].timestamp: 'last tuesday' is not a date/time");
    refused_doc(st, org, db,
                "{" CHANNEL
                ", \"messages\": [" MSG("1", "\"2024-03-05T00:00:00Z\", " AUTHOR
                                             ", \"mentions\": [{\"name\": \"x\"}]") "]}",
                "messages[0].mentions[0].id: expected a string");
    refused_doc(st, org, db,
                "{" CHANNEL
                ", \"messages\": [" MSG("1", "\"2024-03-05T00:00:00Z\", " AUTHOR
                                             ", \"reactions\": [{\"count\": 1}]") "]}",
                "messages[0].reactions[0].emoji: expected an object");
    /* Two values for one key: which one counts is anyone's guess. The
     * second "channel" key spans columns 45-53 and jansson reports where
     * it ends. */
    char dir[256], path[600], where[640];
    tu_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/dup.json", dir);
    tu_write_file(path, "{" CHANNEL ", " CHANNEL ", \"messages\": []}");
    snprintf(where, sizeof where, "%s:1", path);
    expect_refused(st, org, db, path, where,
                   "column 53: invalid JSON: duplicate object key");
    kith_store_close(st);
}

/* With a reject file the bad message is set aside, the rest imported. */
static void test_reject_file(void **state)
{
    (void)state;
    char db[300], dir[256], path[600], rej[600];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/export.json", dir);
    snprintf(rej, sizeof rej, "%s/rejects.csv", dir);
    tu_write_file(
        path,
        "{" CHANNEL ", \"messages\": [" MSG(
            "1", "\"2024-03-05T00:00:00Z\", " AUTHOR
                 ", \"mentions\": [{\"id\": []}]") ", " MSG("2", "\"2024-03-05T00:01:"
                                                                 "00Z\", " AUTHOR) "]}");
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, path, rej, &res, &err), KITH_OK);
    assert_int_equal(res.rows_read, 2);
    assert_int_equal(res.rows_rejected, 1);
    /* 2024-03-05T00:01:00Z = 1709596800 + 60 */
    assert_sql_text(db, acts_sql,
                    "2 | post | - | discord:#general | 1709596860 | 42 -> - | - | - | -");
    char *text = tu_read_file(rej);
    assert_non_null(text);
    assert_non_null(strstr(text, "messages[0].mentions[0].id: expected a string"));
    free(text);
    kith_store_close(st);
}

/* The export is read message by message, so an error anywhere must still
 * say where it is in the whole file. The independent truth: jansson
 * parsing the whole document at once (what kith did before it streamed)
 * reports the same line and column. */
static void same_position_as_whole_doc(kith_store *st, int64_t org, const char *db,
                                       const char *doc)
{
    json_error_t je;
    json_t *v = json_loads(doc, JSON_REJECT_DUPLICATES, &je);
    assert_null(v);
    char dir[256], path[600], where[640], col[64];
    tu_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/late.json", dir);
    tu_write_file(path, doc);
    snprintf(where, sizeof where, "%s:%d", path, je.line);
    snprintf(col, sizeof col, "column %d: invalid JSON", je.column);
    expect_refused(st, org, db, path, where, col);
}

static void test_errors_deep_in_the_stream(void **state)
{
    (void)state;
    char db[300];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    /* In the third message, on one long line: the column counts from the
     * start of the line, not of the message. */
    same_position_as_whole_doc(
        st, org, db,
        "{" CHANNEL
        ", \"messages\": [" MSG("1", "\"2024-03-05T00:00:00Z\", " AUTHOR) ", " MSG(
            "2",
            "\"2024-03-05T00:00:00Z\", " AUTHOR) ", " MSG("3",
                                                          "\"2024-03-05T00:00:00Z\","
                                                          " " AUTHOR
                                                          ", \"content\": tru") "]}");
    /* On a later line of a pretty-printed message, with a multi-byte
     * character before it on that line (jansson counts characters). */
    same_position_as_whole_doc(
        st, org, db,
        "{\n  " CHANNEL ",\n  \"messages\": [\n    " MSG(
            "1", "\"2024-03-05T00:00:00Z\", " AUTHOR) ",\n    {\"id\": \"2\",\n     "
                                                      "\"content\": \"caf\u00e9\" "
                                                      "\"x\"}\n  ]\n}\n");
    /* A duplicate key inside a message. */
    same_position_as_whole_doc(
        st, org, db,
        "{" CHANNEL ",\n\"messages\": [" MSG(
            "1", "\"2024-03-05T00:00:00Z\", \"id\": \"1\", " AUTHOR) "]}");
    /* The file ends inside a message. */
    same_position_as_whole_doc(
        st, org, db,
        "{" CHANNEL ",\n\"messages\": [\n" MSG(
            "1", "\"2024-03-05T00:00:00Z\", " AUTHOR) ",\n{\"id\": ");
    kith_store_close(st);
}

/* Between the values kith reads the structure itself: what it refuses
 * there, on the right line. */
static void test_outer_structure(void **state)
{
    (void)state;
    char db[300];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    char dir[256], path[600], where[640];
    tu_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/x.json", dir);
    snprintf(where, sizeof where, "%s:2", path);
    const char *cases[][2] = {
        {"{" CHANNEL ", \"messages\": []}\n{}",
         "column 1: invalid JSON: end of file expected"},
        {"{" CHANNEL
         ",\n \"messages\": [" MSG("1", "\"2024-03-05T00:00:00Z\", " AUTHOR) " " MSG(
             "2", "\"2024-03-05T00:00:00Z\", " AUTHOR) "]}",
         "expected ',' or ']' after messages[0]"},
        {"{" CHANNEL ",\n \"messages\" []}", "column 13: invalid JSON: ':' expected"},
        {"{" CHANNEL ",\n \"messages\": [], }",
         "column 18: invalid JSON: string or '}' expected"},
        {"{" CHANNEL ",\n \"messages\": []", "premature end of input"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tu_write_file(path, cases[i][0]);
        expect_refused(st, org, db, path, where, cases[i][1]);
    }
    /* messages before channel: the messages would have no channel. */
    refused_doc(st, org, db, "{\"messages\": [], " CHANNEL "}",
                "channel: expected an object before \"messages\"");
    /* An empty file, and whitespace only. */
    snprintf(where, sizeof where, "%s:1", path);
    tu_write_file(path, "");
    expect_refused(st, org, db, path, where, "the file is empty");
    tu_write_file(path, " \n ");
    expect_refused(st, org, db, path, where, "the file is empty");
    /* Scalars at the top level are read whole, the byte jansson reads past
     * a number put back: an export with its messageCount last, and the
     * numbers and literals of other keys before and after messages. */
    char okp[600];
    snprintf(okp, sizeof okp, "%s/ok.json", dir);
    tu_write_file(okp,
                  "{\"n\":1,\"t\":true, \"z\" :null," CHANNEL ",\"messages\":[" MSG(
                      "1", "\"2024-03-05T00:00:00Z\", " AUTHOR) "],\"messageCount\":1}");
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, okp, NULL, &res, &err), KITH_OK);
    assert_int_equal(res.rows_imported, 1);
    tu_write_file(okp, "\xEF\xBB\xBF{" CHANNEL ",\"messages\":[],\"messageCount\":0}");
    assert_int_equal(import(st, org, okp, NULL, &res, &err), KITH_OK);
    kith_store_close(st);
}

/* A reply finds whom it answers in what was imported before, not only in
 * the same file: a channel exported in two parts (DiscordChatExporter's
 * --partition) keeps its reply ties. */
static void test_reply_across_parts(void **state)
{
    (void)state;
    char db[300], dir[256], p1[600], p2[600];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_tmpdir(dir, sizeof dir);
    snprintf(p1, sizeof p1, "%s/part1.json", dir);
    snprintf(p2, sizeof p2, "%s/part2.json", dir);
    tu_write_file(p1, "{" CHANNEL ", \"messages\": [" MSG(
                          "1", "\"2024-03-05T00:00:00Z\", " AUTHOR) "]}");
    tu_write_file(p2,
                  "{" CHANNEL ", \"messages\": [{\"id\": \"2\", \"type\": \"Reply\","
                  " \"timestamp\": \"2024-03-05T00:01:00Z\", \"author\": {\"id\": \"43\","
                  " \"name\": \"hal\"}, \"reference\": {\"messageId\": \"1\"},"
                  " \"mentions\": [{\"id\": \"42\", \"name\": \"gus\"}]}]}");
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, p1, NULL, &res, &err), KITH_OK);
    assert_int_equal(import(st, org, p2, NULL, &res, &err), KITH_OK);
    /* The reply targets gus (42); its ping of gus is the reply itself, not
     * a second mention. */
    assert_int_equal(res.rows_imported, 1);
    assert_sql_text(
        db, acts_sql,
        "1 | post | - | discord:#general | 1709596800 | 42 -> - | - | - | -\n"
        "2 | reply | - | discord:#general | 1709596860 | 43 -> 42 | - | 1 | -");
    /* A reference that is not a message id (here the id of message 3's
     * mention activity, by 44) names no target. */
    tu_write_file(
        p2,
        "{" CHANNEL ", \"messages\": [{\"id\": \"3\", \"type\": \"Default\","
        " \"timestamp\": \"2024-03-05T00:02:00Z\", \"author\": {\"id\": \"44\","
        " \"name\": \"ida\"}, \"mentions\": [{\"id\": \"45\", \"name\": \"jo\"}]},"
        " {\"id\": \"4\", \"type\": \"Reply\", \"timestamp\": \"2024-03-05T00:03:00Z\","
        " \"author\": {\"id\": \"43\", \"name\": \"hal\"},"
        " \"reference\": {\"messageId\": \"3:mention:45\"}}]}");
    assert_int_equal(import(st, org, p2, NULL, &res, &err), KITH_OK);
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM activity WHERE external_id='4'"
                                    " AND type='reply' AND target_member_id IS NULL"),
                     1);
    kith_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_channel_export),
        cmocka_unit_test(test_thread_export),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_structure_errors_name_the_path),
        cmocka_unit_test(test_reject_file),
        cmocka_unit_test(test_errors_deep_in_the_stream),
        cmocka_unit_test(test_outer_structure),
        cmocka_unit_test(test_reply_across_parts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
