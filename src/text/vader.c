/* The VADER scorer: a line-for-line port of SentimentIntensityAnalyzer in
 * vader-sentiment 1.1.3 (src/vaderSentiment.js), quirks included, so that
 * kith's scores equal the reference's. Comments name the JS function each
 * piece reproduces. */
#include "text/vader_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

/* Empirical constants of the reference. */
#define B_INCR 0.293
#define B_DECR (-0.293)
#define C_INCR 0.733
#define N_SCALAR (-0.74)

/* ------------------------------------------------------------ tokenising */

/* REGEX_REMOVE_PUNCTUATION: the 32 ASCII punctuation characters. */
static int is_punct(unsigned char c)
{
    return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) ||
           (c >= 123 && c <= 126);
}

/* PUNC_LIST: the affixes get_words_plus_punc() strips from a word. */
static int in_punc_list(const char *p, size_t n)
{
    static const char *const multi[] = {"!!",  "!!!", "??",   "???",
                                        "?!?", "!?!", "?!?!", "!?!?"};
    if (n == 1)
        return strchr(".!?,;:-'\"", p[0]) != NULL && p[0] != '\0';
    for (size_t i = 0; i < sizeof multi / sizeof multi[0]; i++)
        if (strlen(multi[i]) == n && !memcmp(multi[i], p, n))
            return 1;
    return 0;
}

static int has_nt(const char *s, size_t n)
{
    for (size_t i = 0; i + 3 <= n; i++)
        if (s[i] == 'n' && s[i + 1] == '\'' && s[i + 2] == 't')
            return 1;
    return 0;
}

/* A raw token (whitespace-delimited) and what one scan learns about it. */
typedef struct token {
    size_t start, end; /* bytes of the cleaned text */
    size_t units;      /* JavaScript length: UTF-16 code units */
    size_t npunct;     /* ASCII punctuation characters */
    int upper, lower;  /* has A-Z / a-z */
    int nonascii;
} token;

/* Scan the token starting at c[i] (not white space); returns its end. */
static size_t scan_token(const char *c, size_t n, size_t i, token *t)
{
    const unsigned char *u = (const unsigned char *)c;
    memset(t, 0, sizeof *t);
    t->start = i;
    while (i < n) {
        unsigned b = u[i];
        if (b < 0x80) {
            if (b == ' ' || (b >= 0x09 && b <= 0x0D))
                break;
            if (is_punct((unsigned char)b))
                t->npunct++;
            else if (b >= 'A' && b <= 'Z')
                t->upper = 1;
            else if (b >= 'a' && b <= 'z')
                t->lower = 1;
            t->units++;
            i++;
            continue;
        }
        uint32_t cp;
        int bad;
        size_t k = kith__utf8_next(u + i, n - i, &cp, &bad);
        if (kith__utf8_js_space(cp))
            break;
        t->nonascii = 1;
        t->units += cp > 0xFFFF ? 2 : 1;
        i += k;
    }
    t->end = i;
    return i;
}

static size_t skip_space(const char *c, size_t n, size_t i)
{
    const unsigned char *u = (const unsigned char *)c;
    while (i < n) {
        if (u[i] < 0x80) {
            if (!(u[i] == ' ' || (u[i] >= 0x09 && u[i] <= 0x0D)))
                break;
            i++;
            continue;
        }
        uint32_t cp;
        int bad;
        size_t k = kith__utf8_next(u + i, n - i, &cp, &bad);
        if (!kith__utf8_js_space(cp))
            break;
        i += k;
    }
    return i;
}

/* get_words_and_emoticons(): a token that is one PUNC_LIST affix plus a
 * word without punctuation of 2+ characters becomes that word; every other
 * token stays whole (so "'cat'" or "cat!?" keep their punctuation). */
static void strip_affix(const char *c, token *t, size_t *ws, size_t *we)
{
    size_t lead = 0, trail = 0, len = t->end - t->start;
    *ws = t->start;
    *we = t->end;
    if (t->npunct == 0 || t->npunct == len)
        return;
    while (lead < len && is_punct((unsigned char)c[t->start + lead]))
        lead++;
    while (trail < len && is_punct((unsigned char)c[t->end - 1 - trail]))
        trail++;
    if (lead && t->npunct == lead && t->units - lead > 1 &&
        in_punc_list(c + t->start, lead))
        *ws = t->start + lead;
    else if (trail && t->npunct == trail && t->units - trail > 1 &&
             in_punc_list(c + t->end - trail, trail))
        *we = t->end - trail;
}

/* Fill w from the word c[ws..we): lookups of its lower-cased and its exact
 * spelling, caps and negation. */
