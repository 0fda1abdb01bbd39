/* The KPI engine: every metric of docs/metrics.md (the contract is the
 * shared METRICS.md), one function per metric, computed over a snapshot of
 * one org's data loaded once (kith_metrics_open). A metric with too little
 * data is "n/a" with the reason (kith_value.ok == 0), never 0. */
#ifndef KITH_METRICS_H
#define KITH_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "kith/error.h"
#include "kith/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One metric value. When ok is 0 the value is n/a and why says what is
 * missing ("no customers purchased in the previous period", ...). n is the
 * number of observations behind the value (its denominator); lo/hi a 95%
 * interval when has_ci. note (empty when none) says what a money figure
 * leaves out or converted, to be shown beside it: "412 purchases in CAD
 * are not included: no CAD rate; see `kith import rates`" (METRICS.md
 * "Money"); it may be set on an n/a value too. left_out counts what the
 * note says is not included (amounts; customers for CLV and the revenue
 * change), 0 when nothing. */
typedef struct kith_value {
    int ok;
    double v;
    int64_t n;
    int has_ci;
    double lo, hi;
    char why[160];
    char note[256];
    int64_t left_out;
} kith_value;

/* A value that is known. */
KITH_API kith_value kith_value_of(double v, int64_t n);
/* An n/a value with the reason (printf-style). */
KITH_API kith_value kith_value_na(const char *fmt, ...) KITH_PRINTF(1, 2);

/* 95% confidence intervals for proportions (src/metrics/interval.c).
 * Wilson's score interval for k successes out of n: always inside [0, 1].
 * Returns 0, or -1 (and leaves lo, hi alone) unless 0 <= k <= n and
 * n >= 1. O(1). */
KITH_API int kith_ci_wilson(int64_t k, int64_t n, double *lo, double *hi);
/* Newcombe's hybrid score interval (Newcombe 1998, method 10) for
 * k1/n1 - k0/n0, two independent proportions, built from the Wilson
 * interval of each: always inside [-1, 1]. Returns 0, or -1 as above. O(1). */
KITH_API int kith_ci_newcombe(int64_t k1, int64_t n1, int64_t k0, int64_t n0, double *lo,
                              double *hi);

/* ------------------------------------------------------------ config */

/* A parameter of the metrics, stored per org (kith config get|set). */
typedef struct kith_config_key {
    const char *name;
    const char *def; /* default, as text */
    const char *help;
} kith_config_key;

/* Every key, ending with {NULL, NULL, NULL}. weight.<type> keys are listed
 * one per community activity type. */
KITH_API const kith_config_key *kith_config_keys(void);
/* The org's value of key (or its default, *is_default = 1) into out.
 * KITH_EUSAGE for an unknown key. */
KITH_API kith_code kith_config_get(kith_store *st, int64_t org_id, const char *key,
                                   char *out, size_t n, int *is_default, kith_error *err);
/* Validate and store value for key (KITH_EUSAGE naming the key and the
 * expected form when it is not valid). */
KITH_API kith_code kith_config_set(kith_store *st, int64_t org_id, const char *key,
                                   const char *value, kith_error *err);
/* Back to the default. */
KITH_API kith_code kith_config_unset(kith_store *st, int64_t org_id, const char *key,
                                     kith_error *err);
/* Every key of the org as JSON text: {"config":[{key, value, default,
 * is_default, help}]} (kith config list --format json, GET
 * /api/v1/config). *out malloc'ed, caller frees. */
KITH_API kith_code kith_config_json(kith_store *st, int64_t org_id, char **out,
                                    kith_error *err);

/* ------------------------------------------------------------ engine */

typedef struct kith_metrics kith_metrics;

/* A window [from, to) in seconds since the epoch, UTC. Its previous window
 * (P-1) is the one of the same length right before it. */
typedef struct kith_window {
    int64_t from, to;
} kith_window;

KITH_API kith_window kith_window_prev(kith_window w);

