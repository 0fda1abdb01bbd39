/* The JSON text of a lifetime value result: what `kith clv --format json`
 * prints and GET /api/v1/clv serves (fields in docs/models.md). */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/timeparse.h"
#include "models/clv_int.h"

static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *val(const kith_value *v)
{
    return v->ok ? num(v->v) : json_null();
}

/* The local date of a local midnight, YYYY-MM-DD. */
static json_t *local_date(const kith_clv *c, int64_t t)
{
    int y;
    unsigned m, d;
    char b[32];
    kith__time_local_civil(t, c->tz, &y, &m, &d);
    snprintf(b, sizeof b, "%04d-%02u-%02u", y % 10000, m % 13u, d % 32u);
    return json_string(b);
}

static json_t *se_json(const double *se, int has, const char *const *names, int k)
{
    if (!has)
        return json_null();
    json_t *o = json_object();
    for (int i = 0; i < k; i++)
        json_object_set_new(o, names[i], num(se[i]));
    return o;
}

static json_t *bgnbd_json(const kith_clv *c)
{
    static const char *const names[] = {"r", "alpha", "a", "b"};
    static const char *const lnames[] = {"r", "alpha", "p"};
    const kith_bgnbd_fit *f = &c->bg;
    json_t *o = json_object();
    json_object_set_new(o, "r", num(f->p.r));
    json_object_set_new(o, "alpha", num(f->p.alpha));
    /* The limit a, b -> infinity: null, with the common dropout p. */
    json_object_set_new(o, "a", num(f->p.a));
    json_object_set_new(o, "b", num(f->p.b));
    json_object_set_new(o, "homogeneous_dropout", json_boolean(f->homogeneous));
    json_object_set_new(o, "p", f->homogeneous ? num(f->p.p) : json_null());
    json_object_set_new(o, "se",
                        f->homogeneous ? se_json(f->se, f->has_se, lnames, 3)
                                       : se_json(f->se, f->has_se, names, 4));
    json_object_set_new(o, "se_note", f->has_se ? json_null() : json_string(f->se_why));
    json_object_set_new(o, "log_likelihood", num(f->log_likelihood));
    json_object_set_new(o, "n", json_integer(f->n));
    json_object_set_new(o, "repeat_customers", json_integer(f->repeaters));
    return o;
}

static json_t *gg_json(const kith_clv *c)
{
    static const char *const names[] = {"p", "q", "gamma"};
    if (!c->has_gg)
        return json_null();
    const kith_gg_fit *f = &c->gg;
    json_t *o = json_object();
    json_object_set_new(o, "p", num(f->p.p));
    json_object_set_new(o, "q", num(f->p.q));
    json_object_set_new(o, "gamma", num(f->p.gamma));
    json_object_set_new(o, "se", se_json(f->se, f->has_se, names, 3));
    json_object_set_new(o, "log_likelihood", num(f->log_likelihood));
    json_object_set_new(o, "n", json_integer(f->n));
    json_object_set_new(o, "mean_spend", num(kith_gg_expected_spend(&f->p, 0, 0)));
    return o;
}

static json_t *customer_json(const kith_clv_customer *cu)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(cu->member_id));
    json_object_set_new(o, "name", cu->name[0] ? json_string(cu->name) : json_null());
    json_object_set_new(o, "x", json_integer(cu->x));
    json_object_set_new(o, "t_x", num(cu->t_x));
    json_object_set_new(o, "T", num(cu->T));
    json_object_set_new(o, "p_alive", num(cu->p_alive));
    json_object_set_new(o, "expected_purchases", num(cu->expected_purchases));
    json_object_set_new(o, "expected_spend", val(&cu->expected_spend));
    json_object_set_new(o, "clv", val(&cu->clv));
    return o;
}

static json_t *dist_json(const kith_clv *c)
{
    kith_clv_dist d = kith_clv_distribution(c);
    json_t *o = json_object();
    json_object_set_new(o, "customers", json_integer((json_int_t)c->ncust));
    json_object_set_new(o, "clv_total", val(&d.total));
    json_object_set_new(o, "clv_mean", val(&d.mean));
    json_object_set_new(o, "clv_median", val(&d.median));
    json_object_set_new(o, "clv_p80", val(&d.p80));
    json_object_set_new(o, "clv_p95", val(&d.p95));
    json_object_set_new(o, "p_alive_mean", val(&d.p_alive_mean));
    return o;
}

