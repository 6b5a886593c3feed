// Issue 10 on the customer's card (format 3 tokens, crates/card): the referral code with "Share"
// and the tier, on the card page and in the widget's view (web/core.js renders both); a card link
// made by the app before format 3 (a fixed token) still opens, with neither. Each in a fresh
// profile; the card page offline after one visit is card-page.spec.ts's.
import { test, expect } from './fixtures';
import { currentLink, expectCardPage, phone, shopWithCustomer, withoutWebCryptoEd25519 } from './card-helpers';
import { issue, type Claims } from './widget-servers';

// A card link of the app before format 3 (format 2, `mohar-card --example issue` at commit
// e6cf0c8, seed 07…07): Priya, 7 of 10 stamps, 1 reward ready at "Sharma Chai". Fixed, so a
// change of the format cannot silently break the links customers already have.
const OLD_KEY = '6kpsY-KcUgq-9VB7Ey7F-ZVHdq6-vnuSQh7qaRRG0iw';
const OLD_TOKEN = 'Ar3eY50BI0VniavN7wEjRWeJq83vAAAACWki90AABwAKAAELU2hhcm1hIENoYWkFUHJpeWELMSBmcmVlIGNoYWkarLO-5jBscy_jM-MoCjAgKdAWZ7wyTAzttx353W5Cjs1JfZKFKA4vOlXljB_fowUX33_In1Cox0elybFT3yMK';

const CARD: Claims = {
  cardId: '0123456789abcdef0123456789abcdef',
  sequence: 9,
  issuedAt: 1763899200,
  stamps: 7,
  perReward: 10,
  ready: 1,
  shop: 'Sharma Chai',
  name: 'Priya',
  reward: '1 free chai',
  extras: { code: '4K7Q-M2P', tier: 'Gold', need: 2, next: 'Platinum' },
};
const JOIN = 'Join me at Sharma Chai — use my code 4K7Q-M2P';

test('a card link made before the referral code still opens, without code or level', async ({ browser, baseURL }) => {
  for (const wasm of [false, true]) {
    const customer = await phone(browser);
    if (wasm) await withoutWebCryptoEd25519(customer.context);
    await customer.page.goto(`${baseURL}card/?shop=${OLD_KEY}#mohar=${OLD_TOKEN}`);
    await expect(customer.page.getByRole('heading', { level: 1, name: 'Sharma Chai' })).toBeVisible();
    await expectCardPage(customer.page, 7, 10);
    await expect(customer.page.getByText('Rewards ready: 1', { exact: true })).toBeVisible();
    await expect(customer.page.locator('.refer, .level')).toHaveCount(0);
    expect(await customer.page.locator('html').getAttribute('data-verifier')).toBe(wasm ? 'wasm' : 'webcrypto');
    expect(customer.errors).toEqual([]);
    await customer.context.close();
  }
});

test('the card shows the level, the referral code and Share, on both verifier paths', async ({ browser, baseURL }) => {
  test.setTimeout(300_000); // may build the token example
  const { publicKey, tokens } = issue('07'.repeat(32), [CARD]);
  for (const wasm of [false, true]) {
    const customer = await phone(browser);
    if (wasm) await withoutWebCryptoEd25519(customer.context);
    // A phone without a share sheet: Share is a WhatsApp link with the text.
    await customer.context.addInitScript(() => Object.defineProperty(navigator, 'share', { value: undefined }));
    await customer.page.goto(`${baseURL}card/?shop=${publicKey}#mohar=${tokens[0]}`);
    await expectCardPage(customer.page, 7, 10);
    await expect(customer.page.getByText('Level: Gold · 2 more visits to Platinum', { exact: true })).toBeVisible();
    await expect(customer.page.locator('.refer')).toContainText('Your referral code 4K7Q-M2P');
    const share = customer.page.getByRole('link', { name: 'Share' });
    await expect(share).toHaveAttribute('href', `https://wa.me/?text=${encodeURIComponent(JOIN)}`);
    expect(customer.errors).toEqual([]);
    await customer.context.close();
  }
});

test('Share uses the phone\'s share sheet where it has one, in the customer\'s language', async ({ browser, baseURL }) => {
  test.setTimeout(300_000);
  const { publicKey, tokens } = issue('07'.repeat(32), [CARD]);
  const customer = await phone(browser, { locale: 'hi-IN' });
  await customer.context.addInitScript(() => {
    (window as any).__shared = [];
    Object.defineProperty(navigator, 'share', { value: (data: unknown) => ((window as any).__shared.push(data), Promise.resolve()) });
  });
  await customer.page.goto(`${baseURL}card/?shop=${publicKey}#mohar=${tokens[0]}`);
  await expect(customer.page.getByText('लेवल: Gold · Platinum के लिए 2 बार और आना है', { exact: true })).toBeVisible();
  await customer.page.getByRole('link', { name: 'शेयर करें' }).click();
  expect(await customer.page.evaluate(() => (window as any).__shared)).toEqual([{ text: 'Sharma Chai पर मेरे साथ आइए — मेरा रेफ़रल कोड 4K7Q-M2P बताइए' }]);
  // Still on the card: the link's own address was not followed.
  await expect(customer.page.getByRole('progressbar')).toBeVisible();
  expect(customer.page.url()).toContain('/card/');
  expect(customer.errors).toEqual([]);
  await customer.context.close();
});

test('a card link made by the counter carries the code the counter shows and the level', async ({ page, browser }) => {
  await shopWithCustomer(page, 0);
  // Settings → Regulars and birthdays: one visit in 30 days makes a Regular.
  await page.getByRole('link', { name: 'Settings' }).click();
  const panel = page.locator('.perks-settings');
  await panel.locator('#tier1-name').fill('Regular');
  await panel.locator('#tier1-visits').fill('1');
  await panel.locator('#tier1-days').fill('30');
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(panel.getByRole('status')).toHaveText('Saved');
  await page.getByRole('link', { name: 'Counter' }).click();
  await page.getByLabel('Search customers').fill('43210');
  await page.getByRole('link', { name: /Asha Verma/ }).click();
  await page.getByRole('button', { name: 'Add stamp', exact: true }).click();
  await expect(page.getByRole('progressbar', { name: 'Stamps' })).toHaveAttribute('aria-valuenow', '1');
  const code = ((await page.locator('.referral-code').textContent()) ?? '').replace('Referral code: ', '');
  expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{3}$/);
  const link = await currentLink(page);
  const customer = await phone(browser);
  await customer.page.goto(link);
  await expectCardPage(customer.page, 1, 10);
  await expect(customer.page.getByText('Level: Regular', { exact: true })).toBeVisible();
  await expect(customer.page.locator('.refer .code')).toHaveText(code);
  expect(customer.errors).toEqual([]);
  await customer.context.close();
});
