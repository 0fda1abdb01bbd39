/* The metrics' parameters: the list of config keys with their defaults
 * (docs/metrics.md lists the same), validation of values, and loading the
 * org's values over the defaults. */
#include <ctype.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "metrics/metrics_int.h"
#include "store/st_query.h"

typedef enum { K_NUM, K_LIST, K_LEVELS, K_PATH } key_kind;

typedef struct key_def {
    kith_config_key k;
    key_kind kind;
    double min; /* numbers: smallest allowed value */
} key_def;

static const key_def keys[] = {
    {{"period_days", "365", "length of the default report period P, days"}, K_NUM, 1},
    {{"churn_window", "180",
      "a customer without a purchase for this many days is churned"},
     K_NUM,
     1},
    {{"attribution_window", "30", "days after a touch in which a purchase is attributed"},
     K_NUM,
     0},
    {{"margin", "1.0", "gross margin applied to attributed revenue (ROI)"}, K_NUM, 0},
    {{"half_life", "90", "half-life of the engagement score, days"}, K_NUM, 0.001},
    {{"level_thresholds", "1,10,30,60",
      "scores of levels 1-4 (observer, participant, contributor, champion)"},
     K_LEVELS,
     0},
    {{"inactive_days", "30", "at-risk: days without community activity"}, K_NUM, 1},
    {{"at_risk_window", "180",
      "at-risk: look-back for having been level 3 or more, days"},
     K_NUM,
     1},
    {{"response_hours", "48",
      "a post counts as answered when replied within this many hours"},
     K_NUM,
     0},
    {{"min_n", "5", "fewest observations for a ratio; fewer gives n/a"}, K_NUM, 1},
    {{"community_channels", "", "web sources that are community channels (comma list)"},
     K_LIST,
     0},
    {{"local_area", "", "regions or cities that are the local area (comma list)"},
     K_LIST,
     0},
    {{"sentiment.lexicon", "",
      "path of vader_lexicon.txt (default: the npm package set-up installs)"},
     K_PATH,
     0},
    {{"alert_z", "2.0",
      "sentiment alert: standard deviations below the earlier periods' mean"},
     K_NUM,
     0},
    {{"alert_window", "12", "sentiment alert: number of earlier periods compared with"},
     K_NUM,
     3},
    {{"sentiment_min_n", "20", "sentiment alert: fewest scored texts in a period"},
     K_NUM,
     1},
    {{"weight.post", "3", "engagement score weight of a post"}, K_NUM, 0},
    {{"weight.reply", "2", "engagement score weight of a reply"}, K_NUM, 0},
    {{"weight.reaction", "0.5", "engagement score weight of a reaction"}, K_NUM, 0},
    {{"weight.event_attend", "5", "engagement score weight of attending an event"},
     K_NUM,
     0},
    {{"weight.workshop", "5", "engagement score weight of a workshop"}, K_NUM, 0},
    {{"weight.volunteer", "6", "engagement score weight of volunteering"}, K_NUM, 0},
    {{"weight.donation", "4", "engagement score weight of a donation"}, K_NUM, 0},
    {{"weight.idea", "5", "engagement score weight of an idea"}, K_NUM, 0},
    {{"weight.feedback", "3", "engagement score weight of feedback"}, K_NUM, 0},
    {{"weight.review", "3", "engagement score weight of a review"}, K_NUM, 0},
    {{"weight.referral", "8", "engagement score weight of a referral"}, K_NUM, 0},
    {{"weight.survey_response", "1", "engagement score weight of a survey response"},
     K_NUM,
     0},
    {{"weight.mention", "1", "engagement score weight of a mention"}, K_NUM, 0},
    {{"weight.sponsorship_touch", "0", "engagement score weight of a sponsorship touch"},
     K_NUM,
     0},
    {{"srci.discount_rate", "0.035",
      "SRCI: annual discount rate of future values (0.035 = 3.5%)"},
     K_NUM,
     0},
    {{"srci.volunteer_rate", "0",
      "SRCI: value of one volunteer hour in the org currency (0 = not valued)"},
     K_NUM,
     0},
    {{"clv_horizon_weeks", "52", "predicted CLV and kith clv: horizon, weeks"},
     K_NUM,
     0.1},
    {{"discount_rate", "0",
      "predicted CLV: annual discount rate, applied monthly (0.1 = 10%)"},
     K_NUM,
     0},
    {{"churn_horizon_days", "90",
      "churn risk: no purchase within this many days is churn"},
     K_NUM,
     1},
    {{NULL, NULL, NULL}, K_NUM, 0},
};

