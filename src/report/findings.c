/* The findings engine and the headline figures (docs/findings.md): runs
 * the rules of the table below over the built report, keeps what they
 * found in the report model (sorted: bad, watch, good; then the rule's
 * place in the table), and picks the headline figures with their change
 * against P-1. The renderers put both at the top of every format. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/findings_int.h"

struct kith__find_ctx {
    kith_report *rep;
    const kith_metrics *m;
    kith_store *st;
    int64_t org;
    int include_team;
    const char *rule; /* the rule running */
    int order;        /* its place in the table */
    int seq;          /* findings added so far */
};

/* The rules, in the order their findings are listed within a kind. A
 * module adds its rule with one line here (docs/findings.md). */
static const struct {
    const char *name;
    kith__find_rule_fn fn;
} rules[] = {
    {"retention_lift", kith__find_retention},
    {"sentiment_alert", kith__find_sentiment},
    {"initiative_roi", kith__find_initiatives},
    {"champions_at_risk", kith__find_members},
    {"nps_change", kith__find_nps},
    {"community_churn", kith__find_churn},
    {"revenue_change", kith__find_revenue},
    {"network_bridges", kith__find_network},
    {"goals", kith__find_goals},
    {"srci_ratio", kith__find_srci},
    {"high_value_churn", kith__find_high_value},
};

/* The headline figures: a metric of a section each, and the dashboard page
 * that shows it. A module adds one with one line here. */
