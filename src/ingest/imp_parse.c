/* Parse helpers the adapters share: times (with the day/month order of
 * numeric dates decided per file), numbers, whole numbers, activity types.
 * Each reports a bad value through kith__imp_bad. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
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

/* ================================================================ dates */

/* What one value shows about the order of day and month. */
static void evidence(kith_importer *imp, const char *raw, long line)
{
    int64_t t;
    const char *why = NULL;
    int shape = KITH_SHAPE_NONE;
    kith__time_parse_order(raw, NULL, KITH_DATE_ASK, &t, &why, &shape);
    int k = shape == KITH_SHAPE_MDY ? 0 : shape == KITH_SHAPE_DMY ? 1 : -1;
    if (k < 0 || imp->date_value[k][0])
        return;
    imp->date_line[k] = line;
    snprintf(imp->date_value[k], sizeof imp->date_value[k], "%.40s", raw);
}

/* Every field of a CSV file, or every string of a JSON Lines file, read
 * for a value that shows the order: the file is read once more, only when
 * an ambiguous date is met (spreadsheet-written files are small). */
static kith_code scan_file(kith_importer *imp)
{
    kith_error local;
    kith_error_clear(&local);
    if (imp->date_scan == 1) {
        kith_csv *c = NULL;
        if (kith__csv_open(imp->path, imp->display, &c, &local) != KITH_OK)
            return KITH_OK; /* the import itself reports an unreadable file */
        char **f = NULL;
        int n = 0;
        long line = 0;
        while (kith__csv_next(c, &f, &n, &line, &local) > 0 &&
               !(imp->date_value[0][0] && imp->date_value[1][0]))
            for (int i = 0; i < n; i++)
                if (f[i][0] && strlen(f[i]) < 64)
                    evidence(imp, f[i], line);
        kith__csv_close(c);
    } else if (imp->date_scan == 2) {
        kith_jsonl *j = NULL;
        if (kith__jsonl_open(imp->path, imp->display, &j, &local) != KITH_OK)
            return KITH_OK;
        json_t *o = NULL;
        long line = 0;
        int got;
        while ((got = kith__jsonl_next(j, &o, &line, &local)) != 0 &&
               !(imp->date_value[0][0] && imp->date_value[1][0])) {
            const char *k;
            json_t *v;
            if (got > 0)
                json_object_foreach (o, k, v)
                    if (json_is_string(v) && json_string_length(v) < 64)
                        evidence(imp, json_string_value(v), line);
            kith_error_clear(&local);
        }
        kith__jsonl_close(j);
    }
    return KITH_OK;
}

static const char *order_name(int order)
{
    return order == KITH_DATE_DMY ? "day first (D/M/Y)" : "month first (M/D/Y)";
}

/* The order of the file's ambiguous dates: what the file shows, else the
 * date_order setting, else the time zone's country, else month first.
 * KITH_DATE_ASK when the file shows both orders and the setting is auto. */
static int decide_order(kith_importer *imp)
{
    if (!imp->date_scanned) {
        scan_file(imp);
        imp->date_scanned = 1;
    }
    int mdy = imp->date_value[0][0] != '\0', dmy = imp->date_value[1][0] != '\0';
    int order = KITH_DATE_ASK;
    if (mdy != dmy) {
        order = dmy ? KITH_DATE_DMY : KITH_DATE_MDY;
        int k = dmy ? 1 : 0;
        if (!imp->date_noted++)
            kith__imp_note(imp,
                           "dates such as 3/5/24 were read %s: the file shows it (line "
                           "%ld: '%s')%s",
                           order_name(order), imp->date_line[k], imp->date_value[k],
                           imp->date_org && imp->date_org != order
                               ? ", although the organisation's date_order says "
                                 "otherwise"
                               : "");
    } else if (imp->date_org) {
        order = imp->date_org;
        if (!imp->date_noted++)
            kith__imp_note(imp,
                           "dates such as 3/5/24 were read %s, as the organisation's "
                           "date_order says%s",
                           order_name(order),
                           mdy ? " (the file has dates of both orders)" : "");
    } else if (!mdy) {
        const char *why = NULL;
        order = kith_org_date_order(&imp->orginfo, &why) == 'd' ? KITH_DATE_DMY
                                                                : KITH_DATE_MDY;
        if (!imp->date_noted++)
            kith__imp_note(
                imp,
                "dates such as 3/5/24 were read %s (%s); if that is wrong, "
                "set it: kith org set date_order %s, then undo this import and "
                "import the file again",
                order_name(order), why, order == KITH_DATE_DMY ? "mdy" : "dmy");
    }
    imp->date_file = order;
    return order;
}

kith_code kith__imp_time(kith_importer *imp, const char *col, const char *raw,
                         int64_t *out)
{
    const char *why = NULL;
    int shape = KITH_SHAPE_NONE;
    kith_code rc = kith__time_parse_order(raw, imp->orginfo.timezone, imp->date_file, out,
                                          &why, &shape);
    if (shape == KITH_SHAPE_MDY || shape == KITH_SHAPE_DMY)
        evidence(imp, raw, imp->line);
    if (rc != KITH_OK && why == kith__time_why_ambiguous) {
        int order = decide_order(imp);
        if (order == KITH_DATE_ASK)
            return kith__imp_bad(
                imp, col,
                "'%.60s': the day and the month could be either way round, and this "
                "file has dates of both orders (line %ld: '%s' is month first, line "
                "%ld: '%s' day first); the organisation's date_order setting decides: "
                "kith org set date_order mdy (or dmy)",
                raw, imp->date_line[0], imp->date_value[0], imp->date_line[1],
                imp->date_value[1]);
        rc = kith__time_parse_order(raw, imp->orginfo.timezone, order, out, &why, NULL);
    }
    if (rc != KITH_OK)
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
