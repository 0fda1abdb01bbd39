/* kith stakeholders: the stakeholder map (add, set, list, remove): power
 * and interest, legitimacy and urgency, the grid quadrant and the salience
 * class, and an interest suggested from engagement for member kinds. */
#include <getopt.h>
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

static int edit(cli_global *g, int argc, char **argv, int adding)
{
    const char *cmd = "stakeholders";
    kith_stakeholder_text t;
    memset(&t, 0, sizeof t);
    static const struct option opts[] = {{"power", required_argument, 0, 'p'},
                                         {"interest", required_argument, 0, 'i'},
                                         {"legitimacy", required_argument, 0, 'l'},
                                         {"urgency", required_argument, 0, 'u'},
                                         {"kind", required_argument, 0, 'k'},
                                         {"notes", required_argument, 0, 'n'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        const char **slot = c == 'p'   ? &t.power
                            : c == 'i' ? &t.interest
                            : c == 'l' ? &t.legitimacy
                            : c == 'u' ? &t.urgency
                            : c == 'k' ? &t.kind
                            : c == 'n' ? &t.notes
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
    if (argc - optind != 1)
        return cli_usage(cmd, "%s takes one GROUP name", adding ? "add" : "set");
    t.group = argv[optind];
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_open(g, 0, &st, &org);
    if (rc)
        return rc;
    kith_error err;
    kith_error_clear(&err);
    kith_code code = adding ? kith_stakeholder_add(st, org.id, &t, &err)
                            : kith_stakeholder_set(st, org.id, &t, &err);
    if (code != KITH_OK)
        rc = cli_fail(&err);
    else
        printf("stakeholder group '%s' %s\n", t.group, adding ? "added" : "updated");
    kith_store_close(st);
    return rc;
}

static int list(cli_global *g, int argc, char **argv)
{
    kith_impact_opts o;
    memset(&o, 0, sizeof o);
    const char *format = NULL, *as_of = NULL;
    static const struct option opts[] = {{"as-of", required_argument, 0, 'a'},
                                         {"lexicon", required_argument, 0, 'L'},
                                         {"format", required_argument, 0, 'F'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'a')
            as_of = optarg;
        else if (c == 'L')
            o.lexicon = optarg;
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
        return cli_usage("stakeholders", "unexpected argument '%s'", argv[optind]);
    kith_impact_format fmt;
    if (cli_impact_format("stakeholders", format, 1, &fmt))
        return 1;
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_open(g, 0, &st, &org);
    if (rc)
        return rc;
    if (as_of && cli_parse_date_tz("stakeholders", "--as-of", as_of, &org, &o.as_of)) {
        kith_store_close(st);
        return 1;
    }
    kith_error err;
    kith_error_clear(&err);
    char *text = NULL;
    if (kith_stakeholders_render(st, org.id, &o, fmt, &text, &err) != KITH_OK)
        rc = cli_fail(&err);
    else
        rc = cli_print_owned(text);
    kith_store_close(st);
    return rc;
}

static int remove_one(cli_global *g, int argc, char **argv)
{
    if (argc != 2)
        return cli_usage("stakeholders", "remove takes one GROUP name");
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_open(g, 0, &st, &org);
    if (rc)
        return rc;
    kith_error err;
    kith_error_clear(&err);
    if (kith_stakeholder_remove(st, org.id, argv[1], &err) != KITH_OK)
        rc = cli_fail(&err);
    else
        printf("stakeholder group '%s' removed\n", argv[1]);
    kith_store_close(st);
    return rc;
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
