/* Fuzz target for the discord import: the input is a DiscordChatExporter
 * JSON file. Checks: no crash or sanitizer report, and a refused import
 * changes nothing (fuzz_store.h). */
#include <stdint.h>

#include "fuzz_store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_store *fs = fuzz_store_get();
    char p[192];
    snprintf(p, sizeof p, "%s/export.json", fs->dir);
    fuzz_write(p, data, size);
    fuzz_import(fs, "discord", p);
    return 0;
}
