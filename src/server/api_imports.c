/* Imports: GET /api/v1/imports (the history) and POST
 * /api/v1/imports/{format}?filename=NAME with the file as the body or as
 * the field 'file' of a multipart form: the same atomic, idempotent
 * kith_import as 'kith import FORMAT NAME', the same counts; a bad row is
 * a 422 with the FILE:LINE: column 'X': reason message and nothing kept. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/srv.h"

void api_imports(srv_req *r)
{
    kith_error err;
    kith_error_clear(&err);
    char *text = NULL;
    srv_view(r, kith_imports_json(r->st, r->user.org_id, &text, &err), &text, &err);
}

/* s without every occurrence of the upload folder "DIR/": messages then
 * name the file as the client did. */
static void unfolder(char *s, const char *dir)
{
    char pre[600];
    snprintf(pre, sizeof pre, "%s/", dir);
    size_t pl = strlen(pre);
    char *p;
    while (pl > 1 && (p = strstr(s, pre)) != NULL)
        memmove(p, p + pl, strlen(p + pl) + 1);
}

void api_import(srv_req *r)
{
    const char *format = r->params[0];
    int known = 0;
    for (const kith_format_info *fi = kith_import_formats(); fi->name; fi++)
        known |= !strcmp(fi->name, format);
    if (!known) {
        srv_error(
            r, 404, NULL,
            "unknown import format '%.60s' (GET /api/v1/imports/formats lists them)",
            format);
        return;
    }
    kith_import_opts o;
    memset(&o, 0, sizeof o);
    o.format = format;
    o.source = srv_arg(&r->args, "source");
    o.question = srv_arg(&r->args, "question");
    o.survey_kind = srv_arg(&r->args, "survey");
    kith_import_result res;
    kith_error err;
    kith_error_clear(&err);
    if (kith_import(r->st, r->user.org_id, r->upload_path, &o, &res, &err) != KITH_OK) {
        unfolder(err.where, r->upload_dir);
        unfolder(err.msg, r->upload_dir);
        srv_fail(r, &err);
        return;
    }
    char detail[200];
    snprintf(detail, sizeof detail,
             "%s: %" PRId64 " rows read, %" PRId64 " imported (batch %" PRId64 ")",
             format, res.rows_read, res.rows_imported, res.batch_id);
    srv_audit(r, "import", r->upload_name, detail);
    char *text = NULL;
    srv_view(r, kith_import_result_json(r->upload_name, format, &res, &text, &err), &text,
             &err);
}
