/* The options `kith clv` and `kith churn` share, parsed once (see
 * cli.h, cli_model_args_parse). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/output.h"

int cli_model_args_parse(const char *cmd, const char *allowed, int argc, char **argv,
                         void (*help)(FILE *), cli_model_args *a)
{
    static const struct option opts[] = {{"calibration-end", required_argument, 0, 'c'},
                                         {"cohort-from", required_argument, 0, 'f'},
                                         {"cohort-to", required_argument, 0, 't'},
                                         {"as-of", required_argument, 0, 'a'},
                                         {"export-features", required_argument, 0, 'e'},
                                         {"horizon", required_argument, 0, 'H'},
                                         {"top", required_argument, 0, 'n'},
                                         {"include-team", no_argument, 0, 'T'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c, li = -1;
    int64_t v;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, &li)) != -1) {
        if (c > 0 && !strchr("HnTh?", c) && !strchr(allowed, c))
            return cli_usage(cmd, "--%s is not an option of kith %s",
                             li >= 0 ? opts[li].name : "?", cmd);
        switch (c) {
        case 'c':
            a->cal = optarg;
            break;
        case 'f':
            a->from = optarg;
            break;
        case 't':
            a->to = optarg;
            break;
        case 'a':
            a->as_of = optarg;
            break;
        case 'e':
            a->export = optarg;
            break;
        case 'H':
            if (cli_parse_duration(optarg, &a->horizon_days))
                return cli_usage(
                    cmd, "--horizon '%s': use a number and d, w, m or y, as in %s",
                    optarg, strcmp(cmd, "churn") ? "52w" : "90d");
            a->has_horizon = 1;
            break;
        case 'n':
            /* 0 = all; cli_parse_i64 takes whole numbers > 0. */
            if (!strcmp(optarg, "0"))
                a->top = 0;
            else if (cli_parse_i64(optarg, &v) || v > 100000000)
                return cli_usage(cmd, "--top wants a whole number >= 0 (0 = all)");
            else
                a->top = (size_t)v;
            break;
        case 'T':
            a->include_team = 1;
            break;
        case 'h':
            help(stdout);
            return -1;
        default:
            help(stderr);
            return 1;
        }
    }
    if (optind < argc)
        return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
    return 0;
}

int cli_model_begin(cli_global *g, const char *cmd, const char *allowed, int argc,
                    char **argv, void (*help)(FILE *), cli_model_args *a,
                    cli_out_fmt *fmt, kith_store **st, kith_org *org)
{
    if (cli_take_format(g, &argc, argv))
        return 1;
    int rc = cli_model_args_parse(cmd, allowed, argc, argv, help, a);
    if (rc == 0)
        rc = cli_out_format(g, cmd, fmt);
    if (rc == 0)
        rc = cli_open(g, 0, st, org);
    return rc;
}

int cli_model_emit(kith_code kc, char *text, const kith_error *err)
{
    int rc = 0;
    if (kc != KITH_OK) {
        rc = cli_fail(err);
    } else {
        fputs(text, stdout);
        putchar('\n');
    }
    free(text);
    return rc;
}

int cli_model_end(int rc, kith_store *st)
{
    if (!rc && fflush(stdout) != 0)
        rc = 4;
    kith_store_close(st);
    return rc;
}
