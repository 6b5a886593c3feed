// Issue 14's sync benchmark: Mohar's push and pull of N events against PouchDB Server on
// loopback, beside PouchDB's own replicate() of the same documents, in the same run and the
// same headless Chromium (a fresh profile on disk, IndexedDB on both sides):
//   sync_push     Mohar: one sync session of a seeded shop to an empty server database (the
//                 engine's own session, src/bench/sync.rs); PouchDB: replicate() from a browser
//                 PouchDB holding the same documents to another empty database
//   sync_pull     Mohar: a new device's join (every event pulled, then written as its shop) into
//                 an empty IndexedDB database; PouchDB: replicate() of the same server database
//                 into an empty browser PouchDB
//   sync_summary  events/s of each, and Mohar / PouchDB (events/s: above 1 is Mohar faster)
// PouchDB's browser build (pouchdb.min.js, installed by scripts/setup.sh in
// tools/pouchdb-browser) is served from a second loopback port, with no CDN. PouchDB's pull runs
// first and fills the browser PouchDB that its push then sends from.
//
// Usage (after `trunk build --release --features bench --dist target/dist-bench`):
//   node bench/sync.mjs [--sync-events N] (default 100 000) [--dist DIR] (default
//   target/dist-bench) [--port P] (the app, default 8629) [--couch-port P] (PouchDB Server,
//   default 5989)
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { round } from './stats.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const EVENTS = Number(args['sync-events'] ?? 100_000);
const DIST = args.dist ?? 'target/dist-bench';
const PORT = Number(args.port ?? 8629);
const COUCH_PORT = Number(args['couch-port'] ?? 5989);
const USER = 'shop';
const PASSWORD = 'secret';
const COUCH = `http://127.0.0.1:${COUCH_PORT}`;
// The seed (src/bench/mod.rs) writes the shop's set-up, `customers` customers of 1 join + 9
// visits each, and one regular of 1 join + 3 000 stamps: 10 × customers + 3 002 events.
const VISITS = 9;
const CUSTOMERS = Math.max(1, Math.round((EVENTS - 3_002) / (VISITS + 1)));
const POUCHDB_JS = 'tools/pouchdb-browser/node_modules/pouchdb/dist/pouchdb.min.js';

const emit = (figure) => console.log(JSON.stringify(figure));
const perSecond = (events, ms) => round((events * 1000) / ms);

const children = [];
const stopAll = () => children.forEach((child) => child.kill());
process.on('exit', stopAll);

