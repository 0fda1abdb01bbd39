/* The finding rules of the core report (docs/findings.md): retention lift,
 * sentiment alert weeks with their rising topics, initiatives' ROI,
 * champions and members at risk, NPS change, community churn, revenue
 * change and high-value customers at churn risk. Each reads the report as
 * built and adds a finding only when its numbers support it: an interval
 * that excludes zero, an alert that fired, enough observations. Thresholds are the FIND_*
 * constants below. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kith/topics.h"
#include "report/findings_int.h"

/* Observations a normal-approximation interval needs: each group of a
 * two-proportion interval holds at least this many of each outcome. */
#define FIND_MIN_OUTCOMES 10
/* Fewest observations behind an interval of a mean or total (NPS
 * responses, customers, members) before a finding is drawn from it. */
#define FIND_MIN_N 30
/* Alert weeks listed at most (the most severe first). */
#define FIND_MAX_ALERTS 3
/* Topics named for an alert week. */
#define FIND_TOPICS 5
/* Initiatives with a negative ROI listed at most (the worst first). */
#define FIND_MAX_LOSSES 3
/* Community churn shown without a significant change from this level. */
#define FIND_CHURN_LEVEL 0.25
/* High-value customers at churn risk named in the sentence. */
#define FIND_HIGH_VALUE_NAMES 3

/* A metric's P and P-1 values when both are known. */
static int both(const rep_metric *m)
{
    return m && m->cur.ok && m->has_prev && m->prev.ok;
}

/* ------------------------------------------------------------ retention */

void kith__find_retention(kith__find_ctx *c)
{
    const rep_metric *lift = kith__find_metric(c, "loyalty", "retention_lift");
    const rep_metric *in = kith__find_metric(c, "loyalty", "crr_within_community");
    const rep_metric *out = kith__find_metric(c, "loyalty", "crr_outside_community");
    if (!lift || !in || !out || !lift->cur.ok || !lift->cur.has_ci || !in->cur.ok ||
        !out->cur.ok)
        return;
    /* Enough of each outcome in both groups for the normal approximation. */
    const kith_value *g[2] = {&in->cur, &out->cur};
    for (int i = 0; i < 2; i++) {
        double kept = g[i]->v * (double)g[i]->n, lost = (double)g[i]->n - kept;
        if (kept < FIND_MIN_OUTCOMES - 1e-9 || lost < FIND_MIN_OUTCOMES - 1e-9)
            return;
    }
    double lo = lift->cur.lo, hi = lift->cur.hi;
    if (!(lo > 0 || hi < 0))
        return; /* the interval holds zero */
    char w[64], o[64], l[64], a[64], b[64];
    rep_finding *f = kith__find_add(
        c, "retention_lift", lo > 0 ? RF_GOOD : RF_BAD, "loyalty",
        "#/report?section=loyalty",
        lo > 0 ? "Customers active in your community kept buying more often: %s vs %s "
                 "(%s points, 95%% CI %s to %s)"
               : "Customers active in your community kept buying less often than the "
                 "others: %s vs %s (%s points, 95%% CI %s to %s)",
        kith__find_pct(in->cur.v, w), kith__find_pct(out->cur.v, o),
        kith__find_pp(lift->cur.v, l), kith__find_pp(lo, a), kith__find_pp(hi, b));
    kith__find_num(c, f, "crr_within", in->cur.v, RU_RATIO);
    kith__find_num(c, f, "crr_outside", out->cur.v, RU_RATIO);
    kith__find_num(c, f, "lift", lift->cur.v, RU_PP);
    kith__find_num(c, f, "ci_low", lo, RU_PP);
    kith__find_num(c, f, "ci_high", hi, RU_PP);
    kith__find_num(c, f, "n_within", (double)in->cur.n, RU_COUNT);
    kith__find_num(c, f, "n_outside", (double)out->cur.n, RU_COUNT);
    kith__find_metric_ref(c, f, "retention_lift");
    kith__find_metric_ref(c, f, "crr_within_community");
    kith__find_metric_ref(c, f, "crr_outside_community");
    kith__find_table_ref(c, f, "retention_groups");
}

/* ------------------------------------------------------------ sentiment */

