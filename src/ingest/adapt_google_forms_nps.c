/* Adapter for the google_forms_nps export (being written). */
#include "ingest/ingest_int.h"

kith_code kith__adapt_google_forms_nps(kith_importer *imp, const char *path)
{
    (void)path;
    return kith_error_set(imp->err, KITH_EUSAGE, "format google_forms_nps is not available in this build");
}
