/* The JSON form of a segmentation (kith_segments_render_json): what
 * `kith segments --format json` prints and the HTTP API serves; fields in
 * docs/segments.md. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeparse.h"
#include "models/segments_int.h"

/* A finite number, or null (JSON has no NaN). */
static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *segment_json(const kith_segments *s, const kith__seg *g)
{
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(g->name));
    json_object_set_new(o, "description", json_string(g->description));
    json_object_set_new(o, "customers", json_integer(g->customers));
    json_object_set_new(o, "share",
                        num(s->ncust ? (double)g->customers / (double)s->ncust : NAN));
    json_t *means = json_object();
    for (int j = 0; j < KITH__NFEAT; j++)
        json_object_set_new(means, kith__feat_names[j],
                            g->customers ? num(g->mean[j]) : json_null());
    json_object_set_new(o, "means", means);
    json_object_set_new(o, "spend_total", num(g->spend_total));
    if (s->method == KITH_SEG_KMEANS) {
        json_t *c = json_object();
        for (int j = 0; j < KITH__NFEAT; j++)
            if (s->used[j])
                json_object_set_new(c, kith__feat_names[j], num(g->centre[j]));
        json_object_set_new(o, "centre", c);
    }
    return o;
}

static void kmeans_json(const kith_segments *s, json_t *root)
{
    json_object_set_new(root, "k", json_integer(s->k));
    json_object_set_new(root, "k_chosen_by",
                        json_string(s->k_given ? "given" : "silhouette"));
    json_t *tried = json_array();
    for (int i = 0; i < s->nk; i++) {
        json_t *t = json_object();
        json_object_set_new(t, "k", json_integer(s->ks[i]));
        json_object_set_new(t, "silhouette", num(s->sil[i]));
        json_array_append_new(tried, t);
    }
    json_object_set_new(root, "k_tried", tried);
    json_object_set_new(root, "silhouette", num(s->silhouette));
    json_object_set_new(root, "silhouette_rows", json_integer((json_int_t)s->sample));
    json_object_set_new(root, "inertia", num(s->inertia));
    json_object_set_new(root, "restarts", json_integer(s->restarts));
    json_object_set_new(root, "seed", json_integer((json_int_t)s->seed));
    json_object_set_new(root, "iterations", json_integer(s->iterations));
    json_t *feats = json_array();
    for (int j = 0; j < KITH__NFEAT; j++) {
        json_t *f = json_object();
        json_object_set_new(f, "id", json_string(kith__feat_names[j]));
        json_object_set_new(f, "transform",
                            json_string(kith__feat_log[j] ? "log1p" : "none"));
        json_object_set_new(f, "used", json_boolean(s->used[j]));
        json_object_set_new(f, "mean", s->used[j] ? num(s->fmean[j]) : json_null());
        json_object_set_new(f, "sd", s->used[j] ? num(s->fsd[j]) : json_null());
        if (!s->used[j])
            json_object_set_new(f, "why", json_string("the same for every customer"));
        json_array_append_new(feats, f);
    }
    json_object_set_new(root, "features", feats);
}

static json_t *members_json(const kith_segments *s)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < s->nmembers; i++) {
        if (s->seg[i] < 0)
            continue;
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(s->ids[i]));
        json_object_set_new(o, "segment", json_string(s->segs[s->seg[i]].name));
        if (s->score) {
            json_object_set_new(o, "r", json_integer(s->score[3 * i]));
            json_object_set_new(o, "f", json_integer(s->score[3 * i + 1]));
            json_object_set_new(o, "m", json_integer(s->score[3 * i + 2]));
        }
        json_array_append_new(arr, o);
    }
    return arr;
}

kith_code kith_segments_render_json(const kith_segments *s, char **out, kith_error *err)
{
    char buf[32];
    *out = NULL;
    json_t *root = json_object();
    json_object_set_new(root, "method",
                        json_string(s->method == KITH_SEG_RFM ? "rfm" : "kmeans"));
    json_object_set_new(root, "as_of", json_string(kith__time_iso(s->as_of, buf)));
    json_object_set_new(root, "currency",
                        s->currency[0] ? json_string(s->currency) : json_null());
    json_object_set_new(root, "customers", json_integer((json_int_t)s->ncust));
    if (s->method == KITH_SEG_KMEANS)
        kmeans_json(s, root);
    json_t *segs = json_array();
    for (int g = 0; g < s->nseg; g++)
        json_array_append_new(segs, segment_json(s, &s->segs[g]));
    json_object_set_new(root, "segments", segs);
    if (s->opts.with_members)
        json_object_set_new(root, "members", members_json(s));
    char *text =
        json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
    json_decref(root);
    if (!text)
        return kith_error_set(err, KITH_ENOMEM, "out of memory writing JSON");
    /* The CLI prints it as is, with a final newline. */
    size_t len = strlen(text);
    char *t2 = realloc(text, len + 2);
    if (!t2) {
        free(text);
        return kith_error_set(err, KITH_ENOMEM, "out of memory writing JSON");
    }
    t2[len] = '\n';
    t2[len + 1] = 0;
    *out = t2;
    return KITH_OK;
}

kith_code kith_segments_json(kith_store *st, int64_t org_id,
                             const kith_segments_opts *opts, char **out, kith_error *err)
{
    kith_segments *s = NULL;
    *out = NULL;
    kith_code rc = kith_segments_compute(st, org_id, opts, &s, err);
    if (rc == KITH_OK)
        rc = kith_segments_render_json(s, out, err);
    kith_segments_free(s);
    return rc;
}
