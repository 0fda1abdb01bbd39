/* Header handling for the real-export CSV adapters (see xcsv.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/norm.h"
#include "ingest/xcsv.h"

kith_code kith__xcsv_open(kith_importer *imp, const char *path, kith_xcsv *x)
{
    memset(x, 0, sizeof *x);
    kith_code rc = kith__csv_open(path, imp->display, &x->csv, imp->err);
    if (rc != KITH_OK)
        return rc;
    imp->date_scan = 1; /* dates that need the file's order: see kith__imp_time */
    char **fields = NULL;
    int n = 0;
    long line = 0;
    int got = kith__csv_next(x->csv, &fields, &n, &line, imp->err);
    if (got < 0)
        return KITH_EINPUT;
    if (got == 0)
        return kith_error_set_at(imp->err, KITH_EINPUT, imp->display, 1,
                                 "the file is empty: expected a header line");
    x->header = calloc((size_t)n, sizeof *x->header);
    if (!x->header)
        return kith_error_set(imp->err, KITH_ENOMEM, "out of memory");
    x->nh = n;
    x->header_line = line;
    for (int i = 0; i < n; i++) {
        x->header[i] = strdup(fields[i]);
        if (!x->header[i])
            return kith_error_set(imp->err, KITH_ENOMEM, "out of memory");
        kith__trim(x->header[i]);
    }
    return KITH_OK;
}

int kith__xcsv_col(const kith_xcsv *x, const char *name)
{
    for (int i = 0; i < x->nh; i++)
        if (strcasecmp(x->header[i], name) == 0)
            return i;
    return -1;
}

kith_code kith__xcsv_need(kith_importer *imp, const kith_xcsv *x, const char *name,
                          int *idx)
{
    *idx = kith__xcsv_col(x, name);
    if (*idx >= 0)
        return KITH_OK;
    imp->line = x->header_line ? x->header_line : 1;
    return kith__imp_bad(imp, name,
                         "required column is missing from the header (is this "
                         "the right export for format %s?)",
                         imp->opts->format);
}

int kith__xcsv_next(kith_xcsv *x, kith_importer *imp, char ***fields, int *n, long *line)
{
    int got = kith__csv_next(x->csv, fields, n, line, imp->err);
    if (got > 0) {
        uint64_t done, total;
        kith__csv_progress(x->csv, &done, &total);
        kith__imp_progress(imp, done, total);
    }
    return got;
}

kith_code kith__xcsv_check_width(kith_importer *imp, const kith_xcsv *x, int n)
{
    /* A ragged row is an error: padding it would silently shift an unquoted
     * "1,234.50" into the next column. */
    if (n == x->nh)
        return KITH_OK;
    return kith__imp_bad(imp, NULL,
                         "row has %d fields but the header has %d; check for an "
                         "unquoted comma or a missing field",
                         n, x->nh);
}

const char *kith__xcsv_val(char *const *fields, int idx)
{
    if (idx < 0 || kith__blank(fields[idx]))
        return NULL;
    return fields[idx];
}

void kith__xcsv_close(kith_xcsv *x)
{
    if (x->header)
        for (int i = 0; i < x->nh; i++)
            free(x->header[i]);
    free(x->header);
    kith__csv_close(x->csv);
    memset(x, 0, sizeof *x);
}
