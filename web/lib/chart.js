// Charts: Chart.js (npm chart.js, served by kith as /vendor/chart.umd.min.js,
// which defines window.Chart) drawing on a canvas, and always beside it the
// same numbers in words: the canvas is an image (role img) with a
// description, and a table of every value follows it. No animation: the
// chart is drawn at once (and people who dislike motion get none).
import { h, uid } from './dom.js';

const live = new Set();
let configured = false;

// Colours that keep 3:1 against white for lines and marks (WCAG 1.4.11)
// and are told apart by shape as well (alert points are triangles).
export const COLORS = {
  line: '#1f5fa8',
  fill: 'rgba(31, 95, 168, 0.12)',
  bad: '#b3261e',
  good: '#1b6e2e',
  grid: '#d9dce1',
  text: '#33363b',
  series: ['#1f5fa8', '#b35900', '#1b6e2e', '#6b3fa0', '#8a6d00', '#444950'],
};

function setup() {
  if (configured || !window.Chart) return;
  const C = window.Chart;
  C.defaults.animation = false;
  C.defaults.color = COLORS.text;
  C.defaults.borderColor = COLORS.grid;
  C.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  C.defaults.font.size = 13;
  C.defaults.maintainAspectRatio = false;
  configured = true;
}

// Destroy the charts of the page being left (the app calls it).
export function releaseCharts() {
  for (const c of live) c.destroy();
  live.clear();
}

