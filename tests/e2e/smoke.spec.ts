import { test, expect } from './fixtures';

test('the app loads and shows its heading', async ({ page }) => {
  await page.goto('./');
  await expect(page).toHaveTitle('Mohar');
  // The heading is rendered by the wasm app, so this also proves the wasm started.
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});

test('the web app manifest is linked and served', async ({ page, request }) => {
  await page.goto('./');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  const res = await request.get(href!);
  expect(res.ok()).toBeTruthy();
  expect((await res.json()).name).toBe('Mohar');
});
