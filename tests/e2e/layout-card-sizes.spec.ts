// Issue 8, item 2: a card of any size from 1 to 100 fits a phone and a tablet, on the customer
// screen and on the customer's card page: the circles stay inside the card, "N of M stamps" is
// never cut, no page scrolls sideways, and "Add stamp" is on the screen without scrolling.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { addCustomer } from './helpers';
import { SIZES, expectNoSidewaysScroll, expectNotClipped, setUpShopWith, within } from './layout-helpers';

const CARD_SIZES = [1, 10, 13, 15, 30, 100];

/**
 * Checks the stamp card of the current page: inside the screen, its circles inside it. The
 * counter's card (src/app/stamp_card.rs) has the count inside the progress bar and circles
 * `.stamp`; the card page's (web/core.js) has the count below it and circles `i`.
 */
async function checkCard(page: Page, what: string, on: number, per: number, cardPage = false) {
  const card = page.getByRole('progressbar', { name: 'Stamps' });
  await expect(card).toHaveAttribute('aria-valuemax', String(per));
  await expect(card).toHaveAttribute('aria-valuenow', String(on));
  // Both say "stamp" for a card of one: the plural follows the card's size.
  const count = `${on} of ${per} ${per === 1 ? 'stamp' : 'stamps'}`;
  await expect((cardPage ? page : card).getByText(count, { exact: true })).toBeVisible();
  await expectNoSidewaysScroll(page, what);
  await expectNotClipped(page.locator(cardPage ? '.count' : '.stamp-text'), `${what}: the count`);
  const viewport = page.viewportSize()!;
  // The card and its circles measured in one go, in the same frame: measured apart, a part of the
  // screen that arrives meanwhile (the panels' bundle, above or beside the card) can move the
  // card between the two reads and make a circle look outside it.
  const { cardBox, circles } = await card.evaluate((element, selector) => {
    const box = (r: DOMRect) => ({ x: r.x, y: r.y, width: r.width, height: r.height });
    return { cardBox: box(element.getBoundingClientRect()), circles: [...element.querySelectorAll(selector)].map((e) => box(e.getBoundingClientRect())) };
  }, cardPage ? 'i' : '.stamp');
  expect(cardBox.x + cardBox.width, `${what}: the card is wider than the screen`).toBeLessThanOrEqual(viewport.width);
  for (const circle of circles) {
    expect(within(circle, cardBox), `${what}: a circle spills out of the card`).toBe(true);
    // A circle that is too small to read is no circle.
    expect(circle.width, `${what}: circles of ${circle.width} px`).toBeGreaterThanOrEqual(16);
  }
}

for (const size of SIZES) {
  test.describe(`${size.name} ${size.width}×${size.height}`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });
    for (const per of CARD_SIZES) {
      test(`a card of ${per} fits the customer screen and the card page`, async ({ page }) => {
        await setUpShopWith(page, per);
        await addCustomer(page, 'Asha Verma', '98765 43210');
        const addStamp = page.getByRole('button', { name: 'Add stamp', exact: true });
        await addStamp.click();
        const on = per === 1 ? 0 : 1;
        await expect(page.getByRole('status')).toContainText('Stamps added: 1');
        await page.getByRole('button', { name: 'Redeem reward' }).isVisible();
        // The reward moment of a 1-stamp card shows it full; the next action shows the new card.
        if (per === 1) {
          await checkCard(page, `customer, card of ${per}, full`, 1, 1);
          await page.reload();
          await expect(page.getByRole('heading', { name: 'Asha Verma' })).toBeVisible();
        }
        await checkCard(page, `customer, card of ${per}`, on, per);
        await page.evaluate(() => window.scrollTo(0, 0));
        const box = (await addStamp.boundingBox())!;
        expect(box.y + box.height, `"Add stamp" is below the fold (card of ${per})`).toBeLessThanOrEqual(size.height);

        // The customer's card page, as the link opens it.
        const link = (await page.getByRole('link', { name: 'Card link' }).getAttribute('href'))!;
        await page.goto(link);
        await checkCard(page, `card page, card of ${per}`, on, per, true);
      });
    }
  });
}
