/* The JSON rendering of the report, following docs/report-schema.json
 * (schema_version KITH_REPORT_SCHEMA_VERSION). A table cell is a number,
 * a string, or {"na": reason}; a metric's value is null when n/a. */
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "core/timeparse.h"
#include "report/report_int.h"

static json_t *iso(int64_t t)
{
    char buf[32];
    return json_string(kith__time_iso(t, buf));
}

/* A finite number, or null (JSON has no NaN/inf). */
static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *value_json(const kith_value *v)
{
    json_t *o = json_object();
    json_object_set_new(o, "value", v->ok ? num(v->v) : json_null());
    json_object_set_new(o, "na_reason", v->ok ? json_null() : json_string(v->why));
    json_object_set_new(o, "note", v->note[0] ? json_string(v->note) : json_null());
    return o;
}

static const char *trend(const rep_metric *m)
{
    if (!m->has_prev || !m->cur.ok || !m->prev.ok)
        return NULL;
    double d = m->cur.v - m->prev.v;
    double scale = fmax(fabs(m->cur.v), fabs(m->prev.v));
    if (fabs(d) <= 1e-9 * (scale > 1 ? scale : 1))
        return "flat";
    return d > 0 ? "up" : "down";
}

static json_t *metric_json(const rep_metric *m)
{
    json_t *o = value_json(&m->cur);
    json_object_set_new(o, "id", json_string(m->id));
    json_object_set_new(o, "label", json_string(m->label));
    json_object_set_new(o, "unit", json_string(kith__rep_unit_name(m->unit)));
    json_object_set_new(o, "n", m->cur.ok ? json_integer(m->cur.n) : json_null());
    if (m->cur.ok && m->cur.has_ci) {
        json_t *ci = json_object();
        json_object_set_new(ci, "low", num(m->cur.lo));
        json_object_set_new(ci, "high", num(m->cur.hi));
        json_object_set_new(o, "ci95", ci);
    } else {
        json_object_set_new(o, "ci95", json_null());
    }
    json_object_set_new(o, "previous", m->has_prev ? value_json(&m->prev) : json_null());
    const char *tr = trend(m);
    json_object_set_new(o, "trend", tr ? json_string(tr) : json_null());
    json_object_set_new(o, "higher_is_better",
                        m->higher_is_better ? json_boolean(m->higher_is_better > 0)
                                            : json_null());
    return o;
}

static json_t *cell_json(const rep_cell *c)
{
    switch (c->kind) {
    case RC_TEXT:
        return json_string(c->s ? c->s : "");
    case RC_INT:
        return json_integer(c->i);
    case RC_REAL:
        return num(c->d);
    default: {
        json_t *o = json_object();
        json_object_set_new(o, "na", json_string(c->s ? c->s : "no data"));
        return o;
    }
    }
}

static json_t *table_json(const rep_table *t)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(t->id));
    json_object_set_new(o, "title", json_string(t->title ? t->title : t->id));
    json_object_set_new(o, "note", t->note ? json_string(t->note) : json_null());
    json_t *cols = json_array();
    for (int c = 0; c < t->ncols; c++) {
        json_t *co = json_object();
        json_object_set_new(co, "id", json_string(t->cols[c].id));
        json_object_set_new(co, "label", json_string(t->cols[c].label));
        json_object_set_new(co, "unit",
                            json_string(kith__rep_unit_name(t->cols[c].unit)));
        json_array_append_new(cols, co);
    }
    json_object_set_new(o, "columns", cols);
    json_t *rows = json_array();
    for (int r = 0; r < t->nrows; r++) {
        json_t *row = json_array();
        for (int c = 0; c < t->ncols; c++)
            json_array_append_new(row, cell_json(kith__rep_cell(t, r, c)));
        json_array_append_new(rows, row);
    }
    json_object_set_new(o, "rows", rows);
    return o;
}

static json_t *section_json(const rep_section *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(s->id));
    json_object_set_new(o, "title", json_string(s->title));
    json_object_set_new(o, "note", s->note ? json_string(s->note) : json_null());
    json_t *ms = json_array();
    for (int i = 0; i < s->nmetrics; i++)
        json_array_append_new(ms, metric_json(&s->metrics[i]));
    json_object_set_new(o, "metrics", ms);
    json_t *ts = json_array();
    for (int i = 0; i < s->ntables; i++)
        json_array_append_new(ts, table_json(s->tables[i]));
    json_object_set_new(o, "tables", ts);
    return o;
}

/* ------------------------------------------------------------ findings */

static json_t *texts_json(char *const *v, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_string(v[i]));
    return a;
}

