/* SMART goals on the metrics: a metric (of a segment), a target of the
 * metric's unit and a deadline. Each goal is measured per calendar month;
 * progress runs from the baseline month to the target, and the trend is
 * the least-squares line over the months so far (GSL gsl_fit_linear), with
 * its value at the deadline and the 95% interval from the fit's covariance:
 * on track when the projection reaches the target. */
#include <ctype.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_fit.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/fmt.h"
#include "core/timeparse.h"
#include "impact/impact_int.h"
#include "json/jv.h"
#include "store/st_impact.h"
#include "store/store_int.h"

#define MONTH_SECS (30.436875 * 86400.0) /* a mean Gregorian month */

/* ================================================================ metrics */

static const kith_goal_metric goal_metrics[] = {
    {"crr", "Customer retention rate (month on month)", "ratio", 1, 1},
    {"crr_within_community", "CRR within community", "ratio", 0, 1},
    {"repeat_purchase_rate", "Repeat purchase rate", "ratio", 1, 1},
    {"community_churn", "Community churn (month on month)", "ratio", 1, 0},
    {"nps", "NPS", "score", 1, 1},
    {"enps", "eNPS", "score", 0, 1},
    {"active_members", "Active community members", "count", 1, 1},
    {"community_acquired", "Community-acquired customers", "count", 1, 1},
    {"event_acquired", "Customers acquired through events", "count", 1, 1},
    {"revenue", "Revenue (purchases)", "money", 1, 1},
    {"donations", "Donations", "money", 0, 1},
    {"volunteer_hours", "Volunteer hours", "hours", 0, 1},
    {"feedback_volume", "Feedback volume", "count", 0, 1},
    {"response_rate", "Response rate", "ratio", 0, 1},
    {"social_engagement_rate", "Social engagement rate", "ratio", 0, 1},
    {"innovation_rate", "Community-driven innovation rate", "ratio", 0, 1},
    {"employee_participation", "Employee participation", "ratio", 0, 1},
    {"love_mean", "Mean engagement score (at the month's end)", "score", 1, 1},
    {NULL, NULL, NULL, 0, 0},
};

const kith_goal_metric *kith_goal_metrics(void)
{
    return goal_metrics;
}

static const kith_goal_metric *find_metric(const char *id)
{
    for (const kith_goal_metric *g = goal_metrics; id && g->id; g++)
        if (!strcmp(g->id, id))
            return g;
    return NULL;
}

static kith_value measure(const kith_metrics *m, const char *id, kith_window w, int seg)
{
    if (!strcmp(id, "crr"))
        return kith_metric_crr(m, w, seg);
    if (!strcmp(id, "crr_within_community"))
        return kith_metric_crr_community(m, w, -1).within;
    if (!strcmp(id, "repeat_purchase_rate"))
        return kith_metric_repeat_purchase_rate(m, w, seg);
    if (!strcmp(id, "community_churn"))
        return kith_metric_community_churn(m, w, seg);
    if (!strcmp(id, "nps"))
        return kith_metric_nps(m, w, seg).nps;
    if (!strcmp(id, "enps"))
        return kith_metric_enps(m, w).nps;
    if (!strcmp(id, "active_members"))
        return kith_metric_active_members(m, w, seg);
    if (!strcmp(id, "community_acquired"))
        return kith_metric_community_acquired(m, w, seg);
    if (!strcmp(id, "event_acquired"))
        return kith_metric_event_acquired(m, w, seg);
    if (!strcmp(id, "revenue"))
        return kith_metric_revenue(m, w, seg);
    if (!strcmp(id, "donations"))
        return kith_metric_donations(m, w);
    if (!strcmp(id, "volunteer_hours"))
        return kith_metric_volunteer_hours(m, w);
    if (!strcmp(id, "feedback_volume"))
        return kith_metric_feedback_volume(m, w);
    if (!strcmp(id, "response_rate"))
        return kith_metric_response_rate(m, w);
    if (!strcmp(id, "social_engagement_rate"))
        return kith_metric_social_engagement_rate(m, w, -1);
    if (!strcmp(id, "innovation_rate"))
        return kith_metric_innovation_rate(m, w);
    if (!strcmp(id, "employee_participation"))
        return kith_metric_employee_participation(m, w);
    if (!strcmp(id, "love_mean"))
        return kith_metric_love_mean(m, w.to, seg);
    return kith_value_na("unknown metric '%s'", id);
}

