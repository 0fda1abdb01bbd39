/* Acquisition and revenue (METRICS.md "Acquisition and revenue"):
 * community-acquired customers, customers acquired through events,
 * revenue attributed per initiative with ROI and cost per acquired
 * customer, referral traffic from community channels and local traffic. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics/metrics_int.h"

static int64_t window_secs(const kith_metrics *m)
{
    return (int64_t)llround(m->p.attribution_window * KITH_DAY);
}

/* First purchase within the attribution window after the first community
 * activity, or after a referral naming the member, with no purchase before
 * that touch. */
static int acquired(const kith_metrics *m, size_t i)
{
    int64_t fp = m->first_purchase[i], w = window_secs(m);
    if (fp == KITH_NO_TIME)
        return 0;
    int64_t a = m->first_comm[i], r = m->last_referral_in[i];
    if (a != KITH_NO_TIME && a <= fp && fp - a <= w)
        return 1;
    return r != KITH_NO_TIME && r <= fp && fp - r <= w;
}

static kith_value acquired_in(const kith_metrics *m, kith_window p, int seg, int events)
{
    int64_t fresh = 0, n = 0;
    for (size_t i = 0; i < m->ds.nmembers; i++) {
        int64_t fp = m->first_purchase[i];
        if (!kith__m_in(m, i, seg) || fp < p.from || fp >= p.to)
            continue;
        fresh++;
        if (!acquired(m, i))
            continue;
        if (events && (m->first_comm[i] == KITH_NO_TIME ||
                       (m->first_comm_type[i] != KITH_AT_EVENT_ATTEND &&
                        m->first_comm_type[i] != KITH_AT_WORKSHOP)))
            continue;
        n++;
    }
    if (!m->type_seen[KITH_AT_PURCHASE])
        return kith_value_na("no purchases imported");
    return kith_value_of((double)n, fresh);
}

kith_value kith_metric_community_acquired(const kith_metrics *m, kith_window p, int seg)
{
    return acquired_in(m, p, seg, 0);
}

kith_value kith_metric_event_acquired(const kith_metrics *m, kith_window p, int seg)
{
    return acquired_in(m, p, seg, 1);
}

/* ------------------------------------------------------------ initiatives */

/* The initiative a purchase is attributed to, or -1: its own initiative
 * (code, UTM campaign or explicit link), else the member's most recent
 * initiative touch at or before it when within the window. */
static int32_t attribute(const kith_metrics *m, const kith__act *a, int64_t touch_t,
                         int32_t touch_init)
{
    if (a->initiative >= 0)
        return a->initiative;
    if (touch_init >= 0 && a->t - touch_t <= window_secs(m))
        return touch_init;
    return -1;
}

static void attribute_member(const kith_metrics *m, size_t i, kith_window p,
                             kith_initiative_result *res, kith__fxtally *fx)
{
    const kith__mem *mm = &m->ds.members[i];
    int64_t touch_t = 0;
    int32_t touch_init = -1;
    int first_seen = 0, is_acq = acquired(m, i);
    for (int32_t k = mm->first_act; k < mm->first_act + mm->nact; k++) {
        const kith__act *a = &m->ds.acts[k];
        if (a->t >= m->as_of)
            break;
        if (a->type != KITH_AT_PURCHASE) {
            if (a->type != KITH_AT_REFUND && a->initiative >= 0) {
                touch_t = a->t;
                touch_init = a->initiative;
            }
            continue;
        }
        int32_t in = attribute(m, a, touch_t, touch_init);
        int first = !first_seen;
        first_seen = 1;
        if (in < 0)
            continue;
        res[in].purchases++;
        if (first && is_acq)
            res[in].acquired++;
        if (a->fx != KITH_FX_ORG)
            kith__fx_count(m, &fx[in], k);
        if (a->fx == KITH_FX_LEFT_OUT) {
            res[in].left_out++;
            continue;
        }
        res[in].revenue += a->value;
        if (a->t >= p.from && a->t < p.to)
            res[in].revenue_period += a->value;
    }
}

/* The rows of every initiative with their money tallies (fx: ninits). */
static kith_code attribute_all(const kith_metrics *m, kith_window p,
                               kith_initiative_result **out, kith__fxtally **fx,
                               kith_error *err)
{
    size_t ni = m->ds.ninits;
    kith_initiative_result *res = calloc(ni ? ni : 1, sizeof *res);
    kith__fxtally *t = calloc(ni ? ni : 1, sizeof *t);
    *out = NULL;
    *fx = NULL;
    if (!res || !t) {
        free(res);
        free(t);
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    }
    for (size_t k = 0; k < ni; k++) {
        res[k].id = m->ds.inits[k].id;
        snprintf(res[k].name, sizeof res[k].name, "%s",
                 kith__ds_str(&m->ds, m->ds.inits[k].name));
        res[k].cost = m->ds.inits[k].cost;
    }
    for (size_t i = 0; i < m->ds.nmembers; i++)
        if (kith__m_in(m, i, -1))
            attribute_member(m, i, p, res, t);
    *out = res;
    *fx = t;
    return KITH_OK;
}

