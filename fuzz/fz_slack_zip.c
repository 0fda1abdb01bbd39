/* Fuzz target for the slack import of a zipped export: the input is the
 * archive itself, written to export.zip and imported. It exercises the
 * zip backend of src/ingest/ftree.h (libzip's parsing, the entry checks,
 * the top-folder choice, the size limits) and the adapter behind it.
 * Checks: no crash or sanitizer report, no internal or database error,
 * and a refused import changes nothing (fuzz_store.h). The corpus
 * fuzz/corpus/slack_zip holds small valid exports (files at the top, in
 * one top folder with directory entries, with a thread and reactions)
 * written once with Python's zipfile, and an empty archive. */
#include <stdint.h>

#include "fuzz_store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_store *fs = fuzz_store_get();
    char p[192];
    snprintf(p, sizeof p, "%s/export.zip", fs->dir);
    fuzz_write(p, data, size);
    fuzz_import(fs, "slack", p);
    return 0;
}
