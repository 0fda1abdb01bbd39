/* The generic import formats (members, activities, initiatives, ideas,
 * social_posts, web_sessions): one row handler per format on the generic
 * reader (generic.c). Unknown columns of members and activities are kept
 * in the record's attributes. The column reference is docs/import.md. */
#include <ctype.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/norm.h"
#include "ingest/generic.h"

/* ---------------------------------------------------------------- helpers */

/* A required value present in CSV (a required column) can still be blank. */
static kith_code need(kith_importer *imp, const grec *r, int i)
{
    if (!r->v[i])
        return kith__imp_bad(imp, r->vcol[i], "a value is required");
    return KITH_OK;
}

/* Extras as a JSON object text (malloc'ed) or NULL when there are none. */
static char *extras_json(const grec *r)
{
    if (!r->nx)
        return NULL;
    json_t *o = json_object();
    int any = 0;
    for (int i = 0; i < r->nx; i++) {
        if (strncasecmp(r->xname[i], "handle:", 7) == 0 || kith__blank(r->xval[i]))
            continue;
        json_object_set_new(o, r->xname[i], json_string(r->xval[i]));
        any = 1;
    }
    char *s = any ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(o);
    return s;
}

/* Identity columns shared by members, activities and ideas. */
enum { ID_EMAIL, ID_PHONE, ID_HANDLE, ID_PLATFORM, ID_MEMBER, ID__N };

static int add_identities(kith_importer *imp, kith_member_rec *m, const grec *r,
                          const int idx[ID__N])
{
    if (idx[ID_EMAIL] >= 0 &&
        kith__imp_add_email(imp, m, r->vcol[idx[ID_EMAIL]], r->v[idx[ID_EMAIL]]) < 0)
        return -1;
    if (idx[ID_PHONE] >= 0 &&
        kith__imp_add_phone(imp, m, r->vcol[idx[ID_PHONE]], r->v[idx[ID_PHONE]]) < 0)
        return -1;
    if (idx[ID_HANDLE] >= 0 && r->v[idx[ID_HANDLE]]) {
        const char *h = r->v[idx[ID_HANDLE]];
        const char *plat = idx[ID_PLATFORM] >= 0 ? r->v[idx[ID_PLATFORM]] : NULL;
        char platbuf[40];
        const char *colon = strchr(h, ':');
        if (!plat && colon && colon != h && (size_t)(colon - h) < sizeof platbuf) {
            snprintf(platbuf, sizeof platbuf, "%.*s", (int)(colon - h), h);
            plat = platbuf;
            h = colon + 1;
        }
        if (kith__imp_add_handle(imp, m, r->vcol[idx[ID_HANDLE]], plat, h) < 0)
            return -1;
    }
    if (idx[ID_MEMBER] >= 0 &&
        kith__imp_add_external(imp, m, r->vcol[idx[ID_MEMBER]], "member_id",
                               r->v[idx[ID_MEMBER]]) < 0)
        return -1;
    return 0;
}

/* "handle:<platform>" extra columns add handles too. */
static int add_handle_columns(kith_importer *imp, kith_member_rec *m, const grec *r)
{
    for (int i = 0; i < r->nx; i++)
        if (strncasecmp(r->xname[i], "handle:", 7) == 0 && !kith__blank(r->xval[i]))
            if (kith__imp_add_handle(imp, m, r->xname[i], r->xname[i] + 7, r->xval[i]) <
                0)
                return -1;
    return 0;
}

/* ================================================================ members */

enum {
    M_EMAIL,
    M_PHONE,
    M_HANDLE,
    M_PLATFORM,
    M_MEMBER,
    M_NAME,
    M_KINDS,
    M_FLAGS,
    M_FIRST_SEEN,
    M_LOCATION,
    M_POSTCODE,
    M_LAT,
    M_LON,
    M_INTERESTS,
    M_EXPERTISE,
    M_EMPLOYED_FROM,
    M_EMPLOYED_TO,
    M__N
};