static json_t *finding_json(const rep_finding *f)
{
    char anchor[96];
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(f->id));
    json_object_set_new(o, "rule", json_string(f->rule));
    json_object_set_new(o, "kind", json_string(kith__rep_finding_kind_name(f->kind)));
    json_object_set_new(o, "text", json_string(f->text));
    json_t *nums = json_object();
    json_t *units = json_object();
    for (int i = 0; i < f->nnums; i++) {
        double v = f->nums[i].v;
        int whole = (f->nums[i].unit == RU_COUNT || f->nums[i].unit == RU_DATE) &&
                    v == floor(v) && fabs(v) < 9e15;
        json_object_set_new(nums, f->nums[i].key,
                            whole ? json_integer((json_int_t)v) : num(v));
        json_object_set_new(units, f->nums[i].key,
                            json_string(kith__rep_unit_name(f->nums[i].unit)));
    }
    json_object_set_new(o, "numbers", nums);
    json_object_set_new(o, "units", units);
    json_object_set_new(o, "items", texts_json(f->items, f->nitems));
    json_t *ev = json_object();
    json_object_set_new(ev, "section", json_string(f->section));
    json_object_set_new(ev, "tables", texts_json(f->tables, f->ntables));
    json_object_set_new(ev, "metrics", texts_json(f->metrics, f->nmetrics));
    json_object_set_new(ev, "anchor", json_string(kith__rep_anchor(f->section, anchor)));
    json_object_set_new(ev, "page", json_string(f->page));
    json_object_set_new(o, "evidence", ev);
    return o;
}

static json_t *headline_json(const kith_report *rep, const rep_headline *h)
{
    char anchor[96], words[160];
    json_t *o = value_json(&h->cur);
    json_object_set_new(o, "id", json_string(h->id));
    json_object_set_new(o, "section", json_string(h->section));
    json_object_set_new(o, "label", json_string(h->label));
    json_object_set_new(o, "unit", json_string(kith__rep_unit_name(h->unit)));
    json_object_set_new(o, "previous", h->has_prev ? value_json(&h->prev) : json_null());
    double rel, d = kith__rep_headline_delta(h, &rel);
    json_object_set_new(o, "change", num(d));
    json_object_set_new(o, "change_relative", num(rel));
    int good;
    const char *tr = kith__rep_headline_trend(h, &good);
    json_object_set_new(o, "trend", tr ? json_string(tr) : json_null());
    json_object_set_new(o, "good", tr && good ? json_boolean(good > 0) : json_null());
    json_object_set_new(o, "change_text",
                        json_string(kith__rep_headline_change(rep, h, words)));
    json_object_set_new(o, "anchor", json_string(kith__rep_anchor(h->section, anchor)));
    json_object_set_new(o, "page", json_string(h->page));
    return o;
}

static json_t *window(int64_t from, int64_t to)
{
    json_t *o = json_object();
    json_object_set_new(o, "from", iso(from));
    json_object_set_new(o, "to", iso(to));
    return o;
}

kith_code kith__rep_render_json(const kith_report *rep, kith_buf *out, kith_error *err)
{
    json_t *root = json_object();
    json_object_set_new(root, "schema", json_string("kith-report"));
    json_object_set_new(root, "schema_version", json_integer(KITH_REPORT_SCHEMA_VERSION));
    json_object_set_new(root, "org", json_string(rep->org));
    json_object_set_new(root, "currency", json_string(rep->currency));
    json_object_set_new(root, "generated_at", iso(rep->generated_at));
    json_object_set_new(root, "as_of", iso(rep->as_of));
    json_object_set_new(root, "period", window(rep->from, rep->to));
    json_object_set_new(root, "previous_period", window(rep->prev_from, rep->prev_to));
    json_object_set_new(root, "by", rep->by[0] ? json_string(rep->by) : json_null());
    json_object_set_new(root, "segment",
                        rep->segment[0] ? json_string(rep->segment) : json_null());
    json_t *fs = json_array();
    for (int i = 0; i < rep->nfindings; i++)
        json_array_append_new(fs, finding_json(&rep->findings[i]));
    json_object_set_new(root, "findings", fs);
    json_t *hs = json_array();
    for (int i = 0; i < rep->nheadlines; i++)
        json_array_append_new(hs, headline_json(rep, &rep->headlines[i]));
    json_object_set_new(root, "headlines", hs);
    json_t *secs = json_array();
    for (int i = 0; i < rep->nsections; i++)
        json_array_append_new(secs, section_json(rep->sections[i]));
    json_object_set_new(root, "sections", secs);
    char *text =
        json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
    json_decref(root);
    if (!text)
        return kith_error_set(err, KITH_ENOMEM, "out of memory writing JSON");
    kith_code rc = kith__buf_puts(out, text);
    if (rc == KITH_OK)
        rc = kith__buf_putc(out, '\n');
    free(text);
    return rc;
}
