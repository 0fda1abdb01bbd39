// Customers: who will come back and what they are worth (docs/models.md,
// docs/segments.md). Three API answers, each the JSON of its CLI command:
//   GET /api/v1/clv?top=0      kith clv --top 0: the BG/NBD and Gamma-Gamma
//                              fits, the distribution of predicted CLV and
//                              every customer (the histogram; the top 20
//                              are listed)
//   GET /api/v1/churn          kith churn: the model's evaluation (AUC with
//                              its interval against the baselines, the
//                              calibration by decile) and the 20 customers
//                              at highest risk with the reasons
//   GET /api/v1/segments       kith segments [--method kmeans]: segment
//                              sizes and figures, each a link to its members
//   GET /api/v1/report         kith report: its churn section's table
//                              churn_high_value, the customers of the top
//                              CLV quintile at 50%+ risk (the finding
//                              high_value_churn links here)
// A model that cannot be fitted says why in its own section; the others
// stand. #/customers?method=kmeans shows the k-means clusters.
import { h } from '../lib/dom.js';
import { get } from '../lib/api.js';
import { fmtMoney, fmtCount, fmtPercent, fmtDate, thousands } from '../lib/format.js';
import { pageTitle, section, table, facts, notice, failure } from '../lib/ui.js';
import { chart, COLORS } from '../lib/chart.js';

export const title = 'Customers';

const TOP = 20;
const num = (v, d) => (v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : thousands(v, d));
const memberLink = (c) => h('a', { href: `#/members/${c.id}` }, c.name || `member ${c.id}`);

function notes(list) {
  return (list || []).map((n) => notice('info', h('strong', null, 'Note: '), n));
}

// Predicted CLV: equal-width bins from 0 to the 99th percentile, the rest
// in the last bin ("X and more"), so one very large customer does not
// squeeze the others into one bar.
function clvHistogram(values, cur) {
  const v = values.slice().sort((a, b) => a - b);
  const top = v[Math.min(v.length - 1, Math.floor(v.length * 0.99))] || 1;
  const bins = 12;
  const width = top / bins;
  const counts = new Array(bins).fill(0);
  for (const x of v) counts[Math.min(bins - 1, Math.max(0, Math.floor(x / width)))]++;
  const labels = counts.map((_, i) => (i === bins - 1
    ? `${thousands(i * width, 0)} and more`
    : `${thousands(i * width, 0)}–${thousands((i + 1) * width, 0)}`));
  return { labels, counts, unit: cur };
}