static json_t *freq_json(const kith_clv *c)
{
    json_t *a = json_array();
    for (int k = 0; k < KITH_CLV_FREQ_BINS; k++) {
        char label[16];
        snprintf(label, sizeof label, k == KITH_CLV_FREQ_BINS - 1 ? "%d+" : "%d", k);
        json_t *o = json_object();
        json_object_set_new(o, "repeat_purchases", json_string(label));
        json_object_set_new(o, "actual", json_integer(c->freq.actual[k]));
        json_object_set_new(o, "expected", num(c->freq.expected[k]));
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *notes_json(const kith_clv *c)
{
    json_t *a = json_array();
    char b[512];
    if (c->bg.homogeneous) {
        snprintf(b, sizeof b,
                 "BG/NBD: the likelihood grows as a and b grow together, so every "
                 "customer drops out with the same probability after a purchase: the "
                 "limit model with p = %.4g is used (a and b are null)",
                 c->bg.p.p);
        json_array_append_new(a, json_string(b));
    }
    if (!c->has_gg) {
        snprintf(b, sizeof b, "Gamma-Gamma not fitted: %s", c->gg_why);
        json_array_append_new(a, json_string(b));
    }
    if (c->no_amount) {
        snprintf(b, sizeof b,
                 "%lld repeat buyers have a repeat purchase without an amount in the "
                 "org currency: left out of the Gamma-Gamma fit, their expected spend "
                 "is the population mean",
                 (long long)c->no_amount);
        json_array_append_new(a, json_string(b));
    }
    if (c->fx_note[0]) {
        snprintf(b, sizeof b, "predicted CLV: %s", c->fx_note);
        json_array_append_new(a, json_string(b));
    }
    if (c->zero_spend) {
        snprintf(b, sizeof b,
                 "%lld repeat buyers spent nothing on their repeat purchases: left out "
                 "of the Gamma-Gamma fit",
                 (long long)c->zero_spend);
        json_array_append_new(a, json_string(b));
    }
    return a;
}

static json_t *clv_obj(const kith_clv *c, size_t top)
{
    json_t *root = json_object();
    char iso[32];
    json_object_set_new(root, "as_of", json_string(kith__time_iso(c->as_of, iso)));
    json_object_set_new(root, "calibration_end", json_string(c->cal_date));
    json_t *co = json_object();
    json_object_set_new(co, "from",
                        c->opts.has_cohort_from ? local_date(c, c->opts.cohort_from)
                                                : json_null());
    json_object_set_new(
        co, "to", c->opts.has_cohort_to ? local_date(c, c->opts.cohort_to) : json_null());
    json_object_set_new(root, "cohort", co);
    json_object_set_new(root, "horizon_weeks", num(c->horizon));
    json_object_set_new(root, "margin", num(c->margin));
    json_object_set_new(root, "discount_rate", num(c->discount));
    json_object_set_new(root, "currency", json_string(c->currency));
    json_object_set_new(root, "bgnbd", bgnbd_json(c));
    json_object_set_new(root, "gamma_gamma", gg_json(c));
    json_object_set_new(root, "new_customer_expected_purchases", num(c->new_customer));
    json_object_set_new(root, "distribution", dist_json(c));
    json_object_set_new(root, "frequency", freq_json(c));
    json_object_set_new(root, "notes", notes_json(c));
    json_t *arr = json_array();
    size_t n = top && top < c->ncust ? top : c->ncust;
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, customer_json(&c->cust[i]));
    json_object_set_new(root, "customers", arr);
    return root;
}

kith_code kith_clv_render_json(const kith_clv *c, size_t top, char **out, kith_error *err)
{
    *out = NULL;
    return kith__mdl_json_text(clv_obj(c, top), out, err);
}

kith_code kith_clv_json(kith_store *st, int64_t org_id, const kith_clv_opts *opts,
                        size_t top, char **out, kith_error *err)
{
    *out = NULL;
    kith_clv *c = NULL;
    kith_code rc = kith_clv_open(st, org_id, opts, &c, err);
    if (rc == KITH_OK)
        rc = kith_clv_render_json(c, top, out, err);
    kith_clv_close(c);
    return rc;
}
