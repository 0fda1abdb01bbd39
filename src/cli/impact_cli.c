/* Pieces the impact commands share (srci, outcomes, stakeholders, goals,
 * simulate): the --format choice and printing a library-made text. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

int cli_impact_format(const char *cmd, const char *s, int svg, kith_impact_format *f)
{
    if (!s || !strcmp(s, "table"))
        *f = KITH_IMPACT_TABLE;
    else if (!strcmp(s, "json"))
        *f = KITH_IMPACT_JSON;
    else if (svg && !strcmp(s, "svg"))
        *f = KITH_IMPACT_SVG;
    else
        return cli_usage(cmd, "--format '%s': use table, json%s", s,
                         svg ? " or svg" : "");
    return 0;
}

int cli_print_owned(char *text)
{
    if (text)
        fputs(text, stdout);
    free(text);
    return 0;
}

int cli_parse_date_tz(const char *cmd, const char *flag, const char *s,
                      const kith_org *org, int64_t *out)
{
    kith_error err;
    kith_error_clear(&err);
    if (kith_report_parse_time_tz(flag, s, org->timezone, out, &err) != KITH_OK)
        return cli_usage(cmd, "%s", err.msg);
    return 0;
}

int cli_impact_show(cli_global *g, const char *cmd, const char *as_of,
                    kith_impact_opts *o, kith_impact_format fmt, cli_impact_render_fn fn)
{
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_open(g, 0, &st, &org);
    if (rc)
        return rc;
    if (as_of && cli_parse_date_tz(cmd, "--as-of", as_of, &org, &o->as_of)) {
        kith_store_close(st);
        return 1;
    }
    kith_error err;
    kith_error_clear(&err);
    char *text = NULL;
    if (fn(st, org.id, o, fmt, &text, &err) != KITH_OK)
        rc = cli_fail(&err);
    else
        rc = cli_print_owned(text);
    kith_store_close(st);
    return rc;
}

int cli_impact_remove(cli_global *g, const char *cmd, int argc, char **argv,
                      cli_impact_remove_fn fn, const char *what)
{
    int64_t id = 0;
    if (argc != 2 || cli_parse_i64(argv[1], &id))
        return cli_usage(cmd, "remove takes one %s id", what);
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_open(g, 0, &st, &org);
    if (rc)
        return rc;
    kith_error err;
    kith_error_clear(&err);
    if (fn(st, org.id, id, &err) != KITH_OK)
        rc = cli_fail(&err);
    else
        printf("%s %lld removed\n", what, (long long)id);
    kith_store_close(st);
    return rc;
}

int cli_text_flags(const char *cmd, int argc, char **argv, const cli_text_flag *flags,
                   int positional, void (*help)(FILE *))
{
    struct option opts[CLI_MAX_TEXT_FLAGS + 2];
    int n = 0;
    for (; flags[n].name && n < CLI_MAX_TEXT_FLAGS; n++) {
        opts[n].name = flags[n].name;
        opts[n].has_arg = required_argument;
        opts[n].flag = NULL;
        opts[n].val = 256 + n;
    }
    opts[n] = (struct option){"help", no_argument, NULL, 'h'};
    opts[n + 1] = (struct option){NULL, 0, NULL, 0};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c >= 256 && c < 256 + n) {
            *flags[c - 256].slot = optarg;
            continue;
        }
        if (c == 'h') {
            help(stdout);
            return 2;
        }
        help(stderr);
        return 1;
    }
    if (argc - optind != positional) {
        if (positional)
            return cli_usage(cmd, "expected %d argument%s besides the options, not %d",
                             positional, positional == 1 ? "" : "s", argc - optind);
        return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
    }
    return 0;
}

int cli_with_store(cli_global *g, cli_store_fn fn, void *ud)
{
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_open(g, 0, &st, &org);
    if (rc)
        return rc;
    kith_error err;
    kith_error_clear(&err);
    rc = fn(st, &org, ud, &err);
    kith_store_close(st);
    return rc;
}
