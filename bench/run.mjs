// The scale benchmark: seeds 100 000 customers and 1 000 000 events into a release build
// running in headless Chromium, then prints one JSON line per figure:
//   cold_start   offline start until the search field answers (ms)
//   search       keystroke → results rendered (p50/p95 ms)
//   stamp_commit "Add stamp" strict commit of event + record through the app (p50/p95 ms)
//   raw_commit   the same strict write by plain JavaScript IndexedDB, same browser run
//   commit_ratio stamp_commit p50 / raw_commit p50
//   heavy_customer_commit  the same for a regular with 3 000 stamps, beside the raw write of
//                the same record (its bounded size in bytes too)
//   assets       gzipped size of every file of the release build
// Usage (after `trunk build --release --features bench`): node bench/run.mjs [--customers N] [--visits V] [--dist DIR]
//   [--sizes DIR]: measure the asset sizes of DIR (default: --dist), e.g. the production build
//   without the benchmark's entry points (scripts/bench.sh does this)
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const CUSTOMERS = Number(args.customers ?? 100_000);
const VISITS = Number(args.visits ?? 9); // 1 join + 9 visits = 10 events per customer.
const PORT = Number(args.port ?? 4390);
const DIST = args.dist ?? 'dist';
const SIZES_DIST = args.sizes ?? DIST;
const STARTS = 5;
const SEARCHES = 200;
const COMMITS = 200;
const ROUNDS = 10;

const emit = (figure) => console.log(JSON.stringify(figure));
const percentile = (values, fraction) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.round((sorted.length - 1) * fraction))];
};
const round = (value) => Math.round(value * 100) / 100;

function assetSizes(dir) {
  let raw = 0;
  let gzip = 0;
  const files = [];
  const walk = (path) => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else {
        const bytes = readFileSync(full);
        const zipped = gzipSync(bytes, { level: 9 }).length;
        raw += bytes.length;
        gzip += zipped;
        files.push([full.slice(dir.length + 1), zipped]);
      }
    }
  };
  walk(dir);
  return { raw, gzip, files };
}

const sizes = assetSizes(SIZES_DIST);
// The customer-facing files (the widget: embed.js and widget-*.js; the card page: card/; the
// wasm verifier both load where WebCrypto lacks Ed25519) are served from the same build but never
// downloaded by the counter, so the app's own share is reported too (bench/card_size.mjs
// measures theirs).
const widgetFile = (name) => name === 'embed.js' || name.startsWith('card/') || /^(widget|verifier)-[0-9a-f]+\.js$/.test(name);
const appGzip = sizes.files.filter(([name]) => !widgetFile(name)).reduce((sum, [, size]) => sum + size, 0);
// The owner's bundle (owner-only screens) is downloaded when the owner first opens one of them,
// not before the counter's search answers: the counter's first load is the app without it.
const ownerFile = (name) => /^owner-[0-9a-f]+(\.js|_bg\.wasm)$/.test(name);
const ownerGzip = sizes.files.filter(([name]) => ownerFile(name)).reduce((sum, [, size]) => sum + size, 0);
emit({ figure: 'counter first load', gzip_kb: round((appGzip - ownerGzip) / 1024), target_kb: 400 });
emit({ figure: 'owner bundle (on demand)', gzip_kb: round(ownerGzip / 1024) });
emit({
  figure: 'assets',
  gzip_kb: round(sizes.gzip / 1024),
  app_gzip_kb: round(appGzip / 1024),
  widget_gzip_kb: round((sizes.gzip - appGzip) / 1024),
  raw_kb: round(sizes.raw / 1024),
  target_kb: 400,
  files: Object.fromEntries(sizes.files.map(([f, s]) => [f, round(s / 1024)])),
});

