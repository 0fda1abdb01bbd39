/* kith__time_parse against epoch values worked out by hand:
 * 2024-01-01 is day 19723 (54 years, 13 leap days since 1970), so
 * 2024-03-05 is day 19723 + 31 + 29 + 4 = 19787 and 00:00Z is
 * 19787 * 86400 = 1709596800; 14:22:01 adds 51721 s. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testutil.h"

#include "core/timeparse.h"
#include "kith/time.h"

#define MAR5 1709596800LL /* 2024-03-05T00:00:00Z */
#define HMS(h, m, s) ((h)*3600LL + (m)*60LL + (s))

static void ok(const char *s, const char *tz, int64_t want)
{
    int64_t got = -1;
    const char *why = NULL;
    kith_code rc = kith__time_parse(s, tz, &got, &why);
    if (rc != KITH_OK)
        fprintf(stderr, "'%s' (%s) rejected: %s\n", s, tz ? tz : "-", why);
    assert_int_equal(rc, KITH_OK);
    if (got != want)
        fprintf(stderr, "'%s' (%s): got %lld want %lld\n", s, tz ? tz : "-",
                (long long)got, (long long)want);
    assert_int_equal(got, want);
}

static void bad(const char *s, const char *tz, const char *why_part)
{
    int64_t got = 12345;
    const char *why = NULL;
    kith_code rc = kith__time_parse(s, tz, &got, &why);
    if (rc != KITH_EINPUT)
        fprintf(stderr, "'%s' accepted as %lld\n", s ? s : "(null)", (long long)got);
    assert_int_equal(rc, KITH_EINPUT);
    assert_non_null(why);
    if (why_part && !strstr(why, why_part))
        fprintf(stderr, "'%s': reason '%s' lacks '%s'\n", s, why, why_part);
    if (why_part)
        assert_non_null(strstr(why, why_part));
    assert_int_equal(got, 12345); /* output untouched on failure */
}

static void test_iso(void **state)
{
    (void)state;
    ok("2024-03-05", NULL, MAR5);
    ok("2024-03-05", "UTC", MAR5);
    ok("2024-3-5", NULL, MAR5);
    ok("2024-03-05T14:22:01Z", NULL, MAR5 + HMS(14, 22, 1));
    ok("2024-03-05T14:22:01z", NULL, MAR5 + HMS(14, 22, 1));
    ok("2024-03-05T14:22Z", NULL, MAR5 + HMS(14, 22, 0));
    ok("2024-03-05T14:22:01.123Z", NULL, MAR5 + HMS(14, 22, 1));
    ok("2024-03-05T14:22:01,999999Z", NULL, MAR5 + HMS(14, 22, 1));
    ok("2024-03-05T14:22:01+01:00", NULL, MAR5 + HMS(13, 22, 1));
    ok("2024-03-05T14:22:01+0100", NULL, MAR5 + HMS(13, 22, 1));
    ok("2024-03-05T14:22:01+01", NULL, MAR5 + HMS(13, 22, 1));
    ok("2024-03-05T14:22:01-05:30", NULL, MAR5 + HMS(19, 52, 1));
    ok("2024-03-05T00:30:00+01:00", NULL, MAR5 - HMS(0, 30, 0));
    ok("2024-03-05 14:22:01", NULL, MAR5 + HMS(14, 22, 1));
    ok("  2024-03-05T14:22:01Z  ", NULL, MAR5 + HMS(14, 22, 1));
    /* A zone in the value wins over the org's zone. */
    ok("2024-03-05T14:22:01Z", "America/New_York", MAR5 + HMS(14, 22, 1));
    /* Leap day, year ends, epoch. */
    ok("2024-02-29", NULL, 1709164800LL);
    ok("1970-01-01T00:00:00Z", NULL, 0);
    ok("1969-12-31T23:59:59Z", NULL, -1);
    ok("2000-02-29T12:00:00Z", NULL, 951825600LL);
    ok("2023-12-31T23:59:59Z", NULL, 1704067199LL);
}

