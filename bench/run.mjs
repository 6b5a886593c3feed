// The scale benchmark: seeds 100 000 customers and 1 000 000 events into a release build
// running in headless Chromium, then prints one JSON line per figure:
//   cold_start   offline start until the search field answers (ms)
//   search       keystroke → results rendered (p50/p95 ms)
//   stamp_commit "Add stamp" strict commit of event + record through the app (p50/p95 ms)
//   raw_commit   the same strict write by plain JavaScript IndexedDB, same browser run
//   commit_ratio stamp_commit p50 / raw_commit p50
//   assets       gzipped size of every file of the release build
// Usage (after `trunk build --release`): node bench/run.mjs [--customers N] [--visits V]
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
const STARTS = 5;
const SEARCHES = 200;
const COMMITS = 200;

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

const sizes = assetSizes('dist');
emit({ figure: 'assets', gzip_kb: round(sizes.gzip / 1024), raw_kb: round(sizes.raw / 1024), target_kb: 400, files: Object.fromEntries(sizes.files.map(([f, s]) => [f, round(s / 1024)])) });

const server = spawn('python3', ['scripts/serve.py', '--dir', 'dist', '--port', String(PORT), '--quiet'], { stdio: 'inherit' });
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
  await page.waitForFunction(() => window.wasmBindings && window.wasmBindings.mohar_bench_seed, null, { timeout: 30_000 });
  await page.evaluate(() => navigator.serviceWorker.ready);

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

  // "Add stamp" through the app's own code, then the same strict write in plain JavaScript.
  const stamps = JSON.parse(await page.evaluate((n) => window.wasmBindings.mohar_bench_stamps(n), COMMITS));
  emit({ figure: 'stamp_commit', p50_ms: stamps.p50_ms, p95_ms: stamps.p95_ms, samples: stamps.samples, durability: 'strict' });
  const raw = await page.evaluate(async ([count, event, customer]) => {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open('mohar-raw-bench', 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore('events', { keyPath: 'id' });
        request.result.createObjectStore('customers', { keyPath: 'id' });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const times = [];
    for (let i = 0; i < count; i += 1) {
      const started = performance.now();
      await new Promise((resolve, reject) => {
        const tx = db.transaction(['events', 'customers'], 'readwrite', { durability: 'strict' });
        tx.objectStore('events').put({ ...event, id: `${event.id}-${i}` });
        tx.objectStore('customers').put(customer);
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
      times.push(performance.now() - started);
    }
    db.close();
    return times;
  }, [COMMITS, stamps.event, stamps.customer]);
  const rawP50 = percentile(raw, 0.5);
  emit({ figure: 'raw_commit', p50_ms: round(rawP50), p95_ms: round(percentile(raw, 0.95)), samples: raw.length, durability: 'strict' });
  emit({ figure: 'commit_ratio', p50_ratio: round(stamps.p50_ms / rawP50), target: 1.2 });
} finally {
  await browser.close();
  server.kill();
}
