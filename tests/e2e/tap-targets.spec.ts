// Issue 8, item 4: every button, link, select, checkbox and radio a finger may need is at least
// 44×44 CSS px, on every screen, on a tablet and on a phone, including the website widget.
import type { ChildProcess } from 'node:child_process';
import type http from 'node:http';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { addCustomer, addStamps } from './helpers';
import { SIZES, chooseLanguage, setUpShopWith } from './layout-helpers';
import { issue, serveShop, serveStatic, widgetDir } from './widget-servers';

const MIN = 44;

/**
 * Targets exempt under WCAG 2.5.5's "inline" exception (a link inside a sentence, whose size is
 * set by the line of text): screen and accessible text. Empty: every target on these screens is
 * a control of its own.
 */
const INLINE_EXEMPT: { screen: string; text: string }[] = [];

/** Fails listing every visible target under 44×44 px on the current screen. */
async function expectTapTargets(page: Page, screen: string) {
  // Playwright's CSS engine reaches into open shadow roots, so the widget's buttons are found.
  const found = await page.locator('button, a[href], select, input[type=checkbox], input[type=radio]').evaluateAll((all) =>
    all
      .filter((e) => (e as HTMLElement).checkVisibility({ checkOpacity: false, checkVisibilityCSS: true }))
      .map((e) => {
        const r = e.getBoundingClientRect();
        const text = (e.getAttribute('aria-label') || e.textContent || '').trim().replace(/\s+/g, ' ');
        return { tag: e.tagName.toLowerCase(), text, width: Math.round(r.width * 10) / 10, height: Math.round(r.height * 10) / 10 };
      })
      .filter((t) => t.width > 0 && t.height > 0),
  );
  expect(found.length, `${screen}: some targets are found`).toBeGreaterThan(0);
  const small = found.filter(
    (t) => (t.width < MIN || t.height < MIN) && !INLINE_EXEMPT.some((x) => x.screen === screen && x.text === t.text),
  );
  // Soft, so that one run lists the small targets of every screen.
  expect.soft(small, `${screen}: targets under ${MIN}×${MIN} px`).toEqual([]);
}

let app: ChildProcess;
let shop: http.Server;
let shopUrl: string;
let token: string;

test.beforeAll(async () => {
  test.setTimeout(600_000); // may build the widget and the token example
  const dir = widgetDir();
  const issued = issue('07'.repeat(32), [
    { cardId: '0123456789abcdef0123456789abcdef', sequence: 3, issuedAt: 1763632800, stamps: 7, perReward: 10, ready: 1, shop: 'Sharma Chai', name: 'Priya', reward: '1 free chai' },
  ]);
  token = issued.tokens[0];
  const served = await serveStatic(dir);
  app = served.proc;
  const s = await serveShop(served.url, issued.publicKey);
  shop = s.server;
  shopUrl = s.url;
});

test.afterAll(async () => {
  app?.kill();
  await new Promise((r) => (shop ? shop.close(r) : r(null)));
});

for (const size of SIZES) {
  test.describe(`${size.name} ${size.width}×${size.height}`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test('every screen of the app', async ({ page }) => {
      test.setTimeout(90_000);
      await page.goto('./');
      await expect(page.getByRole('heading', { name: 'Set up your shop' })).toBeVisible();
      await expectTapTargets(page, 'first run');
      await chooseLanguage(page, 'hi');
      await expectTapTargets(page, 'first run (hi)');
      await chooseLanguage(page, 'en');

      await setUpShopWith(page, 10, 9);
      await addCustomer(page, 'Asha Verma', '98765 43210');
      await addStamps(page, 1);
      await expectTapTargets(page, 'customer');
      const link = (await page.getByRole('link', { name: 'Card link' }).getAttribute('href'))!;
      await page.getByRole('button', { name: 'Show QR' }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await expectTapTargets(page, 'QR dialog');
      await page.getByRole('button', { name: 'Close' }).click();

      await page.getByRole('link', { name: 'Counter' }).click();
      await expect(page.locator('.results > li')).toHaveCount(1);
      await expectTapTargets(page, 'counter');

      // A phone number that is taken: "Open that customer".
      await page.getByRole('link', { name: 'New customer' }).click();
      await page.getByLabel('Name').fill('Asha V');
      await page.getByLabel('Phone').fill('98765 43210');
      await page.getByRole('button', { name: 'Save' }).click();
      await expect(page.getByRole('link', { name: /Open that customer/ })).toBeVisible();
      await expectTapTargets(page, 'new customer, phone taken');

      await page.getByRole('link', { name: 'Settings' }).click();
      await expect(page.getByRole('button', { name: 'Save' }).first()).toBeVisible();
      await expectTapTargets(page, 'settings');

      await page.getByRole('link', { name: 'Counter' }).click();
      await page.getByRole('link', { name: 'Check a card' }).click();
      await page.getByRole('textbox').first().fill(link);
      await page.getByRole('button', { name: /^Check/ }).first().click();
      await expect(page.getByText('Genuine card of this shop')).toBeVisible();
      await expectTapTargets(page, 'check a card');

      await page.goto(link);
      await expect(page.getByRole('progressbar', { name: 'Stamps' })).toBeVisible();
      await expectTapTargets(page, 'card page');
    });

    test('the website widget', async ({ page }) => {
      await page.goto(shopUrl);
      const open = page.getByRole('button', { name: 'Your rewards' });
      await expect(open).toBeVisible();
      await expectTapTargets(page, 'widget, closed');
      await page.goto(`${shopUrl}#mohar=${token}`);
      await expect(page.getByRole('dialog', { name: 'Your rewards' }).getByText('7 of 10 stamps')).toBeVisible();
      await expectTapTargets(page, 'widget, open');
    });
  });
}
