// Issue 8, items 6–8: set-up and Settings check every field at once and say the true range;
// the demo shop can be left for a real one; the shop's name and country can be corrected.
import { type Locator, type Page } from '@playwright/test';
import { chooseLanguage, expect, test } from './fixtures';
import { addCustomer, addStamps, setUpShop } from './helpers';
import { currentLink, phone } from './card-helpers';

const SIZES = [
  { label: 'tablet', viewport: { width: 1280, height: 800 } },
  { label: 'phone', viewport: { width: 390, height: 844 } },
];

/** The field is marked invalid and its error, beside it, says `text`. */
async function expectFieldError(page: Page, field: Locator, text: string | RegExp) {
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  const id = await field.getAttribute('aria-describedby');
  expect(id).toBeTruthy();
  const error = page.locator(`[id="${id}"]`);
  await expect(error).toHaveText(text);
  await expect(error).toBeVisible();
  // Beside its field: the error starts below the field and within a line or two of it.
  const [f, e] = [await field.boundingBox(), await error.boundingBox()];
  expect(e!.y).toBeGreaterThanOrEqual(f!.y + f!.height - 1);
  expect(e!.y - (f!.y + f!.height)).toBeLessThan(40);
  // Nothing cut off at the right edge of the screen.
  expect(e!.x + e!.width).toBeLessThanOrEqual(page.viewportSize()!.width);
}

const PER_VISIT_10 = 'Enter a number from 1 to 10: one visit fills at most one card.';
const WELCOME_10 = 'Enter a number from 0 to 9: a full card is 10 stamps, and a new customer should not start with a reward.';

for (const { label, viewport } of SIZES) {
  test.describe(`on a ${label}`, () => {
    test.use({ viewport });

    test('first run shows every field error at once, each beside its field', async ({ page }) => {
      await page.goto('./');
      await expect(page.getByRole('heading', { name: 'Set up your shop' })).toBeVisible();
      await page.getByLabel('Reward', { exact: true }).fill('  ');
      await page.getByLabel('Stamps each visit').fill('0');
      await page.getByLabel('Welcome stamps').fill('25');
      await page.getByRole('button', { name: 'Start' }).click();

      await expectFieldError(page, page.getByLabel('Shop name'), 'Enter a name.');
      await expectFieldError(page, page.getByLabel('Reward', { exact: true }), 'Describe the reward.');
      await expectFieldError(page, page.getByLabel('Stamps each visit'), PER_VISIT_10);
      await expectFieldError(page, page.getByLabel('Welcome stamps'), WELCOME_10);
      await expect(page.getByLabel('Stamps for a reward')).toHaveAttribute('aria-invalid', 'false');
      await expect(page.getByRole('heading', { name: 'Set up your shop' })).toBeVisible();
      await noSidewaysScroll(page);

      // Corrected, the shop starts.
      await page.getByLabel('Shop name').fill('Chai Point');
      await page.getByLabel('Reward', { exact: true }).fill('1 free chai');
      await page.getByLabel('Stamps each visit').fill('1');
      await page.getByLabel('Welcome stamps').fill('0');
      await page.getByRole('button', { name: 'Start' }).click();
      await expect(page.getByLabel('Search customers')).toBeVisible();
    });

    test('Settings shows every program error at once, with the true ranges', async ({ page }) => {
      await saveProgramWithThreeErrors(page);

      await expectFieldError(page, page.getByLabel('Reward', { exact: true }), 'Describe the reward.');
      await expectFieldError(page, page.getByLabel('Stamps each visit'), 'Enter a number from 1 to 12: one visit fills at most one card.');
      await expectFieldError(
        page,
        page.getByLabel('Welcome stamps'),
        'Enter a number from 0 to 11: a full card is 12 stamps, and a new customer should not start with a reward.',
      );
      await expect(page.getByText('Program saved')).toHaveCount(0);
      await noSidewaysScroll(page);

      // Per amount: the cap too stays within one card, and a bad amount is its own error.
      await page.getByLabel('Earn stamps').selectOption('amount');
      await page.getByLabel(/^Amount per stamp/).fill('abc');
      await page.getByLabel(/^Most stamps per visit/).fill('11');
      await page.getByLabel('Stamps for a reward').fill('10');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await expectFieldError(page, page.getByLabel(/^Amount per stamp/), /^Enter an amount in digits/);
      await expectFieldError(page, page.getByLabel(/^Most stamps per visit/), PER_VISIT_10);
      await expectFieldError(page, page.getByLabel('Welcome stamps'), /^Enter a number from 0 to 9: a full card is 10 stamps/);
      await expectFieldError(page, page.getByLabel('Reward', { exact: true }), 'Describe the reward.');

      await page.getByLabel(/^Amount per stamp/).fill('100');
      await page.getByLabel(/^Most stamps per visit/).fill('10');
      await page.getByLabel('Welcome stamps').fill('9');
      await page.getByLabel('Reward', { exact: true }).fill('1 free chai');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(page.getByText('Program saved')).toBeVisible();
      for (const field of ['Welcome stamps', 'Stamps for a reward'])
        await expect(page.getByLabel(field)).toHaveAttribute('aria-invalid', 'false');
    });

    test('Settings errors read in Hindi too, and fit the screen', async ({ page }) => {
      await saveProgramWithThreeErrors(page);
      const program = page.locator('.card-panel').filter({ has: page.getByRole('heading', { name: 'Loyalty program' }) });
      await expect(page.getByLabel('Welcome stamps')).toHaveAttribute('aria-invalid', 'true');
      await noSidewaysScroll(page);
      if (process.env.SCREENSHOTS) await program.screenshot({ path: `docs/screenshots/settings-errors-${label}.png` });

      await chooseLanguage(page, 'hi');
      await expectFieldError(page, page.getByLabel('हर बार कितनी मोहरें'), '1 से 12 तक की संख्या डालें: एक बार आने पर ज़्यादा से ज़्यादा एक कार्ड भरता है।');
      await expectFieldError(page, page.getByLabel('स्वागत की मोहरें'), /^0 से 11 तक की संख्या डालें: पूरा कार्ड 12 मोहरों का है/);
      await expectFieldError(page, page.getByLabel('इनाम', { exact: true }), 'इनाम लिखें।');
      await noSidewaysScroll(page);
      const programHi = page.locator('.card-panel').filter({ has: page.getByRole('heading', { name: 'इनाम की स्कीम' }) });
      if (process.env.SCREENSHOTS) await programHi.screenshot({ path: `docs/screenshots/settings-errors-hindi-${label}.png` });
    });
  });
}