typedef struct kith_metrics_opts {
    int64_t as_of;       /* 0 = the org's local midnight after the latest activity */
    int include_team;    /* 1: keep members flagged team or bot */
    const char *segment; /* NULL, "kind", "level", "channel", "tag:<key>", "rfm",
                            "cluster", "cluster:<k>" (docs/segments.md) */
    int allow_empty;     /* 1: open an org without activities (no KITH_ENODATA) */
} kith_metrics_opts;

/* Load org's data and parameters. *out is owned by the caller
 * (kith_metrics_close). Errors: KITH_ENODATA (no activities; too few
 * customers for the rfm or cluster segments), KITH_EUSAGE (unknown
 * segment, bad stored parameter), KITH_EDB, KITH_ENOMEM. Time: O(rows);
 * memory O(rows); plus kith_segments_compute's for rfm and cluster. */
KITH_API kith_code kith_metrics_open(kith_store *st, int64_t org_id,
                                     const kith_metrics_opts *opts, kith_metrics **out,
                                     kith_error *err);
KITH_API void kith_metrics_close(kith_metrics *m);
KITH_API int64_t kith_metrics_as_of(const kith_metrics *m);
/* A numeric parameter's effective value (NaN for unknown keys). */
KITH_API double kith_metrics_param(const kith_metrics *m, const char *key);
/* Cut the members into other segments (NULL: none) without loading the
 * data again; the segment indexes below change. A tag:<key> cut needs the
 * key the metrics were opened with (else KITH_ESTATE). Errors: KITH_EUSAGE
 * (unknown cut), KITH_ESTATE, KITH_ENOMEM. O(members), level:
 * O(activities). */
KITH_API kith_code kith_metrics_set_segment(kith_metrics *m, const char *segment,
                                            kith_error *err);
/* The current cut, or NULL. */
KITH_API const char *kith_metrics_segment_spec(const kith_metrics *m);
/* Segments of opts->segment: their number and names (borrowed). Metrics
 * taking `seg` use -1 for all members, else 0 .. nsegments-1. */
KITH_API int kith_metrics_nsegments(const kith_metrics *m);
KITH_API const char *kith_metrics_segment_name(const kith_metrics *m, int seg);
/* Members in segment seg (-1: all) counted by the metrics. */
KITH_API int64_t kith_metrics_members(const kith_metrics *m, int seg);

/* ---------------------------------------------------- customer loyalty */
/* Every function below is O(members log activities) unless said. */
KITH_API kith_value kith_metric_crr(const kith_metrics *m, kith_window p, int seg);

typedef struct kith_crr_split {
    kith_value within, outside;
    kith_value lift; /* within - outside, has_ci = 95% interval (Newcombe's hybrid
                       score); n = both n. within and outside carry their
                       Wilson intervals (has_ci). */
} kith_crr_split;
KITH_API kith_crr_split kith_metric_crr_community(const kith_metrics *m, kith_window p,
                                                  int seg);
KITH_API kith_value kith_metric_repeat_purchase_rate(const kith_metrics *m, kith_window p,
                                                     int seg);
/* Customers whose last purchase is more than churn_window days before at;
 * n = customers at at. */
KITH_API kith_value kith_metric_churned_customers(const kith_metrics *m, int64_t at,
                                                  int seg);
typedef struct kith_clv_stats {
    kith_value mean, median, p80, p95; /* n = customers */
} kith_clv_stats;
/* Historical CLV (purchases - refunds, all time before at). A customer with
 * an amount left out (another currency, no rate in force) has no known CLV
 * and is left out of the four figures, which say so in their note.
 * O(n log n). */
KITH_API kith_clv_stats kith_metric_clv_historical(const kith_metrics *m, int64_t at,
                                                   int seg);
