/* The community network: GET /api/v1/graph (kith graph --format json),
 * GET /api/v1/graph.svg (kith graph --svg), GET /api/v1/match/{id} (kith
 * match MEMBER --format json) and GET /api/v1/match/newcomers (kith match
 * --newcomers --format json), each the bytes of its CLI command for the
 * same arguments. Dates read as the CLI reads --from, --to and --as-of: in
 * the org's time zone. docs/graph.md, "In the dashboard". */
#include <stdlib.h>
#include <string.h>

#include "server/srv.h"

/* The options of kith graph from the query; 0, or -1 after answering
 * 400. --runs and --exact-betweenness are left to the command line: they
 * only make the analysis slower. */
static int graph_opts(srv_req *r, kith_graph_opts *o)
{
    memset(o, 0, sizeof *o);
    if (srv_arg_period(r, &o->from, &o->has_from, &o->to, &o->has_to, &o->as_of,
                       &o->has_as_of) != 0)
        return -1;
    const char *w = srv_arg(&r->args, "weights");
    o->weights = w && !strcmp(w, "count") ? KITH_GRAPH_COUNT : KITH_GRAPH_DECAYED;
    if (srv_arg_num(r, "resolution", &o->resolution)) {
        if (!(o->resolution > 0) || o->resolution > 1000) {
            srv_error(r, 400, NULL, "'resolution' must be a number > 0 (default 1)");
            return -1;
        }
        o->has_resolution = 1;
    }
    if (srv_arg_num(r, "strong_quantile", &o->strong_quantile) &&
        !(o->strong_quantile > 0 && o->strong_quantile < 1)) {
        srv_error(r, 400, NULL,
                  "'strong_quantile' must be between 0 and 1 (default 0.75, the top "
                  "quartile)");
        return -1;
    }
    srv_arg_bool(r, "include_team", &o->include_team);
    return 0;
}

void api_graph(srv_req *r)
{
    kith_graph_opts o;
    if (graph_opts(r, &o) != 0)
        return;
    kith_error err;
    kith_error_clear(&err);
    char *text = NULL;
    srv_view(r, kith_graph_json(r->st, r->user.org_id, &o, &text, &err), &text, &err);
}

void api_graph_svg(srv_req *r)
{
    kith_graph_opts o;
    if (graph_opts(r, &o) != 0)
        return;
    int64_t nodes = 0;
    if (srv_arg_i64(r, "nodes", &nodes) && (nodes < 1 || nodes > KITH_GRAPH_SVG_NODES)) {
        srv_error(r, 400, NULL, "'nodes' must be 1 to %d", KITH_GRAPH_SVG_NODES);
        return;
    }
    kith_error err;
    kith_error_clear(&err);
    kith_graph *g = NULL;
    char *svg = NULL;
    size_t len = 0;
    if (kith_graph_build(r->st, r->user.org_id, &o, &g, &err) != KITH_OK ||
        kith_graph_svg(g, (size_t)nodes, &svg, &len, &err) != KITH_OK) {
        free(svg);
        srv_fail(r, &err);
    } else {
        srv_reply(r, 200, svg);
        r->content_type = "image/svg+xml";
    }
    kith_graph_free(g);
}

/* Both match routes: member NULL = newcomers. */
static void match(srv_req *r, const char *member)
{
    kith_graph_opts o;
    if (graph_opts(r, &o) != 0)
        return;
    int64_t top = 10;
    if (srv_arg_i64(r, "top", &top) && (top < 1 || top > 1000)) {
        srv_error(r, 400, NULL, "'top' must be 1 to 1000");
        return;
    }
    kith_error err;
    kith_error_clear(&err);
    char *text = NULL;
    srv_view(r,
             kith_match_json(r->st, r->user.org_id, &o, member, (size_t)top, &text, &err),
             &text, &err);
}

void api_match(srv_req *r)
{
    /* {id} is digits only: never read as an email or a handle; another
     * org's member is not found (404). */
    match(r, r->params[0]);
}

void api_match_newcomers(srv_req *r)
{
    match(r, NULL);
}
