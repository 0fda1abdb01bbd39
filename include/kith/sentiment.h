/* Sentiment: VADER (Hutto & Gilbert 2014), ported from and scoring exactly
 * like the JavaScript package vader-sentiment 1.1.3, whose lexicon file
 * (vader_lexicon.txt) is loaded at run time; see docs/sentiment.md. */
#ifndef KITH_SENTIMENT_H
#define KITH_SENTIMENT_H

#include <stddef.h>

#include "kith/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A loaded lexicon plus the scratch space of the scorer. Reading the
 * lexicon is the only slow step; score many texts with one handle. A handle
 * is used by one thread at a time (its scratch space is not shared). */
typedef struct kith_sentiment kith_sentiment;

/* The scores of one text, rounded as the reference rounds them: neg, neu
 * and pos to 3 decimals, compound to 4 (JavaScript toFixed). */
typedef struct kith_sentiment_scores {
    double neg;      /* share of negative weight, 0..1 */
    double neu;      /* share of neutral words, 0..1 */
    double pos;      /* share of positive weight, 0..1 */
    double compound; /* normalised sum of valences, -1..1 */
    int scored;      /* 1 when at least one word was found in the lexicon;
                        0 = unscored (no English sentiment word at all):
                        count it apart, never as neutral */
    size_t words;    /* words VADER considered (tokens of 2+ characters) */
    size_t hits;     /* of those, the ones scored from the lexicon */
    size_t replaced; /* invalid UTF-8 sequences and NUL bytes, read as U+FFFD */
} kith_sentiment_scores;

/* The default lexicon: kith_data_path("vader_lexicon.txt"), that is
 * PREFIX/share/kith/vader_lexicon.txt for an installed kith (cmake
 * --install copies it from node_modules), $KITH_DATA_DIR/vader_lexicon.txt
 * when set, or node_modules/vader-sentiment/vader_lexicon.txt of the
 * source tree for a build folder (installed by scripts/setup.sh, npm ci).
 * Found at the first call; static string; never NULL. */
KITH_API const char *kith_sentiment_default_lexicon(void);

/* Load the VADER lexicon at path (NULL: the compiled-in default). On
 * success *out is owned by the caller (kith_sentiment_close). Errors:
 * KITH_ENOTFOUND (file missing or unreadable; the message names the path
 * and the set-up command), KITH_EINPUT (not a VADER lexicon:
 * "PATH:LINE: why"), KITH_ENOMEM. O(size of the file). */
KITH_API kith_code kith_sentiment_open(const char *path, kith_sentiment **out,
                                       kith_error *err);
/* Release; s may be NULL. */
KITH_API void kith_sentiment_close(kith_sentiment *s);
/* Number of distinct entries in the loaded lexicon. */
KITH_API size_t kith_sentiment_lexicon_size(const kith_sentiment *s);

/* Score text[0..len) (UTF-8; invalid bytes and NUL are read as U+FFFD, as
 * Node.js reads them) into *out. text is borrowed and need not be
 * NUL-terminated. Errors: KITH_ENOMEM. O(len). */
KITH_API kith_code kith_sentiment_score(kith_sentiment *s, const char *text, size_t len,
                                        kith_sentiment_scores *out, kith_error *err);

/* Copy text[0..len) into out as valid UTF-8, invalid sequences and NUL bytes
 * replaced by U+FFFD (the text kith_sentiment_score actually scores). out
 * must hold 3 * len bytes. Returns the number of bytes written. */
KITH_API size_t kith_sentiment_clean_text(const char *text, size_t len, char *out);

#ifdef __cplusplus
}
#endif
#endif
