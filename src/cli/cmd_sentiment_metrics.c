/* kith sentiment [--by week|month] [--channel C] and kith sentiment alerts:
 * brand sentiment of the org's community texts (docs/sentiment.md). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/output.h"

static void help(FILE *f, int alerts)
{
    if (alerts)
        fprintf(f,
                "usage: kith sentiment alerts [--by week|month] [--channel C]\n"
                "                             [--as-of DATE] [--lexicon PATH] [--all]\n"
                "                             [--format table|json|csv]\n"
                "\n"
                "The periods (default: weeks, Monday to Sunday in the organisation's\n"
                "time zone) whose mean VADER\n"
                "compound is more than alert_z (default 2.0) standard deviations below\n"
                "the baseline: the scored texts of the alert_window (12) periods before\n"
                "it, pooled (their mean compound and the standard deviation of their\n"
                "compounds). A flagged period has at least sentiment_min_n (20) scored\n"
                "texts, and so has its baseline. --all lists every period with its\n"
                "z-score. Exit 0 whether or not a period is flagged.\n"
                "  --format F   table (default), json or csv (docs/sentiment.md)\n");
    else
        fprintf(
            f, "usage: kith sentiment [--by week|month] [--channel C] [--from DATE]\n"
               "                      [--to DATE] [--as-of DATE] [--lexicon PATH]\n"
               "                      [--format table|json|csv]\n"
               "       kith sentiment alerts [...]   (kith sentiment alerts --help)\n"
               "       kith sentiment score [...]    (kith sentiment score --help)\n"
               "\n"
               "Brand sentiment of the texts of community activities (post, reply,\n"
               "review, feedback, idea, mention): mean VADER compound, %% positive\n"
               "(>= 0.05), %% negative (<= -0.05), net = %% positive - %% negative, and\n"
               "the texts with no lexicon word (unscored, not counted as neutral).\n"
               "For P = [from, to) (default the period_days before as-of) overall and\n"
               "per channel, then per week (default) or month. Members flagged team\n"
               "or bot are left out. --format json or csv: one object, or one CSV row\n"
               "per line of the table (fields in docs/sentiment.md).\n");
}

typedef struct sopts {
    kith_metrics_opts mo;
    kith_period_kind by;
    const char *channel, *lexicon;
    int64_t from, to;
    int has_from, has_to, all;
    const char *raw[3]; /* --from, --to, --as-of as given: read in the org's zone */
    char tz[64];        /* the org's time zone: periods and dates shown */
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
        case 'c':
            o->channel = optarg;
            break;
        case 'l':
            o->lexicon = optarg;
            break;
        case 'A':
            o->all = 1;
            break;
        /* Checked here (a bad date is a usage error whatever the
         * database), read again in the org's zone by open_all. */
        case 'f':
            rc = kith_report_parse_time("--from", optarg, &o->from, &err);
            o->raw[0] = optarg;
            o->has_from = 1;
            break;
        case 't':
            rc = kith_report_parse_time("--to", optarg, &o->to, &err);
            o->raw[1] = optarg;
            o->has_to = 1;
            break;
        case 'a':
            rc = kith_report_parse_time("--as-of", optarg, &o->mo.as_of, &err);
            o->raw[2] = optarg;
            break;
        case 'h':
            help(stdout, alerts);
            return -1;
        default:
            help(stderr, alerts);
            return 1;
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

