/* The terminal rendering of the report: one block per section, headline
 * metrics with their P-1 value and a trend arrow, then tables. Nothing is
 * wider than 100 columns: wide tables are cut into column groups that
 * repeat the first column, long texts are shortened. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/timeparse.h"
#include "report/report_int.h"

#define WIDTH 100
#define MAX_TEXT 28

/* Display width of UTF-8 text (code points; the report has no wide
 * characters of its own). */
static int u8width(const char *s)
{
    int w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            w++;
    return w;
}

/* Copy s into out, cut to at most max display columns ("…" marks a cut). */
static void u8cut(const char *s, int max, char *out, size_t n)
{
    if (u8width(s) <= max) {
        snprintf(out, n, "%s", s);
        return;
    }
    size_t o = 0;
    int w = 0;
    for (const char *p = s; *p && o + 8 < n; p++) {
        if (((unsigned char)*p & 0xC0) != 0x80) {
            if (w == max - 1)
                break;
            w++;
        }
        out[o++] = *p;
    }
    memcpy(out + o, "\xE2\x80\xA6", 4); /* … */
}

/* "== Title =====...": a block's heading, WIDTH columns. */
static kith_code heading(kith_buf *b, const char *title)
{
    kith_code rc = kith__buf_printf(b, "\n== %s ", title);
    for (int k = 4 + u8width(title); k < WIDTH && rc == KITH_OK; k++)
        rc = kith__buf_putc(b, '=');
    return rc == KITH_OK ? kith__buf_putc(b, '\n') : rc;
}

/* text word-wrapped to WIDTH columns: the first line after first (already
 * written, its width given), the others indented by indent spaces. */
static kith_code wrap(kith_buf *b, const char *text, int first, int indent)
{
    kith_code rc = KITH_OK;
    int col = first;
    const char *p = text;
    while (*p && rc == KITH_OK) {
        const char *e = p;
        while (*e && *e != ' ')
            e++;
        char word[512];
        snprintf(word, sizeof word, "%.*s", (int)(e - p), p);
        int w = u8width(word);
        if (col > indent && col + 1 + w > WIDTH) {
            rc = kith__buf_printf(b, "\n%*s", indent, "");
            col = indent;
        } else if (col > indent) {
            rc = kith__buf_putc(b, ' ');
            col++;
        }
        if (rc == KITH_OK)
            rc = kith__buf_puts(b, word);
        col += w;
        p = *e ? e + 1 : e;
    }
    return rc == KITH_OK ? kith__buf_putc(b, '\n') : rc;
}

static kith_code pad(kith_buf *b, const char *s, int width, int right)
{
    int w = u8width(s);
    kith_code rc = KITH_OK;
    if (right)
        rc = kith__buf_printf(b, "%*s%s", width > w ? width - w : 0, "", s);
    else
        rc = kith__buf_printf(b, "%s%*s", s, width > w ? width - w : 0, "");
    return rc;
}

static const char *cell_text(const kith_report *rep, const rep_col *col,
                             const rep_cell *c, char *buf)
{
    switch (c->kind) {
    case RC_NA:
        return "n/a";
    case RC_TEXT:
        u8cut(c->s ? c->s : "", MAX_TEXT, buf, 128);
        return buf;
    case RC_INT:
        return kith__rep_fmt(rep, col->unit == RU_NONE ? RU_COUNT : col->unit,
                             (double)c->i, buf);
    default:
        return kith__rep_fmt(rep, col->unit, c->d, buf);
    }
}

/* Render columns [c0, c1) of t, with column 0 first when c0 > 0. */
static kith_code table_part(const kith_report *rep, const rep_table *t, const int *w,
                            int c0, int c1, kith_buf *b)
{
    char buf[128];
    kith_code rc = kith__buf_puts(b, "  ");
    int cols[256], nc = 0;
    if (c0 > 0)
        cols[nc++] = 0;
    for (int c = c0; c < c1 && nc < 256; c++)
        cols[nc++] = c;
    for (int k = 0; k < nc && rc == KITH_OK; k++) {
        const rep_col *col = &t->cols[cols[k]];
        int right = col->unit != RU_TEXT && col->unit != RU_DATE;
        rc = pad(b, col->label, w[cols[k]], right);
        if (rc == KITH_OK)
            rc = kith__buf_puts(b, k + 1 < nc ? "  " : "\n");
    }
    for (int r = 0; r < t->nrows && rc == KITH_OK; r++) {
        rc = kith__buf_puts(b, "  ");
        for (int k = 0; k < nc && rc == KITH_OK; k++) {
            const rep_col *col = &t->cols[cols[k]];
            const rep_cell *c = kith__rep_cell(t, r, cols[k]);
            int right = c->kind != RC_TEXT;
            rc = pad(b, cell_text(rep, col, c, buf), w[cols[k]], right);
            if (rc == KITH_OK)
                rc = kith__buf_puts(b, k + 1 < nc ? "  " : "\n");
        }
    }
    return rc;
}

