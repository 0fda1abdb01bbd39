/* kith init: create the database (if missing) and an organisation. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static void help(FILE *f)
{
    fprintf(f,
            "usage: kith init --org NAME [--timezone TZ] [--currency CUR] [--db PATH]\n"
            "\n"
            "Create the database file (when missing) and an organisation in it.\n"
            "  --org NAME       the organisation's name (required)\n"
            "  --timezone TZ    IANA time zone for dates without one (default UTC)\n"
            "  --currency CUR   ISO 4217 code of the currency money figures are in\n"
            "                   (default: the one of the first import with amounts,\n"
            "                   else EUR; amounts in others need 'kith import rates')\n");
}

int cmd_init(cli_global *g, int argc, char **argv)
{
    const char *tz = "UTC", *cur = NULL;
    static const struct option opts[] = {{"timezone", required_argument, 0, 't'},
                                         {"currency", required_argument, 0, 'c'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 't':
            tz = optarg;
            break;
        case 'c':
            cur = optarg;
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
        return cli_usage("init", "unexpected argument '%s'", argv[optind]);
    if (!g->org)
        return cli_usage("init", "--org NAME is required");
    kith_store *st = NULL;
    int rc = cli_open(g, 1, &st, NULL);
    if (rc)
        return rc;
    kith_error err;
    kith_error_clear(&err);
    int64_t id = 0;
    if (kith_org_create(st, g->org, tz, cur, &id, &err) != KITH_OK) {
        kith_store_close(st);
        return cli_fail(&err);
    }
    printf("created organisation '%s' (id %lld) in %s\n", g->org, (long long)id, g->db);
    if (!cur)
        printf("currency: none given; the first import with amounts sets it (and says "
               "so)\n");
    kith_store_close(st);
    return 0;
}
