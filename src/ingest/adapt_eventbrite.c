/* Adapter for the Eventbrite attendee report (Reports > Attendee summary,
 * CSV): one row per ticket, one event_attend activity per attendee that
 * holds a valid ticket. Mapping and decisions: docs/import.md, section
 * eventbrite. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/norm.h"
#include "ingest/xcsv.h"

enum {
    /* required */
    E_ORDER,
    E_DATE,
    E_FIRST,
    E_LAST,
    E_EMAIL,
    E_STATUS,
    /* optional */
    E_ATTENDEE,
    E_EVENT,
    E_TICKET,
    E_CELL,
    E_HOME,
    E_CURRENCY,
    E_PAID,
    E_ORDER_TYPE,
    E_CHECKED,
    E_COUNTRY,
    E__N
};
#define E_NREQ (E_STATUS + 1)

/* Each column by the names Eventbrite gives it: the current report first,
 * then other locales' and older layouts' (matched ignoring case). */
static const char *const col_names[E__N][5] = {
    {"Order #", "Order no.", "Order No", "Order number", NULL},
    {"Order Date", "Order Placed", NULL},
    {"First Name", "Forename", NULL},
    {"Last Name", "Surname", NULL},
    {"Email", "Email Address", "E-mail", NULL},
    {"Attendee Status", "Status", NULL},
    {"Attendee #", "Attendee no.", "Attendee No", "Attendee number", NULL},
    {"Event Name", "Event", NULL},
    {"Ticket Type", NULL},
    {"Cell Phone", "Mobile Phone", "Mobile", NULL},
    {"Home Phone", "Phone", NULL},
    {"Currency", NULL},
    {"Total Paid", NULL},
    {"Order Type", NULL},
    {"Checked In", "Check-In Status", NULL},
    {"Home Country", "Country", NULL}};

typedef struct ebrite {
    kith_xcsv x;
    int c[E__N];
    kith_strmap tickets; /* order -> tickets seen, when there is no Attendee # */
} ebrite;

static const char *col(const ebrite *e, int c)
{
    return e->c[c] >= 0 ? e->x.header[e->c[c]] : col_names[c][0];
}

static const char *get(const ebrite *e, char *const *f, int c)
{
    return kith__xcsv_val(f, e->c[c]);
}

/* Attendee Status -> subtype; NULL with *skip set for tickets that are no
 * longer valid; NULL without skip when unknown. */
static const char *status_subtype(const char *raw, int *skip)
{
    static const char *const gone[] = {
        "not attending", "refunded",    "cancelled", "canceled",
        "deleted",       "transferred", NULL};
    char s[40];
    snprintf(s, sizeof s, "%s", raw);
    kith__trim(s);
    *skip = 0;
    if (strcasecmp(s, "checked in") == 0)
        return "checked_in";
    if (strcasecmp(s, "attending") == 0)
        return "registered";
    for (int i = 0; gone[i]; i++)
        if (strcasecmp(s, gone[i]) == 0)
            *skip = 1;
    return NULL;
}

static int yes(const char *raw)
{
    char s[16];
    snprintf(s, sizeof s, "%s", raw);
    kith__trim(s);
    return !strcasecmp(s, "yes") || !strcasecmp(s, "true") || !strcmp(s, "1") ||
           !strcasecmp(s, "checked in");
}

/* "First Last", either part may be missing; NULL when both are. */
static const char *full_name(const ebrite *e, char *const *f, char *buf, size_t n)
{
    const char *first = get(e, f, E_FIRST);
    const char *last = get(e, f, E_LAST);
    if (!first && !last)
        return NULL;
    snprintf(buf, n, "%s%s%s", first ? first : "", first && last ? " " : "",
             last ? last : "");
    kith__trim(buf);
    return buf;
}

static char *ticket_attributes(const ebrite *e, char *const *f)
{
    json_t *a = json_object();
    static const struct {
        int c;
        const char *key;
    } keep[] = {{E_ORDER, "order"},           {E_TICKET, "ticket_type"},
                {E_PAID, "total_paid"},       {E_CURRENCY, "currency"},
                {E_ORDER_TYPE, "order_type"}, {E_STATUS, "attendee_status"}};
    for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
        const char *v = get(e, f, keep[i].c);
        if (v)
            json_object_set_new(a, keep[i].key, json_string(v));
    }
    char *text = json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(a);
    return text;
}

