/* Inside the impact module: the computed SRCI, stakeholder map, goals and
 * scenarios as plain structs, built once from the metrics snapshot and then
 * written out as JSON, a terminal table, an SVG chart, or report sections
 * (src/report/sec_*.c read them through this header). */
#ifndef KITH_IMPACT_INT_H
#define KITH_IMPACT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "kith/impact.h"
#include "kith/metrics.h"

#define KITH_SRCI_MAX_YEARS 100
/* The tornado's range in percent when none is given (the report uses it). */
#define KITH_SRCI_DEFAULT_SENSITIVITY 10

/* ================================================================ common */

/* JSON: the shared helpers of src/json/jv.h (kith__jv_dump, kith__jv_real,
 * kith__jv_value, kith__jv_text), and a date. */
struct json_t;
/* The date "YYYY-MM-DD" of instant t in the org's zone tz (NULL = UTC):
 * every date shown to people is a local one (METRICS.md "Time"). */
struct json_t *kith__imp_json_date(int64_t t, const char *tz);
/* Finish a text written into b: with rc KITH_OK its text becomes *out
 * (moved; "" when empty), else b is freed and KITH_ENOMEM set. */
kith_code kith__imp_buf_done(kith_buf *b, kith_code rc, char **out, kith_error *err);
/* Make room for item n of *arr (elem bytes each, *cap of them now):
 * 0, or -1 out of memory (*arr unchanged). */
int kith__imp_grow(void **arr, size_t *cap, size_t n, size_t elem);
/* An outcome as JSON (the fields of kith_outcome). */
struct json_t *kith__outcome_json(const kith_outcome *o);
/* Open the metrics for an impact view (an org without activities is
 * allowed: SRCI and the stakeholder map need none). */
kith_code kith__imp_metrics(kith_store *st, int64_t org, int64_t as_of, kith_metrics **m,
                            kith_error *err);
/* A window of the report period (period_days before as_of). */
kith_window kith__imp_period(const kith_metrics *m);

/* SVG helpers (text is escaped with kith__buf_xml): a chart frame of
 * width x height with a title. */
kith_code kith__svg_open(kith_buf *b, const char *id, int w, int h, const char *title);
kith_code kith__svg_close(kith_buf *b);

/* ================================================================ SRCI */

typedef enum {
    KITH_SA_QUANTITY,
    KITH_SA_PROXY,
    KITH_SA_DEADWEIGHT,
    KITH_SA_DISPLACEMENT,
    KITH_SA_ATTRIBUTION,
    KITH_SA_DROP_OFF,
    KITH_SA_DURATION,
    KITH_SA__N
} kith__srci_assumption;
const char *kith__srci_assumption_name(int a);

typedef struct kith__srci_outcome {
    kith_outcome o; /* quantity resolved from quantity_from when set */
    int64_t initiative_id;
    char quantity_note[512]; /* how a measured quantity was got */
    double impact;           /* year 1 */
    double pv;
} kith__srci_outcome;

/* The sensitivity of one assumption of one outcome. */
typedef struct kith__srci_sens {
    size_t outcome; /* index into outcomes */
    int assumption; /* kith__srci_assumption */
    double base;
    int has_break_even;
    double break_even; /* where the ratio is 1.0 */
    char note[200];    /* "never: ..." or how to read break_even */
    double low, high;  /* the assumption moved down and up */
    double ratio_low, ratio_high;
} kith__srci_sens;

/* Inputs and values of a scope: the org or one initiative. */
typedef struct kith__srci_scope {
    char name[128];
    int64_t initiative_id; /* 0 = the whole org */
    double cash, in_kind, volunteer_hours, volunteer_value, inputs;
    int years;
    double values[KITH_SRCI_MAX_YEARS]; /* undiscounted, per year */
    double pv, npv;
    kith_value ratio, net_ratio, payback_months;
    size_t noutcomes;
} kith__srci_scope;

typedef struct kith__srci {
    double rate, volunteer_rate, sensitivity; /* sensitivity: fraction */
    char currency[8];
    kith__srci_outcome *outs;
    size_t nouts;
    kith__srci_scope total;  /* the scope asked for */
    kith__srci_scope *inits; /* each initiative with outcomes (org scope) */
    size_t ninits;
    kith__srci_sens *sens;
    size_t nsens;
    char notes[8][256];
    int nnotes;
} kith__srci;

