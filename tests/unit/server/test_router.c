/* The server's pure parts: route matching (literal segments before
 * captures, {id} only digits, 404 against 405 with its Allow list), the
 * query checks of a route's spec, and the viewers' redaction (whole
 * fields, addresses and phone numbers in text, dates left alone, a
 * document without any returned byte for byte, redacting twice the same).
 * Expected values written out by hand. */
#include <stdlib.h>
#include <string.h>

#include "server/srv.h"
#include "testutil.h"

static const srv_route *find(const char *m, const char *p, int *status, char *allow,
                             char params[SRV_MAX_PARAMS][SRV_PARAM_MAX], int *np)
{
    return srv_route_find(m, p, params, np, status, allow, 128);
}

static void test_routes(void **state)
{
    (void)state;
    char params[SRV_MAX_PARAMS][SRV_PARAM_MAX], allow[128];
    int st = 0, np = 0;
    const srv_route *r = find("GET", "/api/v1/members/42", &st, allow, params, &np);
    assert_non_null(r);
    assert_string_equal(r->pattern, "/api/v1/members/{id}");
    assert_int_equal(np, 1);
    assert_string_equal(params[0], "42");
    assert_non_null(find("HEAD", "/api/v1/report", &st, allow, params, &np));
    /* The literal route wins over the capture for GET; POST takes the capture. */
    r = find("GET", "/api/v1/imports/formats", &st, allow, params, &np);
    assert_string_equal(r->pattern, "/api/v1/imports/formats");
    r = find("POST", "/api/v1/imports/slack", &st, allow, params, &np);
    assert_string_equal(r->pattern, "/api/v1/imports/{format}");
    assert_string_equal(params[0], "slack");
    /* {id} is a whole number above 0, without a leading zero. */
    for (const char *p = "abc\0"
                         "0\0"
                         "042\0"
                         "-1\0"
                         "1e3\0"
                         "1234567890123456789\0";
         *p; p += strlen(p) + 1) {
        char path[64];
        snprintf(path, sizeof path, "/api/v1/members/%s", p);
        assert_null(find("GET", path, &st, allow, params, &np));
        assert_int_equal(st, 404);
    }
    assert_null(find("PATCH", "/api/v1/config/min_n", &st, allow, params, &np));
    assert_int_equal(st, 405);
    assert_string_equal(allow, "PUT, DELETE");
    assert_null(find("DELETE", "/api/v1/merges", &st, allow, params, &np));
    assert_string_equal(allow, "GET, HEAD, POST");
    assert_null(find("GET", "/api/v1/members/", &st, allow, params, &np));
    assert_int_equal(st, 404);
    assert_null(find("GET", "api/v1/report", &st, allow, params, &np));
    assert_null(find("GET", "/api/v1//report", &st, allow, params, &np));
}

static int check(const char *spec, const char *const *kv, char *why)
{
    srv_args a;
    srv_args_init(&a);
    for (; kv[0]; kv += 2)
        srv_args_add(&a, kv[0], kv[1]);
    int rc = srv_args_check(&a, spec, why, 200);
    srv_args_free(&a);
    return rc;
}

static void test_args(void **state)
{
    (void)state;
    char why[200];
    const char *spec = "q:str limit:int by:enum(month|quarter) from:date on:bool id:id "
                       "s:num";
    const char *ok[] = {"q",       "bread ü", "limit",      "50",   "by",
                        "quarter", "from",    "2025-06-09", "on",   "false",
                        "id",      "7",       "s",          "0.75", NULL};
    assert_int_equal(check(spec, ok, why), 0);
    const char *const bad[][3] = {
        {"limit", "5x", "'limit' must be a whole number"},
        {"limit", "-1", "'limit' must be a whole number"},
        {"by", "year", "'by' must be one of month|quarter"},
        {"by", "mont", "'by' must be one of month|quarter"},
        {"from", "June", "'from' must be a date"},
        {"on", "yes", "'on' must be true or false"},
        {"id", "0", "'id' must be an id"},
        {"s", "nan", "'s' must be a number"},
        {"q", "a\x01", "'q' must be text"},
        {"q", "\xff", "'q' must be text"},
        {"other", "1", "unknown query parameter 'other'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *kv[] = {bad[i][0], bad[i][1], NULL};
        assert_int_equal(check(spec, kv, why), -1);
        assert_non_null(strstr(why, bad[i][2]));
    }
    const char *twice[] = {"limit", "1", "limit", "2", NULL};
    assert_int_equal(check(spec, twice, why), -1);
    assert_non_null(strstr(why, "given twice"));
    const char *none[] = {"q", "x", NULL};
    assert_int_equal(check("", none, why), -1);
}

static void redacts(const char *in, const char *want)
{
    char *out = srv_redact(in, strlen(in));
    assert_non_null(out);
    assert_string_equal(out, want);
    char *again = srv_redact(out, strlen(out));
    assert_string_equal(again, out);
    free(out);
    free(again);
}

static void test_redact(void **state)
{
    (void)state;
    /* Nothing to hide: the same bytes back (numbers keep their form). */
    redacts("{\"a\": 0.1, \"b\": \"2025-06-09 12:30\", \"n\": 123456789012}\n",
            "{\"a\": 0.1, \"b\": \"2025-06-09 12:30\", \"n\": 123456789012}\n");
    redacts("{\"email\": \"a@b.example\", \"name\": \"Ann\", \"owner_phone\": \"0123\"}",
            "{\n  \"email\": \"[hidden]\",\n  \"name\": \"Ann\",\n  \"owner_phone\":"
            " \"[hidden]\"\n}\n");
    redacts("[{\"kind\": \"phone\", \"value\": \"447700900123\"},"
            " {\"kind\": \"handle:discord\", \"value\": \"ann\"}]",
            "[\n  {\n    \"kind\": \"phone\",\n    \"value\": \"[hidden]\"\n  },\n  {\n"
            "    \"kind\": \"handle:discord\",\n    \"value\": \"ann\"\n  }\n]\n");
    redacts("\"same email name 'ab' (a.b@x.org, ab@y.co.uk)\"",
            "\"same email name 'ab' ([email hidden], [email hidden])\"\n");
    redacts("\"call +44 7700 900123 or (020) 7946 0018, not order 123456789abc\"",
            "\"call [phone hidden] or [phone hidden], not order 123456789abc\"\n");
    redacts("\"on 2025-06-09 07700900123; week 2025-06-09 to 2025-06-16\"",
            "\"on 2025-06-09 [phone hidden]; week 2025-06-09 to 2025-06-16\"\n");
    /* Eight digits are no phone number; sixteen neither. */
    redacts("\"ref 1234 5678 and 1234567812345678\"",
            "\"ref 1234 5678 and 1234567812345678\"");
    assert_null(srv_redact("{not json", 9));
    assert_null(srv_redact("\"a\0b\"", 5));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_routes),
        cmocka_unit_test(test_args),
        cmocka_unit_test(test_redact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