/* Sum of purchase amounts in p (not a METRICS.md metric; context). Every
 * money figure (revenue, refunds, CLV, initiative revenue and ROI,
 * donations, supplier spend and the local share) counts amounts in the org
 * currency and amounts converted with the user's rates; those without a
 * rate are left out and named in the value's note; n counts the amounts
 * added. With amounts in the window but none that can be added: n/a. */
KITH_API kith_value kith_metric_revenue(const kith_metrics *m, kith_window p, int seg);
/* Sum of refund amounts in p (context: CLV nets them). */
KITH_API kith_value kith_metric_refunds(const kith_metrics *m, kith_window p, int seg);
/* Revenue in p minus revenue in q (usually P-1), with a 95% interval that
 * takes the customers as the units: the customers (of seg) who purchased
 * in p or q, d_i = their revenue in p - in q, interval = sum d_i -/+ 1.96
 * sqrt(n s^2), s^2 the sample variance of the d_i. n = those customers;
 * n/a below min_n. A customer with an amount left out (another currency, no
 * rate in force) has no known d_i: left out, and said in the note. (Not a METRICS.md
 * metric: the support of the revenue finding, docs/findings.md.) O(activities). */
KITH_API kith_value kith_metric_revenue_change(const kith_metrics *m, kith_window p,
                                               kith_window q, int seg);

/* ---------------------------------------------------- advocacy */
typedef struct kith_nps {
    kith_value nps; /* -100..100; has_ci: nps -/+ margin */
    double margin;  /* 95% margin of error, NPS points */
    int64_t promoters, passives, detractors;
} kith_nps;
KITH_API kith_nps kith_metric_nps(const kith_metrics *m, kith_window p, int seg);
KITH_API kith_nps kith_metric_enps(const kith_metrics *m, kith_window p);
/* Feedback, idea and review activities in p (n = the same count). */
KITH_API kith_value kith_metric_feedback_volume(const kith_metrics *m, kith_window p);
/* The same per 100 customers who purchased in p. */
KITH_API kith_value kith_metric_feedback_per_100(const kith_metrics *m, kith_window p);
/* Share of them with at least 8 words or linked to an idea. */
KITH_API kith_value kith_metric_feedback_quality(const kith_metrics *m, kith_window p);

/* ---------------------------------------------------- brand sentiment */
/* Score the texts of the org's community activities (post, reply, review,
 * feedback, idea, mention) with VADER, once per distinct text, and keep the
 * scores in m for the sentiment metrics below. lexicon: the path of
 * vader_lexicon.txt; NULL or "" = the org's sentiment.lexicon, else the
 * built-in default. Errors: those of kith_sentiment_open (KITH_ENOTFOUND
 * naming the path and the set-up command, KITH_EINPUT), KITH_EDB,
 * KITH_ENOMEM. Time: O(text bytes) for the distinct texts. */
KITH_API kith_code kith_metrics_load_texts(kith_metrics *m, kith_store *st,
                                           int64_t org_id, const char *lexicon,
                                           kith_error *err);
/* 1 once kith_metrics_load_texts succeeded. */
KITH_API int kith_metrics_has_texts(const kith_metrics *m);

typedef struct kith_sentiment_stats {
    kith_value mean;     /* mean compound of the scored texts; n = scored */
    kith_value positive; /* share of scored texts with compound >= 0.05 */
    kith_value negative; /* share with compound <= -0.05 */
    kith_value net;      /* positive - negative (x 100 = points) */
    int64_t texts;       /* all texts in the window */
    int64_t scored;
    int64_t unscored; /* no lexicon word: not counted as neutral */
} kith_sentiment_stats;
/* Brand sentiment over texts in p of counted members (team and bot left
 * out), in channel (-1 = all; see kith_metrics_channel_name). n/a below
 * min_n scored texts. O(texts). */
KITH_API kith_sentiment_stats kith_metric_sentiment(const kith_metrics *m, kith_window p,
                                                    int channel);

