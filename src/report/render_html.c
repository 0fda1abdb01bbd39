/* The HTML rendering of the report: one self-contained page (inline CSS,
 * no scripts, no network) with SVG charts drawn here: retention within vs
 * outside the community with 95% CI whiskers, monthly active members, NPS
 * over time, weekly brand sentiment with the alert weeks circled, revenue
 * and ROI by initiative, and the level funnel; then every section as HTML
 * tables. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/timeparse.h"
#include "report/report_int.h"

#define CW 560 /* chart width and height, px */
#define CH 260
#define MAXPTS 400

static kith_code esc(kith_buf *b, const char *s)
{
    kith_code rc = KITH_OK;
    for (; s && *s && rc == KITH_OK; s++) {
        switch (*s) {
        case '<':
            rc = kith__buf_puts(b, "&lt;");
            break;
        case '>':
            rc = kith__buf_puts(b, "&gt;");
            break;
        case '&':
            rc = kith__buf_puts(b, "&amp;");
            break;
        case '"':
            rc = kith__buf_puts(b, "&quot;");
            break;
        default:
            rc = kith__buf_putc(b, *s);
        }
    }
    return rc;
}

/* ------------------------------------------------------------ charts */

/* An axis label under a bar slot `slot` px wide: as is when it fits, else
 * broken at spaces into at most two lines of the slot's width (about 5.5 px
 * a character at font-size 10), the rest cut with an ellipsis; the full
 * label stays in a tooltip. */
static kith_code axis_label(kith_buf *b, double cx, int y, double slot, const char *label)
{
    size_t fit = slot > 11 ? (size_t)(slot / 5.5) : 2, len = label ? strlen(label) : 0;
    kith_code rc = kith__buf_printf(b,
                                    "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" "
                                    "font-size=\"10\">",
                                    cx, y);
    if (rc != KITH_OK || len <= fit) {
        if (rc == KITH_OK)
            rc = esc(b, label);
        return rc == KITH_OK ? kith__buf_puts(b, "</text>") : rc;
    }
    rc = kith__buf_puts(b, "<title>");
    if (rc == KITH_OK)
        rc = esc(b, label);
    if (rc == KITH_OK)
        rc = kith__buf_puts(b, "</title>");
    const char *p = label;
    for (int line = 0; line < 2 && *p && rc == KITH_OK; line++) {
        size_t n = strlen(p);
        if (n > fit) {
            size_t cut = fit;
            while (cut > 0 && p[cut] != ' ')
                cut--;
            n = cut > 0 ? cut : fit;
        }
        char part[128];
        int last = line == 1 && strlen(p) > n;
        snprintf(part, sizeof part, "%.*s%s", (int)(n < 120 ? n : 120), p,
                 last ? "\xE2\x80\xA6" : "");
        rc =
            kith__buf_printf(b, "<tspan x=\"%.1f\" dy=\"%s\">", cx, line ? "1.1em" : "0");
        if (rc == KITH_OK)
            rc = esc(b, part);
        if (rc == KITH_OK)
            rc = kith__buf_puts(b, "</tspan>");
        p += n;
        while (*p == ' ')
            p++;
    }
    return rc == KITH_OK ? kith__buf_puts(b, "</text>") : rc;
}

typedef struct series {
    const char *labels[MAXPTS];
    double v[MAXPTS], lo[MAXPTS], hi[MAXPTS];
    char text[MAXPTS][48]; /* value label drawn on the bar */
    int ok[MAXPTS];
    int mark[MAXPTS]; /* line: a point to flag (sentiment alert) */
    int n, whiskers;
} series;

static kith_code open_svg(kith_buf *b, const char *id, const char *title)
{
    kith_code rc =
        kith__buf_printf(b,
                         "<figure><svg id=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" "
                         "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
                         "aria-label=\"",
                         id, CW, CH, CW, CH);
    if (rc == KITH_OK)
        rc = esc(b, title);
    if (rc == KITH_OK)
        rc = kith__buf_printf(b, "\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>",
                              CW, CH);
    return rc;
}

static kith_code close_svg(kith_buf *b, const char *title, const char *empty)
{
    kith_code rc = KITH_OK;
    if (empty) {
        rc = kith__buf_printf(b,
                              "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
                              "class=\"na\">n/a: ",
                              CW / 2, CH / 2);
        if (rc == KITH_OK)
            rc = esc(b, empty);
        if (rc == KITH_OK)
            rc = kith__buf_puts(b, "</text>");
    }
    if (rc == KITH_OK)
        rc = kith__buf_puts(b, "</svg><figcaption>");
    if (rc == KITH_OK)
        rc = esc(b, title);
    return rc == KITH_OK ? kith__buf_puts(b, "</figcaption></figure>\n") : rc;
}

