/* Loading the VADER lexicon (vader_lexicon.txt of the npm package
 * vader-sentiment 1.1.3) into an open-addressing word table, together with
 * the rule words of the reference (boosters, negations, idioms), and the
 * lower-casing used for lookups. */
#include "text/vader_int.h"

#include <errno.h>
#include <pthread.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "core/utf8.h"
#include "kith/kith.h"

#define SETUP_HINT                                                                       \
    "install it with scripts/setup.sh (npm ci installs vader-sentiment 1.1.3)"

const char *const kith__vd_word_names[VD_W__COUNT] = {
    "",     "the", "shit",  "bomb", "bad", "ass",   "yeah", "right",  "cut",  "mustard",
    "kiss", "of",  "death", "hand", "to",  "mouth", "just", "enough", "kind", "sort"};

/* The reference's NEGATE list (vaderSentiment.js), compared as spelled. */
static const char *const negate_words[] = {
    "aint",     "arent",   "cannot",  "cant",     "couldnt",  "darent",    "didnt",
    "doesnt",   "ain't",   "aren't",  "can't",    "couldn't", "daren't",   "didn't",
    "doesn't",  "dont",    "hadnt",   "hasnt",    "havent",   "isnt",      "mightnt",
    "mustnt",   "neither", "don't",   "hadn't",   "hasn't",   "haven't",   "isn't",
    "mightn't", "mustn't", "neednt",  "needn't",  "never",    "none",      "nope",
    "nor",      "not",     "nothing", "nowhere",  "oughtnt",  "shant",     "shouldnt",
    "uhuh",     "wasnt",   "werent",  "oughtn't", "shan't",   "shouldn't", "uh-uh",
    "wasn't",   "weren't", "without", "wont",     "wouldnt",  "won't",     "wouldn't",
    "rarely",   "seldom",  "despite"};

/* The one-word keys of the reference's BOOSTER_DICT (its three two-word
 * keys are idiom phrases, handled in vader.c). */
static const char *const boost_up[] = {
    "absolutely",   "amazingly",     "awfully",      "completely",
    "considerably", "decidedly",     "deeply",       "effing",
    "enormously",   "entirely",      "especially",   "exceptionally",
    "extremely",    "fabulously",    "flipping",     "flippin",
    "fricking",     "frickin",       "frigging",     "friggin",
    "fully",        "fucking",       "greatly",      "hella",
    "highly",       "hugely",        "incredibly",   "intensely",
    "majorly",      "more",          "most",         "particularly",
    "purely",       "quite",         "really",       "remarkably",
    "so",           "substantially", "thoroughly",   "totally",
    "tremendously", "uber",          "unbelievably", "unusually",
    "utterly",      "very"};
static const char *const boost_down[] = {
    "almost",   "barely",   "hardly",     "kinda",        "kindof", "kind-of",
    "less",     "little",   "marginally", "occasionally", "partly", "scarcely",
    "slightly", "somewhat", "sorta",      "sortof",       "sort-of"};

static const struct {
    const char *word;
    uint16_t flag;
} rule_words[] = {{"kind", VD_L_KIND},   {"of", VD_L_OF},     {"least", VD_L_LEAST},
                  {"at", VD_L_AT},       {"very", VD_L_VERY}, {"never", VD_X_NEVER},
                  {"so", VD_X_SO},       {"this", VD_X_THIS}, {"but", VD_X_BUT},
                  {"BUT", VD_X_BUT_CAPS}};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------ the table */

