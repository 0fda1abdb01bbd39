/* Adapter for the Shopify orders export (Admin > Orders > Export, CSV).
 * Shopify writes one row per line item: the order's own fields (status,
 * totals, Created at, billing) are filled on its first row only, and the
 * rows that follow carry the same Name with just the line item. Rows are
 * gathered into orders and each order is one logical row of the row
 * protocol: it is imported whole or rejected whole. Memory holds one order.
 * Mapping and decisions: docs/import.md, section shopify-orders. */
#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/norm.h"
#include "ingest/xcsv.h"

/* ================================================================ columns */

enum {
    /* required */
    C_NAME,
    C_EMAIL,
    C_FIN,
    C_CURRENCY,
    C_TOTAL,
    C_CREATED,
    C_QTY,
    C_LNAME,
    C_LPRICE,
    /* optional */
    C_SUBTOTAL,
    C_SHIPPING,
    C_TAXES,
    C_DCODE,
    C_DAMOUNT,
    C_FULFIL,
    C_BNAME,
    C_SNAME,
    C_PHONE,
    C_BPHONE,
    C_ID,
    C_SOURCE,
    C_LSKU,
    C_CANCELLED,
    C_REFUNDED,
    C_BCOUNTRY,
    C_SCOUNTRY,
    C__N
};
#define C_NREQ (C_LPRICE + 1)

static const char *const col_names[C__N] = {"Name",
                                            "Email",
                                            "Financial Status",
                                            "Currency",
                                            "Total",
                                            "Created at",
                                            "Lineitem quantity",
                                            "Lineitem name",
                                            "Lineitem price",
                                            "Subtotal",
                                            "Shipping",
                                            "Taxes",
                                            "Discount Code",
                                            "Discount Amount",
                                            "Fulfillment Status",
                                            "Billing Name",
                                            "Shipping Name",
                                            "Phone",
                                            "Billing Phone",
                                            "Id",
                                            "Source",
                                            "Lineitem sku",
                                            "Cancelled at",
                                            "Refunded Amount",
                                            "Billing Country",
                                            "Shipping Country"};

typedef struct srow {
    char **f;
    int n;
    long line;
} srow;

typedef struct shop {
    kith_xcsv x;
    int c[C__N];
    srow *rows; /* the order being gathered */
    int nrows, cap;
} shop;

/* The column's name as the file spells it, for messages. */
static const char *col(const shop *s, int c)
{
    return s->c[c] >= 0 ? s->x.header[s->c[c]] : col_names[c];
}

/* Value of column c in a row, NULL when absent, blank or beyond a short
 * (ragged) row. */
static const char *get(const shop *s, const srow *r, int c)
{
    int i = s->c[c];
    if (i < 0 || i >= r->n)
        return NULL;
    return kith__xcsv_val(r->f, i);
}

/* ================================================================ gathering */

static void rows_clear(shop *s)
{
    for (int i = 0; i < s->nrows; i++) {
        for (int j = 0; j < s->rows[i].n; j++)
            free(s->rows[i].f[j]);
        free(s->rows[i].f);
    }
    s->nrows = 0;
}

/* Copy a record into the order being gathered (the reader's fields are only
 * borrowed until the next record). */
static kith_code rows_add(kith_importer *imp, shop *s, char **fields, int n, long line)
{
    if (s->nrows == s->cap) {
        int ncap = s->cap ? s->cap * 2 : 8;
        srow *nr = realloc(s->rows, (size_t)ncap * sizeof *nr);
        if (!nr)
            return kith_error_set(imp->err, KITH_ENOMEM, "out of memory");
        s->rows = nr;
        s->cap = ncap;
    }
    srow *r = &s->rows[s->nrows];
    r->f = calloc((size_t)(n ? n : 1), sizeof *r->f);
    if (!r->f)
        return kith_error_set(imp->err, KITH_ENOMEM, "out of memory");
    r->n = n;
    r->line = line;
    s->nrows++;
    for (int i = 0; i < n; i++) {
        r->f[i] = strdup(fields[i]);
        if (!r->f[i])
            return kith_error_set(imp->err, KITH_ENOMEM, "out of memory");
    }
    return KITH_OK;
}

