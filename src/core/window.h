/* The analysis window shared by the report and the graph: as_of, and the
 * period P = [from, to), from the flags given and the org's defaults
 * (METRICS.md "Time"). */
#ifndef KITH_CORE_WINDOW_H
#define KITH_CORE_WINDOW_H

#include <stdint.h>

#include "kith/error.h"

typedef struct kith__window_in {
    int64_t from, to, as_of;
    int has_from, has_to, has_as_of;
} kith__window_in;

/* as_of = the flag, else --to, else the first local midnight in tz after
 * latest (the latest activity); to = the flag, else as_of; from = the
 * flag, else to - period_days. KITH_EUSAGE (naming the dates) when from >=
 * to or to > as_of. */
kith_code kith__window_resolve(const kith__window_in *in, int64_t latest, const char *tz,
                               int64_t period_days, int64_t *as_of, int64_t *from,
                               int64_t *to, kith_error *err);

#endif
