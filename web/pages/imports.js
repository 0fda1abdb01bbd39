// Imports: upload an export of one of your tools (POST
// /api/v1/imports/{format}?filename=NAME, the file as the body, with a
// progress bar as it goes) and the history of what was imported (GET
// /api/v1/imports). The result and the errors read as kith import prints
// them: "orders.csv: 120 rows read, ..." or "orders.csv:4: column 'X':
// reason", and a refused file leaves nothing behind.
import { h, clear, field } from '../lib/dom.js';
import { ApiError, get, upload, query } from '../lib/api.js';
import { fmtCount, fmtDateTime, fmtBytes } from '../lib/format.js';
import { pageTitle, section, table, failure, notice, facts } from '../lib/ui.js';

export const title = 'Imports';

// The line kith import prints for a file it imported.
export function cliLine(r) {
  // The server's line, in the import's own units, as kith import prints it.
  return r.summary;
}

function result(r) {
  return notice('ok', h('p', null, h('strong', null, 'Imported. '), h('code', { class: 'cli', 'data-result': 'ok' }, cliLine(r))),
    facts([
      ['Rows read', fmtCount(r.rows_read)],
      ['Imported', fmtCount(r.rows_imported)],
      ['Already there (not added twice)', fmtCount(r.rows_duplicate)],
      ['Rejected', fmtCount(r.rows_rejected)],
      ['New members', fmtCount(r.members_created)],
      ['Merges', fmtCount(r.merges)],
    ]));
}

function refused(err, file) {
  if (err instanceof ApiError && err.status === 422)
    return notice('error', h('p', null, h('strong', null, 'Refused: '), 'a row of the file is wrong. kith says:'),
      h('pre', { class: 'cli', 'data-result': 'error' }, `kith: ${err.message}\nkith: nothing of ${file} was imported`),
      h('p', null, 'Nothing of the file was kept. Fix that row (the line number counts the header as line 1) and upload the file again.'));
  return failure(err, 'import');
}

function uploadForm(formats, ctx) {
  const fmt = field('Format', 'select', { name: 'format', required: true },
    formats.map((f) => [f.name, `${f.name}: ${f.summary}`]));
  const file = field('File', 'input', { type: 'file', name: 'file', required: true,
    'data-hint': 'CSV, JSON Lines, a Slack export .zip or a DiscordChatExporter .json' });
  const bar = h('progress', { max: '100', value: '0', id: 'upload-progress', 'aria-label': 'Upload progress' });
  const barText = h('span', { class: 'progress-text', 'aria-live': 'polite' });
  const progress = h('div', { class: 'progress', hidden: true }, bar, ' ', barText);
  const out = h('div', { class: 'form-out', id: 'import-result' });
  const btn = h('button', { type: 'submit', class: 'primary' }, 'Upload and import');
  const form = h('form', { class: 'upload', 'aria-label': 'Import a file' }, fmt.wrap, file.wrap,
    h('div', { class: 'actions' }, btn), progress, out);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(out);
    const f = file.control.files[0];
    if (!f) {
      out.append(notice('error', 'Choose a file first.'));
      file.control.focus();
      return;
    }
    btn.disabled = true;
    progress.hidden = false;
    bar.value = 0;
    barText.textContent = `sending ${fmtBytes(f.size)}…`;
    try {
      const path = `/api/v1/imports/${encodeURIComponent(fmt.control.value)}` + query({ filename: f.name });
      const r = await upload(path, f, (sent, total) => {
        const pct = total ? Math.round((100 * sent) / total) : 0;
        bar.value = pct;
        barText.textContent = sent >= total ? `sent; importing ${fmtBytes(total)}…` : `${pct}% of ${fmtBytes(total)} sent`;
      });
      bar.value = 100;
      barText.textContent = 'done';
      out.append(result(r));
      const hist = document.getElementById('import-history');
      if (hist) hist.replaceWith(await history());
    } catch (err) {
      barText.textContent = 'stopped';
      out.append(refused(err, f.name));
    } finally {
      btn.disabled = false;
    }
  });
  return form;
}

async function history() {
  const d = await get('/api/v1/imports');
  const rows = d.imports.slice().reverse();
  return h('div', { id: 'import-history' }, table('Import history, newest first', [
    { label: '#', num: true, cell: (b) => String(b.id) },
    { label: 'Started', cell: (b) => fmtDateTime(b.started_at) },
    { label: 'File', cell: (b) => b.file },
    { label: 'Format', cell: (b) => b.format },
    { label: 'Status', cell: (b) => b.status },
    { label: 'Read', num: true, cell: (b) => fmtCount(b.rows_read) },
    { label: 'Imported', num: true, cell: (b) => fmtCount(b.rows_imported) },
    { label: 'Already there', num: true, cell: (b) => fmtCount(b.rows_duplicate) },
    { label: 'Rejected', num: true, cell: (b) => fmtCount(b.rows_rejected) },
    { label: 'New members', num: true, cell: (b) => fmtCount(b.members_created) },
    { label: 'Merges', num: true, cell: (b) => fmtCount(b.merges) },
  ], rows, { hideCaption: true, empty: 'Nothing imported yet.' }));
}

export async function render(view, ctx) {
  const [formats, hist] = await Promise.all([get('/api/v1/imports/formats'), history()]);
  view.append(...pageTitle('Imports', 'Load what your tools export. One file is one transaction: a bad row stops the import with the line and column at fault and nothing of the file is kept; importing the same file again adds nothing.'));
  const up = [];
  if (!ctx.can('manager'))
    up.push(notice('info', `Importing needs the manager or owner role; you are a ${ctx.role}, so the server will refuse an upload from you.`));
  up.push(uploadForm(formats.formats, ctx));
  view.append(section('Upload a file', ...up));
  view.append(section('History', hist));
}
