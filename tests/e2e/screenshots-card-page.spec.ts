// Screenshots of the customer's card page in its four languages at 390×844 into docs/screenshots.
// Only with SCREENSHOTS=1 (they are committed, not checked):
//   SCREENSHOTS=1 npx playwright test tests/e2e/screenshots-card-page.spec.ts
import { test, expect } from './fixtures';
import { phone } from './card-helpers';
import { issue } from './widget-servers';

test.skip(!process.env.SCREENSHOTS, 'set SCREENSHOTS=1 to write docs/screenshots');

test('the card page in English, हिन्दी, বাংলা and ગુજરાતી', async ({ browser, baseURL }) => {
  test.setTimeout(300_000);
  // The level as a shop of each language names it (issue 10: the card shows the referral code,
  // Share and the level).
  const levels = [['Gold', 'Platinum'], ['गोल्ड', 'प्लैटिनम'], ['সিলভার', 'গোল্ড'], ['ગોલ્ડ', 'પ્લેટિનમ']];
  const { publicKey, tokens } = issue('07'.repeat(32), levels.map(([tier, next]) => (
    { cardId: '0123456789abcdef0123456789abcdef', sequence: 9, issuedAt: 1763899200, stamps: 7, perReward: 10, ready: 1, shop: 'Sharma Tea Stall', name: 'Asha', reward: '1 free chai', extras: { code: '4K7Q-M2P', tier, need: 2, next } }
  )));
  const pages = [['en-IN', 'card-page-phone'], ['hi-IN', 'card-page-hindi-phone'], ['bn-BD', 'card-page-bengali-phone'], ['gu-IN', 'card-page-gujarati-phone']];
  for (const [i, [locale, name]] of pages.entries()) {
    const customer = await phone(browser, { locale });
    await customer.page.goto(`${baseURL}card/?shop=${publicKey}#mohar=${tokens[i]}`);
    await expect(customer.page.getByRole('progressbar')).toBeVisible();
    await expect(customer.page.locator('.refer .code')).toHaveText('4K7Q-M2P');
    await expect(customer.page.locator('.level')).toContainText(levels[i][1]);
    await customer.page.screenshot({ path: `docs/screenshots/${name}.png`, fullPage: true });
    await customer.context.close();
  }
});
