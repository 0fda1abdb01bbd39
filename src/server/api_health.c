/* GET /healthz (no login: for load balancers and systemd checks) and GET
 * /api/v1/imports/formats. */
#include <stdlib.h>

#include "server/srv.h"

void api_healthz(srv_req *r)
{
    json_t *o = json_pack("{s:s,s:s,s:i}", "status", "ok", "version", kith_version(),
                          "schema_version", kith_store_schema_version(r->st));
    srv_reply_obj(r, 200, o);
}

void api_formats(srv_req *r)
{
    kith_error err;
    kith_error_clear(&err);
    char *text = NULL;
    srv_view(r, kith_import_formats_json(&text, &err), &text, &err);
}
