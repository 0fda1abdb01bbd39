/* kith audit: the audit log of the accounts and of what was done through
 * kith serve (logins, imports, merges, config, users and tokens). */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"

static void help(FILE *f)
{
    fprintf(f, "usage: kith audit [--limit N] [--before ID] [--all]\n"
               "                  [--format table|json]\n"
               "\n"
               "The audit log of the organisation, newest first: logins and failed\n"
               "logins, logouts, imports, merges and unmerges, config changes, user\n"
               "and token changes, with who (an email, or cli:<login> for the command\n"
               "line), when (UTC) and from where (the client's address).\n"
               "  --limit N    at most N events (default 50)\n"
               "  --before ID  events older than event ID (the next page)\n"
               "  --all        every organisation, and failed logins of unknown\n"
               "               accounts\n");
}

static int row(void *ud, const kith_audit_event *e)
{
    (void)ud;
    char when[32];
    time_t tt = (time_t)e->at;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
    printf("%6" PRId64 "  %s  %-28.28s %-14s %-28.28s %-16.16s %s\n", e->id, when,
           e->actor ? e->actor : "", e->action ? e->action : "",
           e->target ? e->target : "", e->address ? e->address : "",
           e->detail ? e->detail : "");
    return 0;
}

int cmd_audit(cli_global *g, int argc, char **argv)
{
    int64_t limit = 50, before = 0;
    int all = 0;
    if (cli_take_format(g, &argc, argv))
        return 1;
    static const struct option opts[] = {{"limit", required_argument, 0, 'l'},
                                         {"before", required_argument, 0, 'b'},
                                         {"all", no_argument, 0, 'a'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'l':
            if (cli_parse_i64(optarg, &limit))
                return cli_usage("audit", "--limit must be a whole number > 0");
            break;
        case 'b':
            if (cli_parse_i64(optarg, &before))
                return cli_usage("audit", "--before must be an event id");
            break;
        case 'a':
            all = 1;
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
        return cli_usage("audit", "unexpected argument '%s'", argv[optind]);
    if (g->format && strcmp(g->format, "json") && strcmp(g->format, "table"))
        return cli_usage("audit", "--format '%s': use table or json", g->format);
    kith_store *st = NULL;
    kith_org org;
    memset(&org, 0, sizeof org);
    int rc = cli_open(g, 0, &st, all ? NULL : &org);
    if (rc)
        return rc;
    kith_error err;
    kith_error_clear(&err);
    if (g->format && !strcmp(g->format, "json")) {
        char *text = NULL;
        rc = cli_print_json(kith_audit_json(st, org.id, limit, before, &text, &err),
                            &text, &err);
    } else {
        printf("%6s  %-19s  %-28s %-14s %-28s %-16s %s\n", "id", "when (UTC)", "who",
               "action", "target", "from", "detail");
        if (kith_audit_list(st, org.id, limit, before, row, NULL, &err) != KITH_OK)
            rc = cli_fail(&err);
    }
    kith_store_close(st);
    return rc;
}
