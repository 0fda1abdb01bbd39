/* Dates as people read them: an instant (seconds since the epoch, UTC)
 * shown in an organisation's time zone (kith_org.timezone). Every date
 * kith prints for people goes through these; machine-readable instants
 * (JSON "…Z" times) stay in UTC. */
#ifndef KITH_TIME_H
#define KITH_TIME_H

#include <stdint.h>

#include "kith/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* "YYYY-MM-DD": the civil date of t in the IANA zone tz (NULL, "" or "UTC"
 * = UTC; an unknown zone reads as UTC). Writes into out (32 bytes, the
 * caller's) and returns it. Thread-safe; O(1) after the first call for a
 * zone and a stretch of time without an offset change. */
KITH_API char *kith_time_date(int64_t t, const char *tz, char out[32]);
/* "YYYY-MM-DD HH:MM": the wall time of t in tz, as above. */
KITH_API char *kith_time_datetime(int64_t t, const char *tz, char out[32]);
/* A length of time as people write it, a number >= 0 (at most 1e6) and a
 * unit: d or days, w or weeks, m or months (365.25/12 days), y or years
 * (365.25 days): "90d", "52w", "6m". 0 and *days, or -1 when s is not one
 * (the horizons of kith clv / churn and their API routes). */
KITH_API int kith_time_parse_duration(const char *s, double *days);

#ifdef __cplusplus
}
#endif
#endif
