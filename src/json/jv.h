/* JSON views: the machine-readable answers that the CLI prints for
 * --format json and the HTTP API serves, built once here with jansson so
 * that both give the same bytes. Helpers shared by the view builders
 * (src/json/ *_json.c, src/auth/). */
#ifndef KITH_JSON_JV_H
#define KITH_JSON_JV_H

#include <jansson.h>
#include <stdint.h>

#include "kith/error.h"
#include "kith/metrics.h"

/* Each returns a new reference (NULL only when out of memory). */
json_t *kith__jv_text(const char *s);        /* NULL -> null; invalid UTF-8 -> U+FFFD */
json_t *kith__jv_time(int64_t t);            /* "YYYY-MM-DDTHH:MM:SSZ" */
json_t *kith__jv_time_or_null(int64_t t);    /* null when t is 0 */
json_t *kith__jv_real(double v);             /* null when not finite */
json_t *kith__jv_value(const kith_value *v); /* the number, or null when n/a */

/* Set key of obj to v (a new reference, stolen). Returns -1 when v is
 * NULL (out of memory) or the set fails; callers OR the results and check
 * once. */
int kith__jv_set(json_t *obj, const char *key, json_t *v);
/* Append v (stolen) to arr; -1 as kith__jv_set. */
int kith__jv_push(json_t *arr, json_t *v);

/* Serialise root (released here, may be NULL = out of memory) as the text
 * every view uses: indented by 2, keys in insertion order, reals with 15
 * significant digits, a final newline. *out is malloc'ed. Errors:
 * KITH_ENOMEM. */
kith_code kith__jv_dump(json_t *root, char **out, kith_error *err);

#endif
