// Issue 15, "Every person downloads only their part": the owner's screens (today the first run
// and Settings' shop, program, card-link and widget panels) are a second wasm bundle. The counter never
// downloads it; the owner's first visit to Settings does, once; the service worker precaches it
// with the rest of the build, so Settings opens and saves with the network off.
import { chooseLanguage, expect, serviceWorkerActivated, test } from './fixtures';
import { addCustomer, setUpShop } from './helpers';

const OWNER_BUNDLE = /\/owner-[0-9a-f]{16}(\.js|_bg\.wasm)$/;

test('the counter never asks for the owner bundle; Settings loads it once', async ({ page }) => {
  const asked: string[] = [];
  page.on('request', (request) => {
    if (OWNER_BUNDLE.test(new URL(request.url()).pathname)) asked.push(new URL(request.url()).pathname);
  });
  // Setting the shop up is the owner's too: the first run comes from the owner bundle.
  await setUpShop(page);
  expect(asked.filter((path) => path.endsWith('_bg.wasm'))).toHaveLength(1);
  await expect(page.getByRole('heading', { name: 'Set up your shop' })).toHaveCount(0);

  // A day at the counter: a fresh start and a search. (The customer screen's less-used panels
  // come from a bundle of their own: customer-panels.spec.ts.)
  await addCustomer(page, 'Asha Verma', '98765 43210');
  await page.getByRole('link', { name: 'Counter' }).click();
  await page.reload();
  asked.length = 0;
  await expect(page.getByLabel('Search customers')).toBeVisible();
  await page.getByLabel('Search customers').fill('asha');
  await expect(page.getByRole('link', { name: /Asha Verma/ })).toBeVisible();
  expect(asked).toEqual([]);

  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByLabel('Shop name')).toHaveValue('Chai Point');
  expect(asked.filter((path) => path.endsWith('.js'))).toHaveLength(1);
  expect(asked.filter((path) => path.endsWith('_bg.wasm'))).toHaveLength(1);

  // Back to the counter and to Settings again: the bundle is not downloaded a second time.
  await page.getByRole('link', { name: 'Counter' }).click();
  await expect(page.getByLabel('Search customers')).toBeVisible();
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByLabel('Shop name')).toHaveValue('Chai Point');
  expect(asked).toHaveLength(2);
});

// The owner's screens' rules are a stylesheet of their own (style/owner.css), fetched with the
// owner's bundle: not before search answers, and applied before an owner's screen is in the page
// (no screen shows unstyled, even for a moment).
test.describe('without the service worker', () => {
  // Its cache would answer the stylesheet before the route below could hold it back.
  test.use({ serviceWorkers: 'block' });
  test('the owner screens\' stylesheet comes with their bundle and is applied before they show', async ({ page }) => {
    const asked: string[] = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (/\/owner-[0-9a-f]{16}\.css$/.test(path)) asked.push(path);
    });
    // The display of Settings' grid as it enters the page (a two-column grid by owner.css).
    await page.addInitScript(() => {
      new MutationObserver(() => {
        const grid = document.querySelector('.settings-grid');
        const seen = window as unknown as { gridOnArrival?: string };
        if (grid && seen.gridOnArrival === undefined) seen.gridOnArrival = getComputedStyle(grid).display;
      }).observe(document, { childList: true, subtree: true });
    });
    await setUpShop(page);
    await page.reload();
    asked.length = 0;
    await page.getByLabel('Search customers').fill('asha');
    await expect(page.getByText(/No customers yet/)).toBeVisible();
    expect(asked).toEqual([]);

    // The stylesheet arrives a second after the bundle: the screen waits for it.
    await page.route(/\/owner-[0-9a-f]{16}\.css$/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await route.continue();
    });
    await page.getByRole('link', { name: 'Settings' }).click();
    await expect(page.getByLabel('Shop name')).toHaveValue('Chai Point');
    expect(asked).toHaveLength(1);
    expect(await page.evaluate(() => (window as unknown as { gridOnArrival?: string }).gridOnArrival)).toBe('grid');
  });
});

test('Settings, never opened online, opens and saves with the network off', async ({ page, context }) => {
  await setUpShop(page);
  await serviceWorkerActivated(page);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByLabel('Search customers')).toBeVisible();

  await page.getByRole('link', { name: 'Settings' }).click();
  // Styled offline too: the owner's stylesheet is precached with its bundle.
  await expect(page.locator('.settings-grid').first()).toHaveCSS('display', 'grid');
  await page.getByLabel('Stamps for a reward').fill('6');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Program saved')).toBeVisible();
  // The counter's bundle takes the saved program in at once: the next card has six stamps.
  await page.getByRole('link', { name: 'Counter' }).click();
  await addCustomer(page, 'Asha Verma', '98765 43210');
  await expect(page.getByRole('progressbar', { name: 'Stamps' })).toHaveAttribute('aria-valuemax', '6');

  // The owner's screen follows the header's language switch.
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByLabel('Stamps for a reward')).toHaveValue('6');
  await chooseLanguage(page, 'hi');
  await expect(page.getByRole('heading', { name: 'सेटिंग्स' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'सेव करें', exact: true })).toBeVisible();
});