static void describe_word(kith_sentiment *s, const char *c, size_t ws, size_t we,
                          const token *t, vd_word *w)
{
    const char *p = c + ws;
    size_t n = we - ws;
    const vd_entry *lo, *ex;
    memset(w, 0, sizeof *w);
    w->s = p;
    w->len = (uint32_t)n;
    /* is_upper_python(): some A-Z and no a-z (the affix has no letters). */
    w->caps = (uint8_t)(t->upper && !t->lower);
    if (t->upper || t->nonascii) {
        size_t ln = kith__vd_lower(s, p, n, s->lower);
        lo = kith__vd_lookup(s, s->lower, ln);
        ex = (ln == n && !memcmp(s->lower, p, n)) ? lo : kith__vd_lookup(s, p, n);
    } else {
        lo = ex = kith__vd_lookup(s, p, n);
    }
    if (lo) {
        w->lflags = lo->flags & VD_L_MASK;
        w->valence = lo->valence;
    }
    if (ex) {
        w->xflags = ex->flags & VD_X_MASK;
        w->word = ex->word;
    }
    /* negated([word]): the list, or "n't" anywhere (case-sensitive). */
    w->negated = (uint8_t)((w->xflags & VD_X_NEGATE) || has_nt(p, n));
}

static kith_code reserve(kith_sentiment *s, size_t len, kith_error *err)
{
    if (len > ((size_t)-1) / 8 - 64)
        return kith_error_set(err, KITH_ENOMEM, "text of %zu bytes is too long", len);
    size_t clean = 3 * len + 8, lower = 2 * clean + 8, words = clean / 2 + 2;
    if (clean > s->clean_cap) {
        char *p = realloc(s->clean, clean);
        if (!p)
            goto oom;
        s->clean = p;
        s->clean_cap = clean;
    }
    if (lower > s->lower_cap) {
        char *p = realloc(s->lower, lower);
        if (!p)
            goto oom;
        s->lower = p;
        s->lower_cap = lower;
    }
    if (words > s->words_cap) {
        vd_word *w = realloc(s->words, words * sizeof *w);
        if (!w)
            goto oom;
        s->words = w;
        double *d = realloc(s->sent, words * sizeof *d);
        if (!d)
            goto oom;
        s->sent = d;
        s->words_cap = words;
    }
    return KITH_OK;
oom:
    return kith_error_set(err, KITH_ENOMEM, "scoring a text of %zu bytes: out of memory",
                          len);
}

/* SentiText: split on JavaScript white space, drop 1-character tokens,
 * strip affixes. Returns the number of words. */
static size_t tokenize(kith_sentiment *s, const char *c, size_t n)
{
    size_t nw = 0;
    for (size_t i = skip_space(c, n, 0); i < n; i = skip_space(c, n, i)) {
        token t;
        i = scan_token(c, n, i, &t);
        if (t.units <= 1)
            continue;
        size_t ws, we;
        strip_affix(c, &t, &ws, &we);
        describe_word(s, c, ws, we, &t, &s->words[nw++]);
    }
    return nw;
}

/* ------------------------------------------------------------ rules */

/* Idioms (SPECIAL_CASE_IDIOMS) and two-word boosters as word ids. */
static const struct {
    uint8_t w[3];
    double valence;
} idioms[] = {
    {{VD_W_THE, VD_W_SHIT, 0}, 3},           {{VD_W_THE, VD_W_BOMB, 0}, 3},
    {{VD_W_BAD, VD_W_ASS, 0}, 1.5},          {{VD_W_YEAH, VD_W_RIGHT, 0}, -2},
    {{VD_W_CUT, VD_W_THE, VD_W_MUSTARD}, 2}, {{VD_W_KISS, VD_W_OF, VD_W_DEATH}, -1.5},
    {{VD_W_HAND, VD_W_TO, VD_W_MOUTH}, -2}};

/* Whether words[a], words[a+1] (, words[a+2]) spell an idiom; sets *v. */
static int idiom_at(const vd_word *w, size_t a, size_t count, double *v)
{
    for (size_t k = 0; k < sizeof idioms / sizeof idioms[0]; k++) {
        size_t len = idioms[k].w[2] ? 3 : 2;
        if (len != count)
            continue;
        size_t j = 0;
        while (j < len && w[a + j].word == idioms[k].w[j])
            j++;
        if (j == len) {
            *v = idioms[k].valence;
            return 1;
        }
    }
    return 0;
}

/* The BOOSTER_DICT keys "just enough", "kind of", "sort of". */
static int booster_phrase(const vd_word *w, size_t a)
{
    uint8_t x = w[a].word, y = w[a + 1].word;
    return (x == VD_W_JUST && y == VD_W_ENOUGH) || (x == VD_W_KIND && y == VD_W_OF) ||
           (x == VD_W_SORT && y == VD_W_OF);
}

