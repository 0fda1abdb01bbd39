/* The metric sections of the report: every metric of docs/metrics.md for
 * P with its P-1 value, the initiative table, levels, at-risk members, the
 * period cuts (--by) and the segment cuts (--segment). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeparse.h"
#include "report/report_int.h"

/* A headline metric for P with the same metric for P-1. */
#define PAIR(sec, id, label, unit, better, expr_p, expr_q)                               \
    kith__rep_metric_prev(kith__rep_metric(rep, sec, id, label, unit, expr_p), expr_q,   \
                          better)

static kith_value count_value(double v, int64_t n)
{
    return kith_value_of(v, n);
}

static kith_value share_of(kith_value count)
{
    if (!count.ok)
        return count;
    if (!count.n)
        return kith_value_na("no customers");
    return kith_value_of(count.v / (double)count.n, count.n);
}

/* ------------------------------------------------------------ loyalty */

static void loyalty(kith_report *rep, const kith_metrics *m, kith_window p, kith_window q)
{
    rep_section *s = kith__rep_section(rep, "loyalty", "Customer loyalty");
    PAIR(s, "crr", "Customer retention rate (CRR)", RU_RATIO, 1,
         kith_metric_crr(m, p, -1), kith_metric_crr(m, q, -1));
    kith_crr_split a = kith_metric_crr_community(m, p, -1);
    kith_crr_split b = kith_metric_crr_community(m, q, -1);
    PAIR(s, "crr_within_community", "CRR within community", RU_RATIO, 1, a.within,
         b.within);
    PAIR(s, "crr_outside_community", "CRR outside community", RU_RATIO, 1, a.outside,
         b.outside);
    PAIR(s, "retention_lift", "Retention lift (within - outside)", RU_PP, 1, a.lift,
         b.lift);
    PAIR(s, "repeat_purchase_rate", "Repeat purchase rate", RU_RATIO, 1,
         kith_metric_repeat_purchase_rate(m, p, -1),
         kith_metric_repeat_purchase_rate(m, q, -1));
    kith_value ch = kith_metric_churned_customers(m, p.to, -1);
    kith_value chq = kith_metric_churned_customers(m, q.to, -1);
    PAIR(s, "churned_customers", "Churned customers", RU_COUNT, -1, ch, chq);
    PAIR(s, "churned_share", "Churned customers, share", RU_RATIO, -1, share_of(ch),
         share_of(chq));
    kith_clv_stats c = kith_metric_clv_historical(m, p.to, -1);
    kith_clv_stats cq = kith_metric_clv_historical(m, q.to, -1);
    PAIR(s, "clv_mean", "Historical CLV, mean", RU_MONEY, 1, c.mean, cq.mean);
    PAIR(s, "clv_median", "Historical CLV, median", RU_MONEY, 1, c.median, cq.median);
    PAIR(s, "clv_p80", "Historical CLV, 80th percentile", RU_MONEY, 1, c.p80, cq.p80);
    PAIR(s, "clv_p95", "Historical CLV, 95th percentile", RU_MONEY, 1, c.p95, cq.p95);
    PAIR(s, "revenue", "Revenue (purchases)", RU_MONEY, 1, kith_metric_revenue(m, p, -1),
         kith_metric_revenue(m, q, -1));
    kith__rep_metric(rep, s, "revenue_change", "Revenue change vs previous period",
                     RU_MONEY, kith_metric_revenue_change(m, p, q, -1));
    PAIR(s, "refunds", "Refunds", RU_MONEY, -1, kith_metric_refunds(m, p, -1),
         kith_metric_refunds(m, q, -1));
    /* Both group sizes of the lift, as METRICS.md asks. */
    static const char *const cols[] = {
        "group|Group|text", "customers|Customers (n)|count", "retained|CRR|ratio"};
    rep_table *t = kith__rep_table(rep, s, "retention_groups",
                                   "Retention within vs outside the community", 3, cols);
    const kith_value *g[2] = {&a.within, &a.outside};
    const char *names[2] = {"within community", "outside community"};
    for (int i = 0; i < 2; i++) {
        int r = kith__rep_row(rep, t);
        kith__rep_set_text(rep, t, r, 0, names[i]);
        if (g[i]->ok)
            kith__rep_set_int(t, r, 1, g[i]->n);
        else
            kith__rep_set_na(rep, t, r, 1, g[i]->why);
        kith__rep_set_value(rep, t, r, 2, *g[i]);
    }
    if (a.lift.ok) {
        char note[200];
        snprintf(note, sizeof note, "lift %+.1f pp, 95%% CI [%+.1f, %+.1f] pp",
                 a.lift.v * 100, a.lift.lo * 100, a.lift.hi * 100);
        kith__rep_table_note(rep, t, note);
    }
}

