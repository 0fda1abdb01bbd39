/* Outcomes of the SRCI impact map: reading a written outcome (the import's
 * columns and kith outcomes add share one parser, so both refuse the same
 * things with the same words), adding, listing and removing them. */
#include <ctype.h>
#include <gsl/gsl_errno.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fmt.h"
#include "impact/impact_int.h"
#include "json/jv.h"
#include "store/st_impact.h"
#include "store/store_int.h"

void kith__imp_gsl_quiet(void)
{
    gsl_set_error_handler_off();
}

/* ================================================================ parsing */

static int blank(const char *s)
{
    if (!s)
        return 1;
    while (isspace((unsigned char)*s))
        s++;
    return !*s;
}

/* Copy s trimmed into dst (size n); -1 when it does not fit. */
static int trim_copy(char *dst, size_t n, const char *s)
{
    dst[0] = '\0';
    if (!s)
        return 0;
    while (isspace((unsigned char)*s))
        s++;
    size_t len = strlen(s);
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    if (len >= n)
        return -1;
    memcpy(dst, s, len);
    dst[len] = '\0';
    return 0;
}

/* A plain decimal number (surrounding spaces allowed). */
static int parse_number(const char *s, double *out)
{
    char *end = NULL;
    while (isspace((unsigned char)*s))
        s++;
    if (!*s)
        return -1;
    double v = strtod(s, &end);
    while (end && isspace((unsigned char)*end))
        end++;
    if (!end || *end || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int kith_impact_parse_share(const char *s, double *out, const char **why)
{
    char tmp[64];
    if (!s || trim_copy(tmp, sizeof tmp, s) < 0 || !tmp[0]) {
        *why = "expected a share like 40% or 0.4";
        return -1;
    }
    size_t n = strlen(tmp);
    int pct = tmp[n - 1] == '%';
    if (pct)
        tmp[n - 1] = '\0';
    double v;
    if (parse_number(tmp, &v) < 0) {
        *why = "expected a share like 40% or 0.4";
        return -1;
    }
    if (pct)
        v /= 100;
    if (v < 0 || v > 1) {
        *why = pct ? "a share is 0-100%" : "outside 0-100% (write 40% or 0.4)";
        return -1;
    }
    *out = v;
    return 0;
}

static kith_code bad(const char **field, const char *name, char *why, size_t nwhy,
                     const char *fmt, ...) KITH_PRINTF(5, 6);
static kith_code bad(const char **field, const char *name, char *why, size_t nwhy,
                     const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, nwhy, fmt, ap);
    va_end(ap);
    *field = name;
    return KITH_EINPUT;
}

static int known_metric(const char *id)
{
    for (const kith_quantity_metric *q = kith_srci_quantity_metrics(); q->id; q++)
        if (!strcmp(q->id, id))
            return 1;
    return 0;
}

kith_code kith__outcome_parse(kith_store *st, int64_t org, const kith_outcome_text *t,
                              kith__outcome_buf *buf, kith__outcome_row *r,
                              const char **field, char *why, size_t nwhy, kith_error *err)
{
    memset(r, 0, sizeof *r);
    memset(buf, 0, sizeof *buf);
    *field = NULL;
    struct {
        const char *name, *v;
        char *dst;
        size_t n;
        int required;
    } texts[] = {
        {"initiative", t->initiative, buf->initiative, sizeof buf->initiative, 1},
        {"stakeholder", t->stakeholder, buf->stakeholder, sizeof buf->stakeholder, 1},
        {"outcome", t->outcome, buf->outcome, sizeof buf->outcome, 1},
        {"indicator", t->indicator, buf->indicator, sizeof buf->indicator, 0},
        {"quantity_from", t->quantity_from, buf->quantity_from, sizeof buf->quantity_from,
         0},
        {"proxy_source", t->proxy_source, buf->proxy_source, sizeof buf->proxy_source, 0},
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        if (texts[i].required && blank(texts[i].v))
            return bad(field, texts[i].name, why, nwhy, "a value is required");
        if (trim_copy(texts[i].dst, texts[i].n, texts[i].v) < 0)
            return bad(field, texts[i].name, why, nwhy, "longer than %zu bytes",
                       texts[i].n - 1);
    }
    r->initiative = buf->initiative;
    r->stakeholder = buf->stakeholder;
    r->outcome = buf->outcome;
    r->indicator = buf->indicator[0] ? buf->indicator : NULL;
    r->proxy_source = buf->proxy_source[0] ? buf->proxy_source : NULL;

    /* Quantity: a number >= 0, or measured (quantity_from), not both. */
    int has_q = !blank(t->quantity), has_from = buf->quantity_from[0] != '\0';
    if (has_q && has_from)
        return bad(field, "quantity_from", why, nwhy,
                   "give quantity or quantity_from, not both");
    if (!has_q && !has_from)
        return bad(field, "quantity", why, nwhy,
                   "a quantity is required (or quantity_from = metric:<id>)");
    if (has_q) {
        if (parse_number(t->quantity, &r->quantity) < 0)
            return bad(field, "quantity", why, nwhy, "'%.40s' is not a number",
                       t->quantity);
        if (r->quantity < 0)
            return bad(field, "quantity", why, nwhy, "a quantity cannot be negative");
        r->has_quantity = 1;
    } else {
        const char *id = buf->quantity_from;
        if (strncmp(id, "metric:", 7) || !known_metric(id + 7)) {
            char list[600] = "";
            for (const kith_quantity_metric *q = kith_srci_quantity_metrics(); q->id; q++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                         list[0] ? ", " : "", q->id);
            return bad(field, "quantity_from", why, nwhy,
                       "unknown metric '%.60s': write metric:<id> with id one of %s", id,
                       list);
        }
        r->quantity_from = id;
    }
    if (blank(t->proxy))
        return bad(field, "proxy", why, nwhy,
                   "a financial proxy (value of one unit for a year) is required");
    if (parse_number(t->proxy, &r->proxy) < 0)
        return bad(field, "proxy", why, nwhy, "'%.40s' is not a number", t->proxy);
    if (r->proxy < 0)
        return bad(field, "proxy", why, nwhy, "a financial proxy cannot be negative");

    struct {
        const char *name, *v;
        double *dst;
    } shares[] = {
        {"deadweight", t->deadweight, &r->deadweight},
        {"displacement", t->displacement, &r->displacement},
        {"attribution", t->attribution, &r->attribution},
        {"drop_off", t->drop_off, &r->drop_off},
    };
    for (size_t i = 0; i < sizeof shares / sizeof shares[0]; i++) {
        const char *w = NULL;
        *shares[i].dst = 0;
        if (!blank(shares[i].v) &&
            kith_impact_parse_share(shares[i].v, shares[i].dst, &w))
            return bad(field, shares[i].name, why, nwhy, "'%.40s': %s", shares[i].v, w);
    }
    r->duration = 1;
    if (!blank(t->duration)) {
        double d;
        if (parse_number(t->duration, &d) < 0 || d != floor(d))
            return bad(field, "duration", why, nwhy,
                       "'%.40s' is not a whole number of years", t->duration);
        if (d < 1)
            return bad(field, "duration", why, nwhy,
                       "a duration of %.0f years: an outcome lasts at least 1 year", d);
        if (d > KITH_SRCI_MAX_YEARS)
            return bad(field, "duration", why, nwhy, "at most %d years",
                       KITH_SRCI_MAX_YEARS);
        r->duration = (int64_t)d;
    }
    kith_code rc = kith__st_initiative_by_name(st, org, buf->initiative, 0, 0,
                                               &r->initiative_id, err);
    if (rc == KITH_ENOTFOUND)
        return bad(field, "initiative", why, nwhy,
                   "unknown initiative '%.100s': import it first with 'kith import "
                   "initiatives' ('kith initiatives' lists them)",
                   buf->initiative);
    return rc;
}

/* ================================================================ add, list, remove */

kith_code kith_outcome_add(kith_store *st, int64_t org_id, const kith_outcome_text *t,
                           int64_t *id, kith_error *err)
{
    kith__outcome_buf buf;
    kith__outcome_row r;
    const char *field = NULL;
    char why[768];
    int64_t got = 0;
    kith_code rc =
        kith__outcome_parse(st, org_id, t, &buf, &r, &field, why, sizeof why, err);
    if (rc == KITH_EINPUT && field) {
        char flag[40];
        snprintf(flag, sizeof flag, "--%s", field);
        for (char *p = flag; *p; p++)
            if (*p == '_')
                *p = '-';
        return kith_error_set(err, KITH_EINPUT, "%s: %s", flag, why);
    }
    int status = 0;
    if (rc == KITH_OK)
        rc = kith__st_outcome_put(st, org_id, &r, &status, &got, err);
    if (rc == KITH_OK && id)
        *id = got;
    return rc;
}

typedef struct list_ctx {
    kith_outcome *v;
    size_t n, cap;
} list_ctx;

static kith_code on_row(void *ud, const kith__outcome_row *r, kith_error *err)
{
    list_ctx *c = ud;
    if (kith__imp_grow((void **)&c->v, &c->cap, c->n, sizeof *c->v))
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    kith_outcome *o = &c->v[c->n++];
    memset(o, 0, sizeof *o);
    o->id = r->id;
    snprintf(o->initiative, sizeof o->initiative, "%s",
             r->initiative ? r->initiative : "");
    snprintf(o->stakeholder, sizeof o->stakeholder, "%s",
             r->stakeholder ? r->stakeholder : "");
    snprintf(o->outcome, sizeof o->outcome, "%s", r->outcome ? r->outcome : "");
    snprintf(o->indicator, sizeof o->indicator, "%s", r->indicator ? r->indicator : "");
    snprintf(o->quantity_from, sizeof o->quantity_from, "%s",
             !r->has_quantity && r->quantity_from ? r->quantity_from : "");
    snprintf(o->proxy_source, sizeof o->proxy_source, "%s",
             r->proxy_source ? r->proxy_source : "");
    o->quantity = r->has_quantity ? r->quantity : 0;
    o->proxy = r->proxy;
    o->deadweight = r->deadweight;
    o->displacement = r->displacement;
    o->attribution = r->attribution;
    o->drop_off = r->drop_off;
    o->duration = (int)r->duration;
    return KITH_OK;
}

kith_code kith_outcomes_list(kith_store *st, int64_t org_id, const char *initiative,
                             kith_outcome **out, size_t *n, kith_error *err)
{
    *out = NULL;
    *n = 0;
    int64_t init = 0;
    if (initiative) {
        kith_code rc =
            kith__st_initiative_by_name(st, org_id, initiative, 0, 0, &init, err);
        if (rc == KITH_ENOTFOUND)
            return kith_error_set(err, KITH_EINPUT,
                                  "--initiative '%s': no such initiative ('kith "
                                  "initiatives' lists them)",
                                  initiative);
        if (rc != KITH_OK)
            return rc;
    }
    list_ctx c = {NULL, 0, 0};
    kith_code rc = kith__st_outcomes(st, org_id, init, on_row, &c, err);
    if (rc != KITH_OK) {
        free(c.v);
        return rc;
    }
    *out = c.v;
    *n = c.n;
    return KITH_OK;
}

kith_code kith_outcome_remove(kith_store *st, int64_t org_id, int64_t id, kith_error *err)
{
    kith_code rc = kith__st_outcome_delete(st, org_id, id, err);
    if (rc == KITH_ENOTFOUND)
        return kith_error_set(err, KITH_ENOTFOUND,
                              "no outcome %lld ('kith outcomes list' shows the ids)",
                              (long long)id);
    return rc;
}

json_t *kith__outcome_json(const kith_outcome *o)
{
    json_t *j = json_object();
    json_object_set_new(j, "id", json_integer(o->id));
    json_object_set_new(j, "initiative", kith__jv_text(o->initiative));
    json_object_set_new(j, "stakeholder", kith__jv_text(o->stakeholder));
    json_object_set_new(j, "outcome", kith__jv_text(o->outcome));
    json_object_set_new(j, "indicator",
                        o->indicator[0] ? kith__jv_text(o->indicator) : json_null());
    json_object_set_new(j, "quantity",
                        o->quantity_from[0] ? json_null() : kith__jv_real(o->quantity));
    json_object_set_new(j, "quantity_from",
                        o->quantity_from[0] ? kith__jv_text(o->quantity_from)
                                            : json_null());
    json_object_set_new(j, "proxy", kith__jv_real(o->proxy));
    json_object_set_new(j, "proxy_source",
                        o->proxy_source[0] ? kith__jv_text(o->proxy_source)
                                           : json_null());
    json_object_set_new(j, "deadweight", kith__jv_real(o->deadweight));
    json_object_set_new(j, "displacement", kith__jv_real(o->displacement));
    json_object_set_new(j, "attribution", kith__jv_real(o->attribution));
    json_object_set_new(j, "drop_off", kith__jv_real(o->drop_off));
    json_object_set_new(j, "duration", json_integer(o->duration));
    return j;
}

kith_code kith_outcomes_render(kith_store *st, int64_t org_id, const char *initiative,
                               kith_impact_format fmt, char **out, kith_error *err)
{
    *out = NULL;
    kith_outcome *v = NULL;
    size_t n = 0;
    kith_code rc = kith_outcomes_list(st, org_id, initiative, &v, &n, err);
    if (rc != KITH_OK)
        return rc;
    if (fmt == KITH_IMPACT_JSON) {
        json_t *root = json_object(), *arr = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(arr, kith__outcome_json(&v[i]));
        json_object_set_new(root, "outcomes", arr);
        free(v);
        return kith__jv_dump(root, out, err);
    }
    kith_buf b;
    kith__buf_init(&b, 0);
    rc = kith__buf_printf(&b, "%-4s %-18s %-14s %-20s %-12s %9s %6s %6s %6s %6s %3s\n",
                          "id", "initiative", "stakeholder", "outcome", "quantity",
                          "proxy", "dead.", "displ.", "attr.", "drop", "yrs");
    for (size_t i = 0; i < n && rc == KITH_OK; i++) {
        const kith_outcome *o = &v[i];
        char q[64], p[48];
        if (o->quantity_from[0])
            snprintf(q, sizeof q, "%s", o->quantity_from + 7);
        else
            snprintf(q, sizeof q, "%.6g", o->quantity);
        rc = kith__buf_printf(&b,
                              "%-4lld %-18.18s %-14.14s %-20.20s %-12.12s %9s %5.1f%% "
                              "%5.1f%% %5.1f%% %5.1f%% %3d\n",
                              (long long)o->id, o->initiative, o->stakeholder, o->outcome,
                              q, kith__fmt_thousands(p, sizeof p, o->proxy, 2),
                              o->deadweight * 100, o->displacement * 100,
                              o->attribution * 100, o->drop_off * 100, o->duration);
    }
    if (rc == KITH_OK && !n)
        rc = kith__buf_puts(&b, "(no outcomes: 'kith import outcomes FILE' or 'kith "
                                "outcomes add')\n");
    free(v);
    return kith__imp_buf_done(&b, rc, out, err);
}
