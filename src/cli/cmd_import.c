/* kith import FORMAT FILE...: each file in its own transaction. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

/* ---------------------------------------------------------------- summary */

/* The warnings of one file: all printed with --verbose, else counted and
 * the first shown. */
typedef struct warn_ctx {
    int verbose;
    int64_t n;
    char first[1200];
} warn_ctx;

static void on_warn(void *ud, const char *text)
{
    warn_ctx *w = ud;
    if (w->n++ == 0)
        snprintf(w->first, sizeof w->first, "%s", text);
    if (w->verbose)
        fprintf(stderr, "kith: warning: %s\n", text);
}

/* One line in the import's own units, then its notes:
 *   FILE: 5 users, 9 messages read; 12 activities imported, 0 already
 *   there, 2 messages skipped (joins and leaves 2), 0 rejected; 6 new
 *   members, 0 merges (batch 1)
 * Each clause is built on its own so that more can be added. */
static void print_summary(const char *file, const kith_import_result *r,
                          const warn_ctx *w, const char *reject_file)
{
    char line[2048];
    printf("%s\n", kith_import_summary(file, r, line, sizeof line));
    for (int i = 0; i < r->nnotes; i++)
        printf("%s: note: %s\n", file, r->notes[i]);
    if (r->warnings && !w->verbose)
        fprintf(stderr, "kith: warning: %s%s\n", w->first,
                r->warnings > 1 ? " (and more: --verbose lists them all)" : "");
    if (r->rows_rejected || (r->warnings && reject_file))
        printf("%s: %s written to %s\n", file,
               r->rows_rejected && r->warnings ? "bad rows and left-out fields"
               : r->rows_rejected              ? "bad rows"
                                               : "left-out fields",
               reject_file);
}

static void help(FILE *f)
{
    fprintf(f, "usage: kith import FORMAT FILE... [options]\n"
               "\n"
               "Import files into the organisation. Each file is one transaction: the\n"
               "first bad row stops it with FILE:LINE: column 'X': reason, exit code 2,\n"
               "and nothing of that file is kept. Importing a file again adds nothing.\n"
               "\n"
               "formats:\n");
    for (const kith_format_info *fi = kith_import_formats(); fi->name; fi++)
        fprintf(f, "  %-18s %s\n", fi->name, fi->summary);
    fprintf(f,
            "\n"
            "options:\n"
            "  --reject-file R     write bad rows (plus a reason column) to R and\n"
            "                      import the rest\n"
            "  --map COL=FIELD     read column COL as FIELD (generic formats; repeat)\n"
            "  --source NAME       source name for re-import detection (default: the\n"
            "                      tool's name, or the file's base name)\n"
            "  --question TEXT|N   google-forms-nps: the 0-10 question (header text or\n"
            "                      1-based column number)\n"
            "  --survey nps|enps   google-forms-nps: survey kind (default nps)\n"
            "  --include-private   discord: import direct messages and group DMs too\n"
            "                      (refused by default: private, not community)\n"
            "  --verbose           list every optional field left out (an email or\n"
            "                      phone of a tool's export that cannot be read)\n"
            "  --db PATH, --org NAME\n"
            "\n"
            "Column reference: docs/import.md\n");
}

/* What an import added in money: the org's currency when this import set
 * it, and the amounts in other currencies with what to do about them. */
static void print_money(const char *file, const kith_import_result *r)
{
    if (r->currency_set && r->currency_from_file)
        printf("%s: the organisation's currency is now %s, the currency of this file's "
               "amounts (it had none; 'kith init --currency' sets it up front)\n",
               file, r->currency);
    else if (r->currency_set)
        printf("%s: the organisation's currency is now %s, the default: this file's "
               "amounts name no currency ('kith init --currency' sets another up "
               "front)\n",
               file, r->currency);
    for (int i = 0; i < r->nforeign; i++) {
        const kith_import_currency *f = &r->foreign[i];
        printf("%s: %lld amount%s in %s, not the organisation's currency (%s): ", file,
               (long long)f->amounts, f->amounts == 1 ? "" : "s", f->currency,
               r->currency);
        if (!f->first_rate[0])
            printf("no %s rate, so %s left out of money figures; give rates with 'kith "
                   "import rates FILE' (date,currency,rate: 1 %s = rate %s; "
                   "docs/import.md)\n",
                   f->currency, f->amounts == 1 ? "it is" : "they are", f->currency,
                   r->currency);
        else if (f->left_out == f->amounts)
            printf("dated before the first %s rate (%s), so %s left out of money "
                   "figures; give an earlier rate with 'kith import rates FILE'\n",
                   f->currency, f->first_rate, f->amounts == 1 ? "it is" : "they are");
        else if (f->left_out)
            printf("converted with the %s rates, but %lld dated before the first one "
                   "(%s) %s left out; give an earlier rate with 'kith import rates "
                   "FILE'\n",
                   f->currency, (long long)f->left_out, f->first_rate,
                   f->left_out == 1 ? "is" : "are");
        else
            printf("converted with the %s rates imported ('kith report' lists those "
                   "used)\n",
                   f->currency);
    }
    if (r->foreign_more)
        printf("%s: %lld more amounts in other currencies than %s (see 'kith report', "
               "Currencies)\n",
               file, (long long)r->foreign_more, r->currency);
    if (r->rates_replaced)
        printf("%s: %lld rate%s replaced one imported before (same currency and date)\n",
               file, (long long)r->rates_replaced, r->rates_replaced == 1 ? "" : "s");
}

