/* Helpers shared by the adapters for real tools' CSV exports (Shopify,
 * Eventbrite, Google Forms): the header is read once and columns are found
 * by their name as the tool writes it, never by position. */
#ifndef KITH_INGEST_XCSV_H
#define KITH_INGEST_XCSV_H

#include "ingest/ingest_int.h"

typedef struct kith_xcsv {
    kith_csv *csv;
    char **header; /* the header's names, trimmed (owned) */
    int nh;
    long header_line;
} kith_xcsv;

/* Open path and read its header. On error the struct is left closed
 * (kith__xcsv_close is still safe). Errors: KITH_EINPUT (empty file, bad
 * quoting), KITH_EIO, KITH_ENOMEM. */
kith_code kith__xcsv_open(kith_importer *imp, const char *path, kith_xcsv *x);
/* Index of the column whose name equals name ignoring case and surrounding
 * white space, or -1. */
int kith__xcsv_col(const kith_xcsv *x, const char *name);
/* Like kith__xcsv_col, but a missing column is an error naming it
 * (FILE:LINE of the header). */
kith_code kith__xcsv_need(kith_importer *imp, const kith_xcsv *x, const char *name,
                          int *idx);
/* Next record, as kith__csv_next (1, 0 at end, -1 with err set). */
int kith__xcsv_next(kith_xcsv *x, kith_importer *imp, char ***fields, int *n, long *line);
/* Report a record whose field count differs from the header's. Returns
 * KITH_OK when it matches, else KITH_EINPUT through kith__imp_bad. */
kith_code kith__xcsv_check_width(kith_importer *imp, const kith_xcsv *x, int n);
/* The value of column idx, or NULL when the column is absent (idx < 0) or
 * the value blank. Borrowed from fields. */
const char *kith__xcsv_val(char *const *fields, int idx);
void kith__xcsv_close(kith_xcsv *x);

#endif