/* Vertical bars (with optional CI whiskers) over a zero baseline. */
static kith_code bars(kith_buf *b, const char *id, const char *title, const series *s,
                      const char *empty)
{
    kith_code rc = open_svg(b, id, title);
    double top = 0, bottom = 0;
    int any = 0;
    for (int i = 0; i < s->n; i++) {
        if (!s->ok[i])
            continue;
        any = 1;
        top = fmax(top, s->whiskers ? s->hi[i] : s->v[i]);
        bottom = fmin(bottom, s->whiskers ? s->lo[i] : s->v[i]);
    }
    if (!any || top - bottom <= 0)
        return rc == KITH_OK ? close_svg(b, title, empty ? empty : "no data") : rc;
    const double x0 = 40, y0 = 20, w = CW - 60, h = CH - 60;
    double span = top - bottom;
    double zero = y0 + h * (top / span);
    double slot = w / s->n, bw = slot * 0.7;
    rc = rc == KITH_OK
             ? kith__buf_printf(b,
                                "<line x1=\"%g\" y1=\"%.1f\" x2=\"%g\" y2=\"%.1f\" "
                                "stroke=\"#555\"/>",
                                x0, zero, x0 + w, zero)
             : rc;
    for (int i = 0; i < s->n && rc == KITH_OK; i++) {
        double x = x0 + slot * i + (slot - bw) / 2;
        if (s->ok[i]) {
            double y = y0 + h * ((top - s->v[i]) / span);
            rc = kith__buf_printf(
                b,
                "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                "height=\"%.1f\" fill=\"#3b7dd8\"/>",
                x, fmin(y, zero), bw, fabs(zero - y));
            if (rc == KITH_OK && s->whiskers) {
                double yl = y0 + h * ((top - s->lo[i]) / span),
                       yh = y0 + h * ((top - s->hi[i]) / span);
                double cx = x + bw / 2;
                rc = kith__buf_printf(
                    b,
                    "<path class=\"ci\" d=\"M%.1f %.1fV%.1fM%.1f %.1fH%.1fM%.1f "
                    "%.1fH%.1f\" stroke=\"#222\" fill=\"none\"/>",
                    cx, yl, yh, cx - 8, yl, cx + 8, cx - 8, yh, cx + 8);
            }
            /* The value goes above the bar, or above its whisker. */
            double ty = fmin(y, zero);
            if (s->whiskers)
                ty = fmin(ty, y0 + h * ((top - s->hi[i]) / span));
            if (rc == KITH_OK && s->n <= 24)
                rc =
                    kith__buf_printf(b,
                                     "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                                     "font-size=\"10\">%s</text>",
                                     x + bw / 2, ty - 3, s->text[i]);
        }
        if (rc == KITH_OK && (s->n <= 12 || i % ((s->n + 11) / 12) == 0))
            rc = axis_label(b, x + bw / 2, CH - 22, slot, s->labels[i]);
    }
    return rc == KITH_OK ? close_svg(b, title, NULL) : rc;
}

