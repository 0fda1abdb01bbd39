/* Impact: is the community work worth it, and what next. Social return on
 * community investment (SRCI, the SROI method), the stakeholder map
 * (power/interest grid, Mitchell-Agle-Wood salience), SMART goals on the
 * metrics with their least-squares trend, and growth scenarios (Bass
 * diffusion with churn). docs/impact.md describes the methods.
 *
 * Each part has one function returning its JSON text (kith_srci_json,
 * kith_stakeholders_json, kith_goals_json, kith_simulate_json): exactly
 * what the command's --format json prints, so that the HTTP API serves the
 * same bytes. */
#ifndef KITH_IMPACT_H
#define KITH_IMPACT_H

#include <stddef.h>
#include <stdint.h>

#include "kith/error.h"
#include "kith/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What the render functions write: a terminal table (at most 100
 * columns), the JSON document, or an SVG chart. */
typedef enum { KITH_IMPACT_TABLE, KITH_IMPACT_JSON, KITH_IMPACT_SVG } kith_impact_format;

/* Options of the SRCI, stakeholder and goal views. Zero = defaults. */
typedef struct kith_impact_opts {
    int64_t as_of;          /* end of the analysis; 0 = the metrics' default */
    int64_t now;            /* goals: the current time; 0 = the clock */
    const char *lexicon;    /* stakeholders: VADER lexicon for sentiment;
                               NULL = the org's sentiment.lexicon or default */
    const char *initiative; /* srci: one initiative by name; NULL = the org */
    double sensitivity;     /* srci: tornado +-percent; 0 = 10 */
} kith_impact_opts;

/* ================================================================ SRCI */

/* One outcome of an initiative for a stakeholder group (the impact map).
 * Shares (deadweight ... drop_off) are fractions 0..1. */
typedef struct kith_outcome {
    int64_t id;
    char initiative[128];
    char stakeholder[128];
    char outcome[256];
    char indicator[256];
    char quantity_from[64]; /* "metric:<id>", or "" when quantity is given */
    char proxy_source[256];
    double quantity; /* when quantity_from is "" */
    double proxy;    /* value of one unit for one year, org currency */
    double deadweight, displacement, attribution, drop_off;
    int duration; /* whole years, 1..100 */
} kith_outcome;

/* An outcome as written by a person or a file: every field as text, as
 * the import columns take them (shares "40%" or "0.4"); NULL or "" = not
 * given. */
typedef struct kith_outcome_text {
    const char *initiative, *stakeholder, *outcome, *indicator;
    const char *quantity, *quantity_from, *proxy, *proxy_source;
    const char *deadweight, *displacement, *attribution, *drop_off, *duration;
} kith_outcome_text;

/* Validate t and store it (a row with the same initiative, stakeholder and
 * outcome is updated). KITH_EINPUT naming the field ("--deadweight '150%':
 * ...") on a bad value; the initiative must exist (KITH_EINPUT naming it).
 * *id may be NULL. */
KITH_API kith_code kith_outcome_add(kith_store *st, int64_t org_id,
                                    const kith_outcome_text *t, int64_t *id,
                                    kith_error *err);
/* The org's outcomes (initiative != NULL: of that one; KITH_EINPUT when
 * unknown), by initiative then id. *out malloc'ed (caller frees). */
KITH_API kith_code kith_outcomes_list(kith_store *st, int64_t org_id,
                                      const char *initiative, kith_outcome **out,
                                      size_t *n, kith_error *err);
/* KITH_ENOTFOUND when the org has no outcome with this id. */
KITH_API kith_code kith_outcome_remove(kith_store *st, int64_t org_id, int64_t id,
                                       kith_error *err);
/* The outcome list as JSON ({"outcomes": [...]}) or a table; *out
 * malloc'ed. */
KITH_API kith_code kith_outcomes_render(kith_store *st, int64_t org_id,
                                        const char *initiative, kith_impact_format fmt,
                                        char **out, kith_error *err);

/* A share as the outcome columns write it: "40%" or "0.4" (0..1 without
 * the sign). -1 with *why set (static text) when it is not one. */
KITH_API int kith_impact_parse_share(const char *s, double *out, const char **why);

/* The metric ids quantity_from accepts ("metric:<id>"), ending with
 * {NULL, NULL}. Each is measured over the initiative's period. */
typedef struct kith_quantity_metric {
    const char *id, *help;
} kith_quantity_metric;
KITH_API const kith_quantity_metric *kith_srci_quantity_metrics(void);

/* The SROI arithmetic of one outcome (METRICS.md): impact of year 1 =
 * quantity x proxy x (1 - deadweight) x (1 - displacement) x
 * (1 - attribution); year k = impact x (1 - drop_off)^(k-1); present
 * value = sum of year k / (1 + rate)^k over the duration. O(duration). */
