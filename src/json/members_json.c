/* JSON views of members: a page of the member list, one member's profile,
 * the merge log and the merge suggestions (kith members ... --format json
 * and the /api/v1/members and /api/v1/merges routes). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeparse.h"
#include "json/jv.h"
#include "kith/churn.h"
#include "kith/clv.h"
#include "kith/graph.h"
#include "kith/ingest.h"
#include "kith/members.h"
#include "kith/metrics.h"
#include "kith/segments.h"
#include "kith/time.h"
#include "store/store_int.h"

#define OOM(err) kith_error_set(err, KITH_ENOMEM, "out of memory")

/* The fields of a member row (shared by the list and the profile). */
static int member_fields(json_t *o, const kith_member_row *r)
{
    int bad = 0;
    bad |= kith__jv_set(o, "id", json_integer(r->id));
    bad |= kith__jv_set(o, "name", kith__jv_text(r->name));
    bad |= kith__jv_set(o, "kinds", kith__jv_text(r->kinds));
    bad |= kith__jv_set(o, "flags", kith__jv_text(r->flags));
    bad |= kith__jv_set(o, "email", kith__jv_text(r->email));
    bad |= kith__jv_set(o, "postcode", kith__jv_text(r->postcode));
    bad |= kith__jv_set(o, "location", kith__jv_text(r->location));
    bad |= kith__jv_set(o, "first_seen", kith__jv_time_or_null(r->first_seen));
    bad |= kith__jv_set(o, "merged_into",
                        r->merged_into ? json_integer(r->merged_into) : json_null());
    bad |= kith__jv_set(o, "activities", json_integer(r->n_activities));
    bad |= kith__jv_set(o, "last_activity", kith__jv_time_or_null(r->last_activity));
    return bad;
}

/* ------------------------------------------------------------ list */

/* Scores of the org's members at the metrics' as_of, sorted by id: the
 * members with love > 0 (their level; every other member is level 0) and
 * the members at risk. Loaded only for the filters that need them. */
typedef struct levels {
    kith_member_score *s, *risk;
    size_t n, nrisk;
} levels;

static int cmp_id(const void *a, const void *b)
{
    const kith_member_score *x = a, *y = b;
    return (x->member_id > y->member_id) - (x->member_id < y->member_id);
}

static kith_code levels_load(kith_store *st, int64_t org, const kith_member_filter *f,
                             levels *lv, kith_error *err)
{
    kith_metrics *m = NULL;
    kith_code rc = kith_metrics_open(st, org, NULL, &m, err);
    if (rc == KITH_OK && f->has_level)
        rc = kith_metric_love_top(m, kith_metrics_as_of(m), -1, 0, &lv->s, &lv->n, err);
    if (rc == KITH_OK && f->at_risk)
        rc = kith_metric_at_risk(m, kith_metrics_as_of(m), &lv->risk, &lv->nrisk, err);
    if (rc == KITH_OK && lv->n)
        qsort(lv->s, lv->n, sizeof *lv->s, cmp_id);
    if (rc == KITH_OK && lv->nrisk)
        qsort(lv->risk, lv->nrisk, sizeof *lv->risk, cmp_id);
    kith_metrics_close(m);
    return rc;
}

static const kith_member_score *score_of(const kith_member_score *s, size_t n, int64_t id)
{
    kith_member_score key;
    key.member_id = id;
    return n ? bsearch(&key, s, n, sizeof *s, cmp_id) : NULL;
}

/* kith_members_select's filters on the scores and the segment, in front of
 * the caller's callback. */
typedef struct level_ctx {
    const levels *lv;
    const kith_member_filter *f;
    int64_t n;
    kith_member_cb cb;
    void *ud;
} level_ctx;

static int level_row(void *ud, const kith_member_row *r)
{
    level_ctx *c = ud;
    if (c->f->segments && kith_segments_member(c->f->segments, r->id) != c->f->segment)
        return 0;
    const kith_member_score *hit = score_of(c->lv->s, c->lv->n, r->id);
    if (c->f->has_level && (hit ? hit->level : 0) != c->f->level)
        return 0;
    if (c->f->at_risk && !score_of(c->lv->risk, c->lv->nrisk, r->id))
        return 0;
    c->n++;
    /* The query has no limit: stop at a full page. */
    return c->cb(c->ud, r) || (c->f->limit > 0 && c->n >= c->f->limit);
}

