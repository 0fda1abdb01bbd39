// Impact: is the community work worth it, and what next (docs/impact.md).
// Each part is the JSON of its CLI command, served by the API:
//   GET /api/v1/goals          kith goals list: each goal's progress, on /
//                              off track, the projection with its interval
//   GET /api/v1/srci           kith srci [--initiative NAME]: the social
//                              return (ratio, present value, payback), each
//                              outcome, and the sensitivity (the tornado)
//   GET /api/v1/stakeholders   kith stakeholders list: the power/interest
//                              grid and the salience classes
//   GET /api/v1/simulate       kith simulate: growth scenarios (Bass
//                              diffusion), re-run from the form
//   GET /api/v1/report         the report's findings that link here
// #/impact?initiative=NAME shows one initiative's SRCI. A part that cannot
// be computed (no outcomes, too little history) says why in its section.
import { h, clear, field } from '../lib/dom.js';
import { get } from '../lib/api.js';
import { fmtMoney, fmtPercent, fmtUnit, thousands } from '../lib/format.js';
import { pageTitle, section, table, facts, notice, failure, badge, busy } from '../lib/ui.js';
import { chart, scatter, COLORS } from '../lib/chart.js';

export const title = 'Impact';

const num = (v, d) => (v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : thousands(v, d));
const TORNADO_ROWS = 12;
const STATUS_KIND = { 'on track': 'good', achieved: 'good', 'off track': 'bad', missed: 'bad' };
const KIND_WORDS = { bad: 'needs attention', watch: 'worth watching', good: 'going well' };
const SHARES = new Set(['deadweight', 'displacement', 'attribution', 'drop_off']);

function notes(list) {
  return (list || []).filter(Boolean).map((n) => notice('info', h('strong', null, 'Note: '), n));
}

// ------------------------------------------------------------ goals

function goalsSection(d) {
  const cur = d.currency;
  if (!d.goals.length)
    return [notice('info', 'No goals yet. Set one with kith goals add --metric ID --target VALUE --by DATE (docs/impact.md, "SMART goals").')];
  const v = (g, x) => fmtUnit(x, g.unit, cur);
  return [
    h('ul', { class: 'cards', id: 'goal-cards' }, d.goals.map((g) => h('li', { class: 'card', 'data-goal': g.id },
      h('h3', { class: 'card-label' }, g.label || g.metric, g.segment ? ` (${g.segment})` : ''),
      h('p', { class: 'card-value', 'data-k': `goal-current-${g.id}` }, v(g, g.current)),
      h('p', { class: 'card-change' }, badge(STATUS_KIND[g.status] || 'flat', g.status), ` target ${v(g, g.target)} by ${g.deadline}`)))),
    table('Goals and their trend', [
      { label: 'Goal', cell: (g) => `${g.label || g.metric}${g.segment ? ` (${g.segment})` : ''}` },
      { label: 'Target', num: true, cell: (g) => v(g, g.target) },
      { label: 'By', cell: (g) => g.deadline },
      { label: 'Latest month', num: true, cell: (g) => v(g, g.current) },
      { label: 'Progress', num: true, cell: (g) => (g.progress === null ? 'n/a' : fmtPercent(g.progress, 0)) },
      { label: 'Status', cell: (g) => badge(STATUS_KIND[g.status] || 'flat', g.status) },
      {
        label: 'Projected at the deadline (95% interval)',
        num: true,
        cell: (g) => (g.trend ? `${v(g, g.trend.projected)} (${v(g, g.trend.low)} to ${v(g, g.trend.high)})` : 'n/a'),
      },
      { label: 'Owner', cell: (g) => g.owner || '–' },
      { label: 'Why', cell: (g) => g.why || '' },
    ], d.goals, { rowHeaders: true, rowId: (g) => `goal-${g.id}` }),
    h('p', { class: 'hint' }, 'On track when the least-squares trend of the months so far (at least 3) reaches the target by the deadline; progress is measured from the first month.'),
  ];
}

// ------------------------------------------------------------ SRCI

function assumptionValue(a, x, cur) {
  if (x === null || x === undefined) return 'n/a';
  if (SHARES.has(a)) return fmtPercent(x, 1);
  if (a === 'proxy') return fmtMoney(x, cur);
  if (a === 'duration') return `${num(x, 0)} y`;
  return num(x, Number.isInteger(x) ? 0 : 1);
}

