// Members: search and filters (kind, engagement level, segment, at risk)
// over GET /api/v1/members, a page at a time (keyset paging: "next page"
// carries the server's cursor). The filters live in the address
// (#/members?kind=customer&level=champion), so a filtered list can be
// linked to, as the overview's findings do, and Back works.
import { h, field } from '../lib/dom.js';
import { get, query } from '../lib/api.js';
import { fmtCount, fmtDate } from '../lib/format.js';
import { pageTitle, table, notice } from '../lib/ui.js';

export const title = 'Members';

const KINDS = ['customer', 'employee', 'supplier', 'partner', 'local_org', 'online', 'other'];
export const LEVELS = ['inactive', 'observer', 'participant', 'contributor', 'champion'];
// The named RFM segments of kith segments (docs/segments.md).
const RFM = ['champions', 'loyal', 'potential loyalists', 'new', 'promising', 'need attention',
  'about to sleep', 'at risk', 'cannot lose', 'hibernating', 'lost'];
const PAGE = 50;

// "champion" or "4" -> 4; anything else -> null.
function levelNumber(v) {
  if (v === null || v === '') return null;
  if (/^[0-4]$/.test(v)) return Number(v);
  const i = LEVELS.indexOf(v);
  return i < 0 ? null : i;
}

function filterForm(ctx, p) {
  const q = field('Search', 'input', { type: 'search', name: 'q', value: p.q || '', 'data-hint': 'name, email, phone or handle' });
  const kind = field('Kind', 'select', { name: 'kind' }, [['', 'any kind'], ...KINDS.map((k) => [k, k.replace('_', ' ')])]);
  kind.control.value = p.kind || '';
  const level = field('Engagement level', 'select', { name: 'level' }, [['', 'any level'], ...LEVELS.map((l, i) => [l, `${i} ${l}`])]);
  level.control.value = p.level !== null ? LEVELS[p.level] : '';
  const seg = field('Segment', 'input', { name: 'segment', list: 'segments', value: p.segment || '', 'data-hint': 'rfm:NAME or cluster:N (kith segments)' });
  const list = h('datalist', { id: 'segments' }, RFM.map((s) => h('option', { value: `rfm:${s}` })));
  const risk = h('input', { type: 'checkbox', name: 'at_risk', id: 'f-at-risk', checked: p.atRisk });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Find members' },
    q.wrap, kind.wrap, level.wrap, seg.wrap, list,
    h('div', { class: 'field check' }, risk, h('label', { for: 'f-at-risk' }, 'At risk of drifting away only')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Show members'),
      h('a', { href: '#/members', class: 'button-like' }, 'Clear filters')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    ctx.go('#/members' + query({
      q: q.control.value.trim(),
      kind: kind.control.value,
      level: level.control.value,
      segment: seg.control.value.trim(),
      filter: risk.checked ? 'at-risk' : '',
    }));
  });
  return form;
}

export async function render(view, ctx) {
  const P = ctx.params;
  const p = {
    q: P.get('q') || '',
    kind: P.get('kind') || '',
    level: levelNumber(P.get('level')),
    segment: P.get('segment') || '',
    k: P.get('k') || '', // cluster:N of k clusters (the Customers page links so)
    atRisk: P.get('filter') === 'at-risk',
    cursor: P.get('cursor') || '',
  };
  view.append(...pageTitle('Members', 'Everyone kith knows of, merged across your tools. Open a member for their timeline, identities, scores, texts and merges.'));
  view.append(filterForm(ctx, p));
  const args = { q: p.q, kind: p.kind, level: p.level, segment: p.segment, k: p.segment.startsWith('cluster:') ? p.k : '', at_risk: p.atRisk ? 'true' : '', limit: PAGE, cursor: p.cursor };
  const page = await get('/api/v1/members', args);
  const words = [];
  if (p.q) words.push(`matching "${p.q}"`);
  if (p.kind) words.push(`of kind ${p.kind}`);
  if (p.level !== null) words.push(`at level ${p.level} (${LEVELS[p.level]})`);
  if (p.segment) words.push(`in segment ${p.segment}${p.k && p.segment.startsWith('cluster:') ? ` of ${p.k} clusters` : ''}`);
  if (p.atRisk) words.push('at risk of drifting away');
  const n = page.members.length;
  view.append(h('p', { class: 'result-count', role: 'status' },
    n ? `${fmtCount(n)} member${n === 1 ? '' : 's'}${words.length ? ' ' + words.join(', ') : ''}${p.cursor ? ' (a later page)' : ''}${page.next_cursor ? '; more on the next page' : ''}.`
      : `No members${words.length ? ' ' + words.join(', ') : ''}.`));
  if (p.atRisk)
    view.append(notice('info', 'At risk: members who reached level 3 (contributor) or more in the look-back window and have been quiet since (config keys at_risk_window and inactive_days, Settings).'));
  view.append(table('Members', [
    { label: 'Name', cell: (m) => h('a', { href: `#/members/${m.id}` }, m.name || `(member ${m.id})`) },
    { label: 'Kinds', cell: (m) => m.kinds.replaceAll(',', ', ') },
    { label: 'Email', cell: (m) => m.email },
    { label: 'Postcode', cell: (m) => m.postcode },
    { label: 'Activities', num: true, cell: (m) => fmtCount(m.activities) },
    { label: 'Last activity', cell: (m) => fmtDate(m.last_activity) },
  ], page.members, { hideCaption: true, rowHeaders: true }));
  const more = [];
  if (p.cursor) more.push(h('a', { href: '#/members' + query({ ...Object.fromEntries(P), cursor: '' }) }, 'First page'));
  if (page.next_cursor)
    more.push(h('a', { href: '#/members' + query({ ...Object.fromEntries(P), cursor: page.next_cursor }), rel: 'next' }, 'Next page'));
  if (more.length) view.append(h('nav', { class: 'pager', 'aria-label': 'Pages of members' }, more));
}