kith_code kith_members_select(kith_store *st, int64_t org_id, const kith_member_filter *f,
                              kith_member_cb cb, void *ud, kith_error *err)
{
    if (!f || (!f->has_level && !f->at_risk && !f->segments))
        return kith_members_list(st, org_id, f, cb, ud, err);
    if (f->has_level && (f->level < 0 || f->level > 4))
        return kith_error_set(err, KITH_EUSAGE, "level %d: use 0 to 4", f->level);
    levels lv = {NULL, NULL, 0, 0};
    kith_code rc =
        f->has_level || f->at_risk ? levels_load(st, org_id, f, &lv, err) : KITH_OK;
    level_ctx c = {&lv, f, 0, cb, ud};
    kith_member_filter q = *f;
    q.limit = 0;
    if (rc == KITH_OK)
        rc = kith_members_list(st, org_id, &q, level_row, &c, err);
    free(lv.s);
    free(lv.risk);
    return rc;
}

typedef struct list_ctx {
    json_t *arr;
    int64_t n, last;
    int bad;
} list_ctx;

static int list_row(void *ud, const kith_member_row *r)
{
    list_ctx *c = ud;
    json_t *o = json_object();
    c->bad |= !o || member_fields(o, r);
    c->bad |= kith__jv_push(c->arr, o);
    c->n++;
    c->last = r->id;
    return c->bad;
}

kith_code kith_members_json(kith_store *st, int64_t org_id, const kith_member_filter *f,
                            char **out, kith_error *err)
{
    *out = NULL;
    list_ctx c = {json_array(), 0, 0, 0};
    json_t *root = json_object();
    kith_code rc =
        c.arr && root ? kith_members_select(st, org_id, f, list_row, &c, err) : OOM(err);
    int full = f && f->limit > 0 && c.n >= f->limit;
    if (rc == KITH_OK &&
        (c.bad || kith__jv_set(root, "members", c.arr) ||
         kith__jv_set(root, "next_cursor",
                      full ? json_sprintf("%lld", (long long)c.last) : json_null())))
        rc = OOM(err);
    else if (rc != KITH_OK)
        json_decref(c.arr);
    if (rc != KITH_OK) {
        json_decref(root);
        return rc;
    }
    return kith__jv_dump(root, out, err);
}

/* ------------------------------------------------------------ profile */

typedef struct arr_ctx {
    json_t *arr;
    int bad;
    const char *currency; /* type_row: the org's currency */
} arr_ctx;

static int ident_row(void *ud, const kith_identity_row *r)
{
    arr_ctx *c = ud;
    json_t *o = json_object();
    c->bad |= !o;
    if (o) {
        c->bad |= kith__jv_set(o, "kind", kith__jv_text(r->kind));
        c->bad |= kith__jv_set(o, "value", kith__jv_text(r->value));
        c->bad |= kith__jv_set(o, "source", kith__jv_text(r->source));
    }
    c->bad |= kith__jv_push(c->arr, o);
    return c->bad;
}

/* One type (per currency for money types: amounts in different currencies
 * are never added up); "currency" is null for the other types. */
static int type_row(void *ud, const kith_type_count *r)
{
    arr_ctx *c = ud;
    int money = !strcmp(r->type, "purchase") || !strcmp(r->type, "refund") ||
                !strcmp(r->type, "donation") || !strcmp(r->type, "supply");
    json_t *o = json_object();
    c->bad |= !o;
    if (o) {
        c->bad |= kith__jv_set(o, "type", kith__jv_text(r->type));
        c->bad |= kith__jv_set(o, "count", json_integer(r->n));
        c->bad |= kith__jv_set(o, "first", kith__jv_time_or_null(r->first));
        c->bad |= kith__jv_set(o, "last", kith__jv_time_or_null(r->last));
        c->bad |= kith__jv_set(o, "value_sum", kith__jv_real(r->value_sum));
        c->bad |= kith__jv_set(o, "currency",
                               !money           ? json_null()
                               : r->currency[0] ? kith__jv_text(r->currency)
                                                : kith__jv_text(c->currency));
    }
    c->bad |= kith__jv_push(c->arr, o);
    return c->bad;
}

