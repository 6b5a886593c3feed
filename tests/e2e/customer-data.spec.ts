import { chooseLanguage, expect, test } from './fixtures';
import { setUpShop, addCustomer, addStamps } from './helpers';
import type { Page } from '@playwright/test';

// Issue 8, items 9–12: removing a customer added by mistake, numbers and phones shown as people
// write them, a search that found nobody carried into "New customer", and Copy buttons.

const sizes = [
  { name: 'tablet', viewport: { width: 1280, height: 800 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
];

/** The search lists nobody ("No customer matches…" or, with none left, "No customers yet"). */
async function expectNobody(page: Page) {
  await expect(page.locator('#search-results .empty')).toBeVisible();
  await expect(page.locator('.result')).toHaveCount(0);
}

/** Goes back to the counter and searches. */
async function search(page: Page, query: string) {
  await page.getByRole('link', { name: 'Counter' }).click();
  await page.getByLabel('Search customers').fill(query);
}

test.describe('removing a customer added by mistake (item 9)', () => {
  test('a customer without visits is removed after an inline question; the phone is free again', async ({ page }) => {
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs++;
      void dialog.dismiss();
    });
    await setUpShop(page);
    await addCustomer(page, 'Ravi Kumar', '91234 56780');
    await page.getByRole('link', { name: 'Counter' }).click();
    await addCustomer(page, 'Asha Verma', '98765 43210');
    const removedUrl = page.url();

    // "No, keep" changes nothing.
    await page.getByRole('button', { name: 'Remove customer' }).click();
    const question = page.getByRole('group', { name: /Remove Asha Verma\?/ });
    await expect(question).toBeVisible();
    await question.getByRole('button', { name: 'No, keep' }).click();
    await expect(question).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Asha Verma' })).toBeVisible();

    await page.getByRole('button', { name: 'Remove customer' }).click();
    await page.getByRole('button', { name: 'Yes, remove' }).click();
    await expect(page.getByLabel('Search customers')).toBeVisible();
    expect(dialogs, 'an inline question, not window.confirm').toBe(0);

    // Gone from search, by name and by phone, also after a reload (from the stored index).
    for (const reload of [false, true]) {
      if (reload) await page.reload();
      await page.getByLabel('Search customers').fill('Asha');
      await expectNobody(page);
      await page.getByLabel('Search customers').fill('3210');
      await expectNobody(page);
    }

    // The removed customer's page cannot be opened.
    await page.goto(removedUrl);
    await expect(page.getByText('This customer was removed.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Add stamp', exact: true })).toHaveCount(0);

    // The phone number can be used for a new customer.
    await page.goto('./');
    await addCustomer(page, 'Asha V', '+91 98765 43210');
    await search(page, '3210');
    await expect(page.locator('.result-name')).toHaveText(['Asha V']);
    await page.getByLabel('Search customers').fill('Ravi');
    await expect(page.locator('.result-name')).toHaveText(['Ravi Kumar']);
  });

  test('within two minutes of being added, a customer with a visit can still be removed', async ({ page }) => {
    await setUpShop(page);
    await addCustomer(page, 'Ravi Kumar', '91234 56780');
    await addStamps(page, 1);
    await page.getByRole('button', { name: 'Remove customer' }).click();
    await page.getByRole('button', { name: 'Yes, remove' }).click();
    await page.getByLabel('Search customers').fill('Ravi');
    await expectNobody(page);
  });

  test('a customer with earlier visits cannot be removed, and the screen says why', async ({ page }) => {
    await page.goto('./');
    await page.getByRole('button', { name: 'Try the demo shop' }).click();
    await expect(page.locator('.result').first()).toBeVisible();
    // A demo customer whose visits are days old.
    await page.locator('.result').first().click();
    await expect(page.getByText(/Visits: [1-9]/)).toBeVisible();
    const name = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
    await page.getByRole('button', { name: 'Remove customer' }).click();
    await expect(page.getByText(`${name} already has visits on the card, so they can't be removed.`, { exact: false })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Yes, remove' })).toHaveCount(0);
  });

  test('in Hindi, the question and the reason are Hindi', async ({ page }) => {
    await setUpShop(page);
    await chooseLanguage(page, 'hi');
    await page.getByRole('link', { name: 'नया ग्राहक' }).click();
    await page.getByLabel('नाम', { exact: true }).fill('सीमा देवी');
    await page.getByLabel('फ़ोन', { exact: true }).fill('9812340000');
    await page.getByRole('button', { name: 'सेव करें' }).click();
    await page.getByRole('button', { name: 'ग्राहक हटाएँ' }).click();
    await expect(page.getByText('सीमा देवी को हटाएँ?')).toBeVisible();
    await page.getByRole('button', { name: 'हाँ, हटाएँ' }).click();
    await expect(page.getByLabel('ग्राहक खोजें')).toBeVisible();
  });
});

