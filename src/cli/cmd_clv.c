/* kith clv: predicted customer lifetime value (BG/NBD + Gamma-Gamma,
 * docs/models.md). The JSON form is the library's kith_clv_render_json. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/output.h"

#define DEFAULT_TOP 20

static void help(FILE *f)
{
    fprintf(f,
            "usage: kith clv [--calibration-end DATE] [--horizon 52w]\n"
            "                [--cohort-from DATE] [--cohort-to DATE] [--top N]\n"
            "                [--include-team] [--format table|json|csv]\n"
            "\n"
            "Predicted customer lifetime value. The BG/NBD model (Fader, Hardie &\n"
            "Lee 2005) is fitted to every customer's purchase days up to the end\n"
            "of the calibration period (DATE inclusive; default the latest day with\n"
            "data), the Gamma-Gamma model (Fader & Hardie 2013) to the amounts of\n"
            "their repeat purchases. Shows the estimates with standard errors and\n"
            "the log-likelihood, repeat purchases by frequency (actual vs\n"
            "expected), the distribution of the predicted CLV and the --top %d\n"
            "customers by it (0 = all).\n"
            "\n"
            "Predicted CLV = expected purchases in the horizon x expected spend per\n"
            "purchase x margin, discounted monthly at discount_rate (kith config).\n"
            "--horizon: a number and d, w, m or y (default clv_horizon_weeks, 52w).\n"
            "--cohort-from/--cohort-to: only customers whose first purchase day is\n"
            "in that range (both inclusive). Dates are days in the org's time zone.\n"
            "Purchases on the same day are one transaction.\n",
            DEFAULT_TOP);
}

/* A value with two decimals, or n/a. */
static const char *na_or(const kith_value *v, char *buf, size_t n)
{
    if (!v->ok)
        return "n/a";
    snprintf(buf, n, "%.2f", v->v);
    return buf;
}

static void print_table(const kith_org *org, const kith_clv *c, size_t top)
{
    const kith_bgnbd_fit *bg = kith_clv_bgnbd(c);
    const kith_gg_fit *gg = kith_clv_gg(c);
    const char *cur = kith_clv_currency(c);
    printf("Lifetime value: %s, calibration to %s (inclusive), horizon %g weeks\n",
           org->name, kith_clv_calibration_date(c), kith_clv_horizon(c));
    printf("%" PRId64 " customers, %" PRId64 " with a repeat purchase\n\n", bg->n,
           bg->repeaters);
    printf("BG/NBD (Fader, Hardie & Lee 2005)   estimate   std. error\n");
    const char *names[] = {"r", "alpha", "a", "b"};
    const double v[] = {bg->p.r, bg->p.alpha, bg->p.a, bg->p.b};
    for (int i = 0; i < 4; i++) {
        if (bg->homogeneous && i >= 2) {
            if (i == 2 && bg->has_se)
                printf("  %-33s %9.4f   %9.4f\n", "p (a, b -> infinity)", bg->p.p,
                       bg->se[2]);
            else if (i == 2)
                printf("  %-33s %9.4f   n/a\n", "p (a, b -> infinity)", bg->p.p);
            continue;
        }
        if (bg->has_se)
            printf("  %-33s %9.4f   %9.4f\n", names[i], v[i], bg->se[i]);
        else
            printf("  %-33s %9.4f   n/a\n", names[i], v[i]);
    }
    if (bg->homogeneous)
        printf("  (every customer drops out with the same probability p after a "
               "purchase:\n   the likelihood's maximum is the limit a, b -> infinity)\n");
    printf("  %-33s %9.2f\n", "log-likelihood", bg->log_likelihood);
    if (!bg->has_se)
        printf("  standard errors n/a: %s\n", bg->se_why);
    if (gg) {
        printf("\nGamma-Gamma (Fader & Hardie 2013)   estimate   std. error\n");
        const char *gn[] = {"p", "q", "gamma"};
        const double gv[] = {gg->p.p, gg->p.q, gg->p.gamma};
        for (int i = 0; i < 3; i++) {
            if (gg->has_se)
                printf("  %-33s %9.4f   %9.4f\n", gn[i], gv[i], gg->se[i]);
            else
                printf("  %-33s %9.4f   n/a\n", gn[i], gv[i]);
        }
        printf("  fitted on %" PRId64 " repeat buyers; mean spend per purchase %.2f %s\n",
               gg->n, kith_gg_expected_spend(&gg->p, 0, 0), cur);
    } else {
        printf("\nGamma-Gamma not fitted: %s\n", kith_clv_gg_why(c));
    }
    printf("\nA new customer: %.4f expected purchases in %g weeks\n",
           kith_clv_new_customer_purchases(c), kith_clv_horizon(c));
    kith_clv_dist dist = kith_clv_distribution(c);
    char b1[32], b2[32], b3[32], b4[32], b5[32];
    printf("\nPredicted CLV (%s, margin %g, discount %g%%/year): total %s, mean %s, "
           "median %s, p80 %s, p95 %s\n",
           cur, kith_clv_margin(c), kith_clv_discount_rate(c) * 100,
           na_or(&dist.total, b1, sizeof b1), na_or(&dist.mean, b2, sizeof b2),
           na_or(&dist.median, b3, sizeof b3), na_or(&dist.p80, b4, sizeof b4),
           na_or(&dist.p95, b5, sizeof b5));
    if (dist.total.note[0])
        printf("  %s\n", dist.total.note);
    printf("Mean P(alive): %.3f\n", dist.p_alive_mean.v);
    const kith_clv_freq *f = kith_clv_frequency(c);
    printf("\nCustomers by repeat purchases in calibration (the paper's figure)\n");
    printf("  %-10s", "repeat");
    for (int k = 0; k < KITH_CLV_FREQ_BINS; k++)
        printf(k == KITH_CLV_FREQ_BINS - 1 ? " %7d+" : " %8d", k);
    printf("\n  %-10s", "actual");
    for (int k = 0; k < KITH_CLV_FREQ_BINS; k++)
        printf(" %8" PRId64, f->actual[k]);
    printf("\n  %-10s", "expected");
    for (int k = 0; k < KITH_CLV_FREQ_BINS; k++)
        printf(" %8.1f", f->expected[k]);
    size_t n = kith_clv_ncustomers(c);
    if (top == 0 || top > n)
        top = n;
    printf("\n\nTop %zu customers by predicted CLV\n", top);
    printf("%4s %8s  %-24s %5s %7s %7s %7s %8s %9s %10s\n", "#", "member", "name", "x",
           "t_x", "T", "P(alive)", "E[purch]", "spend", "CLV");
    for (size_t i = 0; i < top; i++) {
        const kith_clv_customer *cu = kith_clv_customer_at(c, i);
        printf("%4zu %8" PRId64 "  %-24.24s %5d %7.2f %7.2f %7.3f %8.2f %9s %10s\n",
               i + 1, cu->member_id, cu->name[0] ? cu->name : "-", (int)cu->x, cu->t_x,
               cu->T, cu->p_alive, cu->expected_purchases,
               na_or(&cu->expected_spend, b1, sizeof b1), na_or(&cu->clv, b2, sizeof b2));
    }
}