/* ================================================================ adding */

/* The target in the metric's unit: a share as "60%" or 0.6, money with
 * an optional currency code that must be the org's, hours with an
 * optional "h", counts and scores as plain numbers. */
static kith_code parse_target(const kith_goal_metric *d, const char *raw,
                              const char *currency, double *out, kith_error *err)
{
    char s[96];
    size_t n = 0;
    const char *p = raw ? raw : "";
    while (isspace((unsigned char)*p))
        p++;
    snprintf(s, sizeof s, "%s", p);
    n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    if (!n)
        return kith_error_set(err, KITH_EINPUT, "--target is required");
    int pct = s[n - 1] == '%';
    char code[4] = "";
    /* A currency code before or after the number. */
    if (n > 3 && isalpha((unsigned char)s[0]) && isalpha((unsigned char)s[1]) &&
        isalpha((unsigned char)s[2]) && !isalpha((unsigned char)s[3])) {
        memcpy(code, s, 3);
        memmove(s, s + 3, n - 2);
    } else if (n > 3 && isalpha((unsigned char)s[n - 1]) &&
               isalpha((unsigned char)s[n - 2]) && isalpha((unsigned char)s[n - 3]) &&
               !isalpha((unsigned char)s[n - 4])) {
        memcpy(code, s + n - 3, 3);
        s[n - 3] = '\0';
    }
    int hours = 0;
    n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    if (!code[0] && n > 1 && s[n - 1] == 'h' && !isalpha((unsigned char)s[n - 2])) {
        hours = 1;
        s[--n] = '\0';
    }
    if (pct)
        s[strlen(s) - 1] = '\0';
    char *end = NULL;
    const char *q = s;
    while (isspace((unsigned char)*q))
        q++;
    double v = strtod(q, &end);
    while (end && isspace((unsigned char)*end))
        end++;
    if (!*q || !end || *end || !isfinite(v))
        return kith_error_set(err, KITH_EINPUT, "--target '%s': not a number", raw);
    const char *unit = d->unit;
    if (code[0] && strcmp(unit, "money"))
        return kith_error_set(err, KITH_EINPUT,
                              "--target '%s': %s is a %s, not an amount of money", raw,
                              d->id, unit);
    if (code[0] && strcasecmp(code, currency))
        return kith_error_set(err, KITH_EINPUT,
                              "--target '%s': amounts are in the org currency %s, not %s",
                              raw, currency, code);
    if (pct && strcmp(unit, "ratio"))
        return kith_error_set(err, KITH_EINPUT,
                              "--target '%s': %s is a %s, not a percentage", raw, d->id,
                              unit);
    if (hours && strcmp(unit, "hours"))
        return kith_error_set(err, KITH_EINPUT, "--target '%s': %s is a %s, not hours",
                              raw, d->id, unit);
    if (!strcmp(unit, "ratio")) {
        if (pct)
            v /= 100;
        if (v < 0 || v > 1)
            return kith_error_set(err, KITH_EINPUT,
                                  "--target '%s': %s is a share, 0-100%% (write 60%% or "
                                  "0.6)",
                                  raw, d->id);
    } else if (!strcmp(d->id, "nps") || !strcmp(d->id, "enps")) {
        if (v < -100 || v > 100)
            return kith_error_set(err, KITH_EINPUT,
                                  "--target '%s': %s is a score from -100 to 100", raw,
                                  d->id);
    } else if (v < 0) {
        return kith_error_set(err, KITH_EINPUT, "--target '%s': %s cannot be negative",
                              raw, d->id);
    }
    if (!strcmp(unit, "count") && v != floor(v))
        return kith_error_set(err, KITH_EINPUT, "--target '%s': %s is a whole count", raw,
                              d->id);
    *out = v;
    return KITH_OK;
}

