/* kith_report_build and kith_report_render: resolves the analysis window
 * (as_of, P, P-1), runs the section builders and dispatches to renderers. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/timeparse.h"
#include "report/report_int.h"
#include "store/st_query.h"
#include "store/store_int.h"

#define DAY 86400

static kith_code resolve_window(kith_report *rep, kith_store *st, int64_t org,
                                const kith_report_opts *o, int64_t period_days,
                                kith_error *err)
{
    int64_t latest = 0;
    kith_code rc = kith__st_latest_activity(st, org, &latest, err);
    if (rc != KITH_OK)
        return rc;
    int64_t as_of = o->has_as_of ? o->as_of
                    : o->has_to  ? o->to
                                 : kith__time_local_midnight_after(latest, rep->tz);
    int64_t to = o->has_to ? o->to : as_of;
    int64_t from = o->has_from ? o->from : to - period_days * DAY;
    char a[32], b[32];
    if (from >= to)
        return kith_error_set(err, KITH_EUSAGE,
                              "--from (%s) must be before --to (%s): the period is "
                              "[from, to)",
                              kith__time_local_date(from, rep->tz, a),
                              kith__time_local_date(to, rep->tz, b));
    if (to > as_of)
        return kith_error_set(err, KITH_EUSAGE,
                              "--to (%s) is after --as-of (%s): the period must end "
                              "by the end of the analysis",
                              kith__time_local_date(to, rep->tz, a),
                              kith__time_local_date(as_of, rep->tz, b));
    rep->as_of = as_of;
    rep->from = from;
    rep->to = to;
    rep->prev_to = from;
    rep->prev_from = from - (to - from);
    return KITH_OK;
}

static kith_code check_opts(const kith_report_opts *o, kith_error *err)
{
    if (o->by && strcmp(o->by, "month") && strcmp(o->by, "quarter") &&
        strcmp(o->by, "year"))
        return kith_error_set(err, KITH_EUSAGE,
                              "--by '%s' is not a period: use month, quarter or year",
                              o->by);
    if (o->segment && strcmp(o->segment, "kind") && strcmp(o->segment, "level") &&
        strcmp(o->segment, "channel") && strcmp(o->segment, "rfm") &&
        strcmp(o->segment, "cluster") && strncmp(o->segment, "cluster:", 8) &&
        (strncmp(o->segment, "tag:", 4) || !o->segment[4]))
        return kith_error_set(err, KITH_EUSAGE,
                              "--segment '%s' is not a segment: use kind, level, "
                              "channel, tag:<attribute>, rfm, cluster or cluster:<k>",
                              o->segment);
    return KITH_OK;
}

kith_code kith_report_build(kith_store *st, int64_t org_id, const kith_report_opts *opts,
                            kith_report **out, kith_error *err)
{
    kith_report_opts none;
    memset(&none, 0, sizeof none);
    const kith_report_opts *o = opts ? opts : &none;
    *out = NULL;
    kith_code rc = check_opts(o, err);
    if (rc != KITH_OK)
        return rc;
    kith_report *rep = calloc(1, sizeof *rep);
    if (!rep)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    kith_org org;
    rc = kith__st_org_by_id(st, org_id, &org, err);
    if (rc != KITH_OK)
        goto done;
    snprintf(rep->org, sizeof rep->org, "%s", org.name);
    snprintf(rep->currency, sizeof rep->currency, "%s", org.currency);
    snprintf(rep->tz, sizeof rep->tz, "%s", org.timezone);
    snprintf(rep->by, sizeof rep->by, "%s", o->by ? o->by : "");
    snprintf(rep->segment, sizeof rep->segment, "%s", o->segment ? o->segment : "");
    rep->generated_at = o->now ? o->now : (int64_t)time(NULL);
    int64_t period_days = 365;
    char val[64];
    if (kith__st_config_get(st, org_id, "period_days", val, sizeof val, NULL) == KITH_OK)
        period_days = atoll(val) > 0 ? atoll(val) : 365;
    rc = kith__st_bulk_read(st, err);
    if (rc == KITH_OK)
        rc = resolve_window(rep, st, org_id, o, period_days, err);
    if (rc != KITH_OK)
        goto done;
    rc = kith__rep_build_basic(rep, st, org_id, err);
    if (rc == KITH_OK && !o->basic)
        rc = kith__rep_build_metrics(rep, st, org_id, o->include_team, o->lexicon, err);
    if (rc == KITH_OK && rep->oom)
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory building the report");
done:
    if (rc != KITH_OK)
        kith_report_free(rep);
    else
        *out = rep;
    return rc;
}

int kith_report_format_parse(const char *name)
{
    static const char *const names[] = {"table", "json", "csv", "html"};
    for (int i = 0; name && i < 4; i++)
        if (!strcmp(name, names[i]))
            return i;
    return -1;
}

kith_code kith_report_render(const kith_report *rep, kith_report_format fmt, char **out,
                             size_t *len, kith_error *err)
{
    kith_buf b;
    kith__buf_init(&b, 0);
    kith_code rc;
    switch (fmt) {
    case KITH_REPORT_TABLE:
        rc = kith__rep_render_table(rep, &b);
        break;
    case KITH_REPORT_JSON:
        rc = kith__rep_render_json(rep, &b, err);
        break;
    case KITH_REPORT_CSV:
        rc = kith__rep_render_csv(rep, &b);
        break;
    case KITH_REPORT_HTML:
        rc = kith__rep_render_html(rep, &b);
        break;
    default:
        rc = kith_error_set(err, KITH_EUSAGE, "unknown report format %d", (int)fmt);
    }
    if (rc == KITH_OK && !b.data)
        rc = kith__buf_puts(&b, "");
    if (rc != KITH_OK) {
        kith__buf_free(&b);
        return kith_error_set(err, rc, "cannot render the report: out of memory");
    }
    *out = b.data;
    if (len)
        *len = b.len;
    return KITH_OK;
}

/* ------------------------------------------------------------ formatting */

