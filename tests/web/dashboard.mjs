// The dashboard in a real browser: Debian's chromium driven by
// playwright-core (npm, pinned) against a real `kith serve` (the dev
// build, ASan/UBSan) on 127.0.0.1:0 over the demo bakery.
//
//  1. log in with the form (from the keyboard), as an owner;
//  2. the overview's headline figures and findings equal `kith report
//     --format json` (the JSON the page received, each number's data-value,
//     the figure as the report writes it, the change in words), and each
//     finding links to its evidence: the sentiment finding opens the
//     alert week with its topics, the initiative finding marks the
//     initiative, the at-risk finding lists those members;
//  3. a chart is drawn: the weekly sentiment canvas has pixels of the line
//     colour and of the red alert triangle, and its table of numbers;
//  4. a member's profile (found with the search form) shows the timeline,
//     identities, scores, texts and merges of `kith members show`; the
//     network page (from the report's network finding) shows kith graph's
//     figures and rankings, its chart and picture, and a member link opens
//     a profile with its network and kith match's introductions; the
//     impact page (from the report's SRCI finding) shows kith goals, srci,
//     stakeholders and simulate, its five charts, and re-runs a scenario;
//  5. uploading a file shows the counts kith import prints, and a bad file
//     the error kith import prints, with nothing kept;
//  6. a viewer is refused an import (in words; nothing imported), merges,
//     settings, users and the audit log, and sees no email address;
//  7. on every page: no console error (only the refusals the test asks
//     for, each named), every form field labelled, every text at WCAG AA
//     contrast; at phone width no page scrolls sideways; the keyboard
//     reaches the navigation and every form control;
//  8. without JavaScript: the <noscript> link, the login form and the
//     report page with every finding.
// Screenshots of every page (desktop, phone, no JavaScript) are kept in
// $KITH_BUILD_DIR/tests/web/screenshots/. Chromium missing is a failure.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const KITH = process.env.KITH_BIN;
const SRC = process.env.KITH_SOURCE_DIR;
const BUILD = process.env.KITH_BUILD_DIR;
const CHROMIUM = process.env.KITH_CHROMIUM || '/usr/bin/chromium';
const SHOTS = path.join(BUILD, 'tests', 'web', 'screenshots');
const ORG = 'Millbrook Bakery';
const USERS = {
  'owner@a.example': ['owner', 'owner-a-pass'],
  'viewer@a.example': ['viewer', 'viewer-a-pass'],
  'manager@a.example': ['manager', 'manager-a-pass'],
};
const PAGES = ['overview', 'report', 'members', 'members/5068', 'merges', 'initiatives',
  'sentiment', 'imports', 'settings', 'audit', 'customers', 'customers?method=kmeans', 'network',
  'impact'];

let failures = 0;
function fail(msg) {
  console.error('FAIL: ' + msg);
  failures += 1;
}
function check(cond, msg) {
  if (!cond) fail(msg);
  return !!cond;
}
function die(msg) {
  console.error('FAIL: ' + msg);
  process.exit(1);
}

// ------------------------------------------------------------ set-up

if (!KITH || !SRC || !BUILD) die('KITH_BIN, KITH_SOURCE_DIR and KITH_BUILD_DIR must be set (CTest sets them)');
if (!fs.existsSync(CHROMIUM))
  die(`no chromium at ${CHROMIUM}: scripts/setup.sh installs Debian's chromium (the browser tests need it)`);
const PW = path.join(SRC, 'node_modules', 'playwright-core', 'index.mjs');
if (!fs.existsSync(PW)) die(`no ${PW}: run scripts/setup.sh (npm ci installs playwright-core)`);
const { chromium } = await import(PW);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kith-web-'));
const db = path.join(dir, 'k.db');
fs.rmSync(SHOTS, { recursive: true, force: true });
fs.mkdirSync(SHOTS, { recursive: true });

function kith(args, opts = {}) {
  const p = spawnSync(KITH, ['--db', db, ...args], { encoding: 'utf8', input: opts.input, maxBuffer: 64 << 20 });
  if (!opts.mayFail && p.status !== 0) die(`kith ${args.join(' ')}: exit ${p.status}: ${p.stderr}`);
  return p;
}
function sqlite(q) {
  return spawnSync('sqlite3', [db, q], { encoding: 'utf8' }).stdout.trim();
}

kith(['demo']);
for (const [email, [role, pw]] of Object.entries(USERS))
  kith(['--org', ORG, 'users', 'add', email, '--role', role, '--password-stdin'], { input: pw + '\n' });
// The files the test uploads: three new members, and a bad row.
const good = path.join(dir, 'new-members.csv');
fs.writeFileSync(good, 'email,name,kinds\nnew.one@x.example,New One,customer\nnew.two@x.example,New Two,customer\nnew.three@x.example,New Three,online\n');
const bad = path.join(dir, 'bad.csv');
fs.writeFileSync(bad, 'email,name\nok.person@x.example,Ok Person\nnot-an-email,Bad Person\n');
// Goals for the Impact page (the demo has outcomes and stakeholder groups,
// no goals): before the report, whose goals section and findings see them.
kith(['--org', ORG, 'goals', 'add', '--metric', 'crr', '--target', '70%', '--by', '2099-06-30', '--owner', 'Ada']);
kith(['--org', ORG, 'goals', 'add', '--metric', 'active_members', '--segment', 'kind=customer', '--target', '900', '--by', '2099-03-31']);
const cliReport = JSON.parse(kith(['--org', ORG, 'report', '--format', 'json']).stdout);
const cliMember = JSON.parse(kith(['--org', ORG, 'members', 'show', '5068', '--format', 'json']).stdout);
// The Customers page's models (kith clv --top 0, churn, segments).
const cliClv = JSON.parse(kith(['--org', ORG, 'clv', '--top', '0', '--format', 'json']).stdout);
const cliChurn = JSON.parse(kith(['--org', ORG, 'churn', '--format', 'json']).stdout);
const cliSeg = JSON.parse(kith(['--org', ORG, 'segments', '--format', 'json']).stdout);
const cliGraph = JSON.parse(kith(['--org', ORG, 'graph', '--format', 'json']).stdout);
// The Impact page's analyses (kith goals list, srci, stakeholders list,
// simulate, and simulate with a downturn as the page's form runs it).
const cliJson = (...args) => JSON.parse(kith(['--org', ORG, ...args, '--format', 'json']).stdout);
const cliGoals = cliJson('goals', 'list');
const cliSrci = cliJson('srci');
const cliStake = cliJson('stakeholders', 'list');
const cliSim = cliJson('simulate');
const cliSimDown = cliJson('simulate', '--months', '18', '--downturn', 'months=3');
check(cliReport.findings && cliReport.findings.length >= 3, 'the demo report has findings');
check(cliReport.headlines && cliReport.headlines.length >= 4, 'the demo report has headline figures');

