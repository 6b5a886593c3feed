// Issue 10, "Hear them out": feedback after a stamp and complaints, as a clerk and an owner use
// them. Each test in a fresh profile.
//   E2E_PORT=8613 npx playwright test tests/e2e/voice.spec.ts
// With SCREENSHOTS=1 it also writes the feedback prompt and the complaints list in Hindi and
// Bengali, on a tablet and a phone, to docs/screenshots (voice-<screen>-<lang>-<size>.png).
import { chooseLanguage, expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { addCustomer, setUpShop } from './helpers';
import { SIZES } from './layout-helpers';

const REVIEW_PAGE = 'https://g.page/r/chai-point/review';

async function setReviewPage(page: Page) {
  await page.getByRole('link', { name: 'Settings' }).click();
  const field = page.getByLabel('Review page address');
  const form = page.locator('form.review-page');
  // A page that is not https is refused, with the reason beside the field.
  await field.fill('http://g.page/r/chai-point/review');
  await form.getByRole('button', { name: 'Save review page' }).click();
  await expect(form.getByText('Enter an address starting with https://')).toBeVisible();
  await field.fill(REVIEW_PAGE);
  await form.getByRole('button', { name: 'Save review page' }).click();
  await expect(form.getByRole('status')).toContainText('Review page saved.');
  await page.getByRole('link', { name: 'Counter' }).click();
}

test('a 5-star rating offers the review link', async ({ page }) => {
  await setUpShop(page);
  await setReviewPage(page);
  await addCustomer(page, 'Asha Verma', '98765 43210');
  const addStamp = page.getByRole('button', { name: 'Add stamp', exact: true });
  // No question before a stamp.
  await expect(page.getByText('How was it today?')).toHaveCount(0);
  await addStamp.click();
  await expect(page.getByRole('status')).toContainText('Stamps added: 1');
  const prompt = page.getByRole('group', { name: 'How was it today?' });
  await expect(prompt).toBeVisible();
  // It holds nothing up: the next stamp can be added while it is open.
  await expect(addStamp).toBeEnabled();

  await prompt.getByRole('button', { name: '5 out of 5' }).click();
  await prompt.getByRole('button', { name: 'Praise' }).click();
  await prompt.getByLabel('What they said').fill('Best masala chai in the lane');
  await prompt.getByRole('button', { name: 'Save feedback' }).click();
  await expect(prompt.getByText('Feedback saved. Thank you!')).toBeVisible();
  const review = prompt.getByRole('link', { name: 'Happy customer! Ask for a review on WhatsApp' });
  await expect(review).toBeVisible();
  const href = (await review.getAttribute('href'))!;
  expect(href.startsWith('https://wa.me/919876543210?text=')).toBe(true);
  const message = decodeURIComponent(href.split('?text=')[1]);
  expect(message).toContain('Chai Point');
  expect(message.endsWith(REVIEW_PAGE)).toBe(true);
  await expect(review).toHaveAttribute('target', '_blank');

  // Carrying on dismisses it: the next action leaves no question behind.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('status')).toContainText('Undone');
  await expect(prompt).toHaveCount(0);

  // A middling rating saves without offering the review page.
  await addStamp.click();
  await expect(page.getByRole('status')).toContainText('Stamps added: 1');
  await prompt.getByRole('button', { name: '3 out of 5' }).click();
  await prompt.getByRole('button', { name: 'Save feedback' }).click();
  await expect(prompt.getByText('Feedback saved. Thank you!')).toBeVisible();
  await expect(prompt.getByRole('link')).toHaveCount(0);
});

/** A customer with a complaint taken at the counter. */
async function complain(page: Page, name: string, phone: string, what: string) {
  await page.getByRole('link', { name: 'Counter' }).click();
  await addCustomer(page, name, phone);
  await page.getByRole('button', { name: 'Complaint', exact: true }).click();
  await page.getByLabel('What happened?').fill(what);
  await page.getByRole('button', { name: 'Save complaint' }).click();
  await expect(page.getByText('Complaint noted.')).toBeVisible();
}

/** A shop with a complaint opened two days ago (the browser's clock set back, then forward to
 * now, so the app saved it at that time like any other) and one opened now. */
async function twoComplaints(page: Page) {
  const now = Date.now();
  await page.clock.install({ time: new Date(now - 2 * 24 * 3600 * 1000) });
  await setUpShop(page);
  await complain(page, 'Ravi Kumar', '98765 43211', 'Gave the wrong change');
  await page.clock.setSystemTime(new Date(now));
  await complain(page, 'Asha Verma', '98765 43210', 'The tea was cold');
}

test('a complaint goes open → resolved', async ({ page }) => {
  await twoComplaints(page);
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name: 'Feedback', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Open complaints' })).toBeVisible();
  const items = page.locator('.complaint-item');
  await expect(items).toHaveCount(2);
  // Oldest first, with its age; the one open for more than a day is highlighted.
  await expect(items.nth(0)).toContainText('Ravi Kumar');
  await expect(items.nth(0)).toContainText('Opened 2 days ago');
  await expect(items.nth(0)).toHaveClass(/overdue/);
  await expect(items.nth(0).getByText('Open for more than a day')).toBeVisible();
  await expect(items.nth(1)).toContainText('Asha Verma');
  await expect(items.nth(1)).toContainText('Opened today');
  await expect(items.nth(1)).not.toHaveClass(/overdue/);

  // Taken up: someone handles it, in progress.
  const asha = items.filter({ hasText: 'Asha Verma' });
  await asha.getByLabel('Who handles it').fill('Mina');
  await asha.getByLabel('Status').selectOption('in_progress');
  await asha.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Saved.', { exact: true })).toBeVisible();
  await expect(asha.getByLabel('Status')).toHaveValue('in_progress');
  await expect(asha.getByLabel('Who handles it')).toHaveValue('Mina');

  // Resolved with a note and two bonus stamps to say sorry.
  await asha.getByLabel('Status').selectOption('resolved');
  await asha.getByLabel('Resolution note').fill('Made a fresh cup');
  await asha.getByLabel('Bonus stamps').check();
  await asha.getByLabel('How many stamps').fill('2');
  await asha.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Resolved. Let Asha Verma know it has been sorted out.')).toBeVisible();
  await expect(items).toHaveCount(1);
  await expect(items.nth(0)).toContainText('Ravi Kumar');

  // The apology's stamps are on her card, once, and are not a visit.
  await page.getByRole('link', { name: 'Counter' }).click();
  await page.getByLabel('Search customers').fill('Asha');
  await page.getByRole('link', { name: /Asha Verma/ }).click();
  const card = page.getByRole('progressbar', { name: 'Stamps' });
  await expect(card).toHaveAttribute('aria-valuenow', '2');
  await expect(page.getByText('Visits: 0', { exact: true })).toBeVisible();
  await page.reload();
  await expect(card).toHaveAttribute('aria-valuenow', '2');
});

test.describe('screenshots', () => {
  test.skip(!process.env.SCREENSHOTS, 'set SCREENSHOTS=1 to write docs/screenshots');
  for (const size of SIZES) {
    test.describe(size.name, () => {
      test.use({ viewport: { width: size.width, height: size.height } });
      for (const code of ['hi', 'bn'] as const) {
        test(`${code}`, async ({ page }) => {
          await twoComplaints(page);
          await chooseLanguage(page, code);
          await page.locator('.customer .primary.big').first().click();
          await page.locator('.feedback .star').nth(4).click();
          await page.locator('.feedback .chip').first().click();
          await expect(page.locator('.feedback textarea')).toBeVisible();
          await page.locator('.feedback').scrollIntoViewIfNeeded();
          await page.screenshot({ path: `docs/screenshots/voice-feedback-${code}-${size.name}.png` });
          await page.goto(page.url().replace(/#.*/, '#/feedback'));
          await expect(page.locator('.complaint-item')).toHaveCount(2);
          await page.screenshot({ path: `docs/screenshots/voice-complaints-${code}-${size.name}.png` });
        });
      }
    });
  }
});