async function noSidewaysScroll(page: Page) {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll).toBeLessThanOrEqual(client);
}

/** A new shop's Settings, saved with a 12-stamp card, no reward text, 13 stamps a visit and 12
 *  welcome stamps: three errors at once. */
async function saveProgramWithThreeErrors(page: Page) {
  await setUpShop(page);
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Stamps for a reward').fill('12');
  await page.getByLabel('Reward', { exact: true }).fill('');
  await page.getByLabel('Stamps each visit').fill('13');
  await page.getByLabel('Welcome stamps').fill('12');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
}

test('welcome stamps of a full card or more are refused with the reason', async ({ page }) => {
  await page.goto('./');
  await page.getByLabel('Shop name').fill('Chai Point');
  for (const welcome of ['10', '25']) {
    await page.getByLabel('Welcome stamps').fill(welcome);
    await page.getByRole('button', { name: 'Start' }).click();
    await expectFieldError(page, page.getByLabel('Welcome stamps'), WELCOME_10);
    await expect(page.getByRole('heading', { name: 'Set up your shop' })).toBeVisible();
  }
  await page.getByLabel('Welcome stamps').fill('9');
  await page.getByRole('button', { name: 'Start' }).click();
  await addCustomer(page, 'Asha Verma', '98765 43210');
  const progress = page.getByRole('progressbar', { name: 'Stamps' });
  await expect(progress).toHaveAttribute('aria-valuenow', '9');
  // The "Rewards ready" line keeps its place so buttons never move, but shows nothing here.
  await expect(page.getByText(/^Rewards ready/)).toBeHidden();
});

/** Opens the demo shop and returns the name of one of its customers. */
async function openDemo(page: Page): Promise<string> {
  await page.goto('./');
  await page.getByRole('button', { name: 'Try the demo shop' }).click();
  await expect(page.getByLabel('Search customers')).toBeVisible();
  const name = (await page.locator('.result-name').first().textContent())!.trim();
  expect(name.length).toBeGreaterThan(0);
  return name;
}

async function search(page: Page, query: string) {
  await page.getByRole('link', { name: 'Counter' }).click();
  await page.getByLabel('Search customers').fill(query);
}