/* A table row with the number it is ranked by (z, ROI): lowest first,
 * then by row. */
typedef struct ranked {
    int row;
    double key;
} ranked;

static int by_key(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->row - y->row;
}

/* The rows of t with a number in column key (and, when when_col is not
 * NULL, the text when_text in column when_col), lowest key first; their
 * count in *n. malloc'ed; NULL (and *n = 0) for none or out of memory
 * (then the report's oom is set). */
static ranked *rank_rows(kith__find_ctx *c, const rep_table *t, const char *key,
                         const char *when_col, const char *when_text, int *n)
{
    *n = 0;
    ranked *v = t && t->nrows ? calloc((size_t)t->nrows, sizeof *v) : NULL;
    if (t && t->nrows && !v) {
        ((kith_report *)kith__find_rep(c))->oom = 1;
        return NULL;
    }
    for (int r = 0; v && r < t->nrows; r++) {
        double x;
        if ((!when_col || !strcmp(kith__find_cell_text(t, r, when_col), when_text)) &&
            kith__find_cell_num(t, r, key, &x))
            v[(*n)++] = (ranked){r, x};
    }
    if (*n > 1)
        qsort(v, (size_t)*n, sizeof *v, by_key);
    return v;
}

/* The rising topics of the week [from, to) against the week before (none
 * without a store, or when the topics cannot be read: the finding stands
 * without them). Free with kith_topics_free. */
static kith_topic *week_topics(kith__find_ctx *c, int64_t from, int64_t to, size_t *n)
{
    int64_t org;
    int team;
    kith_store *st = kith__find_store(c, &org, &team);
    kith_topic *t = NULL;
    *n = 0;
    if (!st)
        return NULL;
    kith_topics_opts o;
    memset(&o, 0, sizeof o);
    o.from = from;
    o.to = to;
    o.limit = FIND_TOPICS;
    o.include_team = team;
    kith_topics_stats stats;
    kith_error err;
    kith_error_clear(&err);
    if (kith_topics_rising(st, org, &o, &t, n, &stats, &err) != KITH_OK) {
        if (err.code == KITH_ENOMEM)
            ((kith_report *)kith__find_rep(c))->oom = 1;
        *n = 0;
        return NULL;
    }
    return t;
}

static void alert_finding(kith__find_ctx *c, const rep_table *t, int r, double z)
{
    const char *label = kith__find_cell_text(t, r, "week");
    double from = 0, mean = 0, base = 0, scored = 0;
    kith__find_cell_num(t, r, "from", &from);
    kith__find_cell_num(t, r, "mean", &mean);
    kith__find_cell_num(t, r, "baseline", &base);
    kith__find_cell_num(t, r, "scored", &scored);
    /* The week ends where the next row starts; the last row's week, 7 days
     * on (the topics' window only: 1 h off across a change of clocks). */
    double to = from + 7 * 86400.0;
    kith__find_cell_num(t, r + 1, "from", &to);
    size_t nt = 0;
    kith_topic *tp = week_topics(c, (int64_t)from, (int64_t)to, &nt);
    char topics[512] = "", id[96], page[96], day[64];
    size_t used = 0;
    for (size_t i = 0; i < nt; i++) {
        int w = snprintf(topics + used, sizeof topics - used, "%s%s", i ? ", " : "",
                         tp[i].display);
        if (w < 0 || (size_t)w >= sizeof topics - used)
            break;
        used += (size_t)w;
    }
    snprintf(id, sizeof id, "sentiment_alert.%.40s", label);
    snprintf(page, sizeof page, "#/sentiment?week=%.40s", label);
    rep_finding *f =
        kith__find_add(c, id, RF_BAD, "sentiment", page,
                       "Sentiment fell sharply in the week of %s (z = %.1f)%s%s",
                       kith__find_day(label, day), z,
                       topics[0] ? "; people talked about: " : "", topics);
    for (size_t i = 0; i < nt; i++)
        kith__find_item(c, f, tp[i].display);
    kith_topics_free(tp, nt);
    kith__find_num(c, f, "z", z, RU_NONE);
    kith__find_num(c, f, "mean", mean, RU_NONE);
    kith__find_num(c, f, "baseline_mean", base, RU_NONE);
    kith__find_num(c, f, "scored", scored, RU_COUNT);
    kith__find_num(c, f, "week_from", from, RU_DATE);
    kith__find_metric_ref(c, f, "sentiment_alert_weeks");
    kith__find_table_ref(c, f, "sentiment_weeks");
}

