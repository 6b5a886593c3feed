// Issue 13: where an import's batches lose time, in plain JavaScript, each candidate on its own
// and in the same browser run. The records are the app's own for N rows (as `import_raw` in
// bench/import.mjs puts them); each variant writes all of them into a fresh database laid out
// like the app's, and prints its milliseconds and its ratio to the one-transaction put:
//   one_put        one relaxed transaction, `put` (bench/import.mjs's `import_raw`)
//   one_add        the same with `add` (what the app's batches issue: an id stored already fails)
//   batched_put    transactions of --batch customers (their events and record), one after the
//                  other (the next opened when the one before has completed), `put`
//   batched_add    the same with `add`
//   batched_add_marker  the same, each batch also `put`ting the import marker into `meta`
//                  (the app's batches before this branch)
//   pipelined_put  transactions of --batch customers, the next opened as soon as the one
//                  before has all its requests issued, at most --depth not yet completed
// Each variant runs --repeat times, the order rotated between rounds; the median is printed.
// Run after `trunk build --release --features bench --dist target/dist-bench`:
//   node bench/import_parts.mjs [--rows N] [--batch N] [--depth N] [--repeat N] [--only a,b] [--dist DIR] [--port P]
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { defineFreshImportDatabase } from './import.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const rows = Number(args.rows ?? 20_000);
const batch = Number(args.batch ?? 100);
const depth = Number(args.depth ?? 2);
const repeat = Number(args.repeat ?? 3);
const port = Number(args.port ?? 4392);
const all = ['one_put', 'one_add', 'batched_put', 'batched_add', 'batched_add_marker', 'pipelined_put'];
const variants = args.only ? args.only.split(',') : all;

/** Writes window.__importRecords with `variant` into a fresh database laid out like the app's
 * (`defineFreshImportDatabase`); milliseconds. */
async function run(page, variant) {
  return page.evaluate(async ([variant, batch, depth]) => {
    const records = window.__importRecords;
    const db = await window.__freshImportDatabase('mohar-bench-import-parts');
    // The records in batches of `batch` customers: each customer's events come before it.
    const batches = [];
    let current = [];
    let customers = 0;
    for (const record of records) {
      current.push(record);
      if (record[0] === 'customers' && ++customers % batch === 0) {
        batches.push(current);
        current = [];
      }
    }
    if (current.length) batches.push(current);
    const add = variant.endsWith('_add') || variant === 'batched_add_marker';
    const marker = variant === 'batched_add_marker';
    const write = (part) => {
      const scope = marker ? ['events', 'customers', 'meta'] : ['events', 'customers'];
      const tx = db.transaction(scope, 'readwrite', { durability: 'relaxed' });
      const stores = { events: tx.objectStore('events'), customers: tx.objectStore('customers') };
      if (marker) tx.objectStore('meta').put('{"import":"0123456789abcdef"}', 'import');
      for (const [store, key, value] of part) {
        if (add) stores[store].add(value, key);
        else stores[store].put(value, key);
      }
      const done = new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onabort = () => reject(tx.error);
      });
      tx.commit();
      return done;
    };
    const started = performance.now();
    if (variant.startsWith('one_')) {
      await write(records);
    } else if (variant.startsWith('batched_')) {
      for (const part of batches) await write(part);
    } else if (variant === 'pipelined_put') {
      const open = [];
      for (const part of batches) {
        open.push(write(part));
        if (open.length >= depth) await open.shift();
      }
      await Promise.all(open);
    } else {
      throw new Error(`no variant ${variant}`);
    }
    const elapsed = performance.now() - started;
    db.close();
    return elapsed;
  }, [variant, batch, depth]);
}

const server = spawn('python3', ['scripts/serve.py', '--dir', args.dist ?? 'target/dist-bench', '--port', String(port), '--quiet', '--isolated'], { stdio: 'inherit' });
await new Promise((resolve) => setTimeout(resolve, 800));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => window.wasmBindings && window.wasmBindings.mohar_bench_import_records, null, { timeout: 60_000 });
  page.setDefaultTimeout(1_200_000);
  const count = await page.evaluate(async (n) => {
    window.__importRecords = await window.wasmBindings.mohar_bench_import_records(n);
    return window.__importRecords.length;
  }, rows);
  await defineFreshImportDatabase(page);
  const times = Object.fromEntries(variants.map((variant) => [variant, []]));
  for (let round = 0; round < repeat; round++) {
    const order = variants.map((_, i) => variants[(i + round) % variants.length]);
    for (const variant of order) times[variant].push(await run(page, variant));
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const base = times.one_put ? median(times.one_put) : null;
  for (const variant of variants) {
    const ms = median(times[variant]);
    console.log(JSON.stringify({
      figure: 'import_part', variant, rows, records: count, batch, depth: variant === 'pipelined_put' ? depth : undefined,
      median_ms: Math.round(ms), runs_ms: times[variant].map(Math.round), ratio_to_one_put: base ? Math.round((ms / base) * 100) / 100 : undefined,
    }));
  }
} finally {
  await browser.close();
  server.kill();
}