/* "spec=name" into spec (for kith_metrics_opts.segment) and name. */
static int split_segment(const char *s, char *spec, size_t ns, char *name, size_t nn)
{
    const char *eq = s ? strrchr(s, '=') : NULL;
    if (!eq || eq == s || !eq[1] || (size_t)(eq - s) >= ns || strlen(eq + 1) >= nn)
        return -1;
    snprintf(spec, ns, "%.*s", (int)(eq - s), s);
    snprintf(name, nn, "%s", eq + 1);
    return 0;
}

/* The segment index of name in m (level names also match without their
 * number: "champion" for "4 champion"), or -1. */
static int find_segment(const kith_metrics *m, const char *name)
{
    for (int i = 0; i < kith_metrics_nsegments(m); i++) {
        const char *sn = kith_metrics_segment_name(m, i);
        const char *sp = strchr(sn, ' ');
        if (!strcasecmp(sn, name) || (sp && !strcasecmp(sp + 1, name)))
            return i;
    }
    return -1;
}

static kith_code open_segment(kith_store *st, int64_t org, int64_t as_of,
                              const char *segment, kith_metrics **m, int *seg,
                              kith_error *err)
{
    char spec[96], name[96];
    *m = NULL;
    *seg = -1;
    if (split_segment(segment, spec, sizeof spec, name, sizeof name))
        return kith_error_set(err, KITH_EINPUT,
                              "--segment '%s': write CUT=NAME, as in kind=customer, "
                              "level=champion, channel=discord or tag:district=north",
                              segment);
    kith_metrics_opts mo;
    memset(&mo, 0, sizeof mo);
    mo.as_of = as_of;
    mo.segment = spec;
    kith_code rc = kith_metrics_open(st, org, &mo, m, err);
    if (rc == KITH_EUSAGE) {
        kith_error_clear(err);
        return kith_error_set(
            err, KITH_EINPUT,
            "--segment '%s': '%s' is not a cut (kind, level, channel or "
            "tag:<attribute>)",
            segment, spec);
    }
    if (rc != KITH_OK)
        return rc;
    *seg = find_segment(*m, name);
    if (*seg < 0) {
        char list[512] = "";
        for (int i = 0; i < kith_metrics_nsegments(*m); i++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                     i ? ", " : "", kith_metrics_segment_name(*m, i));
        kith_metrics_close(*m);
        *m = NULL;
        return kith_error_set(err, KITH_EINPUT, "--segment '%s': no segment '%s' (%s)",
                              segment, name, list);
    }
    return KITH_OK;
}

