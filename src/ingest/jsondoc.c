/* JSON input shared by the Slack and Discord adapters: whole documents
 * (Slack's small files) and a value-by-value stream (Discord's exports),
 * both through jansson, and typed field access with JSON-path errors. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/norm.h"
#include "ingest/jsondoc.h"

kith_code kith__jdoc_load_mem(const char *data, size_t len, const char *display,
                              json_t **out, kith_error *err)
{
    *out = NULL;
    if (len >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB &&
        (unsigned char)data[2] == 0xBF) {
        data += 3;
        len -= 3;
    }
    json_error_t je;
    json_t *v = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
    if (!v)
        return kith_error_set_at(err, KITH_EINPUT, display, je.line > 0 ? je.line : 1,
                                 "column %d: invalid JSON: %s",
                                 je.column > 0 ? je.column : 1, je.text);
    *out = v;
    return KITH_OK;
}

/* ---------------------------------------------------------------- stream */

struct kith_jstream {
    FILE *f;
    char display[512];
    unsigned char buf[65536];
    size_t pos, len;
    uint64_t offset, size;
    long line, col;           /* of the last byte read (col 0: none yet); long:
                               * a file may have more than 2^31 of either */
    long prev_line, prev_col; /* before it, to put one byte back */
    int eof, ioerr;
};

kith_code kith__js_open(const char *path, const char *display, kith_jstream **out,
                        kith_error *err)
{
    *out = NULL;
    kith_jstream *js = calloc(1, sizeof *js);
    if (!js)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    js->f = fopen(path, "rb");
    if (!js->f) {
        int e = errno;
        free(js);
        return kith_error_set(err, KITH_EIO, "%s: cannot open: %s", display, strerror(e));
    }
    struct stat sb;
    if (fstat(fileno(js->f), &sb) == 0)
        js->size = (uint64_t)sb.st_size;
    snprintf(js->display, sizeof js->display, "%s", display);
    js->line = 1;
    js->len = fread(js->buf, 1, sizeof js->buf, js->f);
    if (js->len >= 3 && js->buf[0] == 0xEF && js->buf[1] == 0xBB && js->buf[2] == 0xBF)
        js->pos = 3;
    *out = js;
    return KITH_OK;
}

void kith__js_close(kith_jstream *js)
{
    if (!js)
        return;
    if (js->f)
        fclose(js->f);
    free(js);
}

/* Make a byte available: 1, or 0 at the end of the file (or on an error,
 * which sets ioerr). */
static int js_fill(kith_jstream *js)
{
    if (js->pos < js->len)
        return 1;
    if (js->eof)
        return 0;
    js->pos = 0;
    js->len = fread(js->buf, 1, sizeof js->buf, js->f);
    if (js->len == 0) {
        js->eof = 1;
        js->ioerr = ferror(js->f) != 0;
        return 0;
    }
    return 1;
}

/* Read one byte, counting lines and columns as jansson does (a column is
 * a character: UTF-8 continuation bytes do not count). */
static int js_get(kith_jstream *js)
{
    if (!js_fill(js))
        return -1;
    unsigned char c = js->buf[js->pos++];
    js->offset++;
    js->prev_line = js->line;
    js->prev_col = js->col;
    if (c == '\n') {
        js->line++;
        js->col = 0;
    } else if ((c & 0xC0) != 0x80) {
        js->col++;
    }
    return c;
}

/* Put back the byte just read (one at most). */
static void js_unget(kith_jstream *js)
{
    js->pos--;
    js->offset--;
    js->line = js->prev_line;
    js->col = js->prev_col;
}

