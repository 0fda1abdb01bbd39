// The dashboard's files are the server's fixed set: every file under web/
// is listed in web/manifest.txt and every listed file exists (the chart
// library in node_modules, from npm); every page of pages.js is a module
// that is listed, exports a title and render(), and every module imports
// only listed files; index.html asks only for listed files. A page added
// without its manifest line, or a file forgotten in the manifest, fails
// here rather than as a 404 in a browser.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const SRC = process.env.KITH_SOURCE_DIR;
const WEB = path.join(SRC, 'web');
let failures = 0;
function check(cond, msg) {
  if (!cond) {
    console.error('FAIL: ' + msg);
    failures += 1;
  }
  return !!cond;
}

// ------------------------------------------------------------ manifest
const listed = new Map(); // url -> file (relative to web/)
for (const [i, raw] of fs.readFileSync(path.join(WEB, 'manifest.txt'), 'utf8').split('\n').entries()) {
  const line = raw.trim();
  if (!line || line.startsWith('#')) continue;
  const [url, type, file, extra] = line.split(/\s+/);
  check(url && type && file && !extra, `manifest.txt:${i + 1}: not "URL TYPE FILE"`);
  check(!listed.has(url), `manifest.txt:${i + 1}: ${url} twice`);
  listed.set(url, file);
  if (file.endsWith('.js')) check(type === 'text/javascript', `${url}: type ${type}`);
  if (file.endsWith('.css')) check(type === 'text/css', `${url}: type ${type}`);
  if (file.endsWith('.html')) check(type === 'text/html', `${url}: type ${type}`);
}
// Where a listed file is in a source tree (the npm package for the vendor file).
const onDisk = (file) => (file === 'vendor/chart.umd.min.js'
  ? path.join(SRC, 'node_modules', 'chart.js', 'dist', 'chart.umd.min.js')
  : path.join(WEB, file));
for (const [url, file] of listed) check(fs.existsSync(onDisk(file)), `${url}: ${file} does not exist`);

function walk(d) {
  return fs.readdirSync(d, { withFileTypes: true }).flatMap((e) =>
    (e.isDirectory() ? walk(path.join(d, e.name)) : [path.relative(WEB, path.join(d, e.name))]));
}
const files = new Set([...listed.values()]);
for (const f of walk(WEB)) if (f !== 'manifest.txt') check(files.has(f), `web/${f} is not in manifest.txt (the server would not serve it)`);
check(!fs.existsSync(path.join(WEB, 'vendor')), 'web/vendor/ is committed: the chart library comes from npm');

// ------------------------------------------------------------ pinned npm
const pkg = JSON.parse(fs.readFileSync(path.join(SRC, 'package.json'), 'utf8'));
for (const name of ['chart.js', 'playwright-core']) {
  const have = JSON.parse(fs.readFileSync(path.join(SRC, 'node_modules', name, 'package.json'), 'utf8')).version;
  check(/^\d+\.\d+\.\d+$/.test(pkg.dependencies[name]), `${name} is not pinned in package.json: ${pkg.dependencies[name]}`);
  check(have === pkg.dependencies[name], `node_modules/${name} is ${have}, package.json pins ${pkg.dependencies[name]} (run scripts/setup.sh)`);
}

// ------------------------------------------------------------ modules
const urlOf = (file) => [...listed].find(([, f]) => f === file)?.[0];
for (const f of [...files].filter((x) => x.endsWith('.js') && !x.startsWith('vendor/'))) {
  const text = fs.readFileSync(path.join(WEB, f), 'utf8');
  for (const m of text.matchAll(/\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/g)) {
    const spec = m[1] || m[2];
    const target = spec.startsWith('/') ? listed.get(spec) : path.normalize(path.join(path.dirname(f), spec));
    check(target && files.has(target), `web/${f} imports ${spec}, which is not in manifest.txt`);
  }
}
const html = fs.readFileSync(path.join(WEB, 'index.html'), 'utf8');
for (const m of html.matchAll(/(?:src|href)="(\/[^"#]*)"/g))
  if (m[1] !== '/report.html') check(listed.has(m[1]), `index.html asks for ${m[1]}, which is not in manifest.txt`);

const { pages } = await import(pathToFileURL(path.join(WEB, 'pages.js')));
check(Array.isArray(pages) && pages.length >= 9, 'pages.js has no page table');
const paths = new Set();
for (const p of pages) {
  check(!paths.has(p.path), `page ${p.path} twice`);
  paths.add(p.path);
  check(p.nav === null || (typeof p.nav === 'string' && p.nav.length), `page ${p.path}: nav is a label or null`);
  const file = listed.get(p.module);
  if (!check(file, `page ${p.path}: its module ${p.module} is not in manifest.txt`)) continue;
  const mod = await import(pathToFileURL(path.join(WEB, file)));
  check(typeof mod.render === 'function', `${p.module} exports no render(view, ctx)`);
  check(typeof mod.title === 'string' && mod.title.length, `${p.module} exports no title`);
}
for (const f of [...files].filter((x) => x.startsWith('pages/')))
  check(pages.some((p) => listed.get(p.module) === f), `web/${f} is in no line of pages.js`);
check(urlOf('index.html') === '/', 'index.html is not served at /');

if (failures) process.exit(1);
console.log(`ok: ${listed.size} files listed, ${pages.length} pages`);
