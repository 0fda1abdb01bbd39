/* Money (METRICS.md "Money"): the notes that say beside a money figure
 * which amounts in other currencies it left out (no rate in force) or
 * converted, and the currencies and rates the report lists. The amounts
 * themselves are converted once, when the snapshot is loaded
 * (store/st_dataset.c); a figure only counts what it met. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeparse.h"
#include "metrics/metrics_int.h"

/* ------------------------------------------------------------ tally */

static int money_slot(int type)
{
    switch (type) {
    case KITH_AT_PURCHASE:
        return 0;
    case KITH_AT_REFUND:
        return 1;
    case KITH_AT_DONATION:
        return 2;
    default:
        return 3;
    }
}

static int64_t slot_sum(const int64_t v[4])
{
    return v[0] + v[1] + v[2] + v[3];
}

/* The slot of currency c in t (added when new). */
static int tally_slot(kith__fxtally *t, int32_t c)
{
    for (int i = 0; i < t->ncur; i++)
        if (t->cur[i] == c)
            return i;
    /* Slots past ncur are not read: a new one is cleared here, so that a
     * tally is emptied by setting ncur to 0. */
    if (t->ncur < KITH_FX_TALLY_CUR - 1) {
        int i = t->ncur++;
        t->cur[i] = c;
        memset(t->out[i], 0, sizeof t->out[i]);
        memset(t->conv[i], 0, sizeof t->conv[i]);
        return i;
    }
    /* The last slot gathers every further currency. */
    if (t->ncur < KITH_FX_TALLY_CUR) {
        memset(t->out[KITH_FX_TALLY_CUR - 1], 0, sizeof t->out[0]);
        memset(t->conv[KITH_FX_TALLY_CUR - 1], 0, sizeof t->conv[0]);
    }
    t->ncur = KITH_FX_TALLY_CUR;
    t->cur[KITH_FX_TALLY_CUR - 1] = -1;
    return KITH_FX_TALLY_CUR - 1;
}

void kith__fx_merge(kith__fxtally *dst, const kith__fxtally *src, int out, int conv)
{
    for (int i = 0; i < src->ncur; i++) {
        int64_t o = out ? slot_sum(src->out[i]) : 0;
        int64_t c = conv ? slot_sum(src->conv[i]) : 0;
        if (!o && !c)
            continue;
        int slot = tally_slot(dst, src->cur[i]);
        for (int t = 0; t < 4; t++) {
            dst->out[slot][t] += out ? src->out[i][t] : 0;
            dst->conv[slot][t] += conv ? src->conv[i][t] : 0;
        }
    }
}

/* The entry of activity k: a few steps forward from the tally's last hit
 * (metrics scan members, and each member's activities, in order), else a
 * binary search. O(1) in a forward scan; a binary search per lookup was 7%
 * of a report whose amounts were all in another currency. */
static const kith__fxact *find_fx(const kith__dataset *ds, kith__fxtally *t, int32_t k)
{
    size_t h = t->hint;
    for (int step = 0; step < 8 && h < ds->nfx && ds->fx[h].act <= k; step++, h++)
        if (ds->fx[h].act == k) {
            t->hint = h + 1;
            return &ds->fx[h];
        }
    const kith__fxact *f = kith__ds_fx(ds, k);
    if (f)
        t->hint = (size_t)(f - ds->fx) + 1;
    return f;
}

void kith__fx_count(const kith_metrics *m, kith__fxtally *t, int32_t k)
{
    const kith__act *a = &m->ds.acts[k];
    const kith__fxact *f = find_fx(&m->ds, t, k);
    if (!f || !kith__at_is_money(a->type))
        return;
    int slot = tally_slot(t, f->cur);
    if (a->fx == KITH_FX_LEFT_OUT)
        t->out[slot][money_slot(a->type)]++;
    else
        t->conv[slot][money_slot(a->type)]++;
}

int kith__fx_any_out(const kith__fxtally *t)
{
    for (int i = 0; i < t->ncur; i++)
        if (slot_sum(t->out[i]))
            return 1;
    return 0;
}

/* ------------------------------------------------------------ notes */

typedef struct sbuf {
    char *p;
    size_t n, len;
} sbuf;

static void put(sbuf *b, const char *fmt, ...) KITH_PRINTF(2, 3);
static void put(sbuf *b, const char *fmt, ...)
{
    if (b->len >= b->n)
        return;
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(b->p + b->len, b->n - b->len, fmt, ap);
    va_end(ap);
    if (w > 0)
        b->len = b->len + (size_t)w < b->n ? b->len + (size_t)w : b->n - 1;
}