static int timeline_row(void *ud, const kith_timeline_row *r)
{
    arr_ctx *c = ud;
    json_t *o = json_object();
    c->bad |= !o;
    if (o) {
        c->bad |= kith__jv_set(o, "id", json_integer(r->id));
        c->bad |= kith__jv_set(o, "at", kith__jv_time(r->at));
        c->bad |= kith__jv_set(o, "type", kith__jv_text(r->type));
        c->bad |= kith__jv_set(o, "channel", kith__jv_text(r->channel));
        c->bad |= kith__jv_set(o, "source", kith__jv_text(r->source));
        c->bad |= kith__jv_set(o, "value",
                               r->has_value ? kith__jv_real(r->value) : json_null());
        c->bad |= kith__jv_set(o, "currency", kith__jv_text(r->currency));
        c->bad |=
            kith__jv_set(o, "initiative_id",
                         r->initiative_id ? json_integer(r->initiative_id) : json_null());
    }
    c->bad |= kith__jv_push(c->arr, o);
    return c->bad;
}

static int merge_row(void *ud, const kith_merge_row *r)
{
    arr_ctx *c = ud;
    json_t *o = json_object();
    c->bad |= !o;
    if (o) {
        c->bad |= kith__jv_set(o, "merge", json_integer(r->id));
        c->bad |= kith__jv_set(o, "kept", json_integer(r->kept_id));
        c->bad |= kith__jv_set(o, "merged", json_integer(r->merged_id));
        c->bad |= kith__jv_set(o, "reason", kith__jv_text(r->reason));
        c->bad |= kith__jv_set(o, "score", kith__jv_real(r->score));
        c->bad |= kith__jv_set(o, "automatic", json_boolean(r->automatic));
        c->bad |= kith__jv_set(o, "created_at", kith__jv_time(r->created_at));
        c->bad |= kith__jv_set(o, "undone_at", kith__jv_time_or_null(r->undone_at));
    }
    c->bad |= kith__jv_push(c->arr, o);
    return c->bad;
}

/* "scores": love and level at the metrics' as_of, and whether the member
 * is at risk; null with "scores_error" when the org has no activity. */
static kith_code put_scores(kith_store *st, int64_t org, int64_t id, json_t *root,
                            kith_error *err)
{
    kith_metrics *m = NULL;
    kith_member_score *top = NULL, *risk = NULL;
    size_t ntop = 0, nrisk = 0;
    kith_error local;
    kith_error_clear(&local);
    kith_code rc = kith_metrics_open(st, org, NULL, &m, &local);
    if (rc == KITH_ENODATA) {
        int bad = kith__jv_set(root, "scores", json_null()) |
                  kith__jv_set(root, "scores_error", kith__jv_text(local.msg));
        return bad ? OOM(err) : KITH_OK;
    }
    int64_t at = rc == KITH_OK ? kith_metrics_as_of(m) : 0;
    if (rc == KITH_OK)
        rc = kith_metric_love_top(m, at, -1, 0, &top, &ntop, &local);
    if (rc == KITH_OK)
        rc = kith_metric_at_risk(m, at, &risk, &nrisk, &local);
    if (rc != KITH_OK) {
        if (err)
            *err = local;
        goto done;
    }
    double love = 0;
    int level = 0, at_risk = 0;
    for (size_t i = 0; i < ntop; i++)
        if (top[i].member_id == id) {
            love = top[i].love;
            level = top[i].level;
        }
    for (size_t i = 0; i < nrisk; i++)
        at_risk |= risk[i].member_id == id;
    json_t *o = json_object();
    int bad = !o;
    if (o) {
        bad |= kith__jv_set(o, "as_of", kith__jv_time(at));
        bad |= kith__jv_set(o, "love", kith__jv_real(love));
        bad |= kith__jv_set(o, "level", json_integer(level));
        bad |= kith__jv_set(o, "level_name", json_string(kith_level_name(level)));
        bad |= kith__jv_set(o, "at_risk", json_boolean(at_risk));
    }
    if (bad | kith__jv_set(root, "scores", o))
        rc = OOM(err);
done:
    free(top);
    free(risk);
    kith_metrics_close(m);
    return rc;
}

