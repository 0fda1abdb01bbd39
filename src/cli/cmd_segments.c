/* kith segments: customer segments by RFM or k-means (docs/segments.md),
 * as a table, the library's JSON (kith_segments_render_json) or CSV. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "kith/members.h"
#include "kith/segments.h"

static void help(FILE *f)
{
    fprintf(
        f,
        "usage: kith segments [--method rfm|kmeans] [--k K] [--restarts N] [--seed S]\n"
        "                     [--as-of DATE] [--members] [--include-team]\n"
        "                     [--format table|json|csv]\n"
        "\n"
        "Customer segments (docs/segments.md).\n"
        "  --method rfm     (default) recency, frequency and spend quintile scores\n"
        "                   and the named segments: champions, loyal, potential\n"
        "                   loyalists, new, promising, need attention, about to\n"
        "                   sleep, at risk, cannot lose, hibernating, lost\n"
        "  --method kmeans  clusters of standardised behaviour and engagement\n"
        "                   features, each described by what sets it apart\n"
        "  --k K            k-means: K clusters (K >= 2); default: the K of 2..8\n"
        "                   with the best silhouette\n"
        "  --restarts N     k-means starts, the best kept (default 10)\n"
        "  --seed S         k-means seed (default 1): the same seed, the same result\n"
        "  --as-of DATE     segment as of DATE (default: midnight after the latest\n"
        "                   activity)\n"
        "  --members        also list every customer with their segment\n"
        "  --include-team   keep members flagged team or bot\n"
        "  --format F       table (default), json, csv\n");
}

/* A whole number in [lo, hi] (lo >= 1) from a flag's value; -1 when it
 * is not. */
static int parse_int(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
    return cli_parse_i64(s, out) || *out < lo || *out > hi ? -1 : 0;
}

static void print_table(const kith_segments *s, int members, const char *cur)
{
    char day[32];
    int km = kith_segments_method(s) == KITH_SEG_KMEANS;
    int64_t as_of = kith_segments_as_of(s);
    time_t t = (time_t)(as_of - 1);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(day, sizeof day, "%Y-%m-%d", &tm);
    printf("%s of %" PRId64 " customers, as of the end of %s (spend in %s)\n",
           km ? "k-means clusters" : "RFM segments", kith_segments_customers(s), day,
           cur);
    if (km)
        printf("k = %d, silhouette %.3f, inertia %.6g (standardised features)\n",
               kith_segments_k(s), kith_segments_silhouette(s), kith_segments_inertia(s));
    printf("\n%-20s %9s %6s %9s %9s %11s %7s\n", "segment", "customers", "share",
           "recency d", "purchases", "spend mean", "love");
    for (int g = 0; g < kith_segments_count(s); g++) {
        kith_segment_info i = kith_segments_info(s, g);
        if (i.customers)
            printf("%-20.20s %9" PRId64 " %5.1f%% %9.1f %9.1f %11.2f %7.1f\n", i.name,
                   i.customers, 100 * i.share, i.recency_days, i.purchases, i.spend,
                   i.love);
        else
            printf("%-20.20s %9d %5.1f%% %9s %9s %11s %7s\n", i.name, 0, 0.0, "-", "-",
                   "-", "-");
        printf("    %s\n", i.description);
    }
    if (!members)
        return;
    printf("\n%8s  %-24s %s\n", "member", "name", "segment");
}

typedef struct member_ctx {
    const kith_segments *s;
    int csv;
} member_ctx;

static int member_row(void *ud, const kith_member_row *r)
{
    member_ctx *c = ud;
    const char *name = kith_segments_member_name(c->s, r->id);
    if (!name)
        return 0;
    if (c->csv) {
        cli_csv_int(r->id, ',');
        cli_csv_text(r->name, ',');
        cli_csv_text(name, '\n');
    } else {
        printf("%8" PRId64 "  %-24.24s %s\n", r->id, r->name, name);
    }
    return 0;
}

static void print_csv(const kith_segments *s)
{
    cli_csv_header("segment,description,customers,share,recency_days,purchases,"
                   "spend_mean,love_mean");
    for (int g = 0; g < kith_segments_count(s); g++) {
        kith_segment_info i = kith_segments_info(s, g);
        cli_csv_text(i.name, ',');
        cli_csv_text(i.description, ',');
        cli_csv_int(i.customers, ',');
        cli_csv_real(i.share, ',');
        cli_csv_real(i.recency_days, ',');
        cli_csv_real(i.purchases, ',');
        cli_csv_real(i.spend, ',');
        cli_csv_real(i.love, '\n');
    }
}