#define NKEYS ((int)(sizeof keys / sizeof keys[0]) - 1)

const kith_config_key *kith_config_keys(void)
{
    static kith_config_key out[sizeof keys / sizeof keys[0]];
    /* Built from the one table; a constant view for callers. */
    for (int i = 0; i <= NKEYS; i++)
        out[i] = keys[i].k;
    return out;
}

static const key_def *find(const char *name)
{
    for (int i = 0; i < NKEYS; i++)
        if (!strcmp(keys[i].k.name, name))
            return &keys[i];
    return NULL;
}

static int parse_num(const char *s, double *out)
{
    char *end = NULL;
    double v = strtod(s, &end);
    while (end && isspace((unsigned char)*end))
        end++;
    if (!*s || !end || *end || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

static int parse_levels(const char *s, double out[4])
{
    double v[4];
    const char *p = s;
    for (int i = 0; i < 4; i++) {
        char *end = NULL;
        v[i] = strtod(p, &end);
        if (end == p || !isfinite(v[i]) || v[i] <= 0 || (i && v[i] <= v[i - 1]))
            return -1;
        p = end;
        while (isspace((unsigned char)*p))
            p++;
        if (i < 3) {
            if (*p != ',')
                return -1;
            p++;
        }
    }
    if (*p)
        return -1;
    memcpy(out, v, sizeof v);
    return 0;
}

/* Split a comma list into lowercased trimmed names. */
static int parse_list(const char *s, char out[][64], int max)
{
    int n = 0;
    const char *p = s;
    while (*p) {
        while (*p == ',' || isspace((unsigned char)*p))
            p++;
        if (!*p)
            break;
        const char *e = p;
        while (*e && *e != ',')
            e++;
        size_t len = (size_t)(e - p);
        while (len && isspace((unsigned char)p[len - 1]))
            len--;
        if (n == max || len >= 64)
            return -1;
        for (size_t i = 0; i < len; i++)
            out[n][i] = (char)tolower((unsigned char)p[i]);
        out[n][len] = '\0';
        n++;
        p = e;
    }
    return n;
}

static kith_code validate(const key_def *d, const char *value, kith_error *err)
{
    double v, lv[4];
    char tmp[KITH_MAX_LIST][64];
    switch (d->kind) {
    case K_NUM:
        if (parse_num(value, &v) || v < d->min)
            return kith_error_set(err, KITH_EUSAGE,
                                  "%s '%s': expected a number >= %g (default %s)",
                                  d->k.name, value, d->min, d->k.def);
        return KITH_OK;
    case K_LEVELS:
        if (parse_levels(value, lv))
            return kith_error_set(err, KITH_EUSAGE,
                                  "%s '%s': expected four increasing positive scores "
                                  "like %s",
                                  d->k.name, value, d->k.def);
        return KITH_OK;
    case K_PATH:
        if (strlen(value) >= 4096)
            return kith_error_set(err, KITH_EUSAGE, "%s: a path of at most 4095 bytes",
                                  d->k.name);
        return KITH_OK;
    default:
        if (parse_list(value, tmp, KITH_MAX_LIST) < 0)
            return kith_error_set(err, KITH_EUSAGE,
                                  "%s: expected a comma list of at most %d names of "
                                  "at most 63 bytes",
                                  d->k.name, KITH_MAX_LIST);
        return KITH_OK;
    }
}

static kith_code unknown(const char *key, kith_error *err)
{
    return kith_error_set(err, KITH_EUSAGE,
                          "unknown config key '%s' (see 'kith config list')", key);
}

kith_code kith_config_get(kith_store *st, int64_t org_id, const char *key, char *out,
                          size_t n, int *is_default, kith_error *err)
{
    const key_def *d = find(key);
    if (!d)
        return unknown(key, err);
    kith_code rc = kith__st_config_get(st, org_id, key, out, n, err);
    if (is_default)
        *is_default = rc == KITH_ENOTFOUND;
    if (rc == KITH_ENOTFOUND) {
        snprintf(out, n, "%s", d->k.def);
        rc = KITH_OK;
    }
    return rc;
}

kith_code kith_config_set(kith_store *st, int64_t org_id, const char *key,
                          const char *value, kith_error *err)
{
    const key_def *d = find(key);
    if (!d)
        return unknown(key, err);
    kith_code rc = validate(d, value, err);
    return rc == KITH_OK ? kith__st_config_set(st, org_id, key, value, err) : rc;
}

kith_code kith_config_unset(kith_store *st, int64_t org_id, const char *key,
                            kith_error *err)
{
    if (!find(key))
        return unknown(key, err);
    return kith__st_config_unset(st, org_id, key, err);
}

static double *num_slot(kith__params *p, const char *name)
{
    if (!strncmp(name, "weight.", 7)) {
        int t = kith__at_from_name(name + 7);
        return t >= 0 ? &p->weights[t] : NULL;
    }
    static const struct {
        const char *n;
        size_t off;
    } map[] = {
        {"period_days", offsetof(kith__params, period_days)},
        {"churn_window", offsetof(kith__params, churn_window)},
        {"attribution_window", offsetof(kith__params, attribution_window)},
        {"margin", offsetof(kith__params, margin)},
        {"half_life", offsetof(kith__params, half_life)},
        {"inactive_days", offsetof(kith__params, inactive_days)},
        {"at_risk_window", offsetof(kith__params, at_risk_window)},
        {"response_hours", offsetof(kith__params, response_hours)},
        {"min_n", offsetof(kith__params, min_n)},
        {"alert_z", offsetof(kith__params, alert_z)},
        {"alert_window", offsetof(kith__params, alert_window)},
        {"sentiment_min_n", offsetof(kith__params, sentiment_min_n)},
        {"srci.discount_rate", offsetof(kith__params, srci_discount_rate)},
        {"srci.volunteer_rate", offsetof(kith__params, srci_volunteer_rate)},
        {"clv_horizon_weeks", offsetof(kith__params, clv_horizon_weeks)},
        {"discount_rate", offsetof(kith__params, discount_rate)},
        {"churn_horizon_days", offsetof(kith__params, churn_horizon_days)},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(map[i].n, name))
            return (double *)((char *)p + map[i].off);
    return NULL;
}

static void apply(kith__params *p, const key_def *d, const char *value)
{
    double v;
    if (d->kind == K_NUM) {
        double *slot = num_slot(p, d->k.name);
        if (slot && !parse_num(value, &v))
            *slot = v;
    } else if (d->kind == K_LEVELS) {
        parse_levels(value, p->levels);
    } else if (d->kind == K_PATH) {
        /* Its own slot: read as a list it would overwrite local_area. */
        snprintf(p->lexicon, sizeof p->lexicon, "%s", value);
    } else if (!strcmp(d->k.name, "community_channels")) {
        int n = parse_list(value, p->channels, KITH_MAX_LIST);
        p->nchannels = n < 0 ? 0 : n;
    } else {
        int n = parse_list(value, p->local, KITH_MAX_LIST);
        p->nlocal = n < 0 ? 0 : n;
    }
}

kith_code kith__params_load(kith_store *st, int64_t org, kith__params *p, kith_error *err)
{
    memset(p, 0, sizeof *p);
    for (int i = 0; i < NKEYS; i++)
        apply(p, &keys[i], keys[i].k.def);
    for (int i = 0; i < NKEYS; i++) {
        char val[4096 + KITH_MAX_LIST * 64];
        kith_code rc = kith__st_config_get(st, org, keys[i].k.name, val, sizeof val, err);
        if (rc == KITH_ENOTFOUND)
            continue;
        if (rc != KITH_OK)
            return rc;
        /* A value written behind kith's back is refused, not guessed at. */
        rc = validate(&keys[i], val, err);
        if (rc != KITH_OK)
            return rc;
        apply(p, &keys[i], val);
    }
    return KITH_OK;
}

double kith_metrics_param(const kith_metrics *m, const char *key)
{
    double *slot = num_slot((kith__params *)&m->p, key);
    return slot ? *slot : NAN;
}