/* "texts": the latest texts with their VADER scores; without a lexicon
 * "texts_error" says why and the rest of the profile stands. */
static kith_code put_texts(kith_store *st, int64_t org, const char *tz, int64_t id,
                           const kith_member_view_opts *o, json_t *root, kith_error *err)
{
    kith_member_text *tx = NULL;
    size_t n = 0;
    kith_error local;
    kith_error_clear(&local);
    kith_code rc = kith_member_texts(st, org, id, o->texts ? o->texts : 20, o->lexicon,
                                     &tx, &n, &local);
    if (rc == KITH_ENOMEM || rc == KITH_EDB) {
        if (err)
            *err = local;
        return rc;
    }
    if (rc != KITH_OK)
        return kith__jv_set(root, "texts_error", kith__jv_text(local.msg)) ? OOM(err)
                                                                           : KITH_OK;
    json_t *arr = json_array();
    int bad = !arr;
    char day[32];
    for (size_t i = 0; i < n && !bad; i++) {
        const kith_member_text *t = &tx[i];
        json_t *e = json_object();
        bad |= !e;
        if (e) {
            bad |= kith__jv_set(e, "activity_id", json_integer(t->activity_id));
            /* The day of the text in the org's zone, as the table shows it. */
            bad |= kith__jv_set(e, "date", json_string(kith_time_date(t->t, tz, day)));
            bad |= kith__jv_set(e, "at", kith__jv_time(t->t));
            bad |= kith__jv_set(e, "type", kith__jv_text(t->type));
            bad |= kith__jv_set(e, "channel", kith__jv_text(t->channel));
            bad |= kith__jv_set(e, "text", kith__jv_text(t->text));
            bad |= kith__jv_set(e, "compound",
                                t->scored ? kith__jv_real(t->compound) : json_null());
            bad |=
                kith__jv_set(e, "pos", t->scored ? kith__jv_real(t->pos) : json_null());
            bad |=
                kith__jv_set(e, "neu", t->scored ? kith__jv_real(t->neu) : json_null());
            bad |=
                kith__jv_set(e, "neg", t->scored ? kith__jv_real(t->neg) : json_null());
        }
        bad |= kith__jv_push(arr, e);
    }
    kith_member_texts_free(tx, n);
    if (bad) {
        json_decref(arr);
        return OOM(err);
    }
    return kith__jv_set(root, "texts", arr) ? OOM(err) : KITH_OK;
}

/* "network": the member's place in the network of the default period
 * (kith_graph_member_json); a graph that cannot be built for want of data
 * gives null and "network_error" with the reason. */
static kith_code put_network(kith_store *st, int64_t org, int64_t id,
                             const kith_member_view_opts *o, json_t *root,
                             kith_error *err)
{
    kith_error local;
    kith_error_clear(&local);
    char *text = NULL;
    kith_code rc;
    if (!o->models_given)
        rc = kith_graph_member_json(st, org, NULL, id, &text, &local);
    else if (o->graph_why)
        rc = kith_error_set(&local, KITH_ENODATA, "%s", o->graph_why);
    else
        rc = kith_graph_member_render_json(o->graph, id, &text, &local);
    if (rc == KITH_ENOMEM || rc == KITH_EDB || rc == KITH_EINTERNAL) {
        if (err)
            *err = local;
        return rc;
    }
    json_t *net = rc == KITH_OK ? json_loads(text, 0, NULL) : NULL;
    free(text);
    int bad = kith__jv_set(root, "network", net ? net : json_null());
    if (rc != KITH_OK)
        bad |= kith__jv_set(root, "network_error", kith__jv_text(local.msg));
    return bad ? OOM(err) : KITH_OK;
}