static const char *cur_name(const kith_metrics *m, int32_t c)
{
    return c >= 0 ? m->ds.currencies[c].code : "other currencies";
}

/* "12 purchases and 2 refunds": the non-zero counts of v. */
static void counts(sbuf *b, const int64_t v[4])
{
    static const char *const one[4] = {"purchase", "refund", "donation",
                                       "supplier payment"};
    static const char *const many[4] = {"purchases", "refunds", "donations",
                                        "supplier payments"};
    int k = 0, total = 0;
    for (int i = 0; i < 4; i++)
        total += v[i] != 0;
    for (int i = 0; i < 4; i++) {
        if (!v[i])
            continue;
        put(b, "%s%lld %s",
            k == 0           ? ""
            : k == total - 1 ? " and "
                             : ", ",
            (long long)v[i], v[i] == 1 ? one[i] : many[i]);
        k++;
    }
}

/* "12 purchases in CAD and 3 refunds in ZAR": the slots of t with counts
 * in field (out or conv). Returns the number of amounts. */
static int64_t amounts(const kith_metrics *m, sbuf *b, const kith__fxtally *t,
                       int left_out)
{
    int total = 0, k = 0;
    int64_t n = 0;
    for (int i = 0; i < t->ncur; i++)
        total += slot_sum(left_out ? t->out[i] : t->conv[i]) != 0;
    for (int i = 0; i < t->ncur; i++) {
        const int64_t *v = left_out ? t->out[i] : t->conv[i];
        if (!slot_sum(v))
            continue;
        put(b, "%s", k == 0 ? "" : k == total - 1 ? " and " : ", ");
        counts(b, v);
        put(b, " in %s", cur_name(m, t->cur[i]));
        n += slot_sum(v);
        k++;
    }
    return n;
}

/* Why the left-out amounts of t are: "no CAD or ZAR rate, before the
 * first USD rate (2024-01-01)". */
static void reasons(const kith_metrics *m, sbuf *b, const kith__fxtally *t)
{
    int none = 0, k = 0;
    for (int i = 0; i < t->ncur; i++)
        none +=
            slot_sum(t->out[i]) && (t->cur[i] < 0 || !m->ds.currencies[t->cur[i]].nrates);
    for (int i = 0; i < t->ncur; i++) {
        if (!slot_sum(t->out[i]) ||
            (t->cur[i] >= 0 && m->ds.currencies[t->cur[i]].nrates))
            continue;
        put(b, "%s%s",
            k == 0          ? "no "
            : k == none - 1 ? " or "
                            : ", ",
            cur_name(m, t->cur[i]));
        k++;
    }
    if (none)
        put(b, " rate");
    for (int i = 0; i < t->ncur; i++) {
        if (!slot_sum(t->out[i]) || t->cur[i] < 0 || !m->ds.currencies[t->cur[i]].nrates)
            continue;
        const kith__currency *c = &m->ds.currencies[t->cur[i]];
        int y;
        unsigned mo, d;
        kith__time_local_civil(m->ds.rates[c->rate0].from, m->ds.tz, &y, &mo, &d);
        put(b, "%sdated before the first %s rate (%04d-%02u-%02u)", k ? ", " : "",
            c->code, y, mo, d);
        k++;
    }
}

int64_t kith__fx_note(const kith_metrics *m, const kith__fxtally *t, int64_t customers,
                      char *out, size_t n)
{
    sbuf b = {out, n, 0};
    out[0] = '\0';
    int64_t left = 0, conv = 0;
    for (int i = 0; i < t->ncur; i++) {
        left += slot_sum(t->out[i]);
        conv += slot_sum(t->conv[i]);
    }
    if (left) {
        if (customers > 0)
            put(&b, "%lld customer%s with ", (long long)customers,
                customers == 1 ? "" : "s");
        amounts(m, &b, t, 1);
        int plural = customers > 1 || (customers <= 0 && left > 1);
        put(&b, " %s not included: ", plural ? "are" : "is");
        reasons(m, &b, t);
        put(&b, "; see `kith import rates`");
    }
    if (conv) {
        put(&b, "%s", left ? "; includes " : "includes ");
        amounts(m, &b, t, 0);
        put(&b, " converted to %s with the imported rates", m->ds.currency);
    }
    return !left ? 0 : customers > 0 ? customers : left;
}

