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

#endif
