// Issue 10, the owner's corrections (src/app/owner_fix.rs, owner's bundle): in one customer's
// Activity the owner gives bonus stamps with a reason and voids a stamp older than the undo
// window; both show in the Activity with who did it and why, a second void of the same stamp is
// refused with a clear message, and a clerk without the owner PIN gets neither. Offline, each in
// a fresh profile. Screenshots (SCREENSHOTS=1) of the bonus form on a tablet in हिन्दी, বাংলা, ગુજરાતી.
import type { Page } from '@playwright/test';
import { chooseLanguage, expect, newCustomer, setUpShopOffline, test } from './fixtures';
import { TABLET } from './layout-helpers';

const MINUTE = 60 * 1000;
const START = new Date('2026-05-04T10:00:00').getTime();
const OWNER_PIN = '2468';
const RAVI_PIN = '1357';

const stamps = (page: Page) => page.getByRole('progressbar', { name: 'Stamps' });

/** Asha with one stamp at START and one a day later; the time then 10 minutes after that. */
async function ashaWithTwoVisits(page: Page) {
  await newCustomer(page, 'Asha Verma', '98765 43210');
  for (const [n, at] of [[1, START], [2, START + 24 * 60 * MINUTE]] as const) {
    await page.clock.setFixedTime(at);
    await page.getByRole('button', { name: 'Add stamp', exact: true }).click();
    await expect(stamps(page)).toHaveAttribute('aria-valuenow', String(n));
  }
  // Past the undo window of both stamps.
  await page.clock.setFixedTime(START + 24 * 60 * MINUTE + 10 * MINUTE);
}

/** Settings → Activity → Asha's activity (a shop with no owner PIN: everyone is the owner). */
async function ashasActivity(page: Page) {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name: 'Activity' }).click();
  await page.locator('.activity-row').first().getByRole('button', { name: 'Asha Verma' }).click();
  await expect(page.getByText('Only Asha Verma')).toBeVisible();
}

test('the owner gives 3 bonus stamps with a reason and voids an old stamp; both show in the Activity', async ({ page, context }) => {
  await page.clock.setFixedTime(START);
  await setUpShopOffline(page, context);
  await ashaWithTwoVisits(page);
  await ashasActivity(page);
  const rows = page.locator('.activity-row');

  const form = page.locator('.fix-bonus');
  await form.getByLabel('Bonus stamps').fill('3');
  await form.getByRole('button', { name: 'Give' }).click();
  // The reason is required: the browser asks for it before anything is saved.
  expect(await form.getByLabel('Reason').evaluate((e) => (e as HTMLInputElement).validity.valueMissing)).toBe(true);
  await expect(rows.filter({ hasText: 'Bonus stamps:' })).toHaveCount(0);
  await form.getByLabel('Reason').fill('Waited long on Diwali');
  await form.getByRole('button', { name: 'Give' }).click();
  await expect(form.getByRole('status')).toHaveText('Bonus stamps given.');
  await expect(rows.first()).toContainText('Bonus stamps: 3 · Waited long on Diwali');
  await expect(rows.first()).toContainText('Owner');

  // The first stamp, a day old: "Void…", the reason, "Void it".
  const first = rows.filter({ hasText: 'Stamps added: 1' }).last();
  await first.getByRole('button', { name: 'Void…' }).click();
  await first.getByLabel('Reason').fill('Stamped the wrong card');
  await first.getByRole('button', { name: 'Void it' }).click();
  await expect(rows.first()).toContainText('Voided by the owner · Stamped the wrong card');
  // Voiding it again is refused, and says why.
  const again = rows.filter({ hasText: 'Stamps added: 1' }).last();
  await again.getByRole('button', { name: 'Void…' }).click();
  await again.getByLabel('Reason').fill('twice');
  await again.getByRole('button', { name: 'Void it' }).click();
  await expect(again.getByRole('alert')).toHaveText('This action was already undone.');

  // The card: 2 stamps + 3 bonus − 1 voided.
  await page.getByRole('link', { name: 'Counter' }).click();
  await page.getByLabel('Search customers').fill('43210');
  await page.getByRole('link', { name: /Asha Verma/ }).click();
  await expect(stamps(page)).toHaveAttribute('aria-valuenow', '4');
});

test('a clerk without the owner PIN can neither give bonus stamps nor void', async ({ page, context }) => {
  await page.clock.setFixedTime(START);
  await setUpShopOffline(page, context);
  await ashaWithTwoVisits(page);
  // The owner sets the PINs and adds Ravi, who then works the counter.
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.locator('#owner-pin').fill(OWNER_PIN);
  await page.locator('#owner-pin-again').fill(OWNER_PIN);
  await page.getByRole('button', { name: 'Set owner PIN' }).click();
  await page.locator('#staff-name').fill('Ravi');
  await page.locator('#staff-pin').fill(RAVI_PIN);
  await page.getByRole('button', { name: 'Add staff' }).click();
  await expect(page.getByRole('button', { name: 'Remove Ravi' })).toBeVisible();
  await page.getByRole('button', { name: 'Change', exact: true }).click();
  await page.getByRole('button', { name: 'Ravi', exact: true }).click();
  await page.getByLabel('PIN of Ravi').fill(RAVI_PIN);
  await page.getByRole('button', { name: 'OK' }).click();
  // Straight to the Activity's address: the owner's PIN is asked, Ravi's own does not open it.
  await page.evaluate(() => (location.hash = '#/activity'));
  const pin = page.getByLabel('Owner PIN to see the activity');
  await expect(pin).toBeVisible();
  await pin.fill(RAVI_PIN);
  await page.getByRole('button', { name: 'OK' }).click();
  await expect(pin).toBeVisible();
  await expect(page.locator('.fix-bonus, .fix-void')).toHaveCount(0);
  await expect(page.locator('.activity-row')).toHaveCount(0);
});

test.describe('screenshots', () => {
  test.skip(!process.env.SCREENSHOTS, 'set SCREENSHOTS=1 to write docs/screenshots');
  for (const lang of ['hi', 'bn', 'gu'] as const) {
    test(`the bonus form in ${lang} on a tablet`, async ({ page, context }) => {
      await page.setViewportSize(TABLET);
      await page.clock.setFixedTime(START);
      await setUpShopOffline(page, context);
      await ashaWithTwoVisits(page);
      await chooseLanguage(page, lang);
      await page.evaluate(() => (location.hash = '#/activity'));
      await page.locator('.activity-row').first().locator('.activity-customer').click();
      const form = page.locator('.fix-bonus');
      await form.locator('#fix-bonus-count').fill('3');
      await form.locator('#fix-bonus-reason').fill({ hi: 'दिवाली पर देर तक रुकना पड़ा', bn: 'দিওয়ালিতে অনেকক্ষণ অপেক্ষা করেছেন', gu: 'દિવાળીએ બહુ રાહ જોવી પડી' }[lang]);
      await form.locator('button[type=submit]').click();
      await expect(form.getByRole('status')).toBeVisible();
      await page.locator('.activity-row').first().locator('.fix-void').click();
      await page.screenshot({ path: `docs/screenshots/owner-bonus-${lang}-tablet.png`, fullPage: true });
    });
  }
});
