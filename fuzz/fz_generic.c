/* Fuzz target for the generic import formats (members, activities,
 * initiatives, ideas, social_posts, web_sessions, rates, outcomes) as CSV
 * and as JSON Lines: generic.c, generic_rows.c, rates.c, currency.c, generic_outcomes.c
 * with the outcome parser of src/impact/, and the JSON Lines reader
 * jsonlread.c. (The real-export CSV
 * adapters are fz_export_csv's, the JSON ones fz_slack's and fz_discord's.)
 * The first byte of the input picks the format, the file type and whether
 * bad rows go to a reject file; the rest is the file.
 * Checks: no crash or sanitizer report, no internal or database error, a
 * refused import changes nothing, and in reject mode every row read is
 * either imported, already there or rejected. */
#include <stdint.h>

#include "fuzz_store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct {
    const char *format;
    const char *ext;
} kinds[] = {
    {"members", "csv"},        {"members", "jsonl"},    {"activities", "csv"},
    {"activities", "jsonl"},   {"initiatives", "csv"},  {"initiatives", "jsonl"},
    {"ideas", "csv"},          {"ideas", "jsonl"},      {"social_posts", "csv"},
    {"social_posts", "jsonl"}, {"web_sessions", "csv"}, {"web_sessions", "jsonl"},
    {"rates", "csv"},          {"rates", "jsonl"},      {"outcomes", "csv"},
    {"outcomes", "jsonl"},
};
#define N_KINDS ((int)(sizeof kinds / sizeof kinds[0]))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int k = (data[0] & 0x7f) % N_KINDS;
    int reject = (data[0] & 0x80) != 0;
    fuzz_store *fs = fuzz_store_get();
    static int have_initiatives;
    if (!have_initiatives) {
        /* Outcomes name initiatives that must exist: two, once. */
        char ip[192];
        snprintf(ip, sizeof ip, "%s/initiatives.csv", fs->dir);
        static const char text[] =
            "name,cost,starts_at\nFair,500,2024-01-01\nGarden,0,\n";
        fuzz_write(ip, (const uint8_t *)text, sizeof text - 1);
        kith_import_opts io;
        memset(&io, 0, sizeof io);
        io.format = "initiatives";
        if (kith_import(fs->st, fs->org, ip, &io, NULL, NULL) != KITH_OK)
            abort();
        have_initiatives = 1;
    }
    char p[192], r[192];
    snprintf(p, sizeof p, "%s/input.%s", fs->dir, kinds[k].ext);
    snprintf(r, sizeof r, "%s/rejects.csv", fs->dir);
    fuzz_write(p, data + 1, size - 1);

    long long before = fuzz_rows(fs);
    kith_import_opts o;
    memset(&o, 0, sizeof o);
    o.format = kinds[k].format;
    o.reject_file = reject ? r : NULL;
    kith_import_result res;
    memset(&res, 0, sizeof res);
    kith_error err;
    kith_error_clear(&err);
    kith_code rc = kith_import(fs->st, fs->org, p, &o, &res, &err);
    if (rc == KITH_EINTERNAL || rc == KITH_EDB) {
        fprintf(stderr, "unexpected %d: %s: %s\n", (int)rc, err.where, err.msg);
        abort();
    }
    if (rc != KITH_OK && (before < 0 || fuzz_rows(fs) != before))
        abort();
    /* Each row read has exactly one outcome. */
    if (rc == KITH_OK && reject &&
        res.rows_read != res.rows_imported + res.rows_duplicate + res.rows_rejected)
        abort();
    unlink(r);
    return 0;
}
