/* Timestamp parsing for the formats real exports write (see timeparse.h).
 * A small hand scanner rather than strptime: strptime accepts day 31 of
 * February and silently ignores zones, which would corrupt imported data. */
#include "core/timeparse.h"
#include "kith/time.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

int64_t kith__days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void kith__civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yy + (*m <= 2));
}

char *kith__time_iso(int64_t t, char *buf)
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t sec = t - days * 86400;
    int y;
    unsigned m, d;
    kith__civil_from_days(days, &y, &m, &d);
    snprintf(buf, 32, "%04d-%02u-%02uT%02d:%02d:%02dZ", y % 10000, m % 13u, d % 32u,
             (int)(sec / 3600) % 24, (int)(sec / 60 % 60), (int)(sec % 60));
    return buf;
}

char *kith__time_date(int64_t t, char *buf)
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int y;
    unsigned m, d;
    kith__civil_from_days(days, &y, &m, &d);
    snprintf(buf, 32, "%04d-%02u-%02u", y % 10000, m % 13u, d % 32u);
    return buf;
}

/* ---------------------------------------------------------------- scanner */

typedef struct {
    const char *p;
} scan;

static void skip_ws(scan *s)
{
    while (*s->p == ' ' || *s->p == '\t')
        s->p++;
}

/* Reads between min and max digits; returns -1 when fewer than min. */
static long digits(scan *s, int min, int max)
{
    long v = 0;
    int n = 0;
    while (n < max && isdigit((unsigned char)s->p[n])) {
        v = v * 10 + (s->p[n] - '0');
        n++;
    }
    if (n < min)
        return -1;
    s->p += n;
    return v;
}