/* Compute the SRCI of the org or opts->initiative from the store's
 * outcomes and m's initiatives and metrics. *out malloc'ed
 * (kith__srci_free). Errors as kith_srci_render, but zero inputs are not
 * an error here (ratio n/a with the reason). */
kith_code kith__srci_build(kith_metrics *m, kith_store *st, int64_t org,
                           const kith_impact_opts *opts, kith__srci **out,
                           kith_error *err);
void kith__srci_free(kith__srci *s);
/* Values, PV and ratios of the scope from outs[...] whose initiative is
 * in scope (all when initiative_id is 0). */
void kith__srci_totals(const kith__srci *s, kith__srci_scope *sc);
/* The sensitivity table of s->total (needs s->total computed). */
kith_code kith__srci_sensitivity(kith__srci *s, kith_error *err);
kith_code kith__srci_write(const kith__srci *s, kith_impact_format fmt, char **out,
                           kith_error *err);
/* The tornado chart (SVG) into b. */
kith_code kith__srci_svg(const kith__srci *s, kith_buf *b);

/* Outcomes: parse a written outcome into a store row (its strings point
 * into buf, trimmed). On a bad value KITH_EINPUT with *field the field's
 * name (as kith_outcome_text spells it: "deadweight", ...) and why[] the
 * reason; other errors (KITH_EDB) in err. */
typedef struct kith__outcome_buf {
    char initiative[128], stakeholder[128], outcome[256], indicator[256];
    char quantity_from[64], proxy_source[256];
} kith__outcome_buf;
struct kith__outcome_row;
kith_code kith__outcome_parse(kith_store *st, int64_t org, const kith_outcome_text *t,
                              kith__outcome_buf *buf, struct kith__outcome_row *r,
                              const char **field, char *why, size_t nwhy,
                              kith_error *err);
/* GSL's default error handler aborts the process: turned off before every
 * GSL call of the module (errors are read from return codes). */
void kith__imp_gsl_quiet(void);

/* ================================================================ stakeholders */

typedef struct kith__stakeholder {
    int64_t id;
    char group[128], kind[16], notes[256];
    double power, interest;
    int has_interest, legitimacy, urgency;
    const char *quadrant, *salience; /* static text; quadrant NULL without interest */
    int has_suggestion;
    double suggested; /* 0-10 */
    kith_group_engagement eng;
    char how[512]; /* how the suggestion was got, or why there is none */
} kith__stakeholder;

typedef struct kith__stakeholders {
    kith__stakeholder *g;
    size_t n;
    kith_window period;
    char tz[64]; /* the org's zone: the period's dates */
    int sentiment_loaded;
    char note[256];
} kith__stakeholders;

/* Read the groups and their suggestions (m's texts are used when loaded). */
kith_code kith__stakeholders_build(const kith_metrics *m, kith_store *st, int64_t org,
                                   kith__stakeholders *out, kith_error *err);
void kith__stakeholders_free(kith__stakeholders *s);
kith_code kith__stakeholders_write(const kith__stakeholders *s, kith_impact_format fmt,
                                   char **out, kith_error *err);
kith_code kith__stakeholders_svg(const kith__stakeholders *s, kith_buf *b);
/* The member kind a group name stands for ("Customers" -> customer), or
 * NULL. */
const char *kith__stakeholder_kind_guess(const char *group);

/* ================================================================ goals */

#define KITH_GOAL_MAX_MONTHS 120

typedef struct kith__goal {
    int64_t id;
    char metric[64], segment[128], owner[128];
    const kith_goal_metric *def;
    double target;
    int64_t deadline, created_at;
    int nmonths;
    int64_t month_from[KITH_GOAL_MAX_MONTHS], month_to[KITH_GOAL_MAX_MONTHS];
    kith_value values[KITH_GOAL_MAX_MONTHS];
    kith_value current, baseline, progress;
    int has_trend;
    double slope, intercept;  /* per month, x = months since the first month */
    double projected, lo, hi; /* at the deadline, 95% interval */
    int points;
    const char *status; /* "achieved", "on track", "off track", "n/a" */
    char why[256];
} kith__goal;

