/* kith stakeholders: the stakeholder map (add, set, list, remove): power
 * and interest, legitimacy and urgency, the grid quadrant and the salience
 * class, and an interest suggested from engagement for member kinds. */
#include <getopt.h> /* optind */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static void help(FILE *f)
{
    fprintf(f,
            "usage: kith stakeholders add GROUP --power N [--interest N]\n"
            "                          [--legitimacy yes|no] [--urgency yes|no]\n"
            "                          [--kind KIND] [--notes TEXT]\n"
            "       kith stakeholders set GROUP [the same options]\n"
            "       kith stakeholders list [--as-of DATE] [--lexicon PATH]\n"
            "                          [--format table|json|svg]\n"
            "       kith stakeholders remove GROUP\n"
            "\n"
            "Power and interest are 0-10 (5 or more is high): the grid puts a group in\n"
            "manage closely, keep satisfied, keep informed or monitor. With legitimacy\n"
            "and urgency (and power 5 or more as the power attribute) each group gets\n"
            "its salience class (Mitchell, Agle & Wood 1997). A group that is a kind of\n"
            "member (--kind customer, employee, supplier, partner, local_org; guessed\n"
            "from the name when not given) gets an interest suggested from its measured\n"
            "engagement, with how it was got; you decide (--interest). --format svg\n"
            "draws the grid. docs/impact.md explains the classes.\n");
}

typedef struct edit_args {
    kith_stakeholder_text t;
    int adding;
} edit_args;

static int edit_one(kith_store *st, const kith_org *org, void *ud, kith_error *err)
{
    const edit_args *a = ud;
    kith_code code = a->adding ? kith_stakeholder_add(st, org->id, &a->t, err)
                               : kith_stakeholder_set(st, org->id, &a->t, err);
    if (code != KITH_OK)
        return cli_fail(err);
    printf("stakeholder group '%s' %s\n", a->t.group, a->adding ? "added" : "updated");
    return 0;
}

static int edit(cli_global *g, int argc, char **argv, int adding)
{
    edit_args a;
    memset(&a, 0, sizeof a);
    a.adding = adding;
    const cli_text_flag flags[] = {{"power", &a.t.power},
                                   {"interest", &a.t.interest},
                                   {"legitimacy", &a.t.legitimacy},
                                   {"urgency", &a.t.urgency},
                                   {"kind", &a.t.kind},
                                   {"notes", &a.t.notes},
                                   {NULL, NULL}};
    int rc = cli_text_flags("stakeholders", argc, argv, flags, 1, help);
    if (rc)
        return rc == 2 ? 0 : rc;
    a.t.group = argv[optind];
    return cli_with_store(g, edit_one, &a);
}

static int list(cli_global *g, int argc, char **argv)
{
    kith_impact_opts o;
    memset(&o, 0, sizeof o);
    const char *format = NULL, *as_of = NULL;
    const cli_text_flag flags[] = {
        {"as-of", &as_of}, {"lexicon", &o.lexicon}, {"format", &format}, {NULL, NULL}};
    int rc = cli_text_flags("stakeholders", argc, argv, flags, 0, help);
    if (rc)
        return rc == 2 ? 0 : rc;
    kith_impact_format fmt;
    if (cli_impact_format("stakeholders", format, 1, &fmt))
        return 1;
    return cli_impact_show(g, "stakeholders", as_of, &o, fmt, kith_stakeholders_render);
}

static int remove_group(kith_store *st, const kith_org *org, void *ud, kith_error *err)
{
    if (kith_stakeholder_remove(st, org->id, ud, err) != KITH_OK)
        return cli_fail(err);
    printf("stakeholder group '%s' removed\n", (const char *)ud);
    return 0;
}

static int remove_one(cli_global *g, int argc, char **argv)
{
    if (argc != 2)
        return cli_usage("stakeholders", "remove takes one GROUP name");
    return cli_with_store(g, remove_group, argv[1]);
}

int cmd_stakeholders(cli_global *g, int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? 1 : 0;
    }
    if (!strcmp(argv[1], "add"))
        return edit(g, argc - 1, argv + 1, 1);
    if (!strcmp(argv[1], "set"))
        return edit(g, argc - 1, argv + 1, 0);
    if (!strcmp(argv[1], "list"))
        return list(g, argc - 1, argv + 1);
    if (!strcmp(argv[1], "remove"))
        return remove_one(g, argc - 1, argv + 1);
    return cli_usage("stakeholders", "unknown subcommand '%s' (add, set, list, remove)",
                     argv[1]);
}