static void print_csv(const kith_clv *c, size_t top)
{
    cli_csv_header("rank,id,name,x,t_x,T,p_alive,expected_purchases,expected_spend,clv");
    size_t n = kith_clv_ncustomers(c);
    if (top == 0 || top > n)
        top = n;
    for (size_t i = 0; i < top; i++) {
        const kith_clv_customer *cu = kith_clv_customer_at(c, i);
        cli_csv_int((int64_t)i + 1, ',');
        cli_csv_int(cu->member_id, ',');
        cli_csv_text(cu->name, ',');
        cli_csv_int(cu->x, ',');
        cli_csv_real(cu->t_x, ',');
        cli_csv_real(cu->T, ',');
        cli_csv_real(cu->p_alive, ',');
        cli_csv_real(cu->expected_purchases, ',');
        cli_csv_value(&cu->expected_spend, ',');
        cli_csv_value(&cu->clv, '\n');
    }
}

static int parse_day(const char *flag, const char *s, const kith_org *org, int64_t *out)
{
    kith_error err;
    kith_error_clear(&err);
    if (kith_report_parse_time_tz(flag, s, org->timezone, out, &err) != KITH_OK)
        return cli_usage("clv", "%s", err.msg);
    return 0;
}

int cmd_clv(cli_global *g, int argc, char **argv)
{
    cli_model_args a;
    memset(&a, 0, sizeof a);
    a.top = DEFAULT_TOP;
    cli_out_fmt fmt;
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_model_begin(g, "clv", "cft", argc, argv, help, &a, &fmt, &st, &org);
    if (rc)
        return rc < 0 ? 0 : rc;
    kith_clv_opts o;
    memset(&o, 0, sizeof o);
    o.include_team = a.include_team;
    if (a.has_horizon) {
        o.has_horizon = 1;
        o.horizon_weeks = a.horizon_days / 7;
    }
    if (a.cal && !(rc = parse_day("--calibration-end", a.cal, &org, &o.calibration_end)))
        o.has_calibration_end = 1;
    if (!rc && a.from && !(rc = parse_day("--cohort-from", a.from, &org, &o.cohort_from)))
        o.has_cohort_from = 1;
    if (!rc && a.to && !(rc = parse_day("--cohort-to", a.to, &org, &o.cohort_to)))
        o.has_cohort_to = 1;
    if (rc) {
        kith_store_close(st);
        return rc;
    }
    kith_error err;
    kith_error_clear(&err);
    kith_clv *c = NULL;
    if (kith_clv_open(st, org.id, &o, &c, &err) != KITH_OK) {
        rc = cli_fail(&err);
    } else if (fmt == CLI_OUT_JSON) {
        char *text = NULL;
        kith_code kc = kith_clv_render_json(c, a.top, &text, &err);
        rc = cli_model_emit(kc, text, &err);
    } else if (fmt == CLI_OUT_CSV) {
        print_csv(c, a.top);
    } else {
        print_table(&org, c, a.top);
    }
    kith_clv_close(c);
    return cli_model_end(rc, st);
}