static void thousands(char *buf, size_t n, double v, int decimals)
{
    char raw[64];
    snprintf(raw, sizeof raw, "%.*f", decimals, fabs(v));
    char *dot = strchr(raw, '.');
    size_t intlen = dot ? (size_t)(dot - raw) : strlen(raw);
    char outb[96];
    size_t o = 0;
    if (v < 0 && strspn(raw, "0.") != strlen(raw))
        outb[o++] = '-';
    for (size_t i = 0; i < intlen; i++) {
        outb[o++] = raw[i];
        size_t left = intlen - i - 1;
        if (left && left % 3 == 0)
            outb[o++] = ',';
    }
    snprintf(outb + o, sizeof outb - o, "%s", dot ? dot : "");
    snprintf(buf, n, "%s", outb);
}

const char *kith__rep_fmt(const kith_report *rep, rep_unit u, double v, char *buf)
{
    char num[64];
    switch (u) {
    case RU_RATIO:
        snprintf(buf, 64, "%.1f%%", v * 100.0);
        break;
    case RU_PP:
        snprintf(buf, 64, "%+.1f pp", v * 100.0);
        break;
    case RU_MONEY:
        thousands(num, sizeof num, v, 2);
        snprintf(buf, 64, "%s %s", num, rep->currency);
        break;
    case RU_COUNT:
        if (v == floor(v) && fabs(v) < 1e15)
            thousands(buf, 64, v, 0);
        else
            thousands(buf, 64, v, 1);
        break;
    case RU_HOURS:
        snprintf(buf, 64, "%.1f h", v);
        break;
    case RU_DAYS:
        snprintf(buf, 64, "%.1f d", v);
        break;
    case RU_SCORE:
        snprintf(buf, 64, "%.1f", v);
        break;
    case RU_DATE:
        kith__time_local_date((int64_t)v, rep->tz, buf);
        break;
    case RU_RATE:
        snprintf(buf, 64, "%.6g", v);
        break;
    default:
        if (v == floor(v) && fabs(v) < 1e15)
            snprintf(buf, 64, "%.0f", v);
        else
            snprintf(buf, 64, "%.3g", v);
    }
    return buf;
}

kith_code kith_report_parse_time(const char *flag, const char *s, int64_t *out,
                                 kith_error *err)
{
    return kith_report_parse_time_tz(flag, s, "UTC", out, err);
}

kith_code kith_report_parse_time_tz(const char *flag, const char *s, const char *tz,
                                    int64_t *out, kith_error *err)
{
    const char *why = NULL;
    if (!s || kith__time_parse(s, tz, out, &why) != KITH_OK)
        return kith_error_set(err, KITH_EUSAGE,
                              "%s '%s': not a date (%s); use YYYY-MM-DD or "
                              "YYYY-MM-DDTHH:MM:SSZ",
                              flag, s ? s : "", why ? why : "empty");
    return KITH_OK;
}
