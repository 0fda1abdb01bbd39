/* The report model: sections, headline metrics and tables of typed cells
 * (see report_int.h), with the lookups the renderers use. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_int.h"

/* ------------------------------------------------------------ helpers */

char *kith__rep_dup(kith_report *rep, const char *s)
{
    if (!s)
        return NULL;
    char *d = strdup(s);
    if (!d)
        rep->oom = 1;
    return d;
}

int kith__rep_grow(kith_report *rep, void **arr, int *cap, int need, size_t elem)
{
    if (need <= *cap)
        return 0;
    int ncap = *cap ? *cap * 2 : 8;
    while (ncap < need)
        ncap *= 2;
    void *p = realloc(*arr, (size_t)ncap * elem);
    if (!p) {
        rep->oom = 1;
        return -1;
    }
    *arr = p;
    *cap = ncap;
    return 0;
}

static const char *const unit_names[] = {"",      "count", "ratio", "pp",
                                         "money", "hours", "days",  "score",
                                         "text",  "date",  "rate"};

const char *kith__rep_unit_name(rep_unit u)
{
    return unit_names[u];
}

static rep_unit unit_parse(const char *s, size_t n)
{
    for (int i = 1; i < (int)(sizeof unit_names / sizeof unit_names[0]); i++)
        if (strlen(unit_names[i]) == n && !strncmp(unit_names[i], s, n))
            return (rep_unit)i;
    return RU_NONE;
}

/* ------------------------------------------------------------ building */

rep_section *kith__rep_section(kith_report *rep, const char *id, const char *title)
{
    if (kith__rep_grow(rep, (void **)&rep->sections, &rep->capsections,
                       rep->nsections + 1, sizeof(rep_section *)))
        return NULL;
    rep_section *s = calloc(1, sizeof *s);
    if (!s) {
        rep->oom = 1;
        return NULL;
    }
    s->id = kith__rep_dup(rep, id);
    s->title = kith__rep_dup(rep, title);
    rep->sections[rep->nsections++] = s;
    return s;
}

void kith__rep_section_note(kith_report *rep, rep_section *s, const char *note)
{
    if (!s)
        return;
    free(s->note);
    s->note = kith__rep_dup(rep, note);
}

rep_metric *kith__rep_metric(kith_report *rep, rep_section *s, const char *id,
                             const char *label, rep_unit unit, kith_value cur)
{
    if (!s || kith__rep_grow(rep, (void **)&s->metrics, &s->capmetrics, s->nmetrics + 1,
                             sizeof *s->metrics))
        return NULL;
    rep_metric *m = &s->metrics[s->nmetrics++];
    memset(m, 0, sizeof *m);
    m->id = kith__rep_dup(rep, id);
    m->label = kith__rep_dup(rep, label);
    m->unit = unit;
    m->cur = cur;
    return m;
}

void kith__rep_metric_prev(rep_metric *m, kith_value prev, int higher_is_better)
{
    if (!m)
        return;
    m->prev = prev;
    m->has_prev = 1;
    m->higher_is_better = higher_is_better;
}

rep_table *kith__rep_table(kith_report *rep, rep_section *s, const char *id,
                           const char *title, int ncols, const char *const *cols)
{
    if (!s || kith__rep_grow(rep, (void **)&s->tables, &s->captables, s->ntables + 1,
                             sizeof(rep_table *)))
        return NULL;
    rep_table *t = calloc(1, sizeof *t);
    if (!t) {
        rep->oom = 1;
        return NULL;
    }
    s->tables[s->ntables++] = t;
    t->id = kith__rep_dup(rep, id);
    t->title = kith__rep_dup(rep, title);
    t->cols = calloc((size_t)ncols, sizeof *t->cols);
    if (!t->cols) {
        rep->oom = 1;
        return t;
    }
    t->ncols = ncols;
    for (int i = 0; i < ncols; i++) {
        const char *c = cols[i];
        const char *b1 = strchr(c, '|');
        const char *b2 = b1 ? strchr(b1 + 1, '|') : NULL;
        char tmp[128];
        snprintf(tmp, sizeof tmp, "%.*s", (int)(b1 ? (size_t)(b1 - c) : strlen(c)), c);
        t->cols[i].id = kith__rep_dup(rep, tmp);
        if (b1) {
            snprintf(tmp, sizeof tmp, "%.*s",
                     (int)(b2 ? (size_t)(b2 - b1 - 1) : strlen(b1 + 1)), b1 + 1);
            t->cols[i].label = kith__rep_dup(rep, tmp);
        } else {
            t->cols[i].label = kith__rep_dup(rep, t->cols[i].id);
        }
        t->cols[i].unit = b2 ? unit_parse(b2 + 1, strlen(b2 + 1)) : RU_NONE;
    }
    return t;
}

void kith__rep_table_note(kith_report *rep, rep_table *t, const char *note)
{
    if (!t)
        return;
    free(t->note);
    t->note = kith__rep_dup(rep, note);
}

