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
int cmd_graph(cli_global *g, int argc, char **argv);
int cmd_match(cli_global *g, int argc, char **argv);

/* The options of the network shared by kith graph, kith match and kith
 * members top --by reach|brokerage|betweenness (cmd_graph.c): add
 * CLI_GRAPH_LONGOPTS to the getopt_long table, pass every option to
 * cli_graph_opt, then cli_graph_dates once the org's zone is known. */
typedef struct cli_graph_args {
    kith_graph_opts o;
    const char *from, *to, *as_of; /* raw; read in the org's time zone */
} cli_graph_args;
enum {
    CLI_GOPT_FROM = 0x100,
    CLI_GOPT_TO,
    CLI_GOPT_AS_OF,
    CLI_GOPT_WEIGHTS,
    CLI_GOPT_RESOLUTION,
    CLI_GOPT_STRONG,
    CLI_GOPT_TEAM,
    CLI_GOPT_EXACT,
    CLI_GOPT_RUNS
};
#define CLI_GRAPH_LONGOPTS                                                               \
    {"from", required_argument, 0, CLI_GOPT_FROM},                                       \
        {"to", required_argument, 0, CLI_GOPT_TO},                                       \
        {"as-of", required_argument, 0, CLI_GOPT_AS_OF},                                 \
        {"weights", required_argument, 0, CLI_GOPT_WEIGHTS},                             \
        {"resolution", required_argument, 0, CLI_GOPT_RESOLUTION},                       \
        {"strong-quantile", required_argument, 0, CLI_GOPT_STRONG},                      \
        {"exact-betweenness", no_argument, 0, CLI_GOPT_EXACT},                           \
        {"runs", required_argument, 0, CLI_GOPT_RUNS},                                   \
    {                                                                                    \
        "include-team", no_argument, 0, CLI_GOPT_TEAM                                    \
    }
/* Returns 0 when the option was taken, 1 after printing a usage error, -1
 * when c is not one of these options. */
int cli_graph_opt(cli_graph_args *a, int c, const char *arg, const char *cmd);
/* Reads --from/--to/--as-of in the zone tz; 0, or 1 after a usage error. */
int cli_graph_dates(cli_graph_args *a, const char *tz, const char *cmd);
/* The options' lines for a command's --help. */
const char *cli_graph_help(void);

/* The impact commands (cmd_srci.c, cmd_outcomes.c, cmd_stakeholders.c,
 * cmd_goals.c, cmd_simulate.c) and what they share (impact_cli.c). */
int cmd_srci(cli_global *g, int argc, char **argv);
int cmd_outcomes(cli_global *g, int argc, char **argv);
int cmd_stakeholders(cli_global *g, int argc, char **argv);
int cmd_goals(cli_global *g, int argc, char **argv);
int cmd_simulate(cli_global *g, int argc, char **argv);
/* --format table|json (|svg when svg): 0, or 1 after a usage message. */
int cli_impact_format(const char *cmd, const char *s, int svg, kith_impact_format *f);
/* Print a library-made text to stdout and free it; returns 0. */
int cli_print_owned(char *text);
/* Open the store, read --as-of (may be NULL) in the org's zone into
 * o->as_of, print what fn renders: the read side of srci, stakeholders,
 * goals. Returns the exit code. */
typedef kith_code (*cli_impact_render_fn)(kith_store *st, int64_t org,
                                          const kith_impact_opts *o,
                                          kith_impact_format fmt, char **out,
                                          kith_error *err);
int cli_impact_show(cli_global *g, const char *cmd, const char *as_of,
                    kith_impact_opts *o, kith_impact_format fmt, cli_impact_render_fn fn);
/* "CMD remove ID": fn removes the org's row with that id (what names it). */
typedef kith_code (*cli_impact_remove_fn)(kith_store *st, int64_t org, int64_t id,
                                          kith_error *err);
int cli_impact_remove(cli_global *g, const char *cmd, int argc, char **argv,
                      cli_impact_remove_fn fn, const char *what);
/* Flags that take a text value, each stored into its slot. */
#define CLI_MAX_TEXT_FLAGS 32
typedef struct cli_text_flag {
    const char *name;  /* without the dashes */
    const char **slot; /* receives the value (borrowed from argv) */
} cli_text_flag;
/* Parse argv[1..] with flags (ending with {NULL, NULL}) and --help,
 * expecting exactly `positional` other arguments (then at argv[optind]).
 * Returns 0, 1 after a usage message, or 2 after printing help to stdout
 * (the command then exits 0). */
int cli_text_flags(const char *cmd, int argc, char **argv, const cli_text_flag *flags,
                   int positional, void (*help)(FILE *));
/* Open the store and the org, run fn, close; returns fn's exit code. */
typedef int (*cli_store_fn)(kith_store *st, const kith_org *org, void *ud,
                            kith_error *err);
int cli_with_store(cli_global *g, cli_store_fn fn, void *ud);
/* A date flag read in the org's time zone: 0, or 1 after a usage message. */
int cli_parse_date_tz(const char *cmd, const char *flag, const char *s,
                      const kith_org *org, int64_t *out);

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
/* Parse a duration "52w", "90d", "12m" (months of 365.25/12 days), "1y"
 * into days (>= 0; the caller says when 0 is not allowed). 0 ok, -1 bad. */
int cli_parse_duration(const char *s, double *days);
int cmd_clv(cli_global *g, int argc, char **argv);
/* The options of kith clv and kith churn (model_args.c). */
typedef struct cli_model_args {
    const char *cal, *from, *to, *as_of, *export; /* as given */
    double horizon_days;
    int has_horizon, include_team;
    size_t top; /* set the default before parsing; 0 = all */
} cli_model_args;
/* Parse argv into a: --horizon, --top, --include-team and --help always,
 * and the options whose letters are in allowed: c --calibration-end,
 * f --cohort-from, t --cohort-to, a --as-of, e --export-features.
 * Returns 0, 1 after a usage error (printed), -1 after --help. */
int cli_model_args_parse(const char *cmd, const char *allowed, int argc, char **argv,
                         void (*help)(FILE *), cli_model_args *a);
int cmd_churn(cli_global *g, int argc, char **argv);

#endif
