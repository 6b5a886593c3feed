// Issue 10, "Staff and owner": PINs, who is working, the owner PIN gate on Settings, the
// cooldown between stamps, the lock after five wrong PINs, and a shop of before asked (once) to
// set an owner PIN. Each test in a fresh profile.
import { type Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { addCustomer, addStamps, setUpShop } from './helpers';

const OWNER_PIN = '2468';
const RAVI_PIN = '1357';

/** In Settings (open: no owner PIN yet), sets the owner PIN and adds Ravi. */
async function setPins(page: Page) {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.locator('#owner-pin').fill(OWNER_PIN);
  await page.locator('#owner-pin-again').fill(OWNER_PIN);
  await page.getByRole('button', { name: 'Set owner PIN' }).click();
  await expect(page.getByRole('button', { name: 'Change owner PIN' })).toBeVisible();
  // The owner who set it stays at the counter as the owner.
  await expect(page.getByText('Working: Owner')).toBeVisible();
  await page.locator('#staff-name').fill('Ravi');
  await page.locator('#staff-pin').fill(RAVI_PIN);
  await page.getByRole('button', { name: 'Add staff' }).click();
  await expect(page.getByRole('button', { name: 'Remove Ravi' })).toBeVisible();
}

/** "Who is working?" → `name` → their PIN. */
async function signIn(page: Page, name: string, pin: string) {
  await expect(page.getByRole('heading', { name: 'Who is working?' })).toBeVisible();
  await page.getByRole('button', { name, exact: true }).click();
  await page.getByLabel(`PIN of ${name}`).fill(pin);
  await page.getByRole('button', { name: 'OK' }).click();
}

/** A new shop with the owner PIN and Ravi set, Ravi signed in ("Change" → Ravi → his PIN). */
async function shopWithRaviWorking(page: Page) {
  await setUpShop(page);
  await setPins(page);
  await page.getByRole('button', { name: 'Change', exact: true }).click();
  await signIn(page, 'Ravi', RAVI_PIN);
}

/** The shop's events as stored, parsed. */
async function storedEvents(page: Page): Promise<any[]> {
  return page.evaluate(
    () =>
      new Promise<any[]>((resolve, reject) => {
        const open = indexedDB.open('mohar');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const all = db.transaction('events').objectStore('events').getAll();
          all.onsuccess = () => {
            resolve(all.result.map((value: { j: string }) => JSON.parse(value.j)));
            db.close();
          };
          all.onerror = () => reject(all.error);
        };
      }),
  );
}

test('staff cannot open program settings', async ({ page }) => {
  await shopWithRaviWorking(page);
  await expect(page.getByText('Working: Ravi')).toBeVisible();
  await page.getByRole('link', { name: 'Counter' }).click();
  await expect(page.getByLabel('Search customers')).toBeVisible();

  await page.getByRole('link', { name: 'Settings' }).click();
  const gate = page.getByLabel('Owner PIN to open Settings');
  await expect(gate).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Program' })).toHaveCount(0);
  // Ravi's own PIN is not the owner's.
  await gate.fill(RAVI_PIN);
  await page.getByRole('button', { name: 'OK' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Wrong PIN. 4 tries left' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Program' })).toHaveCount(0);
  // The owner's PIN opens it.
  await gate.fill(OWNER_PIN);
  await page.getByRole('button', { name: 'OK' }).click();
  await expect(page.getByRole('heading', { name: 'Program' })).toBeVisible();
});

