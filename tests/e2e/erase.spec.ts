// Issue 13: "Delete personal data". A customer who asks to be forgotten leaves search, the
// stored records and entries, and every later customer list and backup; their visits stay.
// Also: the customer list opens in Excel with Indian scripts (UTF-8 with a byte-order mark).
import * as fs from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { addCustomer, addStamps, setUpShop } from './helpers';

async function download(page: Page, button: string): Promise<string> {
  const file = page.waitForEvent('download');
  await page.getByRole('button', { name: button }).click();
  return fs.readFileSync((await (await file).path())!).toString('utf8');
}

/** Every value of the app's IndexedDB stores, as one text. */
async function everythingStored(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('mohar');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const names = Array.from(db.objectStoreNames);
          const tx = db.transaction(names, 'readonly');
          const parts: string[] = [];
          for (const name of names) {
            const request = tx.objectStore(name).getAll();
            request.onsuccess = () => parts.push(JSON.stringify(request.result, (_, v) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : v)));
          }
          tx.oncomplete = () => {
            db.close();
            resolve(parts.join('\n'));
          };
        };
      }),
  );
}

test('deleting a customer’s personal data removes them from search, the records and a new export', async ({ page }) => {
  await setUpShop(page);
  await addCustomer(page, 'Asha Verma', '98765 43210');
  await addStamps(page, 2);
  await page.getByRole('link', { name: 'Counter' }).click();
  await addCustomer(page, 'रमेश कुमार', '98765 22222');
  await page.getByRole('link', { name: 'Settings' }).click();

  // Before: the customer list has both, in their own scripts, and Excel reads it as UTF-8.
  const before = await download(page, 'Download customer list (CSV)');
  expect(before.startsWith('\uFEFFName,Phone,Stamps on card,')).toBe(true);
  expect(before).toContain('Asha Verma,+91 98765 43210,2,0,');
  expect(before).toContain('रमेश कुमार');
  await expect(page.getByText('Customer list ready. Customers: 2.')).toBeVisible();
  expect(await everythingStored(page)).toContain('Asha Verma');

  await page.getByLabel('Customer’s phone number').fill('98765 43210');
  await page.getByRole('button', { name: 'Find customer' }).click();
  await expect(page.getByText('Delete the personal data of Asha Verma? This cannot be undone.')).toBeVisible();
  const reloaded = page.waitForEvent('load');
  await page.getByRole('button', { name: 'Delete personal data' }).click();
  await expect(page.getByText('Personal data deleted. The visits stay in the shop’s totals.')).toBeVisible();
  // The page reloads (the counter's search index is built again from the records).
  await reloaded;
  await expect(page.getByRole('heading', { name: 'Backup and restore' })).toBeVisible({ timeout: 15_000 });

  const stored = await everythingStored(page);
  expect(stored).not.toContain('Asha');
  expect(stored).not.toContain('9876543210');
  const after = await download(page, 'Download customer list (CSV)');
  expect(after).not.toContain('Asha');
  expect(after).toContain('रमेश कुमार');
  await expect(page.getByText('Customer list ready. Customers: 1.')).toBeVisible();

  await page.getByRole('link', { name: 'Counter' }).click();
  const search = page.getByLabel('Search customers');
  for (const query of ['Asha', '43210']) {
    await search.fill(query);
    await expect(page.getByText('No customer matches this search.')).toBeVisible();
  }
  await search.fill('ramesh');
  await expect(page.getByText('रमेश कुमार')).toBeVisible();
});
