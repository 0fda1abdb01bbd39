/* kith members: list, show, merge, unmerge, merges, suggest-merges. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"

static void help(FILE *f)
{
    fprintf(
        f,
        "usage: kith members SUBCOMMAND [ARGS]\n"
        "\n"
        "  list [--kind K] [--search T]      members after identity merge\n"
        "  show MEMBER                       identities, activities, merges\n"
        "  merges [MEMBER]                   the merge log\n"
        "  suggest-merges [--min-score S]    likely duplicates, with score and reason\n"
        "  merge KEEP DROP [--reason TEXT]   merge member DROP into KEEP (logged)\n"
        "  unmerge MERGE_ID                  undo a merge exactly\n"
        "  top --by love|reach|brokerage|betweenness [--limit N]\n"
        "                                    members by engagement or network rank\n"
        "  at-risk                           engaged members who went quiet\n");
}

static int do_merge(cli_global *g, int argc, char **argv)
{
    const char *reason = NULL;
    static const struct option opts[] = {{"reason", required_argument, 0, 'r'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'r':
            reason = optarg;
            break;
        case 'h':
            printf("usage: kith members merge KEEP DROP [--reason TEXT]\n\n"
                   "Merge member DROP into member KEEP: identities, activities and\n"
                   "ideas move to KEEP, KEEP takes fields it lacks. Logged; undo with\n"
                   "'kith members unmerge MERGE_ID'.\n");
            return 0;
        default:
            return 1;
        }
    }
    int64_t keep = 0, drop = 0;
    if (argc - optind != 2 || cli_parse_i64(argv[optind], &keep) ||
        cli_parse_i64(argv[optind + 1], &drop))
        return cli_usage("members merge", "give two member ids: KEEP DROP");
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_open(g, 0, &st, &org);
    if (rc)
        return rc;
    kith_error err;
    kith_error_clear(&err);
    int64_t mid = 0;
    if (kith_members_merge(st, org.id, keep, drop, reason, &mid, &err) != KITH_OK)
        rc = cli_fail(&err);
    else
        printf("merged member %lld into %lld (merge #%lld; undo with 'kith members "
               "unmerge %lld')\n",
               (long long)drop, (long long)keep, (long long)mid, (long long)mid);
    kith_store_close(st);
    return rc;
}

static int do_unmerge(cli_global *g, int argc, char **argv)
{
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: kith members unmerge MERGE_ID\n\n"
               "Undo a merge: the merged member comes back with exactly the\n"
               "identities, activities and ideas it had, and the kept member's\n"
               "fields are restored. Later merges of the same members must be\n"
               "undone first.\n");
        return 0;
    }
    int64_t mid = 0;
    if (argc != 2 || cli_parse_i64(argv[1], &mid))
        return cli_usage("members unmerge", "give one merge id");
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_open(g, 0, &st, &org);
    if (rc)
        return rc;
    kith_error err;
    kith_error_clear(&err);
    if (kith_members_unmerge(st, org.id, mid, &err) != KITH_OK)
        rc = cli_fail(&err);
    else
        printf("undid merge #%lld\n", (long long)mid);
    kith_store_close(st);
    return rc;
}

int cmd_members(cli_global *g, int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? 1 : 0;
    }
    if (!strcmp(argv[1], "list"))
        return cli_members_list(g, argc - 1, argv + 1);
    if (!strcmp(argv[1], "show"))
        return cli_members_show(g, argc - 1, argv + 1);
    if (!strcmp(argv[1], "merges"))
        return cli_members_merges(g, argc - 1, argv + 1);
    if (!strcmp(argv[1], "suggest-merges"))
        return cli_members_suggest(g, argc - 1, argv + 1);
    if (!strcmp(argv[1], "merge"))
        return do_merge(g, argc - 1, argv + 1);
    if (!strcmp(argv[1], "unmerge"))
        return do_unmerge(g, argc - 1, argv + 1);
    if (!strcmp(argv[1], "top") || !strcmp(argv[1], "at-risk"))
        return cmd_members_scores(g, argc - 1, argv + 1, !strcmp(argv[1], "at-risk"));
    return cli_usage("members", "unknown subcommand '%s'", argv[1]);
}

/* ------------------------------------------------------------ top, at-risk
 * (the KPI engine's member lists; kept apart from the commands above). */

static void print_scores(const kith_member_score *s, size_t n, const char *tz)
{
    printf("%-8s %-28s %8s %-14s %-10s %s\n", "member", "name", "love", "level",
           "max level", "last activity");
    for (size_t i = 0; i < n; i++) {
        char last[32] = "-";
        if (s[i].last_activity)
            kith_time_date(s[i].last_activity, tz, last);
        printf("%-8lld %-28.28s %8.1f %-14s %-10d %s\n", (long long)s[i].member_id,
               s[i].name[0] ? s[i].name : "(no name)", s[i].love,
               kith_level_name(s[i].level), s[i].max_level, last);
    }
}

/* kith members top --by reach|brokerage|betweenness: the network's
 * ranks (kith_graph_top). */
