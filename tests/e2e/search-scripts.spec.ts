import { expect, newCustomer, setUpShopOffline, test } from './fixtures';

// A clerk with an English keyboard finds customers saved in Bengali, Devanagari and Gujarati
// script by typing their names in Latin letters, offline, also after a restart (when the
// search index is loaded from storage rather than built as customers are added).
test('a Latin spelling typed at the counter finds names saved in Bengali, Devanagari and Gujarati', async ({ page, context }) => {
  await setUpShopOffline(page, context, 'Dhaka Tea House');

  const customers: [string, string][] = [
    ['রমেশ দাস', '9876500001'],
    ['सुरेश शर्मा', '9876500002'],
    ['ભાવેશ પટેલ', '9876500003'],
    ['Ramesh Kumar', '9876500004'],
    ['লক্ষ্মী রানী', '9876500005'],
  ];
  for (const [name, phone] of customers) {
    await newCustomer(page, name, phone);
  }

  const search = page.getByLabel('Search customers');
  const results = page.locator('.result-name');
  const typeAtCounter = async (query: string) => {
    await page.getByRole('link', { name: 'Counter' }).click();
    await search.fill('');
    // Key by key, as a clerk types.
    await search.pressSequentially(query);
  };

  for (const round of ['as added', 'after a restart']) {
    // The name typed in its own letters comes first, then the one that sounds the same.
    await typeAtCounter('ramesh');
    await expect(results, round).toHaveText(['Ramesh Kumar', 'রমেশ দাস']);
    await typeAtCounter('suresh');
    await expect(results, round).toHaveText(['सुरेश शर्मा']);
    await typeAtCounter('bhavesh');
    await expect(results, round).toHaveText(['ભાવેશ પટેલ']);
    await typeAtCounter('laxmi');
    await expect(results, round).toHaveText(['লক্ষ্মী রানী']);
    // A Devanagari spelling finds the Latin and Bengali names (both by sound: most recently
    // seen first).
    await typeAtCounter('रमेश');
    await expect(results, round).toHaveText(['Ramesh Kumar', 'রমেশ দাস']);
    await page.reload();
    await expect(search).toBeVisible();
  }

  // Enter opens the first customer found by sound.
  await typeAtCounter('bhavesh');
  await search.press('Enter');
  await expect(page.getByRole('heading', { name: 'ભાવેશ પટેલ' })).toBeVisible();
});
