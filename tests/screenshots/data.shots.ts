import { test, expect } from '../e2e/fixtures';
import { setUpShop, addCustomer } from '../e2e/helpers';
import type { Page } from '@playwright/test';

// Issue 8, items 9–12: the customer screen with "Remove customer", the Edit form with a phone
// as people write it, a per-amount customer with a grouped bill, and Settings' embed code.

const dir = process.env.SHOTS_DIR || '/tmp/mohar-shots';
const sizes = [
  { name: 'tablet', viewport: { width: 1280, height: 800 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
];

async function hindi(page: Page) {
  await page.getByLabel('Language').selectOption('hi');
  await expect(page.locator('html')).toHaveAttribute('lang', 'hi');
}

for (const size of sizes) {
  for (const lang of ['en', 'hi']) {
    const suffix = `${lang === 'hi' ? 'hindi-' : ''}${size.name}`;
    test(`data screens ${suffix}`, async ({ page, context }) => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      await page.setViewportSize(size.viewport);
      await setUpShop(page);
      await addCustomer(page, 'Asha Verma', '9876543210');
      if (lang === 'hi') await hindi(page);
      const remove = page.locator('.remove-customer button').first();
      await remove.click();
      await page.locator('.ask-remove').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${dir}/customer-remove-${suffix}.png` });
      await page.locator('.ask-remove button').nth(1).click();
      await page.locator('.customer-head a.button').click();
      await expect(page.locator('#phone')).toHaveValue('+91 98765 43210');
      await page.screenshot({ path: `${dir}/edit-form-${suffix}.png` });
      await page.goto('./#/settings');
      await page.locator('#embed-code').scrollIntoViewIfNeeded();
      await page.locator('.code-field').last().locator('button').click();
      await page.screenshot({ path: `${dir}/settings-embed-${suffix}.png` });
    });

    test(`per-amount customer ${suffix}`, async ({ page }) => {
      await page.setViewportSize(size.viewport);
      await page.goto('./');
      await page.getByLabel('Shop name').fill('Sharma Jewellers');
      await page.getByLabel('Earn stamps').selectOption('amount');
      await page.getByLabel('Amount per stamp').fill('50,000');
      await page.getByLabel('Most stamps per visit').fill('5');
      await page.getByRole('button', { name: 'Start' }).click();
      await expect(page.getByLabel('Search customers')).toBeVisible();
      await addCustomer(page, 'Priya Nair', '98123 40000');
      if (lang === 'hi') await hindi(page);
      const bill = page.locator('#bill');
      await bill.fill('150000');
      await bill.blur();
      await expect(bill).toHaveValue('1,50,000');
      await page.screenshot({ path: `${dir}/per-amount-customer-${suffix}.png` });
    });
  }
}
