/* The pages kith serve writes itself, for browsers without JavaScript
 * (the dashboard's <noscript> points here): POST /login, a plain form
 * that opens the same session as POST /api/v1/session and goes back to
 * the page asked for (303), and the answers of SRV_HTML routes when they
 * fail: 401 is the login form, any other error a page with the message.
 * GET /report.html itself is in api_report.c. The pages use the
 * dashboard's style.css and no script. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "server/srv.h"

#define PAGE_MAX ((size_t)256 * 1024)

void srv_reply_html(srv_req *r, int status, char *html)
{
    srv_reply(r, status, html);
    if (html)
        r->content_type = "text/html; charset=utf-8";
}

/* s with & < > " ' as entities. */
static int esc(kith_buf *b, const char *s)
{
    int bad = 0;
    for (; s && *s && !bad; s++) {
        switch (*s) {
        case '&':
            bad = kith__buf_puts(b, "&amp;") != KITH_OK;
            break;
        case '<':
            bad = kith__buf_puts(b, "&lt;") != KITH_OK;
            break;
        case '>':
            bad = kith__buf_puts(b, "&gt;") != KITH_OK;
            break;
        case '"':
            bad = kith__buf_puts(b, "&quot;") != KITH_OK;
            break;
        case '\'':
            bad = kith__buf_puts(b, "&#39;") != KITH_OK;
            break;
        default:
            bad = kith__buf_append(b, s, 1) != KITH_OK;
        }
    }
    return bad;
}

/* s percent-encoded for a query (unreserved characters kept). */
static int url_enc(kith_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    int bad = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && !bad; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
            (*p >= '0' && *p <= '9') || strchr("-._~", *p)) {
            bad = kith__buf_append(b, (const char *)p, 1) != KITH_OK;
        } else {
            char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            bad = kith__buf_append(b, e, 3) != KITH_OK;
        }
    }
    return bad;
}

/* A page: the head with the dashboard's style sheet, title, then body. */
static int page_start(kith_buf *b, const char *title)
{
    int bad = kith__buf_puts(b, "<!doctype html>\n<html lang=\"en\">\n<head>\n"
                                "<meta charset=\"utf-8\">\n"
                                "<meta name=\"viewport\" content=\"width=device-width, "
                                "initial-scale=1\">\n<title>") != KITH_OK;
    bad |= esc(b, title);
    bad |= kith__buf_puts(b, " · kith</title>\n"
                             "<link rel=\"icon\" href=\"/favicon.svg\" "
                             "type=\"image/svg+xml\">\n"
                             "<link rel=\"stylesheet\" href=\"/style.css\">\n</head>\n"
                             "<body>\n<header class=\"top\"><div class=\"bar\">"
                             "<span class=\"brand\">kith</span></div></header>\n"
                             "<main id=\"main\">\n") != KITH_OK;
    return bad;
}

static int page_end(kith_buf *b)
{
    return kith__buf_puts(b, "</main>\n</body>\n</html>\n") != KITH_OK;
}

/* A path of this server to go back to after logging in: "/..." without
 * "//" (another host), backslashes or control characters; else NULL. */
static const char *local_path(const char *p)
{
    if (!p || p[0] != '/' || p[1] == '/' || p[1] == '\\' || strlen(p) > 1024)
        return NULL;
    for (const unsigned char *s = (const unsigned char *)p; *s; s++)
        if (*s < 0x20 || *s == 0x7f || *s == '\\')
            return NULL;
    return p;
}

/* The address of this request again: its path and query (for a GET). */
static int this_address(kith_buf *b, const srv_req *r)
{
    int bad = kith__buf_puts(b, r->path) != KITH_OK;
    for (int i = 0; i < r->args.n && !bad; i++) {
        bad |= kith__buf_puts(b, i ? "&" : "?") != KITH_OK;
        bad |= url_enc(b, r->args.key[i]);
        bad |= kith__buf_puts(b, "=") != KITH_OK;
        bad |= url_enc(b, r->args.val[i]);
    }
    return bad;
}

/* The login form; message (may be NULL) above it, an error or not; next:
 * where to go after. */
