// A CPU profile of the counter's search keystroke (issue 15, "The counter on a slow tablet"):
// where the page's main thread spends its time from a keystroke to the rendered results, at N×
// CPU throttling. Types the queries `bench/run.mjs` times (search.mjs) into the counter on a
// profile it seeded (`--profile DIR`, same `--port`), with Chromium's sampling profiler on, and
// prints the functions by self and inclusive time per keystroke (see cpu_profile.mjs). The
// profile also holds the emptying of the field between queries, as the benchmark's does.
// Usage: node bench/profile_search.mjs --dist DIR --profile DIR [--port P] [--cpu-throttle 4]
//   [--searches 200] [--out FILE.cpuprofile]
import { openSeededPage, parseArgs, profiled, report } from './cpu_profile.mjs';
import { queries, searchTimes } from './search.mjs';
import { percentile, round } from './stats.mjs';

const args = parseArgs();
const RATE = Number(args['cpu-throttle'] ?? 4);
const SEARCHES = Number(args.searches ?? 200);

const { page, close } = await openSeededPage({
  dist: args.dist ?? 'dist',
  port: Number(args.port ?? 8643),
  profile: args.profile,
  ready: () => performance.getEntriesByName('mohar-search-ready').length > 0,
});
try {
  // Warm-up, unthrottled: lets V8 tier the wasm up, as the benchmark's earlier sections do.
  await searchTimes(page, queries(0, 40));
  const { result: times, profile } = await profiled(page, RATE, () => searchTimes(page, queries(0, SEARCHES)), args.out);
  times.sort((a, b) => a - b);
  console.log(`${times.length} keystrokes at ${RATE}×: p50 ${round(percentile(times, 0.5))} ms, p95 ${round(percentile(times, 0.95))} ms (inside the profile)`);
  report(profile, times.length, 'keystroke');
} finally {
  await close();
}
