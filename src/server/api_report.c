/* GET /api/v1/report: exactly what 'kith report --format json' prints for
 * the same arguments (from, to, as_of in the org's time zone; by,
 * segment, basic, include_team), only generated_at differs. GET
 * /report.html: the same report as the one HTML page 'kith report --html'
 * writes (inline SVG charts, no script), for browsers without JavaScript.
 * Both routes are SRV_CACHED: a repeated report costs a cache lookup. */
#include <stdlib.h>
#include <string.h>

#include "server/srv.h"

/* The report's options from the query; -1 after answering 400. */
static int report_opts(srv_req *r, kith_report_opts *o)
{
    memset(o, 0, sizeof *o);
    o->lexicon = srv_lexicon(r);
    if (srv_arg_period(r, &o->from, &o->has_from, &o->to, &o->has_to, &o->as_of,
                       &o->has_as_of) != 0)
        return -1;
    o->by = srv_arg(&r->args, "by");
    o->segment = srv_arg(&r->args, "segment");
    srv_arg_bool(r, "basic", &o->basic);
    srv_arg_bool(r, "include_team", &o->include_team);
    return 0;
}

/* Build the report and render it as fmt into *text. */
static kith_code report_text(srv_req *r, const kith_report_opts *o,
                             kith_report_format fmt, char **text, kith_error *err)
{
    kith_report *rep = NULL;
    kith_code kc = kith_report_build(r->st, r->user.org_id, o, &rep, err);
    if (kc == KITH_OK)
        kc = kith_report_render(rep, fmt, text, NULL, err);
    kith_report_free(rep);
    return kc;
}

void api_report(srv_req *r)
{
    kith_report_opts o;
    if (report_opts(r, &o) != 0)
        return;
    kith_error err;
    kith_error_clear(&err);
    char *text = NULL;
    kith_code kc = report_text(r, &o, KITH_REPORT_JSON, &text, &err);
    srv_view(r, kc, &text, &err);
}

void web_report_html(srv_req *r)
{
    kith_report_opts o;
    if (report_opts(r, &o) != 0)
        return;
    kith_error err;
    kith_error_clear(&err);
    char *text = NULL;
    if (report_text(r, &o, KITH_REPORT_HTML, &text, &err) != KITH_OK) {
        free(text);
        srv_fail(r, &err);
        return;
    }
    srv_reply_html(r, 200, text);
}