int cli_segment_filter(kith_store *st, int64_t org, const char *spec, const char *kraw,
                       kith_segments **out, int *want)
{
    static const char *const cmd = "members list";
    int64_t v = 0;
    *out = NULL;
    if (!spec)
        return cli_usage(cmd, "--k is for --segment cluster:N");
    int cluster = !strncmp(spec, "cluster:", 8);
    if (kraw && cluster && parse_int(kraw, 2, 64, &v))
        return cli_usage(cmd, "--k '%s': a whole number from 2 to 64", kraw);
    if (kraw && !cluster)
        return cli_usage(cmd, "--k '%s' is for --segment cluster:N", kraw);
    kith_error err;
    kith_error_clear(&err);
    kith_code rc = kith_segments_for_spec(st, org, spec, (int)v, out, want, &err);
    if (rc == KITH_EUSAGE)
        return cli_usage(cmd, "--%s", err.msg);
    return rc == KITH_OK ? 0 : cli_fail(&err);
}

int cmd_segments(cli_global *g, int argc, char **argv)
{
    kith_segments_opts o;
    memset(&o, 0, sizeof o);
    const char *method = "rfm", *as_of_raw = NULL;
    int members = 0;
    int64_t v = 0;
    kith_error err;
    kith_error_clear(&err);
    static const struct option opts[] = {
        {"method", required_argument, 0, 'm'},   {"k", required_argument, 0, 'k'},
        {"restarts", required_argument, 0, 'r'}, {"seed", required_argument, 0, 's'},
        {"as-of", required_argument, 0, 'a'},    {"members", no_argument, 0, 'M'},
        {"include-team", no_argument, 0, 'T'},   {"format", required_argument, 0, 'F'},
        {"help", no_argument, 0, 'h'},           {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'm':
            method = optarg;
            break;
        case 'k':
            if (parse_int(optarg, 2, 64, &v))
                return cli_usage("segments",
                                 "--k '%s': k must be a whole number from 2 to 64 (one "
                                 "cluster says nothing); leave it out to choose k by "
                                 "silhouette",
                                 optarg);
            o.k = (int)v;
            break;
        case 'r':
            if (parse_int(optarg, 1, 1000, &v))
                return cli_usage("segments",
                                 "--restarts '%s': a whole number from 1 to "
                                 "1000",
                                 optarg);
            o.restarts = (int)v;
            break;
        case 's':
            if (parse_int(optarg, 1, INT64_MAX, &v))
                return cli_usage("segments", "--seed '%s': a whole number >= 1", optarg);
            o.seed = (uint64_t)v;
            break;
        case 'a':
            if (kith_report_parse_time("--as-of", optarg, &o.as_of, &err) != KITH_OK)
                return cli_usage("segments", "%s", err.msg);
            as_of_raw = optarg; /* read again in the org's time zone below */
            break;
        case 'M':
            members = 1;
            break;
        case 'T':
            o.include_team = 1;
            break;
        case 'F':
            g->format = optarg;
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
        return cli_usage("segments", "unexpected argument '%s'", argv[optind]);
    if (!strcmp(method, "rfm"))
        o.method = KITH_SEG_RFM;
    else if (!strcmp(method, "kmeans"))
        o.method = KITH_SEG_KMEANS;
    else
        return cli_usage("segments", "--method '%s': use rfm or kmeans", method);
    if (o.method == KITH_SEG_RFM && (o.k || o.restarts || o.seed))
        return cli_usage("segments",
                         "--k, --restarts and --seed are for --method kmeans");
    cli_out_fmt fmt;
    int rc = cli_out_format(g, "segments", &fmt);
    if (rc)
        return rc;
    o.with_members = members && fmt == CLI_OUT_JSON;
    kith_store *st = NULL;
    kith_org org;
    if ((rc = cli_open(g, 0, &st, &org)) != 0)
        return rc;
    /* A date without a time is 00:00 in the org's time zone (METRICS.md). */
    if (as_of_raw && kith_report_parse_time_tz("--as-of", as_of_raw, org.timezone,
                                               &o.as_of, &err) != KITH_OK) {
        kith_store_close(st);
        return cli_usage("segments", "%s", err.msg);
    }
    kith_segments *s = NULL;
    char *json = NULL;
    if (kith_segments_compute(st, org.id, &o, &s, &err) != KITH_OK) {
        rc = cli_fail(&err);
    } else if (fmt == CLI_OUT_JSON) {
        if (kith_segments_render_json(s, &json, &err) != KITH_OK)
            rc = cli_fail(&err);
        else
            fputs(json, stdout);
    } else {
        if (fmt == CLI_OUT_CSV && !members)
            print_csv(s);
        else if (fmt == CLI_OUT_TABLE)
            print_table(s, members, org.currency);
        if (members) {
            member_ctx ctx = {s, fmt == CLI_OUT_CSV};
            kith_member_filter f;
            memset(&f, 0, sizeof f);
            if (ctx.csv)
                cli_csv_header("id,name,segment");
            if (kith_members_list(st, org.id, &f, member_row, &ctx, &err) != KITH_OK)
                rc = cli_fail(&err);
        }
    }
    free(json);
    kith_segments_free(s);
    kith_store_close(st);
    return rc;
}
