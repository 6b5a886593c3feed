// Issue 13: 100 000 rows of a CSV register imported through the app (read, check, plan, write in
// batches under the import marker) beside a plain-JavaScript bulk put of the same records in one
// transaction, in the same browser run; and how long a stamp at the counter waits meanwhile,
// with the app's batches and with the whole import as one transaction (why it is batched).
//   figure import        the app's import: read and check, plan and write, total (ms)
//   figure import_one_after_another  the same, each batch planned after the one before commits
//   figure import_raw    the plain-JavaScript bulk put of the same records (ms)
//   figure import_ratio  import total / raw put (target ≤ 1.3)
//   figure import_stamp_wait  a stamp's commit while the import runs: batched vs one transaction
// Run on its own (after `scripts/build.sh --features bench --dist target/dist-bench`):
//   node bench/import.mjs [--rows N] [--batch N] [--in-flight N[,N…]] [--quick 1] [--dist DIR] [--port P]
// --batch: customers per transaction for the app's import (default 0: the app's own BATCH;
// 1000 was the size before the batches were cut for the counter's sake).
// --in-flight: batches issued before the first of them has committed (default 0: the app's
// own IN_FLIGHT; 1 is each batch's transaction opened only after the one before committed);
// several, comma-separated, are each measured in the same run.
// --quick 1: without the one-after-another import and the one-transaction stamp run.
// bench/run.mjs calls measureImport too.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const round = (value) => Math.round(value * 10) / 10;

/** Defines `window.__freshImportDatabase(name)` in the page: deletes the database `name` and opens
 * it again, empty and laid out like the app's (the same object stores and indices). Both import
 * benchmarks (this one and bench/import_parts.mjs) write into it by plain JavaScript, so the
 * layout they compare the app with is written once, here. */
export async function defineFreshImportDatabase(page) {
  await page.evaluate(() => {
    window.__freshImportDatabase = async (name) => {
      await new Promise((resolve) => {
        const request = indexedDB.deleteDatabase(name);
        request.onsuccess = request.onerror = request.onblocked = () => resolve();
      });
      return new Promise((resolve, reject) => {
        const open = indexedDB.open(name, 1);
        open.onupgradeneeded = () => {
          const db = open.result;
          const events = db.createObjectStore('events');
          events.createIndex('hlc', 'h');
          events.createIndex('customer', 'c');
          events.createIndex('customer_hlc', ['c', 'h']);
          db.createObjectStore('customers').createIndex('rev', 'r');
          db.createObjectStore('meta');
        };
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
    };
  });
}

/** A plain-JavaScript bulk put of `records` ([store, key, value]) into a fresh database laid
 * out like the app's, in one transaction; milliseconds. */
async function rawPut(page) {
  await defineFreshImportDatabase(page);
  return page.evaluate(async () => {
    const records = window.__importRecords;
    const db = await window.__freshImportDatabase('mohar-bench-import-js');
    const started = performance.now();
    await new Promise((resolve, reject) => {
      const tx = db.transaction(['events', 'customers'], 'readwrite', { durability: 'relaxed' });
      const stores = { events: tx.objectStore('events'), customers: tx.objectStore('customers') };
      for (const [store, key, value] of records) stores[store].put(value, key);
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    const elapsed = performance.now() - started;
    db.close();
    delete window.__importRecords;
    return elapsed;
  });
}

export async function measureImport(page, rows, emit, batch = 0, inFlights = [0], quick = false) {
  // The app first, then the records for the raw put (prepared before its clock starts).
  // The app's import as it is (the next batch planned while one commits; each of `inFlights`,
  // 0 being the app's own), then as it was before (one batch after another), in the same run.
  // Batch 0: the app's own batch size (store::import::BATCH), whatever it is in this build.
  // `quick` leaves out the one-after-another import and the one-transaction stamp run.
  const import_ = (n, batch, stamping, overlap, inFlight) =>
    page.evaluate(([n, batch, stamping, overlap, inFlight]) => window.wasmBindings.mohar_bench_import(n, batch, stamping, overlap, inFlight), [n, batch, stamping, overlap, inFlight]).then(JSON.parse);
  const ours = [];
  for (const inFlight of inFlights) {
    ours.push(await import_(rows, batch, false, true, inFlight));
    emit({ figure: 'import', ...ours.at(-1) });
  }
  const before = quick ? null : await import_(rows, batch, false, false, 1);
  if (before) emit({ figure: 'import_one_after_another', ...before });
  const count = await page.evaluate(async (n) => {
    window.__importRecords = await window.wasmBindings.mohar_bench_import_records(n);
    return window.__importRecords.length;
  }, rows);
  const raw = await rawPut(page);
  emit({ figure: 'import_raw', rows, records: count, put_ms: round(raw) });
  const ratio = (ms) => Math.round((Number(ms) / raw) * 100) / 100;
  for (const one of ours) {
    emit({ figure: 'import_ratio', target: 1.3, batch: one.batch, in_flight: one.in_flight, ratio: ratio(one.total_ms), plan_and_write_ratio: ratio(one.plan_and_write_ms), one_after_another_ratio: before ? ratio(before.total_ms) : undefined });
  }
  // The counter meanwhile: a strict stamp every 100 ms on its own connection, beside the
  // app's batches and beside the whole import as one transaction.
  const stamps = (run) => ({ stamps: run.stamps_meanwhile, p50_ms: Number(run.stamp_p50_ms), p95_ms: Number(run.stamp_p95_ms), max_ms: Number(run.stamp_max_ms), import_ms: Number(run.total_ms) });
  for (const inFlight of inFlights) {
    const batched = await import_(rows, batch, true, true, inFlight);
    const whole = quick ? null : await import_(rows, rows, true, true, 1);
    emit({
      figure: 'import_stamp_wait',
      batched: { batch: batched.batch, in_flight: batched.in_flight, ...stamps(batched) },
      one_transaction: whole ? stamps(whole) : undefined,
    });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = Object.fromEntries(
    process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
  );
  const rows = Number(args.rows ?? 100_000);
  const port = Number(args.port ?? 4391);
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
    await page.waitForFunction(() => window.wasmBindings && window.wasmBindings.mohar_bench_import, null, { timeout: 60_000 });
    page.setDefaultTimeout(600_000);
    await measureImport(page, rows, (figure) => console.log(JSON.stringify(figure)), Number(args.batch ?? 0), String(args['in-flight'] ?? '0').split(',').map(Number), 'quick' in args);
  } finally {
    await browser.close();
    server.kill();
  }
}
