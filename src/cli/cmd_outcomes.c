/* kith outcomes: the SRCI impact map's outcomes, one by one (add, list,
 * remove); a file of them goes through 'kith import outcomes FILE'. */
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

static int add_one(kith_store *st, const kith_org *org, void *ud, kith_error *err)
{
    int64_t id = 0;
    if (kith_outcome_add(st, org->id, ud, &id, err) != KITH_OK)
        return cli_fail(err);
    printf("outcome %lld saved\n", (long long)id);
    return 0;
}

static int add(cli_global *g, int argc, char **argv)
{
    kith_outcome_text t;
    memset(&t, 0, sizeof t);
    const cli_text_flag flags[] = {{"initiative", &t.initiative},
                                   {"stakeholder", &t.stakeholder},
                                   {"outcome", &t.outcome},
                                   {"indicator", &t.indicator},
                                   {"quantity", &t.quantity},
                                   {"quantity-from", &t.quantity_from},
                                   {"proxy", &t.proxy},
                                   {"proxy-source", &t.proxy_source},
                                   {"deadweight", &t.deadweight},
                                   {"displacement", &t.displacement},
                                   {"attribution", &t.attribution},
                                   {"drop-off", &t.drop_off},
                                   {"duration", &t.duration},
                                   {NULL, NULL}};
    int rc = cli_text_flags("outcomes", argc, argv, flags, 0, help);
    if (rc)
        return rc == 2 ? 0 : rc;
    return cli_with_store(g, add_one, &t);
}

typedef struct list_args {
    const char *initiative;
    kith_impact_format fmt;
} list_args;

static int list_all(kith_store *st, const kith_org *org, void *ud, kith_error *err)
{
    const list_args *a = ud;
    char *text = NULL;
    if (kith_outcomes_render(st, org->id, a->initiative, a->fmt, &text, err) != KITH_OK)
        return cli_fail(err);
    return cli_print_owned(text);
}

static int list(cli_global *g, int argc, char **argv)
{
    list_args a = {NULL, KITH_IMPACT_TABLE};
    const char *format = NULL;
    const cli_text_flag flags[] = {
        {"initiative", &a.initiative}, {"format", &format}, {NULL, NULL}};
    int rc = cli_text_flags("outcomes", argc, argv, flags, 0, help);
    if (rc)
        return rc == 2 ? 0 : rc;
    if (cli_impact_format("outcomes", format, 0, &a.fmt))
        return 1;
    return cli_with_store(g, list_all, &a);
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
        return cli_impact_remove(g, "outcomes", argc - 1, argv + 1, kith_outcome_remove,
                                 "outcome");
    return cli_usage("outcomes", "unknown subcommand '%s' (add, list, remove)", argv[1]);
}