/* A line over the points that have values (gaps for n/a). */
static kith_code line(kith_buf *b, const char *id, const char *title, const series *s,
                      double lo, double hi, const char *empty)
{
    kith_code rc = open_svg(b, id, title);
    const double x0 = 40, y0 = 20, w = CW - 60, h = CH - 60;
    int any = 0;
    for (int i = 0; i < s->n; i++)
        any |= s->ok[i];
    if (!any)
        return rc == KITH_OK ? close_svg(b, title, empty) : rc;
    double step = s->n > 1 ? w / (s->n - 1) : 0;
    for (double g = lo; g <= hi && rc == KITH_OK; g += (hi - lo) / 4) {
        double y = y0 + h * ((hi - g) / (hi - lo));
        rc = kith__buf_printf(
            b,
            "<line x1=\"%g\" y1=\"%.1f\" x2=\"%g\" y2=\"%.1f\" "
            "stroke=\"#ddd\"/><text x=\"%g\" y=\"%.1f\" font-size=\"10\" "
            "text-anchor=\"end\">%g</text>",
            x0, y, x0 + w, y, x0 - 4, y + 3, g);
    }
    if (rc == KITH_OK)
        rc = kith__buf_puts(b, "<path class=\"series\" fill=\"none\" stroke=\"#d8573b\" "
                               "stroke-width=\"2\" d=\"");
    int pen = 0;
    for (int i = 0; i < s->n && rc == KITH_OK; i++) {
        if (!s->ok[i]) {
            pen = 0;
            continue;
        }
        double y = y0 + h * ((hi - s->v[i]) / (hi - lo));
        rc = kith__buf_printf(b, "%s%.1f %.1f", pen ? "L" : "M", x0 + step * i, y);
        pen = 1;
    }
    if (rc == KITH_OK)
        rc = kith__buf_puts(b, "\"/>");
    for (int i = 0; i < s->n && rc == KITH_OK; i++) {
        if (s->ok[i])
            rc = kith__buf_printf(
                b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#d8573b\"/>",
                x0 + step * i, y0 + h * ((hi - s->v[i]) / (hi - lo)));
        if (rc == KITH_OK && s->ok[i] && s->mark[i])
            rc = kith__buf_printf(
                b,
                "<circle class=\"alert\" cx=\"%.1f\" cy=\"%.1f\" r=\"8\" "
                "fill=\"none\" stroke=\"#b00\" stroke-width=\"2\"/>"
                "<text class=\"alert\" x=\"%.1f\" y=\"%.1f\" "
                "text-anchor=\"middle\" font-size=\"10\" "
                "fill=\"#b00\">alert</text>",
                x0 + step * i, y0 + h * ((hi - s->v[i]) / (hi - lo)), x0 + step * i,
                y0 + h * ((hi - s->v[i]) / (hi - lo)) + 20);
        /* At most one label per 60 px: a date label is about 55 px wide. */
        int maxl = (CW - 60) / 60;
        if (rc == KITH_OK && (s->n <= maxl || i % ((s->n + maxl - 1) / maxl) == 0)) {
            rc = kith__buf_printf(b,
                                  "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" "
                                  "font-size=\"10\">",
                                  x0 + step * i, CH - 22);
            if (rc == KITH_OK)
                rc = esc(b, s->labels[i]);
            if (rc == KITH_OK)
                rc = kith__buf_puts(b, "</text>");
        }
    }
    return rc == KITH_OK ? close_svg(b, title, NULL) : rc;
}

static int num(const rep_cell *c, double *v)
{
    if (!c || (c->kind != RC_INT && c->kind != RC_REAL))
        return 0;
    *v = c->kind == RC_INT ? (double)c->i : c->d;
    return 1;
}

static const char *text(const rep_cell *c)
{
    return c && c->kind == RC_TEXT && c->s ? c->s : "";
}

/* Series from a table column, labelled by the table's first column. */
static void from_column(const kith_report *rep, const rep_table *t, const char *col,
                        series *s)
{
    memset(s, 0, sizeof *s);
    int c = kith__rep_col(t, col);
    for (int r = 0; t && c >= 0 && r < t->nrows && s->n < MAXPTS; r++) {
        s->labels[s->n] = text(kith__rep_cell(t, r, 0));
        s->ok[s->n] = num(kith__rep_cell(t, r, c), &s->v[s->n]);
        if (s->ok[s->n])
            kith__rep_fmt(rep, t->cols[c].unit, s->v[s->n], s->text[s->n]);
        s->n++;
    }
}

