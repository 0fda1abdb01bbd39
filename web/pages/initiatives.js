// Initiatives: what each piece of community work cost and brought back
// (GET /api/v1/initiatives, the JSON of kith initiatives --format json):
// attributed revenue, purchases, customers acquired, ROI. A chart of the
// ROI and the same numbers as a table. #/initiatives?name=X marks one
// initiative (the overview's findings link here).
import { h } from '../lib/dom.js';
import { get } from '../lib/api.js';
import { fmtMoney, fmtCount, fmtPercent, fmtDate } from '../lib/format.js';
import { pageTitle, section, table, notice } from '../lib/ui.js';
import { chart, COLORS } from '../lib/chart.js';

export const title = 'Initiatives';

const roiText = (r) => (r === null ? 'n/a' : (r > 0 ? '+' : '') + fmtPercent(r, 0));

export async function render(view, ctx) {
  const d = await get('/api/v1/initiatives');
  const cur = d.currency;
  const want = ctx.params.get('name');
  const list = d.initiatives;
  const to = new Date(Date.parse(d.period.to) - 1000).toISOString();
  view.append(...pageTitle('Initiatives',
    `Revenue attributed to each initiative (purchases within the attribution window of a touch), in the period ${fmtDate(d.period.from)} to ${fmtDate(to)} and in all time, and the return on its cost.`));
  const picked = want ? list.find((i) => i.initiative === want) : null;
  if (want && !picked) view.append(notice('error', `No initiative is called "${want}".`));
  if (picked)
    view.append(notice('info', h('strong', null, picked.initiative), `: ROI ${roiText(picked.roi)} on a cost of ${fmtMoney(picked.cost, cur)}; ${fmtMoney(picked.revenue, cur)} of attributed revenue from ${fmtCount(picked.purchases)} purchases; ${fmtCount(picked.acquired)} customers acquired.`));
  const withRoi = list.filter((i) => i.roi !== null);
  if (withRoi.length) {
    const losers = withRoi.filter((i) => i.roi < 0).map((i) => i.initiative);
    view.append(section('Return on investment', chart({
      title: 'ROI by initiative (all-time attributed revenue against cost)',
      describe: `${withRoi.length} initiatives with a cost. ${losers.length ? `Lost money: ${losers.join(', ')}.` : 'None lost money.'} Best: ${withRoi.reduce((a, b) => (b.roi > a.roi ? b : a)).initiative}.`,
      type: 'bar',
      labels: withRoi.map((i) => i.initiative),
      xLabel: 'Initiative',
      series: [{ label: 'ROI', data: withRoi.map((i) => i.roi), colors: withRoi.map((i) => (i.roi < 0 ? COLORS.bad : COLORS.good)) }],
      format: roiText,
      tick: (v) => fmtPercent(v, 0),
    })));
  }
  view.append(section('All initiatives', table('Initiatives', [
    { label: 'Initiative', cell: (i) => i.initiative },
    { label: 'Cost', num: true, cell: (i) => fmtMoney(i.cost, cur) },
    { label: 'Revenue in the period', num: true, cell: (i) => fmtMoney(i.revenue_period, cur) },
    { label: 'Revenue, all time', num: true, cell: (i) => fmtMoney(i.revenue, cur) },
    { label: 'Purchases', num: true, cell: (i) => fmtCount(i.purchases) },
    { label: 'Customers acquired', num: true, cell: (i) => fmtCount(i.acquired) },
    { label: 'ROI', num: true, cell: (i) => h('span', { class: i.roi !== null && i.roi < 0 ? 'neg' : null }, roiText(i.roi)) },
    { label: 'Cost per customer acquired', num: true, cell: (i) => (i.cost_per_acquired === null ? 'n/a' : fmtMoney(i.cost_per_acquired, cur)) },
  ], list, {
    hideCaption: true,
    rowHeaders: true,
    empty: 'No initiatives: import them with the initiatives format (Imports).',
    rowClass: (i) => (picked && i === picked ? 'picked' : null),
    rowId: (i) => `initiative-${i.id}`,
  })));
  // Once the page is shown: bring the initiative asked for into view.
  return () => {
    const row = picked && document.getElementById(`initiative-${picked.id}`);
    if (row) row.scrollIntoView({ block: 'center' });
  };
}