const errPath = path.join(dir, 'serve.err');
const server = spawn(KITH, ['--db', db, 'serve', '--listen', '127.0.0.1:0'],
  { stdio: ['ignore', 'pipe', fs.openSync(errPath, 'w')] });
const base = await new Promise((resolve) => {
  let buf = '';
  const t = setTimeout(() => resolve(null), 60000);
  server.stdout.on('data', (d) => {
    buf += d;
    const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(buf);
    if (m) {
      clearTimeout(t);
      resolve(m[1]);
    }
  });
});
if (!base) die('kith serve did not say where it listens: ' + fs.readFileSync(errPath, 'utf8'));

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  // playwright starts chromium with a fresh --user-data-dir of its own
  // (a new temporary profile each launch); the machine has no network.
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

// ------------------------------------------------------------ helpers

// A browser context whose console errors are failures, except the HTTP
// refusals the test expects at that moment (allow(path, status)).
async function newContext(name, opts = {}) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...opts });
  // The server runs under ASan/UBSan and the machine may be shared: the
  // first member profile after a write builds the network and fits the
  // CLV and churn models (about 10 s under ASan alone, server/models.c),
  // so waits allow 90 s. No check here measures time.
  ctx.setDefaultTimeout(90000);
  const page = await ctx.newPage();
  const allowed = [];
  page.allow = (p, status) => allowed.push({ p, status });
  page.allowNone = () => { allowed.length = 0; };
  page.on('console', (m) => {
    if (m.type() !== 'error' && m.type() !== 'warning') return;
    const text = m.text();
    const st = /status of (\d{3})/.exec(text);
    const url = m.location() && m.location().url;
    if (m.type() === 'error' && st && url) {
      const p = new URL(url).pathname;
      if (allowed.some((a) => a.p === p && String(a.status) === st[1])) return;
    }
    if (m.type() === 'error') fail(`${name}: console error on ${page.url()}: ${text} ${url || ''}`);
  });
  page.on('pageerror', (e) => fail(`${name}: script error on ${page.url()}: ${e.message}`));
  page.on('requestfailed', (r) => fail(`${name}: request failed: ${r.url()} ${r.failure() && r.failure().errorText}`));
  return { ctx, page };
}

async function login(page, email) {
  page.allow('/api/v1/session', 401); // the probe before logging in
  await page.goto(base + '/');
  await page.waitForSelector('form.login');
  // From the keyboard: the email field has the focus, Tab to the password,
  // Enter submits.
  check(await page.evaluate(() => document.activeElement && document.activeElement.name) === 'email',
    'the login form does not focus the email field');
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(USERS[email][1]);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#nav-list a');
  page.allowNone();
}

// Open a page of the dashboard and wait until it has rendered.
async function open(page, hash) {
  await page.evaluate((h) => { location.hash = h; }, '#/' + hash);
  await page.waitForFunction((h) => location.hash === h && document.querySelector('.page h1') && !document.querySelector('.page .loading'), '#/' + hash);
  await page.waitForLoadState('networkidle');
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, name + '.png'), fullPage: true });
}

const slug = (s) => s.replace(/[^a-z0-9]+/gi, '-').replace(/-$/, '');

// Every form control has a label (a <label for>, a wrapping label,
// aria-label or aria-labelledby).
async function checkLabels(page, where) {
  const bad = await page.evaluate(() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
    .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
    .map((e) => e.outerHTML.slice(0, 120)));
  check(!bad.length, `${where}: form fields without a label: ${bad.join(' | ')}`);
}

// WCAG 2 contrast of every visible text against the background behind
// it: 4.5:1, or 3:1 for large text (24px, or 18.66px bold).
async function checkContrast(page, where) {
  const bad = await page.evaluate(() => {
    const rgba = (s) => {
      const m = /rgba?\(([^)]+)\)/.exec(s);
      if (!m) return null;
      const v = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1];
    };
    const lum = (c) => {
      const f = (x) => {
        const v = x / 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
    };
    const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3]));
    const background = (el) => {
      const layers = [];
      for (let e = el; e; e = e.parentElement) {
        const c = rgba(getComputedStyle(e).backgroundColor);
        if (c && c[3] > 0) {
          layers.push(c);
          if (c[3] >= 1) break;
        }
      }
      let bg = [255, 255, 255];
      for (const c of layers.reverse()) bg = over(c, bg);
      return bg;
    };
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || seen.has(el) || !n.textContent.trim()) continue;
      seen.add(el);
      if (el.closest('canvas, svg, noscript, [disabled], option, .visually-hidden')) continue;
      const cs = getComputedStyle(el);
      if (cs.visibility !== 'visible' || !el.getClientRects().length || Number(cs.opacity) === 0) continue;
      const fg = rgba(cs.color);
      const bg = background(el);
      const c = over(fg, bg);
      const l1 = lum(c);
      const l2 = lum(bg);
      const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
      const size = parseFloat(cs.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(cs.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5))
        out.push(`"${n.textContent.trim().slice(0, 40)}" ${cs.color} on rgb(${bg.map(Math.round)}) = ${ratio.toFixed(2)}`);
    }
    return out;
  });
  check(!bad.length, `${where}: text below AA contrast: ${bad.slice(0, 5).join('; ')}`);
}

// Tab through the page from its top (loaded afresh, so that the keyboard
// starts at the top of the document): every stop, in order.
async function tabStops(page, max) {
  await page.reload();
  await page.waitForFunction(() => document.querySelector('.page h1') && !document.querySelector('.page .loading'));
  await page.waitForLoadState('networkidle');
  const stops = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const d = await page.evaluate(() => {
      const e = document.activeElement;
      if (!e || e === document.body) return null;
      e.dataset.tabbed = '1';
      return { tag: e.tagName.toLowerCase(), id: e.id, name: e.getAttribute('name'), href: e.getAttribute('href'), text: (e.textContent || '').trim().slice(0, 30) };
    });
    if (!d) break;
    stops.push(d);
  }
  return stops;
}

