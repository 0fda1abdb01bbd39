/* kith config: the metrics' parameters of an org (get, set, unset, list). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static void help(FILE *f)
{
    fprintf(f,
            "usage: kith config list [--format table|json]\n"
            "       kith config get KEY\n"
            "       kith config set KEY VALUE\n"
            "       kith config unset KEY\n"
            "\n"
            "Parameters of the metrics (windows, weights, thresholds, channel lists,\n"
            "local area, margin), stored per organisation. 'list' shows every key with\n"
            "its value and default; docs/metrics.md explains each.\n");
}

static int list(kith_store *st, int64_t org)
{
    kith_error err;
    kith_error_clear(&err);
    for (const kith_config_key *k = kith_config_keys(); k->name; k++) {
        char val[4096];
        int def = 0;
        if (kith_config_get(st, org, k->name, val, sizeof val, &def, &err) != KITH_OK)
            return cli_fail(&err);
        printf("%-26s %-14s %s%s\n", k->name, val[0] ? val : "\"\"", def ? "" : "(set) ",
               k->help);
    }
    return 0;
}

int cmd_config(cli_global *g, int argc, char **argv)
{
    if (cli_take_format(g, &argc, argv))
        return 1;
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? 1 : 0;
    }
    const char *sub = argv[1];
    int want = !strcmp(sub, "list")                             ? 2
               : !strcmp(sub, "set")                            ? 4
               : (!strcmp(sub, "get") || !strcmp(sub, "unset")) ? 3
                                                                : 0;
    if (!want)
        return cli_usage("config", "unknown subcommand '%s' (list, get, set, unset)",
                         sub);
    if (argc != want)
        return cli_usage("config", "'%s' takes %d argument%s", sub, want - 2,
                         want == 3 ? "" : "s");
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_open(g, 0, &st, &org);
    if (rc)
        return rc;
    kith_error err;
    kith_error_clear(&err);
    char val[4096];
    if (!strcmp(sub, "list") && g->format && !strcmp(g->format, "json")) {
        char *text = NULL;
        rc = cli_print_json(kith_config_json(st, org.id, &text, &err), &text, &err);
    } else if (!strcmp(sub, "list") && g->format && strcmp(g->format, "table")) {
        rc = cli_usage("config", "--format '%s': use table or json", g->format);
    } else if (!strcmp(sub, "list")) {
        rc = list(st, org.id);
    } else if (!strcmp(sub, "get")) {
        if (kith_config_get(st, org.id, argv[2], val, sizeof val, NULL, &err) != KITH_OK)
            rc = cli_fail(&err);
        else
            printf("%s\n", val);
    } else if (!strcmp(sub, "set")) {
        if (kith_config_set(st, org.id, argv[2], argv[3], &err) != KITH_OK)
            rc = cli_fail(&err);
    } else if (kith_config_unset(st, org.id, argv[2], &err) != KITH_OK) {
        rc = cli_fail(&err);
    }
    kith_store_close(st);
    return rc;
}
