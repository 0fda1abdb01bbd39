/* kith sentiment [--by week|month] [--channel C] and kith sentiment alerts:
 * brand sentiment of the org's community texts (docs/sentiment.md). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"

static void help(FILE *f, int alerts)
{
    if (alerts)
        fprintf(f,
                "usage: kith sentiment alerts [--by week|month] [--channel C]\n"
                "                             [--as-of DATE] [--lexicon PATH] [--all]\n"
                "\n"
                "The periods (default: weeks, Monday to Sunday, UTC) whose mean VADER\n"
                "compound is more than alert_z (default 2.0) standard deviations below\n"
                "the mean of the previous alert_window (12) periods' means, with at\n"
                "least sentiment_min_n (20) scored texts. --all lists every period\n"
                "with its z-score. Exit 0 whether or not a period is flagged.\n");
    else
        fprintf(f,
                "usage: kith sentiment [--by week|month] [--channel C] [--from DATE]\n"
                "                      [--to DATE] [--as-of DATE] [--lexicon PATH]\n"
                "       kith sentiment alerts [...]   (kith sentiment alerts --help)\n"
                "       kith sentiment score [...]    (kith sentiment score --help)\n"
                "\n"
                "Brand sentiment of the texts of community activities (post, reply,\n"
                "review, feedback, idea, mention): mean VADER compound, %% positive\n"
                "(>= 0.05), %% negative (<= -0.05), net = %% positive - %% negative, and\n"
                "the texts with no lexicon word (unscored, not counted as neutral).\n"
                "For P = [from, to) (default the period_days before as-of) overall and\n"
                "per channel, then per week (default) or month. Members flagged team\n"
                "or bot are left out.\n");
}

typedef struct sopts {
    kith_metrics_opts mo;
    kith_period_kind by;
    const char *channel, *lexicon;
    int64_t from, to;
    int has_from, has_to, all;
} sopts;

static int parse_args(const char *cmd, int alerts, int argc, char **argv, sopts *o)
{
    static const struct option opts[] = {{"by", required_argument, 0, 'b'},
                                         {"channel", required_argument, 0, 'c'},
                                         {"from", required_argument, 0, 'f'},
                                         {"to", required_argument, 0, 't'},
                                         {"as-of", required_argument, 0, 'a'},
                                         {"lexicon", required_argument, 0, 'l'},
                                         {"all", no_argument, 0, 'A'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    kith_error err;
    kith_error_clear(&err);
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        kith_code rc = KITH_OK;
        switch (c) {
        case 'b':
            if (!strcmp(optarg, "week"))
                o->by = KITH_BY_WEEK;
            else if (!strcmp(optarg, "month"))
                o->by = KITH_BY_MONTH;
            else
                return cli_usage(cmd, "--by '%s': use week or month", optarg);
            break;
        case 'c': o->channel = optarg; break;
        case 'l': o->lexicon = optarg; break;
        case 'A': o->all = 1; break;
        case 'f':
            rc = kith_report_parse_time("--from", optarg, &o->from, &err);
            o->has_from = 1;
            break;
        case 't':
            rc = kith_report_parse_time("--to", optarg, &o->to, &err);
            o->has_to = 1;
            break;
        case 'a':
            rc = kith_report_parse_time("--as-of", optarg, &o->mo.as_of, &err);
            break;
        case 'h': help(stdout, alerts); return -1;
        default: help(stderr, alerts); return 1;
        }
        if (rc != KITH_OK)
            return cli_usage(cmd, "%s", err.msg);
    }
    if (optind < argc)
        return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
    if (!o->lexicon || !*o->lexicon)
        o->lexicon = getenv("KITH_VADER_LEXICON");
    return 0;
}

static int find_channel(const kith_metrics *m, const char *name)
{
    for (int c = 0; c < kith_metrics_nchannels(m); c++)
        if (!strcmp(kith_metrics_channel_name(m, c), name))
            return c;
    return -2;
}

static void date_of(int64_t t, char *out, size_t n)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, n, "%Y-%m-%d", &tm);
}

/* A period's name: the Monday of a week, YYYY-MM of a month. */
static void period_label(kith_period_kind by, int64_t t, char *out, size_t n)
{
    date_of(t, out, n);
    if (by == KITH_BY_MONTH && n > 7)
        out[7] = '\0';
}

static void fmt_value(const kith_value *v, int pct, char *out, size_t n)
{
    if (!v->ok)
        snprintf(out, n, "n/a");
    else if (pct)
        snprintf(out, n, "%.1f%%", v->v * 100);
    else
        snprintf(out, n, "%+.4f", v->v);
}

static void stats_line(const char *label, const kith_sentiment_stats *s)
{
    char mean[32], pos[32], neg[32], net[32];
    fmt_value(&s->mean, 0, mean, sizeof mean);
    fmt_value(&s->positive, 1, pos, sizeof pos);
    fmt_value(&s->negative, 1, neg, sizeof neg);
    if (s->net.ok)
        snprintf(net, sizeof net, "%+.1f", s->net.v * 100);
    else
        snprintf(net, sizeof net, "n/a");
    printf("%-22.22s %7lld %7lld %8lld %8s %8s %8s %7s\n", label, (long long)s->texts,
           (long long)s->scored, (long long)s->unscored, mean, pos, neg, net);
}

static void stats_header(const char *first)
{
    printf("%-22s %7s %7s %8s %8s %8s %8s %7s\n", first, "texts", "scored", "unscored",
           "mean", "pos", "neg", "net");
}

