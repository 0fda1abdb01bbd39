// The community network (GET /api/v1/graph, the JSON of kith graph
// --format json): the whole-graph figures, the members of highest reach,
// brokerage and betweenness, the bridge members, the communities with
// their sizes (a bar chart) and the picture (GET /api/v1/graph.svg, kith
// graph --svg). #/network?member=ID marks one member (the report's finding
// network_bridges links here); &weights=count and from/to/as_of choose
// the analysis as kith graph's flags do.
import { h } from '../lib/dom.js';
import { get, query } from '../lib/api.js';
import { fmtCount, fmtDate, fmtPercent, thousands } from '../lib/format.js';
import { pageTitle, section, table, facts, notice, failure } from '../lib/ui.js';
import { chart, COLORS } from '../lib/chart.js';

export const title = 'Network';

const TOP = 10; // members per ranking table
const BARS = 15; // communities in the chart

const memberLink = (id, name) => h('a', { href: `#/members/${id}`, class: 'member-link' }, name || `member ${id}`);
const num = (v, d) => (v === null || v === undefined ? 'n/a' : thousands(v, d));

// The analysis's arguments from the page's address (those kith graph takes).
function args(params) {
  const out = {};
  for (const k of ['from', 'to', 'as_of', 'weights', 'include_team']) if (params.get(k)) out[k] = params.get(k);
  return out;
}

function ranking(caption, members, key, valueLabel, value, picked) {
  const rows = members.filter((m) => m[key] <= TOP).sort((a, b) => a[key] - b[key]);
  return table(caption, [
    { label: 'Rank', num: true, cell: (m) => String(m[key]) },
    { label: 'Member', cell: (m) => memberLink(m.id, m.name) },
    { label: valueLabel, num: true, cell: value },
    { label: 'Community', num: true, cell: (m) => String(m.community) },
    { label: 'Bridge', cell: (m) => (m.bridge ? 'yes' : 'no') },
  ], rows, {
    rowHeaders: true,
    empty: 'No member.',
    rowClass: (m) => (picked && m.id === picked.id ? 'picked' : null),
  });
}

