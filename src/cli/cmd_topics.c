/* kith topics: rising topics of the community texts (docs/sentiment.md). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"

#define DEFAULT_DAYS 30

static void help(FILE *f)
{
    fprintf(f,
            "usage: kith topics [--channel C] [--from DATE] [--to DATE] [--limit N]\n"
            "                   [--min-docs N] [--include-team]\n"
            "\n"
            "The terms and bigrams of the texts of community activities (posts,\n"
            "replies, reviews, feedback, ideas, mentions) whose TF-IDF share rose\n"
            "most in P = [from, to) against the period of the same length before it.\n"
            "Words are stemmed (Snowball English) and English stopwords, @mentions,\n"
            "URLs and numbers dropped. Default P: the %d days before the latest\n"
            "activity's next midnight (UTC); --limit 10 topics; a topic must be in\n"
            "at least --min-docs 2 texts of P. Each topic comes with the newest\n"
            "texts of P that hold it.\n",
            DEFAULT_DAYS);
}

static int parse(int argc, char **argv, kith_topics_opts *o, int *has_from, int *has_to)
{
    static const struct option opts[] = {{"channel", required_argument, 0, 'c'},
                                         {"from", required_argument, 0, 'f'},
                                         {"to", required_argument, 0, 't'},
                                         {"limit", required_argument, 0, 'l'},
                                         {"min-docs", required_argument, 0, 'm'},
                                         {"include-team", no_argument, 0, 'T'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    kith_error err;
    kith_error_clear(&err);
    int c;
    int64_t v;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'c': o->channel = optarg; break;
        case 'f':
            if (kith_report_parse_time("--from", optarg, &o->from, &err) != KITH_OK)
                return cli_usage("topics", "%s", err.msg);
            *has_from = 1;
            break;
        case 't':
            if (kith_report_parse_time("--to", optarg, &o->to, &err) != KITH_OK)
                return cli_usage("topics", "%s", err.msg);
            *has_to = 1;
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
        case 'T': o->include_team = 1; break;
        case 'h': help(stdout); return -1;
        default: help(stderr); return 1;
        }
    }
    if (optind < argc)
        return cli_usage("topics", "unexpected argument '%s'", argv[optind]);
    return 0;
}

static void date_of(int64_t t, char *out, size_t n)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, n, "%Y-%m-%d", &tm);
}

static void print(const kith_topics_opts *o, const kith_topic *k, size_t n,
                  const kith_topics_stats *s)
{
    char a[16], b[16], c[16];
    date_of(o->from - (o->to - o->from), a, sizeof a);
    date_of(o->from, b, sizeof b);
    date_of(o->to, c, sizeof c);
    printf("Rising topics, %s to %s (%lld texts) against %s to %s (%lld texts)%s%s\n\n", b,
           c, (long long)s->texts, a, b, (long long)s->prev_texts,
           o->channel ? ", channel " : "", o->channel ? o->channel : "");
    if (!n) {
        printf("no term rose (in at least %lld texts of the period)\n",
               (long long)(o->min_docs > 0 ? o->min_docs : 2));
        return;
    }
    printf("%-3s %-30s %8s %8s %9s %6s %6s\n", "#", "topic", "share", "before", "rise",
           "texts", "before");
    for (size_t i = 0; i < n; i++) {
        printf("%-3zu %-30.30s %7.2f%% %7.2f%% %+6.2f pp %6lld %6lld\n", i + 1, k[i].display,
               k[i].share * 100, k[i].prev_share * 100, k[i].rise * 100,
               (long long)k[i].docs, (long long)k[i].prev_docs);
        for (int j = 0; j < KITH_TOPIC_EXAMPLES && k[i].examples[j]; j++)
            printf("      \"%.90s%s\"\n", k[i].examples[j],
                   strlen(k[i].examples[j]) > 90 ? "..." : "");
    }
}

int cmd_topics(cli_global *g, int argc, char **argv)
{
    kith_topics_opts o;
    memset(&o, 0, sizeof o);
    int has_from = 0, has_to = 0;
    int rc = parse(argc, argv, &o, &has_from, &has_to);
    if (rc)
        return rc < 0 ? 0 : rc;
    kith_store *st = NULL;
    kith_org org;
    kith_error err;
    kith_error_clear(&err);
    if ((rc = cli_open(g, 0, &st, &org)) != 0)
        return rc;
    kith_metrics *m = NULL;
    if (!has_to) {
        /* as_of of the metrics: the midnight after the latest activity. */
        if (kith_metrics_open(st, org.id, NULL, &m, &err) != KITH_OK) {
            kith_store_close(st);
            return cli_fail(&err);
        }
        o.to = kith_metrics_as_of(m);
        kith_metrics_close(m);
    }
    if (!has_from)
        o.from = o.to - (int64_t)DEFAULT_DAYS * 86400;
    kith_topic *k = NULL;
    size_t n = 0;
    kith_topics_stats s;
    if (kith_topics_rising(st, org.id, &o, &k, &n, &s, &err) != KITH_OK)
        rc = cli_fail(&err);
    else
        print(&o, k, n, &s);
    kith_topics_free(k, n);
    kith_store_close(st);
    return rc;
}
