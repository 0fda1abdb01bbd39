/* Fuzz target: arbitrary bytes through the VADER tokenizer and scorer.
 * Besides "no crash", checks invariants of the scores: every share in
 * [0, 1] and summing to 1 (to rounding) when there are words, compound in
 * [-1, 1], scored exactly when some word was a lexicon hit. Uses the npm
 * lexicon when installed, else a small built-in one. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kith/sentiment.h"

static kith_sentiment *vader;

static kith_sentiment *load(void)
{
    const char *path = kith_sentiment_default_lexicon();
    char tmp[] = "/tmp/kith_fz_lexiconXXXXXX";
    kith_sentiment *s = NULL;
    if (access(path, R_OK) != 0) {
        int fd = mkstemp(tmp);
        static const char mini[] = "good\t1.9\nbad\t-2.5\n:)\t2.0\nlol\t1.8\n";
        if (fd < 0 || write(fd, mini, sizeof mini - 1) != (ssize_t)(sizeof mini - 1))
            abort();
        close(fd);
        path = tmp;
    }
    if (kith_sentiment_open(path, &s, NULL) != KITH_OK)
        abort();
    if (path == tmp)
        unlink(tmp);
    return s;
}

static int in01(double x)
{
    return x >= 0.0 && x <= 1.0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!vader)
        vader = load();
    kith_sentiment_scores r;
    if (kith_sentiment_score(vader, (const char *)data, size, &r, NULL) != KITH_OK)
        abort();
    if (!(r.compound >= -1.0 && r.compound <= 1.0) || !in01(r.neg) || !in01(r.neu) ||
        !in01(r.pos))
        abort();
    double sum = r.neg + r.neu + r.pos;
    if (r.words > 0 && (sum < 0.998 || sum > 1.002))
        abort();
    if (r.words == 0 && sum != 0.0)
        abort();
    if (r.scored != (r.hits > 0) || r.hits > r.words)
        abort();
    /* Cleaning is idempotent and never grows past 3 bytes per byte. */
    char *a = malloc(3 * size + 1), *b = malloc(9 * size + 1);
    if (!a || !b)
        abort();
    size_t na = kith_sentiment_clean_text((const char *)data, size, a);
    size_t nb = kith_sentiment_clean_text(a, na, b);
    if (na > 3 * size || nb != na || memcmp(a, b, na) != 0)
        abort();
    free(a);
    free(b);
    return 0;
}