static kith_code table(const kith_report *rep, const rep_table *t, kith_buf *b)
{
    char buf[128];
    int w[256];
    int nc = t->ncols < 256 ? t->ncols : 256;
    for (int c = 0; c < nc; c++) {
        w[c] = u8width(t->cols[c].label);
        for (int r = 0; r < t->nrows; r++) {
            int cw = u8width(cell_text(rep, &t->cols[c], kith__rep_cell(t, r, c), buf));
            if (cw > w[c])
                w[c] = cw;
        }
    }
    kith_code rc = kith__buf_printf(b, "\n  %s\n", t->title ? t->title : t->id);
    if (rc == KITH_OK && t->nrows == 0)
        return kith__buf_printf(b, "  (no rows%s%s)\n", t->note ? ": " : "",
                                t->note ? t->note : "");
    /* Column groups that fit: 2 spaces of indent, 2 between columns. */
    int c0 = 0;
    while (c0 < nc && rc == KITH_OK) {
        int used = 2 + (c0 > 0 ? w[0] + 2 : 0);
        int c1 = c0;
        while (c1 < nc && (c1 == c0 || used + w[c1] <= WIDTH)) {
            used += w[c1] + 2;
            c1++;
        }
        if (c0 > 0)
            rc = kith__buf_puts(b, "\n");
        if (rc == KITH_OK)
            rc = table_part(rep, t, w, c0, c1, b);
        c0 = c1;
    }
    if (rc == KITH_OK && t->note)
        rc = kith__buf_puts(b, "  ");
    if (rc == KITH_OK && t->note)
        rc = wrap(b, t->note, 2, 2);
    return rc;
}

static const char *arrow(const rep_metric *m)
{
    if (!m->has_prev || !m->cur.ok || !m->prev.ok)
        return " ";
    double d = m->cur.v - m->prev.v;
    double scale = fmax(fabs(m->cur.v), fabs(m->prev.v));
    if (fabs(d) <= 1e-9 * (scale > 1 ? scale : 1))
        return "\xE2\x86\x92";                      /* → */
    return d > 0 ? "\xE2\x86\x91" : "\xE2\x86\x93"; /* ↑ ↓ */
}

/* What a money figure left out or converted, under its line; the previous
 * period's too when it differs. */
static kith_code metric_notes(const rep_metric *m, kith_buf *b)
{
    kith_code rc = KITH_OK;
    if (m->cur.note[0]) {
        rc = kith__buf_printf(b, "%6s", "");
        if (rc == KITH_OK)
            rc = wrap(b, m->cur.note, 6, 6);
    }
    if (rc == KITH_OK && m->has_prev && m->prev.note[0] &&
        strcmp(m->prev.note, m->cur.note) != 0) {
        char text[sizeof m->prev.note + 32];
        snprintf(text, sizeof text, "previous period: %s", m->prev.note);
        rc = kith__buf_printf(b, "%6s", "");
        if (rc == KITH_OK)
            rc = wrap(b, text, 6, 6);
    }
    return rc;
}

static kith_code metric_line(const kith_report *rep, const rep_metric *m, kith_buf *b)
{
    char val[64], prev[80], label[160], tail[WIDTH * 4];
    u8cut(m->label, 40, label, sizeof label);
    kith_code rc = kith__buf_puts(b, "  ");
    if (rc == KITH_OK)
        rc = pad(b, label, 40, 0);
    if (!m->cur.ok) {
        char why[WIDTH * 4];
        u8cut(m->cur.why, WIDTH - 2 - 40 - 8, why, sizeof why);
        return rc == KITH_OK ? kith__buf_printf(b, "   n/a  %s\n", why) : rc;
    }
    kith__rep_fmt(rep, m->unit, m->cur.v, val);
    if (rc == KITH_OK)
        rc = pad(b, val, 16, 1);
    tail[0] = '\0';
    if (m->has_prev) {
        if (m->prev.ok) {
            char p[64];
            snprintf(prev, sizeof prev, "%s was %s", arrow(m),
                     kith__rep_fmt(rep, m->unit, m->prev.v, p));
        } else {
            snprintf(prev, sizeof prev, "  was n/a");
        }
        snprintf(tail, sizeof tail, "  %s", prev);
    }
    if (m->cur.has_ci) {
        char lo[64], hi[64];
        size_t l = strlen(tail);
        snprintf(tail + l, sizeof tail - l, "  [%s, %s]",
                 kith__rep_fmt(rep, m->unit, m->cur.lo, lo),
                 kith__rep_fmt(rep, m->unit, m->cur.hi, hi));
    }
    if (m->cur.n > 0 && m->unit != RU_COUNT) {
        size_t l = strlen(tail);
        snprintf(tail + l, sizeof tail - l, "  n=%lld", (long long)m->cur.n);
    }
    char cut[WIDTH * 4];
    u8cut(tail, WIDTH - 2 - 40 - 16, cut, sizeof cut);
    return rc == KITH_OK ? kith__buf_printf(b, "%s\n", cut) : rc;
}

