/* The import history (import_batch), for 'kith imports'. */
#include "ingest/ingest_int.h"
#include "store/st_query.h"

typedef struct hist_ctx {
    kith_import_batch_cb cb;
    void *ud;
} hist_ctx;

static void relay(void *ud, const kith__batch_row *r)
{
    hist_ctx *c = ud;
    kith_import_batch b = {r->id,
                           r->file_name,
                           r->format,
                           r->source,
                           r->status,
                           r->message,
                           r->rows_read,
                           r->rows_imported,
                           r->rows_duplicate,
                           r->rows_rejected,
                           r->members_created,
                           r->merges,
                           r->started_at,
                           r->finished_at,
                           r->options,
                           r->details,
                           r->undone_at};
    c->cb(c->ud, &b);
}

kith_code kith_imports_list(kith_store *st, int64_t org_id, kith_import_batch_cb cb,
                            void *ud, kith_error *err)
{
    hist_ctx c = {cb, ud};
    return kith__st_import_batches(st, org_id, relay, &c, err);
}
