/* kith serve: the libmicrohttpd daemon (a thread pool, one SQLite
 * connection per worker thread), the request life cycle (limits, route,
 * arguments, caller, body, handler, redaction, cache, response) and the
 * graceful stop. Handlers live in api_<area>.c; the route table in
 * routes.c. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/timeparse.h"
#include "server/srv_mhd.h"
#include "store/store_int.h"

#define MAX_URL ((size_t)8192)      /* path and query, bytes: above is a 414 */
#define MAX_HEADERS ((size_t)16384) /* all request headers, bytes: above is a 431 */
#define SESSION_TTL ((int64_t)12 * 3600)

struct kith_server {
    char *db, *lexicon, *web_dir;
    char url[300];
    int tls, trust_proxy, no_cache;
    uint64_t max_upload;
    void (*log)(void *ud, const char *line);
    void *log_ud;
    char *cert_pem, *key_pem;
    int listen_fd;
    struct MHD_Daemon *d;
    pthread_key_t store_key;
    int key_made;
    pthread_mutex_t lock;
    pthread_cond_t idle;
    int in_flight;
    srv_cache *cache;
    srv_limiter *limiter;
    srv_statics *statics;
};

/* One request's state between libmicrohttpd's calls. */
typedef struct conn_ctx {
    srv_req r;
    int queued; /* a response is queued: ignore the rest */
    int early;  /* r.status set before the body: answer as soon as allowed */
    int statik; /* one of the dashboard's files: answered after the headers */
    kith_buf body;
    int body_too_big;
    srv_upload up;
    int uploading;
    srv_form form;
    int forming;
    int gz;
} conn_ctx;

void srv_log(const srv *s, const char *fmt, ...)
{
    if (!s || !s->log)
        return;
    char line[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    s->log(s->log_ud, line);
}

srv_limiter *srv_server_limiter(const srv *s)
{
    return s->limiter;
}

int64_t srv_session_ttl(const srv *s)
{
    (void)s;
    return SESSION_TTL;
}

const char *srv_lexicon(const srv_req *r)
{
    return r->server->lexicon;
}

const char *kith_server_url(const kith_server *s)
{
    return s->url;
}

/* ------------------------------------------------------------ workers */

static void close_store(void *p)
{
    kith_store_close(p);
}

/* This worker thread's connection, opened at its first request. */
static kith_store *worker_store(srv *s)
{
    kith_store *st = pthread_getspecific(s->store_key);
    if (st)
        return st;
    kith_error err;
    kith_error_clear(&err);
    if (kith_store_open_existing(s->db, &st, &err) != KITH_OK) {
        char msg[1600];
        srv_log(s, "cannot open the database: %s",
                kith_error_format(&err, msg, sizeof msg));
        return NULL;
    }
    if (pthread_setspecific(s->store_key, st) != 0) {
        kith_store_close(st);
        return NULL;
    }
    return st;
}

/* ------------------------------------------------------------ callers */

static void client_address(srv *s, struct MHD_Connection *c, char *out, size_t n)
{
    snprintf(out, n, "unknown");
    if (s->trust_proxy) {
        const char *xff =
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For");
        if (xff && *xff) {
            const char *last = strrchr(xff, ',');
            last = last ? last + 1 : xff;
            while (*last == ' ')
                last++;
            snprintf(out, n, "%.*s", (int)strcspn(last, " "), last);
            return;
        }
    }
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!ci || !ci->client_addr)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
                  (socklen_t)n);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
                  out, (socklen_t)n);
}

static int unsafe_method(const char *m)
{
    return strcmp(m, "GET") && strcmp(m, "HEAD") && strcmp(m, "OPTIONS");
}

/* Who is calling: a bearer token, else the session cookie. Answers 401 or
 * 403 itself when the route needs more. */
