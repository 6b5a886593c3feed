// The "Your rewards" widget on a shop's own website (another origin than the app): card links,
// keeping the card, newer/older cards, tampered tokens, hostile host CSS.
import type { ChildProcess } from 'node:child_process';
import type http from 'node:http';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { issue, serveShop, serveStatic, widgetDir, type Claims } from './widget-servers';
import { withoutWebCryptoEd25519 } from './card-helpers';

const SEED = '07'.repeat(32);
const OTHER_SEED = '08'.repeat(32);
const CARD = '0123456789abcdef0123456789abcdef';
const base: Claims = {
  cardId: CARD,
  sequence: 4,
  issuedAt: 1763632800, // 2025-11-20 10:00 UTC
  stamps: 3,
  perReward: 10,
  ready: 0,
  shop: 'Sharma Chai',
  name: 'Priya',
  reward: '1 free chai',
};
const newer: Claims = { ...base, sequence: 9, issuedAt: 1763899200, stamps: 7, ready: 1 }; // 2025-11-23
const YEAR = 365 * 24 * 3600;
// Issued on a day the tablet's clock was a year ahead (2026-11-20), then the next card with
// the clock put right (2025-11-21, one stamp more).
const ahead: Claims = { ...base, sequence: 5, issuedAt: base.issuedAt + YEAR, stamps: 4 };
const corrected: Claims = { ...base, sequence: 6, issuedAt: base.issuedAt + 24 * 3600, stamps: 5 };

let app: ChildProcess;
let shop: http.Server;
let shopUrl: string;
let shopKey: string;
let older: string; // token of `base`
let newest: string; // token of `newer`
let foreign: string; // signed by another shop
let tampered: string;
let aheadToken: string;
let correctedToken: string;
let formatOne: string; // `base` as an old format 1 token
let withLevel: string; // format 3 (issue 10): `newer` one sequence later, with the code and the level

test.beforeAll(async () => {
  test.setTimeout(600_000); // may build the widget and the token example
  const dir = widgetDir();
  const level = { ...newer, sequence: 10, extras: { code: '4K7Q-M2P', tier: 'Gold', need: 2, next: 'Platinum' } };
  const mine = issue(SEED, [base, newer, ahead, corrected, { ...base, sequence: 'v1' }, level]);
  shopKey = mine.publicKey;
  [older, newest, aheadToken, correctedToken, formatOne, withLevel] = mine.tokens;
  foreign = issue(OTHER_SEED, [newer]).tokens[0];
  // Change one character in the middle (in the stamps/texts area).
  const i = 45;
  tampered = older.slice(0, i) + (older[i] === 'A' ? 'B' : 'A') + older.slice(i + 1);
  const served = await serveStatic(dir);
  app = served.proc;
  const s = await serveShop(served.url, shopKey);
  shop = s.server;
  shopUrl = s.url;
});

test.afterAll(async () => {
  app?.kill();
  await new Promise((r) => (shop ? shop.close(r) : r(null)));
});

const storageKey = () => `mohar.card.${shopKey}`;
const kept = (page: Page) => page.evaluate((k) => localStorage.getItem(k), storageKey());
const rewardsButton = (page: Page) => page.getByRole('button', { name: 'Your rewards' });
const panel = (page: Page) => page.getByRole('dialog', { name: 'Your rewards' });
const stamps = (page: Page) => page.getByRole('progressbar', { name: 'Stamps' });

async function expectCard(page: Page, n: number, m: number, k: number, date: RegExp) {
  await expect(stamps(page)).toHaveAttribute('aria-valuenow', String(n));
  await expect(stamps(page)).toHaveAttribute('aria-valuemax', String(m));
  await expect(panel(page).getByText(`${n} of ${m} stamps`, { exact: true })).toBeVisible();
  await expect(panel(page).getByText(/^Rewards ready: /)).toHaveText(k ? [`Rewards ready: ${k}`] : []);
  await expect(panel(page).getByText(`${m - n} more stamps for 1 free chai`, { exact: true })).toBeVisible();
  // Which verifier decided: WebCrypto where the browser has Ed25519, else the wasm one.
  await expect(panel(page).locator('[data-verifier]')).toHaveAttribute('data-verifier', verifierPath);
  await expect(panel(page).getByText(date)).toBeVisible();
  await expect(panel(page).getByRole('heading', { name: 'Sharma Chai' })).toBeVisible();
}