/* ------------------------------------------------------------ advocacy */

static void advocacy(kith_report *rep, const kith_metrics *m, kith_window p,
                     kith_window q)
{
    rep_section *s = kith__rep_section(rep, "advocacy", "Advocacy and voice");
    kith_nps a = kith_metric_nps(m, p, -1), b = kith_metric_nps(m, q, -1);
    PAIR(s, "nps", "NPS", RU_SCORE, 1, a.nps, b.nps);
    kith_nps e = kith_metric_enps(m, p), f = kith_metric_enps(m, q);
    PAIR(s, "enps", "eNPS", RU_SCORE, 1, e.nps, f.nps);
    PAIR(s, "feedback_volume", "Feedback volume (feedback, ideas, reviews)", RU_COUNT, 0,
         kith_metric_feedback_volume(m, p), kith_metric_feedback_volume(m, q));
    PAIR(s, "feedback_per_100_customers", "Feedback per 100 active customers", RU_SCORE,
         0, kith_metric_feedback_per_100(m, p), kith_metric_feedback_per_100(m, q));
    PAIR(s, "feedback_quality", "Feedback quality (actionable share)", RU_RATIO, 1,
         kith_metric_feedback_quality(m, p), kith_metric_feedback_quality(m, q));
    static const char *const cols[] = {
        "survey|Survey|text",          "n|n|count",
        "promoters|Promoters|count",   "passives|Passives|count",
        "detractors|Detractors|count", "score|Score|score",
        "margin|Margin (95%)|score"};
    rep_table *t =
        kith__rep_table(rep, s, "nps_breakdown", "NPS and eNPS in the period", 7, cols);
    const kith_nps *v[2] = {&a, &e};
    for (int i = 0; i < 2; i++) {
        int r = kith__rep_row(rep, t);
        kith__rep_set_text(rep, t, r, 0, i ? "eNPS" : "NPS");
        kith__rep_set_int(t, r, 1, v[i]->promoters + v[i]->passives + v[i]->detractors);
        kith__rep_set_int(t, r, 2, v[i]->promoters);
        kith__rep_set_int(t, r, 3, v[i]->passives);
        kith__rep_set_int(t, r, 4, v[i]->detractors);
        kith__rep_set_value(rep, t, r, 5, v[i]->nps);
        if (v[i]->nps.ok)
            kith__rep_set_real(t, r, 6, v[i]->margin);
        else
            kith__rep_set_na(rep, t, r, 6, v[i]->nps.why);
    }
}

/* ------------------------------------------------------------ acquisition */

static void initiatives(kith_report *rep, rep_section *s, const kith_metrics *m,
                        kith_window p)
{
    /* The last column only when an attributed purchase's amount is left
     * out (another currency, no rate): how many, beside each revenue. */
    static const char *const cols[] = {"initiative|Initiative|text",
                                       "cost|Cost|money",
                                       "revenue_period|Revenue in P|money",
                                       "revenue|Revenue|money",
                                       "purchases|Purch.|count",
                                       "acquired|Acquired|count",
                                       "roi|ROI|ratio",
                                       "cost_per_acquired|Cost/acq.|money",
                                       "left_out|Amounts left out|count"};
    kith_initiative_result *r = NULL;
    size_t n = 0;
    kith_error err;
    kith_error_clear(&err);
    if (kith_metric_initiatives(m, p, &r, &n, &err) != KITH_OK) {
        rep->oom = 1;
        return;
    }
    int left_out = 0;
    for (size_t i = 0; i < n; i++)
        left_out |= r[i].left_out > 0;
    rep_table *t = kith__rep_table(rep, s, "initiatives",
                                   "Initiatives: attributed revenue (all time) and ROI",
                                   left_out ? 9 : 8, cols);
    for (size_t i = 0; i < n; i++) {
        int row = kith__rep_row(rep, t);
        kith__rep_set_text(rep, t, row, 0, r[i].name);
        kith__rep_set_real(t, row, 1, r[i].cost);
        kith__rep_set_real(t, row, 2, r[i].revenue_period);
        kith__rep_set_real(t, row, 3, r[i].revenue);
        kith__rep_set_int(t, row, 4, r[i].purchases);
        kith__rep_set_int(t, row, 5, r[i].acquired);
        kith__rep_set_value(rep, t, row, 6, r[i].roi);
        kith__rep_set_value(rep, t, row, 7, r[i].cost_per_acquired);
        if (left_out)
            kith__rep_set_int(t, row, 8, r[i].left_out);
    }
    if (!n)
        kith__rep_table_note(rep, t,
                             "no initiatives imported (kith import initiatives FILE)");
    char note[256];
    kith_metric_initiatives_note(m, p, note, sizeof note);
    kith__rep_table_note_add(rep, t, "revenue and ROI: ", note);
    free(r);
}

