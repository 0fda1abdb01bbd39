/* kith outcomes: the SRCI impact map's outcomes, one by one (add, list,
 * remove); a file of them goes through 'kith import outcomes FILE'. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static void help(FILE *f)
{
    fprintf(
        f,
        "usage: kith outcomes add --initiative NAME --stakeholder GROUP --outcome TEXT\n"
        "                         (--quantity N | --quantity-from metric:ID)\n"
        "                         --proxy VALUE [--proxy-source TEXT]\n"
        "                         [--indicator TEXT] [--deadweight S]\n"
        "                         [--displacement S] [--attribution S]\n"
        "                         [--drop-off S] [--duration YEARS]\n"
        "       kith outcomes list [--initiative NAME] [--format table|json]\n"
        "       kith outcomes remove ID\n"
        "\n"
        "An outcome of an initiative for a stakeholder group: its quantity (or a\n"
        "metric of kith measured over the initiative's period), the financial proxy\n"
        "(value of one unit for one year, org currency) and the shares S (40%% or\n"
        "0.4) to take off: deadweight, displacement, attribution, and the yearly\n"
        "drop-off over the duration (whole years, default 1). Adding an outcome\n"
        "with the same initiative, group and outcome replaces it. Metric ids:\n");
    for (const kith_quantity_metric *q = kith_srci_quantity_metrics(); q->id; q++)
        fprintf(f, "  %-24s %s\n", q->id, q->help);
}

static int add(cli_global *g, int argc, char **argv)
{
    kith_outcome_text t;
    memset(&t, 0, sizeof t);
    static const struct option opts[] = {{"initiative", required_argument, 0, 'i'},
                                         {"stakeholder", required_argument, 0, 's'},
                                         {"outcome", required_argument, 0, 'o'},
                                         {"indicator", required_argument, 0, 'n'},
                                         {"quantity", required_argument, 0, 'q'},
                                         {"quantity-from", required_argument, 0, 'Q'},
                                         {"proxy", required_argument, 0, 'p'},
                                         {"proxy-source", required_argument, 0, 'P'},
                                         {"deadweight", required_argument, 0, 'd'},
                                         {"displacement", required_argument, 0, 'D'},
                                         {"attribution", required_argument, 0, 'a'},
                                         {"drop-off", required_argument, 0, 'f'},
                                         {"duration", required_argument, 0, 'y'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        const char **slot = c == 'i'   ? &t.initiative
                            : c == 's' ? &t.stakeholder
                            : c == 'o' ? &t.outcome
                            : c == 'n' ? &t.indicator
                            : c == 'q' ? &t.quantity
                            : c == 'Q' ? &t.quantity_from
                            : c == 'p' ? &t.proxy
                            : c == 'P' ? &t.proxy_source
                            : c == 'd' ? &t.deadweight
                            : c == 'D' ? &t.displacement
                            : c == 'a' ? &t.attribution
                            : c == 'f' ? &t.drop_off
                            : c == 'y' ? &t.duration
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
        return cli_usage("outcomes", "unexpected argument '%s'", argv[optind]);
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_open(g, 0, &st, &org);
    if (rc)
        return rc;
    kith_error err;
    kith_error_clear(&err);
    int64_t id = 0;
    if (kith_outcome_add(st, org.id, &t, &id, &err) != KITH_OK)
        rc = cli_fail(&err);
    else
        printf("outcome %lld saved\n", (long long)id);
    kith_store_close(st);
    return rc;
}

static int list(cli_global *g, int argc, char **argv)
{
    const char *initiative = NULL, *format = NULL;
    static const struct option opts[] = {{"initiative", required_argument, 0, 'i'},
                                         {"format", required_argument, 0, 'F'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'i')
            initiative = optarg;
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
        return cli_usage("outcomes", "unexpected argument '%s'", argv[optind]);
    kith_impact_format fmt;
    if (cli_impact_format("outcomes", format, 0, &fmt))
        return 1;
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_open(g, 0, &st, &org);
    if (rc)
        return rc;
    kith_error err;
    kith_error_clear(&err);
    char *text = NULL;
    if (kith_outcomes_render(st, org.id, initiative, fmt, &text, &err) != KITH_OK)
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
        return cli_usage("outcomes", "remove takes one outcome id");
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_open(g, 0, &st, &org);
    if (rc)
        return rc;
    kith_error err;
    kith_error_clear(&err);
    if (kith_outcome_remove(st, org.id, id, &err) != KITH_OK)
        rc = cli_fail(&err);
    else
        printf("outcome %lld removed\n", (long long)id);
    kith_store_close(st);
    return rc;
}

int cmd_outcomes(cli_global *g, int argc, char **argv)
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
    return cli_usage("outcomes", "unknown subcommand '%s' (add, list, remove)", argv[1]);
}
