/* The rates import format (docs/import.md, "rates"): exchange rates to the
 * org's currency, one per date and currency, as CSV or JSON Lines on the
 * generic reader. A rate is in force from its date until the currency's
 * next rate. Rows for a (currency, date) already stored with the same rate
 * are already there; with another rate from an earlier file, the new one
 * replaces it (counted in the summary); two different rates for the same
 * currency and date in one file are a bad row (which one was meant?). */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/norm.h"
#include "ingest/generic.h"

enum { R_DATE, R_CURRENCY, R_RATE, R_TO, R__N };

static const gfield rate_fields[R__N] = {
    {"date", "day|valid_from|effective|effective_date", 1},
    {"currency", "currency_code|code|from_currency", 1},
    {"rate", "exchange_rate|fx_rate", 1},
    {"to", "to_currency|base|base_currency", 0},
};

#define MAX_RATE 1e12

/* A rate: a plain decimal number > 0 (no thousands separators and no
 * decimal comma: in a rate "0,685" is ambiguous). */
static kith_code parse_rate(kith_importer *imp, const char *col, const char *raw,
                            double *out)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s", raw);
    kith__trim(buf);
    if (strchr(buf, ','))
        return kith__imp_bad(imp, col,
                             "'%.40s': write a rate with a decimal point and no "
                             "thousands separator, e.g. 0.685",
                             raw);
    char *end = NULL;
    errno = 0;
    double v = strtod(buf, &end);
    if (!buf[0] || end == buf || *end || errno == ERANGE || !isfinite(v))
        return kith__imp_bad(imp, col, "'%.40s' is not a number", raw);
    if (v <= 0)
        return kith__imp_bad(imp, col,
                             "'%.40s': a rate must be more than 0 (the value of one unit "
                             "of the currency in the organisation's currency)",
                             raw);
    if (v > MAX_RATE)
        return kith__imp_bad(imp, col, "'%.40s' is too large for a rate (at most 1e12)",
                             raw);
    *out = v;
    return KITH_OK;
}

static kith_code need(kith_importer *imp, const grec *r, int i)
{
    return r->v[i] ? KITH_OK : kith__imp_bad(imp, r->vcol[i], "a value is required");
}

static kith_code rate_row(kith_importer *imp, const grec *r)
{
    const char *org = imp->orginfo.currency;
    kith_code rc = KITH_OK;
    for (int i = R_DATE; i <= R_RATE && rc == KITH_OK; i++)
        rc = need(imp, r, i);
    char cur[4], to[4];
    if (rc == KITH_OK)
        rc = kith__imp_currency(imp, r->vcol[R_CURRENCY], r->v[R_CURRENCY], cur);
    if (rc == KITH_OK && r->v[R_TO])
        rc = kith__imp_currency(imp, r->vcol[R_TO], r->v[R_TO], to);
    if (rc != KITH_OK)
        return rc;
    if (r->v[R_TO] && strcmp(to, org) != 0)
        return kith__imp_bad(imp, r->vcol[R_TO],
                             "a rate to %s, but the organisation's currency is %s: "
                             "give rates to %s (1 %s = RATE %s)",
                             to, org, org, cur, org);
    double rate = 0;
    int64_t t = 0;
    rc = parse_rate(imp, r->vcol[R_RATE], r->v[R_RATE], &rate);
    if (rc == KITH_OK)
        rc = kith__imp_time(imp, r->vcol[R_DATE], r->v[R_DATE], &t);
    if (rc != KITH_OK)
        return rc;
    if (!strcmp(cur, org)) {
        /* Tables of rates often list the base too: its rate of 1 is known
         * already (counted so), nothing to keep. */
        if (rate != 1)
            return kith__imp_bad(imp, r->vcol[R_RATE],
                                 "%s is the organisation's currency: its rate is 1, "
                                 "not %.40s",
                                 org, r->v[R_RATE]);
        imp->counts.rows_duplicate++;
        return KITH_OK;
    }
    char key[64];
    snprintf(key, sizeof key, "%s\x1f%lld", cur, (long long)t);
    int64_t line = 0;
    int seen = kith__strmap_get(&imp->rate_lines, key, &line);
    double old = 0;
    int64_t old_batch = 0;
    rc = kith__st_fx_get(imp->st, imp->org, org, cur, t, &old, &old_batch, imp->err);
    if (rc != KITH_OK && rc != KITH_ENOTFOUND)
        return rc;
    /* Once a line of this file gave the rate, the store holds that one. */
    if (seen && old != rate)
        return kith__imp_bad(imp, r->vcol[R_RATE],
                             "%s on %.40s has two rates in this file: %.10g (line %lld) "
                             "and %.40s",
                             cur, r->v[R_DATE], old, (long long)line, r->v[R_RATE]);
    int found = rc == KITH_OK;
    if (found && old == rate) {
        imp->counts.rows_duplicate++;
    } else {
        rc = kith__st_fx_put(imp->st, imp->org, org, cur, t, rate, imp->batch, imp->err);
        if (rc != KITH_OK)
            return rc;
        imp->counts.rows_imported++;
        imp->rates_replaced += found;
    }
    if (!seen && kith__strmap_put(&imp->rate_lines, key, imp->line) != KITH_OK)
        return kith_error_set(imp->err, KITH_ENOMEM, "out of memory");
    return KITH_OK;
}

kith_code kith__adapt_rates(kith_importer *imp, const char *path)
{
    if (!imp->orginfo.currency_chosen)
        return kith_error_set_at(
            imp->err, KITH_ESTATE, imp->display, 0,
            "the organisation has no currency yet, and rates convert to it: import "
            "the files with amounts first (the first one sets the currency and says "
            "so), or create the organisation with 'kith init --currency CUR'");
    return kith__gen_run(imp, path, rate_fields, R__N, 0, rate_row);
}