/* ================================================================ one order */

static const char *const fin_known[] = {
    "pending", "authorized", "paid", "partially_paid", "partially_refunded", "refunded",
    "voided",  "expired",    NULL};

/* Financial status as Shopify writes it ("paid", "partially_refunded"),
 * lowercased with spaces as '_'. 0 when unknown. */
static int fin_status(const char *raw, char *out, size_t n)
{
    snprintf(out, n, "%s", raw);
    kith__trim(out);
    for (char *p = out; *p; p++) {
        if (*p == ' ') {
            *p = '_';
            continue;
        }
        /* tolower of an unsigned char is a char again. */
        // NOLINTNEXTLINE(bugprone-narrowing-conversions)
        *p = (char)tolower((unsigned char)*p);
    }
    for (int i = 0; fin_known[i]; i++)
        if (strcmp(out, fin_known[i]) == 0)
            return 1;
    return 0;
}

/* An optional money column: absent/blank leaves *has 0; else a number >= 0. */
static kith_code opt_money(kith_importer *imp, const shop *s, const srow *r, int c,
                           double *v, int *has)
{
    *has = 0;
    const char *raw = get(s, r, c);
    if (!raw)
        return KITH_OK;
    kith_code rc = kith__imp_number(imp, col(s, c), raw, v);
    if (rc != KITH_OK)
        return rc;
    if (*v < 0)
        return kith__imp_bad(imp, col(s, c), "an amount cannot be negative");
    *has = 1;
    return KITH_OK;
}

/* Shopify writes phone numbers with a leading apostrophe when it expects a
 * spreadsheet to open the file ('+1 613-555-0101); the apostrophe is not
 * part of the number. A number that cannot be read is left out with a
 * warning; a national one is read with the order's own country. */
static int add_phone(kith_importer *imp, kith_member_rec *m, const char *colname,
                     const char *raw, const char *cc)
{
    if (raw) {
        while (isspace((unsigned char)*raw))
            raw++;
        if (*raw == '\'')
            raw++;
    }
    return kith__imp_opt_phone(imp, m, colname, raw, cc, "customer");
}

/* The line items of every row of the order, as a JSON array. */
static kith_code line_items(kith_importer *imp, const shop *s, json_t *items)
{
    for (int i = 0; i < s->nrows; i++) {
        const srow *r = &s->rows[i];
        imp->line = r->line;
        const char *name = get(s, r, C_LNAME);
        if (!name)
            return kith__imp_bad(imp, col(s, C_LNAME),
                                 "a value is required (each row of an order is "
                                 "one line item)");
        int64_t qty = 0;
        double price = 0;
        kith_code rc = kith__imp_int(imp, col(s, C_QTY), get(s, r, C_QTY), &qty);
        if (rc == KITH_OK)
            rc = kith__imp_number(imp, col(s, C_LPRICE), get(s, r, C_LPRICE), &price);
        if (rc != KITH_OK)
            return rc;
        if (price < 0)
            return kith__imp_bad(imp, col(s, C_LPRICE), "a price cannot be negative");
        json_t *it = json_object();
        json_object_set_new(it, "name", json_string(name));
        json_object_set_new(it, "qty", json_integer((json_int_t)qty));
        json_object_set_new(it, "price", json_real(price));
        const char *sku = get(s, r, C_LSKU);
        if (sku)
            json_object_set_new(it, "sku", json_string(sku));
        json_array_append_new(items, it);
    }
    return KITH_OK;
}

/* The initiative a discount code names. Shopify lists several codes
 * separated by commas; the first that matches an initiative wins. */
static kith_code code_initiative(kith_importer *imp, const char *codes, int64_t *id)
{
    *id = 0;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", codes);
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",", &save); tok && !*id;
         tok = strtok_r(NULL, ",", &save)) {
        kith__trim(tok);
        if (!*tok)
            continue;
        kith_code rc = kith__imp_initiative_by_code(imp, tok, id);
        if (rc != KITH_OK)
            return rc;
    }
    return KITH_OK;
}

