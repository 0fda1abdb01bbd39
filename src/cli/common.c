/* Shared CLI helpers (see cli.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

int cli_fail(const kith_error *err)
{
    char buf[2048];
    fprintf(stderr, "kith: %s\n", kith_error_format(err, buf, sizeof buf));
    return kith_exit_code(err->code);
}

int cli_print_json(kith_code code, char **text, const kith_error *err)
{
    int rc = 0;
    if (code != KITH_OK)
        rc = cli_fail(err);
    else if (fputs(*text, stdout) == EOF || fflush(stdout) != 0)
        rc = 4;
    free(*text);
    *text = NULL;
    return rc;
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "kith %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n(see 'kith %s --help')\n", cmd);
    return 1;
}

int cli_take_global(cli_global *g, int *argc, char **argv)
{
    int out = 1;
    for (int i = 1; i < *argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--db") || !strcmp(a, "--org")) {
            if (i + 1 >= *argc) {
                fprintf(stderr, "kith: %s needs a value\n", a);
                return 1;
            }
            if (!strcmp(a, "--db"))
                g->db = argv[++i];
            else
                g->org = argv[++i];
            continue;
        }
        if (!strncmp(a, "--db=", 5)) {
            g->db = a + 5;
            continue;
        }
        if (!strncmp(a, "--org=", 6)) {
            g->org = a + 6;
            continue;
        }
        if (!strcmp(a, "--")) {
            /* everything after -- is positional */
            for (; i < *argc; i++)
                argv[out++] = argv[i];
            break;
        }
        argv[out++] = argv[i];
    }
    *argc = out;
    argv[out] = NULL;
    if (!g->db)
        g->db = getenv("KITH_DB");
    if (!g->db || !*g->db)
        g->db = "kith.db";
    return 0;
}

int cli_open(cli_global *g, int create, kith_store **st, kith_org *org)
{
    kith_error err;
    kith_error_clear(&err);
    kith_code rc = create ? kith_store_open(g->db, st, &err)
                          : kith_store_open_existing(g->db, st, &err);
    if (rc != KITH_OK)
        return cli_fail(&err);
    if (org) {
        rc = kith_org_find(*st, g->org, org, &err);
        if (rc != KITH_OK) {
            kith_store_close(*st);
            *st = NULL;
            return cli_fail(&err);
        }
    }
    return 0;
}

void cli_progress_init(cli_progress *p, const char *label)
{
    p->label = label;
    p->tty = isatty(STDERR_FILENO);
    p->drawn = 0;
}

void cli_progress_cb(void *ud, uint64_t done, uint64_t total)
{
    cli_progress *p = ud;
    if (!p->tty)
        return;
    if (total) {
        int pct = (int)(done >= total ? 100 : done * 100 / total);
        int w = pct * 30 / 100;
        fprintf(stderr, "\r%-24.24s [%.*s%*s] %3d%%", p->label, w,
                "##############################", 30 - w, "", pct);
    } else {
        fprintf(stderr, "\r%-24.24s %llu bytes", p->label, (unsigned long long)done);
    }
    p->drawn = 1;
}

void cli_progress_end(cli_progress *p)
{
    if (p->tty && p->drawn)
        fprintf(stderr, "\r%*s\r", 64, "");
    p->drawn = 0;
}

int cli_parse_i64(const char *s, int64_t *out)
{
    if (!s || !*s)
        return -1;
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (*end || errno || v <= 0)
        return -1;
    *out = v;
    return 0;
}

int cli_take_format(cli_global *g, int *argc, char **argv)
{
    int out = 1;
    for (int i = 1; i < *argc; i++) {
        if (!strcmp(argv[i], "--format")) {
            if (i + 1 >= *argc) {
                fprintf(stderr, "kith: --format needs a value (table, json or csv)\n");
                return 1;
            }
            g->format = argv[++i];
            continue;
        }
        if (!strncmp(argv[i], "--format=", 9)) {
            g->format = argv[i] + 9;
            continue;
        }
        argv[out++] = argv[i];
    }
    *argc = out;
    return 0;
}

void cli_csv_cell(const char *s)
{
    if (!s)
        s = "";
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, stdout);
        return;
    }
    putchar('"');
    for (; *s; s++) {
        if (*s == '"')
            putchar('"');
        putchar(*s);
    }
    putchar('"');
}

int cli_parse_duration(const char *s, double *days)
{
    return kith_time_parse_duration(s, days);
}
