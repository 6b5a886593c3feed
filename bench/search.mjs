// Keystroke → results: type into the counter's search field and time until the results list
// has changed in the DOM, at every CPU-throttling rate (interleaved in rounds).
import { percentile, round } from './stats.mjs';
import { perRate, rateName, setThrottle, targetsByName } from './throttle.mjs';

/// Runs `count` searches at each rate in `page` (the counter, search ready) and emits `search`;
/// then, at each rate, `search_parts`: the same queries through the index alone, without
/// rendering, and the snapshot read, decoded and indexed apart (src/bench/index_parts.rs).
export async function measureSearch(page, rates, count, rounds, emit, targets) {
  const times = perRate(rates, () => []);
  for (let round = 0; round < rounds; round += 1) {
    for (const rate of rates) {
      await setThrottle(page, rate);
      times[rate].push(...(await searchTimes(page, queries(round * count, count / rounds))));
    }
  }
  emit({
    figure: 'search',
    samples: count,
    targets_p95_ms: targetsByName(targets),
    ...Object.fromEntries(rates.map((rate) => [rateName(rate), { p50_ms: round(percentile(times[rate], 0.5)), p95_ms: round(percentile(times[rate], 0.95)) }])),
  });
  const parts = {};
  for (const rate of rates) {
    await setThrottle(page, rate);
    parts[rateName(rate)] = JSON.parse(await page.evaluate((all) => window.wasmBindings.mohar_bench_index_parts(all), queries(0, count)));
  }
  await setThrottle(page, 1);
  emit({ figure: 'search_parts', unit: 'ms', ...parts });
}

/// `count` queries numbered from `first`: four phone digits and two-syllable names in three
/// scripts, alternately.
export function queries(first, count) {
  const syllables = ['ra', 'mi', 'sha', 'रा', 'मी', 'শা', 'কু', 'an', 'dev', 'प्रि'];
  const list = [];
  for (let i = first; i < first + count; i += 1) {
    list.push(i % 2 === 0 ? String(1000 + ((i * 7919) % 9000)) : syllables[i % syllables.length] + syllables[(i * 3) % syllables.length]);
  }
  return list;
}

/// The keystroke → results time in ms of each query.
export async function searchTimes(page, queries) {
  return page.evaluate(async (queries) => {
    const input = document.querySelector('#customer-search');
    const results = document.querySelector('#search-results');
    if (!input || !results) throw new Error('search field or results not found');
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
  }, queries);
}
