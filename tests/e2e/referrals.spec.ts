// Issue 10, referrals: the friend's first stamp gives both customers the shop's referral bonus,
// once (undo and stamp again gives nothing more); a customer cannot refer themselves; the tier
// badge shows in search results. All offline, in a fresh profile. Screenshots (SCREENSHOTS=1)
// of the new-customer form with "Referred by" and of a customer who brought friends.
import type { Page } from '@playwright/test';
import { chooseLanguage, expect, newCustomer, setUpShopOffline, test } from './fixtures';
import { SIZES } from './layout-helpers';

const day = (iso: string) => new Date(`${iso}T10:00:00`).getTime();
const MINUTE = 60 * 1000;
const DAY = 24 * 60 * MINUTE;

/** Settings → Regulars and birthdays: the referral bonus and maybe a tier. */
async function setPerks(page: Page, referral: number, tier?: [string, number, number]) {
  await page.getByRole('link', { name: 'Settings' }).click();
  const panel = page.locator('.perks-settings');
  await expect(panel).toBeVisible();
  await panel.getByLabel(/^Referral bonus stamps/).fill(String(referral));
  if (tier) {
    await panel.locator('#tier1-name').fill(tier[0]);
    await panel.locator('#tier1-visits').fill(String(tier[1]));
    await panel.locator('#tier1-days').fill(String(tier[2]));
  }
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(panel.getByRole('status')).toHaveText('Saved');
  await page.getByRole('link', { name: 'Counter' }).click();
  await expect(page.getByLabel('Search customers')).toBeVisible();
}

