/* kith initiatives: revenue attributed to each initiative, ROI and cost
 * per community-acquired customer. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static void help(FILE *f)
{
    fprintf(f,
            "usage: kith initiatives [--as-of DATE] [--format table|json|csv]\n"
            "\n"
            "Each initiative with its cost, the revenue attributed to it (its code or\n"
            "UTM campaign, else the last touch within attribution_window days), the\n"
            "ROI = (revenue x margin - cost) / cost and the cost per\n"
            "community-acquired customer. Revenue in P is the last 365 days.\n");
}

/* A value right-aligned in width columns, then sep. */
static void cell(const kith_value *v, int pct, int width, const char *sep)
{
    char b[64] = "n/a";
    if (v->ok && pct)
        snprintf(b, sizeof b, "%.1f%%", v->v * 100);
    else if (v->ok)
        snprintf(b, sizeof b, "%.2f", v->v);
    printf("%*s%s", width, b, sep);
}

static void print(const kith_initiative_result *r, size_t n, const char *format,
                  const char *currency)
{
    int csv = !strcmp(format, "csv");
    if (csv)
        printf("id,initiative,cost,revenue,revenue_period,purchases,acquired,roi,"
               "cost_per_acquired,note\r\n");
    else
        printf("amounts in %s\n%-4s %-26s %10s %12s %12s %6s %8s %8s %10s\n", currency,
               "id", "initiative", "cost", "revenue", "revenue P", "purch.", "acquired",
               "ROI", "cost/acq.");
    for (size_t i = 0; i < n; i++) {
        const kith_initiative_result *x = &r[i];
        if (csv) {
            printf("%lld,", (long long)x->id);
            cli_csv_cell(x->name);
            printf(",%.17g,%.17g,%.17g,%lld,%lld,", x->cost, x->revenue,
                   x->revenue_period, (long long)x->purchases, (long long)x->acquired);
            x->roi.ok ? printf("%.17g,", x->roi.v) : printf(",");
            x->cost_per_acquired.ok ? printf("%.17g,", x->cost_per_acquired.v)
                                    : printf(",");
            printf("\"");
            for (const char *p = x->note; *p; p++)
                printf(*p == '"' ? "\"\"" : "%c", *p);
            printf("\"\r\n");
        } else {
            printf("%-4lld %-26.26s %10.2f %12.2f %12.2f %6lld %8lld ", (long long)x->id,
                   x->name, x->cost, x->revenue, x->revenue_period,
                   (long long)x->purchases, (long long)x->acquired);
            cell(&x->roi, 1, 8, " ");
            cell(&x->cost_per_acquired, 0, 10, "\n");
            /* What revenue and ROI left out or converted (other currencies). */
            if (x->note[0])
                printf("     %s\n", x->note);
        }
    }
}

int cmd_initiatives(cli_global *g, int argc, char **argv)
{
    kith_metrics_opts mo;
    memset(&mo, 0, sizeof mo);
    const char *format = "table";
    static const struct option opts[] = {{"as-of", required_argument, 0, 'a'},
                                         {"format", required_argument, 0, 'F'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    kith_error err;
    kith_error_clear(&err);
    const char *as_of_raw = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'a':
            if (kith_report_parse_time("--as-of", optarg, &mo.as_of, &err) != KITH_OK)
                return cli_usage("initiatives", "%s", err.msg);
            as_of_raw = optarg; /* read again in the org's time zone below */
            break;
        case 'F':
            format = optarg;
            break;
        case 'h':
            help(stdout);
            return 0;
        default:
            help(stderr);
            return 1;
        }
    }
    if (optind < argc)
        return cli_usage("initiatives", "unexpected argument '%s'", argv[optind]);
    if (strcmp(format, "table") && strcmp(format, "json") && strcmp(format, "csv"))
        return cli_usage("initiatives", "--format '%s': use table, json or csv", format);
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_open(g, 0, &st, &org);
    if (rc)
        return rc;
    /* A date without a time is 00:00 in the org's time zone (METRICS.md). */
    if (as_of_raw && kith_report_parse_time_tz("--as-of", as_of_raw, org.timezone,
                                               &mo.as_of, &err) != KITH_OK) {
        kith_store_close(st);
        return cli_usage("initiatives", "%s", err.msg);
    }
    if (!strcmp(format, "json")) {
        /* The JSON view lists no initiative as an empty list (exit 0). */
        char *text = NULL;
        rc = cli_print_json(kith_initiatives_json(st, org.id, &mo, &text, &err), &text,
                            &err);
        kith_store_close(st);
        return rc;
    }
    kith_metrics *m = NULL;
    kith_initiative_result *r = NULL;
    size_t n = 0;
    if (kith_metrics_open(st, org.id, &mo, &m, &err) != KITH_OK) {
        rc = cli_fail(&err);
    } else {
        int64_t at = kith_metrics_as_of(m);
        kith_window p = {at - (int64_t)kith_metrics_param(m, "period_days") * 86400, at};
        if (kith_metric_initiatives(m, p, &r, &n, &err) != KITH_OK)
            rc = cli_fail(&err);
        else if (!n) {
            fprintf(stderr, "kith: no initiatives yet; import them with 'kith import "
                            "initiatives FILE'\n");
            rc = 3;
        } else
            print(r, n, format, kith_metrics_currency(m));
    }
    free(r);
    kith_metrics_close(m);
    kith_store_close(st);
    return rc;
}
