/* Money while importing (docs/import.md, "Money and currencies"): currency
 * codes are checked and upper-cased, the amounts an import adds are
 * counted by currency (with those no rate covers), and an org created
 * without a currency takes the one of its first import with amounts. The
 * summary says what the import added in other currencies and what to do. */
#include <stdio.h>
#include <string.h>

#include "core/norm.h"
#include "core/timeparse.h"
#include "ingest/ingest_int.h"

static int money_type(const char *type)
{
    return !strcmp(type, "purchase") || !strcmp(type, "refund") ||
           !strcmp(type, "donation") || !strcmp(type, "supply");
}

kith_code kith__imp_currency(kith_importer *imp, const char *col, const char *raw,
                             char out[4])
{
    if (kith__norm_currency(raw, out) < 0)
        return kith__imp_bad(imp, col,
                             "'%.40s' is not a currency code: give the three letters of "
                             "ISO 4217, e.g. EUR, GBP, CAD",
                             raw);
    return KITH_OK;
}

/* A currency other than the org's (known only once it is chosen). */
static int foreign(const kith_importer *imp, const char *code)
{
    return *code && strcmp(code, imp->orginfo.currency) != 0;
}

static kith_code slot(kith_importer *imp, const char *code, kith__imp_money **out)
{
    for (int i = 0; i < imp->nmoney; i++)
        if (!strcmp(imp->money[i].code, code)) {
            *out = &imp->money[i];
            return KITH_OK;
        }
    if (imp->nmoney == KITH_IMP_MONEY_MAX) {
        /* Further currencies share the last slot: counted, not named. */
        *out = &imp->money[KITH_IMP_MONEY_MAX - 1];
        snprintf((*out)->code, sizeof(*out)->code, "%s", "*");
        return KITH_OK;
    }
    kith__imp_money *m = &imp->money[imp->nmoney++];
    memset(m, 0, sizeof *m);
    snprintf(m->code, sizeof m->code, "%s", code);
    *out = m;
    if (!imp->orginfo.currency_chosen || !foreign(imp, code))
        return KITH_OK;
    /* A rate stays in force until the next one: only the first matters
     * to tell which amounts no rate covers. */
    m->looked_up = 1;
    kith_code rc = kith__st_fx_first(imp->st, imp->org, imp->orginfo.currency, code,
                                     &m->first_rate, imp->err);
    if (rc == KITH_OK)
        m->has_rate = 1;
    return rc == KITH_ENOTFOUND ? KITH_OK : rc;
}

kith_code kith__imp_money_add(kith_importer *imp, const kith_activity_rec *rec)
{
    if (!rec->has_value || !money_type(rec->type))
        return KITH_OK;
    kith__imp_money *m = NULL;
    kith_code rc = slot(imp, rec->currency ? rec->currency : "", &m);
    if (rc != KITH_OK)
        return rc;
    m->n++;
    if (m->looked_up && (!m->has_rate || rec->occurred_at < m->first_rate))
        m->left_out++;
    return KITH_OK;
}

kith_code kith__imp_money_finish(kith_importer *imp)
{
    int64_t total = 0;
    int best = -1;
    for (int i = 0; i < imp->nmoney; i++) {
        total += imp->money[i].n;
        const char *c = imp->money[i].code;
        if (*c && strcmp(c, "*") && (best < 0 || imp->money[i].n > imp->money[best].n))
            best = i;
    }
    if (imp->orginfo.currency_chosen || !total)
        return KITH_OK;
    /* The org's first amounts: its currency is the one most of them name,
     * else (they name none) the default it was created with. */
    char code[8];
    snprintf(code, sizeof code, "%s",
             best >= 0 ? imp->money[best].code : imp->orginfo.currency);
    kith_code rc = kith_org_set(imp->st, imp->org, "currency", code, imp->err);
    if (rc != KITH_OK)
        return rc;
    snprintf(imp->orginfo.currency, sizeof imp->orginfo.currency, "%s", code);
    imp->orginfo.currency_chosen = 1;
    imp->currency_set = 1;
    imp->currency_from_file = best >= 0;
    /* Rates need a chosen currency (kith import rates refuses otherwise):
     * none covers the amounts in the others. */
    for (int i = 0; i < imp->nmoney; i++)
        if (foreign(imp, imp->money[i].code))
            imp->money[i].left_out = imp->money[i].n;
    return KITH_OK;
}

void kith__imp_money_result(const kith_importer *imp, kith_import_result *res)
{
    snprintf(res->currency, sizeof res->currency, "%s", imp->orginfo.currency);
    res->currency_set = imp->currency_set;
    res->currency_from_file = imp->currency_from_file;
    res->rates_replaced = imp->rates_replaced;
    res->nforeign = 0;
    res->foreign_more = 0;
    int done[KITH_IMP_MONEY_MAX] = {0};
    for (int i = 0; i < imp->nmoney; i++)
        res->amounts += imp->money[i].n;
    /* Most amounts first; the shared last slot ("*") is never named. */
    for (;;) {
        int best = -1;
        for (int i = 0; i < imp->nmoney; i++)
            if (!done[i] && foreign(imp, imp->money[i].code) &&
                (best < 0 || imp->money[i].n > imp->money[best].n))
                best = i;
        if (best < 0)
            break;
        done[best] = 1;
        const kith__imp_money *m = &imp->money[best];
        if (!strcmp(m->code, "*") || res->nforeign == KITH_IMPORT_MAX_CURRENCIES) {
            res->foreign_more += m->n;
            continue;
        }
        kith_import_currency *f = &res->foreign[res->nforeign++];
        memset(f, 0, sizeof *f);
        snprintf(f->currency, sizeof f->currency, "%s", m->code);
        f->amounts = m->n;
        f->left_out = m->left_out;
        if (m->has_rate) {
            int y;
            unsigned mo, d;
            kith__time_local_civil(m->first_rate, imp->orginfo.timezone, &y, &mo, &d);
            snprintf(f->first_rate, sizeof f->first_rate, "%04d-%02u-%02u", y % 10000,
                     mo % 13u, d % 32u);
        }
    }
}