function scopeLinks(d, chosen) {
  const names = (d.initiatives || []).map((i) => i.initiative);
  if (chosen && !names.includes(chosen)) names.push(chosen);
  const items = [chosen ? h('a', { href: '#/impact' }, 'Whole organisation') : h('strong', null, 'Whole organisation')];
  for (const n of names)
    items.push(' · ', n === chosen ? h('strong', null, n) : h('a', { href: `#/impact?initiative=${encodeURIComponent(n)}` }, n));
  return h('p', { class: 'scope' }, 'Scope: ', items);
}

function srciSection(d, chosen, all) {
  const cur = d.currency;
  const out = [scopeLinks(all || d, chosen)];
  const inp = d.inputs;
  out.push(facts([
    ['SRCI ratio', h('strong', { 'data-k': 'srci-ratio' }, d.ratio === null ? 'n/a' : `${num(d.ratio, 2)} : 1`)],
    d.ratio_na_reason ? ['Why no ratio', d.ratio_na_reason] : null,
    ['Net ratio', h('span', { 'data-k': 'srci-net-ratio' }, num(d.net_ratio, 2))],
    ['Present value of the outcomes', h('span', { 'data-k': 'srci-pv' }, fmtMoney(d.present_value, cur))],
    ['Net present value', fmtMoney(d.npv, cur)],
    ['Inputs', h('span', { 'data-k': 'srci-inputs' }, fmtMoney(inp.total, cur))],
    ['of which', `cash ${fmtMoney(inp.cash, cur)}, in kind ${fmtMoney(inp.in_kind, cur)}, ${num(inp.volunteer_hours, 0)} volunteer hours valued at ${fmtMoney(inp.volunteer_value, cur)} (${fmtMoney(d.volunteer_rate, cur)} an hour)`],
    ['Payback', h('span', { 'data-k': 'srci-payback' }, d.payback_months === null ? 'n/a' : `${num(d.payback_months, 1)} months`)],
    d.payback_na_reason ? ['Why no payback', d.payback_na_reason] : null,
    ['Discount rate', fmtPercent(d.discount_rate, 1)],
  ]));
  out.push(h('p', null, 'Each outcome is valued per year as quantity × financial proxy, less what would have happened anyway (deadweight), what it displaced and what others contributed (attribution), falling by the drop-off each later year, and discounted; the ratio is that present value over the inputs.'));
  out.push(...notes(d.notes));
  if (d.values_per_year && d.values_per_year.length)
    out.push(chart({
      title: `Value of the outcomes per year (${cur})`,
      describe: `Year 1 is worth ${fmtMoney(d.values_per_year[0], cur)}; the value falls with the drop-off and ends when each outcome's duration does.`,
      type: 'bar',
      labels: d.values_per_year.map((_, i) => `year ${i + 1}`),
      xLabel: 'Year',
      series: [{ label: `Value (${cur})`, data: d.values_per_year }],
      format: (x) => fmtMoney(x, cur),
    }));
  out.push(h('h3', null, 'Outcomes'));
  out.push(table('Outcomes and their value', [
    { label: 'Outcome', cell: (o) => o.outcome },
    { label: 'Initiative', cell: (o) => o.initiative },
    { label: 'Stakeholder', cell: (o) => o.stakeholder },
    { label: 'Quantity', num: true, cell: (o) => [num(o.quantity, Number.isInteger(o.quantity) ? 0 : 1), o.quantity_note ? h('span', { class: 'hint' }, ` (${o.quantity_note})`) : null] },
    { label: `Proxy (${cur})`, num: true, cell: (o) => num(o.proxy, 2) },
    { label: 'Deadweight', num: true, cell: (o) => fmtPercent(o.deadweight, 0) },
    { label: 'Displacement', num: true, cell: (o) => fmtPercent(o.displacement, 0) },
    { label: 'Attribution', num: true, cell: (o) => fmtPercent(o.attribution, 0) },
    { label: 'Drop-off', num: true, cell: (o) => fmtPercent(o.drop_off, 0) },
    { label: 'Years', num: true, cell: (o) => num(o.duration, 0) },
    { label: 'Present value', num: true, cell: (o) => fmtMoney(o.present_value, cur) },
    { label: 'Proxy source', cell: (o) => o.proxy_source || '–' },
  ], d.outcomes, { rowHeaders: true, empty: 'No outcomes recorded.' }));
  if (d.initiatives && d.initiatives.length) {
    out.push(h('h3', null, 'Per initiative'));
    out.push(table('SRCI per initiative', [
      { label: 'Initiative', cell: (i) => h('a', { href: `#/impact?initiative=${encodeURIComponent(i.initiative)}` }, i.initiative) },
      { label: 'Inputs', num: true, cell: (i) => fmtMoney(i.inputs.total, cur) },
      { label: 'Present value', num: true, cell: (i) => fmtMoney(i.present_value, cur) },
      { label: 'Ratio', num: true, cell: (i) => (i.ratio === null ? `n/a: ${i.ratio_na_reason || ''}` : num(i.ratio, 2)) },
      { label: 'Payback (months)', num: true, cell: (i) => (i.payback_months === null ? `n/a: ${i.payback_na_reason || ''}` : num(i.payback_months, 1)) },
    ], d.initiatives, { rowHeaders: true }));
  }
  const rows = d.sensitivity.rows.slice()
    .sort((a, b) => Math.abs(b.high.ratio - b.low.ratio) - Math.abs(a.high.ratio - a.low.ratio));
  const pct = Math.round(d.sensitivity.range * 100);
  out.push(h('h3', null, 'Sensitivity'));
  if (rows.length && d.ratio !== null) {
    const top = rows.slice(0, TORNADO_ROWS);
    out.push(chart({
      title: `What moves the ratio: each assumption −${pct}% and +${pct}%`,
      describe: `The change in the ratio (now ${num(d.ratio, 2)}) when one assumption of one outcome is moved by ${pct}% either way, largest first; the assumption that matters most is the ${top[0].assumption.replace('_', '-')} of '${top[0].outcome}'.`,
      type: 'bar',
      horizontal: true,
      tall: true,
      labels: top.map((r) => `${r.outcome}: ${r.assumption.replace('_', '-')}`),
      xLabel: 'Assumption',
      series: [
        { label: `−${pct}%`, data: top.map((r) => r.low.ratio - d.ratio), color: COLORS.bad },
        { label: `+${pct}%`, data: top.map((r) => r.high.ratio - d.ratio), color: COLORS.good },
      ],
      format: (x) => (x === null || x === undefined ? 'n/a' : (x >= 0 ? '+' : '') + x.toFixed(3)),
    }));
  }
  out.push(table('Break-even value of each assumption', [
    { label: 'Outcome', cell: (r) => r.outcome },
    { label: 'Assumption', cell: (r) => r.assumption.replace('_', '-') },
    { label: 'Value', num: true, cell: (r) => assumptionValue(r.assumption, r.value, cur) },
    { label: 'Ratio 1.0 at', cell: (r) => (r.break_even === null ? r.break_even_note || 'never' : assumptionValue(r.assumption, r.break_even, cur)) },
    { label: `Ratio at −${pct}%`, num: true, cell: (r) => num(r.low.ratio, 2) },
    { label: `Ratio at +${pct}%`, num: true, cell: (r) => num(r.high.ratio, 2) },
  ], rows, { empty: 'No assumptions to move.' }));
  return out;
}

