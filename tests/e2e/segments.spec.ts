// Issue 12, segments: "not seen for 30 days" + "allowed offers" counts the right customers, its
// CSV has their rows (UTF-8 with a BOM), "Send a message" queues them with "we miss you", and a
// shorter churn window moves the dashboard's retention numbers, all with the network off. The
// owner's bundle is loaded by the first run, so nothing after it needs the network.
// Screenshots of the segments screen in Hindi and Bengali, tablet and phone (SCREENSHOTS=1).
//   E2E_PORT=8625 npx playwright test tests/e2e/segments.spec.ts
//
// Days pass through Playwright's clock (`page.clock.setFixedTime`), forward only, as in
// know-the-customer.spec.ts.
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { chooseLanguage, expect, newCustomer, setUpShop, test } from './fixtures';
import { demoShop, expectNoSidewaysScroll, SIZES } from './layout-helpers';

const DAY = 24 * 60 * 60 * 1000;

/** A new customer with their first stamp (their first visit). */
async function customerWhoCame(page: Page, name: string, phone: string, consent: boolean) {
  await newCustomer(page, name, phone, { consent });
  await page.getByRole('button', { name: 'Add stamp', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Stamps added: 1');
}

async function openSegments(page: Page) {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name: 'Customer groups' }).click();
  await expect(page.getByRole('heading', { name: 'Customer groups' })).toBeVisible();
  await expect(page.getByTestId('segment-count')).toBeVisible();
}

test('not seen for 30 days + allowed offers: the count, the CSV, the queue, and the churn window', async ({ page, context }) => {
  // Three customers came 45 days ago (two allowed offers), one today (allowed offers).
  const today = new Date();
  today.setHours(10, 0, 0, 0);
  await page.clock.setFixedTime(today.getTime() - 45 * DAY);
  await setUpShop(page);
  await context.setOffline(true);
  await customerWhoCame(page, 'Asha Verma', '9876543210', true);
  await customerWhoCame(page, 'Bina Das', '9876543211', false);
  await customerWhoCame(page, 'Chitra Sen', '9876543212', true);
  await page.clock.setFixedTime(today.getTime());
  await customerWhoCame(page, 'Dev Roy', '9876543213', true);

  await openSegments(page);
  await expect(page.getByTestId('segment-count')).toHaveText('Customers in this group: 4');
  await page.locator('#seg-last-visit').selectOption('not_seen');
  await page.locator('#seg-days').fill('30');
  await expect(page.getByTestId('segment-count')).toHaveText('Customers in this group: 3');
  await page.locator('#seg-consent').check();
  await expect(page.getByTestId('segment-count')).toHaveText('Customers in this group: 2');
  const rows = page.getByTestId('segment-row');
  await expect(rows).toHaveCount(2);
  await expect(page.locator('.segment-list')).toContainText('Asha Verma');
  await expect(page.locator('.segment-list')).toContainText('Chitra Sen');
  // A shop that stamps per visit has no bills: no "Spent" column of ₹0s.
  await expect(page.locator('.segment-list th')).toHaveText(['Name', 'Visits', 'Last visit']);
  // The table's rows fill the panel rather than hugging their text.
  const { table, row } = await page.locator('.segment-list').evaluate((t) => ({
    table: t.parentElement!.getBoundingClientRect().width,
    row: t.querySelector('tr')!.getBoundingClientRect().width,
  }));
  expect(row, 'the list is as wide as its panel').toBeGreaterThanOrEqual(table - 1);

  // Saved by name, and shown again from the saved list.
  await page.locator('#seg-name').fill('Away a month');
  await page.getByRole('button', { name: 'Save group' }).click();
  await expect(page.locator('.save-segment [role=status]')).toHaveText('Group saved');
  await page.locator('#seg-consent').uncheck();
  await expect(page.getByTestId('segment-count')).toHaveText('Customers in this group: 3');
  await page.getByRole('button', { name: 'Away a month' }).click();
  await expect(page.getByTestId('segment-count')).toHaveText('Customers in this group: 2');

  // The CSV: a BOM, the headings, one row per customer of the group.
  const download = page.waitForEvent('download');
  await page.locator('#segment-export').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^mohar-segment-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = fs.readFileSync((await file.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.subarray(3).toString('utf8').split('\r\n').filter((line) => line.length > 0);
  expect(lines[0]).toMatch(/^Name,Phone,/);
  expect(lines).toHaveLength(3);
  expect(lines.slice(1).map((line) => line.split(',')[0]).sort()).toEqual(['Asha Verma', 'Chitra Sen']);

  // "Send a message": the campaign screen with this group as its audience.
  await page.locator('#segment-send').click();
  await expect(page.locator('#message-audience')).toHaveValue('segment');
  await page.locator('#message-kind').selectOption('we_miss_you');
  await expect(page.locator('.message-count')).toHaveText('Customers who get it: 2');
  await page.locator('#add-to-queue').click();
  await expect(page.locator('section.messages p[role=status]')).toHaveText('Added to the queue: 2');
  // Within the page (the network is off): Settings → Messages to send.
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name: 'Messages to send' }).click();
  await expect(page.locator('.progress')).toHaveText('0 of 2 sent');

  // The churn window: 90 days counts the three who came 45 days ago as still coming, 30 does not.
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name: 'Dashboard' }).click();
  const retention = page.getByTestId('dash-retention');
  await expect(retention).toContainText('E = 4:');
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.locator('#churn-days')).toHaveValue('90');
  await page.locator('#churn-days').fill('30');
  await page.locator('.churn-setting').getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.churn-setting [role=status]')).toContainText('Saved');
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await expect(retention).toContainText('E = 1:');
  await expect(retention).toContainText('in the 30 days up to');
});

