/* The generic formats' reader, shared by generic.c (members, activities,
 * initiatives, ...) and the formats of other areas that read the same
 * way (generic_outcomes.c): columns matched by name or alias, CSV or JSON
 * Lines by the file's extension, one callback per row. */
#ifndef KITH_GENERIC_INT_H
#define KITH_GENERIC_INT_H

#include "ingest/ingest_int.h"

#define GMAX 40

typedef struct kith__gfield {
    const char *name;
    const char *aliases; /* '|' separated, may be NULL */
    int required;
} kith__gfield;

typedef struct kith__grec {
    const char *v[GMAX];    /* NULL when blank or missing */
    const char *vcol[GMAX]; /* the column name as the file spells it */
    const char *xname[256]; /* extra columns */
    const char *xval[256];
    int nx;
} kith__grec;

typedef kith_code (*kith__grow_fn)(kith_importer *imp, const kith__grec *r);

/* Read the CSV or JSON Lines file at path with the fields f[0..nf)
 * (unknown columns refused) and call fn for each row inside the importer's
 * row protocol. */
kith_code kith__gen_run(kith_importer *imp, const char *path, const kith__gfield *f,
                        int nf, kith__grow_fn fn);

#endif