int kith__js_peek(kith_jstream *js, kith_error *err)
{
    for (;;) {
        if (!js_fill(js)) {
            if (js->ioerr) {
                kith_error_set(err, KITH_EIO, "%s: cannot read", js->display);
                return -2;
            }
            return -1;
        }
        unsigned char c = js->buf[js->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            return c;
        js_get(js);
    }
}

void kith__js_take(kith_jstream *js)
{
    js_get(js);
}

/* jansson asks for input through this; one byte at a time, so that it
 * never reads past the value it parses (it reads one byte past a number
 * or a literal, which kith__js_value puts back). */
static size_t js_feed(void *buffer, size_t buflen, void *data)
{
    kith_jstream *js = data;
    if (buflen == 0)
        return 0;
    int c = js_get(js);
    if (c < 0)
        return js->ioerr ? (size_t)-1 : 0;
    *(unsigned char *)buffer = (unsigned char)c;
    return 1;
}

kith_code kith__js_value(kith_jstream *js, json_t **out, kith_error *err)
{
    *out = NULL;
    int c = kith__js_peek(js, err);
    if (c == -2)
        return KITH_EIO;
    long line = js->line, col = js->col;
    uint64_t start = js->offset;
    json_error_t je;
    json_t *v = json_load_callback(
        js_feed, js, JSON_REJECT_DUPLICATES | JSON_DISABLE_EOF_CHECK | JSON_DECODE_ANY,
        &je);
    if (js->ioerr) {
        json_decref(v);
        return kith_error_set(err, KITH_EIO, "%s: cannot read", js->display);
    }
    if (!v) {
        /* jansson counts from where it started: line 1 there is this
         * value's line, and its columns follow the ones before. */
        long el = je.line > 0 ? line + je.line - 1 : js->line;
        long ec = je.line == 1  ? col + je.column
                  : je.line > 1 ? (long)je.column
                                : js->col;
        return kith_error_set_at(err, KITH_EINPUT, js->display, el,
                                 "column %ld: invalid JSON: %s", ec > 0 ? ec : 1L,
                                 je.text);
    }
    /* A number or literal ends where the next byte starts: jansson read
     * that byte to see it, unless the file ended. */
    if ((json_is_number(v) || json_is_boolean(v) || json_is_null(v)) &&
        js->offset > start && !(js->eof && js->pos >= js->len))
        js_unget(js);
    *out = v;
    return KITH_OK;
}

kith_code kith__js_bad(kith_jstream *js, kith_error *err, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return kith_error_set_at(err, KITH_EINPUT, js->display, js->line,
                             "column %ld: invalid JSON: %s", js->col > 0 ? js->col : 1L,
                             msg);
}

uint64_t kith__js_offset(const kith_jstream *js)
{
    return js->offset;
}

uint64_t kith__js_size(const kith_jstream *js)
{
    return js->size;
}

kith_code kith__jbad(kith_importer *imp, const char *base, const char *key,
                     const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int hb = base && *base, hk = key && *key;
    if (!hb && !hk)
        return kith_error_set_at(imp->err, KITH_EINPUT, imp->display, 0, "%s", msg);
    return kith_error_set_at(imp->err, KITH_EINPUT, imp->display, 0, "%s%s%s: %s",
                             hb ? base : "", hb && hk ? "." : "", hk ? key : "", msg);
}

/* obj[key] with JSON null read as absent. */
static json_t *field(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_null(v) ? NULL : v;
}

kith_code kith__jget_str(kith_importer *imp, json_t *obj, const char *base,
                         const char *key, int required, const char **out)
{
    json_t *v = field(obj, key);
    *out = NULL;
    if (!v && !required)
        return KITH_OK;
    if (!json_is_string(v))
        return kith__jbad(imp, base, key, "expected a string");
    *out = json_string_value(v);
    return KITH_OK;
}

kith_code kith__jget_obj(kith_importer *imp, json_t *obj, const char *base,
                         const char *key, int required, json_t **out)
{
    json_t *v = field(obj, key);
    *out = NULL;
    if (!v && !required)
        return KITH_OK;
    if (!json_is_object(v))
        return kith__jbad(imp, base, key, "expected an object");
    *out = v;
    return KITH_OK;
}

kith_code kith__jget_arr(kith_importer *imp, json_t *obj, const char *base,
                         const char *key, int required, json_t **out)
{
    json_t *v = field(obj, key);
    *out = NULL;
    if (!v && !required)
        return KITH_OK;
    if (!json_is_array(v))
        return kith__jbad(imp, base, key, "expected an array");
    *out = v;
    return KITH_OK;
}

kith_code kith__jget_bool(kith_importer *imp, json_t *obj, const char *base,
                          const char *key, int *out)
{
    json_t *v = field(obj, key);
    *out = 0;
    if (!v)
        return KITH_OK;
    if (!json_is_boolean(v))
        return kith__jbad(imp, base, key, "expected true or false");
    *out = json_is_true(v);
    return KITH_OK;
}

/* "base.key" into buf, for warnings. */
static const char *jpath(char *buf, size_t n, const char *base, const char *key)
{
    int hb = base && *base, hk = key && *key;
    snprintf(buf, n, "%s%s%s", hb ? base : "", hb && hk ? "." : "", hk ? key : "");
    return buf;
}

/* obj[key] when it is of the type wanted (is), else NULL; a value of
 * another type is a warning saying what was expected. */
static kith_code opt_field(kith_importer *imp, json_t *obj, const char *base,
                           const char *key, const char *what, int (*is)(const json_t *),
                           const char *expected, json_t **out)
{
    json_t *v = field(obj, key);
    *out = NULL;
    if (!v)
        return KITH_OK;
    if (is(v)) {
        *out = v;
        return KITH_OK;
    }
    char path[256];
    return kith__imp_warn(imp, jpath(path, sizeof path, base, key),
                          "expected %s; imported the %s without it", expected, what);
}

static int is_string(const json_t *v)
{
    return json_is_string(v);
}

static int is_boolean(const json_t *v)
{
    return json_is_boolean(v);
}

static int is_object(const json_t *v)
{
    return json_is_object(v);
}

kith_code kith__jopt_str(kith_importer *imp, json_t *obj, const char *base,
                         const char *key, const char *what, const char **out)
{
    json_t *v = NULL;
    kith_code rc = opt_field(imp, obj, base, key, what, is_string, "a string", &v);
    *out = v ? json_string_value(v) : NULL;
    return rc;
}

kith_code kith__jopt_bool(kith_importer *imp, json_t *obj, const char *base,
                          const char *key, const char *what, int *out)
{
    json_t *v = NULL;
    kith_code rc = opt_field(imp, obj, base, key, what, is_boolean, "true or false", &v);
    *out = v ? json_is_true(v) : 0;
    return rc;
}

kith_code kith__jopt_obj(kith_importer *imp, json_t *obj, const char *base,
                         const char *key, const char *what, json_t **out)
{
    return opt_field(imp, obj, base, key, what, is_object, "an object", out);
}

kith_code kith__jadd_handle(kith_importer *imp, kith_member_rec *rec, const char *base,
                            const char *key, const char *platform, const char *raw)
{
    char v[KITH_IDENT_VALUE_MAX];
    /* Checked here first so that the message names the JSON path rather
     * than a CSV column. */
    if (kith__norm_handle(raw, v, sizeof v) != 0)
        return kith__jbad(imp, base, key, "'%.80s' is not a user id", raw);
    char col[256];
    snprintf(col, sizeof col, "%s%s%s", base ? base : "", base && *base ? "." : "",
             key ? key : "");
    if (kith__imp_add_handle(imp, rec, col, platform, v) < 0)
        return KITH_EINPUT;
    return KITH_OK;
}

void kith__jraw(kith_importer *imp, json_t *v, char **keep)
{
    free(*keep);
    *keep = NULL;
    if (!imp->reject)
        return;
    *keep = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    kith__imp_raw_text(imp, *keep);
}

kith_code kith__jmember(kith_importer *imp, const kith_member_rec *rec, kith_strmap *seen,
                        int64_t *id)
{
    int64_t before = imp->counts.members_created;
    kith_code rc = kith__imp_member(imp, rec, 0, id);
    if (rc != KITH_OK || !rec->has_first_seen || rec->nids == 0)
        return rc;
    char key[KITH_IDENT_KIND_MAX + KITH_IDENT_VALUE_MAX + 2];
    snprintf(key, sizeof key, "%s\x1f%s", rec->ids[0].kind, rec->ids[0].value);
    int64_t known = 0;
    if (kith__strmap_get(seen, key, &known) && known <= rec->first_seen)
        return KITH_OK;
    if (imp->counts.members_created == before) {
        /* Only the time and the kinds: a chat profile must not overwrite
         * the name a shop or CRM gave the same person. */
        kith_member_rec upd;
        memset(&upd, 0, sizeof upd);
        upd.ids[0] = rec->ids[0];
        upd.nids = 1;
        upd.kinds = rec->kinds;
        upd.flags = rec->flags; /* a bot met first as someone mentioned */
        upd.first_seen = rec->first_seen;
        upd.has_first_seen = 1;
        rc = kith__imp_member(imp, &upd, 1, id);
        if (rc != KITH_OK)
            return rc;
    }
    /* Bounded, like the importer's caches: forgetting only costs an
     * update that changes nothing. */
    if (seen->count >= 262144)
        kith__strmap_clear(seen);
    if (kith__strmap_put(seen, key, rec->first_seen) != KITH_OK)
        return kith_error_set(imp->err, KITH_ENOMEM, "out of memory");
    return KITH_OK;
}