// ------------------------------------------------------------ stakeholders

function stakeholdersSection(d) {
  const out = [];
  const gs = d.groups;
  if (!gs.length) return [notice('info', 'No stakeholder groups yet: add them with kith stakeholders add GROUP --power N --interest N.')];
  out.push(...notes([d.note]));
  const placed = gs.filter((g) => g.interest !== null || g.suggested_interest !== null);
  out.push(scatter({
    title: 'Stakeholders by power and interest',
    describe: `${gs.length} groups on the power/interest grid (0 to 10; the quadrants split at 5): high power and interest, manage closely; high power, keep satisfied; high interest, keep informed; neither, monitor. Triangles are interest kith suggests from measured engagement where nobody has set it.`,
    points: placed.map((g) => ({
      label: g.group,
      x: g.interest !== null ? g.interest : g.suggested_interest,
      y: g.power,
      marked: g.interest === null,
    })),
    xLabel: 'Interest',
    yLabel: 'Power',
    markLabel: 'suggested',
    xMin: 0,
    xMax: 10,
    yMin: 0,
    yMax: 10,
    format: (x) => num(x, 1),
  }));
  const kindHref = (k) => (['customer', 'employee', 'supplier', 'partner', 'local_org', 'online'].includes(k) ? `#/members?kind=${k}` : null);
  out.push(table('Stakeholder groups', [
    { label: 'Group', cell: (g) => g.group },
    { label: 'Power', num: true, cell: (g) => num(g.power, 1) },
    { label: 'Interest', num: true, cell: (g) => (g.interest !== null ? num(g.interest, 1) : `n/a (suggested ${num(g.suggested_interest, 1)})`) },
    { label: 'Quadrant', cell: (g) => g.quadrant || (g.suggested_interest !== null ? 'to decide: interest not set' : 'n/a') },
    { label: 'Salience', cell: (g) => g.salience },
    { label: 'Legitimate / urgent', cell: (g) => `${g.legitimacy ? 'yes' : 'no'} / ${g.urgency ? 'yes' : 'no'}` },
    { label: 'Members', cell: (g) => (g.kind && kindHref(g.kind) ? h('a', { href: kindHref(g.kind) }, `${g.kind.replace('_', ' ')} members`) : '–') },
    { label: 'How the interest was suggested', cell: (g) => (g.suggestion ? g.suggestion.how : '–') },
    { label: 'Notes', cell: (g) => g.notes || '' },
  ], gs, { rowHeaders: true }));
  out.push(h('p', { class: 'hint' }, 'Salience (Mitchell, Agle & Wood 1997) from power ≥ 5, legitimacy and urgency: definitive groups have all three.'));
  return out;
}

