// The dashboard's frame: who is logged in (GET /api/v1/session), the login
// form, the navigation built from pages.js, and the router: the address
// after "#/" picks a page module, which is loaded on first use and asked
// to render itself into a fresh element (it may return a function to run
// once that element is in the page). A failure of a page is shown in
// words where the page would be; a session that has ended brings back the
// login form, and after logging in the same page opens.
import { pages } from './pages.js';
import { h, clear, field } from './lib/dom.js';
import { ApiError, get, post, del, setCsrf } from './lib/api.js';
import { setTimeZone } from './lib/format.js';
import { releaseCharts } from './lib/chart.js';
import { failure, notice, busy } from './lib/ui.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const navList = document.getElementById('nav-list');
const ROLES = { viewer: 1, manager: 2, owner: 3 };

let session = null; // {user: {id, email, role, org_id, org, timezone}, csrf_token}
let serial = 0; // the current navigation: older renders are ignored
let shown = 0; // pages shown since the dashboard loaded

// ------------------------------------------------------------ routes

function compile(path) {
  const names = [];
  const re = path.split('/').map((seg) => {
    if (seg.startsWith(':')) {
      names.push(seg.slice(1));
      return '([^/]+)';
    }
    return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }).join('/');
  return { re: new RegExp('^' + re + '$'), names };
}
const routes = pages.map((p) => ({ ...p, ...compile(p.path) }));

// "#/members/12?q=ann" -> {page, args: {id: '12'}, params}
function resolve(hash) {
  const raw = hash.startsWith('#/') ? hash.slice(2) : '';
  const q = raw.indexOf('?');
  const path = decodeURIComponent(q < 0 ? raw : raw.slice(0, q)).replace(/\/+$/, '') || 'overview';
  const params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  for (const r of routes) {
    const m = r.re.exec(path);
    if (m) {
      const args = {};
      r.names.forEach((n, i) => { args[n] = m[i + 1]; });
      return { page: r, args, params, path };
    }
  }
  return { page: null, args: {}, params, path };
}

// ------------------------------------------------------------ frame

function can(role) {
  return !!session && ROLES[session.user.role] >= ROLES[role];
}

function renderFrame() {
  const u = session.user;
  document.getElementById('org').textContent = u.org;
  const who = clear(document.getElementById('who'));
  who.append(h('span', { class: 'user' }, `${u.email} (${u.role})`),
    h('button', { type: 'button', class: 'link-button', id: 'logout', onclick: logout }, 'Log out'));
  clear(navList);
  for (const p of routes.filter((r) => r.nav))
    navList.append(h('li', null, h('a', { href: '#/' + p.path, 'data-page': p.path }, p.nav)));
  nav.hidden = false;
}

function clearFrame() {
  document.getElementById('org').textContent = '';
  clear(document.getElementById('who'));
  clear(navList);
  nav.hidden = true;
}

function markCurrent(page) {
  const top = page ? page.path.split('/')[0] : '';
  for (const a of navList.querySelectorAll('a')) {
    if (a.dataset.page === top) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

// ------------------------------------------------------------ pages

async function route() {
  if (!session) return;
  const my = ++serial;
  const { page, args, params, path } = resolve(location.hash);
  releaseCharts();
  markCurrent(page);
  const view = h('div', { class: 'page' }, h('p', { class: 'loading', role: 'status' }, 'Loading…'));
  clear(main).append(view);
  const stale = () => my !== serial;
  if (!page) {
    clear(view).append(h('h1', { tabindex: '-1' }, 'No such page'),
      notice('error', `There is no page "${path}". `, h('a', { href: '#/overview' }, 'Go to the overview.')));
    finish(view, 'No such page');
    return;
  }
  const ctx = {
    args,
    params,
    user: session.user,
    role: session.user.role,
    can,
    // The same address again (a form submitted unchanged) renders again.
    go: (hash) => {
      if (location.hash === hash) route();
      else location.hash = hash;
    },
    refresh: () => route(),
    stale,
  };
  let title = page.nav || '';
  try {
    const mod = await import(page.module);
    if (stale()) return;
    title = mod.title || title;
    const fresh = h('div', { class: 'page' });
    const after = await mod.render(fresh, ctx);
    if (stale()) return;
    view.replaceWith(fresh);
    finish(fresh, title);
    if (typeof after === 'function') after();
  } catch (err) {
    if (stale()) return;
    if (err instanceof ApiError && err.status === 401) {
      session = null;
      showLogin('Your session has ended: log in again.');
      return;
    }
    clear(view).append(h('h1', { tabindex: '-1' }, title || 'Error'), failure(err));
    finish(view, title);
    console.warn(err);
  }
}

function finish(view, title) {
  document.title = title ? `${title} · kith` : 'kith';
  const h1 = view.querySelector('h1');
  // Focus the new page's heading, except on the first page after loading
  // (the skip link stays the first stop of the keyboard then).
  if (h1 && shown > 0) h1.focus({ preventScroll: false });
  shown += 1;
}

// ------------------------------------------------------------ login

function showLogin(message) {
  releaseCharts();
  clearFrame();
  setCsrf(null);
  document.title = 'Log in · kith';
  const email = field('Email', 'input', { type: 'email', name: 'email', autocomplete: 'username', required: true });
  const pass = field('Password', 'input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const out = h('div', { class: 'form-out' });
  const btn = h('button', { type: 'submit', class: 'primary' }, 'Log in');
  const form = h('form', { class: 'login', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title', tabindex: '-1' }, 'Log in to kith'),
    message ? notice('info', message) : null,
    email.wrap, pass.wrap, h('div', { class: 'actions' }, btn), out,
    h('p', { class: 'hint' }, 'Accounts are made by an owner (Settings, or kith users add on the server).'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(out);
    try {
      await busy(btn, async () => {
        btn.textContent = 'Logging in…';
        const s = await post('/api/v1/session', { email: email.control.value, password: pass.control.value });
        start(s);
      });
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 429))
        out.append(notice('error', err.message));
      else out.append(failure(err));
      pass.control.focus();
    }
  });
  clear(main).append(form);
  email.control.focus();
}

async function logout() {
  try {
    await del('/api/v1/session');
  } catch (err) {
    // Logged out already, or the server is gone: the login form either way.
  }
  session = null;
  showLogin('You have logged out.');
}

function start(s) {
  session = s;
  setCsrf(s.csrf_token);
  setTimeZone(s.user.timezone);
  renderFrame();
  route();
}

// ------------------------------------------------------------ start

document.getElementById('skip').addEventListener('click', (e) => {
  e.preventDefault();
  const target = main.querySelector('h1') || main;
  target.focus();
});
window.addEventListener('hashchange', route);

(async () => {
  try {
    start(await get('/api/v1/session'));
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) showLogin();
    else clear(main).append(h('h1', null, 'kith'), failure(err));
  }
})();
