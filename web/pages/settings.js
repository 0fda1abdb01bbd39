// Settings: the parameters of the metrics with what each one means (GET
// /api/v1/config; PUT and DELETE /api/v1/config/{key} for managers and
// owners, checked by the server as kith config set checks them), and for
// owners the organisation's users and tokens (/api/v1/users, /api/v1/tokens).
// Whoever may not change something is told so in words.
import { h, clear, field, uid } from '../lib/dom.js';
import { ApiError, get, post, put, del } from '../lib/api.js';
import { fmtDateTime } from '../lib/format.js';
import { pageTitle, section, table, failure, busy, toast, notice } from '../lib/ui.js';

export const title = 'Settings';

function configTable(config, ctx) {
  const out = h('div', { class: 'form-out', id: 'config-result' });
  const row = (c) => {
    const id = uid('cfg');
    const input = h('input', { id, name: c.key, value: c.value, class: 'cfg-value', 'aria-describedby': `${id}-help` });
    const save = h('button', { type: 'submit', 'aria-label': `Save ${c.key}` }, 'Save');
    const reset = h('button', { type: 'button', 'aria-label': `Reset ${c.key} to its default`, disabled: c.is_default }, 'Default');
    const form = h('form', { class: 'cfg-form', 'aria-label': `Set ${c.key}` }, input, save, reset);
    const act = async (btn, fn, done) => {
      clear(out);
      try {
        const r = await busy(btn, fn);
        toast(`${r.key} = ${r.value}${done}`);
        ctx.refresh();
      } catch (err) {
        out.append(failure(err, 'config'));
        out.scrollIntoView({ block: 'nearest' });
      }
    };
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      act(save, () => put(`/api/v1/config/${encodeURIComponent(c.key)}`, { value: input.value.trim() }), ' saved');
    });
    reset.addEventListener('click', () => act(reset, () => del(`/api/v1/config/${encodeURIComponent(c.key)}`), ' (the default)'));
    return { c, id, form };
  };
  const rows = config.map(row);
  return [out, table('The metrics\' parameters', [
    { label: 'Parameter', cell: (r) => h('label', { for: r.id }, h('code', null, r.c.key)) },
    { label: 'What it means', cell: (r) => h('span', { id: `${r.id}-help` }, r.c.help) },
    { label: 'Default', cell: (r) => r.c.default },
    { label: 'Value', cell: (r) => r.form },
  ], rows, { hideCaption: true })];
}

function usersBlock(users, ctx) {
  const out = h('div', { class: 'form-out', id: 'users-result' });
  const email = field('Email', 'input', { type: 'email', name: 'email', required: true, autocomplete: 'off' });
  const role = field('Role', 'select', { name: 'role' }, [['viewer', 'viewer: reads, sees no emails or phones'], ['manager', 'manager: also imports, merges, settings'], ['owner', 'owner: also users, tokens, audit log']]);
  const pass = field('Password (at least 8 characters)', 'input', { type: 'password', name: 'password', required: true, minlength: '8', autocomplete: 'new-password' });
  const add = h('button', { type: 'submit', class: 'primary' }, 'Add user');
  const form = h('form', { class: 'stack', 'aria-label': 'Add a user' }, email.wrap, role.wrap, pass.wrap, h('div', { class: 'actions' }, add));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(out);
    try {
      const u = await busy(add, () => post('/api/v1/users', { email: email.control.value.trim(), role: role.control.value, password: pass.control.value }));
      toast(`Added ${u.email} (${u.role}).`);
      ctx.refresh();
    } catch (err) {
      out.append(failure(err, 'users'));
    }
  });
  const remove = (u) => {
    const b = h('button', { type: 'button', 'aria-label': `Remove ${u.email}` }, 'Remove');
    b.addEventListener('click', async () => {
      clear(out);
      if (!window.confirm(`Remove ${u.email}? Their tokens and sessions end too.`)) return;
      try {
        await busy(b, () => del(`/api/v1/users/${u.id}`));
        toast(`Removed ${u.email}.`);
        ctx.refresh();
      } catch (err) {
        out.append(failure(err, 'users'));
      }
    });
    return b;
  };
  return [out, table('Users', [
    { label: 'Email', cell: (u) => u.email },
    { label: 'Role', cell: (u) => u.role },
    { label: 'Added', cell: (u) => fmtDateTime(u.created_at) },
    { label: 'Last login', cell: (u) => (u.last_login_at ? fmtDateTime(u.last_login_at) : 'never') },
    { label: 'Action', cell: (u) => (u.id === ctx.user.id ? 'you' : remove(u)) },
  ], users, { hideCaption: true, rowHeaders: true }), h('h3', null, 'Add a user'), form];
}