test('a stamp inside the cooldown needs the owner PIN, and the override is recorded', async ({ page }) => {
  await shopWithRaviWorking(page);
  await page.getByRole('link', { name: 'Counter' }).click();
  await addCustomer(page, 'Asha Verma', '98765 43210');
  const progress = page.getByRole('progressbar', { name: 'Stamps' });
  const addStamp = page.getByRole('button', { name: 'Add stamp', exact: true });
  await addStamp.click();
  await expect(progress).toHaveAttribute('aria-valuenow', '1');

  // Within ten minutes: the owner's PIN, not "Add another stamp for this visit?".
  await addStamp.click();
  const pin = page.getByLabel(/Another stamp within 10 min needs the owner PIN/);
  await expect(pin).toBeVisible();
  await expect(page.getByRole('button', { name: 'Yes, add another' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(pin).toHaveCount(0);
  await expect(progress).toHaveAttribute('aria-valuenow', '1');

  await addStamp.click();
  await pin.fill(RAVI_PIN);
  await page.getByRole('button', { name: 'OK' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Wrong PIN' })).toBeVisible();
  await expect(progress).toHaveAttribute('aria-valuenow', '1');
  await pin.fill(OWNER_PIN);
  await page.getByRole('button', { name: 'OK' }).click();
  await expect(progress).toHaveAttribute('aria-valuenow', '2');
  await expect(page.getByRole('status').filter({ hasText: '2 stamps added now' })).toBeVisible();

  const stamps = (await storedEvents(page)).filter((event) => event.kind.type === 'stamps_added');
  expect(stamps).toHaveLength(2);
  // Both by Ravi (by his id); the second one says the owner allowed it.
  for (const stamp of stamps) expect(Object.keys(stamp.actor)).toEqual(['staff_member']);
  expect(stamps.filter((stamp) => stamp.kind.cooldown_override === true)).toHaveLength(1);
});

test('five wrong PINs lock PIN entry, and the lock survives a reload', async ({ page }) => {
  await shopWithRaviWorking(page);
  await page.getByRole('link', { name: 'Settings' }).click();
  const gate = page.getByLabel('Owner PIN to open Settings');
  for (let left = 4; left >= 1; left--) {
    await gate.fill('0000');
    await page.getByRole('button', { name: 'OK' }).click();
    await expect(page.getByRole('alert').filter({ hasText: `Wrong PIN. ${left} tries left` })).toBeVisible();
  }
  await gate.fill('0000');
  await page.getByRole('button', { name: 'OK' }).click();
  const locked = page.getByRole('alert').filter({ hasText: 'Too many wrong PINs. Try again after' });
  await expect(locked).toBeVisible();
  // Locked: even the right PIN is refused.
  await gate.fill(OWNER_PIN);
  await page.getByRole('button', { name: 'OK' }).click();
  await expect(locked).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Program' })).toHaveCount(0);

  // A reload neither forgets the lock nor lets anyone sign in during it.
  await page.reload();
  await signIn(page, 'Ravi', RAVI_PIN);
  await expect(locked).toBeVisible();
  await expect(page.getByLabel('Search customers')).toHaveCount(0);
});

test('a shop of before is asked for an owner PIN once and keeps its data', async ({ page }) => {
  // A shop set up and used with no staff book, as every shop made before PINs.
  await setUpShop(page);
  await addCustomer(page, 'Asha Verma', '98765 43210');
  await addStamps(page, 2);
  await page.getByRole('link', { name: 'Counter' }).click();
  const question = page.getByText('Protect Settings with an owner PIN');
  await expect(question).toBeVisible();
  // Asked until answered: still there after a reload; "Later" puts it away for good.
  await page.reload();
  await expect(question).toBeVisible();
  await page.getByRole('button', { name: 'Later' }).click();
  await expect(question).toHaveCount(0);
  await page.reload();
  await expect(page.getByLabel('Search customers')).toBeVisible();
  await expect(question).toHaveCount(0);

  // Setting the PIN later from Settings keeps every customer and stamp.
  await setPins(page);
  await page.getByRole('link', { name: 'Counter' }).click();
  await page.getByLabel('Search customers').fill('3210');
  await page.getByRole('link', { name: /Asha Verma/ }).click();
  await expect(page.getByRole('progressbar', { name: 'Stamps' })).toHaveAttribute('aria-valuenow', '2');
  await expect(page.getByText('Visits: 1', { exact: true })).toBeVisible();
  await page.reload();
  await signIn(page, 'Owner', OWNER_PIN);
  await expect(page.getByRole('heading', { name: 'Asha Verma' })).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Stamps' })).toHaveAttribute('aria-valuenow', '2');
});

test('the activity shows who did what, newest first, and filters by person and customer', async ({ page }) => {
  await shopWithRaviWorking(page);
  await page.getByRole('link', { name: 'Counter' }).click();
  await addCustomer(page, 'Asha Verma', '98765 43210');
  await page.getByRole('button', { name: 'Add stamp', exact: true }).click();
  await expect(page.getByRole('progressbar', { name: 'Stamps' })).toHaveAttribute('aria-valuenow', '1');

  // Ravi is not the owner: the activity asks for the owner's PIN.
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Owner PIN to open Settings').fill(OWNER_PIN);
  await page.getByRole('button', { name: 'OK' }).click();
  await page.getByRole('link', { name: 'Activity' }).click();
  await page.getByLabel('Owner PIN to see the activity').fill(OWNER_PIN);
  await page.getByRole('button', { name: 'OK' }).click();
  const rows = page.locator('.activity-row');
  await expect(rows.first()).toContainText('Stamps added: 1');
  await expect(rows.first()).toContainText('Ravi');
  await expect(rows.nth(1)).toContainText('New customer');
  await expect(rows.last()).toContainText('Shop set up');
  await expect(rows.last()).toContainText('Owner');

  await page.getByLabel('Person').selectOption({ label: 'Owner' });
  await expect(rows.filter({ hasText: 'Ravi' })).toHaveCount(0);
  await expect(rows.last()).toContainText('Shop set up');
  await page.getByLabel('Person').selectOption({ label: 'Everyone' });
  await rows.first().getByRole('button', { name: 'Asha Verma' }).click();
  await expect(page.getByText('Only Asha Verma')).toBeVisible();
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: 'Shop set up' })).toHaveCount(0);
});