typedef enum { KITH_BY_WEEK, KITH_BY_MONTH } kith_period_kind;
/* One period of the sentiment series, with the alert test. */
typedef struct kith_sentiment_period {
    kith_window w; /* a Monday-to-Monday week or a month in the org's zone */
    kith_sentiment_stats s;
    int baseline_periods;    /* earlier periods with scored texts (<= alert_window) */
    int64_t baseline_scored; /* scored texts of the alert_window periods before */
    int baseline_ok;         /* 1: enough of them (>= 2 and >= sentiment_min_n) for
                                the two fields below; else both are 0 */
    double baseline_mean;    /* mean compound of their scored texts, pooled */
    double baseline_sd;      /* sample standard deviation of those compounds */
    kith_value z;            /* (mean - baseline_mean) / baseline_sd */
    int alert;               /* z < -alert_z with >= sentiment_min_n texts */
} kith_sentiment_period;
/* The periods from the one of the first text to the one holding as_of - 1,
 * in channel (-1 = all). *out malloc'ed (caller frees). Errors:
 * KITH_ESTATE (texts not loaded), KITH_ENOMEM. O(texts + periods). */
KITH_API kith_code kith_metric_sentiment_series(const kith_metrics *m,
                                                kith_period_kind by, int channel,
                                                kith_sentiment_period **out, size_t *n,
                                                kith_error *err);

/* What kith sentiment [alerts] shows, as the JSON views below take it. */
typedef struct kith_sentiment_query {
    kith_metrics_opts mo; /* as_of (0 = default), include_team */
    kith_period_kind by;  /* weeks or months */
    const char *channel;  /* NULL = every channel */
    const char *lexicon;  /* as kith_metrics_load_texts */
    int64_t from, to;     /* P (summary only); 0 = to as_of, from period_days before */
    int all;              /* alerts: every period, not only the flagged ones */
} kith_sentiment_query;
/* Brand sentiment as JSON text (kith sentiment --format json, GET
 * /api/v1/sentiment): {as_of, channel, by, overall, previous, channels[],
 * periods[]}, fields in docs/sentiment.md. Errors: those of
 * kith_metrics_open and kith_metrics_load_texts, KITH_ENOTFOUND (a
 * channel with no activity), KITH_EUSAGE (from not before to). */
KITH_API kith_code kith_sentiment_json(kith_store *st, int64_t org_id,
                                       const kith_sentiment_query *q, char **out,
                                       kith_error *err);
/* The alert test per period as JSON text (kith sentiment alerts --format
 * json, GET /api/v1/sentiment/alerts): {as_of, channel, by, all, alert_z,
 * alert_window, sentiment_min_n, periods_total, periods_flagged,
 * periods[]}. Errors as kith_sentiment_json. */
KITH_API kith_code kith_sentiment_alerts_json(kith_store *st, int64_t org_id,
                                              const kith_sentiment_query *q, char **out,
                                              kith_error *err);

/* A member's latest texts with their scores (kith members show). */
typedef struct kith_member_text {
    int64_t activity_id, t;
    char type[24];
    char channel[64];
    char *text; /* malloc'ed, valid UTF-8 */
    int scored;
    double neg, neu, pos, compound;
} kith_member_text;
/* The member's texts, newest first, at most limit (0 = all); lexicon as
 * for kith_metrics_load_texts. Free with kith_member_texts_free. */
KITH_API kith_code kith_member_texts(kith_store *st, int64_t org_id, int64_t member_id,
                                     size_t limit, const char *lexicon,
                                     kith_member_text **out, size_t *n, kith_error *err);
KITH_API void kith_member_texts_free(kith_member_text *t, size_t n);

/* ---------------------------------------------------- acquisition */
/* Community-acquired customers whose first purchase is in p; n = all new
 * customers (first purchase in p). */
KITH_API kith_value kith_metric_community_acquired(const kith_metrics *m, kith_window p,
                                                   int seg);
KITH_API kith_value kith_metric_event_acquired(const kith_metrics *m, kith_window p,
                                               int seg);
