/* Inside the report: the model (sections holding headline metrics and
 * tables of typed cells) that the builders fill and the renderers read.
 * Allocation failures set rep->oom and are reported once, by
 * kith_report_build, so that builders stay straight-line code. */
#ifndef KITH_REPORT_INT_H
#define KITH_REPORT_INT_H

#include <stdint.h>

#include "core/buf.h"
#include "kith/metrics.h"
#include "kith/report.h"

typedef enum { RC_NA, RC_TEXT, RC_INT, RC_REAL } rep_cell_kind;

/* Units say how a number is shown: ratio as a percentage, pp as
 * percentage points, money with the org currency, ... */
typedef enum {
    RU_NONE,
    RU_COUNT,
    RU_RATIO,
    RU_PP,
    RU_MONEY,
    RU_HOURS,
    RU_DAYS,
    RU_SCORE,
    RU_TEXT,
    RU_DATE,
    RU_RATE /* an exchange rate: org currency per unit of another */
} rep_unit;

typedef struct rep_cell {
    rep_cell_kind kind;
    int64_t i;
    double d;
    char *s; /* text, or the reason for n/a */
} rep_cell;

typedef struct rep_col {
    char *id, *label;
    rep_unit unit;
} rep_col;

typedef struct rep_table {
    char *id, *title, *note;
    rep_col *cols;
    int ncols;
    rep_cell *cells; /* row-major, nrows * ncols */
    int nrows, caprows;
} rep_table;

/* A headline metric: the value for P, and for P-1 when comparable. */
typedef struct rep_metric {
    char *id, *label;
    rep_unit unit;
    kith_value cur, prev;
    int has_prev;
    int higher_is_better; /* 1, -1 (lower is better) or 0 (neutral) */
} rep_metric;

typedef struct rep_section {
    char *id, *title, *note;
    char *svg; /* a picture for the HTML page only (the network), or NULL */
    rep_metric *metrics;
    int nmetrics, capmetrics;
    rep_table **tables;
    int ntables, captables;
} rep_section;

/* A finding (docs/findings.md): a sentence generated from the report's
 * numbers by one rule, with the numbers behind it and its evidence. */
typedef enum { RF_BAD, RF_WATCH, RF_GOOD } rep_finding_kind;

typedef struct rep_number {
    char *key;
    double v;
    rep_unit unit;
} rep_number;

typedef struct rep_finding {
    char *id, *rule, *text;
    rep_finding_kind kind;
    int order; /* the rule's place in the rule table, then insertion */
    rep_number *nums;
    int nnums, capnums;
    char **items; /* what the sentence names: topics, initiatives, ... */
    int nitems, capitems;
    /* Evidence: the section, its tables and metrics, the dashboard page. */
    char *section, *page;
    char **tables, **metrics;
    int ntables, captables, nmetrics, capmetrics;
} rep_finding;

/* A headline figure: a metric of a section for P against P-1. */
typedef struct rep_headline {
    char *id, *section, *label, *page;
    rep_unit unit;
    kith_value cur, prev;
    int has_prev, higher_is_better;
} rep_headline;

struct kith_report {
    char org[128], currency[8];
    char tz[64]; /* the org's IANA time zone: day and cut boundaries */
    int64_t generated_at, as_of, from, to, prev_from, prev_to;
    char by[16], segment[80];
    rep_section **sections;
    int nsections, capsections;
    rep_finding *findings;
    int nfindings, capfindings;
    rep_headline *headlines;
    int nheadlines, capheadlines;
    int oom;
};

/* A copy of s (NULL for NULL), or NULL with rep->oom set. */
char *kith__rep_dup(kith_report *rep, const char *s);
/* Grow *arr (of elem-sized items) to hold at least need; -1 with
 * rep->oom set when out of memory. */
int kith__rep_grow(kith_report *rep, void **arr, int *cap, int need, size_t elem);

/* Builders. Strings are copied. Return NULL (and set rep->oom) when out of
 * memory; every function accepts a NULL section/table and does nothing. */