static const struct {
    const char *section, *metric, *page;
} headline_list[] = {
    {"loyalty", "revenue", "#/report?section=loyalty"},
    {"loyalty", "crr", "#/report?section=loyalty"},
    {"engagement", "active_members", "#/members"},
    {"acquisition", "community_acquired", "#/report?section=acquisition"},
    {"advocacy", "nps", "#/report?section=advocacy"},
    {"sentiment", "sentiment_net", "#/sentiment"},
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------ memory */

/* Like kith__rep_dup, "" for NULL: finding fields are never NULL. */
static char *dup_or_oom(kith_report *rep, const char *s)
{
    return kith__rep_dup(rep, s ? s : "");
}

static void push_text(kith_report *rep, char ***arr, int *n, int *cap, const char *s)
{
    if (kith__rep_grow(rep, (void **)arr, cap, *n + 1, sizeof(char *)))
        return;
    char *d = dup_or_oom(rep, s);
    if (d)
        (*arr)[(*n)++] = d;
}

static void free_texts(char **v, int n)
{
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void kith__rep_findings_free(kith_report *rep)
{
    for (int i = 0; i < rep->nfindings; i++) {
        rep_finding *f = &rep->findings[i];
        free(f->id);
        free(f->rule);
        free(f->text);
        free(f->section);
        free(f->page);
        for (int k = 0; k < f->nnums; k++)
            free(f->nums[k].key);
        free(f->nums);
        free_texts(f->items, f->nitems);
        free_texts(f->tables, f->ntables);
        free_texts(f->metrics, f->nmetrics);
    }
    free(rep->findings);
    for (int i = 0; i < rep->nheadlines; i++) {
        rep_headline *h = &rep->headlines[i];
        free(h->id);
        free(h->section);
        free(h->label);
        free(h->page);
    }
    free(rep->headlines);
    rep->findings = NULL;
    rep->headlines = NULL;
    rep->nfindings = rep->nheadlines = 0;
}

/* ------------------------------------------------------------ reading */

const kith_report *kith__find_rep(const kith__find_ctx *c)
{
    return c->rep;
}

double kith__find_param(const kith__find_ctx *c, const char *key, double def)
{
    double v = c->m ? kith_metrics_param(c->m, key) : NAN;
    return isfinite(v) ? v : def;
}

const rep_metric *kith__find_metric(const kith__find_ctx *c, const char *section,
                                    const char *id)
{
    const rep_section *s = kith__rep_find_section(c->rep, section);
    for (int i = 0; s && i < s->nmetrics; i++)
        if (s->metrics[i].id && !strcmp(s->metrics[i].id, id))
            return &s->metrics[i];
    return NULL;
}

const rep_table *kith__find_table(const kith__find_ctx *c, const char *section,
                                  const char *id)
{
    return kith__rep_find_table(c->rep, section, id);
}

int kith__find_cell_num(const rep_table *t, int row, const char *col, double *v)
{
    const rep_cell *cl = kith__rep_cell(t, row, kith__rep_col(t, col));
    if (!cl || (cl->kind != RC_INT && cl->kind != RC_REAL))
        return 0;
    *v = cl->kind == RC_INT ? (double)cl->i : cl->d;
    return isfinite(*v);
}

const char *kith__find_cell_text(const rep_table *t, int row, const char *col)
{
    const rep_cell *cl = kith__rep_cell(t, row, kith__rep_col(t, col));
    return cl && cl->kind == RC_TEXT && cl->s ? cl->s : "";
}

kith_store *kith__find_store(const kith__find_ctx *c, int64_t *org, int *include_team)
{
    *org = c->org;
    *include_team = c->include_team;
    return c->st;
}

/* ------------------------------------------------------------ adding */

static int id_taken(const kith_report *rep, const char *id)
{
    for (int i = 0; i < rep->nfindings; i++)
        if (!strcmp(rep->findings[i].id, id))
            return 1;
    return 0;
}

rep_finding *kith__find_add(kith__find_ctx *c, const char *id, rep_finding_kind kind,
                            const char *section, const char *page, const char *fmt, ...)
{
    kith_report *rep = c->rep;
    if (kith__rep_grow(rep, (void **)&rep->findings, &rep->capfindings,
                       rep->nfindings + 1, sizeof *rep->findings))
        return NULL;
    char text[1024], uid[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    snprintf(uid, sizeof uid, "%s", id);
    for (int k = 2; id_taken(rep, uid) && k < 1000; k++)
        snprintf(uid, sizeof uid, "%.140s.%d", id, k);
    rep_finding *f = &rep->findings[rep->nfindings++];
    memset(f, 0, sizeof *f);
    f->id = dup_or_oom(rep, uid);
    f->rule = dup_or_oom(rep, c->rule);
    f->text = dup_or_oom(rep, text);
    f->section = dup_or_oom(rep, section);
    f->page = dup_or_oom(rep, page);
    f->kind = kind;
    f->order = c->order * 1000 + c->seq++;
    return f;
}

void kith__find_num(kith__find_ctx *c, rep_finding *f, const char *key, double v,
                    rep_unit unit)
{
    if (!f || !isfinite(v) ||
        kith__rep_grow(c->rep, (void **)&f->nums, &f->capnums, f->nnums + 1,
                       sizeof *f->nums))
        return;
    char *k = dup_or_oom(c->rep, key);
    if (!k)
        return;
    f->nums[f->nnums++] = (rep_number){k, v, unit};
}

void kith__find_item(kith__find_ctx *c, rep_finding *f, const char *text)
{
    if (f)
        push_text(c->rep, &f->items, &f->nitems, &f->capitems, text);
}

void kith__find_table_ref(kith__find_ctx *c, rep_finding *f, const char *table)
{
    if (f)
        push_text(c->rep, &f->tables, &f->ntables, &f->captables, table);
}

void kith__find_metric_ref(kith__find_ctx *c, rep_finding *f, const char *metric)
{
    if (f)
        push_text(c->rep, &f->metrics, &f->nmetrics, &f->capmetrics, metric);
}

/* ------------------------------------------------------------ words */

const char *kith__find_whole(double v, char *buf)
{
    /* RU_COUNT prints a whole number with thousands separators. */
    return kith__rep_fmt(NULL, RU_COUNT, round(v) == 0 ? 0 : round(v), buf);
}

const char *kith__find_signed(double v, char *buf)
{
    /* The sign is the unrounded value's: an interval's end at 0.08 is
     * "+0", which says on which side of zero it lies. */
    char num[64];
    kith__find_whole(fabs(round(v)), num);
    snprintf(buf, 64, "%s%s", v > 0 ? "+" : v < 0 ? "-" : "", num);
    return buf;
}

const char *kith__find_pct(double ratio, char *buf)
{
    char num[64];
    snprintf(buf, 64, "%s%%", kith__find_whole(ratio * 100, num));
    return buf;
}

const char *kith__find_pp(double diff, char *buf)
{
    return kith__find_signed(diff * 100, buf);
}

const char *kith__find_money(const kith__find_ctx *c, double v, int sign, char *buf)
{
    char num[64];
    if (sign)
        kith__find_signed(v, num);
    else
        kith__find_whole(v, num);
    snprintf(buf, 64, "%s %s", num, c->rep->currency);
    return buf;
}

const char *kith__find_day(const char *date, char *buf)
{
    static const char *const months[] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};
    int y, m, d;
    if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 ||
        d > 31)
        snprintf(buf, 64, "%.60s", date);
    else
        snprintf(buf, 64, "%d %s %d", d, months[m - 1], y);
    return buf;
}

const char *kith__find_s(double n)
{
    return n == 1 ? "" : "s";
}

const char *kith__rep_finding_kind_name(rep_finding_kind k)
{
    return k == RF_BAD ? "bad" : k == RF_WATCH ? "watch" : "good";
}

const char *kith__rep_anchor(const char *section, char *buf)
{
    snprintf(buf, 96, "sec-%.88s", section ? section : "");
    return buf;
}

/* ------------------------------------------------------------ headlines */

double kith__rep_headline_delta(const rep_headline *h, double *relative)
{
    *relative = NAN;
    if (!h->has_prev || !h->cur.ok || !h->prev.ok)
        return NAN;
    double d = h->cur.v - h->prev.v;
    /* A relative change means something for amounts, not for shares
     * (points say it) or scores that may cross zero. */
    int amount = h->unit == RU_COUNT || h->unit == RU_MONEY || h->unit == RU_HOURS ||
                 h->unit == RU_DAYS;
    if (amount && h->prev.v != 0)
        *relative = d / fabs(h->prev.v);
    return d;
}

const char *kith__rep_headline_trend(const rep_headline *h, int *good)
{
    *good = 0;
    double rel, d = kith__rep_headline_delta(h, &rel);
    if (!isfinite(d))
        return NULL;
    double scale = fmax(fabs(h->cur.v), fabs(h->prev.v));
    if (fabs(d) <= 1e-9 * (scale > 1 ? scale : 1))
        return "flat";
    *good = h->higher_is_better * (d > 0 ? 1 : -1);
    return d > 0 ? "up" : "down";
}

const char *kith__rep_headline_change(const kith_report *rep, const rep_headline *h,
                                      char *buf)
{
    int good;
    double rel, d = kith__rep_headline_delta(h, &rel);
    const char *tr = kith__rep_headline_trend(h, &good);
    char was[64], by[64];
    if (!tr) {
        snprintf(buf, 160, "%s",
                 !h->has_prev ? ""
                              : "no comparison with the previous "
                                "period");
        return buf;
    }
    kith__rep_fmt(rep, h->unit, h->prev.v, was);
    if (!strcmp(tr, "flat")) {
        snprintf(buf, 160, "unchanged from the previous period (%s)", was);
        return buf;
    }
    if (h->unit == RU_RATIO || h->unit == RU_PP)
        snprintf(by, sizeof by, "%.1f points", fabs(d) * 100);
    else if (isfinite(rel))
        snprintf(by, sizeof by, "%.1f%%", fabs(rel) * 100);
    else
        kith__rep_fmt(rep, h->unit, fabs(d), by);
    snprintf(buf, 160, "%s %s from %s", tr, by, was);
    return buf;
}

static void headlines(kith_report *rep)
{
    for (size_t i = 0; i < N_OF(headline_list); i++) {
        const rep_section *s = kith__rep_find_section(rep, headline_list[i].section);
        const rep_metric *m = NULL;
        for (int k = 0; s && k < s->nmetrics && !m; k++)
            if (!strcmp(s->metrics[k].id, headline_list[i].metric))
                m = &s->metrics[k];
        if (!m || kith__rep_grow(rep, (void **)&rep->headlines, &rep->capheadlines,
                                 rep->nheadlines + 1, sizeof *rep->headlines))
            continue;
        rep_headline *h = &rep->headlines[rep->nheadlines++];
        memset(h, 0, sizeof *h);
        h->id = dup_or_oom(rep, m->id);
        h->section = dup_or_oom(rep, s->id);
        h->label = dup_or_oom(rep, m->label);
        h->page = dup_or_oom(rep, headline_list[i].page);
        h->unit = m->unit;
        h->cur = m->cur;
        h->prev = m->prev;
        h->has_prev = m->has_prev;
        h->higher_is_better = m->higher_is_better;
    }
}

/* ------------------------------------------------------------ engine */

static int by_kind_then_order(const void *a, const void *b)
{
    const rep_finding *x = a, *y = b;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

void kith__rep_build_findings(kith_report *rep, const kith_metrics *m, kith_store *st,
                              int64_t org, int include_team)
{
    kith__find_ctx c;
    memset(&c, 0, sizeof c);
    c.rep = rep;
    c.m = m;
    c.st = st;
    c.org = org;
    c.include_team = include_team;
    for (size_t i = 0; i < N_OF(rules); i++) {
        c.rule = rules[i].name;
        c.order = (int)i;
        c.seq = 0;
        rules[i].fn(&c);
    }
    if (rep->nfindings > 1)
        qsort(rep->findings, (size_t)rep->nfindings, sizeof *rep->findings,
              by_kind_then_order);
    headlines(rep);
}