static void acquisition(kith_report *rep, const kith_metrics *m, kith_window p,
                        kith_window q)
{
    rep_section *s = kith__rep_section(rep, "acquisition", "Acquisition and revenue");
    PAIR(s, "community_acquired", "Community-acquired customers", RU_COUNT, 1,
         kith_metric_community_acquired(m, p, -1),
         kith_metric_community_acquired(m, q, -1));
    PAIR(s, "event_acquired", "Customers acquired through events", RU_COUNT, 1,
         kith_metric_event_acquired(m, p, -1), kith_metric_event_acquired(m, q, -1));
    kith_traffic a = kith_metric_referral_traffic(m, p),
                 b = kith_metric_referral_traffic(m, q);
    PAIR(s, "referral_traffic_share", "Web sessions from community channels", RU_RATIO, 1,
         a.share, b.share);
    if (a.share.ok)
        kith__rep_metric(rep, s, "referral_traffic_conversions",
                         "Conversions from community channels", RU_COUNT,
                         count_value((double)a.conversions, a.sessions));
    kith_traffic c = kith_metric_local_traffic(m, p), d = kith_metric_local_traffic(m, q);
    PAIR(s, "local_traffic_share", "Web sessions from the local area", RU_RATIO, 1,
         c.share, d.share);
    initiatives(rep, s, m, p);
}

/* ------------------------------------------------------------ engagement */

static void levels_tables(kith_report *rep, rep_section *s, const kith_metrics *m,
                          kith_window p)
{
    int64_t at_from[5], at_to[5], mv[5][5];
    kith_metric_levels(m, p.from, -1, at_from);
    kith_metric_levels(m, p.to, -1, at_to);
    static const char *const cols[] = {"level|Level|text", "start|At start of P|count",
                                       "end|At end of P|count"};
    rep_table *t =
        kith__rep_table(rep, s, "levels", "Engagement levels (the funnel)", 3, cols);
    for (int l = 4; l >= 0; l--) {
        int r = kith__rep_row(rep, t);
        kith__rep_set_text(rep, t, r, 0, kith_level_name(l));
        kith__rep_set_int(t, r, 1, at_from[l]);
        kith__rep_set_int(t, r, 2, at_to[l]);
    }
    kith_metric_level_movement(m, p, -1, mv);
    static const char *const mcols[] = {"from|Start \\ end|text",
                                        "l0|0|count",
                                        "l1|1|count",
                                        "l2|2|count",
                                        "l3|3|count",
                                        "l4|4|count"};
    rep_table *mt = kith__rep_table(
        rep, s, "level_movement", "Level movement in P (rows: level at start)", 6, mcols);
    int64_t up = 0, down = 0;
    for (int a = 0; a < 5; a++) {
        int r = kith__rep_row(rep, mt);
        kith__rep_set_text(rep, mt, r, 0, kith_level_name(a));
        for (int b = 0; b < 5; b++) {
            kith__rep_set_int(mt, r, b + 1, mv[a][b]);
            up += b > a ? mv[a][b] : 0;
            down += b < a ? mv[a][b] : 0;
        }
    }
    kith__rep_metric(rep, s, "promoted", "Members promoted a level or more", RU_COUNT,
                     kith_value_of((double)up, up));
    kith__rep_metric(rep, s, "demoted", "Members demoted a level or more", RU_COUNT,
                     kith_value_of((double)down, down));
}