/* A period's name: the Monday of a week, YYYY-MM of a month (local). */
static void period_label(kith_period_kind by, int64_t t, const char *tz, char *out,
                         size_t n)
{
    char d[32];
    kith_time_date(t, tz, d);
    snprintf(out, n, "%.*s", by == KITH_BY_MONTH ? 7 : 10, d);
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

/* Read --from, --to and --as-of again in the org's zone tz: dates without
 * a time are 00:00 there (METRICS.md). 0, or the usage error's exit code. */
static int read_dates(sopts *o, const char *tz)
{
    kith_error err;
    kith_error_clear(&err);
    snprintf(o->tz, sizeof o->tz, "%s", tz);
    static const char *const flag[3] = {"--from", "--to", "--as-of"};
    int64_t *dst[3] = {&o->from, &o->to, &o->mo.as_of};
    for (int i = 0; i < 3; i++)
        if (o->raw[i] &&
            kith_report_parse_time_tz(flag[i], o->raw[i], o->tz, dst[i], &err) != KITH_OK)
            return cli_usage("sentiment", "%s", err.msg);
    return 0;
}

/* Open the metrics with the texts scored; channel index into *chan. */
static int open_all(cli_global *g, sopts *o, kith_store **st, kith_metrics **m, int *chan)
{
    kith_org org;
    kith_error err;
    kith_error_clear(&err);
    int rc = cli_open(g, 0, st, &org);
    if (rc || (rc = read_dates(o, org.timezone)) != 0)
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

static const char *by_name(kith_period_kind by)
{
    return by == KITH_BY_WEEK ? "week" : "month";
}

/* ------------------------------------------------------------ summary */

/* Where the summary's lines go: the terminal table, CSV records (one per
 * line of the table, scope in the first field) or one JSON document. */
typedef struct sink {
    cli_out_fmt fmt;
} sink;

#define SUMMARY_CSV                                                                      \
    "scope,name,from,to,texts,scored,unscored,mean_compound,positive_share,"             \
    "negative_share,net_sentiment,alert,na_reason"

static void stats_csv(const char *scope, const char *name, kith_window w,
                      const kith_sentiment_stats *s, int alert)
{
    cli_csv_text(scope, ',');
    cli_csv_text(name, ',');
    cli_csv_time(w.from, ',');
    cli_csv_time(w.to, ',');
    cli_csv_int(s->texts, ',');
    cli_csv_int(s->scored, ',');
    cli_csv_int(s->unscored, ',');
    cli_csv_value(&s->mean, ',');
    cli_csv_value(&s->positive, ',');
    cli_csv_value(&s->negative, ',');
    cli_csv_value(&s->net, ',');
    cli_csv_text(alert < 0 ? "" : alert ? "true" : "false", ',');
    cli_csv_text(s->mean.ok ? "" : s->mean.why, '\n');
}

/* One line of the summary. scope: overall, previous, channel, week or
 * month; name: the channel ("all" for every channel) or the period's
 * label; alert: 0 or 1 for periods, -1 for the other scopes. */
static void put(sink *k, const char *scope, const char *name, kith_window w,
                const kith_sentiment_stats *s, int alert)
{
    if (k->fmt == CLI_OUT_CSV) {
        stats_csv(scope, name, w, s, alert);
        return;
    }
    char label[64];
    snprintf(label, sizeof label, "%s%s", !strcmp(scope, "previous") ? "  P-1" : name,
             alert > 0 ? " ALERT" : "");
    stats_line(label, s);
}

static void summary_begin(sink *k, const sopts *o, kith_window p)
{
    if (k->fmt == CLI_OUT_CSV) {
        cli_csv_header(SUMMARY_CSV);
    } else {
        char a[32], b[32];
        printf("Brand sentiment, %s to %s (%s; P-1 is the same length before)\n\n",
               kith_time_date(p.from, o->tz, a), kith_time_date(p.to, o->tz, b), o->tz);
        stats_header("channel");
    }
}

static int run_summary(kith_metrics *m, const sopts *o, int chan, cli_out_fmt fmt)
{
    int64_t at = kith_metrics_as_of(m);
    kith_window p = {o->has_from ? o->from : 0, o->has_to ? o->to : at};
    if (!o->has_from)
        p.from = p.to - (int64_t)kith_metrics_param(m, "period_days") * 86400;
    if (p.from >= p.to)
        return cli_usage("sentiment", "--from must be before --to");
    kith_sentiment_period *per = NULL;
    size_t n = 0;
    int rc = series(m, o, chan, &per, &n);
    if (rc)
        return rc;
    sink k = {fmt};
    summary_begin(&k, o, p);
    const char *all = chan < 0 ? "all" : kith_metrics_channel_name(m, chan);
    kith_sentiment_stats s = kith_metric_sentiment(m, p, chan);
    put(&k, "overall", all, p, &s, -1);
    s = kith_metric_sentiment(m, kith_window_prev(p), chan);
    put(&k, "previous", all, kith_window_prev(p), &s, -1);
    for (int c = 0; chan < 0 && c < kith_metrics_nchannels(m); c++) {
        s = kith_metric_sentiment(m, p, c);
        if (s.texts)
            put(&k, "channel", kith_metrics_channel_name(m, c), p, &s, -1);
    }
    if (fmt == CLI_OUT_TABLE) {
        printf("\n");
        stats_header(o->by == KITH_BY_WEEK ? "week from" : "month");
    }
    for (size_t i = 0; i < n; i++) {
        if (per[i].w.to <= p.from || per[i].w.from >= p.to)
            continue;
        char d[16];
        period_label(o->by, per[i].w.from, o->tz, d, sizeof d);
        put(&k, by_name(o->by), d, per[i].w, &per[i].s, per[i].alert);
    }
    free(per);
    return 0;
}

/* ------------------------------------------------------------ alerts */

#define ALERTS_CSV                                                                       \
    "period,from,to,texts,scored,unscored,mean_compound,baseline_periods,"               \
    "baseline_scored,baseline_mean,baseline_sd,z,alert,na_reason"

static void alert_csv(const char *label, const kith_sentiment_period *p)
{
    cli_csv_text(label, ',');
    cli_csv_time(p->w.from, ',');
    cli_csv_time(p->w.to, ',');
    cli_csv_int(p->s.texts, ',');
    cli_csv_int(p->s.scored, ',');
    cli_csv_int(p->s.unscored, ',');
    cli_csv_value(&p->s.mean, ',');
    cli_csv_int(p->baseline_periods, ',');
    cli_csv_int(p->baseline_scored, ',');
    if (p->baseline_ok) {
        cli_csv_real(p->baseline_mean, ',');
        cli_csv_real(p->baseline_sd, ',');
    } else {
        cli_csv_text("", ',');
        cli_csv_text("", ',');
    }
    cli_csv_value(&p->z, ',');
    cli_csv_text(p->alert ? "true" : "false", ',');
    cli_csv_text(p->z.ok ? "" : p->z.why, '\n');
}

static void alert_line(const char *label, const kith_sentiment_period *p)
{
    char mean[32], z[32] = "n/a", bm[32] = "n/a", bsd[32] = "n/a";
    fmt_value(&p->s.mean, 0, mean, sizeof mean);
    if (p->z.ok)
        snprintf(z, sizeof z, "%+.2f", p->z.v);
    if (p->baseline_ok) {
        snprintf(bm, sizeof bm, "%.4f", p->baseline_mean);
        snprintf(bsd, sizeof bsd, "%.4f", p->baseline_sd);
    }
    printf("%-10s %7lld %8s %10s %8s %3d %7s %s\n", label, (long long)p->s.scored, mean,
           bm, bsd, p->baseline_periods, z, p->alert ? "ALERT" : "");
}

static int run_alerts(kith_metrics *m, const sopts *o, int chan, cli_out_fmt fmt)
{
    kith_sentiment_period *per = NULL;
    size_t n = 0, flagged = 0;
    int rc = series(m, o, chan, &per, &n);
    if (rc)
        return rc;
    if (fmt == CLI_OUT_CSV)
        cli_csv_header(ALERTS_CSV);
    else if (fmt == CLI_OUT_TABLE)
        printf("%-10s %7s %8s %10s %8s %3s %7s %s\n",
               o->by == KITH_BY_WEEK ? "week from" : "month", "scored", "mean",
               "base mean", "base sd", "k", "z", "alert");
    for (size_t i = 0; i < n; i++) {
        const kith_sentiment_period *p = &per[i];
        flagged += (size_t)p->alert;
        if (!p->alert && !o->all)
            continue;
        char d[16];
        period_label(o->by, p->w.from, o->tz, d, sizeof d);
        if (fmt == CLI_OUT_CSV)
            alert_csv(d, p);
        else
            alert_line(d, p);
    }
    free(per);
    if (fmt == CLI_OUT_TABLE)
        printf(
            "%zu of %zu %s flagged (alert_z %g, alert_window %g, sentiment_min_n %g)\n",
            flagged, n, o->by == KITH_BY_WEEK ? "weeks" : "months",
            kith_metrics_param(m, "alert_z"), kith_metrics_param(m, "alert_window"),
            kith_metrics_param(m, "sentiment_min_n"));
    return 0;
}

/* ------------------------------------------------------------ entry */

/* --format json: the library's view, the same text GET /api/v1/sentiment
 * and /api/v1/sentiment/alerts serve. */
static int print_json(cli_global *g, sopts *o, int alerts)
{
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_open(g, 0, &st, &org);
    if (rc)
        return rc;
    if ((rc = read_dates(o, org.timezone)) != 0) {
        kith_store_close(st);
        return rc;
    }
    kith_sentiment_query q;
    memset(&q, 0, sizeof q);
    q.mo = o->mo;
    q.by = o->by;
    q.channel = o->channel;
    q.lexicon = o->lexicon;
    q.from = o->has_from ? o->from : 0;
    q.to = o->has_to ? o->to : 0;
    q.all = o->all;
    kith_error err;
    kith_error_clear(&err);
    char *text = NULL;
    kith_code kc = alerts ? kith_sentiment_alerts_json(st, org.id, &q, &text, &err)
                          : kith_sentiment_json(st, org.id, &q, &text, &err);
    rc = cli_print_json(kc, &text, &err);
    kith_store_close(st);
    return rc;
}

int cli_sentiment_metrics(cli_global *g, int argc, char **argv, int alerts)
{
    sopts o;
    memset(&o, 0, sizeof o);
    const char *cmd = alerts ? "sentiment alerts" : "sentiment";
    if (cli_take_format(g, &argc, argv))
        return 1;
    int rc = parse_args(cmd, alerts, argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    cli_out_fmt fmt;
    if ((rc = cli_out_format(g, cmd, &fmt)) != 0)
        return rc;
    kith_store *st = NULL;
    kith_metrics *m = NULL;
    int chan = -1;
    if (fmt == CLI_OUT_JSON)
        return print_json(g, &o, alerts);
    rc = open_all(g, &o, &st, &m, &chan);
    if (!rc)
        rc = alerts ? run_alerts(m, &o, chan, fmt) : run_summary(m, &o, chan, fmt);
    if (!rc && fflush(stdout) != 0)
        rc = 4;
    kith_metrics_close(m);
    kith_store_close(st);
    return rc;
}
