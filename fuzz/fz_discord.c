/* Fuzz target for the discord import: the input is a DiscordChatExporter
 * JSON file (odd sizes imported with --include-private). Checks: no crash
 * or sanitizer report, a refused import changes nothing, and a successful
 * one undoes exactly and imports again the same (fuzz_store.h). */
#include <stdint.h>

#include "fuzz_store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_store *fs = fuzz_store_get();
    char p[192];
    snprintf(p, sizeof p, "%s/export.json", fs->dir);
    fuzz_write(p, data, size);
    /* Direct messages are refused unless asked for: both ways. */
    fuzz_import_opts(fs, "discord", p, (int)(size & 1));
    return 0;
}