/* The member who placed the order: by email and phone; an order with
 * neither (a point-of-sale walk-in) gets a guest member of its own, named by
 * the order, so that revenue and discount codes still count. */
static kith_code order_member(kith_importer *imp, const shop *s, const srow *h,
                              const char *name, int64_t created, int64_t *member)
{
    kith_member_rec m;
    memset(&m, 0, sizeof m);
    /* The order names its country (billing, else shipping): national
     * phone numbers are read with that country's calling code. */
    const char *cc = kith__country_calling_code(get(s, h, C_BCOUNTRY));
    if (!cc)
        cc = kith__country_calling_code(get(s, h, C_SCOUNTRY));
    if (kith__imp_opt_email(imp, &m, col(s, C_EMAIL), get(s, h, C_EMAIL), "customer") <
            0 ||
        add_phone(imp, &m, col(s, C_PHONE), get(s, h, C_PHONE), cc) < 0 ||
        add_phone(imp, &m, col(s, C_BPHONE), get(s, h, C_BPHONE), cc) < 0)
        return KITH_EINPUT;
    if (m.nids == 0) {
        if (kith__imp_add_external(imp, &m, col(s, C_NAME), "shopify-order", name) < 0)
            return KITH_EINPUT;
        m.attributes_json = "{\"shopify_guest\":true}";
    }
    m.display_name = get(s, h, C_BNAME) ? get(s, h, C_BNAME) : get(s, h, C_SNAME);
    m.kinds = KITH_KIND_CUSTOMER;
    m.first_seen = created;
    m.has_first_seen = 1;
    return kith__imp_member(imp, &m, 0, member);
}

typedef struct order {
    const char *name;
    char fin[32];
    int64_t created, cancelled;
    int has_cancelled;
    double total, subtotal, shipping, taxes, discount, refunded;
    int has_subtotal, has_shipping, has_taxes, has_discount, has_refunded;
    /* Three capital letters; "" when blank: the org's (stored as none, so
     * that it follows the currency the org takes from this very import). */
    char currency[4];
} order;

/* The order fields of the first row. */
static kith_code order_head(kith_importer *imp, const shop *s, const srow *h, order *o)
{
    imp->line = h->line;
    o->name = get(s, h, C_NAME);
    if (!o->name)
        return kith__imp_bad(imp, col(s, C_NAME), "a value is required");
    const char *fin = get(s, h, C_FIN);
    if (!fin)
        return kith__imp_bad(imp, col(s, C_FIN),
                             "a value is required on the first row of order %.40s",
                             o->name);
    if (!fin_status(fin, o->fin, sizeof o->fin))
        return kith__imp_bad(imp, col(s, C_FIN),
                             "unknown financial status '%.30s' (pending, authorized, "
                             "paid, partially_paid, partially_refunded, refunded, "
                             "voided, expired)",
                             fin);
    const char *created = get(s, h, C_CREATED);
    if (!created)
        return kith__imp_bad(imp, col(s, C_CREATED),
                             "a value is required on the first row of order %.40s",
                             o->name);
    kith_code rc = kith__imp_time(imp, col(s, C_CREATED), created, &o->created);
    if (rc != KITH_OK)
        return rc;
    if (!get(s, h, C_TOTAL))
        return kith__imp_bad(imp, col(s, C_TOTAL),
                             "a value is required on the first row of order %.40s",
                             o->name);
    int has_total = 0;
    rc = opt_money(imp, s, h, C_TOTAL, &o->total, &has_total);
    if (rc == KITH_OK)
        rc = opt_money(imp, s, h, C_SUBTOTAL, &o->subtotal, &o->has_subtotal);
    if (rc == KITH_OK)
        rc = opt_money(imp, s, h, C_SHIPPING, &o->shipping, &o->has_shipping);
    if (rc == KITH_OK)
        rc = opt_money(imp, s, h, C_TAXES, &o->taxes, &o->has_taxes);
    if (rc == KITH_OK)
        rc = opt_money(imp, s, h, C_DAMOUNT, &o->discount, &o->has_discount);
    if (rc == KITH_OK)
        rc = opt_money(imp, s, h, C_REFUNDED, &o->refunded, &o->has_refunded);
    if (rc != KITH_OK)
        return rc;
    if (o->has_refunded && o->refunded > o->total)
        return kith__imp_bad(imp, col(s, C_REFUNDED),
                             "more refunded than the order's Total");
    rc = kith__imp_currency(imp, col(s, C_CURRENCY), get(s, h, C_CURRENCY), o->currency);
    if (rc != KITH_OK)
        return rc;
    const char *cancelled = get(s, h, C_CANCELLED);
    if (cancelled) {
        rc = kith__imp_time(imp, col(s, C_CANCELLED), cancelled, &o->cancelled);
        if (rc != KITH_OK)
            return rc;
        o->has_cancelled = 1;
    }
    return KITH_OK;
}

