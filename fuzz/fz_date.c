/* Fuzz target: the timestamp parser on a NUL-terminated copy of the
 * input, in UTC and in a zone with daylight saving time. Invariants: an
 * accepted UTC value, written back as ISO 8601, parses to the same
 * instant; a rejected one always says why. With the day/month order
 * (spreadsheet dates, kith__time_parse_order): a value accepted without
 * an order reads the same in either order; one refused as ambiguous is
 * read in both orders, and the two readings differ. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeparse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256)
        return 0; /* real timestamps are short; keep iterations fast */
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    int64_t t = 0;
    const char *why = NULL;
    if (kith__time_parse(s, NULL, &t, &why) == KITH_OK) {
        char iso[32];
        int64_t back = 0;
        /* Epoch seconds may lie outside the years ISO output covers. */
        if (t >= -2208988800LL && t < 7258118400LL) {
            kith__time_iso(t, iso);
            if (kith__time_parse(iso, NULL, &back, &why) != KITH_OK || back != t)
                abort();
        }
    } else if (!why) {
        abort();
    }
    why = NULL;
    if (kith__time_parse(s, "Europe/Berlin", &t, &why) != KITH_OK && !why)
        abort();
    int64_t a = 0, m = 0, d = 0;
    int shape = -1;
    kith_code ra = kith__time_parse_order(s, NULL, KITH_DATE_ASK, &a, &why, &shape);
    kith_code rm = kith__time_parse_order(s, NULL, KITH_DATE_MDY, &m, NULL, NULL);
    kith_code rd = kith__time_parse_order(s, NULL, KITH_DATE_DMY, &d, NULL, NULL);
    if (ra == KITH_OK && (rm != KITH_OK || rd != KITH_OK || a != m || a != d))
        abort();
    if (ra != KITH_OK && why == kith__time_why_ambiguous &&
        (shape != KITH_SHAPE_AMBIGUOUS || rm != KITH_OK || rd != KITH_OK || m == d))
        abort();
    free(s);
    return 0;
}
