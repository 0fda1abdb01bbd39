/* Adapter for the slack export (being written). */
#include "ingest/ingest_int.h"

kith_code kith__adapt_slack(kith_importer *imp, const char *path)
{
    (void)path;
    return kith_error_set(imp->err, KITH_EUSAGE, "format slack is not available in this build");
}
