/* What the numbers say: GET /api/v1/initiatives, /api/v1/sentiment,
 * /api/v1/sentiment/alerts and /api/v1/topics, each the JSON of its CLI
 * command (kith initiatives / sentiment / sentiment alerts / topics
 * --format json) for the same arguments. Dates read as the command reads
 * them: in the org's time zone. */
#include <string.h>

#include "server/srv.h"

void api_initiatives(srv_req *r)
{
    kith_metrics_opts mo;
    memset(&mo, 0, sizeof mo);
    if (srv_arg_time(r, "as_of", &mo.as_of) < 0)
        return;
    kith_error err;
    kith_error_clear(&err);
    char *text = NULL;
    srv_view(r, kith_initiatives_json(r->st, r->user.org_id, &mo, &text, &err), &text,
             &err);
}

/* The query of both sentiment routes. 0, or -1 after answering. */
static int sentiment_query(srv_req *r, kith_sentiment_query *q)
{
    memset(q, 0, sizeof *q);
    const char *by = srv_arg(&r->args, "by");
    q->by = by && !strcmp(by, "month") ? KITH_BY_MONTH : KITH_BY_WEEK;
    q->channel = srv_arg(&r->args, "channel");
    q->lexicon = srv_lexicon(r);
    if (srv_arg_time(r, "as_of", &q->mo.as_of) < 0 ||
        srv_arg_time(r, "from", &q->from) < 0 || srv_arg_time(r, "to", &q->to) < 0)
        return -1;
    srv_arg_bool(r, "all", &q->all);
    return 0;
}

void api_sentiment(srv_req *r)
{
    kith_sentiment_query q;
    if (sentiment_query(r, &q) != 0)
        return;
    kith_error err;
    kith_error_clear(&err);
    char *text = NULL;
    srv_view(r, kith_sentiment_json(r->st, r->user.org_id, &q, &text, &err), &text, &err);
}

void api_sentiment_alerts(srv_req *r)
{
    kith_sentiment_query q;
    if (sentiment_query(r, &q) != 0)
        return;
    kith_error err;
    kith_error_clear(&err);
    char *text = NULL;
    srv_view(r, kith_sentiment_alerts_json(r->st, r->user.org_id, &q, &text, &err), &text,
             &err);
}

void api_topics(srv_req *r)
{
    kith_topics_opts o;
    memset(&o, 0, sizeof o);
    int64_t v = 0;
    if (srv_arg_time(r, "from", &o.from) < 0 || srv_arg_time(r, "to", &o.to) < 0)
        return;
    o.channel = srv_arg(&r->args, "channel");
    if (srv_arg_i64(r, "limit", &v)) {
        if (v < 1 || v > 100000) {
            srv_error(r, 400, NULL, "'limit' must be 1 to 100000");
            return;
        }
        o.limit = (size_t)v;
    }
    if (srv_arg_i64(r, "min_docs", &v)) {
        if (v < 1 || v > 100000) {
            srv_error(r, 400, NULL, "'min_docs' must be 1 to 100000");
            return;
        }
        o.min_docs = v;
    }
    srv_arg_bool(r, "include_team", &o.include_team);
    kith_error err;
    kith_error_clear(&err);
    char *text = NULL;
    srv_view(r, kith_topics_json(r->st, r->user.org_id, &o, &text, &err), &text, &err);
}
