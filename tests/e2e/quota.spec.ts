import type { Page } from '@playwright/test';
import { chooseLanguage, expect, test } from './fixtures';
import { addCustomer, setUpShop } from './helpers';

// A full device: the browser refuses the write (QuotaExceededError). The clerk must be told so
// in their language, the tap must not be acknowledged, nothing may be half-written, and once
// there is space again the same tap must work.
//
// How the disk is made full: Chromium 156 accepts the DevTools command meant for this
// (Storage.overrideQuotaForOrigin) but applies nothing (navigator.storage.estimate() keeps the
// old quota and writes go through), so the test makes IndexedDB fail the way Chromium does when
// the quota is exceeded: when the store commits a read-write transaction, it aborts instead,
// with `transaction.error` a QuotaExceededError. Nothing of it is written: the abort is real,
// only its reason is staged. (The store commits explicitly, `IDBTransaction.commit()`.)
const FULL_DISK = () => {
  const w = window as unknown as { __diskFull: boolean };
  w.__diskFull = false;
  const commit = IDBTransaction.prototype.commit;
  IDBTransaction.prototype.commit = function (this: IDBTransaction) {
    if (!w.__diskFull || this.mode === 'readonly') return commit.call(this);
    const error = new DOMException('The quota has been exceeded (staged by the test).', 'QuotaExceededError');
    Object.defineProperty(this, 'error', { get: () => error });
    this.abort();
  };
};

/** The stamp count on the card and the visits, as the customer screen shows them. */
async function card(page: Page) {
  const stamps = await page.getByRole('progressbar', { name: 'Stamps' }).getAttribute('aria-valuenow');
  const visits = await page.getByText(/^Visits: \d+$/).textContent();
  return { stamps, visits };
}

test('with the storage full, "Add stamp" says so in English and Hindi, saves nothing, and works once there is space', async ({
  page,
}) => {
  await page.addInitScript(FULL_DISK);
  await setUpShop(page);
  await addCustomer(page, 'Asha Verma', '98765 43210');
  const before = await card(page);
  const addStamp = page.getByRole('button', { name: 'Add stamp' });

  const diskFull = (full: boolean) => page.evaluate((f) => ((window as unknown as { __diskFull: boolean }).__diskFull = f), full);
  await diskFull(true);

  await addStamp.click();
  await expect(page.getByRole('alert')).toContainText('The device storage is full. Nothing was saved.');
  await expect(page.getByRole('status')).not.toContainText('Stamps added');
  await expect(addStamp).toBeEnabled();
  expect(await card(page)).toEqual(before);

  // The same refusal in Hindi.
  await chooseLanguage(page, 'hi');
  const addStampHindi = page.getByRole('button', { name: 'मोहर लगाएँ' });
  await addStampHindi.click();
  await expect(page.getByRole('alert')).toContainText('डिवाइस की जगह भर गई है। कुछ भी सेव नहीं हुआ।');
  await chooseLanguage(page, 'en');

  // Nothing was half-written: after a restart the card is as it was (the disk still full).
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Asha Verma' })).toBeVisible();
  expect(await card(page)).toEqual(before);
  await diskFull(true);
  await addStamp.click();
  await expect(page.getByRole('alert')).toContainText('The device storage is full.');

  // Space again: the same action works, and is kept.
  await diskFull(false);
  await addStamp.click();
  await expect(page.getByRole('status')).toContainText('Stamps added');
  await expect(page.getByRole('alert')).toHaveText('');
  const after = await card(page);
  expect(Number(after.stamps)).toBe(Number(before.stamps) + 1);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Asha Verma' })).toBeVisible();
  expect(await card(page)).toEqual(after);
});