typedef struct kith_initiative_result {
    int64_t id;
    char name[128];
    double cost;
    double in_kind_cost, volunteer_hours; /* as recorded (SRCI inputs) */
    int64_t starts_at, ends_at;           /* when has_starts_at / has_ends_at */
    int has_starts_at, has_ends_at;
    double revenue;        /* attributed, all time before as_of */
    double revenue_period; /* attributed, in the window */
    int64_t purchases;     /* attributed purchases, all time */
    int64_t acquired;      /* community-acquired customers attributed */
    kith_value roi;        /* (revenue * margin - cost) / cost */
    kith_value cost_per_acquired;
    int64_t left_out; /* attributed purchases whose amount is left out */
    char note[256];   /* what revenue and ROI leave out or converted */
} kith_initiative_result;
/* One row per initiative (ordered by id). Costs are taken in the org
 * currency; attributed purchases in another currency count converted, or
 * are left out of revenue and ROI (still counted in purchases) and named
 * in note. *out malloc'ed, caller frees. Time: O(activities). */
KITH_API kith_code kith_metric_initiatives(const kith_metrics *m, kith_window p,
                                           kith_initiative_result **out, size_t *n,
                                           kith_error *err);
/* The initiatives over P = the period_days before as_of, as JSON text
 * (kith initiatives --format json, GET /api/v1/initiatives): {as_of,
 * period {from, to}, currency, initiatives[{id, initiative, cost, revenue,
 * revenue_period, purchases, acquired, roi, cost_per_acquired}]}; an
 * empty list when there is none. Errors: those of kith_metrics_open. */
KITH_API kith_code kith_initiatives_json(kith_store *st, int64_t org_id,
                                         const kith_metrics_opts *mo, char **out,
                                         kith_error *err);
/* The note for all initiatives together (what their revenue leaves out or
 * converted), into out (size n); "" when nothing. O(activities). */
KITH_API void kith_metric_initiatives_note(const kith_metrics *m, kith_window p,
                                           char *out, size_t n);
typedef struct kith_traffic {
    kith_value share; /* sessions matching / all sessions in p */
    int64_t sessions, conversions;
} kith_traffic;
KITH_API kith_traffic kith_metric_referral_traffic(const kith_metrics *m, kith_window p);
KITH_API kith_traffic kith_metric_local_traffic(const kith_metrics *m, kith_window p);

/* ---------------------------------------------------- engagement */
KITH_API kith_value kith_metric_social_engagement_rate(const kith_metrics *m,
                                                       kith_window p, int channel);
/* The social engagement rate of each post published in p (METRICS.md:
 * "also per post"): interactions / reach, n/a when the post has no reach. */
typedef struct kith_post_engagement {
    const char *post; /* external id (borrowed from m) */
    int channel;      /* for kith_metrics_channel_name */
    int64_t published_at, reach, interactions;
    kith_value rate;
} kith_post_engagement;
/* The posts of p, highest rate first (n/a last; ties: earlier first).
 * *out malloc'ed (NULL when n = 0). O(posts log posts). */
KITH_API kith_code kith_metric_post_engagement(const kith_metrics *m, kith_window p,
                                               kith_post_engagement **out, size_t *n,
                                               kith_error *err);
/* Channel names of social posts and activities (borrowed), for the
 * channel argument above (-1 = all). */
KITH_API int kith_metrics_nchannels(const kith_metrics *m);
KITH_API const char *kith_metrics_channel_name(const kith_metrics *m, int i);
KITH_API kith_value kith_metric_active_members(const kith_metrics *m, kith_window p,
                                               int seg);
/* Members active in the 30 days before at. */
KITH_API kith_value kith_metric_mam(const kith_metrics *m, int64_t at, int seg);
KITH_API kith_value kith_metric_stickiness(const kith_metrics *m, int64_t at, int seg);
KITH_API kith_value kith_metric_community_churn(const kith_metrics *m, kith_window p,
                                                int seg);
