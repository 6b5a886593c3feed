import { chooseLanguage, expect, setUpShopOffline, test } from './fixtures';
import { setUpShop, addCustomer, addStamps, stampRedeemUndoReload } from './helpers';

test('set up, ten stamps, redeem, undo, reload: all intact', async ({ page }) => {
  await setUpShop(page);
  await stampRedeemUndoReload(page);
});

test('the same works offline once the service worker controls the page', async ({ page, context }) => {
  await setUpShopOffline(page, context, 'Offline Chai');
  await stampRedeemUndoReload(page);
});

test('saved data dated ahead of the tablet clock is warned about after a start, on every screen', async ({ page }) => {
  await setUpShop(page);
  await addCustomer(page, 'Asha Verma', '98765 43210');
  // One day the tablet's clock was three days ahead: a stamp is saved with that date.
  const now = Date.now();
  await page.clock.setFixedTime(new Date(now + 3 * 24 * 3600 * 1000));
  await addStamps(page, 1);
  const warning = page.getByRole('alert').filter({ hasText: "This tablet's clock or saved data is ahead by" });
  await expect(warning).toHaveCount(0);
  // The clock is put right: the next start says so (from the panels' bundle, a moment later),
  // and the warning stays on the counter screen too.
  await page.clock.setFixedTime(new Date(now + 60_000));
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Asha Verma' })).toBeVisible();
  await expect(warning).toBeVisible();
  await page.getByRole('link', { name: 'Counter' }).click();
  await expect(page.getByLabel('Search customers')).toBeVisible();
  await expect(warning).toBeVisible();
});

test('an invalid phone number is refused with a message', async ({ page }) => {
  await setUpShop(page);
  await page.getByRole('link', { name: 'New customer' }).click();
  await page.getByLabel('Name').fill('Ravi');
  await page.getByLabel('Phone').fill('12345');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('This is not a valid Indian mobile number')).toBeVisible();
  await expect(page.getByLabel('Phone')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('heading', { name: 'New customer' })).toBeVisible();
});

test('a duplicate phone is refused with a link to the existing customer', async ({ page }) => {
  await setUpShop(page);
  await addCustomer(page, 'Asha Verma', '9876543210');
  await page.getByRole('link', { name: 'Counter' }).click();
  await page.getByRole('link', { name: 'New customer' }).click();
  await page.getByLabel('Name').fill('Someone Else');
  await page.getByLabel('Phone').fill('+91 98765-43210');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Another customer already has this phone number.')).toBeVisible();
  await page.getByRole('link', { name: /Open that customer: Asha Verma/ }).click();
  await expect(page.getByRole('heading', { name: 'Asha Verma' })).toBeVisible();
});

test('a name with markup is shown as plain text', async ({ page }) => {
  let dialogs = 0;
  page.on('dialog', (dialog) => {
    dialogs++;
    void dialog.dismiss();
  });
  await setUpShop(page);
  const name = '<b>x</b><img src=x onerror=alert(1)>';
  await addCustomer(page, name, '9123456780');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(page.locator('main img')).toHaveCount(0);
  await expect(page.locator('main b')).toHaveCount(0);
  await page.getByRole('link', { name: 'Counter' }).click();
  await expect(page.locator('.result-name').first()).toHaveText(name);
  expect(dialogs).toBe(0);
});

test('the demo shop loads and is searchable by phone digits and by a Devanagari name', async ({ page }) => {
  await page.goto('./');
  await page.getByRole('button', { name: 'Try the demo shop' }).click();
  const search = page.getByLabel('Search customers');
  await expect(search).toBeVisible();
  const first = page.locator('.result').first();
  await expect(first).toBeVisible();

  // The last four digits of a listed customer's phone find that customer.
  const masked = (await first.locator('.result-phone').textContent()) ?? '';
  const lastFour = masked.replace(/\D/g, '').slice(-4);
  const name = (await first.locator('.result-name').textContent()) ?? '';
  expect(lastFour).toHaveLength(4);
  await search.fill(lastFour);
  await expect(page.locator('.result-name', { hasText: name }).first()).toBeVisible();

  // A Devanagari name from the demo data, searched by its first word.
  await search.fill('');
  const names = await page.locator('.result-name').allTextContents();
  const devanagari = names.find((n) => /[\u0900-\u097F]/.test(n));
  expect(devanagari, 'the demo lists a customer with a Devanagari name').toBeTruthy();
  const word = devanagari!.split(' ')[0];
  await search.fill(word);
  await expect(page.locator('.result-name').first()).toContainText(word);

  await page.locator('.result').first().click();
  await expect(page.getByRole('progressbar', { name: 'Stamps' })).toBeVisible();
});

test('switching to Hindi shows Hindi texts, and it is remembered', async ({ page }) => {
  await setUpShop(page);
  await chooseLanguage(page, 'hi');
  await expect(page.getByRole('link', { name: 'नया ग्राहक' })).toBeVisible();
  await expect(page.getByLabel('ग्राहक खोजें')).toBeVisible();
  await expect(page.getByRole('link', { name: 'सेटिंग्स' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'hi');
  await page.reload();
  await expect(page.getByRole('link', { name: 'नया ग्राहक' })).toBeVisible();
  await page.getByRole('link', { name: 'नया ग्राहक' }).click();
  await page.getByLabel('नाम', { exact: true }).fill('सीमा');
  await page.getByLabel('फ़ोन', { exact: true }).fill('12');
  await page.getByRole('button', { name: 'सेव करें' }).click();
  await expect(page.getByText('यह सही भारतीय मोबाइल नंबर नहीं है')).toBeVisible();
});
