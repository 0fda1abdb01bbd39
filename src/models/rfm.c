/* RFM (docs/segments.md): quintile scores of recency, frequency and
 * monetary value, and the named segments of the R x FM grid. Equal values
 * always share a score: a customer's score is the quintile of their
 * mid-rank, ceil(5 x midrank / n), which is what pandas gives with
 * rank(method="average") (tests/reference/segments_reference.py). */
#include <stdlib.h>

#include "models/segments_int.h"

const char *const kith__rfm_names[KITH__RFM_NSEG] = {"champions",
                                                     "loyal",
                                                     "potential loyalists",
                                                     "new",
                                                     "promising",
                                                     "need attention",
                                                     "about to sleep",
                                                     "at risk",
                                                     "cannot lose",
                                                     "hibernating",
                                                     "lost"};

const char *const kith__rfm_rules[KITH__RFM_NSEG] = {
    "R 5, FM 4-5: bought lately, buy often, spend the most",
    "R 3-4, FM 4-5: buy often and spend a lot, not the very latest",
    "R 4-5, FM 2-3: recent, buying more than once",
    "R 5, FM 1: bought lately for the first times",
    "R 4, FM 1: fairly recent, bought little so far",
    "R 3, FM 3: average in recency, frequency and spend",
    "R 3, FM 1-2: below average, slipping away",
    "R 1-2, FM 3-4: bought often once, not for a long time",
    "R 1-2, FM 5: the best customers once, gone quiet",
    "R 1-2, FM 1-2 (not R 1 FM 1): long ago, little",
    "R 1, FM 1: the longest ago and the least"};

/* The grid: rows R = 5 .. 1, columns FM = 1 .. 5 (FM = (F + M) / 2,
 * halves rounded up). */
enum { CH, LO, PL, NE, PR, NA, AS, AR, CL, HI, LS };
static const signed char grid[5][5] = {
    {NE, PL, PL, CH, CH}, /* R 5 */
    {PR, PL, PL, LO, LO}, /* R 4 */
    {AS, AS, NA, LO, LO}, /* R 3 */
    {HI, HI, AR, AR, CL}, /* R 2 */
    {LS, HI, AR, AR, CL}, /* R 1 */
};

int kith__rfm_segment(int r, int f, int m)
{
    int fm = (f + m + 1) / 2;
    if (r < 1 || r > 5 || fm < 1 || fm > 5)
        return -1;
    return grid[5 - r][fm - 1];
}

typedef struct keyed {
    int64_t v;
    size_t i;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *p = a, *q = b;
    if (p->v != q->v)
        return p->v < q->v ? -1 : 1;
    return p->i < q->i ? -1 : p->i > q->i;
}

/* Scores 1..5 of v (higher = better) into out: a run of equal values at
 * sorted positions [lo, hi) has mid-rank (lo + 1 + hi) / 2 and score
 * ceil(5 (lo + 1 + hi) / 2n), computed in integers. */
static void score(keyed *t, size_t n, uint8_t *out)
{
    qsort(t, n, sizeof *t, cmp_keyed);
    for (size_t lo = 0; lo < n;) {
        size_t hi = lo + 1;
        while (hi < n && t[hi].v == t[lo].v)
            hi++;
        uint64_t num = 5 * (uint64_t)(lo + 1 + hi), den = 2 * (uint64_t)n;
        uint8_t s = (uint8_t)((num + den - 1) / den);
        for (size_t j = lo; j < hi; j++)
            out[t[j].i] = s;
        lo = hi;
    }
}

kith_code kith__rfm_scores(const int64_t *days, const int64_t *purchases,
                           const int64_t *cents, size_t n, uint8_t *r, uint8_t *f,
                           uint8_t *mon, kith_error *err)
{
    keyed *t = malloc((n ? n : 1) * sizeof *t);
    if (!t)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        t[i] = (keyed){-days[i], i}; /* fewer days = more recent = better */
    score(t, n, r);
    for (size_t i = 0; i < n; i++)
        t[i] = (keyed){purchases[i], i};
    score(t, n, f);
    for (size_t i = 0; i < n; i++)
        t[i] = (keyed){cents[i], i};
    score(t, n, mon);
    free(t);
    return KITH_OK;
}
