/* Helpers of the JSON views (see jv.h). */
#include "json/jv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeparse.h"
#include "kith/sentiment.h"

json_t *kith__jv_text(const char *s)
{
    if (!s)
        return json_null();
    /* jansson refuses invalid UTF-8 (the field would vanish); texts and
     * names come from imported files. Valid text (nearly all) is taken as
     * it is; the rest is cleaned first. */
    size_t len = strlen(s);
    json_t *ok = json_stringn(s, len);
    if (ok)
        return ok;
    char *clean = malloc(3 * len + 1);
    if (!clean)
        return NULL;
    size_t n = kith_sentiment_clean_text(s, len, clean);
    json_t *v = json_stringn(clean, n);
    free(clean);
    return v;
}

json_t *kith__jv_time(int64_t t)
{
    char b[32];
    return json_string(kith__time_iso(t, b));
}

json_t *kith__jv_time_or_null(int64_t t)
{
    return t ? kith__jv_time(t) : json_null();
}

json_t *kith__jv_real(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

json_t *kith__jv_value(const kith_value *v)
{
    return v->ok ? kith__jv_real(v->v) : json_null();
}

int kith__jv_set(json_t *obj, const char *key, json_t *v)
{
    if (!v)
        return -1;
    return json_object_set_new(obj, key, v) == 0 ? 0 : -1;
}

int kith__jv_push(json_t *arr, json_t *v)
{
    if (!v)
        return -1;
    return json_array_append_new(arr, v) == 0 ? 0 : -1;
}

kith_code kith__jv_dump(json_t *root, char **out, kith_error *err)
{
    *out = NULL;
    char *text = root ? json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                                             JSON_REAL_PRECISION(15))
                      : NULL;
    json_decref(root);
    size_t n = text ? strlen(text) : 0;
    char *s = text ? realloc(text, n + 2) : NULL;
    if (!s) {
        free(text);
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    }
    s[n] = '\n';
    s[n + 1] = '\0';
    *out = s;
    return KITH_OK;
}