rep_section *kith__rep_section(kith_report *rep, const char *id, const char *title);
void kith__rep_section_note(kith_report *rep, rep_section *s, const char *note);
/* Give s a picture for the HTML page (svg is taken: freed with the report,
 * or at once when s is NULL). */
void kith__rep_section_svg_take(rep_section *s, char *svg);
/* A chart (SVG text) the HTML rendering shows under the section's title;
 * the other renderings carry the same figures in the section's tables. */
void kith__rep_section_svg(kith_report *rep, rep_section *s, const char *svg);
/* Move s to the top of the report (the goals section). */
void kith__rep_section_first(kith_report *rep, rep_section *s);
rep_metric *kith__rep_metric(kith_report *rep, rep_section *s, const char *id,
                             const char *label, rep_unit unit, kith_value cur);
/* Adds P-1's value and the direction in which the metric improves. */
void kith__rep_metric_prev(rep_metric *m, kith_value prev, int higher_is_better);
/* A table with ncols columns given as "id|label|unit" triples: unit is one
 * of count, ratio, pp, money, hours, days, score, text, date, rate. */
rep_table *kith__rep_table(kith_report *rep, rep_section *s, const char *id,
                           const char *title, int ncols, const char *const *cols);
void kith__rep_table_note(kith_report *rep, rep_table *t, const char *note);
/* Appends an empty row (all n/a) and returns its index, or -1. */
int kith__rep_row(kith_report *rep, rep_table *t);
void kith__rep_set_text(kith_report *rep, rep_table *t, int row, int col, const char *s);
void kith__rep_set_int(rep_table *t, int row, int col, int64_t v);
void kith__rep_set_real(rep_table *t, int row, int col, double v);
/* A metric value: its number when ok, else n/a with the reason. */
void kith__rep_set_value(kith_report *rep, rep_table *t, int row, int col, kith_value v);
void kith__rep_set_na(kith_report *rep, rep_table *t, int row, int col, const char *why);

/* Lookups for renderers (NULL when missing). */
const rep_section *kith__rep_find_section(const kith_report *rep, const char *id);
const rep_table *kith__rep_find_table(const kith_report *rep, const char *section,
                                      const char *table);
const rep_cell *kith__rep_cell(const rep_table *t, int row, int col);
/* Column index by id, or -1. */
int kith__rep_col(const rep_table *t, const char *id);

const char *kith__rep_unit_name(rep_unit u);

/* Builders of sections (basic.c, sections_*.c). */
kith_code kith__rep_build_basic(kith_report *rep, kith_store *st, int64_t org,
                                kith_error *err);
kith_code kith__rep_build_metrics(kith_report *rep, kith_store *st, int64_t org,
                                  int include_team, const char *lexicon, kith_error *err);
/* The network section (sec_network.c): the interaction graph of P. */
void kith__rep_build_network(kith_report *rep, const kith_metrics *m, kith_store *st,
                             int64_t org, int include_team);
/* The currencies section (sec_money.c), when the org has amounts in other
 * currencies or rates. */
void kith__rep_build_money(kith_report *rep, const kith_metrics *m);
/* Append " ; "-separated text to the table's note. */
void kith__rep_table_note_add(kith_report *rep, rep_table *t, const char *prefix,
                              const char *text);
/* Findings and headline figures (findings.c) from the built sections; m
 * (for parameters such as min_n) and st (for the rising topics of an
 * alert week) may be NULL. */
void kith__rep_build_findings(kith_report *rep, const kith_metrics *m, kith_store *st,
                              int64_t org, int include_team);
void kith__rep_findings_free(kith_report *rep);
/* Text helpers of the findings (findings.c), shared by the renderers. */
const char *kith__rep_finding_kind_name(rep_finding_kind k);
/* The HTML anchor of a section: "sec-<id>". buf is 96 bytes. */
const char *kith__rep_anchor(const char *section, char *buf);
/* "up 18.7% from 287,066.68 GBP" / "down 3.1 points from 55.9%": the
 * change of a headline in words. buf is 160 bytes. */
