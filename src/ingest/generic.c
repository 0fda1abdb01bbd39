/* The generic reader: CSV or JSON Lines rows into a grec whose values
 * are matched to a format's fields by column name (case and '_'/' '
 * insensitive, with aliases); --map renames any other CSV's columns. The
 * formats on it are generic_rows.c (members, activities, initiatives,
 * ideas, social_posts, web_sessions), generic_outcomes.c and rates.c. The
 * column reference is docs/import.md. */
#include <ctype.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/norm.h"
#include "ingest/generic.h"

/* Column-name match: case-insensitive, treating ' ', '-' and '_' alike. */
static int name_eq(const char *a, size_t alen, const char *b)
{
    size_t blen = strlen(b);
    if (alen != blen)
        return 0;
    for (size_t i = 0; i < alen; i++) {
        char x = (char)tolower((unsigned char)a[i]);
        char y = (char)tolower((unsigned char)b[i]);
        if (x == ' ' || x == '-')
            x = '_';
        if (y == ' ' || y == '-')
            y = '_';
        if (x != y)
            return 0;
    }
    return 1;
}

static int field_index(const gfield *f, int nf, const char *col)
{
    size_t len = strlen(col);
    while (len && isspace((unsigned char)col[len - 1]))
        len--;
    while (len && isspace((unsigned char)*col)) {
        col++;
        len--;
    }
    for (int i = 0; i < nf; i++) {
        if (name_eq(col, len, f[i].name))
            return i;
        const char *a = f[i].aliases;
        while (a && *a) {
            const char *e = strchr(a, '|');
            size_t al = e ? (size_t)(e - a) : strlen(a);
            char tmp[64];
            snprintf(tmp, sizeof tmp, "%.*s", (int)al, a);
            if (name_eq(col, len, tmp))
                return i;
            a = e ? e + 1 : NULL;
        }
    }
    return -1;
}

static int is_jsonl(const char *path)
{
    const char *dot = strrchr(path, '.');
    return dot && (strcasecmp(dot, ".jsonl") == 0 || strcasecmp(dot, ".ndjson") == 0 ||
                   strcasecmp(dot, ".json") == 0);
}

static kith_code missing_required(kith_importer *imp, const gfield *f, int nf,
                                  const int *have)
{
    for (int i = 0; i < nf; i++)
        if (f[i].required && !have[i]) {
            imp->line = 1;
            return kith__imp_bad(imp, f[i].name,
                                 "required column is missing (rename a column "
                                 "with --map COLUMN=%s)",
                                 f[i].name);
        }
    return KITH_OK;
}

/* ---------------------------------------------------------------- CSV */

