/* Who will come back and what they are worth: GET /api/v1/clv,
 * /api/v1/churn and /api/v1/segments, each the JSON of its CLI command
 * (kith clv / churn / segments --format json) for the same arguments.
 * Dates read as the commands read them, in the org's time zone; horizon
 * as --horizon ("52w", "90d"); top as --top (default 20, 0 = all). The
 * routes are SRV_CACHED: they fit models (a second or more on a shop's
 * data), so a repeat costs a cache lookup until the data change. */
#include <string.h>

#include "server/srv.h"

#define DEFAULT_TOP 20

/* The horizon argument in days (as --horizon reads it): 1 when given, 0
 * when not, -1 after answering 400. */
static int arg_horizon(srv_req *r, double *days)
{
    const char *v = srv_arg(&r->args, "horizon");
    if (!v)
        return 0;
    if (kith_time_parse_duration(v, days) != 0 || !(*days > 0)) {
        srv_error(r, 400, NULL,
                  "'horizon' must be a length of time above 0: a number and d, w, m "
                  "or y, as in 52w or 90d");
        return -1;
    }
    return 1;
}

/* The top argument (default DEFAULT_TOP, 0 = all; the spec checked it is a
 * whole number). */
static size_t arg_top(const srv_req *r)
{
    int64_t v = DEFAULT_TOP;
    srv_arg_i64(r, "top", &v);
    return (size_t)v;
}

void api_clv(srv_req *r)
{
    kith_clv_opts o;
    memset(&o, 0, sizeof o);
    double days = 0;
    int rc = arg_horizon(r, &days);
    if (rc < 0)
        return;
    o.has_horizon = rc;
    o.horizon_weeks = days / 7;
    if ((rc = srv_arg_time(r, "calibration_end", &o.calibration_end)) < 0)
        return;
    o.has_calibration_end = rc;
    if ((rc = srv_arg_time(r, "cohort_from", &o.cohort_from)) < 0)
        return;
    o.has_cohort_from = rc;
    if ((rc = srv_arg_time(r, "cohort_to", &o.cohort_to)) < 0)
        return;
    o.has_cohort_to = rc;
    srv_arg_bool(r, "include_team", &o.include_team);
    kith_error err;
    kith_error_clear(&err);
    char *text = NULL;
    srv_view(r, kith_clv_json(r->st, r->user.org_id, &o, arg_top(r), &text, &err), &text,
             &err);
}

void api_churn(srv_req *r)
{
    kith_churn_opts o;
    memset(&o, 0, sizeof o);
    int rc = arg_horizon(r, &o.horizon_days);
    if (rc < 0)
        return;
    o.has_horizon = rc;
    if ((rc = srv_arg_time(r, "as_of", &o.as_of)) < 0)
        return;
    o.has_as_of = rc;
    srv_arg_bool(r, "include_team", &o.include_team);
    o.lexicon = srv_lexicon(r);
    kith_error err;
    kith_error_clear(&err);
    char *text = NULL;
    srv_view(r, kith_churn_json(r->st, r->user.org_id, &o, arg_top(r), &text, &err),
             &text, &err);
}

void api_segments(srv_req *r)
{
    kith_segments_opts o;
    memset(&o, 0, sizeof o);
    const char *method = srv_arg(&r->args, "method");
    o.method = method && !strcmp(method, "kmeans") ? KITH_SEG_KMEANS : KITH_SEG_RFM;
    int64_t k = 0;
    if (srv_arg_i64(r, "k", &k)) {
        if (o.method != KITH_SEG_KMEANS) {
            srv_error(r, 400, NULL, "'k' is for method=kmeans");
            return;
        }
        if (k < 2 || k > 64) {
            srv_error(r, 400, NULL,
                      "'k' must be a whole number from 2 to 64 (one cluster says "
                      "nothing); leave it out to choose k by silhouette");
            return;
        }
        o.k = (int)k;
    }
    if (srv_arg_time(r, "as_of", &o.as_of) < 0)
        return;
    srv_arg_bool(r, "include_team", &o.include_team);
    kith_error err;
    kith_error_clear(&err);
    char *text = NULL;
    srv_view(r, kith_segments_json(r->st, r->user.org_id, &o, &text, &err), &text, &err);
}
