// Issue 12, the owner's dashboard: figures worked out by hand for a shop made here, a stamp at
// the counter showing on the next opening (the commit's delta folded in), charts with their
// tables, and a phone's width. Each test in a fresh profile.
//   E2E_PORT=8614 npx playwright test tests/e2e/dashboard.spec.ts
// With SCREENSHOTS=1 it also writes the demo shop's dashboard in English, Bengali and Gujarati on
// a phone and a tablet to docs/screenshots (dashboard-<lang>-<size>.png).
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';
import { addCustomer, setUpShop } from './helpers';
import { chooseLanguage, demoShop, expectNoSidewaysScroll, PHONE, SIZES } from './layout-helpers';

async function openDashboard(page: Page) {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await expect(page.getByTestId('dash-retention')).toBeVisible();
}

const figure = (page: Page, id: string) => page.getByTestId(`dash-${id}`);
const value = (page: Page, id: string) => page.getByTestId(`dash-${id}-value`);

test('a new shop with two first visits today: figures worked out by hand', async ({ page }) => {
  await setUpShop(page);
  await addCustomer(page, 'Asha Verma', '98765 43210');
  await page.getByRole('button', { name: 'Add stamp', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Stamps added: 1');
  await page.getByRole('link', { name: 'Counter' }).click();
  await addCustomer(page, 'Ravi Kumar', '98765 43211');
  await page.getByRole('button', { name: 'Add stamp', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Stamps added: 1');

  await openDashboard(page);
  // No one was active before this month: S = 0, so there is no rate; both joined (N = 2) and
  // came (E = 2).
  await expect(value(page, 'retention')).toHaveText('Nothing yet');
  await expect(figure(page, 'retention')).toContainText('S = 0:');
  await expect(figure(page, 'retention')).toContainText('N = 2:');
  await expect(figure(page, 'retention')).toContainText('E = 2:');
  // Two visits by two customers, both first visits; no one came twice.
  await expect(value(page, 'visits')).toHaveText('1');
  await expect(figure(page, 'visits')).toContainText('2 visits by 2 customers');
  await expect(value(page, 'repeat')).toHaveText('0%');
  await expect(value(page, 'new')).toHaveText('2 new · 0 returning');
  // The top fifth of two customers is one of them, with one of the two visits.
  await expect(value(page, 'top')).toHaveText('Top 20% bring 50% of visits');
  await expect(value(page, 'stamps')).toHaveText('2 stamps given · 0 rewards given');
  await expect(value(page, 'owed')).toHaveText('0');
  await expect(value(page, 'complaints')).toHaveText('0');
});

test('the demo shop: a stamp shows on the next opening, charts have tables, a phone fits', async ({ page }) => {
  await page.setViewportSize(PHONE);
  await demoShop(page);
  await openDashboard(page);
  const visitsLine = async () => {
    const text = (await figure(page, 'visits').locator('.explain').innerText()).replace(/,/g, '');
    return Number(/(\d+) visits/.exec(text)![1]);
  };
  const before = await visitsLine();
  // The retention shown is the playbook's formula of the three numbers shown.
  const retention = figure(page, 'retention');
  const number = async (letter: string) => Number((/= ([\d,]+):/.exec(await retention.getByText(new RegExp(`^${letter} = `)).innerText())![1]).replace(/,/g, ''));
  const [s, n, e] = [await number('S'), await number('N'), await number('E')];
  if (s > 0) {
    const rate = ((e - n) / s) * 100;
    const shown = Number((await value(page, 'retention').innerText()).replace(/[%,]/g, ''));
    expect(Math.abs(shown - rate)).toBeLessThanOrEqual(0.05);
  }
  // Four charts, each an image with its table of numbers.
  const charts = page.locator('figure.chart');
  await expect(charts).toHaveCount(4);
  for (let i = 0; i < 4; i++) {
    const chart = charts.nth(i);
    await expect(chart.getByRole('img')).toBeVisible();
    await chart.getByText('Show the numbers').click();
    await expect(chart.getByRole('table')).toBeVisible();
    expect(await chart.getByRole('row').count()).toBeGreaterThan(1);
  }
  await expect(charts.nth(1).getByRole('img')).toHaveAccessibleName('Retention by month');
  await expectNoSidewaysScroll(page, 'dashboard on a phone');

  // A stamp at the counter: its commit's delta is folded in when the dashboard opens again.
  await page.getByRole('link', { name: 'Counter' }).click();
  await page.locator('.results li').first().click();
  await page.getByRole('button', { name: 'Add stamp', exact: true }).click();
  const yes = page.getByRole('button', { name: 'Yes, add another', exact: true });
  await expect(page.getByRole('status').or(yes).first()).toBeVisible();
  const sameVisit = await yes.isVisible();
  if (sameVisit) await yes.click();
  await expect(page.getByRole('status')).toContainText(/Stamps added|added now/);
  await openDashboard(page);
  // A second stamp of the same visit is not a visit.
  expect(await visitsLine()).toBe(sameVisit ? before : before + 1);
});

test.describe('screenshots', () => {
  test.skip(!process.env.SCREENSHOTS, 'set SCREENSHOTS=1 to write docs/screenshots');
  for (const size of SIZES) {
    test(`the demo shop's dashboard on a ${size.name}`, async ({ page }) => {
      await page.setViewportSize({ width: size.width, height: size.height });
      await demoShop(page);
      await openDashboard(page);
      for (const code of ['en', 'bn', 'gu'] as const) {
        await chooseLanguage(page, code);
        await expect(page.getByTestId('dash-retention')).toBeVisible();
        await page.screenshot({ path: `docs/screenshots/dashboard-${code}-${size.name}.png`, fullPage: true });
      }
    });
  }
});