void kith__find_sentiment(kith__find_ctx *c)
{
    const rep_table *t = kith__find_table(c, "sentiment", "sentiment_weeks");
    int n;
    ranked *v = rank_rows(c, t, "z", "alert", "ALERT", &n);
    for (int i = 0; i < n && i < FIND_MAX_ALERTS; i++)
        alert_finding(c, t, v[i].row, v[i].key);
    free(v);
}

/* ------------------------------------------------------------ initiatives */

void kith__find_slug(const char *name, char *out, size_t n)
{
    size_t o = 0;
    for (const char *p = name; *p && o + 1 < n; p++) {
        char ch = *p;
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        int keep = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
        if (keep)
            out[o++] = ch;
        else if (o && out[o - 1] != '-')
            out[o++] = '-';
    }
    while (o && out[o - 1] == '-')
        o--;
    out[o] = '\0';
}

/* name with the characters a URL query needs escaped percent-encoded. */
static void url_encode(const char *name, char *out, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p && o + 4 < n; p++) {
        int plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                    (*p >= '0' && *p <= '9') || strchr("-._~", *p);
        if (plain) {
            out[o++] = (char)*p;
        } else {
            out[o++] = '%';
            out[o++] = hex[*p >> 4];
            out[o++] = hex[*p & 15];
        }
    }
    out[o] = '\0';
}

static rep_finding *initiative(kith__find_ctx *c, const rep_table *t, int r,
                               const char *idbase, rep_finding_kind kind,
                               const char *tail)
{
    const char *name = kith__find_cell_text(t, r, "initiative");
    double roi = 0, cost = 0, revenue = 0, purchases = 0;
    kith__find_cell_num(t, r, "roi", &roi);
    kith__find_cell_num(t, r, "cost", &cost);
    kith__find_cell_num(t, r, "revenue", &revenue);
    kith__find_cell_num(t, r, "purchases", &purchases);
    char id[200], page[400], s[64], pct[64], money[64], rev[64], np[64], enc[300];
    kith__find_slug(name, s, sizeof s);
    snprintf(id, sizeof id, "%s.%s", idbase, s[0] ? s : "unnamed");
    url_encode(name, enc, sizeof enc);
    snprintf(page, sizeof page, "#/initiatives?name=%s", enc);
    snprintf(pct, sizeof pct, "%s%%", kith__find_signed(roi * 100, s));
    rep_finding *f =
        kith__find_add(c, id, kind, "acquisition", page,
                       "%s returned %s on %s%s (%s of attributed revenue "
                       "from %s purchase%s)",
                       name, pct, kith__find_money(c, cost, 0, money), tail,
                       kith__find_money(c, revenue, 0, rev),
                       kith__find_whole(purchases, np), kith__find_s(purchases));
    kith__find_item(c, f, name);
    kith__find_num(c, f, "roi", roi, RU_RATIO);
    kith__find_num(c, f, "cost", cost, RU_MONEY);
    kith__find_num(c, f, "revenue", revenue, RU_MONEY);
    kith__find_num(c, f, "purchases", purchases, RU_COUNT);
    kith__find_table_ref(c, f, "initiatives");
    return f;
}

/* 1 when the row's revenue leaves amounts out (another currency without a
 * rate): its ROI is not stated as a finding; the table says it. */
static int money_left_out(const rep_table *t, int row)
{
    double left = 0;
    return kith__find_cell_num(t, row, "left_out", &left) && left > 0;
}