static void authenticate(conn_ctx *x, struct MHD_Connection *c)
{
    srv_req *r = &x->r;
    kith_error err;
    kith_error_clear(&err);
    const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    const char *sid = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "kith_session");
    kith_code rc = KITH_ENOTFOUND;
    if (auth && !strncasecmp(auth, "Bearer ", 7)) {
        const char *tok = auth + 7;
        while (*tok == ' ')
            tok++;
        rc = kith_token_check(r->st, tok, &r->user, &err);
        if (rc == KITH_ENOTFOUND) {
            srv_error(r, 401, NULL, "unknown or revoked token");
            return;
        }
    } else if (auth) {
        srv_error(r, 401, NULL, "the Authorization header takes 'Bearer TOKEN'");
        return;
    } else if (sid && *sid) {
        rc = kith_session_check(r->st, sid, &r->user, r->csrf, &err);
        if (rc == KITH_OK) {
            r->by_cookie = 1;
            snprintf(r->sid, sizeof r->sid, "%s", sid);
        }
    }
    if (rc != KITH_OK && rc != KITH_ENOTFOUND) {
        srv_fail(r, &err);
        return;
    }
    if (rc != KITH_OK)
        memset(&r->user, 0, sizeof r->user);
    if (r->route->role == KITH_ROLE_NONE)
        return;
    if (!r->user.id) {
        srv_error(r, 401, NULL,
                  "log in first (POST /api/v1/session) or send "
                  "'Authorization: Bearer TOKEN'");
        return;
    }
    /* A state-changing request made with the cookie must carry the
     * session's CSRF token: another site's page cannot read it. */
    if (r->by_cookie && unsafe_method(r->method)) {
        const char *t = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token");
        size_t tl = t ? strlen(t) : 0, cl = strlen(r->csrf);
        if (!t || tl != cl || !cl || sodium_memcmp(t, r->csrf, cl) != 0) {
            srv_error(r, 403, "csrf",
                      "missing or wrong X-CSRF-Token (GET /api/v1/session gives it)");
            return;
        }
    }
    if (r->user.role < r->route->role) {
        srv_error(r, 403, NULL, "this needs the %s role; you are %s",
                  kith_role_name(r->route->role), kith_role_name(r->user.role));
        return;
    }
    srv_load_org(r);
}

int srv_load_org(srv_req *r)
{
    kith_org org;
    kith_error err;
    kith_error_clear(&err);
    if (kith__st_org_by_id(r->st, r->user.org_id, &org, &err) != KITH_OK) {
        srv_fail(r, &err);
        return -1;
    }
    snprintf(r->org_name, sizeof r->org_name, "%s", org.name);
    snprintf(r->org_tz, sizeof r->org_tz, "%s", org.timezone);
    return 0;
}

void srv_audit(srv_req *r, const char *action, const char *target, const char *detail)
{
    kith_audit_event e;
    memset(&e, 0, sizeof e);
    e.org_id = r->user.org_id;
    e.actor = r->user.email;
    e.actor_user_id = r->user.id;
    e.action = action;
    e.target = target;
    e.detail = detail;
    e.address = r->address;
    kith_error err;
    kith_error_clear(&err);
    if (kith_audit_add(r->st, &e, &err) != KITH_OK)
        srv_log(r->server, "audit log: %s", err.msg);
}

/* ------------------------------------------------------------ requests */

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *value)
{
    (void)kind;
    srv_args_add(cls, key, value);
    return MHD_YES;
}

typedef struct sizes {
    size_t bytes;
} sizes;

static enum MHD_Result add_size(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *value)
{
    sizes *z = cls;
    (void)kind;
    z->bytes += strlen(key) + (value ? strlen(value) : 0) + 4;
    return MHD_YES;
}

/* A form may only come from the server's own pages: a browser says
 * where a request comes from (Sec-Fetch-Site, else Origin), and a form
 * posted by another site's page is refused (a login CSRF would log the
 * visitor in as someone else). Clients that send neither header are no
 * browser. */
