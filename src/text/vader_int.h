/* Inside the VADER port: the word table (lexicon plus the rule words of the
 * reference) shared by lexicon.c, which builds it, and vader.c, which
 * scores with it. */
#ifndef KITH_TEXT_VADER_INT_H
#define KITH_TEXT_VADER_INT_H

#include <locale.h>
#include <stddef.h>
#include <stdint.h>

#include "kith/sentiment.h"

/* Entry flags. VD_L_* apply when the looked-up key is the lower-cased word
 * (the reference compares after toLowerCase()), VD_X_* when it is the word
 * exactly as written (the reference's case-sensitive comparisons). */
enum {
    VD_L_LEX = 1u << 0,        /* in the lexicon: valence is set */
    VD_L_BOOST_UP = 1u << 1,   /* booster word, +0.293 */
    VD_L_BOOST_DOWN = 1u << 2, /* dampener word, -0.293 */
    VD_L_KIND = 1u << 3,
    VD_L_OF = 1u << 4,
    VD_L_LEAST = 1u << 5,
    VD_L_AT = 1u << 6,
    VD_L_VERY = 1u << 7,
    VD_X_NEGATE = 1u << 8, /* in the reference's NEGATE list */
    VD_X_NEVER = 1u << 9,
    VD_X_SO = 1u << 10,
    VD_X_THIS = 1u << 11,
    VD_X_BUT = 1u << 12,     /* "but" */
    VD_X_BUT_CAPS = 1u << 13 /* "BUT" */
};
#define VD_L_MASK 0x00FFu
#define VD_X_MASK 0xFF00u

/* Words of the idioms and booster phrases, matched as spelled. */
enum {
    VD_W_NONE,
    VD_W_THE,
    VD_W_SHIT,
    VD_W_BOMB,
    VD_W_BAD,
    VD_W_ASS,
    VD_W_YEAH,
    VD_W_RIGHT,
    VD_W_CUT,
    VD_W_MUSTARD,
    VD_W_KISS,
    VD_W_OF,
    VD_W_DEATH,
    VD_W_HAND,
    VD_W_TO,
    VD_W_MOUTH,
    VD_W_JUST,
    VD_W_ENOUGH,
    VD_W_KIND,
    VD_W_SORT,
    VD_W__COUNT
};
extern const char *const kith__vd_word_names[VD_W__COUNT];

typedef struct vd_entry {
    uint32_t hash;
    uint32_t key_len; /* 0 = empty slot */
    uint32_t key_off; /* into kith_sentiment.keys */
    uint16_t flags;
    uint8_t word; /* VD_W_* of the exact spelling */
    double valence;
} vd_entry;

/* One word of a text, after the reference's tokenising. */
typedef struct vd_word {
    const char *s; /* into the cleaned text */
    uint32_t len;
    uint16_t lflags; /* VD_L_* of the lower-cased word */
    uint16_t xflags; /* VD_X_* of the word as written */
    uint8_t word;    /* VD_W_* of the word as written */
    uint8_t caps;    /* Python-style isupper() */
    uint8_t negated; /* the reference's negated([word]) */
    double valence;  /* lexicon valence when lflags has VD_L_LEX */
} vd_word;

struct kith_sentiment {
    /* The open-addressing word table (power-of-two size, linear probing). */
    vd_entry *slots;
    uint32_t mask;
    size_t count;   /* entries */
    size_t lexicon; /* of which lexicon words */
    char *keys;
    size_t keys_len, keys_cap;
    /* Unicode lower-casing for non-ASCII letters (C.UTF-8), or 0. */
    locale_t lower_locale;
    /* Scratch space reused by every score call. */
    char *clean;
    size_t clean_cap;
    char *lower;
    size_t lower_cap;
    vd_word *words;
    double *sent;
    size_t words_cap;
};

/* Look key up (exact bytes); NULL when absent. O(1) expected. */
const vd_entry *kith__vd_lookup(const kith_sentiment *s, const char *key, size_t len);
/* Lower-case the word w[0..n) as JavaScript's toLowerCase() does for
 * matching purposes into out (room 2 * n + 4); returns the new length. */
size_t kith__vd_lower(const kith_sentiment *s, const char *w, size_t n, char *out);

/* JavaScript's parseFloat(x.toFixed(digits)) for |x| < 1e9, digits 0..4:
 * rounds half away from zero on the exact binary value. */
double kith__vd_js_fixed(double x, int digits);

#endif