static const gfield member_fields[M__N] = {
    {"email", "e-mail|email_address|mail", 0},
    {"phone", "phone_number|mobile|tel|telephone", 0},
    {"handle", NULL, 0},
    {"platform", NULL, 0},
    {"member_id", "id|member", 0},
    {"name", "display_name|full_name", 0},
    {"kinds", "kind|type|types", 0},
    {"flags", "flag", 0},
    {"first_seen", "joined|joined_at|created_at|since", 0},
    {"location", "city|town", 0},
    {"postcode", "postal_code|zip|zip_code|post_code", 0},
    {"lat", "latitude", 0},
    {"lon", "lng|long|longitude", 0},
    {"interests", NULL, 0},
    {"expertise", "skills", 0},
    {"employed_from", "hired|hired_at|start_date", 0},
    {"employed_to", "left|left_at|end_date", 0},
};

static kith_code member_row(kith_importer *imp, const grec *r)
{
    kith_member_rec m;
    memset(&m, 0, sizeof m);
    static const int idx[ID__N] = {M_EMAIL, M_PHONE, M_HANDLE, M_PLATFORM, M_MEMBER};
    kith_code rc = KITH_OK;
    char *attrs = NULL;
    if (add_identities(imp, &m, r, idx) < 0 || add_handle_columns(imp, &m, r) < 0)
        return KITH_EINPUT;
    m.display_name = r->v[M_NAME];
    const char *bad = NULL;
    if (r->v[M_KINDS] && kith__kinds_parse(r->v[M_KINDS], &m.kinds, &bad) < 0)
        return kith__imp_bad(imp, r->vcol[M_KINDS],
                             "unknown kind '%s' (customer, employee, supplier, "
                             "partner, local_org, online, other)",
                             bad);
    if (r->v[M_FLAGS] && kith__flags_parse(r->v[M_FLAGS], &m.flags, &bad) < 0)
        return kith__imp_bad(imp, r->vcol[M_FLAGS],
                             "unknown flag '%s' (team, bot, local)", bad);
    if (r->v[M_FIRST_SEEN]) {
        rc =
            kith__imp_time(imp, r->vcol[M_FIRST_SEEN], r->v[M_FIRST_SEEN], &m.first_seen);
        if (rc != KITH_OK)
            return rc;
        m.has_first_seen = 1;
    }
    m.location = r->v[M_LOCATION];
    m.postcode = r->v[M_POSTCODE];
    if (r->v[M_LAT] || r->v[M_LON]) {
        if (!r->v[M_LAT] || !r->v[M_LON])
            return kith__imp_bad(imp, r->v[M_LAT] ? r->vcol[M_LON] : r->vcol[M_LAT],
                                 "lat and lon go together");
        rc = kith__imp_number(imp, r->vcol[M_LAT], r->v[M_LAT], &m.lat);
        if (rc == KITH_OK)
            rc = kith__imp_number(imp, r->vcol[M_LON], r->v[M_LON], &m.lon);
        if (rc != KITH_OK)
            return rc;
        if (m.lat < -90 || m.lat > 90 || m.lon < -180 || m.lon > 180)
            return kith__imp_bad(imp, r->vcol[M_LAT], "coordinates out of range");
        m.has_latlon = 1;
    }
    m.interests = r->v[M_INTERESTS];
    m.expertise = r->v[M_EXPERTISE];
    if (r->v[M_EMPLOYED_FROM]) {
        rc = kith__imp_time(imp, r->vcol[M_EMPLOYED_FROM], r->v[M_EMPLOYED_FROM],
                            &m.employed_from);
        if (rc != KITH_OK)
            return rc;
        m.has_employed_from = 1;
        m.kinds |= KITH_KIND_EMPLOYEE;
    }
    if (r->v[M_EMPLOYED_TO]) {
        rc = kith__imp_time(imp, r->vcol[M_EMPLOYED_TO], r->v[M_EMPLOYED_TO],
                            &m.employed_to);
        if (rc != KITH_OK)
            return rc;
        m.has_employed_to = 1;
        if (m.has_employed_from && m.employed_to < m.employed_from)
            return kith__imp_bad(imp, r->vcol[M_EMPLOYED_TO],
                                 "employment ends before it starts");
    }
    attrs = extras_json(r);
    m.attributes_json = attrs;
    int64_t id = 0;
    int64_t before = imp->counts.members_created;
    rc = kith__imp_member(imp, &m, 1, &id);
    if (rc == KITH_OK) {
        if (imp->counts.members_created > before)
            imp->counts.rows_imported++;
        else
            imp->counts.rows_duplicate++;
    }
    free(attrs);
    return rc;
}

