/* Timestamp parsing and formatting for every date format the importers meet.
 * All instants are seconds since the Unix epoch, UTC. */
#ifndef KITH_CORE_TIMEPARSE_H
#define KITH_CORE_TIMEPARSE_H

#include <stddef.h>
#include <stdint.h>

#include "kith/error.h"

/* Parse s into *out (seconds since epoch, UTC). Accepted forms:
 *   2024-03-05, 2024-03-05T14:22[:01[.123]][Z|+01:00|+0100]
 *   2024-03-05 14:22:01 -0500            (Shopify "Created at")
 *   2024/03/05 2:22:01 PM GMT+1          (Google Forms CSV "Timestamp")
 *   3/5/2024 14:22:01, 3/5/2024 2:22 PM  (US month/day/year)
 *   Mar 5, 2024 2:22 PM, March 5, 2024   (month names)
 *   1355517523.000005                    (epoch seconds, Slack "ts")
 * A value with no zone is local time in tz (IANA name; NULL or "UTC" = UTC);
 * a date with no time is 00:00 local. On failure returns KITH_EINPUT and
 * sets *why (static text) to the reason. Time: O(length of s). */
kith_code kith__time_parse(const char *s, const char *tz, int64_t *out, const char **why);

/* Which of the first two numbers of a numeric date (3/5/24) is the month. */
enum { KITH_DATE_ASK = 0, KITH_DATE_MDY = 1, KITH_DATE_DMY = 2 };
/* What one value shows about that order (*shape of kith__time_parse_order):
 * nothing (not a numeric date with slashes or dashes, or the same either
 * way: 5/5/24), ambiguous (both numbers 12 or less), or the order itself
 * (a number above 12 can only be the day). */
enum { KITH_SHAPE_NONE = 0, KITH_SHAPE_AMBIGUOUS, KITH_SHAPE_MDY, KITH_SHAPE_DMY };
/* The reason given for an ambiguous date parsed with KITH_DATE_ASK. */
extern const char kith__time_why_ambiguous[];

/* kith__time_parse with the day/month order of numeric dates given:
 * besides the forms above, A/B/YY[YY] and A-B-YYYY (A and B day and
 * month in the order the value shows, else in order), D.M.YY[YY] (always
 * day first), 5 Mar 2024 and 5-Mar-24. Two-digit years: 69-99 are
 * 1969-1999, 00-68 are 2000-2068. With KITH_DATE_ASK an ambiguous value
 * fails with *why == kith__time_why_ambiguous when nothing else is wrong
 * with it. *shape (may be NULL) is set even on failure.
 * kith__time_parse is this with KITH_DATE_MDY. Time: O(length of s). */
kith_code kith__time_parse_order(const char *s, const char *tz, int order, int64_t *out,
                                 const char **why, int *shape);

/* The day/month order that the country of IANA zone tz writes (Europe/Paris:
 * day first; America/Chicago: month first), or KITH_DATE_ASK when the
 * zone's country is not one whose order is clear (Canada, Japan, ...). */
int kith__time_zone_order(const char *tz);

/* Days since 1970-01-01 of a proleptic Gregorian date. */
int64_t kith__days_from_civil(int64_t y, unsigned m, unsigned d);
/* Inverse of kith__days_from_civil. */
void kith__civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d);

/* Format t as "YYYY-MM-DDTHH:MM:SSZ" into buf (32 bytes). */
char *kith__time_iso(int64_t t, char *buf);
/* Format t as "YYYY-MM-DD" (UTC) into buf (32 bytes). */
char *kith__time_date(int64_t t, char *buf);

/* The UTC offset (seconds east) of the IANA zone tz at instant t (NULL or
 * "UTC" = 0; an unknown zone reads as UTC). Cached by spans of constant
 * offset, so a lookup is cheap after the first in a span. Thread-safe. */
int32_t kith__time_utc_offset(int64_t t, const char *tz);
/* Set TZ to the system's zone when it is unset, so that switching to an
 * org's zone (which happens under a lock, and only when TZ differs) never
 * adds or removes an environment variable while other threads read the
 * environment. kith serve calls it before its threads start. */
void kith__time_pin_tz(void);
/* getenv(name) copied into out (n bytes; "" when unset), under the lock
 * that guards the TZ switches: the way to read the environment on a
 * server request path. Returns out. */
const char *kith__env_get(const char *name, char *out, size_t n);
/* Format t as "YYYY-MM-DD", its civil date in tz, into buf (32 bytes):
 * the form of every date shown to people (METRICS.md "Time"). */
char *kith__time_local_date(int64_t t, const char *tz, char *buf);
/* The civil date of instant t in the IANA zone tz (NULL or "UTC" = UTC;
 * an unknown zone reads as UTC). */
void kith__time_local_civil(int64_t t, const char *tz, int *y, unsigned *m, unsigned *d);
/* The first instant of local day y-m-d in tz (00:00, or the end of a DST
 * gap at midnight). */
int64_t kith__time_local_midnight(int y, unsigned m, unsigned d, const char *tz);
/* The first local midnight in tz strictly after t. */
int64_t kith__time_local_midnight_after(int64_t t, const char *tz);

#endif