static kith_code charts(const kith_report *rep, kith_buf *b)
{
    series s;
    kith_code rc = kith__buf_puts(b, "<section class=\"charts\"><h2>Charts</h2>\n");
    /* Retention within vs outside, whiskers = each CRR's 95% Wilson
     * interval (the intervals the lift's Newcombe interval is built from). */
    const rep_table *rt = kith__rep_find_table(rep, "loyalty", "retention_groups");
    from_column(rep, rt, "retained", &s);
    s.whiskers = 1;
    for (int i = 0; i < s.n; i++) {
        double n = 0;
        if (!s.ok[i] || !num(kith__rep_cell(rt, i, 1), &n) || n < 1 ||
            kith_ci_wilson(llround(s.v[i] * n), llround(n), &s.lo[i], &s.hi[i]))
            s.ok[i] = 0;
    }
    if (rc == KITH_OK)
        rc = bars(b, "chart-retention",
                  "Customer retention within vs outside the community (95% CI)", &s,
                  "too few customers in the previous period");
    const rep_table *series_t = kith__rep_find_table(rep, "trends", "series");
    from_column(rep, series_t, "active", &s);
    if (rc == KITH_OK)
        rc = bars(b, "chart-active", "Active community members by period", &s, NULL);
    from_column(rep, series_t, "nps", &s);
    if (rc == KITH_OK)
        rc = line(b, "chart-nps", "NPS by period", &s, -100, 100,
                  "no NPS responses in the period");
    const rep_table *wt = kith__rep_find_table(rep, "sentiment", "sentiment_weeks");
    from_column(rep, wt, "mean", &s);
    int alert = kith__rep_col(wt, "alert");
    for (int i = 0; i < s.n && alert >= 0; i++)
        s.mark[i] = !strcmp(text(kith__rep_cell(wt, i, alert)), "ALERT");
    if (rc == KITH_OK)
        rc = line(b, "chart-sentiment",
                  "Brand sentiment: weekly mean VADER compound (circled: alert weeks)",
                  &s, -1, 1, "no scored texts in the period");
    const rep_table *it = kith__rep_find_table(rep, "acquisition", "initiatives");
    from_column(rep, it, "revenue", &s);
    int roi = kith__rep_col(it, "roi");
    for (int i = 0; i < s.n && roi >= 0; i++) {
        double v;
        char r[64] = "ROI n/a";
        if (num(kith__rep_cell(it, i, roi), &v))
            snprintf(r, sizeof r, "ROI %+.0f%%", v * 100);
        snprintf(s.text[i], sizeof s.text[i], "%s", r);
    }
    if (rc == KITH_OK)
        rc = bars(b, "chart-initiatives", "Attributed revenue by initiative, with ROI",
                  &s, "no initiatives imported");
    from_column(rep, kith__rep_find_table(rep, "engagement", "levels"), "end", &s);
    if (rc == KITH_OK)
        rc = bars(b, "chart-levels", "Level funnel at the end of the period", &s, NULL);
    return rc == KITH_OK ? kith__buf_puts(b, "</section>\n") : rc;
}

/* ------------------------------------------------------------ tables */

/* What a money figure left out or converted, under it in its cell. */
static kith_code value_note(kith_buf *b, const char *note)
{
    if (!note[0])
        return KITH_OK;
    kith_code rc = kith__buf_puts(b, "<div class=\"note\">");
    if (rc == KITH_OK)
        rc = esc(b, note);
    return rc == KITH_OK ? kith__buf_puts(b, "</div>") : rc;
}

static kith_code metric_rows(const kith_report *rep, const rep_section *s, kith_buf *b)
{
    kith_code rc =
        kith__buf_puts(b, "<table class=\"metrics\"><tr><th>Metric</th><th>Value"
                          "</th><th>Previous period</th><th>n</th></tr>\n");
    for (int i = 0; i < s->nmetrics && rc == KITH_OK; i++) {
        const rep_metric *m = &s->metrics[i];
        char v[64], p[64];
        rc = kith__buf_puts(b, "<tr><td>");
        if (rc == KITH_OK)
            rc = esc(b, m->label);
        if (rc == KITH_OK)
            rc = kith__buf_puts(b, "</td><td>");
        if (rc == KITH_OK && m->cur.ok)
            rc = esc(b, kith__rep_fmt(rep, m->unit, m->cur.v, v));
        else if (rc == KITH_OK) {
            rc = kith__buf_puts(b, "<span class=\"na\">n/a: ");
            if (rc == KITH_OK)
                rc = esc(b, m->cur.why);
            if (rc == KITH_OK)
                rc = kith__buf_puts(b, "</span>");
        }
        if (rc == KITH_OK)
            rc = value_note(b, m->cur.note);
        if (rc == KITH_OK)
            rc = kith__buf_puts(b, "</td><td>");
        if (rc == KITH_OK && m->has_prev)
            rc = esc(b, m->prev.ok ? kith__rep_fmt(rep, m->unit, m->prev.v, p) : "n/a");
        if (rc == KITH_OK && m->has_prev)
            rc = value_note(b, m->prev.note);
        if (rc == KITH_OK)
            rc = kith__buf_printf(b, "</td><td>%lld</td></tr>\n",
                                  m->cur.ok ? (long long)m->cur.n : 0LL);
    }
    return rc == KITH_OK ? kith__buf_puts(b, "</table>\n") : rc;
}