/* idioms_check(); only called with i >= 3. */
static double idioms_check(double v, const vd_word *w, size_t n, size_t i)
{
    double iv;
    /* onezero, twoonezero, twoone, threetwoone, threetwo: first match wins. */
    if (idiom_at(w, i - 1, 2, &iv) || idiom_at(w, i - 2, 3, &iv) ||
        idiom_at(w, i - 2, 2, &iv) || idiom_at(w, i - 3, 3, &iv) ||
        idiom_at(w, i - 3, 2, &iv))
        v = iv;
    if (n - 1 > i && idiom_at(w, i, 2, &iv))
        v = iv;
    if (n - 1 > i + 1 && idiom_at(w, i, 3, &iv))
        v = iv;
    if (booster_phrase(w, i - 3) || booster_phrase(w, i - 2))
        v = v + B_DECR;
    return v;
}

/* scalar_inc_dec() */
static double scalar_inc_dec(const vd_word *w, double valence, int cap_diff)
{
    double scalar = 0.0;
    if (w->lflags & (VD_L_BOOST_UP | VD_L_BOOST_DOWN)) {
        scalar = (w->lflags & VD_L_BOOST_UP) ? B_INCR : B_DECR;
        if (valence < 0)
            scalar *= -1;
        if (cap_diff && w->caps) {
            if (valence > 0)
                scalar += C_INCR;
            else
                scalar -= C_INCR;
        }
    }
    return scalar;
}

/* never_check(); note the JS differs from the Python original at
 * start_i == 2 ("so"/"this" just before the word counts alone). */
static double never_check(double v, const vd_word *w, int start_i, size_t i)
{
    if (start_i == 0 && w[i - 1].negated)
        v = v * N_SCALAR;
    if (start_i == 1) {
        if ((w[i - 2].xflags & VD_X_NEVER) && (w[i - 1].xflags & (VD_X_SO | VD_X_THIS)))
            v = v * 1.5;
        else if (w[i - 2].negated)
            v = v * N_SCALAR;
    }
    if (start_i == 2) {
        if (((w[i - 3].xflags & VD_X_NEVER) &&
             (w[i - 2].xflags & (VD_X_SO | VD_X_THIS))) ||
            (w[i - 1].xflags & (VD_X_SO | VD_X_THIS)))
            v = v * 1.25;
        else if (w[i - 3].negated)
            v = v * N_SCALAR;
    }
    return v;
}

/* least_check() */
static double least_check(double v, const vd_word *w, size_t i)
{
    if (i > 1 && (w[i - 1].lflags & VD_L_LEAST) && !(w[i - 1].lflags & VD_L_LEX)) {
        if (!(w[i - 2].lflags & (VD_L_AT | VD_L_VERY)))
            v = v * N_SCALAR;
    } else if (i > 0 && (w[i - 1].lflags & VD_L_LEAST) && !(w[i - 1].lflags & VD_L_LEX)) {
        v = v * N_SCALAR;
    }
    return v;
}

/* sentiment_valence() for a word known to the lexicon. */
static double word_valence(const vd_word *w, size_t n, size_t i, int cap_diff)
{
    double v = w[i].valence;
    if (w[i].caps && cap_diff) {
        if (v > 0)
            v += C_INCR;
        else
            v -= C_INCR;
    }
    for (int start_i = 0; start_i < 3; start_i++) {
        if (i > (size_t)start_i && !(w[i - (size_t)start_i - 1].lflags & VD_L_LEX)) {
            double sc = scalar_inc_dec(&w[i - (size_t)start_i - 1], v, cap_diff);
            if (start_i == 1 && sc != 0)
                sc = sc * 0.95;
            else if (start_i == 2 && sc != 0)
                sc = sc * 0.9;
            v = v + sc;
            v = never_check(v, w, start_i, i);
            if (start_i == 2)
                v = idioms_check(v, w, n, i);
        }
    }
    return least_check(v, w, i);
}

/* ------------------------------------------------------------ scoring */

/* JavaScript's parseFloat(x.toFixed(digits)): round half away from zero
 * on the exact binary value (printf would round half to even). */
