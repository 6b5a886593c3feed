// "Add stamp" tap → the card shows the new stamp, as a person sees it: the clerk finds a
// customer by typing four phone digits, opens them from the results, and taps "Add stamp" (real
// input through Playwright, not a call into the app). Timed from the click event's time stamp
// (when the input arrived, so a busy main thread counts) to the first animation frame after the
// card's stamp count changed in the DOM (the frame that paints it). Each sample stamps another
// customer, so no "Add another stamp for this visit?" question comes in between.
import { percentile, round } from './stats.mjs';
import { perRate, rateName, setThrottle, targetsByName } from './throttle.mjs';

/// Taps "Add stamp" `samples` times at each rate (interleaved) on the counter in `page` and
/// emits `stamp_tap_to_card`.
export async function measureTapToCard(page, rates, samples, emit, targets) {
  const times = perRate(rates, () => []);
  const opened = new Set();
  let query = 0;
  for (let sample = 0; sample < samples; sample += 1) {
    for (const rate of rates) {
      await setThrottle(page, 1);
      // Finding and opening the customer is not timed, so it runs unthrottled.
      await page.evaluate(() => {
        window.location.hash = '#/';
      });
      const search = page.locator('#customer-search');
      let href;
      while (!href) {
        query += 1;
        await search.fill(String(1000 + ((query * 7919) % 9000)));
        const hrefs = await page.locator('#search-results a.result').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
        href = hrefs.find((candidate) => !opened.has(candidate));
      }
      opened.add(href);
      await page.locator(`#search-results a.result[href="${href}"]`).click();
      const button = page.locator('.actions-panel > .actions > button.primary');
      await button.waitFor();
      await page.waitForFunction(() => {
        const button = document.querySelector('.actions-panel > .actions > button.primary');
        return button && !button.disabled && document.querySelector('.stamp-card');
      });
      await setThrottle(page, rate);
      await page.evaluate(() => {
        const before = document.querySelector('.stamp-card').getAttribute('aria-valuenow');
        const visitsBefore = document.querySelector('.customer .facts')?.textContent;
        window.moharTap = new Promise((resolve, reject) => {
          let clicked = null;
          document.addEventListener('click', (event) => (clicked = event.timeStamp), { capture: true, once: true });
          const check = () => {
            const card = document.querySelector('.stamp-card');
            const now = card && card.getAttribute('aria-valuenow');
            const visits = document.querySelector('.customer .facts')?.textContent;
            // The count moves (or, on a completed card, the card shows full), and the visits
            // line with it: the screen has taken the saved stamp in.
            if (now != null && now !== before && visits !== visitsBefore) {
              observer.disconnect();
              const shown = performance.now();
              requestAnimationFrame((frame) => resolve({ clicked, shown, frame: Math.max(frame, shown) }));
            }
          };
          const observer = new MutationObserver(check);
          observer.observe(document.querySelector('.customer'), { subtree: true, childList: true, characterData: true, attributes: true });
          setTimeout(() => {
            observer.disconnect();
            reject(new Error('the card did not show the new stamp within 10 s'));
          }, 10_000);
        });
      });
      await button.click();
      const { clicked, frame } = await page.evaluate(() => window.moharTap);
      times[rate].push(frame - clicked);
    }
  }
  await setThrottle(page, 1);
  emit({
    figure: 'stamp_tap_to_card',
    samples,
    targets_p95_ms: targetsByName(targets),
    ...Object.fromEntries(
      rates.map((rate) => [rateName(rate), { p50_ms: round(percentile(times[rate], 0.5)), p95_ms: round(percentile(times[rate], 0.95)), max_ms: round(Math.max(...times[rate])) }]),
    ),
  });
  return Object.fromEntries(rates.map((rate) => [rate, times[rate]]));
}
