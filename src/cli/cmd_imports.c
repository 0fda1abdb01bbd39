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

/* "N thing(s)" into a growing message, for the parts that are not 0. */
static void part(char *buf, size_t cap, int64_t n, const char *one, const char *many)
{
    if (n == 0)
        return;
    size_t len = strlen(buf);
    snprintf(buf + len, cap - len, "%s%" PRId64 " %s", len ? ", " : "", n,
             n == 1 ? one : many);
}

/* kith imports undo BATCH */
static int undo(cli_global *g, int argc, char **argv)
{
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: kith imports undo BATCH\n\n"
               "Take out everything import BATCH (its number in 'kith imports') added:\n"
               "its activities and other records, the identities it added, the members\n"
               "it created that nothing else uses; undo the merges it caused and put\n"
               "back the members it changed. The import stays in the history, marked\n"
               "undone; importing the file again afterwards works as the first time.\n");
        return 0;
    }
    if (argc != 2)
        return cli_usage("imports undo", "give one import number (see 'kith imports')");
    int64_t batch = 0;
    if (cli_parse_i64(argv[1], &batch))
        return cli_usage("imports undo", "'%s' is not an import number", argv[1]);
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_open(g, 0, &st, &org);
    if (rc)
        return rc;
    kith_error err;
    kith_error_clear(&err);
    kith_undo_result r;
    if (kith_import_undo(st, org.id, batch, &r, &err) != KITH_OK) {
        rc = cli_fail(&err);
    } else {
        char done[600] = "", kept[300] = "";
        part(done, sizeof done, r.activities, "activity", "activities");
        part(done, sizeof done, r.ideas, "idea", "ideas");
        part(done, sizeof done, r.social_posts, "social post", "social posts");
        part(done, sizeof done, r.web_sessions, "web session row", "web session rows");
        part(done, sizeof done, r.members_removed, "member", "members");
        part(done, sizeof done, r.identities_removed, "identity", "identities");
        part(done, sizeof done, r.initiatives_removed, "initiative", "initiatives");
        part(done, sizeof done, r.rates, "exchange rate", "exchange rates");
        part(done, sizeof done, r.outcomes, "outcome", "outcomes");
        printf("import %" PRId64 " undone: %s removed", batch,
               done[0] ? done : "nothing");
        if (r.merges_undone)
            printf("; %" PRId64 " merge%s undone", r.merges_undone,
                   r.merges_undone == 1 ? "" : "s");
        if (r.members_restored || r.initiatives_restored)
            printf("; %" PRId64 " member%s and %" PRId64 " initiative%s put back as they "
                   "were",
                   r.members_restored, r.members_restored == 1 ? "" : "s",
                   r.initiatives_restored, r.initiatives_restored == 1 ? "" : "s");
        if (r.outcomes_restored)
            printf("; %" PRId64 " outcome%s it had changed put back", r.outcomes_restored,
                   r.outcomes_restored == 1 ? "" : "s");
        if (r.rates_restored)
            printf("; %" PRId64 " exchange rate%s it had replaced put back",
                   r.rates_restored, r.rates_restored == 1 ? "" : "s");
        printf("\n");
        part(kept, sizeof kept, r.members_kept, "member it created is",
             "members it created are");
        if (kept[0])
            printf("kept: %s used by later imports\n", kept);
        if (r.members_left)
            printf("left as they are: %" PRId64
                   " member%s that later imports changed again\n",
                   r.members_left, r.members_left == 1 ? "" : "s");
    }
    kith_store_close(st);
    return rc;
}

int cmd_imports(cli_global *g, int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "undo"))
        return undo(g, argc - 1, argv + 1);
    if (cli_take_format(g, &argc, argv))
        return 1;
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf(
            "usage: kith imports [--format table|json|csv]\n"
            "       kith imports undo BATCH\n\n"
            "The import history: every file imported into the organisation, with\n"
            "its format, status (ok, partial: bad rows went to a reject file, undone)\n"
            "and counts (rows read, records imported, already there, rejected),\n"
            "members created and automatic merges.\n"
            "A failed import leaves no trace: the database is as it was.\n"
            "Start times are in the organisation's time zone (JSON: seconds\n"
            "since the epoch).\n"
            "'undo BATCH' takes one import out again (see 'kith imports undo "
            "--help').\n");
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