void kith__find_initiatives(kith__find_ctx *c)
{
    const rep_table *t = kith__find_table(c, "acquisition", "initiatives");
    int n;
    ranked *v = rank_rows(c, t, "roi", NULL, NULL, &n);
    /* Rows whose revenue leaves amounts out are not ranked. */
    int k = 0;
    for (int i = 0; i < n; i++)
        if (!money_left_out(t, v[i].row))
            v[k++] = v[i];
    n = k;
    /* Money lost: ROI below zero (an ROI is defined only when cost > 0). */
    for (int i = 0; i < n && i < FIND_MAX_LOSSES && v[i].key < 0; i++)
        initiative(c, t, v[i].row, "initiative_loss", RF_BAD, "");
    /* The best, when it earned more than it cost, from enough purchases,
     * among at least two initiatives with an ROI. */
    double min_n = kith__find_param(c, "min_n", 5), purchases = 0;
    if (n >= 2 && v[n - 1].key > 0 &&
        kith__find_cell_num(t, v[n - 1].row, "purchases", &purchases) &&
        purchases >= fmax(min_n, FIND_MIN_OUTCOMES)) {
        char tail[96];
        snprintf(tail, sizeof tail, ", the best of %d initiatives", n);
        initiative(c, t, v[n - 1].row, "initiative_best", RF_GOOD, tail);
    }
    free(v);
}

/* ------------------------------------------------------------ members */

void kith__find_members(kith__find_ctx *c)
{
    const rep_table *lv = kith__find_table(c, "engagement", "levels");
    const rep_metric *risk = kith__find_metric(c, "engagement", "at_risk");
    if (!lv || !risk || !risk->cur.ok)
        return;
    double champions = -1, start = 0;
    for (int r = 0; r < lv->nrows; r++)
        if (!strncmp(kith__find_cell_text(lv, r, "level"), "4 ", 2)) {
            kith__find_cell_num(lv, r, "end", &champions);
            kith__find_cell_num(lv, r, "start", &start);
        }
    double at_risk = risk->cur.v;
    if (champions < 0 || (champions == 0 && at_risk == 0))
        return;
    char a[64], b[64], head[128], tail[128];
    if (champions > 0)
        snprintf(head, sizeof head, "%s champion%s", kith__find_whole(champions, a),
                 kith__find_s(champions));
    else
        snprintf(head, sizeof head, "No champions");
    if (at_risk > 0)
        snprintf(tail, sizeof tail, "; %s member%s at risk of drifting away",
                 kith__find_whole(at_risk, b), kith__find_s(at_risk));
    else
        snprintf(tail, sizeof tail, ", and no member at risk of drifting away");
    rep_finding *f = kith__find_add(
        c, "champions_at_risk", at_risk > 0 ? RF_WATCH : RF_GOOD, "engagement",
        at_risk > 0 ? "#/members?filter=at-risk" : "#/members?level=champion", "%s%s",
        head, tail);
    kith__find_num(c, f, "champions", champions, RU_COUNT);
    kith__find_num(c, f, "champions_start", start, RU_COUNT);
    kith__find_num(c, f, "at_risk", at_risk, RU_COUNT);
    kith__find_metric_ref(c, f, "at_risk");
    kith__find_table_ref(c, f, "levels");
    kith__find_table_ref(c, f, "at_risk_members");
}

/* ------------------------------------------------------------ NPS */

void kith__find_nps(kith__find_ctx *c)
{
    const rep_metric *m = kith__find_metric(c, "advocacy", "nps");
    if (!both(m) || !m->cur.has_ci || !m->prev.has_ci || m->cur.n < FIND_MIN_N ||
        m->prev.n < FIND_MIN_N)
        return;
    /* The two periods' margins combine as independent samples. */
    double d = m->cur.v - m->prev.v;
    double m1 = (m->cur.hi - m->cur.lo) / 2, m0 = (m->prev.hi - m->prev.lo) / 2;
    double half = sqrt(m1 * m1 + m0 * m0), lo = d - half, hi = d + half;
    if (!(lo > 0 || hi < 0))
        return;
    char a[64], b[64], e[64], l[64], h[64], n1[64], n0[64];
    rep_finding *f = kith__find_add(
        c, "nps_change", d > 0 ? RF_GOOD : RF_BAD, "advocacy",
        "#/report?section=advocacy",
        "NPS %s from %s to %s (%s points, 95%% CI %s to %s; %s and %s responses)",
        d > 0 ? "rose" : "fell", kith__find_whole(m->prev.v, a),
        kith__find_whole(m->cur.v, b), kith__find_signed(d, e), kith__find_signed(lo, l),
        kith__find_signed(hi, h), kith__find_whole((double)m->cur.n, n1),
        kith__find_whole((double)m->prev.n, n0));
    kith__find_num(c, f, "nps", m->cur.v, RU_SCORE);
    kith__find_num(c, f, "nps_previous", m->prev.v, RU_SCORE);
    kith__find_num(c, f, "change", d, RU_SCORE);
    kith__find_num(c, f, "ci_low", lo, RU_SCORE);
    kith__find_num(c, f, "ci_high", hi, RU_SCORE);
    kith__find_num(c, f, "n", (double)m->cur.n, RU_COUNT);
    kith__find_num(c, f, "n_previous", (double)m->prev.n, RU_COUNT);
    kith__find_metric_ref(c, f, "nps");
    kith__find_table_ref(c, f, "nps_breakdown");
}

