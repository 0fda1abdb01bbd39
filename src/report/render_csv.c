/* The CSV rendering of the report, in tidy form: one line per value with
 * section,table,row,column,value,unit,n,note. Headline metrics are table
 * "metrics" with row = the metric id and columns value / previous. An n/a
 * value is empty with the reason in note; a money figure's note (what it
 * left out or converted) is there too. A table's own note is one more
 * line, column "note", value empty. Quoting per RFC 4180. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/report_int.h"

static kith_code field(kith_buf *b, const char *s, int last)
{
    kith_code rc = KITH_OK;
    if (strpbrk(s, ",\"\r\n")) {
        rc = kith__buf_putc(b, '"');
        for (const char *p = s; *p && rc == KITH_OK; p++)
            rc = *p == '"' ? kith__buf_puts(b, "\"\"") : kith__buf_putc(b, *p);
        if (rc == KITH_OK)
            rc = kith__buf_putc(b, '"');
    } else {
        rc = kith__buf_puts(b, s);
    }
    return rc == KITH_OK ? kith__buf_puts(b, last ? "\r\n" : ",") : rc;
}

static void number(char *buf, double v)
{
    if (v == floor(v) && fabs(v) < 1e15)
        snprintf(buf, 64, "%.0f", v);
    else
        snprintf(buf, 64, "%.17g", v);
}

static kith_code line(kith_buf *b, const char *const f[8])
{
    kith_code rc = KITH_OK;
    for (int i = 0; i < 8 && rc == KITH_OK; i++)
        rc = field(b, f[i] ? f[i] : "", i == 7);
    return rc;
}

static kith_code value_line(kith_buf *b, const char *sec, const char *row,
                            const char *col, const kith_value *v, rep_unit u)
{
    char val[64] = "", n[32] = "";
    char note[sizeof v->why + sizeof v->note + 4];
    if (v->ok) {
        number(val, v->v);
        snprintf(n, sizeof n, "%lld", (long long)v->n);
    }
    /* An n/a value's reason, and what a money figure left out or
     * converted (both when both). */
    snprintf(note, sizeof note, "%s%s%s", v->ok ? "" : v->why,
             !v->ok && v->note[0] ? "; " : "", v->note);
    const char *f[8] = {sec, "metrics", row, col, val, kith__rep_unit_name(u), n, note};
    return line(b, f);
}

kith_code kith__rep_render_csv(const kith_report *rep, kith_buf *b)
{
    static const char *const head[8] = {"section", "table", "row", "column",
                                        "value",   "unit",  "n",   "note"};
    kith_code rc = line(b, head);
    for (int i = 0; i < rep->nsections && rc == KITH_OK; i++) {
        const rep_section *s = rep->sections[i];
        for (int m = 0; m < s->nmetrics && rc == KITH_OK; m++) {
            const rep_metric *mt = &s->metrics[m];
            rc = value_line(b, s->id, mt->id, "value", &mt->cur, mt->unit);
            if (rc == KITH_OK && mt->has_prev)
                rc = value_line(b, s->id, mt->id, "previous", &mt->prev, mt->unit);
        }
        for (int k = 0; k < s->ntables && rc == KITH_OK; k++) {
            const rep_table *t = s->tables[k];
            for (int r = 0; r < t->nrows && rc == KITH_OK; r++) {
                char rowid[32];
                snprintf(rowid, sizeof rowid, "%d", r + 1);
                for (int c = 0; c < t->ncols && rc == KITH_OK; c++) {
                    const rep_cell *cl = kith__rep_cell(t, r, c);
                    char val[64] = "";
                    const char *v = val, *note = "";
                    if (cl->kind == RC_TEXT)
                        v = cl->s ? cl->s : "";
                    else if (cl->kind == RC_INT)
                        snprintf(val, sizeof val, "%lld", (long long)cl->i);
                    else if (cl->kind == RC_REAL)
                        number(val, cl->d);
                    else
                        note = cl->s ? cl->s : "n/a";
                    const char *f[8] = {s->id, t->id,
                                        rowid, t->cols[c].id,
                                        v,     kith__rep_unit_name(t->cols[c].unit),
                                        "",    note};
                    rc = line(b, f);
                }
            }
            if (rc == KITH_OK && t->note) {
                const char *f[8] = {s->id, t->id, "", "note", "", "", "", t->note};
                rc = line(b, f);
            }
        }
    }
    return rc;
}
