/* Loading the VADER lexicon: a small hand-made lexicon scores as worked out
 * by hand; missing and damaged files give errors that name the path and
 * the set-up command. Needs no npm package. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"

static void lexicon_file(const char *text, char *path, size_t n)
{
    char dir[512];
    tu_tmpdir(dir, sizeof dir);
    snprintf(path, n, "%s/lexicon.txt", dir);
    tu_write_file(path, text);
}

static kith_sentiment *open_text(const char *text)
{
    char path[600];
    kith_sentiment *s = NULL;
    kith_error err;
    kith_error_clear(&err);
    lexicon_file(text, path, sizeof path);
    assert_int_equal(kith_sentiment_open(path, &s, &err), KITH_OK);
    return s;
}

static void test_small_lexicon_scores(void **state)
{
    (void)state;
    /* Same layout as vader_lexicon.txt: token, mean, sd, ratings. CRLF and
     * a token listed twice (the last value wins, as in the reference). */
    kith_sentiment *s = open_text("nice\t1.0\t0.5\t[1, 1]\r\n"
                                  "awful\t-3.0\t0.1\t[-3]\n"
                                  "nice\t2.0\t0.5\t[2, 2]\n");
    kith_sentiment_scores r;
    assert_int_equal(kith_sentiment_lexicon_size(s), 2);
    /* nice = 2.0: 2 / sqrt(4 + 15) = 0.458831; pos = 3 / (3 + 1) = 0.75. */
    assert_int_equal(kith_sentiment_score(s, "very nice", 9, &r, NULL), KITH_OK);
    /* "very" boosts: 2.293 / sqrt(2.293^2 + 15) = 0.509457; pos 3.293/4.293. */
    assert_true(r.compound == 0.5095);
    assert_true(r.pos == 0.767 && r.neu == 0.233 && r.neg == 0.0);
    assert_int_equal(r.hits, 1);
    assert_int_equal(r.scored, 1);
    /* not awful: -3 * -0.74 = 2.22 -> 2.22 / sqrt(2.22^2 + 15) = 0.497298. */
    assert_int_equal(kith_sentiment_score(s, "not awful", 9, &r, NULL), KITH_OK);
    assert_true(r.compound == 0.4973);
    /* No lexicon word: unscored, not neutral. */
    assert_int_equal(kith_sentiment_score(s, "plain words", 11, &r, NULL), KITH_OK);
    assert_int_equal(r.scored, 0);
    assert_int_equal(r.words, 2);
    kith_sentiment_close(s);
}

/* The lexicon's numbers use '.', whatever the process's locale. */
static void test_locale_independent(void **state)
{
    (void)state;
    const char *old = setlocale(LC_NUMERIC, NULL);
    char saved[64];
    snprintf(saved, sizeof saved, "%s", old ? old : "C");
    /* de_DE may not exist here; C.UTF-8 at least exercises the path. */
    if (!setlocale(LC_NUMERIC, "de_DE.UTF-8"))
        setlocale(LC_NUMERIC, "C.UTF-8");
    kith_sentiment *s = open_text("nice\t2.5\t0\t[]\n");
    kith_sentiment_scores r;
    assert_int_equal(kith_sentiment_score(s, "nice", 4, &r, NULL), KITH_OK);
    /* 2.5 / sqrt(6.25 + 15) = 0.542326 */
    assert_true(r.compound == 0.5423);
    kith_sentiment_close(s);
    setlocale(LC_NUMERIC, saved);
}

static void test_missing_file(void **state)
{
    (void)state;
    kith_sentiment *s = (kith_sentiment *)1;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_sentiment_open("/nonexistent/vader_lexicon.txt", &s, &err),
                     KITH_ENOTFOUND);
    assert_null(s);
    assert_non_null(strstr(err.msg, "/nonexistent/vader_lexicon.txt"));
    assert_non_null(strstr(err.msg, "scripts/setup.sh"));
    assert_non_null(strstr(err.msg, "vader-sentiment 1.1.3"));
}

static void expect_corrupt(const char *text, long line, const char *why)
{
    char path[600], where[700];
    kith_sentiment *s = NULL;
    kith_error err;
    kith_error_clear(&err);
    lexicon_file(text, path, sizeof path);
    assert_int_equal(kith_sentiment_open(path, &s, &err), KITH_EINPUT);
    assert_null(s);
    if (line > 0) {
        snprintf(where, sizeof where, "%s:%ld", path, line);
        assert_string_equal(err.where, where);
    } else {
        assert_non_null(strstr(err.msg, path));
    }
    if (!strstr(err.msg, why))
        fail_msg("message '%s' lacks '%s'", err.msg, why);
    assert_non_null(strstr(err.msg, "scripts/setup.sh"));
}

static void test_corrupt_files(void **state)
{
    (void)state;
    expect_corrupt("good\t1.9\t0\t[]\nno tab here\n", 2, "no TAB");
    expect_corrupt("good\tabc\t0\t[]\n", 1, "not a number");
    expect_corrupt("good\t1.9x\t0\n", 1, "not a number");
    expect_corrupt("good\t\t0\n", 1, "not a number");
    expect_corrupt("\t1.0\n", 1, "empty token");
    expect_corrupt("good\tinf\n", 1, "not a number");
    expect_corrupt("", 0, "empty");
    expect_corrupt("\n\r\n", 0, "empty");
}

static void test_binary_file(void **state)
{
    (void)state;
    char dir[512], path[600];
    tu_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/lexicon.bin", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    static const unsigned char junk[] = {0x7f, 'E', 'L', 'F', 0, 1, 2, '\t', '3', 0};
    fwrite(junk, 1, sizeof junk, f);
    fclose(f);
    kith_sentiment *s = NULL;
    kith_error err;
    kith_error_clear(&err);
    assert_int_equal(kith_sentiment_open(path, &s, &err), KITH_EINPUT);
    assert_non_null(strstr(err.msg, "NUL"));
}

static void test_directory(void **state)
{
    (void)state;
    char dir[512];
    tu_tmpdir(dir, sizeof dir);
    kith_sentiment *s = NULL;
    kith_error err;
    kith_error_clear(&err);
    assert_int_not_equal(kith_sentiment_open(dir, &s, &err), KITH_OK);
    assert_null(s);
    assert_non_null(strstr(err.msg, dir));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_lexicon_scores),
        cmocka_unit_test(test_locale_independent),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_corrupt_files),
        cmocka_unit_test(test_binary_file),
        cmocka_unit_test(test_directory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
