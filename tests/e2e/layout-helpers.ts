// Shared steps of the layout specs (layout-*.spec.ts, reward-moment, tap-targets, screenshots):
// the two screens the app is made for, a shop with a chosen card size, and measurements.
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

export const TABLET = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };
export const SIZES = [
  { name: 'tablet', ...TABLET },
  { name: 'phone', ...PHONE },
];

/** Sets up a per-visit shop with `perReward` stamps for a reward (and `welcome` welcome stamps). */
export async function setUpShopWith(page: Page, perReward: number, welcome = 0, name = 'Chai Point') {
  await page.goto('./');
  await expect(page.getByRole('heading', { name: 'Set up your shop' })).toBeVisible();
  await page.getByLabel('Shop name').fill(name);
  await page.getByLabel('Stamps for a reward').fill(String(perReward));
  if (welcome) await page.getByLabel('Welcome stamps').fill(String(welcome));
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByLabel('Search customers')).toBeVisible();
}

/** Loads the demo shop (it has customers with rewards ready). */
export async function demoShop(page: Page) {
  await page.goto('./');
  await page.getByRole('button', { name: 'Try the demo shop' }).click();
  await expect(page.getByLabel('Search customers')).toBeVisible();
  await expect(page.locator('.results li').first()).toBeVisible();
}

// The header's language select: one helper for every spec, in fixtures.ts.
export { chooseLanguage } from './fixtures';

/** Fails if the page scrolls sideways. */
export async function expectNoSidewaysScroll(page: Page, what: string) {
  const { scroll, inner } = await page.evaluate(() => ({
    scroll: document.scrollingElement!.scrollWidth,
    inner: window.innerWidth,
  }));
  expect(scroll, `${what}: the page scrolls sideways (${scroll} > ${inner})`).toBeLessThanOrEqual(inner);
}

/** Fails if `locator`'s text is cut (its content is wider than its box). */
export async function expectNotClipped(locator: Locator, what: string) {
  const { scroll, client, text } = await locator.evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth, text: e.textContent }));
  expect(scroll, `${what}: "${text}" is cut (${scroll} > ${client})`).toBeLessThanOrEqual(client);
}

/** Whether box `inner` lies within box `outer` (1 px of rounding allowed). */
export function within(inner: { x: number; y: number; width: number; height: number }, outer: { x: number; y: number; width: number; height: number }) {
  return (
    inner.x >= outer.x - 1 &&
    inner.y >= outer.y - 1 &&
    inner.x + inner.width <= outer.x + outer.width + 1 &&
    inner.y + inner.height <= outer.y + outer.height + 1
  );
}