KITH_API kith_value kith_metric_response_rate(const kith_metrics *m, kith_window p);
/* Median hours from a post in p to its first reply by another member. */
KITH_API kith_value kith_metric_median_first_reply(const kith_metrics *m, kith_window p);
KITH_API kith_value kith_metric_dependency_factor(const kith_metrics *m, kith_window p);

/* Engagement score ("love") and levels. */
KITH_API int kith_level_of(const kith_metrics *m, double love);
KITH_API const char *kith_level_name(int level);
typedef struct kith_member_score {
    int64_t member_id;
    char name[128];
    double love; /* at the time asked */
    int level;
    int max_level;         /* highest level in the look-back (at-risk) */
    int64_t last_activity; /* last community activity, 0 = none */
} kith_member_score;
/* Members by love at `at`, highest first, at most limit (0 = all) of
 * those with love > 0. *out malloc'ed. O(activities + n log n). */
KITH_API kith_code kith_metric_love_top(const kith_metrics *m, int64_t at, int seg,
                                        size_t limit, kith_member_score **out, size_t *n,
                                        kith_error *err);
/* Mean love of the counted members at `at`. */
KITH_API kith_value kith_metric_love_mean(const kith_metrics *m, int64_t at, int seg);
/* Members per level at `at` (levels 0..4). */
KITH_API void kith_metric_levels(const kith_metrics *m, int64_t at, int seg,
                                 int64_t out[5]);
/* Level at p.from (row) x level at p.to (column), members with any
 * community activity before p.to. */
KITH_API void kith_metric_level_movement(const kith_metrics *m, kith_window p, int seg,
                                         int64_t out[5][5]);
/* At-risk members at `at`, by love descending. *out malloc'ed. */
KITH_API kith_code kith_metric_at_risk(const kith_metrics *m, int64_t at,
                                       kith_member_score **out, size_t *n,
                                       kith_error *err);

/* ---------------------------------------------------- innovation */
KITH_API kith_value kith_metric_innovation_rate(const kith_metrics *m, kith_window p);
typedef struct kith_idea_funnel {
    int64_t counts[5]; /* proposed, under_review, planned, shipped, declined */
    kith_value median_days_to_ship;
} kith_idea_funnel;
KITH_API kith_idea_funnel kith_metric_idea_funnel(const kith_metrics *m, kith_window p);

/* ---------------------------------------------------- employees, local */
KITH_API kith_value kith_metric_employee_retention(const kith_metrics *m, kith_window p);
KITH_API kith_value kith_metric_employee_participation(const kith_metrics *m,
                                                       kith_window p);
KITH_API kith_value kith_metric_volunteer_hours(const kith_metrics *m, kith_window p);
KITH_API kith_value kith_metric_donations(const kith_metrics *m, kith_window p);
/* Sum of supply amounts in p (all supplier spend; context for the share). */
KITH_API kith_value kith_metric_supplier_spend(const kith_metrics *m, kith_window p);
KITH_API kith_value kith_metric_local_supplier_share(const kith_metrics *m,
                                                     kith_window p);

/* ---------------------------------------------------- impact measures */
/* (impact_measures.c; used by src/impact/) */
/* Counted members with an event_attend or workshop activity in p. */
KITH_API kith_value kith_metric_event_attendees(const kith_metrics *m, kith_window p);
/* Counted members with a community activity in p linked to the initiative
 * (database id). O(activities). */
KITH_API kith_value kith_metric_initiative_participants(const kith_metrics *m,
                                                        kith_window p,
                                                        int64_t initiative_id);

/* Hours of volunteer activities linked to the initiative before as_of
 * (n = activities); bots left out. O(activities). */
KITH_API kith_value kith_metric_initiative_volunteer_hours(const kith_metrics *m,
                                                           int64_t initiative_id);

