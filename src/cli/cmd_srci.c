/* kith srci: social return on community investment of the org or one
 * initiative (the SROI method, docs/impact.md). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static void help(FILE *f)
{
    fprintf(f,
            "usage: kith srci [--initiative NAME] [--sensitivity PCT] [--as-of DATE]\n"
            "                 [--format table|json|svg]\n"
            "\n"
            "The social return of the community work (SROI method): each outcome's\n"
            "value per year after deadweight, displacement, attribution and drop-off,\n"
            "discounted at srci.discount_rate (default 3.5%%), against the inputs of\n"
            "the initiatives (cash, in-kind, volunteer hours x srci.volunteer_rate).\n"
            "Shows the present value, NPV, the SRCI ratio and net ratio, the payback\n"
            "in months and, per assumption, the value at which the ratio is 1.0 and\n"
            "the ratio with it moved -/+PCT%% (default 10; --format svg draws the\n"
            "tornado). Outcomes come from 'kith import outcomes FILE' or 'kith\n"
            "outcomes add'. docs/impact.md has the method and its sources.\n");
}

int cmd_srci(cli_global *g, int argc, char **argv)
{
    kith_impact_opts o;
    memset(&o, 0, sizeof o);
    const char *format = NULL, *as_of = NULL;
    static const struct option opts[] = {{"initiative", required_argument, 0, 'i'},
                                         {"sensitivity", required_argument, 0, 's'},
                                         {"as-of", required_argument, 0, 'a'},
                                         {"format", required_argument, 0, 'F'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'i':
            o.initiative = optarg;
            break;
        case 's': {
            char *end = NULL;
            o.sensitivity = strtod(optarg, &end);
            if (!end || *end || !(o.sensitivity > 0 && o.sensitivity <= 100))
                return cli_usage("srci",
                                 "--sensitivity is a percentage in (0, 100], "
                                 "not '%s'",
                                 optarg);
            break;
        }
        case 'a':
            as_of = optarg;
            break;
        case 'F':
            format = optarg;
            break;
        case 'h':
            help(stdout);
            return 0;
        default:
            help(stderr);
            return 1;
        }
    }
    if (optind < argc)
        return cli_usage("srci", "unexpected argument '%s'", argv[optind]);
    kith_impact_format fmt;
    if (cli_impact_format("srci", format, 1, &fmt))
        return 1;
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_open(g, 0, &st, &org);
    if (rc)
        return rc;
    if (as_of && cli_parse_date_tz("srci", "--as-of", as_of, &org, &o.as_of)) {
        kith_store_close(st);
        return 1;
    }
    kith_error err;
    kith_error_clear(&err);
    char *text = NULL;
    if (kith_srci_render(st, org.id, &o, fmt, &text, &err) != KITH_OK)
        rc = cli_fail(&err);
    else
        rc = cli_print_owned(text);
    kith_store_close(st);
    return rc;
}
