/* Fuzz target for the real-export CSV adapters (shopify-orders, eventbrite,
 * google-forms-nps). The first byte picks the format (% 3), whether bad
 * rows go to a reject file (0x10), and the org's settings that change how
 * rows read: date_order dmy (0x20), time zone Europe/London (0x40), phone
 * code 27 (0x80); the rest is the file. Checks, besides "no crash", that
 * every outcome is a documented code, that a bad-input error names the
 * file and line, that the counts add up, and that a successful import
 * undoes exactly and imports again the same. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kith/kith.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const formats[] = {"shopify-orders", "eventbrite", "google-forms-nps"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    char path[64], rej[64];
    snprintf(path, sizeof path, "/tmp/kith-fz-export-%ld.csv", (long)getpid());
    snprintf(rej, sizeof rej, "/tmp/kith-fz-export-%ld.rej", (long)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data + 1, 1, size - 1, f);
    fclose(f);

    kith_store *st = NULL;
    kith_error err;
    kith_error_clear(&err);
    int64_t org = 0;
    if (kith_store_open(":memory:", &st, &err) != KITH_OK ||
        kith_org_create(st, "fz", (data[0] & 0x40) ? "Europe/London" : "UTC", "EUR", &org,
                        &err) != KITH_OK)
        abort();
    if (((data[0] & 0x20) &&
         kith_org_set(st, org, "date_order", "dmy", &err) != KITH_OK) ||
        ((data[0] & 0x80) &&
         kith_org_set(st, org, "phone_country_code", "27", &err) != KITH_OK))
        abort();
    kith_import_opts o;
    memset(&o, 0, sizeof o);
    o.format = formats[data[0] % 3];
    o.reject_file = (data[0] & 0x10) ? rej : NULL;
    kith_import_result res;
    kith_code rc = kith_import(st, org, path, &o, &res, &err);
    if (rc != KITH_OK && rc != KITH_EINPUT && rc != KITH_EUSAGE)
        abort();
    /* A bad row names FILE:LINE. */
    if (rc == KITH_EINPUT && strncmp(err.where, path, strlen(path)) != 0)
        abort();
    /* Counts in the import's own units add up (one order can make a
     * purchase and a refund, so activities may outnumber rows). */
    if (rc == KITH_OK && (res.read[0] + res.read[1] != res.rows_read ||
                          res.skipped + res.rows_rejected > res.rows_read ||
                          res.nnotes > KITH_IMPORT_NOTES))
        abort();
    if (rc == KITH_OK && (res.rows_imported > 0 || res.members_created > 0)) {
        kith_undo_result u;
        if (kith_import_undo(st, org, res.batch_id, &u, &err) != KITH_OK ||
            u.members_kept != 0 || u.members_left != 0)
            abort();
        kith_import_result again;
        if (kith_import(st, org, path, &o, &again, &err) != KITH_OK ||
            again.rows_imported != res.rows_imported ||
            again.members_created != res.members_created)
            abort();
    }
    kith_store_close(st);
    unlink(path);
    unlink(rej);
    return 0;
}
