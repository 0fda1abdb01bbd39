/* The report's churn section: the churn model at the report's as_of
 * (docs/models.md), its time-based evaluation (AUC with its interval, the
 * one-feature baselines, calibration by decile), the coefficients, and
 * the customers most at risk with their reasons. Training sets are capped
 * at 50,000 customers (a systematic sample) so that the report stays fast
 * on large shops; `kith churn` uses them whole. With the CLV section's
 * models it also lists the high-value customers at high churn risk, which
 * the finding high_value_churn states (docs/findings.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kith/churn.h"
#include "report/report_int.h"

#define REPORT_MAX_TRAIN 50000
/* High-value customers at risk listed in the table (the highest CLV first). */
#define HIGH_VALUE_ROWS 10

static void evaluation(kith_report *rep, rep_section *s, const kith_churn *c)
{
    double ci[2];
    kith_value auc =
        kith_value_of(kith_churn_auc(c, ci), (int64_t)kith_churn_ncustomers(c));
    auc.has_ci = 1;
    auc.lo = ci[0];
    auc.hi = ci[1];
    kith__rep_metric(rep, s, "churn_auc", "Churn model AUC (time-based test)", RU_NONE,
                     auc);
    kith__rep_metric(rep, s, "churn_auc_recency", "AUC of recency alone", RU_NONE,
                     kith_value_of(kith_churn_baseline_auc(c, KITH_CF_RECENCY), 0));
    double pa = kith_churn_baseline_auc(c, KITH_CF_P_ALIVE);
    kith__rep_metric(rep, s, "churn_auc_p_alive", "AUC of P(alive) alone", RU_NONE,
                     isfinite(pa) ? kith_value_of(pa, 0)
                                  : kith_value_na("P(alive) left out of the model"));
    static const char *const cols[] = {"decile|Risk decile|count", "n|Customers|count",
                                       "mean_risk|Predicted churn|ratio",
                                       "observed|Observed churn|ratio"};
    rep_table *t =
        kith__rep_table(rep, s, "churn_calibration",
                        "Calibration on the test date, by risk decile", 4, cols);
    int nd;
    const kith_churn_decile *d = kith_churn_calibration(c, &nd);
    for (int g = 0; g < nd; g++) {
        int r = kith__rep_row(rep, t);
        kith__rep_set_int(t, r, 0, g + 1);
        kith__rep_set_int(t, r, 1, d[g].n);
        kith__rep_set_real(t, r, 2, d[g].mean_risk);
        kith__rep_set_real(t, r, 3, d[g].observed);
    }
}

static void coefficients(kith_report *rep, rep_section *s, const kith_churn *c)
{
    static const char *const cols[] = {"feature|Feature|text",
                                       "coefficient|Coefficient|"};
    rep_table *t = kith__rep_table(
        rep, s, "churn_coefficients",
        "Coefficients on standardised features (> 0 raises the risk)", 2, cols);
    for (int j = 0; j < KITH_CF__N; j++) {
        if (!kith_churn_used(c, j))
            continue;
        int r = kith__rep_row(rep, t);
        kith__rep_set_text(rep, t, r, 0, kith_churn_feature_name(j));
        kith__rep_set_real(t, r, 1, kith_churn_coef(c, j));
    }
    char note[1200] = "";
    size_t len = 0;
    for (size_t i = 0; kith_churn_note(c, i) && len + 4 < sizeof note; i++)
        len += (size_t)snprintf(note + len, sizeof note - len, "%s%s", i ? "; " : "",
                                kith_churn_note(c, i));
    if (len)
        kith__rep_table_note(rep, t, note);
}

