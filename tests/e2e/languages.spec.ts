// Four languages on every counter screen, the digits setting and the Bangladesh default.
//   E2E_PORT=4705 npx playwright test tests/e2e/languages.spec.ts
// With SCREENSHOTS=1 it also writes the counter, the customer screen and Settings in each
// language, on a tablet and a phone, to docs/screenshots (languages-<screen>-<lang>-<size>.png).
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { addCustomer, addStamps, setUpShop } from './helpers';
import { SIZES, chooseLanguage } from './layout-helpers';

type Texts = Record<string, string | [string, ...unknown[]][]>;
const load = (code: string): Texts => JSON.parse(readFileSync(`locales/${code}.json`, 'utf8'));
const english = load('en');
const LANGUAGES = ['hi', 'bn', 'gu'] as const;

/** The English texts that read differently in `code`: the words a screen in `code` must not show. */
function englishLeftOver(code: string): string[] {
  const translated = load(code);
  const plain = (value: Texts[string]) => (typeof value === 'string' ? [value] : value.map((form) => form[0]));
  const out: string[] = [];
  for (const [key, value] of Object.entries(english)) {
    // The default reward is only the set-up form's suggestion: once saved it is the shop's own
    // text, shown as typed (checked on the set-up form below).
    if (key === 'reward_default') continue;
    const theirs = plain(translated[key]).join('\n');
    for (const form of plain(value)) {
      // The fixed words of the text, around its {{ arguments }} and {arguments}.
      for (const piece of form.split(/\{\{[^}]*\}\}|\{[a-z]+\}/)) {
        const words = piece.trim().replace(/^[:.,—·]+|[:.,—·]+$/g, '').trim();
        if (words.length >= 4 && /[a-z]{3}/i.test(words) && !theirs.includes(words)) out.push(words);
      }
    }
  }
  return out;
}

/** Every visible text node of the page, trimmed. */
async function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const parent = node.parentElement;
      if (!text || !parent || parent.closest('code, textarea, .visually-hidden, option:not(:checked)')) continue;
      if (parent.checkVisibility && !parent.checkVisibility()) continue;
      out.push(text);
    }
    for (const input of Array.from(document.querySelectorAll('input[placeholder]'))) out.push((input as HTMLInputElement).placeholder);
    return out;
  });
}

async function expectNoEnglish(page: Page, code: string, screen: string) {
  const leftOver = englishLeftOver(code);
  const texts = await visibleTexts(page);
  const found = texts.filter((text) => leftOver.some((words) => text.includes(words)));
  expect(found, `English on the ${screen} screen in ${code}`).toEqual([]);
}

/** A shop with one customer who has 3 stamps; returns to the counter. */
async function shopWithCustomer(page: Page) {
  await setUpShop(page);
  await addCustomer(page, 'Asha Verma', '98765 43210');
  await addStamps(page, 3);
}

