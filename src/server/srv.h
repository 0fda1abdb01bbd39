/* Inside kith serve: the request every handler receives, the route table,
 * the query-parameter checks and the helpers the API files share. This
 * header does not include microhttpd.h (only server.c, upload.c and
 * respond.c do), so the router and the parsers can be fuzzed without a
 * connection (fuzz/fz_route.c).
 *
 * Adding a route: a handler `void api_<name>(srv_req *r)` in the
 * api_<area>.c file of its area, declared below, and one line in the
 * table of routes.c; docs/development.md "Adding an API route". */
#ifndef KITH_SERVER_SRV_H
#define KITH_SERVER_SRV_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "kith/kith.h"

/* ------------------------------------------------------------ routes */

typedef struct srv_req srv_req;
typedef void (*srv_handler)(srv_req *r);

/* Route flags. */
enum {
    SRV_CACHED = 1u << 0, /* a GET whose answer depends only on the data and
                             the query: kept by revision, with ETag / 304 */
    SRV_JSON = 1u << 1,   /* reads a JSON object body (at most SRV_JSON_MAX) */
    SRV_UPLOAD = 1u << 2, /* reads a file: the raw body or a multipart form */
    SRV_FORM = 1u << 3,   /* reads a plain HTML form (x-www-form-urlencoded,
                             at most SRV_JSON_MAX) into r->form; refused when
                             posted from another site (Origin, Sec-Fetch-Site) */
    SRV_HTML = 1u << 4,   /* a page for people: its errors are pages too, and
                             401 is the login form (web_pages.c) */
};

#define SRV_JSON_MAX ((size_t)64 * 1024)
#define SRV_MAX_PARAMS 4  /* {name} segments of a pattern */
#define SRV_MAX_ARGS 32   /* query parameters of a request */
#define SRV_ARG_MAX 1024  /* bytes of one parameter value */
#define SRV_PARAM_MAX 256 /* bytes of one {name} segment */

typedef struct srv_route {
    const char *method;  /* GET, POST, PUT, DELETE (GET also answers HEAD) */
    const char *pattern; /* "/api/v1/members/{id}"; {id} segments are
                            whole numbers > 0, other {name} any text */
    kith_role role;      /* KITH_ROLE_NONE = no login needed */
    unsigned flags;
    /* Query parameters, "name:type" separated by spaces; type is str, int,
     * num, date, bool, id, cursor or enum(a|b|c). Anything else is a 400. */
    const char *params;
    srv_handler fn;
    const char *summary;
} srv_route;

/* The table (routes.c) and its size. */
extern const srv_route srv_routes[];
extern const size_t srv_nroutes;

/* Find the route for method and path; *nparams {name} captures copied
 * into params. Returns the route, or NULL with *status 404 (no route has
 * this path) or 405 (some have, with another method; allow then lists
 * them, "GET, POST"). */
const srv_route *srv_route_find(const char *method, const char *path,
                                char params[SRV_MAX_PARAMS][SRV_PARAM_MAX], int *nparams,
                                int *status, char *allow, size_t allow_n);

/* ------------------------------------------------------------ arguments */

typedef struct srv_args {
    int n;
    char *key[SRV_MAX_ARGS];
    char *val[SRV_MAX_ARGS];
    int bad; /* too many, too long or repeated: 400 */
    char why[160];
} srv_args;

void srv_args_init(srv_args *a);
void srv_args_free(srv_args *a);
/* Add one decoded key=value (copied). Marks a->bad rather than failing. */
void srv_args_add(srv_args *a, const char *key, const char *val);
/* Check a against a route's params spec: every key known, each value of
 * its type. 0, or -1 with why (size n) filled. */
int srv_args_check(const srv_args *a, const char *spec, char *why, size_t n);
/* The value of key, or NULL. */
const char *srv_arg(const srv_args *a, const char *key);

/* ------------------------------------------------------------ requests */

typedef struct kith_server srv; /* the running server (server.c) */

