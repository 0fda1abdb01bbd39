/* JSON views of the metrics' parameters (kith config list --format json,
 * GET /api/v1/config) and of the initiatives with their ROI (kith
 * initiatives --format json, GET /api/v1/initiatives). */
#include <stdlib.h>
#include <string.h>

#include "json/jv.h"
#include "kith/metrics.h"
#include "store/store_int.h"

#define OOM(err) kith_error_set(err, KITH_ENOMEM, "out of memory")

kith_code kith_config_json(kith_store *st, int64_t org_id, char **out, kith_error *err)
{
    json_t *root = json_object(), *arr = json_array();
    kith_code rc = root && arr ? KITH_OK : OOM(err);
    *out = NULL;
    for (const kith_config_key *k = kith_config_keys(); rc == KITH_OK && k->name; k++) {
        char val[4096];
        int def = 0;
        rc = kith_config_get(st, org_id, k->name, val, sizeof val, &def, err);
        if (rc != KITH_OK)
            break;
        json_t *o = json_object();
        int bad = !o;
        if (o) {
            bad |= kith__jv_set(o, "key", kith__jv_text(k->name));
            bad |= kith__jv_set(o, "value", kith__jv_text(val));
            bad |= kith__jv_set(o, "default", kith__jv_text(k->def));
            bad |= kith__jv_set(o, "is_default", json_boolean(def));
            bad |= kith__jv_set(o, "help", kith__jv_text(k->help));
        }
        if (bad | kith__jv_push(arr, o))
            rc = OOM(err);
    }
    if (rc == KITH_OK) {
        rc = kith__jv_set(root, "config", arr) ? OOM(err) : KITH_OK;
        arr = NULL;
    }
    json_decref(arr);
    if (rc != KITH_OK) {
        json_decref(root);
        return rc;
    }
    return kith__jv_dump(root, out, err);
}

static json_t *initiative_json(const kith_initiative_result *x)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    int bad = 0;
    bad |= kith__jv_set(o, "id", json_integer(x->id));
    bad |= kith__jv_set(o, "initiative", kith__jv_text(x->name));
    bad |= kith__jv_set(o, "cost", kith__jv_real(x->cost));
    bad |= kith__jv_set(o, "revenue", kith__jv_real(x->revenue));
    bad |= kith__jv_set(o, "revenue_period", kith__jv_real(x->revenue_period));
    bad |= kith__jv_set(o, "purchases", json_integer(x->purchases));
    bad |= kith__jv_set(o, "acquired", json_integer(x->acquired));
    bad |= kith__jv_set(o, "roi", kith__jv_value(&x->roi));
    bad |= kith__jv_set(o, "cost_per_acquired", kith__jv_value(&x->cost_per_acquired));
    /* What revenue and ROI left out or converted (other currencies). */
    bad |= kith__jv_set(o, "note", kith__jv_text(x->note[0] ? x->note : NULL));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

kith_code kith_initiatives_json(kith_store *st, int64_t org_id,
                                const kith_metrics_opts *mo, char **out, kith_error *err)
{
    kith_metrics *m = NULL;
    kith_initiative_result *r = NULL;
    size_t n = 0;
    kith_org org;
    json_t *root = NULL, *arr = NULL;
    *out = NULL;
    kith_code rc = kith__st_org_by_id(st, org_id, &org, err);
    if (rc == KITH_OK)
        rc = kith_metrics_open(st, org_id, mo, &m, err);
    int64_t at = rc == KITH_OK ? kith_metrics_as_of(m) : 0;
    kith_window p = {0, at};
    if (rc == KITH_OK) {
        p.from = at - (int64_t)kith_metrics_param(m, "period_days") * 86400;
        rc = kith_metric_initiatives(m, p, &r, &n, err);
    }
    if (rc == KITH_OK) {
        root = json_object();
        arr = json_array();
        json_t *period = json_object();
        int bad = !root || !arr || !period;
        if (period) {
            bad |= kith__jv_set(period, "from", kith__jv_time(p.from));
            bad |= kith__jv_set(period, "to", kith__jv_time(p.to));
        }
        for (size_t i = 0; i < n && !bad; i++)
            bad |= kith__jv_push(arr, initiative_json(&r[i]));
        if (!bad) {
            bad |= kith__jv_set(root, "as_of", kith__jv_time(at));
            bad |= kith__jv_set(root, "period", period);
            period = NULL;
            bad |=
                kith__jv_set(root, "currency", kith__jv_text(kith_metrics_currency(m)));
            bad |= kith__jv_set(root, "initiatives", arr);
            arr = NULL;
        }
        json_decref(period);
        if (bad)
            rc = OOM(err);
    }
    free(r);
    kith_metrics_close(m);
    json_decref(arr);
    if (rc != KITH_OK) {
        json_decref(root);
        return rc;
    }
    return kith__jv_dump(root, out, err);
}