static int graph_top(cli_global *g, cli_graph_args *a, int by, int64_t limit)
{
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_open(g, 0, &st, &org);
    if (rc)
        return rc;
    if ((rc = cli_graph_dates(a, org.timezone, "members top")) != 0) {
        kith_store_close(st);
        return rc;
    }
    kith_error err;
    kith_error_clear(&err);
    kith_graph *gr = NULL;
    size_t *idx = NULL, n = 0;
    if (kith_graph_build(st, org.id, &a->o, &gr, &err) != KITH_OK ||
        kith_graph_top(gr, (kith_graph_rank)by, (size_t)limit, &idx, &n, &err) !=
            KITH_OK) {
        rc = cli_fail(&err);
    } else {
        const kith_graph_summary *s = kith_graph_summary_of(gr);
        char f[32], t[32];
        printf("members by %s in the network, %s to %s (%lld members with ties)%s\n\n",
               by == KITH_RANK_REACH       ? "reach (PageRank)"
               : by == KITH_RANK_BROKERAGE ? "brokerage (lowest constraint)"
                                           : "betweenness",
               kith_time_date(s->from, s->timezone, f),
               kith_time_date(s->to, s->timezone, t), (long long)s->nodes,
               by == KITH_RANK_BETWEENNESS && !s->betweenness_exact
                   ? "; betweenness estimated from sampled sources"
                   : "");
        printf("%5s %8s %-28s %9s %11s %10s %9s %s\n", "rank", "member", "name", "reach",
               "betweenness", "constraint", "community", "bridge");
        for (size_t k = 0; k < n; k++) {
            kith_graph_node nd;
            kith_graph_node_at(gr, idx[k], &nd);
            printf("%5zu %8lld %-28.28s %9.5f %11.1f %10.4f %9lld %s\n", k + 1,
                   (long long)nd.member_id, nd.name[0] ? nd.name : "(no name)",
                   nd.pagerank, nd.betweenness, nd.constraint, (long long)nd.community,
                   nd.bridge ? "yes" : "");
        }
    }
    free(idx);
    kith_graph_free(gr);
    kith_store_close(st);
    return rc;
}

/* kith members top --by love|reach|brokerage|betweenness [--limit N]
 * [--as-of DATE] and kith members at-risk [--as-of DATE]; both take
 * --include-team; the network ranks take the options of kith graph. */
int cmd_members_scores(cli_global *g, int argc, char **argv, int at_risk)
{
    kith_metrics_opts mo;
    memset(&mo, 0, sizeof mo);
    cli_graph_args ga;
    memset(&ga, 0, sizeof ga);
    const char *by = "love";
    int64_t limit = 20;
    static const struct option opts[] = {CLI_GRAPH_LONGOPTS,
                                         {"by", required_argument, 0, 'b'},
                                         {"limit", required_argument, 0, 'l'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *name = at_risk ? "members at-risk" : "members top";
    kith_error err;
    kith_error_clear(&err);
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'b':
            by = optarg;
            break;
        case 'l':
            if (cli_parse_i64(optarg, &limit))
                return cli_usage(name, "--limit '%s': give a whole number > 0", optarg);
            break;
        case 'h':
            printf(at_risk
                       ? "usage: kith members at-risk [--as-of DATE] [--include-team]\n\n"
                         "Members who reached level 3 (contributor) or more in the\n"
                         "last at_risk_window days and have had no community activity\n"
                         "for inactive_days (see 'kith config list').\n"
                         "Team and bot members are left out unless --include-team.\n"
                       : "usage: kith members top --by love|reach|brokerage|betweenness\n"
                         "                        [--limit N] [--as-of DATE] "
                         "[--include-team]\n\n"
                         "Members by engagement score (love) at as-of, highest first;\n"
                         "or by their place in the network (kith graph): reach\n"
                         "(PageRank), brokerage (lowest Burt constraint first) or\n"
                         "betweenness. The network ranks also take:\n");
            if (!at_risk)
                printf("%s", cli_graph_help());
            printf("Team and bot members are left out unless --include-team.\n");
            return 0;
        default:
            if (cli_graph_opt(&ga, c, optarg, name) != 0)
                return 1;
        }
    }
    if (optind < argc)
        return cli_usage(name, "unexpected argument '%s'", argv[optind]);
    int rank = kith_graph_rank_parse(by);
    if (!at_risk && rank >= 0)
        return graph_top(g, &ga, rank, limit);
    if (strcmp(by, "love"))
        return cli_usage(name, "--by '%s': use love, reach, brokerage or betweenness",
                         by);
    if (ga.from || ga.to || ga.o.has_resolution || ga.o.weights || ga.o.strong_quantile)
        return cli_usage(name,
                         "--from, --to, --weights, --resolution and "
                         "--strong-quantile apply to the network ranks (--by reach, "
                         "brokerage or betweenness)");
    mo.include_team = ga.o.include_team;
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_open(g, 0, &st, &org);
    if (rc)
        return rc;
    /* A date without a time is 00:00 in the org's time zone (METRICS.md). */
    if (ga.as_of && kith_report_parse_time_tz("--as-of", ga.as_of, org.timezone,
                                              &mo.as_of, &err) != KITH_OK) {
        kith_store_close(st);
        return cli_usage(name, "%s", err.msg);
    }
    kith_metrics *m = NULL;
    kith_member_score *s = NULL;
    size_t n = 0;
    kith_code code = kith_metrics_open(st, org.id, &mo, &m, &err);
    if (code == KITH_OK)
        code = at_risk ? kith_metric_at_risk(m, kith_metrics_as_of(m), &s, &n, &err)
                       : kith_metric_love_top(m, kith_metrics_as_of(m), -1, (size_t)limit,
                                              &s, &n, &err);
    if (code != KITH_OK)
        rc = cli_fail(&err);
    else if (!n)
        printf(at_risk ? "no member is at risk\n"
                       : "no member has community activity yet\n");
    else
        print_scores(s, n, org.timezone);
    free(s);
    kith_metrics_close(m);
    kith_store_close(st);
    return rc;
}