test('leaving the demo deletes it for good and the first run sets up a real shop', async ({ page }) => {
  const customer = await openDemo(page);
  await page.getByRole('link', { name: 'Settings' }).click();
  const demoKey = await page.getByLabel('Shop public key').inputValue();
  await page.getByLabel('Rewards page address').fill('https://demo.example/rewards');
  await page.getByRole('button', { name: 'Save address' }).click();
  await expect(page.getByText('Address saved')).toBeVisible();

  // The way out asks first, inline, and Cancel keeps everything.
  await page.getByRole('button', { name: 'Leave the demo and set up my shop' }).click();
  const warning = page.getByText('This deletes the demo shop from this device: all its customers, their stamps and its card key.', { exact: false });
  await expect(warning).toBeVisible();
  const confirm = page.getByRole('button', { name: 'Delete the demo and set up my shop' });
  await expect(confirm).toBeFocused();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(warning).toHaveCount(0);
  await search(page, customer);
  await expect(page.getByRole('link', { name: new RegExp(customer) }).first()).toBeVisible();

  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Leave the demo and set up my shop' }).click();
  await page.getByRole('button', { name: 'Delete the demo and set up my shop' }).click();
  await expect(page.getByRole('heading', { name: 'Set up your shop' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Settings' })).toHaveCount(0);
  expect(await page.evaluate(() => localStorage.getItem('mohar.rewards_page'))).toBeNull();
  // Nothing of the demo comes back on a reload.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Set up your shop' })).toBeVisible();

  await setUpShop(page, 'Gupta Kirana');
  await addCustomer(page, 'Asha Verma', '98765 43210');
  const expectOnlyRealCustomers = async () => {
    for (const query of [customer, customer.split(' ')[0], 'Sharma', '1', '9']) {
      await search(page, query);
      await expect(page.locator('a.result').filter({ hasNotText: 'Asha Verma' })).toHaveCount(0);
    }
    await search(page, customer);
    await expect(page.getByText('No customer matches this search.')).toBeVisible();
    await search(page, 'asha');
    await expect(page.getByRole('link', { name: /Asha Verma/ })).toBeVisible();
  };
  await expectOnlyRealCustomers();
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByLabel('Shop name')).toHaveValue('Gupta Kirana');
  await expect(page.getByRole('button', { name: 'Leave the demo and set up my shop' })).toHaveCount(0);
  await expect(page.getByLabel('Rewards page address')).toHaveValue('');
  const key = page.getByLabel('Shop public key');
  await expect(key).toHaveValue(/^[\w-]{43}$/);
  expect(await key.inputValue()).not.toBe(demoKey);

  await page.reload();
  await expect(page.getByLabel('Shop name')).toHaveValue('Gupta Kirana');
  await expectOnlyRealCustomers();
  await page.getByLabel('Search customers').fill('');
  await expect(page.locator('a.result')).toHaveCount(1);
});

test('a real shop has no way to be deleted as the demo', async ({ page }) => {
  await setUpShop(page, 'Sharma Tea Stall');
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Loyalty program' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Demo shop' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Leave the demo/ })).toHaveCount(0);
});

test('the shop name and country can be corrected; saved phone numbers stay as they are', async ({ page, browser }) => {
  await setUpShop(page, 'Chai Point');
  await addCustomer(page, 'Asha Verma', '98765 43210');
  await addStamps(page, 2);
  await page.getByRole('link', { name: 'Settings' }).click();
  const name = page.getByLabel('Shop name');
  await expect(name).toHaveValue('Chai Point');
  await expect(page.getByLabel('Country')).toHaveValue('IN');

  await name.fill('   ');
  await page.getByRole('button', { name: 'Save shop' }).click();
  await expectFieldError(page, name, 'Enter a name.');

  await name.fill('  Chai Corner ');
  await page.getByLabel('Country').selectOption('BD');
  await page.getByRole('button', { name: 'Save shop' }).click();
  await expect(page.getByText('Shop saved')).toBeVisible();
  await expect(name).toHaveValue('Chai Corner');
  await expect(name).toHaveAttribute('aria-invalid', 'false');
  // The currency sign follows the country at once.
  await page.getByLabel('Earn stamps').selectOption('amount');
  await expect(page.getByLabel('Amount per stamp (৳)')).toBeVisible();

  // A Bangladesh shop opens in Bengali unless a language was chosen on this device: this owner
  // chooses English, so the reload below stays in English.
  await chooseLanguage(page, 'en');
  await page.reload();
  await expect(page.getByLabel('Shop name')).toHaveValue('Chai Corner');
  await expect(page.getByLabel('Country')).toHaveValue('BD');

  // The card link carries the new name, after the reload too.
  await search(page, '3210');
  await page.getByRole('link', { name: /Asha Verma/ }).click();
  await expect(page.getByRole('heading', { name: 'Asha Verma' })).toBeVisible();
  const link = await currentLink(page);
  const customer = await phone(browser);
  await customer.page.goto(link);
  await expect(customer.page.getByRole('heading', { level: 1, name: 'Chai Corner' })).toBeVisible();
  expect(customer.errors).toEqual([]);
  await customer.context.close();

  // Asha's Indian number was not rewritten, and her details can still be corrected.
  await page.getByRole('link', { name: 'Edit' }).click();
  const phoneField = page.getByLabel('Phone');
  await expect(phoneField).toHaveValue(/^\+91\s*98765\s*43210$/);
  await page.getByLabel('Notes').fill('Less sugar');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name: 'Asha Verma' })).toBeVisible();
  await expect(page.getByText('Less sugar')).toBeVisible();
  await search(page, '43210');
  await expect(page.getByRole('link', { name: /Asha Verma/ })).toBeVisible();

  // New numbers are read as Bangladeshi now.
  await page.getByRole('link', { name: 'New customer' }).click();
  await page.getByLabel('Name').fill('Ravi');
  await page.getByLabel('Phone').fill('98765 43211');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('This is not a valid Bangladeshi mobile number', { exact: false })).toBeVisible();
  await page.getByLabel('Name').fill('Rahim');
  await page.getByLabel('Phone').fill('01712 345678');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name: 'Rahim' })).toBeVisible();
  await search(page, '5678');
  await expect(page.getByRole('link', { name: /Rahim/ })).toBeVisible();
});
