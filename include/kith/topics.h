/* Rising topics: the terms and bigrams of community texts whose TF-IDF
 * share rose most in a period against the period of the same length right
 * before it, with Snowball English stemming (libstemmer) and an English
 * stopword list; see docs/sentiment.md "Rising topics". */
#ifndef KITH_TOPICS_H
#define KITH_TOPICS_H

#include <stddef.h>
#include <stdint.h>

#include "kith/error.h"
#include "kith/store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kith_topics_opts {
    int64_t from, to;    /* P = [from, to); P-1 = the same length before */
    const char *channel; /* NULL = every channel */
    size_t limit;        /* most topics returned; 0 = 10 */
    int64_t min_docs;    /* fewest texts in P holding the term; 0 = 2 */
    int include_team;    /* 1: keep members flagged team or bot */
} kith_topics_opts;

#define KITH_TOPIC_EXAMPLES 2

typedef struct kith_topic {
    char key[160];     /* stems, "stem" or "stem stem" */
    char display[160]; /* the first words seen for it in P, lowercased */
    int bigram;
    double share, prev_share;            /* TF-IDF share in P and in P-1, 0..1 */
    double rise;                         /* share - prev_share */
    int64_t docs, prev_docs;             /* texts holding it in P and in P-1 */
    char *examples[KITH_TOPIC_EXAMPLES]; /* newest texts of P holding it;
                                            malloc'ed, NULL when fewer */
} kith_topic;

typedef struct kith_topics_stats {
    int64_t texts, prev_texts; /* texts in P and P-1 after the filters */
} kith_topics_stats;

/* The rising topics, rise descending (ties: share in P descending, then
 * key), only those with rise > 0 and at least min_docs texts in P.
 * *out malloc'ed: free with kith_topics_free. Errors: KITH_EUSAGE (bad
 * window), KITH_EDB, KITH_ENOMEM. Time: O(text bytes + terms log terms). */
KITH_API kith_code kith_topics_rising(kith_store *st, int64_t org_id,
                                      const kith_topics_opts *opts, kith_topic **out,
                                      size_t *n, kith_topics_stats *stats,
                                      kith_error *err);
KITH_API void kith_topics_free(kith_topic *t, size_t n);

/* The rising topics as JSON text (kith topics --format json, GET
 * /api/v1/topics): {period, previous_period, channel, include_team,
 * min_docs, limit, texts, previous_texts, topics[{rank, topic, key,
 * bigram, share, previous_share, rise, texts, previous_texts,
 * examples}]}. opts->to = 0: the midnight after the latest activity (the
 * metrics' as_of); opts->from = 0: 30 days before to. *out malloc'ed.
 * Errors: those of kith_topics_rising, and of kith_metrics_open for the
 * default end. */
KITH_API kith_code kith_topics_json(kith_store *st, int64_t org_id,
                                    const kith_topics_opts *opts, char **out,
                                    kith_error *err);

#ifdef __cplusplus
}
#endif
#endif
