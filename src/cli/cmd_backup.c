/* kith backup FILE: a consistent copy of the database, safe while a server
 * or an import writes (SQLite's online backup API, kith_store_backup). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static void help(FILE *f)
{
    fprintf(f, "usage: kith backup FILE [--force] [--db PATH]\n"
               "\n"
               "Copy the database to FILE with SQLite's online backup API. Safe while\n"
               "'kith serve' or an import writes: the copy is the database as of one\n"
               "committed moment (when the copy began), and it opens as an ordinary\n"
               "kith database (kith --db FILE report). The copy is written beside\n"
               "FILE and renamed into place when complete, readable by its owner only.\n"
               "  --force    replace FILE when it exists (never the database itself)\n"
               "A progress bar is drawn on stderr when it is a terminal.\n"
               "Exit 3 when FILE exists (without --force), 1 when FILE is the database\n"
               "or a folder, 4 when it cannot be written.\n");
}

int cmd_backup(cli_global *g, int argc, char **argv)
{
    static const struct option opts[] = {
        {"force", no_argument, 0, 'f'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    kith_backup_opts o;
    memset(&o, 0, sizeof o);
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            o.force = 1;
            break;
        case 'h':
            help(stdout);
            return 0;
        default:
            help(stderr);
            return 1;
        }
    }
    if (optind + 1 != argc)
        return cli_usage("backup", optind < argc ? "give one FILE, not several"
                                                 : "give the FILE to write the copy to");
    const char *dest = argv[optind];
    kith_store *st = NULL;
    int rc = cli_open(g, 0, &st, NULL);
    if (rc)
        return rc;
    cli_progress bar;
    cli_progress_init(&bar, "backup");
    o.progress = cli_progress_cb;
    o.progress_ud = &bar;
    kith_backup_stats stats;
    kith_error err;
    kith_error_clear(&err);
    kith_code code = kith_store_backup(st, dest, &o, &stats, &err);
    cli_progress_end(&bar);
    if (code != KITH_OK)
        rc = cli_fail(&err);
    else
        printf("backed up %s to %s (%llu pages, %llu bytes)\n", g->db, dest,
               (unsigned long long)stats.pages, (unsigned long long)stats.bytes);
    kith_store_close(st);
    return rc;
}