/* ------------------------------------------------------------ churn */

static int enough_outcomes(double p, int64_t n)
{
    return p * (double)n >= FIND_MIN_OUTCOMES - 1e-9 &&
           (1 - p) * (double)n >= FIND_MIN_OUTCOMES - 1e-9;
}

void kith__find_churn(kith__find_ctx *c)
{
    const rep_metric *m = kith__find_metric(c, "engagement", "community_churn");
    if (!m || !m->cur.ok)
        return;
    char a[64], b[64], e[64], l[64], h[64], k[64], n[64];
    double p1 = m->cur.v;
    int64_t n1 = m->cur.n;
    rep_finding *f = NULL;
    /* A significant change from P-1 (two-proportion Wald interval; the
     * members of the two periods overlap, which this ignores). */
    if (both(m) && enough_outcomes(p1, n1) && enough_outcomes(m->prev.v, m->prev.n)) {
        double p0 = m->prev.v, d = p1 - p0;
        int64_t n0 = m->prev.n;
        double se = sqrt(p1 * (1 - p1) / (double)n1 + p0 * (1 - p0) / (double)n0);
        double lo = d - 1.96 * se, hi = d + 1.96 * se;
        if (lo > 0 || hi < 0) {
            f = kith__find_add(c, "community_churn", d > 0 ? RF_BAD : RF_GOOD,
                               "engagement", "#/report?section=engagement",
                               "Community churn %s from %s to %s (%s points, 95%% CI %s "
                               "to %s)",
                               d > 0 ? "rose" : "fell", kith__find_pct(p0, a),
                               kith__find_pct(p1, b), kith__find_pp(d, e),
                               kith__find_pp(lo, l), kith__find_pp(hi, h));
            kith__find_num(c, f, "churn_previous", p0, RU_RATIO);
            kith__find_num(c, f, "n_previous", (double)n0, RU_COUNT);
            kith__find_num(c, f, "change", d, RU_PP);
            kith__find_num(c, f, "ci_low", lo, RU_PP);
            kith__find_num(c, f, "ci_high", hi, RU_PP);
        }
    }
    /* Else a high level, from enough members. */
    if (!f && p1 >= FIND_CHURN_LEVEL && n1 >= FIND_MIN_N) {
        double lost = round(p1 * (double)n1);
        f = kith__find_add(c, "community_churn", RF_WATCH, "engagement",
                           "#/report?section=engagement",
                           "%s of the members active in the previous period were not "
                           "active in this one (%s of %s)",
                           kith__find_pct(p1, a), kith__find_whole(lost, k),
                           kith__find_whole((double)n1, n));
        kith__find_num(c, f, "lost", lost, RU_COUNT);
    }
    kith__find_num(c, f, "churn", p1, RU_RATIO);
    kith__find_num(c, f, "n", (double)n1, RU_COUNT);
    kith__find_metric_ref(c, f, "community_churn");
}

/* ------------------------------------------------------------ revenue */