kith_code kith_goal_add(kith_store *st, int64_t org_id, const kith_goal_text *t,
                        int64_t now, int64_t *id, kith_error *err)
{
    const kith_goal_metric *d = find_metric(t->metric);
    if (!d) {
        char list[768] = "";
        for (const kith_goal_metric *g = goal_metrics; g->id; g++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                     list[0] ? ", " : "", g->id);
        return kith_error_set(err, KITH_EINPUT,
                              "--metric '%s': unknown metric (one of %s)",
                              t->metric ? t->metric : "", list);
    }
    kith_org org;
    kith_code rc = kith__st_org_by_id(st, org_id, &org, err);
    if (rc != KITH_OK)
        return rc;
    if (t->segment && !d->segmentable)
        return kith_error_set(err, KITH_EINPUT,
                              "--segment: %s is measured for all members, not by segment",
                              d->id);
    kith__goal_row r;
    memset(&r, 0, sizeof r);
    r.metric = d->id;
    rc = parse_target(d, t->target, org.currency, &r.target, err);
    if (rc != KITH_OK)
        return rc;
    if (!t->by || !*t->by)
        return kith_error_set(err, KITH_EINPUT, "--by DATE (the deadline) is required");
    const char *why = NULL;
    if (kith__time_parse(t->by, org.timezone, &r.deadline, &why) != KITH_OK)
        return kith_error_set(err, KITH_EINPUT, "--by '%s': not a date (%s)", t->by, why);
    if (!now)
        now = (int64_t)time(NULL);
    char a[32];
    if (r.deadline <= now)
        return kith_error_set(
            err, KITH_EINPUT,
            "--by '%s': the deadline is in the past (now is %s); a goal "
            "needs a date to come",
            t->by, kith__time_local_date(now, org.timezone, a));
    if (t->owner && strlen(t->owner) >= 128)
        return kith_error_set(err, KITH_EINPUT, "--owner: at most 127 bytes");
    r.owner = t->owner && *t->owner ? t->owner : NULL;
    r.created_at = now;
    char canon[200];
    if (t->segment) {
        kith_metrics *m = NULL;
        int seg = -1;
        rc = open_segment(st, org_id, 0, t->segment, &m, &seg, err);
        if (rc != KITH_OK)
            return rc;
        char spec[96], name[96];
        split_segment(t->segment, spec, sizeof spec, name, sizeof name);
        snprintf(canon, sizeof canon, "%s=%s", spec, kith_metrics_segment_name(m, seg));
        kith_metrics_close(m);
        r.segment = canon;
    }
    int64_t got = 0;
    rc = kith__st_goal_insert(st, org_id, &r, &got, err);
    if (rc == KITH_OK && id)
        *id = got;
    return rc;
}

kith_code kith_goal_remove(kith_store *st, int64_t org_id, int64_t id, kith_error *err)
{
    kith_code rc = kith__st_goal_delete(st, org_id, id, err);
    if (rc == KITH_ENOTFOUND)
        return kith_error_set(err, KITH_ENOTFOUND,
                              "no goal %lld ('kith goals list' shows the ids)",
                              (long long)id);
    return rc;
}

/* ================================================================ the trend */

int kith__goal_trend(const double *x, const double *y, int n, double x0, double *c0,
                     double *c1, double *yhat, double *lo, double *hi)
{
    if (n < 3)
        return -1;
    kith__imp_gsl_quiet();
    double cov00, cov01, cov11, sumsq, yerr;
    if (gsl_fit_linear(x, 1, y, 1, (size_t)n, c0, c1, &cov00, &cov01, &cov11, &sumsq) !=
        0)
        return -1;
    if (gsl_fit_linear_est(x0, *c0, *c1, cov00, cov01, cov11, yhat, &yerr) != 0)
        return -1;
    double t = gsl_cdf_tdist_Pinv(0.975, (double)(n - 2));
    *lo = *yhat - t * yerr;
    *hi = *yhat + t * yerr;
    return 0;
}

/* ================================================================ evaluation */

typedef struct goals_ctx {
    kith__goals *g;
    size_t cap;
} goals_ctx;

static kith_code on_goal(void *ud, const kith__goal_row *r, kith_error *err)
{
    goals_ctx *c = ud;
    if (kith__imp_grow((void **)&c->g->g, &c->cap, c->g->n, sizeof *c->g->g))
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    kith__goal *g = &c->g->g[c->g->n++];
    memset(g, 0, sizeof *g);
    g->id = r->id;
    snprintf(g->metric, sizeof g->metric, "%s", r->metric ? r->metric : "");
    snprintf(g->segment, sizeof g->segment, "%s", r->segment ? r->segment : "");
    snprintf(g->owner, sizeof g->owner, "%s", r->owner ? r->owner : "");
    g->def = find_metric(g->metric);
    g->target = r->target;
    g->deadline = r->deadline;
    g->created_at = r->created_at;
    return KITH_OK;
}

