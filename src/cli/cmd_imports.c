/* kith imports (being written). */
#include "cli/cli.h"

int cmd_imports(cli_global *g, int argc, char **argv)
{
    (void)g;
    (void)argc;
    (void)argv;
    return cli_usage("imports", "not available in this build yet");
}