static void test_shopify_and_forms(void **state)
{
    (void)state;
    /* Shopify "Created at": 14:22:01 at -05:00 is 19:22:01Z. */
    ok("2024-03-05 14:22:01 -0500", NULL, MAR5 + HMS(19, 22, 1));
    ok("2024-03-05 14:22:01 +0000", NULL, MAR5 + HMS(14, 22, 1));
    /* Google Forms "Timestamp": 2:22:01 PM at GMT+1 is 13:22:01Z. */
    ok("2024/03/05 2:22:01 PM GMT+1", NULL, MAR5 + HMS(13, 22, 1));
    ok("2024/03/05 2:22:01 pm GMT-5", NULL, MAR5 + HMS(19, 22, 1));
    ok("2024/03/05 12:05:00 AM GMT", NULL, MAR5 + HMS(0, 5, 0));
    ok("2024/03/05 12:05:00 PM UTC", NULL, MAR5 + HMS(12, 5, 0));
    ok("2024/03/05 9:00:00 AM UTC+05:30", NULL, MAR5 + HMS(3, 30, 0));
}

static void test_us_and_names(void **state)
{
    (void)state;
    ok("3/5/2024", NULL, MAR5);
    ok("03/05/2024", NULL, MAR5);
    ok("3/5/2024 14:22:01", NULL, MAR5 + HMS(14, 22, 1));
    ok("3/5/2024 2:22 PM", NULL, MAR5 + HMS(14, 22, 0));
    ok("12/31/2023 11:59 PM", NULL, 1704067140LL);
    ok("Mar 5, 2024", NULL, MAR5);
    ok("mar 5 2024", NULL, MAR5);
    ok("March 5, 2024", NULL, MAR5);
    ok("Mar. 5, 2024", NULL, MAR5);
    ok("Mar 5, 2024 2:22 PM", NULL, MAR5 + HMS(14, 22, 0));
    ok("March 05, 2024, 2:22:01 PM", NULL, MAR5 + HMS(14, 22, 1));
    ok("Sept 30, 2024", NULL, 1727654400LL);
    ok("Sep 30, 2024", NULL, 1727654400LL);
    ok("December 25, 2023 12:00 AM", NULL, 1703462400LL);
}

static void test_epoch(void **state)
{
    (void)state;
    ok("1709647321", NULL, 1709647321LL);
    ok("1709647321.123456", NULL, 1709647321LL); /* Slack ts */
    ok("1355517523.000005", NULL, 1355517523LL);
    ok("999999999", NULL, 999999999LL);
    /* The zone does not apply to an instant. */
    ok("1709647321", "Europe/Berlin", 1709647321LL);
    bad("1709647321abc", NULL, NULL);
    bad("1709647321.5x", NULL, "after epoch");
}

static void test_org_timezone(void **state)
{
    (void)state;
    /* Berlin is +01:00 in winter, +02:00 from 2024-03-31 02:00 to
     * 2024-10-27 03:00; New York -05:00 until 2024-03-10. */
    ok("2024-03-05 14:22:01", "Europe/Berlin", MAR5 + HMS(13, 22, 1));
    ok("2024-03-05 14:22:01", "America/New_York", MAR5 + HMS(19, 22, 1));
    ok("2024-03-05", "Europe/Berlin", MAR5 - HMS(1, 0, 0));
    ok("3/5/2024 2:22 PM", "America/New_York", MAR5 + HMS(19, 22, 0));
    ok("Mar 5, 2024", "Asia/Tokyo", MAR5 - HMS(9, 0, 0));
    ok("2024-07-01 12:00", "Europe/Berlin", 1719828000LL); /* 10:00Z, summer */
    /* Spring forward: 2024-03-31T00:00Z is 1711843200. */
    ok("2024-03-31 01:59:59", "Europe/Berlin", 1711843200LL + HMS(0, 59, 59));
    ok("2024-03-31 03:00:00", "Europe/Berlin", 1711843200LL + HMS(1, 0, 0));
    bad("2024-03-31 02:30:00", "Europe/Berlin", "does not exist");
    /* Fall back: 2024-10-27T00:00Z is 1729987200; 02:30 happens twice
     * (00:30Z in summer time, 01:30Z in winter time): the first is taken. */
    ok("2024-10-27 01:30:00", "Europe/Berlin", 1729987200LL - HMS(0, 30, 0));
    ok("2024-10-27 02:30:00", "Europe/Berlin", 1729987200LL + HMS(0, 30, 0));
    ok("2024-10-27 03:30:00", "Europe/Berlin", 1729987200LL + HMS(2, 30, 0));
    /* New York 2024-03-10 02:30 does not exist either. */
    bad("2024-03-10 02:30", "America/New_York", "does not exist");
    ok("2024-03-10 03:30", "America/New_York", 1710055800LL);
    /* The process TZ is left as it was. */
    assert_null(getenv("TZ"));
}

