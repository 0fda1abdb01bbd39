/* Growable buffer with a maximum size (see buf.h). */
#include "core/buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kith__buf_init(kith_buf *b, size_t max)
{
    memset(b, 0, sizeof *b);
    b->max = max;
}

void kith__buf_free(kith_buf *b)
{
    if (!b)
        return;
    free(b->data);
    memset(b, 0, sizeof *b);
}

void kith__buf_reset(kith_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

static kith_code reserve(kith_buf *b, size_t extra)
{
    size_t limit = b->max ? b->max : SIZE_MAX / 2;
    if (extra > limit || b->len + extra > limit)
        return KITH_EINPUT;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return KITH_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p)
        return KITH_ENOMEM;
    b->data = p;
    b->cap = cap;
    return KITH_OK;
}

kith_code kith__buf_append(kith_buf *b, const void *p, size_t n)
{
    kith_code rc = reserve(b, n);
    if (rc != KITH_OK)
        return rc;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return KITH_OK;
}

kith_code kith__buf_puts(kith_buf *b, const char *s)
{
    return kith__buf_append(b, s, strlen(s));
}

kith_code kith__buf_putc(kith_buf *b, char c)
{
    return kith__buf_append(b, &c, 1);
}

kith_code kith__buf_printf(kith_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return KITH_EINTERNAL;
    kith_code rc = reserve(b, (size_t)n);
    if (rc != KITH_OK)
        return rc;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return KITH_OK;
}

const char *kith__buf_str(const kith_buf *b)
{
    return b->data ? b->data : "";
}

kith_code kith__buf_xml_esc(kith_buf *b, const char *s)
{
    kith_code rc = KITH_OK;
    for (; s && *s && rc == KITH_OK; s++) {
        switch (*s) {
        case '<':
            rc = kith__buf_puts(b, "&lt;");
            break;
        case '>':
            rc = kith__buf_puts(b, "&gt;");
            break;
        case '&':
            rc = kith__buf_puts(b, "&amp;");
            break;
        case '"':
            rc = kith__buf_puts(b, "&quot;");
            break;
        default:
            rc = kith__buf_putc(b, *s);
        }
    }
    return rc;
}
