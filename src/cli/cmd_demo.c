/* kith demo (being written). */
#include "cli/cli.h"

int cmd_demo(cli_global *g, int argc, char **argv)
{
    (void)g;
    (void)argc;
    (void)argv;
    return cli_usage("demo", "not available in this build yet");
}
