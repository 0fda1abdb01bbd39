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
        "  top --by love [--limit N]         members by engagement score\n"
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

/* kith members top --by love [--limit N] [--as-of DATE] and
 * kith members at-risk [--as-of DATE]; both take --include-team. */
int cmd_members_scores(cli_global *g, int argc, char **argv, int at_risk)
{
    kith_metrics_opts mo;
    memset(&mo, 0, sizeof mo);
    const char *by = "love";
    int64_t limit = 20;
    static const struct option opts[] = {
        {"by", required_argument, 0, 'b'},    {"limit", required_argument, 0, 'l'},
        {"as-of", required_argument, 0, 'a'}, {"include-team", no_argument, 0, 'T'},
        {"help", no_argument, 0, 'h'},        {0, 0, 0, 0}};
    const char *name = at_risk ? "members at-risk" : "members top";
    kith_error err;
    kith_error_clear(&err);
    const char *as_of_raw = NULL;
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
        case 'a':
            if (kith_report_parse_time("--as-of", optarg, &mo.as_of, &err) != KITH_OK)
                return cli_usage(name, "%s", err.msg);
            as_of_raw = optarg; /* read again in the org's time zone below */
            break;
        case 'T':
            mo.include_team = 1;
            break;
        case 'h':
            printf(at_risk
                       ? "usage: kith members at-risk [--as-of DATE] [--include-team]\n\n"
                         "Members who reached level 3 (contributor) or more in the\n"
                         "last at_risk_window days and have had no community activity\n"
                         "for inactive_days (see 'kith config list').\n"
                         "Team and bot members are left out unless --include-team.\n"
                       : "usage: kith members top --by love [--limit N] [--as-of DATE]\n"
                         "                        [--include-team]\n\n"
                         "Members by engagement score (love) at as-of, highest first.\n"
                         "Team and bot members are left out unless --include-team.\n");
            return 0;
        default:
            return 1;
        }
    }
    if (optind < argc)
        return cli_usage(name, "unexpected argument '%s'", argv[optind]);
    if (strcmp(by, "love"))
        return cli_usage(name, "--by '%s': only 'love' is available", by);
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_open(g, 0, &st, &org);
    if (rc)
        return rc;
    /* A date without a time is 00:00 in the org's time zone (METRICS.md). */
    if (as_of_raw && kith_report_parse_time_tz("--as-of", as_of_raw, org.timezone,
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
