/* UTF-8 decoding exactly as the WHATWG Encoding Standard specifies it (what
 * Node.js and browsers do), so that kith reads broken text the same way the
 * JavaScript reference does: every maximal invalid subpart is one U+FFFD. */
#ifndef KITH_CORE_UTF8_H
#define KITH_CORE_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define KITH__UTF8_REPLACEMENT 0xFFFDu

/* Decode the code point starting at s (n > 0 bytes available). Returns the
 * number of bytes consumed (1..4) and sets *cp, which is U+FFFD when the
 * bytes are not valid UTF-8 (then *bad is set to 1, else 0). */
size_t kith__utf8_next(const unsigned char *s, size_t n, uint32_t *cp, int *bad);
/* Encode cp (<= 0x10FFFF, not a surrogate) into out (4 bytes room);
 * returns the byte count. */
size_t kith__utf8_put(uint32_t cp, char *out);
/* Copy in[0..len) to out as valid UTF-8: invalid sequences and NUL bytes
 * become U+FFFD. out needs 3 * len bytes. Returns the bytes written and
 * adds the number of replacements to *replaced (may be NULL). O(len). */
size_t kith__utf8_clean(const char *in, size_t len, char *out, size_t *replaced);
/* Whether cp is white space for JavaScript's /\s/ (ECMAScript WhiteSpace
 * and LineTerminator), the splitter VADER's reference uses. */
int kith__utf8_js_space(uint32_t cp);

#endif
