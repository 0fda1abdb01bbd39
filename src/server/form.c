/* The body of a plain HTML form (application/x-www-form-urlencoded), for
 * the routes flagged SRV_FORM: libmicrohttpd's post processor decodes it
 * (kith parses none of it) and each field lands in a srv_args, with the
 * same limits as query parameters (32 fields, 1 KiB a value, none
 * twice). A value may come in several pieces; they are joined here. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "server/srv_mhd.h"

/* The field being read into f->into once it is complete. */
static void flush(srv_form *f)
{
    if (!f->key)
        return;
    if (f->val.len > SRV_ARG_MAX) {
        f->into->bad = 1;
        snprintf(f->into->why, sizeof f->into->why, "form field '%.40s' is too long",
                 f->key);
    } else {
        srv_args_add(f->into, f->key, kith__buf_str(&f->val));
    }
    free(f->key);
    f->key = NULL;
    kith__buf_reset(&f->val);
}

static enum MHD_Result on_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *filename, const char *content_type,
                                const char *transfer_encoding, const char *data,
                                uint64_t off, size_t size)
{
    srv_form *f = cls;
    (void)kind;
    (void)filename;
    (void)content_type;
    (void)transfer_encoding;
    if (!key)
        return MHD_YES;
    /* A new field (offset 0, or another name) completes the one before. */
    if (off == 0 || !f->key || strcmp(f->key, key) != 0) {
        flush(f);
        f->key = strdup(key);
        if (!f->key) {
            f->failed = 1;
            return MHD_NO;
        }
    }
    /* Beyond the limit the value is refused at flush; keep one byte more. */
    if (size && f->val.len <= SRV_ARG_MAX &&
        kith__buf_append(&f->val, data, size) != KITH_OK)
        f->val.len = SRV_ARG_MAX + 1;
    return MHD_YES;
}

int srv_form_begin(srv_form *f, struct MHD_Connection *c, srv_args *into)
{
    memset(f, 0, sizeof *f);
    f->into = into;
    kith__buf_init(&f->val, (size_t)2 * SRV_ARG_MAX);
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    if (!ct || strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0)
        return -1;
    f->pp = MHD_create_post_processor(c, 4096, on_field, f);
    return f->pp ? 0 : -1;
}

void srv_form_data(srv_form *f, const char *data, size_t size)
{
    f->bytes += size;
    if (f->bytes > SRV_JSON_MAX) {
        f->too_big = 1;
        return;
    }
    if (!f->failed && MHD_post_process(f->pp, data, size) != MHD_YES)
        f->failed = 1;
}

int srv_form_end(srv_form *f, int *status)
{
    *status = 0;
    if (f->pp && MHD_destroy_post_processor(f->pp) != MHD_YES)
        f->failed = 1;
    f->pp = NULL;
    flush(f);
    if (f->too_big)
        *status = 413;
    else if (f->failed)
        *status = 400;
    return *status ? -1 : 0;
}

void srv_form_cleanup(srv_form *f)
{
    if (f->pp)
        MHD_destroy_post_processor(f->pp);
    f->pp = NULL;
    free(f->key);
    f->key = NULL;
    kith__buf_free(&f->val);
}
