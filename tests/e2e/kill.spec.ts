import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { kill, launch, type OwnBrowser } from './own-browser';

// "Saved before the screen says so": the moment the customer screen acknowledges "Add stamp",
// the browser is SIGKILLed (no unload, no flush, like a crash or a pulled plug of a tablet whose
// disk keeps what was written), started again on the same profile, and the stamp must be there.
// Each cycle stamps a customer added in that cycle, so no "same visit?" question can come
// between the tap and the acknowledgement. KILL_CYCLES=100 (scripts/kill_test.sh) for the long run.
const CYCLES = Number(process.env.KILL_CYCLES || 10);

/** "Visits: N" on the customer screen, as a number. */
async function visits(page: Page): Promise<number> {
  const text = await page.getByText(/^Visits: \d+$/).textContent();
  return Number(/\d+/.exec(text ?? '')?.[0] ?? 0);
}

test(`a stamp acknowledged just before the browser is killed is there after a restart (${CYCLES} cycles)`, async ({
  consoleErrors,
}, testInfo) => {
  test.setTimeout(30_000 + CYCLES * 12_000);
  const app = testInfo.project.use.baseURL!;
  const profile = mkdtempSync(join(tmpdir(), 'mohar-kill-'));
  let own: OwnBrowser = await launch(profile, consoleErrors);
  const lost: string[] = [];
  try {
    await own.page.goto(app);
    await own.page.getByLabel('Shop name').fill('Chai Point');
    await own.page.getByRole('button', { name: 'Start' }).click();
    await expect(own.page.getByLabel('Search customers')).toBeVisible();

    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      const page = own.page;
      const name = `Kill Test ${cycle}`;
      await page.getByRole('link', { name: 'New customer' }).click();
      await page.getByLabel('Name').fill(name);
      await page.getByLabel('Phone').fill(String(9_000_000_000 + cycle));
      await page.getByRole('button', { name: 'Save' }).click();
      await expect(page.getByRole('heading', { name })).toBeVisible();
      const before = await visits(page);
      const customerScreen = page.url();

      // Wait for the acknowledgement on the first DOM change that shows it (not a polling
      // interval later), then kill at once.
      const acknowledged = page.evaluate(
        () =>
          new Promise<void>((resolve) => {
            const shown = () => document.querySelector('[role=status]')?.textContent?.includes('Stamps added');
            const observer = new MutationObserver(() => {
              if (shown()) {
                observer.disconnect();
                resolve();
              }
            });
            observer.observe(document.body, { subtree: true, childList: true, characterData: true });
          }),
      );
      await page.getByRole('button', { name: 'Add stamp' }).click();
      await acknowledged;
      await kill(own);

      own = await launch(profile, consoleErrors);
      await own.page.goto(customerScreen);
      const heading = own.page.getByRole('heading', { name });
      await expect(heading).toBeVisible();
      const after = await visits(own.page);
      if (after !== before + 1) lost.push(`cycle ${cycle}: visits ${before} → ${after} after the restart`);
      await own.page.getByRole('link', { name: 'Counter' }).click();
      await expect(own.page.getByLabel('Search customers')).toBeVisible();
    }
  } finally {
    await kill(own);
    rmSync(profile, { recursive: true, force: true });
  }
  console.log(`${CYCLES - lost.length}/${CYCLES} survived`);
  expect(lost).toEqual([]);
});
