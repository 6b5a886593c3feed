// Issue 13: backup and restore. A backup restored in a fresh profile gives the same shop (the
// same matching code in Settings) and the same shop key (an old card link is still genuine);
// a wrong passphrase, a truncated file, a newer version or another shop's file is refused with
// a clear message and writes nothing; restoring into the same shop doubles nothing.
import * as fs from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import { test, expect, reportCspViolations } from './fixtures';
import { addCustomer, addStamps, setUpShop } from './helpers';
import { currentLink, shopWithCustomer } from './card-helpers';

const PASSPHRASE = 'chai-shop-2026';

/** A fresh browser profile (a new tablet) whose page must log no errors. */
async function newTablet(browser: Browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  await reportCspViolations(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  page.on('pageerror', (err) => errors.push(err.message));
  return { context, page, errors };
}

async function openSettings(page: Page) {
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Backup and restore' })).toBeVisible();
}

/** The matching code Settings shows. */
async function matchingCode(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Show matching code' }).click();
  const code = page.locator('.state-hash');
  await expect(code).toHaveText(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
  return (await code.textContent())!;
}

/** Makes a backup in Settings and returns the downloaded file's bytes. */
async function makeBackup(page: Page): Promise<Buffer> {
  await page.getByLabel('Passphrase for this backup').fill(PASSPHRASE);
  await page.getByLabel('Passphrase again').fill(PASSPHRASE);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download backup' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^mohar-backup-\d{4}-\d{2}-\d{2}\.mohar$/);
  await expect(page.getByText(/^Backup ready \(entries: \d+\)/)).toBeVisible();
  return fs.readFileSync((await file.path())!);
}

async function restore(page: Page, name: string, buffer: Buffer, passphrase = PASSPHRASE) {
  await page.locator('#restore-file').setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
  await page.getByLabel('Passphrase of the backup').fill(passphrase);
  await page.getByRole('button', { name: 'Restore', exact: true }).click();
}

test('a backup restored on a new tablet gives the same shop, and old card links stay genuine', async ({ page, browser }) => {
  await shopWithCustomer(page, 3);
  const link = await currentLink(page);
  await page.getByRole('link', { name: 'Counter' }).click();
  await addCustomer(page, 'रमेश कुमार', '98765 11111');
  await addStamps(page, 2);
  await openSettings(page);
  await expect(page.getByText('No backup has been made on this device yet.')).toBeVisible();
  await expect(page.locator('.backup-reminder')).toBeVisible();
  const code = await matchingCode(page);
  const file = await makeBackup(page);
  await expect(page.getByText('Last backup: today')).toBeVisible();
  await expect(page.locator('.backup-reminder')).toHaveCount(0);

  const tablet = await newTablet(browser);
  const other = tablet.page;
  await other.goto('./');
  await expect(other.getByRole('heading', { name: 'Set up your shop' })).toBeVisible();
  await other.getByText('Moving from another tablet? Restore from a backup').click();

  // A wrong passphrase is refused and writes nothing: the new tablet still has no shop.
  await restore(other, 'backup.mohar', file, 'not-the-passphrase');
  await expect(other.getByRole('alert')).toHaveText('That passphrase does not open this backup. Nothing was changed.');
  await other.reload();
  await expect(other.getByRole('heading', { name: 'Set up your shop' })).toBeVisible();

  await other.getByText('Moving from another tablet? Restore from a backup').click();
  const reloaded = other.waitForEvent('load');
  await restore(other, 'backup.mohar', file);
  await expect(other.getByText(/^Restored\. New entries: \d+\. Customers: 2\./)).toBeVisible();
  // The page reloads into the restored shop.
  await reloaded;
  await expect(other.getByLabel('Search customers')).toBeVisible({ timeout: 15_000 });
  await other.getByLabel('Search customers').fill('ramesh');
  await expect(other.getByText('रमेश कुमार')).toBeVisible();
  await openSettings(other);
  expect(await matchingCode(other)).toBe(code);

  // The card link made on the first tablet is genuine for the restored shop.
  await other.getByRole('link', { name: 'Counter' }).click();
  await other.getByRole('link', { name: 'Check a card' }).click();
  await other.getByLabel('Card link or message').fill(link);
  await other.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(other.getByRole('status').getByRole('heading', { name: 'Genuine card of this shop' })).toBeVisible();
  await other.screenshot({ path: test.info().outputPath('restored-check-1280.png') });
  expect(tablet.errors).toEqual([]);
  await tablet.context.close();
});

test('a truncated, newer or other shop’s backup is refused; restoring the same shop doubles nothing', async ({ page, browser }) => {
  await setUpShop(page);
  await addCustomer(page, 'Asha Verma', '98765 43210');
  await addStamps(page, 2);
  await openSettings(page);
  const code = await matchingCode(page);
  const file = await makeBackup(page);

  await restore(page, 'half.mohar', file.subarray(0, Math.floor(file.length / 2)));
  await expect(page.locator('.restore-error')).toHaveText(
    'This backup file is incomplete: it was not copied to the end. Copy it again. Nothing was changed.',
  );
  const newer = Buffer.from(file.toString('utf8').replace('"version":1', '"version":2'), 'utf8');
  await restore(page, 'newer.mohar', newer);
  await expect(page.locator('.restore-error')).toHaveText(/^This backup was made by a newer version of Mohar\./);
  await restore(page, 'notes.csv', Buffer.from('name,phone\nAsha,98765 43210\n'));
  await expect(page.locator('.restore-error')).toHaveText('This file is not a Mohar backup. Nothing was changed.');

  // The same shop's own backup adds nothing.
  const reloaded = page.waitForEvent('load');
  await restore(page, 'backup.mohar', file);
  await expect(page.getByText('Restored. New entries: 0. Customers: 1. Opening the shop…')).toBeVisible();
  await reloaded;
  await expect(page.getByRole('heading', { name: 'Backup and restore' })).toBeVisible({ timeout: 15_000 });
  expect(await matchingCode(page)).toBe(code);

  // Another shop's tablet refuses it and keeps its own shop.
  const tablet = await newTablet(browser);
  await setUpShop(tablet.page, 'Other Shop');
  await openSettings(tablet.page);
  const own = await matchingCode(tablet.page);
  await restore(tablet.page, 'backup.mohar', file);
  await expect(tablet.page.locator('.restore-error')).toHaveText('This backup is of another shop than the one on this device. Nothing was changed.');
  await tablet.page.reload();
  await expect(tablet.page.getByRole('heading', { name: 'Backup and restore' })).toBeVisible();
  expect(await matchingCode(tablet.page)).toBe(own);
  expect(tablet.errors).toEqual([]);
  await tablet.context.close();
});
