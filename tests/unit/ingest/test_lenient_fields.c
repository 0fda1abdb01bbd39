/* One odd field does not block a whole export (issue 13): in the tool
 * formats an optional identity or profile field that cannot be read is
 * left out of its record with a warning, counted, given to opts->warn and
 * written to the reject file; fields a row cannot live without still stop
 * the import; the generic formats stay strict. National phone numbers are
 * read with the country the row names, else the org's phone_country_code,
 * and are never stored without a country (one note says so).
 * Fixtures: slack/odd_profile (one user's profile.email "xxx", another's
 * display_name a number and a national phone), shopify-orders/
 * orders_odd_fields.csv (a South African shop: countries per order, an
 * unreadable email and phone). Expected values by hand below. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

typedef struct warns {
    int n;
    char text[4][800];
} warns;

static void on_warn(void *ud, const char *text)
{
    warns *w = ud;
    if (w->n < 4)
        snprintf(w->text[w->n], sizeof w->text[0], "%s", text);
    w->n++;
}

static kith_code import(kith_store *st, int64_t org, const char *format, const char *path,
                        const char *reject, warns *w, kith_import_result *res,
                        kith_error *err)
{
    kith_import_opts o;
    memset(&o, 0, sizeof o);
    o.format = format;
    o.reject_file = reject;
    o.warn = on_warn;
    o.warn_ud = w;
    kith_error_clear(err);
    kith_code rc = kith_import(st, org, path, &o, res, err);
    if (rc != KITH_OK)
        fprintf(stderr, "%s: %s\n", err->where, err->msg);
    return rc;
}

#define IDENTS                                                                           \
    "SELECT kind, value, (SELECT coalesce(display_name, '-') FROM member m WHERE"        \
    " m.id=i.member_id) FROM identity i ORDER BY kind, value"

/* The Slack export whose users.json had one user with an unparseable
 * profile.email was refused whole; now that user comes in without it. */
static void test_slack_profile(void **state)
{
    (void)state;
    char db[300], path[512], want[900];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_fixture("slack/odd_profile", path, sizeof path);
    warns w;
    memset(&w, 0, sizeof w);
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, "slack", path, NULL, &w, &res, &err), KITH_OK);
    /* 3 users, 3 messages; Maya's post, Omar's reply to it, Lin's post and
     * its mention of Omar: 4 activities; 3 members. */
    assert_int_equal(res.read[0], 3);
    assert_int_equal(res.read[1], 3);
    assert_int_equal(res.rows_imported, 4);
    assert_int_equal(res.members_created, 3);
    assert_int_equal(res.rows_rejected, 0);
    /* Omar's email and Lin's numeric display name. */
    assert_int_equal(res.warnings, 2);
    assert_int_equal(w.n, 2);
    snprintf(want, sizeof want,
             "%s/users.json: [1].profile.email: 'xxx' is not an email address; "
             "imported the user without it",
             path);
    assert_string_equal(w.text[0], want);
    snprintf(want, sizeof want,
             "%s/users.json: [2].profile.display_name: expected a string; imported the "
             "user without it",
             path);
    assert_string_equal(w.text[1], want);
    /* Lin's 064 912 3456 has no country and the org no phone code: not a
     * key, said once. Lin is named by the next name Slack has. */
    assert_int_equal(res.nnotes, 1);
    assert_string_equal(res.notes[0],
                        "1 phone number without a country code (e.g. '064 912 3456') "
                        "was not used to match people, as the organisation has no "
                        "phone_country_code: set it (kith org set phone_country_code "
                        "CODE, e.g. 44) and import the file again");
    tu_rows_eq(db, IDENTS,
               "email|lin@example.co.za|Lin Chen|\n"
               "email|maya@example.co.za|maya|\n"
               "handle:slack|u01maya|maya|\n"
               "handle:slack|u02omar|Omar Haddad|\n"
               "handle:slack|u03lin|Lin Chen|\n");
    kith_store_close(st);

    /* With the org's phone code (South Africa, 27) the number is Lin's:
     * 064 912 3456 -> 27 64 912 3456. */
    st = tu_store_new(db, sizeof db, &org);
    assert_int_equal(kith_org_set(st, org, "phone_country_code", "27", &err), KITH_OK);
    memset(&w, 0, sizeof w);
    assert_int_equal(import(st, org, "slack", path, NULL, &w, &res, &err), KITH_OK);
    assert_int_equal(res.nnotes, 0);
    assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM identity WHERE kind='phone' AND"
                                    " value='27649123456'"),
                     1);
    kith_store_close(st);
}

