/* Helpers the impact views share: JSON values and the document's text,
 * opening the metrics, the report period, and the SVG frame and escaping. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeparse.h"
#include "impact/impact_int.h"

json_t *kith__imp_json_date(int64_t t, const char *tz)
{
    char b[32];
    return json_string(kith__time_local_date(t, tz, b));
}

kith_code kith__imp_buf_done(kith_buf *b, kith_code rc, char **out, kith_error *err)
{
    *out = NULL;
    if (rc != KITH_OK || (!b->data && kith__buf_puts(b, "") != KITH_OK)) {
        kith__buf_free(b);
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    }
    *out = b->data;
    b->data = NULL;
    b->len = b->cap = 0;
    return KITH_OK;
}

kith_code kith__imp_metrics(kith_store *st, int64_t org, int64_t as_of, kith_metrics **m,
                            kith_error *err)
{
    kith_metrics_opts mo;
    memset(&mo, 0, sizeof mo);
    mo.as_of = as_of;
    mo.allow_empty = 1;
    return kith_metrics_open(st, org, &mo, m, err);
}

kith_window kith__imp_period(const kith_metrics *m)
{
    int64_t at = kith_metrics_as_of(m);
    double days = kith_metrics_param(m, "period_days");
    kith_window w = {at - (int64_t)llround(days * 86400.0), at};
    return w;
}

int kith__imp_grow(void **arr, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap)
        return 0;
    size_t ncap = *cap ? *cap * 2 : 16;
    void *p = realloc(*arr, ncap * elem);
    if (!p)
        return -1;
    *arr = p;
    *cap = ncap;
    return 0;
}

/* ------------------------------------------------------------ SVG */

kith_code kith__svg_open(kith_buf *b, const char *id, int w, int h, const char *title)
{
    kith_code rc =
        kith__buf_printf(b,
                         "<svg id=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" "
                         "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
                         "aria-label=\"",
                         id, w, h, w, h);
    if (rc == KITH_OK)
        rc = kith__buf_xml(b, title);
    if (rc == KITH_OK)
        rc = kith__buf_printf(b,
                              "\" font-family=\"sans-serif\"><rect width=\"%d\" "
                              "height=\"%d\" fill=\"#fff\"/><text x=\"%d\" y=\"16\" "
                              "text-anchor=\"middle\" font-size=\"13\">",
                              w, h, w / 2);
    if (rc == KITH_OK)
        rc = kith__buf_xml(b, title);
    return rc == KITH_OK ? kith__buf_puts(b, "</text>") : rc;
}

kith_code kith__svg_close(kith_buf *b)
{
    return kith__buf_puts(b, "</svg>\n");
}
