/* Growable buffer with a maximum size (see buf.h). */
#include "core/buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

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

size_t kith__buf_intern(kith_buf *b, const char *s, int lower, kith_code *rc)
{
    if (!s || !*s || *rc != KITH_OK)
        return 0;
    size_t off = b->len, n = strlen(s);
    if (kith__buf_append(b, s, n + 1) != KITH_OK) {
        *rc = KITH_ENOMEM;
        return 0;
    }
    for (size_t i = 0; lower && i < n; i++)
        if (b->data[off + i] >= 'A' && b->data[off + i] <= 'Z')
            b->data[off + i] = (char)(b->data[off + i] - 'A' + 'a');
    return off;
}

char *kith__text_label(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    char *o = malloc(3 * n + 1);
    if (!o)
        return NULL;
    size_t k = n ? kith__utf8_clean(s, n, o, NULL) : 0, w = 0;
    for (size_t i = 0; i < k; i++)
        if ((unsigned char)o[i] >= 0x20 && o[i] != 0x7f)
            o[w++] = o[i];
    o[w] = 0;
    return o;
}

kith_code kith__buf_xml(kith_buf *b, const char *s)
{
    char *c = kith__text_label(s);
    if (!c)
        return KITH_ENOMEM;
    kith_code rc = KITH_OK;
    for (const char *p = c; *p && rc == KITH_OK; p++) {
        switch (*p) {
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
        case '\'':
            rc = kith__buf_puts(b, "&#39;"); /* safe in single-quoted attributes */
            break;
        default:
            rc = kith__buf_putc(b, *p);
        }
    }
    free(c);
    return rc;
}

int kith__grow(void **arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap * 2 : 1024;
    while (ncap < need)
        ncap *= 2;
    void *p = realloc(*arr, ncap * elem);
    if (!p)
        return -1;
    *arr = p;
    *cap = ncap;
    return 0;
}
