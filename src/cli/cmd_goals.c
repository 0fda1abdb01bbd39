/* kith goals: SMART goals on the metrics (add, list, remove), with their
 * progress and whether the trend reaches the target by the deadline. */
#include <getopt.h>
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

static int add(cli_global *g, int argc, char **argv)
{
    kith_goal_text t;
    memset(&t, 0, sizeof t);
    static const struct option opts[] = {{"metric", required_argument, 0, 'm'},
                                         {"segment", required_argument, 0, 's'},
                                         {"target", required_argument, 0, 't'},
                                         {"by", required_argument, 0, 'b'},
                                         {"owner", required_argument, 0, 'o'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        const char **slot = c == 'm'   ? &t.metric
                            : c == 's' ? &t.segment
                            : c == 't' ? &t.target
                            : c == 'b' ? &t.by
                            : c == 'o' ? &t.owner
                                       : NULL;
        if (slot) {
            *slot = optarg;
            continue;
        }
        if (c == 'h') {
            help(stdout);
            return 0;
        }
        help(stderr);
        return 1;
    }
    if (optind < argc)
        return cli_usage("goals", "unexpected argument '%s'", argv[optind]);
    if (!t.metric || !t.target || !t.by)
        return cli_usage("goals", "add needs --metric, --target and --by");
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_open(g, 0, &st, &org);
    if (rc)
        return rc;
    kith_error err;
    kith_error_clear(&err);
    int64_t id = 0;
    if (kith_goal_add(st, org.id, &t, 0, &id, &err) != KITH_OK)
        rc = cli_fail(&err);
    else
        printf("goal %lld added\n", (long long)id);
    kith_store_close(st);
    return rc;
}

static int list(cli_global *g, int argc, char **argv)
{
    kith_impact_opts o;
    memset(&o, 0, sizeof o);
    const char *format = NULL, *as_of = NULL;
    static const struct option opts[] = {{"as-of", required_argument, 0, 'a'},
                                         {"format", required_argument, 0, 'F'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'a')
            as_of = optarg;
        else if (c == 'F')
            format = optarg;
        else if (c == 'h') {
            help(stdout);
            return 0;
        } else {
            help(stderr);
            return 1;
        }
    }
    if (optind < argc)
        return cli_usage("goals", "unexpected argument '%s'", argv[optind]);
    kith_impact_format fmt;
    if (cli_impact_format("goals", format, 0, &fmt))
        return 1;
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_open(g, 0, &st, &org);
    if (rc)
        return rc;
    if (as_of && cli_parse_date_tz("goals", "--as-of", as_of, &org, &o.as_of)) {
        kith_store_close(st);
        return 1;
    }
    kith_error err;
    kith_error_clear(&err);
    char *text = NULL;
    if (kith_goals_render(st, org.id, &o, fmt, &text, &err) != KITH_OK)
        rc = cli_fail(&err);
    else
        rc = cli_print_owned(text);
    kith_store_close(st);
    return rc;
}

static int remove_one(cli_global *g, int argc, char **argv)
{
    int64_t id = 0;
    if (argc != 2 || cli_parse_i64(argv[1], &id))
        return cli_usage("goals", "remove takes one goal id");
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_open(g, 0, &st, &org);
    if (rc)
        return rc;
    kith_error err;
    kith_error_clear(&err);
    if (kith_goal_remove(st, org.id, id, &err) != KITH_OK)
        rc = cli_fail(&err);
    else
        printf("goal %lld removed\n", (long long)id);
    kith_store_close(st);
    return rc;
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
        return remove_one(g, argc - 1, argv + 1);
    return cli_usage("goals", "unknown subcommand '%s' (add, list, remove)", argv[1]);
}