/* With a reject file the left-out fields are listed there, each with its
 * record, and the records are imported. */
static void test_reject_file_lists_them(void **state)
{
    (void)state;
    char db[300], path[512], dir[256], rej[600];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_fixture("slack/odd_profile", path, sizeof path);
    tu_tmpdir(dir, sizeof dir);
    snprintf(rej, sizeof rej, "%s/rejects.csv", dir);
    warns w;
    memset(&w, 0, sizeof w);
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, "slack", path, rej, &w, &res, &err), KITH_OK);
    assert_int_equal(res.rows_rejected, 0);
    assert_int_equal(res.warnings, 2);
    char *text = tu_read_file(rej);
    assert_non_null(text);
    /* One line per warning: the user's JSON (CSV-quoted), then the reason. */
    assert_non_null(strstr(text, "\"{\"\"id\"\":\"\"U02OMAR\"\""));
    assert_non_null(strstr(text, "imported without this field: "));
    assert_non_null(strstr(text, "[1].profile.email: 'xxx' is not an email address"));
    assert_non_null(strstr(text, "[2].profile.display_name: expected a string"));
    free(text);
    kith_store_close(st);
}

/* A South African shop's orders: each order's country reads its national
 * numbers; an email or phone that cannot be read is left out. */
static void test_shopify_countries(void **state)
{
    (void)state;
    char db[300], path[512], want[900];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_fixture("shopify-orders/orders_odd_fields.csv", path, sizeof path);
    warns w;
    memset(&w, 0, sizeof w);
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, "shopify-orders", path, NULL, &w, &res, &err),
                     KITH_OK);
    /* #3001 (line 2): the email is left out; Billing Phone '064 912 3456 with
     * Billing Country ZA is 27649123456. #3002: +27 64 912 3456 is the same
     * number, so Thabo again, now with his email. #3003 (line 4): Billing
     * Phone n/a left out. #3004: no Billing Country, Shipping Country ZA:
     * 0821234567 -> 27821234567, named by Shipping Name. #3005 (line 6): no
     * country anywhere and none for the org: 011 555 0199 is not used. */
    assert_int_equal(res.read[0], 5);
    assert_int_equal(res.rows_imported, 5);
    assert_int_equal(res.members_created, 4);
    assert_int_equal(res.merges, 0);
    assert_int_equal(res.warnings, 2);
    snprintf(want, sizeof want,
             "%s:2: column 'Email': 'thabo(at)example.co.za' is not an email address; "
             "imported the customer without it",
             path);
    assert_string_equal(w.text[0], want);
    snprintf(want, sizeof want,
             "%s:4: column 'Billing Phone': 'n/a' is not a phone number; imported the "
             "customer without it",
             path);
    assert_string_equal(w.text[1], want);
    assert_int_equal(res.nnotes, 1);
    assert_non_null(strstr(res.notes[0], "1 phone number without a country code (e.g. "
                                         "'011 555 0199', line 6) was not used"));
    tu_rows_eq(db, IDENTS,
               "email|naledi@example.co.za|Naledi Dube|\n"
               "email|sipho@example.com|Sipho Ndlovu|\n"
               "email|thabo@example.co.za|Thabo Mokoena|\n"
               "phone|27649123456|Thabo Mokoena|\n"
               "phone|27821234567|Pieter Botha|\n");
    tu_rows_eq(
        db,
        "SELECT a.external_id, (SELECT display_name FROM member WHERE id=a.member_id)"
        " FROM activity a ORDER BY a.external_id",
        "#3001|Thabo Mokoena|\n#3002|Thabo Mokoena|\n#3003|Naledi Dube|\n"
        "#3004|Pieter Botha|\n#3005|Sipho Ndlovu|\n");
    kith_store_close(st);
}

/* Eventbrite: an unreadable email leaves the attendee with a phone, or a
 * person of their own; a blank email and a bad date still stop it. */
