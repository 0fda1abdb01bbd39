/* The report's growth section: the Bass model (with churn) fitted to the
 * org's monthly new members, its fit quality, and the baseline projection
 * of the next 12 months (members, active, purchases, revenue), drawn as a
 * chart in the HTML page. What-if scenarios are 'kith simulate'. */
#include <stdio.h>
#include <string.h>

#include "core/timeparse.h"
#include "impact/impact_int.h"
#include "report/report_int.h"

void kith__rep_build_scenarios(kith_report *rep, const kith_metrics *m)
{
    kith_simulate_opts o;
    memset(&o, 0, sizeof o);
    kith__sim x;
    kith_error err;
    kith_error_clear(&err);
    rep_section *s = kith__rep_section(rep, "scenarios", "Growth model and projection");
    if (kith__sim_build(m, rep->tz, rep->currency, &o, &x, &err) != KITH_OK) {
        if (err.code == KITH_ENOMEM)
            rep->oom = 1;
        char note[1100];
        snprintf(note, sizeof note, "no projection: %s", err.msg);
        kith__rep_section_note(rep, s, note);
        kith__sim_free(&x);
        return;
    }
    char note[1200];
    snprintf(
        note, sizeof note,
        "Bass diffusion with churn fitted to %d months of new members; rates %s%s%s; "
        "what-if scenarios: kith simulate (docs/impact.md)",
        x.fit.months, x.rates_note, x.fit.note[0] ? "; " : "", x.fit.note);
    kith__rep_section_note(rep, s, note);
    int64_t n = x.fit.months;
    kith__rep_metric(rep, s, "bass_p", "Innovation p (a month)", RU_NONE,
                     kith_value_of(x.b.p, n));
    kith__rep_metric(rep, s, "bass_q", "Imitation q, word of mouth (a month)", RU_NONE,
                     kith_value_of(x.b.q, n));
    kith__rep_metric(rep, s, "bass_market", "Market size m", RU_COUNT,
                     x.fit.m_identified
                         ? kith_value_of(x.b.m, n)
                         : kith_value_na("not identified: new members have not peaked "
                                         "yet (kith simulate --market M)"));
    kith__rep_metric(rep, s, "member_churn", "Member churn (a month)", RU_RATIO,
                     kith_value_of(x.b.churn, n));
    kith__rep_metric(rep, s, "bass_r2", "Fit R2 of monthly new members", RU_NONE,
                     kith_value_of(x.fit.r2, n));
    const kith__sim_run *b = &x.runs[0];
    static const char *const cols[] = {
        "month|Month|text",    "new|New members|count",     "members|Members|count",
        "active|Active|count", "purchases|Purchases|count", "revenue|Revenue|money"};
    rep_table *t =
        kith__rep_table(rep, s, "projection", "Baseline projection by month", 6, cols);
    for (int k = 1; k <= x.horizon; k++) {
        const kith__sim_month *mo = &b->months[k - 1];
        char label[32];
        int y;
        unsigned mm, d;
        kith__time_local_civil(x.start, rep->tz, &y, &mm, &d);
        int m0 = (int)mm - 1 + k - 1;
        snprintf(label, sizeof label, "%04d-%02d", (y + m0 / 12) % 10000, m0 % 12 + 1);
        int r = kith__rep_row(rep, t);
        kith__rep_set_text(rep, t, r, 0, label);
        kith__rep_set_real(t, r, 1, mo->adopters);
        kith__rep_set_real(t, r, 2, mo->members);
        if (x.has_rates) {
            kith__rep_set_real(t, r, 3, mo->active);
            kith__rep_set_real(t, r, 4, mo->purchases);
            kith__rep_set_real(t, r, 5, mo->revenue);
        } else {
            for (int c = 3; c <= 5; c++)
                kith__rep_set_na(rep, t, r, c, "no purchase rate measured");
        }
    }
    kith_buf sv;
    kith__buf_init(&sv, 0);
    if (kith__sim_svg(&x, &sv) == KITH_OK)
        kith__rep_section_svg(rep, s, kith__buf_str(&sv));
    else
        rep->oom = 1;
    kith__buf_free(&sv);
    kith__sim_free(&x);
}