function valueSection(d) {
  const cur = d.currency;
  const dist = d.distribution;
  const bg = d.bgnbd;
  const gg = d.gamma_gamma;
  const withClv = d.customers.filter((c) => c.clv !== null);
  const out = [];
  out.push(facts([
    ['Predicted CLV, all customers', h('strong', { 'data-k': 'clv-total' }, fmtMoney(dist.clv_total, cur))],
    ['Customers', h('span', { 'data-k': 'clv-customers' }, fmtCount(dist.customers))],
    ['Mean / median', `${fmtMoney(dist.clv_mean, cur)} / ${fmtMoney(dist.clv_median, cur)}`],
    ['80th / 95th percentile', `${fmtMoney(dist.clv_p80, cur)} / ${fmtMoney(dist.clv_p95, cur)}`],
    ['Mean P(alive)', h('span', { 'data-k': 'p-alive-mean' }, num(dist.p_alive_mean, 3))],
    ['Horizon', `${num(d.horizon_weeks, 0)} weeks after ${d.calibration_end} (margin ${num(d.margin, 2)}, discount ${fmtPercent(d.discount_rate, 1)} a year)`],
    ['A new customer', `${num(d.new_customer_expected_purchases, 2)} expected purchases in the horizon`],
  ]));
  out.push(...notes(d.notes));
  if (withClv.length) {
    const hist = clvHistogram(withClv.map((c) => c.clv), cur);
    out.push(chart({
      title: `Predicted CLV per customer (${cur})`,
      describe: `${fmtCount(withClv.length)} customers by predicted CLV over ${num(d.horizon_weeks, 0)} weeks; median ${fmtMoney(dist.clv_median, cur)}, 95th percentile ${fmtMoney(dist.clv_p95, cur)}.`,
      type: 'bar',
      labels: hist.labels,
      xLabel: `Predicted CLV (${cur})`,
      series: [{ label: 'Customers', data: hist.counts }],
      format: fmtCount,
    }));
  } else {
    out.push(notice('info', 'No predicted CLV: the spend model (Gamma-Gamma) could not be fitted; the notes above say why.'));
  }
  out.push(h('h3', null, 'How well the model fits'));
  const se = (k) => (bg.se ? num(bg.se[k], 4) : 'n/a');
  out.push(facts([
    ['BG/NBD (Fader, Hardie & Lee 2005)', bg.homogeneous_dropout
      ? `r ${num(bg.r, 4)} (± ${se('r')}), alpha ${num(bg.alpha, 4)} (± ${se('alpha')}), one dropout probability p ${num(bg.p, 4)}`
      : `r ${num(bg.r, 4)} (± ${se('r')}), alpha ${num(bg.alpha, 4)} (± ${se('alpha')}), a ${num(bg.a, 4)} (± ${se('a')}), b ${num(bg.b, 4)} (± ${se('b')})`],
    ['Log-likelihood', `${num(bg.log_likelihood, 2)} on ${fmtCount(bg.n)} customers, ${fmtCount(bg.repeat_customers)} with a repeat purchase`],
    bg.se_note ? ['Standard errors', `n/a: ${bg.se_note}`] : null,
    ['Gamma-Gamma (Fader & Hardie 2013)', gg
      ? `p ${num(gg.p, 4)}, q ${num(gg.q, 4)}, gamma ${num(gg.gamma, 4)} on ${fmtCount(gg.n)} repeat buyers; mean spend per purchase ${fmtMoney(gg.mean_spend, cur)}`
      : 'not fitted (see the notes)'],
  ]));
  out.push(chart({
    title: 'Customers by repeat purchases in calibration: actual and expected by the model',
    describe: 'The closer the two bars of each group, the better the model describes how often customers come back (the paper\'s figure).',
    type: 'bar',
    labels: d.frequency.map((f) => f.repeat_purchases),
    xLabel: 'Repeat purchases',
    series: [
      { label: 'Actual', data: d.frequency.map((f) => f.actual) },
      { label: 'Expected', data: d.frequency.map((f) => f.expected) },
    ],
    format: (v) => num(v, Number.isInteger(v) ? 0 : 1),
  }));
  out.push(h('h3', null, `The ${Math.min(TOP, d.customers.length)} customers with the highest predicted CLV`));
  out.push(table('Customers with the highest predicted CLV', [
    { label: 'Customer', cell: memberLink },
    { label: 'Repeat purchases', num: true, cell: (c) => fmtCount(c.x) },
    { label: 'P(alive)', num: true, cell: (c) => num(c.p_alive, 3) },
    { label: 'Expected purchases', num: true, cell: (c) => num(c.expected_purchases, 2) },
    { label: 'Expected spend', num: true, cell: (c) => fmtMoney(c.expected_spend, cur) },
    { label: 'Predicted CLV', num: true, cell: (c) => fmtMoney(c.clv, cur) },
  ], d.customers.slice(0, TOP), { hideCaption: true, rowHeaders: true, empty: 'No customers.' }));
  return out;
}

