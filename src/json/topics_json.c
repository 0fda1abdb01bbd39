/* JSON view of the rising topics (kith topics --format json, GET
 * /api/v1/topics); fields in docs/sentiment.md. */
#include <string.h>

#include "json/jv.h"
#include "kith/metrics.h"
#include "kith/topics.h"

#define OOM(err) kith_error_set(err, KITH_ENOMEM, "out of memory")
#define DEFAULT_DAYS 30

static json_t *topic_json(const kith_topic *k, size_t rank)
{
    json_t *o = json_object(), *ex = json_array();
    int bad = !o || !ex;
    for (int j = 0; !bad && j < KITH_TOPIC_EXAMPLES && k->examples[j]; j++)
        bad |= kith__jv_push(ex, kith__jv_text(k->examples[j]));
    if (!bad) {
        bad |= kith__jv_set(o, "rank", json_integer((json_int_t)rank));
        bad |= kith__jv_set(o, "topic", kith__jv_text(k->display));
        bad |= kith__jv_set(o, "key", kith__jv_text(k->key));
        bad |= kith__jv_set(o, "bigram", json_boolean(k->bigram));
        bad |= kith__jv_set(o, "share", kith__jv_real(k->share));
        bad |= kith__jv_set(o, "previous_share", kith__jv_real(k->prev_share));
        bad |= kith__jv_set(o, "rise", kith__jv_real(k->rise));
        bad |= kith__jv_set(o, "texts", json_integer(k->docs));
        bad |= kith__jv_set(o, "previous_texts", json_integer(k->prev_docs));
        bad |= kith__jv_set(o, "examples", ex);
        ex = NULL;
    }
    json_decref(ex);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *window_json(int64_t from, int64_t to)
{
    json_t *o = json_object();
    if (o && (kith__jv_set(o, "from", kith__jv_time(from)) |
              kith__jv_set(o, "to", kith__jv_time(to)))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

kith_code kith_topics_json(kith_store *st, int64_t org_id, const kith_topics_opts *in,
                           char **out, kith_error *err)
{
    kith_topics_opts o;
    memset(&o, 0, sizeof o);
    if (in)
        o = *in;
    *out = NULL;
    kith_code rc = KITH_OK;
    if (!o.to) {
        /* as_of of the metrics: the midnight after the latest activity. */
        kith_metrics *m = NULL;
        rc = kith_metrics_open(st, org_id, NULL, &m, err);
        if (rc == KITH_OK)
            o.to = kith_metrics_as_of(m);
        kith_metrics_close(m);
        if (rc != KITH_OK)
            return rc;
    }
    if (!o.from)
        o.from = o.to - (int64_t)DEFAULT_DAYS * 86400;
    kith_topic *k = NULL;
    size_t n = 0;
    kith_topics_stats s;
    rc = kith_topics_rising(st, org_id, &o, &k, &n, &s, err);
    if (rc != KITH_OK)
        return rc;
    json_t *root = json_object(), *arr = json_array();
    int bad = !root || !arr;
    for (size_t i = 0; !bad && i < n; i++)
        bad |= kith__jv_push(arr, topic_json(&k[i], i + 1));
    kith_topics_free(k, n);
    if (!bad) {
        bad |= kith__jv_set(root, "period", window_json(o.from, o.to));
        bad |= kith__jv_set(root, "previous_period",
                            window_json(o.from - (o.to - o.from), o.from));
        bad |= kith__jv_set(root, "channel", kith__jv_text(o.channel));
        bad |= kith__jv_set(root, "include_team", json_boolean(o.include_team));
        bad |=
            kith__jv_set(root, "min_docs", json_integer(o.min_docs > 0 ? o.min_docs : 2));
        bad |=
            kith__jv_set(root, "limit", json_integer(o.limit ? (json_int_t)o.limit : 10));
        bad |= kith__jv_set(root, "texts", json_integer(s.texts));
        bad |= kith__jv_set(root, "previous_texts", json_integer(s.prev_texts));
        bad |= kith__jv_set(root, "topics", arr);
        arr = NULL;
    }
    json_decref(arr);
    if (bad) {
        json_decref(root);
        return OOM(err);
    }
    return kith__jv_dump(root, out, err);
}
