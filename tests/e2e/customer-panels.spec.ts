// Issue 15, "Every person downloads only their part": the customer screen's less-used panels
// (feedback, the customer at a glance, the card link, complaint, removal) come from a bundle of
// their own (src/bin/panels.rs), and Check a card from the owner's bundle: neither is in the
// counter's first load. The counter's first load, search and the new-customer form ask for
// neither; the customer screen fetches the panels' bundle once per page and never the owner's
// (its dashboard, import, pairing and messages); and with the service worker installed, the
// panels open and save with the network off.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { addCustomer, addStamps, setUpShop } from './helpers';

const PANELS = /\/panels-[0-9a-f]{16}(\.js|_bg\.wasm)$/;
const OWNER = /\/owner-[0-9a-f]{16}(\.js|_bg\.wasm)$/;

/** The page's requests for an on-demand bundle's files, as they are made. */
function bundleRequests(page: Page, bundle: RegExp): string[] {
  const asked: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (bundle.test(path)) asked.push(path);
  });
  return asked;
}

/** Waits until the service worker has precached the build and is active. */
async function serviceWorkerActivated(page: Page) {
  const state = await page.evaluate(async () => {
    const worker = (await navigator.serviceWorker.ready).active;
    if (worker && worker.state !== 'activated') {
      await new Promise<void>((resolve) => worker.addEventListener('statechange', () => worker.state === 'activated' && resolve()));
    }
    return worker?.state;
  });
  expect(state).toBe('activated');
}

test('the first load and the search never ask for the panels; the customer screen fetches them once, never the owner bundle', async ({ page }) => {
  const asked = bundleRequests(page, PANELS);
  const owner = bundleRequests(page, OWNER);
  await setUpShop(page);
  await addCustomer(page, 'Asha Verma', '98765 43210');

  // A fresh start of the counter until search answers, and the new-customer form.
  await page.getByRole('link', { name: 'Counter' }).click();
  await page.reload();
  asked.length = 0;
  owner.length = 0;
  await page.getByLabel('Search customers').fill('asha');
  await expect(page.getByRole('link', { name: /Asha Verma/ })).toBeVisible();
  await page.getByRole('link', { name: 'New customer' }).click();
  await expect(page.getByLabel('Phone')).toBeVisible();
  expect(asked).toEqual([]);

  // The card opens; its panels come from their bundle, once, and the owner's is not loaded.
  await page.getByRole('link', { name: 'Counter' }).click();
  await page.getByLabel('Search customers').fill('asha');
  await page.getByRole('link', { name: /Asha Verma/ }).click();
  await expect(page.getByRole('button', { name: 'Complaint', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Show QR' })).toBeVisible();
  expect(asked.filter((path) => path.endsWith('_bg.wasm'))).toHaveLength(1);
  expect(asked.filter((path) => path.endsWith('.js'))).toHaveLength(1);

  // A stamp brings "How was it today?" and the card link follows the new count; another
  // customer screen does not fetch the bundle again.
  await addStamps(page, 1);
  await expect(page.getByText('How was it today?')).toBeVisible();
  await page.getByRole('link', { name: 'Counter' }).click();
  await page.getByLabel('Search customers').fill('asha');
  await page.getByRole('link', { name: /Asha Verma/ }).click();
  await expect(page.getByRole('button', { name: 'Remove customer' })).toBeVisible();
  expect(asked.filter((path) => path.endsWith('_bg.wasm'))).toHaveLength(1);
  expect(owner).toEqual([]);

  // Check a card is the owner's bundle's (reached from Settings; the hash takes it without
  // reloading the page): it loads that bundle, and not the panels' again.
  await page.evaluate(() => (location.hash = '#/check'));
  await expect(page.getByRole('heading', { level: 1, name: 'Check a card' })).toBeVisible();
  expect(owner.filter((path) => path.endsWith('_bg.wasm'))).toHaveLength(1);
  expect(asked.filter((path) => path.endsWith('_bg.wasm'))).toHaveLength(1);
});

test('the panels, never opened online, open and save with the network off', async ({ page, context }) => {
  await setUpShop(page);
  await serviceWorkerActivated(page);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByLabel('Search customers')).toBeVisible();
  const panels = bundleRequests(page, PANELS);
  const owner = bundleRequests(page, OWNER);

  await addCustomer(page, 'Asha Verma', '98765 43210');
  await addStamps(page, 1);
  // Feedback after the stamp, saved from the on-demand bundle.
  await page.getByRole('button', { name: '3 out of 5' }).click();
  await page.getByRole('button', { name: 'Save feedback' }).click();
  await expect(page.getByText('Feedback saved. Thank you!')).toBeVisible();
  // A complaint, saved the same way.
  await page.getByRole('button', { name: 'Complaint', exact: true }).click();
  await page.getByLabel('What happened?').fill('Tea was cold');
  await page.getByRole('button', { name: 'Save complaint' }).click();
  await expect(page.getByText('Complaint noted.')).toBeVisible();
  // The card's own buttons keep working after the panels' saves: the counter took their clock.
  await addStamps(page, 1);
  await expect(page.getByRole('progressbar', { name: 'Stamps' })).toHaveAttribute('aria-valuenow', '2');
  // They came from the service worker's cache: the panels' bundle, and not the owner's.
  expect(panels.filter((path) => path.endsWith('_bg.wasm'))).toHaveLength(1);
  expect(owner).toEqual([]);
});
