/* The Bloom filter that lets an import skip the index search for identities
 * the org has never seen. Its one hard promise: an added key is always
 * "maybe". Its useful property: most keys never added are "absent". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "core/bloom.h"

static size_t key(char *buf, size_t n, const char *kind, int i)
{
    return (size_t)snprintf(buf, n, "%s\x1fperson%d@example.org", kind, i);
}

static void test_no_false_negative(void **state)
{
    (void)state;
    kith_bloom b;
    /* 174,762 keys: 12 bits a key exactly (2^21 bits), the filter's
     * design load. */
    const int n = 174762;
    assert_int_equal(kith__bloom_init(&b, (uint64_t)n), KITH_OK);
    assert_int_equal(b.mask + 1, 1ULL << 21);
    char k[64];
    for (int i = 0; i < n; i++)
        kith__bloom_add(&b, k, key(k, sizeof k, "email", i));
    for (int i = 0; i < n; i++)
        assert_int_equal(kith__bloom_maybe(&b, k, key(k, sizeof k, "email", i)), 1);
    /* Keys never added: at 12 bits a key and 7 probes the classic layout
     * would give about 0.3% false positives ((1 - e^(-7/12))^7), the blocked
     * one (all probes in one 512-bit block) a little more, about 0.5%
     * (from the Poisson spread of keys over blocks). Allow 1%: a weak hash
     * or a bad block choice shows as several times that. */
    int maybe = 0;
    for (int i = 0; i < 100000; i++)
        maybe += kith__bloom_maybe(&b, k, key(k, sizeof k, "phone", i));
    print_message("false positives: %d of 100000\n", maybe);
    assert_true(maybe < 1000);
    kith__bloom_free(&b);
    kith__bloom_free(&b); /* twice is harmless */
}

static void test_lengths_and_empty(void **state)
{
    (void)state;
    kith_bloom b;
    memset(&b, 0, sizeof b);
    /* However many keys are announced, the filter stays at 8 MiB (the
     * import's memory must not grow with the file). */
    kith_bloom big = {0};
    assert_int_equal(kith__bloom_init(&big, 1000000000), KITH_OK);
    assert_int_equal(big.mask + 1, 1ULL << 26);
    kith__bloom_free(&big);
    /* A filter never initialised knows nothing: everything is "maybe". */
    assert_int_equal(kith__bloom_maybe(&b, "x", 1), 1);
    kith__bloom_add(&b, "x", 1); /* and adding to it does nothing */
    assert_int_equal(kith__bloom_init(&b, 0), KITH_OK);
    assert_int_equal(kith__bloom_maybe(&b, "", 0), 0);
    kith__bloom_add(&b, "", 0);
    assert_int_equal(kith__bloom_maybe(&b, "", 0), 1);
    /* The length given is the key: a prefix is another key. */
    kith__bloom_add(&b,
                    "email\x1f"
                    "a@x.org",
                    13);
    assert_int_equal(kith__bloom_maybe(&b,
                                       "email\x1f"
                                       "a@x.org",
                                       13),
                     1);
    assert_int_equal(kith__bloom_maybe(&b,
                                       "email\x1f"
                                       "a@x.or",
                                       12),
                     0);
    kith__bloom_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_false_negative),
        cmocka_unit_test(test_lengths_and_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