KITH_API double kith_srci_impact(const kith_outcome *o);
KITH_API double kith_srci_year_value(const kith_outcome *o, int year);
KITH_API double kith_srci_present_value(const kith_outcome *o, double rate);

/* The SRCI of the org (opts->initiative NULL) or of one initiative:
 * inputs, values per year, present value, NPV, ratio, net ratio, payback
 * months, each outcome, and the sensitivity of each assumption (break-even
 * value and the tornado at +-opts->sensitivity percent). fmt SVG draws the
 * tornado. *out malloc'ed (caller frees). Errors: KITH_EINPUT (unknown
 * initiative; inputs of zero value, so the ratio is undefined),
 * KITH_ENODATA (no outcomes), KITH_ESTATE (a quantity_from metric is n/a),
 * KITH_EDB, KITH_ENOMEM. Time: O(activities) for the snapshot plus
 * O(outcomes^2 x duration) for the sensitivity. */
KITH_API kith_code kith_srci_render(kith_store *st, int64_t org_id,
                                    const kith_impact_opts *opts, kith_impact_format fmt,
                                    char **out, kith_error *err);
KITH_API kith_code kith_srci_json(kith_store *st, int64_t org_id,
                                  const kith_impact_opts *opts, char **out,
                                  kith_error *err);

/* ================================================================ stakeholders */

/* A stakeholder group as written by a person: power and interest 0-10,
 * legitimacy and urgency yes/no, the member kind it stands for (customer,
 * employee, supplier, partner, local_org; "" none; NULL on add = guessed
 * from the group's name). NULL fields: not given (set keeps them). An
 * interest of "" leaves it for the person to decide (suggested then). */
typedef struct kith_stakeholder_text {
    const char *group, *power, *interest, *legitimacy, *urgency, *kind, *notes;
} kith_stakeholder_text;

KITH_API kith_code kith_stakeholder_add(kith_store *st, int64_t org_id,
                                        const kith_stakeholder_text *t, kith_error *err);
/* KITH_ENOTFOUND when the group does not exist. */
KITH_API kith_code kith_stakeholder_set(kith_store *st, int64_t org_id,
                                        const kith_stakeholder_text *t, kith_error *err);
KITH_API kith_code kith_stakeholder_remove(kith_store *st, int64_t org_id,
                                           const char *group, kith_error *err);

/* The power/interest grid quadrant (Mendelow): "manage closely" (both high),
 * "keep satisfied" (power high), "keep informed" (interest high),
 * "monitor"; high is 5 or more on the 0-10 scale. */
KITH_API const char *kith_stakeholder_quadrant(double power, double interest);
/* The salience class of Mitchell, Agle & Wood (1997) from the three
 * attributes: dormant, discretionary, demanding, dominant, dangerous,
 * dependent, definitive, or "non-stakeholder" with none. */
KITH_API const char *kith_stakeholder_salience(int power, int legitimacy, int urgency);

/* The groups with quadrant, salience and, for member kinds, the interest
 * suggested from measured engagement with how it was got. fmt SVG draws
 * the grid. O(activities) for the snapshot. */
KITH_API kith_code kith_stakeholders_render(kith_store *st, int64_t org_id,
                                            const kith_impact_opts *opts,
                                            kith_impact_format fmt, char **out,
                                            kith_error *err);
KITH_API kith_code kith_stakeholders_json(kith_store *st, int64_t org_id,
                                          const kith_impact_opts *opts, char **out,
                                          kith_error *err);

/* ================================================================ goals */

/* A goal as written by a person: metric id (kith_goal_metrics), segment
 * ("kind=customer", "level=4 champion", "channel=discord",
 * "tag:district=north"; NULL = all members), target (a share as "60%" or
 * 0.6, money, a count ...), deadline date, owner. */
typedef struct kith_goal_text {
    const char *metric, *segment, *target, *by, *owner;
} kith_goal_text;

typedef struct kith_goal_metric {
    const char *id, *label, *unit; /* unit: ratio, count, money, score, hours */
    int segmentable;
    int higher_is_better; /* 1, or 0 when lower is better (churn) */
} kith_goal_metric;
/* The metrics a goal can follow, ending with {NULL, ...}. */
KITH_API const kith_goal_metric *kith_goal_metrics(void);

/* Validate and store. Refused with the reason (KITH_EINPUT): an unknown
 * metric or segment, a deadline not after now (0 = the clock), a target
 * of the wrong unit (a percentage for a count, a share above 100%, another
 * currency than the org's). */
