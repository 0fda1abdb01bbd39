/* The churn model's features of every customer at a time (docs/models.md,
 * "Churn risk"): purchase behaviour on local days (same-day purchases one),
 * engagement score and level, events and referrals, the sentiment of
 * their texts, the community-engaged flag, and P(alive) from a BG/NBD fit
 * with the calibration ending the day before (on the same pass's purchase
 * days, as kith clv counts them); and the label. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/churn_int.h"

void kith__churn_snap_free(churn_snap *s)
{
    free(s->member);
    free(s->id);
    free(s->x);
    free(s->label);
    free(s->risk);
    free(s->events_before);
    memset(s, 0, sizeof *s);
}

/* Mean compound of each member's scored texts in [from, to). */
static void sentiment_window(churn_env *env, int64_t from, int64_t to)
{
    const kith_metrics *m = env->m;
    memset(env->sent_sum, 0, m->ds.nmembers * sizeof *env->sent_sum);
    memset(env->sent_n, 0, m->ds.nmembers * sizeof *env->sent_n);
    if (!env->has_texts)
        return;
    for (size_t k = 0; k < m->ntexts; k++) {
        const kith__text *t = &m->texts[k];
        if (t->t < from || t->t >= to || !t->scored || t->member < 0)
            continue;
        env->sent_sum[t->member] += t->compound;
        env->sent_n[t->member]++;
    }
}

static int grow(churn_snap *s, size_t *cap)
{
    size_t nc = *cap ? *cap * 2 : 256;
    int32_t *mm = realloc(s->member, nc * sizeof *mm);
    if (mm)
        s->member = mm;
    double *x = realloc(s->x, nc * KITH_CF__N * sizeof *x);
    if (x)
        s->x = x;
    int8_t *l = realloc(s->label, nc * sizeof *l);
    if (l)
        s->label = l;
    double *e = realloc(s->events_before, nc * sizeof *e);
    if (e)
        s->events_before = e;
    int64_t *id = realloc(s->id, nc * sizeof *id);
    if (id)
        s->id = id;
    if (!mm || !x || !l || !e || !id)
        return -1;
    *cap = nc;
    return 0;
}

