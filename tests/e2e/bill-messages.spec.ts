import { test, expect } from './fixtures';
import { addCustomer } from './helpers';
import type { Page } from '@playwright/test';

// Issue 8, item 5: the bill field of a per-amount shop shows one message at a time, always the
// current one; Enter adds the stamp; a currency sign is accepted; the cap is explained.

const sizes = [
  { name: 'tablet', viewport: { width: 1280, height: 800 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
];

/** A shop earning one stamp per ₹50, from ₹100, at most 5 a visit, with one customer open. */
async function perAmountCustomer(page: Page) {
  await page.goto('./');
  await expect(page.getByRole('heading', { name: 'Set up your shop' })).toBeVisible();
  await page.getByLabel('Shop name').fill('Sharma Sweets');
  await page.getByLabel('Earn stamps').selectOption('amount');
  await page.getByLabel('Amount per stamp').fill('50');
  await page.getByLabel('Minimum bill').fill('100');
  await page.getByLabel('Most stamps per visit').fill('5');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByLabel('Search customers')).toBeVisible();
  await addCustomer(page, 'Asha Verma', '98765 43210');
  return {
    bill: page.getByLabel(/Bill amount/),
    addStamp: page.getByRole('button', { name: 'Add stamp', exact: true }),
    progress: page.getByRole('progressbar', { name: 'Stamps' }),
    status: page.getByRole('status'),
    alert: page.locator('.alert-slot'),
  };
}

for (const size of sizes) {
  test.describe(`per-amount bill on a ${size.name}`, () => {
    test.use({ viewport: size.viewport });

    test('one current message at a time, and Enter adds the stamp', async ({ page }) => {
      const s = await perAmountCustomer(page);
      const noStamps = page.getByText('This bill earns no stamps');
      const buttonAt = await s.addStamp.boundingBox();

      await s.bill.fill('80');
      await expect(noStamps).toHaveCount(1);
      await expect(s.bill).toHaveAttribute('aria-invalid', 'true');
      await s.addStamp.click();
      await expect(noStamps).toHaveCount(1);
      await expect(s.alert).toHaveText('');
      await expect(s.progress).toHaveAttribute('aria-valuenow', '0');

      await s.bill.fill('250');
      await expect(page.getByText('This bill earns 5 stamps')).toBeVisible();
      await expect(noStamps).toHaveCount(0);
      await expect(s.bill).toHaveAttribute('aria-invalid', 'false');
      // The message came and went; the button stayed where the finger is.
      expect(await s.addStamp.boundingBox()).toEqual(buttonAt);

      await s.bill.press('Enter');
      await expect(s.status).toContainText('Stamps added: 5');
      await expect(s.progress).toHaveAttribute('aria-valuenow', '5');
      await expect(s.bill).toHaveValue('');
      await expect(page.getByText('This bill earns 5 stamps')).toHaveCount(0);

      // The next bill's message replaces the last action's line instead of sitting beside it.
      await s.bill.fill('150');
      await expect(page.getByText('This bill earns 3 stamps')).toBeVisible();
      await expect(page.getByText('Stamps added: 5')).toHaveCount(0);
      expect(await s.addStamp.boundingBox()).toEqual(buttonAt);
    });

    test('a bad amount is marked once; currency signs are read; the cap is explained', async ({ page }) => {
      const s = await perAmountCustomer(page);
      const malformed = page.getByText('Enter an amount in digits');
      const buttonAt = await s.addStamp.boundingBox();

      await s.addStamp.click();
      await expect(page.getByText('Enter an amount.')).toHaveCount(1);
      await expect(s.bill).toHaveAttribute('aria-invalid', 'true');

      await s.bill.fill('12a');
      await expect(malformed).toHaveCount(1);
      await s.addStamp.click();
      await expect(malformed).toHaveCount(1);
      await expect(s.bill).toHaveAttribute('aria-invalid', 'true');
      await expect(s.progress).toHaveAttribute('aria-valuenow', '0');
      // The longest message did not push the button from under the finger.
      expect(await s.addStamp.boundingBox()).toEqual(buttonAt);

      await s.bill.fill('৳250');
      await expect(page.getByText('This bill earns 5 stamps')).toBeVisible();
      await s.bill.fill('₹1,50,000');
      await expect(page.getByText('5 stamps — the most for one visit')).toBeVisible();
      expect(await s.addStamp.boundingBox()).toEqual(buttonAt);
      await s.bill.fill('₹250');
      await expect(page.getByText('This bill earns 5 stamps')).toBeVisible();
      await expect(s.bill).toHaveAttribute('aria-invalid', 'false');
      await s.addStamp.click();
      await expect(s.status).toContainText('Stamps added: 5');
      await expect(s.progress).toHaveAttribute('aria-valuenow', '5');

      await page.reload();
      await expect(s.progress).toHaveAttribute('aria-valuenow', '5');
    });
  });
}
