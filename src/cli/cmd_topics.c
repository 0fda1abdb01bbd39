/* kith topics: rising topics of the community texts (docs/sentiment.md). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/output.h"

#define DEFAULT_DAYS 30

static void help(FILE *f)
{
    fprintf(
        f,
        "usage: kith topics [--channel C] [--from DATE] [--to DATE] [--limit N]\n"
        "                   [--min-docs N] [--include-team] [--format table|json|csv]\n"
        "\n"
        "The terms and bigrams of the texts of community activities (posts,\n"
        "replies, reviews, feedback, ideas, mentions) whose TF-IDF share rose\n"
        "most in P = [from, to) against the period of the same length before it.\n"
        "Words are stemmed (Snowball English) and English stopwords, @mentions,\n"
        "URLs and numbers dropped. Default P: the %d days before the first\n"
        "midnight (in the org's time zone) after the latest activity; dates\n"
        "given without a time are 00:00 in the org's time zone, and the dates\n"
        "shown are the org's. --limit 10 topics; a topic must\n"
        "be in at least --min-docs 2 texts of P. Each topic comes with the\n"
        "newest texts of P that hold it. --format json or csv: shares as\n"
        "fractions 0..1, fields in docs/sentiment.md.\n",
        DEFAULT_DAYS);
}

/* --from and --to are checked here (a bad date is a usage error whatever
 * the database) and kept in raw[] to be read in the org's zone. */
static int parse(int argc, char **argv, kith_topics_opts *o, const char *raw[2])
{
    static const struct option opts[] = {
        {"channel", required_argument, 0, 'c'},  {"from", required_argument, 0, 'f'},
        {"to", required_argument, 0, 't'},       {"limit", required_argument, 0, 'l'},
        {"min-docs", required_argument, 0, 'm'}, {"include-team", no_argument, 0, 'T'},
        {"help", no_argument, 0, 'h'},           {0, 0, 0, 0}};
    kith_error err;
    kith_error_clear(&err);
    int c;
    int64_t v;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'c':
            o->channel = optarg;
            break;
        case 'f':
            if (kith_report_parse_time("--from", optarg, &o->from, &err) != KITH_OK)
                return cli_usage("topics", "%s", err.msg);
            raw[0] = optarg;
            break;
        case 't':
            if (kith_report_parse_time("--to", optarg, &o->to, &err) != KITH_OK)
                return cli_usage("topics", "%s", err.msg);
            raw[1] = optarg;
            break;
        case 'l':
        case 'm':
            if (cli_parse_i64(optarg, &v) != 0 || v > 100000)
                return cli_usage("topics", "--%s wants a whole number from 1 to 100000",
                                 c == 'l' ? "limit" : "min-docs");
            if (c == 'l')
                o->limit = (size_t)v;
            else
                o->min_docs = v;
            break;
        case 'T':
            o->include_team = 1;
            break;
        case 'h':
            help(stdout);
            return -1;
        default:
            help(stderr);
            return 1;
        }
    }
    if (optind < argc)
        return cli_usage("topics", "unexpected argument '%s'", argv[optind]);
    return 0;
}

static void print_table(const kith_topics_opts *o, const kith_topic *k, size_t n,
                        const kith_topics_stats *s, const char *tz)
{
    char a[32], b[32], c[32];
    kith_time_date(o->from - (o->to - o->from), tz, a);
    kith_time_date(o->from, tz, b);
    kith_time_date(o->to, tz, c);
    printf("Rising topics, %s to %s (%lld texts) against %s to %s (%lld texts)%s%s\n\n",
           b, c, (long long)s->texts, a, b, (long long)s->prev_texts,
           o->channel ? ", channel " : "", o->channel ? o->channel : "");
    if (!n) {
        printf("no term rose (in at least %lld texts of the period)\n",
               (long long)(o->min_docs > 0 ? o->min_docs : 2));
        return;
    }
    printf("%-3s %-30s %8s %8s %9s %6s %6s\n", "#", "topic", "share", "before", "rise",
           "texts", "before");
    for (size_t i = 0; i < n; i++) {
        printf("%-3zu %-30.30s %7.2f%% %7.2f%% %+6.2f pp %6lld %6lld\n", i + 1,
               k[i].display, k[i].share * 100, k[i].prev_share * 100, k[i].rise * 100,
               (long long)k[i].docs, (long long)k[i].prev_docs);
        for (int j = 0; j < KITH_TOPIC_EXAMPLES && k[i].examples[j]; j++)
            printf("      \"%.90s%s\"\n", k[i].examples[j],
                   strlen(k[i].examples[j]) > 90 ? "..." : "");
    }
}