/* The engagement rate per post (METRICS.md: "also per post"): the ten
 * best posts of P in the table, the count of the others in a note. */
static void post_table(kith_report *rep, rep_section *s, const kith_metrics *m,
                       kith_window p)
{
    static const char *const cols[] = {"post|Post|text",
                                       "channel|Channel|text",
                                       "published|Published|date",
                                       "reach|Reach|count",
                                       "interactions|Interactions|count",
                                       "rate|Engagement rate|ratio"};
    kith_post_engagement *v = NULL;
    size_t n = 0;
    kith_error err;
    kith_error_clear(&err);
    if (kith_metric_post_engagement(m, p, &v, &n, &err) != KITH_OK) {
        rep->oom = 1;
        return;
    }
    rep_table *t =
        kith__rep_table(rep, s, "engagement_by_post",
                        "Social engagement rate per post (best first)", 6, cols);
    size_t limit = 10;
    for (size_t i = 0; i < n && i < limit; i++) {
        int r = kith__rep_row(rep, t);
        kith__rep_set_text(rep, t, r, 0, v[i].post);
        kith__rep_set_text(rep, t, r, 1, kith_metrics_channel_name(m, v[i].channel));
        kith__rep_set_real(t, r, 2, (double)v[i].published_at);
        kith__rep_set_int(t, r, 3, v[i].reach);
        kith__rep_set_int(t, r, 4, v[i].interactions);
        kith__rep_set_value(rep, t, r, 5, v[i].rate);
    }
    if (n > limit) {
        char note[96];
        snprintf(note, sizeof note, "%zu more posts not shown", n - limit);
        kith__rep_table_note(rep, t, note);
    }
    free(v);
}

static void member_list(kith_report *rep, rep_section *s, const char *id,
                        const char *title, const kith_member_score *v, size_t n,
                        size_t limit)
{
    static const char *const cols[] = {
        "member_id|Member|count",    "name|Name|text",
        "love|Love|score",           "level|Level|count",
        "max_level|Max level|count", "last|Last activity|date"};
    rep_table *t = kith__rep_table(rep, s, id, title, 6, cols);
    for (size_t i = 0; i < n && i < limit; i++) {
        int r = kith__rep_row(rep, t);
        char date[32];
        kith__rep_set_int(t, r, 0, v[i].member_id);
        kith__rep_set_text(rep, t, r, 1, v[i].name);
        kith__rep_set_real(t, r, 2, v[i].love);
        kith__rep_set_int(t, r, 3, v[i].level);
        kith__rep_set_int(t, r, 4, v[i].max_level);
        if (v[i].last_activity)
            kith__rep_set_text(rep, t, r, 5,
                               kith__time_local_date(v[i].last_activity, rep->tz, date));
        else
            kith__rep_set_na(rep, t, r, 5, "no community activity");
    }
    if (n > limit) {
        char note[96];
        snprintf(note, sizeof note, "%zu more not shown", n - limit);
        kith__rep_table_note(rep, t, note);
    }
}

