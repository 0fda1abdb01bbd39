/* The churn result as JSON (what `kith churn --format json` prints and
 * GET /api/v1/churn serves; fields in docs/models.md) and as the CSV of
 * the training, test and scoring rows for an independent reference. */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeparse.h"
#include "models/churn_int.h"

static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *day(const kith_churn *c, int64_t t)
{
    int y;
    unsigned m, d;
    char b[16];
    kith__time_local_civil(t, c->tz, &y, &m, &d);
    snprintf(b, sizeof b, "%04d-%02u-%02u", y % 10000, m % 13u, d % 32u);
    return json_string(b);
}

static json_t *customer_json(const kith_churn_customer *cu)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(cu->member_id));
    json_object_set_new(o, "name", cu->name[0] ? json_string(cu->name) : json_null());
    json_object_set_new(o, "risk", num(cu->risk));
    json_t *r = json_array();
    for (int i = 0; i < cu->nreasons; i++)
        json_array_append_new(r, json_string(cu->reasons[i]));
    json_object_set_new(o, "reasons", r);
    json_t *f = json_object();
    for (int j = 0; j < KITH_CF__N; j++)
        json_object_set_new(f, kith_churn_feature_name(j), num(cu->x[j]));
    json_object_set_new(o, "features", f);
    return o;
}

static json_t *churn_obj(const kith_churn *c, size_t top)
{
    json_t *root = json_object();
    char iso[32];
    json_object_set_new(root, "as_of", json_string(kith__time_iso(c->as_of, iso)));
    json_object_set_new(root, "horizon_days", num(c->horizon));
    json_object_set_new(root, "c", num(c->c));
    json_t *grid = json_array();
    for (int k = 0; k < c->nc; k++) {
        json_t *g = json_object();
        json_object_set_new(g, "c", num(kith__churn_cgrid[k]));
        json_object_set_new(g, "validation_auc", num(c->auc_by_c[k]));
        json_array_append_new(grid, g);
    }
    json_object_set_new(root, "c_grid", grid);
    json_object_set_new(root, "auc", num(c->auc));
    json_t *ci = json_array();
    json_array_append_new(ci, num(c->auc_lo));
    json_array_append_new(ci, num(c->auc_hi));
    json_object_set_new(root, "auc_ci95", ci);
    json_t *base = json_object();
    json_object_set_new(base, "recency", num(c->base_recency));
    json_object_set_new(base, "p_alive", num(c->base_p_alive));
    json_object_set_new(root, "baseline_auc", base);
    json_t *ev = json_object();
    json_object_set_new(ev, "train_at", day(c, c->snaps[2].at));
    json_object_set_new(ev, "test_at", day(c, c->snaps[1].at));
    json_object_set_new(ev, "c_chosen_at", c->nc ? day(c, c->snaps[3].at) : json_null());
    json_object_set_new(ev, "n_train", json_integer(c->n_train));
    json_object_set_new(ev, "n_test", json_integer(c->n_test));
    json_object_set_new(ev, "churned_test", json_integer(c->churn_test));
    json_object_set_new(root, "evaluation", ev);
    json_t *cal = json_array();
    for (int g = 0; g < c->ndeciles; g++) {
        json_t *d = json_object();
        json_object_set_new(d, "decile", json_integer(g + 1));
        json_object_set_new(d, "n", json_integer(c->deciles[g].n));
        json_object_set_new(d, "mean_risk", num(c->deciles[g].mean_risk));
        json_object_set_new(d, "observed", num(c->deciles[g].observed));
        json_array_append_new(cal, d);
    }
    json_object_set_new(root, "calibration", cal);
    json_t *coef = json_array();
    for (int j = 0; j < KITH_CF__N; j++) {
        if (!c->final.used[j])
            continue;
        json_t *o = json_object();
        json_object_set_new(o, "feature", json_string(kith_churn_feature_name(j)));
        json_object_set_new(o, "coefficient", num(c->final.w[j]));
        json_object_set_new(o, "mean", num(c->final.mean[j]));
        json_object_set_new(o, "sd", num(c->final.sd[j]));
        json_array_append_new(coef, o);
    }
    json_object_set_new(root, "coefficients", coef);
    json_object_set_new(root, "intercept", num(c->final.bias));
    json_t *notes = json_array();
    for (size_t i = 0; i < c->nnotes; i++)
        json_array_append_new(notes, json_string(c->notes[i]));
    json_object_set_new(root, "notes", notes);
    json_object_set_new(root, "scored_customers", json_integer((json_int_t)c->ncust));
    json_t *arr = json_array();
    size_t n = top && top < c->ncust ? top : c->ncust;
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, customer_json(&c->cust[i]));
    json_object_set_new(root, "customers", arr);
    return root;
}

kith_code kith_churn_render_json(const kith_churn *c, size_t top, char **out,
                                 kith_error *err)
{
    return kith__mdl_json_text(churn_obj(c, top), out, err);
}

kith_code kith_churn_json(kith_store *st, int64_t org_id, const kith_churn_opts *opts,
                          size_t top, char **out, kith_error *err)
{
    *out = NULL;
    kith_churn *c = NULL;
    kith_code rc = kith_churn_open(st, org_id, opts, &c, err);
    if (rc == KITH_OK)
        rc = kith_churn_render_json(c, top, out, err);
    kith_churn_close(c);
    return rc;
}

kith_code kith_churn_export(const kith_churn *c, const char *path, kith_error *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return kith_error_set(err, KITH_EIO, "%s: %s", path, strerror(errno));
    fprintf(f, "set,member_id,at,label,risk");
    for (int j = 0; j < KITH_CF__N; j++)
        fprintf(f, ",%s", kith_churn_feature_name(j));
    fprintf(f, "\n");
    static const char *const sets[3] = {"score", "test", "train"};
    for (int k = 2; k >= 0; k--) {
        const churn_snap *s = &c->snaps[k];
        char iso[32];
        kith__time_iso(s->at, iso);
        for (size_t i = 0; i < s->n; i++) {
            fprintf(f, "%s,%lld,%s,%d,", sets[k], (long long)s->id[i], iso,
                    (int)s->label[i]);
            /* The risk the evaluation model gave the test rows, the final
             * model the scored ones; none for the training rows. */
            if (k < 2 && s->risk)
                fprintf(f, "%.17g", s->risk[i]);
            for (int j = 0; j < KITH_CF__N; j++)
                fprintf(f, ",%.17g", s->x[i * KITH_CF__N + j]);
            fprintf(f, "\n");
        }
    }
    int bad = ferror(f);
    if (fclose(f) != 0 || bad)
        return kith_error_set(err, KITH_EIO, "%s: write failed", path);
    return KITH_OK;
}