static void test_rejects(void **state)
{
    (void)state;
    bad(NULL, NULL, "empty");
    bad("", NULL, "empty");
    bad("   ", NULL, "empty");
    bad("garbage", NULL, NULL);
    bad("yesterday", NULL, NULL);
    bad("2024-02-30", NULL, "day out of range");
    bad("2023-02-29", NULL, "day out of range");
    bad("2024-04-31", NULL, "day out of range");
    bad("2024-00-10", NULL, "month out of range");
    bad("2024-13-01", NULL, "month out of range");
    /* A number above 12 can only be the day: 13/1/2024 is 13 January
     * (test_spreadsheet_dates); two numbers above 12 are no date. */
    bad("13/13/2024", NULL, "can be a month");
    bad("2024-03-05 25:00", NULL, "out of range");
    bad("2024-03-05 24:00", NULL, "out of range");
    bad("2024-03-05 12:60", NULL, "out of range");
    bad("2024-03-05 13:00 PM", NULL, "1-12");
    bad("2024-03-05 0:10 AM", NULL, "1-12");
    bad("2024-03-05 14", NULL, NULL);
    bad("2024-03-05T14:2", NULL, "minutes");
    bad("2024-03-05T14:22:1", NULL, "seconds");
    bad("2024-03-05T14:22:01.", NULL, "decimal");
    bad("2024-03-05T14:22:01+25:00", NULL, "offset out of range");
    bad("2024-03-05T14:22:01+123", NULL, "UTC offset");
    bad("2024-03-05T14:22:01 EST", NULL, "unexpected text");
    bad("2024-03-05 xyz", NULL, "unexpected text");
    bad("3/5/202", NULL, "two or four digits");
    bad("3/5/20245", NULL, "two or four digits");
    bad("5-3-24", NULL, "four-digit year");
    bad("20240305", NULL, "unrecognised");
    bad("5 Foo 2024", NULL, "5 Mar 2024");
    bad("Foo 5, 2024", NULL, "Mar 5, 2024");
    bad("Mar 32, 2024", NULL, "day out of range");
    bad("1899-12-31", NULL, "year out of range");
    bad("2201-01-01", NULL, "year out of range");
    bad("2024-03", NULL, NULL);
}

static void ok_order(const char *s, int order, int64_t want, int want_shape)
{
    int64_t got = -1;
    const char *why = NULL;
    int shape = -1;
    kith_code rc = kith__time_parse_order(s, NULL, order, &got, &why, &shape);
    if (rc != KITH_OK || got != want || shape != want_shape)
        fprintf(stderr,
                "'%s' order %d: rc %d (%s) got %lld shape %d, want %lld shape %d\n", s,
                order, rc, why ? why : "-", (long long)got, shape, (long long)want,
                want_shape);
    assert_int_equal(rc, KITH_OK);
    assert_int_equal(got, want);
    assert_int_equal(shape, want_shape);
}

/* Dates as spreadsheet programs rewrite them. 2024-11-29 is day
 * 19723 (2024-01-01) + 305 (Jan..Oct: 31+29+31+30+31+30+31+31+30+31) + 28 =
 * 20056, so 00:00Z is 20056 * 86400 = 1732838400 and 22:28 adds 80880. */
#define NOV29 1732838400LL
/* 2024-05-03 is MAR5 + 26 (rest of March) + 30 (April) + 3 = MAR5 + 59 days. */
#define MAY3 (MAR5 + 59 * 86400LL)

