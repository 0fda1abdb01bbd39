/* The report's lifetime value section: BG/NBD and Gamma-Gamma fitted with
 * the calibration ending the day before as_of (docs/models.md), the
 * predicted CLV over the horizon (its distribution and the top
 * customers), and repeat purchases by frequency, actual against
 * expected, which the HTML page draws as the paper's figure. When the
 * models cannot be fitted the section says why, with its metrics n/a. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kith/clv.h"
#include "report/report_int.h"

static void params(kith_report *rep, rep_section *s, const kith_clv *c)
{
    static const char *const cols[] = {"parameter|Parameter|text", "estimate|Estimate|",
                                       "se|Std. error|"};
    const kith_bgnbd_fit *bg = kith_clv_bgnbd(c);
    rep_table *t = kith__rep_table(rep, s, "clv_parameters",
                                   "Model estimates (maximum likelihood)", 3, cols);
    const char *names[] = {"BG/NBD r", "BG/NBD alpha", "BG/NBD a", "BG/NBD b"};
    const double v[] = {bg->p.r, bg->p.alpha, bg->p.a, bg->p.b};
    for (int i = 0; i < 4; i++) {
        if (bg->homogeneous && i == 3)
            continue; /* the limit model has p in place of a and b */
        int r = kith__rep_row(rep, t);
        int lim = bg->homogeneous && i == 2;
        kith__rep_set_text(rep, t, r, 0, lim ? "BG/NBD p (a, b -> infinity)" : names[i]);
        kith__rep_set_real(t, r, 1, lim ? bg->p.p : v[i]);
        if (bg->has_se)
            kith__rep_set_real(t, r, 2, bg->se[i]);
        else
            kith__rep_set_na(rep, t, r, 2, bg->se_why);
    }
    char note[160];
    snprintf(note, sizeof note, "log-likelihood: BG/NBD %.2f", bg->log_likelihood);
    const kith_gg_fit *gg = kith_clv_gg(c);
    if (!gg) {
        kith__rep_table_note(rep, t, note);
        return;
    }
    snprintf(note + strlen(note), sizeof note - strlen(note), ", Gamma-Gamma %.2f",
             gg->log_likelihood);
    kith__rep_table_note(rep, t, note);
    const char *gn[] = {"Gamma-Gamma p", "Gamma-Gamma q", "Gamma-Gamma gamma"};
    const double gv[] = {gg->p.p, gg->p.q, gg->p.gamma};
    for (int i = 0; i < 3; i++) {
        int r = kith__rep_row(rep, t);
        kith__rep_set_text(rep, t, r, 0, gn[i]);
        kith__rep_set_real(t, r, 1, gv[i]);
        if (gg->has_se)
            kith__rep_set_real(t, r, 2, gg->se[i]);
        else
            kith__rep_set_na(rep, t, r, 2, gg->se_why);
    }
}

static void frequency(kith_report *rep, rep_section *s, const kith_clv *c)
{
    static const char *const cols[] = {"repeat|Repeat purchases|text",
                                       "actual|Customers|count",
                                       "expected|Expected|score"};
    rep_table *t = kith__rep_table(
        rep, s, "clv_frequency",
        "Customers by repeat purchases in calibration: actual vs BG/NBD", 3, cols);
    const kith_clv_freq *f = kith_clv_frequency(c);
    for (int k = 0; k < KITH_CLV_FREQ_BINS; k++) {
        char label[16];
        snprintf(label, sizeof label, k == KITH_CLV_FREQ_BINS - 1 ? "%d+" : "%d", k);
        int r = kith__rep_row(rep, t);
        kith__rep_set_text(rep, t, r, 0, label);
        kith__rep_set_int(t, r, 1, f->actual[k]);
        kith__rep_set_real(t, r, 2, f->expected[k]);
    }
}

static void top(kith_report *rep, rep_section *s, const kith_clv *c)
{
    static const char *const cols[] = {"member_id|Member|count",
                                       "name|Name|text",
                                       "x|Repeat purch.|count",
                                       "p_alive|P(alive)|ratio",
                                       "expected_purchases|Exp. purch.|score",
                                       "expected_spend|Spend/purch.|money",
                                       "clv|Predicted CLV|money"};
    rep_table *t = kith__rep_table(rep, s, "clv_top", "Highest predicted CLV", 7, cols);
    size_t n = kith_clv_ncustomers(c);
    for (size_t i = 0; i < n && i < 10; i++) {
        const kith_clv_customer *cu = kith_clv_customer_at(c, i);
        int r = kith__rep_row(rep, t);
        kith__rep_set_int(t, r, 0, cu->member_id);
        kith__rep_set_text(rep, t, r, 1, cu->name);
        kith__rep_set_int(t, r, 2, cu->x);
        kith__rep_set_real(t, r, 3, cu->p_alive);
        kith__rep_set_real(t, r, 4, cu->expected_purchases);
        kith__rep_set_value(rep, t, r, 5, cu->expected_spend);
        kith__rep_set_value(rep, t, r, 6, cu->clv);
    }
}

