// Issue 8, item 1: the counter's list with rewards ready, and the other screens, at every width
// from a small phone to a wide tablet: no page scrolls sideways, the phone's digits are never
// cut, and a "Reward ready" badge stays inside its own card.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { chooseLanguage, demoShop, expectNoSidewaysScroll, expectNotClipped, within } from './layout-helpers';

const WIDTHS = [360, 390, 800, 1024, 1280, 1366, 1440];
const HEIGHT = 800;

/** Checks every item of the counter's list at the current width. */
async function checkList(page: Page, what: string) {
  const items = page.locator('.results > li');
  const count = await items.count();
  expect(count, `${what}: the list shows customers`).toBeGreaterThan(0);
  const boxes = await items.evaluateAll((lis) =>
    lis.map((li) => {
      const box = (e: Element | null) => {
        if (!e) return null;
        const r = e.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      };
      return {
        item: box(li),
        card: box(li.querySelector('.result')),
        phone: box(li.querySelector('.result-phone')),
        badge: box(li.querySelector('.badge')),
        name: li.querySelector('.result-name')?.textContent ?? '',
      };
    }),
  );
  let badges = 0;
  for (let i = 0; i < boxes.length; i++) {
    const { item, card, phone, badge, name } = boxes[i];
    expect(within(phone!, card!), `${what}: ${name}'s phone is inside the card`).toBe(true);
    if (!badge) continue;
    badges++;
    expect(within(badge, card!), `${what}: ${name}'s badge is inside the card`).toBe(true);
    const overlapsPhone =
      badge.x < phone!.x + phone!.width && phone!.x < badge.x + badge.width && badge.y < phone!.y + phone!.height && phone!.y < badge.y + badge.height;
    expect(overlapsPhone, `${what}: ${name}'s badge covers the phone`).toBe(false);
    for (let j = 0; j < boxes.length; j++) {
      if (j === i) continue;
      const other = boxes[j].item!;
      const overlaps = badge.x < other.x + other.width && other.x < badge.x + badge.width && badge.y < other.y + other.height && other.y < badge.y + badge.height;
      expect(overlaps, `${what}: ${name}'s badge covers ${boxes[j].name}`).toBe(false);
    }
    void item;
  }
  expect(badges, `${what}: the demo shop has rewards ready`).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) await expectNotClipped(items.nth(i).locator('.result-phone'), `${what} item ${i}`);
}

for (const language of ['en', 'hi'] as const) {
  test(`counter, customer and settings fit every width (${language})`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1280, height: HEIGHT });
    await demoShop(page);
    if (language === 'hi') await chooseLanguage(page, 'hi');
    const counter = page.url();
    const withReward = page.locator('.results > li', { has: page.locator('.badge') }).first();
    const customer = (await withReward.locator('a.result').getAttribute('href'))!;
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: HEIGHT });
      await page.goto(counter);
      await expect(page.locator('.results > li').first()).toBeVisible();
      await expectNoSidewaysScroll(page, `counter at ${width}`);
      await checkList(page, `counter at ${width}`);

      await page.goto(new URL(customer, counter).href);
      await expect(page.getByRole('progressbar')).toBeVisible();
      await expectNoSidewaysScroll(page, `customer at ${width}`);
      await expectNotClipped(page.locator('.stamp-text'), `customer's stamp count at ${width}`);

      await page.goto(new URL('#/settings', counter).href);
      await expect(page.locator('main h1, main h2').first()).toBeVisible();
      await expectNoSidewaysScroll(page, `settings at ${width}`);
    }
  });
}

test('first run fits every width', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByRole('heading', { name: 'Set up your shop' })).toBeVisible();
  for (const language of ['en', 'hi'] as const) {
    if (language === 'hi') await chooseLanguage(page, 'hi');
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: HEIGHT });
      await expectNoSidewaysScroll(page, `first run at ${width} (${language})`);
    }
  }
});
