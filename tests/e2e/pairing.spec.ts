// Issue 14, adding a device: the owner's tablet shows a pairing QR code and a 6-digit code
// (Settings → Sync → Add a device); a fresh profile joins the shop on its first run with the
// QR's text and the code, receives the first tablet's customers and is ready to stamp. A wrong
// code is refused and saves nothing. Two tablets giving the same reward offline show the flag
// in "Needs a look" after they sync.
import { type Browser, type Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { addCustomer, addStamps, setUpShop } from './helpers';
import { createDatabase, openCustomer, serverEvents, setUpSync, tablet, useSyncServer } from './sync-helpers';

useSyncServer();

/** Shows a pairing code on the owner's tablet (in Settings) and reads its text and code. */
async function pairingCode(page: Page): Promise<{ text: string; code: string }> {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Show a pairing code' }).click();
  const code = page.locator('.pairing-code');
  await expect(code).toHaveText(/^\d{3} \d{3}$/);
  await expect(page.locator('.pairing-qr svg')).toBeVisible();
  const text = await page.locator('#pairing-text').inputValue();
  expect(text).toMatch(/^mohar-pair:1:[A-Za-z0-9_-]+$/);
  return { text, code: (await code.getAttribute('data-code'))! };
}

/** Joins the shop on a fresh profile's first run; `code` typed as given. */
async function join(page: Page, pairing: { text: string }, code: string) {
  await page.goto('./');
  await expect(page.getByRole('heading', { name: 'Set up your shop' })).toBeVisible();
  await page.getByText('Join a shop that already uses Mohar on another device').click();
  await page.getByLabel("Pairing code from the owner's device").fill(pairing.text);
  await page.getByLabel('6-digit code').fill(code);
  await page.getByRole('button', { name: 'Join the shop' }).click();
}

/**
 * Two fresh tablets: on the first, a shop with Asha Verma and `stamps` stamps, synced to a
 * new database, and a pairing code shown; the second has not started yet.
 */
async function shopToJoin(browser: Browser, stamps: number) {
  const db = await createDatabase();
  const errors: string[] = [];
  const a = await tablet(browser, errors);
  const b = await tablet(browser, errors);
  await setUpShop(a.page);
  await addCustomer(a.page, 'Asha Verma', '98765 43210');
  await addStamps(a.page, stamps);
  await setUpSync(a.page, db);
  // The set-up, the customer and each stamp: one event each.
  await expect.poll(() => serverEvents(db), { timeout: 30_000 }).toBe(stamps + 2);
  const pairing = await pairingCode(a.page);
  return { db, errors, a, b, pairing };
}

test('a second tablet joins with the QR text and the code, sees the customers and stamps; a wrong code saves nothing', async ({ browser }) => {
  test.setTimeout(180_000);
  const { db, errors, a, b, pairing } = await shopToJoin(browser, 3);

  // A wrong code: refused, and after a reload the tablet is still a fresh one.
  const wrong = pairing.code.replace(/.$/, (digit) => String((Number(digit) + 1) % 10));
  await join(b.page, pairing, wrong);
  await expect(b.page.getByRole('alert')).toHaveText(
    'The code does not match this pairing code. Check the 6 digits on the owner\'s device and try again. Nothing was saved.',
  );
  await b.page.reload();
  await expect(b.page.getByRole('heading', { name: 'Set up your shop' })).toBeVisible();

  // The right code: the shop arrives and the counter opens with the first tablet's customer.
  await join(b.page, pairing, pairing.code);
  await expect(b.page.locator('.join-done')).toHaveText('Done. Customers on this device: 1. Opening the counter…', { timeout: 30_000 });
  await expect(b.page.getByLabel('Search customers')).toBeVisible({ timeout: 15_000 });
  await openCustomer(b.page, 'Asha Verma');
  await expect(b.page.getByRole('progressbar', { name: 'Stamps' })).toHaveAttribute('aria-valuenow', '3');

  // Ready to stamp, and syncing: its stamp reaches the server.
  await addStamps(b.page, 1);
  await expect.poll(() => serverEvents(db), { timeout: 30_000 }).toBe(6);

  await a.context.close();
  await b.context.close();
  expect(errors).toEqual([]);
});

test('the same reward given on two tablets offline is flagged in Needs a look after sync', async ({ browser }) => {
  test.setTimeout(240_000);
  const { db, errors, a, b, pairing } = await shopToJoin(browser, 10);
  await join(b.page, pairing, pairing.code);
  await expect(b.page.getByLabel('Search customers')).toBeVisible({ timeout: 45_000 });

  await openCustomer(a.page, 'Asha Verma');
  await openCustomer(b.page, 'Asha Verma');
  await expect(b.page.getByText('Rewards ready: 1')).toBeVisible();
  await a.context.setOffline(true);
  await b.context.setOffline(true);
  for (const page of [a.page, b.page]) {
    await page.getByRole('button', { name: 'Redeem reward' }).click();
    await expect(page.getByRole('status')).toContainText('Reward given');
  }
  await a.context.setOffline(false);
  await expect.poll(() => serverEvents(db), { timeout: 30_000 }).toBe(13);
  await b.context.setOffline(false);
  await expect.poll(() => serverEvents(db), { timeout: 30_000 }).toBe(14);

  // B pulled A's redemption before pushing its own: its card offers no reward (and no minus).
  await expect(b.page.getByRole('button', { name: 'Redeem reward' })).toBeDisabled();
  await expect(b.page.getByText(/Rewards ready: [1-9-]/)).toHaveCount(0);
  await b.page.getByRole('link', { name: 'Settings' }).click();
  await b.page.getByRole('link', { name: 'Needs a look' }).click();
  const flag = b.page.locator('.look-item');
  await expect(flag.getByRole('heading')).toHaveText('Reward given twice: Asha Verma');
  await expect(flag).toContainText('Rewards given: 2 · Cards filled: 1');
  await expect(flag.locator('.look-events li')).toHaveCount(2);
  await expect(flag.locator('.look-events')).toContainText('this device');
  await flag.getByRole('button', { name: 'Seen it' }).click();
  await expect(b.page.getByText('Nothing needs a look.')).toBeVisible();

  await a.context.close();
  await b.context.close();
  expect(errors).toEqual([]);
});