void kith__rep_clv_values_free(rep_clv_values *v)
{
    free(v->member_id);
    free(v->clv);
    memset(v, 0, sizeof *v);
}

/* Each customer's predicted CLV for the churn section (none, with why,
 * without Gamma-Gamma). */
static void values(kith_report *rep, const kith_clv *c, rep_clv_values *v)
{
    size_t n = kith_clv_ncustomers(c);
    if (!kith_clv_gg(c)) {
        snprintf(v->why, sizeof v->why, "no predicted CLV: %.200s", kith_clv_gg_why(c));
        return;
    }
    v->member_id = malloc((n ? n : 1) * sizeof *v->member_id);
    v->clv = malloc((n ? n : 1) * sizeof *v->clv);
    if (!v->member_id || !v->clv) {
        rep->oom = 1;
        kith__rep_clv_values_free(v);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const kith_clv_customer *cu = kith_clv_customer_at(c, i);
        v->member_id[i] = cu->member_id;
        v->clv[i] = cu->clv.ok ? cu->clv.v : NAN;
        if (!cu->clv.ok && !v->left_out++)
            snprintf(v->left_why, sizeof v->left_why, "%s", cu->clv.why);
    }
    v->n = n;
    if (v->left_out == (int64_t)n)
        snprintf(v->why, sizeof v->why, "no customer has a predicted CLV: %.150s",
                 v->left_why);
}

void kith__rep_build_clv(kith_report *rep, const kith_metrics *m, rep_clv_values *v)
{
    memset(v, 0, sizeof *v);
    snprintf(v->why, sizeof v->why, "CLV models not fitted");
    rep_section *s = kith__rep_section(rep, "clv", "Predicted lifetime value");
    kith_org org;
    memset(&org, 0, sizeof org);
    snprintf(org.timezone, sizeof org.timezone, "%s", rep->tz);
    snprintf(org.currency, sizeof org.currency, "%s", rep->currency);
    kith_clv *c = NULL;
    kith_error err;
    kith_error_clear(&err);
    kith_clv_dist d;
    if (kith_clv_open_metrics(m, &org, NULL, &c, &err) != KITH_OK) {
        if (err.code == KITH_ENOMEM) {
            rep->oom = 1;
            return;
        }
        char note[1100];
        snprintf(note, sizeof note, "models not fitted: %s", err.msg);
        snprintf(v->why, sizeof v->why, "CLV models not fitted: %.150s", err.msg);
        kith__rep_section_note(rep, s, note);
        d.mean = d.median = d.total = d.p95 = d.p80 = d.p_alive_mean =
            kith_value_na("%.150s", err.msg);
    } else {
        char note[600];
        snprintf(
            note, sizeof note,
            "BG/NBD (Fader, Hardie & Lee 2005) and Gamma-Gamma (Fader & Hardie "
            "2013), calibration to %s, horizon %g weeks, margin %g, discount %g%%/year "
            "(docs/models.md)",
            kith_clv_calibration_date(c), kith_clv_horizon(c), kith_clv_margin(c),
            kith_clv_discount_rate(c) * 100);
        kith__rep_section_note(rep, s, note);
        d = kith_clv_distribution(c);
    }
    kith__rep_metric(rep, s, "predicted_clv_total", "Predicted CLV, all customers",
                     RU_MONEY, d.total);
    kith__rep_metric(rep, s, "predicted_clv_mean", "Predicted CLV, mean", RU_MONEY,
                     d.mean);
    kith__rep_metric(rep, s, "predicted_clv_median", "Predicted CLV, median", RU_MONEY,
                     d.median);
    kith__rep_metric(rep, s, "predicted_clv_p95", "Predicted CLV, 95th percentile",
                     RU_MONEY, d.p95);
    kith__rep_metric(rep, s, "p_alive_mean", "Mean P(alive)", RU_RATIO, d.p_alive_mean);
    if (!c)
        return;
    kith__rep_metric(
        rep, s, "new_customer_purchases", "New customer: expected purchases", RU_SCORE,
        kith_value_of(kith_clv_new_customer_purchases(c), kith_clv_bgnbd(c)->n));
    params(rep, s, c);
    frequency(rep, s, c);
    top(rep, s, c);
    values(rep, c, v);
    kith_clv_close(c);
}
