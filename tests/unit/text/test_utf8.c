/* The WHATWG UTF-8 decoder and cleaner: replacement counts as the Encoding
 * Standard specifies them (one U+FFFD per maximal invalid subpart). */
#include <string.h>

#include "testutil.h"
#include "core/utf8.h"

static size_t clean_count(const char *in, size_t len, char *out)
{
    size_t rep = 0;
    size_t n = kith__utf8_clean(in, len, out, &rep);
    out[n] = '\0';
    return rep;
}

static void test_decode(void **state)
{
    (void)state;
    uint32_t cp;
    int bad;
    assert_int_equal(kith__utf8_next((const unsigned char *)"A", 1, &cp, &bad), 1);
    assert_int_equal(cp, 'A');
    assert_int_equal(kith__utf8_next((const unsigned char *)"\xC3\xA9", 2, &cp, &bad), 2);
    assert_int_equal(cp, 0xE9);
    assert_int_equal(
        kith__utf8_next((const unsigned char *)"\xF0\x9F\x98\x80", 4, &cp, &bad), 4);
    assert_int_equal(cp, 0x1F600);
    assert_int_equal(bad, 0);
    /* Surrogate: ED A0 -> ED alone is invalid (1 byte). */
    assert_int_equal(kith__utf8_next((const unsigned char *)"\xED\xA0\x80", 3, &cp, &bad),
                     1);
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(bad, 1);
    /* Truncated 4-byte sequence: the 3 bytes read are one U+FFFD. */
    assert_int_equal(kith__utf8_next((const unsigned char *)"\xF0\x9F\x98", 3, &cp, &bad),
                     3);
    assert_int_equal(bad, 1);
}

static void test_clean(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(clean_count("plain", 5, out), 0);
    assert_string_equal(out, "plain");
    /* C0 AF (overlong '/'): two. E0 80 AF: three. F4 90 80 80 (> U+10FFFF): four. */
    assert_int_equal(clean_count("\xC0\xAF", 2, out), 2);
    assert_int_equal(clean_count("\xE0\x80\xAF", 3, out), 3);
    assert_int_equal(clean_count("\xF4\x90\x80\x80", 4, out), 4);
    /* F0 9F 98 then 'x': one for the broken prefix, then x. */
    assert_int_equal(clean_count("\xF0\x9F\x98x", 4, out), 1);
    assert_string_equal(out, "\xEF\xBF\xBDx");
    /* NUL is replaced too (kept out of TSV output). */
    assert_int_equal(clean_count("a\0b", 3, out), 1);
    assert_string_equal(out, "a\xEF\xBF\xBD"
                             "b");
}

static void test_js_space(void **state)
{
    (void)state;
    static const uint32_t yes[] = {9,      10,     11,     12,     13,     32,
                                   0xA0,   0x1680, 0x2000, 0x200A, 0x2028, 0x2029,
                                   0x202F, 0x205F, 0x3000, 0xFEFF};
    static const uint32_t no[] = {0, 'a', 0x85, 0x180E, 0x200B, 0x1F600, 0xFFFD};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        assert_true(kith__utf8_js_space(yes[i]));
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        assert_false(kith__utf8_js_space(no[i]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode),
        cmocka_unit_test(test_clean),
        cmocka_unit_test(test_js_space),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