// PouchDB Server (in memory, loopback only, the shop's user required: tools/pouchdb-server).
const couch = spawn('node', ['tools/pouchdb-server/server.js', String(COUCH_PORT)], { stdio: ['ignore', 'pipe', 'inherit'] });
children.push(couch);
await new Promise((resolve, reject) => {
  couch.stdout.on('data', (data) => String(data).includes('listening') && resolve());
  couch.on('exit', (code) => reject(new Error(`PouchDB Server stopped (${code}): is it installed (scripts/setup.sh)?`)));
});
const auth = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
const couchRequest = async (method, path) => {
  const response = await fetch(`${COUCH}${path}`, { method, headers: { authorization: auth, accept: 'application/json' } });
  const body = await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(body)}`);
  return body;
};

const app = spawn('python3', ['scripts/serve.py', '--dir', DIST, '--port', String(PORT), '--quiet'], { stdio: 'inherit' });
children.push(app);
// PouchDB's page: an empty page and PouchDB's browser build, from node_modules on loopback.
const pouchdbJs = readFileSync(POUCHDB_JS);
const pouchPage = createServer((request, response) => {
  if (request.url === '/pouchdb.min.js') {
    response.writeHead(200, { 'content-type': 'text/javascript' }).end(pouchdbJs);
  } else {
    response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>PouchDB</title><script src="/pouchdb.min.js"></script>');
  }
});
// A free port of the system's choosing (loopback only).
await new Promise((resolve) => pouchPage.listen(0, '127.0.0.1', resolve));
const POUCH_PAGE_PORT = pouchPage.address().port;
await new Promise((resolve) => setTimeout(resolve, 800));

const launch = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};
// A fresh profile on disk: IndexedDB on disk for both, as on a tablet.
const profile = mkdtempSync(join(tmpdir(), 'mohar-sync-bench-'));
const browser = await chromium.launchPersistentContext(profile, { ...launch, viewport: { width: 1280, height: 800 } });
try {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(`http://127.0.0.1:${PORT}/`);
  await page
    .waitForFunction(() => window.wasmBindings && window.wasmBindings.mohar_bench_sync_push, null, { timeout: 60_000 })
    .catch((error) => {
      throw new Error(`no sync benchmark entry points in ${DIST}: build it with \`trunk build --release --features bench\` (${error.message})`);
    });
  await page.evaluate(() => navigator.serviceWorker.ready);
  const seeded = JSON.parse(await page.evaluate(([c, v]) => window.wasmBindings.mohar_bench_seed(c, v), [CUSTOMERS, VISITS]));
  emit({ figure: 'sync_seed', ...seeded });

  // Mohar: push the seeded shop to an empty database, then a new device pulls it.
  await couchRequest('PUT', '/mohar');
  const push = JSON.parse(await page.evaluate(([s, u, p]) => window.wasmBindings.mohar_bench_sync_push(s, 'mohar', u, p), [COUCH, USER, PASSWORD]));
  const onServer = (await couchRequest('GET', '/mohar')).doc_count;
  emit({ figure: 'sync_push', system: 'mohar', events: seeded.events, docs_on_server: onServer, ms: push.ms, events_per_s: perSecond(seeded.events, push.ms), received: push.received });
  const pull = JSON.parse(await page.evaluate(([s, u, p]) => window.wasmBindings.mohar_bench_sync_pull(s, 'mohar', u, p, 'mohar-bench-pull'), [COUCH, USER, PASSWORD]));
  emit({ figure: 'sync_pull', system: 'mohar', events: pull.events, customers: pull.customers, ms: pull.ms, events_per_s: perSecond(pull.events, pull.ms) });
  await page.close();

  // PouchDB: the same server database pulled into an empty browser PouchDB (IndexedDB), then
  // that PouchDB pushed to an empty database. Default options (batch_size 100, as Mohar's).
  const pouch = await browser.newPage();
  pouch.on('pageerror', (error) => console.error('page error:', error.message));
  await pouch.goto(`http://127.0.0.1:${POUCH_PAGE_PORT}/`);
  await pouch.waitForFunction(() => window.PouchDB);
  const pouchdb = await pouch.evaluate(
    async ([couch, user, password]) => {
      const remote = (name) => new PouchDB(`${couch}/${name}`, { auth: { username: user, password } });
      const local = new PouchDB('pouch-bench');
      const timed = async (from, to) => {
        const started = performance.now();
        const result = await PouchDB.replicate(from, to);
        return { ms: performance.now() - started, docs: result.docs_written, ok: result.ok };
      };
      const pull = await timed(remote('mohar'), local);
      const push = await timed(local, remote('pouch'));
      return { pull, push, adapter: local.adapter, version: PouchDB.version };
    },
    [COUCH, USER, PASSWORD],
  );
  emit({ figure: 'sync_pull', system: 'pouchdb', pouchdb: pouchdb.version, adapter: pouchdb.adapter, events: pouchdb.pull.docs, ms: round(pouchdb.pull.ms), events_per_s: perSecond(pouchdb.pull.docs, pouchdb.pull.ms), ok: pouchdb.pull.ok });
  emit({ figure: 'sync_push', system: 'pouchdb', pouchdb: pouchdb.version, adapter: pouchdb.adapter, events: pouchdb.push.docs, docs_on_server: (await couchRequest('GET', '/pouch')).doc_count, ms: round(pouchdb.push.ms), events_per_s: perSecond(pouchdb.push.docs, pouchdb.push.ms), ok: pouchdb.push.ok });
  const ratio = (ours, theirs) => round(ours / theirs);
  emit({
    figure: 'sync_summary',
    events: seeded.events,
    push_events_per_s: { mohar: perSecond(seeded.events, push.ms), pouchdb: perSecond(pouchdb.push.docs, pouchdb.push.ms) },
    pull_events_per_s: { mohar: perSecond(pull.events, pull.ms), pouchdb: perSecond(pouchdb.pull.docs, pouchdb.pull.ms) },
    // Mohar's events/s over PouchDB's: 1 or more meets the issue's target.
    push_ratio: ratio(seeded.events / push.ms, pouchdb.push.docs / pouchdb.push.ms),
    pull_ratio: ratio(pull.events / pull.ms, pouchdb.pull.docs / pouchdb.pull.ms),
  });
} finally {
  await browser.close();
  pouchPage.close();
  stopAll();
  rmSync(profile, { recursive: true, force: true });
}
