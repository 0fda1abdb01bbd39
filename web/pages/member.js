// A member's profile (GET /api/v1/members/{id}, the JSON of kith members
// show --format json): who they are, their scores, identities, activity by
// type, timeline, texts with their sentiment, and the merges that made
// them, each of which a manager can undo here.
import { h } from '../lib/dom.js';
import { get } from '../lib/api.js';
import { fmtCount, fmtDate, fmtDateTime, fmtSigned, thousands } from '../lib/format.js';
import { pageTitle, section, table, facts, notice, badge, failure } from '../lib/ui.js';
import { mergeTable } from './merges.js';

export const title = 'Member';

function sentimentWord(c) {
  if (c === null || c === undefined) return 'not scored';
  if (c >= 0.05) return 'positive';
  if (c <= -0.05) return 'negative';
  return 'neutral';
}

function scores(m) {
  if (!m.scores)
    return notice('info', m.scores_error || 'No engagement score: the organisation has no activity yet.');
  const s = m.scores;
  return facts([
    ['Love (engagement score)', s.love.toFixed(1)],
    ['Level', s.level_name],
    ['At risk of drifting away', s.at_risk ? badge('bad', 'yes') : 'no'],
    ['As of', fmtDate(s.as_of)],
  ]);
}

// "value": predicted lifetime value and churn risk (kith clv, kith churn;
// the Customers page has the models); a model that does not apply to
// this member says why.
function value(m) {
  const v = m.value;
  if (!v) return notice('info', 'No value figures for this member.');
  const fix = (x, d) => (x === null || x === undefined ? 'n/a' : x.toFixed(d));
  const out = [];
  if (v.clv_error) out.push(notice('info', h('strong', null, 'Lifetime value n/a: '), v.clv_error));
  if (v.churn_error) out.push(notice('info', h('strong', null, 'Churn risk n/a: '), v.churn_error));
  out.push(facts([
    v.clv_error ? null : ['Predicted CLV (org currency)', h('span', { 'data-k': 'predicted-clv' }, v.predicted_clv === null ? `n/a: ${v.predicted_clv_why || 'no spend model'}` : thousands(v.predicted_clv, 2))],
    v.clv_error ? null : ['P(alive)', h('span', { 'data-k': 'p-alive' }, fix(v.p_alive, 3))],
    v.clv_error ? null : ['Expected purchases', fix(v.expected_purchases, 2)],
    v.churn_error ? null : ['Churn risk', h('span', { 'data-k': 'churn-risk' }, `${(v.churn_risk * 100).toFixed(1)}%`)],
    v.churn_error || !v.churn_reasons.length ? null : ['Why', v.churn_reasons.join('; ')],
  ]));
  out.push(h('p', null, h('a', { href: '#/customers' }, 'How these are predicted, and the other customers')));
  return out;
}

// The member's place in the network of the default period (the profile's
// "network", kith_graph_member_json): community, ranks, strongest ties.
function network(m) {
  const n = m.network;
  if (!n) return notice('info', `Not in the network: ${m.network_error || 'no network could be built.'}`);
  if (!n.in_graph) return notice('info', 'No tie with another member in the period, so not in the network.');
  const of = ` of ${fmtCount(n.nodes)}`;
  return [
    facts([
      ['Community', h('a', { href: `#/network?member=${n.member}` }, `community ${n.community}`), ` (${fmtCount(n.community_size)} members)`],
      ['Rank by reach', `${n.rank_reach}${of}`],
      ['Rank by brokerage', `${n.rank_brokerage}${of}`],
      ['Rank by betweenness', `${n.rank_betweenness}${of}`],
      ['Bridge member', n.bridge ? 'yes: has ties into another community' : 'no'],
    ].map(([k, ...v]) => [k, h('span', { 'data-network': k }, ...v)])),
    table('Strongest ties', [
      { label: 'Member', cell: (t) => h('a', { href: `#/members/${t.id}` }, t.name || `member ${t.id}`) },
      { label: 'Weight', num: true, cell: (t) => thousands(t.weight, 3) },
      { label: 'From this member', num: true, cell: (t) => thousands(t.weight_out, 3) },
      { label: 'To this member', num: true, cell: (t) => thousands(t.weight_in, 3) },
      { label: 'Tie', cell: (t) => [t.strong ? 'strong' : 'weak', t.bridging ? ', bridging' : ''].join('') },
      { label: 'Community', num: true, cell: (t) => String(t.community) },
    ], n.strongest_ties, { empty: 'No tie.' }),
  ];
}

