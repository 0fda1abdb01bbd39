// Merges: the likely duplicates kith did not merge by itself (GET
// /api/v1/merges/suggestions, with score and reason) for a person to
// accept (POST /api/v1/merges), and the merge log (GET /api/v1/merges),
// where any merge can be undone exactly (POST /api/v1/merges/{id}/undo).
// Merging and undoing need the manager role: a viewer who tries is told so
// in words (the server refuses; the page says why).
import { h, clear } from '../lib/dom.js';
import { get, post } from '../lib/api.js';
import { fmtDateTime } from '../lib/format.js';
import { pageTitle, section, table, failure, busy, toast, notice } from '../lib/ui.js';

export const title = 'Merges';

const member = (id) => h('a', { href: `#/members/${id}` }, `member ${id}`);

// The merge log as a table with an Undo button on each merge in force.
// Used by this page and by the member profile.
export function mergeTable(rows, ctx, caption, empty) {
  const out = h('div', { class: 'form-out' });
  const undo = (m) => {
    const btn = h('button', { type: 'button', 'aria-label': `Undo merge ${m.merge}` }, 'Undo');
    btn.addEventListener('click', async () => {
      clear(out);
      try {
        await busy(btn, () => post(`/api/v1/merges/${m.merge}/undo`));
        toast(`Merge ${m.merge} undone: member ${m.merged} is separate again.`);
        ctx.refresh();
      } catch (err) {
        out.append(failure(err, 'merge'));
      }
    });
    return btn;
  };
  return [out, table(caption, [
    { label: '#', num: true, cell: (m) => String(m.merge) },
    { label: 'When', cell: (m) => fmtDateTime(m.created_at) },
    { label: 'Kept', cell: (m) => member(m.kept) },
    { label: 'Merged into it', cell: (m) => member(m.merged) },
    { label: 'How', cell: (m) => (m.automatic ? 'automatic' : 'by hand') },
    { label: 'Reason', cell: (m) => m.reason },
    { label: 'State', cell: (m) => (m.undone_at ? `undone ${fmtDateTime(m.undone_at)}` : undo(m)) },
  ], rows, { hideCaption: true, empty })];
}

function suggestions(list, ctx) {
  const out = h('div', { class: 'form-out' });
  const merge = (s) => {
    const btn = h('button', { type: 'button', 'aria-label': `Merge member ${s.b} into member ${s.a}` }, 'Merge');
    btn.addEventListener('click', async () => {
      clear(out);
      try {
        const r = await busy(btn, () => post('/api/v1/merges', { keep: s.a, drop: s.b, reason: s.reason }));
        toast(`Merged member ${r.merged} into member ${r.kept} (merge ${r.merge}); it can be undone below.`);
        ctx.refresh();
      } catch (err) {
        out.append(failure(err, 'merge'));
      }
    });
    return btn;
  };
  return [out, table('Likely duplicates', [
    { label: 'Keep', cell: (s) => member(s.a) },
    { label: 'Merge into it', cell: (s) => member(s.b) },
    { label: 'Score', num: true, cell: (s) => s.score.toFixed(2) },
    { label: 'Why', cell: (s) => s.reason },
    { label: 'Action', cell: (s) => merge(s) },
  ], list, { hideCaption: true, empty: 'No likely duplicates.' })];
}

export async function render(view, ctx) {
  const [sug, log] = await Promise.all([get('/api/v1/merges/suggestions'), get('/api/v1/merges')]);
  view.append(...pageTitle('Merges', 'kith merges people by the same email, phone or handle by itself. Names alone are never merged: likely duplicates wait here for a person to decide. Every merge can be undone exactly.'));
  if (!ctx.can('manager'))
    view.append(notice('info', `Merging and undoing need the manager or owner role; you are a ${ctx.role}. The server refuses them for you.`));
  view.append(section('Likely duplicates', ...suggestions(sug.suggestions, ctx)));
  view.append(section('Merge log', ...mergeTable(log.merges, ctx, 'Merge log, newest first', 'No merges yet.')));
}
