/* kith members: list, show, merge, unmerge, merges, suggest-merges. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static void help(FILE *f)
{
    fprintf(f,
            "usage: kith members SUBCOMMAND [ARGS]\n"
            "\n"
            "  list [--kind K] [--search T]      members after identity merge\n"
            "  show MEMBER                       identities, activities, merges\n"
            "  merges [MEMBER]                   the merge log\n"
            "  suggest-merges [--min-score S]    likely duplicates, with score and reason\n"
            "  merge KEEP DROP [--reason TEXT]   merge member DROP into KEEP (logged)\n"
            "  unmerge MERGE_ID                  undo a merge exactly\n");
}

static int do_merge(cli_global *g, int argc, char **argv)
{
    const char *reason = NULL;
    static const struct option opts[] = {{"reason", required_argument, 0, 'r'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'r': reason = optarg; break;
        case 'h':
            printf("usage: kith members merge KEEP DROP [--reason TEXT]\n\n"
                   "Merge member DROP into member KEEP: identities, activities and\n"
                   "ideas move to KEEP, KEEP takes fields it lacks. Logged; undo with\n"
                   "'kith members unmerge MERGE_ID'.\n");
            return 0;
        default: return 1;
        }
    }
    int64_t keep = 0, drop = 0;
    if (argc - optind != 2 || cli_parse_i64(argv[optind], &keep) ||
        cli_parse_i64(argv[optind + 1], &drop))
        return cli_usage("members merge", "give two member ids: KEEP DROP");
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_open(g, 0, &st, &org);
    if (rc)
        return rc;
    kith_error err;
    kith_error_clear(&err);
    int64_t mid = 0;
    if (kith_members_merge(st, org.id, keep, drop, reason, &mid, &err) != KITH_OK)
        rc = cli_fail(&err);
    else
        printf("merged member %lld into %lld (merge #%lld; undo with 'kith members "
               "unmerge %lld')\n",
               (long long)drop, (long long)keep, (long long)mid, (long long)mid);
    kith_store_close(st);
    return rc;
}

static int do_unmerge(cli_global *g, int argc, char **argv)
{
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: kith members unmerge MERGE_ID\n\n"
               "Undo a merge: the merged member comes back with exactly the\n"
               "identities, activities and ideas it had, and the kept member's\n"
               "fields are restored. Later merges of the same members must be\n"
               "undone first.\n");
        return 0;
    }
    int64_t mid = 0;
    if (argc != 2 || cli_parse_i64(argv[1], &mid))
        return cli_usage("members unmerge", "give one merge id");
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_open(g, 0, &st, &org);
    if (rc)
        return rc;
    kith_error err;
    kith_error_clear(&err);
    if (kith_members_unmerge(st, org.id, mid, &err) != KITH_OK)
        rc = cli_fail(&err);
    else
        printf("undid merge #%lld\n", (long long)mid);
    kith_store_close(st);
    return rc;
}

int cmd_members(cli_global *g, int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? 1 : 0;
    }
    if (!strcmp(argv[1], "list"))
        return cli_members_list(g, argc - 1, argv + 1);
    if (!strcmp(argv[1], "show"))
        return cli_members_show(g, argc - 1, argv + 1);
    if (!strcmp(argv[1], "merges"))
        return cli_members_merges(g, argc - 1, argv + 1);
    if (!strcmp(argv[1], "suggest-merges"))
        return cli_members_suggest(g, argc - 1, argv + 1);
    if (!strcmp(argv[1], "merge"))
        return do_merge(g, argc - 1, argv + 1);
    if (!strcmp(argv[1], "unmerge"))
        return do_unmerge(g, argc - 1, argv + 1);
    return cli_usage("members", "unknown subcommand '%s'", argv[1]);
}
