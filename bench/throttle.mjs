// CPU throttling for the benchmark: Chromium's DevTools protocol slows a page's main thread
// down N times (`Emulation.setCPUThrottlingRate`), as on an entry-level Android tablet, which
// is 4–6× slower than the 2-core build machine. Every figure is measured at each rate of one
// run, interleaved, so that the machine's load weighs on all rates alike.
//
// What it slows: the page's renderer main thread (JavaScript, wasm, style, layout). What it
// does not: the browser process (IndexedDB's disk work), the service worker's thread and
// background compile threads, which on a slow tablet are slow too. So the throttled figures are
// a lower bound for such a tablet.

/// The rates to measure: `--cpu-throttle N` gives 1× and N× (default 4); `--cpu-throttle 1` only 1×.
export function throttleRates(args) {
  const rate = Number(args['cpu-throttle'] ?? 4);
  if (!Number.isFinite(rate) || rate < 1) throw new Error(`--cpu-throttle wants a rate ≥ 1, not ${args['cpu-throttle']}`);
  return rate === 1 ? [1] : [1, rate];
}

/// How a rate is named in the figures: "1x", "4x".
export const rateName = (rate) => `${rate}x`;

const sessions = new WeakMap();

/// Sets the page's CPU throttling rate (1 = none). Call it before `goto` to throttle a page's
/// start-up; it holds for the page until set again.
export async function setThrottle(page, rate) {
  let session = sessions.get(page);
  if (!session) {
    session = await page.context().newCDPSession(page);
    sessions.set(page, session);
  }
  await session.send('Emulation.setCPUThrottlingRate', { rate });
}

/// Times a fixed piece of JavaScript at each rate, so the output shows that throttling is on
/// (the times should be about rate × the 1× time).
export async function calibrate(page, rates) {
  const work = () => {
    const started = performance.now();
    let sum = 0;
    for (let i = 0; i < 3_000_000; i += 1) sum += Math.sqrt(i) % 7;
    return performance.now() - started + (sum < 0 ? 1 : 0);
  };
  // Once unthrottled first, so that every rate times the same optimized code; then the median
  // of three at each rate.
  await setThrottle(page, 1);
  await page.evaluate(work);
  const times = {};
  for (const rate of rates) {
    await setThrottle(page, rate);
    const runs = [];
    for (let run = 0; run < 3; run += 1) runs.push(await page.evaluate(work));
    times[rateName(rate)] = Math.round(runs.sort((a, b) => a - b)[1] * 10) / 10;
  }
  await setThrottle(page, 1);
  return times;
}

/// `{ [rate]: make() }` for each rate.
export const perRate = (rates, make) => Object.fromEntries(rates.map((rate) => [rate, make(rate)]));

/// Targets given by rate (`{ 1: 1000, 4: 1500 }`) as figures name them (`{ "1x": 1000, "4x": 1500 }`).
export const targetsByName = (targets) => Object.fromEntries(Object.entries(targets).map(([rate, target]) => [rateName(rate), target]));