kith_code kith__adapt_members(kith_importer *imp, const char *path)
{
    return kith__gen_run(imp, path, member_fields, M__N, 1, member_row);
}

/* ================================================================ activities */

enum {
    A_ID,
    A_TYPE,
    A_AT,
    A_EMAIL,
    A_PHONE,
    A_HANDLE,
    A_PLATFORM,
    A_MEMBER,
    A_NAME,
    A_SUBTYPE,
    A_CHANNEL,
    A_VALUE,
    A_CURRENCY,
    A_TEXT,
    A_T_EMAIL,
    A_T_PHONE,
    A_T_HANDLE,
    A_T_PLATFORM,
    A_T_MEMBER,
    A_INITIATIVE,
    A_CODE,
    A_THREAD,
    A_PARENT,
    A_URL,
    A__N
};

static const gfield activity_fields[A__N] = {
    {"id", "external_id|activity_id", 0},
    {"type", "activity|activity_type", 1},
    {"occurred_at", "date|time|timestamp|at|when", 1},
    {"email", "e-mail|email_address|member_email", 0},
    {"phone", "phone_number|member_phone", 0},
    {"handle", "member_handle", 0},
    {"platform", NULL, 0},
    {"member_id", "member", 0},
    {"name", "member_name|display_name", 0},
    {"subtype", "survey|kind", 0},
    {"channel", NULL, 0},
    {"value", "amount|score|hours", 0},
    {"currency", NULL, 0},
    {"text", "body|content|message|comment", 0},
    {"target_email", NULL, 0},
    {"target_phone", NULL, 0},
    {"target_handle", NULL, 0},
    {"target_platform", NULL, 0},
    {"target_member_id", "target|target_member", 0},
    {"initiative", "initiative_name|campaign_name", 0},
    {"code", "discount_code|utm_campaign|promo_code", 0},
    {"thread_id", "thread", 0},
    {"parent_id", "parent|parent_external_id|reply_to", 0},
    {"url", "link", 0},
};

/* Types whose value is required, and what it means. */
static const char *value_meaning(const char *type)
{
    if (!strcmp(type, "purchase") || !strcmp(type, "refund") || !strcmp(type, "supply"))
        return "the amount";
    if (!strcmp(type, "donation"))
        return "the amount donated";
    if (!strcmp(type, "volunteer"))
        return "the hours volunteered";
    if (!strcmp(type, "survey_response"))
        return "the score 0-10";
    return NULL;
}