int cmd_import(cli_global *g, int argc, char **argv)
{
    kith_import_opts o;
    memset(&o, 0, sizeof o);
    const char *maps[64];
    int nmap = 0;
    int verbose = 0;
    static const struct option opts[] = {{"reject-file", required_argument, 0, 'r'},
                                         {"map", required_argument, 0, 'm'},
                                         {"source", required_argument, 0, 's'},
                                         {"question", required_argument, 0, 'q'},
                                         {"survey", required_argument, 0, 'k'},
                                         {"include-private", no_argument, 0, 'p'},
                                         {"verbose", no_argument, 0, 'v'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'r':
            o.reject_file = optarg;
            break;
        case 'm':
            if (!strchr(optarg, '=') || optarg[0] == '=')
                return cli_usage("import", "--map takes COLUMN=FIELD, not '%s'", optarg);
            if (nmap == 64)
                return cli_usage("import", "at most 64 --map options");
            maps[nmap++] = optarg;
            break;
        case 's':
            o.source = optarg;
            break;
        case 'q':
            o.question = optarg;
            break;
        case 'k':
            if (strcmp(optarg, "nps") && strcmp(optarg, "enps"))
                return cli_usage("import", "--survey is nps or enps, not '%s'", optarg);
            o.survey_kind = optarg;
            break;
        case 'p':
            o.include_private = 1;
            break;
        case 'v':
            verbose = 1;
            break;
        case 'h':
            help(stdout);
            return 0;
        default:
            help(stderr);
            return 1;
        }
    }
    if (argc - optind < 2)
        return cli_usage("import", "give a FORMAT and at least one FILE");
    o.format = argv[optind];
    o.map = maps;
    o.nmap = nmap;
    int known = 0;
    for (const kith_format_info *fi = kith_import_formats(); fi->name; fi++)
        known |= !strcmp(fi->name, o.format);
    if (!known)
        return cli_usage("import", "unknown format '%s'", o.format);
    if (o.reject_file && argc - optind > 2)
        return cli_usage("import", "--reject-file takes one input file at a time");

    kith_store *st = NULL;
    kith_org org;
    int rc = cli_open(g, 0, &st, &org);
    if (rc)
        return rc;
    for (int i = optind + 1; i < argc; i++) {
        cli_progress pb;
        cli_progress_init(&pb, argv[i]);
        o.progress = cli_progress_cb;
        o.progress_ud = &pb;
        warn_ctx wc;
        memset(&wc, 0, sizeof wc);
        wc.verbose = verbose;
        o.warn = on_warn;
        o.warn_ud = &wc;
        kith_import_result res;
        kith_error err;
        kith_error_clear(&err);
        kith_code code = kith_import(st, org.id, argv[i], &o, &res, &err);
        cli_progress_end(&pb);
        if (code != KITH_OK) {
            rc = cli_fail(&err);
            /* A refusal of the whole input (a damaged archive, not an
             * export) names the input alone and read no row: none to fix
             * or reject. A bad row of a JSON export names the file alone
             * too, but a row was read. */
            if (code == KITH_EINPUT && strcmp(err.where, argv[i]) == 0 &&
                res.rows_read == 0)
                fprintf(stderr, "kith: nothing of %s was imported\n", argv[i]);
            else if (code == KITH_EINPUT)
                fprintf(stderr,
                        "kith: nothing of %s was imported; fix the row and "
                        "run the import again, or pass --reject-file R to "
                        "import the good rows\n",
                        argv[i]);
            break;
        }
        print_summary(argv[i], &res, &wc, o.reject_file);
        print_money(argv[i], &res);
    }
    kith_store_close(st);
    return rc;
}
