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
/* Append s with <, >, & and " written as XML entities (HTML and SVG text
 * and attributes). s may be NULL. */
kith_code kith__buf_xml_esc(kith_buf *b, const char *s);
/* Returns the NUL-terminated contents ("" when empty); borrowed. */
const char *kith__buf_str(const kith_buf *b);

#endif
