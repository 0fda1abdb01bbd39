/* What a viewer may not see: email addresses and phone numbers, taken out
 * of every JSON answer before it leaves the server (srv.h srv_redact).
 * Fields that hold one are replaced whole ("email", "phone", "*_email",
 * "*_phone", the value of an identity of kind email or phone); inside any
 * other string (a merge reason, a text, an error message) an address or a
 * number of 9 to 15 digits written as a phone number is replaced in place.
 * A string is never left out; the document keeps its shape. HTML pages
 * (srv_redact_html) get the same treatment of their text. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "server/srv.h"

#define EMAIL_MARK "[email hidden]"
#define PHONE_MARK "[phone hidden]"
#define FIELD_MARK "[hidden]"

static int email_local(unsigned char c)
{
    return isalnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

static int email_domain(unsigned char c)
{
    return isalnum(c) || c == '.' || c == '-';
}

static int phone_char(unsigned char c)
{
    return isdigit(c) || c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' ||
           c == '+';
}

/* An email address around the '@' at s[at]: its span [*b, *e), or 0.
 * The name before the '@' starts at floor at the earliest (the end of
 * the address replaced before it: the same place a second redaction would
 * find, after the marker). */
static int email_at(const char *s, size_t len, size_t at, size_t floor, size_t *b,
                    size_t *e)
{
    size_t lo = at, hi = at + 1;
    while (lo > floor && email_local((unsigned char)s[lo - 1]))
        lo--;
    while (hi < len && email_domain((unsigned char)s[hi]))
        hi++;
    while (hi > at + 1 && (s[hi - 1] == '.' || s[hi - 1] == '-'))
        hi--;
    const char *dot = memchr(s + at + 1, '.', hi - at - 1);
    if (lo == at || !dot || dot == s + at + 1 || dot + 1 >= s + hi)
        return 0;
    *b = lo;
    *e = hi;
    return 1;
}

static int is_sep(char c)
{
    return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')';
}

/* Starting at s[i], 2025-06-09 (a date, never a phone number). */
static int date_at(const char *s, size_t len, size_t i)
{
    static const char pat[] = "dddd-dd-dd";
    if (len - i < sizeof pat - 1)
        return 0;
    for (size_t k = 0; k < sizeof pat - 1; k++)
        if (pat[k] == 'd' ? !isdigit((unsigned char)s[i + k]) : s[i + k] != '-')
            return 0;
    return 1;
}

/* The phone number in the run of phone characters [i, j) (a maximal run:
 * the characters around it are not phone characters), as [*b, *e); 0 when
 * there is none. Without the separators around it the run must not touch
 * a letter or digit; a date at its start is skipped; what is left holds 9
 * to 15 digits. The run is judged whole, never a part
 * of it, so that replacing one number never makes another. */
static int phone_in(const char *s, size_t len, size_t i, size_t j, size_t *b, size_t *e)
{
    size_t i0 = i, j0 = j;
    while (i < j && is_sep(s[i]) && s[i] != '(')
        i++;
    while (j > i && is_sep(s[j - 1]) && s[j - 1] != ')')
        j--;
    /* Touching a word ("ABC123456789", "123456789abc"): not a phone. */
    if ((i == i0 && i > 0 && isalnum((unsigned char)s[i - 1])) ||
        (j == j0 && j < len && isalnum((unsigned char)s[j])))
        return 0;
    if (i < j && date_at(s, j, i)) {
        i += 10;
        while (i < j && is_sep(s[i]) && s[i] != '(')
            i++;
    }
    size_t digits = 0;
    for (size_t k = i; k < j; k++) {
        if (isdigit((unsigned char)s[k]))
            digits++;
        else if (s[k] == '+' && k != i)
            return 0;
    }
    if (digits < 9 || digits > 15)
        return 0;
    *b = i;
    *e = j;
    return 1;
}

/* s with its addresses (phones = 0) or its phone numbers (phones = 1)
 * replaced (malloc'ed), or NULL when there is none (or memory ran out:
 * *oom). Addresses go first, in a pass of their own: an address can hold
 * digits that would otherwise end a number ("...0320 20noo@x.org"), and
 * the second pass then sees the text a second redaction would see. */
static char *scrub_pass(const char *s, size_t len, int phones, int *oom)
{
    char *out = NULL;
    size_t olen = 0, cap = 0, from = 0;
    for (size_t i = 0; i < len; i++) {
        size_t b = i, e = 0;
        const char *mark = NULL;
        if (!phones && s[i] == '@' && email_at(s, len, i, from, &b, &e)) {
            mark = EMAIL_MARK;
        } else if (phones && phone_char((unsigned char)s[i])) {
            size_t j = i;
            while (j < len && phone_char((unsigned char)s[j]))
                j++;
            if (phone_in(s, len, i, j, &b, &e))
                mark = PHONE_MARK;
            else
                i = j - 1; /* the whole run is not one */
        }
        if (!mark || b < from)
            continue;
        size_t need = olen + (b - from) + strlen(mark) + (len - e) + 1;
        if (!out || need > cap) {
            char *n = realloc(out, need * 2);
            if (!n) {
                free(out);
                *oom = 1;
                return NULL;
            }
            out = n;
            cap = need * 2;
        }
        memcpy(out + olen, s + from, b - from);
        olen += b - from;
        memcpy(out + olen, mark, strlen(mark));
        olen += strlen(mark);
        from = e;
        i = e ? e - 1 : i;
    }
    if (!out)
        return NULL;
    memcpy(out + olen, s + from, len - from);
    olen += len - from;
    out[olen] = '\0';
    return out;
}

