/* The route table of kith serve: one line per route (method, path
 * pattern, the weakest role admitted, flags, query parameters, handler).
 * The server dispatches by it, `kith serve --routes` prints it, and the
 * API test checks every line against docs/api/openapi.yaml. */
#include <pthread.h>

#include "server/srv.h"

#define PUBLIC KITH_ROLE_NONE
#define VIEWER KITH_ROLE_VIEWER
#define MANAGER KITH_ROLE_MANAGER
#define OWNER KITH_ROLE_OWNER

/* The report's query parameters (the JSON and the page take the same). */
#define REPORT_PARAMS                                                                    \
    "from:date to:date as_of:date by:enum(month|quarter|year) segment:str basic:bool "   \
    "include_team:bool"

/* The network's query parameters (kith graph and kith match take the same). */
#define GRAPH_PARAMS                                                                     \
    "from:date to:date as_of:date weights:enum(decayed|count) resolution:num "           \
    "strong_quantile:num include_team:bool"

/* clang-format off */
const srv_route srv_routes[] = {
    {"GET", "/healthz", PUBLIC, 0, "", api_healthz, "liveness and schema version"},
    {"POST", "/api/v1/session", PUBLIC, SRV_JSON, "", api_login, "log in (session cookie)"},
    {"GET", "/api/v1/session", VIEWER, 0, "", api_session, "who is logged in"},
    {"DELETE", "/api/v1/session", VIEWER, 0, "", api_logout, "log out"},
    {"GET", "/api/v1/report", VIEWER, SRV_CACHED, REPORT_PARAMS, api_report,
     "the community report (kith report --format json)"},
    {"GET", "/api/v1/members", VIEWER, 0,
     "q:str kind:enum(customer|employee|supplier|partner|local_org|online|other) "
     "level:int at_risk:bool segment:str k:int limit:int cursor:cursor all:bool",
     api_members, "members, a page at a time"},
    {"GET", "/api/v1/members/{id}", VIEWER, SRV_CACHED, "", api_member,
     "one member's profile"},
    {"GET", "/api/v1/initiatives", VIEWER, SRV_CACHED, "as_of:date", api_initiatives,
     "initiatives with revenue and ROI"},
    {"GET", "/api/v1/sentiment", VIEWER, SRV_CACHED,
     "by:enum(week|month) channel:str from:date to:date as_of:date", api_sentiment,
     "brand sentiment per channel and period"},
    {"GET", "/api/v1/sentiment/alerts", VIEWER, SRV_CACHED,
     "by:enum(week|month) channel:str as_of:date all:bool", api_sentiment_alerts,
     "periods whose sentiment fell below the baseline"},
    {"GET", "/api/v1/topics", VIEWER, SRV_CACHED,
     "from:date to:date channel:str limit:int min_docs:int include_team:bool", api_topics,
     "rising topics of a period"},
    {"GET", "/api/v1/imports", VIEWER, 0, "", api_imports, "the import history"},
    {"GET", "/api/v1/imports/formats", VIEWER, 0, "", api_formats, "the import formats"},
    {"POST", "/api/v1/imports/{format}", MANAGER, SRV_UPLOAD,
     "filename:str source:str question:str survey:enum(nps|enps)", api_import,
     "import a file (the body, or a multipart form field 'file')"},
    {"GET", "/api/v1/merges", VIEWER, 0, "member:id", api_merges, "the merge log"},
    {"GET", "/api/v1/merges/suggestions", VIEWER, 0, "min_score:num",
     api_merge_suggestions, "likely duplicates"},
    {"POST", "/api/v1/merges", MANAGER, SRV_JSON, "", api_merge, "merge two members"},
    {"POST", "/api/v1/merges/{id}/undo", MANAGER, 0, "", api_unmerge, "undo a merge"},
    {"GET", "/api/v1/config", VIEWER, 0, "", api_config, "the metrics' parameters"},
    {"PUT", "/api/v1/config/{key}", MANAGER, SRV_JSON, "", api_config_set,
     "set a parameter"},
    {"DELETE", "/api/v1/config/{key}", MANAGER, 0, "", api_config_unset,
     "back to the default"},
    {"GET", "/api/v1/users", OWNER, 0, "", api_users, "the org's users"},
    {"POST", "/api/v1/users", OWNER, SRV_JSON, "", api_user_add, "add a user"},
    {"DELETE", "/api/v1/users/{id}", OWNER, 0, "", api_user_remove, "remove a user"},
    {"PUT", "/api/v1/users/{id}/password", OWNER, SRV_JSON, "", api_user_passwd,
     "set a user's password"},
    {"GET", "/api/v1/tokens", OWNER, 0, "", api_tokens, "the org's tokens"},
    {"POST", "/api/v1/tokens", OWNER, SRV_JSON, "", api_token_create,
     "create a token (shown once)"},
    {"DELETE", "/api/v1/tokens/{id}", OWNER, 0, "", api_token_revoke, "revoke a token"},
    {"GET", "/api/v1/audit", OWNER, 0, "limit:int before:id", api_audit,
     "the audit log"},
    /* Customer value, churn and segments (docs/models.md, docs/segments.md). */
    {"GET", "/api/v1/clv", VIEWER, SRV_CACHED,
     "calibration_end:date horizon:str cohort_from:date cohort_to:date top:int "
     "include_team:bool",
     api_clv, "predicted customer lifetime value (kith clv --format json)"},
    {"GET", "/api/v1/churn", VIEWER, SRV_CACHED,
     "as_of:date horizon:str top:int include_team:bool", api_churn,
     "churn risk with reasons and the model's evaluation (kith churn --format json)"},
    {"GET", "/api/v1/segments", VIEWER, SRV_CACHED,
     "method:enum(rfm|kmeans) k:int as_of:date include_team:bool", api_segments,
     "RFM or k-means customer segments (kith segments --format json)"},
    /* The community network (docs/graph.md). */
    {"GET", "/api/v1/graph", VIEWER, SRV_CACHED, GRAPH_PARAMS, api_graph,
     "the community network (kith graph --format json)"},
    {"GET", "/api/v1/graph.svg", VIEWER, SRV_CACHED, GRAPH_PARAMS " nodes:int",
     api_graph_svg, "the network's picture, SVG (kith graph --svg)"},
    {"GET", "/api/v1/match/newcomers", VIEWER, SRV_CACHED, GRAPH_PARAMS, api_match_newcomers,
     "introductions for newcomers (kith match --newcomers --format json)"},
    {"GET", "/api/v1/match/{id}", VIEWER, SRV_CACHED, GRAPH_PARAMS " top:int", api_match,
     "introductions for a member (kith match MEMBER --format json)"},
    /* Is it worth it, and what next (docs/impact.md). */
    {"GET", "/api/v1/srci", VIEWER, SRV_CACHED, "initiative:str sensitivity:num as_of:date",
     api_srci, "social return on community investment (kith srci --format json)"},
    {"GET", "/api/v1/stakeholders", VIEWER, SRV_CACHED, "as_of:date", api_stakeholders,
     "the stakeholder map (kith stakeholders list --format json)"},
    {"GET", "/api/v1/goals", VIEWER, SRV_CACHED, "as_of:date", api_goals,
     "SMART goals with their trend (kith goals list --format json)"},
    {"GET", "/api/v1/outcomes", VIEWER, SRV_CACHED, "initiative:str", api_outcomes,
     "the impact map's outcomes (kith outcomes list --format json)"},
    {"GET", "/api/v1/simulate", VIEWER, SRV_CACHED,
     "months:int p:num q:num market:num churn:num purchase_rate:num spend:num "
     "downturn:str initiative:str lost_champion:str from_zero:bool as_of:date",
     api_simulate, "growth scenarios, Bass diffusion (kith simulate --format json)"},
    /* Pages for browsers without JavaScript (the dashboard's <noscript>). */
    {"GET", "/report.html", VIEWER, SRV_CACHED | SRV_HTML, REPORT_PARAMS, web_report_html,
     "the report as one HTML page (kith report --html)"},
    {"POST", "/login", PUBLIC, SRV_FORM | SRV_HTML, "", web_login,
     "log in from a plain HTML form; 303 to the page asked for"},
};
/* clang-format on */

const size_t srv_nroutes = sizeof srv_routes / sizeof srv_routes[0];

static kith_route_info infos[sizeof srv_routes / sizeof srv_routes[0]];
static pthread_once_t infos_once = PTHREAD_ONCE_INIT;

static void make_infos(void)
{
    static const char *const roles[] = {"public", "viewer", "manager", "owner"};
    for (size_t i = 0; i < srv_nroutes; i++) {
        infos[i].method = srv_routes[i].method;
        infos[i].pattern = srv_routes[i].pattern;
        infos[i].role = roles[srv_routes[i].role];
        infos[i].params = srv_routes[i].params;
        infos[i].summary = srv_routes[i].summary;
    }
}

const kith_route_info *kith_server_routes(size_t *n)
{
    pthread_once(&infos_once, make_infos);
    *n = srv_nroutes;
    return infos;
}