static kith_code table(const kith_report *rep, const rep_table *t, kith_buf *b)
{
    kith_code rc = kith__buf_puts(b, "<h3>");
    if (rc == KITH_OK)
        rc = esc(b, t->title ? t->title : t->id);
    if (rc == KITH_OK)
        rc = kith__buf_puts(b, "</h3><table><tr>");
    for (int c = 0; c < t->ncols && rc == KITH_OK; c++) {
        rc = kith__buf_puts(b, "<th>");
        if (rc == KITH_OK)
            rc = esc(b, t->cols[c].label);
        if (rc == KITH_OK)
            rc = kith__buf_puts(b, "</th>");
    }
    for (int r = 0; r < t->nrows && rc == KITH_OK; r++) {
        rc = kith__buf_puts(b, "</tr>\n<tr>");
        for (int c = 0; c < t->ncols && rc == KITH_OK; c++) {
            const rep_cell *cl = kith__rep_cell(t, r, c);
            char v[64];
            rc = kith__buf_puts(b, "<td>");
            if (rc == KITH_OK)
                rc = esc(b,
                         cl->kind == RC_TEXT ? cl->s
                         : cl->kind == RC_NA ? "n/a"
                         : cl->kind == RC_INT
                             ? kith__rep_fmt(rep,
                                             t->cols[c].unit == RU_NONE ? RU_COUNT
                                                                        : t->cols[c].unit,
                                             (double)cl->i, v)
                             : kith__rep_fmt(rep, t->cols[c].unit, cl->d, v));
            if (rc == KITH_OK)
                rc = kith__buf_puts(b, "</td>");
        }
    }
    if (rc == KITH_OK)
        rc = kith__buf_puts(b, "</tr></table>\n");
    if (rc == KITH_OK && t->note) {
        rc = kith__buf_puts(b, "<p class=\"note\">");
        if (rc == KITH_OK)
            rc = esc(b, t->note);
        if (rc == KITH_OK)
            rc = kith__buf_puts(b, "</p>\n");
    }
    return rc;
}

/* ------------------------------------------------------------ findings */

/* What stands out: each finding linked to its section's anchor. */
static kith_code findings(const kith_report *rep, kith_buf *b)
{
    kith_code rc =
        kith__buf_puts(b, "<section id=\"findings\"><h2>What stands out</h2>\n");
    if (rc == KITH_OK && !rep->nfindings)
        rc = kith__buf_puts(b, "<p class=\"note\">Nothing stands out: no finding met its "
                               "rule.</p>\n");
    if (rc == KITH_OK && rep->nfindings)
        rc = kith__buf_puts(b, "<ul class=\"findings\">\n");
    for (int i = 0; i < rep->nfindings && rc == KITH_OK; i++) {
        const rep_finding *f = &rep->findings[i];
        const char *kind = kith__rep_finding_kind_name(f->kind);
        char anchor[96];
        rc = kith__buf_printf(b, "<li class=\"finding %s\" id=\"finding-", kind);
        if (rc == KITH_OK)
            rc = esc(b, f->id);
        if (rc == KITH_OK)
            rc = kith__buf_printf(b, "\"><span class=\"kind\">%s</span> <a href=\"#",
                                  kind);
        if (rc == KITH_OK)
            rc = esc(b, kith__rep_anchor(f->section, anchor));
        if (rc == KITH_OK)
            rc = kith__buf_puts(b, "\">");
        if (rc == KITH_OK)
            rc = esc(b, f->text);
        if (rc == KITH_OK)
            rc = kith__buf_puts(b, "</a></li>\n");
    }
    if (rc == KITH_OK && rep->nfindings)
        rc = kith__buf_puts(b, "</ul>\n");
    return rc == KITH_OK ? kith__buf_puts(b, "</section>\n") : rc;
}

/* The headline figures: value, the change in words, linked to the
 * section holding the metric. */