static int same_site(const srv *s, struct MHD_Connection *c)
{
    const char *site = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Sec-Fetch-Site");
    const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
    const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
    /* Sec-Fetch-Site decides when the browser sends it: Origin is "null"
     * for a form posted under Referrer-Policy: no-referrer, which is the
     * policy of every page kith serves. */
    if (site)
        return strcmp(site, "same-origin") == 0 || strcmp(site, "none") == 0;
    if (!origin)
        return 1;
    char mine[320];
    snprintf(mine, sizeof mine, "%s://%s", s->tls ? "https" : "http", host ? host : "");
    return host && strcmp(origin, mine) == 0;
}

/* The first call: everything that needs no body. Sets r.status when the
 * request is answered already. */
static void begin(srv *s, conn_ctx *x, struct MHD_Connection *c, const char *url,
                  const char *method)
{
    srv_req *r = &x->r;
    r->server = s;
    r->method = method;
    r->path = url;
    r->tls = s->tls;
    srv_args_init(&r->args);
    srv_args_init(&r->form);
    kith__buf_init(&x->body, SRV_JSON_MAX);
    client_address(s, c, r->address, sizeof r->address);
    x->gz = srv_accepts_gzip(c);

    sizes hz = {0}, qz = {0};
    MHD_get_connection_values(c, MHD_HEADER_KIND, add_size, &hz);
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_size, &qz);
    if (strlen(url) + qz.bytes > MAX_URL) {
        srv_error(r, 414, NULL, "the URL is longer than %zu bytes", MAX_URL);
        return;
    }
    if (hz.bytes > MAX_HEADERS) {
        srv_error(r, 431, NULL, "the request headers take more than %zu bytes",
                  MAX_HEADERS);
        return;
    }
    char allow[128];
    int status = 0;
    r->route =
        srv_route_find(method, url, r->params, &r->nparams, &status, allow, sizeof allow);
    if (!r->route) {
        if (status == 405)
            srv_error(r, 405, NULL, "%s is not allowed here (allowed: %s)", method,
                      allow);
        else
            srv_error(r, 404, NULL, "no such page or API route: %.200s", url);
        return;
    }
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_arg, &r->args);
    char why[200];
    if (srv_args_check(&r->args, r->route->params, why, sizeof why) != 0) {
        srv_error(r, 400, NULL, "%s", why);
        return;
    }
    r->st = worker_store(s);
    if (!r->st) {
        srv_error(r, 500, NULL, "the server cannot open its database (see its log)");
        return;
    }
    authenticate(x, c);
    if (r->status)
        return;
    /* The body: its size is known before it is read when the client says. */
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    unsigned long long len = cl ? strtoull(cl, NULL, 10) : 0;
    if (r->route->flags & SRV_UPLOAD) {
        if (cl && len > s->max_upload) {
            srv_error(r, 413, NULL, "the upload is larger than %llu bytes",
                      (unsigned long long)s->max_upload);
            return;
        }
        if (srv_upload_begin(&x->up, c, srv_arg(&r->args, "filename"), s->max_upload) !=
            0) {
            srv_error(r, x->up.multipart ? 400 : 500, NULL, "%s", x->up.why);
            srv_upload_cleanup(&x->up);
            return;
        }
        x->uploading = 1;
    } else if (r->route->flags & SRV_JSON) {
        const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
        if (cl && len > SRV_JSON_MAX) {
            srv_error(r, 413, NULL, "the body is larger than %zu bytes", SRV_JSON_MAX);
            return;
        }
        if (!ct || strncasecmp(ct, "application/json", 16) != 0) {
            srv_error(r, 415, NULL, "send the body as Content-Type: application/json");
            return;
        }
    } else if (r->route->flags & SRV_FORM) {
        if (cl && len > SRV_JSON_MAX) {
            srv_error(r, 413, NULL, "the form is larger than %zu bytes", SRV_JSON_MAX);
            return;
        }
        if (!same_site(s, c)) {
            srv_error(r, 403, "csrf", "a form sent from another site is refused");
            return;
        }
        if (srv_form_begin(&x->form, c, &r->form) != 0) {
            srv_form_cleanup(&x->form);
            srv_error(r, 415, NULL,
                      "send the form as Content-Type: application/x-www-form-urlencoded");
            return;
        }
        x->forming = 1;
    } else if (cl && len > 0) {
        srv_error(r, 413, NULL, "%s %s takes no body", method, r->route->pattern);
        return;
    }
}