static void test_spreadsheet_dates(void **state)
{
    (void)state;
    /* The Eventbrite report saved again by Excel (US): M/D/YY H:MM. */
    ok_order("11/29/24 22:28", KITH_DATE_ASK, NOV29 + HMS(22, 28, 0), KITH_SHAPE_MDY);
    ok_order("11/29/24 22:28:05", KITH_DATE_DMY, NOV29 + HMS(22, 28, 5), KITH_SHAPE_MDY);
    ok_order("11/29/2024 10:28 PM", KITH_DATE_ASK, NOV29 + HMS(22, 28, 0),
             KITH_SHAPE_MDY);
    /* The same in a UK spreadsheet: D/M/YY; a day above 12 says it. */
    ok_order("29/11/24 22:28", KITH_DATE_ASK, NOV29 + HMS(22, 28, 0), KITH_SHAPE_DMY);
    ok_order("29/11/24 22:28", KITH_DATE_MDY, NOV29 + HMS(22, 28, 0), KITH_SHAPE_DMY);
    ok_order("29/11/2024", KITH_DATE_ASK, NOV29, KITH_SHAPE_DMY);
    ok_order("29-11-2024 22:28", KITH_DATE_ASK, NOV29 + HMS(22, 28, 0), KITH_SHAPE_DMY);
    /* Dots are always day first (German, Swiss, Nordic spreadsheets). */
    ok_order("29.11.24 22:28", KITH_DATE_ASK, NOV29 + HMS(22, 28, 0), KITH_SHAPE_NONE);
    ok_order("3.5.2024", KITH_DATE_MDY, MAY3, KITH_SHAPE_NONE);
    /* Month names are never ambiguous. */
    ok_order("29-Nov-24 22:28", KITH_DATE_ASK, NOV29 + HMS(22, 28, 0), KITH_SHAPE_NONE);
    ok_order("29 Nov 2024 10:28 pm", KITH_DATE_ASK, NOV29 + HMS(22, 28, 0),
             KITH_SHAPE_NONE);
    ok_order("29 November 2024", KITH_DATE_ASK, NOV29, KITH_SHAPE_NONE);
    ok_order("5 Mar 2024", KITH_DATE_ASK, MAR5, KITH_SHAPE_NONE);
    /* Both numbers 12 or less: the order decides. */
    ok_order("3/5/24", KITH_DATE_MDY, MAR5, KITH_SHAPE_AMBIGUOUS);
    ok_order("3/5/24", KITH_DATE_DMY, MAY3, KITH_SHAPE_AMBIGUOUS);
    ok_order("03/05/2024 00:00", KITH_DATE_DMY, MAY3, KITH_SHAPE_AMBIGUOUS);
    /* The same either way round. */
    ok_order("5/5/24", KITH_DATE_ASK, MAY3 + 2 * 86400LL, KITH_SHAPE_NONE);
    /* Without an order an ambiguous date fails, saying so, unless
     * something else is wrong with it. */
    int64_t t = 7;
    const char *why = NULL;
    int shape = -1;
    assert_int_equal(
        kith__time_parse_order("3/5/24 2:22 PM", NULL, KITH_DATE_ASK, &t, &why, &shape),
        KITH_EINPUT);
    assert_ptr_equal(why, kith__time_why_ambiguous);
    assert_int_equal(shape, KITH_SHAPE_AMBIGUOUS);
    assert_int_equal(t, 7);
    assert_int_equal(
        kith__time_parse_order("3/5/24 25:00", NULL, KITH_DATE_ASK, &t, &why, &shape),
        KITH_EINPUT);
    assert_ptr_not_equal(why, kith__time_why_ambiguous);
    assert_non_null(strstr(why, "out of range"));
    /* kith__time_parse reads month first, as before. */
    ok("3/5/24", NULL, MAR5);
    ok("13/1/2024", NULL, 1705104000LL); /* 2024-01-01 + 12 days */
    /* Two-digit years: 69-99 are 19xx, 00-68 are 20xx (POSIX %y).
     * 1999-12-31 is the day before 2000-01-01 = 10957 days = 946684800;
     * 2068-01-02: 98 years after 1970 with 24 leap days (1972..2064) is
     * 35794 days, + 1 = 35795 * 86400 = 3092688000; 1969-01-02 is 364
     * days before the epoch. */
    ok("12/31/99", NULL, 946684800LL - 86400);
    ok("1/2/68", NULL, 3092688000LL);
    ok("1/2/69", NULL, -364 * 86400LL);
}