/* One CSV record per topic (the table's example lines are its last
 * fields); an empty result is the header alone. */
static void print_csv(const kith_topic *k, size_t n)
{
    cli_csv_header("rank,topic,key,bigram,share,previous_share,rise,texts,previous_texts,"
                   "example_1,example_2");
    for (size_t i = 0; i < n; i++) {
        cli_csv_int((int64_t)i + 1, ',');
        cli_csv_text(k[i].display, ',');
        cli_csv_text(k[i].key, ',');
        cli_csv_text(k[i].bigram ? "true" : "false", ',');
        cli_csv_real(k[i].share, ',');
        cli_csv_real(k[i].prev_share, ',');
        cli_csv_real(k[i].rise, ',');
        cli_csv_int(k[i].docs, ',');
        cli_csv_int(k[i].prev_docs, ',');
        cli_csv_text(k[i].examples[0], ',');
        cli_csv_text(k[i].examples[1], '\n');
    }
}

int cmd_topics(cli_global *g, int argc, char **argv)
{
    kith_topics_opts o;
    memset(&o, 0, sizeof o);
    const char *raw[2] = {NULL, NULL};
    if (cli_take_format(g, &argc, argv))
        return 1;
    int rc = parse(argc, argv, &o, raw);
    if (rc)
        return rc < 0 ? 0 : rc;
    cli_out_fmt fmt;
    if ((rc = cli_out_format(g, "topics", &fmt)) != 0)
        return rc;
    kith_store *st = NULL;
    kith_org org;
    kith_error err;
    kith_error_clear(&err);
    if ((rc = cli_open(g, 0, &st, &org)) != 0)
        return rc;
    /* Dates without a time are 00:00 in the org's zone (METRICS.md). */
    int64_t *dst[2] = {&o.from, &o.to};
    for (int i = 0; i < 2; i++)
        if (raw[i] && kith_report_parse_time_tz(i ? "--to" : "--from", raw[i],
                                                org.timezone, dst[i], &err) != KITH_OK) {
            kith_store_close(st);
            return cli_usage("topics", "%s", err.msg);
        }
    if (fmt == CLI_OUT_JSON) {
        /* The library's view: from/to 0 are its defaults. */
        if (!raw[0])
            o.from = 0;
        if (!raw[1])
            o.to = 0;
        char *text = NULL;
        rc = cli_print_json(kith_topics_json(st, org.id, &o, &text, &err), &text, &err);
        kith_store_close(st);
        return rc;
    }
    kith_metrics *m = NULL;
    if (!raw[1]) {
        /* as_of of the metrics: the midnight after the latest activity. */
        if (kith_metrics_open(st, org.id, NULL, &m, &err) != KITH_OK) {
            kith_store_close(st);
            return cli_fail(&err);
        }
        o.to = kith_metrics_as_of(m);
        kith_metrics_close(m);
    }
    if (!raw[0])
        o.from = o.to - (int64_t)DEFAULT_DAYS * 86400;
    kith_topic *k = NULL;
    size_t n = 0;
    kith_topics_stats s;
    if (kith_topics_rising(st, org.id, &o, &k, &n, &s, &err) != KITH_OK)
        rc = cli_fail(&err);
    else if (fmt == CLI_OUT_CSV)
        print_csv(k, n);
    else
        print_table(&o, k, n, &s, org.timezone);
    if (!rc && fflush(stdout) != 0)
        rc = 4;
    kith_topics_free(k, n);
    kith_store_close(st);
    return rc;
}
