/* The report's sentiment section: brand sentiment for P against P-1
 * (METRICS.md "Advocacy and voice"), per channel, and the weekly series
 * with the sentiment alert, which the HTML page draws as a chart. When the
 * texts cannot be scored (no lexicon installed) the section says so with
 * every metric n/a, and the rest of the report is unaffected. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeparse.h"
#include "report/report_int.h"

#define PAIR(sec, id, label, unit, better, expr_p, expr_q)                               \
    kith__rep_metric_prev(kith__rep_metric(rep, sec, id, label, unit, expr_p), expr_q,   \
                          better)

static void channels(kith_report *rep, rep_section *s, const kith_metrics *m,
                     kith_window p)
{
    static const char *const cols[] = {
        "channel|Channel|text",    "texts|Texts|count",   "scored|Scored|count",
        "unscored|Unscored|count", "mean|Mean compound|", "positive|Positive|ratio",
        "negative|Negative|ratio", "net|Net|pp"};
    rep_table *t = kith__rep_table(rep, s, "sentiment_channels",
                                   "Sentiment by channel in P", 8, cols);
    for (int c = -1; c < kith_metrics_nchannels(m); c++) {
        kith_sentiment_stats x = kith_metric_sentiment(m, p, c);
        if (c >= 0 && !x.texts)
            continue;
        int r = kith__rep_row(rep, t);
        kith__rep_set_text(rep, t, r, 0, c < 0 ? "all" : kith_metrics_channel_name(m, c));
        kith__rep_set_int(t, r, 1, x.texts);
        kith__rep_set_int(t, r, 2, x.scored);
        kith__rep_set_int(t, r, 3, x.unscored);
        kith__rep_set_value(rep, t, r, 4, x.mean);
        kith__rep_set_value(rep, t, r, 5, x.positive);
        kith__rep_set_value(rep, t, r, 6, x.negative);
        kith__rep_set_value(rep, t, r, 7, x.net);
    }
}

/* Weeks overlapping P; returns the number flagged. */
static int64_t weeks(kith_report *rep, rep_section *s, const kith_metrics *m,
                     kith_window p, kith_window q, int64_t *prev_alerts)
{
    static const char *const cols[] = {"week|Week from|text",
                                       "from|From|date",
                                       "texts|Texts|count",
                                       "scored|Scored|count",
                                       "mean|Mean compound|",
                                       "baseline|Baseline mean|",
                                       "z|z|",
                                       "alert|Alert|text"};
    rep_table *t =
        kith__rep_table(rep, s, "sentiment_weeks",
                        "Weekly mean compound and the sentiment alert", 8, cols);
    kith__rep_table_note(
        rep, t, "alert: z < -alert_z, >= sentiment_min_n texts (docs/sentiment.md)");
    kith_sentiment_period *per = NULL;
    size_t n = 0;
    int64_t alerts = 0;
    kith_error err;
    kith_error_clear(&err);
    *prev_alerts = 0;
    if (kith_metric_sentiment_series(m, KITH_BY_WEEK, -1, &per, &n, &err) != KITH_OK) {
        if (err.code == KITH_ENOMEM)
            rep->oom = 1;
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        const kith_sentiment_period *w = &per[i];
        if (w->w.from >= q.from && w->w.from < q.to)
            *prev_alerts += w->alert;
        if (w->w.to <= p.from || w->w.from >= p.to)
            continue;
        alerts += w->alert;
        char label[32];
        kith__time_local_date(w->w.from, rep->tz, label);
        int r = kith__rep_row(rep, t);
        kith__rep_set_text(rep, t, r, 0, label);
        kith__rep_set_real(t, r, 1, (double)w->w.from);
        kith__rep_set_int(t, r, 2, w->s.texts);
        kith__rep_set_int(t, r, 3, w->s.scored);
        kith__rep_set_value(rep, t, r, 4, w->s.mean);
        if (w->z.ok)
            kith__rep_set_real(t, r, 5, w->baseline_mean);
        else
            kith__rep_set_na(rep, t, r, 5, w->z.why);
        kith__rep_set_value(rep, t, r, 6, w->z);
        kith__rep_set_text(rep, t, r, 7, w->alert ? "ALERT" : "");
    }
    free(per);
    return alerts;
}

void kith__rep_build_sentiment(kith_report *rep, kith_metrics *m, kith_store *st,
                               int64_t org, const char *lexicon)
{
    kith_window p = {rep->from, rep->to}, q = {rep->prev_from, rep->prev_to};
    rep_section *s = kith__rep_section(rep, "sentiment", "Brand sentiment");
    kith_error err;
    kith_error_clear(&err);
    if (kith_metrics_load_texts(m, st, org, lexicon, &err) != KITH_OK) {
        if (err.code == KITH_ENOMEM) {
            rep->oom = 1;
            return;
        }
        char note[600];
        snprintf(note, sizeof note, "texts not scored: %s", err.msg);
        kith__rep_section_note(rep, s, note);
    }
    kith_sentiment_stats a = kith_metric_sentiment(m, p, -1);
    kith_sentiment_stats b = kith_metric_sentiment(m, q, -1);
    PAIR(s, "sentiment_mean", "Mean compound (VADER, -1..1)", RU_NONE, 1, a.mean, b.mean);
    PAIR(s, "sentiment_positive", "Positive texts (compound >= 0.05)", RU_RATIO, 1,
         a.positive, b.positive);
    PAIR(s, "sentiment_negative", "Negative texts (compound <= -0.05)", RU_RATIO, -1,
         a.negative, b.negative);
    PAIR(s, "sentiment_net", "Net sentiment (% positive - % negative)", RU_PP, 1, a.net,
         b.net);
    PAIR(s, "sentiment_texts",
         "Texts (posts, replies, reviews, feedback, ideas, mentions)", RU_COUNT, 0,
         kith_value_of((double)a.texts, a.texts),
         kith_value_of((double)b.texts, b.texts));
    PAIR(s, "sentiment_unscored", "Unscored texts (no lexicon word)", RU_COUNT, 0,
         kith_value_of((double)a.unscored, a.texts),
         kith_value_of((double)b.unscored, b.texts));
    if (!kith_metrics_has_texts(m))
        return;
    channels(rep, s, m, p);
    int64_t prev = 0;
    int64_t alerts = weeks(rep, s, m, p, q, &prev);
    PAIR(s, "sentiment_alert_weeks", "Weeks with a sentiment alert", RU_COUNT, -1,
         kith_value_of((double)alerts, alerts), kith_value_of((double)prev, prev));
}