/* "value": P(alive), expected purchases and predicted CLV (kith clv), the
 * churn risk with its reasons (kith churn); a model that does not apply
 * (no customer, too little data) leaves its reason in clv_error or
 * churn_error and the rest stands. */
static kith_code put_value(kith_store *st, int64_t org, int64_t id,
                           const kith_member_view_opts *o, json_t *root, kith_error *err)
{
    json_t *v = json_object();
    if (!v)
        return OOM(err);
    int bad = 0;
    kith_error local;
    kith_error_clear(&local);
    kith_clv_customer cv;
    kith_churn_customer ch;
    memset(&cv, 0, sizeof cv);
    memset(&ch, 0, sizeof ch);
    kith_code rc;
    if (!o->models_given)
        rc = kith_clv_member(st, org, id, &cv, &local);
    else if (!o->clv)
        rc = kith_error_set(&local, KITH_ENODATA, "%s",
                            o->clv_why ? o->clv_why : "no model");
    else
        rc = kith_clv_member_of(o->clv, id, &cv, &local);
    if (rc == KITH_OK) {
        bad |= kith__jv_set(v, "p_alive", kith__jv_real(cv.p_alive));
        bad |=
            kith__jv_set(v, "expected_purchases", kith__jv_real(cv.expected_purchases));
        bad |= kith__jv_set(v, "predicted_clv",
                            cv.clv.ok ? kith__jv_real(cv.clv.v) : json_null());
        if (!cv.clv.ok)
            bad |= kith__jv_set(v, "predicted_clv_why", kith__jv_text(cv.clv.why));
    } else if (rc != KITH_ENOMEM && rc != KITH_EDB) {
        bad |= kith__jv_set(v, "clv_error", kith__jv_text(local.msg));
        rc = KITH_OK;
    }
    if (rc == KITH_OK) {
        kith_error_clear(&local);
        if (!o->models_given)
            rc = kith_churn_member(st, org, id, &ch, &local);
        else if (!o->churn)
            rc = kith_error_set(&local, KITH_ENODATA, "%s",
                                o->churn_why ? o->churn_why : "no model");
        else
            rc = kith_churn_member_of(o->churn, id, &ch, &local);
        if (rc == KITH_OK) {
            json_t *r = json_array();
            bad |= !r;
            for (int i = 0; r && i < ch.nreasons; i++)
                bad |= kith__jv_push(r, kith__jv_text(ch.reasons[i]));
            bad |= kith__jv_set(v, "churn_risk", kith__jv_real(ch.risk));
            bad |= kith__jv_set(v, "churn_reasons", r);
        } else if (rc != KITH_ENOMEM && rc != KITH_EDB) {
            bad |= kith__jv_set(v, "churn_error", kith__jv_text(local.msg));
            rc = KITH_OK;
        }
    }
    if (rc != KITH_OK) {
        json_decref(v);
        if (err)
            *err = local;
        return rc;
    }
    bad |= kith__jv_set(root, "value", v);
    return bad ? OOM(err) : KITH_OK;
}

