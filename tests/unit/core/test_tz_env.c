/* TZ is process state (src/core/timeparse.c): kith serve pins it before
 * its threads start, a switch to the zone TZ already names changes
 * nothing, and reading an org's dates from several threads at once gives
 * each the right answer while the environment stays where it was.
 * Expected instants worked out by hand:
 *   2025-01-01 00:00 UTC = 1735689600; + (31+28+31+30+31) = 151 days
 *   -> 2025-06-01 00:00 UTC = 1748736000.
 *   12:00 in London (BST, UTC+1) = 11:00 UTC = 1748775600;
 *   12:00 in New York (EDT, UTC-4) = 16:00 UTC = 1748793600. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeparse.h"
#include "testutil.h"

extern char **environ;

static int64_t parse(const char *s, const char *tz)
{
    int64_t t = 0;
    const char *why = NULL;
    assert_int_equal(kith__time_parse(s, tz, &t, &why), KITH_OK);
    return t;
}

static void test_pin_and_no_switch(void **state)
{
    (void)state;
    unsetenv("TZ");
    kith__time_pin_tz();
    assert_string_equal(getenv("TZ"), ":/etc/localtime");
    char **env = environ;
    assert_int_equal(parse("2025-06-01 12:00", "Europe/London"), 1748775600);
    /* Put back, and the environment not moved. */
    assert_string_equal(getenv("TZ"), ":/etc/localtime");
    assert_ptr_equal(environ, env);
    /* Pinning again changes nothing. */
    kith__time_pin_tz();
    assert_string_equal(getenv("TZ"), ":/etc/localtime");
    /* TZ already the zone: not even set again (the same string). */
    setenv("TZ", "Europe/London", 1);
    const char *same = getenv("TZ");
    assert_int_equal(parse("2025-06-01 12:00", "Europe/London"), 1748775600);
    assert_ptr_equal(getenv("TZ"), same);
    char buf[64];
    assert_string_equal(kith__env_get("TZ", buf, sizeof buf), "Europe/London");
    assert_string_equal(kith__env_get("KITH_NO_SUCH_VARIABLE", buf, sizeof buf), "");
}

typedef struct job {
    const char *tz;
    int64_t want;
    int bad;
} job;

static void *run(void *ud)
{
    job *j = ud;
    char buf[256], day[32];
    for (int i = 0; i < 300; i++) {
        int64_t t = 0;
        const char *why = NULL;
        if (kith__time_parse("2025-06-01 12:00", j->tz, &t, &why) != KITH_OK ||
            t != j->want)
            j->bad++;
        /* 23:30 UTC on 31 May is already 1 June in London, not in New York. */
        kith__time_local_date(1748734200, j->tz, day);
        if (strcmp(day, j->want == 1748775600 ? "2025-06-01" : "2025-05-31") != 0)
            j->bad++;
        kith__env_get("HOME", buf, sizeof buf);
    }
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    setenv("TZ", "UTC", 1);
    kith__time_pin_tz();
    char **env = environ;
    job a = {"Europe/London", 1748775600, 0}, b = {"America/New_York", 1748793600, 0};
    pthread_t ta, tb;
    assert_int_equal(pthread_create(&ta, NULL, run, &a), 0);
    assert_int_equal(pthread_create(&tb, NULL, run, &b), 0);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    assert_int_equal(a.bad, 0);
    assert_int_equal(b.bad, 0);
    assert_string_equal(getenv("TZ"), "UTC");
    assert_ptr_equal(environ, env);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pin_and_no_switch),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
