// Building the page without HTML strings: every text from the API goes in
// as a text node, so nothing it holds can become markup. No inline styles
// either (the server's Content-Security-Policy allows none): looks are
// classes of style.css.

// h('a', {href: '#/members', class: 'x', onclick: fn}, 'text', child, ...)
// Attributes whose value is null, undefined or false are left out; true
// gives an empty attribute; on<event> attributes add listeners.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'style') throw new Error('no inline styles: use a class');
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  add(el, children);
  return el;
}

// Append children (nodes, strings, numbers, arrays of them; null skipped).
export function add(el, children) {
  for (const c of [children].flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// A unique id for label/for and aria references.
let serial = 0;
export function uid(prefix) {
  serial += 1;
  return `${prefix || 'k'}-${serial}`;
}

// A labelled form field: the <label> and its control, tied by for/id.
// kind: 'input' (attrs.type), 'select' (options: [[value, text], ...]) or
// 'textarea'. Returns {wrap, control}.
export function field(label, kind, attrs, options) {
  const id = uid('f');
  const control = h(kind, { ...attrs, id });
  if (kind === 'select')
    for (const [value, text] of options || [])
      control.append(h('option', { value }, text));
  const hint = attrs && attrs['data-hint'];
  let hintEl = null;
  if (hint) {
    hintEl = h('span', { class: 'hint', id: id + '-hint' }, hint);
    control.setAttribute('aria-describedby', id + '-hint');
  }
  const wrap = h('div', { class: 'field' }, h('label', { for: id }, label), control, hintEl);
  return { wrap, control };
}
