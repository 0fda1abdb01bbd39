/* What an import tells its user besides the rows it wrote: the units it
 * counts in, the records it left out on purpose, the optional fields of a
 * tool's export it could not read (warnings: the record is kept without
 * them), notes about the file as a whole, and the options that decided
 * what was written. Also the tool formats' lenient reading of optional
 * identities (emails, phones), which produces those warnings. */
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/norm.h"
#include "ingest/ingest_int.h"

void kith__imp_units(kith_importer *imp, const char *read0, const char *read1,
                     const char *made)
{
    imp->read_unit[0] = read0;
    imp->read_unit[1] = read1;
    imp->made_unit = made;
    imp->unit = 0;
}

void kith__imp_skip(kith_importer *imp, const char *why)
{
    int k = KITH_SKIP_KINDS - 1; /* the last kind takes whatever does not fit */
    for (int i = 0; i < KITH_SKIP_KINDS; i++) {
        if (!imp->skip_why[i]) {
            imp->skip_why[i] = why;
            k = i;
            break;
        }
        if (strcmp(imp->skip_why[i], why) == 0) {
            k = i;
            break;
        }
    }
    imp->counts.skipped++;
    imp->counts.skip_n[k]++;
}

kith_code kith__imp_warn(kith_importer *imp, const char *where, const char *fmt, ...)
{
    char msg[700], text[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (imp->line > 0)
        snprintf(text, sizeof text, "%s:%ld: column '%s': %s", imp->display, imp->line,
                 where ? where : "", msg);
    else if (where && *where)
        snprintf(text, sizeof text, "%s: %s: %s", imp->display, where, msg);
    else
        snprintf(text, sizeof text, "%s: %s", imp->display, msg);
    imp->counts.warnings++;
    if (imp->npending == imp->cappending) {
        int cap = imp->cappending ? imp->cappending * 2 : 4;
        char **p = realloc(imp->pending, (size_t)cap * sizeof *p);
        if (!p)
            return kith_error_set(imp->err, KITH_ENOMEM, "out of memory");
        imp->pending = p;
        imp->cappending = cap;
    }
    imp->pending[imp->npending] = strdup(text);
    if (!imp->pending[imp->npending])
        return kith_error_set(imp->err, KITH_ENOMEM, "out of memory");
    imp->npending++;
    /* Outside a row (a file-level field) nothing can roll it back. */
    if (!imp->in_row)
        kith__imp_warnings_flush(imp, 1);
    return KITH_OK;
}

void kith__imp_warnings_flush(kith_importer *imp, int kept)
{
    for (int i = 0; i < imp->npending; i++) {
        if (kept && imp->opts->warn)
            imp->opts->warn(imp->opts->warn_ud, imp->pending[i]);
        /* The reject file lists them too, each with its record, so that
         * the file shows everything that was not imported as it was. */
        if (kept && imp->reject) {
            char reason[1300];
            snprintf(reason, sizeof reason, "imported without this field: %s",
                     imp->pending[i]);
            if (imp->raw_fields) {
                kith__csv_write_row(imp->reject, imp->raw_fields, imp->raw_n, reason);
            } else {
                char *one[1] = {(char *)(imp->raw_text ? imp->raw_text : "")};
                kith__csv_write_row(imp->reject, one, 1, reason);
            }
        }
        free(imp->pending[i]);
    }
    imp->npending = 0;
}

void kith__imp_note(kith_importer *imp, const char *fmt, ...)
{
    char text[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    for (int i = 0; i < imp->nnotes; i++)
        if (strcmp(imp->notes[i], text) == 0)
            return;
    if (imp->nnotes < KITH_IMPORT_NOTES)
        memcpy(imp->notes[imp->nnotes++], text, sizeof text);
}

kith_code kith__imp_option(kith_importer *imp, const char *key, const char *value)
{
    json_t *o = imp->options ? json_loads(imp->options, 0, NULL) : json_object();
    if (!o)
        return kith_error_set(imp->err, KITH_ENOMEM, "out of memory");
    if (value)
        json_object_set_new(o, key, json_string(value));
    else
        json_object_del(o, key);
    char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    if (!text)
        return kith_error_set(imp->err, KITH_ENOMEM, "out of memory");
    free(imp->options);
    imp->options = text;
    return KITH_OK;
}

/* ================================================================ identities */

int kith__imp_opt_email(kith_importer *imp, kith_member_rec *rec, const char *where,
                        const char *raw, const char *what)
{
    if (kith__blank(raw))
        return 1;
    char v[KITH_IDENT_VALUE_MAX];
    if (kith__norm_email(raw, v, sizeof v) != 0)
        return kith__imp_warn(imp, where,
                              "'%.80s' is not an email address; imported the %s "
                              "without it",
                              raw, what) == KITH_OK
                   ? 1
                   : -1;
    return kith__imp_add_email(imp, rec, where, v) < 0 ? -1 : 0;
}

int kith__imp_opt_phone(kith_importer *imp, kith_member_rec *rec, const char *where,
                        const char *raw, const char *cc, const char *what)
{
    if (kith__blank(raw))
        return 1;
    const char *code = cc && *cc ? cc : imp->orginfo.phone_country_code;
    char v[KITH_IDENT_VALUE_MAX];
    int r = kith__norm_phone(raw, code, v, sizeof v);
    if (r == -2) {
        /* Said once for the file (kith_import's notes), with an example. */
        if (imp->phones_no_cc++ == 0) {
            snprintf(imp->phone_example, sizeof imp->phone_example, "%.40s", raw);
            imp->phone_line = imp->line;
        }
        return 1;
    }
    if (r != 0)
        return kith__imp_warn(imp, where,
                              "'%.80s' is not a phone number; imported the %s without "
                              "it",
                              raw, what) == KITH_OK
                   ? 1
                   : -1;
    for (int i = 0; i < rec->nids; i++)
        if (!strcmp(rec->ids[i].kind, "phone") && !strcmp(rec->ids[i].value, v))
            return 0;
    if (rec->nids >= KITH_MAX_IDENTS)
        return kith__imp_warn(imp, where,
                              "too many identities; imported the %s without %s", what,
                              raw) == KITH_OK
                   ? 1
                   : -1;
    memcpy(rec->ids[rec->nids].kind, "phone", 6);
    memcpy(rec->ids[rec->nids].value, v, strlen(v) + 1);
    rec->nids++;
    return 0;
}