static char *scrub(const char *s, size_t len, int *oom)
{
    char *a = scrub_pass(s, len, 0, oom);
    if (*oom)
        return NULL;
    const char *mid = a ? a : s;
    char *b = scrub_pass(mid, a ? strlen(a) : len, 1, oom);
    if (b || *oom) {
        free(a);
        return b;
    }
    return a;
}

static int sensitive_key(const char *k)
{
    size_t n = strlen(k);
    return !strcmp(k, "email") || !strcmp(k, "phone") ||
           (n > 6 && (!strcmp(k + n - 6, "_email") || !strcmp(k + n - 6, "_phone")));
}

/* An identity object {"kind": "email"|"phone"..., "value": ...}. */
static int identity_of_contact(json_t *o)
{
    const char *kind = json_string_value(json_object_get(o, "kind"));
    return kind && (!strncmp(kind, "email", 5) || !strncmp(kind, "phone", 5)) &&
           json_is_string(json_object_get(o, "value"));
}

/* Redact v in place; returns how many strings changed, -1 when out of
 * memory. */
static long walk(json_t *v, int depth)
{
    long changed = 0;
    if (depth > 200)
        return 0;
    if (json_is_object(v)) {
        int contact = identity_of_contact(v);
        const char *k;
        json_t *x;
        json_object_foreach (v, k, x) {
            long c;
            if (json_is_string(x) && json_string_length(x) &&
                (sensitive_key(k) || (contact && !strcmp(k, "value")))) {
                c = json_string_set(x, FIELD_MARK) == 0 ? 1 : -1;
            } else {
                c = walk(x, depth + 1);
            }
            if (c < 0)
                return -1;
            changed += c;
        }
    } else if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach (v, i, x) {
            long c = walk(x, depth + 1);
            if (c < 0)
                return -1;
            changed += c;
        }
    } else if (json_is_string(v)) {
        int oom = 0;
        char *s = scrub(json_string_value(v), json_string_length(v), &oom);
        if (oom)
            return -1;
        if (s) {
            int rc = json_string_set(v, s);
            free(s);
            return rc == 0 ? 1 : -1;
        }
    }
    return changed;
}

char *srv_redact(const char *json, size_t len)
{
    json_error_t je;
    /* JSON text holds no NUL byte (jansson writes \u0000 in strings). */
    if (memchr(json, '\0', len))
        return NULL;
    json_t *root = json_loadb(json, len, JSON_DECODE_ANY, &je);
    if (!root)
        return NULL;
    long changed = walk(root, 0);
    char *out = NULL;
    if (changed == 0) {
        out = malloc(len + 1);
        if (out) {
            memcpy(out, json, len);
            out[len] = '\0';
        }
    } else if (changed > 0) {
        /* 17 digits: every number reads back as the same double. */
        char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                                       JSON_REAL_PRECISION(17) | JSON_ENCODE_ANY);
        size_t n = s ? strlen(s) : 0;
        out = s ? realloc(s, n + 2) : NULL;
        if (out) {
            out[n] = '\n';
            out[n + 1] = '\0';
        } else {
            free(s);
        }
    }
    json_decref(root);
    return out;
}

/* ------------------------------------------------------------ HTML */

/* Does the tag at s (just after '<') open the element name (style,
 * script), whose content is not text? */
static int opens(const char *s, size_t n, const char *name)
{
    size_t k = strlen(name);
    return n > k && !strncasecmp(s, name, k) &&
           (s[k] == '>' || s[k] == ' ' || s[k] == '\t' || s[k] == '\n' || s[k] == '/');
}

/* Where the raw content of element name ends: the '<' of "</name", or
 * len. */
static size_t raw_end(const char *s, size_t len, size_t from, const char *name)
{
    size_t k = strlen(name);
    for (size_t i = from; i + 2 + k <= len; i++)
        if (s[i] == '<' && s[i + 1] == '/' && !strncasecmp(s + i + 2, name, k))
            return i;
    return len;
}

char *srv_redact_html(const char *html, size_t len)
{
    kith_buf b;
    kith__buf_init(&b, 0);
    int bad = 0;
    size_t i = 0;
    while (i < len && !bad) {
        size_t j = i;
        if (html[i] == '<') {
            /* Markup: a comment to "-->", a tag to '>', copied as it is;
             * the content of <style> and <script> with it. */
            const char *close =
                len - i >= 4 && !memcmp(html + i, "<!--", 4) ? "-->" : ">";
            const char *e = NULL;
            for (size_t k = i + 1; k + strlen(close) <= len && !e; k++)
                if (!strncmp(html + k, close, strlen(close)))
                    e = html + k;
            j = e ? (size_t)(e - html) + strlen(close) : len;
            const char *raw = opens(html + i + 1, len - i - 1, "style")    ? "style"
                              : opens(html + i + 1, len - i - 1, "script") ? "script"
                                                                           : NULL;
            if (raw)
                j = raw_end(html, len, j, raw);
            bad = kith__buf_append(&b, html + i, j - i) != KITH_OK;
        } else {
            /* Text: up to the next tag, scrubbed as a JSON string is. */
            while (j < len && html[j] != '<')
                j++;
            int oom = 0;
            char *s = scrub(html + i, j - i, &oom);
            bad = oom || kith__buf_append(&b, s ? s : html + i, s ? strlen(s) : j - i) !=
                             KITH_OK;
            free(s);
        }
        i = j;
    }
    char *out = NULL;
    if (!bad) {
        out = malloc(b.len + 1);
        if (out) {
            if (b.len)
                memcpy(out, b.data, b.len);
            out[b.len] = '\0';
        }
    }
    kith__buf_free(&b);
    return out;
}