static void test_zone_order(void **state)
{
    (void)state;
    assert_int_equal(kith__time_zone_order("Europe/London"), KITH_DATE_DMY);
    assert_int_equal(kith__time_zone_order("Europe/Paris"), KITH_DATE_DMY);
    assert_int_equal(kith__time_zone_order("Australia/Sydney"), KITH_DATE_DMY);
    assert_int_equal(kith__time_zone_order("Africa/Nairobi"), KITH_DATE_DMY);
    assert_int_equal(kith__time_zone_order("America/Argentina/Cordoba"), KITH_DATE_DMY);
    assert_int_equal(kith__time_zone_order("America/Chicago"), KITH_DATE_MDY);
    assert_int_equal(kith__time_zone_order("America/Indiana/Knox"), KITH_DATE_MDY);
    assert_int_equal(kith__time_zone_order("Asia/Manila"), KITH_DATE_MDY);
    /* Not clear: both orders in use, or year first. */
    assert_int_equal(kith__time_zone_order("America/Toronto"), KITH_DATE_ASK);
    assert_int_equal(kith__time_zone_order("Asia/Tokyo"), KITH_DATE_ASK);
    assert_int_equal(kith__time_zone_order("Africa/Johannesburg"), KITH_DATE_ASK);
    assert_int_equal(kith__time_zone_order("UTC"), KITH_DATE_ASK);
    assert_int_equal(kith__time_zone_order(NULL), KITH_DATE_ASK);
    /* A prefix names a folder, not the start of a name. */
    assert_int_equal(kith__time_zone_order("Europe"), KITH_DATE_ASK);
}

static void test_civil_and_format(void **state)
{
    (void)state;
    assert_int_equal(kith__days_from_civil(1970, 1, 1), 0);
    assert_int_equal(kith__days_from_civil(2024, 3, 5), 19787);
    assert_int_equal(kith__days_from_civil(2000, 3, 1), 11017);
    assert_int_equal(kith__days_from_civil(1969, 12, 31), -1);
    int y;
    unsigned m, d;
    kith__civil_from_days(19787, &y, &m, &d);
    assert_int_equal(y, 2024);
    assert_int_equal(m, 3);
    assert_int_equal(d, 5);
    kith__civil_from_days(-1, &y, &m, &d);
    assert_int_equal(y, 1969);
    assert_int_equal(m, 12);
    assert_int_equal(d, 31);
    char buf[32];
    assert_string_equal(kith__time_iso(MAR5 + HMS(14, 22, 1), buf),
                        "2024-03-05T14:22:01Z");
    assert_string_equal(kith__time_iso(-1, buf), "1969-12-31T23:59:59Z");
    assert_string_equal(kith__time_date(MAR5 + HMS(23, 59, 59), buf), "2024-03-05");
    assert_string_equal(kith__time_date(-86400, buf), "1969-12-31");
}

/* Offsets and local dates in zones with summer time, by hand:
 * 2025-01-01 is day 20089 (2024-01-01 = 19723, + 366).
 * London: BST from 2025-03-30 01:00Z (day 20089+31+28+29 = 20177:
 * 1743292800 + 3600 = 1743296400) to 2025-10-26 01:00Z (day 20089 + 273 +
 * 25 = 20387: 1761436800 + 3600 = 1761440400). The first instant of
 * April in London is 2025-03-31T23:00Z = 20178 * 86400 + 82800 =
 * 1743462000, the start of the "2025-04" that was shown as 2025-03-31.
 * Lord Howe Island leaves +11 for +10:30 at 2025-04-06 02:00 local =
 * 2025-04-05T15:00Z = 20183 * 86400 + 54000 = 1743865200. */
