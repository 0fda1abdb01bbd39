/* JSON views of imports: the history (kith imports --format json, GET
 * /api/v1/imports) and the counts of one import (POST
 * /api/v1/imports/{format}). */
#include <string.h>

#include "json/jv.h"
#include "kith/ingest.h"

#define OOM(err) kith_error_set(err, KITH_ENOMEM, "out of memory")

typedef struct hist_ctx {
    json_t *arr;
    int bad;
} hist_ctx;

/* Stored JSON text as a value; null when there is none (or it does not
 * parse, which the import never writes). */
static json_t *loads_or_null(const char *s)
{
    json_t *v = s ? json_loads(s, JSON_DECODE_ANY, NULL) : NULL;
    return v ? v : json_null();
}

static void hist_row(void *ud, const kith_import_batch *b)
{
    hist_ctx *c = ud;
    json_t *o = json_object();
    c->bad |= !o;
    if (c->bad) {
        json_decref(o);
        return;
    }
    c->bad |= kith__jv_set(o, "id", json_integer(b->id));
    c->bad |= kith__jv_set(o, "file", kith__jv_text(b->file_name ? b->file_name : ""));
    c->bad |= kith__jv_set(o, "format", kith__jv_text(b->format ? b->format : ""));
    c->bad |= kith__jv_set(o, "source", kith__jv_text(b->source ? b->source : ""));
    c->bad |= kith__jv_set(o, "status", kith__jv_text(b->status ? b->status : ""));
    c->bad |= kith__jv_set(o, "rows_read", json_integer(b->rows_read));
    c->bad |= kith__jv_set(o, "rows_imported", json_integer(b->rows_imported));
    c->bad |= kith__jv_set(o, "rows_duplicate", json_integer(b->rows_duplicate));
    c->bad |= kith__jv_set(o, "rows_rejected", json_integer(b->rows_rejected));
    c->bad |= kith__jv_set(o, "members_created", json_integer(b->members_created));
    c->bad |= kith__jv_set(o, "merges", json_integer(b->merges));
    c->bad |= kith__jv_set(o, "started_at", kith__jv_time(b->started_at));
    c->bad |= kith__jv_set(o, "finished_at", kith__jv_time_or_null(b->finished_at));
    /* What decided the rows written and what the import said (JSON kept by
     * the import; null for imports recorded before), and when it was
     * undone (kith imports undo). */
    c->bad |= kith__jv_set(o, "options", loads_or_null(b->options));
    c->bad |= kith__jv_set(o, "details", loads_or_null(b->details));
    c->bad |= kith__jv_set(o, "undone_at", kith__jv_time_or_null(b->undone_at));
    c->bad |= kith__jv_push(c->arr, o);
}

kith_code kith_imports_json(kith_store *st, int64_t org_id, char **out, kith_error *err)
{
    hist_ctx c = {json_array(), 0};
    json_t *root = json_object();
    *out = NULL;
    kith_code rc =
        c.arr && root ? kith_imports_list(st, org_id, hist_row, &c, err) : OOM(err);
    if (rc == KITH_OK && (c.bad || kith__jv_set(root, "imports", c.arr)))
        rc = OOM(err);
    else if (rc != KITH_OK)
        json_decref(c.arr);
    if (rc != KITH_OK) {
        json_decref(root);
        return rc;
    }
    return kith__jv_dump(root, out, err);
}

kith_code kith_import_result_json(const char *file, const char *format,
                                  const kith_import_result *r, char **out,
                                  kith_error *err)
{
    json_t *o = json_object();
    int bad = !o;
    *out = NULL;
    if (o) {
        bad |= kith__jv_set(o, "file", kith__jv_text(file));
        bad |= kith__jv_set(o, "format", kith__jv_text(format));
        bad |= kith__jv_set(o, "batch_id", json_integer(r->batch_id));
        bad |= kith__jv_set(o, "rows_read", json_integer(r->rows_read));
        bad |= kith__jv_set(o, "rows_imported", json_integer(r->rows_imported));
        bad |= kith__jv_set(o, "rows_duplicate", json_integer(r->rows_duplicate));
        bad |= kith__jv_set(o, "rows_rejected", json_integer(r->rows_rejected));
        bad |= kith__jv_set(o, "members_created", json_integer(r->members_created));
        bad |= kith__jv_set(o, "merges", json_integer(r->merges));
        /* In the import's own units, as kith import says it. */
        char line[2048];
        bad |= kith__jv_set(
            o, "summary", kith__jv_text(kith_import_summary(file, r, line, sizeof line)));
        bad |= kith__jv_set(o, "skipped", json_integer(r->skipped));
        bad |= kith__jv_set(o, "skipped_why", kith__jv_text(r->skipped_why));
        bad |= kith__jv_set(o, "warnings", json_integer(r->warnings));
        json_t *notes = json_array();
        bad |= !notes;
        for (int i = 0; notes && i < r->nnotes; i++)
            bad |= kith__jv_push(notes, kith__jv_text(r->notes[i]));
        bad |= kith__jv_set(o, "notes", notes);
    }
    if (bad) {
        json_decref(o);
        return OOM(err);
    }
    return kith__jv_dump(o, out, err);
}

kith_code kith_import_formats_json(char **out, kith_error *err)
{
    json_t *root = json_object(), *arr = json_array();
    int bad = !root || !arr;
    for (const kith_format_info *f = kith_import_formats(); !bad && f->name; f++) {
        json_t *o = json_object();
        bad |= !o;
        if (o) {
            bad |= kith__jv_set(o, "name", json_string(f->name));
            bad |= kith__jv_set(o, "summary", kith__jv_text(f->summary));
        }
        bad |= kith__jv_push(arr, o);
    }
    if (!bad) {
        bad = kith__jv_set(root, "formats", arr);
        arr = NULL;
    }
    json_decref(arr);
    if (bad) {
        json_decref(root);
        return OOM(err);
    }
    return kith__jv_dump(root, out, err);
}