kith_value kith__fx_sum(const kith_metrics *m, const kith__fxtally *t, double sum,
                        int64_t added, const char *what)
{
    kith_value v;
    if (!added && kith__fx_any_out(t))
        v = kith_value_na("no %s in %s or with a rate in force in the period", what,
                          m->ds.currency);
    else
        v = kith_value_of(sum, added);
    v.left_out = kith__fx_note(m, t, 0, v.note, sizeof v.note);
    return v;
}

/* ------------------------------------------------------------ listings */

const char *kith_metrics_currency(const kith_metrics *m)
{
    return m->ds.currency;
}

kith_code kith_metric_currencies(const kith_metrics *m, kith_window w,
                                 kith_currency_use **out, size_t *n, kith_error *err)
{
    const kith__dataset *ds = &m->ds;
    *out = NULL;
    *n = 0;
    if (!ds->ncurrencies)
        return KITH_OK;
    kith_currency_use *r = calloc(ds->ncurrencies, sizeof *r);
    uint8_t *used = calloc(ds->nrates ? ds->nrates : 1, 1);
    if (!r || !used) {
        free(r);
        free(used);
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < ds->nfx; i++) {
        const kith__fxact *f = &ds->fx[i];
        const kith__act *a = &ds->acts[f->act];
        if (a->t < w.from || a->t >= w.to)
            continue;
        kith_currency_use *u = &r[f->cur];
        u->amounts++;
        if (f->rate < 0) {
            u->left_out++;
            continue;
        }
        u->converted++;
        u->recorded += a->value / ds->rates[f->rate].rate;
        u->value += a->value;
        if (!used[f->rate]) {
            used[f->rate] = 1;
            u->rates_used++;
        }
    }
    /* Currencies come in order of first sight; list them by code. */
    size_t k = 0;
    for (size_t c = 0; c < ds->ncurrencies; c++) {
        const kith__currency *cu = &ds->currencies[c];
        if (!r[c].amounts && !cu->nrates)
            continue;
        kith_currency_use u = r[c];
        snprintf(u.currency, sizeof u.currency, "%s", cu->code);
        u.rates = cu->nrates;
        if (cu->nrates) {
            u.first_rate = ds->rates[cu->rate0].from;
            u.last_rate = ds->rates[cu->rate0 + cu->nrates - 1].from;
        }
        if (u.left_out && !cu->nrates) {
            snprintf(u.reason, sizeof u.reason, "no %s rate", cu->code);
        } else if (u.left_out) {
            int y;
            unsigned mo, d;
            kith__time_local_civil(u.first_rate, ds->tz, &y, &mo, &d);
            snprintf(u.reason, sizeof u.reason,
                     "dated before the first %s rate (%04d-%02u-%02u)", cu->code, y, mo,
                     d);
        }
        size_t j = k++;
        while (j > 0 && strcmp(r[j - 1].currency, u.currency) > 0) {
            r[j] = r[j - 1];
            j--;
        }
        r[j] = u;
    }
    free(used);
    if (!k) {
        free(r);
        r = NULL;
    }
    *out = r;
    *n = k;
    return KITH_OK;
}

kith_code kith_metric_rates_used(const kith_metrics *m, kith_window w,
                                 kith_rate_use **out, size_t *n, kith_error *err)
{
    const kith__dataset *ds = &m->ds;
    *out = NULL;
    *n = 0;
    if (!ds->nrates || !ds->nfx)
        return KITH_OK;
    int64_t *uses = calloc(ds->nrates, sizeof *uses);
    if (!uses)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < ds->nfx; i++) {
        const kith__fxact *f = &ds->fx[i];
        const kith__act *a = &ds->acts[f->act];
        if (f->rate >= 0 && a->t >= w.from && a->t < w.to)
            k += uses[f->rate]++ == 0;
    }
    kith_rate_use *r = k ? calloc(k, sizeof *r) : NULL;
    if (k && !r) {
        free(uses);
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    }
    /* The currencies that have rates were indexed first, in code order,
     * when the rates were loaded (ORDER BY currency, valid_from). */
    size_t j = 0;
    for (size_t c = 0; c < ds->ncurrencies; c++) {
        const kith__currency *cu = &ds->currencies[c];
        for (int32_t q = cu->rate0; q < cu->rate0 + cu->nrates && j < k; q++) {
            if (!uses[q])
                continue;
            snprintf(r[j].currency, sizeof r[j].currency, "%s", cu->code);
            r[j].from = ds->rates[q].from;
            r[j].rate = ds->rates[q].rate;
            r[j].amounts = uses[q];
            j++;
        }
    }
    free(uses);
    *out = r;
    *n = j;
    return KITH_OK;
}
