// The dashboard's building blocks: page headings, notices (errors and
// refusals in words), tables that scroll inside their own box on a phone,
// buttons that show they are busy. Pages are made of these and of
// lib/chart.js.
import { h, uid } from './dom.js';
import { ApiError } from './api.js';

// The page's heading: focused after each navigation (tabindex -1), so a
// screen reader announces the new page and Tab continues from there.
export function pageTitle(text, lead) {
  const out = [h('h1', { tabindex: '-1', class: 'page-title' }, text)];
  if (lead) out.push(h('p', { class: 'lead' }, lead));
  return out;
}

export function section(title, ...children) {
  const id = uid('s');
  return h('section', { class: 'block', 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

// kind: 'error', 'refused', 'ok', 'info'. Errors and refusals are
// announced (role alert); the rest is polite.
export function notice(kind, ...children) {
  const role = kind === 'error' || kind === 'refused' ? 'alert' : 'status';
  return h('div', { class: `notice notice-${kind}`, role }, ...children);
}

const ROLE_WORDS = {
  import: 'Importing files',
  merge: 'Merging and unmerging members',
  config: 'Changing the settings',
  users: 'Managing users and tokens',
  audit: 'Reading the audit log',
};

// What a failed call means, in words. A 403 is a refusal by role: the
// server's message says which role is needed and which one the caller
// has ("this needs the manager role; you are viewer"). what: a key of
// ROLE_WORDS or a phrase.
export function failure(err, what) {
  if (err instanceof ApiError && err.status === 403 && err.code !== 'csrf') {
    const doing = ROLE_WORDS[what] || what || 'This';
    return notice('refused', h('strong', null, 'Not allowed. '),
      `${doing} is not open to your role: ${err.message}. Ask an owner of this organisation if you need it.`);
  }
  if (err instanceof ApiError && err.code === 'csrf')
    return notice('error', h('strong', null, 'Refused: '),
      'the page lost its session token. Reload the page and try again.');
  if (err instanceof ApiError && err.status === 0)
    return notice('error', h('strong', null, 'No connection. '), err.message);
  const msg = err instanceof ApiError ? err.message : String(err && err.message ? err.message : err);
  return notice('error', h('strong', null, 'Error: '), msg);
}

// A table. columns: [{label, num: true for right-aligned numbers,
// cell: row => text or node, head: optional th scope}], rows: array.
// The table sits in a box of its own that scrolls sideways on a narrow
// screen (the page never does) and can be scrolled from the keyboard.
// Without rows, opts.empty alone says so (an empty table says nothing).
export function table(caption, columns, rows, opts = {}) {
  const capId = uid('t');
  if (!rows.length && opts.empty) return h('p', { class: 'empty' }, opts.empty);
  const thead = h('thead', null, h('tr', null, columns.map((c) =>
    h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label))));
  const tbody = h('tbody', null, rows.map((r, i) => {
    const tr = h('tr', { class: opts.rowClass ? opts.rowClass(r, i) : null },
      columns.map((c, k) => {
        const v = c.cell(r, i);
        return k === 0 && opts.rowHeaders
          ? h('th', { scope: 'row', class: c.num ? 'num' : null }, v)
          : h('td', { class: c.num ? 'num' : null }, v);
      }));
    if (opts.rowId) tr.id = opts.rowId(r, i);
    return tr;
  }));
  const t = h('table', { class: 'data' },
    h('caption', { id: capId, class: opts.hideCaption ? 'visually-hidden' : null }, caption), thead, tbody);
  const wrap = h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': capId, tabindex: '0' }, t);
  return wrap;
}

// A definition list of label: value pairs.
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(Boolean).map(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
}

// Run fn while btn shows it is busy; the button cannot be pressed twice.
export async function busy(btn, fn) {
  const text = btn.textContent;
  btn.disabled = true;
  btn.setAttribute('aria-busy', 'true');
  try {
    return await fn();
  } finally {
    btn.disabled = false;
    btn.removeAttribute('aria-busy');
    btn.textContent = text;
  }
}

// A short message in the live region at the bottom of the screen.
export function toast(text) {
  const el = document.getElementById('status');
  if (!el) return;
  el.textContent = text;
  el.classList.add('show');
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => el.classList.remove('show'), 4000);
}

// "#/members/12" link.
export function link(hash, text, attrs) {
  return h('a', { href: hash, ...attrs }, text);
}

// A coloured word with a shape, never colour alone: good ▲, bad ▼, watch ●.
export function badge(kind, text) {
  const mark = { good: '▲', bad: '▼', watch: '●', flat: '■' }[kind] || '';
  return h('span', { class: `badge badge-${kind}` }, h('span', { 'aria-hidden': 'true' }, mark + ' '), text || kind);
}