struct srv_req {
    srv *server;
    kith_store *st; /* this worker's connection */
    const srv_route *route;
    const char *method, *path;
    char params[SRV_MAX_PARAMS][SRV_PARAM_MAX];
    int nparams;
    srv_args args;
    kith_user user;             /* the caller; id 0 = nobody logged in */
    char org_name[128];         /* the caller's org */
    char org_tz[64];            /* and its time zone (dates without a time) */
    int by_cookie;              /* authenticated by the session cookie */
    char csrf[KITH_SECRET_LEN]; /* the session's CSRF token */
    char sid[KITH_SECRET_LEN];  /* the session id (cookie), for logout */
    char address[64];           /* the client's IP address */
    int tls;
    /* The body: JSON routes get the bytes, upload routes a file. */
    const char *body;
    size_t body_len;
    const char *upload_path; /* the file as received */
    const char *upload_dir;  /* its folder, removed after the request */
    const char *upload_name; /* the name the client gave it */
    srv_args form;           /* SRV_FORM routes: the form's fields */
    /* The answer the handler sets. */
    int status;
    char *json;               /* malloc'ed body */
    const char *content_type; /* of the body when not JSON (a static string) */
    char *location;           /* malloc'ed Location of a redirect, or NULL */
    char *set_cookie;         /* malloc'ed Set-Cookie value, or NULL */
    int retry_after;          /* seconds, for 429 and 503; 0 = none */
};

/* Answer status with the JSON text json (taken: freed by the server). */
void srv_reply(srv_req *r, int status, char *json);
/* Answer status with the JSON object o (released here; NULL = out of
 * memory), written as the views write theirs. */
void srv_reply_obj(srv_req *r, int status, json_t *o);
/* Answer {"error":{"code":code,"message":...}} with status. */
void srv_error(srv_req *r, int status, const char *code, const char *fmt, ...)
    KITH_PRINTF(4, 5);
/* Answer a library failure: its HTTP status (KITH_EINPUT is 422, a busy
 * database 503) and message. */
void srv_fail(srv_req *r, const kith_error *err);
/* Answer the JSON view a library call made into *text (rc = its result);
 * 200 with the text, or srv_fail. */
void srv_view(srv_req *r, kith_code rc, char **text, const kith_error *err);
/* Answer status with the HTML page html (taken: freed by the server). */
void srv_reply_html(srv_req *r, int status, char *html);

/* The error body for status/code/message (malloc'ed; NULL when out of
 * memory). */
char *srv_error_json(const char *code, const char *message);
/* The code name of a status ("not_found", ...). */
const char *srv_status_code(int status);

/* Typed reads of arguments the route's spec has already checked. Each
 * returns 1 when the argument was given (and *out set), 0 when not. */
int srv_arg_i64(const srv_req *r, const char *key, int64_t *out);
int srv_arg_num(const srv_req *r, const char *key, double *out);
int srv_arg_bool(const srv_req *r, const char *key, int *out);
/* A date argument read in the org's time zone (as the CLI reads --from,
 * --to and --as-of): returns 1 and *out, 0 when absent, -1 after answering
 * 400. */
int srv_arg_time(srv_req *r, const char *key, int64_t *out);
/* The arguments from, to and as_of, each read with srv_arg_time (*has_x
 * 1 when given): 0, or -1 after answering 400. */
int srv_arg_period(srv_req *r, int64_t *from, int *has_from, int64_t *to, int *has_to,
                   int64_t *as_of, int *has_as_of);
/* The {name} capture i as an id (> 0), or 0. */
int64_t srv_param_id(const srv_req *r, int i);

/* The JSON body as an object (new reference), or NULL after answering
 * 400. */
json_t *srv_body_object(srv_req *r);
/* A string member of a body object (borrowed), or NULL when absent; a
 * member of another type, or a required one missing, answers 400 and sets
 * *failed. */
const char *srv_body_str(srv_req *r, json_t *o, const char *key, int required,
                         int *failed);
/* An integer member > 0, the same way (0 when absent). */
int64_t srv_body_id(srv_req *r, json_t *o, const char *key, int required, int *failed);

/* Log in with email and password (rate-limited per account and address,
 * audited): on success the session is opened, r->user, the org and the
 * session cookie are set and the session's CSRF token is copied into csrf;
 * returns 0. Otherwise the failure is answered (401, 429, ...) and -1
 * returned. */
int srv_session_login(srv_req *r, const char *email, const char *password,
                      char csrf[KITH_SECRET_LEN]);
/* Fill r->org_name and r->org_tz from r->user.org_id: 0, or -1 after
 * answering. */
int srv_load_org(srv_req *r);
/* Record an audit event done by the caller (what, target, detail may be
 * NULL). A failure is logged, never answered. */
void srv_audit(srv_req *r, const char *action, const char *target, const char *detail);
/* The server's configured lexicon (NULL = the org's / default). */
const char *srv_lexicon(const srv_req *r);
/* Report a problem on the server's log. */
void srv_log(const srv *s, const char *fmt, ...) KITH_PRINTF(2, 3);

/* ------------------------------------------------------------ redaction */

