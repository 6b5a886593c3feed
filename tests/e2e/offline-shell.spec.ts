import { test, expect } from './fixtures';

test('after the first visit the app starts with the network off', async ({ page, context }) => {
  await page.goto('./');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  // `ready` resolves once a worker is active, i.e. after its install step precached the shell;
  // the active worker may still be "activating" then (its activate step cleans old caches), so
  // wait for "activated" before going offline.
  const cache = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    const worker = reg.active;
    if (worker && worker.state !== 'activated') {
      await new Promise<void>((resolve) => {
        worker.addEventListener('statechange', () => {
          if (worker.state === 'activated') resolve();
        });
      });
    }
    const keys = await caches.keys();
    return { active: reg.active?.state, keys };
  });
  expect(cache.active).toBe('activated');
  expect(cache.keys.some((k) => /^mohar-shell-[0-9a-f]{16}$/.test(k))).toBeTruthy();

  await context.setOffline(true);
  await page.reload();
  await expect(page).toHaveTitle('Mohar');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // The page is now served by, and controlled by, the service worker.
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBeTruthy();
});