function churnSection(d) {
  const out = [];
  const ev = d.evaluation || {};
  out.push(facts([
    ['AUC (test)', h('strong', { 'data-k': 'auc' }, `${num(d.auc, 3)} (95% CI ${num(d.auc_ci95[0], 3)} to ${num(d.auc_ci95[1], 3)})`)],
    ['Recency alone', num(d.baseline_auc.recency, 3)],
    ['P(alive) alone', num(d.baseline_auc.p_alive, 3)],
    ['Churn', `no purchase in the ${num(d.horizon_days, 0)} days after ${fmtDate(d.as_of)} (${fmtCount(d.scored_customers)} current customers scored)`],
    ['Evaluation', `trained on ${ev.train_at} (${fmtCount(ev.n_train)} customers), tested on ${ev.test_at} (${fmtCount(ev.n_test)}, ${fmtCount(ev.churned_test)} churned); C = ${d.c}`],
  ]));
  out.push(h('p', null, 'AUC is the chance that a customer who churned got a higher risk than one who stayed: 0.5 is guessing, 1 is perfect. The model is worth using where its AUC is above the baselines\'.'));
  out.push(...notes(d.notes));
  if (d.calibration && d.calibration.length)
    out.push(chart({
      title: 'Calibration by risk decile: predicted and observed churn',
      describe: `Customers of the test date in ten groups by predicted risk; where the two lines meet, a risk of 30% means 30 in 100 churned. Highest decile: predicted ${fmtPercent(d.calibration[d.calibration.length - 1].mean_risk)}, observed ${fmtPercent(d.calibration[d.calibration.length - 1].observed)}.`,
      type: 'line',
      labels: d.calibration.map((c) => `decile ${c.decile}`),
      xLabel: 'Risk decile',
      series: [
        { label: 'Predicted', data: d.calibration.map((c) => c.mean_risk), color: COLORS.line },
        { label: 'Observed', data: d.calibration.map((c) => c.observed), color: COLORS.bad },
      ],
      format: (v) => fmtPercent(v),
      tick: (v) => fmtPercent(v, 0),
      yMin: 0,
      yMax: 1,
    }));
  out.push(h('h3', null, `The ${Math.min(TOP, d.customers.length)} customers at highest risk`));
  out.push(table('Customers at highest churn risk', [
    { label: 'Customer', cell: memberLink },
    { label: 'Risk', num: true, cell: (c) => fmtPercent(c.risk) },
    { label: 'Why', cell: (c) => c.reasons.join('; ') || '–' },
  ], d.customers.slice(0, TOP), { hideCaption: true, rowHeaders: true, empty: 'No current customers to score.' }));
  return out;
}

// The members page's filter for a segment: rfm:NAME or cluster:N (with k).
function membersHref(d, s, i) {
  if (d.method === 'rfm') return `#/members?segment=${encodeURIComponent(`rfm:${s.name}`)}`;
  return `#/members?segment=${encodeURIComponent(`cluster:${i + 1}`)}&k=${d.k}`;
}

function segmentsSection(d, method) {
  const cur = d.currency;
  const out = [];
  out.push(h('p', null, 'Method: ',
    method === 'rfm' ? h('strong', null, 'RFM') : h('a', { href: '#/customers?method=rfm' }, 'RFM'), ' · ',
    method === 'kmeans' ? h('strong', null, 'k-means clusters') : h('a', { href: '#/customers?method=kmeans' }, 'k-means clusters')));
  const extra = d.method === 'kmeans'
    ? [['Clusters', `k = ${d.k} (${d.k_chosen_by === 'silhouette' ? 'chosen by silhouette' : 'given'}), silhouette ${num(d.silhouette, 3)}`]]
    : [];
  out.push(facts([['Customers', h('span', { 'data-k': 'seg-customers' }, fmtCount(d.customers))], ['As of', fmtDate(d.as_of)], ...extra]));
  for (const f of d.features || [])
    if (!f.used) out.push(notice('info', `Feature ${f.id} left out: ${f.why}.`));
  const segs = d.segments;
  out.push(chart({
    title: `Customers per ${d.method === 'rfm' ? 'RFM segment' : 'cluster'}`,
    describe: `${fmtCount(d.customers)} customers in ${segs.length} ${d.method === 'rfm' ? 'segments' : 'clusters'}; the largest: ${segs.reduce((a, b) => (b.customers > a.customers ? b : a)).name}.`,
    type: 'bar',
    labels: segs.map((s) => s.name),
    xLabel: d.method === 'rfm' ? 'Segment' : 'Cluster',
    series: [{ label: 'Customers', data: segs.map((s) => s.customers) }],
    format: fmtCount,
  }));
  const m = (s, k, dec) => (s.customers ? num(s.means[k], dec) : '–');
  out.push(table('Segments', [
    { label: 'Segment', cell: (s) => s.name },
    { label: 'What sets it apart', cell: (s) => s.description },
    { label: 'Customers', num: true, cell: (s) => fmtCount(s.customers) },
    { label: 'Share', num: true, cell: (s) => fmtPercent(s.share) },
    { label: 'Days since last purchase', num: true, cell: (s) => m(s, 'recency_days', 1) },
    { label: 'Purchases', num: true, cell: (s) => m(s, 'purchases', 1) },
    { label: `Spend (${cur})`, num: true, cell: (s) => m(s, 'spend', 2) },
    { label: 'Love', num: true, cell: (s) => m(s, 'love', 1) },
    { label: 'Members', cell: (s, i) => (s.customers ? h('a', { href: membersHref(d, s, i) }, `list the ${fmtCount(s.customers)}`) : '–') },
  ], segs, { hideCaption: true, rowHeaders: true }));
  return out;
}

