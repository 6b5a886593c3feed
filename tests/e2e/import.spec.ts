// Issue 13: importing customers from a register or a sheet (Settings → Import customers, the
// owner's bundle). A Gujarati-headed file with a byte-order mark, semicolons, Excel's quoting and
// Bengali digits lists every problem by its line; skipping those rows imports the rest, whose
// paper stamps show on their cards and whom search finds at once; a failure midway leaves
// nothing written. With SCREENSHOTS=1 it also writes the screen in Hindi and Gujarati.
import type { Page } from '@playwright/test';
import { chooseLanguage, expect, newCustomer, setUpShop, test } from './fixtures';
import { importState } from './import-helpers';
import { PHONE, TABLET } from './layout-helpers';

const REGISTER = [
  'નામ;મોબાઇલ;કાર્ડ પર સ્ટેમ્પ;કેટલી વખત આવ્યા',
  'রমেশ দাস;98765 11111;৭;১২',
  'ભાવના પટેલ;12345;3;4',
  'Asha V;9876543210;1;1',
  '"Patel; Kiran";98765 22222;2;2',
  'સુરેશ;98765 11111;0;0',
].join('\r\n');

async function chooseFile(page: Page, text: string, name = 'register.csv') {
  await page.locator('#import-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from('\uFEFF' + text, 'utf8') });
}

/**
 * Every test's opening: a shop with Asha Verma (whose phone some lists repeat), then Settings,
 * in `language` if given, where the import panel (owner's bundle) shows.
 */
async function openImport(page: Page, language?: 'hi' | 'gu') {
  await setUpShop(page);
  await newCustomer(page, 'Asha Verma', '98765 43210');
  if (language) await chooseLanguage(page, language);
  // By the link's target, which stays the same in every language.
  await page.locator('a[href="#/settings"]').click();
  await expect(page.locator('.import-panel')).toBeVisible({ timeout: 15_000 });
  if (!language) await expect(page.getByRole('heading', { name: 'Import customers' })).toBeVisible();
}

/** How many customer records and events the app's database holds. */
async function counts(page: Page): Promise<{ customers: number; events: number; marker: boolean }> {
  const { names, events, marker } = await importState(page);
  return { customers: names.length, events, marker };
}

test('a sheet with a BOM and semicolons lists its problems by line; skipping them imports the rest with their stamps', async ({ page }) => {
  await openImport(page);
  await chooseFile(page, REGISTER);

  await expect(page.getByText('Ready to import: 2. Rows with problems: 3.')).toBeVisible();
  const problems = page.locator('.import-problems li');
  await expect(problems).toHaveText([
    'Line 3: the phone number is not a valid mobile number',
    'Line 4: already a customer (Asha Verma)',
    'Line 6: same phone number as line 2',
  ]);
  // The columns were found by their Gujarati headings; the preview shows the first rows.
  await expect(page.locator('#import-col-phone')).toHaveValue('1');
  await expect(page.locator('.import-preview tbody tr').first()).toContainText('রমেশ দাস');
  await expect(page.locator('.import-preview tbody')).toContainText('Patel; Kiran');

  // Nothing is written before "Import", and not while rows have problems.
  const before = await counts(page);
  const importButton = page.getByRole('button', { name: 'Import (2)' });
  await expect(importButton).toBeDisabled();
  await page.getByLabel('Skip the rows with problems and import the rest').check();
  expect(await counts(page)).toEqual(before);
  await importButton.click();
  await expect(page.getByText('Customers imported: 2. Search finds them now.')).toBeVisible();
  const after = await counts(page);
  expect(after.customers).toBe(before.customers + 2);
  expect(after.marker).toBe(false);

  // Search finds them at once, and the paper card's stamps are on the card.
  const search = page.getByLabel('Search customers');
  const results = page.locator('.result-name');
  await page.getByRole('link', { name: 'Counter' }).click();
  await search.pressSequentially('kiran');
  await expect(results).toHaveText(['Patel; Kiran']);
  await search.fill('');
  await search.pressSequentially('ramesh');
  await expect(results).toHaveText(['রমেশ দাস']);
  await search.press('Enter');
  await expect(page.getByRole('heading', { name: 'রমেশ দাস' })).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Stamps' })).toHaveAttribute('aria-valuenow', '7');
});

test('an import that fails midway leaves nothing written', async ({ page }) => {
  await openImport(page);
  const rows = ['Name,Phone,Stamps'];
  for (let n = 0; n < 2500; n++) rows.push(`Customer ${n},98${String(10_000_000 + n)},${n % 9}`);
  await chooseFile(page, rows.join('\n'), 'big.csv');
  await expect(page.getByText('Ready to import: 2,500. Rows with problems: 0.')).toBeVisible();
  const before = await counts(page);

  // The disk fills up a few batches in (its 4 000th record): that `add` fails as a full disk does.
  await page.evaluate(() => {
    const add = IDBObjectStore.prototype.add;
    let calls = 0;
    IDBObjectStore.prototype.add = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      calls += 1;
      if (calls === 4_000) throw new DOMException('injected by the test', 'QuotaExceededError');
      return add.call(this, value, key);
    };
  });
  await page.getByRole('button', { name: 'Import (2,500)' }).click();
  await expect(page.getByText('Nothing was imported.')).toBeVisible({ timeout: 20_000 });
  expect(await counts(page)).toEqual(before);

  await page.getByRole('link', { name: 'Counter' }).click();
  await page.getByLabel('Search customers').pressSequentially('Customer 1');
  await expect(page.getByText('No customer matches this search.')).toBeVisible();
  await page.reload();
  await page.getByLabel('Search customers').pressSequentially('Customer 1');
  await expect(page.getByText('No customer matches this search.')).toBeVisible();
});

