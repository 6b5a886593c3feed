// End to end with the website widget: the counter's card links point at the shop's own website
// (another origin), whose page carries the embed code copied from Settings.
import http from 'node:http';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { addStamps } from './helpers';
import { currentLink, phone, SHOP, shopWithCustomer } from './card-helpers';
import { freePort } from './widget-servers';

/** The shop's website: every path is a page with `embed` pasted into it. */
async function serveWebsite(embed: string): Promise<{ url: string; server: http.Server }> {
  const server = http.createServer((req, res) => {
    if (req.url === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${SHOP}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><h1>${SHOP}</h1><p>Fresh chai every morning.</p>
${embed}
</body></html>`);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}/rewards`, server };
}

const panel = (page: Page) => page.getByRole('dialog', { name: 'Your rewards' });

async function expectWidgetCard(page: Page, n: number, m: number, k: number) {
  const stamps = panel(page).getByRole('progressbar', { name: 'Stamps' });
  await expect(stamps).toHaveAttribute('aria-valuenow', String(n));
  await expect(stamps).toHaveAttribute('aria-valuemax', String(m));
  await expect(panel(page).getByText(`${n} of ${m} stamps`, { exact: true })).toBeVisible();
  await expect(panel(page).getByText(/^Rewards ready: /)).toHaveText(k ? [`Rewards ready: ${k}`] : []);
  await expect(panel(page).getByRole('heading', { name: SHOP })).toBeVisible();
}

test('a card link to the shop website shows the card in the widget, and later links update it', async ({ page, browser }) => {
  await shopWithCustomer(page, 6);
  await page.getByRole('link', { name: 'Settings' }).click();
  const embed = await page.getByLabel('Embed code').inputValue();
  const website = await serveWebsite(embed);
  try {
    await page.getByLabel('Rewards page address').fill(website.url);
    await page.getByRole('button', { name: 'Save address' }).click();
    await expect(page.getByText('Address saved')).toBeVisible();
    await page.goBack();
    await expect(page.getByRole('heading', { name: 'Asha Verma' })).toBeVisible();
    const link = await currentLink(page);
    expect(link.startsWith(`${website.url}#mohar=`)).toBeTruthy();

    const customer = await phone(browser);
    const p = customer.page;
    await p.goto(link);
    // The widget takes the card out of the address and keeps it; "Your rewards" shows it.
    await expect.poll(() => p.url()).toBe(website.url);
    await p.getByRole('button', { name: 'Your rewards' }).click();
    await expectWidgetCard(p, 6, 10, 0);
    await expect(panel(p).getByText('4 more stamps for 1 free chai')).toBeVisible();

    // More stamps at the counter (a later second, so the new card is the newer one).
    await page.waitForTimeout(1100);
    await addStamps(page, 6);
    await expect(page.getByText('Rewards ready: 1')).toBeVisible();
    const later = await currentLink(page);
    expect(later).not.toBe(link);
    await p.goto(later);
    await expectWidgetCard(p, 2, 10, 1);
    // Kept on the phone: the website without a link still shows the newest card.
    await p.goto(website.url);
    await p.getByRole('button', { name: 'Your rewards' }).click();
    await expectWidgetCard(p, 2, 10, 1);
    expect(customer.errors).toEqual([]);
    await customer.context.close();
  } finally {
    await new Promise((r) => website.server.close(r));
  }
});

test('a card issued while the tablet clock was a year ahead gives way to the next card', async ({ page, browser }) => {
  await shopWithCustomer(page, 2);
  await page.getByRole('link', { name: 'Settings' }).click();
  const embed = await page.getByLabel('Embed code').inputValue();
  const website = await serveWebsite(embed);
  try {
    await page.getByLabel('Rewards page address').fill(website.url);
    await page.getByRole('button', { name: 'Save address' }).click();
    await expect(page.getByText('Address saved')).toBeVisible();
    await page.goBack();
    await expect(page.getByRole('heading', { name: 'Asha Verma' })).toBeVisible();

    // One day the tablet's clock is a year ahead: a stamp, and the card sent that day.
    const now = Date.now();
    const yearAhead = new Date(now + 365 * 24 * 3600 * 1000);
    await page.clock.setFixedTime(yearAhead);
    await addStamps(page, 1);
    const ahead = await currentLink(page);
    // The clock is put right; the next visit, the next card.
    await page.clock.setFixedTime(new Date(now + 60_000));
    await addStamps(page, 1);
    const later = await currentLink(page);
    expect(later).not.toBe(ahead);

    const customer = await phone(browser);
    const p = customer.page;
    await p.goto(ahead);
    await p.getByRole('button', { name: 'Your rewards' }).click();
    await expectWidgetCard(p, 3, 10, 0);
    await expect(panel(p).getByText(String(yearAhead.getFullYear()))).toBeVisible();
    await p.goto(later);
    await expectWidgetCard(p, 4, 10, 0);
    // Kept: the website without a link shows the later card, not the one dated a year ahead.
    await p.goto(website.url);
    await p.getByRole('button', { name: 'Your rewards' }).click();
    await expectWidgetCard(p, 4, 10, 0);
    await customer.context.close();

    // And on the app's own card page, the later link shows the later card.
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Rewards page address').fill('');
    await page.getByRole('button', { name: 'Save address' }).click();
    await expect(page.getByText('Address saved')).toBeVisible();
    await page.goBack();
    const onApp = await currentLink(page);
    const viewer = await phone(browser);
    await viewer.page.goto(onApp);
    await expect(viewer.page.getByText('4 of 10 stamps', { exact: true })).toBeVisible();
    await viewer.context.close();
  } finally {
    await new Promise((r) => website.server.close(r));
  }
});
