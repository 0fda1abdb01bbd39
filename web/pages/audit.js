// Audit log (owners): who logged in or failed to, imported, merged,
// changed a setting, a user or a token, when and from where (GET
// /api/v1/audit, newest first, a page at a time).
import { h } from '../lib/dom.js';
import { ApiError, get, query } from '../lib/api.js';
import { fmtDateTime } from '../lib/format.js';
import { pageTitle, table, failure } from '../lib/ui.js';

export const title = 'Audit log';

const WORDS = {
  login: 'logged in',
  login_failed: 'failed to log in',
  logout: 'logged out',
  import: 'imported a file',
  merge: 'merged members',
  unmerge: 'undid a merge',
  config_set: 'changed a parameter',
  config_unset: 'reset a parameter',
  user_add: 'added a user',
  user_remove: 'removed a user',
  user_passwd: 'set a password',
  token_create: 'created a token',
  token_revoke: 'revoked a token',
};

export async function render(view, ctx) {
  const before = ctx.params.get('before') || '';
  view.append(...pageTitle('Audit log', 'Every login, import, merge and change of settings, users or tokens, newest first.'));
  let d;
  try {
    d = await get('/api/v1/audit', { limit: 100, before });
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 403) throw err;
    view.append(failure(err, 'audit'));
    return;
  }
  view.append(table('Audit log', [
    { label: 'When', cell: (e) => fmtDateTime(e.at) },
    { label: 'Who', cell: (e) => e.actor },
    { label: 'What', cell: (e) => WORDS[e.action] || e.action },
    { label: 'On', cell: (e) => e.target || '' },
    { label: 'Detail', cell: (e) => e.detail || '' },
    { label: 'From', cell: (e) => e.address || '' },
  ], d.events, { hideCaption: true, empty: 'No events.' }));
  const more = [];
  if (before) more.push(h('a', { href: '#/audit' }, 'Newest events'));
  if (d.next_before) more.push(h('a', { href: '#/audit' + query({ before: d.next_before }), rel: 'next' }, 'Older events'));
  if (more.length) view.append(h('nav', { class: 'pager', 'aria-label': 'Pages of the audit log' }, more));
}