for (const code of LANGUAGES) {
  test(`every counter screen is in ${code}, with no English left`, async ({ page }) => {
    await shopWithCustomer(page);
    const customerUrl = page.url();
    await chooseLanguage(page, code);
    await expectNoEnglish(page, code, 'customer');
    await page.goto(customerUrl.replace(/#.*/, '#/'));
    await expect(page.locator('.results li').first()).toBeVisible();
    await expectNoEnglish(page, code, 'counter');
    for (const [hash, screen] of [['#/new', 'new customer'], ['#/settings', 'settings'], ['#/check', 'check a card'], ['#/feedback', 'feedback']]) {
      await page.goto(customerUrl.replace(/#.*/, hash));
      await expect(page.locator('main h1').first()).toBeVisible();
      await expectNoEnglish(page, code, screen);
    }
    await page.goto(customerUrl.replace('#/customer/', '#/customer/').replace(/$/, '/edit'));
    await expect(page.locator('main h1').first()).toBeVisible();
    await expectNoEnglish(page, code, 'edit customer');
  });
}

for (const code of LANGUAGES) {
  test(`the set-up form is in ${code}, its suggested reward too`, async ({ page }) => {
    await page.goto('./');
    await chooseLanguage(page, code);
    await expect(page.locator('main h1').first()).toBeVisible();
    await expectNoEnglish(page, code, 'set-up');
    await expect(page.locator('main input').nth(1)).toBeVisible();
    const values = await page.locator('main input').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    expect(values).toContain(load(code).reward_default);
  });
}

test('the digits setting writes every number in the language\'s own digits', async ({ page }) => {
  await shopWithCustomer(page);
  await chooseLanguage(page, 'hi');
  const progress = page.getByRole('progressbar');
  await expect(progress).toContainText('10 में से 3 मोहर');
  await page.getByRole('link', { name: 'सेटिंग्स' }).click();
  await page.getByLabel('अंक', { exact: true }).selectOption('native');
  await page.goBack();
  await expect(progress).toContainText('१० में से ३ मोहर');
  await expect(page.getByText('१ बार आए', { exact: true })).toBeVisible();
  await expect(page.locator('.customer-phone')).toContainText('३२१०');
  // Typing takes either kind of digits: the search finds the phone by Devanagari digits.
  await page.getByRole('link', { name: 'काउंटर' }).click();
  await page.getByLabel('ग्राहक खोजें').fill('३२१०');
  await expect(page.getByRole('link', { name: /Asha Verma/ })).toContainText('१० में से ३ मोहर');
  // The choice stays after a reload.
  await page.reload();
  await expect(page.locator('.stamp-count').first()).toHaveText('१० में से ३ मोहर');
});

test('a bill is shown back the lakh way in the chosen digits, and typed in any digits', async ({ page }) => {
  await page.goto('./');
  await page.getByLabel('Shop name').fill('Sharma Sweets');
  await page.getByLabel('Earn stamps').selectOption('amount');
  await page.getByLabel('Amount per stamp').fill('50000');
  await page.getByRole('button', { name: 'Start' }).click();
  await addCustomer(page, 'Asha Verma', '98765 43210');
  const bill = page.getByLabel(/Bill amount/);
  await bill.fill('150000');
  await bill.blur();
  await expect(bill).toHaveValue('1,50,000');
  await expect(page.getByText('This bill earns 3 stamps')).toBeVisible();
  await chooseLanguage(page, 'gu');
  await page.getByRole('link', { name: 'સેટિંગ્સ' }).click();
  await page.getByLabel('અંક', { exact: true }).selectOption('native');
  await page.goBack();
  const billGu = page.getByLabel(/બિલની રકમ/);
  // Typed in Gujarati digits, shown back grouped in Gujarati digits; the plural is the language's.
  await billGu.fill('૧૦૦૦૦૦');
  await billGu.blur();
  await expect(billGu).toHaveValue('૧,૦૦,૦૦૦');
  await expect(page.getByText('આ બિલ પર ૨ સ્ટેમ્પ મળશે')).toBeVisible();
});

test('a Bangladesh shop opens in Bengali with Bengali digits; the header switch still works', async ({ page }) => {
  await page.goto('./');
  await page.getByLabel('Shop name').fill('Rahim Tea');
  await page.getByLabel('Country').selectOption('BD');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByLabel('কাস্টমার খুঁজুন')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'bn');
  await page.getByRole('link', { name: 'নতুন কাস্টমার' }).click();
  await page.getByLabel('নাম', { exact: true }).fill('সুমন');
  // A Bangladeshi number typed in Bengali digits.
  await page.getByLabel('ফোন', { exact: true }).fill('০১৭১২৩৪৫৬৭৮');
  await page.getByRole('button', { name: 'সেভ করুন' }).click();
  await expect(page.getByRole('heading', { name: 'সুমন' })).toBeVisible();
  await expect(page.getByRole('progressbar')).toContainText('১০টির মধ্যে ০টি স্ট্যাম্প');
  await page.getByRole('button', { name: 'স্ট্যাম্প দিন' }).click();
  await expect(page.getByRole('status')).toContainText('১টি স্ট্যাম্প দেওয়া হলো');
  await chooseLanguage(page, 'en');
  await expect(page.getByRole('progressbar')).toContainText('1 of 10 stamps');
  await page.reload();
  await expect(page.getByRole('progressbar')).toContainText('1 of 10 stamps');
});

test('an Indian shop keeps the browser\'s language', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ locale: 'gu-IN', baseURL });
  const page = await context.newPage();
  await page.goto('./');
  await expect(page.locator('html')).toHaveAttribute('lang', 'gu');
  await expect(page.getByRole('heading', { name: 'તમારી દુકાન સેટ કરો' })).toBeVisible();
  await context.close();
});

test.describe('screenshots', () => {
  test.skip(!process.env.SCREENSHOTS, 'set SCREENSHOTS=1 to write docs/screenshots');
  for (const size of SIZES) {
    test.describe(size.name, () => {
      test.use({ viewport: { width: size.width, height: size.height } });
      for (const code of ['en', ...LANGUAGES] as const) {
        test(`${code}`, async ({ page }) => {
          await shopWithCustomer(page);
          const customerUrl = page.url();
          if (code !== 'en') await chooseLanguage(page, code);
          const shot = (screen: string) => page.screenshot({ path: `docs/screenshots/languages-${screen}-${code}-${size.name}.png` });
          await shot('customer');
          await page.goto(customerUrl.replace(/#.*/, '#/'));
          await expect(page.locator('.results li').first()).toBeVisible();
          await shot('counter');
          await page.goto(customerUrl.replace(/#.*/, '#/settings'));
          await expect(page.locator('main h1').first()).toBeVisible();
          await shot('settings');
        });
      }
    });
  }
});
