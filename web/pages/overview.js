// Overview: what an owner needs to know first. The headline figures with
// their change against the previous period, then the findings (sentences
// generated from the numbers, each only when its numbers support it:
// docs/findings.md), each linking to the page that shows its evidence.
// Both come from GET /api/v1/report (`headlines`, `findings`), the same
// JSON as kith report --format json. The goals, when there are any, from
// GET /api/v1/goals, each with its status (the Impact page has the rest).
import { h } from '../lib/dom.js';
import { get } from '../lib/api.js';
import { fmtUnit, fmtDate } from '../lib/format.js';
import { pageTitle, section, badge, notice } from '../lib/ui.js';

export const title = 'Overview';

const KIND_WORDS = { bad: 'needs attention', watch: 'worth watching', good: 'going well' };

// The page a finding or headline links to: "#/..." pages of the
// dashboard; anything else falls back to the report's section.
function evidenceHref(page, section) {
  if (typeof page === 'string' && page.startsWith('#/')) return page;
  return `#/report?section=${encodeURIComponent(section || '')}`;
}

function periodText(rep) {
  const to = rep.period && rep.period.to ? new Date(Date.parse(rep.period.to) - 1000).toISOString() : null;
  return `${fmtDate(rep.period.from)} to ${fmtDate(to)}`;
}

function headline(hl, currency) {
  const kind = hl.trend === 'flat' ? 'flat' : hl.good === true ? 'good' : hl.good === false ? 'bad' : null;
  const value = hl.value === null ? h('span', { class: 'na' }, 'n/a') : fmtUnit(hl.value, hl.unit, currency);
  return h('li', { class: 'card headline', 'data-headline': hl.id, 'data-value': hl.value === null ? '' : String(hl.value) },
    h('h3', { class: 'card-label' }, h('a', { href: evidenceHref(hl.page, hl.section) }, hl.label)),
    h('p', { class: 'card-value' }, value),
    hl.value === null && hl.na_reason ? h('p', { class: 'hint' }, hl.na_reason) : null,
    h('p', { class: 'card-change' },
      kind ? badge(kind, hl.trend === 'flat' ? 'flat' : hl.trend) : null,
      kind ? ' ' : null,
      h('span', { class: 'change-text' }, hl.change_text || 'no comparison with the previous period')));
}

function finding(f) {
  const href = evidenceHref(f.evidence && f.evidence.page, f.evidence && f.evidence.section);
  return h('li', { class: `finding finding-${f.kind}`, 'data-finding': f.id },
    badge(f.kind, KIND_WORDS[f.kind] || f.kind), ' ',
    h('a', { href, class: 'finding-text' }, f.text));
}

// The goals in one line each (GET /api/v1/goals, kith goals list): shown
// when the org has goals; the Impact page has the trend of each.
const GOAL_KIND = { 'on track': 'good', achieved: 'good', 'off track': 'bad', missed: 'bad' };
function goalsSummary(goals) {
  const counts = {};
  for (const g of goals) counts[g.status] = (counts[g.status] || 0) + 1;
  return section('Goals',
    h('p', { id: 'goals-summary' }, Object.entries(counts).map(([st, n], i) => [i ? ', ' : '', `${n} ${st}`]), '. ',
      h('a', { href: '#/impact' }, 'Goals, social return and scenarios')),
    h('ul', { class: 'findings' }, goals.map((g) => h('li', { 'data-goal': g.id },
      badge(GOAL_KIND[g.status] || 'flat', g.status), ` ${g.label || g.metric}${g.segment ? ` (${g.segment})` : ''}: target by ${g.deadline}`))));
}

export async function render(view, ctx) {
  const params = {};
  for (const k of ['from', 'to', 'as_of'])
    if (ctx.params.get(k)) params[k] = ctx.params.get(k);
  const [rep, goals] = await Promise.all([
    get('/api/v1/report', params),
    get('/api/v1/goals').catch(() => null),
  ]);
  const hls = rep.headlines || [];
  const fs = rep.findings || [];
  view.append(...pageTitle('Overview',
    `${rep.org}: ${periodText(rep)}, compared with the period before. The figures and sentences come from the community report; each links to the numbers behind it.`));
  view.append(section('Headline figures',
    hls.length
      ? h('ul', { class: 'cards', id: 'headlines' }, hls.map((x) => headline(x, rep.currency)))
      : h('p', { class: 'empty' }, 'No headline figures: the report has no metric sections.')));
  if (goals && goals.goals.length) view.append(goalsSummary(goals.goals));
  view.append(section('What stands out',
    fs.length
      ? h('ul', { class: 'findings', id: 'findings' }, fs.map(finding))
      : notice('info', 'Nothing stands out in this period: no number is clear enough to be reported as a finding (an interval that excludes zero, an alert that fired, enough observations).'),
    h('p', { class: 'hint' }, 'Findings are shown only when their numbers support them; the rules are in docs/findings.md. ',
      h('a', { href: '#/report' }, 'The whole report'), ' has every section.')));
}
