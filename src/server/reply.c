/* Answers of the handlers: JSON bodies, errors in the one shape
 * {"error":{"code","message"}}, library failures mapped to statuses, and
 * the typed reads of checked arguments and JSON bodies. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/jv.h"
#include "server/srv.h"

void srv_reply(srv_req *r, int status, char *json)
{
    free(r->json);
    r->status = status;
    r->json = json;
    r->content_type = NULL; /* JSON, unless srv_reply_html says otherwise */
    if (!json) {
        r->status = 500;
        r->json = srv_error_json("internal", "out of memory");
    }
}

void srv_reply_obj(srv_req *r, int status, json_t *o)
{
    char *text = NULL;
    if (kith__jv_dump(o, &text, NULL) != KITH_OK)
        text = NULL;
    srv_reply(r, status, text);
}

const char *srv_status_code(int status)
{
    switch (status) {
    case 400:
        return "bad_request";
    case 401:
        return "unauthorized";
    case 403:
        return "forbidden";
    case 404:
        return "not_found";
    case 405:
        return "method_not_allowed";
    case 409:
        return "conflict";
    case 413:
        return "payload_too_large";
    case 414:
        return "uri_too_long";
    case 415:
        return "unsupported_media_type";
    case 422:
        return "unprocessable";
    case 429:
        return "rate_limited";
    case 431:
        return "headers_too_large";
    case 503:
        return "busy";
    default:
        return status >= 500 ? "internal" : "error";
    }
}

char *srv_error_json(const char *code, const char *message)
{
    json_t *root = json_pack("{s:{s:s,s:s}}", "error", "code", code, "message",
                             message ? message : "");
    if (!root) {
        /* A message jansson refused (not UTF-8): say so without it. */
        root = json_pack("{s:{s:s,s:s}}", "error", "code", code, "message",
                         "(the message is not valid UTF-8)");
    }
    char *s = root ? json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(root);
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *t = realloc(s, n + 2);
    if (!t) {
        free(s);
        return NULL;
    }
    t[n] = '\n';
    t[n + 1] = '\0';
    return t;
}

void srv_error(srv_req *r, int status, const char *code, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    srv_reply(r, status, srv_error_json(code ? code : srv_status_code(status), msg));
}

void srv_fail(srv_req *r, const kith_error *err)
{
    char msg[2048];
    kith_error_format(err, msg, sizeof msg);
    int status = kith_http_status(err->code);
    /* A bad row or value of the data is a 422 for the API (400 is for a
     * malformed request); SQLITE_BUSY (5): another writer holds the file. */
    if (err->code == KITH_EINPUT)
        status = 422;
    else if (err->code == KITH_EDB && (err->cause & 0xff) == 5) {
        status = 503;
        r->retry_after = 2;
    }
    if (status >= 500 && status != 503)
        srv_log(r->server, "%s %s: %s", r->method, r->path, msg);
    srv_error(r, status, NULL, "%s", msg);
}

void srv_view(srv_req *r, kith_code rc, char **text, const kith_error *err)
{
    if (rc == KITH_OK) {
        srv_reply(r, 200, *text);
        *text = NULL;
    } else {
        free(*text);
        *text = NULL;
        srv_fail(r, err);
    }
}

/* ------------------------------------------------------------ arguments */

int srv_arg_i64(const srv_req *r, const char *key, int64_t *out)
{
    const char *v = srv_arg(&r->args, key);
    if (!v)
        return 0;
    *out = atoll(v);
    return 1;
}

int srv_arg_num(const srv_req *r, const char *key, double *out)
{
    const char *v = srv_arg(&r->args, key);
    if (!v)
        return 0;
    *out = strtod(v, NULL);
    return 1;
}

int srv_arg_bool(const srv_req *r, const char *key, int *out)
{
    const char *v = srv_arg(&r->args, key);
    if (!v)
        return 0;
    *out = !strcmp(v, "1") || !strcmp(v, "true");
    return 1;
}

int srv_arg_time(srv_req *r, const char *key, int64_t *out)
{
    const char *v = srv_arg(&r->args, key);
    if (!v)
        return 0;
    kith_error err;
    kith_error_clear(&err);
    kith_code rc = !r->org_tz[0]
                       ? kith_report_parse_time(key, v, out, &err)
                       : kith_report_parse_time_tz(key, v, r->org_tz, out, &err);
    if (rc != KITH_OK) {
        srv_error(r, 400, NULL, "%s", err.msg);
        return -1;
    }
    return 1;
}

int srv_arg_period(srv_req *r, int64_t *from, int *has_from, int64_t *to, int *has_to,
                   int64_t *as_of, int *has_as_of)
{
    static const char *const keys[3] = {"from", "to", "as_of"};
    int64_t *t[3] = {from, to, as_of};
    int *has[3] = {has_from, has_to, has_as_of};
    int rc = 0;
    for (int i = 0; i < 3 && rc >= 0; i++) {
        rc = srv_arg_time(r, keys[i], t[i]);
        *has[i] = rc > 0;
    }
    return rc < 0 ? -1 : 0;
}

int64_t srv_param_id(const srv_req *r, int i)
{
    return i < r->nparams ? atoll(r->params[i]) : 0;
}

/* ------------------------------------------------------------ bodies */

json_t *srv_body_object(srv_req *r)
{
    json_error_t je;
    if (!r->body || !r->body_len) {
        srv_error(r, 400, "bad_json", "the request needs a JSON object body");
        return NULL;
    }
    json_t *o = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je);
    if (!o) {
        srv_error(r, 400, "bad_json", "malformed JSON at line %d, column %d: %s", je.line,
                  je.column, je.text);
        return NULL;
    }
    if (!json_is_object(o)) {
        json_decref(o);
        srv_error(r, 400, "bad_json", "the body must be a JSON object");
        return NULL;
    }
    return o;
}

const char *srv_body_str(srv_req *r, json_t *o, const char *key, int required,
                         int *failed)
{
    json_t *v = json_object_get(o, key);
    if (!v && !required)
        return NULL;
    if (!json_is_string(v)) {
        srv_error(r, 400, NULL, "'%s' must be %s string", key,
                  required ? "given as a" : "a");
        *failed = 1;
        return NULL;
    }
    return json_string_value(v);
}

int64_t srv_body_id(srv_req *r, json_t *o, const char *key, int required, int *failed)
{
    json_t *v = json_object_get(o, key);
    if (!v && !required)
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) <= 0) {
        srv_error(r, 400, NULL, "'%s' must be an id (a whole number above 0)", key);
        *failed = 1;
        return 0;
    }
    return (int64_t)json_integer_value(v);
}