kith_code kith_metric_initiatives(const kith_metrics *m, kith_window p,
                                  kith_initiative_result **out, size_t *n,
                                  kith_error *err)
{
    size_t ni = m->ds.ninits;
    kith_initiative_result *res = NULL;
    kith__fxtally *fx = NULL;
    *out = NULL;
    *n = 0;
    kith_code rc = attribute_all(m, p, &res, &fx, err);
    if (rc != KITH_OK)
        return rc;
    for (size_t k = 0; k < ni; k++) {
        kith_initiative_result *r = &res[k];
        kith__fx_note(m, &fx[k], 0, r->note, sizeof r->note);
        if (r->cost <= 0) {
            r->roi = kith_value_na("no cost recorded for the initiative");
            r->cost_per_acquired = kith_value_na("no cost recorded for the initiative");
            continue;
        }
        /* Purchases attributed but none with an amount that can be added:
         * the revenue, hence the ROI, is unknown. */
        if (r->left_out && r->left_out == r->purchases)
            r->roi = kith_value_na("no attributed purchase in %s or with a rate in force",
                                   m->ds.currency);
        else
            r->roi = kith_value_of((r->revenue * m->p.margin - r->cost) / r->cost,
                                   r->purchases - r->left_out);
        snprintf(r->roi.note, sizeof r->roi.note, "%s", r->note);
        r->roi.left_out = r->left_out;
        r->cost_per_acquired =
            r->acquired ? kith_value_of(r->cost / (double)r->acquired, r->acquired)
                        : kith_value_na("no community-acquired customer attributed");
    }
    free(fx);
    *out = res;
    *n = ni;
    return KITH_OK;
}

void kith_metric_initiatives_note(const kith_metrics *m, kith_window p, char *out,
                                  size_t n)
{
    kith_initiative_result *res = NULL;
    kith__fxtally *fx = NULL, all;
    memset(&all, 0, sizeof all);
    out[0] = '\0';
    if (attribute_all(m, p, &res, &fx, NULL) != KITH_OK)
        return;
    for (size_t k = 0; k < m->ds.ninits; k++)
        kith__fx_merge(&all, &fx[k], 1, 1);
    kith__fx_note(m, &all, 0, out, n);
    free(res);
    free(fx);
}

/* ------------------------------------------------------------ web traffic */

static int in_list(const char list[][64], int n, const char *s)
{
    for (int i = 0; i < n && *s; i++)
        if (!strcmp(list[i], s))
            return 1;
    return 0;
}

static kith_traffic traffic(const kith_metrics *m, kith_window p, int local)
{
    kith_traffic out;
    memset(&out, 0, sizeof out);
    int64_t all = 0;
    for (size_t k = 0; k < m->ds.nweb; k++) {
        const kith__websess *w = &m->ds.web[k];
        if (w->day < p.from || w->day >= p.to)
            continue;
        all += w->sessions;
        int hit =
            local
                ? in_list(m->p.local, m->p.nlocal, kith__ds_str(&m->ds, w->region)) ||
                      in_list(m->p.local, m->p.nlocal, kith__ds_str(&m->ds, w->city))
                : in_list(m->p.channels, m->p.nchannels, kith__ds_str(&m->ds, w->source));
        if (hit) {
            out.sessions += w->sessions;
            out.conversions += w->conversions;
        }
    }
    if (local && !m->p.nlocal)
        out.share = kith_value_na("no local area set: kith config set local_area "
                                  "'City,Region'");
    else if (!local && !m->p.nchannels)
        out.share = kith_value_na("no community channels set: kith config set "
                                  "community_channels 'discord,facebook'");
    else if (!m->ds.nweb)
        out.share = kith_value_na("no web sessions imported");
    else
        out.share =
            kith__m_ratio(m, (double)out.sessions, all, "web sessions in the period");
    return out;
}

kith_traffic kith_metric_referral_traffic(const kith_metrics *m, kith_window p)
{
    return traffic(m, p, 0);
}

kith_traffic kith_metric_local_traffic(const kith_metrics *m, kith_window p)
{
    return traffic(m, p, 1);
}
