import { test, expect } from './fixtures';
import { addCustomer, setUpShop } from './helpers';

// Two tabs at one counter would each keep their own search index and could add the same phone
// twice, so the second tab says Mohar is open elsewhere, and takes over when the first closes.
test('a second tab waits while the first is open, then continues with fresh data', async ({ page, context }) => {
  await setUpShop(page);
  const second = await context.newPage();
  await second.goto('./');
  await expect(second.getByRole('alert')).toContainText('already open in another tab');
  await expect(second.getByLabel('Search customers')).toHaveCount(0);

  // The first tab keeps working, and what it saves is there when the second takes over.
  await addCustomer(page, 'Meena Joshi', '98111 22333');
  await page.close();
  await expect(second.getByLabel('Search customers')).toBeVisible();
  await second.getByLabel('Search customers').fill('2333');
  await expect(second.getByText('Meena Joshi')).toBeVisible();
});
