/* Streaming CSV reader over libcsv (strict RFC 4180). The file is fed to
 * libcsv one physical line at a time so that every record knows the line it
 * starts on, which error messages need; memory holds one record. */
#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ingest/ingest_int.h"

#define CSV_MAX_FIELD (16u << 20) /* one field may not exceed 16 MiB */
#define CSV_MAX_FIELDS 4096

struct kith_csv {
    struct csv_parser p;
    FILE *f;
    const char *mem;
    size_t mem_len, mem_pos;
    char *display;
    char *line; /* getline buffer */
    size_t line_cap;
    long lineno;    /* physical line last fed */
    long row_start; /* line the pending record started on, 0 = none */
    /* the pending record */
    char **fields;
    size_t *lens;
    int nfields, cap;
    int row_ready;
    long ready_line;
    int ready_n; /* fields of the record when it ended */
    int too_many;
    int too_long;
    int bare_cr;
    int eof;
    int first;
    uint64_t consumed, total;
};

static void on_field(void *s, size_t len, void *ud)
{
    kith_csv *c = ud;
    if (c->row_ready) {
        /* A field after the end of a record in the same physical line: a
         * bare CR ended that record. Keep the ready record intact. */
        c->bare_cr = 1;
        return;
    }
    if (c->nfields >= CSV_MAX_FIELDS) {
        c->too_many = 1;
        return;
    }
    if (len > CSV_MAX_FIELD) {
        c->too_long = 1;
        len = 0;
    }
    if (c->nfields == c->cap) {
        int ncap = c->cap ? c->cap * 2 : 32;
        char **nf = realloc(c->fields, (size_t)ncap * sizeof *nf);
        size_t *nl = nf ? realloc(c->lens, (size_t)ncap * sizeof *nl) : NULL;
        if (!nf || !nl) {
            if (nf)
                c->fields = nf;
            c->too_many = 1;
            return;
        }
        for (int i = c->cap; i < ncap; i++) {
            nf[i] = NULL;
            nl[i] = 0;
        }
        c->fields = nf;
        c->lens = nl;
        c->cap = ncap;
    }
    int i = c->nfields;
    if (c->lens[i] < len + 1 || !c->fields[i]) {
        char *nb = realloc(c->fields[i], len + 1);
        if (!nb) {
            c->too_many = 1;
            return;
        }
        c->fields[i] = nb;
        c->lens[i] = len + 1;
    }
    if (len)
        memcpy(c->fields[i], s, len);
    c->fields[i][len] = '\0';
    c->nfields++;
}

static void on_row(int term, void *ud)
{
    (void)term;
    kith_csv *c = ud;
    if (c->row_ready || c->row_start == 0) {
        /* Two records in one physical line: a bare CR ended the first.
         * (row_start is 0 when this record began after another ended on
         * the same line; at the end of a file without a final newline
         * that is the only sign.) */
        c->bare_cr = 1;
        return;
    }
    c->row_ready = 1;
    c->ready_n = c->nfields;
    c->ready_line = c->row_start ? c->row_start : c->lineno;
    c->row_start = 0;
}