kith_code kith__churn_snapshot(churn_env *env, int64_t at, int64_t horizon_end,
                               churn_snap *out, char *why, size_t whylen, kith_error *err)
{
    kith_metrics *m = env->m;
    const kith__dataset *ds = &m->ds;
    memset(out, 0, sizeof *out);
    out->at = at;
    const size_t dat = kith__days_of(&env->days, at);
    const int64_t window_from = at - (int64_t)llround(env->period_days * KITH_DAY);
    sentiment_window(env, window_from, at);
    /* Every customer's (x, t_x, T) with the calibration ending the day
     * before `at`, for BG/NBD (churned customers included); a snapshot
     * row keeps its index there in the P(alive) slot until the fit. */
    size_t nb = 0, nm = ds->nmembers ? ds->nmembers : 1;
    int32_t *bx = malloc(nm * sizeof *bx);
    double *btx = malloc(nm * sizeof *btx), *bT = malloc(nm * sizeof *bT);
    const uint32_t comm = kith__m_community_types();
    size_t cap = 0;
    kith_code rc = KITH_OK;
    if (!bx || !btx || !bT) {
        rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < ds->nmembers; i++) {
        const kith__mem *mm = &ds->members[i];
        if (!kith__m_in(m, i, -1) || m->first_purchase[i] >= at)
            continue;
        int64_t first_day = -1, last_day = -1, prev_day = -1, freq = 0, ndays = 0;
        /* Purchase days before the day of `at` (BG/NBD's calibration). */
        int64_t bfirst = -1, blast = -1, bdays = 0;
        double money = 0, day_sum = 0;
        int day_known = 0, bought_after = 0, engaged = 0;
        double events = 0, events_before = 0, referrals = 0;
        for (int32_t k = mm->first_act; k < mm->first_act + mm->nact; k++) {
            const kith__act *a = &ds->acts[k];
            if (a->t >= at) {
                if (a->type == KITH_AT_PURCHASE && a->t < horizon_end)
                    bought_after = 1;
                continue;
            }
            int in_window = a->t >= window_from;
            if (a->type == KITH_AT_PURCHASE) {
                int64_t day = (int64_t)kith__days_of(&env->days, a->t);
                if (day != prev_day) {
                    if (prev_day >= 0 && day_known) {
                        money += day_sum;
                        ndays++;
                    }
                    day_sum = 0;
                    day_known = 0;
                    freq += in_window;
                    prev_day = day;
                    if (day < (int64_t)dat) {
                        bfirst = bfirst < 0 ? day : bfirst;
                        blast = day;
                        bdays++;
                    }
                }
                if (a->has_value) {
                    day_sum += a->value;
                    day_known = 1;
                }
                if (first_day < 0)
                    first_day = day;
                last_day = day;
            }
            if (a->type == KITH_AT_EVENT_ATTEND || a->type == KITH_AT_WORKSHOP) {
                events += in_window;
                events_before += !in_window;
            }
            if (a->type == KITH_AT_REFERRAL)
                referrals += in_window;
            if (in_window && ((comm >> a->type) & 1u))
                engaged = 1;
        }
        if (prev_day >= 0 && day_known) {
            money += day_sum;
            ndays++;
        }
        if (first_day < 0)
            continue;
        /* An `at` past midnight leaves that day's purchases out of the
         * calibration; a customer with none before it has no row. */
        if (bfirst >= 0) {
            bx[nb] = (int32_t)(bdays - 1);
            btx[nb] = (double)(blast - bfirst) / 7.0;
            bT[nb] = (double)((int64_t)dat - 1 - bfirst) / 7.0;
            nb++;
        }
        /* Customers who have not churned yet (METRICS.md churn_window). */
        if ((double)((int64_t)dat - last_day) > env->churn_window)
            continue;
        if (out->n == cap && grow(out, &cap)) {
            rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
            break;
        }
        double *x = &out->x[out->n * KITH_CF__N];
        x[KITH_CF_RECENCY] = (double)((int64_t)dat - last_day);
        x[KITH_CF_FREQUENCY] = (double)freq;
        x[KITH_CF_MONETARY] = ndays ? money / (double)ndays : 0;
        x[KITH_CF_TENURE] = (double)((int64_t)dat - first_day);
        double love = kith__m_love(m, i, at);
        x[KITH_CF_LOVE] = love;
        x[KITH_CF_LEVEL] = kith_level_of(m, love);
        x[KITH_CF_EVENTS] = events;
        x[KITH_CF_REFERRALS] = referrals;
        x[KITH_CF_SENTIMENT] =
            env->sent_n[i] ? env->sent_sum[i] / (double)env->sent_n[i] : 0;
        x[KITH_CF_ENGAGED] = engaged;
        /* Its BG/NBD row for now, -1 for none. */
        x[KITH_CF_P_ALIVE] = bfirst >= 0 ? (double)(nb - 1) : -1;
        out->member[out->n] = (int32_t)i;
        out->id[out->n] = mm->id;
        out->events_before[out->n] = events_before;
        out->label[out->n] = (int8_t)(horizon_end > at ? (bought_after ? 0 : 1) : -1);
        out->churned += horizon_end > at && !bought_after;
        out->n++;
    }
    if (rc == KITH_OK && env->has_p_alive) {
        kith_bgnbd_fit fit;
        kith_error perr;
        kith_error_clear(&perr);
        kith_code prc = kith_bgnbd_fit_data(bx, btx, bT, nb, &fit, &perr);
        if (prc == KITH_ENOMEM) {
            rc = kith_error_set(err, KITH_ENOMEM, "out of memory");
        } else if (prc != KITH_OK) {
            /* The caller sees has_p_alive drop and notes why. */
            env->has_p_alive = 0;
            snprintf(why, whylen, "%s", perr.msg);
        } else {
            for (size_t r = 0; r < out->n; r++) {
                double *x = &out->x[r * KITH_CF__N];
                if (x[KITH_CF_P_ALIVE] < 0) {
                    x[KITH_CF_P_ALIVE] = 1; /* x = 0: alive with probability 1 */
                    continue;
                }
                size_t b = (size_t)x[KITH_CF_P_ALIVE];
                x[KITH_CF_P_ALIVE] = kith_bgnbd_p_alive(&fit.p, bx[b], btx[b], bT[b]);
            }
        }
    }
    if (!env->has_p_alive)
        for (size_t r = 0; r < out->n; r++)
            out->x[r * KITH_CF__N + KITH_CF_P_ALIVE] = 0;
done:
    free(bx);
    free(btx);
    free(bT);
    return rc;
}