/* Open the metrics with the texts scored; channel index into *chan. */
static int open_all(cli_global *g, sopts *o, kith_store **st, kith_metrics **m,
                    int *chan)
{
    kith_org org;
    kith_error err;
    kith_error_clear(&err);
    int rc = cli_open(g, 0, st, &org);
    if (rc)
        return rc;
    if (kith_metrics_open(*st, org.id, &o->mo, m, &err) != KITH_OK ||
        kith_metrics_load_texts(*m, *st, org.id, o->lexicon, &err) != KITH_OK)
        return cli_fail(&err);
    *chan = -1;
    if (o->channel) {
        *chan = find_channel(*m, o->channel);
        if (*chan < -1) {
            fprintf(stderr, "kith: --channel '%s': no activity in that channel\n",
                    o->channel);
            return 3;
        }
    }
    return 0;
}

static int series(kith_metrics *m, const sopts *o, int chan, kith_sentiment_period **per,
                  size_t *n)
{
    kith_error err;
    kith_error_clear(&err);
    if (kith_metric_sentiment_series(m, o->by, chan, per, n, &err) != KITH_OK)
        return cli_fail(&err);
    return 0;
}

static int run_summary(kith_metrics *m, const sopts *o, int chan)
{
    int64_t at = kith_metrics_as_of(m);
    kith_window p = {o->has_from ? o->from : 0, o->has_to ? o->to : at};
    if (!o->has_from)
        p.from = p.to - (int64_t)kith_metrics_param(m, "period_days") * 86400;
    if (p.from >= p.to)
        return cli_usage("sentiment", "--from must be before --to");
    char a[16], b[16];
    date_of(p.from, a, sizeof a);
    date_of(p.to, b, sizeof b);
    printf("Brand sentiment, %s to %s (UTC; P-1 is the same length before)\n\n", a, b);
    stats_header("channel");
    kith_sentiment_stats s = kith_metric_sentiment(m, p, chan);
    stats_line(chan < 0 ? "all" : kith_metrics_channel_name(m, chan), &s);
    s = kith_metric_sentiment(m, kith_window_prev(p), chan);
    stats_line("  P-1", &s);
    for (int c = 0; chan < 0 && c < kith_metrics_nchannels(m); c++) {
        s = kith_metric_sentiment(m, p, c);
        if (s.texts)
            stats_line(kith_metrics_channel_name(m, c), &s);
    }
    kith_sentiment_period *per = NULL;
    size_t n = 0;
    int rc = series(m, o, chan, &per, &n);
    if (rc)
        return rc;
    printf("\n");
    stats_header(o->by == KITH_BY_WEEK ? "week from" : "month");
    for (size_t i = 0; i < n; i++) {
        if (per[i].w.to <= p.from || per[i].w.from >= p.to)
            continue;
        char d[40];
        period_label(o->by, per[i].w.from, d, sizeof d);
        if (per[i].alert)
            strcat(d, " ALERT");
        stats_line(d, &per[i].s);
    }
    free(per);
    return 0;
}

static int run_alerts(kith_metrics *m, const sopts *o, int chan)
{
    kith_sentiment_period *per = NULL;
    size_t n = 0, flagged = 0;
    int rc = series(m, o, chan, &per, &n);
    if (rc)
        return rc;
    printf("%-10s %7s %8s %10s %8s %3s %7s %s\n", o->by == KITH_BY_WEEK ? "week from" : "month",
           "scored", "mean", "base mean", "base sd", "k", "z", "alert");
    for (size_t i = 0; i < n; i++) {
        const kith_sentiment_period *p = &per[i];
        flagged += (size_t)p->alert;
        if (!p->alert && !o->all)
            continue;
        char d[16], mean[32], z[32] = "n/a";
        period_label(o->by, p->w.from, d, sizeof d);
        fmt_value(&p->s.mean, 0, mean, sizeof mean);
        if (p->z.ok)
            snprintf(z, sizeof z, "%+.2f", p->z.v);
        printf("%-10s %7lld %8s %10.4f %8.4f %3d %7s %s\n", d, (long long)p->s.scored, mean,
               p->baseline_mean, p->baseline_sd, p->baseline_periods, z,
               p->alert ? "ALERT" : "");
    }
    printf("%zu of %zu %s flagged (alert_z %g, alert_window %g, sentiment_min_n %g)\n",
           flagged, n, o->by == KITH_BY_WEEK ? "weeks" : "months",
           kith_metrics_param(m, "alert_z"), kith_metrics_param(m, "alert_window"),
           kith_metrics_param(m, "sentiment_min_n"));
    free(per);
    return 0;
}

int cli_sentiment_metrics(cli_global *g, int argc, char **argv, int alerts)
{
    sopts o;
    memset(&o, 0, sizeof o);
    const char *cmd = alerts ? "sentiment alerts" : "sentiment";
    int rc = parse_args(cmd, alerts, argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    kith_store *st = NULL;
    kith_metrics *m = NULL;
    int chan = -1;
    rc = open_all(g, &o, &st, &m, &chan);
    if (!rc)
        rc = alerts ? run_alerts(m, &o, chan) : run_summary(m, &o, chan);
    if (!rc && fflush(stdout) != 0)
        rc = 4;
    kith_metrics_close(m);
    kith_store_close(st);
    return rc;
}