static uint32_t hash_bytes(const char *s, size_t n)
{
    /* FNV-1a: short keys, good spread, no state. */
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

static vd_entry *find_slot(vd_entry *slots, uint32_t mask, const char *keys,
                           const char *key, size_t len, uint32_t h)
{
    for (uint32_t i = h & mask;; i = (i + 1) & mask) {
        vd_entry *e = &slots[i];
        if (e->key_len == 0)
            return e;
        if (e->hash == h && e->key_len == len && !memcmp(keys + e->key_off, key, len))
            return e;
    }
}

const vd_entry *kith__vd_lookup(const kith_sentiment *s, const char *key, size_t len)
{
    if (len == 0)
        return NULL;
    uint32_t h = hash_bytes(key, len);
    const vd_entry *e = find_slot(s->slots, s->mask, s->keys, key, len, h);
    return e->key_len ? e : NULL;
}

/* Double the table (or make the first one); -1 when out of memory, with
 * the table unchanged. */
static int grow_table(kith_sentiment *s)
{
    uint32_t size = s->slots ? (s->mask + 1) * 2 : 1024;
    vd_entry *slots = calloc(size, sizeof *slots);
    if (!slots)
        return -1;
    for (uint32_t i = 0; s->slots && i <= s->mask; i++) {
        vd_entry *e = &s->slots[i];
        if (e->key_len)
            *find_slot(slots, size - 1, s->keys, s->keys + e->key_off, e->key_len,
                       e->hash) = *e;
    }
    free(s->slots);
    s->slots = slots;
    s->mask = size - 1;
    return 0;
}

/* Find or add key; *out is valid until the next put. */
static kith_code table_put(kith_sentiment *s, const char *key, size_t len, vd_entry **out,
                           kith_error *err)
{
    if (len == 0 || len > 4096)
        return kith_error_set(err, KITH_EINPUT, "word of length %zu", len);
    /* Keep the load factor at most 1/2 so probes stay short. */
    if ((!s->slots || (s->count + 1) * 2 > (size_t)s->mask + 1) && grow_table(s) != 0)
        return kith_error_set(err, KITH_ENOMEM, "VADER lexicon: out of memory");
    uint32_t h = hash_bytes(key, len);
    vd_entry *e = find_slot(s->slots, s->mask, s->keys, key, len, h);
    if (e->key_len == 0) {
        if (s->keys_len + len > s->keys_cap) {
            size_t cap = s->keys_cap ? s->keys_cap * 2 : 65536;
            while (cap < s->keys_len + len)
                cap *= 2;
            char *k = realloc(s->keys, cap);
            if (!k)
                return kith_error_set(err, KITH_ENOMEM, "VADER lexicon: out of memory");
            s->keys = k;
            s->keys_cap = cap;
        }
        memcpy(s->keys + s->keys_len, key, len);
        e->hash = h;
        e->key_len = (uint32_t)len;
        e->key_off = (uint32_t)s->keys_len;
        s->keys_len += len;
        s->count++;
    }
    *out = e;
    return KITH_OK;
}

static kith_code put_flag(kith_sentiment *s, const char *word, uint16_t flag,
                          kith_error *err)
{
    vd_entry *e = NULL;
    kith_code rc = table_put(s, word, strlen(word), &e, err);
    /* table_put sets e when it returns KITH_OK. */
    if (rc == KITH_OK)
        // NOLINTNEXTLINE(clang-analyzer-core.NullDereference)
        e->flags |= flag;
    return rc;
}

static kith_code add_rule_words(kith_sentiment *s, kith_error *err)
{
    kith_code rc = KITH_OK;
    for (size_t i = 0; rc == KITH_OK && i < COUNT(negate_words); i++)
        rc = put_flag(s, negate_words[i], VD_X_NEGATE, err);
    for (size_t i = 0; rc == KITH_OK && i < COUNT(boost_up); i++)
        rc = put_flag(s, boost_up[i], VD_L_BOOST_UP, err);
    for (size_t i = 0; rc == KITH_OK && i < COUNT(boost_down); i++)
        rc = put_flag(s, boost_down[i], VD_L_BOOST_DOWN, err);
    for (size_t i = 0; rc == KITH_OK && i < COUNT(rule_words); i++)
        rc = put_flag(s, rule_words[i].word, rule_words[i].flag, err);
    for (int w = 1; rc == KITH_OK && w < VD_W__COUNT; w++) {
        vd_entry *e = NULL;
        rc =
            table_put(s, kith__vd_word_names[w], strlen(kith__vd_word_names[w]), &e, err);
        if (rc == KITH_OK)
            e->word = (uint8_t)w;
    }
    return rc;
}

/* ------------------------------------------------------------ loading */

static kith_code read_file(const char *path, char **out, size_t *len, kith_error *err)
{
    kith_code rc = KITH_OK;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        rc = kith_error_set(err, KITH_ENOTFOUND,
                            "%s: cannot open the VADER lexicon (%s); %s", path,
                            strerror(errno), SETUP_HINT);
        goto done;
    }
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 1 << 19;
            char *b = realloc(buf, cap);
            if (!b) {
                rc = kith_error_set(err, KITH_ENOMEM, "%s: out of memory", path);
                goto done;
            }
            buf = b;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        rc = kith_error_set(err, KITH_ENOTFOUND,
                            "%s: cannot read the VADER lexicon (%s); %s", path,
                            strerror(errno), SETUP_HINT);
        goto done;
    }
    *out = buf;
    *len = n;
    buf = NULL;
