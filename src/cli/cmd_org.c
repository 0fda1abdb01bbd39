/* kith org [show] | kith org set FIELD VALUE: the organisation's own
 * settings (time zone, currency, phone country code, date order, tags). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static void help(FILE *f)
{
    fprintf(f,
            "usage: kith org [show] [--format table|json]\n"
            "       kith org set FIELD VALUE\n"
            "\n"
            "The organisation's settings, used when importing:\n"
            "  timezone            IANA zone of dates written without one\n"
            "  currency            ISO 4217 code of amounts written without one\n"
            "  phone_country_code  calling code (44, 1, 27) of phone numbers written\n"
            "                      without one (07700 900123)\n"
            "  date_order          auto, mdy or dmy: which number of a date such as\n"
            "                      3/5/24 is the month when the file does not show it\n"
            "                      (auto: the order of the time zone's country when it\n"
            "                      is clear, else month first; docs/import.md)\n"
            "  tags                a JSON list of strings\n"
            "The metrics' parameters are 'kith config'.\n");
}

int cmd_org(cli_global *g, int argc, char **argv)
{
    if (cli_take_format(g, &argc, argv))
        return 1;
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        help(stdout);
        return 0;
    }
    int set = argc >= 2 && !strcmp(argv[1], "set");
    if (argc >= 2 && !set && strcmp(argv[1], "show") != 0)
        return cli_usage("org", "unknown subcommand '%s' (show, set)", argv[1]);
    if (set && argc != 4)
        return cli_usage("org", "'set' takes FIELD VALUE");
    if (!set && argc > 2)
        return cli_usage("org", "unexpected argument '%s'", argv[2]);
    int json = 0;
    if (g->format && !strcmp(g->format, "json"))
        json = 1;
    else if (g->format && strcmp(g->format, "table") != 0)
        return cli_usage("org", "--format must be table or json, not '%s'", g->format);
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_open(g, 0, &st, &org);
    if (rc)
        return rc;
    kith_error err;
    kith_error_clear(&err);
    if (set) {
        if (kith_org_set(st, org.id, argv[2], argv[3], &err) != KITH_OK)
            rc = cli_fail(&err);
        else
            printf("%s: %s = %s\n", org.name, argv[2], argv[3]);
    } else {
        char *text = kith_org_json(st, org.id, &err);
        if (!text) {
            rc = cli_fail(&err);
        } else if (json) {
            printf("%s\n", text);
        } else {
            const char *why = NULL;
            char order = kith_org_date_order(&org, &why);
            printf("name                %s\n"
                   "timezone            %s\n"
                   "currency            %s\n"
                   "phone_country_code  %s\n"
                   "date_order          %s (%s first: %s)\n",
                   org.name, org.timezone, org.currency,
                   org.phone_country_code[0] ? org.phone_country_code : "(not set)",
                   org.date_order, order == 'd' ? "day" : "month", why);
        }
        free(text);
    }
    kith_store_close(st);
    return rc;
}