void kith__find_revenue(kith__find_ctx *c)
{
    const rep_metric *rev = kith__find_metric(c, "loyalty", "revenue");
    const rep_metric *chg = kith__find_metric(c, "loyalty", "revenue_change");
    if (!both(rev) || !chg || !chg->cur.ok || !chg->cur.has_ci ||
        chg->cur.n < FIND_MIN_N || rev->prev.v <= 0)
        return;
    /* Figures that leave amounts out (another currency without a rate)
     * say so beside them; a finding would state them as whole. */
    if (rev->cur.left_out || rev->prev.left_out || chg->cur.left_out)
        return;
    double d = chg->cur.v, lo = chg->cur.lo, hi = chg->cur.hi;
    if (!(lo > 0 || hi < 0))
        return;
    char a[64], b[64], l[64], h[64];
    double rel = d / rev->prev.v;
    rep_finding *f = kith__find_add(
        c, "revenue_change", d > 0 ? RF_GOOD : RF_BAD, "loyalty",
        "#/report?section=loyalty", "Revenue %s %.0f%% to %s (%s, 95%% CI %s to %s)",
        d > 0 ? "rose" : "fell", fabs(rel) * 100, kith__find_money(c, rev->cur.v, 0, a),
        kith__find_money(c, d, 1, b), kith__find_money(c, lo, 1, l),
        kith__find_money(c, hi, 1, h));
    kith__find_num(c, f, "revenue", rev->cur.v, RU_MONEY);
    kith__find_num(c, f, "revenue_previous", rev->prev.v, RU_MONEY);
    kith__find_num(c, f, "change", d, RU_MONEY);
    kith__find_num(c, f, "change_relative", rel, RU_RATIO);
    kith__find_num(c, f, "ci_low", lo, RU_MONEY);
    kith__find_num(c, f, "ci_high", hi, RU_MONEY);
    kith__find_num(c, f, "customers", (double)chg->cur.n, RU_COUNT);
    kith__find_metric_ref(c, f, "revenue");
    kith__find_metric_ref(c, f, "revenue_change");
}

/* ------------------------------------------------------------ high value */

void kith__find_high_value(kith__find_ctx *c)
{
    const rep_metric *k = kith__find_metric(c, "churn", "high_value_at_risk");
    const rep_metric *v = kith__find_metric(c, "churn", "high_value_clv_at_stake");
    const rep_table *t = kith__find_table(c, "churn", "churn_high_value");
    if (!k || !v || !k->cur.ok || !(k->cur.v >= 1))
        return;
    /* The top few by CLV, as the table lists them. */
    char names[3 * 130] = "", a[64], b[64], stake[260];
    size_t used = 0;
    int nn = 0;
    for (int r = 0; t && r < t->nrows && nn < FIND_HIGH_VALUE_NAMES; r++, nn++) {
        const char *name = kith__find_cell_text(t, r, "name");
        int w = snprintf(names + used, sizeof names - used, "%s%s", nn ? ", " : "",
                         name[0] ? name : "(no name)");
        if (w < 0 || (size_t)w >= sizeof names - used)
            break;
        used += (size_t)w;
    }
    if (v->cur.ok)
        snprintf(stake, sizeof stake, "%s of predicted CLV at stake",
                 kith__find_money(c, v->cur.v, 0, a));
    else
        snprintf(stake, sizeof stake, "CLV at stake n/a: %.200s", v->cur.why);
    rep_finding *f = kith__find_add(
        c, "high_value_churn", RF_WATCH, "churn", "#/customers",
        "%s of the %s customers with the highest predicted CLV (the top fifth) %s at "
        "high "
        "risk of not buying again (%s)%s%s",
        kith__find_whole(k->cur.v, a), kith__find_whole((double)k->cur.n, b),
        k->cur.v == 1 ? "is" : "are", stake, names[0] ? ": " : "", names);
    for (int r = 0; t && r < t->nrows && r < FIND_HIGH_VALUE_NAMES; r++)
        kith__find_item(c, f, kith__find_cell_text(t, r, "name"));
    kith__find_num(c, f, "customers", k->cur.v, RU_COUNT);
    kith__find_num(c, f, "top_quintile", (double)k->cur.n, RU_COUNT);
    if (v->cur.ok)
        kith__find_num(c, f, "clv_at_stake", v->cur.v, RU_MONEY);
    kith__find_metric_ref(c, f, "high_value_at_risk");
    kith__find_metric_ref(c, f, "high_value_clv_at_stake");
    kith__find_table_ref(c, f, "churn_high_value");
}