// ------------------------------------------------------------ scenarios

function eventText(e) {
  const span = e.months ? ` for ${e.months} months` : '';
  if (e.kind === 'downturn') return `downturn from month ${e.from}${span}, depth ${fmtPercent(e.depth, 0)}`;
  if (e.kind === 'initiative') return `initiative from month ${e.from}${span}: p ${fmtPercent(e.p_change, 0)}, q ${fmtPercent(e.q_change, 0)}, cost ${num(e.cost, 2)}`;
  return `lost champion from month ${e.from}${span}: q ${fmtPercent(e.q_change, 0)}`;
}

function scenariosBody(d) {
  const cur = d.currency;
  const out = [];
  const m = d.model;
  const f = d.fit;
  out.push(facts([
    ['Model', `Bass diffusion: innovation p ${num(m.p, 5)}, imitation q ${num(m.q, 4)}, market ${num(m.market, 0)}, churn ${fmtPercent(m.churn, 2)} a month`],
    f ? ['Fit', h('span', { 'data-k': 'sim-r2' }, `R² ${num(f.r2, 3)}, RMSE ${num(f.rmse, 1)} new members a month over ${f.months} months from ${f.from}${f.converged ? '' : ' (did not converge)'}`)] : ['Fit', 'none: the model was given'],
    ['Start', `${num(d.start.members, 0)} members, ${num(d.start.cumulative, 0)} ever joined (${d.start.month || 'from zero'})`],
    ['Rates', d.rates.note || `active ${fmtPercent(d.rates.active_share)}, ${num(d.rates.purchase_rate, 3)} purchases per active member, ${fmtMoney(d.rates.spend, cur)} a purchase`],
  ]));
  if (f && f.note) out.push(notice('info', h('strong', null, 'About the fit: '), f.note));
  const sc = d.scenarios;
  out.push(table('Scenarios compared', [
    { label: 'Scenario', cell: (s) => s.name },
    { label: 'Events', cell: (s) => (s.events.length ? s.events.map(eventText).join('; ') : 'as measured') },
    { label: 'Members at the end', num: true, cell: (s) => num(s.months[s.months.length - 1].members, 0) },
    { label: `Revenue (${cur})`, num: true, cell: (s) => num(s.revenue, 2) },
    { label: 'Against the baseline', num: true, cell: (s) => (s.revenue_difference >= 0 ? '+' : '') + num(s.revenue_difference, 2) },
    { label: 'Cost', num: true, cell: (s) => num(s.cost, 2) },
    { label: 'ROI', num: true, cell: (s) => (s.roi === null ? `n/a: ${s.roi_na_reason || ''}` : fmtPercent(s.roi, 0)) },
  ], sc, { rowHeaders: true, rowId: (s, i) => `scenario-${i}` }));
  const labels = sc[0].months.map((x) => x.label);
  out.push(chart({
    title: 'Projected members per scenario',
    describe: `Members month by month over ${labels.length} months; the baseline ends at ${num(sc[0].months[labels.length - 1].members, 0)}.`,
    type: 'line',
    labels,
    xLabel: 'Month',
    series: sc.map((s) => ({ label: s.name, data: s.months.map((x) => x.members) })),
    format: (x) => num(x, 0),
  }));
  out.push(chart({
    title: `Projected revenue per scenario (${cur} a month)`,
    describe: `Revenue month by month from the measured purchase rate and spend; over the horizon the baseline earns ${fmtMoney(sc[0].revenue, cur)}.`,
    type: 'line',
    labels,
    xLabel: 'Month',
    series: sc.map((s) => ({ label: s.name, data: s.months.map((x) => x.revenue) })),
    format: (x) => fmtMoney(x, cur),
  }));
  return out;
}

