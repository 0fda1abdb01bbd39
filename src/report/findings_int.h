/* Writing a finding rule (docs/findings.md, "Adding a rule"). A rule is one
 * function that reads the report as built (its sections, metrics and
 * tables) and adds the findings its numbers support, each with the numbers
 * behind the sentence and its evidence. The engine (findings.c) runs the
 * rules of its table in order, sorts what they found (bad, watch, good)
 * and renders them at the top of every format. */
#ifndef KITH_FINDINGS_INT_H
#define KITH_FINDINGS_INT_H

#include "report/report_int.h"

typedef struct kith__find_ctx kith__find_ctx;
typedef void (*kith__find_rule_fn)(kith__find_ctx *c);

/* The rules (find_rules.c; the modules of later issues add theirs in their
 * sec_<area>.c and one line to the table in findings.c). */
void kith__find_retention(kith__find_ctx *c);
void kith__find_sentiment(kith__find_ctx *c);
void kith__find_initiatives(kith__find_ctx *c);
void kith__find_members(kith__find_ctx *c);
void kith__find_nps(kith__find_ctx *c);
void kith__find_churn(kith__find_ctx *c);
void kith__find_revenue(kith__find_ctx *c);
/* Top-quintile CLV customers at high churn risk (the churn section). */
void kith__find_high_value(kith__find_ctx *c);
/* The network's main bridge member (sec_network.c). */
void kith__find_network(kith__find_ctx *c);
void kith__find_goals(kith__find_ctx *c); /* sec_goals.c */
void kith__find_srci(kith__find_ctx *c);  /* sec_srci.c */

/* ------------------------------------------------------------ reading */

const kith_report *kith__find_rep(const kith__find_ctx *c);
/* A metric parameter (kith config) or def when the report was built
 * without the metrics (tests). */
double kith__find_param(const kith__find_ctx *c, const char *key, double def);
/* Lookups in the report (NULL when the section, metric or table is not
 * there: a basic report, a module not built). */
const rep_metric *kith__find_metric(const kith__find_ctx *c, const char *section,
                                    const char *id);
const rep_table *kith__find_table(const kith__find_ctx *c, const char *section,
                                  const char *id);
/* The number (int or real cell) in row of column col: 1 and *v, else 0
 * (n/a, text, no such column). */
int kith__find_cell_num(const rep_table *t, int row, const char *col, double *v);
/* The text of a text cell ("" otherwise). */
const char *kith__find_cell_text(const rep_table *t, int row, const char *col);
/* The store, org and --include-team for a rule that needs more than the
 * report (the rising topics of an alert week); NULL without a store. */
kith_store *kith__find_store(const kith__find_ctx *c, int64_t *org, int *include_team);

/* ------------------------------------------------------------ adding */

/* A finding with a stable id (unique in the report: a repeated id gets
 * ".2", ".3"), its kind, the section its evidence is in, the dashboard
 * page that shows it ("#/sentiment?week=2025-06-09") and the sentence.
 * NULL when out of memory (the report then fails as a whole). */
rep_finding *kith__find_add(kith__find_ctx *c, const char *id, rep_finding_kind kind,
                            const char *section, const char *page, const char *fmt, ...)
    KITH_PRINTF(6, 7);
/* A number behind the sentence (JSON "numbers": key -> value; ratios as
 * fractions, money in the org currency). */
void kith__find_num(kith__find_ctx *c, rep_finding *f, const char *key, double v,
                    rep_unit unit);
/* Something the sentence names (a topic, an initiative). */
void kith__find_item(kith__find_ctx *c, rep_finding *f, const char *text);
/* Evidence: a table or a metric of the finding's section. */
void kith__find_table_ref(kith__find_ctx *c, rep_finding *f, const char *table);
void kith__find_metric_ref(kith__find_ctx *c, rep_finding *f, const char *metric);

/* ------------------------------------------------------------ words */
/* Each writes into buf (64 bytes) and returns it. */

/* A ratio as a whole percentage: 0.7043 -> "70%". */
const char *kith__find_pct(double ratio, char *buf);
/* A difference of ratios in whole points, signed: 0.2648 -> "+26". */
const char *kith__find_pp(double diff, char *buf);
/* A signed whole number with thousands separators: "+4,429", "-9"; the
 * sign is v's before rounding ("+0" for 0.08, "0" for 0 alone). */
const char *kith__find_signed(double v, char *buf);
/* A whole number with thousands separators: "1,402". */
const char *kith__find_whole(double v, char *buf);
/* Money in whole units of the org currency: "6,000 GBP"; signed: "+53,734
 * GBP". */
const char *kith__find_money(const kith__find_ctx *c, double v, int sign, char *buf);
/* "2025-06-09" -> "9 June 2025" (the text as is when it is not a date). */
const char *kith__find_day(const char *date, char *buf);
/* "Instagram Ads" -> "instagram-ads": a stable id part (into out, n
 * bytes). */
void kith__find_slug(const char *name, char *out, size_t n);
/* "" or "s": the plural ending for n. */
const char *kith__find_s(double n);

#endif
