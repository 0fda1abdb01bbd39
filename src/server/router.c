/* Matching a request's method and path against the route table, and
 * checking its query parameters against the route's spec (see srv.h).
 * Pure string work: fuzzed by fuzz/fz_route.c. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/srv.h"

/* ------------------------------------------------------------ paths */

static int is_id(const char *s, size_t n)
{
    if (n == 0 || n > 18 || s[0] == '0')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

/* Match path against pattern; -1 when it does not, else the number of
 * {name} segments captured into params. */
static int match(const char *pattern, const char *path,
                 char params[SRV_MAX_PARAMS][SRV_PARAM_MAX])
{
    int n = 0;
    const char *p = pattern, *q = path;
    while (*p && *q) {
        if (*p != '/' || *q != '/')
            return -1;
        p++;
        q++;
        size_t pl = strcspn(p, "/"), ql = strcspn(q, "/");
        if (pl >= 2 && p[0] == '{' && p[pl - 1] == '}') {
            int want_id = pl == 4 && !strncmp(p, "{id}", 4);
            if (ql == 0 || ql >= SRV_PARAM_MAX || n >= SRV_MAX_PARAMS ||
                (want_id && !is_id(q, ql)))
                return -1;
            memcpy(params[n], q, ql);
            params[n][ql] = '\0';
            n++;
        } else if (pl != ql || strncmp(p, q, pl) != 0) {
            return -1;
        }
        p += pl;
        q += ql;
    }
    return *p || *q ? -1 : n;
}

const srv_route *srv_route_find(const char *method, const char *path,
                                char params[SRV_MAX_PARAMS][SRV_PARAM_MAX], int *nparams,
                                int *status, char *allow, size_t allow_n)
{
    char tmp[SRV_MAX_PARAMS][SRV_PARAM_MAX];
    const srv_route *best = NULL;
    int best_caps = SRV_MAX_PARAMS + 1, any = 0;
    size_t alen = 0;
    int head = method && !strcmp(method, "HEAD");
    if (allow_n)
        allow[0] = '\0';
    *nparams = 0;
    *status = 404;
    if (!method || !path || path[0] != '/')
        return NULL;
    for (size_t i = 0; i < srv_nroutes; i++) {
        const srv_route *rt = &srv_routes[i];
        int caps = match(rt->pattern, path, tmp);
        if (caps < 0)
            continue;
        any = 1;
        int same = !strcmp(rt->method, method) || (head && !strcmp(rt->method, "GET"));
        if (same && caps < best_caps) {
            best = rt;
            best_caps = caps;
            memcpy(params, tmp, sizeof tmp);
            *nparams = caps;
        }
        /* The methods this path answers, for a 405's Allow header. */
        const char *names[2] = {rt->method, !strcmp(rt->method, "GET") ? "HEAD" : NULL};
        for (int k = 0; k < 2 && names[k]; k++) {
            size_t ml = strlen(names[k]);
            int dup = 0;
            for (const char *a = allow; alen && (a = strstr(a, names[k])) != NULL; a++)
                dup |= (a == allow || a[-1] == ' ') && (a[ml] == ',' || a[ml] == '\0');
            if (!dup && alen + ml + 3 < allow_n) {
                alen += (size_t)snprintf(allow + alen, allow_n - alen, "%s%s",
                                         alen ? ", " : "", names[k]);
            }
        }
    }
    if (best)
        *status = 200;
    else if (any)
        *status = 405;
    return best;
}

/* ------------------------------------------------------------ arguments */

void srv_args_init(srv_args *a)
{
    memset(a, 0, sizeof *a);
}

void srv_args_free(srv_args *a)
{
    for (int i = 0; i < a->n; i++) {
        free(a->key[i]);
        free(a->val[i]);
    }
    a->n = 0;
}

void srv_args_add(srv_args *a, const char *key, const char *val)
{
    if (a->bad)
        return;
    if (!val)
        val = "";
    if (a->n >= SRV_MAX_ARGS) {
        a->bad = 1;
        snprintf(a->why, sizeof a->why, "more than %d query parameters", SRV_MAX_ARGS);
        return;
    }
    if (strlen(key) > 64 || strlen(val) > SRV_ARG_MAX) {
        a->bad = 1;
        snprintf(a->why, sizeof a->why, "query parameter '%.40s' is too long", key);
        return;
    }
    for (int i = 0; i < a->n; i++)
        if (!strcmp(a->key[i], key)) {
            a->bad = 1;
            snprintf(a->why, sizeof a->why, "query parameter '%.40s' given twice", key);
            return;
        }
    a->key[a->n] = strdup(key);
    a->val[a->n] = strdup(val);
    if (!a->key[a->n] || !a->val[a->n]) {
        free(a->key[a->n]);
        free(a->val[a->n]);
        a->bad = 1;
        snprintf(a->why, sizeof a->why, "out of memory");
        return;
    }
    a->n++;
}

const char *srv_arg(const srv_args *a, const char *key)
{
    for (int i = 0; i < a->n; i++)
        if (!strcmp(a->key[i], key))
            return a->val[i];
    return NULL;
}

/* Valid UTF-8 without control characters. */
static int clean_text(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p;
        int extra = c < 0x80             ? 0
                    : (c & 0xE0) == 0xC0 ? 1
                    : (c & 0xF0) == 0xE0 ? 2
                    : (c & 0xF8) == 0xF0 ? 3
                                         : -1;
        if (extra < 0 || (extra == 0 && (c < 0x20 || c == 0x7f)) ||
            (extra == 1 && c < 0xC2))
            return 0;
        p++;
        for (int k = 0; k < extra; k++, p++)
            if ((*p & 0xC0) != 0x80)
                return 0;
    }
    return 1;
}