// The pixels drawn on each chart canvas of the page.
function drawnPixels(page) {
  return page.evaluate(() => [...document.querySelectorAll('figure.chart canvas')].map((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let any = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) any++;
    return any;
  }));
}

// The report's own formatting of a figure (src/report/report.c
// kith__rep_fmt), written out again here from its rules.
function reportFigure(v, unit, currency) {
  const commas = (x, d) => {
    const [i, f] = Math.abs(x).toFixed(d).split('.');
    return (x < 0 ? '-' : '') + i.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (f ? '.' + f : '');
  };
  switch (unit) {
    case 'ratio': return (v * 100).toFixed(1) + '%';
    case 'money': return commas(v, 2) + ' ' + currency;
    case 'count': return Number.isInteger(v) ? commas(v, 0) : commas(v, 1);
    case 'score': return v.toFixed(1);
    case 'pp': return (v >= 0 ? '+' : '') + (v * 100).toFixed(1) + ' pp';
    default: return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(3)));
  }
}

const withoutTime = (r) => {
  const c = JSON.parse(JSON.stringify(r));
  delete c.generated_at;
  return c;
};

// ------------------------------------------------------------ the owner

const desk = await newContext('owner');
const P = desk.page;
try {
  // The login page: labelled, contrasted.
  P.allow('/api/v1/session', 401);
  await P.goto(base + '/');
  await P.waitForSelector('form.login');
  await checkLabels(P, 'login');
  await checkContrast(P, 'login');
  await shot(P, 'desktop-login');

  // 1-2. Log in; the overview is the first page, its report the CLI's.
  const reportSeen = P.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/report');
  await login(P, 'owner@a.example');
  const served = await (await reportSeen).json();
  check(JSON.stringify(withoutTime(served)) === JSON.stringify(withoutTime(cliReport)),
    'the report the overview received differs from kith report --format json');
  await P.waitForSelector('#headlines li');
  for (const hl of cliReport.headlines) {
    const card = P.locator(`li[data-headline="${hl.id}"]`);
    if (!check(await card.count() === 1, `headline ${hl.id} not shown`)) continue;
    check(await card.getAttribute('data-value') === (hl.value === null ? '' : String(hl.value)),
      `headline ${hl.id}: data-value ${await card.getAttribute('data-value')} != ${hl.value}`);
    const shown = (await card.locator('.card-value').innerText()).trim();
    const want = hl.value === null ? 'n/a' : reportFigure(hl.value, hl.unit, cliReport.currency);
    check(shown === want, `headline ${hl.id}: shows "${shown}", the report says "${want}"`);
    check((await card.locator('.card-label').innerText()).trim() === hl.label, `headline ${hl.id}: label`);
    check((await card.locator('.change-text').innerText()).trim() === (hl.change_text || 'no comparison with the previous period'),
      `headline ${hl.id}: change "${await card.locator('.change-text').innerText()}" != "${hl.change_text}"`);
    if (hl.trend === 'up' || hl.trend === 'down')
      check(await card.locator(`.badge-${hl.good ? 'good' : 'bad'}`).count() === 1, `headline ${hl.id}: trend badge`);
  }
  const shownIds = await P.locator('#findings li').evaluateAll((ls) => ls.map((l) => l.dataset.finding));
  check(JSON.stringify(shownIds) === JSON.stringify(cliReport.findings.map((f) => f.id)),
    `findings shown ${shownIds} != the report's ${cliReport.findings.map((f) => f.id)}`);
  for (const f of cliReport.findings) {
    const a = P.locator(`li[data-finding="${f.id}"] a`);
    check((await a.innerText()).trim() === f.text, `finding ${f.id}: text`);
    check(await a.getAttribute('href') === f.evidence.page, `finding ${f.id}: links to ${await a.getAttribute('href')}, not ${f.evidence.page}`);
    check(await P.locator(`li[data-finding="${f.id}"] .badge-${f.kind}`).count() === 1, `finding ${f.id}: kind`);
  }
  await checkLabels(P, 'overview');
  await checkContrast(P, 'overview');
  await shot(P, 'desktop-overview');

  // Keyboard: from the top, the skip link, then every link of the
  // navigation (13 with Impact), then log out.
  const stops = await tabStops(P, 15);
  check(stops[0] && stops[0].id === 'skip', `the first Tab stop is not the skip link: ${JSON.stringify(stops[0])}`);
  const navHrefs = await P.locator('#nav-list a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const reached = stops.map((s) => s.href);
  for (const h of navHrefs) check(reached.includes(h), `Tab does not reach the navigation link ${h}`);
  check(stops.some((s) => s.id === 'logout'), 'Tab does not reach the log-out button');
  // Enter on a navigation link opens its page.
  await P.evaluate(() => document.querySelector('#nav-list a[href="#/initiatives"]').focus());
  await P.keyboard.press('Enter');
  await P.waitForFunction(() => location.hash === '#/initiatives' && document.querySelector('.page h1'));

  // The sentiment finding's evidence: the alert week and its topics.
  const sent = cliReport.findings.find((f) => f.rule === 'sentiment_alert');
  if (check(sent, 'no sentiment finding on the demo')) {
    await open(P, 'overview');
    await P.click(`li[data-finding="${sent.id}"] a`);
    await P.waitForFunction((h) => location.hash === h, sent.evidence.page);
    await P.waitForSelector('text=What people talked about');
    await P.waitForLoadState('networkidle');
    const week = sent.id.split('.')[1];
    const h2 = await P.locator('h2', { hasText: 'The week of' }).innerText();
    check(h2.includes(new Date(week + 'T12:00:00Z').toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })),
      `the evidence page shows "${h2}", not the week of ${week}`);
    check(await P.locator('.notice-refused', { hasText: 'Sentiment fell sharply' }).count() === 1, 'the alert week is not marked as an alert');
    const topics = await P.locator('table', { has: P.locator('caption', { hasText: 'Rising topics' }) }).locator('tbody tr td:nth-child(2)').allInnerTexts();
    for (const t of sent.items) check(topics.includes(t), `topic "${t}" of the finding is not among the week's topics ${topics}`);
    await shot(P, 'desktop-sentiment-alert-week');

    // 3. The chart is drawn: pixels of the line and of the red triangle.
    const px = await P.evaluate(() => {
      const c = document.querySelector('figure.chart canvas');
      if (!c) return null;
      const g = c.getContext('2d');
      const d = g.getImageData(0, 0, c.width, c.height).data;
      let any = 0, line = 0, red = 0;
      const near = (i, r, gg, b) => Math.abs(d[i] - r) < 40 && Math.abs(d[i + 1] - gg) < 40 && Math.abs(d[i + 2] - b) < 40 && d[i + 3] > 200;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i + 3] > 0) any++;
        if (near(i, 0x1f, 0x5f, 0xa8)) line++;
        if (near(i, 0xb3, 0x26, 0x1e)) red++;
      }
      return { w: c.width, h: c.height, any, line, red, label: c.getAttribute('aria-label'), role: c.getAttribute('role') };
    });
    if (check(px, 'no chart canvas on the sentiment page')) {
      check(px.w > 100 && px.h > 100, `the canvas is ${px.w}x${px.h}`);
      check(px.any > 2000, `the canvas has ${px.any} drawn pixels`);
      check(px.line > 200, `the canvas has ${px.line} pixels of the line colour`);
      check(px.red > 20, `the canvas has ${px.red} pixels of the alert colour`);
      check(px.role === 'img' && /Alert weeks/.test(px.label || ''), `the chart's text alternative: ${px.role} "${px.label}"`);
    }
    const rows = await P.locator('figure.chart details table tbody tr').count();
    const weeks = cliReport.sections.find((s) => s.id === 'sentiment').tables.find((t) => t.id === 'sentiment_weeks').rows.length;
    check(rows === weeks, `the chart's table has ${rows} weeks, the report ${weeks}`);
    check(await P.locator('figure.chart details table tbody tr.marked', { hasText: week }).count() === 1, 'the alert week is not marked in the chart\'s table');
  }

  // The initiative finding: the initiative marked on its page.
  const loss = cliReport.findings.find((f) => f.id.startsWith('initiative_loss.'));
  if (check(loss, 'no losing initiative on the demo')) {
    await open(P, 'overview');
    await P.click(`li[data-finding="${loss.id}"] a`);
    await P.waitForSelector('tr.picked');
    check((await P.locator('tr.picked th').innerText()).trim() === loss.items[0], 'the initiative is not marked');
    check(await P.locator('.notice-info', { hasText: loss.items[0] }).count() === 1, 'no summary of the initiative');
    check(await P.locator('figure.chart canvas').count() === 1, 'no ROI chart');
    await shot(P, 'desktop-initiatives-picked');
  }

  // The at-risk finding: the members at risk.
  const risk = cliReport.findings.find((f) => f.rule === 'champions_at_risk');
  if (check(risk, 'no champions/at-risk finding on the demo')) {
    await open(P, 'overview');
    await P.click(`li[data-finding="${risk.id}"] a`);
    await P.waitForSelector('.result-count');
    const n = await P.locator('table.data tbody tr').count();
    const want = Number(/(\d+) members? at risk/.exec(risk.text)[1]);
    check(n === want, `the at-risk list has ${n} members, the finding says ${want}`);
  }

  // 4a. The Customers page: its numbers are the CLI's, its charts are
  // drawn, a customer's link opens the profile with the same risk, a
  // segment's link lists its members.
  {
    const seen = {};
    const grab = (r) => {
      const u = new URL(r.url());
      if (['/api/v1/clv', '/api/v1/churn', '/api/v1/segments'].includes(u.pathname)) seen[u.pathname] = r;
    };
    P.on('response', grab);
    await open(P, 'customers');
    P.off('response', grab);
    const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
    check(seen['/api/v1/clv'] && same(await seen['/api/v1/clv'].json(), cliClv), 'the CLV the page received differs from kith clv --top 0');
    check(seen['/api/v1/churn'] && same(await seen['/api/v1/churn'].json(), cliChurn), 'the churn the page received differs from kith churn');
    check(seen['/api/v1/segments'] && same(await seen['/api/v1/segments'].json(), cliSeg), 'the segments the page received differ from kith segments');
    const text = async (k) => (await P.locator(`[data-k="${k}"]`).innerText()).trim();
    check(await text('clv-total') === reportFigure(cliClv.distribution.clv_total, 'money', cliClv.currency),
      `total CLV shown "${await text('clv-total')}", kith clv ${cliClv.distribution.clv_total}`);
    check(await text('clv-customers') === reportFigure(cliClv.distribution.customers, 'count'), 'CLV customers');
    check((await text('auc')).startsWith(cliChurn.auc.toFixed(3) + ' (95% CI ' + cliChurn.auc_ci95[0].toFixed(3)),
      `AUC shown "${await text('auc')}", kith churn ${cliChurn.auc}`);
    check(await text('seg-customers') === reportFigure(cliSeg.customers, 'count'), 'segment customers');
    const tableOf = (cap) => P.locator('table', { has: P.locator('caption', { hasText: cap }) });
    const topClv = tableOf('highest predicted CLV');
    check((await topClv.locator('tbody tr').count()) === Math.min(20, cliClv.customers.length), 'top CLV rows');
    check((await topClv.locator('tbody tr th a').first().innerText()).trim() === cliClv.customers[0].name, 'the top CLV customer');
    const risky = tableOf('highest churn risk');
    const r0 = cliChurn.customers[0];
    check((await risky.locator('tbody tr td').first().innerText()).trim() === (r0.risk * 100).toFixed(1) + '%', 'the highest churn risk shown');
    check((await risky.locator('tbody tr td').nth(1).innerText()).trim() === r0.reasons.join('; '), 'the reasons shown');
    // The report's high-value customers at risk (finding high_value_churn
    // links here): the rows of its table churn_high_value, in its order.
    const hvTable = cliReport.sections.find((x) => x.id === 'churn').tables.find((t) => t.id === 'churn_high_value');
    if (check(hvTable, 'the report has no churn_high_value table')) {
      const hv = tableOf('High-value customers at risk');
      const shown = hvTable.rows.length ? await hv.locator('tbody tr th a').allInnerTexts() : [];
      check(JSON.stringify(shown.map((x) => x.trim())) === JSON.stringify(hvTable.rows.map((r) => r[1])),
        `high-value at risk shown ${JSON.stringify(shown)}, kith report ${JSON.stringify(hvTable.rows.map((r) => r[1]))}`);
    }
    const segRows = await tableOf('Segments').locator('tbody tr').count();
    check(segRows === cliSeg.segments.length, `${segRows} segments shown, kith segments has ${cliSeg.segments.length}`);
    // The charts: four canvases, each with pixels drawn.
    const drawn = await drawnPixels(P);
    check(drawn.length === 4 && drawn.every((n) => n > 2000), `the Customers charts: ${drawn}`);
    await shot(P, 'desktop-customers-top');
    // The highest-risk customer's link opens the profile, with the same risk.
    await risky.locator('tbody tr th a').first().click();
    await P.waitForFunction((id) => location.hash === `#/members/${id}` && document.querySelector('[data-k="churn-risk"]'), r0.id);
    check((await text('churn-risk')) === (r0.risk * 100).toFixed(1) + '%', `the profile's churn risk "${await text('churn-risk')}"`);
    await shot(P, 'desktop-member-value');
    // A segment's link: the members of that segment.
    await open(P, 'customers');
    await tableOf('Segments').locator('tbody tr', { hasText: 'champions' }).locator('a').click();
    await P.waitForSelector('.result-count');
    check(/in segment rfm:champions/.test(await P.locator('.result-count').innerText()), 'the champions link does not filter the members');
  }

  // 4. A member's profile, found with the search form from the keyboard.
  await open(P, 'members');
  await checkLabels(P, 'members');
  const mstops = await tabStops(P, 40);
  for (const name of ['q', 'kind', 'level', 'segment', 'at_risk'])
    check(mstops.some((s) => s.name === name), `Tab does not reach the members filter "${name}"`);
  await P.focus('input[name=q]');
  await P.keyboard.type(cliMember.name);
  await P.keyboard.press('Enter');
  await P.waitForFunction((n) => location.hash.includes('q=') && document.querySelector('.result-count'), cliMember.name);
  await P.click(`table.data a[href="#/members/${cliMember.id}"]`);
  await P.waitForSelector('text=Merge history');
  await P.waitForLoadState('networkidle');
  check((await P.locator('.page h1').innerText()).trim() === cliMember.name, 'the profile\'s name');
  for (const h of ['About', 'Scores', 'Identities', 'Activity by type', 'Texts and their sentiment', 'Merge history'])
    check(await P.locator('h2', { hasText: h }).count() === 1, `the profile has no "${h}"`);
  check(await P.locator('h2', { hasText: `Timeline (latest ${cliMember.timeline.length})` }).count() === 1, 'the timeline heading');
  const facts = await P.locator('dl.facts').allInnerTexts();
  check(facts.join('\n').includes(cliMember.scores.love.toFixed(1)), `the love score ${cliMember.scores.love.toFixed(1)} is not shown`);
  check(facts.join('\n').includes(cliMember.scores.level_name), 'the level is not shown');
  const tl = await P.locator('table', { has: P.locator('caption', { hasText: 'Timeline' }) }).locator('tbody tr').count();
  check(tl === cliMember.timeline.length, `timeline rows ${tl} != ${cliMember.timeline.length}`);
  const ids = await P.locator('table', { has: P.locator('caption', { hasText: 'Identities' }) }).locator('tbody tr').count();
  check(ids === cliMember.identities.length, `identities ${ids} != ${cliMember.identities.length}`);
  const texts = await P.locator('table', { has: P.locator('caption', { hasText: 'Texts, newest first' }) }).locator('tbody tr').count();
  check(texts === (cliMember.texts || []).length, `texts ${texts} != ${(cliMember.texts || []).length}`);
  if ((cliMember.texts || []).length) {
    const shownC = await P.locator('table', { has: P.locator('caption', { hasText: 'Texts, newest first' }) }).locator('tbody tr td:last-child').allInnerTexts();
    cliMember.texts.forEach((t, i) => {
      const want = t.compound === null ? 'not scored' : (t.compound >= 0 ? '+' : '') + t.compound.toFixed(2);
      check(shownC[i] && shownC[i].startsWith(want), `text ${i}: sentiment "${shownC[i]}", kith members show says ${t.compound}`);
    });
  }
  await shot(P, 'desktop-member');

  // 4b. The network page (docs/dashboard.md, "Network"), reached from the
  // report's finding network_bridges: its figures and rankings are the
  // API's, which is kith graph's JSON; the chart of community sizes is
  // drawn, the picture loads; a member link opens the profile with its
  // network and introductions (kith match).
  const bridgeF = cliReport.findings.find((f) => f.rule === 'network_bridges');
  if (check(bridgeF, 'no network finding on the demo')) {
    await open(P, 'overview');
    const graphSeen = P.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/graph');
    await P.click(`li[data-finding="${bridgeF.id}"] a`);
    const served = await (await graphSeen).json();
    check(JSON.stringify(served) === JSON.stringify(cliGraph), 'the graph the page received differs from kith graph --format json');
    await P.waitForSelector('#network-picked');
    await P.waitForLoadState('networkidle');
    const G = cliGraph;
    const figure = async (k) => (await P.locator(`[data-figure="${k}"]`).innerText()).trim();
    const asCount = (t) => Number(t.replace(/,/g, ''));
    for (const [k, want] of [['nodes', G.nodes], ['ties', G.ties], ['edges', G.edges], ['interactions', G.interactions],
      ['communities', G.communities.length], ['strong', G.tie_counts.strong], ['weak', G.tie_counts.weak],
      ['bridging', G.tie_counts.bridging], ['bridge_members', G.bridge_members]])
      check(asCount(await figure(k)) === want, `network figure ${k}: shows ${await figure(k)}, kith graph says ${want}`);
    check(await figure('modularity') === G.modularity.toFixed(3), `modularity shows ${await figure('modularity')}, kith graph ${G.modularity}`);
    const id = Number(/member=(\d+)/.exec(bridgeF.evidence.page)[1]);
    const m = G.members.find((x) => x.id === id);
    const picked = await P.locator('#network-picked').innerText();
    check(m && picked.includes(m.name) && picked.includes(`rank ${m.rank_betweenness} of ${G.nodes.toLocaleString('en-GB')} by betweenness`),
      `the finding's member is not shown with its rank: "${picked}"`);
    check(await P.locator('tr.picked', { hasText: m.name }).count() >= 1, 'the finding\'s member is not marked in the tables');
    const caveats = await P.locator('#network-caveats').innerText();
    check(caveats.includes(G.betweenness.method === 'exact' ? 'Betweenness is exact' : 'sampled sources'), 'the betweenness caveat is missing');
    check(!G.events.skipped || caveats.includes(`${G.events.skipped} events with more than ${G.events.max_attendees} attendees`), 'the skipped events are not said');
    // The rankings: the first ten by betweenness, in the JSON's order.
    const btw = P.locator('table', { has: P.locator('caption', { hasText: 'highest betweenness' }) });
    const names = await btw.locator('tbody tr a').allInnerTexts();
    const wantNames = G.members.filter((x) => x.rank_betweenness <= 10).sort((a, b) => a.rank_betweenness - b.rank_betweenness).map((x) => x.name);
    check(JSON.stringify(names) === JSON.stringify(wantNames), `betweenness ranking ${names} != kith graph's ${wantNames}`);
    // The chart: drawn pixels, and its table of the largest communities.
    const px = await P.evaluate(() => {
      const c = document.querySelector('figure.chart canvas');
      if (!c) return null;
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let any = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) any++;
      return any;
    });
    check(px > 2000, `the community chart has ${px} drawn pixels`);
    const sizes = await P.locator('figure.chart details table tbody td').evaluateAll((tds) => tds.map((td) => td.textContent));
    check(JSON.stringify(sizes.map(asCount)) === JSON.stringify(G.communities.slice(0, 15).map((c) => c.size)),
      `the chart's sizes ${sizes} are not the communities' ${G.communities.slice(0, 15).map((c) => c.size)}`);
    await P.click('#network-picture summary');
    await P.waitForSelector('#network-svg');
    await P.waitForFunction(() => { const i = document.getElementById('network-svg'); return i && i.complete; });
    check(await P.locator('#network-svg').evaluate((i) => i.naturalWidth) > 0, 'the network picture did not load');
    await checkContrast(P, 'network');
    await shot(P, 'desktop-network-finding');
    // A member link opens the profile: its network and introductions.
    const first = G.members.find((x) => x.rank_betweenness === 1);
    const matchSeen = P.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/match/${first.id}`);
    await btw.locator('tbody tr a').first().click();
    await P.waitForFunction((h) => location.hash === h, `#/members/${first.id}`);
    const intro = await (await matchSeen).json();
    const cliMatch = JSON.parse(kith(['--org', ORG, 'match', String(first.id), '--format', 'json']).stdout);
    check(JSON.stringify(intro) === JSON.stringify(cliMatch), 'the introductions the profile received differ from kith match --format json');
    await P.waitForSelector('[data-network="Rank by betweenness"]');
    await P.waitForLoadState('networkidle');
    check((await P.locator('[data-network="Rank by betweenness"]').innerText()).trim() === `1 of ${G.nodes.toLocaleString('en-GB')}`,
      'the profile does not show its rank by betweenness');
    check((await P.locator('[data-network="Community"]').innerText()).includes(`community ${first.community}`), 'the profile does not show its community');
    const introRows = await P.locator('table', { has: P.locator('caption', { hasText: 'Introductions' }) }).locator('tbody tr a').allInnerTexts();
    check(JSON.stringify(introRows) === JSON.stringify(cliMatch.introductions.map((r) => r.introduce_name)),
      `introductions shown ${introRows} != kith match's`);
    await shot(P, 'desktop-member-network');
  }

  // 4c. The Impact page (docs/dashboard.md, "Impact"), reached from the
  // report's SRCI finding: the answers it received are the CLI's JSON, the
  // figures shown are theirs, the five charts are drawn, the finding is
  // listed, the scenario form re-runs kith simulate's downturn (and shows
  // a bad one's refusal), a group's members link lists those members.
  const srciF = cliReport.findings.find((f) => f.rule === 'srci_ratio');
  if (check(srciF && srciF.evidence.page === '#/impact', `the SRCI finding does not link to #/impact: ${srciF && srciF.evidence.page}`)) {
    const seen = {};
    const grab = (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/api/v1/') && !u.search) seen[u.pathname] = r;
    };
    await open(P, 'overview');
    check(await P.locator('#goals-summary').count() === 1, 'the overview has no goals summary');
    P.on('response', grab);
    await P.click(`li[data-finding="${srciF.id}"] a`);
    await P.waitForFunction(() => location.hash === '#/impact' && document.querySelector('.page h1') && !document.querySelector('.page .loading'));
    await P.waitForSelector('#scenario-body table');
    await P.waitForLoadState('networkidle');
    P.off('response', grab);
    const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
    for (const [route, want] of [['/api/v1/goals', cliGoals], ['/api/v1/srci', cliSrci], ['/api/v1/stakeholders', cliStake], ['/api/v1/simulate', cliSim]])
      check(seen[route] && same(await seen[route].json(), want), `the ${route} the page received differs from the CLI's JSON`);
    const text = async (k) => (await P.locator(`[data-k="${k}"]`).innerText()).trim();
    check(await text('srci-ratio') === `${cliSrci.ratio.toFixed(2)} : 1`, `SRCI ratio shown "${await text('srci-ratio')}", kith srci ${cliSrci.ratio}`);
    check(await text('srci-pv') === reportFigure(cliSrci.present_value, 'money', cliSrci.currency), `PV shown "${await text('srci-pv')}"`);
    check(await text('srci-inputs') === reportFigure(cliSrci.inputs.total, 'money', cliSrci.currency), 'inputs shown');
    check(await text('srci-payback') === `${cliSrci.payback_months.toFixed(1)} months`, `payback shown "${await text('srci-payback')}"`);
    check(await P.locator('#impact-findings li[data-finding="' + srciF.id + '"]').count() === 1, 'the SRCI finding is not on the Impact page');
    for (const g of cliGoals.goals) {
      check(await P.locator(`#goal-${g.id}`).count() === 1, `goal ${g.id} is not in the goals table`);
      check((await P.locator(`#goal-${g.id}`).textContent()).includes(g.status), `goal ${g.id}: status ${g.status} not shown`);
    }
    const crr = cliGoals.goals.find((g) => g.metric === 'crr');
    check(await text(`goal-current-${crr.id}`) === reportFigure(crr.current, 'ratio'), `the crr goal's latest month "${await text(`goal-current-${crr.id}`)}"`);
    const tableOf = (cap) => P.locator('table', { has: P.locator('caption', { hasText: cap }) });
    check(await tableOf('Outcomes and their value').locator('tbody tr').count() === cliSrci.outcomes.length, 'outcome rows');
    check(await tableOf('Stakeholder groups').locator('tbody tr').count() === cliStake.groups.length, 'stakeholder rows');
    check(await tableOf('Scenarios compared').locator('tbody tr').count() === cliSim.scenarios.length, 'scenario rows');
    const caveat = cliSrci.notes[0];
    check(await P.locator('.notice-info', { hasText: caveat }).count() === 1, `the SRCI note "${caveat}" is not shown`);
    if (cliSim.fit && cliSim.fit.note)
      check(await P.locator('.notice-info', { hasText: cliSim.fit.note }).count() === 1, 'the fit\'s note is not shown');
    const drawn = await drawnPixels(P);
    check(drawn.length === 5 && drawn.every((n) => n > 2000), `the Impact charts: ${drawn}`);
    await checkLabels(P, 'impact');
    await checkContrast(P, 'impact');
    await shot(P, 'desktop-impact-finding');
    // The scenario form: a downturn, as kith simulate --downturn runs it.
    await P.fill('#simulate-form input[name=months]', '18');
    await P.fill('#simulate-form input[name=downturn]', 'months=3');
    await P.click('#simulate-form button');
    await P.waitForSelector('#scenario-1');
    const down = cliSimDown.scenarios[1];
    check((await P.locator('#scenario-1').innerText()).includes(reportFigure(down.revenue, 'money', cliSimDown.currency).replace(' ' + cliSimDown.currency, '')),
      `the downturn's revenue is not kith simulate's ${down.revenue}: ${await P.locator('#scenario-1').innerText()}`);
    await shot(P, 'desktop-impact-scenarios');
    P.allow('/api/v1/simulate', 400);
    await P.fill('#simulate-form input[name=downturn]', 'depth=500%');
    await P.click('#simulate-form button');
    await P.waitForSelector('#scenario-error');
    await P.waitForLoadState('networkidle');
    check((await P.locator('#scenario-error').innerText()).includes('downturn'), 'the bad downturn is not explained');
    // A group that is a kind of member: its link lists those members.
    await tableOf('Stakeholder groups').locator('tbody tr', { has: P.locator('th', { hasText: /^Customers$/ }) }).locator('a').click();
    await P.waitForSelector('.result-count');
    check(/kind=customer/.test(await P.evaluate(() => location.hash)), 'the customers link does not filter the members');
    P.allowNone();
  }

  // 5. Upload a file: the counts as kith import prints them.
  await open(P, 'imports');
  await checkLabels(P, 'imports');
  const istops = await tabStops(P, 40);
  for (const name of ['format', 'file']) check(istops.some((s) => s.name === name), `Tab does not reach the import field "${name}"`);
  // What kith import prints for the same file on the same database (a copy
  // made now: the same next batch id).
  const copy0 = path.join(dir, 'copy0.db');
  fs.copyFileSync(db, copy0);
  const cliOk = spawnSync(KITH, ['--db', copy0, '--org', ORG, 'import', 'members', 'new-members.csv'], { encoding: 'utf8', cwd: dir });
  check(cliOk.status === 0, 'kith import of the good file failed: ' + cliOk.stderr);
  await P.selectOption('select[name=format]', 'members');
  await P.setInputFiles('input[name=file]', good);
  await P.click('button:has-text("Upload and import")');
  await P.waitForSelector('[data-result]');
  const okLine = (await P.locator('[data-result=ok]').innerText()).trim();
  const batch = JSON.parse(kith(['--org', ORG, 'imports', '--format', 'json']).stdout).imports.pop();
  const wantLine = cliOk.stdout.split('\n')[0];
  check(wantLine.includes(`(batch ${batch.id})`), `kith import's line "${wantLine}" names another batch than ${batch.id}`);
  check(okLine === wantLine, `upload result "${okLine}" != "${wantLine}"`);
  check(await P.locator('#upload-progress').evaluate((e) => e.value) === 100, 'the progress bar did not reach 100');
  check(sqlite("SELECT count(*) FROM identity WHERE value LIKE 'new.%@x.example'") === '3', 'the members are not in the database');
  check(await P.locator('#import-history tbody tr').first().locator('td').nth(2).innerText() === 'new-members.csv', 'the history does not show the upload first');
  await shot(P, 'desktop-imports-done');
  // A bad row: the error kith import prints, and nothing kept.
  const copy = path.join(dir, 'copy.db');
  fs.copyFileSync(db, copy);
  const cli = spawnSync(KITH, ['--db', copy, '--org', ORG, 'import', 'members', 'bad.csv'], { encoding: 'utf8', cwd: dir });
  check(cli.status === 2, 'kith import of the bad file did not exit 2');
  const cliFirst = cli.stderr.split('\n')[0];
  const before = sqlite('SELECT count(*) FROM member') + '/' + sqlite('SELECT count(*) FROM import_batch');
  P.allow('/api/v1/imports/members', 422);
  await P.setInputFiles('input[name=file]', bad);
  await P.click('button:has-text("Upload and import")');
  await P.waitForSelector('[data-result=error]');
  const errText = (await P.locator('[data-result=error]').innerText()).split('\n')[0];
  check(errText === cliFirst, `the page says "${errText}", kith import "${cliFirst}"`);
  check(sqlite('SELECT count(*) FROM member') + '/' + sqlite('SELECT count(*) FROM import_batch') === before, 'the refused file left rows behind');
  P.allowNone();
  await checkContrast(P, 'imports (error)');
  await shot(P, 'desktop-imports-error');

  // Every page: labels, contrast, screenshot; the owner sees settings,
  // users, tokens and the audit log.
  for (const pg of PAGES) {
    await open(P, pg);
    await checkLabels(P, pg);
    await checkContrast(P, pg);
    await shot(P, 'desktop-' + slug(pg));
  }
  await open(P, 'settings');
  check(await P.locator('h2', { hasText: 'Users' }).count() === 1 && await P.locator('h2', { hasText: 'Tokens' }).count() === 1, 'the owner has no users and tokens');
  const sstops = await tabStops(P, 200);
  const controls = await P.evaluate(() => [...document.querySelectorAll('.page input, .page select, .page button:not([disabled])')].filter((e) => e.getClientRects().length && !e.dataset.tabbed).map((e) => e.outerHTML.slice(0, 80)));
  check(sstops.length > 20 && !controls.length, `Tab does not reach every control of the settings: ${controls.slice(0, 3)}`);
  // A parameter saved from the page is saved (manager and owner may).
  await P.fill('input[name=min_n]', '7');
  await P.click('button[aria-label="Save min_n"]');
  await P.waitForFunction(() => document.querySelector('input[name=min_n]') && document.querySelector('input[name=min_n]').value === '7' && !document.querySelector('.page .loading'));
  check(kith(['--org', ORG, 'config', 'get', 'min_n']).stdout.trim().endsWith('7'), 'min_n was not saved');
  await open(P, 'audit');
  check(await P.locator('td', { hasText: 'changed a parameter' }).count() >= 1, 'the audit log does not show the change');
  // Log out: the login form again.
  P.allow('/api/v1/session', 401);
  await P.click('#logout');
  await P.waitForSelector('form.login');
} catch (e) {
  fail('owner: ' + (e.stack || e));
  await shot(P, 'failure-owner').catch(() => {});
}
await desk.ctx.close();