/* The local date of t in tz, "YYYY-MM-DD". */
static const char *local_date(int64_t t, const char *tz, char out[32])
{
    int y;
    unsigned mo, d;
    kith__time_local_civil(t, tz, &y, &mo, &d);
    snprintf(out, 32, "%04d-%02u-%02u", y % 10000, mo % 13u, d % 32u);
    return out;
}

static int64_t month_start(int64_t t, const char *tz)
{
    int y;
    unsigned mo, d;
    kith__time_local_civil(t, tz, &y, &mo, &d);
    return kith__time_local_midnight(y, mo, 1, tz);
}

static int64_t month_add(int64_t t, int k, const char *tz)
{
    int y;
    unsigned mo, d;
    kith__time_local_civil(t, tz, &y, &mo, &d);
    int m0 = (int)mo - 1 + k;
    int yy = y + (m0 >= 0 ? m0 / 12 : -((11 - m0) / 12));
    int mm = ((m0 % 12) + 12) % 12;
    return kith__time_local_midnight(yy, (unsigned)mm + 1, 1, tz);
}

static int meets(double v, double target, int up)
{
    return up ? v >= target : v <= target;
}

static void evaluate(const kith_metrics *m, int seg, const char *tz, kith__goal *g)
{
    int64_t as_of = kith_metrics_as_of(m);
    /* The complete months: the 12 before as_of, or back to the goal's
     * creation when that is earlier (at most KITH_GOAL_MAX_MONTHS). */
    int64_t last_end = month_start(as_of, tz);
    int64_t first = month_add(last_end, -12, tz);
    int64_t created = month_start(g->created_at, tz);
    if (created < first)
        first = created;
    int n = 0;
    for (int64_t a = first; a < last_end && n < KITH_GOAL_MAX_MONTHS * 4;
         a = month_add(a, 1, tz))
        n++;
    if (n > KITH_GOAL_MAX_MONTHS) {
        first = month_add(last_end, -KITH_GOAL_MAX_MONTHS, tz);
        n = KITH_GOAL_MAX_MONTHS;
    }
    g->nmonths = n;
    double x[KITH_GOAL_MAX_MONTHS], y[KITH_GOAL_MAX_MONTHS];
    int k = 0, last_ok = -1, base = -1;
    for (int i = 0; i < n; i++) {
        g->month_from[i] = month_add(first, i, tz);
        g->month_to[i] = month_add(first, i + 1, tz);
        kith_window w = {g->month_from[i], g->month_to[i]};
        g->values[i] = measure(m, g->metric, w, seg);
        if (!g->values[i].ok)
            continue;
        x[k] = (double)(g->month_to[i] - first) / MONTH_SECS;
        y[k++] = g->values[i].v;
        last_ok = i;
        if (base < 0 || g->month_to[i] <= g->created_at)
            base = i;
    }
    g->points = k;
    if (last_ok < 0) {
        g->current = g->baseline = g->progress =
            kith_value_na("no month with a value: %s", g->values[n ? n - 1 : 0].why);
        g->status = "n/a";
        snprintf(g->why, sizeof g->why, "no month has a value of %s yet", g->metric);
        return;
    }
    g->current = g->values[last_ok];
    g->baseline = g->values[base];
    int up = g->def->higher_is_better;
    if (g->target == g->baseline.v)
        g->progress = kith_value_na("the target equals the baseline");
    else
        g->progress = kith_value_of(
            (g->current.v - g->baseline.v) / (g->target - g->baseline.v), k);
    double xd = (double)(g->deadline - first) / MONTH_SECS;
    g->has_trend = kith__goal_trend(x, y, k, xd, &g->intercept, &g->slope, &g->projected,
                                    &g->lo, &g->hi) == 0;
    char d[32];
    if (g->deadline <= as_of) {
        g->status = meets(g->current.v, g->target, up) ? "achieved" : "missed";
        snprintf(g->why, sizeof g->why, "the deadline %s has passed; the latest month %s",
                 local_date(g->deadline, tz, d),
                 meets(g->current.v, g->target, up) ? "meets the target"
                                                    : "falls short of the target");
    } else if (meets(g->current.v, g->target, up)) {
        g->status = "achieved";
        snprintf(g->why, sizeof g->why, "the latest month already meets the target");
    } else if (!g->has_trend) {
        g->status = "n/a";
        snprintf(g->why, sizeof g->why,
                 "a trend needs at least 3 months with a value (%d so far)", k);
    } else if (meets(g->projected, g->target, up)) {
        g->status = "on track";
        snprintf(g->why, sizeof g->why,
                 "the trend of %d months reaches %.4g by %s (95%% interval %.4g to %.4g)",
                 k, g->projected, local_date(g->deadline, tz, d), g->lo, g->hi);
    } else {
        g->status = "off track";
        snprintf(
            g->why, sizeof g->why,
            "the trend of %d months reaches %.4g by %s (95%% interval %.4g to %.4g), "
            "short of %.4g",
            k, g->projected, local_date(g->deadline, tz, d), g->lo, g->hi, g->target);
    }
}

