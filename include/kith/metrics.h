/* The KPI engine: every metric of docs/metrics.md (the contract is the
 * shared METRICS.md), one function per metric, computed over a snapshot of
 * one org's data loaded once (kith_metrics_open). A metric with too little
 * data is "n/a" with the reason (kith_value.ok == 0), never 0. */
#ifndef KITH_METRICS_H
#define KITH_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "kith/error.h"
#include "kith/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One metric value. When ok is 0 the value is n/a and why says what is
 * missing ("no customers purchased in the previous period", ...). n is the
 * number of observations behind the value (its denominator); lo/hi a 95%
 * interval when has_ci. */
typedef struct kith_value {
    int ok;
    double v;
    int64_t n;
    int has_ci;
    double lo, hi;
    char why[160];
} kith_value;

/* A value that is known. */
KITH_API kith_value kith_value_of(double v, int64_t n);
/* An n/a value with the reason (printf-style). */
KITH_API kith_value kith_value_na(const char *fmt, ...) KITH_PRINTF(1, 2);

#ifdef __cplusplus
}
#endif
#endif
