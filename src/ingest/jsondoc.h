/* Whole-document JSON input for the adapters of tools that export JSON
 * documents rather than JSON Lines (Slack, DiscordChatExporter): loading
 * with line/column errors, and typed field access whose errors name the
 * JSON path ("export.json: messages[12].author.id: expected a string"). */
#ifndef KITH_INGEST_JSONDOC_H
#define KITH_INGEST_JSONDOC_H

#include <jansson.h>

#include "ingest/ingest_int.h"

/* Load the JSON document at path (a UTF-8 byte order mark is skipped;
 * duplicate keys are refused, as their meaning is ambiguous). On success
 * *out is a new reference the caller releases with json_decref. Errors:
 * KITH_EIO (cannot open), KITH_EINPUT with "DISPLAY:LINE: column C:
 * invalid JSON: why". Memory: the whole document. */
kith_code kith__jdoc_load(const char *path, const char *display, json_t **out,
                          kith_error *err);
/* As kith__jdoc_load, from len bytes at data (borrowed), with the same
 * messages (no KITH_EIO). */
kith_code kith__jdoc_load_mem(const char *data, size_t len, const char *display,
                              json_t **out, kith_error *err);

/* Set imp->err to "DISPLAY: PATH: why" (PATH = base, '.', key; either may be
 * NULL or empty) and return KITH_EINPUT, which the row protocol turns into
 * a rejected row in reject mode. */
kith_code kith__jbad(kith_importer *imp, const char *base, const char *key,
                     const char *fmt, ...) KITH_PRINTF(4, 5);

/* Typed access to obj[key] (obj must be an object). Absent and null count
 * as missing: required fields then fail with "expected ...", optional ones
 * give NULL (or 0). A value of another type fails with the same message.
 * Returned pointers are borrowed from obj. */
kith_code kith__jget_str(kith_importer *imp, json_t *obj, const char *base,
                         const char *key, int required, const char **out);
kith_code kith__jget_obj(kith_importer *imp, json_t *obj, const char *base,
                         const char *key, int required, json_t **out);
kith_code kith__jget_arr(kith_importer *imp, json_t *obj, const char *base,
                         const char *key, int required, json_t **out);
kith_code kith__jget_bool(kith_importer *imp, json_t *obj, const char *base,
                          const char *key, int *out);

/* Add identity handle:<platform> = raw to rec, reporting a bad value at
 * PATH base.key. raw must not be blank. */
kith_code kith__jadd_handle(kith_importer *imp, kith_member_rec *rec,
                            const char *base, const char *key,
                            const char *platform, const char *raw);

/* Resolve the member rec names (kith__imp_member without update). When
 * rec->has_first_seen, the member's first_seen is also lowered to it if it
 * is earlier: an activity is when a person was first seen, whichever
 * source knew them first. *seen (identity -> earliest time written in this
 * import) keeps that to one update per member per import. */
kith_code kith__jmember(kith_importer *imp, const kith_member_rec *rec,
                        kith_strmap *seen, int64_t *id);

/* Set imp->raw_text to the compact JSON of v for the reject file, when
 * there is one. The text lives in *keep (freed and replaced each call;
 * the caller frees the last one). */
void kith__jraw(kith_importer *imp, json_t *v, char **keep);

#endif
