/* Parse helpers the adapters share: times (with the day/month order of
 * numeric dates decided per file), numbers, whole numbers, activity types.
 * Each reports a bad value through kith__imp_bad. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/norm.h"
#include "core/timeparse.h"
#include "ingest/ingest_int.h"

/* ================================================================ parsing */

static int isdigit_c(char c)
{
    return c >= '0' && c <= '9';
}

kith_code kith__imp_time(kith_importer *imp, const char *col, const char *raw,
                         int64_t *out)
{
    const char *why = NULL;
    if (kith__time_parse(raw, imp->orginfo.timezone, out, &why) != KITH_OK)
        return kith__imp_bad(imp, col, "'%.60s' is not a date/time: %s", raw ? raw : "",
                             why ? why : "unrecognised");
    return KITH_OK;
}

kith_code kith__imp_number(kith_importer *imp, const char *col, const char *raw,
                           double *out)
{
    char buf[64];
    if (kith__blank(raw))
        return kith__imp_bad(imp, col, "a number is required here");
    /* Drop thousands separators and a leading currency sign as shops write
     * them ("$1,234.50"); a comma decimal separator is not guessed. */
    size_t j = 0;
    const char *p = raw;
    while (*p == ' ')
        p++;
    int neg = 0;
    if (*p == '-') {
        neg = 1;
        p++;
    }
    if (*p == '$' || (unsigned char)*p == 0xE2 || (unsigned char)*p == 0xC2) {
        /* "$", or the UTF-8 euro (E2 82 AC) and pound (C2 A3) signs */
        if (*p == '$')
            p++;
        else if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x82 &&
                 (unsigned char)p[2] == 0xAC)
            p += 3;
        else if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA3)
            p += 2;
    }
    if (neg)
        buf[j++] = '-';
    for (; *p && j + 1 < sizeof buf; p++) {
        if (*p == ',' && p[1] && p[2] && p[3] && isdigit_c(p[1]) && isdigit_c(p[2]) &&
            isdigit_c(p[3]))
            continue;
        buf[j++] = *p;
    }
    buf[j] = '\0';
    while (j && buf[j - 1] == ' ')
        buf[--j] = '\0';
    char *end = NULL;
    errno = 0;
    double v = strtod(buf, &end);
    if (end == buf || *end || errno == ERANGE || v != v || v > 1e15 || v < -1e15)
        return kith__imp_bad(imp, col, "'%.60s' is not a number", raw);
    *out = v;
    return KITH_OK;
}

kith_code kith__imp_int(kith_importer *imp, const char *col, const char *raw,
                        int64_t *out)
{
    double v = 0;
    kith_code rc = kith__imp_number(imp, col, raw, &v);
    if (rc != KITH_OK)
        return rc;
    if (v != (double)(int64_t)v || v < 0)
        return kith__imp_bad(imp, col, "'%.60s' is not a whole number >= 0", raw);
    *out = (int64_t)v;
    return KITH_OK;
}

static const char *const activity_types[] = {"purchase",
                                             "refund",
                                             "event_attend",
                                             "post",
                                             "reply",
                                             "reaction",
                                             "mention",
                                             "volunteer",
                                             "donation",
                                             "idea",
                                             "feedback",
                                             "review",
                                             "referral",
                                             "survey_response",
                                             "workshop",
                                             "sponsorship_touch",
                                             "email_open",
                                             "email_click",
                                             "web_visit",
                                             "supply",
                                             NULL};

int kith__activity_type_known(const char *type)
{
    for (int i = 0; activity_types[i]; i++)
        if (strcmp(type, activity_types[i]) == 0)
            return 1;
    return 0;
}
