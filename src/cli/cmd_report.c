/* kith report: the community report for a period, as a terminal table,
 * JSON, CSV, and optionally a self-contained HTML page. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "kith/report.h"

static void help(FILE *f)
{
    fprintf(f,
            "usage: kith report [--from DATE] [--to DATE] [--as-of DATE]\n"
            "                   [--by month|quarter|year] [--segment SEG]\n"
            "                   [--format table|json|csv] [--html FILE]\n"
            "                   [--basic] [--include-team]\n"
            "\n"
            "The community report: what stands out (findings generated from the\n"
            "numbers, docs/findings.md) and the headline figures first, then\n"
            "members, activities, imports, and every metric of docs/metrics.md for\n"
            "the period P = [from, to) against the period of the same length\n"
            "before it (P-1). Dates shown are in the organisation's time zone.\n"
            "  --as-of DATE     end of the analysis (default: midnight after the\n"
            "                   latest activity)\n"
            "  --from, --to     the period (default: the 365 days before as-of;\n"
            "                   change with 'kith config set period_days N')\n"
            "  --by P           also cut the metrics by month, quarter or year\n"
            "  --segment SEG    cut member metrics by kind, level, channel,\n"
            "                   tag:<attribute>, rfm (RFM segments), cluster (k-means,\n"
            "                   k by silhouette) or cluster:<k> (docs/segments.md)\n"
            "  --format F       table (default), json (docs/report-schema.json), csv\n"
            "  --html FILE      write a self-contained HTML page with charts to FILE\n"
            "                   and say so in one line on stderr; the report goes\n"
            "                   to stdout only when --format is also given\n"
            "  --basic          only members, activities and the import history\n"
            "  --include-team   keep members flagged team or bot in the metrics\n");
}

/* Check a date flag before the database is opened (bad flags are usage
 * errors whatever the database); it is read again in the org's time zone
 * by dates_in_zone once the org is known. */
static int parse_date(const char *flag, const char *v, const char **raw, int *has)
{
    kith_error err;
    kith_error_clear(&err);
    int64_t t;
    if (kith_report_parse_time(flag, v, &t, &err) != KITH_OK)
        return cli_usage("report", "%s", err.msg);
    *raw = v;
    *has = 1;
    return 0;
}

/* Dates without a time are 00:00 in the org's time zone (METRICS.md). */
static int dates_in_zone(kith_report_opts *o, const char *const raw[3], const char *tz)
{
    static const char *const flag[3] = {"--from", "--to", "--as-of"};
    int64_t *out[3] = {&o->from, &o->to, &o->as_of};
    kith_error err;
    kith_error_clear(&err);
    for (int i = 0; i < 3; i++)
        if (raw[i] &&
            kith_report_parse_time_tz(flag[i], raw[i], tz, out[i], &err) != KITH_OK)
            return cli_usage("report", "%s", err.msg);
    return 0;
}

static int write_file(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(text, 1, len, f) != len) {
        fprintf(stderr, "kith: %s: cannot write the HTML report\n", path);
        if (f)
            fclose(f);
        return 4;
    }
    if (fclose(f) != 0) {
        fprintf(stderr, "kith: %s: cannot write the HTML report\n", path);
        return 4;
    }
    return 0;
}

/* Render rep as fmt to stdout (or to path when not NULL, then say so in
 * one line on stderr, which leaves stdout to a --format given with it). */
static int emit(kith_report *rep, int fmt, const char *path)
{
    kith_error err;
    kith_error_clear(&err);
    char *text = NULL;
    size_t len = 0;
    if (kith_report_render(rep, (kith_report_format)fmt, &text, &len, &err) != KITH_OK)
        return cli_fail(&err);
    int rc = 0;
    if (path) {
        rc = write_file(path, text, len);
        if (rc == 0)
            fprintf(stderr,
                    "wrote %s (%zu bytes): the report as one page, open it in a "
                    "browser\n",
                    path, len);
    } else
        fwrite(text, 1, len, stdout);
    free(text);
    return rc;
}

int cmd_report(cli_global *g, int argc, char **argv)
{
    kith_report_opts o;
    memset(&o, 0, sizeof o);
    o.lexicon = getenv("KITH_VADER_LEXICON"); /* as kith sentiment: before the config */
    const char *format = NULL, *html = NULL;
    const char *raw[3] = {NULL, NULL, NULL}; /* --from, --to, --as-of */
    static const struct option opts[] = {{"from", required_argument, 0, 'f'},
                                         {"to", required_argument, 0, 't'},
                                         {"as-of", required_argument, 0, 'a'},
                                         {"by", required_argument, 0, 'b'},
                                         {"segment", required_argument, 0, 's'},
                                         {"format", required_argument, 0, 'F'},
                                         {"html", required_argument, 0, 'H'},
                                         {"basic", no_argument, 0, 'B'},
                                         {"include-team", no_argument, 0, 'T'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c, rc = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1 && rc == 0) {
        switch (c) {
        case 'f':
            rc = parse_date("--from", optarg, &raw[0], &o.has_from);
            break;
        case 't':
            rc = parse_date("--to", optarg, &raw[1], &o.has_to);
            break;
        case 'a':
            rc = parse_date("--as-of", optarg, &raw[2], &o.has_as_of);
            break;
        case 'b':
            o.by = optarg;
            break;
        case 's':
            o.segment = optarg;
            break;
        case 'F':
            format = optarg;
            break;
        case 'H':
            html = optarg;
            break;
        case 'B':
            o.basic = 1;
            break;
        case 'T':
            o.include_team = 1;
            break;
        case 'h':
            help(stdout);
            return 0;
        default:
            help(stderr);
            return 1;
        }
    }
    if (rc)
        return rc;
    if (optind < argc)
        return cli_usage("report", "unexpected argument '%s'", argv[optind]);
    /* --html alone writes the page only; with --format, both. */
    int fmt = kith_report_format_parse(format ? format : "table");
    if (fmt < 0 || fmt == KITH_REPORT_HTML)
        return cli_usage("report",
                         "--format '%s' is not a format: use table, json or csv "
                         "(and --html FILE for the page)",
                         format);
    kith_store *st = NULL;
    kith_org org;
    rc = cli_open(g, 0, &st, &org);
    if (!rc && (rc = dates_in_zone(&o, raw, org.timezone)) != 0)
        kith_store_close(st);
    if (rc)
        return rc;
    kith_error err;
    kith_error_clear(&err);
    kith_report *rep = NULL;
    if (kith_report_build(st, org.id, &o, &rep, &err) != KITH_OK) {
        rc = cli_fail(&err);
    } else {
        if (!html || format)
            rc = emit(rep, fmt, NULL);
        if (rc == 0 && html)
            rc = emit(rep, KITH_REPORT_HTML, html);
    }
    kith_report_free(rep);
    kith_store_close(st);
    return rc;
}