static void at_risk(kith_report *rep, rep_section *s, const kith_churn *c)
{
    static const char *const cols[] = {"member_id|Member|count", "name|Name|text",
                                       "risk|Risk|ratio", "reasons|Reasons|text"};
    rep_table *t = kith__rep_table(rep, s, "churn_at_risk",
                                   "Customers most at risk of not buying again", 4, cols);
    size_t n = kith_churn_ncustomers(c);
    for (size_t i = 0; i < n && i < 20; i++) {
        const kith_churn_customer *cu = kith_churn_customer_at(c, i);
        char why[3 * 160 + 8] = "";
        size_t len = 0;
        for (int k = 0; k < cu->nreasons; k++)
            len += (size_t)snprintf(why + len, sizeof why - len, "%s%s", k ? "; " : "",
                                    cu->reasons[k]);
        int r = kith__rep_row(rep, t);
        kith__rep_set_int(t, r, 0, cu->member_id);
        kith__rep_set_text(rep, t, r, 1, cu->name);
        kith__rep_set_real(t, r, 2, cu->risk);
        kith__rep_set_text(rep, t, r, 3, why);
    }
}

static int by_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

kith_code kith__rep_high_value_at_risk(const double *clv, const double *risk, size_t n,
                                       size_t *out, size_t *nout, double *threshold)
{
    kith_code rc = KITH_OK;
    double *v = malloc((n ? n : 1) * sizeof *v);
    size_t k = 0;
    *nout = 0;
    *threshold = NAN;
    if (!v) {
        rc = KITH_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        if (isfinite(clv[i]))
            v[k++] = clv[i];
    if (!k)
        goto done;
    qsort(v, k, sizeof *v, by_desc);
    *threshold = v[(k + 4) / 5 - 1]; /* the ceil(k / 5)-th highest */
    for (size_t i = 0; i < n; i++)
        if (isfinite(clv[i]) && clv[i] >= *threshold && isfinite(risk[i]) &&
            risk[i] >= KITH_CHURN_HIGH_RISK)
            out[(*nout)++] = i;
done:
    free(v);
    return rc;
}

/* The metrics high_value_at_risk and high_value_clv_at_stake (n/a with
 * why when a model is missing) and the table churn_high_value. */
static void high_value_na(kith_report *rep, rep_section *s, const char *why)
{
    kith__rep_metric(rep, s, "high_value_at_risk",
                     "Top-quintile CLV customers at high churn risk", RU_COUNT,
                     kith_value_na("%.150s", why));
    kith__rep_metric(rep, s, "high_value_clv_at_stake",
                     "Predicted CLV of those customers", RU_MONEY,
                     kith_value_na("%.150s", why));
}

static void high_value(kith_report *rep, rep_section *s, const rep_clv_values *clv,
                       const kith_churn *ch)
{
    size_t n = clv->n, nsel = 0;
    double *risk = malloc((n ? n : 1) * sizeof *risk), threshold = NAN;
    size_t *sel = malloc((n ? n : 1) * sizeof *sel);
    if (!risk || !sel) {
        rep->oom = 1;
        goto done;
    }
    if (!n || clv->left_out == (int64_t)n) {
        high_value_na(rep, s, clv->why);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        const kith_churn_customer *cc = kith_churn_find(ch, clv->member_id[i]);
        risk[i] = cc ? cc->risk : NAN;
    }
    if (kith__rep_high_value_at_risk(clv->clv, risk, n, sel, &nsel, &threshold) !=
        KITH_OK) {
        rep->oom = 1;
        goto done;
    }
    int64_t top = 0;
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        top += isfinite(clv->clv[i]) && clv->clv[i] >= threshold;
    for (size_t j = 0; j < nsel; j++)
        sum += clv->clv[sel[j]];
    kith_value count = kith_value_of((double)nsel, top);
    kith_value stake = kith_value_of(sum, (int64_t)nsel);
    char note[256];
    snprintf(note, sizeof note,
             "of the %lld customers whose predicted CLV is at least %.2f %s (the top "
             "quintile of %lld); risk at least %.0f%%",
             (long long)top, threshold, rep->currency, (long long)n - clv->left_out,
             KITH_CHURN_HIGH_RISK * 100);
    snprintf(count.note, sizeof count.note, "%s", note);
    if (clv->left_out) {
        /* The ranking leaves out customers without a CLV (another currency
         * without a rate): the sum is not the whole of what is at stake. */
        stake = kith_value_na("%lld customer(s) have no predicted CLV (%.100s): the "
                              "top quintile leaves them out",
                              (long long)clv->left_out, clv->left_why);
        stake.left_out = clv->left_out;
        count.left_out = clv->left_out;
    }
    kith__rep_metric(rep, s, "high_value_at_risk",
                     "Top-quintile CLV customers at high churn risk", RU_COUNT, count);
    kith__rep_metric(rep, s, "high_value_clv_at_stake",
                     "Predicted CLV of those customers", RU_MONEY, stake);
    static const char *const cols[] = {"member_id|Member|count", "name|Name|text",
                                       "clv|Predicted CLV|money", "risk|Risk|ratio"};
    rep_table *t =
        kith__rep_table(rep, s, "churn_high_value",
                        "Top-quintile CLV customers at high churn risk", 4, cols);
    /* In the CLV order: the highest predicted CLV first. */
    for (size_t j = 0; j < nsel && j < HIGH_VALUE_ROWS; j++) {
        const kith_churn_customer *cc = kith_churn_find(ch, clv->member_id[sel[j]]);
        int r = kith__rep_row(rep, t);
        kith__rep_set_int(t, r, 0, clv->member_id[sel[j]]);
        kith__rep_set_text(rep, t, r, 1, cc ? cc->name : "");
        kith__rep_set_real(t, r, 2, clv->clv[sel[j]]);
        kith__rep_set_real(t, r, 3, risk[sel[j]]);
    }
    kith__rep_table_note(rep, t, note);
done:
    free(risk);
    free(sel);
}

void kith__rep_build_churn(kith_report *rep, kith_metrics *m, kith_store *st, int64_t org,
                           const char *lexicon, const rep_clv_values *clv)
{
    rep_section *s = kith__rep_section(rep, "churn", "Churn risk");
    kith_org o;
    memset(&o, 0, sizeof o);
    o.id = org;
    snprintf(o.timezone, sizeof o.timezone, "%s", rep->tz);
    snprintf(o.currency, sizeof o.currency, "%s", rep->currency);
    kith_churn_opts opts;
    memset(&opts, 0, sizeof opts);
    opts.lexicon = lexicon;
    opts.max_train = REPORT_MAX_TRAIN;
    kith_churn *c = NULL;
    kith_error err;
    kith_error_clear(&err);
    if (kith_churn_open_metrics(m, st, &o, &opts, &c, &err) != KITH_OK) {
        if (err.code == KITH_ENOMEM) {
            rep->oom = 1;
            return;
        }
        char note[1100];
        snprintf(note, sizeof note, "churn model not fitted: %s", err.msg);
        kith__rep_section_note(rep, s, note);
        kith__rep_metric(rep, s, "churn_auc", "Churn model AUC (time-based test)",
                         RU_NONE, kith_value_na("%.150s", err.msg));
        snprintf(note, sizeof note, "churn model not fitted: %.150s", err.msg);
        high_value_na(rep, s, note);
        return;
    }
    char note[300];
    snprintf(note, sizeof note,
             "logistic regression (liblinear, L2, C = %g), horizon %g days, trained one "
             "horizon before as_of and tested on what followed (docs/models.md)",
             kith_churn_c(c), kith_churn_horizon(c));
    kith__rep_section_note(rep, s, note);
    evaluation(rep, s, c);
    size_t n = kith_churn_ncustomers(c), high = 0;
    for (size_t i = 0; i < n; i++)
        high += kith_churn_customer_at(c, i)->risk >= KITH_CHURN_HIGH_RISK;
    kith__rep_metric(rep, s, "churn_scored", "Current customers scored", RU_COUNT,
                     kith_value_of((double)n, (int64_t)n));
    kith__rep_metric(rep, s, "churn_high_risk", "Customers at 50%+ churn risk", RU_COUNT,
                     kith_value_of((double)high, (int64_t)n));
    coefficients(rep, s, c);
    at_risk(rep, s, c);
    high_value(rep, s, clv, c);
    kith_churn_close(c);
}
