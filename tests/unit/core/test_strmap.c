/* The string map used as the import's identity cache. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "core/strmap.h"

static void test_basic(void **state)
{
    (void)state;
    kith_strmap m;
    kith__strmap_init(&m);
    int64_t v = -1;
    assert_int_equal(kith__strmap_get(&m, "a", &v), 0); /* empty map */
    assert_int_equal(kith__strmap_put(&m,
                                      "email\x1f"
                                      "a@x.org",
                                      7),
                     KITH_OK);
    assert_int_equal(kith__strmap_put(&m, "", 3), KITH_OK);
    assert_int_equal(kith__strmap_get(&m,
                                      "email\x1f"
                                      "a@x.org",
                                      &v),
                     1);
    assert_int_equal(v, 7);
    assert_int_equal(kith__strmap_get(&m, "", &v), 1);
    assert_int_equal(v, 3);
    assert_int_equal(kith__strmap_get(&m,
                                      "email\x1f"
                                      "a@x.or",
                                      &v),
                     0);
    /* Replacing keeps one entry. */
    assert_int_equal(kith__strmap_put(&m,
                                      "email\x1f"
                                      "a@x.org",
                                      9),
                     KITH_OK);
    assert_int_equal(m.count, 2);
    assert_int_equal(kith__strmap_get(&m,
                                      "email\x1f"
                                      "a@x.org",
                                      &v),
                     1);
    assert_int_equal(v, 9);
    /* Zero and negative values are values, not "absent". */
    assert_int_equal(kith__strmap_put(&m, "z", 0), KITH_OK);
    assert_int_equal(kith__strmap_put(&m, "n", -5), KITH_OK);
    v = 1;
    assert_int_equal(kith__strmap_get(&m, "z", &v), 1);
    assert_int_equal(v, 0);
    assert_int_equal(kith__strmap_get(&m, "n", &v), 1);
    assert_int_equal(v, -5);
    kith__strmap_free(&m);
    kith__strmap_free(&m); /* twice is harmless */
}

static void test_many_and_clear(void **state)
{
    (void)state;
    kith_strmap m;
    kith__strmap_init(&m);
    char key[64];
    /* Enough keys to grow the table several times and fill many blocks. */
    for (int i = 0; i < 50000; i++) {
        snprintf(key, sizeof key, "email\x1fperson%d@example.com", i);
        assert_int_equal(kith__strmap_put(&m, key, i * 3), KITH_OK);
    }
    assert_int_equal(m.count, 50000);
    assert_true(m.cap >= 100000); /* load factor at most 1/2 */
    for (int i = 0; i < 50000; i++) {
        snprintf(key, sizeof key, "email\x1fperson%d@example.com", i);
        int64_t v = -1;
        assert_int_equal(kith__strmap_get(&m, key, &v), 1);
        assert_int_equal(v, i * 3);
    }
    int64_t v = -1;
    assert_int_equal(kith__strmap_get(&m, "email\x1fperson50000@example.com", &v), 0);
    kith__strmap_clear(&m);
    assert_int_equal(m.count, 0);
    assert_int_equal(kith__strmap_get(&m, "email\x1fperson1@example.com", &v), 0);
    /* Usable again after clear. */
    assert_int_equal(kith__strmap_put(&m, "again", 11), KITH_OK);
    assert_int_equal(kith__strmap_get(&m, "again", &v), 1);
    assert_int_equal(v, 11);
    kith__strmap_free(&m);
}

static void test_long_key(void **state)
{
    (void)state;
    kith_strmap m;
    kith__strmap_init(&m);
    /* A key longer than one key block gets a block of its own. */
    size_t n = 200000;
    char *big = malloc(n + 1);
    assert_non_null(big);
    memset(big, 'k', n);
    big[n] = '\0';
    assert_int_equal(kith__strmap_put(&m, "small", 1), KITH_OK);
    assert_int_equal(kith__strmap_put(&m, big, 2), KITH_OK);
    assert_int_equal(kith__strmap_put(&m, "after", 3), KITH_OK);
    int64_t v = 0;
    assert_int_equal(kith__strmap_get(&m, big, &v), 1);
    assert_int_equal(v, 2);
    big[n - 1] = 'j';
    assert_int_equal(kith__strmap_get(&m, big, &v), 0);
    assert_int_equal(kith__strmap_get(&m, "small", &v), 1);
    assert_int_equal(v, 1);
    assert_int_equal(kith__strmap_get(&m, "after", &v), 1);
    assert_int_equal(v, 3);
    free(big);
    kith__strmap_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic),
        cmocka_unit_test(test_many_and_clear),
        cmocka_unit_test(test_long_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
