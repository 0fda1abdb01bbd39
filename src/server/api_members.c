/* Members and merges: GET /api/v1/members (a page: q, kind, level,
 * at_risk, segment and k, limit, cursor, all), GET /api/v1/members/{id} (the profile),
 * GET /api/v1/merges, GET /api/v1/merges/suggestions, POST /api/v1/merges {keep, drop,
 * reason}, POST /api/v1/merges/{id}/undo. Every call is scoped to the caller's org:
 * another org's member or merge is a 404. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/srv.h"

#define PAGE_DEFAULT 50
#define PAGE_MAX 500

void api_members(srv_req *r)
{
    kith_member_filter f;
    memset(&f, 0, sizeof f);
    int64_t v = PAGE_DEFAULT;
    srv_arg_i64(r, "limit", &v);
    if (v < 1 || v > PAGE_MAX) {
        srv_error(r, 400, NULL, "'limit' must be 1 to %d", PAGE_MAX);
        return;
    }
    f.limit = v;
    if (srv_arg_i64(r, "level", &v)) {
        if (v > 4) {
            srv_error(r, 400, NULL, "'level' must be 0 to 4");
            return;
        }
        f.has_level = 1;
        f.level = (int)v;
    }
    srv_arg_i64(r, "cursor", &f.after);
    f.search = srv_arg(&r->args, "q");
    f.kind = srv_arg(&r->args, "kind");
    srv_arg_bool(r, "all", &f.include_merged);
    srv_arg_bool(r, "at_risk", &f.at_risk);
    kith_error err;
    kith_error_clear(&err);
    /* segment=rfm:NAME or cluster:N (k clusters, else k by silhouette), as
     * kith members list --segment. */
    const char *spec = srv_arg(&r->args, "segment");
    int64_t k = 0;
    int has_k = srv_arg_i64(r, "k", &k);
    kith_segments *seg = NULL;
    if (has_k && (!spec || k < 2 || k > 64)) {
        srv_error(r, 400, NULL, "'k' must be 2 to 64, with segment=cluster:N");
        return;
    }
    if (f.include_merged && spec) {
        srv_error(r, 400, NULL, "'all' and 'segment': merged members have no segment");
        return;
    }
    kith_code rc = KITH_OK;
    if (spec)
        rc = kith_segments_for_spec(r->st, r->user.org_id, spec, (int)k, &seg, &f.segment,
                                    &err);
    if (rc == KITH_EUSAGE) {
        srv_error(r, 400, NULL, "%s", err.msg);
        return;
    }
    f.segments = seg;
    char *text = NULL;
    if (rc == KITH_OK)
        rc = kith_members_json(r->st, r->user.org_id, &f, &text, &err);
    kith_segments_free(seg);
    srv_view(r, rc, &text, &err);
}

void api_member(srv_req *r)
{
    kith_member_view_opts o;
    memset(&o, 0, sizeof o);
    o.lexicon = srv_lexicon(r);
    kith_error err;
    kith_error_clear(&err);
    char *text = NULL;
    /* The network and the models of this data version, built once for
     * every profile (server/models.c). */
    srv_models_cache *mc = srv_server_models(r->server);
    srv_models *m = NULL;
    int64_t rev = 0;
    kith_code rc = kith_store_revision(r->st, &rev, &err);
    if (rc == KITH_OK)
        rc = srv_models_get(mc, r->st, r->user.org_id, rev, &m, &err);
    if (rc == KITH_OK) {
        o.models_given = 1;
        o.graph = m->graph;
        o.graph_why = m->graph_why[0] ? m->graph_why : NULL;
        o.clv = m->clv;
        o.clv_why = m->clv_why;
        o.churn = m->churn;
        o.churn_why = m->churn_why;
        /* {id} is digits only: never read as an email or a handle. */
        rc = kith_member_json(r->st, r->user.org_id, r->params[0], &o, &text, &err);
    }
    srv_models_release(mc, m);
    srv_view(r, rc, &text, &err);
}

void api_merges(srv_req *r)
{
    int64_t member = 0;
    kith_error err;
    kith_error_clear(&err);
    const char *key = srv_arg(&r->args, "member");
    kith_member_row m;
    /* Another org's member is a 404 here too, not an empty list. */
    if (key && kith_member_find(r->st, r->user.org_id, key, &m, &err) != KITH_OK) {
        srv_fail(r, &err);
        return;
    }
    if (key)
        member = m.id;
    char *text = NULL;
    srv_view(r, kith_merges_json(r->st, r->user.org_id, member, &text, &err), &text,
             &err);
}

void api_merge_suggestions(srv_req *r)
{
    double min = 0.5;
    srv_arg_num(r, "min_score", &min);
    if (min < 0 || min > 1) {
        srv_error(r, 400, NULL, "'min_score' must be 0 to 1");
        return;
    }
    kith_error err;
    kith_error_clear(&err);
    char *text = NULL;
    srv_view(r, kith_merge_suggestions_json(r->st, r->user.org_id, min, &text, &err),
             &text, &err);
}

void api_merge(srv_req *r)
{
    json_t *b = srv_body_object(r);
    if (!b)
        return;
    int failed = 0;
    int64_t keep = srv_body_id(r, b, "keep", 1, &failed);
    int64_t drop = failed ? 0 : srv_body_id(r, b, "drop", 1, &failed);
    const char *reason = failed ? NULL : srv_body_str(r, b, "reason", 0, &failed);
    if (!failed) {
        kith_error err;
        kith_error_clear(&err);
        int64_t id = 0;
        if (kith_members_merge(r->st, r->user.org_id, keep, drop, reason, &id, &err) !=
            KITH_OK) {
            srv_fail(r, &err);
        } else {
            char target[64];
            snprintf(target, sizeof target, "%" PRId64 " <- %" PRId64, keep, drop);
            char detail[96];
            snprintf(detail, sizeof detail, "merge %" PRId64, id);
            srv_audit(r, "merge", target, detail);
            json_t *o = json_pack("{s:I,s:I,s:I}", "merge", (json_int_t)id, "kept",
                                  (json_int_t)keep, "merged", (json_int_t)drop);
            srv_reply_obj(r, 200, o);
        }
    }
    json_decref(b);
}

void api_unmerge(srv_req *r)
{
    int64_t id = srv_param_id(r, 0);
    kith_error err;
    kith_error_clear(&err);
    if (kith_members_unmerge(r->st, r->user.org_id, id, &err) != KITH_OK) {
        srv_fail(r, &err);
        return;
    }
    char target[32];
    snprintf(target, sizeof target, "merge %" PRId64, id);
    srv_audit(r, "unmerge", target, NULL);
    json_t *o = json_pack("{s:I,s:b}", "merge", (json_int_t)id, "undone", 1);
    srv_reply_obj(r, 200, o);
}