// ------------------------------------------------------------ a viewer

const vw = await newContext('viewer');
const V = vw.page;
try {
  await login(V, 'viewer@a.example');
  // No email address anywhere: the members' email column is hidden.
  await open(V, 'members');
  const emails = await V.locator('table.data tbody tr td:nth-child(3)').allInnerTexts();
  check(emails.length > 0 && emails.every((e) => e === '[hidden]' || e === ''), `a viewer sees emails: ${emails.slice(0, 3)}`);
  for (const pg of ['members', `members/${cliMember.id}`]) {
    await open(V, pg);
    const text = (await V.locator('main').innerText());
    const addr = /[\w.+-]+@[\w-]+(\.[\w-]+)+/.exec(text);
    check(!addr, `a viewer sees the address ${addr && addr[0]} on ${pg}`);
  }
  // Refused an import, in words; nothing imported.
  await open(V, 'imports');
  check(await V.locator('.notice-info', { hasText: 'you are a viewer' }).count() === 1, 'the viewer is not told imports need another role');
  const before = sqlite('SELECT count(*) FROM import_batch');
  V.allow('/api/v1/imports/members', 403);
  await V.selectOption('select[name=format]', 'members');
  await V.setInputFiles('input[name=file]', good);
  await V.click('button:has-text("Upload and import")');
  await V.waitForSelector('.notice-refused');
  const refusal = await V.locator('.notice-refused').innerText();
  check(/Not allowed\./.test(refusal) && refusal.includes('this needs the manager role; you are viewer'),
    `the refusal of the import: "${refusal}"`);
  check(sqlite('SELECT count(*) FROM import_batch') === before, 'the viewer imported a file');
  check(await V.locator('.page h1').innerText() === 'Imports', 'the page broke on the refusal');
  await shot(V, 'desktop-viewer-import-refused');
  // Refused a merge and a change of settings; users and the audit log.
  await open(V, 'merges');
  V.allow('/api/v1/merges', 403);
  await V.locator('button', { hasText: 'Merge' }).first().click();
  await V.waitForSelector('.notice-refused');
  check((await V.locator('.notice-refused').innerText()).includes('Merging and unmerging members is not open to your role'), 'the refusal of a merge');
  V.allow('/api/v1/users', 403);
  V.allow('/api/v1/tokens', 403);
  await open(V, 'settings');
  check((await V.locator('.notice-refused').innerText()).includes('this needs the owner role'), 'the viewer is not told users need an owner');
  V.allow('/api/v1/config/min_n', 403);
  await V.click('button[aria-label="Save min_n"]');
  await V.waitForSelector('#config-result .notice-refused');
  check((await V.locator('#config-result').innerText()).includes('Changing the settings is not open to your role'), 'the refusal of a setting');
  await shot(V, 'desktop-viewer-settings');
  V.allow('/api/v1/audit', 403);
  await open(V, 'audit');
  check((await V.locator('.notice-refused').innerText()).includes('Reading the audit log is not open to your role'), 'the refusal of the audit log');
  V.allowNone();
} catch (e) {
  fail('viewer: ' + (e.stack || e));
  await shot(V, 'failure-viewer').catch(() => {});
}
await vw.ctx.close();

