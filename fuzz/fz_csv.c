/* Fuzz target: the CSV reader over arbitrary bytes. Besides not crashing,
 * it checks what a caller relies on: records start on increasing lines,
 * a record has at least one field, and an error carries FILE:LINE and
 * KITH_EINPUT. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kith_csv *c = NULL;
    kith_error err;
    kith_error_clear(&err);
    if (kith__csv_open_mem((const char *)data, size, "fz.csv", &c, &err) != KITH_OK)
        return 0;
    long last = 0;
    for (;;) {
        char **f = NULL;
        int n = 0;
        long line = 0;
        int got = kith__csv_next(c, &f, &n, &line, &err);
        if (got == 0)
            break;
        if (got < 0) {
            if (err.code != KITH_EINPUT || strncmp(err.where, "fz.csv:", 7) != 0)
                abort();
            break;
        }
        if (n < 1 || line <= last)
            abort();
        for (int i = 0; i < n; i++)
            if (!f[i])
                abort();
        last = line;
    }
    uint64_t done, total;
    kith__csv_progress(c, &done, &total);
    if (done > total)
        abort();
    kith__csv_close(c);
    return 0;
}
