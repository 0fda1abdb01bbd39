#include "cli/cli.h"
int cmd_goals(cli_global *g, int argc, char **argv)
{
    (void)g;
    (void)argc;
    (void)argv;
    return 1;
}
