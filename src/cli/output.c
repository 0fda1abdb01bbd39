/* Output formats of the CLI's reading commands (see output.h). */
#include "cli/output.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int cli_out_format(const cli_global *g, const char *cmd, cli_out_fmt *f)
{
    if (!g->format || !strcmp(g->format, "table"))
        *f = CLI_OUT_TABLE;
    else if (!strcmp(g->format, "json"))
        *f = CLI_OUT_JSON;
    else if (!strcmp(g->format, "csv"))
        *f = CLI_OUT_CSV;
    else
        return cli_usage(cmd, "--format '%s': use table, json or csv", g->format);
    return 0;
}

static void iso(int64_t t, char out[32])
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm) || !strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
        snprintf(out, 32, "%" PRId64, t);
}

/* ------------------------------------------------------------ CSV */

static void end(char sep)
{
    fputs(sep == '\n' ? "\r\n" : ",", stdout);
}

void cli_csv_text(const char *s, char sep)
{
    cli_csv_cell(s);
    end(sep);
}

void cli_csv_int(int64_t v, char sep)
{
    printf("%" PRId64, v);
    end(sep);
}

void cli_csv_real(double v, char sep)
{
    /* Whole numbers without a fraction, others with 15 significant digits
     * as in the JSON form: 0.8, not 0.80000000000000004 (a decimal of up to
     * 15 digits reads back as the same double). */
    if (v == 0)
        v = 0; /* no "-0" */
    if (!isfinite(v))
        ;
    else if (v == floor(v) && fabs(v) < 1e15)
        printf("%.0f", v);
    else
        printf("%.15g", v);
    end(sep);
}

void cli_csv_value(const kith_value *v, char sep)
{
    if (v->ok)
        cli_csv_real(v->v, sep);
    else
        end(sep);
}

void cli_csv_time(int64_t t, char sep)
{
    char b[32];
    iso(t, b);
    cli_csv_text(b, sep);
}

void cli_csv_header(const char *names)
{
    fputs(names, stdout);
    fputs("\r\n", stdout);
}