function scenariosSection(first) {
  const body = h('div', { id: 'scenario-body' });
  const fields = {
    months: field('Months ahead', 'input', { name: 'months', type: 'number', min: '1', max: '600', value: '12' }),
    downturn: field('Downturn', 'input', { name: 'downturn', type: 'text', placeholder: 'months=6,depth=30%', 'data-hint': 'months=K[,from=F][,depth=D%]: p and purchases down, churn up' }),
    initiative: field('New initiative', 'input', { name: 'initiative', type: 'text', placeholder: 'from=3,p=+50%,cost=2000', 'data-hint': 'from=F[,p=+X%][,q=+X%][,cost=C][,months=K]' }),
    lost_champion: field('Lost champion', 'input', { name: 'lost_champion', type: 'text', placeholder: 'q=-30%', 'data-hint': '[from=F][,q=-X%][,months=K]: word of mouth down' }),
  };
  const btn = h('button', { type: 'submit' }, 'Run the scenarios');
  const form = h('form', { class: 'filters', id: 'simulate-form', 'aria-label': 'Run scenarios' }, Object.values(fields).map((x) => x.wrap), h('div', { class: 'actions' }, btn));
  const show = (r) => {
    clear(body);
    if (r.ok) body.append(...scenariosBody(r.value));
    else body.append(r.error && r.error.status >= 400 && r.error.status < 500
      ? h('div', { id: 'scenario-error' }, notice('info', h('strong', null, 'Scenarios: n/a. '), r.error.message))
      : failure(r.error));
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const q = {};
    for (const [k, x] of Object.entries(fields)) q[k] = x.control.value.trim();
    await busy(btn, async () => {
      try {
        show({ ok: true, value: await get('/api/v1/simulate', q) });
      } catch (err) {
        show({ ok: false, error: err });
      }
    });
  });
  show(first);
  return [h('p', null, 'Community growth as Bass diffusion, fitted to your monthly new members, projected month by month; try "what if" events before you spend (several: each alone and all together).'), form, body];
}

// ------------------------------------------------------------ the page

function findingsHere(rep) {
  const fs = (rep.findings || []).filter((f) => f.evidence && f.evidence.page === '#/impact');
  if (!fs.length) return null;
  return section('What the report says',
    h('ul', { class: 'findings', id: 'impact-findings' }, fs.map((f) => h('li', { class: `finding finding-${f.kind}`, 'data-finding': f.id },
      badge(f.kind, KIND_WORDS[f.kind] || f.kind), ' ', h('span', { class: 'finding-text' }, f.text)))));
}

function settled(r, what, build) {
  if (r.status === 'fulfilled') return build(r.value);
  return [notice('info', h('strong', null, `${what}: n/a. `), r.reason && r.reason.message ? r.reason.message : String(r.reason))];
}

export async function render(view, ctx) {
  const initiative = ctx.params.get('initiative') || '';
  view.append(...pageTitle('Impact',
    'Is the community work worth it, and what next: your goals and how they are going, the social return on community investment (SRCI), who your stakeholders are, and growth scenarios to try before you spend.'));
  const calls = [
    get('/api/v1/goals'),
    get('/api/v1/srci', { initiative }),
    initiative ? get('/api/v1/srci') : Promise.resolve(null),
    get('/api/v1/stakeholders'),
    get('/api/v1/simulate'),
    get('/api/v1/report'),
  ];
  const [goals, srci, whole, stake, sim, rep] = await Promise.allSettled(calls);
  for (const r of [goals, srci, stake, sim])
    if (r.status === 'rejected' && !(r.reason && r.reason.status >= 400 && r.reason.status < 500)) {
      view.append(failure(r.reason));
      return;
    }
  if (rep.status === 'fulfilled') {
    const f = findingsHere(rep.value);
    if (f) view.append(f);
  }
  view.append(section('Goals', ...settled(goals, 'Goals', goalsSection)));
  view.append(section(initiative ? `Social return: ${initiative}` : 'Social return on community investment',
    ...settled(srci, 'SRCI', (d) => srciSection(d, initiative, whole.status === 'fulfilled' ? whole.value : null))));
  view.append(section('Stakeholders', ...settled(stake, 'Stakeholders', stakeholdersSection)));
  view.append(section('Scenarios', ...scenariosSection(sim.status === 'fulfilled'
    ? { ok: true, value: sim.value } : { ok: false, error: sim.reason })));
}
