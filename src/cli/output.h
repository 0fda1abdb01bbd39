/* Output formats shared by the CLI's reading commands (--format
 * table|json|csv): choosing the format and CSV fields quoted per RFC 4180.
 * JSON comes whole from the library's views (cli_print_json); table output
 * stays in each command. */
#ifndef KITH_CLI_OUTPUT_H
#define KITH_CLI_OUTPUT_H

#include <stdint.h>

#include "cli/cli.h"

typedef enum { CLI_OUT_TABLE, CLI_OUT_JSON, CLI_OUT_CSV } cli_out_fmt;

/* The format of g->format (NULL = table) into *f. Returns 0, or 1 after
 * printing a usage error for cmd that lists the allowed values. */
int cli_out_format(const cli_global *g, const char *cmd, cli_out_fmt *f);

/* CSV fields to stdout. Each writes its field then sep (',' or '\n'; '\n'
 * ends the record with CRLF as RFC 4180 and kith report --format csv do). */
void cli_csv_text(const char *s, char sep);
void cli_csv_int(int64_t v, char sep);
void cli_csv_real(double v, char sep);             /* 15 significant digits */
void cli_csv_value(const kith_value *v, char sep); /* empty when n/a */
void cli_csv_time(int64_t t, char sep);            /* ISO 8601, UTC */
/* A whole header record from a comma-separated list of names. */
void cli_csv_header(const char *names);

/* The start of kith clv and kith churn (model_args.c): --format, the
 * options (cli_model_args_parse), the store and the org. Returns 0 with
 * *st open, -1 after --help (exit 0), else the exit code. */
int cli_model_begin(cli_global *g, const char *cmd, const char *allowed, int argc,
                    char **argv, void (*help)(FILE *), cli_model_args *a,
                    cli_out_fmt *fmt, kith_store **st, kith_org *org);

/* Print text (the JSON a model rendered; kc its result) and a newline, or
 * the error; frees text. Returns the exit code. */
int cli_model_emit(kith_code kc, char *text, const kith_error *err);
/* Flush stdout (exit 4 when that fails and rc was 0), close st. */
int cli_model_end(int rc, kith_store *st);

#endif