test('at risk: one tap queues the regulars slipping away who allowed offers, the rest listed with the reason', async ({ page }) => {
  // Asha and Bina come every 3 days four times, then stay away for 30 days.
  const start = new Date();
  start.setHours(10, 0, 0, 0);
  const first = start.getTime() - 40 * DAY;
  await page.clock.setFixedTime(first);
  await setUpShop(page);
  await customerWhoCame(page, 'Asha Verma', '9876543210', true);
  await customerWhoCame(page, 'Bina Das', '9876543211', false);
  for (let visit = 1; visit < 4; visit++) {
    await page.clock.setFixedTime(first + visit * 3 * DAY);
    for (const name of ['Asha Verma', 'Bina Das']) {
      await page.getByRole('link', { name: 'Counter' }).click();
      await page.getByLabel('Search customers').fill(name.split(' ')[0]);
      await page.locator('.results li').first().click();
      await page.getByRole('button', { name: 'Add stamp', exact: true }).click();
      await expect(page.getByRole('status')).toContainText('Stamps added: 1');
    }
  }
  await page.clock.setFixedTime(start.getTime());
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByTestId('dash-at-risk-row')).toHaveCount(2);
  await page.locator('#send-we-miss-you').click();
  await expect(page.getByTestId('miss-you-added')).toHaveText('Added to the queue: 1');
  await expect(page.locator('.miss-you .left-out')).toHaveText('Bina Das — no consent');
});

test.describe('screenshots', () => {
  test.skip(!process.env.SCREENSHOTS, 'set SCREENSHOTS=1 to write docs/screenshots');
  for (const size of SIZES) {
    test(`the demo shop's customer groups on a ${size.name}`, async ({ page }) => {
      await page.setViewportSize({ width: size.width, height: size.height });
      await demoShop(page);
      await openSegments(page);
      // The demo's visits are random: "not seen for 30 days" is empty in some demo shops (the
      // screenshot test then failed waiting for a row), while the customers who came in the last
      // 30 days are always many, a full page of the list.
      await page.locator('#seg-last-visit').selectOption('seen_within');
      await page.locator('#seg-days').fill('30');
      await expect(page.getByTestId('segment-row')).toHaveCount(20);
      await expectNoSidewaysScroll(page, `customer groups on a ${size.name}`);
      for (const code of ['hi', 'bn', 'gu'] as const) {
        await chooseLanguage(page, code);
        await expect(page.getByTestId('segment-row')).toHaveCount(20);
        await expectNoSidewaysScroll(page, `customer groups in ${code} on a ${size.name}`);
        await page.screenshot({ path: `docs/screenshots/segments-${code}-${size.name}.png`, fullPage: true });
      }
    });
  }
});
