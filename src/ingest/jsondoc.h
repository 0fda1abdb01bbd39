/* JSON input for the adapters of tools that export JSON
 * documents rather than JSON Lines (Slack, DiscordChatExporter): loading
 * with line/column errors, and typed field access whose errors name the
 * JSON path ("export.json: messages[12].author.id: expected a string"). */
#ifndef KITH_INGEST_JSONDOC_H
#define KITH_INGEST_JSONDOC_H

#include <jansson.h>

#include "ingest/ingest_int.h"

/* Load the JSON document of len bytes at data (borrowed; a UTF-8 byte
 * order mark is skipped; duplicate keys are refused, as their meaning is
 * ambiguous). On success *out is a new reference the caller releases with
 * json_decref. Errors: KITH_EINPUT with "DISPLAY:LINE: column C: invalid
 * JSON: why". */
kith_code kith__jdoc_load_mem(const char *data, size_t len, const char *display,
                              json_t **out, kith_error *err);

/* ---------------------------------------------------------------- stream
 * A JSON document read value by value, for files too large to load whole
 * (a DiscordChatExporter export of a busy channel): the caller walks the
 * outer structure byte by byte (kith__js_peek, kith__js_take) and has
 * jansson parse each inner value (kith__js_value), so memory is one value
 * at a time. Line and column (in characters, as jansson counts them) are
 * tracked through the whole file, so that an error inside any value says
 * where it is in the file. */
typedef struct kith_jstream kith_jstream;

/* Open path (a UTF-8 byte order mark is skipped). KITH_EIO when it cannot
 * be opened. */
kith_code kith__js_open(const char *path, const char *display, kith_jstream **out,
                        kith_error *err);
void kith__js_close(kith_jstream *js);
/* The next byte that is not JSON whitespace, left unread; -1 at the end of
 * the file, -2 on a read error (err set). */
int kith__js_peek(kith_jstream *js, kith_error *err);
/* Consume the byte kith__js_peek returned. */
void kith__js_take(kith_jstream *js);
/* Parse the next value (any JSON type; duplicate keys refused) into *out,
 * a new reference. Errors: KITH_EINPUT "DISPLAY:LINE: column C: invalid
 * JSON: why" with the position in the file, KITH_EIO. */
kith_code kith__js_value(kith_jstream *js, json_t **out, kith_error *err);
/* "DISPLAY:LINE: column C: invalid JSON: why" at the last byte read;
 * returns KITH_EINPUT. */
kith_code kith__js_bad(kith_jstream *js, kith_error *err, const char *fmt, ...)
    KITH_PRINTF(3, 4);
/* Bytes read so far (after the byte order mark), and the file's size. */
uint64_t kith__js_offset(const kith_jstream *js);
uint64_t kith__js_size(const kith_jstream *js);

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

/* Lenient access for the optional profile fields of tools' exports: a value
 * of another type is left out with a warning ("PATH: expected a string;
 * imported the <what> without it"), never an error; *out is then NULL (0).
 * Errors: KITH_ENOMEM only. */
kith_code kith__jopt_str(kith_importer *imp, json_t *obj, const char *base,
                         const char *key, const char *what, const char **out);
kith_code kith__jopt_bool(kith_importer *imp, json_t *obj, const char *base,
                          const char *key, const char *what, int *out);
kith_code kith__jopt_obj(kith_importer *imp, json_t *obj, const char *base,
                         const char *key, const char *what, json_t **out);

/* Add identity handle:<platform> = raw to rec, reporting a bad value at
 * PATH base.key. raw must not be blank. */
kith_code kith__jadd_handle(kith_importer *imp, kith_member_rec *rec, const char *base,
                            const char *key, const char *platform, const char *raw);

/* Resolve the member rec names (kith__imp_member without update). When
 * rec->has_first_seen, the member's first_seen is also lowered to it if it
 * is earlier: an activity is when a person was first seen, whichever
 * source knew them first. *seen (identity -> earliest time written in this
 * import) keeps that to one update per member per import. */
kith_code kith__jmember(kith_importer *imp, const kith_member_rec *rec, kith_strmap *seen,
                        int64_t *id);

/* Set imp->raw_text to the compact JSON of v for the reject file, when
 * there is one. The text lives in *keep (freed and replaced each call;
 * the caller frees the last one). */
void kith__jraw(kith_importer *imp, json_t *v, char **keep);

#endif