// ------------------------------------------------------------ phone width

const ph = await newContext('phone', { viewport: { width: 375, height: 760 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
const M = ph.page;
try {
  await login(M, 'manager@a.example');
  M.allow('/api/v1/users', 403);
  M.allow('/api/v1/tokens', 403);
  M.allow('/api/v1/audit', 403);
  for (const pg of PAGES) {
    await open(M, pg);
    const w = await M.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    check(w.scroll <= w.inner, `${pg} scrolls sideways at phone width: ${w.scroll} > ${w.inner}`);
    await checkContrast(M, 'phone ' + pg);
    await shot(M, 'phone-' + slug(pg));
  }
} catch (e) {
  fail('phone: ' + (e.stack || e));
  await shot(M, 'failure-phone').catch(() => {});
}
await ph.ctx.close();

// ------------------------------------------------------------ no JavaScript

const nj = await newContext('nojs', { javaScriptEnabled: false });
const N = nj.page;
try {
  await N.goto(base + '/');
  const link = N.locator('noscript a[href="/report.html"], a[href="/report.html"]');
  check(await link.count() === 1, 'no link to the report page without JavaScript');
  await shot(N, 'nojs-index');
  N.allow('/report.html', 401);
  await N.goto(base + '/report.html');
  await checkLabels(N, 'nojs login');
  await checkContrast(N, 'nojs login');
  await shot(N, 'nojs-login');
  await N.fill('input[name=email]', 'viewer@a.example');
  await N.fill('input[name=password]', USERS['viewer@a.example'][1]);
  await Promise.all([N.waitForURL(base + '/report.html'), N.click('button[type=submit]')]);
  const body = await N.locator('body').innerText();
  for (const f of cliReport.findings) check(body.includes(f.text), `the page without JavaScript lacks "${f.text}"`);
  for (const hl of cliReport.headlines) check(body.includes(hl.label), `the page without JavaScript lacks "${hl.label}"`);
  check(await N.locator('svg').count() > 0 && await N.locator('table').count() > 5, 'the report page has no charts or tables');
  await shot(N, 'nojs-report');
} catch (e) {
  fail('nojs: ' + (e.stack || e));
}
await nj.ctx.close();

await browser.close();

// ------------------------------------------------------------ the server

server.kill('SIGTERM');
const code = await new Promise((r) => server.on('exit', (c) => r(c)));
const err = fs.readFileSync(errPath, 'utf8');
check(code === 0, `kith serve exited ${code} on SIGTERM: ${err}`);
check(!/AddressSanitizer|runtime error|LeakSanitizer/.test(err), 'sanitizer report from kith serve: ' + err);
fs.rmSync(dir, { recursive: true, force: true });
if (failures) {
  console.error(`${failures} failure(s); screenshots in ${SHOTS}`);
  process.exit(1);
}
console.log(`ok: the dashboard in chromium; screenshots in ${SHOTS}`);
