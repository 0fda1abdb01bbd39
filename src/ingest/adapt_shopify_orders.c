/* Adapter for the shopify_orders export (being written). */
#include "ingest/ingest_int.h"

kith_code kith__adapt_shopify_orders(kith_importer *imp, const char *path)
{
    (void)path;
    return kith_error_set(imp->err, KITH_EUSAGE, "format shopify_orders is not available in this build");
}