static char *login_page(const char *message, int error, const char *next)
{
    kith_buf b;
    kith__buf_init(&b, PAGE_MAX);
    int bad = page_start(&b, "Log in");
    bad |= kith__buf_puts(&b, "<form class=\"login\" method=\"post\" action=\"/login\">\n"
                              "<h1>Log in to kith</h1>\n") != KITH_OK;
    if (message) {
        bad |= kith__buf_puts(&b,
                              error ? "<div class=\"notice notice-error\" role=\"alert\">"
                                    : "<div class=\"notice notice-info\">") != KITH_OK;
        bad |= esc(&b, message);
        bad |= kith__buf_puts(&b, "</div>\n") != KITH_OK;
    }
    bad |=
        kith__buf_puts(&b, "<div class=\"field\"><label for=\"email\">Email</label>"
                           "<input id=\"email\" name=\"email\" type=\"email\" "
                           "autocomplete=\"username\" required></div>\n"
                           "<div class=\"field\"><label for=\"password\">Password</label>"
                           "<input id=\"password\" name=\"password\" type=\"password\" "
                           "autocomplete=\"current-password\" required></div>\n"
                           "<input type=\"hidden\" name=\"next\" value=\"") != KITH_OK;
    bad |= esc(&b, next);
    bad |= kith__buf_puts(&b, "\">\n<div class=\"actions\"><button type=\"submit\" "
                              "class=\"primary\">Log in</button></div>\n"
                              "<p class=\"hint\">This page works without JavaScript. "
                              "With it, <a href=\"/\">the dashboard</a> has more.</p>\n"
                              "</form>\n") != KITH_OK;
    bad |= page_end(&b);
    char *out = bad ? NULL : strdup(kith__buf_str(&b));
    kith__buf_free(&b);
    return out;
}

static char *error_page(int status, const char *message)
{
    kith_buf b;
    kith__buf_init(&b, PAGE_MAX);
    char title[64];
    snprintf(title, sizeof title, "Error %d", status);
    int bad = page_start(&b, title);
    bad |= kith__buf_printf(&b,
                            "<h1>%s</h1>\n<div class=\"notice notice-error\" "
                            "role=\"alert\"><p>",
                            status == 403 ? "Not allowed"
                                          : "This page cannot be shown") != KITH_OK;
    bad |= esc(&b, message);
    bad |=
        kith__buf_puts(&b, "</p></div>\n<p><a href=\"/\">Go to the dashboard</a> or "
                           "<a href=\"/report.html\">the report</a>.</p>\n") != KITH_OK;
    bad |= page_end(&b);
    char *out = bad ? NULL : strdup(kith__buf_str(&b));
    kith__buf_free(&b);
    return out;
}

void srv_html_error(srv_req *r)
{
    if (!r->json || r->content_type)
        return;
    json_error_t je;
    json_t *doc = json_loads(r->json, 0, &je);
    const char *msg =
        json_string_value(json_object_get(json_object_get(doc, "error"), "message"));
    char *html = NULL;
    if (r->status == 401) {
        /* The form comes back to where the visitor was going. */
        kith_buf next;
        kith__buf_init(&next, 8192);
        const char *again = local_path(srv_arg(&r->form, "next"));
        int bad = !strcmp(r->method, "POST")
                      ? kith__buf_puts(&next, again ? again : "/report.html") != KITH_OK
                      : this_address(&next, r);
        const char *words =
            !strcmp(r->method, "POST") ? msg : "Log in to read this page.";
        html = bad ? NULL
                   : login_page(words, !strcmp(r->method, "POST"), kith__buf_str(&next));
        kith__buf_free(&next);
    } else {
        html = error_page(r->status, msg ? msg : "the server could not answer");
    }
    json_decref(doc);
    if (html) {
        free(r->json);
        r->json = html;
        r->content_type = "text/html; charset=utf-8";
    }
}

void web_login(srv_req *r)
{
    const char *email = srv_arg(&r->form, "email");
    const char *password = srv_arg(&r->form, "password");
    const char *next = local_path(srv_arg(&r->form, "next"));
    if (r->form.bad) {
        srv_error(r, 400, NULL, "%s", r->form.why);
        return;
    }
    if (!email || !*email || !password || !*password) {
        srv_error(r, 401, NULL, "give your email and password");
        return;
    }
    char csrf[KITH_SECRET_LEN];
    if (srv_session_login(r, email, password, csrf) != 0)
        return;
    if (!next)
        next = "/report.html";
    kith_buf b;
    kith__buf_init(&b, PAGE_MAX);
    int bad = page_start(&b, "Logged in");
    bad |= kith__buf_puts(&b, "<h1>Logged in</h1>\n<p><a href=\"") != KITH_OK;
    bad |= esc(&b, next);
    bad |= kith__buf_puts(&b, "\">Continue</a></p>\n") != KITH_OK;
    bad |= page_end(&b);
    r->location = bad ? NULL : strdup(next);
    char *html = bad || !r->location ? NULL : strdup(kith__buf_str(&b));
    kith__buf_free(&b);
    if (!html) {
        free(r->location);
        r->location = NULL;
        srv_error(r, 500, NULL, "out of memory");
        return;
    }
    srv_reply_html(r, 303, html);
}