void kith__rep_table_note_add(kith_report *rep, rep_table *t, const char *prefix,
                              const char *text)
{
    if (!t || !text || !*text)
        return;
    size_t n = (t->note ? strlen(t->note) + 3 : 0) + strlen(prefix) + strlen(text) + 1;
    char *s = malloc(n);
    if (!s) {
        rep->oom = 1;
        return;
    }
    snprintf(s, n, "%s%s%s%s", t->note ? t->note : "", t->note ? " ; " : "", prefix,
             text);
    free(t->note);
    t->note = s;
}

int kith__rep_row(kith_report *rep, rep_table *t)
{
    if (!t || !t->cols)
        return -1;
    if (t->nrows + 1 > t->caprows) {
        int ncap = t->caprows ? t->caprows * 2 : 16;
        void *p = realloc(t->cells, (size_t)ncap * (size_t)t->ncols * sizeof *t->cells);
        if (!p) {
            rep->oom = 1;
            return -1;
        }
        t->cells = p;
        t->caprows = ncap;
    }
    memset(&t->cells[(size_t)t->nrows * (size_t)t->ncols], 0,
           (size_t)t->ncols * sizeof *t->cells);
    return t->nrows++;
}

static rep_cell *cell(rep_table *t, int row, int col)
{
    if (!t || row < 0 || row >= t->nrows || col < 0 || col >= t->ncols)
        return NULL;
    rep_cell *c = &t->cells[(size_t)row * (size_t)t->ncols + (size_t)col];
    free(c->s);
    memset(c, 0, sizeof *c);
    return c;
}

void kith__rep_set_text(kith_report *rep, rep_table *t, int row, int col, const char *s)
{
    rep_cell *c = cell(t, row, col);
    if (!c)
        return;
    c->kind = RC_TEXT;
    c->s = kith__rep_dup(rep, s ? s : "");
}

void kith__rep_set_int(rep_table *t, int row, int col, int64_t v)
{
    rep_cell *c = cell(t, row, col);
    if (!c)
        return;
    c->kind = RC_INT;
    c->i = v;
    c->d = (double)v;
}

void kith__rep_set_real(rep_table *t, int row, int col, double v)
{
    rep_cell *c = cell(t, row, col);
    if (!c)
        return;
    c->kind = RC_REAL;
    c->d = v;
}

void kith__rep_set_na(kith_report *rep, rep_table *t, int row, int col, const char *why)
{
    rep_cell *c = cell(t, row, col);
    if (!c)
        return;
    c->kind = RC_NA;
    c->s = kith__rep_dup(rep, why);
}

void kith__rep_set_value(kith_report *rep, rep_table *t, int row, int col, kith_value v)
{
    if (v.ok)
        kith__rep_set_real(t, row, col, v.v);
    else
        kith__rep_set_na(rep, t, row, col, v.why);
}

/* ------------------------------------------------------------ lookups */

const rep_section *kith__rep_find_section(const kith_report *rep, const char *id)
{
    for (int i = 0; i < rep->nsections; i++)
        if (rep->sections[i]->id && !strcmp(rep->sections[i]->id, id))
            return rep->sections[i];
    return NULL;
}

const rep_table *kith__rep_find_table(const kith_report *rep, const char *section,
                                      const char *table)
{
    const rep_section *s = kith__rep_find_section(rep, section);
    for (int i = 0; s && i < s->ntables; i++)
        if (s->tables[i]->id && !strcmp(s->tables[i]->id, table))
            return s->tables[i];
    return NULL;
}

const rep_cell *kith__rep_cell(const rep_table *t, int row, int col)
{
    if (!t || row < 0 || row >= t->nrows || col < 0 || col >= t->ncols)
        return NULL;
    return &t->cells[(size_t)row * (size_t)t->ncols + (size_t)col];
}

int kith__rep_col(const rep_table *t, const char *id)
{
    for (int i = 0; t && i < t->ncols; i++)
        if (t->cols[i].id && !strcmp(t->cols[i].id, id))
            return i;
    return -1;
}

/* ------------------------------------------------------------ freeing */

static void table_free(rep_table *t)
{
    if (!t)
        return;
    for (int r = 0; r < t->nrows; r++)
        for (int c = 0; c < t->ncols; c++)
            free(t->cells[(size_t)r * (size_t)t->ncols + (size_t)c].s);
    free(t->cells);
    for (int c = 0; c < t->ncols; c++) {
        free(t->cols[c].id);
        free(t->cols[c].label);
    }
    free(t->cols);
    free(t->id);
    free(t->title);
    free(t->note);
    free(t);
}

static void section_free(rep_section *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->nmetrics; i++) {
        free(s->metrics[i].id);
        free(s->metrics[i].label);
    }
    free(s->metrics);
    for (int i = 0; i < s->ntables; i++)
        table_free(s->tables[i]);
    free(s->tables);
    free(s->id);
    free(s->title);
    free(s->note);
    free(s);
}

void kith_report_free(kith_report *rep)
{
    if (!rep)
        return;
    for (int i = 0; i < rep->nsections; i++)
        section_free(rep->sections[i]);
    free(rep->sections);
    kith__rep_findings_free(rep);
    free(rep);
}