async function open(page: Page, name: string, digits: string) {
  await page.getByRole('link', { name: 'Counter' }).click();
  await page.getByLabel('Search customers').fill(digits);
  await page.getByRole('link', { name: new RegExp(name) }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
}

/** The customer's referral code, as their screen shows it. */
async function codeOf(page: Page) {
  const text = await page.locator('.referral-code').textContent();
  const code = text?.match(/[0-9A-Z]{4}-[0-9A-Z]{3}/)?.[0];
  expect(code, text ?? '').toBeTruthy();
  return code!;
}

const stamps = (page: Page) => page.getByRole('progressbar', { name: 'Stamps' });

test('a referral gives both sides their stamps on the first purchase only', async ({ page, context }) => {
  let now = day('2026-05-04');
  await page.clock.setFixedTime(now);
  await setUpShopOffline(page, context);
  await setPerks(page, 2);
  await newCustomer(page, 'Asha Verma', '98765 43210');
  const code = await codeOf(page);
  await page.getByRole('link', { name: 'Counter' }).click();
  // Typed as people read it aloud: lower case, no dash.
  await newCustomer(page, 'Ravi Kumar', '98765 43211', { referredBy: code.toLowerCase().replace('-', ' '), found: 'Asha Verma' });
  await expect(stamps(page)).toHaveAttribute('aria-valuenow', '0');

  await page.getByRole('button', { name: 'Add stamp', exact: true }).click();
  await expect(page.locator('.done')).toContainText('Stamps added: 1');
  await expect(stamps(page)).toHaveAttribute('aria-valuenow', '3');
  // Undo the first stamp: the bonus stays. Stamp again: nothing more.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(stamps(page)).toHaveAttribute('aria-valuenow', '2');
  now += 5 * MINUTE;
  await page.clock.setFixedTime(now);
  await page.getByRole('button', { name: 'Add stamp', exact: true }).click();
  await expect(page.locator('.done')).toContainText('Stamps added: 1');
  await expect(stamps(page)).toHaveAttribute('aria-valuenow', '3');
  // The next visit too gives only its own stamp.
  now += DAY;
  await page.clock.setFixedTime(now);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Ravi Kumar' })).toBeVisible();
  await page.getByRole('button', { name: 'Add stamp', exact: true }).click();
  await expect(stamps(page)).toHaveAttribute('aria-valuenow', '4');

  await open(page, 'Asha Verma', '3210');
  await expect(stamps(page)).toHaveAttribute('aria-valuenow', '2');
  await expect(page.locator('.friends-brought')).toHaveText('Brought 1 friend');
  await page.reload();
  await expect(stamps(page)).toHaveAttribute('aria-valuenow', '2');
});

test('a customer cannot refer themselves', async ({ page, context }) => {
  await setUpShopOffline(page, context);
  await setPerks(page, 2);
  await page.getByRole('link', { name: 'New customer' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Ravi Kumar');
  await page.getByLabel('Phone').fill('98765 43211');
  await page.getByLabel(/^Referred by/).fill('+91 98765 43211');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('A customer cannot refer themselves.', { exact: false })).toBeVisible();
  await expect(page.getByLabel(/^Referred by/)).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('heading', { name: 'New customer' })).toBeVisible();
  // Nobody was added.
  await page.getByRole('link', { name: 'Counter' }).click();
  await page.getByLabel('Search customers').fill('Ravi');
  await expect(page.getByRole('link', { name: /Ravi Kumar/ })).toHaveCount(0);
});

test('the tier badge shows in search results', async ({ page, context }) => {
  const start = day('2026-03-02');
  await page.clock.setFixedTime(start);
  await setUpShopOffline(page, context);
  await setPerks(page, 0, ['Regular', 2, 60]);
  await newCustomer(page, 'Asha Verma', '98765 43210');
  await page.getByRole('link', { name: 'Counter' }).click();
  await newCustomer(page, 'Meera Shah', '98765 43219');
  await open(page, 'Asha Verma', '3210');
  for (const n of [0, 7]) {
    await page.clock.setFixedTime(start + n * DAY);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Asha Verma' })).toBeVisible();
    await page.getByRole('button', { name: 'Add stamp', exact: true }).click();
    await expect(page.locator('.done')).toContainText('Stamps added: 1');
  }
  await page.getByRole('link', { name: 'Counter' }).click();
  await page.getByLabel('Search customers').fill('98765');
  await expect(page.getByRole('link', { name: /Asha Verma/ }).locator('.tier-badge')).toHaveText('Regular');
  await expect(page.getByRole('link', { name: /Meera Shah/ }).locator('.tier-badge')).toHaveCount(0);
});

test.describe('screenshots', () => {
  test.skip(!process.env.SCREENSHOTS, 'set SCREENSHOTS=1 to write docs/screenshots');
  for (const size of SIZES) {
    for (const lang of ['hi', 'bn'] as const) {
      test(`referrals in ${lang} on a ${size.name}`, async ({ page, context }) => {
        await page.setViewportSize({ width: size.width, height: size.height });
        await page.clock.setFixedTime(day('2026-05-04'));
        await setUpShopOffline(page, context);
        await setPerks(page, 2);
        await newCustomer(page, 'Asha Verma', '98765 43210');
        const code = await codeOf(page);
        for (const [name, phone] of [['Ravi Kumar', '98765 43211'], ['Meera Shah', '98765 43212']]) {
          await page.getByRole('link', { name: 'Counter' }).click();
          await newCustomer(page, name, phone, { referredBy: code, found: 'Asha Verma' });
          await page.getByRole('button', { name: 'Add stamp', exact: true }).click();
          await expect(stamps(page)).toHaveAttribute('aria-valuenow', '3');
        }
        await page.getByRole('link', { name: 'Counter' }).click();
        await chooseLanguage(page, lang);
        await page.locator('a[href="#/new"]').click();
        await page.locator('#name').fill('Sunita Das');
        await page.locator('#phone').fill('98765 43213');
        await page.locator('#referred-by').fill(code);
        await expect(page.locator('.referrer-found')).toContainText('Asha Verma');
        await page.screenshot({ path: `docs/screenshots/referral-form-${lang}-${size.name}.png`, fullPage: true });
        await page.locator('a.button[href="#/"]').click();
        await page.locator('#customer-search').fill('3210');
        await page.locator('a.result').first().click();
        await expect(page.locator('.friends-brought')).toBeVisible();
        await page.screenshot({ path: `docs/screenshots/referral-customer-${lang}-${size.name}.png`, fullPage: true });
      });
    }
  }
});
