// Sentiment: brand sentiment week by week (GET /api/v1/sentiment?by=week),
// the weeks the alert flagged (GET /api/v1/sentiment/alerts: mean compound
// far below its baseline, docs/sentiment.md), and what people talked about
// in a chosen week (GET /api/v1/topics: the rising topics against the week
// before). #/sentiment?week=2025-06-09 opens that week; the overview's
// sentiment finding links there.
import { h, field } from '../lib/dom.js';
import { get, query } from '../lib/api.js';
import { fmtCount, fmtPercent, fmtSigned, fmtDay, addDays, fmtDate } from '../lib/format.js';
import { pageTitle, section, table, facts, notice, badge } from '../lib/ui.js';
import { chart } from '../lib/chart.js';

export const title = 'Sentiment';

const mean = (v) => fmtSigned(v, 3);

function weekPicker(ctx, periods, alerts, week) {
  const f = field('Week', 'select', { name: 'week' },
    [['', 'choose a week'], ...periods.map((p) => [p.week, `${fmtDay(p.week)}${alerts.has(p.week) ? ' (alert)' : ''}`])]);
  f.control.value = week || '';
  const form = h('form', { class: 'inline-form', 'aria-label': 'Choose a week' }, f.wrap,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show the week')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    ctx.go('#/sentiment' + query({ week: f.control.value }));
  });
  return form;
}

async function weekView(week, p, alert) {
  const topics = await get('/api/v1/topics', { from: week, to: addDays(week, 7) });
  const parts = [];
  if (alert)
    parts.push(notice('refused', badge('bad', 'alert'), ` Sentiment fell sharply this week: mean ${mean(alert.mean_compound)} against a baseline of ${mean(alert.baseline_mean)} over the ${alert.baseline_periods} weeks before (z = ${alert.z.toFixed(1)}).`));
  if (p)
    parts.push(facts([
      ['Texts', fmtCount(p.texts)],
      ['Scored', fmtCount(p.scored)],
      ['Mean compound', p.mean_compound === null ? `n/a: ${p.na_reason || ''}` : mean(p.mean_compound)],
      ['Positive texts', fmtPercent(p.positive_share)],
      ['Negative texts', fmtPercent(p.negative_share)],
    ]));
  parts.push(h('h3', null, 'What people talked about'));
  parts.push(h('p', { class: 'hint' }, `Rising topics: words and pairs of words that weigh more in the ${fmtCount(topics.texts)} texts of this week than in the ${fmtCount(topics.previous_texts)} of the week before (docs/sentiment.md, rising topics).`));
  parts.push(table(`Rising topics in the week of ${fmtDay(week)}`, [
    { label: 'Rank', num: true, cell: (t) => String(t.rank) },
    { label: 'Topic', cell: (t) => t.topic },
    { label: 'Weight (TF-IDF share)', num: true, cell: (t) => fmtPercent(t.share) },
    { label: 'The week before', num: true, cell: (t) => fmtPercent(t.previous_share) },
    { label: 'Texts with it', num: true, cell: (t) => fmtCount(t.texts) },
    { label: 'For example', cell: (t) => h('span', { class: 'quote' }, t.examples[0] || '') },
  ], topics.topics, { hideCaption: true, empty: 'No rising topics this week.' }));
  return section(`The week of ${fmtDay(week)}`, ...parts);
}

export async function render(view, ctx) {
  const [s, al] = await Promise.all([get('/api/v1/sentiment', { by: 'week' }), get('/api/v1/sentiment/alerts')]);
  // A week is named by its first day in the org's time zone (its Monday),
  // as the report and its findings name it.
  const periods = s.periods.map((p) => ({ ...p, week: fmtDate(p.from) }));
  const alerts = new Map(al.periods.filter((p) => p.alert).map((p) => [fmtDate(p.from), p]));
  let week = ctx.params.get('week') || '';
  if (!week && alerts.size) week = [...alerts.keys()].sort().pop();
  const o = s.overall;
  const pr = s.previous;
  const to = new Date(Date.parse(o.to) - 1000).toISOString();
  view.append(...pageTitle('Sentiment', `How people feel in what they write (VADER compound score, -1 to +1), ${fmtDate(o.from)} to ${fmtDate(to)}.`));
  view.append(section('This period', facts([
    ['Mean compound', `${mean(o.mean_compound)} (the period before: ${mean(pr.mean_compound)})`],
    ['Positive texts', `${fmtPercent(o.positive_share)} (before: ${fmtPercent(pr.positive_share)})`],
    ['Negative texts', `${fmtPercent(o.negative_share)} (before: ${fmtPercent(pr.negative_share)})`],
    ['Texts scored', `${fmtCount(o.scored)} of ${fmtCount(o.texts)}`],
    ['Alert weeks', alerts.size ? [...alerts.keys()].map((k, i) => [i ? ', ' : '', h('a', { href: '#/sentiment' + query({ week: k }) }, fmtDay(k))]) : 'none'],
  ])));
  const labels = periods.map((p) => p.week);
  const flagged = periods.map((p) => alerts.has(p.week) || !!p.alert);
  const lows = periods.filter((p, i) => flagged[i]).map((p) => fmtDay(p.week));
  view.append(section('Week by week', chart({
    title: 'Mean sentiment by week',
    describe: `${periods.length} weeks, mean compound between ${mean(Math.min(...periods.filter((p) => p.mean_compound !== null).map((p) => p.mean_compound)))} and ${mean(Math.max(...periods.filter((p) => p.mean_compound !== null).map((p) => p.mean_compound)))}. ${lows.length ? `Alert weeks (red triangles): ${lows.join(', ')}.` : 'No alert week.'} Choose a point to see that week's topics.`,
    type: 'line',
    labels,
    xLabel: 'Week from',
    series: [{ label: 'Mean compound', data: periods.map((p) => p.mean_compound), marks: flagged }],
    markLabel: 'alert',
    format: (v) => (v === null || v === undefined ? 'n/a' : mean(v)),
    yMin: -1,
    yMax: 1,
    tall: true,
    onPick: (i) => ctx.go('#/sentiment' + query({ week: labels[i] })),
  }), weekPicker(ctx, periods, alerts, week)));
  if (week) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(week)) view.append(notice('error', `"${week}" is not a week: give its Monday as YYYY-MM-DD.`));
    else view.append(await weekView(week, periods.find((p) => p.week === week), alerts.get(week)));
  }
  view.append(section('By channel', table('Sentiment by channel', [
    { label: 'Channel', cell: (c) => c.channel },
    { label: 'Texts', num: true, cell: (c) => fmtCount(c.texts) },
    { label: 'Scored', num: true, cell: (c) => fmtCount(c.scored) },
    { label: 'Mean compound', num: true, cell: (c) => (c.mean_compound === null ? 'n/a' : mean(c.mean_compound)) },
    { label: 'Positive', num: true, cell: (c) => fmtPercent(c.positive_share) },
    { label: 'Negative', num: true, cell: (c) => fmtPercent(c.negative_share) },
  ], s.channels, { hideCaption: true, rowHeaders: true, empty: 'No channels with texts.' })));
  if (week) return () => {
    const sec = [...document.querySelectorAll('h2')].find((x) => x.textContent.startsWith('The week of'));
    if (sec && ctx.params.get('week')) sec.scrollIntoView({ block: 'start' });
  };
  return null;
}