let verifierPath: 'webcrypto' | 'wasm' = 'webcrypto';

// Every test twice: with the browser's WebCrypto Ed25519, and without it (the wasm verifier).
for (const path of ['webcrypto', 'wasm'] as const) {
test.describe(`${path} verifier`, () => {
  test.beforeEach(async ({ context }) => {
    verifierPath = path;
    if (path === 'wasm') await withoutWebCryptoEd25519(context);
  });

  test('with no card the widget asks for the card link, and loads nothing until clicked', async ({ page }) => {
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto(shopUrl);
    await expect(rewardsButton(page)).toBeVisible();
    await page.waitForTimeout(300);
    expect(requested.filter((u) => u.includes('/widget-'))).toEqual([]);
    // The button is fixed in a corner and shifted nothing on the page.
    const shift = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let total = 0;
          new PerformanceObserver((list) => {
            for (const e of list.getEntries()) total += (e as unknown as { value: number }).value;
          }).observe({ type: 'layout-shift', buffered: true });
          setTimeout(() => resolve(total), 200);
        }),
    );
    expect(shift).toBe(0);
    expect(await page.locator('mohar-rewards').evaluate((e) => getComputedStyle(e).position)).toBe('fixed');

    await rewardsButton(page).click();
    await expect(panel(page).getByText('Ask at the counter for your card link')).toBeVisible();
    expect(await kept(page)).toBeNull();
    await page.getByRole('button', { name: 'Close' }).click();
    await expect(panel(page)).toBeHidden();
  });

  test('a card link shows the card, leaves the address bar and is kept for later visits', async ({ page }) => {
    await page.goto(`${shopUrl}#mohar=${older}`);
    await expect.poll(() => page.url()).toBe(shopUrl);
    await rewardsButton(page).click();
    await expectCard(page, 3, 10, 0, /^Updated .*20.*2025/);
    await expect(panel(page).getByText('Priya')).toBeVisible();
    expect(await kept(page)).toBe(older);

    await page.reload();
    expect(page.url()).toBe(shopUrl);
    await rewardsButton(page).click();
    await expectCard(page, 3, 10, 0, /^Updated .*20.*2025/);
  });

  test('a card with the referral code shows it with Share and the level, replacing the kept card', async ({ page }) => {
    await page.goto(`${shopUrl}#mohar=${newest}`);
    await expect.poll(() => page.url()).toBe(shopUrl);
    await page.goto(`${shopUrl}#mohar=${withLevel}`);
    await expect.poll(() => page.url()).toBe(shopUrl);
    await rewardsButton(page).click();
    await expectCard(page, 7, 10, 1, /^Updated .*2025/);
    await expect(panel(page).getByText('Level: Gold · 2 more visits to Platinum', { exact: true })).toBeVisible();
    await expect(panel(page).locator('.code')).toHaveText('4K7Q-M2P');
    await expect(panel(page).getByRole('link', { name: 'Share' })).toHaveAttribute('href', /^https:\/\/wa\.me\/\?text=Join%20me%20at%20Sharma%20Chai/);
    expect(await kept(page)).toBe(withLevel);
  });

  test('a newer card replaces the kept one; an older one never overrides it', async ({ page }) => {
    await page.goto(`${shopUrl}#mohar=${older}`);
    await expectCard(page, 3, 10, 0, /20.*2025/);
    // Same page, new fragment (hashchange, no reload).
    await page.goto(`${shopUrl}#mohar=${newest}`);
    await expect.poll(() => page.url()).toBe(shopUrl);
    await expectCard(page, 7, 10, 1, /^Updated .*23.*2025/);
    expect(await kept(page)).toBe(newest);
    // The older link again, in a fresh page load: the newer card stays.
    await page.goto(`${shopUrl}?again#mohar=${older}`);
    await expect.poll(() => page.url()).toBe(`${shopUrl}?again`);
    await rewardsButton(page).click();
    await expectCard(page, 7, 10, 1, /23.*2025/);
    expect(await kept(page)).toBe(newest);
  });

  test('a tampered or foreign token is refused and nothing is kept', async ({ page }) => {
    for (const bad of [tampered, foreign, 'not-a-token']) {
      await page.goto(`${shopUrl}?bad#mohar=${bad}`);
      await expect(panel(page).getByText('This card could not be verified')).toBeVisible();
      await expect(stamps(page)).toHaveCount(0);
      expect(page.url()).toBe(`${shopUrl}?bad`);
      expect(await kept(page)).toBeNull();
    }
    // With a good card kept, a bad link leaves it in place.
    await page.goto(`${shopUrl}#mohar=${older}`);
    await expectCard(page, 3, 10, 0, /20.*2025/);
    await page.goto(`${shopUrl}?bad#mohar=${tampered}`);
    await expect(panel(page).getByText('This card could not be verified')).toBeVisible();
    expect(await kept(page)).toBe(older);
  });

  test('hostile host CSS neither breaks the widget nor is changed by it', async ({ page }) => {
    await page.goto(`${shopUrl}hostile.html#mohar=${newest}`);
    await expectCard(page, 7, 10, 1, /23.*2025/);
    const button = rewardsButton(page);
    const style = await button.evaluate((b) => {
      const s = getComputedStyle(b);
      return { fontSize: s.fontSize, color: s.color, display: s.display, position: getComputedStyle((b.getRootNode() as ShadowRoot).host).position };
    });
    expect(style).toEqual({ fontSize: '15px', color: 'rgb(255, 255, 255)', display: 'block', position: 'fixed' });
    const box = (await button.boundingBox())!;
    expect(box.height).toBeLessThan(60);
    expect(box.x + box.width).toBeLessThanOrEqual(1280 - 8); // in the bottom-right corner
    expect(box.y + box.height).toBeLessThanOrEqual(800 - 8);
    const dot = (await stamps(page).locator('i').first().boundingBox())!;
    expect(Math.round(dot.width)).toBe(20);
    expect(await panel(page).getByText('7 of 10 stamps').evaluate((p) => getComputedStyle(p).fontSize)).toBe('15px');
    // The widget's styles don't leak: the host page's own paragraph keeps the page's styles.
    const probe = await page.locator('#probe').evaluate((p) => ({ fontSize: getComputedStyle(p).fontSize, color: getComputedStyle(p).color }));
    expect(probe).toEqual({ fontSize: '40px', color: 'rgb(0, 128, 0)' });
    await page.screenshot({ path: test.info().outputPath('hostile.png') });
  });

  test('a card issued with the clock a year ahead gives way to the next card', async ({ page }) => {
    await page.goto(`${shopUrl}#mohar=${aheadToken}`);
    await expectCard(page, 4, 10, 0, /^Updated .*20.*2026/);
    expect(await kept(page)).toBe(aheadToken);
    // The next card has an earlier date (the clock was put right) but a larger sequence.
    await page.goto(`${shopUrl}?next#mohar=${correctedToken}`);
    await rewardsButton(page).click();
    await expectCard(page, 5, 10, 0, /^Updated .*21.*2025/);
    expect(await kept(page)).toBe(correctedToken);
    // The card from the wrong day never comes back over it.
    await page.goto(`${shopUrl}?again#mohar=${aheadToken}`);
    await rewardsButton(page).click();
    await expectCard(page, 5, 10, 0, /21.*2025/);
    expect(await kept(page)).toBe(correctedToken);
  });

  test('an old format 1 card still shows, and the first format 2 card replaces it', async ({ page }) => {
    await page.goto(`${shopUrl}#mohar=${formatOne}`);
    await expectCard(page, 3, 10, 0, /^Updated .*20.*2025/);
    expect(await kept(page)).toBe(formatOne);
    await page.goto(`${shopUrl}?v2#mohar=${newest}`);
    await rewardsButton(page).click();
    await expectCard(page, 7, 10, 1, /23.*2025/);
    expect(await kept(page)).toBe(newest);
  });
});
}