done:
    if (f)
        fclose(f);
    free(buf);
    return rc;
}

static kith_code bad_line(const char *path, long line, const char *why, kith_error *err)
{
    return kith_error_set_at(
        err, KITH_EINPUT, path, line,
        "not a VADER lexicon line (want TOKEN<TAB>MEAN<TAB>...): %s; "
        "the file is damaged or not the lexicon: re%s",
        why, SETUP_HINT);
}

/* Parse one line "token TAB mean [TAB sd TAB ratings]" and store it; a
 * token listed twice keeps its last value, as the reference's lexicon.js
 * does. Numbers are read in the C locale whatever the caller's locale. */
static kith_code parse_line(kith_sentiment *s, const char *path, long line, char *p,
                            size_t n, kith_error *err)
{
    if (n && p[n - 1] == '\r')
        n--;
    if (n == 0)
        return KITH_OK;
    if (memchr(p, '\0', n))
        return bad_line(path, line, "NUL byte", err);
    char *tab = memchr(p, '\t', n);
    if (!tab)
        return bad_line(path, line, "no TAB", err);
    if (tab == p)
        return bad_line(path, line, "empty token", err);
    char *num = tab + 1, *end_line = p + n;
    char *num_end = memchr(num, '\t', (size_t)(end_line - num));
    if (!num_end)
        num_end = end_line;
    char save = *num_end;
    *num_end = '\0';
    char *end = NULL;
    errno = 0;
    double v = num_end > num ? strtod(num, &end) : 0.0;
    int ok = num_end > num && end == num_end && errno == 0 && isfinite(v);
    *num_end = save;
    if (!ok)
        return bad_line(path, line, "the mean rating is not a number", err);
    vd_entry *e = NULL;
    kith_code rc = table_put(s, p, (size_t)(tab - p), &e, err);
    if (rc == KITH_EINPUT)
        return bad_line(path, line, "token too long", err);
    if (rc != KITH_OK)
        return rc;
    /* table_put sets e when it returns KITH_OK. */
    // NOLINTNEXTLINE(clang-analyzer-core.NullDereference)
    if (!(e->flags & VD_L_LEX))
        s->lexicon++;
    e->flags |= VD_L_LEX;
    e->valence = v;
    return KITH_OK;
}

static kith_code parse_lexicon(kith_sentiment *s, const char *path, char *buf, size_t len,
                               kith_error *err)
{
    kith_code rc = KITH_OK;
    /* strtod follows LC_NUMERIC; the file always uses '.'. */
    locale_t c_num = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    locale_t old = c_num ? uselocale(c_num) : (locale_t)0;
    long line = 0;
    for (size_t i = 0; rc == KITH_OK && i < len;) {
        char *nl = memchr(buf + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - buf) : len;
        rc = parse_line(s, path, ++line, buf + i, end - i, err);
        i = end + 1;
    }
    if (c_num) {
        uselocale(old);
        freelocale(c_num);
    }
    if (rc == KITH_OK && s->lexicon == 0)
        rc = kith_error_set(err, KITH_EINPUT, "%s: the VADER lexicon is empty; re%s",
                            path, SETUP_HINT);
    return rc;
}

