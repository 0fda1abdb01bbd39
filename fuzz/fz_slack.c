/* Fuzz target for the slack import. The first byte picks which file of a
 * small export folder the rest of the input becomes (users.json,
 * channels.json or the day file general/2024-03-04.json); the other two
 * keep valid contents. Checks: no crash or sanitizer report, and a refused
 * import changes nothing (fuzz_store.h). */
#include <stdint.h>
#include <sys/stat.h>

#include "fuzz_store.h"

static const char users[] =
    "[{\"id\": \"U1\", \"name\": \"one\", \"profile\": {\"email\": \"one@example.com\"}},"
    " {\"id\": \"U2\", \"is_bot\": true, \"profile\": {\"bot_id\": \"B2\"}}]";
static const char channels[] = "[{\"id\": \"C1\", \"name\": \"general\"}]";
static const char day[] =
    "[{\"type\": \"message\", \"user\": \"U1\", \"ts\": \"1709550000.000100\","
    " \"text\": \"hi <@U2>\", \"thread_ts\": \"1709550000.000100\"},"
    " {\"type\": \"message\", \"user\": \"U2\", \"ts\": \"1709550060.000200\","
    " \"thread_ts\": \"1709550000.000100\", \"reactions\": [{\"name\": \"+1\","
    " \"users\": [\"U1\"]}]}]";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    fuzz_store *fs = fuzz_store_get();
    char root[128], p[192];
    snprintf(root, sizeof root, "%s/export", fs->dir);
    mkdir(root, 0700);
    snprintf(p, sizeof p, "%s/general", root);
    mkdir(p, 0700);
    const char *names[3] = {"users.json", "channels.json", "general/2024-03-04.json"};
    const char *fixed[3] = {users, channels, day};
    int which = data[0] % 3;
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/%s", root, names[i]);
        if (i == which)
            fuzz_write(p, data + 1, size - 1);
        else
            fuzz_write(p, (const uint8_t *)fixed[i], strlen(fixed[i]));
    }
    fuzz_import(fs, "slack", root);
    return 0;
}