// Whom to introduce this member to (GET /api/v1/match/{id}, kith match).
async function introductions(m) {
  let d;
  try {
    d = await get(`/api/v1/match/${encodeURIComponent(m.id)}`);
  } catch (err) {
    return failure(err);
  }
  return table('Introductions, best first, with their reasons', [
    { label: 'Introduce', cell: (r) => h('a', { href: `#/members/${r.introduce}` }, r.introduce_name || `member ${r.introduce}`) },
    { label: 'Score', num: true, cell: (r) => thousands(r.score, 2) },
    { label: 'Why', cell: (r) => r.reason },
  ], d.introductions, { empty: 'No introduction to propose: no shared interests, no friends of friends, no bridge nearby.' });
}

export async function render(view, ctx) {
  const m = await get(`/api/v1/members/${encodeURIComponent(ctx.args.id)}`);
  view.append(...pageTitle(m.name || `Member ${m.id}`));
  view.append(h('p', { class: 'crumbs' }, h('a', { href: '#/members' }, 'Members'), ` › member ${m.id}`));
  if (m.shown_for)
    view.append(notice('info', `Member ${m.shown_for} was merged into this member; this is the member it is now part of.`));
  if (m.merged_into)
    view.append(notice('info', 'This member was merged into ', h('a', { href: `#/members/${m.merged_into}` }, `member ${m.merged_into}`), '.'));
  view.append(section('About', facts([
    ['Kinds', m.kinds.replaceAll(',', ', ') || '–'],
    m.flags ? ['Flags', m.flags.replaceAll(',', ', ')] : null,
    ['Email', m.email || '–'],
    ['Postcode', m.postcode || '–'],
    ['Location', m.location || '–'],
    ['First seen', fmtDate(m.first_seen) || '–'],
    ['Activities', fmtCount(m.activities)],
    ['Last activity', fmtDate(m.last_activity) || '–'],
  ])));
  view.append(section('Scores', scores(m)));
  view.append(section('Value and churn risk', ...value(m)));
  if (m.network !== undefined) view.append(section('Network', network(m)));
  view.append(section('Introductions', await introductions(m)));
  view.append(section('Identities',
    table('Identities', [
      { label: 'Kind', cell: (i) => i.kind },
      { label: 'Value', cell: (i) => i.value },
      { label: 'Source', cell: (i) => i.source },
    ], m.identities, { hideCaption: true, empty: 'No identities.' })));
  view.append(section('Activity by type',
    table('Activity by type', [
      { label: 'Type', cell: (t) => t.type },
      { label: 'Count', num: true, cell: (t) => fmtCount(t.count) },
      { label: 'First', cell: (t) => fmtDate(t.first) },
      { label: 'Last', cell: (t) => fmtDate(t.last) },
      { label: 'Value', num: true, cell: (t) => thousands(t.value_sum, 2) },
    ], m.activity_types, { hideCaption: true, rowHeaders: true, empty: 'No activity.' })));
  view.append(section(`Timeline (latest ${m.timeline.length})`,
    table('Timeline, newest first', [
      { label: 'When', cell: (a) => fmtDateTime(a.at) },
      { label: 'Type', cell: (a) => a.type },
      { label: 'Channel', cell: (a) => a.channel },
      { label: 'Source', cell: (a) => a.source },
      { label: 'Value', num: true, cell: (a) => (a.value === null ? '' : `${thousands(a.value, 2)} ${a.currency}`.trim()) },
      { label: 'Initiative', cell: (a) => (a.initiative_id ? `#${a.initiative_id}` : '') },
    ], m.timeline, { hideCaption: true, empty: 'No activity.' })));
  const texts = m.texts || [];
  view.append(section('Texts and their sentiment',
    m.texts_error ? notice('info', `Not scored: ${m.texts_error}`) : null,
    table('Texts, newest first, with their VADER compound score (-1 to +1)', [
      { label: 'Date', cell: (t) => t.date || fmtDate(t.at) },
      { label: 'Channel', cell: (t) => t.channel },
      { label: 'Text', cell: (t) => h('span', { class: 'quote' }, t.text) },
      { label: 'Sentiment', num: true, cell: (t) => (t.compound === null ? 'not scored' : `${fmtSigned(t.compound, 2)} ${sentimentWord(t.compound)}`) },
    ], texts, { empty: 'No texts.' })));
  view.append(section('Merge history',
    mergeTable(m.merges, ctx, 'Merges of this member', 'No merges: this member was never merged with another.')));
}