test.describe('numbers and phones as people write them (item 10)', () => {
  for (const size of sizes) {
    test(`the Edit form shows the phone as +91 98765 43210 (${size.name})`, async ({ page }) => {
      await page.setViewportSize(size.viewport);
      await setUpShop(page);
      await addCustomer(page, 'Asha Verma', '9876543210');
      await page.getByRole('link', { name: 'Edit' }).click();
      await expect(page.getByLabel('Phone')).toHaveValue('+91 98765 43210');
      // Saved as it is shown, it stays the same number.
      await page.getByRole('button', { name: 'Save' }).click();
      await expect(page.getByRole('heading', { name: 'Asha Verma' })).toBeVisible();
      await search(page, '9876543210');
      await expect(page.locator('.result-name')).toHaveText(['Asha Verma']);
    });
  }

  test('a per-amount program shows its amounts grouped the Indian way, and the bill too', async ({ page }) => {
    await page.goto('./');
    await page.getByLabel('Shop name').fill('Sharma Jewellers');
    await page.getByLabel('Earn stamps').selectOption('amount');
    await page.getByLabel('Amount per stamp').fill('1,50,000');
    await page.getByLabel('Minimum bill').fill('100000');
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByLabel('Search customers')).toBeVisible();
    await page.getByRole('link', { name: 'Settings' }).click();
    await expect(page.getByLabel('Amount per stamp')).toHaveValue('1,50,000');
    await expect(page.getByLabel('Minimum bill')).toHaveValue('1,00,000');
    await page.reload();
    await expect(page.getByLabel('Amount per stamp')).toHaveValue('1,50,000');

    await page.getByRole('link', { name: 'Counter' }).click();
    await addCustomer(page, 'Asha Verma', '98765 43210');
    const bill = page.getByLabel(/Bill amount/);
    await bill.fill('300000');
    await bill.blur();
    await expect(bill).toHaveValue('3,00,000');
    await expect(page.getByText('This bill earns 2 stamps')).toBeVisible();
  });
});

test.describe('a search that found nobody goes into "New customer" (item 11)', () => {
  test('the digits become the phone, a name the name', async ({ page }) => {
    await setUpShop(page);
    await page.getByLabel('Search customers').fill('98765 43210');
    await expectNobody(page);
    await page.getByRole('link', { name: 'New customer' }).click();
    await expect(page.getByLabel('Phone')).toHaveValue('98765 43210');
    await expect(page.getByLabel('Name')).toHaveValue('');
    await page.getByLabel('Name').fill('Asha Verma');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('heading', { name: 'Asha Verma' })).toBeVisible();

    await search(page, 'Ravi Kumar');
    await expectNobody(page);
    await page.getByRole('link', { name: 'New customer' }).click();
    await expect(page.getByLabel('Name')).toHaveValue('Ravi Kumar');
    await expect(page.getByLabel('Phone')).toHaveValue('');

    // A search that finds someone opens an empty form.
    await search(page, 'Asha');
    await expect(page.locator('.result-name')).toHaveText(['Asha Verma']);
    await page.getByRole('link', { name: 'New customer' }).click();
    await expect(page.getByLabel('Name')).toHaveValue('');
    await expect(page.getByLabel('Phone')).toHaveValue('');
  });
});

test.describe('Copy buttons, and code fields readable on a phone (item 12)', () => {
  test('the card link is copied, with an announced "Copied"', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await setUpShop(page);
    await addCustomer(page, 'Asha Verma', '98765 43210');
    const link = await page.getByRole('link', { name: 'Card link' }).getAttribute('href');
    await page.getByRole('button', { name: 'Copy link' }).click();
    const status = page.locator('.card-share .copy-status');
    await expect(status).toHaveText('Copied');
    await expect(status).toHaveAttribute('aria-live', 'polite');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  });

  test('without navigator.clipboard (plain http), the embed code is still copied', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    // What a page served over plain http on the shop's network sees.
    await context.addInitScript(() => {
      (window as unknown as { realClipboard: Clipboard }).realClipboard = navigator.clipboard;
      Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined });
    });
    await setUpShop(page);
    await page.getByRole('link', { name: 'Settings' }).click();
    const embed = await page.getByLabel('Embed code').inputValue();
    expect(embed).toContain('embed.js');
    const field = page.locator('.code-field', { has: page.getByLabel('Embed code') });
    await field.getByRole('button', { name: 'Copy' }).click();
    await expect(field.locator('.copy-status')).toHaveText('Copied');
    const copied = await page.evaluate(() => (window as unknown as { realClipboard: Clipboard }).realClipboard.readText());
    expect(copied).toBe(embed);
  });

  test('on a phone, the key and the embed code wrap inside the screen', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await setUpShop(page);
    await page.getByRole('link', { name: 'Settings' }).click();
    for (const label of ['Shop public key', 'Embed code']) {
      const field = page.getByLabel(label, { exact: true });
      await expect(field).not.toHaveValue('');
      const box = (await field.boundingBox())!;
      expect(box.x, label).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, label).toBeLessThanOrEqual(390);
      // Nothing is cut off sideways: the text wraps instead of scrolling out of sight.
      const overflow = await field.evaluate((el) => el.scrollWidth - el.clientWidth);
      expect(overflow, label).toBeLessThanOrEqual(0);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