/* Viewers see no email address or phone number: every JSON string that is
 * one (an "email"/"phone" field, an identity of kind email or phone) is
 * replaced whole, and those found inside any other string are replaced in
 * place. Returns the new text (malloc'ed), or NULL when json does not
 * parse or memory runs out. */
char *srv_redact(const char *json, size_t len);
/* The same for an HTML page: addresses and phone numbers in its text
 * (between tags, outside <style> and <script>) are replaced in place;
 * tags, attributes and markup are kept. Returns the new text (malloc'ed),
 * or NULL when memory runs out. */
char *srv_redact_html(const char *html, size_t len);

/* ------------------------------------------------------------ login limits */

typedef struct srv_limiter srv_limiter;
/* At most max_account failed logins per account and max_address per
 * client address in window seconds. */
srv_limiter *srv_limiter_new(int max_account, int max_address, int window);
void srv_limiter_free(srv_limiter *l);
/* 0 when a login may be tried now, else the seconds until it may. */
int srv_limiter_check(srv_limiter *l, const char *account, const char *address,
                      int64_t now);
void srv_limiter_failed(srv_limiter *l, const char *account, const char *address,
                        int64_t now);
void srv_limiter_succeeded(srv_limiter *l, const char *account);
srv_limiter *srv_server_limiter(const srv *s);
/* Session lifetime in seconds and whether cookies are Secure. */
int64_t srv_session_ttl(const srv *s);

/* ------------------------------------------------------------ models */

/* One organisation's network, CLV and churn models at one store revision
 * (models.c), shared read-only by the requests holding a reference. A
 * NULL model could not be built; its *_why says why (a NULL graph with an
 * empty graph_why: no interactions in the period). */
typedef struct srv_models {
    int64_t org, rev;
    int refs;
    struct kith_graph *graph;
    struct kith_clv *clv;
    struct kith_churn *churn;
    char graph_why[512], clv_why[512], churn_why[512];
} srv_models;
typedef struct srv_models_cache srv_models_cache;
srv_models_cache *srv_models_cache_new(void);
void srv_models_cache_free(srv_models_cache *c);
/* The models of org at revision rev, built with st when not kept yet;
 * release them with srv_models_release. Errors: KITH_ENOMEM, KITH_EDB,
 * KITH_EINTERNAL. */
kith_code srv_models_get(srv_models_cache *c, kith_store *st, int64_t org, int64_t rev,
                         srv_models **out, kith_error *err);
void srv_models_release(srv_models_cache *c, srv_models *m);
srv_models_cache *srv_server_models(const srv *s);

/* ------------------------------------------------------------ handlers */
/* api_health.c */
void api_healthz(srv_req *r);
void api_formats(srv_req *r);
/* api_report.c */
void api_report(srv_req *r);
void web_report_html(srv_req *r);
/* web_pages.c: the pages for browsers without JavaScript */
void web_login(srv_req *r);
/* An SRV_HTML route's error answer (JSON) as a page: 401 the login form,
 * anything else the message with a way back. */
void srv_html_error(srv_req *r);
/* api_members.c */
void api_members(srv_req *r);
void api_member(srv_req *r);
void api_merges(srv_req *r);
void api_merge_suggestions(srv_req *r);
void api_merge(srv_req *r);
void api_unmerge(srv_req *r);
/* api_insight.c */
void api_initiatives(srv_req *r);
void api_sentiment(srv_req *r);
void api_sentiment_alerts(srv_req *r);
void api_topics(srv_req *r);
/* api_models.c */
void api_clv(srv_req *r);
void api_churn(srv_req *r);
void api_segments(srv_req *r);
/* api_imports.c */
void api_imports(srv_req *r);
void api_import(srv_req *r);
/* api_config.c */
void api_config(srv_req *r);
void api_config_set(srv_req *r);
void api_config_unset(srv_req *r);
/* api_accounts.c */
void api_login(srv_req *r);
void api_session(srv_req *r);
void api_logout(srv_req *r);
void api_users(srv_req *r);
void api_user_add(srv_req *r);
void api_user_remove(srv_req *r);
void api_user_passwd(srv_req *r);
void api_tokens(srv_req *r);
void api_token_create(srv_req *r);
void api_token_revoke(srv_req *r);
void api_audit(srv_req *r);
/* api_graph.c */
void api_graph(srv_req *r);
void api_graph_svg(srv_req *r);
void api_match(srv_req *r);
void api_match_newcomers(srv_req *r);
/* api_impact.c */
void api_srci(srv_req *r);
void api_stakeholders(srv_req *r);
void api_goals(srv_req *r);
void api_outcomes(srv_req *r);
void api_simulate(srv_req *r);

#endif
