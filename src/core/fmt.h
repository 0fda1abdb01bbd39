/* Number formatting shared by the text renderers (report, impact views):
 * thousands separators as people read amounts. */
#ifndef KITH_CORE_FMT_H
#define KITH_CORE_FMT_H

#include <stddef.h>

/* v with `decimals` decimals and ',' between thousands ("-1,234.50") into
 * buf of size n; returns buf. */
char *kith__fmt_thousands(char *buf, size_t n, double v, int decimals);

#endif
