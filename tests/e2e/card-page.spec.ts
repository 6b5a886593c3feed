// The customer's card page (dist/card/, web/page.js): a small entry of its own. Old card links
// (the app's own address) reach it without the counter's wasm; it verifies with WebCrypto where
// the browser has Ed25519 and with the wasm verifier where it does not, and both say the same;
// it works offline after one visit, in four languages.
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { counterFiles, currentLink, expectCardPage, phone, SHOP, shopWithCustomer, withoutWebCryptoEd25519 } from './card-helpers';
import { issue, type Claims } from './widget-servers';

const SEED = '07'.repeat(32);
const CARD: Claims = {
  cardId: '0123456789abcdef0123456789abcdef',
  sequence: 9,
  issuedAt: 1763899200, // 2025-11-23
  stamps: 7,
  perReward: 10,
  ready: 1,
  shop: 'Sharma Chai',
  name: 'Priya',
  reward: '1 free chai',
};
let key: string;
let fingerprint: string;
let tokens: string[]; // [7 of 10, 9 of 10, format 1 (3 of 12), a card of 1 (2 ready), 1 of 10]

test.beforeAll(() => {
  test.setTimeout(300_000); // may build the token example
  const made = issue(SEED, [
    CARD,
    { ...CARD, stamps: 9, ready: 0 },
    { ...CARD, sequence: 'v1', stamps: 3, perReward: 12, ready: 0 },
    { ...CARD, stamps: 0, ready: 2, perReward: 1 },
    { ...CARD, stamps: 1, ready: 0 },
  ]);
  ({ publicKey: key, fingerprint, tokens } = made);
});

/** Every URL `context` requests, its service workers' included. */
function requests(context: BrowserContext): string[] {
  const urls: string[] = [];
  context.on('request', (r) => urls.push(r.url()));
  return urls;
}

const verifier = (page: Page) => page.locator('html').getAttribute('data-verifier');

test('a card link of the old format opens the card page without the counter', async ({ browser, baseURL }) => {
  for (const old of [`${baseURL}?shop=${key}#mohar=${tokens[0]}`, `${baseURL}index.html?shop=${key}#mohar=${tokens[0]}`]) {
    const customer = await phone(browser);
    const urls = requests(customer.context);
    await customer.page.goto(old);
    await expect(customer.page.getByRole('heading', { level: 1, name: 'Sharma Chai' })).toBeVisible();
    await expectCardPage(customer.page, 7, 10);
    await expect(customer.page.getByText('Rewards ready: 1', { exact: true })).toBeVisible();
    await expect(customer.page.getByText(fingerprint)).toBeVisible();
    expect(customer.page.url()).toBe(`${baseURL}card/?shop=${key}#mohar=${tokens[0]}`);
    expect(counterFiles(urls)).toEqual([]);
    expect(customer.errors).toEqual([]);
    await customer.context.close();
  }
});

