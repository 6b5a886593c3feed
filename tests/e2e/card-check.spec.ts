// Forged cards: the card page names the key that signed a card by its fingerprint, Settings
// shows the shop's own, and the counter's "Check a card" checks against the shop's own key.
import type { Page } from '@playwright/test';
import { chooseLanguage, expect, test } from './fixtures';
import { currentLink, expectCardPage, phone, SHOP, shopWithCustomer } from './card-helpers';
import { issue } from './widget-servers';

const FORGER_SEED = '66'.repeat(32);
const FINGERPRINT = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

/** A card for "Asha" at our shop's name with 9 stamps and 3 rewards, signed by someone else. */
function forgery(): { publicKey: string; fingerprint: string; token: string } {
  const now = Math.floor(Date.now() / 1000);
  const out = issue(FORGER_SEED, [
    { cardId: '00'.repeat(16), sequence: 99, issuedAt: now, stamps: 9, perReward: 10, ready: 3, shop: SHOP, name: 'Asha', reward: '1 free chai' },
  ]);
  return { publicKey: out.publicKey, fingerprint: out.fingerprint, token: out.tokens[0] };
}

/** The shop's own fingerprint, as Settings shows it. */
async function ownFingerprint(page: Page): Promise<string> {
  await page.getByRole('link', { name: 'Settings' }).click();
  const line = page.locator('.own-fingerprint');
  await expect(line).toContainText("Your shop's card fingerprint:");
  const fp = (await line.locator('.fingerprint').textContent())!;
  expect(fp).toMatch(FINGERPRINT);
  await page.goBack();
  return fp;
}

const genuine = (page: Page) => page.getByRole('status').getByRole('heading', { name: 'Genuine card of this shop' });
const notOurs = (page: Page) => page.getByRole('status').getByRole('heading', { name: 'Not a card of this shop' });

async function check(page: Page, text: string) {
  await page.getByLabel('Card link or message').fill(text);
  await page.getByRole('button', { name: 'Check', exact: true }).click();
}

test('a forged card on the app card page shows the key that signed it, not the shop key', async ({ page, browser, baseURL }) => {
  await shopWithCustomer(page, 2);
  const link = await currentLink(page);
  const own = await ownFingerprint(page);
  const forged = forgery();
  expect(forged.fingerprint).not.toBe(own);

  const customer = await phone(browser);
  const p = customer.page;
  // The genuine card: the shop's fingerprint, worded as what the page knows.
  await p.goto(link);
  await expectCardPage(p, 2, 10);
  await expect(p.getByText('Signed by the key with fingerprint')).toBeVisible();
  await expect(p.locator('.card-key .fingerprint')).toHaveText(own);
  await expect(p.getByText('Compare it with the fingerprint the shop shows you.', { exact: false })).toBeVisible();
  // A forgery with its own key in the link verifies against that key, and the page says which.
  await p.goto(`${baseURL}?shop=${forged.publicKey}#mohar=${forged.token}`);
  await expect(p.getByRole('heading', { level: 1, name: SHOP })).toBeVisible();
  await expect(p.locator('.card-key .fingerprint')).toHaveText(forged.fingerprint);
  await expect(p.locator('.card-key .fingerprint')).not.toHaveText(own);
  await p.screenshot({ path: test.info().outputPath('forged-card-page-390.png'), fullPage: true });
  expect(customer.errors).toEqual([]);
  await customer.context.close();
});

test('Check a card: genuine for the shop link, not this shop for forged, changed or other text', async ({ page, baseURL }) => {
  await shopWithCustomer(page, 3);
  const link = await currentLink(page);
  const own = await ownFingerprint(page);
  await page.getByRole('link', { name: 'Counter' }).click();
  await page.getByRole('link', { name: 'Check a card' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Check a card' })).toBeVisible();
  await expect(page).toHaveURL(/#\/check$/);
  await expect(page.locator('.own-fingerprint .fingerprint')).toHaveText(own);
  // No camera scanning where the browser cannot read QR codes (headless Linux Chromium).
  const detector = await page.evaluate(() => 'BarcodeDetector' in window);
  if (!detector) await expect(page.getByRole('button', { name: 'Scan QR' })).toHaveCount(0);

  // Genuine: the whole WhatsApp message works as well as the bare link.
  await check(page, `Hi Asha! You have 3 of 10 stamps at ${SHOP}. Your card: ${link}`);
  await expect(genuine(page)).toBeVisible();
  const result = page.getByRole('status');
  await expect(result.getByText('3 of 10 stamps')).toBeVisible();
  await expect(result.getByText(SHOP)).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('check-genuine-1280.png') });

  // Forged: signed by another key, even though its link names that key.
  const forged = forgery();
  await check(page, `${baseURL}?shop=${forged.publicKey}#mohar=${forged.token}`);
  await expect(notOurs(page)).toBeVisible();
  await expect(genuine(page)).toHaveCount(0);
  await expect(result.getByText(`It was signed by another key (fingerprint ${forged.fingerprint}), not your shop's.`)).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('check-forged-1280.png') });

  // Changed: one character of the genuine token.
  const [address, token] = link.split('#mohar=');
  const i = 60;
  const tampered = `${address}#mohar=${token.slice(0, i)}${token[i] === 'A' ? 'B' : 'A'}${token.slice(i + 1)}`;
  await check(page, tampered);
  await expect(notOurs(page)).toBeVisible();
  await expect(result.getByText('The card was changed after it was signed.')).toBeVisible();
  await check(page, `${address}#mohar=${token.slice(0, 90)}`);
  await expect(result.getByText('The link is incomplete or damaged.')).toBeVisible();
  await check(page, 'hello');
  await expect(result.getByText('This is not a card link.')).toBeVisible();

  // The genuine card leads to its customer.
  await check(page, link);
  await expect(genuine(page)).toBeVisible();
  await result.getByRole('link', { name: 'Open this customer' }).click();
  await expect(page.getByRole('heading', { name: 'Asha Verma' })).toBeVisible();

  // In Hindi.
  await chooseLanguage(page, 'hi');
  await page.goto('./#/check');
  await expect(page.getByRole('heading', { level: 1, name: 'कार्ड जाँचें' })).toBeVisible();
  await page.getByLabel('कार्ड लिंक या मैसेज').fill(tampered);
  await page.getByRole('button', { name: 'जाँचें', exact: true }).click();
  await expect(page.getByRole('status').getByRole('heading', { name: 'यह इस दुकान का कार्ड नहीं है' })).toBeVisible();
  await page.getByLabel('कार्ड लिंक या मैसेज').fill(link);
  await page.getByRole('button', { name: 'जाँचें', exact: true }).click();
  await expect(page.getByRole('status').getByRole('heading', { name: 'इसी दुकान का असली कार्ड है' })).toBeVisible();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: test.info().outputPath('check-genuine-hindi-390.png'), fullPage: true });
});

test('Check a card fits a phone screen', async ({ page, baseURL }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await shopWithCustomer(page, 3);
  const link = await currentLink(page);
  await page.goto('./#/check');
  const forged = forgery();
  for (const [text, name] of [
    [link, 'genuine'],
    [`${baseURL}?shop=${forged.publicKey}#mohar=${forged.token}`, 'forged'],
  ]) {
    await check(page, text);
    await expect(page.getByRole('status').getByRole('heading')).toBeVisible();
    // Nothing sticks out sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    await page.screenshot({ path: test.info().outputPath(`check-${name}-390.png`), fullPage: true });
  }
});