static void body_data(conn_ctx *x, const char *data, size_t size)
{
    srv_req *r = &x->r;
    if (x->uploading) {
        srv_upload_data(&x->up, data, size);
        return;
    }
    if (x->forming) {
        srv_form_data(&x->form, data, size);
        return;
    }
    if (!r->route || !(r->route->flags & SRV_JSON)) {
        x->body_too_big = 1; /* a body where none is taken */
        return;
    }
    if (!x->body_too_big && kith__buf_append(&x->body, data, size) != KITH_OK)
        x->body_too_big = 1;
}

/* The cache key of a cached route: route, org, role (viewers see another
 * text), the {name} captures of the path (/api/v1/members/{id}: the id),
 * the arguments in the order given (sorted would share more, but the same
 * page asks in the same order). */
static char *cache_key(const srv_req *r)
{
    kith_buf b;
    kith__buf_init(&b, (size_t)64 * 1024);
    int bad = kith__buf_printf(&b, "%s\n%lld\n%d\n", r->route->pattern,
                               (long long)r->user.org_id,
                               r->user.role == KITH_ROLE_VIEWER) != KITH_OK;
    for (int i = 0; i < r->nparams && !bad; i++)
        bad = kith__buf_printf(&b, "{%d}%s\n", i, r->params[i]) != KITH_OK;
    for (int i = 0; i < r->args.n && !bad; i++)
        bad = kith__buf_printf(&b, "%s=%s\n", r->args.key[i], r->args.val[i]) != KITH_OK;
    char *k = bad ? NULL : strdup(kith__buf_str(&b));
    kith__buf_free(&b);
    return k;
}

/* Answer r's status and JSON; etag: the answer was just computed for the
 * cache (its ETag, X-Kith-Cache: miss), else NULL. */
