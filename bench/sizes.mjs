// What each person downloads, and what the bytes are. Prints one JSON line per figure:
//   bundle    each bundle's files, raw, gzip (level 9) and brotli (quality 11) sizes in KB
//   wasm_top  the 10 largest contributors to the counter's wasm (`twiggy top`)
//   the counter's first load: what a set-up tablet with nothing cached downloads before search
//   answers (budget 400 KB gzipped), and a brand-new device's first visit (set-up included)
// Usage (after `scripts/build.sh`): node bench/sizes.mjs [--dist dist] [--port P]
//
// Bundles are listed in BUNDLES below: a name and either the files of dist/ it is made of, or a
// measurement in the browser. Any other wasm-bindgen bundle in dist/ (`NAME-HASH.js` with
// `NAME-HASH_bg.wasm`) is listed as its own bundle, and whatever is left as "other files", so a
// new bundle shows up without a change here; give it a line in BUNDLES to name it.
import { chromium } from '@playwright/test';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

import { round } from './stats.mjs';

function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const DIST = args.dist ?? 'dist';
// A free port unless one is given, so that the size report never collides with a running server.
const PORT = Number(args.port ?? (await freePort()));
const FIRST_LOAD_BUDGET_KB = 400;

const emit = (figure) => console.log(JSON.stringify(figure));

/// Each bundle: a name and either `files`, which files of dist/ it is made of (a test of the
/// path), or `measure`, a browser measurement returning its figure; `budget_kb` (gzipped) if any.
const BUNDLES = [
  { name: 'counter: first load', measure: counterStartUncached },
  { name: 'counter: first visit of a new device', measure: counterFirstLoad },
  { name: 'counter app (wasm + its js)', files: (file) => /^mohar-[0-9a-f]+(_bg\.wasm|\.js)$/.test(file) },
  { name: 'website widget (loader + verifier)', files: (file) => file === 'embed.js' || /^widget-[0-9a-f]+\.js$/.test(file) },
  { name: 'owner bundle (on demand: the owner\'s screens)', files: (file) => /^owner-[0-9a-f]+(_bg\.wasm|\.js|\.css)$/.test(file) },
  { name: 'customer panels bundle (on demand: the customer screen\'s panels)', files: (file) => /^panels-[0-9a-f]+(_bg\.wasm|\.js)$/.test(file) },
];

/// Every file of `dir`, as paths relative to it.
function filesOf(dir, under = '') {
  return readdirSync(join(dir, under)).flatMap((name) => {
    const path = under ? `${under}/${name}` : name;
    return statSync(join(dir, path)).isDirectory() ? filesOf(dir, path) : [path];
  });
}

const compressed = new Map();
/// [raw, gzip, brotli] bytes of one file of dist/.
function sizesOf(file) {
  if (!compressed.has(file)) {
    const bytes = readFileSync(join(DIST, file));
    const brotli = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
    compressed.set(file, [bytes.length, gzipSync(bytes, { level: 9 }).length, brotli.length]);
  }
  return compressed.get(file);
}

/// The `bundle` figure of `files` (a file downloaded twice counts twice).
function bundleFigure(name, files, budgetKb, extra = {}) {
  const total = [0, 0, 0];
  const listed = {};
  for (const file of files) {
    const sizes = sizesOf(file);
    sizes.forEach((size, i) => (total[i] += size));
    const [raw, gzip, brotli] = sizes.map((size) => round(size / 1024));
    listed[file] = listed[file] ? { ...listed[file], times: (listed[file].times ?? 1) + 1 } : { raw_kb: raw, gzip_kb: gzip, brotli_kb: brotli };
  }
  const [raw, gzip, brotli] = total.map((size) => round(size / 1024));
  return { figure: 'bundle', name, raw_kb: raw, gzip_kb: gzip, brotli_kb: brotli, ...(budgetKb ? { budget_gzip_kb: budgetKb } : {}), ...extra, files: listed };
}

