/* The reader behind the generic import formats (generic.c) and the rates
 * format (rates.c): a CSV or JSON Lines file whose columns are matched by
 * name (case and ' ', '-', '_' alike, with aliases; --map renames), each
 * record handed to a row function through the importer's row protocol. */
#ifndef KITH_INGEST_GENERIC_H
#define KITH_INGEST_GENERIC_H

#include "ingest/ingest_int.h"

#define GMAX 40

/* A column the format knows: name, '|'-separated aliases (or NULL), and
 * whether the header must have it. */
typedef struct gfield {
    const char *name;
    const char *aliases;
    int required;
} gfield;

/* One record: v[i] the value of field i (NULL when blank or absent),
 * vcol[i] the column name as the file spells it; the unknown columns when
 * the format keeps them. Borrowed for the call of the row function. */
typedef struct grec {
    const char *v[GMAX];
    const char *vcol[GMAX]; /* the column name as the file spells it */
    const char *xname[256]; /* extra columns */
    const char *xval[256];
    int nx;
} grec;

typedef kith_code (*grow_fn)(kith_importer *imp, const grec *r);

/* Read path (JSON Lines when it ends in .jsonl, .ndjson or .json, else
 * CSV) with the nf fields f; allow_extra keeps unknown columns in the
 * record instead of refusing them. */
kith_code kith__gen_run(kith_importer *imp, const char *path, const gfield *f, int nf,
                        int allow_extra, grow_fn fn);

#endif
