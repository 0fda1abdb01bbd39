/* Pieces the impact commands share (srci, outcomes, stakeholders, goals,
 * simulate): the --format choice and printing a library-made text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

int cli_impact_format(const char *cmd, const char *s, int svg, kith_impact_format *f)
{
    if (!s || !strcmp(s, "table"))
        *f = KITH_IMPACT_TABLE;
    else if (!strcmp(s, "json"))
        *f = KITH_IMPACT_JSON;
    else if (svg && !strcmp(s, "svg"))
        *f = KITH_IMPACT_SVG;
    else
        return cli_usage(cmd, "--format '%s': use table, json%s", s,
                         svg ? " or svg" : "");
    return 0;
}

int cli_print_owned(char *text)
{
    if (text)
        fputs(text, stdout);
    free(text);
    return 0;
}

int cli_parse_date_tz(const char *cmd, const char *flag, const char *s,
                      const kith_org *org, int64_t *out)
{
    kith_error err;
    kith_error_clear(&err);
    if (kith_report_parse_time_tz(flag, s, org->timezone, out, &err) != KITH_OK)
        return cli_usage(cmd, "%s", err.msg);
    return 0;
}
