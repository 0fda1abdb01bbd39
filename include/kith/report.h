/* The community report: every metric of docs/metrics.md for a period, cut
 * by month/quarter/year and by segment, as one model rendered to a
 * terminal table, JSON (docs/report-schema.json), CSV or a self-contained
 * HTML page with SVG charts. */
#ifndef KITH_REPORT_H
#define KITH_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "kith/error.h"
#include "kith/store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kith_report kith_report;

/* The version of the JSON schema the report follows ("schema_version"). */
#define KITH_REPORT_SCHEMA_VERSION 1

typedef struct kith_report_opts {
    /* Analysis window: P = [from, to), as_of = end of the analysis. Zero
     * with has_* unset means the default (as_of = the org's local midnight
     * after the latest activity, to = as_of, from = to - period_days). */
    int64_t from, to, as_of;
    int has_from, has_to, has_as_of;
    const char *by;      /* NULL, "month", "quarter" or "year" */
    const char *segment; /* NULL, "kind", "level", "tag:<key>", "channel", "rfm",
                            "cluster" or "cluster:<k>" */
    int basic;           /* 1: the foundation sections only */
    int include_team;    /* 1: keep team and bot members in community metrics */
    int64_t now;         /* generated_at; 0 = the current time */
    const char *lexicon; /* VADER lexicon for the sentiment section; NULL =
                            the org's sentiment.lexicon, else the default */
} kith_report_opts;

/* Build the report for org. *out is owned by the caller (kith_report_free).
 * Errors: KITH_EUSAGE (bad period, unknown --by or --segment),
 * KITH_ENODATA (no activities at all, or none in the period),
 * KITH_EDB, KITH_ENOMEM. Time: O(activities log activities) plus
 * O(activities) per period cut. */
KITH_API kith_code kith_report_build(kith_store *st, int64_t org_id,
                                     const kith_report_opts *opts, kith_report **out,
                                     kith_error *err);
KITH_API void kith_report_free(kith_report *rep);

typedef enum kith_report_format {
    KITH_REPORT_TABLE, /* terminal text, at most 100 columns */
    KITH_REPORT_JSON,
    KITH_REPORT_CSV, /* tidy: section,table,row,column,value,unit,n,note */
    KITH_REPORT_HTML /* one self-contained page, SVG charts, no scripts */
} kith_report_format;

/* Parse the value s of a date flag (flag is its name, for the message):
 * any form of the importers (2024-03-05, 2024-03-05T10:00Z, ...), UTC.
 * KITH_EUSAGE with "--from '...': not a date ..." when it does not parse. */
KITH_API kith_code kith_report_parse_time(const char *flag, const char *s, int64_t *out,
                                          kith_error *err);
/* The same in the IANA zone tz: a date without a time is 00:00 there
 * (METRICS.md "Time"); the commands pass the org's zone. */
KITH_API kith_code kith_report_parse_time_tz(const char *flag, const char *s,
                                             const char *tz, int64_t *out,
                                             kith_error *err);

/* Parse "table", "json", "csv" or "html"; -1 when unknown. */
KITH_API int kith_report_format_parse(const char *name);

/* Render rep as text. *out is malloc'ed, NUL-terminated, owned by the
 * caller; *len its length (may be NULL). Errors: KITH_ENOMEM. */
KITH_API kith_code kith_report_render(const kith_report *rep, kith_report_format fmt,
                                      char **out, size_t *len, kith_error *err);

#ifdef __cplusplus
}
#endif
#endif
