/* Growable byte buffer with a maximum size, used for all growing text
 * (JSON, CSV lines, HTTP bodies). Always NUL-terminated after a successful
 * append. */
#ifndef KITH_CORE_BUF_H
#define KITH_CORE_BUF_H

#include <stddef.h>

#include "kith/error.h"

typedef struct kith_buf {
    char *data; /* owned; NULL until the first append */
    size_t len;
    size_t cap;
    size_t max; /* 0 = no limit beyond SIZE_MAX/2 */
} kith_buf;

void kith__buf_init(kith_buf *b, size_t max);
void kith__buf_free(kith_buf *b);
void kith__buf_reset(kith_buf *b);
kith_code kith__buf_append(kith_buf *b, const void *p, size_t n);
kith_code kith__buf_puts(kith_buf *b, const char *s);
kith_code kith__buf_putc(kith_buf *b, char c);
kith_code kith__buf_printf(kith_buf *b, const char *fmt, ...) KITH_PRINTF(2, 3);
/* Returns the NUL-terminated contents ("" when empty); borrowed. */
const char *kith__buf_str(const kith_buf *b);
/* Append s with its NUL (a string pool) and return its offset; NULL and ""
 * give 0 (the pool starts with "") and append nothing. lower = 1 stores it
 * ASCII-lowercased. On failure *rc = KITH_ENOMEM and 0 is returned; a
 * failed *rc makes later calls do nothing. */
size_t kith__buf_intern(kith_buf *b, const char *s, int lower, kith_code *rc);
/* Append s as XML/HTML text: invalid UTF-8 becomes U+FFFD, control
 * characters are dropped (XML 1.0 cannot hold them), & < > " escaped,
 * and ' as &#39; (safe in single-quoted attributes too). */
kith_code kith__buf_xml(kith_buf *b, const char *s);
/* s as valid UTF-8 without control characters, malloc'ed (NULL when out
 * of memory): names for formats that refuse them (GraphML, GEXF, CSV). */
char *kith__text_label(const char *s);

/* Grow *arr (elem-sized items, capacity *cap) to hold need items, doubling
 * from 1024. 0, or -1 when out of memory (*arr unchanged). */
int kith__grow(void **arr, size_t *cap, size_t need, size_t elem);

#endif
