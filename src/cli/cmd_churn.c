/* kith churn: customers at risk of not buying again, with the reasons and
 * the model's evaluation (docs/models.md). The JSON form is the library's
 * kith_churn_render_json. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/output.h"

#define DEFAULT_TOP 20

static void help(FILE *f)
{
    fprintf(f,
            "usage: kith churn [--as-of DATE] [--horizon 90d] [--top N]\n"
            "                  [--include-team] [--export-features FILE]\n"
            "                  [--format table|json|csv]\n"
            "\n"
            "Churn risk of every current customer (a purchase within churn_window\n"
            "days): the probability of no purchase in the next --horizon (default\n"
            "churn_horizon_days, 90d), from a logistic regression (liblinear, L2) on\n"
            "recency, frequency, spend, tenure, engagement score and level, events,\n"
            "referrals, the sentiment of their texts, the community-engaged flag and\n"
            "P(alive), standardised; C chosen on earlier dates. Shows the --top %d\n"
            "(0 = all) with the reasons in words, the coefficients, and a time-based\n"
            "evaluation: trained with features at as_of - 2 horizons, tested at\n"
            "as_of - horizon against what happened by as_of: AUC with its 95%%\n"
            "interval, calibration by decile, and the AUC of recency alone and of\n"
            "P(alive) alone. --export-features FILE writes the training, test and\n"
            "scoring rows as CSV.\n",
            DEFAULT_TOP);
}

static void print_table(const kith_org *org, const kith_churn *c, size_t top)
{
    double ci[2];
    double auc = kith_churn_auc(c, ci);
    char d[32];
    time_t tt = (time_t)kith_churn_as_of(c);
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(d, sizeof d, "%Y-%m-%d %H:%M UTC", &tm);
    printf("Churn risk: %s, as of %s, horizon %g days (C = %g)\n\n", org->name, d,
           kith_churn_horizon(c), kith_churn_c(c));
    printf("Evaluation (features one horizon before as of, against what happened):\n");
    printf("  AUC %.3f (95%% CI %.3f-%.3f); recency alone %.3f", auc, ci[0], ci[1],
           kith_churn_baseline_auc(c, KITH_CF_RECENCY));
    double pa = kith_churn_baseline_auc(c, KITH_CF_P_ALIVE);
    if (isfinite(pa))
        printf(", P(alive) alone %.3f", pa);
    printf("\n  calibration by risk decile (predicted / observed churn):\n   ");
    int nd;
    const kith_churn_decile *dec = kith_churn_calibration(c, &nd);
    for (int g = 0; g < nd; g++)
        printf(" %.2f/%.2f", dec[g].mean_risk, dec[g].observed);
    printf("\n\nCoefficients (standardised features; > 0 raises the risk)\n");
    for (int j = 0; j < KITH_CF__N; j++)
        if (kith_churn_used(c, j))
            printf("  %-20s %+8.4f\n", kith_churn_feature_name(j), kith_churn_coef(c, j));
    printf("  %-20s %+8.4f\n", "intercept", kith_churn_intercept(c));
    for (size_t i = 0; kith_churn_note(c, i); i++)
        printf("  note: %s\n", kith_churn_note(c, i));
    size_t n = kith_churn_ncustomers(c);
    if (top == 0 || top > n)
        top = n;
    printf("\nHighest risk of %zu current customers\n", n);
    printf("%4s %8s  %-24s %6s  %s\n", "#", "member", "name", "risk", "reasons");
    for (size_t i = 0; i < top; i++) {
        const kith_churn_customer *cu = kith_churn_customer_at(c, i);
        printf("%4zu %8" PRId64 "  %-24.24s %5.1f%%  ", i + 1, cu->member_id,
               cu->name[0] ? cu->name : "-", cu->risk * 100);
        for (int r = 0; r < cu->nreasons; r++)
            printf("%s%s", r ? "; " : "", cu->reasons[r]);
        printf("\n");
    }
}

static void print_csv(const kith_churn *c, size_t top)
{
    cli_csv_header("rank,id,name,risk,reason_1,reason_2,reason_3");
    size_t n = kith_churn_ncustomers(c);
    if (top == 0 || top > n)
        top = n;
    for (size_t i = 0; i < top; i++) {
        const kith_churn_customer *cu = kith_churn_customer_at(c, i);
        cli_csv_int((int64_t)i + 1, ',');
        cli_csv_int(cu->member_id, ',');
        cli_csv_text(cu->name, ',');
        cli_csv_real(cu->risk, ',');
        for (int r = 0; r < KITH_CHURN_REASONS; r++)
            cli_csv_text(r < cu->nreasons ? cu->reasons[r] : "",
                         r + 1 < KITH_CHURN_REASONS ? ',' : '\n');
    }
}

int cmd_churn(cli_global *g, int argc, char **argv)
{
    cli_model_args a;
    memset(&a, 0, sizeof a);
    a.top = DEFAULT_TOP;
    cli_out_fmt fmt;
    kith_store *st = NULL;
    kith_org org;
    int rc = cli_model_begin(g, "churn", "ae", argc, argv, help, &a, &fmt, &st, &org);
    if (rc)
        return rc < 0 ? 0 : rc;
    kith_churn_opts o;
    memset(&o, 0, sizeof o);
    o.include_team = a.include_team;
    o.lexicon = getenv("KITH_VADER_LEXICON");
    if (a.has_horizon) {
        o.has_horizon = 1;
        o.horizon_days = a.horizon_days;
    }
    kith_error err;
    kith_error_clear(&err);
    if (a.as_of) {
        if (kith_report_parse_time_tz("--as-of", a.as_of, org.timezone, &o.as_of, &err) !=
            KITH_OK) {
            kith_store_close(st);
            return cli_usage("churn", "%s", err.msg);
        }
        o.has_as_of = 1;
    }
    kith_churn *c = NULL;
    kith_code kc = kith_churn_open(st, org.id, &o, &c, &err);
    if (kc == KITH_OK && a.export)
        kc = kith_churn_export(c, a.export, &err);
    if (kc != KITH_OK) {
        rc = cli_fail(&err);
    } else if (fmt == CLI_OUT_JSON) {
        char *text = NULL;
        kc = kith_churn_render_json(c, a.top, &text, &err);
        rc = cli_model_emit(kc, text, &err);
    } else if (fmt == CLI_OUT_CSV) {
        print_csv(c, a.top);
    } else {
        print_table(&org, c, a.top);
    }
    kith_churn_close(c);
    return cli_model_end(rc, st);
}