export async function render(view, ctx) {
  const a = args(ctx.params);
  const want = Number(ctx.params.get('member')) || null;
  view.append(...pageTitle('Network',
    'Who holds the community together and who bridges its groups: members tied by replies, mentions, reactions, referrals and attending the same event (kith graph; docs/graph.md).'));
  let g;
  try {
    g = await get('/api/v1/graph' + query(a));
  } catch (err) {
    // A period without ties, an org without activities: the reason in words.
    view.append(failure(err));
    return undefined;
  }
  const to = new Date(Date.parse(g.period.to) - 1000).toISOString();
  view.append(h('p', { class: 'lead', id: 'network-period' },
    `${fmtDate(g.period.from)} to ${fmtDate(to)} (as of ${fmtDate(g.as_of)}), weights ${g.weights}`,
    g.weights === 'decayed' ? ` (half-life ${g.half_life_days} days)` : '', '.'));

  const picked = want ? g.members.find((m) => m.id === want) : null;
  if (want && !picked)
    view.append(notice('info', `Member ${want} has no tie in this period, so is not in the network. `,
      memberLink(want, 'Their profile'), '.'));
  if (picked)
    view.append(notice('info', h('span', { id: 'network-picked' },
      memberLink(picked.id, picked.name),
      `: community ${picked.community}; rank ${picked.rank_betweenness} of ${fmtCount(g.nodes)} by betweenness, ${picked.rank_reach} by reach, ${picked.rank_brokerage} by brokerage`,
      picked.bridge ? '; a bridge member (has ties into another community).' : '.')));

  const t = g.tie_counts;
  view.append(section('The whole network', facts([
    ['Members with ties', h('span', { 'data-figure': 'nodes' }, fmtCount(g.nodes))],
    ['Ties (pairs of members)', h('span', { 'data-figure': 'ties' }, fmtCount(g.ties))],
    ['Directed edges', h('span', { 'data-figure': 'edges' }, fmtCount(g.edges))],
    ['Interactions', h('span', { 'data-figure': 'interactions' }, fmtCount(g.interactions))],
    ['Communities', h('span', { 'data-figure': 'communities' }, fmtCount(g.communities.length))],
    ['Modularity', h('span', { 'data-figure': 'modularity' }, num(g.modularity, 3))],
    ['Strong ties', h('span', { 'data-figure': 'strong' }, fmtCount(t.strong))],
    ['Weak ties', h('span', { 'data-figure': 'weak' }, fmtCount(t.weak))],
    ['Bridging ties (between communities)', h('span', { 'data-figure': 'bridging' }, fmtCount(t.bridging))],
    ['Bridge members', h('span', { 'data-figure': 'bridge_members' }, fmtCount(g.bridge_members))],
    ['Density', num(g.density, 4)],
    ['Reciprocity', fmtPercent(g.reciprocity, 1)],
    ['Components', `${fmtCount(g.components)} (the largest holds ${fmtPercent(g.largest_component.share, 1)} of the members)`],
  ])));

  // What the numbers do not say.
  const caveats = [
    `Strong ties are reciprocated and in the top ${fmtPercent(1 - t.strong_quantile, 0)} of tie weights (at least ${num(t.strong_threshold, 4)}); every other tie is weak.`,
    g.betweenness.method === 'exact'
      ? 'Betweenness is exact.'
      : `Betweenness is estimated from ${fmtCount(g.betweenness.sources)} sampled sources: the network is too large for the exact value (kith graph --exact-betweenness computes it).`,
    `Communities: Leiden, best of ${g.leiden.runs} seeded runs, resolution ${g.resolution}.`,
  ];
  if (g.events.skipped)
    caveats.push(`${fmtCount(g.events.skipped)} events with more than ${g.events.max_attendees} attendees made no ties (the largest had ${fmtCount(g.events.largest_skipped)}).`);
  if (g.dropped.team_or_bot)
    caveats.push(`${fmtCount(g.dropped.team_or_bot)} interactions with team or bot members are left out.`);
  view.append(section('How to read it', h('ul', { class: 'caveats', id: 'network-caveats' }, caveats.map((c) => h('li', null, c)))));

  // The picture costs the server a layout: drawn when asked for.
  const src = '/api/v1/graph.svg' + query({ ...a, nodes: 300 });
  const pic = h('details', { class: 'network-picture', id: 'network-picture' },
    h('summary', null, 'Show the picture of the network (the 300 members of highest reach)'));
  pic.addEventListener('toggle', () => {
    if (!pic.open || pic.querySelector('img')) return;
    pic.append(h('figure', null,
      h('img', {
        src,
        alt: `The network's 300 members of highest reach and the ties among them, coloured by community (${g.communities.length} communities), bridge members outlined. The same members are in the tables below.`,
        id: 'network-svg',
        width: 900,
        height: 720,
      }),
      h('figcaption', null, 'Size = reach, colour = community (the 9 largest; the rest grey), outlined = bridge member.')));
  });
  view.append(section('The picture', pic));

  const m = g.members;
  view.append(section('Reach (PageRank)', ranking(`The ${TOP} members of highest reach`, m, 'rank_reach', 'Reach', (x) => num(x.pagerank, 5), picked)));
  view.append(section('Brokerage (lowest constraint)', ranking(`The ${TOP} brokers: lowest Burt constraint`, m, 'rank_brokerage', 'Constraint', (x) => num(x.constraint, 4), picked)));
  view.append(section('Betweenness', ranking(`The ${TOP} members of highest betweenness`, m, 'rank_betweenness', 'Betweenness', (x) => num(x.betweenness, 0), picked)));

  view.append(section(`Bridge members (${fmtCount(g.bridge_members)})`,
    table(`The first ${g.bridges.length} bridge members, by betweenness then lowest constraint`, [
      { label: 'Member', cell: (b) => memberLink(b.id, b.name) },
      { label: 'Community', num: true, cell: (b) => String(b.community) },
      { label: 'Betweenness', num: true, cell: (b) => num(b.betweenness, 0) },
      { label: 'Constraint', num: true, cell: (b) => num(b.constraint, 4) },
    ], g.bridges, {
      empty: 'No bridge member: no tie joins two communities.',
      rowClass: (b) => (picked && b.id === picked.id ? 'picked' : null),
    })));

  const cs = g.communities;
  const bars = cs.slice(0, BARS);
  const small = cs.filter((c) => c.size <= 2).length;
  view.append(section(`Communities (${fmtCount(cs.length)})`,
    chart({
      title: `Community sizes (the ${bars.length} largest)`,
      describe: `${cs.length} communities, modularity ${num(g.modularity, 3)}. The largest has ${fmtCount(cs[0] ? cs[0].size : 0)} members${small ? `; ${small} have only one or two` : ''}.`,
      type: 'bar',
      labels: bars.map((c) => `community ${c.id}`),
      xLabel: 'Community',
      series: [{ label: 'Members', data: bars.map((c) => c.size), colors: bars.map((c, i) => COLORS.series[i % COLORS.series.length]) }],
      format: (v) => fmtCount(v),
    }),
    table('Communities, largest first, with their members of highest reach', [
      { label: 'Community', num: true, cell: (c) => String(c.id) },
      { label: 'Members', num: true, cell: (c) => fmtCount(c.size) },
      { label: 'Weight inside', num: true, cell: (c) => num(c.internal_weight, 2) },
      { label: 'Top members by reach', cell: (c) => c.top.slice(0, 3).flatMap((x, i) => (i ? [', ', memberLink(x.id, x.name)] : [memberLink(x.id, x.name)])) },
    ], cs.slice(0, 20), { rowHeaders: true, empty: 'No community.' }),
    cs.length > 20 ? h('p', null, `… and ${cs.length - 20} smaller communities.`) : null));
  return undefined;
}