/* Evaluate a goal of a segment on m, cut by the goal's segment for the
 * time (no reload); a tag the snapshot was not opened with needs a
 * metrics of its own. */
static kith_code evaluate_segment(kith_metrics *m, kith_store *st, int64_t org,
                                  const char *tz, kith__goal *g, kith_error *err)
{
    char spec[96], name[96];
    kith_error e2;
    kith_error_clear(&e2);
    int seg = -1;
    kith_code s = KITH_EINPUT;
    if (split_segment(g->segment, spec, sizeof spec, name, sizeof name))
        kith_error_set(&e2, KITH_EINPUT, "the segment '%s' is not CUT=NAME", g->segment);
    else {
        s = kith_metrics_set_segment(m, spec, &e2);
        if (s == KITH_OK) {
            seg = find_segment(m, name);
            if (seg >= 0) {
                evaluate(m, seg, tz, g);
                return KITH_OK;
            }
            s = kith_error_set(&e2, KITH_EINPUT, "no segment '%s' in the data now", name);
        }
    }
    if (s == KITH_ESTATE) {
        kith_metrics *sm = NULL;
        kith_error_clear(&e2);
        s = open_segment(st, org, kith_metrics_as_of(m), g->segment, &sm, &seg, &e2);
        if (s == KITH_OK)
            evaluate(sm, seg, tz, g);
        kith_metrics_close(sm);
    }
    if (s == KITH_ENOMEM || s == KITH_EDB)
        return kith_error_set(err, s, "%s", e2.msg);
    if (s != KITH_OK) {
        g->status = "n/a";
        g->current = g->baseline = g->progress = kith_value_na("%s", e2.msg);
        snprintf(g->why, sizeof g->why, "%s", e2.msg);
    }
    return KITH_OK;
}

kith_code kith__goals_build(kith_metrics *m, kith_store *st, int64_t org, const char *tz,
                            kith__goals *out, kith_error *err)
{
    memset(out, 0, sizeof *out);
    kith_org o;
    kith_code rc = kith__st_org_by_id(st, org, &o, err);
    if (rc != KITH_OK)
        return rc;
    snprintf(out->currency, sizeof out->currency, "%s", o.currency);
    snprintf(out->tz, sizeof out->tz, "%s", tz);
    goals_ctx c = {out, 0};
    char saved[96] = "";
    int recut = 0;
    rc = kith__st_goals(st, org, on_goal, &c, err);
    for (size_t i = 0; i < out->n && rc == KITH_OK; i++) {
        kith__goal *g = &out->g[i];
        if (!g->def) {
            g->status = "n/a";
            g->current = g->baseline = g->progress =
                kith_value_na("unknown metric '%s'", g->metric);
            snprintf(g->why, sizeof g->why, "this kith does not know the metric '%s'",
                     g->metric);
            continue;
        }
        if (!g->segment[0]) {
            evaluate(m, -1, tz, g);
            continue;
        }
        if (!recut) {
            const char *cur = kith_metrics_segment_spec(m);
            snprintf(saved, sizeof saved, "%s", cur ? cur : "");
            recut = 1;
        }
        rc = evaluate_segment(m, st, org, tz, g, err);
    }
    /* The caller's cut back (the report's --segment). */
    if (recut) {
        kith_error e3;
        kith_error_clear(&e3);
        kith_code r3 = kith_metrics_set_segment(m, saved[0] ? saved : NULL, &e3);
        if (rc == KITH_OK && r3 != KITH_OK)
            rc = kith_error_set(err, r3, "%s", e3.msg);
    }
    if (rc != KITH_OK)
        kith__goals_free(out);
    return rc;
}

