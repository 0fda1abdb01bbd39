/* Fuzz target for kith serve's request routing, query checks and viewer
 * redaction (src/server/router.c, redact.c): the input's first line is
 * "METHOD PATH", its second a query string (split on & and =, as
 * libmicrohttpd hands the pairs over), the rest a JSON document to redact.
 * Checks: no crash or sanitizer report; a route found answers the method
 * (GET for HEAD) and its {id} captures are whole numbers; every argument a
 * route's spec accepts is one of its names; redaction keeps JSON valid and
 * redacting twice changes nothing more. The same text read as an HTML page
 * (srv_redact_html): its markup (everything from a '<' to its '>') comes
 * out unchanged and in order, and twice changes nothing more. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/srv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The next line of [*p, end) as a NUL-terminated copy (malloc'ed). */
static char *line(const char **p, const char *end)
{
    const char *nl = memchr(*p, '\n', (size_t)(end - *p));
    const char *stop = nl ? nl : end;
    size_t n = (size_t)(stop - *p);
    char *s = malloc(n + 1);
    if (!s)
        abort();
    memcpy(s, *p, n);
    s[n] = '\0';
    *p = nl ? nl + 1 : end;
    return s;
}

static void check_route(const char *method, const char *path, const char *query)
{
    char params[SRV_MAX_PARAMS][SRV_PARAM_MAX], allow[128], why[200];
    int np = 0, status = 0;
    const srv_route *r =
        srv_route_find(method, path, params, &np, &status, allow, sizeof allow);
    if (r) {
        if (status != 200 || np > SRV_MAX_PARAMS ||
            (strcmp(r->method, method) &&
             !(strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0)))
            abort();
        /* An {id} capture is digits only. */
        const char *seg = r->pattern;
        for (int i = 0; (seg = strchr(seg, '{')) != NULL; seg++, i++)
            if (!strncmp(seg, "{id}", 4) &&
                strspn(params[i], "0123456789") != strlen(params[i]))
                abort();
    } else if (status != 404 && status != 405) {
        abort();
    }
    srv_args a;
    srv_args_init(&a);
    char *q = strdup(query);
    if (!q)
        abort();
    for (char *save = NULL, *kv = strtok_r(q, "&", &save); kv;
         kv = strtok_r(NULL, "&", &save)) {
        char *eq = strchr(kv, '=');
        if (eq)
            *eq = '\0';
        srv_args_add(&a, kv, eq ? eq + 1 : "");
    }
    for (size_t i = 0; i < srv_nroutes; i++)
        if (srv_args_check(&a, srv_routes[i].params, why, sizeof why) == 0)
            for (int k = 0; k < a.n; k++) {
                /* An accepted key is one of the spec's names. */
                char name[80];
                snprintf(name, sizeof name, "%s:", a.key[k]);
                const char *hit = strstr(srv_routes[i].params, name);
                if (!hit || (hit != srv_routes[i].params && hit[-1] != ' '))
                    abort();
                if (!srv_arg(&a, a.key[k]))
                    abort();
            }
    srv_args_free(&a);
    free(q);
}

static void check_redact(const char *json, size_t len)
{
    char *once = srv_redact(json, len);
    if (!once)
        return; /* not JSON (or out of memory) */
    json_error_t je;
    json_t *v = json_loads(once, JSON_DECODE_ANY, &je);
    if (!v)
        abort();
    json_decref(v);
    char *twice = srv_redact(once, strlen(once));
    if (!twice || strcmp(once, twice) != 0)
        abort();
    free(once);
    free(twice);
}

/* The markup of a page: every "<...>" run, concatenated (malloc'ed). */
static char *markup(const char *s, size_t len)
{
    char *m = malloc(len + 1);
    size_t n = 0;
    int in = 0;
    if (!m)
        abort();
    for (size_t i = 0; i < len; i++) {
        in |= s[i] == '<';
        if (in)
            m[n++] = s[i];
        in &= s[i] != '>';
    }
    m[n] = '\0';
    return m;
}

static void check_redact_html(const char *html, size_t len)
{
    /* As a C string: the server's pages hold no NUL byte. */
    size_t n = strnlen(html, len);
    char *once = srv_redact_html(html, n);
    if (!once)
        abort(); /* only out of memory, which the fuzzer does not do */
    char *twice = srv_redact_html(once, strlen(once));
    if (!twice || strcmp(once, twice) != 0)
        abort();
    /* Markup is never changed, unless text made up to look like it: the
     * markers hold no '<' or '>', so the markup of both pages is equal. */
    char *a = markup(html, n), *b = markup(once, strlen(once));
    if (strcmp(a, b) != 0)
        abort();
    free(a);
    free(b);
    free(once);
    free(twice);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data, *end = p + size;
    char *first = line(&p, end);
    char *query = line(&p, end);
    char *sp = strchr(first, ' ');
    const char *method = first, *path = "/";
    if (sp) {
        *sp = '\0';
        path = sp + 1;
    }
    check_route(method, path, query);
    check_redact(p, (size_t)(end - p));
    check_redact_html(p, (size_t)(end - p));
    free(first);
    free(query);
    return 0;
}
