/* The CSV rendering of the report, in tidy form: one line per value with
 * section,table,row,column,value,unit,n,note. Headline metrics are table
 * "metrics" with row = the metric id and columns value / previous. An n/a
 * value is empty with the reason in note; a money figure's note (what it
 * left out or converted) is there too. A table's own note is one more
 * line, column "note", value empty. Quoting per RFC 4180. The findings and
 * headline figures come first (section and table "findings" and
 * "headlines", row = their id). */
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

#define NOTE_MAX (sizeof(((kith_value *)0)->why) + sizeof(((kith_value *)0)->note) + 4)

/* The note column of a value: an n/a value's reason, and what a money
 * figure left out or converted (both when both). buf is NOTE_MAX bytes. */
static const char *note_of(const kith_value *v, char *buf)
{
    snprintf(buf, NOTE_MAX, "%s%s%s", v->ok ? "" : v->why,
             !v->ok && v->note[0] ? "; " : "", v->note);
    return buf;
}

static kith_code value_line(kith_buf *b, const char *sec, const char *row,
                            const char *col, const kith_value *v, rep_unit u)
{
    char val[64] = "", n[32] = "", note[NOTE_MAX];
    if (v->ok) {
        number(val, v->v);
        snprintf(n, sizeof n, "%lld", (long long)v->n);
    }
    const char *f[8] = {sec, "metrics",       row, col, val, kith__rep_unit_name(u),
                        n,   note_of(v, note)};
    return line(b, f);
}

/* One record of the findings or headlines blocks: value as text. */
static kith_code text_line(kith_buf *b, const char *block, const char *row,
                           const char *col, const char *value)
{
    const char *f[8] = {block, block, row, col, value, "text", "", ""};
    return line(b, f);
}

static kith_code number_line(kith_buf *b, const char *block, const char *row,
                             const char *col, double v, rep_unit u)
{
    char val[64] = "";
    if (isfinite(v))
        number(val, v);
    const char *f[8] = {block, block,
                        row,   col,
                        val,   kith__rep_unit_name(u),
                        "",    isfinite(v) ? "" : "not defined"};
    return line(b, f);
}

/* Each finding: kind, rule, text, evidence, then its numbers and items
 * (item_1, item_2, ...); section and table "findings". */
static kith_code findings(const kith_report *rep, kith_buf *b)
{
    kith_code rc = KITH_OK;
    for (int i = 0; i < rep->nfindings && rc == KITH_OK; i++) {
        const rep_finding *f = &rep->findings[i];
        char anchor[96], key[32];
        rc =
            text_line(b, "findings", f->id, "kind", kith__rep_finding_kind_name(f->kind));
        if (rc == KITH_OK)
            rc = text_line(b, "findings", f->id, "rule", f->rule);
        if (rc == KITH_OK)
            rc = text_line(b, "findings", f->id, "text", f->text);
        if (rc == KITH_OK)
            rc = text_line(b, "findings", f->id, "section", f->section);
        for (int k = 0; k < f->ntables && rc == KITH_OK; k++) {
            snprintf(key, sizeof key, "table_%d", k + 1);
            rc = text_line(b, "findings", f->id, key, f->tables[k]);
        }
        for (int k = 0; k < f->nmetrics && rc == KITH_OK; k++) {
            snprintf(key, sizeof key, "metric_%d", k + 1);
            rc = text_line(b, "findings", f->id, key, f->metrics[k]);
        }
        if (rc == KITH_OK)
            rc = text_line(b, "findings", f->id, "anchor",
                           kith__rep_anchor(f->section, anchor));
        if (rc == KITH_OK)
            rc = text_line(b, "findings", f->id, "page", f->page);
        for (int k = 0; k < f->nnums && rc == KITH_OK; k++)
            rc = number_line(b, "findings", f->id, f->nums[k].key, f->nums[k].v,
                             f->nums[k].unit);
        for (int k = 0; k < f->nitems && rc == KITH_OK; k++) {
            snprintf(key, sizeof key, "item_%d", k + 1);
            rc = text_line(b, "findings", f->id, key, f->items[k]);
        }
    }
    return rc;
}

/* Each headline figure: value and previous (as the metrics' lines),
 * change, relative change, trend, good, the change in words, page. */
static kith_code headlines(const kith_report *rep, kith_buf *b)
{
    kith_code rc = KITH_OK;
    for (int i = 0; i < rep->nheadlines && rc == KITH_OK; i++) {
        const rep_headline *h = &rep->headlines[i];
        char val[64] = "", n[32] = "", words[160];
        if (h->cur.ok) {
            number(val, h->cur.v);
            snprintf(n, sizeof n, "%lld", (long long)h->cur.n);
        }
        char note[NOTE_MAX];
        const char *f[8] = {"headlines", "headlines",
                            h->id,       "value",
                            val,         kith__rep_unit_name(h->unit),
                            n,           note_of(&h->cur, note)};
        rc = line(b, f);
        if (rc == KITH_OK && h->has_prev) {
            char pv[64] = "";
            if (h->prev.ok)
                number(pv, h->prev.v);
            const char *g[8] = {"headlines", "headlines",
                                h->id,       "previous",
                                pv,          kith__rep_unit_name(h->unit),
                                "",          note_of(&h->prev, note)};
            rc = line(b, g);
        }
        double rel, d = kith__rep_headline_delta(h, &rel);
        if (rc == KITH_OK)
            rc = number_line(b, "headlines", h->id, "change", d, h->unit);
        if (rc == KITH_OK)
            rc = number_line(b, "headlines", h->id, "change_relative", rel, RU_RATIO);
        int good;
        const char *tr = kith__rep_headline_trend(h, &good);
        if (rc == KITH_OK)
            rc = text_line(b, "headlines", h->id, "trend", tr ? tr : "");
        if (rc == KITH_OK)
            rc = text_line(b, "headlines", h->id, "good",
                           !tr || !good ? ""
                           : good > 0   ? "true"
                                        : "false");
        if (rc == KITH_OK)
            rc = text_line(b, "headlines", h->id, "change_text",
                           kith__rep_headline_change(rep, h, words));
        if (rc == KITH_OK)
            rc = text_line(b, "headlines", h->id, "section", h->section);
        if (rc == KITH_OK)
            rc = text_line(b, "headlines", h->id, "page", h->page);
    }
    return rc;
}

kith_code kith__rep_render_csv(const kith_report *rep, kith_buf *b)
{
    static const char *const head[8] = {"section", "table", "row", "column",
                                        "value",   "unit",  "n",   "note"};
    kith_code rc = line(b, head);
    if (rc == KITH_OK)
        rc = findings(rep, b);
    if (rc == KITH_OK)
        rc = headlines(rep, b);
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