static int whole_number(const char *s, int64_t lo, int64_t hi)
{
    if (!*s || strlen(s) > 18)
        return 0;
    for (const char *p = s; *p; p++)
        if (!isdigit((unsigned char)*p))
            return 0;
    long long v = atoll(s);
    return v >= lo && v <= hi;
}

/* Check one value against a type of the spec ("int", "enum(a|b)", ...). */
static int check_value(const char *type, size_t tl, const char *v, char *why, size_t n,
                       const char *key)
{
    if (tl == 3 && !strncmp(type, "str", 3)) {
        if (clean_text(v) && strlen(v) <= 200)
            return 0;
        snprintf(why, n, "'%s' must be text of at most 200 bytes", key);
    } else if (tl == 3 && !strncmp(type, "int", 3)) {
        if (whole_number(v, 0, 1000000))
            return 0;
        snprintf(why, n, "'%s' must be a whole number from 0 to 1000000", key);
    } else if ((tl == 2 && !strncmp(type, "id", 2)) ||
               (tl == 6 && !strncmp(type, "cursor", 6))) {
        if (is_id(v, strlen(v)))
            return 0;
        snprintf(why, n, "'%s' must be an id (a whole number above 0)", key);
    } else if (tl == 3 && !strncmp(type, "num", 3)) {
        char *end = NULL;
        double d = *v ? strtod(v, &end) : NAN;
        if (end && !*end && isfinite(d) && strlen(v) <= 32)
            return 0;
        snprintf(why, n, "'%s' must be a number", key);
    } else if (tl == 4 && !strncmp(type, "bool", 4)) {
        if (!strcmp(v, "1") || !strcmp(v, "0") || !strcmp(v, "true") ||
            !strcmp(v, "false"))
            return 0;
        snprintf(why, n, "'%s' must be true or false", key);
    } else if (tl == 4 && !strncmp(type, "date", 4)) {
        int64_t t;
        if (strlen(v) <= 64 && clean_text(v) &&
            kith_report_parse_time(key, v, &t, NULL) == KITH_OK)
            return 0;
        snprintf(why, n, "'%s' must be a date such as 2025-06-09 or 2025-06-09T10:00Z",
                 key);
    } else if (tl > 6 && !strncmp(type, "enum(", 5) && type[tl - 1] == ')') {
        const char *c = type + 5, *end = type + tl - 1;
        size_t vl = strlen(v);
        while (c < end) {
            size_t cl = strcspn(c, "|)");
            if (cl == vl && !strncmp(c, v, vl))
                return 0;
            c += cl + 1;
        }
        snprintf(why, n, "'%s' must be one of %.*s", key, (int)(tl - 6), type + 5);
    } else {
        snprintf(why, n, "'%s': unknown parameter type in the route table", key);
    }
    return -1;
}

int srv_args_check(const srv_args *a, const char *spec, char *why, size_t n)
{
    if (a->bad) {
        snprintf(why, n, "%s", a->why);
        return -1;
    }
    for (int i = 0; i < a->n; i++) {
        const char *k = a->key[i];
        size_t kl = strlen(k);
        const char *s = spec ? spec : "";
        int found = 0;
        while (*s && !found) {
            while (*s == ' ')
                s++;
            size_t el = strcspn(s, " ");
            const char *colon = memchr(s, ':', el);
            if (colon && (size_t)(colon - s) == kl && !strncmp(s, k, kl)) {
                found = 1;
                if (check_value(colon + 1, el - kl - 1, a->val[i], why, n, k) != 0)
                    return -1;
            }
            s += el;
        }
        if (!found) {
            snprintf(why, n, "unknown query parameter '%.60s'", k);
            return -1;
        }
    }
    return 0;
}
