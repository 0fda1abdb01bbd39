/* Identity normalisation: the keys members merge on, so every accepted
 * spelling of one address or number must come out byte-identical. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "core/norm.h"

static void email_ok(const char *in, const char *want)
{
    char out[256];
    if (kith__norm_email(in, out, sizeof out) != 0)
        fprintf(stderr, "email '%s' rejected\n", in);
    assert_int_equal(kith__norm_email(in, out, sizeof out), 0);
    assert_string_equal(out, want);
}

static void email_bad(const char *in)
{
    char out[256];
    if (kith__norm_email(in, out, sizeof out) == 0)
        fprintf(stderr, "email '%s' accepted as '%s'\n", in, out);
    assert_int_equal(kith__norm_email(in, out, sizeof out), -1);
}

static void phone_ok(const char *in, const char *cc, const char *want)
{
    char out[64];
    if (kith__norm_phone(in, cc, out, sizeof out) != 0)
        fprintf(stderr, "phone '%s' rejected\n", in);
    assert_int_equal(kith__norm_phone(in, cc, out, sizeof out), 0);
    assert_string_equal(out, want);
}

static void phone_national(const char *in, const char *cc)
{
    char out[64];
    assert_int_equal(kith__norm_phone(in, cc, out, sizeof out), -2);
}

static void test_country_codes(void **state)
{
    (void)state;
    /* ITU-T E.164 assignments, checked against the ITU list by hand. */
    assert_string_equal(kith__country_calling_code("CA"), "1");
    assert_string_equal(kith__country_calling_code("ca"), "1");
    assert_string_equal(kith__country_calling_code(" ZA "), "27");
    assert_string_equal(kith__country_calling_code("GB"), "44");
    assert_string_equal(kith__country_calling_code("IE"), "353");
    assert_string_equal(kith__country_calling_code("AD"), "376"); /* first */
    assert_string_equal(kith__country_calling_code("ZW"), "263"); /* last */
    assert_null(kith__country_calling_code("ZZ"));
    assert_null(kith__country_calling_code("Canada"));
    assert_null(kith__country_calling_code(""));
    assert_null(kith__country_calling_code(NULL));
}

static void phone_bad(const char *in, const char *cc)
{
    char out[64];
    if (kith__norm_phone(in, cc, out, sizeof out) == 0)
        fprintf(stderr, "phone '%s' accepted as '%s'\n", in, out);
    assert_int_equal(kith__norm_phone(in, cc, out, sizeof out), -1);
}

static void handle_ok(const char *in, const char *want)
{
    char out[128];
    assert_int_equal(kith__norm_handle(in, out, sizeof out), 0);
    assert_string_equal(out, want);
}

static void test_email(void **state)
{
    (void)state;
    email_ok("alice@example.com", "alice@example.com");
    email_ok("  Alice@Example.COM \t", "alice@example.com");
    email_ok("ALICE.B+shop@Mail.Example.co.uk", "alice.b+shop@mail.example.co.uk");
    email_ok("Alice B <Alice@Example.com>", "alice@example.com");
    email_ok("mailto:Bob@x.org", "bob@x.org");
    email_ok("a@b.c", "a@b.c");
    email_bad("");
    email_bad("   ");
    email_bad(NULL);
    email_bad("alice");
    email_bad("alice@");
    email_bad("@example.com");
    email_bad("alice@example");
    email_bad("alice@.com");
    email_bad("alice@example.");
    email_bad("alice@example.com.");
    email_bad("al ice@example.com");
    email_bad("a@b@example.com");
    email_bad("a@example.com, b@example.com");
    email_bad("a@example.com;b@example.com");
    /* Too long for the buffer is an error, not a truncated key. */
    char small[8];
    assert_int_equal(kith__norm_email("alice@example.com", small, sizeof small), -1);
}