// The report's customers of the top CLV quintile at high churn risk (its
// table churn_high_value, docs/findings.md "high_value_churn"): whom to
// call first. Nothing when the report has no such table.
function highValueAtRisk(report) {
  const sec = (report.sections || []).find((s) => s.id === 'churn');
  const t = sec && (sec.tables || []).find((x) => x.id === 'churn_high_value');
  if (!t) return [];
  const col = (id) => t.columns.findIndex((c) => c.id === id);
  const [iId, iName, iClv, iRisk] = ['member_id', 'name', 'clv', 'risk'].map(col);
  const cur = report.currency;
  return [
    h('h3', { id: 'high-value-at-risk' }, 'High-value customers at risk'),
    h('p', null, `${t.rows.length ? fmtCount(t.rows.length) : 'No'} customer${t.rows.length === 1 ? '' : 's'} ${t.note ? `(${t.note})` : ''}.`),
    table('High-value customers at risk', [
      { label: 'Customer', cell: (r) => memberLink({ id: r[iId], name: r[iName] }) },
      { label: 'Predicted CLV', num: true, cell: (r) => fmtMoney(r[iClv], cur) },
      { label: 'Risk', num: true, cell: (r) => fmtPercent(r[iRisk]) },
    ], t.rows, { hideCaption: true, rowHeaders: true, empty: 'None: no customer of the top CLV quintile is at high risk.' }),
  ];
}

// A section whose model could not be fitted says why, in the server's words.
function settled(r, what, build) {
  if (r.status === 'fulfilled') return build(r.value);
  return [notice('info', h('strong', null, `${what}: n/a. `), r.reason && r.reason.message ? r.reason.message : String(r.reason))];
}

export async function render(view, ctx) {
  const method = ctx.params.get('method') === 'kmeans' ? 'kmeans' : 'rfm';
  view.append(...pageTitle('Customers',
    'What your customers are worth and who may not come back: the predicted lifetime value of each customer, the risk that a customer stops buying with the reasons, and the segments they fall into.'));
  const [clv, churn, seg, report] = await Promise.allSettled([
    get('/api/v1/clv', { top: 0 }),
    get('/api/v1/churn'),
    get('/api/v1/segments', { method }),
    get('/api/v1/report'),
  ]);
  for (const r of [clv, churn, seg])
    if (r.status === 'rejected' && !(r.reason && r.reason.status >= 404 && r.reason.status < 500)) {
      view.append(failure(r.reason));
      return;
    }
  view.append(section('Predicted lifetime value', ...settled(clv, 'Lifetime value', valueSection)));
  view.append(section('Churn risk', ...settled(churn, 'Churn risk', churnSection),
    ...(report.status === 'fulfilled' ? highValueAtRisk(report.value) : [])));
  view.append(section('Segments', ...settled(seg, 'Segments', (d) => segmentsSection(d, method))));
}