/* The measured engagement of the counted members holding a kind. */
typedef struct kith_group_engagement {
    int64_t members;               /* counted members of the kind */
    kith_value share_active;       /* with a community activity in p / members */
    kith_value mean_love;          /* mean engagement score at p.to */
    double participant_score;      /* the score of level 2 (level_thresholds) */
    kith_value sentiment;          /* mean VADER compound of their scored texts in p */
    kith_value sentiment_strength; /* mean |compound| of the same texts */
} kith_group_engagement;
/* kind: customer, employee, supplier, partner, local_org, online, other.
 * The sentiment fields are n/a unless kith_metrics_load_texts ran.
 * O(members' activities + texts). */
KITH_API kith_group_engagement kith_metric_group_engagement(const kith_metrics *m,
                                                            kith_window p,
                                                            const char *kind);

/* One calendar month (time zone tz) of the community's growth. A member
 * joins at their first community activity and lapses when their latest
 * community activity is churn_window days old. */
typedef struct kith_growth_month {
    int64_t from, to;
    int64_t joined;     /* first community activity in the month */
    int64_t members;    /* joined by the month's end and not lapsed then */
    int64_t active;     /* with a community activity in the month */
    int64_t at_risk;    /* joined by the month's end, last activity in it or later */
    int64_t lapsed;     /* last community activity in the month, now lapsed */
    int lapse_observed; /* the month ended churn_window days before as_of */
    int64_t purchases;  /* by members, at or after they joined */
    int64_t priced;     /* those whose amount is known in the org currency */
    int64_t left_out;   /* those in another currency with no rate in force */
    double revenue;     /* the amount of the priced ones (org currency) */
} kith_growth_month;
/* The whole months from the one of the first community activity to the
 * last that ends by as_of. *out malloc'ed (caller frees). Errors:
 * KITH_ENODATA (no community activity, or not one whole month),
 * KITH_ENOMEM. O(activities x log months). */
KITH_API kith_code kith_metric_growth_series(const kith_metrics *m, const char *tz,
                                             kith_growth_month **out, size_t *n,
                                             kith_error *err);

/* ---------------------------------------------------- money */
/* The org's currency (borrowed from m). */
KITH_API const char *kith_metrics_currency(const kith_metrics *m);

/* Amounts in one currency other than the org's (purchases, refunds,
 * donations, supply) dated in [from, to), of any member. */
typedef struct kith_currency_use {
    char currency[8];
    int64_t amounts;   /* recorded in this currency */
    int64_t converted; /* converted with a rate */
    int64_t left_out;  /* no rate in force on their date */
    double recorded;   /* sum of the converted ones as recorded, in currency */
    double value;      /* the same converted, in the org currency */
    int64_t rates;     /* rates of the currency stored */
    int64_t rates_used;
    int64_t first_rate, last_rate; /* dates of the first and last rate; 0 = none */
    char reason[96];               /* why the left-out ones are: "" when none */
} kith_currency_use;
/* One row per currency met on an amount in the window or holding rates,
 * by code. *out malloc'ed (NULL when n = 0), caller frees. O(nfx). */
KITH_API kith_code kith_metric_currencies(const kith_metrics *m, kith_window w,
                                          kith_currency_use **out, size_t *n,
                                          kith_error *err);
/* One exchange rate and the amounts in [from, to) converted with it. */
typedef struct kith_rate_use {
    char currency[8];
    int64_t from; /* in force from, until the currency's next rate */
    double rate;  /* org currency per unit of currency */
    int64_t amounts;
} kith_rate_use;
/* The rates used by at least one amount in the window, by currency and
 * date. *out malloc'ed (NULL when n = 0), caller frees. O(nfx). */
KITH_API kith_code kith_metric_rates_used(const kith_metrics *m, kith_window w,
                                          kith_rate_use **out, size_t *n,
                                          kith_error *err);

#ifdef __cplusplus
}
#endif
#endif
