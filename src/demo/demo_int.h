/* Inside the demo: the impact part of the bakery (demo_impact.c), kept
 * apart from the generator of people and activities (demo.c). */
#ifndef KITH_DEMO_INT_H
#define KITH_DEMO_INT_H

#include <stdint.h>
#include <stdio.h>

#include "kith/store.h"

/* The header of the demo's outcomes file (the outcomes import format). */
#define KITH_DEMO_OUTCOMES_HEADER                                                        \
    "initiative,stakeholder,outcome,indicator,quantity,quantity_from,proxy,proxy_"       \
    "source,"                                                                            \
    "deadweight,displacement,attribution,drop_off,duration"

/* Write the outcome rows of the bakery's initiatives (quantities x scale). */
void kith__demo_outcome_rows(FILE *f, int scale);
/* The SRCI settings and the stakeholder groups of the bakery. */
kith_code kith__demo_impact_setup(kith_store *st, int64_t org, kith_error *err);

#endif
