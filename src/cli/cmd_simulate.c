/* kith simulate: community growth scenarios (Bass diffusion with churn),
 * fitted to the org's monthly new members or run from a given model. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

static void help(FILE *f)
{
    fprintf(
        f,
        "usage: kith simulate [--months N] [--as-of DATE] [--format table|json|svg]\n"
        "                     [--scenarios FILE | [--downturn SPEC] [--initiative SPEC]\n"
        "                      [--lost-champion SPEC]]\n"
        "                     [--p P --q Q --market M [--from-zero]] [--churn C]\n"
        "                     [--purchase-rate R --spend S]\n"
        "\n"
        "Projects community growth month by month as Bass diffusion: new members\n"
        "come from innovation (p) and imitation, word of mouth from current members\n"
        "(q), out of a market of M; members leave at churn C a month. Without --p,\n"
        "--q and --market the model is fitted to the org's monthly new members\n"
        "(nonlinear least squares), with the fit's quality shown; --market alone\n"
        "fixes the market size and fits p and q. Active members,\n"
        "purchases and revenue follow from the measured shares and rates (or\n"
        "--purchase-rate and --spend). Horizon: --months (default 12).\n"
        "\n"
        "Scenarios, compared with the baseline (revenue difference, ROI of a cost):\n"
        "  --downturn 'months=K[,from=F][,depth=30%%]'   p and purchases down, churn up\n"
        "  --initiative 'from=F[,p=+50%%][,q=+0%%][,cost=C][,months=K]'\n"
        "  --lost-champion '[from=F][,q=-30%%][,months=K]' word of mouth down\n"
        "  several flags: each alone and all combined. Or a file, one a line:\n"
        "    slow year = downturn(months=6, depth=20%%) + initiative(from=3, cost=2000)\n"
        "A given model without a database (or with --from-zero) starts from no\n"
        "members; month k then ends at t = k. docs/impact.md cites the model.\n");
}

static int number(const char *flag, const char *s, double *out)
{
    char *end = NULL;
    *out = strtod(s, &end);
    if (!end || *end || end == s)
        return cli_usage("simulate", "%s takes a number, not '%s'", flag, s);
    return 0;
}

int cmd_simulate(cli_global *g, int argc, char **argv)
{
    kith_simulate_opts o;
    memset(&o, 0, sizeof o);
    const char *format = NULL, *as_of = NULL;
    int has_p = 0, has_q = 0, has_m = 0, has_pr = 0, has_sp = 0;
    static const struct option opts[] = {{"months", required_argument, 0, 'n'},
                                         {"p", required_argument, 0, 'p'},
                                         {"q", required_argument, 0, 'q'},
                                         {"market", required_argument, 0, 'm'},
                                         {"churn", required_argument, 0, 'c'},
                                         {"purchase-rate", required_argument, 0, 'r'},
                                         {"spend", required_argument, 0, 's'},
                                         {"scenarios", required_argument, 0, 'f'},
                                         {"downturn", required_argument, 0, 'D'},
                                         {"initiative", required_argument, 0, 'I'},
                                         {"lost-champion", required_argument, 0, 'L'},
                                         {"from-zero", no_argument, 0, 'z'},
                                         {"as-of", required_argument, 0, 'a'},
                                         {"format", required_argument, 0, 'F'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    double v;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'n':
            if (number("--months", optarg, &v) || v != (int)v)
                return cli_usage("simulate", "--months takes a whole number");
            o.months = (int)v;
            break;
        case 'p':
            if (number("--p", optarg, &o.p))
                return 1;
            has_p = 1;
            break;
        case 'q':
            if (number("--q", optarg, &o.q))
                return 1;
            has_q = 1;
            break;
        case 'm':
            if (number("--market", optarg, &o.market))
                return 1;
            has_m = 1;
            break;
        case 'c':
            if (number("--churn", optarg, &o.churn))
                return 1;
            o.has_churn = 1;
            break;
        case 'r':
            if (number("--purchase-rate", optarg, &o.purchase_rate))
                return 1;
            has_pr = 1;
            break;
        case 's':
            if (number("--spend", optarg, &o.spend))
                return 1;
            has_sp = 1;
            break;
        case 'f':
            o.scenario_file = optarg;
            break;
        case 'D':
            o.downturn = optarg;
            break;
        case 'I':
            o.initiative = optarg;
            break;
        case 'L':
            o.lost_champion = optarg;
            break;
        case 'z':
            o.from_zero = 1;
            break;
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
        return cli_usage("simulate", "unexpected argument '%s'", argv[optind]);
    if ((has_p || has_q) && !(has_p && has_q && has_m))
        return cli_usage("simulate", "a given model needs --p, --q and --market together "
                                     "(--market alone fixes the market of the fit)");
    if (has_pr != has_sp)
        return cli_usage("simulate", "--purchase-rate and --spend go together");
    o.given = has_p;
    o.has_rates = has_pr;
    kith_impact_format fmt;
    if (cli_impact_format("simulate", format, 1, &fmt))
        return 1;
    kith_store *st = NULL;
    kith_org org;
    memset(&org, 0, sizeof org);
    int rc = 0;
    /* A given model runs without a database (no measured rates then). */
    if (!o.given || access(g->db, F_OK) == 0) {
        rc = cli_open(g, 0, &st, &org);
        if (rc)
            return rc;
    }
    if (as_of && st && cli_parse_date_tz("simulate", "--as-of", as_of, &org, &o.as_of)) {
        kith_store_close(st);
        return 1;
    }
    kith_error err;
    kith_error_clear(&err);
    char *text = NULL;
    if (kith_simulate_render(st, org.id, &o, fmt, &text, &err) != KITH_OK)
        rc = cli_fail(&err);
    else
        rc = cli_print_owned(text);
    kith_store_close(st);
    return rc;
}
