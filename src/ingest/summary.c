/* The one line that says what an import did, in its own units (kith
 * import prints it; the API's answer to an upload carries it, and the
 * dashboard shows it as it is). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kith/ingest.h"

/* 1382 -> "1,382" (buf of 32). */
static const char *num(int64_t v, char *buf)
{
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%lld", (long long)(v < 0 ? -v : v));
    size_t n = strlen(tmp), j = 0;
    if (v < 0)
        buf[j++] = '-';
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            buf[j++] = ',';
        buf[j++] = tmp[i];
    }
    buf[j] = '\0';
    return buf;
}

/* A plural unit ("activities") for a count: "1 activity". */
static const char *unit(int64_t n, const char *plural, char *buf, size_t cap)
{
    size_t len = strlen(plural);
    if (n != 1 || len < 2 || plural[len - 1] != 's' || len >= cap)
        return plural;
    if (len > 3 && strcmp(plural + len - 3, "ies") == 0)
        snprintf(buf, cap, "%.*sy", (int)(len - 3), plural);
    else
        snprintf(buf, cap, "%.*s", (int)(len - 1), plural);
    return buf;
}

/* Append to out (size n) at *at; stops quietly at the end of out. */
static void add(char *out, size_t n, size_t *at, const char *fmt, ...) KITH_PRINTF(4, 5);
static void add(char *out, size_t n, size_t *at, const char *fmt, ...)
{
    if (*at >= n)
        return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(out + *at, n - *at, fmt, ap);
    va_end(ap);
    *at = k < 0 ? n : *at + (size_t)k;
}

char *kith_import_summary(const char *file, const kith_import_result *r, char *out,
                          size_t n)
{
    char a[32], b[32], u[64];
    size_t at = 0;
    out[0] = '\0';
    add(out, n, &at, "%s: ", file);
    if (r->read_unit[0] && r->read_unit[0][0]) {
        add(out, n, &at, "%s %s", num(r->read[0], a),
            unit(r->read[0], r->read_unit[0], u, sizeof u));
        if (r->read_unit[1] && r->read_unit[1][0])
            add(out, n, &at, ", %s %s", num(r->read[1], b),
                unit(r->read[1], r->read_unit[1], u, sizeof u));
    } else {
        add(out, n, &at, "%s %s", num(r->rows_read, a),
            unit(r->rows_read, "rows", u, sizeof u));
    }
    add(out, n, &at, " read; %s %s imported, %s already there", num(r->rows_imported, a),
        unit(r->rows_imported, r->made_unit && r->made_unit[0] ? r->made_unit : "records",
             u, sizeof u),
        num(r->rows_duplicate, b));
    if (r->skipped)
        add(out, n, &at, ", %s skipped (%s)", num(r->skipped, a), r->skipped_why);
    add(out, n, &at, ", %s rejected; %s new member%s, %s merge%s",
        num(r->rows_rejected, a), num(r->members_created, b),
        r->members_created == 1 ? "" : "s", num(r->merges, a), r->merges == 1 ? "" : "s");
    if (r->warnings)
        add(out, n, &at, ", %s optional field%s left out", num(r->warnings, b),
            r->warnings == 1 ? "" : "s");
    add(out, n, &at, " (batch %lld)", (long long)r->batch_id);
    return out;
}