KITH_API kith_code kith_goal_add(kith_store *st, int64_t org_id, const kith_goal_text *t,
                                 int64_t now, int64_t *id, kith_error *err);
KITH_API kith_code kith_goal_remove(kith_store *st, int64_t org_id, int64_t id,
                                    kith_error *err);

/* Each goal with its monthly values, progress from the baseline, the
 * least-squares trend over the months so far and its projected value at
 * the deadline with a 95% interval, and on track / off track. */
KITH_API kith_code kith_goals_render(kith_store *st, int64_t org_id,
                                     const kith_impact_opts *opts, kith_impact_format fmt,
                                     char **out, kith_error *err);
KITH_API kith_code kith_goals_json(kith_store *st, int64_t org_id,
                                   const kith_impact_opts *opts, char **out,
                                   kith_error *err);

/* ================================================================ scenarios */

/* Bass diffusion with churn, per month: new adopters a(t) = (p + q M/m)
 * (m - A), cumulative adopters A' = a, members M' = a - churn M. */
typedef struct kith_bass {
    double p, q, m, churn;
} kith_bass;

/* The closed-form cumulative adoption share of Bass (1969):
 * F(t) = (1 - e^-(p+q)t) / (1 + (q/p) e^-(p+q)t). */
KITH_API double kith_bass_F(double p, double q, double t);

/* Integrate the model (GSL odeiv2, RK8 Prince-Dormand, relative error
 * 1e-10) from A0, M0 for months months; A[k], M[k] (k = 0..months, caller's
 * arrays) are the state at the end of month k. KITH_EINPUT when p, q or m
 * <= 0, churn < 0 or months < 1. O(months). */
KITH_API kith_code kith_bass_project(const kith_bass *b, double A0, double M0, int months,
                                     double *A, double *M, kith_error *err);

/* A fit of p, q and m to monthly new adopters. */
typedef struct kith_bass_fit {
    kith_bass b;
    double se_p, se_q, se_m; /* standard errors (covariance of the fit) */
    double r2, rmse;         /* of the monthly new adopters */
    int months, iterations, converged;
    int market_given; /* m was given, only p and q fitted */
    int m_identified; /* 0: fitted m but the series has not peaked (see note) */
    char note[256];   /* what to make of it ("m is not identified yet ...") */
} kith_bass_fit;
/* Fit p, q, m (churn fixed) by nonlinear least squares (GSL
 * multifit_nlinear, trust region with Levenberg-Marquardt steps, on
 * log p, log q, log m) to adopters[0..n) (new per month, month 0 the first
 * month). market > 0 fixes m (only p and q fitted); 0 fits it too.
 * Starting values from Bass's own regression of a(t) on A(t-1).
 * Errors: KITH_ENODATA (fewer than 6 months or no adopters), KITH_EINPUT,
 * KITH_ENOMEM. O(iterations x n). */
KITH_API kith_code kith_bass_fit_series(const double *adopters, size_t n, double churn,
                                        double market, kith_bass_fit *out,
                                        kith_error *err);

typedef struct kith_simulate_opts {
    int months; /* horizon; 0 = 12 */
    int given;  /* 1: run p, q, market, churn below without fitting */
    double p, q, market, churn;
    int has_churn;               /* churn given (else measured, or 0 without data) */
    int from_zero;               /* given model: start from no members even with data */
    double purchase_rate, spend; /* given rates (has_rates); else measured */
    int has_rates;
    /* Scenarios: a file (one per line: NAME = EVENT [+ EVENT]...), or
     * events from flags (each alone, and together when several). */
    const char *scenario_file;
    const char *downturn, *initiative, *lost_champion;
    int64_t as_of; /* 0 = the metrics' default */
} kith_simulate_opts;

/* The projection (and its scenarios) per month: adopters, cumulative,
 * members, active, purchases, revenue; compared with the revenue
 * difference against the baseline and the ROI where a cost is given. st
 * may be NULL when opts->given: then there is no measured rate. fmt SVG
 * draws members and revenue by scenario. Errors: KITH_EINPUT (p or q <= 0,
 * bad scenario, naming where), KITH_ENODATA (too little history to fit),
 * KITH_EDB, KITH_ENOMEM. */
KITH_API kith_code kith_simulate_render(kith_store *st, int64_t org_id,
                                        const kith_simulate_opts *opts,
                                        kith_impact_format fmt, char **out,
                                        kith_error *err);
KITH_API kith_code kith_simulate_json(kith_store *st, int64_t org_id,
                                      const kith_simulate_opts *opts, char **out,
                                      kith_error *err);

#ifdef __cplusplus
}
#endif
#endif