/* ------------------------------------------------------------ lower case */

static uint32_t lower_cp(const kith_sentiment *s, uint32_t cp)
{
    if (s->lower_locale)
        return (uint32_t)towlower_l((wint_t)cp, s->lower_locale);
    /* Without a UTF-8 locale: Latin-1 letters and the Kelvin sign, the
     * only non-ASCII letter whose lower case is ASCII besides U+0130. */
    if (cp == 0x212A)
        return 'k';
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
        return cp + 0x20;
    return cp;
}

size_t kith__vd_lower(const kith_sentiment *s, const char *w, size_t n, char *out)
{
    const unsigned char *u = (const unsigned char *)w;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        if (u[i] < 0x80) {
            out[o++] = (char)(u[i] >= 'A' && u[i] <= 'Z' ? u[i] + 32 : u[i]);
            i++;
            continue;
        }
        uint32_t cp;
        int bad;
        i += kith__utf8_next(u + i, n - i, &cp, &bad);
        if (cp == 0x130) {
            /* JavaScript lower-cases dotted capital I to "i" + U+0307. */
            out[o++] = 'i';
            o += kith__utf8_put(0x307, out + o);
            continue;
        }
        uint32_t l = lower_cp(s, cp);
        if (l > 0x10FFFF || (l >= 0xD800 && l <= 0xDFFF))
            l = cp;
        o += kith__utf8_put(l, out + o);
    }
    return o;
}

/* ------------------------------------------------------------ public */

/* Found once (kith_data_path), then never changed: every thread reads the
 * same text. */
static char default_path[4096];
static pthread_once_t default_once = PTHREAD_ONCE_INIT;

static void find_default(void)
{
    if (kith_data_path("vader_lexicon.txt", default_path, sizeof default_path, NULL) !=
        KITH_OK)
        snprintf(default_path, sizeof default_path, "%s", "vader_lexicon.txt");
}

const char *kith_sentiment_default_lexicon(void)
{
    pthread_once(&default_once, find_default);
    return default_path;
}

static locale_t utf8_locale(void)
{
    static const char *const names[] = {"C.UTF-8", "C.utf8", "en_US.UTF-8"};
    for (size_t i = 0; i < COUNT(names); i++) {
        locale_t l = newlocale(LC_CTYPE_MASK, names[i], (locale_t)0);
        if (l)
            return l;
    }
    return (locale_t)0;
}

kith_code kith_sentiment_open(const char *path, kith_sentiment **out, kith_error *err)
{
    kith_code rc = KITH_OK;
    char *buf = NULL;
    size_t len = 0;
    *out = NULL;
    if (!path || !*path)
        path = kith_sentiment_default_lexicon();
    kith_sentiment *s = calloc(1, sizeof *s);
    if (!s)
        return kith_error_set(err, KITH_ENOMEM, "VADER lexicon: out of memory");
    s->lower_locale = utf8_locale();
    rc = read_file(path, &buf, &len, err);
    if (rc == KITH_OK)
        rc = parse_lexicon(s, path, buf, len, err);
    if (rc == KITH_OK)
        rc = add_rule_words(s, err);
    if (rc != KITH_OK) {
        kith_sentiment_close(s);
        s = NULL;
    }
    free(buf);
    *out = s;
    return rc;
}

void kith_sentiment_close(kith_sentiment *s)
{
    if (!s)
        return;
    if (s->lower_locale)
        freelocale(s->lower_locale);
    free(s->slots);
    free(s->keys);
    free(s->clean);
    free(s->lower);
    free(s->words);
    free(s->sent);
    free(s);
}

size_t kith_sentiment_lexicon_size(const kith_sentiment *s)
{
    return s ? s->lexicon : 0;
}
