// A CPU profile of the "Add stamp" strict commit (issue 15, "The counter on a slow tablet"):
// where the page's main thread spends its time per commit, at N× CPU throttling. Uses the same
// benchmark entry point as `bench/run.mjs` (`mohar_bench_stamps`) on a profile it seeded
// (`--profile DIR`, same `--port`), records Chromium's sampling profiler around `--commits`
// commits, and prints the functions by self time per commit and the inclusive time of the
// commit's own functions (see cpu_profile.mjs).
// Usage: node bench/profile_commit.mjs --dist DIR --profile DIR [--port P] [--cpu-throttle 4]
//   [--commits 200] [--out FILE.cpuprofile] [--heavy]
import { openSeededPage, parseArgs, profiled, report } from './cpu_profile.mjs';

const args = parseArgs();
const RATE = Number(args['cpu-throttle'] ?? 4);
const COMMITS = Number(args.commits ?? 200);
const ROUND = 20;

const { page, close } = await openSeededPage({
  dist: args.dist ?? 'dist',
  port: Number(args.port ?? 8643),
  profile: args.profile,
  ready: () => window.wasmBindings && window.wasmBindings.mohar_bench_stamps,
});
try {
  const stamps = (n) => page.evaluate(([n, heavy]) => (heavy ? window.wasmBindings.mohar_bench_heavy_stamps(n) : window.wasmBindings.mohar_bench_stamps(n)), [n, Boolean(args.heavy)]);
  // Warm-up, unthrottled: opens the store and the counter, and lets V8 tier the wasm up.
  await stamps(ROUND);
  const { result: times, profile } = await profiled(page, RATE, async () => {
    const times = [];
    for (let done = 0; done < COMMITS; done += ROUND) times.push(...JSON.parse(await stamps(ROUND)).times_ms);
    return times;
  }, args.out);
  times.sort((a, b) => a - b);
  console.log(`${times.length} commits at ${RATE}×: p50 ${times[Math.floor(times.length / 2)].toFixed(2)} ms (timed by the benchmark, inside the profile)`);
  report(profile, times.length, 'commit');
} finally {
  await close();
}