static void test_eventbrite_email(void **state)
{
    (void)state;
    char db[300], dir[256], path[600], want[900];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_tmpdir(dir, sizeof dir);
    tu_file(
        dir, "attendees.csv",
        "Order #,Order Date,First Name,Last Name,Email,Quantity,Ticket Type,"
        "Attendee #,Attendee Status,Event Name,Cell Phone\n"
        "501,2024-06-01 10:00:00-04:00,Grace,Hopper,grace at example.com,1,GA,601,"
        "Attending,Open Studio,+1 202 555 0142\n"
        "502,2024-06-01 11:00:00-04:00,Alan,Turing,x,1,GA,602,Attending,Open Studio,\n",
        path, sizeof path);
    warns w;
    memset(&w, 0, sizeof w);
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, "eventbrite", path, NULL, &w, &res, &err), KITH_OK);
    assert_int_equal(res.rows_imported, 2);
    assert_int_equal(res.warnings, 2);
    snprintf(want, sizeof want,
             "%s:2: column 'Email': 'grace at example.com' is not an email address; "
             "imported the attendee without it",
             path);
    assert_string_equal(w.text[0], want);
    tu_rows_eq(db, IDENTS,
               "external:eventbrite-attendee|602|Alan Turing|\n"
               "phone|12025550142|Grace Hopper|\n");
    kith_store_close(st);
}

/* DiscordChatExporter: an author's nickname that is not a string. */
static void test_discord_author_name(void **state)
{
    (void)state;
    char db[300], dir[256], path[600], want[900];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_tmpdir(dir, sizeof dir);
    tu_file(dir, "general.json",
            "{\"guild\": {\"id\": \"1\", \"name\": \"G\"},\n"
            " \"channel\": {\"id\": \"2\", \"type\": \"GuildTextChat\", \"name\": "
            "\"general\"},\n"
            " \"messages\": [{\"id\": \"10\", \"type\": \"Default\", \"timestamp\": "
            "\"2024-06-01T10:00:00+00:00\", \"content\": \"hi\", \"author\": {\"id\": "
            "\"77\", \"name\": \"ivy\", \"nickname\": 42, \"isBot\": false}}]}\n",
            path, sizeof path);
    warns w;
    memset(&w, 0, sizeof w);
    kith_import_result res;
    kith_error err;
    assert_int_equal(import(st, org, "discord", path, NULL, &w, &res, &err), KITH_OK);
    assert_int_equal(res.rows_imported, 1);
    assert_int_equal(res.warnings, 1);
    snprintf(want, sizeof want,
             "%s: messages[0].author.nickname: expected a string; imported the user "
             "without it",
             path);
    assert_string_equal(w.text[0], want);
    tu_rows_eq(db, "SELECT display_name FROM member", "ivy|\n");
    kith_store_close(st);
}

/* The generic formats keep the strict rule: the user wrote those files. */
static void test_generic_stays_strict(void **state)
{
    (void)state;
    char db[300], dir[256], path[600], where[700];
    int64_t org = 0;
    kith_store *st = tu_store_new(db, sizeof db, &org);
    tu_tmpdir(dir, sizeof dir);
    tu_file(dir, "members.csv", "email,name\nann@example.com,Ann\nxxx,Omar\n", path,
            sizeof path);
    snprintf(where, sizeof where, "%s:3", path);
    tu_expect_refused(st, org, "members", db, path, where,
                      "column 'email': 'xxx' is not an email address");
    /* A national number with no phone code known is an error there,
     * naming the setting. */
    tu_file(dir, "phones.csv", "phone,name\n07700 900123,Ann\n", path, sizeof path);
    snprintf(where, sizeof where, "%s:2", path);
    tu_expect_refused(st, org, "members", db, path, where,
                      "is a national number (it starts with 0) and the organisation has "
                      "no phone_country_code");
    kith_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slack_profile),
        cmocka_unit_test(test_reject_file_lists_them),
        cmocka_unit_test(test_shopify_countries),
        cmocka_unit_test(test_eventbrite_email),
        cmocka_unit_test(test_discord_author_name),
        cmocka_unit_test(test_generic_stays_strict),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
