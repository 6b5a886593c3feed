// Signed card links from the counter and the app's own public card page on a customer's phone.
import { chooseLanguage, expect, test } from './fixtures';
import { addStamps } from './helpers';
import { cardLink, currentLink, decodeQr, expectCardPage, phone, SHOP, shopWithCustomer } from './card-helpers';

test('the card link opens the verified card on a phone that never saw the shop', async ({ page, browser, baseURL }) => {
  await shopWithCustomer(page, 7);
  const link = await currentLink(page);
  expect(link).toMatch(new RegExp(`^${baseURL!.replace(/[.]/g, '\\.')}card/\\?shop=[\\w-]{43}#mohar=[\\w-]{100,340}$`));
  await expect(cardLink(page)).toHaveAttribute('target', '_blank');

  const customer = await phone(browser);
  await customer.page.goto(link);
  await expect(customer.page.getByRole('heading', { level: 1, name: SHOP })).toBeVisible();
  await expect(customer.page.getByText('Asha', { exact: true })).toBeVisible();
  await expectCardPage(customer.page, 7, 10);
  await expect(customer.page.getByText('3 more stamps for 1 free chai')).toBeVisible();
  await expect(customer.page.getByText(/^Rewards ready/)).toHaveCount(0);
  const year = String(new Date().getFullYear());
  await expect(customer.page.getByText(/^Updated \d{1,2} \w+ \d{4}$/)).toContainText(year);
  // Nothing of the counter on the customer's phone: no set-up, no navigation, no shop data.
  await expect(customer.page.getByRole('heading', { name: 'Set up your shop' })).toHaveCount(0);
  await expect(customer.page.getByRole('link', { name: 'Settings' })).toHaveCount(0);
  expect(await customer.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toEqual([]);

  // A reward: twelve stamps are a full card and two on the next.
  await page.waitForTimeout(1100); // a later second, so the new card is newer
  await addStamps(page, 5);
  await expect(page.getByText('Rewards ready: 1')).toBeVisible();
  const later = await currentLink(page);
  expect(later).not.toBe(link);
  await customer.page.goto(later);
  await expectCardPage(customer.page, 2, 10);
  await expect(customer.page.getByText('Rewards ready: 1', { exact: true })).toBeVisible();
  await expect(customer.page.getByText('8 more stamps for 1 free chai')).toBeVisible();
  expect(customer.errors).toEqual([]);
  await customer.context.close();
});

test('a changed or incomplete card link is refused', async ({ page, browser }) => {
  await shopWithCustomer(page, 3);
  const link = await currentLink(page);
  const [address, token] = link.split('#mohar=');
  const i = 60; // inside the stamps / texts
  const tampered = `${address}#mohar=${token.slice(0, i)}${token[i] === 'A' ? 'B' : 'A'}${token.slice(i + 1)}`;
  const otherKey = `${address.split('?shop=')[0]}?shop=${'A'.repeat(43)}#mohar=${token}`;
  const noKey = `${address.split('?')[0]}#mohar=${token}`;
  const customer = await phone(browser);
  for (const bad of [tampered, otherKey, noKey, `${address}#mohar=garbage`]) {
    await customer.page.goto(bad);
    await expect(customer.page.getByRole('alert')).toHaveText('This card could not be verified');
    await expect(customer.page.getByRole('progressbar')).toHaveCount(0);
  }
  // The genuine link in the same tab (only the fragment changes) shows the card.
  await customer.page.goto(link);
  await expectCardPage(customer.page, 3, 10);
  expect(customer.errors).toEqual([]);
  await customer.context.close();
});

test('the card page works offline once visited, in Hindi with a language switch', async ({ page, browser }) => {
  await shopWithCustomer(page, 4);
  const link = await currentLink(page);
  const customer = await phone(browser, { locale: 'hi-IN' });
  const p = customer.page;
  await p.goto(link);
  // The customer's browser language: Hindi.
  await expect(p.getByText('10 में से 4 मोहर', { exact: true })).toBeVisible();
  await expect(p.getByText('6 और मोहर, फिर 1 free chai')).toBeVisible();
  await expect(p.getByText(/ का कार्ड$/)).toBeVisible();
  await expect(p.locator('html')).toHaveAttribute('lang', 'hi');

  await p.evaluate(() => navigator.serviceWorker.ready);
  await p.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await customer.context.setOffline(true);
  await p.reload();
  await expect(p.getByText('10 में से 4 मोहर', { exact: true })).toBeVisible();

  await p.getByLabel('भाषा').selectOption('en');
  await expectCardPage(p, 4, 10);
  await expect(p.getByText('6 more stamps for 1 free chai')).toBeVisible();
  await expect(p.locator('html')).toHaveAttribute('lang', 'en');
  // Remembered on this phone.
  await p.reload();
  await expectCardPage(p, 4, 10);
  expect(customer.errors).toEqual([]);
  await customer.context.close();
});

test('Show QR shows the card link as a scannable QR code', async ({ page }) => {
  await shopWithCustomer(page, 2);
  const link = await currentLink(page);
  await page.getByRole('button', { name: 'Show QR' }).click();
  const dialog = page.getByRole('dialog', { name: 'Scan to open the card' });
  await expect(dialog).toBeVisible();
  const qr = dialog.getByRole('img', { name: 'QR code of the card link' });
  await expect(qr.locator('svg')).toBeVisible();
  expect(await decodeQr(qr.locator('svg'))).toBe(link);
  // Focus is in the dialog; Close (or Escape) returns it to "Show QR".
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Show QR' })).toBeFocused();
  await page.getByRole('button', { name: 'Show QR' }).click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('WhatsApp and SMS send a friendly message with the card link', async ({ page }) => {
  await shopWithCustomer(page, 7);
  const link = await currentLink(page);
  const message = `Hi Asha! You have 7 of 10 stamps at ${SHOP}. 3 more for 1 free chai. Your card: ${link}`;
  const wa = (await page.getByRole('link', { name: 'Send on WhatsApp' }).getAttribute('href'))!;
  expect(wa.startsWith('https://wa.me/919876543210?text=')).toBeTruthy();
  expect(wa).toContain(encodeURIComponent(link));
  expect(decodeURIComponent(wa.split('?text=')[1])).toBe(message);
  const sms = (await page.getByRole('link', { name: 'Send by SMS' }).getAttribute('href'))!;
  expect(sms.startsWith('sms:+919876543210?body=')).toBeTruthy();
  expect(decodeURIComponent(sms.split('?body=')[1])).toBe(message);

  // In the shop's language.
  await chooseLanguage(page, 'hi');
  const hindi = (await page.getByRole('link', { name: 'WhatsApp पर भेजें' }).getAttribute('href'))!;
  expect(decodeURIComponent(hindi.split('?text=')[1])).toMatch(
    new RegExp(`^नमस्ते Asha! ${SHOP} पर आपका कार्ड: 10 में से 7 मोहर। 1 free chai के लिए बस 3 मोहर और। अपना कार्ड यहाँ देखें: `),
  );
});

test('Settings shows the public key, the embed code and the rewards page address', async ({ page, baseURL }) => {
  await shopWithCustomer(page, 1);
  const link = await currentLink(page);
  await page.getByRole('link', { name: 'Settings' }).click();
  const key = page.getByLabel('Shop public key');
  await expect(key).toHaveValue(/^[\w-]{43}$/);
  const publicKey = await key.inputValue();
  expect(link).toContain(`?shop=${publicKey}#`);
  const embed = page.getByLabel('Embed code');
  await expect(embed).toHaveJSProperty('readOnly', true);
  await expect(embed).toHaveValue(`<script src="${baseURL}embed.js" data-shop-key="${publicKey}" async></script>`);
  await expect(page.getByRole('heading', { name: 'Website widget' })).toBeVisible();

  const address = page.getByLabel('Rewards page address');
  await expect(address).toHaveValue('');
  await address.fill('sharmachai.example/rewards');
  await page.getByRole('button', { name: 'Save address' }).click();
  await expect(page.getByText('Enter a web address starting with https:// or http://.')).toBeVisible();
  await expect(address).toHaveAttribute('aria-invalid', 'true');
  await address.fill(' https://sharmachai.example/rewards ');
  await page.getByRole('button', { name: 'Save address' }).click();
  await expect(page.getByText('Address saved')).toBeVisible();
  await expect(address).toHaveValue('https://sharmachai.example/rewards');

  // The key and the address survive a reload.
  await page.reload();
  await expect(page.getByLabel('Shop public key')).toHaveValue(publicKey);
  await expect(page.getByLabel('Rewards page address')).toHaveValue('https://sharmachai.example/rewards');

  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Asha Verma' })).toBeVisible();
  const onWebsite = await currentLink(page);
  expect(onWebsite).toMatch(/^https:\/\/sharmachai\.example\/rewards#mohar=[\w-]+$/);
  expect(onWebsite.split('#mohar=')[1]).not.toContain(publicKey);

  // Emptied: back to the app's own card page.
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Rewards page address').fill('');
  await page.getByRole('button', { name: 'Save address' }).click();
  await expect(page.getByText('Address saved')).toBeVisible();
  await page.goBack();
  expect(await currentLink(page)).toContain(`${baseURL}card/?shop=${publicKey}#mohar=`);
});

test('a shop made before card links gets its key on the next start, and keeps it', async ({ page }) => {
  await shopWithCustomer(page, 1);
  await page.getByRole('link', { name: 'Settings' }).click();
  const first = await page.getByLabel('Shop public key').inputValue();
  expect(first).toMatch(/^[\w-]{43}$/);
  // The secret is bytes in IndexedDB's meta store; remove it, as in a shop made before.
  const stored = await page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('mohar');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('meta', 'readwrite');
          const get = tx.objectStore('meta').get('shop_key');
          get.onsuccess = () => {
            const kind = `${Object.prototype.toString.call(get.result)}:${get.result?.length}`;
            tx.objectStore('meta').delete('shop_key');
            tx.oncomplete = () => {
              db.close();
              resolve(kind);
            };
          };
        };
      }),
  );
  expect(stored).toBe('[object Uint8Array]:32');
  await page.reload();
  const made = page.getByLabel('Shop public key');
  await expect(made).toHaveValue(/^[\w-]{43}$/);
  const second = await made.inputValue();
  expect(second).not.toBe(first);
  await page.reload();
  await expect(page.getByLabel('Shop public key')).toHaveValue(second);
});