static void set_opt(json_t *obj, const char *key, const char *val)
{
    if (val)
        json_object_set_new(obj, key, json_string(val));
}

static void set_num(json_t *obj, const char *key, int has, double v)
{
    if (has)
        json_object_set_new(obj, key, json_real(v));
}

/* The purchase's attributes: the order's name, Shopify id, statuses, the
 * parts of the total and the line items. items is stolen. */
static char *order_attributes(const shop *s, const srow *h, const order *o, json_t *items)
{
    json_t *a = json_object();
    json_object_set_new(a, "order", json_string(o->name));
    json_object_set_new(a, "financial_status", json_string(o->fin));
    set_opt(a, "fulfillment_status", get(s, h, C_FULFIL));
    set_opt(a, "shopify_id", get(s, h, C_ID));
    set_num(a, "subtotal", o->has_subtotal, o->subtotal);
    set_num(a, "shipping", o->has_shipping, o->shipping);
    set_num(a, "taxes", o->has_taxes, o->taxes);
    set_num(a, "discount_amount", o->has_discount, o->discount);
    json_object_set_new(a, "line_items", items);
    /* 15 significant digits print 19.99 as 19.99, not 19.989999999999998. */
    char *text = json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(15));
    json_decref(a);
    return text;
}

/* Write the purchase, and a refund when money went back: both count as
 * activities imported (the order is one order read). */
static kith_code order_write(kith_importer *imp, const shop *s, const srow *h,
                             const order *o, const char *attrs, int64_t member)
{
    kith_activity_rec a;
    memset(&a, 0, sizeof a);
    a.member_id = member;
    a.type = "purchase";
    a.external_id = o->name;
    a.occurred_at = o->created;
    a.value = o->total;
    a.has_value = 1;
    a.currency = o->currency[0] ? o->currency : NULL;
    a.code = get(s, h, C_DCODE);
    a.channel = get(s, h, C_SOURCE);
    a.attributes_json = attrs;
    if (a.code) {
        kith_code rc = code_initiative(imp, a.code, &a.initiative_id);
        if (rc != KITH_OK)
            return rc;
    }
    kith_code rc = kith__imp_activity(imp, &a);
    if (rc != KITH_OK)
        return rc;
    /* A refund: the Refunded Amount when the export has it, else the whole
     * Total of an order Shopify calls refunded. The export has no refund
     * date: Cancelled at when set, else the order's own date. */
    double amount = o->has_refunded ? o->refunded : 0;
    if (!o->has_refunded && strcmp(o->fin, "refunded") == 0)
        amount = o->total;
    if (amount <= 0)
        return KITH_OK;
    char rid[300];
    snprintf(rid, sizeof rid, "%s:refund", o->name);
    kith_activity_rec r = a;
    r.type = "refund";
    r.external_id = rid;
    r.value = amount;
    r.code = NULL;
    r.occurred_at = o->has_cancelled ? o->cancelled : o->created;
    r.attributes_json = NULL;
    return kith__imp_activity(imp, &r);
}

