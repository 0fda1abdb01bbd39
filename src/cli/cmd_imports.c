/* kith imports: the import history, one line per imported file. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"

typedef struct imp_ctx {
    int fmt;        /* 0 table, 1 json, 2 csv */
    const char *tz; /* the org's zone: start times are shown in it */
    int64_t n;
} imp_ctx;

static void row(void *ud, const kith_import_batch *b)
{
    imp_ctx *c = ud;
    char t[32];
    kith_time_datetime(b->started_at, c->tz, t);
    c->n++;
    if (c->fmt == 2) {
        printf("%" PRId64 ",%s,", b->id, t);
        cli_csv_cell(b->file_name);
        putchar(',');
        cli_csv_cell(b->format);
        putchar(',');
        cli_csv_cell(b->source);
        putchar(',');
        cli_csv_cell(b->status);
        printf(",%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64
               "\n",
               b->rows_read, b->rows_imported, b->rows_duplicate, b->rows_rejected,
               b->members_created, b->merges);
    } else {
        const char *f = b->file_name ? b->file_name : "";
        const char *slash = strrchr(f, '/');
        printf("%4" PRId64 "  %s  %-28.28s %-14.14s %-6.6s %9" PRId64 " %9" PRId64
               " %6" PRId64 " %6" PRId64 " %7" PRId64 " %6" PRId64 "\n",
               b->id, t, slash ? slash + 1 : f, b->format ? b->format : "",
               b->status ? b->status : "", b->rows_read, b->rows_imported,
               b->rows_duplicate, b->rows_rejected, b->members_created, b->merges);
    }
}

int cmd_imports(cli_global *g, int argc, char **argv)
{
    if (cli_take_format(g, &argc, argv))
        return 1;
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: kith imports [--format table|json|csv]\n\n"
               "The import history: every file imported into the organisation, with\n"
               "its format, status and row counts (read, imported, already there,\n"
               "rejected to a reject file), members created and automatic merges.\n"
               "A failed import leaves no trace: the database is as it was.\n"
               "Start times are in the organisation's time zone (JSON: seconds\n"
               "since the epoch).\n");
        return 0;
    }
    if (argc > 1)
        return cli_usage("imports", "unexpected argument '%s'", argv[1]);
    imp_ctx c = {0};
    if (g->format && !strcmp(g->format, "json"))
        c.fmt = 1;
    else if (g->format && !strcmp(g->format, "csv"))
        c.fmt = 2;
    else if (g->format && strcmp(g->format, "table"))
        return cli_usage("imports", "--format must be table, json or csv, not '%s'",
                         g->format);
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_open(g, 0, &st, &org);
    if (rc)
        return rc;
    kith_error err;
    kith_error_clear(&err);
    if (c.fmt == 1) {
        char *text = NULL;
        rc = cli_print_json(kith_imports_json(st, org.id, &text, &err), &text, &err);
        kith_store_close(st);
        return rc;
    }
    c.tz = org.timezone;
    if (c.fmt == 2)
        printf("id,started,file,format,source,status,read,imported,duplicate,rejected,"
               "members_created,merges\n");
    else
        printf("%4s  %-16s  %-28s %-14s %-6s %9s %9s %6s %6s %7s %6s\n", "#", "started",
               "file", "format", "status", "read", "imported", "dup", "rej", "members",
               "merges");
    if (kith_imports_list(st, org.id, row, &c, &err) != KITH_OK)
        rc = cli_fail(&err);
    else if (c.fmt == 0 && c.n == 0)
        printf("no imports yet: try 'kith import --help'\n");
    kith_store_close(st);
    return rc;
}
