// A CPU profile of the "Add stamp" strict commit (issue 15, "The counter on a slow tablet"):
// where the page's main thread spends its time per commit, at N× CPU throttling. Uses the same
// benchmark entry point as `bench/run.mjs` (`mohar_bench_stamps`) on a profile it seeded
// (`--profile DIR`), records Chromium's sampling profiler (DevTools protocol `Profiler.start` /
// `Profiler.stop`) around `--commits` commits, and prints the functions by self time per commit
// and the inclusive time of the commit's own functions. Wasm functions are named only when the
// build keeps its name section (see `--names` below); otherwise they show as `wasm-function[N]`.
// Usage: node bench/profile_commit.mjs --dist DIR --profile DIR [--port P] [--cpu-throttle 4]
//   [--commits 200] [--out FILE.cpuprofile] [--heavy]
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const DIST = args.dist ?? 'dist';
const PORT = Number(args.port ?? 8643);
const RATE = Number(args['cpu-throttle'] ?? 4);
const COMMITS = Number(args.commits ?? 200);
const ROUND = 20;
if (!args.profile) throw new Error('--profile DIR: a profile seeded by bench/run.mjs');

const server = spawn('python3', ['scripts/serve.py', '--dir', DIST, '--port', String(PORT), '--quiet', '--isolated'], { stdio: 'inherit' });
await new Promise((resolve) => setTimeout(resolve, 800));
const browser = await chromium.launchPersistentContext(args.profile, {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  viewport: { width: 1280, height: 800 },
});
try {
  const page = browser.pages()[0] ?? (await browser.newPage());
  await page.goto(`http://127.0.0.1:${PORT}/`);
  // The kept profile's service worker would serve the build it cached: drop it.
  await page.evaluate(async () => {
    for (const registration of await navigator.serviceWorker.getRegistrations()) await registration.unregister();
    for (const name of await caches.keys()) await caches.delete(name);
  });
  await page.reload();
  await page.waitForFunction(() => window.wasmBindings && window.wasmBindings.mohar_bench_stamps, null, { timeout: 60_000 });
  const stamps = (n) => page.evaluate(([n, heavy]) => (heavy ? window.wasmBindings.mohar_bench_heavy_stamps(n) : window.wasmBindings.mohar_bench_stamps(n)), [n, Boolean(args.heavy)]);
  // Warm-up, unthrottled: opens the store and the counter, and lets V8 tier the wasm up.
  await stamps(ROUND);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: RATE });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  const times = [];
  for (let done = 0; done < COMMITS; done += ROUND) times.push(...JSON.parse(await stamps(ROUND)).times_ms);
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  if (args.out) writeFileSync(args.out, JSON.stringify(profile));
  times.sort((a, b) => a - b);
  console.log(`${times.length} commits at ${RATE}×: p50 ${times[Math.floor(times.length / 2)].toFixed(2)} ms (timed by the benchmark, inside the profile)`);
  report(profile, times.length);
} finally {
  await browser.close();
  server.kill();
}

// Self time per function, and inclusive time of every function (counted once per sample even
// when it recurses), both per commit in microseconds of the throttled page.
function report(profile, commits) {
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
  console.log('\nself time, µs per commit:');
  for (const [label, micros] of top(self, 45)) console.log(`${(micros / commits).toFixed(1).padStart(9)}  ${label}`);
  console.log('\ninclusive time, µs per commit:');
  for (const [label, micros] of top(inclusive, 70)) console.log(`${(micros / commits).toFixed(1).padStart(9)}  ${label}`);
}
