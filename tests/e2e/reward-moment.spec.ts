// Issue 8, item 3: the stamp that fills a card shows the full card with the reward over it (not
// the next, empty card), until the next action; and no button the clerk taps moves.
import { test, expect } from './fixtures';
import { addCustomer } from './helpers';
import { SIZES, setUpShopWith, within } from './layout-helpers';

for (const size of SIZES) {
  test.describe(`${size.name} ${size.width}×${size.height}`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test('the tenth stamp shows the full card and "Reward ready: 1 free chai" over it; nothing moves', async ({ page }) => {
      // Nine welcome stamps: the first tap is the tenth stamp.
      await setUpShopWith(page, 10, 9);
      await addCustomer(page, 'Asha Verma', '98765 43210');
      const card = page.getByRole('progressbar', { name: 'Stamps' });
      const addStamp = page.getByRole('button', { name: 'Add stamp', exact: true });
      const redeem = page.getByRole('button', { name: 'Redeem reward' });
      await expect(card).toHaveAttribute('aria-valuenow', '9');
      await expect(card).toContainText('9 of 10 stamps');
      const addAt = await addStamp.boundingBox();
      const redeemAt = await redeem.boundingBox();

      await addStamp.click();
      await expect(page.getByRole('status')).toContainText('Stamps added: 1');
      // Nothing the clerk taps moved.
      expect(await addStamp.boundingBox()).toEqual(addAt);
      expect(await redeem.boundingBox()).toEqual(redeemAt);
      // The full card: ten of ten, every circle stamped, and the reward where the eyes are.
      await expect(card).toHaveAttribute('aria-valuenow', '10');
      await expect(card).toContainText('10 of 10 stamps');
      await expect(card.locator('.stamp.stamped')).toHaveCount(10);
      const moment = card.getByText('Reward ready: 1 free chai', { exact: true });
      await expect(moment).toBeVisible();
      expect(within((await moment.boundingBox())!, (await card.boundingBox())!), 'the reward is shown on the card').toBe(true);
      const top = (await moment.boundingBox())!;
      expect(top.y + top.height, 'the reward is on the screen').toBeLessThanOrEqual(size.height);
      await expect(page.getByText('Rewards ready: 1', { exact: true })).toBeVisible();
      await expect(redeem).toBeEnabled();

      // The next action ends the moment: the new, empty card.
      await redeem.click();
      await expect(page.getByRole('status')).toContainText('Reward given');
      await expect(moment).toHaveCount(0);
      await expect(card).toHaveAttribute('aria-valuenow', '0');
      await expect(card).toContainText('0 of 10 stamps');
      expect(await addStamp.boundingBox()).toEqual(addAt);
    });

    test('leaving the screen ends the moment', async ({ page }) => {
      await setUpShopWith(page, 10, 9);
      await addCustomer(page, 'Asha Verma', '98765 43210');
      await page.getByRole('button', { name: 'Add stamp', exact: true }).click();
      const card = page.getByRole('progressbar', { name: 'Stamps' });
      await expect(card.getByText('Reward ready: 1 free chai')).toBeVisible();
      await page.getByRole('link', { name: 'Counter' }).click();
      await page.getByRole('link', { name: /Asha Verma/ }).click();
      await expect(card).toHaveAttribute('aria-valuenow', '0');
      await expect(card.getByText('Reward ready: 1 free chai')).toHaveCount(0);
      await expect(page.getByText('Rewards ready: 1', { exact: true })).toBeVisible();
    });
  });
}