// The <figure> around a chart's canvas: caption, description, and the
// numbers as a table. Without the chart library the table is open and the
// canvas says why it is empty.
function frame(spec, canvas, descId, numbers) {
  const fig = h('figure', { class: 'chart' },
    h('figcaption', null, spec.title),
    h('div', { class: `chart-box${spec.tall ? ' tall' : ''}` }, canvas),
    h('p', { class: 'chart-desc', id: descId }, spec.describe),
    h('details', { class: 'chart-numbers' }, h('summary', null, 'Show the numbers as a table'),
      h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': `${spec.title}: the numbers` }, numbers)));
  if (!window.Chart) {
    canvas.replaceWith(h('p', { class: 'empty' }, 'The chart library did not load; the numbers are in the table below.'));
    fig.querySelector('details').open = true;
  }
  return fig;
}

// A chart with its text alternative.
//   title     the caption
//   describe  one or two sentences saying what it shows (the canvas's
//             accessible name, also printed under the chart)
//   type      'line' or 'bar'
//   labels    the x values (strings)
//   series    [{label, data: [numbers or null], marks: [bool] (points
//             drawn as red triangles, e.g. alert weeks), colors: [per bar]}]
//   format    value -> text for the table and tooltips
//   yMin, yMax, onPick(index): a click on a point or bar
//   horizontal  bars along x, one row per label (a tornado chart); yMin,
//               yMax and tick then apply to the x axis
// Returns the <figure>; the chart is drawn when it is in the page.
export function chart(spec) {
  setup();
  const descId = uid('cd');
  const canvas = h('canvas', { role: 'img', 'aria-label': `${spec.title}. ${spec.describe}`, 'aria-describedby': descId },
    spec.describe);
  const fmt = spec.format || ((v) => (v === null || v === undefined ? 'n/a' : String(v)));
  const rows = spec.labels.map((l, i) => [l, ...spec.series.map((s) => s.data[i])]);
  const numbers = h('table', { class: 'data' },
    h('caption', null, `${spec.title}: the numbers`),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, spec.xLabel || ''),
      spec.series.map((s) => h('th', { scope: 'col', class: 'num' }, s.label)))),
    h('tbody', null, rows.map((r, i) => h('tr', { class: spec.series.some((s) => s.marks && s.marks[i]) ? 'marked' : null },
      h('th', { scope: 'row' }, r[0]),
      r.slice(1).map((v, k) => h('td', { class: 'num' }, fmt(v) + (spec.series[k].marks && spec.series[k].marks[i] ? ` (${spec.markLabel || 'marked'})` : '')))))));
  const fig = frame(spec, canvas, descId, numbers);
  if (!window.Chart) return fig;
  const datasets = spec.series.map((s, k) => {
    const color = s.color || COLORS.series[k % COLORS.series.length];
    const marks = s.marks || [];
    const d = {
      label: s.label,
      data: s.data,
      borderColor: color,
      backgroundColor: s.colors || (spec.type === 'line' ? COLORS.fill : color),
      spanGaps: false,
    };
    if (spec.type === 'line') {
      d.fill = false;
      d.tension = 0;
      d.pointRadius = marks.map((m) => (m ? 7 : 2));
      d.pointHoverRadius = marks.map((m) => (m ? 9 : 5));
      d.pointStyle = marks.map((m) => (m ? 'triangle' : 'circle'));
      d.pointBackgroundColor = marks.map((m) => (m ? COLORS.bad : color));
      d.pointBorderColor = marks.map((m) => (m ? COLORS.bad : color));
    }
    return d;
  });
  // horizontal: bars along x (a tornado); the value axis is then x.
  const valueAxis = { min: spec.yMin, max: spec.yMax, ticks: { callback: (v) => (spec.tick ? spec.tick(v) : v) } };
  const labelAxis = { ticks: { autoSkip: !spec.horizontal, maxRotation: 0 } };
  const c = new window.Chart(canvas, {
    type: spec.type,
    data: { labels: spec.labels, datasets },
    options: {
      responsive: true,
      indexAxis: spec.horizontal ? 'y' : 'x',
      plugins: {
        legend: { display: spec.series.length > 1 },
        tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${fmt(spec.horizontal ? ctx.parsed.x : ctx.parsed.y)}` } },
      },
      scales: spec.horizontal ? { x: valueAxis, y: labelAxis } : { y: valueAxis, x: labelAxis },
      onClick: spec.onPick
        ? (evt, elements) => {
          if (elements.length) spec.onPick(elements[0].index);
        }
        : undefined,
    },
  });
  live.add(c);
  return fig;
}

// A scatter of named points with its text alternative, as chart() does.
//   title, describe, format  as chart()
//   points   [{label, x, y, marked}] (marked: drawn as a triangle, e.g. a
//            value suggested rather than given)
//   xLabel, yLabel, xMin, xMax, yMin, yMax, markLabel
export function scatter(spec) {
  setup();
  const descId = uid('cd');
  const canvas = h('canvas', { role: 'img', 'aria-label': `${spec.title}. ${spec.describe}`, 'aria-describedby': descId },
    spec.describe);
  const fmt = spec.format || ((v) => (v === null || v === undefined ? 'n/a' : String(v)));
  const numbers = h('table', { class: 'data' },
    h('caption', null, `${spec.title}: the numbers`),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, ''),
      h('th', { scope: 'col', class: 'num' }, spec.xLabel), h('th', { scope: 'col', class: 'num' }, spec.yLabel))),
    h('tbody', null, spec.points.map((p) => h('tr', { class: p.marked ? 'marked' : null },
      h('th', { scope: 'row' }, p.label),
      h('td', { class: 'num' }, fmt(p.x) + (p.marked ? ` (${spec.markLabel || 'marked'})` : '')),
      h('td', { class: 'num' }, fmt(p.y))))));
  const fig = frame({ ...spec, tall: true }, canvas, descId, numbers);
  if (!window.Chart) return fig;
  const color = COLORS.series[0];
  const c = new window.Chart(canvas, {
    type: 'scatter',
    data: {
      datasets: [{
        label: spec.title,
        data: spec.points.map((p) => ({ x: p.x, y: p.y })),
        pointRadius: 7,
        pointHoverRadius: 9,
        pointStyle: spec.points.map((p) => (p.marked ? 'triangle' : 'circle')),
        backgroundColor: color,
        borderColor: color,
      }],
    },
    options: {
      responsive: true,
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (ctx) => {
              const p = spec.points[ctx.dataIndex];
              return `${p.label}: ${spec.xLabel} ${fmt(p.x)}, ${spec.yLabel} ${fmt(p.y)}`;
            },
          },
        },
      },
      scales: {
        x: { min: spec.xMin, max: spec.xMax, title: { display: true, text: spec.xLabel } },
        y: { min: spec.yMin, max: spec.yMax, title: { display: true, text: spec.yLabel } },
      },
    },
  });
  live.add(c);
  return fig;
}