static enum MHD_Result queue_json(srv *s, conn_ctx *x, struct MHD_Connection *c,
                                  const char *etag)
{
    srv_req *r = &x->r;
    if (!r->json) {
        r->status = 500;
        r->json = srv_error_json("internal", "the handler gave no answer");
    }
    /* A page for people fails with a page (401: the login form). */
    if (r->route && (r->route->flags & SRV_HTML))
        srv_html_error(r);
    if (!r->json)
        return MHD_NO;
    size_t len = strlen(r->json);
    struct MHD_Response *resp = srv_response(
        r->json, len,
        r->content_type ? r->content_type : "application/json; charset=utf-8",
        etag ? RESP_API_CACHED : RESP_API, etag,
        x->gz && len >= SRV_GZIP_MIN ? SRV_GZ_ONCE : 0, s->tls, NULL);
    if (!resp)
        return MHD_NO;
    if (etag)
        MHD_add_response_header(resp, "X-Kith-Cache", "miss");
    char ra[24];
    if (r->retry_after) {
        snprintf(ra, sizeof ra, "%d", r->retry_after);
        MHD_add_response_header(resp, "Retry-After", ra);
    }
    if (r->set_cookie)
        MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
    if (r->location)
        MHD_add_response_header(resp, "Location", r->location);
    if (r->status == 405 && !r->route) {
        /* The Allow header of a 405 lists what the path answers. */
        char allow[128], p[SRV_MAX_PARAMS][SRV_PARAM_MAX];
        int np = 0, st = 0;
        srv_route_find(r->method, r->path, p, &np, &st, allow, sizeof allow);
        MHD_add_response_header(resp, "Allow", allow);
    }
    if (r->status == 401)
        MHD_add_response_header(resp, "WWW-Authenticate", "Bearer realm=\"kith\"");
    enum MHD_Result rc = MHD_queue_response(c, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    x->queued = rc == MHD_YES;
    return rc;
}

/* Viewers get every answer without email addresses and phone numbers. */
static void redact_for(srv_req *r)
{
    if (r->user.role != KITH_ROLE_VIEWER || !r->json)
        return;
    /* HTML and SVG pages: the text between tags (names in <title>). */
    char *red = r->content_type && (!strncmp(r->content_type, "text/html", 9) ||
                                    !strncmp(r->content_type, "image/svg+xml", 13))
                    ? srv_redact_html(r->json, strlen(r->json))
                    : srv_redact(r->json, strlen(r->json));
    if (!red) {
        srv_log(r->server, "%s %s: the answer could not be redacted", r->method, r->path);
        srv_error(r, 500, NULL, "the answer could not be prepared");
        return;
    }
    free(r->json);
    r->json = red;
}

/* The last call: the body is in; run the handler and answer. */
static enum MHD_Result finish(srv *s, conn_ctx *x, struct MHD_Connection *c)
{
    srv_req *r = &x->r;
    if (!r->status && x->body_too_big)
        srv_error(r, 413, NULL, "the body is larger than %zu bytes", SRV_JSON_MAX);
    if (!r->status && x->uploading) {
        int status = 0;
        if (srv_upload_end(&x->up, &status) != 0) {
            if (status == 413)
                srv_error(r, 413, NULL, "the upload is larger than %llu bytes",
                          (unsigned long long)s->max_upload);
            else
                srv_error(r, status, NULL, "%s", x->up.why);
        } else {
            r->upload_path = x->up.path;
            r->upload_dir = x->up.dir;
            r->upload_name = x->up.name;
        }
    }
    if (!r->status && x->forming) {
        int status = 0;
        if (srv_form_end(&x->form, &status) != 0 && status == 413)
            srv_error(r, 413, NULL, "the form is larger than %zu bytes", SRV_JSON_MAX);
        else if (status != 0)
            srv_error(r, 400, NULL, "the form could not be read");
    }
    if (!r->status && (r->route->flags & SRV_JSON)) {
        r->body = kith__buf_str(&x->body);
        r->body_len = x->body.len;
    }
    char *key = NULL;
    int64_t rev = 0;
    if (!r->status && (r->route->flags & SRV_CACHED) && !s->no_cache) {
        kith_error err;
        kith_error_clear(&err);
        key = cache_key(r);
        if (key && kith_store_revision(r->st, &rev, &err) == KITH_OK) {
            int hit = srv_cache_serve(s->cache, key, rev, x->gz, c, s->tls);
            if (hit) {
                free(key);
                x->queued = hit > 0;
                return hit > 0 ? MHD_YES : MHD_NO;
            }
        } else {
            free(key);
            key = NULL;
        }
    }
    if (!r->status)
        r->route->fn(r);
    redact_for(r);
    char etag[48] = "";
    if (key && r->status == 200 && r->json &&
        srv_cache_put(s->cache, key, rev, r->json, strlen(r->json), r->content_type,
                      s->tls, etag) != 0)
        etag[0] = '\0';
    free(key);
    return queue_json(s, x, c, etag[0] ? etag : NULL);
}

static enum MHD_Result serve_static(srv *s, conn_ctx *x, struct MHD_Connection *c,
                                    const char *url)
{
    const char *etag = NULL;
    struct MHD_Response *resp = srv_statics_find(s->statics, url, x->gz, &etag);
    if (!resp)
        return MHD_NO;
    x->queued = 1;
    if (srv_etag_matches(c, etag))
        return srv_queue_304(c, etag, s->tls);
    return MHD_queue_response(c, MHD_HTTP_OK, resp);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    srv *s = cls;
    conn_ctx *x = *con_cls;
    (void)version;
    if (!x) {
        x = calloc(1, sizeof *x);
        if (!x)
            return MHD_NO;
        *con_cls = x;
        pthread_mutex_lock(&s->lock);
        s->in_flight++;
        pthread_mutex_unlock(&s->lock);
        /* The dashboard's files first: a fixed set of exact paths. */
        if ((!strcmp(method, "GET") || !strcmp(method, "HEAD")) &&
            srv_statics_find(s->statics, url, 0, NULL)) {
            x->r.server = s;
            srv_args_init(&x->r.args);
            srv_args_init(&x->r.form);
            kith__buf_init(&x->body, SRV_JSON_MAX);
            /* Answered on the next call, once libmicrohttpd has read the
             * whole request: a response queued on this first call is an
             * "early" one, after which it closes the connection, and a
             * browser loading the dashboard's files would reconnect for
             * each of them. */
            x->statik = 1;
            x->gz = srv_accepts_gzip(c);
            return MHD_YES;
        }
        begin(s, x, c, url, method);
        if (x->r.status) {
            /* Answered before the body: libmicrohttpd then skips it and
             * closes the connection after the answer. */
            x->early = 1;
            redact_for(&x->r);
            return queue_json(s, x, c, NULL);
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (!x->early && !x->statik)
            body_data(x, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (x->early || x->queued)
        return MHD_YES;
    if (x->statik)
        return serve_static(s, x, c, url);
    return finish(s, x, c);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    srv *s = cls;
    conn_ctx *x = *con_cls;
    (void)c;
    (void)toe;
    if (!x)
        return;
    if (x->uploading)
        srv_upload_cleanup(&x->up);
    if (x->forming)
        srv_form_cleanup(&x->form);
    srv_args_free(&x->r.args);
    srv_args_free(&x->r.form);
    free(x->r.location);
    kith__buf_free(&x->body);
    free(x->r.json);
    free(x->r.set_cookie);
    free(x);
    *con_cls = NULL;
    pthread_mutex_lock(&s->lock);
    if (--s->in_flight == 0)
        pthread_cond_broadcast(&s->idle);
    pthread_mutex_unlock(&s->lock);
}

/* libmicrohttpd's percent-decoding of the path and the query, except that
 * a decoded NUL byte (%00) becomes 0x01: a C string would end there and
 * "/%00" would read as "/". 0x01 matches no route and fails every text
 * check of the arguments. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *uri)
{
    (void)cls;
    (void)c;
    size_t n = MHD_http_unescape(uri);
    for (size_t i = 0; i < n; i++)
        if (uri[i] == '\0')
            uri[i] = '\x01';
    return n;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    srv *s = cls;
    char line[1024];
    vsnprintf(line, sizeof line, fmt, ap);
    line[strcspn(line, "\n")] = '\0';
    srv_log(s, "libmicrohttpd: %s", line);
}

/* ------------------------------------------------------------ start, stop */

static kith_code read_pem(const char *path, char **out, kith_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return kith_error_set(err, KITH_ENOTFOUND, "%s: cannot read: %s", path,
                              strerror(errno));
    kith_buf b;
    kith__buf_init(&b, 1 << 20);
    char chunk[4096];
    size_t n;
    kith_code rc = KITH_OK;
    while (rc == KITH_OK && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        rc = kith__buf_append(&b, chunk, n);
    fclose(f);
    if (rc == KITH_OK && !(*out = strdup(kith__buf_str(&b))))
        rc = KITH_ENOMEM;
    kith__buf_free(&b);
    if (rc != KITH_OK)
        return kith_error_set(err, rc, "%s: too large or out of memory", path);
    return KITH_OK;
}

/* Bind and listen on "HOST:PORT" ("[v6]:PORT" too); the bound address
 * into url. */
static kith_code listen_on(srv *s, const char *spec, kith_error *err)
{
    char host[256], port[16];
    const char *colon = strrchr(spec, ':');
    if (!colon || colon == spec || strlen(colon + 1) == 0 || strlen(colon + 1) > 5 ||
        (size_t)(colon - spec) >= sizeof host)
        return kith_error_set(err, KITH_EUSAGE,
                              "--listen '%s': give HOST:PORT, e.g. 127.0.0.1:8080", spec);
    const char *h = spec;
    size_t hl = (size_t)(colon - spec);
    if (h[0] == '[' && hl >= 2 && h[hl - 1] == ']') {
        h++;
        hl -= 2;
    }
    snprintf(host, sizeof host, "%.*s", (int)hl, h);
    snprintf(port, sizeof port, "%s", colon + 1);
    for (const char *p = port; *p; p++)
        if (*p < '0' || *p > '9')
            return kith_error_set(err, KITH_EUSAGE, "--listen '%s': the port is a number",
                                  spec);
    struct addrinfo hints, *ai = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    int g = getaddrinfo(host, port, &hints, &ai);
    if (g != 0)
        return kith_error_set(err, KITH_EUSAGE, "--listen '%s': %s", spec,
                              gai_strerror(g));
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    int one = 1;
    kith_code rc = KITH_OK;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 256) != 0)
        rc = kith_error_set(err, KITH_EIO, "cannot listen on %s: %s", spec,
                            strerror(errno));
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    char addr[INET6_ADDRSTRLEN] = "";
    int bound = 0;
    if (rc == KITH_OK && getsockname(fd, (struct sockaddr *)&ss, &sl) == 0) {
        if (ss.ss_family == AF_INET) {
            const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)&ss;
            inet_ntop(AF_INET, &in->sin_addr, addr, sizeof addr);
            bound = ntohs(in->sin_port);
        } else if (ss.ss_family == AF_INET6) {
            const struct sockaddr_in6 *in6 =
                (const struct sockaddr_in6 *)(const void *)&ss;
            inet_ntop(AF_INET6, &in6->sin6_addr, addr, sizeof addr);
            bound = ntohs(in6->sin6_port);
        }
    }
    freeaddrinfo(ai);
    if (rc != KITH_OK) {
        if (fd >= 0)
            close(fd);
        return rc;
    }
    s->listen_fd = fd;
    snprintf(s->url, sizeof s->url, strchr(addr, ':') ? "%s://[%s]:%d" : "%s://%s:%d",
             s->tls ? "https" : "http", addr, bound);
    return KITH_OK;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void release(srv *s)
{
    if (!s)
        return;
    if (s->listen_fd >= 0)
        close(s->listen_fd);
    srv_cache_free(s->cache);
    srv_limiter_free(s->limiter);
    srv_statics_free(s->statics);
    if (s->key_made)
        pthread_key_delete(s->store_key);
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->idle);
    free(s->db);
    free(s->lexicon);
    free(s->web_dir);
    free(s->cert_pem);
    free(s->key_pem);
    free(s);
}

kith_code kith_server_start(const kith_server_opts *o, kith_server **out, kith_error *err)
{
    *out = NULL;
    if (!o || !o->db)
        return kith_error_set(err, KITH_EUSAGE, "kith serve needs a database");
    if (!o->tls_cert != !o->tls_key)
        return kith_error_set(err, KITH_EUSAGE, "give both --tls-cert and --tls-key");
    if (o->tls_cert && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
        return kith_error_set(
            err, KITH_EUSAGE,
            "this libmicrohttpd has no TLS: serve behind a reverse proxy");
    srv *s = calloc(1, sizeof *s);
    if (!s)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    s->listen_fd = -1;
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->idle, NULL);
    s->db = strdup(o->db);
    s->lexicon = dup_or_null(o->lexicon);
    s->web_dir = dup_or_null(o->web_dir);
    s->tls = o->tls_cert != NULL;
    s->trust_proxy = o->trust_proxy;
    s->no_cache = o->no_cache;
    s->max_upload = o->max_upload ? o->max_upload : (uint64_t)1 << 30;
    s->log = o->log;
    s->log_ud = o->log_ud;
    s->cache = srv_cache_new(256, 256u << 20);
    s->limiter = srv_limiter_new(5, 20, 15 * 60);
    kith_code rc = KITH_OK;
    if (!s->db || (o->lexicon && !s->lexicon) || (o->web_dir && !s->web_dir) ||
        !s->cache || !s->limiter)
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
    if (rc == KITH_OK && pthread_key_create(&s->store_key, close_store) != 0)
        rc = kith_error_set(err, KITH_ENOMEM, "out of thread keys");
    else if (rc == KITH_OK)
        s->key_made = 1;
    /* Open the database once here: it must exist, and its schema is
     * brought up to date before the workers open their connections. */
    if (rc == KITH_OK) {
        kith_store *st = NULL;
        rc = kith_store_open_existing(s->db, &st, err);
        kith_store_close(st);
    }
    if (rc == KITH_OK && s->tls)
        rc = read_pem(o->tls_cert, &s->cert_pem, err);
    if (rc == KITH_OK && s->tls)
        rc = read_pem(o->tls_key, &s->key_pem, err);
    if (rc == KITH_OK)
        rc = srv_statics_load(s->web_dir, s->tls, &s->statics, err);
    if (rc == KITH_OK)
        rc = listen_on(s, o->listen ? o->listen : "127.0.0.1:8080", err);
    if (rc != KITH_OK) {
        release(s);
        return rc;
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads = o->threads ? o->threads : (unsigned)(cores > 2 ? 2 * cores : 4);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG |
                     MHD_USE_AUTO | (s->tls ? MHD_USE_TLS : 0);
    struct MHD_OptionItem opts[] = {
        {MHD_OPTION_LISTEN_SOCKET, s->listen_fd, NULL},
        {MHD_OPTION_THREAD_POOL_SIZE, (intptr_t)threads, NULL},
        {MHD_OPTION_CONNECTION_LIMIT,
         (intptr_t)(o->max_connections ? o->max_connections : 512), NULL},
        {MHD_OPTION_CONNECTION_TIMEOUT, (intptr_t)(o->timeout ? o->timeout : 30), NULL},
        /* Request line and headers must fit: beyond it libmicrohttpd
         * answers 431 itself; kith answers from MAX_HEADERS. */
        {MHD_OPTION_CONNECTION_MEMORY_LIMIT, (intptr_t)(128 * 1024), NULL},
        {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, s},
        {MHD_OPTION_UNESCAPE_CALLBACK, (intptr_t)unescape, NULL},
        {MHD_OPTION_HTTPS_MEM_CERT, 0, s->cert_pem},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, s->key_pem},
        {MHD_OPTION_END, 0, NULL}};
    if (!s->tls) {
        /* The TLS options are the last ones: drop them. */
        for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
            if (opts[i].option == MHD_OPTION_HTTPS_MEM_CERT)
                opts[i].option = MHD_OPTION_END;
    }
    /* Before any worker thread: TZ is set from now on, so switching to an
     * org's zone only replaces it (core/timeparse.h). */
    kith__time_pin_tz();
    /* The logger goes first, so that even option errors reach it. */
    s->d =
        MHD_start_daemon(flags, 0, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER,
                         mhd_log, s, MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
    if (!s->d) {
        rc = kith_error_set(err, KITH_EIO,
                            "libmicrohttpd could not start (see the messages above%s)",
                            s->tls ? "; check the TLS certificate and key" : "");
        release(s);
        return rc;
    }
    s->listen_fd = -1; /* the daemon's now */
    *out = s;
    return KITH_OK;
}

void kith_server_stop(kith_server *s, unsigned grace)
{
    if (!s)
        return;
    /* No new connections; the requests in flight finish. */
    int fd = MHD_quiesce_daemon(s->d);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += grace;
    pthread_mutex_lock(&s->lock);
    while (s->in_flight > 0)
        if (pthread_cond_timedwait(&s->idle, &s->lock, &until) == ETIMEDOUT)
            break;
    pthread_mutex_unlock(&s->lock);
    MHD_stop_daemon(s->d);
    if (fd >= 0)
        close(fd);
    release(s);
}