static void engagement(kith_report *rep, const kith_metrics *m, kith_window p,
                       kith_window q)
{
    rep_section *s =
        kith__rep_section(rep, "engagement", "Engagement and community health");
    PAIR(s, "social_engagement_rate", "Social engagement rate", RU_RATIO, 1,
         kith_metric_social_engagement_rate(m, p, -1),
         kith_metric_social_engagement_rate(m, q, -1));
    PAIR(s, "active_members", "Active community members", RU_COUNT, 1,
         kith_metric_active_members(m, p, -1), kith_metric_active_members(m, q, -1));
    PAIR(s, "mam", "Monthly active members (last 30 days)", RU_COUNT, 1,
         kith_metric_mam(m, p.to, -1), kith_metric_mam(m, q.to, -1));
    PAIR(s, "stickiness", "Stickiness (daily / monthly active)", RU_RATIO, 1,
         kith_metric_stickiness(m, p.to, -1), kith_metric_stickiness(m, q.to, -1));
    PAIR(s, "community_churn", "Community churn", RU_RATIO, -1,
         kith_metric_community_churn(m, p, -1), kith_metric_community_churn(m, q, -1));
    PAIR(s, "response_rate", "Response rate (reply within window)", RU_RATIO, 1,
         kith_metric_response_rate(m, p), kith_metric_response_rate(m, q));
    PAIR(s, "median_first_reply_hours", "Median time to first reply", RU_HOURS, -1,
         kith_metric_median_first_reply(m, p), kith_metric_median_first_reply(m, q));
    PAIR(s, "dependency_factor", "Dependency factor (members for 50%)", RU_COUNT, 1,
         kith_metric_dependency_factor(m, p), kith_metric_dependency_factor(m, q));
    PAIR(s, "love_mean", "Mean engagement score (love)", RU_SCORE, 1,
         kith_metric_love_mean(m, p.to, -1), kith_metric_love_mean(m, q.to, -1));
    levels_tables(rep, s, m, p);
    kith_member_score *v = NULL;
    size_t n = 0;
    kith_error err;
    kith_error_clear(&err);
    if (kith_metric_love_top(m, p.to, -1, 10, &v, &n, &err) == KITH_OK)
        member_list(rep, s, "top_members", "Top members by love", v, n, 10);
    else
        rep->oom = 1;
    free(v);
    v = NULL;
    if (kith_metric_at_risk(m, p.to, &v, &n, &err) == KITH_OK) {
        kith__rep_metric(rep, s, "at_risk", "At-risk members", RU_COUNT,
                         kith_value_of((double)n, (int64_t)n));
        member_list(rep, s, "at_risk_members", "At-risk members", v, n, 20);
    } else {
        rep->oom = 1;
    }
    free(v);
    static const char *const cols[] = {"channel|Channel|text",
                                       "rate|Engagement rate|ratio", "posts|Posts|count"};
    rep_table *t = kith__rep_table(rep, s, "engagement_by_channel",
                                   "Social engagement rate by channel", 3, cols);
    for (int c = 0; c < kith_metrics_nchannels(m); c++) {
        kith_value e = kith_metric_social_engagement_rate(m, p, c);
        if (!e.ok)
            continue; /* channels without posts in P */
        int r = kith__rep_row(rep, t);
        kith__rep_set_text(rep, t, r, 0, kith_metrics_channel_name(m, c));
        kith__rep_set_real(t, r, 1, e.v);
        kith__rep_set_int(t, r, 2, e.n);
    }
    post_table(rep, s, m, p);
}

/* ------------------------------------------------------------ innovation, employees */

static void innovation(kith_report *rep, const kith_metrics *m, kith_window p,
                       kith_window q)
{
    rep_section *s = kith__rep_section(rep, "innovation", "Innovation");
    PAIR(s, "innovation_rate", "Community-driven innovation rate", RU_RATIO, 1,
         kith_metric_innovation_rate(m, p), kith_metric_innovation_rate(m, q));
    kith_idea_funnel f = kith_metric_idea_funnel(m, p), g = kith_metric_idea_funnel(m, q);
    PAIR(s, "median_days_to_ship", "Median days from proposed to shipped", RU_DAYS, -1,
         f.median_days_to_ship, g.median_days_to_ship);
    static const char *const cols[] = {"status|Status (ideas proposed in P)|text",
                                       "ideas|Ideas|count"};
    static const char *const st[] = {"proposed", "under_review", "planned", "shipped",
                                     "declined"};
    rep_table *t = kith__rep_table(rep, s, "idea_funnel", "Idea funnel", 2, cols);
    for (int i = 0; i < 5; i++) {
        int r = kith__rep_row(rep, t);
        kith__rep_set_text(rep, t, r, 0, st[i]);
        kith__rep_set_int(t, r, 1, f.counts[i]);
    }
}