static kith_code order_process(kith_importer *imp, const shop *s)
{
    for (int i = 0; i < s->nrows; i++) {
        imp->line = s->rows[i].line;
        kith_code rc = kith__xcsv_check_width(imp, &s->x, s->rows[i].n);
        if (rc != KITH_OK)
            return rc;
    }
    const srow *h = &s->rows[0];
    order o;
    memset(&o, 0, sizeof o);
    kith_code rc = order_head(imp, s, h, &o);
    if (rc != KITH_OK)
        return rc;
    json_t *items = json_array();
    rc = line_items(imp, s, items);
    imp->line = h->line;
    if (rc != KITH_OK) {
        json_decref(items);
        return rc;
    }
    /* Voided and expired orders never took money: nothing to record. */
    if (!strcmp(o.fin, "voided") || !strcmp(o.fin, "expired")) {
        json_decref(items);
        kith__imp_skip(imp, "voided or expired orders");
        return KITH_OK;
    }
    int64_t member = 0;
    rc = order_member(imp, s, h, o.name, o.created, &member);
    if (rc != KITH_OK) {
        json_decref(items);
        return rc;
    }
    char *attrs = order_attributes(s, h, &o, items);
    if (!attrs)
        return kith_error_set(imp->err, KITH_ENOMEM, "out of memory");
    rc = order_write(imp, s, h, &o, attrs, member);
    free(attrs);
    return rc;
}

/* Run the gathered order through the row protocol. A rejected order goes
 * to the reject file whole: its first row carries the reason, and so does
 * every continuation row, so that the file can be fixed and imported again. */
static kith_code order_flush(kith_importer *imp, shop *s)
{
    if (!s->nrows)
        return KITH_OK;
    kith_code rc = kith__imp_row_begin(imp, s->rows[0].line);
    if (rc != KITH_OK)
        return rc;
    kith__imp_raw_fields(imp, s->rows[0].f, s->rows[0].n);
    kith_code row = order_process(imp, s);
    char reason[1600] = "";
    if (row == KITH_EINPUT)
        kith_error_format(imp->err, reason, sizeof reason);
    int64_t rejected = imp->counts.rows_rejected;
    rc = kith__imp_row_end(imp, row);
    if (rc == KITH_OK && imp->counts.rows_rejected > rejected)
        for (int i = 1; i < s->nrows; i++)
            kith__csv_write_row(imp->reject, s->rows[i].f, s->rows[i].n, reason);
    rows_clear(s);
    return rc;
}

/* ================================================================ driver */

static kith_code find_columns(kith_importer *imp, shop *s)
{
    for (int i = 0; i < C__N; i++) {
        if (i < C_NREQ) {
            kith_code rc = kith__xcsv_need(imp, &s->x, col_names[i], &s->c[i]);
            if (rc != KITH_OK)
                return rc;
        } else {
            s->c[i] = kith__xcsv_col(&s->x, col_names[i]);
        }
    }
    return KITH_OK;
}

/* A row continues the order being gathered when its Name is the same or
 * blank (some tools that rewrite the export blank it on continuation rows). */
static int continues(const shop *s, char **fields, int n)
{
    if (!s->nrows)
        return 0;
    int i = s->c[C_NAME];
    if (i >= n || kith__blank(fields[i]))
        return 1;
    const char *cur = get(s, &s->rows[0], C_NAME);
    return cur && strcmp(cur, fields[i]) == 0;
}

kith_code kith__adapt_shopify_orders(kith_importer *imp, const char *path)
{
    shop s;
    memset(&s, 0, sizeof s);
    kith__imp_units(imp, "orders", NULL, "activities");
    kith_code rc = kith__xcsv_open(imp, path, &s.x);
    if (rc == KITH_OK)
        rc = find_columns(imp, &s);
    while (rc == KITH_OK) {
        char **fields = NULL;
        int n = 0;
        long line = 0;
        int got = kith__xcsv_next(&s.x, imp, &fields, &n, &line);
        if (got < 0) {
            /* Broken quoting: the next record's start is unknown, so even
             * with a reject file the import stops here. */
            rc = KITH_EINPUT;
            break;
        }
        if (got == 0) {
            rc = order_flush(imp, &s);
            break;
        }
        if (!continues(&s, fields, n))
            rc = order_flush(imp, &s);
        if (rc == KITH_OK)
            rc = rows_add(imp, &s, fields, n, line);
    }
    rows_clear(&s);
    free(s.rows);
    kith__xcsv_close(&s.x);
    return rc;
}