function tokensBlock(tokens, users, ctx) {
  const out = h('div', { class: 'form-out', id: 'tokens-result' });
  const who = field('For user', 'select', { name: 'user_id' }, users.map((u) => [String(u.id), `${u.email} (${u.role})`]));
  who.control.value = String(ctx.user.id);
  const name = field('Label', 'input', { name: 'name', 'data-hint': 'what the token is for, e.g. "nightly import"' });
  const make = h('button', { type: 'submit', class: 'primary' }, 'Create token');
  const form = h('form', { class: 'stack', 'aria-label': 'Create a token' }, who.wrap, name.wrap, h('div', { class: 'actions' }, make));
  const list = h('div');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(out);
    try {
      const t = await busy(make, () => post('/api/v1/tokens', { user_id: Number(who.control.value), name: name.control.value.trim() }));
      out.append(notice('ok', h('p', null, `Token ${t.id} for ${t.user}. Copy it now: it is shown only once.`),
        h('p', null, h('code', { class: 'token' }, t.token))));
      list.replaceChildren(tokenTable((await get('/api/v1/tokens')).tokens));
    } catch (err) {
      out.append(failure(err, 'users'));
    }
  });
  const tokenTable = (rows) => table('Tokens', [
    { label: '#', num: true, cell: (t) => String(t.id) },
    { label: 'User', cell: (t) => t.user },
    { label: 'Label', cell: (t) => t.name },
    { label: 'Starts with', cell: (t) => h('code', null, t.prefix) },
    { label: 'Created', cell: (t) => fmtDateTime(t.created_at) },
    { label: 'State', cell: (t) => (t.revoked_at ? `revoked ${fmtDateTime(t.revoked_at)}` : revoke(t)) },
  ], rows, { hideCaption: true, empty: 'No tokens.' });
  const revoke = (t) => {
    const b = h('button', { type: 'button', 'aria-label': `Revoke token ${t.id}` }, 'Revoke');
    b.addEventListener('click', async () => {
      clear(out);
      try {
        await busy(b, () => del(`/api/v1/tokens/${t.id}`));
        toast(`Token ${t.id} revoked.`);
        list.replaceChildren(tokenTable((await get('/api/v1/tokens')).tokens));
      } catch (err) {
        out.append(failure(err, 'users'));
      }
    });
    return b;
  };
  list.append(tokenTable(tokens));
  return [h('p', { class: 'hint' }, 'Scripts call the API with Authorization: Bearer TOKEN. A token acts as its user, with the user\'s role.'), list, h('h3', null, 'Create a token'), form, out];
}

export async function render(view, ctx) {
  const cfg = await get('/api/v1/config');
  view.append(...pageTitle('Settings', 'The parameters behind the metrics (windows, weights, thresholds), and the people who can use this dashboard.'));
  const cfgParts = [];
  if (!ctx.can('manager'))
    cfgParts.push(notice('info', `Changing a parameter needs the manager or owner role; you are a ${ctx.role}, so the server will refuse a change from you.`));
  view.append(section('Parameters', ...cfgParts, ...configTable(cfg.config, ctx)));
  // Users and tokens: owners only. Anyone else gets the server's refusal,
  // shown in words.
  try {
    const [users, tokens] = await Promise.all([get('/api/v1/users'), get('/api/v1/tokens')]);
    view.append(section('Users', ...usersBlock(users.users, ctx)));
    view.append(section('Tokens', ...tokensBlock(tokens.tokens, users.users, ctx)));
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 403) throw err;
    view.append(section('Users and tokens', failure(err, 'users')));
  }
}