static void employees(kith_report *rep, const kith_metrics *m, kith_window p,
                      kith_window q)
{
    rep_section *s = kith__rep_section(rep, "employees", "Employees and local impact");
    PAIR(s, "employee_retention", "Employee retention", RU_RATIO, 1,
         kith_metric_employee_retention(m, p), kith_metric_employee_retention(m, q));
    PAIR(s, "employee_participation", "Employee participation", RU_RATIO, 1,
         kith_metric_employee_participation(m, p),
         kith_metric_employee_participation(m, q));
    PAIR(s, "volunteer_hours", "Volunteer hours", RU_HOURS, 1,
         kith_metric_volunteer_hours(m, p), kith_metric_volunteer_hours(m, q));
    PAIR(s, "donations", "Donations", RU_MONEY, 1, kith_metric_donations(m, p),
         kith_metric_donations(m, q));
    PAIR(s, "supplier_spend", "Supplier spend", RU_MONEY, 0,
         kith_metric_supplier_spend(m, p), kith_metric_supplier_spend(m, q));
    PAIR(s, "local_supplier_share", "Local supplier share", RU_RATIO, 1,
         kith_metric_local_supplier_share(m, p), kith_metric_local_supplier_share(m, q));
}

/* ------------------------------------------------------------ cuts */

/* The next cut boundary after t for by = month / quarter / year: the first
 * local midnight of the next month, quarter or year in the org's zone. */
static int64_t next_cut(int64_t t, const char *by, const char *tz)
{
    int y;
    unsigned mo, d;
    kith__time_local_civil(t, tz, &y, &mo, &d);
    int step = !strcmp(by, "year") ? 12 : !strcmp(by, "quarter") ? 3 : 1;
    int m0 = (int)mo - 1;
    m0 = m0 - m0 % step + step;
    return kith__time_local_midnight(y + m0 / 12, (unsigned)(m0 % 12) + 1, 1, tz);
}

/* The label of the cut starting at t, from its local date. */
static void cut_label(int64_t t, const char *by, const char *tz, char *out, size_t n)
{
    int y;
    unsigned mo, d;
    kith__time_local_civil(t, tz, &y, &mo, &d);
    if (!strcmp(by, "year"))
        snprintf(out, n, "%04d", y % 10000);
    else if (!strcmp(by, "quarter"))
        snprintf(out, n, "%04d-Q%u", y % 10000, (mo - 1) / 3 + 1);
    else
        snprintf(out, n, "%04d-%02u", y % 10000, mo % 13u);
}

static void series(kith_report *rep, const kith_metrics *m, kith_window p)
{
    const char *by = rep->by[0] ? rep->by : "month";
    rep_section *s = kith__rep_section(rep, "trends", "Trends by period");
    static const char *const cols[] = {"period|Period|text",
                                       "from|From|date",
                                       "active|Active|count",
                                       "new_customers|New cust.|count",
                                       "acquired|Comm.-acq.|count",
                                       "revenue|Revenue|money",
                                       "crr|CRR|ratio",
                                       "churn|Comm. churn|ratio",
                                       "nps|NPS|score",
                                       "nps_n|NPS n|count",
                                       "engagement|Eng. rate|ratio"};
    rep_table *t = kith__rep_table(rep, s, "series", "Metrics by period", 11, cols);
    for (int64_t a = p.from; a < p.to;) {
        int64_t b = next_cut(a, by, rep->tz);
        if (b > p.to)
            b = p.to;
        kith_window w = {a, b};
        char label[32];
        cut_label(a, by, rep->tz, label, sizeof label);
        int r = kith__rep_row(rep, t);
        kith__rep_set_text(rep, t, r, 0, label);
        kith__rep_set_real(t, r, 1, (double)a);
        kith__rep_set_value(rep, t, r, 2, kith_metric_active_members(m, w, -1));
        kith_value acq = kith_metric_community_acquired(m, w, -1);
        if (acq.ok)
            kith__rep_set_int(t, r, 3, acq.n);
        else
            kith__rep_set_na(rep, t, r, 3, acq.why);
        kith__rep_set_value(rep, t, r, 4, acq);
        kith__rep_set_value(rep, t, r, 5, kith_metric_revenue(m, w, -1));
        kith__rep_set_value(rep, t, r, 6, kith_metric_crr(m, w, -1));
        kith__rep_set_value(rep, t, r, 7, kith_metric_community_churn(m, w, -1));
        kith_nps nps = kith_metric_nps(m, w, -1);
        kith__rep_set_value(rep, t, r, 8, nps.nps);
        kith__rep_set_int(t, r, 9, nps.promoters + nps.passives + nps.detractors);
        kith__rep_set_value(rep, t, r, 10, kith_metric_social_engagement_rate(m, w, -1));
        a = b;
    }
    kith__rep_table_note_add(rep, t, "revenue: ", kith_metric_revenue(m, p, -1).note);
}

