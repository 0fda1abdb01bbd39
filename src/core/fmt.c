/* Number formatting (see fmt.h). */
#include "core/fmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

char *kith__fmt_thousands(char *buf, size_t n, double v, int decimals)
{
    char raw[64];
    snprintf(raw, sizeof raw, "%.*f", decimals, fabs(v));
    char *dot = strchr(raw, '.');
    size_t intlen = dot ? (size_t)(dot - raw) : strlen(raw);
    char outb[96];
    size_t o = 0;
    if (v < 0 && strspn(raw, "0.") != strlen(raw))
        outb[o++] = '-';
    for (size_t i = 0; i < intlen && o + 2 < sizeof outb; i++) {
        outb[o++] = raw[i];
        size_t left = intlen - i - 1;
        if (left && left % 3 == 0)
            outb[o++] = ',';
    }
    snprintf(outb + o, sizeof outb - o, "%s", dot ? dot : "");
    snprintf(buf, n, "%s", outb);
    return buf;
}
