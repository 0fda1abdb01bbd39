/* kith srci: social return on community investment of the org or one
 * initiative (the SROI method, docs/impact.md). */
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
    const char *format = NULL, *as_of = NULL, *sens = NULL;
    const cli_text_flag flags[] = {{"initiative", &o.initiative},
                                   {"sensitivity", &sens},
                                   {"as-of", &as_of},
                                   {"format", &format},
                                   {NULL, NULL}};
    int rc = cli_text_flags("srci", argc, argv, flags, 0, help);
    if (rc)
        return rc == 2 ? 0 : rc;
    if (sens) {
        char *end = NULL;
        o.sensitivity = strtod(sens, &end);
        if (!end || *end || !(o.sensitivity > 0 && o.sensitivity <= 100))
            return cli_usage("srci",
                             "--sensitivity is a percentage in (0, 100], not '%s'", sens);
    }
    kith_impact_format fmt;
    if (cli_impact_format("srci", format, 1, &fmt))
        return 1;
    return cli_impact_show(g, "srci", as_of, &o, fmt, kith_srci_render);
}