/// Serves dist/ to a fresh browser profile and lets `visit(page, phase)` drive it. Every file the
/// server answers after the page opens is listed with the phase it was asked for in (`phase(name)`
/// starts the next one; the first is 'before'), the page's requests and its service worker's
/// alike: a file fetched twice is listed twice.
async function servedDuring(visit) {
  const server = spawn('python3', ['scripts/serve.py', '--dir', DIST, '--port', String(PORT)], { stdio: ['ignore', 'ignore', 'pipe'] });
  const served = [];
  let current = 'before';
  server.stderr.on('data', (data) => {
    for (const match of String(data).matchAll(/"GET ([^ ?#]+)[^"]*" 200/g)) served.push({ file: decodeURIComponent(match[1]).replace(/^\//, '') || 'index.html', phase: current });
  });
  const base = `http://127.0.0.1:${PORT}/`;
  for (let i = 0; i < 100; i += 1) {
    try {
      await fetch(`${base}manifest.webmanifest`);
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const probes = served.length;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(base);
    await visit(page, (name) => (current = name));
    // Let the last log lines arrive.
    await new Promise((resolve) => setTimeout(resolve, 500));
  } finally {
    await browser.close();
    server.kill();
  }
  return served.slice(probes).filter(({ file }) => existsSync(join(DIST, file)));
}

/// The first visit of a fresh profile: it loads the demo shop (the app needs a shop before
/// search answers) and waits until search answers and the service worker is installed.
async function firstVisit(page, phase) {
  await page.locator('.demo button').click();
  await page.waitForFunction(() => performance.getEntriesByName('mohar-search-ready').length > 0, null, { timeout: 60_000 });
  phase('after');
  await page.evaluate(() => navigator.serviceWorker.ready);
}

/// What a brand-new device downloads the first time it opens the app: everything of the first
/// visit (`firstVisit`), and, apart, what came before search answered. On such a device the
/// set-up form (the owner's bundle: the demo is started from it) comes before the counter.
async function counterFirstLoad() {
  const downloads = await servedDuring(firstVisit);
  const before = downloads.filter(({ phase }) => phase === 'before').map(({ file }) => file);
  const figure = bundleFigure('counter: first visit of a new device (set-up included)', downloads.map(({ file }) => file));
  const beforeSearch = bundleFigure('', before);
  return { ...figure, before_search_answers: { gzip_kb: beforeSearch.gzip_kb, brotli_kb: beforeSearch.brotli_kb, files: before.length } };
}

/// The counter's first load as the budget means it: what a clerk's tablet that already holds
/// the shop downloads before search answers when nothing of the app is cached (a cleared
/// browser cache, or the first start after the app's files were evicted). After a first visit,
/// the service worker is unregistered, its caches and the browser's HTTP cache are emptied
/// (the database stays), and the counter is opened again.
async function counterStartUncached() {
  const downloads = await servedDuring(async (page, phase) => {
    await firstVisit(page, phase);
    await page.evaluate(async () => {
      for (const registration of await navigator.serviceWorker.getRegistrations()) await registration.unregister();
      for (const name of await caches.keys()) await caches.delete(name);
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.clearBrowserCache');
    await page.goto('about:blank');
    phase('again');
    await page.goto(`http://127.0.0.1:${PORT}/`);
    await page.waitForFunction(() => performance.getEntriesByName('mohar-search-ready').length > 0, null, { timeout: 60_000 });
    phase('again after');
  });
  const before = downloads.filter(({ phase }) => phase === 'again').map(({ file }) => file);
  return bundleFigure('counter: first load (a set-up tablet, nothing cached, before search answers)', before, FIRST_LOAD_BUDGET_KB);
}

/// The 10 largest items of the counter's wasm, by `twiggy top`. The wasm in dist/ has no names
/// (wasm-opt drops them), so wasm-bindgen's output is optimized again here with the same
/// wasm-opt options as index.html gives Trunk, plus `--debuginfo` to keep the function names.
function wasmTop() {
  const target = process.env.CARGO_TARGET_DIR ?? 'target';
  const input = join(target, 'wasm-bindgen', 'release', 'mohar_bg.wasm');
  if (!existsSync(input)) return { figure: 'wasm_top', error: `${input} not found: build with \`trunk build --release\` first` };
  const html = readFileSync('index.html', 'utf8');
  const link = html.match(/<link[^>]*data-bin="mohar"[^>]*>/)?.[0] ?? '';
  const level = link.match(/data-wasm-opt="([^"]*)"/)?.[1];
  const params = link.match(/data-wasm-opt-params="([^"]*)"/)?.[1]?.split(/\s+/).filter(Boolean) ?? [];
  const work = mkdtempSync(join(tmpdir(), 'mohar-twiggy-'));
  try {
    const named = join(work, 'mohar_bg.wasm');
    execFileSync('wasm-opt', [...(level ? [`-O${level}`] : []), ...params, '--debuginfo', input, '-o', named], { stdio: ['ignore', 'ignore', 'inherit'] });
    const items = JSON.parse(execFileSync('twiggy', ['top', '-n', '20', '--format', 'json', named], { encoding: 'utf8', maxBuffer: 64 << 20 }));
    // The names themselves (a custom section, absent from dist/) are not part of the app.
    const isNames = (item) => item.name.startsWith('"');
    const names = items.filter(isNames).reduce((sum, item) => sum + item.shallow_size, 0);
    const bytes = statSync(named).size - names;
    return {
      figure: 'wasm_top',
      wasm: 'counter (mohar_bg.wasm, optimized as in dist/, names kept but not counted)',
      raw_kb: round(bytes / 1024),
      top: items
        .filter((item) => !isNames(item))
        .slice(0, 10)
        .map((item) => ({ item: item.name, kb: round(item.shallow_size / 1024), percent: round((100 * item.shallow_size) / bytes) })),
    };
  } catch (error) {
    return { figure: 'wasm_top', error: `twiggy or wasm-opt failed (scripts/setup.sh installs both): ${error.message}` };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const all = filesOf(DIST);
const claimed = new Set();
for (const { name, files, measure, budget_kb: budget } of BUNDLES) {
  if (measure) {
    emit(await measure());
    continue;
  }
  const mine = all.filter((file) => files(file));
  mine.forEach((file) => claimed.add(file));
  emit(bundleFigure(name, mine, budget));
}
// Other wasm-bindgen bundles (another entry, an on-demand bundle): `NAME-HASH.js` and
// `NAME-HASH_bg.wasm`, by NAME.
const others = new Map();
for (const file of all.filter((file) => !claimed.has(file))) {
  const stem = file.match(/^([a-z][a-z0-9_-]*?)-[0-9a-f]{8,}(_bg\.wasm|\.js)$/)?.[1];
  if (stem && all.some((other) => new RegExp(`^${stem}-[0-9a-f]{8,}_bg\\.wasm$`).test(other))) {
    others.set(stem, [...(others.get(stem) ?? []), file]);
    claimed.add(file);
  }
}
for (const [stem, files] of others) emit(bundleFigure(`${stem} (wasm + its js)`, files));
emit(bundleFigure('other files', all.filter((file) => !claimed.has(file))));
emit(bundleFigure('everything in dist/', all));
emit(wasmTop());
