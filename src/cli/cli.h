/* Shared pieces of the kith command-line tool: the command table, global
 * options, opening the store, printing errors and progress. The CLI holds
 * no SQL and no algorithms; it calls libkith's public API. */
#ifndef KITH_CLI_H
#define KITH_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "kith/kith.h"

/* Options every command takes. */
typedef struct cli_global {
    const char *db;     /* --db, else $KITH_DB, else ./kith.db */
    const char *org;    /* --org, else the only org */
    const char *format; /* --format table|json|csv */
    int quiet;
} cli_global;

typedef int (*cli_cmd_fn)(cli_global *g, int argc, char **argv);

/* Commands (cmd_*.c). Each returns a process exit code. */
int cmd_init(cli_global *g, int argc, char **argv);
int cmd_import(cli_global *g, int argc, char **argv);
int cmd_members(cli_global *g, int argc, char **argv);
int cmd_report(cli_global *g, int argc, char **argv);
int cmd_demo(cli_global *g, int argc, char **argv);
int cmd_imports(cli_global *g, int argc, char **argv);
/* kith members list|show|merges|suggest-merges (cmd_members_read.c). */
int cli_members_list(cli_global *g, int argc, char **argv);
int cli_members_show(cli_global *g, int argc, char **argv);
int cli_members_merges(cli_global *g, int argc, char **argv);
int cli_members_suggest(cli_global *g, int argc, char **argv);
int cmd_sentiment(cli_global *g, int argc, char **argv);
/* kith sentiment [options] (alerts = 0) and kith sentiment alerts
 * (cmd_sentiment_metrics.c); argv[0] is the command name. */
int cli_sentiment_metrics(cli_global *g, int argc, char **argv, int alerts);
int cmd_config(cli_global *g, int argc, char **argv);
int cmd_org(cli_global *g, int argc, char **argv);
int cmd_topics(cli_global *g, int argc, char **argv);
int cmd_initiatives(cli_global *g, int argc, char **argv);
int cmd_segments(cli_global *g, int argc, char **argv);
/* The segments of a --segment filter: spec rfm:NAME or cluster:N, kraw the
 * --k value (NULL = k by silhouette). *out (kith_segments_free) and the
 * segment wanted in *want. Returns 0, or the exit code after printing the
 * error (cmd_segments.c). */
int cli_segment_filter(kith_store *st, int64_t org, const char *spec, const char *kraw,
                       kith_segments **out, int *want);
int cmd_backup(cli_global *g, int argc, char **argv);
int cmd_serve(cli_global *g, int argc, char **argv);
/* kith users and kith tokens (cmd_users.c). */
int cmd_users(cli_global *g, int argc, char **argv);
int cmd_tokens(cli_global *g, int argc, char **argv);
int cmd_audit(cli_global *g, int argc, char **argv);
/* kith members top / at-risk (cmd_members.c). */
int cmd_members_scores(cli_global *g, int argc, char **argv, int at_risk);

/* Print the JSON text a library view made into *text (code is what the
 * view returned; *text is freed here, so it is read after the call that
 * filled it) and return 0, or print err and return its exit code. */
int cli_print_json(kith_code code, char **text, const kith_error *err);
/* Print "kith: <where>: <msg>" to stderr and return the exit code. */
int cli_fail(const kith_error *err);
/* Print a usage error and return 1. */
int cli_usage(const char *cmd, const char *fmt, ...) KITH_PRINTF(2, 3);
/* Open the store (must exist unless create) and find the org. */
int cli_open(cli_global *g, int create, kith_store **st, kith_org *org);
/* Parse the global options that may appear anywhere; removes them from
 * argv. Returns 0, or 1 on a usage error (printed). */
int cli_take_global(cli_global *g, int *argc, char **argv);
/* Take --format F out of a command's arguments into g->format. Returns 0,
 * or 1 on a usage error (printed). */
int cli_take_format(cli_global *g, int *argc, char **argv);
/* Write one CSV field to stdout, quoted when it needs to be (RFC 4180). */
void cli_csv_cell(const char *s);
/* A progress bar on stderr, drawn only when stderr is a terminal. */
typedef struct cli_progress {
    const char *label;
    int tty;
    int drawn;
} cli_progress;
void cli_progress_init(cli_progress *p, const char *label);
void cli_progress_cb(void *ud, uint64_t done, uint64_t total);
void cli_progress_end(cli_progress *p);
/* Parse a whole number > 0; returns 0 ok, -1 bad. */
int cli_parse_i64(const char *s, int64_t *out);

#endif
