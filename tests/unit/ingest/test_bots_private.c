/* Bots, system accounts and private chats (issue 13). Fixtures:
 *   slack/bots            a workspace where integrations post: an app with
 *       a bot user (bot_profile "GitHub"), an app whose bot_profile has no
 *       name (integration_logs.json names it "Standup Bot"), a legacy
 *       webhook known only by the username it posts as, an app user that
 *       users.json does not list (bot_profile "Zapier"), and Slackbot, not
 *       in users.json either;
 *   discord/bots_deleted.json  a bot (isBot), two deleted accounts (the
 *       old "Deleted User" and the new "deleted_user_<hex>" names), a
 *       message from Discord's own system account, a pin notice;
 *   discord/dm.json, dm_group.json  a direct message and a group DM.
 * Counts by hand in the comments; "members the report counts" are those
 * kith_metrics counts (bots left out). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static kith_code import(kith_store *st, int64_t org, const char *format, const char *path,
                        int include_private, kith_import_result *res, kith_error *err)
{
    kith_import_opts o;
    memset(&o, 0, sizeof o);
    o.format = format;
    o.include_private = include_private;
    kith_error_clear(err);
    kith_code rc = kith_import(st, org, path, &o, res, err);
    if (rc != KITH_OK && rc != KITH_EINPUT)
        fprintf(stderr, "%s: %s\n", err->where, err->msg);
    return rc;
}

/* Members the metrics count (bots and team left out). */
static int64_t counted_members(kith_store *st, int64_t org)
{
    kith_metrics *m = NULL;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_metrics_open(st, org, NULL, &m, &err), KITH_OK);
    int64_t n = kith_metrics_members(m, -1);
    kith_metrics_close(m);
    return n;
}

static void test_slack_integrations(void **state)
{
    (void)state;
    char db[300], path[512];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_fixture("slack/bots", path, sizeof path);
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, "slack", path, 0, &res, &err), KITH_OK);
    /* 2 users, 7 messages: the join skipped, 6 posts. */
    assert_int_equal(res.read[0], 2);
    assert_int_equal(res.read[1], 7);
    assert_int_equal(res.skipped, 1);
    assert_int_equal(res.rows_imported, 6);
    /* alice and the GitHub bot user from users.json; Standup Bot, the
     * webhook, Zapier and Slackbot from their messages. */
    assert_int_equal(res.members_created, 6);
    tu_rows_eq(db,
               "SELECT (SELECT value FROM identity i WHERE i.member_id=m.id AND"
               " i.kind='handle:slack' ORDER BY value DESC LIMIT 1),"
               " coalesce(display_name, '-'), flags FROM member m ORDER BY 1",
               "b0hook|deploy-hook|bot|\n"
               "b0standup|Standup Bot|bot|\n"
               "u01alice|alice||\n"
               "u0ghbot|GitHub|bot|\n"
               "u0zapier|Zapier|bot|\n"
               "uslackbot|Slackbot|bot|\n");
    /* The GitHub app's message (bot_id B0GITHUB) is its bot user's. */
    tu_rows_eq(
        db,
        "SELECT a.external_id, (SELECT display_name FROM member WHERE id=a.member_id)"
        " FROM activity a ORDER BY a.occurred_at",
        "C01GENERAL:1714640400.000100|alice|\n"
        "C01GENERAL:1714644000.000200|GitHub|\n"
        "C01GENERAL:1714647600.000300|Standup Bot|\n"
        "C01GENERAL:1714651200.000400|deploy-hook|\n"
        "C01GENERAL:1714654800.000500|Zapier|\n"
        "C01GENERAL:1714658400.000600|Slackbot|\n");
    /* The report counts people: alice alone. */
    assert_int_equal(counted_members(st, org), 1);
    kith_store_close(st);
}

static void test_discord_bots_and_deleted_users(void **state)
{
    (void)state;
    char db[300], path[512];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_fixture("discord/bots_deleted.json", path, sizeof path);
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, "discord", path, 0, &res, &err), KITH_OK);
    /* 8 messages: the pin notice skipped; 6 posts and 1 reply (its
     * mention of the replied-to account is the reply itself). */
    assert_int_equal(res.read[0], 8);
    assert_int_equal(res.skipped, 1);
    assert_string_equal(res.skipped_why, "pins 1");
    assert_int_equal(res.rows_imported, 7);
    /* Mara, Carl-bot, two deleted accounts (one member each, both named
     * Deleted User), Discord's system account. */
    assert_int_equal(res.members_created, 5);
    tu_rows_eq(db,
               "SELECT (SELECT value FROM identity i WHERE i.member_id=m.id),"
               " display_name, flags, attributes FROM member m ORDER BY 1",
               "320000000000000001|Mara||{}|\n"
               "320000000000000002|Carl-bot|bot|{}|\n"
               "456226577798135801|Deleted User||{\"discord_deleted\":true}|\n"
               "456226577798135802|Deleted User||{\"discord_deleted\":true}|\n"
               "643945264868098049|Discord|bot|{}|\n");
    /* Mara's reply is aimed at the second deleted account. */
    tu_rows_eq(db,
               "SELECT (SELECT value FROM identity WHERE member_id=target_member_id)"
               " FROM activity WHERE type='reply'",
               "456226577798135802|\n");
    /* People: Mara and the two deleted accounts. */
    assert_int_equal(counted_members(st, org), 3);
    kith_store_close(st);
}

static void test_discord_private_chats(void **state)
{
    (void)state;
    char db[300], path[512], msg[600];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_fixture("discord/dm.json", path, sizeof path);
    tu_expect_refused(st, org, "discord", db, path, path,
                      "this export is a direct message (channel type DirectTextChat): a "
                      "private conversation, not the community's, so kith leaves it out; "
                      "to import it anyway, pass --include-private");
    tu_fixture("discord/dm_group.json", path, sizeof path);
    snprintf(msg, sizeof msg,
             "this export is a group direct message (channel type DirectGroupTextChat)");
    tu_expect_refused(st, org, "discord", db, path, path, msg);

    /* Asked for: imported as any channel. */
    kith_import_result res;
    kith_error err;
    tu_fixture("discord/dm.json", path, sizeof path);
    assert_int_equal(import(st, org, "discord", path, 1, &res, &err), KITH_OK);
    assert_int_equal(res.rows_imported, 2);
    assert_int_equal(res.members_created, 2);
    tu_rows_eq(db, "SELECT DISTINCT channel FROM activity", "discord:#mara.b|\n");
    kith_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slack_integrations),
        cmocka_unit_test(test_discord_bots_and_deleted_users),
        cmocka_unit_test(test_discord_private_chats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
