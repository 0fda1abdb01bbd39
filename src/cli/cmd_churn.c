/* kith churn (placeholder until the churn model lands in this branch). */
#include "cli/cli.h"

int cmd_churn(cli_global *g, int argc, char **argv)
{
    (void)g;
    (void)argc;
    (void)argv;
    return 1;
}
