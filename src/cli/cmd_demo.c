/* kith demo: make the synthetic bakery in a fresh database, then show its
 * community report (the same as 'kith report' on that database). */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "kith/demo.h"

static void help(FILE *f)
{
    fprintf(f,
            "usage: kith demo [--seed S] [--scale N] [--keep-files DIR] [--no-report]\n"
            "                 [--db PATH] [report options]\n"
            "\n"
            "Make the synthetic neighbourhood bakery (Millbrook Bakery: ~5,000\n"
            "customers over two years, events, a forum, surveys, volunteers,\n"
            "initiatives, ideas) in a fresh database, then print its community\n"
            "report. The data is written as CSV files in kith's import formats and\n"
            "imported like a user's files. docs/demo.md lists the planted effects.\n"
            "\n"
            "  --seed S          random seed (default 1); same seed, same data\n"
            "  --scale N         multiply people and activities by N (default 1)\n"
            "  --keep-files DIR  keep the generated CSV files in DIR\n"
            "  --no-report       make the data only\n"
            "  --db PATH         database (default $KITH_DB, else ./kith.db); an\n"
            "                    existing demo database is replaced, any other\n"
            "                    existing database is left alone and refused\n"
            "Other options are passed to 'kith report'.\n");
}

typedef struct demo_ui {
    cli_progress bar;
    char label[64];
} demo_ui;

static void on_step(void *ud, int step, int nsteps, const char *what)
{
    demo_ui *ui = ud;
    cli_progress_end(&ui->bar);
    snprintf(ui->label, sizeof ui->label, "[%2d/%d] %s", step, nsteps, what);
    cli_progress_init(&ui->bar, ui->label);
}

static void on_progress(void *ud, uint64_t done, uint64_t total)
{
    demo_ui *ui = ud;
    cli_progress_cb(&ui->bar, done, total);
}

/* Remove path if it holds nothing but an earlier demo. Returns 0 when the
 * path is free now, else an exit code (message printed). */
static int clear_old_demo(const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return 0;
    kith_store *st = NULL;
    kith_error err;
    kith_error_clear(&err);
    if (kith_store_open_existing(path, &st, &err) != KITH_OK)
        return cli_fail(&err);
    kith_org org;
    kith_code rc = kith_org_find(st, NULL, &org, &err);
    kith_store_close(st);
    int is_demo =
        (rc == KITH_OK && strcmp(org.name, KITH_DEMO_ORG) == 0) || rc == KITH_ENOTFOUND;
    if (!is_demo) {
        fprintf(stderr,
                "kith: demo: %s already holds other data; give another --db (for\n"
                "example --db kith-demo.db) or move that file away\n",
                path);
        return 3;
    }
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    for (int i = 0; i < 4; i++) {
        char p[4096];
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        unlink(p);
    }
    return 0;
}

int cmd_demo(cli_global *g, int argc, char **argv)
{
    kith_demo_opts o;
    memset(&o, 0, sizeof o);
    o.seed = 1;
    o.scale = 1;
    int no_report = 0;
    static const struct option opts[] = {{"seed", required_argument, 0, 's'},
                                         {"scale", required_argument, 0, 'n'},
                                         {"keep-files", required_argument, 0, 'k'},
                                         {"no-report", no_argument, 0, 'r'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    /* Our options first; anything else goes to the report. */
    char **rest = calloc((size_t)argc + 2, sizeof *rest);
    int nrest = 0;
    rest[nrest++] = "report";
    int64_t v;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int matched = 0;
        for (int k = 0; opts[k].name; k++) {
            size_t len = strlen(opts[k].name);
            if (strncmp(a, "--", 2) != 0 || strncmp(a + 2, opts[k].name, len) != 0 ||
                (a[2 + len] != 0 && a[2 + len] != '='))
                continue;
            matched = 1;
            const char *val = NULL;
            if (opts[k].has_arg) {
                if (a[2 + len] == '=')
                    val = a + 3 + len;
                else if (i + 1 < argc)
                    val = argv[++i];
                else {
                    free(rest);
                    return cli_usage("demo", "--%s needs a value", opts[k].name);
                }
            }
            switch (opts[k].val) {
            case 's':
                if (cli_parse_i64(val, &v) != 0 && strcmp(val, "0") != 0) {
                    free(rest);
                    return cli_usage("demo", "--seed must be a whole number, not '%s'",
                                     val);
                }
                o.seed = strcmp(val, "0") == 0 ? 0 : (uint64_t)v;
                break;
            case 'n':
                if (cli_parse_i64(val, &v) != 0 || v > 10000) {
                    free(rest);
                    return cli_usage(
                        "demo", "--scale must be a whole number 1..10000, not '%s'", val);
                }
                o.scale = (int)v;
                break;
            case 'k':
                o.keep_dir = val;
                break;
            case 'r':
                no_report = 1;
                break;
            case 'h':
                free(rest);
                help(stdout);
                return 0;
            }
            break;
        }
        if (!matched)
            rest[nrest++] = argv[i];
    }

    int rc = clear_old_demo(g->db);
    if (rc) {
        free(rest);
        return rc;
    }
    kith_store *st = NULL;
    rc = cli_open(g, 1, &st, NULL);
    if (rc) {
        free(rest);
        return rc;
    }
    demo_ui ui;
    memset(&ui, 0, sizeof ui);
    cli_progress_init(&ui.bar, "demo");
    o.step = on_step;
    o.progress = on_progress;
    o.ud = &ui;
    kith_error err;
    kith_error_clear(&err);
    kith_demo_summary sum;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    kith_code kc = kith_demo_generate(st, &o, &sum, &err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    cli_progress_end(&ui.bar);
    kith_store_close(st);
    if (kc != KITH_OK) {
        free(rest);
        return cli_fail(&err);
    }
    double secs =
        (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("Made the demo bakery '%s' in %s: %" PRId64 " members, %" PRId64
           " activities from %" PRId64 " files (%" PRId64 " rows, %" PRId64
           " merged identities) in %.1f s; seed %" PRIu64 ", scale %d.\n\n",
           KITH_DEMO_ORG, g->db, sum.members, sum.activities, sum.files, sum.rows,
           sum.auto_merges, secs, o.seed, o.scale);
    fflush(stdout);
    if (no_report) {
        free(rest);
        return 0;
    }
    rc = cmd_report(g, nrest, rest);
    free(rest);
    return rc;
}