void kith__goals_free(kith__goals *g)
{
    free(g->g);
    g->g = NULL;
    g->n = 0;
}

/* ================================================================ output */

/* A value of the goal's unit as read. */
static const char *fmt_value(char *b, size_t n, const kith__goal *g, double v,
                             const char *currency)
{
    const char *unit = g->def ? g->def->unit : "";
    char t[64];
    if (!strcmp(unit, "ratio"))
        snprintf(b, n, "%.1f%%", v * 100);
    else if (!strcmp(unit, "money"))
        snprintf(b, n, "%s %s", kith__fmt_thousands(t, sizeof t, v, 2), currency);
    else if (!strcmp(unit, "hours"))
        snprintf(b, n, "%.1f h", v);
    else if (!strcmp(unit, "count"))
        snprintf(b, n, "%s", kith__fmt_thousands(t, sizeof t, v, v == floor(v) ? 0 : 1));
    else
        snprintf(b, n, "%.1f", v);
    return b;
}

static json_t *goal_json(const kith__goal *g, const char *tz)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(g->id));
    json_object_set_new(o, "metric", json_string(g->metric));
    json_object_set_new(o, "label", g->def ? json_string(g->def->label) : json_null());
    json_object_set_new(o, "unit", g->def ? json_string(g->def->unit) : json_null());
    json_object_set_new(o, "segment",
                        g->segment[0] ? kith__jv_text(g->segment) : json_null());
    json_object_set_new(o, "target", kith__jv_real(g->target));
    char dl[32], cr[32];
    json_object_set_new(o, "deadline", json_string(local_date(g->deadline, tz, dl)));
    json_object_set_new(o, "owner", g->owner[0] ? kith__jv_text(g->owner) : json_null());
    json_object_set_new(o, "created_at", json_string(local_date(g->created_at, tz, cr)));
    json_object_set_new(o, "current", kith__jv_value(&g->current));
    json_object_set_new(o, "baseline", kith__jv_value(&g->baseline));
    json_object_set_new(o, "progress", kith__jv_value(&g->progress));
    json_t *months = json_array();
    for (int i = 0; i < g->nmonths; i++) {
        json_t *mo = json_object();
        int y;
        unsigned mm, d;
        char label[16];
        kith__time_local_civil(g->month_from[i], tz, &y, &mm, &d);
        snprintf(label, sizeof label, "%04d-%02u", y % 10000, mm % 13u);
        json_object_set_new(mo, "month", json_string(label));
        json_object_set_new(mo, "value", kith__jv_value(&g->values[i]));
        json_object_set_new(mo, "na_reason",
                            g->values[i].ok ? json_null()
                                            : json_string(g->values[i].why));
        /* A money month says what it converted or left out (Money). */
        json_object_set_new(mo, "note",
                            g->values[i].note[0] ? json_string(g->values[i].note)
                                                 : json_null());
        json_array_append_new(months, mo);
    }
    json_object_set_new(o, "months", months);
    if (g->has_trend) {
        json_t *t = json_object();
        json_object_set_new(t, "points", json_integer(g->points));
        json_object_set_new(t, "slope_per_month", kith__jv_real(g->slope));
        json_object_set_new(t, "projected", kith__jv_real(g->projected));
        json_object_set_new(t, "low", kith__jv_real(g->lo));
        json_object_set_new(t, "high", kith__jv_real(g->hi));
        json_object_set_new(o, "trend", t);
    } else {
        json_object_set_new(o, "trend", json_null());
    }
    json_object_set_new(o, "status", json_string(g->status ? g->status : "n/a"));
    json_object_set_new(o, "why", kith__jv_text(g->why));
    return o;
}

