/* Inside the churn model: the snapshots of customer features at a time
 * (churn_features.c), the model and its evaluation (churn.c), and the
 * result churn_json.c renders. */
#ifndef KITH_CHURN_INT_H
#define KITH_CHURN_INT_H

#include <stddef.h>
#include <stdint.h>

#include "kith/churn.h"
#include "metrics/metrics_int.h"
#include "models/models_int.h"

/* The customers at one time with their raw features and, for past times,
 * the label (1: no purchase in the horizon that followed). */
typedef struct churn_snap {
    int64_t at; /* local midnight */
    size_t n;
    int32_t *member;       /* index into the snapshot's members */
    int64_t *id;           /* their member ids */
    double *x;             /* n rows of KITH_CF__N features */
    int8_t *label;         /* 1 churned, 0 bought again, -1 unknown (at = as_of) */
    double *events_before; /* events and workshops before the window */
    double *risk;          /* the model's risk, when scored */
    int64_t churned;
} churn_snap;

/* What the features need besides the snapshot. */
typedef struct churn_env {
    kith_metrics *m;
    const kith_org *org;
    kith__days days; /* local days from the first activity to as_of */
    int has_texts;
    int has_p_alive;
    double period_days, churn_window;
    /* Per member, scratch: sentiment sums of the window. */
    double *sent_sum;
    int32_t *sent_n;
} churn_env;

/* The customers at at (a local midnight), with features and labels
 * (horizon_end > at: the end of the label window; 0: no label). When
 * BG/NBD cannot be fitted there, env->has_p_alive drops to 0 and why says
 * why. */
kith_code kith__churn_snapshot(churn_env *env, int64_t at, int64_t horizon_end,
                               churn_snap *out, char *why, size_t whylen,
                               kith_error *err);
void kith__churn_snap_free(churn_snap *s);

/* A linear model on standardised features. */
typedef struct churn_model {
    int used[KITH_CF__N];
    double mean[KITH_CF__N], sd[KITH_CF__N];
    double w[KITH_CF__N]; /* toward churn (label 1) */
    double bias;
    double c;
} churn_model;

struct kith_churn {
    int64_t as_of;
    double horizon; /* days */
    char currency[8];
    char tz[64];
    churn_snap snaps[4]; /* at as_of - k horizon, k = 0..3 */
    double c;            /* chosen C */
    double auc, auc_lo, auc_hi;
    double base_recency, base_p_alive;
    int64_t n_train, n_test, churn_test;
    kith_churn_decile deciles[10];
    int ndeciles;
    churn_model final;         /* trained at k = 1, scores k = 0 */
    kith_churn_customer *cust; /* scored at as_of, by risk */
    size_t ncust;
    kith__mdl_idx *by_id; /* member id -> position in cust */
    char notes[8][256];
    size_t nnotes;
    double auc_by_c[8];
    int nc;
};

extern const double kith__churn_cgrid[6];

#endif