static void test_phone(void **state)
{
    (void)state;
    /* National numbers take the org's country code in place of the 0. */
    phone_ok("07700 900123", "44", "447700900123");
    phone_ok("07700-900-123", "44", "447700900123");
    phone_ok("(020) 7946 0958", "44", "442079460958");
    phone_ok("020.7946.0958", "44", "442079460958");
    /* International forms keep their own code. */
    phone_ok("+44 7700 900123", "44", "447700900123");
    phone_ok("0044 7700 900123", "44", "447700900123");
    phone_ok("+44 (0) 7700 900123", NULL, "447700900123");
    phone_ok("+44(0)20 7946 0958", "44", "442079460958");
    phone_ok("+1 (555) 123-4567", "44", "15551234567");
    phone_ok("001 555 123 4567", "44", "15551234567");
    phone_ok(" +49 30 1234567 ", "", "49301234567");
    /* Without a default code: see below. */
    /* A national number with no country code known is not read (-2): kept
     * as 07700900123 it would never meet +44 7700 900123. */
    phone_national("07700 900123", NULL);
    phone_national("07700 900123", "");
    phone_national("064 912 3456", NULL);
    phone_bad("0123", NULL); /* too short to be a national number */
    /* North America: no trunk 0; ten digits get the 1, eleven starting
     * with 1 already have it. */
    phone_ok("555-123-4567", "1", "15551234567");
    phone_ok("(613) 555-0101", "1", "16135550101");
    phone_ok("1 613 555 0101", "1", "16135550101");
    phone_ok("(613) 555-0101", NULL, "6135550101"); /* as written: no country */
    /* Italy keeps the 0 after its code; Russia's trunk prefix is 8. */
    phone_ok("06 1234 5678", "39", "390612345678");
    phone_ok("8 912 345 67 89", "7", "79123456789");
    /* South Africa: the row's own country (Shopify's) gives the code. */
    phone_ok("064 912 3456", "27", "27649123456");
    /* Extensions are not part of the person's number. */
    phone_ok("+44 7700 900123 x12", NULL, "447700900123");
    phone_ok("+44 7700 900123 #4", NULL, "447700900123");
    phone_ok("123456", NULL, "123456");
    phone_ok("123456789012345", NULL, "123456789012345");
    phone_bad("12345", NULL);
    phone_bad("1234567890123456", NULL);
    phone_bad("+", NULL);
    phone_bad("", NULL);
    phone_bad(NULL, NULL);
    phone_bad("call me", NULL);
    phone_bad("0800-FLOWERS", NULL);
    phone_bad("+44 7700 900123 ext 5", NULL);
    phone_bad("07700 900123", "44444444444444"); /* 44444444444444 + 10 > 15 digits */
}

static void test_handle(void **state)
{
    (void)state;
    handle_ok("alice", "alice");
    handle_ok("  @Alice ", "alice");
    handle_ok("ALICE_B.99", "alice_b.99");
    handle_ok("Alice#1234", "alice#1234");
    handle_ok("@@x", "@x");                /* one '@' is stripped, not all */
    handle_ok("Zo\xc3\xab", "zo\xc3\xab"); /* non-ASCII bytes are kept */
    char out[64];
    assert_int_equal(kith__norm_handle("", out, sizeof out), -1);
    assert_int_equal(kith__norm_handle("  ", out, sizeof out), -1);
    assert_int_equal(kith__norm_handle("@", out, sizeof out), -1);
    assert_int_equal(kith__norm_handle("al ice", out, sizeof out), -1);
    assert_int_equal(kith__norm_handle(NULL, out, sizeof out), -1);
}

static void test_trim_blank(void **state)
{
    (void)state;
    char a[] = "  x y \t\n";
    assert_string_equal(kith__trim(a), "x y");
    char b[] = "";
    assert_string_equal(kith__trim(b), "");
    char c[] = "   ";
    assert_string_equal(kith__trim(c), "");
    assert_int_equal(kith__blank(NULL), 1);
    assert_int_equal(kith__blank(""), 1);
    assert_int_equal(kith__blank(" \t\r\n"), 1);
    assert_int_equal(kith__blank(" a "), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_email),         cmocka_unit_test(test_phone),
        cmocka_unit_test(test_country_codes), cmocka_unit_test(test_handle),
        cmocka_unit_test(test_trim_blank),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