/* A metric line and its notes; next is the metric below it (or NULL).
 * Metrics in a row with the same notes (the four CLV figures) show them
 * once, under the last of them. */
static kith_code metric(const kith_report *rep, const rep_metric *m,
                        const rep_metric *next, kith_buf *b)
{
    kith_code rc = metric_line(rep, m, b);
    if (next && !strcmp(next->cur.note, m->cur.note) && next->has_prev == m->has_prev &&
        !strcmp(next->prev.note, m->prev.note))
        return rc;
    return rc == KITH_OK ? metric_notes(m, b) : rc;
}

/* The findings: kind, the sentence, where its evidence is. */
static kith_code findings(const kith_report *rep, kith_buf *b)
{
    kith_code rc = heading(b, "What stands out");
    if (rc == KITH_OK && !rep->nfindings)
        rc = kith__buf_puts(b, "  Nothing stands out: no finding met its rule "
                               "(docs/findings.md).\n");
    for (int i = 0; i < rep->nfindings && rc == KITH_OK; i++) {
        const rep_finding *f = &rep->findings[i];
        rc = kith__buf_printf(b, "  %-6s ", kith__rep_finding_kind_name(f->kind));
        if (rc == KITH_OK)
            rc = wrap(b, f->text, 9, 9);
        const rep_section *s = kith__rep_find_section(rep, f->section);
        const rep_table *t =
            f->ntables ? kith__rep_find_table(rep, f->section, f->tables[0]) : NULL;
        char where[400];
        snprintf(where, sizeof where, "see: %s%s%s",
                 s && s->title ? s->title : f->section, t ? " > " : "",
                 t ? (t->title ? t->title : t->id) : "");
        if (rc == KITH_OK)
            rc = kith__buf_printf(b, "%9s", "");
        if (rc == KITH_OK)
            rc = wrap(b, where, 9, 9);
    }
    return rc;
}

/* The headline figures, laid out like the sections' metrics. */
static kith_code headlines(const kith_report *rep, kith_buf *b)
{
    if (!rep->nheadlines)
        return KITH_OK;
    kith_code rc = heading(b, "Headline figures");
    for (int i = 0; i < rep->nheadlines && rc == KITH_OK; i++) {
        const rep_headline *h = &rep->headlines[i];
        rep_metric m;
        memset(&m, 0, sizeof m);
        m.id = h->id;
        m.label = h->label;
        m.unit = h->unit;
        m.cur = h->cur;
        m.prev = h->prev;
        m.has_prev = h->has_prev;
        m.higher_is_better = h->higher_is_better;
        rc = metric(rep, &m, NULL, b);
    }
    return rc;
}

kith_code kith__rep_render_table(const kith_report *rep, kith_buf *b)
{
    char f[32], t[32], pf[32], pt[32], a[32];
    kith_code rc = kith__buf_printf(
        b, "kith community report: %s\nperiod %s .. %s (previous %s .. %s), as of %s\n",
        rep->org, kith__time_local_date(rep->from, rep->tz, f),
        kith__time_local_date(rep->to - 1, rep->tz, t),
        kith__time_local_date(rep->prev_from, rep->tz, pf),
        kith__time_local_date(rep->prev_to - 1, rep->tz, pt),
        kith__time_local_date(rep->as_of, rep->tz, a));
    /* What an owner needs to know first (a basic report has neither). */
    if (rc == KITH_OK && (rep->nfindings || rep->nheadlines))
        rc = findings(rep, b);
    if (rc == KITH_OK)
        rc = headlines(rep, b);
    for (int i = 0; i < rep->nsections && rc == KITH_OK; i++) {
        const rep_section *s = rep->sections[i];
        rc = heading(b, s->title);
        if (rc == KITH_OK && s->note)
            rc = kith__buf_puts(b, "  ");
        if (rc == KITH_OK && s->note)
            rc = wrap(b, s->note, 2, 2);
        for (int m = 0; m < s->nmetrics && rc == KITH_OK; m++)
            rc = metric(rep, &s->metrics[m],
                        m + 1 < s->nmetrics ? &s->metrics[m + 1] : NULL, b);
        for (int k = 0; k < s->ntables && rc == KITH_OK; k++)
            rc = table(rep, s->tables[k], b);
    }
    return rc;
}