static kith_code attendee_row(kith_importer *imp, ebrite *e, char *const *f)
{
    const char *order = get(e, f, E_ORDER);
    if (!order)
        return kith__imp_bad(imp, col(e, E_ORDER), "a value is required");
    const char *attendee = get(e, f, E_ATTENDEE);
    if (!attendee && e->c[E_ATTENDEE] >= 0)
        return kith__imp_bad(imp, col(e, E_ATTENDEE), "a value is required");
    const char *status = get(e, f, E_STATUS);
    if (!status)
        return kith__imp_bad(imp, col(e, E_STATUS), "a value is required");
    int skip = 0;
    const char *subtype = status_subtype(status, &skip);
    /* Some report layouts mark check-in in a column of its own (Yes/No). */
    const char *checked = get(e, f, E_CHECKED);
    if (subtype && checked && yes(checked))
        subtype = "checked_in";
    if (!subtype && !skip)
        return kith__imp_bad(imp, col(e, E_STATUS),
                             "unknown attendee status '%.40s' (Attending, Checked "
                             "In, Not Attending, Refunded, Cancelled, Deleted, "
                             "Transferred)",
                             status);
    const char *date = get(e, f, E_DATE);
    if (!date)
        return kith__imp_bad(imp, col(e, E_DATE), "a value is required");
    kith_activity_rec a;
    memset(&a, 0, sizeof a);
    kith_code rc = kith__imp_time(imp, col(e, E_DATE), date, &a.occurred_at);
    if (rc != KITH_OK)
        return rc;

    /* Without an Attendee # column (older layouts), a ticket is its order
     * and its place among the order's rows: 9000000001:2. */
    char ext[300];
    if (attendee) {
        snprintf(ext, sizeof ext, "%s", attendee);
    } else {
        char okey[256];
        snprintf(okey, sizeof okey, "%s", order);
        kith__trim(okey);
        int64_t n = 0;
        kith__strmap_get(&e->tickets, okey, &n);
        if (kith__strmap_put(&e->tickets, okey, n + 1) != KITH_OK)
            return kith_error_set(imp->err, KITH_ENOMEM, "out of memory");
        snprintf(ext, sizeof ext, "%s:%lld", okey, (long long)n + 1);
    }
    kith__trim(ext);

    kith_member_rec m;
    memset(&m, 0, sizeof m);
    const char *email = get(e, f, E_EMAIL);
    if (!email)
        return kith__imp_bad(imp, col(e, E_EMAIL),
                             "a value is required (the attendee's identity)");
    const char *cc = kith__country_calling_code(get(e, f, E_COUNTRY));
    /* Email and phones are optional identities: one that cannot be read is
     * left out with a warning. */
    if (kith__imp_opt_email(imp, &m, col(e, E_EMAIL), email, "attendee") < 0 ||
        kith__imp_opt_phone(imp, &m, col(e, E_CELL), get(e, f, E_CELL), cc, "attendee") <
            0 ||
        kith__imp_opt_phone(imp, &m, col(e, E_HOME), get(e, f, E_HOME), cc, "attendee") <
            0)
        return KITH_EINPUT;
    /* Checked above in full so that a bad row is bad whatever its status;
     * a ticket that is no longer valid leaves no trace. */
    if (skip) {
        kith__imp_skip(imp, "tickets not attending, refunded or cancelled");
        return KITH_OK;
    }
    if (m.nids == 0) {
        /* No readable email nor phone: the ticket is a person of its own,
         * as a Shopify guest order is. */
        if (kith__imp_add_external(imp, &m, col(e, E_EMAIL), "eventbrite-attendee", ext) <
            0)
            return KITH_EINPUT;
        m.attributes_json = "{\"eventbrite_no_email\":true}";
    }
    char name[512];
    m.display_name = full_name(e, f, name, sizeof name);
    m.first_seen = a.occurred_at;
    m.has_first_seen = 1;
    rc = kith__imp_member(imp, &m, 0, &a.member_id);
    if (rc != KITH_OK)
        return rc;
    const char *event = get(e, f, E_EVENT);
    if (event) {
        rc = kith__imp_initiative_by_name(imp, event, &a.initiative_id);
        if (rc != KITH_OK)
            return rc;
    }
    a.type = "event_attend";
    a.subtype = subtype;
    a.external_id = ext;
    char *attrs = ticket_attributes(e, f);
    a.attributes_json = attrs;
    rc = kith__imp_activity(imp, &a);
    free(attrs);
    return rc;
}

/* The column of each field, by any of its names. */
static kith_code find_columns(kith_importer *imp, ebrite *e)
{
    for (int i = 0; i < E__N; i++) {
        e->c[i] = -1;
        for (int k = 0; col_names[i][k] && e->c[i] < 0; k++)
            e->c[i] = kith__xcsv_col(&e->x, col_names[i][k]);
        if (e->c[i] < 0 && i < E_NREQ)
            return kith__xcsv_need(imp, &e->x, col_names[i][0], &e->c[i]);
    }
    /* Attendee # is the ticket's own id; without it tickets are numbered
     * within their order, which a re-export in another order would
     * change: said once. */
    if (e->c[E_ATTENDEE] < 0)
        kith__imp_note(imp,
                       "the report has no Attendee # column: each ticket is its order "
                       "number and its place in the order (9000000001:2); import later "
                       "reports of the same event in the same layout");
    return KITH_OK;
}

kith_code kith__adapt_eventbrite(kith_importer *imp, const char *path)
{
    ebrite e;
    memset(&e, 0, sizeof e);
    kith__strmap_init(&e.tickets);
    kith__imp_units(imp, "tickets", NULL, "activities");
    kith_code rc = kith__xcsv_open(imp, path, &e.x);
    if (rc == KITH_OK)
        rc = find_columns(imp, &e);
    while (rc == KITH_OK) {
        char **fields = NULL;
        int n = 0;
        long line = 0;
        int got = kith__xcsv_next(&e.x, imp, &fields, &n, &line);
        if (got < 0) {
            rc = KITH_EINPUT; /* broken quoting: cannot resync */
            break;
        }
        if (got == 0)
            break;
        rc = kith__imp_row_begin(imp, line);
        if (rc != KITH_OK)
            break;
        kith__imp_raw_fields(imp, fields, n);
        kith_code row = kith__xcsv_check_width(imp, &e.x, n);
        if (row == KITH_OK)
            row = attendee_row(imp, &e, fields);
        rc = kith__imp_row_end(imp, row);
    }
    kith__xcsv_close(&e.x);
    kith__strmap_free(&e.tickets);
    return rc;
}
