/* GET /api/v1/report: exactly what 'kith report --format json' prints for
 * the same arguments (from, to, as_of in the org's time zone; by,
 * segment, basic, include_team), only generated_at differs. The route is
 * SRV_CACHED: a repeated report costs a cache lookup. */
#include <stdlib.h>
#include <string.h>

#include "server/srv.h"

void api_report(srv_req *r)
{
    kith_report_opts o;
    memset(&o, 0, sizeof o);
    o.lexicon = srv_lexicon(r);
    int rc = srv_arg_time(r, "from", 0, &o.from);
    if (rc >= 0) {
        o.has_from = rc;
        rc = srv_arg_time(r, "to", 0, &o.to);
    }
    if (rc >= 0) {
        o.has_to = rc;
        rc = srv_arg_time(r, "as_of", 0, &o.as_of);
    }
    if (rc < 0)
        return;
    o.has_as_of = rc;
    o.by = srv_arg(&r->args, "by");
    o.segment = srv_arg(&r->args, "segment");
    srv_arg_bool(r, "basic", &o.basic);
    srv_arg_bool(r, "include_team", &o.include_team);
    kith_error err;
    kith_error_clear(&err);
    kith_report *rep = NULL;
    char *text = NULL;
    kith_code kc = kith_report_build(r->st, r->user.org_id, &o, &rep, &err);
    if (kc == KITH_OK)
        kc = kith_report_render(rep, KITH_REPORT_JSON, &text, NULL, &err);
    kith_report_free(rep);
    srv_view(r, kc, &text, &err);
}
