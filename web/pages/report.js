// Report: every section of the community report (GET /api/v1/report, the
// JSON of kith report --format json) as metrics and tables, one section at
// a time (#/report?section=loyalty, where the overview's links point) or
// all of them. The same report as one plain page, without JavaScript, is
// /report.html.
import { h } from '../lib/dom.js';
import { get, query } from '../lib/api.js';
import { fmtUnit, fmtCount } from '../lib/format.js';
import { pageTitle, table, notice } from '../lib/ui.js';
import { chart } from '../lib/chart.js';

export const title = 'Report';

// A table cell: numbers by the column's unit, {"na": why} as n/a with the
// reason, members and initiatives linked to their pages.
function cell(v, col, currency) {
  if (v && typeof v === 'object' && 'na' in v) return h('span', { class: 'na', title: v.na }, 'n/a');
  if (col.id === 'member_id' && Number.isInteger(v)) return h('a', { href: `#/members/${v}` }, String(v));
  if (col.id === 'initiative' && typeof v === 'string')
    return h('a', { href: `#/initiatives?name=${encodeURIComponent(v)}` }, v);
  return fmtUnit(v, col.unit, currency);
}

const numeric = (unit) => unit !== 'text' && unit !== 'date';

function metricRow(m, currency) {
  const val = m.value === null ? h('span', { class: 'na' }, 'n/a: ' + (m.na_reason || '')) : fmtUnit(m.value, m.unit, currency);
  const ci = m.ci95 ? `${fmtUnit(m.ci95.low, m.unit, currency)} to ${fmtUnit(m.ci95.high, m.unit, currency)}` : '';
  let prev = '';
  if (m.previous) prev = m.previous.value === null ? 'n/a' : fmtUnit(m.previous.value, m.unit, currency);
  return { m, val, ci, prev };
}

function sectionView(s, rep) {
  const cur = rep.currency;
  const parts = [h('h2', { id: `sec-${s.id}` }, s.title)];
  if (s.note) parts.push(h('p', { class: 'note' }, s.note));
  if (s.metrics && s.metrics.length) {
    const rows = s.metrics.map((m) => metricRow(m, cur));
    parts.push(table(`${s.title}: metrics`, [
      { label: 'Metric', cell: (r) => r.m.label },
      { label: 'Value', num: true, cell: (r) => r.val },
      { label: '95% CI', num: true, cell: (r) => r.ci },
      { label: 'Previous period', num: true, cell: (r) => r.prev },
      { label: 'Trend', cell: (r) => r.m.trend || '' },
      { label: 'n', num: true, cell: (r) => (r.m.n === null || r.m.n === undefined ? '' : fmtCount(r.m.n)) },
    ], rows, { rowHeaders: true }));
  }
  for (const t of s.tables || []) {
    const cols = t.columns.map((c, k) => ({ label: c.label, num: numeric(c.unit), cell: (row) => cell(row[k], c, cur) }));
    parts.push(h('div', { class: 'report-table', id: `table-${s.id}-${t.id}` },
      table(t.title, cols, t.rows, { empty: 'No rows.' }),
      t.note ? h('p', { class: 'note' }, t.note) : null));
    if (s.id === 'trends' && t.id === 'series') parts.push(...trendCharts(t, cur));
  }
  return h('section', { class: 'block report-section', 'data-section': s.id }, ...parts);
}

// The trends section's series as charts: active members and revenue.
function trendCharts(t, currency) {
  const col = (id) => t.columns.findIndex((c) => c.id === id);
  const num = (v) => (typeof v === 'number' ? v : null);
  const labels = t.rows.map((r) => String(r[col('period')]));
  const out = [];
  for (const [id, what] of [['active', 'Active community members'], ['revenue', 'Revenue']]) {
    const k = col(id);
    if (k < 0 || t.rows.length < 2) continue;
    const data = t.rows.map((r) => num(r[k]));
    const unit = t.columns[k].unit;
    const max = data.reduce((a, v, i) => (v !== null && (a < 0 || v > data[a]) ? i : a), -1);
    out.push(chart({
      title: `${what} by period`,
      describe: max < 0 ? 'No values.' : `${labels.length} periods from ${labels[0]} to ${labels[labels.length - 1]}; the highest is ${fmtUnit(data[max], unit, currency)} in ${labels[max]}.`,
      type: 'bar',
      labels,
      xLabel: 'Period',
      series: [{ label: what, data }],
      format: (v) => fmtUnit(v, unit, currency),
      yMin: 0,
    }));
  }
  return out;
}

export async function render(view, ctx) {
  const want = ctx.params.get('section');
  const by = ctx.params.get('by') || '';
  const rep = await get('/api/v1/report', by ? { by } : {});
  view.append(...pageTitle('Report', `The community report of ${rep.org}, section by section.`));
  const byLinks = ['', 'month', 'quarter', 'year'].map((b) =>
    h('a', { href: '#/report' + query({ section: want, by: b }), 'aria-current': b === by ? 'true' : null }, b || 'default'));
  view.append(h('nav', { class: 'subnav', 'aria-label': 'Report sections' },
    h('ul', null,
      h('li', null, h('a', { href: '#/report' + query({ by }), 'aria-current': want ? null : 'page' }, 'All sections')),
      rep.sections.map((s) => h('li', null, h('a', { href: '#/report' + query({ section: s.id, by }), 'aria-current': s.id === want ? 'page' : null }, s.title))))),
  h('p', { class: 'hint' }, 'Trends by period: ', byLinks.flatMap((a, i) => (i ? [', ', a] : [a])), '. ',
    h('a', { href: '/report.html' + query({ by }) }, 'The same report as one page'), ' (no JavaScript needed, printable).'));
  const shown = want ? rep.sections.filter((s) => s.id === want) : rep.sections;
  if (!shown.length) {
    view.append(notice('error', `The report has no section "${want}".`));
    return;
  }
  for (const s of shown) view.append(sectionView(s, rep));
}
