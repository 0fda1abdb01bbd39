/* The report's currencies section (METRICS.md "Money"): which amounts are
 * in other currencies than the org's, how many were converted with the
 * user's rates and which rates, how many were left out and why. Each money
 * figure says in its own note what it left out; this section is the
 * inventory behind those notes. It appears only when the org has amounts
 * in another currency or has rates. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeparse.h"
#include "report/report_int.h"

#define MAX_RATE_ROWS 40

static void local_date(const kith_report *rep, int64_t t, char *out, size_t n)
{
    int y;
    unsigned mo, d;
    kith__time_local_civil(t, rep->tz, &y, &mo, &d);
    snprintf(out, n, "%04d-%02u-%02u", y % 10000, mo % 13u, d % 32u);
}

static void rates_table(kith_report *rep, rep_section *s, const kith_metrics *m,
                        kith_window w)
{
    static const char *const cols[] = {"currency|Currency|text",
                                       "from|In force from|text", "rate|Rate|rate",
                                       "amounts|Amounts|count"};
    rep_table *t = kith__rep_table(rep, s, "rates_used", "Exchange rates used", 4, cols);
    kith_rate_use *r = NULL;
    size_t n = 0;
    kith_error err;
    kith_error_clear(&err);
    if (kith_metric_rates_used(m, w, &r, &n, &err) != KITH_OK) {
        rep->oom = 1;
        return;
    }
    for (size_t i = 0; i < n && i < MAX_RATE_ROWS; i++) {
        int row = kith__rep_row(rep, t);
        char day[16];
        local_date(rep, r[i].from, day, sizeof day);
        kith__rep_set_text(rep, t, row, 0, r[i].currency);
        kith__rep_set_text(rep, t, row, 1, day);
        kith__rep_set_real(t, row, 2, r[i].rate);
        kith__rep_set_int(t, row, 3, r[i].amounts);
    }
    char note[160];
    if (n > MAX_RATE_ROWS) {
        snprintf(note, sizeof note,
                 "%zu more rates used, not shown (the currencies table gives each "
                 "currency's range)",
                 n - MAX_RATE_ROWS);
        kith__rep_table_note(rep, t, note);
    } else if (!n) {
        kith__rep_table_note(rep, t, "no amount was converted");
    }
    free(r);
}

void kith__rep_build_money(kith_report *rep, const kith_metrics *m)
{
    kith_window w = {INT64_MIN, rep->to};
    kith_currency_use *u = NULL;
    size_t n = 0;
    kith_error err;
    kith_error_clear(&err);
    if (kith_metric_currencies(m, w, &u, &n, &err) != KITH_OK) {
        rep->oom = 1;
        return;
    }
    if (!n)
        return;
    rep_section *s =
        kith__rep_section(rep, "currencies", "Currencies and exchange rates");
    char note[400];
    snprintf(note, sizeof note,
             "Money figures are in %s. An amount in another currency is converted with "
             "the rate of `kith import rates` in force on its date, or left out of every "
             "money figure (which says so) when none is; amounts before the end of P.",
             rep->currency);
    kith__rep_section_note(rep, s, note);
    static const char *const cols[] = {
        "currency|Currency|text",     "amounts|Amounts|count",
        "converted|Converted|count",  "value|Converted value|money",
        "left_out|Left out|count",    "reason|Left out because|text",
        "rates|Rates|count",          "rates_used|Rates used|count",
        "first_rate|First rate|text", "last_rate|Last rate|text"};
    rep_table *t = kith__rep_table(
        rep, s, "currencies", "Amounts in other currencies than the org's", 10, cols);
    for (size_t i = 0; i < n; i++) {
        int r = kith__rep_row(rep, t);
        kith__rep_set_text(rep, t, r, 0, u[i].currency);
        kith__rep_set_int(t, r, 1, u[i].amounts);
        kith__rep_set_int(t, r, 2, u[i].converted);
        kith__rep_set_real(t, r, 3, u[i].value);
        kith__rep_set_int(t, r, 4, u[i].left_out);
        kith__rep_set_text(rep, t, r, 5, u[i].reason);
        kith__rep_set_int(t, r, 6, u[i].rates);
        kith__rep_set_int(t, r, 7, u[i].rates_used);
        char day[16];
        if (u[i].rates) {
            local_date(rep, u[i].first_rate, day, sizeof day);
            kith__rep_set_text(rep, t, r, 8, day);
            local_date(rep, u[i].last_rate, day, sizeof day);
            kith__rep_set_text(rep, t, r, 9, day);
        } else {
            kith__rep_set_na(rep, t, r, 8, "no rate");
            kith__rep_set_na(rep, t, r, 9, "no rate");
        }
    }
    free(u);
    rates_table(rep, s, m, w);
}
