/* JSON views of brand sentiment: the summary (kith sentiment --format
 * json, GET /api/v1/sentiment) and the alerts (kith sentiment alerts
 * --format json, GET /api/v1/sentiment/alerts); fields in
 * docs/sentiment.md. */
#include <stdlib.h>
#include <string.h>

#include "core/timeparse.h"
#include "json/jv.h"
#include "kith/metrics.h"
#include "kith/time.h"
#include "metrics/metrics_int.h"

#define OOM(err) kith_error_set(err, KITH_ENOMEM, "out of memory")

static const char *by_name(kith_period_kind by)
{
    return by == KITH_BY_WEEK ? "week" : "month";
}

/* A period's name: the Monday of a week, YYYY-MM of a month, in the org's
 * zone tz (as the CLI's table names it). */
static void period_label(kith_period_kind by, int64_t t, const char *tz, char out[32])
{
    kith_time_date(t, tz, out);
    if (by == KITH_BY_MONTH)
        out[7] = '\0';
}

/* The metrics with the texts scored, and the channel's index (-1 = all). */
static kith_code open_all(kith_store *st, int64_t org, const kith_sentiment_query *q,
                          kith_metrics **m, int *chan, kith_error *err)
{
    *chan = -1;
    kith_code rc = kith_metrics_open(st, org, &q->mo, m, err);
    if (rc == KITH_OK)
        rc = kith_metrics_load_texts(*m, st, org, q->lexicon, err);
    if (rc != KITH_OK || !q->channel)
        return rc;
    for (int c = 0; c < kith_metrics_nchannels(*m); c++)
        if (!strcmp(kith_metrics_channel_name(*m, c), q->channel))
            *chan = c;
    if (*chan < 0)
        return kith_error_set(err, KITH_ENOTFOUND,
                              "channel '%.200s': no activity in that channel",
                              q->channel);
    return KITH_OK;
}

/* The counts and shares of s into o. */
static int stats_json(json_t *o, const kith_sentiment_stats *s)
{
    int bad = 0;
    bad |= kith__jv_set(o, "texts", json_integer(s->texts));
    bad |= kith__jv_set(o, "scored", json_integer(s->scored));
    bad |= kith__jv_set(o, "unscored", json_integer(s->unscored));
    bad |= kith__jv_set(o, "mean_compound", kith__jv_value(&s->mean));
    bad |= kith__jv_set(o, "positive_share", kith__jv_value(&s->positive));
    bad |= kith__jv_set(o, "negative_share", kith__jv_value(&s->negative));
    bad |= kith__jv_set(o, "net_sentiment", kith__jv_value(&s->net));
    /* The four values share one condition (enough scored texts). */
    bad |= kith__jv_set(o, "na_reason",
                        s->mean.ok ? json_null() : kith__jv_text(s->mean.why));
    return bad;
}

/* One line of the summary: scope "channel" (name = the channel), a period
 * (name = its label, alert 0 or 1) or overall/previous (alert -1). */
static int put_line(json_t *root, json_t *channels, json_t *periods, const char *scope,
                    const char *name, kith_window w, const kith_sentiment_stats *s,
                    int alert)
{
    json_t *o = json_object();
    if (!o)
        return -1;
    int bad = 0, is_channel = !strcmp(scope, "channel");
    if (is_channel)
        bad |= kith__jv_set(o, "channel", kith__jv_text(name));
    else if (alert >= 0)
        bad |= kith__jv_set(o, "period", json_string(name));
    bad |= kith__jv_set(o, "from", kith__jv_time(w.from));
    bad |= kith__jv_set(o, "to", kith__jv_time(w.to));
    bad |= stats_json(o, s);
    if (alert >= 0)
        bad |= kith__jv_set(o, "alert", json_boolean(alert));
    if (is_channel)
        bad |= kith__jv_push(channels, o);
    else if (alert >= 0)
        bad |= kith__jv_push(periods, o);
    else
        bad |= kith__jv_set(root, scope, o);
    return bad;
}

