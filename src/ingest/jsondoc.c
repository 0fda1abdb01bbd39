/* Whole-document JSON input shared by the Slack and Discord adapters:
 * loading through jansson and typed field access with JSON-path errors. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/norm.h"
#include "ingest/jsondoc.h"

kith_code kith__jdoc_load(const char *path, const char *display, json_t **out,
                          kith_error *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return kith_error_set(err, KITH_EIO, "%s: cannot open: %s", display,
                              strerror(errno));
    /* Editors on Windows add a byte order mark, which jansson refuses. */
    unsigned char bom[3];
    size_t got = fread(bom, 1, sizeof bom, f);
    if (!(got == 3 && bom[0] == 0xEF && bom[1] == 0xBB && bom[2] == 0xBF))
        rewind(f);
    json_error_t je;
    json_t *v = json_loadf(f, JSON_REJECT_DUPLICATES, &je);
    int ioerr = ferror(f);
    fclose(f);
    if (ioerr) {
        json_decref(v);
        return kith_error_set(err, KITH_EIO, "%s: cannot read", display);
    }
    if (!v)
        return kith_error_set_at(err, KITH_EINPUT, display, je.line > 0 ? je.line : 1,
                                 "column %d: invalid JSON: %s",
                                 je.column > 0 ? je.column : 1, je.text);
    *out = v;
    return KITH_OK;
}

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

kith_code kith__jadd_handle(kith_importer *imp, kith_member_rec *rec,
                            const char *base, const char *key,
                            const char *platform, const char *raw)
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

kith_code kith__jmember(kith_importer *imp, const kith_member_rec *rec,
                        kith_strmap *seen, int64_t *id)
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
        upd.first_seen = rec->first_seen;
        upd.has_first_seen = 1;
        rc = kith__imp_member(imp, &upd, 1, id);
        if (rc != KITH_OK)
            return rc;
    }
    if (kith__strmap_put(seen, key, rec->first_seen) != KITH_OK)
        return kith_error_set(imp->err, KITH_ENOMEM, "out of memory");
    return KITH_OK;
}