static kith_code headlines(const kith_report *rep, kith_buf *b)
{
    if (!rep->nheadlines)
        return KITH_OK;
    kith_code rc =
        kith__buf_puts(b, "<section id=\"headlines\"><h2>Headline figures</h2>\n"
                          "<table class=\"metrics\"><tr><th>Figure</th><th>Value</th>"
                          "<th>Against the previous period</th></tr>\n");
    for (int i = 0; i < rep->nheadlines && rc == KITH_OK; i++) {
        const rep_headline *h = &rep->headlines[i];
        char anchor[96], v[64], words[160];
        int good;
        const char *tr = kith__rep_headline_trend(h, &good);
        rc = kith__buf_printf(b, "<tr class=\"%s\"><td><a href=\"#%s\">",
                              !tr || !good ? "neutral"
                              : good > 0   ? "good"
                                           : "bad",
                              kith__rep_anchor(h->section, anchor));
        if (rc == KITH_OK)
            rc = esc(b, h->label);
        if (rc == KITH_OK)
            rc = kith__buf_puts(b, "</a></td><td>");
        if (rc == KITH_OK)
            rc = esc(b, h->cur.ok ? kith__rep_fmt(rep, h->unit, h->cur.v, v) : "n/a");
        if (rc == KITH_OK)
            rc = value_note(b, h->cur.note);
        if (rc == KITH_OK)
            rc = kith__buf_puts(b, "</td><td>");
        if (rc == KITH_OK)
            rc = esc(b, kith__rep_headline_change(rep, h, words));
        if (rc == KITH_OK)
            rc = kith__buf_puts(b, "</td></tr>\n");
    }
    return rc == KITH_OK ? kith__buf_puts(b, "</table></section>\n") : rc;
}

kith_code kith__rep_render_html(const kith_report *rep, kith_buf *b)
{
    char f[32], t[32], a[32];
    kith_code rc = kith__buf_puts(
        b,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width\">\n<title>kith report: ");
    if (rc == KITH_OK)
        rc = esc(b, rep->org);
    if (rc == KITH_OK)
        rc = kith__buf_puts(
            b,
            "</title>\n<style>body{font:14px/1.4 sans-serif;margin:2em "
            "auto;max-width:1200px;"
            "color:#222}table{border-collapse:collapse;margin:.5em 0}td,th{border:1px "
            "solid "
            "#ccc;padding:2px "
            "8px;text-align:right}td:first-child,th:first-child{text-align:"
            "left}.na{color:#999}figure{display:inline-block;margin:.5em}.note{color:#"
            "666}ul.findings{list-style:none;padding:0}.finding{margin:.3em 0;padding:"
            ".3em .6em;border-left:5px solid #888}.finding.bad{border-color:#b00}"
            ".finding.watch{border-color:#c80}.finding.good{border-color:#070}.kind{"
            "font-weight:bold;text-transform:uppercase;font-size:80%;margin-right:.5em}"
            "tr.good td:nth-child(3){color:#070}tr.bad td:nth-child(3){color:#b00}"
            "</style></head><body>\n<h1>Community report: ");
    if (rc == KITH_OK)
        rc = esc(b, rep->org);
    if (rc == KITH_OK)
        rc = kith__buf_printf(b, "</h1>\n<p>Period %s to %s (exclusive), as of %s.</p>\n",
                              kith__time_local_date(rep->from, rep->tz, f),
                              kith__time_local_date(rep->to, rep->tz, t),
                              kith__time_local_date(rep->as_of, rep->tz, a));
    if (rc == KITH_OK && (rep->nfindings || rep->nheadlines))
        rc = findings(rep, b);
    if (rc == KITH_OK)
        rc = headlines(rep, b);
    if (rc == KITH_OK && kith__rep_find_section(rep, "loyalty"))
        rc = charts(rep, b);
    for (int i = 0; i < rep->nsections && rc == KITH_OK; i++) {
        const rep_section *s = rep->sections[i];
        char anchor[96];
        rc = kith__buf_printf(b, "<section id=\"%s\"><h2>",
                              kith__rep_anchor(s->id, anchor));
        if (rc == KITH_OK)
            rc = esc(b, s->title);
        if (rc == KITH_OK)
            rc = kith__buf_puts(b, "</h2>\n");
        if (rc == KITH_OK && s->note) {
            rc = kith__buf_puts(b, "<p class=\"note\">");
            if (rc == KITH_OK)
                rc = esc(b, s->note);
            if (rc == KITH_OK)
                rc = kith__buf_puts(b, "</p>\n");
        }
        if (rc == KITH_OK && s->nmetrics)
            rc = metric_rows(rep, s, b);
        for (int k = 0; k < s->ntables && rc == KITH_OK; k++)
            rc = table(rep, s->tables[k], b);
        if (rc == KITH_OK)
            rc = kith__buf_puts(b, "</section>\n");
    }
    return rc == KITH_OK ? kith__buf_puts(b, "</body></html>\n") : rc;
}