test('an import goes on while the counter is used, and Settings shows it finished', async ({ page }) => {
  // 10 000 rows in batches of 50: long enough to leave Settings while they go in.
  test.setTimeout(150_000);
  await openImport(page);
  const rows = ['Name,Phone,Stamps'];
  for (let n = 0; n < 10_000; n++) rows.push(`Shopper ${n},97${String(10_000_000 + n)},${n % 9}`);
  await chooseFile(page, rows.join('\n'), 'register.csv');
  await expect(page.getByText('Ready to import: 10,000. Rows with problems: 0.')).toBeVisible({ timeout: 20_000 });
  const before = await counts(page);
  await page.getByRole('button', { name: 'Import (10,000)' }).click();
  await expect(page.locator('.import-progress')).toBeVisible();
  await expect(page.getByText('You can go to the counter meanwhile')).toBeVisible();

  // Off to the counter while it runs (its marker is still there: not finished yet), which works
  // meanwhile: search finds a customer made before.
  await page.getByRole('link', { name: 'Counter' }).click();
  expect((await counts(page)).marker).toBe(true);
  const search = page.getByLabel('Search customers');
  await search.pressSequentially('asha');
  await expect(page.locator('.result-name')).toHaveText(['Asha Verma']);

  // Back in Settings: the page's import, running or done; it ends done, every row once.
  // (The header's link: the counter also shows "Set owner PIN", which goes to Settings too.)
  await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByText('Customers imported: 10,000. Search finds them now.')).toBeVisible({ timeout: 120_000 });
  const after = await counts(page);
  expect(after.customers).toBe(before.customers + 10_000);
  expect(after.marker).toBe(false);

  // The counter's search finds the imported customers, each once.
  await page.getByRole('link', { name: 'Counter' }).click();
  await search.fill('');
  await search.pressSequentially('shopper 9999');
  await expect(page.locator('.result-name')).toHaveText(['Shopper 9999']);
  await page.reload();
  await page.getByLabel('Search customers').pressSequentially('shopper 4321');
  await expect(page.locator('.result-name')).toHaveText(['Shopper 4321']);
});

const LIST = ['Name;Phone;Stamps', 'Ramesh Das;98765 11111;3', 'Kiran Patel;98765 22222;2', 'Suresh Shah;98765 33333;1'].join('\r\n');

/** Another writer (the counter on another tablet through sync, or another window) saves a new
 * customer after the preview: a copy of an existing record with its own id, name, phone and a
 * newer `rev`, put straight into the app's database as any other connection would. */
async function customerAddedElsewhere(page: Page, name: string, phone: string) {
  await page.evaluate(
    ([name, phone]) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('mohar');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['customers'], 'readwrite');
          const records = tx.objectStore('customers');
          const all = records.getAll();
          all.onsuccess = () => {
            const record = JSON.parse(all.result[0].j);
            const id = 'e'.repeat(32);
            record.id = id;
            record.profile.name = name;
            record.profile.phone = phone;
            const rev = Date.now() * 1000 + 500;
            record.rev = rev;
            records.put({ j: JSON.stringify(record), r: rev }, id);
          };
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    [name, phone],
  );
}

test('a phone added elsewhere after the preview is not imported twice and its line is named', async ({ page }) => {
  await openImport(page);
  await chooseFile(page, LIST);
  await expect(page.getByText('Ready to import: 3. Rows with problems: 0.')).toBeVisible();

  await customerAddedElsewhere(page, 'Meena Joshi', '+919876522222');
  await page.getByRole('button', { name: 'Import (3)' }).click();
  await expect(page.getByText('Customers imported: 2. Search finds them now.')).toBeVisible();
  await expect(page.locator('.import-clashes li')).toHaveText([
    "Line 3: +91 98765 22222 is now Meena Joshi, added at the counter while the list was coming in. This row was left out; the customer at the counter stays.",
  ]);
  const stored = (await importState(page)).phones;
  expect(stored.filter((phone) => phone === '+919876522222')).toHaveLength(1);
  expect(stored).toHaveLength(4);
});

test.describe('screenshots of the result', () => {
  test.skip(!process.env.SCREENSHOTS, 'set SCREENSHOTS=1 to write docs/screenshots');
  for (const [size, viewport] of [['tablet', TABLET], ['phone', PHONE]] as const) {
    test(`the import's result with a row left out (gu, ${size})`, async ({ page }) => {
      await page.setViewportSize(viewport);
      await openImport(page, 'gu');
      await chooseFile(page, LIST);
      await expect(page.locator('.import-preview')).toBeVisible();
      await customerAddedElsewhere(page, 'મીના જોશી', '+919876522222');
      await page.locator('.import-panel .actions button.primary').click();
      await expect(page.locator('.import-clashes li')).toHaveCount(1);
      await page.locator('.import-panel').scrollIntoViewIfNeeded();
      await page.locator('.import-panel').screenshot({ path: `docs/screenshots/import-result-gu-${size}.png` });
    });
  }
});

test.describe('screenshots', () => {
  test.skip(!process.env.SCREENSHOTS, 'set SCREENSHOTS=1 to write docs/screenshots');
  for (const [size, viewport] of [['tablet', TABLET], ['phone', PHONE]] as const) {
    for (const language of ['hi', 'gu'] as const) {
      test(`the import screen with problems (${language}, ${size})`, async ({ page }) => {
        await page.setViewportSize(viewport);
        await openImport(page, language);
        await chooseFile(page, REGISTER);
        await expect(page.locator('.import-problems li')).toHaveCount(3);
        await page.locator('.import-panel').scrollIntoViewIfNeeded();
        await page.locator('.import-panel').screenshot({ path: `docs/screenshots/import-${language}-${size}.png` });
      });
    }
  }
});
