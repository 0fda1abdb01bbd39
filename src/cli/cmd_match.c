/* kith match: introductions. Whom a member should meet (shared interests,
 * friends of friends, a bridge into another community), or each newcomer's
 * well-connected member of matching interests (--newcomers). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static void help(FILE *f)
{
    fprintf(f,
            "usage: kith match MEMBER [--top N] [OPTIONS] [--format table|json]\n"
            "       kith match --newcomers [OPTIONS] [--format table|json]\n"
            "\n"
            "Introductions, each with its reasons: members who share interests or\n"
            "expertise (Jaccard over the tags), friends of friends not yet tied, and\n"
            "bridges into another community; never someone already strongly tied.\n"
            "MEMBER is an id, an email, a phone number or a handle. --newcomers pairs\n"
            "every member first seen in the last 30 days with a well-connected member\n"
            "(top 10%% by reach) of matching interests.\n"
            "\n"
            "  --top N            at most N introductions (default 10)\n%s",
            cli_graph_help());
}

int cmd_match(cli_global *g, int argc, char **argv)
{
    if (cli_take_format(g, &argc, argv))
        return 1;
    cli_graph_args a;
    memset(&a, 0, sizeof a);
    int64_t top = 10;
    int newcomers = 0;
    static const struct option opts[] = {CLI_GRAPH_LONGOPTS,
                                         {"top", required_argument, 0, 'n'},
                                         {"newcomers", no_argument, 0, 'N'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'n') {
            if (cli_parse_i64(optarg, &top))
                return cli_usage("match", "--top '%s': give a whole number > 0", optarg);
        } else if (c == 'N') {
            newcomers = 1;
        } else if (c == 'h') {
            help(stdout);
            return 0;
        } else if (cli_graph_opt(&a, c, optarg, "match") != 0) {
            return 1;
        }
    }
    if (newcomers && optind < argc)
        return cli_usage("match", "give either MEMBER or --newcomers");
    if (!newcomers && argc - optind != 1)
        return cli_usage("match", "give one MEMBER (id, email, phone or handle), or "
                                  "--newcomers");
    int json = g->format && !strcmp(g->format, "json");
    if (g->format && !json && strcmp(g->format, "table"))
        return cli_usage("match", "--format '%s': use table or json", g->format);
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_open(g, 0, &st, &org);
    if (rc)
        return rc;
    if ((rc = cli_graph_dates(&a, org.timezone, "match")) != 0) {
        kith_store_close(st);
        return rc;
    }
    kith_error err;
    kith_error_clear(&err);
    const char *member = newcomers ? NULL : argv[optind];
    if (json) {
        char *text = NULL;
        if (kith_match_json(st, org.id, &a.o, member, (size_t)top, &text, &err) !=
            KITH_OK)
            rc = cli_fail(&err);
        else
            fputs(text, stdout);
        free(text);
        kith_store_close(st);
        return rc;
    }
    kith_match_row *r = NULL;
    size_t n = 0;
    kith_code kc = newcomers ? kith_match_newcomers(st, org.id, &a.o, &r, &n, &err)
                             : kith_match_member(st, org.id, &a.o, member, (size_t)top,
                                                 &r, &n, &err);
    if (kc != KITH_OK) {
        rc = cli_fail(&err);
    } else if (!n) {
        printf(newcomers ? "no newcomer (first seen in the last 30 days) has a "
                           "well-connected member of matching interests\n"
                         : "no introduction to propose: no shared interests, no friends "
                           "of friends, no bridge nearby\n");
    } else {
        if (!newcomers)
            printf("introductions for %s (member %lld)\n\n",
                   r[0].member_name[0] ? r[0].member_name : "(no name)",
                   (long long)r[0].member_id);
        for (size_t i = 0; i < n; i++) {
            if (newcomers)
                printf("%-24.24s (%lld) -> ",
                       r[i].member_name[0] ? r[i].member_name : "-",
                       (long long)r[i].member_id);
            printf("%-24.24s (%lld)  score %.2f\n    %s\n",
                   r[i].other_name[0] ? r[i].other_name : "(no name)",
                   (long long)r[i].other_id, r[i].score, r[i].reason);
        }
    }
    free(r);
    kith_store_close(st);
    return rc;
}