const server = spawn('python3', ['scripts/serve.py', '--dir', DIST, '--port', String(PORT), '--quiet', '--isolated'], { stdio: 'inherit' });
const base = `http://127.0.0.1:${PORT}/`;
await new Promise((resolve) => setTimeout(resolve, 800));

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  let page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(base);
  await page
    .waitForFunction(() => window.wasmBindings && window.wasmBindings.mohar_bench_seed, null, { timeout: 30_000 })
    .catch((error) => {
      throw new Error(`no benchmark entry points in ${DIST}: build it with \`trunk build --release --features bench\` (${error.message})`);
    });
  await page.evaluate(() => navigator.serviceWorker.ready);
  emit({ figure: 'timer', cross_origin_isolated: await page.evaluate(() => self.crossOriginIsolated) });

  const seeded = JSON.parse(await page.evaluate(([c, v]) => window.wasmBindings.mohar_bench_seed(c, v), [CUSTOMERS, VISITS]));
  emit({ figure: 'seed', ...seeded });

  // Offline cold starts: a new page each time, network off, until search is usable (the app
  // sets a performance mark when the counter's search answers).
  await context.setOffline(true);
  const starts = [];
  for (let run = 0; run < STARTS; run += 1) {
    await page.close();
    page = await context.newPage();
    await page.goto(base);
    await page.waitForFunction(() => performance.getEntriesByName('mohar-search-ready').length > 0, null, { timeout: 60_000 });
    starts.push(await page.evaluate(() => performance.getEntriesByName('mohar-search-ready')[0].startTime));
  }
  emit({ figure: 'cold_start', offline: true, p50_ms: round(percentile(starts, 0.5)), max_ms: round(Math.max(...starts)), runs: starts.map(round), target_ms: 1000 });

  // Keystroke → results: type into the search field and time until the results list has
  // changed in the DOM.
  const search = await page.evaluate(async (count) => {
    const input = document.querySelector('#customer-search');
    const results = document.querySelector('#search-results');
    if (!input || !results) throw new Error('search field or results not found');
    const queries = [];
    const syllables = ['ra', 'mi', 'sha', 'रा', 'मी', 'শা', 'কু', 'an', 'dev', 'प्रि'];
    for (let i = 0; i < count; i += 1) {
      queries.push(i % 2 === 0 ? String(1000 + ((i * 7919) % 9000)) : syllables[i % syllables.length] + syllables[(i * 3) % syllables.length]);
    }
    const times = [];
    for (const query of queries) {
      input.value = '';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      const changed = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          observer.disconnect();
          resolve(performance.now());
        });
        observer.observe(results, { childList: true, subtree: true, characterData: true });
        setTimeout(() => {
          observer.disconnect();
          resolve(performance.now());
        }, 1000);
      });
      const started = performance.now();
      input.value = query;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      times.push((await changed) - started);
    }
    return times;
  }, SEARCHES);
  emit({ figure: 'search', p50_ms: round(percentile(search, 0.5)), p95_ms: round(percentile(search, 0.95)), samples: search.length, target_p95_ms: 16 });

  // "Add stamp" through the app's own code, and the same strict write in plain JavaScript,
  // interleaved in rounds so that background work of the browser's storage (compaction after
  // seeding, say) weighs on both alike.
  const ours = [];
  const raw = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const stamps = JSON.parse(await page.evaluate((n) => window.wasmBindings.mohar_bench_stamps(n), COMMITS / ROUNDS));
    ours.push(...stamps.times_ms);
    raw.push(...(await rawCommits(page, COMMITS / ROUNDS)));
  }
  emit({ figure: 'stamp_commit', p50_ms: round(percentile(ours, 0.5)), p95_ms: round(percentile(ours, 0.95)), samples: ours.length, durability: 'strict' });
  const rawP50 = percentile(raw, 0.5);
  emit({ figure: 'raw_commit', p50_ms: round(rawP50), p95_ms: round(percentile(raw, 0.95)), samples: raw.length, durability: 'strict' });
  emit({ figure: "commit_ratio", p50_ratio: round(percentile(ours, 0.5) / rawP50), target: 1.2 });

  // A regular with 3 000 stamps: the record is bounded, so a stamp costs what a new customer's
  // does. Compared with plain JavaScript writing the same event and the same record.
  const heavy = [];
  const heavyRaw = [];
  let recordBytes = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    const stamps = JSON.parse(await page.evaluate((n) => window.wasmBindings.mohar_bench_heavy_stamps(n), COMMITS / ROUNDS / 2));
    heavy.push(...stamps.times_ms);
    recordBytes = stamps.record_bytes;
    heavyRaw.push(...(await rawCommits(page, COMMITS / ROUNDS / 2, true)));
  }
  const heavyRawP50 = percentile(heavyRaw, 0.5);
  emit({
    figure: 'heavy_customer_commit',
    stamps: 3000,
    record_bytes: recordBytes,
    p50_ms: round(percentile(heavy, 0.5)),
    p95_ms: round(percentile(heavy, 0.95)),
    raw_p50_ms: round(heavyRawP50),
    p50_ratio: round(percentile(heavy, 0.5) / heavyRawP50),
    target: 1.2,
  });
} finally {
  await browser.close();
  server.kill();
}

// The raw limit: plain JavaScript writes, in one strict transaction each, what the store wrote
// for a stamp — the event's stored value under a fresh key, and a customer record put back
// over a random existing customer (its own current value, read beforehand, so the shop is left
// as it was) — into the same database and object stores. The extra events are removed after.
// With `sameRecord`, the record put back is the sample's own (the customer it stamped).
async function rawCommits(page, count, sameRecord = false) {
  return page.evaluate(async ([count, sameRecord]) => {
    const [eventKey, eventValue, sampleKey, sampleValue] = window.wasmBindings.mohar_bench_stored_sample();
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open('mohar');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const done = (tx) => new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
    const request = (req) => new Promise((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const read = db.transaction(['customers'], 'readonly');
    const keys = await request(read.objectStore('customers').getAllKeys());
    const customers = [];
    for (let i = 0; i < count; i += 1) {
      const key = keys[Math.floor(Math.random() * keys.length)];
      customers.push(sameRecord ? [sampleKey, sampleValue] : [key, await request(read.objectStore('customers').get(key))]);
    }
    await done(read);
    const times = [];
    const added = [];
    for (let i = 0; i < count; i += 1) {
      const key = `${eventKey}-raw-${Date.now()}-${i}`;
      added.push(key);
      const [customerKey, customerValue] = customers[i];
      const started = performance.now();
      const tx = db.transaction(['events', 'customers'], 'readwrite', { durability: 'strict' });
      tx.objectStore('events').add(eventValue, key);
      tx.objectStore('customers').put(customerValue, customerKey);
      tx.commit();
      await done(tx);
      times.push(performance.now() - started);
    }
    const cleanup = db.transaction(['events'], 'readwrite');
    for (const key of added) cleanup.objectStore('events').delete(key);
    await done(cleanup);
    db.close();
    return times;
  }, [count, sameRecord]);
}