static int days_in_month(long y, long m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

static const char *const month_names[] = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

static long month_name(scan *s)
{
    size_t n = 0;
    while (isalpha((unsigned char)s->p[n]))
        n++;
    if (n < 3)
        return -1;
    for (int i = 0; i < 12; i++) {
        size_t full = strlen(month_names[i]);
        if ((n == 3 || n == full || (i == 8 && n == 4)) && n <= full &&
            strncasecmp(s->p, month_names[i], n) == 0) {
            s->p += n;
            if (*s->p == '.')
                s->p++;
            return i + 1;
        }
    }
    return -1;
}

typedef struct {
    long y, mo, d, h, mi, sec;
    int has_time;
    int has_zone;
    long zone_sec; /* offset east of UTC */
    double frac;
    int ask; /* an ambiguous day/month order that the caller must decide */
} fields;

/* Time of day: H:MM[:SS[.fff]] [AM|PM]. Returns 0 ok, -1 bad. */
static int time_of_day(scan *s, fields *f, const char **why)
{
    long h = digits(s, 1, 2);
    if (h < 0 || *s->p != ':') {
        *why = "expected a time as HH:MM";
        return -1;
    }
    s->p++;
    long mi = digits(s, 2, 2);
    if (mi < 0) {
        *why = "expected two digits of minutes";
        return -1;
    }
    long sec = 0;
    if (*s->p == ':') {
        s->p++;
        sec = digits(s, 2, 2);
        if (sec < 0) {
            *why = "expected two digits of seconds";
            return -1;
        }
        if (*s->p == '.' || *s->p == ',') {
            s->p++;
            double scale = 0.1, fr = 0;
            if (!isdigit((unsigned char)*s->p)) {
                *why = "expected digits after the decimal point";
                return -1;
            }
            while (isdigit((unsigned char)*s->p)) {
                fr += (*s->p - '0') * scale;
                scale /= 10;
                s->p++;
            }
            f->frac = fr;
        }
    }
    scan look = *s;
    skip_ws(&look);
    if ((look.p[0] == 'A' || look.p[0] == 'a' || look.p[0] == 'P' || look.p[0] == 'p') &&
        (look.p[1] == 'M' || look.p[1] == 'm') && !isalpha((unsigned char)look.p[2])) {
        int pm = look.p[0] == 'P' || look.p[0] == 'p';
        if (h < 1 || h > 12) {
            *why = "hour must be 1-12 with AM/PM";
            return -1;
        }
        h = (h % 12) + (pm ? 12 : 0);
        s->p = look.p + 2;
    }
    if (h > 23 || mi > 59 || sec > 60) {
        *why = "time of day out of range";
        return -1;
    }
    f->h = h;
    f->mi = mi;
    f->sec = sec == 60 ? 59 : sec;
    f->has_time = 1;
    return 0;
}

/* Zone: Z | UTC | GMT | [GMT|UTC]±H[H][[:]MM]. Returns 0 ok/absent, -1 bad. */
static int zone(scan *s, fields *f, const char **why)
{
    skip_ws(s);
    if (*s->p == 'Z' || *s->p == 'z') {
        s->p++;
        f->has_zone = 1;
        f->zone_sec = 0;
        return 0;
    }
    if (strncasecmp(s->p, "GMT", 3) == 0 || strncasecmp(s->p, "UTC", 3) == 0) {
        s->p += 3;
        f->has_zone = 1;
        f->zone_sec = 0;
        if (*s->p != '+' && *s->p != '-')
            return 0;
    }
    if (*s->p != '+' && *s->p != '-')
        return 0;
    int sign = *s->p == '-' ? -1 : 1;
    s->p++;
    const char *start = s->p;
    long hh, mm = 0;
    long v = digits(s, 1, 4);
    if (v < 0) {
        *why = "expected a UTC offset like +01:00";
        return -1;
    }
    if (s->p - start == 4) {
        hh = v / 100;
        mm = v % 100;
    } else if (s->p - start == 3) {
        *why = "UTC offset must be +H, +HH, +HHMM or +HH:MM";
        return -1;
    } else {
        hh = v;
        if (*s->p == ':') {
            s->p++;
            mm = digits(s, 2, 2);
            if (mm < 0) {
                *why = "expected two digits of offset minutes";
                return -1;
            }
        }
    }
    if (hh > 14 || mm > 59) {
        *why = "UTC offset out of range";
        return -1;
    }
    f->has_zone = 1;
    f->zone_sec = sign * (hh * 3600 + mm * 60);
    return 0;
}

static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;

/* mktime with a DST guess, kept only when the instant reads back as the
 * same wall time: mktime silently moves a time in the spring-forward gap
 * by an hour, which would misdate imported rows. Call with TZ set. */
static int wall_to_utc(const fields *f, int isdst, time_t *out)
{
    struct tm tm, back;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = (int)f->y - 1900;
    tm.tm_mon = (int)f->mo - 1;
    tm.tm_mday = (int)f->d;
    tm.tm_hour = (int)f->h;
    tm.tm_min = (int)f->mi;
    tm.tm_sec = (int)f->sec;
    tm.tm_isdst = isdst;
    time_t t = mktime(&tm);
    if (t == (time_t)-1 || !localtime_r(&t, &back))
        return -1;
    if (back.tm_year != (int)f->y - 1900 || back.tm_mon != (int)f->mo - 1 ||
        back.tm_mday != (int)f->d || back.tm_hour != (int)f->h ||
        back.tm_min != (int)f->mi || back.tm_sec != (int)f->sec)
        return -1;
    *out = t;
    return 0;
}

/* TZ is process state: every switch to an org's zone happens under tz_lock,
 * between zone_enter and zone_leave, which put the caller's TZ back. When
 * TZ already names the zone nothing is switched (zone_enter returns
 * NO_SWITCH). Other threads may read the environment meanwhile (kith
 * serve's workers, SQLite's temporary files): setenv replacing an existing
 * TZ is one pointer store (glibc keeps every value it made), but adding or
 * removing the variable moves environ, so kith serve pins TZ before its
 * threads start (kith__time_pin_tz) and the library reads variables on a
 * request path through kith__env_get, under the same lock. */
static char no_switch;
#define NO_SWITCH (&no_switch)

static char *zone_enter(const char *tz)
{
    pthread_mutex_lock(&tz_lock);
    const char *old = getenv("TZ");
    if (old && !strcmp(old, tz))
        return NO_SWITCH;
    char *saved = old ? strdup(old) : NULL;
    setenv("TZ", tz, 1);
    tzset();
    return saved;
}

static void zone_leave(char *saved)
{
    if (saved != NO_SWITCH) {
        if (saved) {
            setenv("TZ", saved, 1);
            free(saved);
        } else {
            unsetenv("TZ");
        }
        tzset();
    }
    pthread_mutex_unlock(&tz_lock);
}

void kith__time_pin_tz(void)
{
    pthread_mutex_lock(&tz_lock);
    /* Unset TZ means the system's zone, /etc/localtime; ":/etc/localtime"
     * names the same file (glibc), so times read as before. */
    if (!getenv("TZ")) {
        setenv("TZ", ":/etc/localtime", 1);
        tzset();
    }
    pthread_mutex_unlock(&tz_lock);
}

const char *kith__env_get(const char *name, char *out, size_t n)
{
    pthread_mutex_lock(&tz_lock);
    const char *v = getenv(name);
    snprintf(out, n, "%s", v ? v : "");
    pthread_mutex_unlock(&tz_lock);
    return out;
}

/* Local wall time in an IANA zone to UTC, through the C library's zone
 * database. A wall time that does not exist (DST gap) fails; one that
 * exists twice (DST end) takes the earlier instant, so the result does not
 * depend on libc. */
static int local_to_utc(const fields *f, const char *tz, int64_t *out)
{
    char *saved = zone_enter(tz);
    time_t std = 0, dst = 0;
    int has_std = wall_to_utc(f, 0, &std) == 0;
    int has_dst = wall_to_utc(f, 1, &dst) == 0;
    zone_leave(saved);
    if (!has_std && !has_dst)
        return -1;
    if (has_std && has_dst)
        *out = (int64_t)(std < dst ? std : dst);
    else
        *out = (int64_t)(has_std ? std : dst);
    return 0;
}

const char kith__time_why_ambiguous[] = "the day and the month could be either way round";

/* Two-digit years, as spreadsheets write them (11/29/24): 69-99 are
 * 1969-1999 and 00-68 are 2000-2068, the POSIX strptime %y rule. A
 * community's data is recent, and the rule stays right until 2069. */
static long full_year(long y, int ndigits)
{
    if (ndigits != 2)
        return y;
    return y >= 69 ? 1900 + y : 2000 + y;
}

/* D Mon YYYY, D-Mon-YY (Excel's "29-Nov-24"), D Month YYYY: the day is
 * already read into f->d; s points at the separator. 0 ok, -1 bad. */
static int day_month_name(scan *s, fields *f, const char **why)
{
    char sep = *s->p;
    s->p++;
    skip_ws(s);
    f->mo = month_name(s);
    if (f->mo < 0 || (*s->p != sep && *s->p != ' ' && *s->p != ',')) {
        *why = "expected a date like '5 Mar 2024' or '5-Mar-24'";
        return -1;
    }
    if (*s->p == ',')
        s->p++;
    if (*s->p == '-')
        s->p++;
    skip_ws(s);
    const char *ys = s->p;
    long y = digits(s, 2, 4);
    if (y < 0 || s->p - ys == 3) {
        *why = "expected a year of two or four digits";
        return -1;
    }
    f->y = full_year(y, (int)(s->p - ys));
    return 0;
}

/* A/B/YY[YY], A-B-YYYY or D.M.YY[YY], with a already read and s at the
 * separator. Which of A and B is the month: dots are always day first (as
 * German, Swiss and Nordic spreadsheets write them); with slashes and
 * dashes a number above 12 says it, else order does (*shape tells the
 * caller which case it was). 0 ok, -1 bad. */
static int numeric_date(scan *s, fields *f, long a, int order, const char **why,
                        int *shape)
{
    char sep = *s->p++;
    long b = digits(s, 1, 2);
    if (b < 0 || *s->p != sep) {
        *why = sep == '.' ? "expected a date as D.M.YYYY" : "expected a date as M/D/YYYY";
        return -1;
    }
    s->p++;
    const char *ys = s->p;
    long y = digits(s, 2, 4);
    int ny = (int)(s->p - ys);
    if (y < 0 || ny == 3 || isdigit((unsigned char)*s->p)) {
        *why = "expected a year of two or four digits";
        return -1;
    }
    if (sep == '-' && ny == 2) {
        /* 05-03-24 could as well be year-month-day. */
        *why = "a date with dashes needs a four-digit year (5-3-2024)";
        return -1;
    }
    f->y = full_year(y, ny);
    if (sep == '.') {
        f->d = a;
        f->mo = b;
        return 0;
    }
    if (a > 12 && b > 12) {
        *why = "neither of the first two numbers can be a month";
        return -1;
    }
    int first_is_day;
    if (a > 12) {
        *shape = KITH_SHAPE_DMY;
        first_is_day = 1;
    } else if (b > 12) {
        *shape = KITH_SHAPE_MDY;
        first_is_day = 0;
    } else if (a == b) {
        first_is_day = 0; /* 5/5/24: the same either way */
    } else {
        *shape = KITH_SHAPE_AMBIGUOUS;
        /* Without an order the rest is still checked (month first, as
         * either order gives a valid date): the caller learns whether
         * the value is only ambiguous or wrong anyway. */
        f->ask = order != KITH_DATE_MDY && order != KITH_DATE_DMY;
        first_is_day = order == KITH_DATE_DMY;
    }
    f->d = first_is_day ? a : b;
    f->mo = first_is_day ? b : a;
    return 0;
}

kith_code kith__time_parse(const char *str, const char *tz, int64_t *out,
                           const char **why)
{
    return kith__time_parse_order(str, tz, KITH_DATE_MDY, out, why, NULL);
}

kith_code kith__time_parse_order(const char *str, const char *tz, int order, int64_t *out,
                                 const char **why, int *shape)
{
    static const char *dummy;
    int shape_local = KITH_SHAPE_NONE;
    if (!why)
        why = &dummy;
    if (!shape)
        shape = &shape_local;
    *why = NULL;
    *shape = KITH_SHAPE_NONE;
    if (!str) {
        *why = "empty timestamp";
        return KITH_EINPUT;
    }
    scan s = {str};
    skip_ws(&s);
    if (!*s.p) {
        *why = "empty timestamp";
        return KITH_EINPUT;
    }
    fields f;
    memset(&f, 0, sizeof f);

    const char *start = s.p;
    if (isalpha((unsigned char)*s.p)) {
        /* Mar 5, 2024 [2:22 PM] */
        f.mo = month_name(&s);
        skip_ws(&s);
        f.d = digits(&s, 1, 2);
        if (*s.p == ',')
            s.p++;
        skip_ws(&s);
        f.y = digits(&s, 4, 4);
        if (f.mo < 0 || f.d < 0 || f.y < 0) {
            *why = "expected a date like 'Mar 5, 2024'";
            return KITH_EINPUT;
        }
    } else {
        long a = digits(&s, 1, 10);
        size_t alen = (size_t)(s.p - start);
        if (a < 0) {
            *why = "expected a date";
            return KITH_EINPUT;
        }
        if (alen >= 9 && (*s.p == '\0' || *s.p == '.')) {
            /* Epoch seconds, possibly with a fraction (Slack ts). */
            if (*s.p == '.') {
                s.p++;
                while (isdigit((unsigned char)*s.p))
                    s.p++;
            }
            skip_ws(&s);
            if (*s.p) {
                *why = "unexpected text after epoch seconds";
                return KITH_EINPUT;
            }
            *out = a;
            return KITH_OK;
        }
        if (alen == 4 && (*s.p == '-' || *s.p == '/')) {
            char sep = *s.p++;
            f.y = a;
            f.mo = digits(&s, 1, 2);
            if (f.mo < 0 || *s.p != sep) {
                *why = "expected a date as YYYY-MM-DD";
                return KITH_EINPUT;
            }
            s.p++;
            f.d = digits(&s, 1, 2);
            if (f.d < 0) {
                *why = "expected a day of month";
                return KITH_EINPUT;
            }
        } else if (alen <= 2 && (*s.p == ' ' || *s.p == '-') &&
                   isalpha((unsigned char)s.p[1 + (s.p[1] == ' ')])) {
            f.d = a;
            if (day_month_name(&s, &f, why) != 0)
                return KITH_EINPUT;
        } else if (alen <= 2 && (*s.p == '/' || *s.p == '.' || *s.p == '-')) {
            if (numeric_date(&s, &f, a, order, why, shape) != 0)
                return KITH_EINPUT;
        } else {
            *why = "unrecognised date format (use YYYY-MM-DD or ISO 8601)";
            return KITH_EINPUT;
        }
    }
    if (f.mo < 1 || f.mo > 12) {
        *why = "month out of range";
        return KITH_EINPUT;
    }
    if (f.d < 1 || f.d > days_in_month(f.y, f.mo)) {
        *why = "day out of range for the month";
        return KITH_EINPUT;
    }
    if (f.y < 1900 || f.y > 2200) {
        *why = "year out of range (1900-2200)";
        return KITH_EINPUT;
    }

    if (*s.p == 'T' || *s.p == 't' || *s.p == ' ' || *s.p == ',') {
        scan look = s;
        if (*look.p == ',')
            look.p++;
        if (*look.p == 'T' || *look.p == 't')
            look.p++;
        skip_ws(&look);
        if (isdigit((unsigned char)*look.p)) {
            s = look;
            if (time_of_day(&s, &f, why) != 0)
                return KITH_EINPUT;
        }
    }
    if (zone(&s, &f, why) != 0)
        return KITH_EINPUT;
    skip_ws(&s);
    if (*s.p) {
        *why = "unexpected text after the timestamp";
        return KITH_EINPUT;
    }
    if (f.ask) {
        *why = kith__time_why_ambiguous;
        return KITH_EINPUT;
    }

    if (!f.has_zone && tz && *tz && strcmp(tz, "UTC") != 0) {
        if (local_to_utc(&f, tz, out) != 0) {
            *why = "time does not exist in the organisation's time zone";
            return KITH_EINPUT;
        }
        return KITH_OK;
    }
    int64_t days = kith__days_from_civil(f.y, (unsigned)f.mo, (unsigned)f.d);
    *out = days * 86400 + f.h * 3600 + f.mi * 60 + f.sec - f.zone_sec;
    return KITH_OK;
}

/* ---------------------------------------------------------------- zones */

static int is_utc(const char *tz)
{
    return !tz || !*tz || !strcmp(tz, "UTC");
}

/* UTC offsets of the zones asked last: each entry is a span [lo, hi) of
 * instants over which the zone's offset does not change. Switching TZ
 * (re-reading the zone file) costs tens of microseconds, a lookup in a
 * span nothing; a report or a member list of 500,000 rows asks for a
 * handful of spans. Guarded by tz_lock. */
#define ZONE_SPANS 8
#define ZONE_SCAN_DAYS 400

typedef struct zone_span {
    char tz[64];
    int64_t lo, hi;
    int32_t off;
} zone_span;

static zone_span zone_spans[ZONE_SPANS];
static unsigned zone_next;

static int64_t floor_day(int64_t t)
{
    return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

/* The offset of the zone in force (TZ set) at t, seconds east of UTC. */
static int32_t offset_now(int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!localtime_r(&tt, &tm))
        return 0;
    int64_t wall = kith__days_from_civil(tm.tm_year + 1900, (unsigned)tm.tm_mon + 1,
                                         (unsigned)tm.tm_mday) *
                       86400 +
                   (int64_t)tm.tm_hour * 3600 + (int64_t)tm.tm_min * 60 + tm.tm_sec;
    return (int32_t)(wall - t);
}

/* The first instant after a (where the offset is off) at which it is no
 * longer off, knowing that it differs at b > a. */
static int64_t bisect_change(int64_t a, int64_t b, int32_t off)
{
    while (b - a > 1) {
        int64_t mid = a + (b - a) / 2;
        if (offset_now(mid) == off)
            a = mid;
        else
            b = mid;
    }
    return b;
}

/* The span of constant offset around t, found with TZ set: steps of a day
 * (zones change their offset at most a few times a year, never twice in a
 * day) up to ZONE_SCAN_DAYS each way, then bisection to the second. */
static void span_around(int64_t t, zone_span *z)
{
    z->off = offset_now(t);
    z->hi = t + (int64_t)ZONE_SCAN_DAYS * 86400;
    for (int k = 1; k <= ZONE_SCAN_DAYS; k++)
        if (offset_now(t + (int64_t)k * 86400) != z->off) {
            z->hi = bisect_change(t + (int64_t)(k - 1) * 86400, t + (int64_t)k * 86400,
                                  z->off);
            break;
        }
    z->lo = t - (int64_t)ZONE_SCAN_DAYS * 86400;
    for (int k = 1; k <= ZONE_SCAN_DAYS; k++) {
        int64_t u = t - (int64_t)k * 86400;
        if (offset_now(u) != z->off) {
            /* The last instant with the other offset, plus one. */
            int64_t a = u, b = u + 86400;
            while (b - a > 1) {
                int64_t mid = a + (b - a) / 2;
                if (offset_now(mid) == z->off)
                    b = mid;
                else
                    a = mid;
            }
            z->lo = b;
            break;
        }
    }
}

int32_t kith__time_utc_offset(int64_t t, const char *tz)
{
    if (is_utc(tz) || strlen(tz) >= sizeof zone_spans[0].tz)
        return 0;
    pthread_mutex_lock(&tz_lock);
    for (unsigned i = 0; i < ZONE_SPANS; i++) {
        const zone_span *z = &zone_spans[i];
        if (z->hi > z->lo && t >= z->lo && t < z->hi && !strcmp(z->tz, tz)) {
            int32_t off = z->off;
            pthread_mutex_unlock(&tz_lock);
            return off;
        }
    }
    pthread_mutex_unlock(&tz_lock);
    zone_span z;
    memset(&z, 0, sizeof z);
    snprintf(z.tz, sizeof z.tz, "%s", tz);
    char *saved = zone_enter(tz);
    span_around(t, &z);
    zone_spans[zone_next++ % ZONE_SPANS] = z;
    zone_leave(saved);
    return z.off;
}

void kith__time_local_civil(int64_t t, const char *tz, int *y, unsigned *m, unsigned *d)
{
    kith__civil_from_days(floor_day(t + kith__time_utc_offset(t, tz)), y, m, d);
}

char *kith__time_local_date(int64_t t, const char *tz, char *buf)
{
    return kith__time_date(t + kith__time_utc_offset(t, tz), buf);
}

char *kith_time_date(int64_t t, const char *tz, char out[32])
{
    return kith__time_local_date(t, tz, out);
}

char *kith_time_datetime(int64_t t, const char *tz, char out[32])
{
    char iso[32];
    kith__time_iso(t + kith__time_utc_offset(t, tz), iso);
    snprintf(out, 32, "%.10s %.5s", iso, iso + 11);
    return out;
}

int64_t kith__time_local_midnight(int y, unsigned m, unsigned d, const char *tz)
{
    int64_t days = kith__days_from_civil(y, m, d);
    if (is_utc(tz))
        return days * 86400;
    /* The first instant of the local day: 00:00, or the end of a DST gap
     * in the zones that spring forward at midnight. */
    fields f;
    memset(&f, 0, sizeof f);
    f.y = y;
    f.mo = m;
    f.d = d;
    int64_t out;
    for (f.h = 0; f.h < 3; f.h++)
        if (local_to_utc(&f, tz, &out) == 0)
            return out;
    return days * 86400;
}

int64_t kith__time_local_midnight_after(int64_t t, const char *tz)
{
    int y;
    unsigned m, d;
    kith__time_local_civil(t, tz, &y, &m, &d);
    int64_t next = kith__days_from_civil(y, m, d) + 1;
    kith__civil_from_days(next, &y, &m, &d);
    return kith__time_local_midnight(y, m, d, tz);
}

/* ---------------------------------------------------------------- order */

/* Zones of countries whose spreadsheets write the day first (the United
 * Kingdom, Europe, Australia, New Zealand, India, most of Latin America,
 * Africa and Asia outside East Asia), and of those that write the month
 * first (the United States and its territories, the Philippines). A zone
 * named by a prefix ("Europe/") covers all the zones under it. Zones of
 * countries that write dates year first or both ways (Canada, China,
 * Japan, Korea, South Africa, ...) are in neither list. */
static const char *const dmy_zones[] = {"Europe/",
                                        "Australia/",
                                        "Indian/",
                                        "Africa/",
                                        "America/Argentina/",
                                        "Atlantic/",
                                        "Pacific/Auckland",
                                        "Pacific/Chatham",
                                        "Pacific/Fiji",
                                        "Pacific/Port_Moresby",
                                        "Pacific/Guadalcanal",
                                        "Pacific/Noumea",
                                        "Pacific/Tahiti",
                                        "Pacific/Apia",
                                        "Pacific/Tongatapu",
                                        "NZ",
                                        "GB",
                                        "Eire",
                                        "Asia/Kolkata",
                                        "Asia/Calcutta",
                                        "Asia/Karachi",
                                        "Asia/Dhaka",
                                        "Asia/Colombo",
                                        "Asia/Kathmandu",
                                        "Asia/Katmandu",
                                        "Asia/Dubai",
                                        "Asia/Muscat",
                                        "Asia/Riyadh",
                                        "Asia/Qatar",
                                        "Asia/Kuwait",
                                        "Asia/Bahrain",
                                        "Asia/Aden",
                                        "Asia/Baghdad",
                                        "Asia/Jerusalem",
                                        "Asia/Tel_Aviv",
                                        "Asia/Beirut",
                                        "Asia/Amman",
                                        "Asia/Damascus",
                                        "Asia/Nicosia",
                                        "Asia/Famagusta",
                                        "Asia/Singapore",
                                        "Asia/Kuala_Lumpur",
                                        "Asia/Kuching",
                                        "Asia/Jakarta",
                                        "Asia/Makassar",
                                        "Asia/Jayapura",
                                        "Asia/Pontianak",
                                        "Asia/Bangkok",
                                        "Asia/Ho_Chi_Minh",
                                        "Asia/Saigon",
                                        "Asia/Phnom_Penh",
                                        "Asia/Vientiane",
                                        "Asia/Hong_Kong",
                                        "Asia/Macau",
                                        "Asia/Yangon",
                                        "Asia/Rangoon",
                                        "Asia/Brunei",
                                        "Asia/Dili",
                                        "Asia/Tbilisi",
                                        "Asia/Baku",
                                        "Asia/Yerevan",
                                        "Asia/Tashkent",
                                        "Asia/Samarkand",
                                        "Asia/Almaty",
                                        "Asia/Bishkek",
                                        "Asia/Dushanbe",
                                        "Asia/Ashgabat",
                                        "Asia/Kabul",
                                        "Asia/Thimphu",
                                        "Asia/Istanbul",
                                        "America/Mexico_City",
                                        "America/Cancun",
                                        "America/Merida",
                                        "America/Monterrey",
                                        "America/Matamoros",
                                        "America/Chihuahua",
                                        "America/Ciudad_Juarez",
                                        "America/Ojinaga",
                                        "America/Hermosillo",
                                        "America/Mazatlan",
                                        "America/Bahia_Banderas",
                                        "America/Tijuana",
                                        "America/Bogota",
                                        "America/Lima",
                                        "America/Santiago",
                                        "America/Punta_Arenas",
                                        "America/Buenos_Aires",
                                        "America/Cordoba",
                                        "America/Sao_Paulo",
                                        "America/Bahia",
                                        "America/Fortaleza",
                                        "America/Recife",
                                        "America/Maceio",
                                        "America/Belem",
                                        "America/Manaus",
                                        "America/Cuiaba",
                                        "America/Campo_Grande",
                                        "America/Porto_Velho",
                                        "America/Boa_Vista",
                                        "America/Rio_Branco",
                                        "America/Araguaina",
                                        "America/Santarem",
                                        "America/Noronha",
                                        "America/Eirunepe",
                                        "America/Caracas",
                                        "America/Montevideo",
                                        "America/Asuncion",
                                        "America/La_Paz",
                                        "America/Guayaquil",
                                        "America/Guatemala",
                                        "America/Costa_Rica",
                                        "America/El_Salvador",
                                        "America/Tegucigalpa",
                                        "America/Managua",
                                        "America/Panama",
                                        "America/Havana",
                                        "America/Santo_Domingo",
                                        "America/Jamaica",
                                        "America/Port_of_Spain",
                                        "America/Barbados",
                                        "America/Guyana",
                                        "America/Paramaribo",
                                        "America/Cayenne",
                                        NULL};

static const char *const mdy_zones[] = {"US/",
                                        "America/Indiana/",
                                        "America/Kentucky/",
                                        "America/North_Dakota/",
                                        "America/New_York",
                                        "America/Chicago",
                                        "America/Denver",
                                        "America/Los_Angeles",
                                        "America/Phoenix",
                                        "America/Anchorage",
                                        "America/Juneau",
                                        "America/Sitka",
                                        "America/Yakutat",
                                        "America/Nome",
                                        "America/Metlakatla",
                                        "America/Adak",
                                        "America/Boise",
                                        "America/Detroit",
                                        "America/Menominee",
                                        "America/Indianapolis",
                                        "America/Louisville",
                                        "America/Puerto_Rico",
                                        "America/St_Thomas",
                                        "Pacific/Honolulu",
                                        "Pacific/Guam",
                                        "Pacific/Saipan",
                                        "Pacific/Pago_Pago",
                                        "Asia/Manila",
                                        NULL};

/* South Africa and its neighbours inside Africa/ write year first. */
static const char *const ymd_exceptions[] = {"Africa/Johannesburg", "Africa/Maseru",
                                             "Africa/Mbabane", NULL};

static int zone_listed(const char *tz, const char *const *list)
{
    for (int i = 0; list[i]; i++) {
        size_t n = strlen(list[i]);
        if (list[i][n - 1] == '/' ? strncmp(tz, list[i], n) == 0
                                  : strcmp(tz, list[i]) == 0)
            return 1;
    }
    return 0;
}

int kith__time_zone_order(const char *tz)
{
    if (!tz || !*tz || zone_listed(tz, ymd_exceptions))
        return KITH_DATE_ASK;
    if (zone_listed(tz, mdy_zones))
        return KITH_DATE_MDY;
    if (zone_listed(tz, dmy_zones))
        return KITH_DATE_DMY;
    return KITH_DATE_ASK;
}

int kith_time_parse_duration(const char *s, double *days)
{
    if (!s || !*s)
        return -1;
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno || !(v >= 0) || v > 1e6)
        return -1;
    double unit = 1;
    if (!strcmp(end, "d") || !strcmp(end, "days"))
        unit = 1;
    else if (!strcmp(end, "w") || !strcmp(end, "weeks"))
        unit = 7;
    else if (!strcmp(end, "m") || !strcmp(end, "months"))
        unit = 365.25 / 12;
    else if (!strcmp(end, "y") || !strcmp(end, "years"))
        unit = 365.25;
    else
        return -1;
    *days = v * unit;
    return 0;
}