static void test_local_dates(void **state)
{
    (void)state;
    char buf[32];
    const char *L = "Europe/London";
    assert_int_equal(kith__time_utc_offset(1743296399, L), 0);
    assert_int_equal(kith__time_utc_offset(1743296400, L), 3600);
    assert_int_equal(kith__time_utc_offset(1761440399, L), 3600);
    assert_int_equal(kith__time_utc_offset(1761440400, L), 0);
    assert_string_equal(kith__time_local_date(1743462000, L, buf), "2025-04-01");
    assert_string_equal(kith__time_local_date(1743462000 - 1, L, buf), "2025-03-31");
    assert_string_equal(kith__time_date(1743462000, buf), "2025-03-31");
    assert_string_equal(kith_time_date(1743462000, L, buf), "2025-04-01");
    assert_string_equal(kith_time_datetime(1743462000 + 90, L, buf), "2025-04-01 00:01");
    assert_string_equal(kith_time_datetime(1743462000, "UTC", buf), "2025-03-31 23:00");
    assert_string_equal(kith_time_date(1743462000, NULL, buf), "2025-03-31");
    int y;
    unsigned m, d;
    kith__time_local_civil(1743462000, L, &y, &m, &d);
    assert_true(y == 2025 && m == 4 && d == 1);
    assert_int_equal(kith__time_local_midnight(2025, 4, 1, L), 1743462000);
    const char *H = "Australia/Lord_Howe";
    assert_int_equal(kith__time_utc_offset(1743865199, H), 39600);
    assert_int_equal(kith__time_utc_offset(1743865200, H), 37800);
    /* Both ends of a cached span are exact: Paris changes at the same
     * instants as London (+1 h / +2 h); each span is found from an instant
     * days away from the change, then the seconds around it are asked. */
    const char *P = "Europe/Paris";
    assert_int_equal(kith__time_utc_offset(1761440400 + 5 * 86400, P), 3600);
    assert_int_equal(kith__time_utc_offset(1761440399, P), 7200);
    assert_int_equal(kith__time_utc_offset(1761440400, P), 3600);
    assert_int_equal(kith__time_utc_offset(1743296400 - 5 * 86400, P), 3600);
    assert_int_equal(kith__time_utc_offset(1743296399, P), 3600);
    assert_int_equal(kith__time_utc_offset(1743296400, P), 7200);
    /* An unknown zone reads as UTC. */
    assert_int_equal(kith__time_utc_offset(1743296400, "Nowhere/Atlantis"), 0);
}

/* The cached offsets against the C library asked directly (TZ set for each
 * instant), for instants from 1990 to 2037 in six zones asked in random
 * order, so that spans are found, reused and evicted. */
static int32_t libc_offset(int64_t t, const char *tz)
{
    setenv("TZ", tz, 1);
    tzset();
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    int64_t wall = kith__days_from_civil(tm.tm_year + 1900, (unsigned)tm.tm_mon + 1,
                                         (unsigned)tm.tm_mday) *
                       86400 +
                   tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
    unsetenv("TZ");
    tzset();
    return (int32_t)(wall - t);
}

static void test_offset_cache(void **state)
{
    (void)state;
    static const char *const zones[] = {"Europe/London",       "America/New_York",
                                        "Australia/Lord_Howe", "Asia/Kolkata",
                                        "America/Sao_Paulo",   "Pacific/Apia"};
    uint64_t x = 88172645463325252ULL;
    int64_t lo = 631152000, span = 2145916800 - 631152000; /* 1990 .. 2038 */
    int64_t last = lo;
    for (int i = 0; i < 4000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        const char *tz = zones[x % 6];
        /* Half the instants near the previous one (within a day), so the
         * cached span is hit, the rest anywhere. */
        int64_t t = (x >> 8) % 2 ? last + (int64_t)((x >> 16) % 86400)
                                 : lo + (int64_t)((x >> 16) % (uint64_t)span);
        last = t;
        int32_t want = libc_offset(t, tz), got = kith__time_utc_offset(t, tz);
        if (want != got)
            fail_msg("%s at %lld: cached %d, libc %d", tz, (long long)t, got, want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_iso),
        cmocka_unit_test(test_shopify_and_forms),
        cmocka_unit_test(test_us_and_names),
        cmocka_unit_test(test_epoch),
        cmocka_unit_test(test_org_timezone),
        cmocka_unit_test(test_rejects),
        cmocka_unit_test(test_civil_and_format),
        cmocka_unit_test(test_local_dates),
        cmocka_unit_test(test_offset_cache),
        cmocka_unit_test(test_spreadsheet_dates),
        cmocka_unit_test(test_zone_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