static kith_code run_csv(kith_importer *imp, const char *path, const gfield *f, int nf,
                         int allow_extra, grow_fn fn)
{
    kith_csv *c = NULL;
    kith_code rc = kith__csv_open(path, imp->display, &c, imp->err);
    if (rc != KITH_OK)
        return rc;
    imp->date_scan = 1;
    char **fields = NULL;
    int n = 0;
    long line = 0;
    int colmap[4096];
    char *header[4096];
    int nh = 0;
    int have[GMAX] = {0};
    memset(header, 0, sizeof header);

    int got = kith__csv_next(c, &fields, &n, &line, imp->err);
    if (got < 0) {
        rc = KITH_EINPUT;
        goto done;
    }
    if (got == 0) {
        rc = kith_error_set_at(imp->err, KITH_EINPUT, imp->display, 1,
                               "the file is empty: expected a header line");
        goto done;
    }
    /* The reject file repeats the header (as the file spells it) with a
     * reason column, so that it can be fixed and imported again. */
    if (imp->reject)
        kith__csv_write_row(imp->reject, fields, n, "reason");
    nh = n;
    for (int i = 0; i < n; i++) {
        const char *name = fields[i];
        /* --map col=field */
        for (int m = 0; m < imp->opts->nmap; m++) {
            const char *spec = imp->opts->map[m];
            const char *eq = strchr(spec, '=');
            if (eq && name_eq(spec, (size_t)(eq - spec), name))
                name = eq + 1;
        }
        header[i] = strdup(name);
        if (!header[i]) {
            rc = kith_error_set(imp->err, KITH_ENOMEM, "out of memory");
            goto done;
        }
        int fi = field_index(f, nf, name);
        colmap[i] = fi;
        if (fi >= 0) {
            if (have[fi]) {
                imp->line = line;
                rc = kith__imp_bad(imp, name, "column appears twice in the header");
                goto done;
            }
            have[fi] = 1;
        } else if (!allow_extra && !kith__blank(name)) {
            imp->line = line;
            rc = kith__imp_bad(imp, name,
                               "unknown column (see docs/import.md, or rename it "
                               "with --map '%s=FIELD')",
                               name);
            goto done;
        }
    }
    rc = missing_required(imp, f, nf, have);
    if (rc != KITH_OK)
        goto done;

    for (;;) {
        got = kith__csv_next(c, &fields, &n, &line, imp->err);
        if (got < 0) {
            /* Broken quoting: the reader cannot find where the next record
             * starts, so even with a reject file the import stops here. */
            rc = KITH_EINPUT;
            goto done;
        }
        if (got == 0)
            break;
        uint64_t done_b, total_b;
        kith__csv_progress(c, &done_b, &total_b);
        kith__imp_progress(imp, done_b, total_b);
        rc = kith__imp_row_begin(imp, line);
        if (rc != KITH_OK)
            goto done;
        kith__imp_raw_fields(imp, fields, n);
        kith_code row = KITH_OK;
        /* A ragged row is an error: padding it or dropping trailing empty
         * fields would silently shift an unquoted "1,234.50" into the next
         * column. */
        if (n != nh) {
            row = kith__imp_bad(imp, NULL,
                                "row has %d fields but the header has %d; check "
                                "for an unquoted comma or a missing field",
                                n, nh);
        } else {
            grec r;
            memset(&r, 0, sizeof r);
            for (int i = 0; i < nh; i++) {
                if (colmap[i] >= 0) {
                    r.v[colmap[i]] = kith__blank(fields[i]) ? NULL : fields[i];
                    r.vcol[colmap[i]] = header[i];
                } else if (allow_extra && r.nx < 256 && !kith__blank(header[i])) {
                    r.xname[r.nx] = header[i];
                    r.xval[r.nx] = fields[i];
                    r.nx++;
                }
            }
            for (int i = 0; i < nf; i++)
                if (!r.vcol[i])
                    r.vcol[i] = f[i].name;
            row = fn(imp, &r);
        }
        rc = kith__imp_row_end(imp, row);
        if (rc != KITH_OK)
            goto done;
    }
done:
    for (int i = 0; i < nh; i++)
        free(header[i]);
    kith__csv_close(c);
    return rc;
}

/* ---------------------------------------------------------------- JSONL */

static char *fmt_alloc(const char *fmt, ...) KITH_PRINTF(1, 2);
static char *fmt_alloc(const char *fmt, ...)
{
    char tmp[64];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    return n < 0 ? NULL : strdup(tmp);
}