const char *kith__rep_headline_change(const kith_report *rep, const rep_headline *h,
                                      char *buf);
/* Change cur - prev, and relative change (NaN when not meaningful). */
double kith__rep_headline_delta(const rep_headline *h, double *relative);
/* "up", "down", "flat" or NULL; 1/-1/0 good-bad-neutral into *good. */
const char *kith__rep_headline_trend(const rep_headline *h, int *good);

/* The sentiment section (sec_sentiment.c): scores the texts into m. */
void kith__rep_build_sentiment(kith_report *rep, kith_metrics *m, kith_store *st,
                               int64_t org, const char *lexicon);
/* Predicted lifetime value (sec_clv.c) and churn risk (sec_churn.c). The
 * CLV section hands each customer's predicted CLV to the churn section
 * (its high-value customers at risk) in *v, 16 bytes a customer rather
 * than the CLV model's rows, so that the churn model is fitted with the
 * CLV model freed as before; kith__rep_clv_values_free releases it. */
typedef struct rep_clv_values {
    size_t n;
    int64_t *member_id; /* the CLV customers, highest predicted CLV first */
    double *clv;        /* NAN: no predicted CLV */
    int64_t left_out;   /* customers without one (money in another currency) */
    char left_why[160]; /* the first one's reason */
    char why[300];      /* n = 0: why there is no CLV (models not fitted) */
} rep_clv_values;
void kith__rep_build_clv(kith_report *rep, const kith_metrics *m, rep_clv_values *v);
void kith__rep_clv_values_free(rep_clv_values *v);
void kith__rep_build_churn(kith_report *rep, kith_metrics *m, kith_store *st, int64_t org,
                           const char *lexicon, const rep_clv_values *clv);
/* The high-value customers at churn risk (docs/findings.md): of n
 * customers with predicted CLV clv[i] (NAN: no model value) and churn risk
 * risk[i] (NAN: not scored), those whose CLV is in the top quintile (at
 * least the ceil(k / 5)-th highest of the k customers with a value, ties
 * included) and whose risk is at least KITH_CHURN_HIGH_RISK. Their indices
 * go to out (n entries; input order), their count to *nout, the CLV
 * from which a customer is in the top quintile to *threshold (NAN when
 * k = 0). KITH_ENOMEM or KITH_OK. O(n log n). */
kith_code kith__rep_high_value_at_risk(const double *clv, const double *risk, size_t n,
                                       size_t *out, size_t *nout, double *threshold);

/* The impact sections (sec_goals.c, sec_srci.c, sec_stakeholders.c,
 * sec_scenarios.c): each appears only when the org has set that part up
 * (goals, outcomes, stakeholder groups) or, for scenarios, always, with
 * the baseline projection of the fitted growth model. */
void kith__rep_build_goals(kith_report *rep, kith_metrics *m, kith_store *st,
                           int64_t org);
void kith__rep_build_srci(kith_report *rep, kith_metrics *m, kith_store *st, int64_t org);
void kith__rep_build_stakeholders(kith_report *rep, const kith_metrics *m, kith_store *st,
                                  int64_t org);
void kith__rep_build_scenarios(kith_report *rep, const kith_metrics *m);

#define KITH_DAY_SECS 86400

/* Renderers; each appends to out. */
kith_code kith__rep_render_table(const kith_report *rep, kith_buf *out);
kith_code kith__rep_render_json(const kith_report *rep, kith_buf *out, kith_error *err);
kith_code kith__rep_render_csv(const kith_report *rep, kith_buf *out);
kith_code kith__rep_render_html(const kith_report *rep, kith_buf *out);

/* Text helpers shared by renderers: a value as shown in a terminal (with
 * the unit), and as a plain number for CSV. buf is 64 bytes. */
const char *kith__rep_fmt(const kith_report *rep, rep_unit u, double v, char *buf);

#endif
