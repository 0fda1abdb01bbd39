/* kith_value constructors (see kith/metrics.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kith/metrics.h"

kith_value kith_value_of(double v, int64_t n)
{
    kith_value out;
    memset(&out, 0, sizeof out);
    out.ok = 1;
    out.v = v;
    out.n = n;
    return out;
}

kith_value kith_value_na(const char *fmt, ...)
{
    kith_value out;
    memset(&out, 0, sizeof out);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out.why, sizeof out.why, fmt, ap);
    va_end(ap);
    return out;
}
