// Offline cold starts, each in a new page with the network off, until the counter's search
// answers, at every CPU-throttling rate; and where the time goes, part by part.
//
// The parts are consecutive, from the navigation's start, read from the page's performance
// timeline: the navigation and resource entries (index.html and the wasm, both from the service
// worker's cache) and the marks the app sets (src/perf.rs).
import { percentile, round } from './stats.mjs';
import { perRate, rateName, setThrottle, targetsByName } from './throttle.mjs';

/// [name, the mark or timeline entry where the part ends]. Each part runs from the end of the
/// one before it (the first from the navigation's start).
export const STARTUP_PARTS = [
  ['service worker + index.html', 'html'],
  ['loader js + wasm fetch', 'wasm'],
  ['wasm compile + instantiate', 'mohar-main'],
  ['mount + tab lock + store open', 'mohar-store-open'],
  ['device id, shop, clock read', 'mohar-shop-read'],
  ['snapshot read', 'mohar-snapshot-read'],
  ['snapshot decode', 'mohar-snapshot-decoded'],
  ['records since snapshot', 'mohar-index-loaded'],
  ['shop key read', 'mohar-started'],
  ['first render of the counter', 'mohar-search-ready'],
];

/// The time of each part's end in one page (ms since the navigation started).
async function timeline(page) {
  return page.evaluate((ends) => {
    const at = {};
    const navigation = performance.getEntriesByType('navigation')[0];
    at.html = navigation ? navigation.responseEnd : null;
    const wasms = performance.getEntriesByType('resource').filter((entry) => /\/mohar-[0-9a-f]+_bg\.wasm$/.test(new URL(entry.name).pathname));
    at.wasm = wasms.length ? wasms[wasms.length - 1].responseEnd : null;
    // More than one means the loader fetched the wasm again instead of taking the preload.
    at.wasm_fetches = wasms.length;
    for (const end of ends) {
      if (end.startsWith('mohar-')) at[end] = performance.getEntriesByName(end)[0]?.startTime ?? null;
    }
    at.first_paint = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
    return at;
  }, STARTUP_PARTS.map(([, end]) => end));
}

/// Runs `runs` offline cold starts at each rate (interleaved) and emits `cold_start` (the
/// totals), `cold_start_parts` (median of each part) and `wasm_code_cache` (whether V8 compiled
/// the counter's wasm or took it from its code cache). The context must be offline. With
/// `warmSeconds`, one page is kept open that long first (see run.mjs). Returns the last page,
/// still open, for the measurements that follow.
export async function measureColdStarts(context, page, base, rates, runs, emit, targets, warmSeconds = 0) {
  const cacheBefore = await codeCacheCounts(page);
  if (warmSeconds > 0) {
    await page.close();
    page = await context.newPage();
    await page.goto(base);
    await page.waitForFunction(() => performance.getEntriesByName('mohar-search-ready').length > 0, null, { timeout: 120_000 });
    await page.waitForTimeout(warmSeconds * 1000);
  }
  const totals = perRate(rates, () => []);
  const marks = perRate(rates, () => []);
  for (let run = 0; run < runs; run += 1) {
    for (const rate of rates) {
      await page.close();
      page = await context.newPage();
      await setThrottle(page, rate);
      await page.goto(base);
      await page.waitForFunction(() => performance.getEntriesByName('mohar-search-ready').length > 0, null, { timeout: 120_000 });
      const at = await timeline(page);
      totals[rate].push(at['mohar-search-ready']);
      marks[rate].push(at);
    }
  }
  await setThrottle(page, 1);
  emit({
    figure: 'cold_start',
    offline: true,
    targets_ms: targetsByName(targets),
    ...Object.fromEntries(
      rates.map((rate) => [
        rateName(rate),
        {
          p50_ms: round(percentile(totals[rate], 0.5)),
          p95_ms: round(percentile(totals[rate], 0.95)),
          max_ms: round(Math.max(...totals[rate])),
          runs: totals[rate].map(round),
        },
      ]),
    ),
  });
  emit({ figure: 'cold_start_parts', unit: 'ms, median of the runs', ...Object.fromEntries(rates.map((rate) => [rateName(rate), parts(marks[rate])])) });
  const cacheAfter = await codeCacheCounts(page);
  emit({
    figure: 'wasm_code_cache',
    warm_seconds: warmSeconds,
    note: "Chromium's V8.WasmCodeCaching histogram over the whole run: streaming compiles that found V8's code cache (hit) or not (miss, no handler)",
    before_cold_starts: cacheBefore,
    after_cold_starts: cacheAfter,
  });
  return page;
}

/// The counts of Chromium's `V8.WasmCodeCaching` histogram (every streaming compile of a wasm
/// module records one: 0 miss, 1 hit, 2 invalid entry, 3 no cache handler), read through the
/// DevTools protocol; `null` where the browser does not give them.
async function codeCacheCounts(page) {
  try {
    const session = await page.context().newCDPSession(page);
    const { histogram } = await session.send('Browser.getHistogram', { name: 'V8.WasmCodeCaching' });
    await session.detach();
    const names = ['miss', 'hit', 'invalid', 'no_handler'];
    return Object.fromEntries((histogram?.buckets ?? []).map((bucket) => [names[bucket.low] ?? `bucket_${bucket.low}`, bucket.count]));
  } catch (error) {
    return { unavailable: error.message.split('\n')[0] };
  }
}

/// The median length of each part over the runs, plus the first paint (of anything: the
/// "Loading…" line) and the total.
function parts(runs) {
  const result = {};
  for (const [index, [name, end]] of STARTUP_PARTS.entries()) {
    const lengths = runs
      .map((at) => {
        const from = index === 0 ? 0 : at[STARTUP_PARTS[index - 1][1]];
        return from == null || at[end] == null ? null : at[end] - from;
      })
      .filter((length) => length != null);
    result[name] = lengths.length ? round(percentile(lengths, 0.5)) : null;
  }
  result['first paint (Loading…)'] = round(percentile(runs.map((at) => at.first_paint ?? 0), 0.5));
  result['wasm fetches per start'] = Math.max(...runs.map((at) => at.wasm_fetches ?? 0));
  result.total = round(percentile(runs.map((at) => at['mohar-search-ready']), 0.5));
  return result;
}
