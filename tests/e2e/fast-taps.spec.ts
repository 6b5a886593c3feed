import { test, expect } from './fixtures';
import { addCustomer, setUpShop } from './helpers';
import type { Page } from '@playwright/test';

// Issue 7, promise 10: a burst of quick taps on "Add stamp" must add one stamp and one visit,
// not one per tap. A second stamp for the same customer within a minute is only added after
// the clerk confirms it, and each stamp of the visit can be undone.

const sizes = [
  { name: 'tablet', viewport: { width: 1280, height: 800 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
];

function screen(page: Page) {
  return {
    addStamp: page.getByRole('button', { name: 'Add stamp', exact: true }),
    progress: page.getByRole('progressbar', { name: 'Stamps' }),
    status: page.getByRole('status'),
    question: page.getByText('Add another stamp for this visit?'),
    addAnother: page.getByRole('button', { name: 'Yes, add another', exact: true }),
    no: page.getByRole('button', { name: 'No', exact: true }),
    undo: page.getByRole('button', { name: 'Undo', exact: true }),
  };
}

/** After a burst: every tap was handled, one stamp and one visit are on screen and saved. */
async function expectOneStampSaved(page: Page) {
  const s = screen(page);
  // Every tap has been dispatched; once no stamp is being saved, the screen is settled.
  await expect(s.addStamp).toBeEnabled();
  await expect(s.progress).toHaveAttribute('aria-valuenow', '1');
  await expect(s.progress).toContainText('1 of 10 stamps');
  await expect(page.getByText('Visits: 1', { exact: true })).toBeVisible();
  await expect(s.status).toContainText('Stamps added: 1');
  // The other taps either came while the stamp was being saved (and did nothing) or asked
  // "Add another stamp for this visit?" (which waits for an answer); neither added a stamp.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Asha Verma' })).toBeVisible();
  await expect(s.progress).toHaveAttribute('aria-valuenow', '1');
  await expect(page.getByText('Visits: 1', { exact: true })).toBeVisible();
}

for (const size of sizes) {
  test.describe(`on a ${size.name} with touch`, () => {
    test.use({ viewport: size.viewport, hasTouch: true });

    test('five quick taps add one stamp and one visit', async ({ page }) => {
      await setUpShop(page);
      await addCustomer(page, 'Asha Verma', '98765 43210');
      const { addStamp } = screen(page);
      await Promise.all(Array.from({ length: 5 }, () => addStamp.tap()));
      await expectOneStampSaved(page);
    });

    test('five fast clicks and a double click add one stamp and one visit', async ({ page }) => {
      await setUpShop(page);
      await addCustomer(page, 'Asha Verma', '98765 43210');
      const { addStamp } = screen(page);
      await Promise.all(Array.from({ length: 5 }, () => addStamp.click()));
      await addStamp.dblclick();
      await expectOneStampSaved(page);
    });

    test('another stamp for the visit needs a yes, shows the total, and both can be undone', async ({ page }) => {
      await setUpShop(page);
      await addCustomer(page, 'Asha Verma', '98765 43210');
      const s = screen(page);
      await s.addStamp.click();
      await expect(s.status).toContainText('Stamps added: 1');
      await expect(s.progress).toHaveAttribute('aria-valuenow', '1');

      // A second tap asks; "No" adds nothing.
      await s.addStamp.click();
      await expect(s.question).toBeVisible();
      await s.no.click();
      await expect(s.question).toBeHidden();
      await expect(s.progress).toHaveAttribute('aria-valuenow', '1');

      // Leaving the customer and coming back within the minute still asks.
      await page.getByRole('link', { name: 'Counter' }).click();
      await expect(page.getByLabel('Search customers')).toBeVisible();
      await page.goBack();
      await expect(page.getByRole('heading', { name: 'Asha Verma' })).toBeVisible();
      await expect(s.status).toContainText('Stamps added: 1');

      // Asked again, "Yes, add another" adds the second stamp of the visit.
      const before = await s.addStamp.boundingBox();
      await s.addStamp.click();
      await expect(s.question).toBeVisible();
      // The question appears below the buttons: "Add stamp" did not move under the finger.
      expect(await s.addStamp.boundingBox()).toEqual(before);
      // A double tap on "Yes" adds one stamp, and its second tap lands on nothing: what is below
      // the question does not move up into its place at once.
      const below = page.locator('.card-share');
      await s.addAnother.scrollIntoViewIfNeeded();
      const belowAt = await below.boundingBox();
      await s.addAnother.dblclick();
      await expect(s.status).toContainText('2 stamps added now');
      expect(await below.boundingBox()).toEqual(belowAt);
      await expect(s.question).toBeHidden();
      await expect(s.progress).toHaveAttribute('aria-valuenow', '2');
      // Two stamps, one visit: the second stamp was for the same visit.
      await expect(page.getByText('Visits: 1', { exact: true })).toBeVisible();

      // Undo takes them back one at a time, newest first, and stays where it was tapped.
      const undoAt = await s.undo.boundingBox();
      await s.undo.click();
      await expect(s.progress).toHaveAttribute('aria-valuenow', '1');
      await expect(s.status).toContainText('Undone');
      await expect(s.status).toContainText('1 stamp added now');
      expect(await s.undo.boundingBox()).toEqual(undoAt);
      await s.undo.click();
      await expect(s.progress).toHaveAttribute('aria-valuenow', '0');
      await expect(s.undo).toHaveCount(0);

      await page.reload();
      await expect(page.getByRole('heading', { name: 'Asha Verma' })).toBeVisible();
      await expect(s.progress).toHaveAttribute('aria-valuenow', '0');
      await expect(page.getByText('No visits yet')).toBeVisible();
      // With both undone, the next tap is a new visit again: no question.
      await s.addStamp.click();
      await expect(s.status).toContainText('Stamps added: 1');
      await expect(s.question).toBeHidden();
    });
  });
}