static kith_code activity_row(kith_importer *imp, const grec *r)
{
    kith_code rc = need(imp, r, A_TYPE);
    if (rc == KITH_OK)
        rc = need(imp, r, A_AT);
    if (rc != KITH_OK)
        return rc;
    char type[40];
    snprintf(type, sizeof type, "%s", r->v[A_TYPE]);
    kith__trim(type);
    for (char *p = type; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    if (!kith__activity_type_known(type))
        return kith__imp_bad(imp, r->vcol[A_TYPE],
                             "unknown activity type '%.40s' (see docs/import.md)",
                             r->v[A_TYPE]);
    kith_activity_rec a;
    memset(&a, 0, sizeof a);
    a.type = type;
    rc = kith__imp_time(imp, r->vcol[A_AT], r->v[A_AT], &a.occurred_at);
    if (rc != KITH_OK)
        return rc;
    const char *meaning = value_meaning(type);
    if (r->v[A_VALUE]) {
        rc = kith__imp_number(imp, r->vcol[A_VALUE], r->v[A_VALUE], &a.value);
        if (rc != KITH_OK)
            return rc;
        a.has_value = 1;
    } else if (meaning) {
        return kith__imp_bad(imp, r->vcol[A_VALUE], "a %s activity needs %s", type,
                             meaning);
    }
    if (meaning && strcmp(type, "survey_response") != 0 && a.value < 0)
        return kith__imp_bad(imp, r->vcol[A_VALUE], "%s cannot be negative", meaning);
    a.subtype = r->v[A_SUBTYPE];
    if (!strcmp(type, "survey_response")) {
        if (!a.subtype)
            a.subtype = "nps";
        if ((!strcmp(a.subtype, "nps") || !strcmp(a.subtype, "enps")) &&
            (a.value < 0 || a.value > 10 || a.value != (double)(int)a.value))
            return kith__imp_bad(imp, r->vcol[A_VALUE],
                                 "an %s score must be a whole number 0-10", a.subtype);
    }

    kith_member_rec who;
    memset(&who, 0, sizeof who);
    static const int idx[ID__N] = {A_EMAIL, A_PHONE, A_HANDLE, A_PLATFORM, A_MEMBER};
    if (add_identities(imp, &who, r, idx) < 0 || add_handle_columns(imp, &who, r) < 0)
        return KITH_EINPUT;
    who.display_name = r->v[A_NAME];
    if (!strcmp(type, "purchase") || !strcmp(type, "refund"))
        who.kinds |= KITH_KIND_CUSTOMER;
    if (!strcmp(type, "supply"))
        who.kinds |= KITH_KIND_SUPPLIER;
    who.first_seen = a.occurred_at;
    who.has_first_seen = 1;
    rc = kith__imp_member(imp, &who, 0, &a.member_id);
    if (rc != KITH_OK)
        return rc;

    kith_member_rec tgt;
    memset(&tgt, 0, sizeof tgt);
    static const int tidx[ID__N] = {A_T_EMAIL, A_T_PHONE, A_T_HANDLE, A_T_PLATFORM,
                                    A_T_MEMBER};
    if (add_identities(imp, &tgt, r, tidx) < 0)
        return KITH_EINPUT;
    if (tgt.nids) {
        rc = kith__imp_member(imp, &tgt, 0, &a.target_member_id);
        if (rc != KITH_OK)
            return rc;
    }
    if (r->v[A_INITIATIVE]) {
        rc = kith__imp_initiative_by_name(imp, r->v[A_INITIATIVE], &a.initiative_id);
        if (rc != KITH_OK)
            return rc;
    } else if (r->v[A_CODE]) {
        rc = kith__imp_initiative_by_code(imp, r->v[A_CODE], &a.initiative_id);
        if (rc != KITH_OK)
            return rc;
    }
    a.channel = r->v[A_CHANNEL];
    a.currency = r->v[A_CURRENCY];
    char cur[4];
    if (meaning && a.currency && strcmp(type, "survey_response") &&
        strcmp(type, "volunteer")) {
        /* An amount's currency: named by the file's own column in errors. */
        rc = kith__imp_currency(imp, r->vcol[A_CURRENCY], a.currency, cur);
        if (rc != KITH_OK)
            return rc;
        a.currency = cur[0] ? cur : NULL;
    }
    a.text = r->v[A_TEXT];
    a.code = r->v[A_CODE];
    a.thread_id = r->v[A_THREAD];
    a.parent_external_id = r->v[A_PARENT];
    a.url = r->v[A_URL];
    char hid[40];
    if (r->v[A_ID]) {
        a.external_id = r->v[A_ID];
    } else {
        /* No id column: a stable id from the row's content, so that a
         * re-import of the same rows adds nothing. */
        const char *parts[A__N];
        for (int i = 0; i < A__N; i++)
            parts[i] = r->v[i];
        kith__hash_id(hid, parts, A__N);
        a.external_id = hid;
    }
    char *attrs = extras_json(r);
    a.attributes_json = attrs;
    rc = kith__imp_activity(imp, &a);
    free(attrs);
    return rc;
}

kith_code kith__adapt_activities(kith_importer *imp, const char *path)
{
    return kith__gen_run(imp, path, activity_fields, A__N, 1, activity_row);
}

/* ================================================================ initiatives */

enum {
    I_NAME,
    I_KIND,
    I_CHANNEL,
    I_STARTS,
    I_ENDS,
    I_COST,
    I_INKIND,
    I_HOURS,
    I_CODES,
    I_UTM,
    I__N
};

static const gfield initiative_fields[I__N] = {
    {"name", "initiative|title", 1},
    {"kind", "type", 0},
    {"channel", NULL, 0},
    {"starts_at", "start|start_date|starts", 0},
    {"ends_at", "end|end_date|ends", 0},
    {"cost", "budget|cash_cost", 0},
    {"in_kind_cost", "in_kind", 0},
    {"volunteer_hours", "hours", 0},
    {"codes", "code|discount_codes|discount_code", 0},
    {"utm_campaign", "utm|campaign", 0},
};

static kith_code opt_number(kith_importer *imp, const grec *r, int i, double *out)
{
    *out = 0;
    if (!r->v[i])
        return KITH_OK;
    kith_code rc = kith__imp_number(imp, r->vcol[i], r->v[i], out);
    if (rc == KITH_OK && *out < 0)
        return kith__imp_bad(imp, r->vcol[i], "cannot be negative");
    return rc;
}

static kith_code initiative_row(kith_importer *imp, const grec *r)
{
    kith_code rc = need(imp, r, I_NAME);
    if (rc != KITH_OK)
        return rc;
    kith_initiative_rec in;
    memset(&in, 0, sizeof in);
    in.name = r->v[I_NAME];
    in.kind = r->v[I_KIND];
    in.channel = r->v[I_CHANNEL];
    in.codes = r->v[I_CODES];
    in.utm_campaign = r->v[I_UTM];
    if (r->v[I_STARTS]) {
        rc = kith__imp_time(imp, r->vcol[I_STARTS], r->v[I_STARTS], &in.starts_at);
        if (rc != KITH_OK)
            return rc;
        in.has_starts_at = 1;
    }
    if (r->v[I_ENDS]) {
        rc = kith__imp_time(imp, r->vcol[I_ENDS], r->v[I_ENDS], &in.ends_at);
        if (rc != KITH_OK)
            return rc;
        in.has_ends_at = 1;
        if (in.has_starts_at && in.ends_at < in.starts_at)
            return kith__imp_bad(imp, r->vcol[I_ENDS], "ends before it starts");
    }
    rc = opt_number(imp, r, I_COST, &in.cost);
    if (rc == KITH_OK)
        rc = opt_number(imp, r, I_INKIND, &in.in_kind_cost);
    if (rc == KITH_OK)
        rc = opt_number(imp, r, I_HOURS, &in.volunteer_hours);
    if (rc != KITH_OK)
        return rc;
    int inserted = 0;
    rc = kith__st_initiative_upsert(imp->st, imp->org, &in, imp->batch, &inserted,
                                    imp->err);
    if (rc != KITH_OK)
        return rc;
    /* Codes may now match: forget cached lookups. */
    kith__strmap_clear(&imp->inits);
    if (inserted)
        imp->counts.rows_imported++;
    else
        imp->counts.rows_duplicate++;
    return KITH_OK;
}

kith_code kith__adapt_initiatives(kith_importer *imp, const char *path)
{
    return kith__gen_run(imp, path, initiative_fields, I__N, 0, initiative_row);
}

/* ================================================================ ideas */

enum {
    D_ID,
    D_TITLE,
    D_STATUS,
    D_PROPOSED,
    D_CHANGED,
    D_SHIPPED,
    D_EMAIL,
    D_PHONE,
    D_HANDLE,
    D_PLATFORM,
    D_MEMBER,
    D_ACT_SOURCE,
    D_ACT_ID,
    D__N
};

static const gfield idea_fields[D__N] = {
    {"id", "idea_id|external_id", 0},
    {"title", "idea|name|summary", 1},
    {"status", NULL, 1},
    {"proposed_at", "proposed|created_at|date", 1},
    {"status_changed_at", "changed_at|updated_at", 0},
    {"shipped_at", "shipped", 0},
    {"email", "origin_email", 0},
    {"phone", "origin_phone", 0},
    {"handle", "origin_handle", 0},
    {"platform", "origin_platform", 0},
    {"member_id", "origin_member_id|origin_member", 0},
    {"origin_activity_source", "activity_source", 0},
    {"origin_activity_id", "activity_id", 0},
};

static const char *const idea_statuses[] = {"proposed", "under_review", "planned",
                                            "shipped",  "declined",     NULL};

static kith_code idea_row(kith_importer *imp, const grec *r)
{
    kith_code rc = need(imp, r, D_TITLE);
    if (rc == KITH_OK)
        rc = need(imp, r, D_STATUS);
    if (rc == KITH_OK)
        rc = need(imp, r, D_PROPOSED);
    if (rc != KITH_OK)
        return rc;
    kith_idea_rec d;
    memset(&d, 0, sizeof d);
    d.title = r->v[D_TITLE];
    char status[32];
    snprintf(status, sizeof status, "%s", r->v[D_STATUS]);
    kith__trim(status);
    for (char *p = status; *p; p++) {
        if (*p == ' ') {
            *p = '_';
            continue;
        }
        /* tolower of an unsigned char is a char again. */
        // NOLINTNEXTLINE(bugprone-narrowing-conversions)
        *p = (char)tolower((unsigned char)*p);
    }
    int ok = 0;
    for (int i = 0; idea_statuses[i]; i++)
        ok |= !strcmp(status, idea_statuses[i]);
    if (!ok)
        return kith__imp_bad(imp, r->vcol[D_STATUS],
                             "unknown status '%.30s' (proposed, under_review, "
                             "planned, shipped, declined)",
                             r->v[D_STATUS]);
    d.status = status;
    rc = kith__imp_time(imp, r->vcol[D_PROPOSED], r->v[D_PROPOSED], &d.proposed_at);
    if (rc != KITH_OK)
        return rc;
    if (r->v[D_CHANGED]) {
        rc = kith__imp_time(imp, r->vcol[D_CHANGED], r->v[D_CHANGED],
                            &d.status_changed_at);
        if (rc != KITH_OK)
            return rc;
        d.has_status_changed_at = 1;
    }
    if (r->v[D_SHIPPED]) {
        rc = kith__imp_time(imp, r->vcol[D_SHIPPED], r->v[D_SHIPPED], &d.shipped_at);
        if (rc != KITH_OK)
            return rc;
        d.has_shipped_at = 1;
    }
    if (!strcmp(status, "shipped") && !d.has_shipped_at) {
        if (!d.has_status_changed_at)
            return kith__imp_bad(
                imp, r->vcol[D_SHIPPED],
                "a shipped idea needs shipped_at (or status_changed_at)");
        d.shipped_at = d.status_changed_at;
        d.has_shipped_at = 1;
    }
    if (d.has_shipped_at && d.shipped_at < d.proposed_at)
        return kith__imp_bad(imp, r->vcol[D_SHIPPED], "shipped before it was proposed");
    if (d.has_shipped_at && !d.has_status_changed_at && !strcmp(status, "shipped")) {
        d.status_changed_at = d.shipped_at;
        d.has_status_changed_at = 1;
    }
    kith_member_rec who;
    memset(&who, 0, sizeof who);
    static const int idx[ID__N] = {D_EMAIL, D_PHONE, D_HANDLE, D_PLATFORM, D_MEMBER};
    if (add_identities(imp, &who, r, idx) < 0)
        return KITH_EINPUT;
    if (who.nids) {
        rc = kith__imp_member(imp, &who, 0, &d.origin_member_id);
        if (rc != KITH_OK)
            return rc;
    }
    d.origin_activity_source = r->v[D_ACT_SOURCE] ? r->v[D_ACT_SOURCE] : imp->source;
    d.origin_activity_external_id = r->v[D_ACT_ID];
    char hid[40];
    if (r->v[D_ID]) {
        d.external_id = r->v[D_ID];
    } else {
        const char *parts[] = {r->v[D_TITLE], r->v[D_PROPOSED]};
        kith__hash_id(hid, parts, 2);
        d.external_id = hid;
    }
    d.batch_id = imp->batch;
    int inserted = 0;
    rc = kith__st_idea_insert(imp->st, imp->org, &d, &inserted, imp->err);
    if (rc != KITH_OK)
        return rc;
    if (inserted)
        imp->counts.rows_imported++;
    else
        imp->counts.rows_duplicate++;
    return KITH_OK;
}

kith_code kith__adapt_ideas(kith_importer *imp, const char *path)
{
    return kith__gen_run(imp, path, idea_fields, D__N, 0, idea_row);
}

/* ================================================================ social posts */

enum { S_ID, S_CHANNEL, S_AT, S_REACH, S_IMPR, S_REACT, S_COMM, S_SHARE, S_SAVE, S__N };

static const gfield social_fields[S__N] = {
    {"id", "post_id|external_id", 1},
    {"channel", "platform|network", 1},
    {"published_at", "date|published|time|posted_at", 1},
    {"reach", NULL, 0},
    {"impressions", "views", 0},
    {"reactions", "likes", 0},
    {"comments", NULL, 0},
    {"shares", "reposts|retweets", 0},
    {"saves", "bookmarks", 0},
};

static kith_code opt_count(kith_importer *imp, const grec *r, int i, int64_t *out)
{
    *out = 0;
    if (!r->v[i])
        return KITH_OK;
    return kith__imp_int(imp, r->vcol[i], r->v[i], out);
}

static kith_code social_row(kith_importer *imp, const grec *r)
{
    kith_code rc = KITH_OK;
    for (int i = S_ID; i <= S_AT && rc == KITH_OK; i++)
        rc = need(imp, r, i);
    if (rc != KITH_OK)
        return rc;
    kith_social_post_rec p;
    memset(&p, 0, sizeof p);
    p.external_id = r->v[S_ID];
    p.channel = r->v[S_CHANNEL];
    rc = kith__imp_time(imp, r->vcol[S_AT], r->v[S_AT], &p.published_at);
    int64_t *dst[] = {&p.reach,    &p.impressions, &p.reactions,
                      &p.comments, &p.shares,      &p.saves};
    for (int i = 0; i < 6 && rc == KITH_OK; i++)
        rc = opt_count(imp, r, S_REACH + i, dst[i]);
    if (rc != KITH_OK)
        return rc;
    p.batch_id = imp->batch;
    int inserted = 0;
    rc = kith__st_social_post_insert(imp->st, imp->org, &p, &inserted, imp->err);
    if (rc != KITH_OK)
        return rc;
    if (inserted)
        imp->counts.rows_imported++;
    else
        imp->counts.rows_duplicate++;
    return KITH_OK;
}

kith_code kith__adapt_social_posts(kith_importer *imp, const char *path)
{
    return kith__gen_run(imp, path, social_fields, S__N, 0, social_row);
}

/* ================================================================ web sessions */

enum {
    W_DAY,
    W_SOURCE,
    W_MEDIUM,
    W_CAMPAIGN,
    W_REGION,
    W_CITY,
    W_SESSIONS,
    W_CONV,
    W__N
};

static const gfield web_fields[W__N] = {
    {"day", "date", 1},
    {"source", "utm_source|referrer|session_source", 0},
    {"medium", "utm_medium|session_medium", 0},
    {"campaign", "utm_campaign|session_campaign", 0},
    {"region", NULL, 0},
    {"city", NULL, 0},
    {"sessions", "visits", 1},
    {"conversions", "key_events|transactions", 0},
};

static kith_code web_row(kith_importer *imp, const grec *r)
{
    kith_code rc = need(imp, r, W_DAY);
    if (rc == KITH_OK)
        rc = need(imp, r, W_SESSIONS);
    if (rc != KITH_OK)
        return rc;
    kith_web_session_rec w;
    memset(&w, 0, sizeof w);
    rc = kith__imp_time(imp, r->vcol[W_DAY], r->v[W_DAY], &w.day);
    if (rc == KITH_OK)
        rc = kith__imp_int(imp, r->vcol[W_SESSIONS], r->v[W_SESSIONS], &w.sessions);
    if (rc == KITH_OK)
        rc = opt_count(imp, r, W_CONV, &w.conversions);
    if (rc != KITH_OK)
        return rc;
    if (w.conversions > w.sessions)
        return kith__imp_bad(imp, r->vcol[W_CONV], "more conversions than sessions");
    w.source = r->v[W_SOURCE];
    w.medium = r->v[W_MEDIUM];
    w.campaign = r->v[W_CAMPAIGN];
    w.region = r->v[W_REGION];
    w.city = r->v[W_CITY];
    w.batch_id = imp->batch;
    int inserted = 0;
    rc = kith__st_web_session_insert(imp->st, imp->org, &w, &inserted, imp->err);
    if (rc != KITH_OK)
        return rc;
    if (inserted)
        imp->counts.rows_imported++;
    else
        imp->counts.rows_duplicate++;
    return KITH_OK;
}

kith_code kith__adapt_web_sessions(kith_importer *imp, const char *path)
{
    return kith__gen_run(imp, path, web_fields, W__N, 0, web_row);
}