static kith_code init_common(kith_csv *c, const char *display, kith_error *err)
{
    if (csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    c->display = strdup(display ? display : "-");
    if (!c->display)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    c->first = 1;
    return KITH_OK;
}

kith_code kith__csv_open(const char *path, const char *display, kith_csv **out,
                         kith_error *err)
{
    *out = NULL;
    kith_csv *c = calloc(1, sizeof *c);
    if (!c)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    c->f = fopen(path, "rb");
    if (!c->f) {
        int e = errno;
        free(c);
        kith_error_set(err, KITH_EIO, "%s: cannot open: %s", display ? display : path,
                       strerror(e));
        return KITH_EIO;
    }
    struct stat sb;
    if (fstat(fileno(c->f), &sb) == 0 && S_ISREG(sb.st_mode))
        c->total = (uint64_t)sb.st_size;
    else if (S_ISDIR(sb.st_mode)) {
        fclose(c->f);
        free(c);
        return kith_error_set(err, KITH_EUSAGE, "%s: is a folder, expected a CSV file",
                              display ? display : path);
    }
    kith_code rc = init_common(c, display ? display : path, err);
    if (rc != KITH_OK) {
        kith__csv_close(c);
        return rc;
    }
    *out = c;
    return KITH_OK;
}

kith_code kith__csv_open_mem(const char *data, size_t len, const char *display,
                             kith_csv **out, kith_error *err)
{
    *out = NULL;
    kith_csv *c = calloc(1, sizeof *c);
    if (!c)
        return kith_error_set(err, KITH_ENOMEM, "out of memory");
    c->mem = data;
    c->mem_len = len;
    c->total = len;
    kith_code rc = init_common(c, display, err);
    if (rc != KITH_OK) {
        kith__csv_close(c);
        return rc;
    }
    *out = c;
    return KITH_OK;
}

/* Next physical line including its '\n'; returns length, 0 at EOF. */
static size_t read_line(kith_csv *c)
{
    if (c->f) {
        ssize_t n = getline(&c->line, &c->line_cap, c->f);
        return n > 0 ? (size_t)n : 0;
    }
    if (c->mem_pos >= c->mem_len)
        return 0;
    const char *start = c->mem + c->mem_pos;
    const char *nl = memchr(start, '\n', c->mem_len - c->mem_pos);
    size_t n = nl ? (size_t)(nl - start) + 1 : c->mem_len - c->mem_pos;
    if (n + 1 > c->line_cap) {
        char *nb = realloc(c->line, n + 1);
        if (!nb)
            return 0;
        c->line = nb;
        c->line_cap = n + 1;
    }
    memcpy(c->line, start, n);
    c->line[n] = '\0';
    c->mem_pos += n;
    return n;
}

static int parse_error(kith_csv *c, kith_error *err)
{
    long at = c->row_start ? c->row_start : c->lineno;
    if (c->bare_cr)
        kith_error_set_at(err, KITH_EINPUT, c->display, c->lineno,
                          "column %d: a bare carriage return ends a record inside "
                          "the line; save the file with LF or CRLF line endings",
                          c->ready_n);
    else if (c->too_many)
        kith_error_set_at(err, KITH_EINPUT, c->display, at,
                          "column %d: too many fields (at most %d)", c->nfields + 1,
                          CSV_MAX_FIELDS);
    else if (c->too_long)
        kith_error_set_at(err, KITH_EINPUT, c->display, at,
                          "column %d: field longer than 16 MiB", c->nfields + 1);
    else
        kith_error_set_at(err, KITH_EINPUT, c->display, at,
                          "column %d: malformed CSV quoting (%s); a quote inside "
                          "a field must be doubled and the field quoted",
                          c->nfields + 1, csv_strerror(csv_error(&c->p)));
    return -1;
}

int kith__csv_next(kith_csv *c, char ***fields, int *n, long *line, kith_error *err)
{
    /* The previous record has been handed out; start a new one. */
    if (c->row_ready) {
        c->row_ready = 0;
        c->nfields = 0;
    }
    while (!c->row_ready) {
        if (c->eof)
            return 0;
        size_t len = read_line(c);
        if (len == 0) {
            c->eof = 1;
            if (csv_fini(&c->p, on_field, on_row, c) != 0) {
                kith_error_set_at(err, KITH_EINPUT, c->display,
                                  c->row_start ? c->row_start : c->lineno,
                                  "column %d: quoted field is not closed before "
                                  "the end of the file",
                                  c->nfields + 1);
                return -1;
            }
            if (c->too_many || c->too_long || c->bare_cr)
                return parse_error(c, err);
            break;
        }
        c->lineno++;
        c->consumed += len;
        char *p = c->line;
        if (c->first) {
            c->first = 0;
            if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
                p += 3;
                len -= 3;
            }
        }
        const char *nul = memchr(p, '\0', len);
        if (nul != NULL) {
            /* Parse up to the NUL only to learn its column; the reader is
             * finished after this error anyway. */
            if (c->row_start == 0 && c->nfields == 0)
                c->row_start = c->lineno;
            csv_parse(&c->p, p, (size_t)(nul - p), on_field, on_row, c);
            if (c->row_ready)
                c->nfields = 0;
            kith_error_set_at(err, KITH_EINPUT, c->display, c->lineno,
                              "column %d: NUL byte in the data", c->nfields + 1);
            return -1;
        }
        if (c->row_start == 0 && c->nfields == 0)
            c->row_start = c->lineno;
        size_t done = csv_parse(&c->p, p, len, on_field, on_row, c);
        if (done != len || c->too_many || c->too_long || c->bare_cr)
            return parse_error(c, err);
        /* A blank line (libcsv back at "row not begun") yields no record;
         * forget its start. */
        if (!c->row_ready && c->nfields == 0 && c->p.pstate == 0)
            c->row_start = 0;
    }
    if (!c->row_ready)
        return 0;
    *fields = c->fields;
    *n = c->nfields;
    *line = c->ready_line;
    return 1;
}

void kith__csv_progress(const kith_csv *c, uint64_t *done, uint64_t *total)
{
    *done = c->consumed;
    *total = c->total;
}

void kith__csv_close(kith_csv *c)
{
    if (!c)
        return;
    csv_free(&c->p);
    if (c->f)
        fclose(c->f);
    for (int i = 0; i < c->cap; i++)
        free(c->fields[i]);
    free(c->fields);
    free(c->lens);
    free(c->line);
    free(c->display);
    free(c);
}

static void write_field(FILE *f, const char *s)
{
    if (!s)
        return;
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

void kith__csv_write_row(FILE *f, char *const *fields, int n, const char *extra)
{
    for (int i = 0; i < n; i++) {
        if (i)
            fputc(',', f);
        write_field(f, fields[i]);
    }
    if (extra) {
        if (n)
            fputc(',', f);
        write_field(f, extra);
    }
    fputc('\n', f);
}