typedef struct kith__goals {
    kith__goal *g;
    size_t n;
    char currency[8];
    char tz[64]; /* the org's: months are its calendar months */
} kith__goals;

/* m's segment cut changes during the call and is restored after it. */
kith_code kith__goals_build(kith_metrics *m, kith_store *st, int64_t org, const char *tz,
                            kith__goals *out, kith_error *err);
void kith__goals_free(kith__goals *g);
kith_code kith__goals_write(const kith__goals *g, kith_impact_format fmt, char **out,
                            kith_error *err);
/* The least-squares line of y on x (GSL gsl_fit_linear) and its value at
 * x0 with the 95% interval (Student t, n - 2 degrees of freedom). -1 when
 * n < 3. */
int kith__goal_trend(const double *x, const double *y, int n, double x0, double *c0,
                     double *c1, double *yhat, double *lo, double *hi);

/* ================================================================ scenarios */

#define KITH_SCN_MAX_EVENTS 8
#define KITH_SCN_MAX 16
#define KITH_SIM_MAX_MONTHS 600

typedef enum {
    KITH_EV_DOWNTURN,
    KITH_EV_INITIATIVE,
    KITH_EV_LOST_CHAMPION
} kith__ev_kind;

typedef struct kith__scn_event {
    int kind;      /* kith__ev_kind */
    int from;      /* first month affected, 1-based */
    int months;    /* how many; 0 = to the horizon */
    double depth;  /* downturn: p and purchase rate x (1 - depth), churn x (1 + depth) */
    double p_up;   /* initiative: p x (1 + p_up) */
    double q_up;   /* initiative: q x (1 + q_up) */
    double cost;   /* initiative: its cost */
    double q_down; /* lost champion: q x (1 - q_down) */
} kith__scn_event;

typedef struct kith__scenario {
    char name[64];
    kith__scn_event ev[KITH_SCN_MAX_EVENTS];
    int nev;
} kith__scenario;

/* Parse one event "KIND(key=value, ...)" or, for the flags, the keys alone
 * with kind given. -1 with why[] on a bad spec. */
int kith__scn_parse_event(const char *kind, const char *args, kith__scn_event *ev,
                          char *why, size_t nwhy);
/* Parse a scenario file's text (NAME = EVENT [+ EVENT]...; '#' comments).
 * -1 with *line and why[] on the first bad line. */
int kith__scn_parse_file(const char *text, size_t len, kith__scenario *out, int max,
                         int *n, long *line, char *why, size_t nwhy);

typedef struct kith__sim_month {
    double adopters, cumulative, members, active, purchases, revenue;
} kith__sim_month;

typedef struct kith__sim_run {
    kith__scenario scn;
    kith__sim_month *months; /* 1..horizon at [0..horizon) */
    double revenue, cost;    /* totals over the horizon */
    double revenue_diff;     /* against the baseline */
    kith_value roi;          /* ((revenue - roi_base) x margin - cost) / cost */
    double roi_base;         /* revenue of the scenario without its initiatives */
} kith__sim_run;

typedef struct kith__sim {
    kith_bass b;
    int fitted;
    kith_bass_fit fit;
    int horizon;
    int64_t start; /* the first projected month's start (0 without data) */
    double A0, M0;
    int has_rates;
    double active_share, purchase_rate, spend, margin;
    char rates_note[512];
    char currency[8];
    char tz[64];         /* month labels */
    kith__sim_run *runs; /* [0] is the baseline */
    int nruns;
    /* The history the fit used (for the chart and JSON). */
    double *hist;
    int nhist;
    int64_t hist_from;
} kith__sim;

/* The projection with the parameters of month k in bm[k-1] (k = 1 ..
 * months); A, M as kith_bass_project. */
kith_code kith__bass_run(const kith_bass *bm, double A0, double M0, int months, double *A,
                         double *M, kith_error *err);

/* Build the simulation from opts (m NULL when there is no data). */
kith_code kith__sim_build(const kith_metrics *m, const char *tz, const char *currency,
                          const kith_simulate_opts *opts, kith__sim *out,
                          kith_error *err);
void kith__sim_free(kith__sim *s);
kith_code kith__sim_write(const kith__sim *s, kith_impact_format fmt, char **out,
                          kith_error *err);
kith_code kith__sim_svg(const kith__sim *s, kith_buf *b);

#endif
