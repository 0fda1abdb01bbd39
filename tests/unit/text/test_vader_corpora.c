/* Accuracy on the ground-truth corpora of Hutto & Gilbert (2014)
 * (../shared/data/vader/): Pearson r of the compound score with the mean
 * human rating, against the figures the paper publishes
 * (../shared/docs/VALIDATION.md) and against r of the reference
 * vader-sentiment 1.1.3 (computed from its output under node, see
 * docs/sentiment.md). Texts with no lexicon word count as compound 0 here,
 * as VADER reports them and as the paper measured.
 * Needs the npm lexicon; exits 77 (skipped) when it is not installed. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

static kith_sentiment *vader;

typedef struct corpus {
    const char *file;
    long lines;       /* texts in the file */
    double published; /* r in the paper */
    double reference; /* r of vader-sentiment 1.1.3 on the same texts */
} corpus;

/* Pearson r over the file's "id TAB rating TAB text" lines. */
static double corpus_r(const corpus *c, long *n_out)
{
    char path[1024];
    tu_shared(c->file, path, sizeof path);
    char *text = tu_read_file(path);
    if (!text)
        fail_msg("%s is missing", path);
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    long n = 0;
    for (char *line = text; *line;) {
        char *nl = strchr(line, '\n');
        char *end = nl ? nl : line + strlen(line);
        char *t1 = memchr(line, '\t', (size_t)(end - line));
        char *t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(end - t1 - 1)) : NULL;
        assert_non_null(t2);
        double x = strtod(t1 + 1, NULL);
        size_t len = (size_t)(end - t2 - 1);
        if (len && t2[len] == '\r')
            len--;
        kith_sentiment_scores s;
        assert_int_equal(kith_sentiment_score(vader, t2 + 1, len, &s, NULL), KITH_OK);
        double y = s.compound;
        sx += x;
        sy += y;
        sxx += x * x;
        syy += y * y;
        sxy += x * y;
        n++;
        line = nl ? nl + 1 : end;
    }
    free(text);
    *n_out = n;
    return (n * sxy - sx * sy) / sqrt((n * sxx - sx * sx) * (n * syy - sy * sy));
}

static void check_corpus(const corpus *c)
{
    long n = 0;
    double r = corpus_r(c, &n);
    printf("%-45s n=%-6ld r=%.4f  reference %.4f  published %.3f (%+.4f)\n", c->file, n,
           r, c->reference, c->published, r - c->published);
    assert_int_equal(n, c->lines);
    /* kith scores as the reference does, so r is the reference's. */
    assert_true(fabs(r - c->reference) < 5e-5);
}

static const corpus tweets = {"data/vader/tweets_GroundTruth.txt", 4200, 0.881, 0.87926};
static const corpus movies = {"data/vader/movieReviewSnippets_GroundTruth.txt", 10605,
                              0.451, 0.41752};
static const corpus amazon = {"data/vader/amazonReviewSnippets_GroundTruth.txt", 3708,
                              0.565, 0.57171};

static void test_tweets(void **state)
{
    (void)state;
    check_corpus(&tweets);
    long n;
    assert_true(corpus_r(&tweets, &n) >= tweets.published - 0.01);
}

static void test_amazon(void **state)
{
    (void)state;
    check_corpus(&amazon);
    long n;
    assert_true(corpus_r(&amazon, &n) >= amazon.published - 0.01);
}

/* The movie-review snippets: the reference itself reaches r = 0.4175, 0.034
 * below the paper's 0.451 (the paper used the 2014 Python code and lexicon;
 * see docs/sentiment.md). kith must not trade agreement with the reference
 * for it, so this checks the reference's figure and that kith is not
 * worse; the gap to the paper is a documented, known shortfall. */
static void test_movies(void **state)
{
    (void)state;
    check_corpus(&movies);
    long n;
    assert_true(corpus_r(&movies, &n) >= movies.reference - 5e-5);
}

int main(void)
{
    const char *path = kith_sentiment_default_lexicon();
    if (access(path, R_OK) != 0) {
        printf("SKIPPED: %s is missing; run scripts/setup.sh (npm ci)\n", path);
        return 77;
    }
    kith_error err;
    kith_error_clear(&err);
    if (kith_sentiment_open(path, &vader, &err) != KITH_OK) {
        printf("cannot load %s: %s\n", path, err.msg);
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tweets),
        cmocka_unit_test(test_movies),
        cmocka_unit_test(test_amazon),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    kith_sentiment_close(vader);
    return rc;
}
