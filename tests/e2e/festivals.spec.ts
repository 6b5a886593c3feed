// Issue 11, festivals: with the clock set three days before Diwali (Playwright's clock), the
// counter shows "Diwali on Sunday — greet 2 customers" (the date marked approximate); tapping it
// opens the festival campaign to everyone who agreed with the right count and who is left out
// and why; it is added to the queue, and "Send next" opens a wa.me link in the customer's own
// language with {link} filled by their signed card link; all of it with the network off after
// the service worker's install. Screenshots of the reminder and the campaign in Bengali and
// Gujarati, tablet and phone (SCREENSHOTS=1).
import type { Page } from '@playwright/test';
import { chooseLanguage, expect, newCustomer, setUpShop, test } from './fixtures';
import { SIZES } from './layout-helpers';

// Thursday 5 November 2026, noon in India: Diwali is on Sunday the 8th.
const THREE_DAYS_BEFORE_DIWALI = new Date('2026-11-05T06:30:00Z');

async function setUp(page: Page) {
  await page.clock.setFixedTime(THREE_DAYS_BEFORE_DIWALI);
  await setUpShop(page);
}

/** Three customers, two who agreed; Asha's messages in Bengali (the customer screen's panel). */
async function shopWithCustomers(page: Page) {
  await setUp(page);
  await newCustomer(page, 'Asha Verma', '9876543210', { consent: true });
  await page.locator('#message-language').selectOption('bn');
  await expect(page.locator('#message-language')).toHaveValue('bn');
  await newCustomer(page, 'Bina Das', '9876543211');
  await newCustomer(page, 'Chitra Sen', '9876543212', { consent: true });
  await page.getByRole('link', { name: 'Counter' }).click();
}

test('three days before Diwali the counter reminds, and the campaign goes out offline in each customer\'s language', async ({ page, context }) => {
  await context.route('https://wa.me/**', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>WhatsApp</title>' }));
  await shopWithCustomers(page);
  // The Bengali festival text with the card link.
  await page.goto('./#/messages');
  await page.locator('#template-kind').selectOption('festival');
  await page.locator('#template-lang').selectOption('bn');
  await page.locator('#template-text').fill('{name}, {shop}-এর পক্ষ থেকে {festival}-এর শুভেচ্ছা! আপনার কার্ড: {link}');
  await page.locator('.template-editor').getByRole('button', { name: 'Save text' }).click();
  await expect(page.locator('.template-editor [role=status]')).toContainText('Saved');

  // Offline from here on: the service worker serves both bundles.
  await page.goto('./');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await context.setOffline(true);
  await page.reload();
  const reminder = page.locator('#festival-reminder');
  await expect(reminder).toHaveText('Diwali on Sunday — greet 2 customers');
  await expect(page.locator('.festival-reminder')).toContainText('may move by a day');

  await reminder.click();
  await expect(page).toHaveURL(/#\/messages\?festival=diwali$/);
  await expect(page.locator('#message-kind')).toHaveValue('festival');
  await expect(page.locator('#message-audience')).toHaveValue('everyone');
  await expect(page.locator('#message-festival')).toHaveValue('Diwali');
  await expect(page.locator('.message-count')).toHaveText('Customers who get it: 2');
  await expect(page.locator('.left-out-count')).toHaveText('Left out: 1');
  await expect(page.locator('.left-out')).toContainText('Bina Das — no consent');
  await page.locator('#add-to-queue').click();
  await expect(page.locator('section.messages p[role=status]')).toContainText('2');

  await page.goto('./#/queue');
  await expect(page.locator('.progress')).toHaveText('0 of 2 sent');
  const first = (await page.locator('.queue-item .who strong').textContent())!;
  const href = (await page.locator('#send-next').getAttribute('href'))!;
  const url = new URL(href);
  const text = url.searchParams.get('text')!;
  if (first.startsWith('Asha')) {
    expect(url.origin + url.pathname).toBe('https://wa.me/919876543210');
    expect(text).toMatch(/^Asha, Chai Point-এর পক্ষ থেকে দীপাবলি-এর শুভেচ্ছা! আপনার কার্ড: http:\/\/[^ ]+\/card\/\?shop=[^#]+#mohar=\S+$/);
  } else {
    expect(url.origin + url.pathname).toBe('https://wa.me/919876543212');
    expect(text).toBe('Happy Diwali, Chitra! Warm wishes to you and your family from Chai Point.');
  }
  const popup = page.waitForEvent('popup');
  await page.locator('#send-next').click();
  await (await popup).close();
  await page.bringToFront();
  const sent = page.locator('#mark-sent');
  if (await sent.isVisible()) await sent.click().catch(() => {});
  await expect(page.locator('.progress')).toHaveText('1 of 2 sent');

  // Dismissed, the reminder stays away on the next start.
  await page.goto('./');
  await page.getByRole('button', { name: 'Hide this reminder' }).click();
  await expect(reminder).toHaveCount(0);
  await page.reload();
  await expect(page.getByLabel('Search customers')).toBeVisible();
  await expect(reminder).toHaveCount(0);
});

test('screenshots of the festival reminder and campaign in Bengali and Gujarati', async ({ page }) => {
  test.skip(!process.env.SCREENSHOTS, 'set SCREENSHOTS=1 to write docs/screenshots');
  await shopWithCustomers(page);
  for (const code of ['bn', 'gu'] as const) {
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.goto('./');
      await page.reload();
      await chooseLanguage(page, code);
      await expect(page.locator('#festival-reminder')).toBeVisible();
      await page.screenshot({ path: `docs/screenshots/festival-reminder-${code}-${size.name}.png` });
      await page.locator('#festival-reminder').click();
      await expect(page.locator('.message-count')).toBeVisible();
      await page.screenshot({ path: `docs/screenshots/festival-campaign-${code}-${size.name}.png` });
      await chooseLanguage(page, 'en');
    }
  }
});