double kith__vd_js_fixed(double x, int digits)
{
    static const double scale[] = {1, 10, 100, 1000, 10000};
    char buf[80];
    int neg = x < 0;
    double a = neg ? -x : x;
    if (!(a < 1e9) || digits < 0 || digits > 4)
        return x;
    /* Thirty decimals are exact far beyond the rounding digit here. */
    snprintf(buf, sizeof buf, "%.30f", a);
    const char *p = buf;
    uint64_t m = 0;
    while (*p >= '0' && *p <= '9')
        m = m * 10 + (uint64_t)(*p++ - '0');
    if (*p)
        p++; /* the decimal point, whatever the locale spells it */
    for (int i = 0; i < digits; i++)
        m = m * 10 + (uint64_t)(p[i] - '0');
    if (p[digits] >= '5')
        m++;
    if (m == 0)
        return 0.0;
    double r = (double)m / scale[digits];
    return neg ? -r : r;
}

static int count_byte(const char *c, size_t n, char b)
{
    int k = 0;
    for (size_t i = 0; i < n; i++)
        k += c[i] == b;
    return k;
}

/* punctuation_emphasis(): amplify_ep() + amplify_qm() over the text. */
static double punct_emphasis(const char *c, size_t n)
{
    int ep = count_byte(c, n, '!');
    int qm = count_byte(c, n, '?');
    if (ep > 4)
        ep = 4;
    double qa = 0;
    if (qm > 1)
        qa = qm <= 3 ? qm * 0.18 : 0.96;
    return ep * 0.292 + qa;
}

/* score_valence() with sift_sentiment_scores() and normalize(). */
static void score_valence(const double *sent, size_t n, const char *c, size_t len,
                          kith_sentiment_scores *out)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += sent[i];
    double amp = punct_emphasis(c, len);
    if (sum > 0)
        sum += amp;
    else if (sum < 0)
        sum -= amp;
    double compound = sum / sqrt(sum * sum + 15);
    if (compound < -1.0)
        compound = -1.0;
    else if (compound > 1.0)
        compound = 1.0;
    double pos_sum = 0.0, neg_sum = 0.0;
    int neu_count = 0;
    for (size_t i = 0; i < n; i++) {
        if (sent[i] > 0)
            pos_sum += sent[i] + 1;
        else if (sent[i] < 0)
            neg_sum += sent[i] - 1;
        else
            neu_count += 1;
    }
    if (pos_sum > fabs(neg_sum))
        pos_sum += amp;
    else if (pos_sum < fabs(neg_sum))
        neg_sum -= amp;
    double total = pos_sum + fabs(neg_sum) + neu_count;
    out->pos = kith__vd_js_fixed(fabs(pos_sum / total), 3);
    out->neg = kith__vd_js_fixed(fabs(neg_sum / total), 3);
    out->neu = kith__vd_js_fixed(fabs(neu_count / total), 3);
    out->compound = kith__vd_js_fixed(compound, 4);
}

kith_code kith_sentiment_score(kith_sentiment *s, const char *text, size_t len,
                               kith_sentiment_scores *out, kith_error *err)
{
    memset(out, 0, sizeof *out);
    kith_code rc = reserve(s, len, err);
    if (rc != KITH_OK)
        return rc;
    size_t n = kith__utf8_clean(text, len, s->clean, &out->replaced);
    const char *c = s->clean;
    size_t nw = tokenize(s, c, n);
    const vd_word *w = s->words;
    /* allcap_differential() */
    size_t caps = 0;
    for (size_t i = 0; i < nw; i++)
        caps += w[i].caps;
    int cap_diff = nw - caps > 0 && nw - caps < nw;
    /* polarity_scores() */
    for (size_t i = 0; i < nw; i++) {
        double v = 0;
        int kind_of =
            i < nw - 1 && (w[i].lflags & VD_L_KIND) && (w[i + 1].lflags & VD_L_OF);
        if (!kind_of && !(w[i].lflags & (VD_L_BOOST_UP | VD_L_BOOST_DOWN)) &&
            (w[i].lflags & VD_L_LEX)) {
            v = word_valence(w, nw, i, cap_diff);
            out->hits++;
        }
        s->sent[i] = v;
    }
    /* but_check(): the first "but", else the first "BUT". */
    size_t but = nw;
    for (size_t i = 0; i < nw && but == nw; i++)
        if (w[i].xflags & VD_X_BUT)
            but = i;
    for (size_t i = 0; i < nw && but == nw; i++)
        if (w[i].xflags & VD_X_BUT_CAPS)
            but = i;
    for (size_t i = 0; but < nw && i < nw; i++) {
        if (i < but)
            s->sent[i] = s->sent[i] * 0.5;
        else if (i > but)
            s->sent[i] = s->sent[i] * 1.5;
    }
    out->words = nw;
    out->scored = out->hits > 0;
    if (nw > 0)
        score_valence(s->sent, nw, c, n, out);
    return KITH_OK;
}

size_t kith_sentiment_clean_text(const char *text, size_t len, char *out)
{
    return kith__utf8_clean(text, len, out, NULL);
}