static kith_code run_jsonl(kith_importer *imp, const char *path, const gfield *f, int nf,
                           int allow_extra, grow_fn fn)
{
    kith_jsonl *j = NULL;
    kith_code rc = kith__jsonl_open(path, imp->display, &j, imp->err);
    if (rc != KITH_OK)
        return rc;
    imp->date_scan = 2;
    /* Values converted to text live here for the duration of one row. */
    char *conv[GMAX + 256];
    int nconv = 0;
    if (imp->reject) {
        char *head[] = {"record"};
        kith__csv_write_row(imp->reject, head, 1, "reason");
    }
    for (;;) {
        json_t *obj = NULL;
        long line = 0;
        int got = kith__jsonl_next(j, &obj, &line, imp->err);
        if (got < 0) {
            imp->line = line;
            rc = kith__imp_row_begin(imp, line);
            if (rc == KITH_OK) {
                kith__imp_raw_text(imp, kith__jsonl_raw(j));
                rc = kith__imp_row_end(imp, KITH_EINPUT);
            }
            if (rc != KITH_OK)
                goto done;
            continue; /* JSON Lines resync at the next line */
        }
        if (got == 0)
            break;
        uint64_t done_b, total_b;
        kith__jsonl_progress(j, &done_b, &total_b);
        kith__imp_progress(imp, done_b, total_b);
        rc = kith__imp_row_begin(imp, line);
        if (rc != KITH_OK)
            goto done;
        kith__imp_raw_text(imp, kith__jsonl_raw(j));
        grec r;
        memset(&r, 0, sizeof r);
        kith_code row = KITH_OK;
        const char *key;
        json_t *val;
        json_object_foreach (obj, key, val) {
            const char *name = key;
            for (int m = 0; m < imp->opts->nmap; m++) {
                const char *spec = imp->opts->map[m];
                const char *eq = strchr(spec, '=');
                if (eq && name_eq(spec, (size_t)(eq - spec), name))
                    name = eq + 1;
            }
            int fi = field_index(f, nf, name);
            char *text = NULL;
            if (json_is_string(val)) {
                text = strdup(json_string_value(val));
            } else if (json_is_integer(val)) {
                text = fmt_alloc("%" JSON_INTEGER_FORMAT, json_integer_value(val));
            } else if (json_is_real(val)) {
                text = fmt_alloc("%.17g", json_real_value(val));
            } else if (json_is_boolean(val)) {
                text = strdup(json_is_true(val) ? "true" : "false");
            } else if (json_is_null(val)) {
                continue;
            } else if (fi < 0 && allow_extra) {
                text = json_dumps(val, JSON_COMPACT);
            } else {
                row = kith__imp_bad(imp, key, "expected a string or number, not %s",
                                    json_is_object(val) ? "an object" : "an array");
                break;
            }
            if (!text) {
                row = kith_error_set(imp->err, KITH_ENOMEM, "out of memory");
                break;
            }
            conv[nconv++] = text;
            if (fi >= 0) {
                r.v[fi] = kith__blank(text) ? NULL : text;
                r.vcol[fi] = key;
            } else if (allow_extra && r.nx < 256) {
                r.xname[r.nx] = key;
                r.xval[r.nx] = text;
                r.nx++;
            } else if (!allow_extra) {
                row = kith__imp_bad(imp, key,
                                    "unknown field (see docs/import.md, or rename "
                                    "it with --map '%s=FIELD')",
                                    key);
                break;
            }
            if (nconv >= GMAX + 255)
                break;
        }
        if (row == KITH_OK) {
            for (int i = 0; i < nf; i++) {
                if (!r.vcol[i])
                    r.vcol[i] = f[i].name;
                if (f[i].required && !r.v[i] && row == KITH_OK)
                    row = kith__imp_bad(imp, f[i].name, "required field is missing");
            }
        }
        if (row == KITH_OK)
            row = fn(imp, &r);
        for (int i = 0; i < nconv; i++)
            free(conv[i]);
        nconv = 0;
        rc = kith__imp_row_end(imp, row);
        if (rc != KITH_OK)
            goto done;
    }
done:
    for (int i = 0; i < nconv; i++)
        free(conv[i]);
    kith__jsonl_close(j);
    return rc;
}

kith_code kith__gen_run(kith_importer *imp, const char *path, const gfield *f, int nf,
                        int allow_extra, grow_fn fn)
{
    if (is_jsonl(path))
        return run_jsonl(imp, path, f, nf, allow_extra, fn);
    return run_csv(imp, path, f, nf, allow_extra, fn);
}