kith_code kith_member_json(kith_store *st, int64_t org_id, const char *key,
                           const kith_member_view_opts *o, char **out, kith_error *err)
{
    kith_member_view_opts defaults;
    memset(&defaults, 0, sizeof defaults);
    if (!o)
        o = &defaults;
    *out = NULL;
    kith_member_row m;
    int64_t shown_for = 0;
    kith_code rc = kith_member_find(st, org_id, key, &m, err);
    if (rc == KITH_OK && m.merged_into) {
        char id[32];
        shown_for = m.id;
        snprintf(id, sizeof id, "%lld", (long long)m.merged_into);
        rc = kith_member_find(st, org_id, id, &m, err);
    }
    if (rc != KITH_OK)
        return rc;
    kith_org org;
    rc = kith__st_org_by_id(st, org_id, &org, err);
    if (rc != KITH_OK)
        return rc;
    json_t *root = json_object();
    arr_ctx ids = {json_array(), 0, NULL}, types = {json_array(), 0, org.currency};
    arr_ctx tl = {json_array(), 0, NULL}, merges = {json_array(), 0, NULL};
    if (!root || !ids.arr || !types.arr || !tl.arr || !merges.arr ||
        member_fields(root, &m) ||
        kith__jv_set(root, "shown_for",
                     shown_for ? json_integer(shown_for) : json_null()))
        rc = OOM(err);
    if (rc == KITH_OK)
        rc = kith_member_identities(st, m.id, ident_row, &ids, err);
    if (rc == KITH_OK)
        rc = kith_member_activity_types(st, m.id, type_row, &types, err);
    if (rc == KITH_OK)
        rc = kith_member_timeline(st, m.id, o->timeline ? (int64_t)o->timeline : 50,
                                  timeline_row, &tl, err);
    if (rc == KITH_OK)
        rc = kith_merges_list(st, org_id, m.id, merge_row, &merges, err);
    if (rc == KITH_OK && (ids.bad || types.bad || tl.bad || merges.bad))
        rc = OOM(err);
    /* The arrays in the order the document shows them. */
    if (rc == KITH_OK) {
        int bad = kith__jv_set(root, "identities", ids.arr) |
                  kith__jv_set(root, "activity_types", types.arr) |
                  kith__jv_set(root, "timeline", tl.arr);
        ids.arr = types.arr = tl.arr = NULL;
        rc = bad ? OOM(err) : KITH_OK;
    }
    if (rc == KITH_OK)
        rc = put_scores(st, org_id, m.id, root, err);
    if (rc == KITH_OK) {
        rc = kith__jv_set(root, "merges", merges.arr) ? OOM(err) : KITH_OK;
        merges.arr = NULL;
    }
    if (rc == KITH_OK)
        rc = put_texts(st, org_id, org.timezone, m.id, o, root, err);
    if (rc == KITH_OK && !o->no_models)
        rc = put_network(st, org_id, m.id, o, root, err);
    if (rc == KITH_OK && !o->no_models)
        rc = put_value(st, org_id, m.id, o, root, err);
    json_decref(ids.arr);
    json_decref(types.arr);
    json_decref(tl.arr);
    json_decref(merges.arr);
    if (rc != KITH_OK) {
        json_decref(root);
        return rc;
    }
    return kith__jv_dump(root, out, err);
}

/* ------------------------------------------------------------ merges */

kith_code kith_merges_json(kith_store *st, int64_t org_id, int64_t member_id, char **out,
                           kith_error *err)
{
    arr_ctx c = {json_array(), 0, NULL};
    json_t *root = json_object();
    *out = NULL;
    kith_code rc = c.arr && root
                       ? kith_merges_list(st, org_id, member_id, merge_row, &c, err)
                       : OOM(err);
    if (rc == KITH_OK && (c.bad || kith__jv_set(root, "merges", c.arr)))
        rc = OOM(err);
    else if (rc != KITH_OK)
        json_decref(c.arr);
    if (rc != KITH_OK) {
        json_decref(root);
        return rc;
    }
    return kith__jv_dump(root, out, err);
}

kith_code kith_merge_suggestions_json(kith_store *st, int64_t org_id, double min_score,
                                      char **out, kith_error *err)
{
    kith_merge_suggestion *v = NULL;
    size_t n = 0;
    *out = NULL;
    kith_code rc = kith_members_suggest_merges(st, org_id, min_score, &v, &n, err);
    if (rc != KITH_OK)
        return rc;
    json_t *root = json_object(), *arr = json_array();
    int bad = !root || !arr;
    for (size_t i = 0; i < n && !bad; i++) {
        json_t *o = json_object();
        bad |= !o;
        if (o) {
            bad |= kith__jv_set(o, "a", json_integer(v[i].a));
            bad |= kith__jv_set(o, "b", json_integer(v[i].b));
            bad |= kith__jv_set(o, "score", kith__jv_real(v[i].score));
            bad |= kith__jv_set(o, "reason", kith__jv_text(v[i].reason));
        }
        bad |= kith__jv_push(arr, o);
    }
    free(v);
    if (!bad) {
        bad = kith__jv_set(root, "suggestions", arr);
        arr = NULL;
    }
    json_decref(arr);
    if (bad) {
        json_decref(root);
        return OOM(err);
    }
    return kith__jv_dump(root, out, err);
}
