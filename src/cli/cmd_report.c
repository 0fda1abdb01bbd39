/* kith report (being written). */
#include "cli/cli.h"

int cmd_report(cli_global *g, int argc, char **argv)
{
    (void)g;
    (void)argc;
    (void)argv;
    return cli_usage("report", "not available in this build yet");
}