test('a link made by the counter opens the card page; one of the format before still does', async ({ page, browser, baseURL }) => {
  await shopWithCustomer(page, 7);
  const link = await currentLink(page);
  expect(link).toMatch(new RegExp(`^${baseURL!.replace(/[.]/g, '\\.')}card/\\?shop=[\\w-]{43}#mohar=[\\w-]{100,340}$`));
  // What today's app made before the card page had its own address.
  const before = link.replace('/card/?shop=', '/?shop=');
  for (const address of [link, before]) {
    const customer = await phone(browser);
    const urls = requests(customer.context);
    await customer.page.goto(address);
    await expect(customer.page.getByRole('heading', { level: 1, name: SHOP })).toBeVisible();
    await expectCardPage(customer.page, 7, 10);
    await expect(customer.page.getByText('3 more stamps for 1 free chai')).toBeVisible();
    await expect(customer.page.getByText(/^This card shows your stamps as of that day\. After your next visit/)).toBeVisible();
    expect(counterFiles(urls)).toEqual([]);
    expect(await customer.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toEqual([]);
    expect(customer.errors).toEqual([]);
    await customer.context.close();
  }
  // On the counter's own tablet, whose service worker serves the counter for every address of
  // its scope, the card link still opens the card page; and the counter is still there after.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.goto(link);
  await expectCardPage(page, 7, 10);
  await page.goto(`${baseURL}#/`);
  await expect(page.getByLabel('Search customers')).toBeVisible();
});

for (const path of ['webcrypto', 'wasm'] as const) {
  test(`the ${path} path verifies, refuses a changed link and works offline after one visit`, async ({ browser, baseURL }) => {
    const customer = await phone(browser);
    if (path === 'wasm') await withoutWebCryptoEd25519(customer.context);
    const urls = requests(customer.context);
    const p = customer.page;
    await p.goto(`${baseURL}card/?shop=${key}#mohar=${tokens[0]}`);
    await expectCardPage(p, 7, 10);
    expect(await verifier(p)).toBe(path);
    // The wasm verifier is fetched where it is needed, and only there.
    expect(urls.some((u) => /\/verifier-[0-9a-f]+\.js$/.test(u))).toBe(path === 'wasm');

    // A changed character, another key, no key, garbage: refused, never shown.
    const i = 60;
    const tampered = tokens[0].slice(0, i) + (tokens[0][i] === 'A' ? 'B' : 'A') + tokens[0].slice(i + 1);
    for (const bad of [`?shop=${key}#mohar=${tampered}`, `?shop=${'A'.repeat(43)}#mohar=${tokens[0]}`, `#mohar=${tokens[0]}`, `?shop=${key}#mohar=garbage`]) {
      await p.goto(`${baseURL}card/${bad}`);
      await expect(p.getByRole('alert')).toHaveText('This card could not be verified');
      await expect(p.getByRole('progressbar')).toHaveCount(0);
    }

    await p.goto(`${baseURL}card/?shop=${key}#mohar=${tokens[0]}`);
    await expectCardPage(p, 7, 10);
    await p.evaluate(() => navigator.serviceWorker.ready);
    await p.waitForFunction(() => navigator.serviceWorker.controller !== null);
    // The card page's worker keeps the card page only, never the counter.
    const cached = await p.evaluate(async () => {
      const names = await caches.keys();
      const all = await Promise.all(names.map(async (n) => (await (await caches.open(n)).keys()).map((r) => r.url)));
      return all.flat();
    });
    expect(counterFiles(cached)).toEqual([]);
    expect(cached.every((u) => u.startsWith(`${baseURL}card/`) || /\/verifier-[0-9a-f]+\.js$/.test(u))).toBe(true);
    expect(cached.some((u) => /\/verifier-[0-9a-f]+\.js$/.test(u))).toBe(path === 'wasm');

    await customer.context.setOffline(true);
    // A newer card opened offline, in a fresh load of the page.
    await p.goto(`${baseURL}card/?shop=${key}#mohar=${tokens[1]}`);
    await p.reload();
    await expectCardPage(p, 9, 10);
    await expect(p.getByText('1 more stamp for 1 free chai')).toBeVisible();
    expect(await verifier(p)).toBe(path);
    // The old format too, offline: a format 1 card.
    await p.goto(`${baseURL}card/?shop=${key}#mohar=${tokens[2]}`);
    await p.reload();
    await expectCardPage(p, 3, 12);
    expect(customer.errors).toEqual([]);
    await customer.context.close();
  });
}

test('an address without its card asks for the link, never sets up a shop', async ({ browser, baseURL }) => {
  const customer = await phone(browser);
  const urls = requests(customer.context);
  for (const address of [`${baseURL}card/?shop=${key}`, `${baseURL}?shop=${key}`, `${baseURL}card/`, `${baseURL}card/?shop=${key}#mohar`]) {
    await customer.page.goto(address);
    await expect(customer.page.getByText('Ask at the counter for your card link')).toBeVisible();
    await expect(customer.page.getByRole('heading', { name: 'Set up your shop' })).toHaveCount(0);
  }
  expect(counterFiles(urls)).toEqual([]);
  expect(customer.errors).toEqual([]);
  await customer.context.close();
});

test('while the script loads, the page shows the shop colours and "Loading your card…"', async ({ browser, baseURL }) => {
  const customer = await phone(browser);
  // Hold the card page's script back: what is on screen is the HTML and the stylesheet alone.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await customer.context.route(/\/card\/card-[0-9a-f]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  const p = customer.page;
  const opened = p.goto(`${baseURL}card/?shop=${key}#mohar=${tokens[0]}`, { waitUntil: 'commit' });
  await expect(p.getByText('Loading your card…')).toBeVisible();
  expect(await p.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 248, 238)');
  expect(await p.locator('header').evaluate((h) => getComputedStyle(h).backgroundColor)).toBe('rgb(159, 29, 22)');
  release();
  await opened;
  await expectCardPage(p, 7, 10);
  await expect(p.getByText('Loading your card…')).toHaveCount(0);
  expect(customer.errors).toEqual([]);
  await customer.context.close();
});

test('plurals follow the count: one stamp, one reward, a card of one', async ({ browser, baseURL }) => {
  const customer = await phone(browser);
  const p = customer.page;
  await p.goto(`${baseURL}card/?shop=${key}#mohar=${tokens[4]}`);
  await expect(p.getByText('1 of 10 stamps', { exact: true })).toBeVisible();
  await expect(p.getByText('9 more stamps for 1 free chai', { exact: true })).toBeVisible();
  await p.goto(`${baseURL}card/?shop=${key}#mohar=${tokens[3]}`);
  await p.reload();
  await expect(p.getByText('0 of 1 stamp', { exact: true })).toBeVisible();
  await expect(p.getByText('1 more stamp for 1 free chai', { exact: true })).toBeVisible();
  await expect(p.getByText('Rewards ready: 2', { exact: true })).toBeVisible();
  await p.getByLabel('Language').selectOption('hi');
  await expect(p.getByText('2 इनाम तैयार हैं', { exact: true })).toBeVisible();
  await expect(p.getByText('1 में से 0 मोहर', { exact: true })).toBeVisible();
  expect(customer.errors).toEqual([]);
  await customer.context.close();
});

test('the card speaks English, हिन्दी, বাংলা and ગુજરાતી, from the browser and switchable', async ({ browser, baseURL }) => {
  const link = `${baseURL}card/?shop=${key}#mohar=${tokens[0]}`;
  const one = `${baseURL}card/?shop=${key}#mohar=${tokens[1]}`;
  const cases = [
    { locale: 'hi-IN', lang: 'hi', count: '10 में से 7 मोहर', more: '3 और मोहर, फिर 1 free chai', moreOne: 'बस 1 और मोहर, फिर 1 free chai', ready: '1 इनाम तैयार है', label: 'भाषा' },
    { locale: 'bn-BD', lang: 'bn', count: '১০টার মধ্যে ৭টা স্ট্যাম্প', more: 'আর ৩টা স্ট্যাম্প, তারপর 1 free chai', moreOne: 'আর মাত্র ১টা স্ট্যাম্প, তারপর 1 free chai', ready: '১টা পুরস্কার নিতে পারেন', label: 'ভাষা' },
    { locale: 'gu-IN', lang: 'gu', count: '10 માંથી 7 સ્ટેમ્પ', more: 'હજુ 3 સ્ટેમ્પ, પછી 1 free chai', moreOne: 'બસ 1 સ્ટેમ્પ બાકી, પછી 1 free chai', ready: '1 ઇનામ તૈયાર છે', label: 'ભાષા' },
  ];
  for (const c of cases) {
    const customer = await phone(browser, { locale: c.locale });
    const p = customer.page;
    await p.goto(link);
    await expect(p.locator('html')).toHaveAttribute('lang', c.lang);
    await expect(p.getByText(c.count, { exact: true })).toBeVisible();
    await expect(p.getByText(c.ready, { exact: true })).toBeVisible();
    await expect(p.getByText(c.more, { exact: true })).toBeVisible();
    await p.goto(one);
    await expect(p.getByText(c.moreOne, { exact: true })).toBeVisible();
    // Switched to English, remembered on this phone.
    await p.getByLabel(c.label).selectOption('en');
    await expect(p.locator('html')).toHaveAttribute('lang', 'en');
    await expectCardPage(p, 9, 10);
    await expect(p.getByText('1 more stamp for 1 free chai')).toBeVisible();
    await p.reload();
    await expectCardPage(p, 9, 10);
    expect(customer.errors).toEqual([]);
    await customer.context.close();
  }
});

test('the WebCrypto and the wasm verifier agree on every token', async ({ browser, baseURL }) => {
  const good = tokens[0];
  const flip = (t: string, i: number) => t.slice(0, i) + (t[i] === 'A' ? 'B' : 'A') + t.slice(i + 1);
  // The last character carries unused bits: 'B' after 'A' leaves them non-zero (not canonical).
  const cases: [string, string][] = [
    [key, good], [key, tokens[1]], [key, tokens[2]], [key, ''], [key, 'garbage'], [key, `${good}=`], [key, `${good} `],
    [key, good.slice(0, -1)], [key, good.slice(0, 120)], [key, 'A'.repeat(341)], [key, `${good.slice(0, -1)}é`],
    [key, `C${good.slice(1)}`], [key, `D${good.slice(1)}`], [` ${key} `, good], [key.slice(0, 42), good], [`${key}=`, good],
    ['A'.repeat(43), good], [issue('08'.repeat(32), [CARD]).publicKey, good],
    ...[1, 3, 6, 8, 30, 40, 47, 50, 60, 100, 140, 200, good.length - 2].map((i): [string, string] => [key, flip(good, i)]),
  ];
  const run = async (wasm: boolean) => {
    const customer = await phone(browser);
    if (wasm) await withoutWebCryptoEd25519(customer.context);
    await customer.page.goto(`${baseURL}card/`);
    const results = await customer.page.evaluate(async (all) => {
      const out = [];
      for (const [k, t] of all) out.push(await (window as any).__mohar.verify(k, t));
      return out;
    }, cases);
    expect(customer.errors).toEqual([]);
    await customer.context.close();
    return results;
  };
  const [js, wasm] = [await run(false), await run(true)];
  expect(js.every((r: { path: string }) => r.path === 'webcrypto')).toBe(true);
  expect(wasm.every((r: { path: string }) => r.path === 'wasm')).toBe(true);
  const accepted = (r: { result: unknown }) => typeof r.result !== 'string';
  expect(js.filter(accepted).length).toBe(4); // the three tokens, and the key with spaces around it
  for (let i = 0; i < cases.length; i++) {
    // The same card, or a refusal on both sides (the reason may differ where the order of two
    // checks does: a key that is no curve point is refused when imported by one, verified by the other).
    expect(accepted(js[i]), `case ${i}: ${cases[i][1].slice(0, 20)}…`).toBe(accepted(wasm[i]));
    if (accepted(js[i])) expect(js[i].result).toEqual(wasm[i].result);
    else expect(js[i].result, `case ${i}`).toEqual(wasm[i].result);
  }
});