static kith_code write_table(const kith__goals *s, char **out, kith_error *err)
{
    kith_buf b;
    kith__buf_init(&b, 0);
    kith_code rc =
        kith__buf_printf(&b, "%-4s %-22s %-18s %12s %10s %12s %8s %-9s\n", "id", "metric",
                         "segment", "target", "by", "current", "progress", "status");
    for (size_t i = 0; i < s->n && rc == KITH_OK; i++) {
        const kith__goal *g = &s->g[i];
        char t[64], c[64] = "n/a", p[32] = "n/a", d[32];
        if (g->current.ok)
            fmt_value(c, sizeof c, g, g->current.v, s->currency);
        if (g->progress.ok)
            snprintf(p, sizeof p, "%.0f%%", round(g->progress.v * 100) + 0.0);
        rc = kith__buf_printf(&b, "%-4lld %-22.22s %-18.18s %12s %10s %12s %8s %-9s\n",
                              (long long)g->id, g->metric,
                              g->segment[0] ? g->segment : "all",
                              fmt_value(t, sizeof t, g, g->target, s->currency),
                              local_date(g->deadline, s->tz, d), c, p, g->status);
        if (rc == KITH_OK)
            rc = kith__buf_printf(&b, "     %s%s%s\n", g->why,
                                  g->owner[0] ? "; owner " : "", g->owner);
    }
    if (rc == KITH_OK && !s->n)
        rc = kith__buf_puts(&b, "(no goals: 'kith goals add --metric ID --target VALUE "
                                "--by DATE')\n");
    return kith__imp_buf_done(&b, rc, out, err);
}

static kith_code write_json(const kith__goals *s, char **out, kith_error *err)
{
    json_t *root = json_object(), *arr = json_array();
    json_object_set_new(root, "currency", json_string(s->currency));
    for (size_t i = 0; i < s->n; i++)
        json_array_append_new(arr, goal_json(&s->g[i], s->tz));
    json_object_set_new(root, "goals", arr);
    return kith__jv_dump(root, out, err);
}

kith_code kith__goals_write(const kith__goals *g, kith_impact_format fmt, char **out,
                            kith_error *err)
{
    if (fmt == KITH_IMPACT_JSON)
        return write_json(g, out, err);
    return write_table(g, out, err);
}

kith_code kith_goals_render(kith_store *st, int64_t org_id, const kith_impact_opts *opts,
                            kith_impact_format fmt, char **out, kith_error *err)
{
    *out = NULL;
    kith_org o;
    kith_code rc = kith__st_org_by_id(st, org_id, &o, err);
    if (rc != KITH_OK)
        return rc;
    if (fmt == KITH_IMPACT_SVG)
        return kith_error_set(err, KITH_EUSAGE, "goals have no chart: use table or json");
    kith_metrics *m = NULL;
    kith__goals g;
    memset(&g, 0, sizeof g);
    rc = kith__imp_metrics(st, org_id, opts ? opts->as_of : 0, &m, err);
    if (rc == KITH_OK)
        rc = kith__goals_build(m, st, org_id, o.timezone, &g, err);
    if (rc == KITH_OK)
        rc = kith__goals_write(&g, fmt, out, err);
    kith__goals_free(&g);
    kith_metrics_close(m);
    return rc;
}

kith_code kith_goals_json(kith_store *st, int64_t org_id, const kith_impact_opts *opts,
                          char **out, kith_error *err)
{
    return kith_goals_render(st, org_id, opts, KITH_IMPACT_JSON, out, err);
}
