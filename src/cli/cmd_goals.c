/* kith goals: SMART goals on the metrics (add, list, remove), with their
 * progress and whether the trend reaches the target by the deadline. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static void help(FILE *f)
{
    fprintf(f,
            "usage: kith goals add --metric ID [--segment CUT=NAME] --target VALUE\n"
            "                      --by DATE [--owner NAME]\n"
            "       kith goals list [--as-of DATE] [--format table|json]\n"
            "       kith goals remove ID\n"
            "\n"
            "A goal is a metric measured per calendar month, a target in the metric's\n"
            "unit (a share as 60%% or 0.6, money in the org currency, a count, hours, a\n"
            "score) and a deadline to come. 'list' shows the latest month, the progress\n"
            "from the baseline month, and the least-squares trend over the months so\n"
            "far projected to the deadline with its 95%% interval: on track or off\n"
            "track. A segment is CUT=NAME: kind=customer, level=champion,\n"
            "channel=discord, tag:district=north. Metrics:\n");
    for (const kith_goal_metric *m = kith_goal_metrics(); m->id; m++)
        fprintf(f, "  %-24s %-6s %s%s\n", m->id, m->unit, m->label,
                m->segmentable ? " (by segment)" : "");
}

static int add_one(kith_store *st, const kith_org *org, void *ud, kith_error *err)
{
    int64_t id = 0;
    if (kith_goal_add(st, org->id, ud, 0, &id, err) != KITH_OK)
        return cli_fail(err);
    printf("goal %lld added\n", (long long)id);
    return 0;
}

static int add(cli_global *g, int argc, char **argv)
{
    kith_goal_text t;
    memset(&t, 0, sizeof t);
    const cli_text_flag flags[] = {{"metric", &t.metric}, {"segment", &t.segment},
                                   {"target", &t.target}, {"by", &t.by},
                                   {"owner", &t.owner},   {NULL, NULL}};
    int rc = cli_text_flags("goals", argc, argv, flags, 0, help);
    if (rc)
        return rc == 2 ? 0 : rc;
    if (!t.metric || !t.target || !t.by)
        return cli_usage("goals", "add needs --metric, --target and --by");
    return cli_with_store(g, add_one, &t);
}

static int list(cli_global *g, int argc, char **argv)
{
    kith_impact_opts o;
    memset(&o, 0, sizeof o);
    const char *format = NULL, *as_of = NULL;
    const cli_text_flag flags[] = {{"as-of", &as_of}, {"format", &format}, {NULL, NULL}};
    int rc = cli_text_flags("goals", argc, argv, flags, 0, help);
    if (rc)
        return rc == 2 ? 0 : rc;
    kith_impact_format fmt;
    if (cli_impact_format("goals", format, 0, &fmt))
        return 1;
    return cli_impact_show(g, "goals", as_of, &o, fmt, kith_goals_render);
}

int cmd_goals(cli_global *g, int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? 1 : 0;
    }
    if (!strcmp(argv[1], "add"))
        return add(g, argc - 1, argv + 1);
    if (!strcmp(argv[1], "list"))
        return list(g, argc - 1, argv + 1);
    if (!strcmp(argv[1], "remove"))
        return cli_impact_remove(g, "goals", argc - 1, argv + 1, kith_goal_remove,
                                 "goal");
    return cli_usage("goals", "unknown subcommand '%s' (add, list, remove)", argv[1]);
}
