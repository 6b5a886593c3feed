import { expect, type Page } from '@playwright/test';
import { newCustomer } from './fixtures';

// The shop's set-up and the new-customer form are in fixtures.ts (one helper for every spec);
// these names stay for the specs that import them from here.
export { setUpShop, newCustomer as addCustomer } from './fixtures';

/**
 * Adds stamps one at a time, waiting for each to be saved. The first stamp of a visit is added
 * at once; a later one within a minute asks "Add another stamp for this visit?", answered yes.
 */
export async function addStamps(page: Page, count: number) {
  const progress = page.getByRole('progressbar', { name: 'Stamps' });
  const addStamp = page.getByRole('button', { name: 'Add stamp', exact: true });
  const yes = page.getByRole('button', { name: 'Yes, add another', exact: true });
  for (let i = 0; i < count; i++) {
    const before = await progress.getAttribute('aria-valuenow');
    const changed = async () => (await progress.getAttribute('aria-valuenow')) !== before;
    await addStamp.click();
    await expect(async () => expect((await yes.isVisible()) || (await changed())).toBe(true)).toPass();
    if (await yes.isVisible()) await yes.click();
    await expect(page.getByRole('status')).toContainText(/Stamps added|stamps? added now/);
    await expect(addStamp).toBeEnabled();
    await expect.poll(changed).toBe(true);
  }
}

/** The whole counter flow: ten stamps, redeem, undo, reload. */
export async function stampRedeemUndoReload(page: Page) {
  await newCustomer(page, 'Asha Verma', '98765 43210');
  const progress = page.getByRole('progressbar', { name: 'Stamps' });
  await expect(progress).toHaveAttribute('aria-valuemax', '10');
  await expect(progress).toHaveAttribute('aria-valuenow', '0');
  await expect(page.getByRole('button', { name: 'Redeem reward' })).toBeDisabled();

  await addStamps(page, 10);
  await expect(page.getByText('Rewards ready: 1')).toBeVisible();
  // The reward moment: the full card with its reward over it, not the next, empty card.
  await expect(progress).toContainText('10 of 10 stamps');
  await expect(progress).toContainText('Reward ready: 1 free chai');

  await page.getByRole('button', { name: 'Redeem reward' }).click();
  await expect(page.getByRole('status')).toContainText('Reward given');
  await expect(page.getByText('Rewards ready: 1')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Redeem reward' })).toBeDisabled();

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('status')).toContainText('Undone');
  await expect(page.getByText('Rewards ready: 1')).toBeVisible();

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Asha Verma' })).toBeVisible();
  await expect(page.getByText('Rewards ready: 1')).toBeVisible();
  await expect(progress).toHaveAttribute('aria-valuenow', '0');
  // Ten stamps within a minute are one visit: each one after the first was confirmed with
  // "Yes, add another" (see addStamps), which counts the stamps but not another visit.
  await expect(page.getByText('Visits: 1', { exact: true })).toBeVisible();

  await page.getByRole('link', { name: 'Counter' }).click();
  await page.getByLabel('Search customers').fill('3210');
  await expect(page.getByRole('link', { name: /Asha Verma/ })).toBeVisible();
}
