// Chromium CPU profiles of the benchmark's pages (DevTools protocol `Profiler`), for
// bench/profile_commit.mjs and bench/profile_search.mjs: the page opened on a profile that
// bench/run.mjs seeded, the sampling profiler around some work at N× CPU throttling, and the
// functions summed up per unit of work. Wasm functions are named only when the build keeps its
// name section (cargo's wasm put through `wasm-bindgen --keep-debug` without wasm-opt);
// otherwise they show as `wasm-function[N]`.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

/// The command line's `--name value` pairs.
export function parseArgs() {
  return Object.fromEntries(
    process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
  );
}

/// Serves `dist` on `port` and opens the app in a browser on the seeded `profile` (the same
/// port as the seeding run: IndexedDB belongs to the origin), with the kept profile's service
/// worker and caches dropped so the page runs the build in `dist`. Returns `{ page, close }`.
export async function openSeededPage({ dist, port, profile, ready }) {
  if (!profile) throw new Error('--profile DIR: a profile seeded by bench/run.mjs');
  const server = spawn('python3', ['scripts/serve.py', '--dir', dist, '--port', String(port), '--quiet', '--isolated'], { stdio: 'inherit' });
  await new Promise((resolve) => setTimeout(resolve, 800));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1280, height: 800 },
  });
  const close = async () => {
    await browser.close();
    server.kill();
  };
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.evaluate(async () => {
      for (const registration of await navigator.serviceWorker.getRegistrations()) await registration.unregister();
      for (const name of await caches.keys()) await caches.delete(name);
    });
    await page.reload();
    await page.waitForFunction(ready, null, { timeout: 120_000 });
    return { page, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/// Runs `work` with the page's CPU throttled `rate` times and the sampling profiler on; returns
/// what `work` returned and the profile (also written to `out` when given).
export async function profiled(page, rate, work, out) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  const result = await work();
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  if (out) writeFileSync(out, JSON.stringify(profile));
  return { result, profile };
}

/// Prints the self time of every function and the inclusive time of every function (counted
/// once per sample even when it recurses), both per `unit` (a commit, a keystroke) in
/// microseconds of the throttled page, `count` units in the profile.
export function report(profile, count, unit) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const name = (node) => {
    const frame = node.callFrame;
    const file = frame.url ? frame.url.split('/').pop() : '';
    return `${frame.functionName || '(anonymous)'} ${file}${frame.url ? `:${frame.lineNumber}` : ''}`.trim();
  };
  const self = new Map();
  const inclusive = new Map();
  const deltas = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i += 1) {
    const micros = deltas[i + 1] ?? 0;
    let id = profile.samples[i];
    const leaf = name(byId.get(id));
    self.set(leaf, (self.get(leaf) ?? 0) + micros);
    const seen = new Set();
    while (id !== undefined) {
      const label = name(byId.get(id));
      if (!seen.has(label)) {
        seen.add(label);
        inclusive.set(label, (inclusive.get(label) ?? 0) + micros);
      }
      id = parent.get(id);
    }
  }
  const top = (map, n) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
  console.log(`\nself time, µs per ${unit}:`);
  for (const [label, micros] of top(self, 45)) console.log(`${(micros / count).toFixed(1).padStart(9)}  ${label}`);
  console.log(`\ninclusive time, µs per ${unit}:`);
  for (const [label, micros] of top(inclusive, 70)) console.log(`${(micros / count).toFixed(1).padStart(9)}  ${label}`);
}
