// Issue 15, "Every person downloads only their part": the customer screen's less-used panels
// (feedback, the customer at a glance, the card link, complaint, removal) come from a bundle of
// their own (src/bin/panels.rs), and Check a card from the owner's bundle: neither is in the
// counter's first load. The counter's first load and search never wait for either (the counter
// screen asks for the panels' bundle only after search answered, for the festival reminder,
// which is in it too); the customer screen fetches the panels' bundle once per page and never
// the owner's (its dashboard, import, pairing and messages); the New customer form is in the
// panels' bundle too (the counter plans and saves it); and with the service worker installed,
// the panels and the form open and save with the network off.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { addCustomer, addStamps, setUpShop } from './helpers';
import { newCustomer, serviceWorkerActivated } from './fixtures';

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

/** The panels' files this page asked for before search answered (resource timing against the
 * counter's `mohar-search-ready` mark). */
async function panelsBeforeSearch(page: Page): Promise<string[]> {
  return page.evaluate((source) => {
    const ready = performance.getEntriesByName('mohar-search-ready')[0]?.startTime ?? Infinity;
    return performance.getEntriesByType('resource').filter((entry) => new RegExp(source).test(new URL(entry.name).pathname) && entry.startTime < ready).map((entry) => entry.name);
  }, PANELS.source);
}

test('the first load and the search never wait for the panels; the customer screen fetches them once, never the owner bundle', async ({ page }) => {
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
  expect(await panelsBeforeSearch(page)).toEqual([]);
  await page.getByRole('link', { name: 'New customer' }).click();
  await expect(page.getByLabel('Phone')).toBeVisible();
  // The form is the panels' bundle's, mounted where the counter's screen goes.
  await expect(page.locator('.owner-part #phone')).toBeVisible();
  expect(owner).toEqual([]);

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
  // The New customer form, never opened online, came from the same bundle: a second customer,
  // saved by the counter, and the first one's card still has its stamps.
  await addCustomer(page, 'Ravi Kumar', '98765 43211');
  await expect(page.getByRole('progressbar', { name: 'Stamps' })).toHaveAttribute('aria-valuenow', '0');
  await page.getByRole('link', { name: 'Counter' }).click();
  await page.getByLabel('Search customers').fill('asha');
  await page.getByRole('link', { name: /Asha Verma/ }).click();
  await expect(page.getByRole('progressbar', { name: 'Stamps' })).toHaveAttribute('aria-valuenow', '2');
  // They came from the service worker's cache: the panels' bundle, and not the owner's.
  expect(panels.filter((path) => path.endsWith('_bg.wasm'))).toHaveLength(1);
  expect(owner).toEqual([]);
});

test('the festival reminder comes from the panels\' bundle, asked for after search answered', async ({ page }) => {
  // Thursday 5 November 2026, noon in India: Diwali is on Sunday the 8th (as festivals.spec.ts).
  await page.clock.setFixedTime(new Date('2026-11-05T06:30:00Z'));
  const asked = bundleRequests(page, PANELS);
  await setUpShop(page);
  await newCustomer(page, 'Asha Verma', '9876543210', { consent: true });
  await page.getByRole('link', { name: 'Counter' }).click();
  await page.reload();
  asked.length = 0;
  await expect(page.getByLabel('Search customers')).toBeFocused();
  // The line is the mounted part's (an element of the counter's page the bundle renders into).
  await expect(page.locator('.owner-part #festival-reminder')).toHaveText(/^Diwali on Sunday — greet 1 customers?$/);
  expect(await panelsBeforeSearch(page)).toEqual([]);
  expect(asked.filter((path) => path.endsWith('_bg.wasm'))).toHaveLength(1);
  // The customer screen's panels come from the same download.
  await page.getByLabel('Search customers').fill('asha');
  await page.getByRole('link', { name: /Asha Verma/ }).click();
  await expect(page.getByRole('button', { name: 'Complaint', exact: true })).toBeVisible();
  expect(asked.filter((path) => path.endsWith('_bg.wasm'))).toHaveLength(1);
});

test('the morning\'s greetings still start on the day\'s first start, asked for by the reminder\'s part', async ({ page }) => {
  // A customer whose birthday is today, who agreed to messages, on a device that uses Messages.
  await page.clock.setFixedTime(new Date('2026-11-05T06:30:00Z'));
  await setUpShop(page);
  await page.getByRole('link', { name: 'New customer' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Asha Verma');
  await page.getByLabel('Phone').fill('9876543210');
  await page.locator('#birthday').fill('1990-11-05');
  await page.locator('#messages-consent').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name: 'Asha Verma' })).toBeVisible();
  await page.goto('./#/messages');
  await page.locator('#template-kind').selectOption('birthday');
  await page.locator('#template-text').fill('Happy birthday, {name}!');
  await page.locator('.template-editor').getByRole('button', { name: 'Save text' }).click();
  await expect(page.locator('.template-editor [role=status]')).toContainText('Saved');

  // The counter's start: the reminder's part (panels' bundle) has the counter run the greetings
  // from the owner's bundle, which queues Asha's.
  await page.goto('./');
  const ownerBundle = page.waitForRequest((request) => OWNER.test(new URL(request.url()).pathname) && request.url().endsWith('_bg.wasm'));
  await page.reload();
  await expect(page.getByLabel('Search customers')).toBeFocused();
  await ownerBundle;
  // The queue, opened in the same page (the run may still be writing): until Asha's is there.
  await expect(async () => {
    await page.evaluate(() => (location.hash = '#/'));
    await page.evaluate(() => (location.hash = '#/queue'));
    await expect(page.locator('.queue-item .who strong')).toHaveText('Asha Verma', { timeout: 2_000 });
  }).toPass();
});