kith_code kith_sentiment_json(kith_store *st, int64_t org_id,
                              const kith_sentiment_query *q, char **out, kith_error *err)
{
    kith_metrics *m = NULL;
    kith_sentiment_period *per = NULL;
    size_t n = 0;
    int chan = -1;
    json_t *root = NULL, *channels = NULL, *periods = NULL;
    *out = NULL;
    kith_code rc = open_all(st, org_id, q, &m, &chan, err);
    if (rc != KITH_OK)
        goto done;
    int64_t at = kith_metrics_as_of(m);
    kith_window p = {q->from, q->to ? q->to : at};
    if (!q->from)
        p.from = p.to - (int64_t)kith_metrics_param(m, "period_days") * 86400;
    if (p.from >= p.to) {
        rc =
            kith_error_set(err, KITH_EUSAGE, "the period's start must be before its end");
        goto done;
    }
    rc = kith_metric_sentiment_series(m, q->by, chan, &per, &n, err);
    if (rc != KITH_OK)
        goto done;
    root = json_object();
    channels = json_array();
    periods = json_array();
    int bad = !root || !channels || !periods;
    if (!bad) {
        bad |= kith__jv_set(root, "as_of", kith__jv_time(at));
        bad |= kith__jv_set(root, "channel", kith__jv_text(q->channel));
        bad |= kith__jv_set(root, "by", json_string(by_name(q->by)));
    }
    const char *all = chan < 0 ? "all" : kith_metrics_channel_name(m, chan);
    kith_sentiment_stats s = kith_metric_sentiment(m, p, chan);
    bad |= bad || put_line(root, channels, periods, "overall", all, p, &s, -1);
    s = kith_metric_sentiment(m, kith_window_prev(p), chan);
    bad |= bad || put_line(root, channels, periods, "previous", all, kith_window_prev(p),
                           &s, -1);
    for (int c = 0; !bad && chan < 0 && c < kith_metrics_nchannels(m); c++) {
        s = kith_metric_sentiment(m, p, c);
        if (s.texts)
            bad |= put_line(root, channels, periods, "channel",
                            kith_metrics_channel_name(m, c), p, &s, -1);
    }
    for (size_t i = 0; !bad && i < n; i++) {
        if (per[i].w.to <= p.from || per[i].w.from >= p.to)
            continue;
        char d[32];
        period_label(q->by, per[i].w.from, m->tz, d);
        bad |= put_line(root, channels, periods, by_name(q->by), d, per[i].w, &per[i].s,
                        per[i].alert);
    }
    if (!bad) {
        bad |= kith__jv_set(root, "channels", channels) |
               kith__jv_set(root, "periods", periods);
        channels = periods = NULL;
    }
    if (bad)
        rc = OOM(err);
done:
    free(per);
    kith_metrics_close(m);
    json_decref(channels);
    json_decref(periods);
    if (rc != KITH_OK) {
        json_decref(root);
        return rc;
    }
    return kith__jv_dump(root, out, err);
}

static json_t *alert_json(const char *label, const kith_sentiment_period *p)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    int bad = 0;
    bad |= kith__jv_set(o, "period", json_string(label));
    bad |= kith__jv_set(o, "from", kith__jv_time(p->w.from));
    bad |= kith__jv_set(o, "to", kith__jv_time(p->w.to));
    bad |= kith__jv_set(o, "texts", json_integer(p->s.texts));
    bad |= kith__jv_set(o, "scored", json_integer(p->s.scored));
    bad |= kith__jv_set(o, "unscored", json_integer(p->s.unscored));
    bad |= kith__jv_set(o, "mean_compound", kith__jv_value(&p->s.mean));
    bad |= kith__jv_set(o, "baseline_periods", json_integer(p->baseline_periods));
    bad |= kith__jv_set(o, "baseline_scored", json_integer(p->baseline_scored));
    bad |= kith__jv_set(o, "baseline_mean",
                        p->baseline_ok ? kith__jv_real(p->baseline_mean) : json_null());
    bad |= kith__jv_set(o, "baseline_sd",
                        p->baseline_ok ? kith__jv_real(p->baseline_sd) : json_null());
    bad |= kith__jv_set(o, "z", kith__jv_value(&p->z));
    bad |= kith__jv_set(o, "alert", json_boolean(p->alert));
    bad |= kith__jv_set(o, "na_reason", p->z.ok ? json_null() : kith__jv_text(p->z.why));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

kith_code kith_sentiment_alerts_json(kith_store *st, int64_t org_id,
                                     const kith_sentiment_query *q, char **out,
                                     kith_error *err)
{
    kith_metrics *m = NULL;
    kith_sentiment_period *per = NULL;
    size_t n = 0, flagged = 0;
    int chan = -1;
    json_t *root = NULL, *arr = NULL;
    *out = NULL;
    kith_code rc = open_all(st, org_id, q, &m, &chan, err);
    if (rc == KITH_OK)
        rc = kith_metric_sentiment_series(m, q->by, chan, &per, &n, err);
    if (rc != KITH_OK)
        goto done;
    arr = json_array();
    int bad = !arr;
    for (size_t i = 0; i < n && !bad; i++) {
        flagged += (size_t)per[i].alert;
        if (!per[i].alert && !q->all)
            continue;
        char d[32];
        period_label(q->by, per[i].w.from, m->tz, d);
        bad |= kith__jv_push(arr, alert_json(d, &per[i]));
    }
    root = json_object();
    bad |= !root;
    if (!bad) {
        bad |= kith__jv_set(root, "as_of", kith__jv_time(kith_metrics_as_of(m)));
        bad |= kith__jv_set(root, "channel", kith__jv_text(q->channel));
        bad |= kith__jv_set(root, "by", json_string(by_name(q->by)));
        bad |= kith__jv_set(root, "all", json_boolean(q->all));
        bad |= kith__jv_set(root, "alert_z",
                            kith__jv_real(kith_metrics_param(m, "alert_z")));
        bad |= kith__jv_set(root, "alert_window",
                            kith__jv_real(kith_metrics_param(m, "alert_window")));
        bad |= kith__jv_set(root, "sentiment_min_n",
                            kith__jv_real(kith_metrics_param(m, "sentiment_min_n")));
        bad |= kith__jv_set(root, "periods_total", json_integer((json_int_t)n));
        bad |= kith__jv_set(root, "periods_flagged", json_integer((json_int_t)flagged));
        bad |= kith__jv_set(root, "periods", arr);
        arr = NULL;
    }
    if (bad)
        rc = OOM(err);
done:
    free(per);
    kith_metrics_close(m);
    json_decref(arr);
    if (rc != KITH_OK) {
        json_decref(root);
        return rc;
    }
    return kith__jv_dump(root, out, err);
}