static void segments(kith_report *rep, const kith_metrics *m, kith_window p)
{
    char title[160];
    snprintf(title, sizeof title, "Segments by %s", rep->segment);
    rep_section *s = kith__rep_section(rep, "segments", title);
    static const char *const cols[] = {
        "segment|Segment|text",        "members|Members|count",
        "active|Active|count",         "crr|CRR|ratio",
        "repeat|Repeat|ratio",         "clv_mean|CLV mean|money",
        "clv_median|CLV median|money", "clv_p80|CLV p80|money",
        "clv_p95|CLV p95|money",       "nps|NPS|score",
        "churn|Comm. churn|ratio",     "love|Mean love|score"};
    rep_table *t = kith__rep_table(rep, s, "segments", title, 12, cols);
    for (int g = 0; g < kith_metrics_nsegments(m); g++) {
        int64_t members = kith_metrics_members(m, g);
        if (!members)
            continue;
        int r = kith__rep_row(rep, t);
        kith__rep_set_text(rep, t, r, 0, kith_metrics_segment_name(m, g));
        kith__rep_set_int(t, r, 1, members);
        kith__rep_set_value(rep, t, r, 2, kith_metric_active_members(m, p, g));
        kith__rep_set_value(rep, t, r, 3, kith_metric_crr(m, p, g));
        kith__rep_set_value(rep, t, r, 4, kith_metric_repeat_purchase_rate(m, p, g));
        kith_clv_stats c = kith_metric_clv_historical(m, p.to, g);
        kith__rep_set_value(rep, t, r, 5, c.mean);
        kith__rep_set_value(rep, t, r, 6, c.median);
        kith__rep_set_value(rep, t, r, 7, c.p80);
        kith__rep_set_value(rep, t, r, 8, c.p95);
        kith__rep_set_value(rep, t, r, 9, kith_metric_nps(m, p, g).nps);
        kith__rep_set_value(rep, t, r, 10, kith_metric_community_churn(m, p, g));
        kith__rep_set_value(rep, t, r, 11, kith_metric_love_mean(m, p.to, g));
    }
    kith__rep_table_note_add(rep, t,
                             "CLV: ", kith_metric_clv_historical(m, p.to, -1).mean.note);
}

kith_code kith__rep_build_metrics(kith_report *rep, kith_store *st, int64_t org,
                                  int include_team, const char *lexicon, kith_error *err)
{
    kith_metrics_opts mo;
    memset(&mo, 0, sizeof mo);
    mo.as_of = rep->as_of;
    mo.include_team = include_team;
    mo.segment = rep->segment[0] ? rep->segment : NULL;
    kith_metrics *m = NULL;
    kith_code rc = kith_metrics_open(st, org, &mo, &m, err);
    if (rc != KITH_OK)
        return rc;
    kith_window p = {rep->from, rep->to}, q = {rep->prev_from, rep->prev_to};
    kith__rep_build_money(rep, m);
    loyalty(rep, m, p, q);
    advocacy(rep, m, p, q);
    kith__rep_build_sentiment(rep, m, st, org, lexicon);
    acquisition(rep, m, p, q);
    engagement(rep, m, p, q);
    innovation(rep, m, p, q);
    employees(rep, m, p, q);
    kith__rep_build_network(rep, m, st, org, include_team);
    rep_clv_values clv;
    kith__rep_build_clv(rep, m, &clv);
    kith__rep_build_churn(rep, m, st, org, lexicon, &clv);
    kith__rep_clv_values_free(&clv);
    series(rep, m, p);
    if (rep->segment[0])
        segments(rep, m, p);
    kith__rep_build_srci(rep, m, st, org);
    kith__rep_build_stakeholders(rep, m, st, org);
    kith__rep_build_scenarios(rep, m);
    kith__rep_build_goals(rep, m, st, org);
    kith__rep_build_findings(rep, m, st, org, include_team);
    kith_metrics_close(m);
    return KITH_OK;
}
