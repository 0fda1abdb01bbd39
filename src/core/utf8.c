/* WHATWG-conformant UTF-8 decoding and cleaning (see utf8.h). */
#include "core/utf8.h"

#include <string.h>

size_t kith__utf8_next(const unsigned char *s, size_t n, uint32_t *cp, int *bad)
{
    unsigned b = s[0];
    unsigned need, lo = 0x80, hi = 0xBF;
    uint32_t c;
    *bad = 0;
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    if (b >= 0xC2 && b <= 0xDF) {
        need = 1;
        c = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
        /* E0 must not start an overlong form, ED not a surrogate. */
        lo = b == 0xE0 ? 0xA0 : 0x80;
        hi = b == 0xED ? 0x9F : 0xBF;
        need = 2;
        c = b & 0x0F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        lo = b == 0xF0 ? 0x90 : 0x80;
        hi = b == 0xF4 ? 0x8F : 0xBF;
        need = 3;
        c = b & 0x07;
    } else {
        *cp = KITH__UTF8_REPLACEMENT;
        *bad = 1;
        return 1;
    }
    for (size_t i = 1; i <= need; i++) {
        /* A truncated or broken sequence is one U+FFFD for the bytes read so
         * far; the offending byte is read again as the start of the next. */
        if (i >= n || s[i] < lo || s[i] > hi) {
            *cp = KITH__UTF8_REPLACEMENT;
            *bad = 1;
            return i;
        }
        lo = 0x80;
        hi = 0xBF;
        c = (c << 6) | (s[i] & 0x3Fu);
    }
    *cp = c;
    return need + 1;
}

size_t kith__utf8_put(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t kith__utf8_clean(const char *in, size_t len, char *out, size_t *replaced)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i = 0, o = 0, nrep = 0;
    while (i < len) {
        /* Runs of printable-or-control ASCII (not NUL) are the common case. */
        size_t j = i;
        while (j < len && s[j] < 0x80 && s[j] != 0)
            j++;
        if (j > i) {
            memcpy(out + o, in + i, j - i);
            o += j - i;
            i = j;
            continue;
        }
        uint32_t cp;
        int bad;
        size_t k = kith__utf8_next(s + i, len - i, &cp, &bad);
        if (bad || cp == 0) {
            o += kith__utf8_put(KITH__UTF8_REPLACEMENT, out + o);
            nrep++;
        } else {
            memcpy(out + o, in + i, k);
            o += k;
        }
        i += k;
    }
    if (replaced)
        *replaced += nrep;
    return o;
}

int kith__utf8_js_space(uint32_t cp)
{
    if (cp < 0x80)
        return cp == ' ' || (cp >= 0x09 && cp <= 0x0D);
    switch (cp) {
    case 0x00A0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0xFEFF:
        return 1;
    default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
}
