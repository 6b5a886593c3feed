import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { addCustomer, addStamps, setUpShop } from './helpers';

// The shop's private card-signing key is written to one place only: IndexedDB `mohar`, object
// store `meta`, key `shop_key` (ARCHITECTURE.md, Invariants). After a set-up and the flows that
// use the key (a stamp, the card link, Settings with the public key), this reads every other
// storage area of the origin and searches it for the key as raw bytes, hex, base64 and base64url.

/** Every stored value but `meta.shop_key`, each as base64 of its bytes (text as UTF-8). */
async function everythingStored(page: Page): Promise<{ where: string; base64: string }[]> {
  return page.evaluate(async () => {
    const found: { where: string; base64: string }[] = [];
    const bytesToBase64 = (bytes: Uint8Array) => {
      let text = '';
      bytes.forEach((b) => (text += String.fromCharCode(b)));
      return btoa(text);
    };
    const add = (where: string, value: unknown, depth = 0): void => {
      if (depth > 20 || value === null || value === undefined) return;
      if (typeof value === 'string') found.push({ where, base64: bytesToBase64(new TextEncoder().encode(value)) });
      else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
        found.push({ where, base64: bytesToBase64(new TextEncoder().encode(String(value))) });
      else if (value instanceof ArrayBuffer) found.push({ where, base64: bytesToBase64(new Uint8Array(value)) });
      else if (ArrayBuffer.isView(value))
        found.push({ where, base64: bytesToBase64(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) });
      else if (typeof value === 'object') {
        // Numbers in an array could be the key's bytes one by one: keep them together too.
        if (Array.isArray(value) && value.every((n) => typeof n === 'number' && n >= 0 && n < 256))
          found.push({ where: `${where} (as bytes)`, base64: bytesToBase64(Uint8Array.from(value as number[])) });
        for (const [k, v] of Object.entries(value as object)) add(`${where}.${k}`, v, depth + 1);
      }
    };
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((ok, fail) => {
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fail(r.error);
      });

    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)!;
      add(`localStorage[${key}] key`, key);
      add(`localStorage[${key}]`, localStorage.getItem(key));
    }
    for (let i = 0; i < sessionStorage.length; i++) {
      const key = sessionStorage.key(i)!;
      add(`sessionStorage[${key}] key`, key);
      add(`sessionStorage[${key}]`, sessionStorage.getItem(key));
    }
    add('document.cookie', document.cookie);
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const req of await cache.keys()) {
        const response = await cache.match(req);
        add(`cache ${name} ${req.url}`, new Uint8Array(await response!.arrayBuffer()));
      }
    }
    for (const info of await indexedDB.databases()) {
      const db = await request(indexedDB.open(info.name!));
      for (const storeName of Array.from(db.objectStoreNames)) {
        const store = db.transaction(storeName, 'readonly').objectStore(storeName);
        const keys = await request(store.getAllKeys());
        const values = await request(store.getAll());
        keys.forEach((key, i) => {
          if (info.name === 'mohar' && storeName === 'meta' && key === 'shop_key') return;
          add(`indexedDB ${info.name}/${storeName}[${String(key)}] key`, key);
          add(`indexedDB ${info.name}/${storeName}[${String(key)}]`, values[i]);
        });
      }
      db.close();
    }
    return found;
  });
}

/** The secret from `meta.shop_key`, as the store keeps it. */
async function secretKey(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(async () => {
    const open = indexedDB.open('mohar');
    const db = await new Promise<IDBDatabase>((ok) => (open.onsuccess = () => ok(open.result)));
    const get = db.transaction('meta', 'readonly').objectStore('meta').get('shop_key');
    const value = await new Promise<Uint8Array>((ok) => (get.onsuccess = () => ok(get.result)));
    db.close();
    return btoa(String.fromCharCode(...value));
  });
  return Buffer.from(base64, 'base64');
}

/** Where `secret` shows up in `stored`, in any of the forms a program might write it. */
function traces(stored: { where: string; base64: string }[], secret: Buffer): string[] {
  const forms = [
    secret.toString('hex'),
    secret.toString('hex').toUpperCase(),
    secret.toString('base64'),
    secret.toString('base64').replace(/=+$/, ''),
    secret.toString('base64url'),
  ];
  const hits: string[] = [];
  for (const { where, base64 } of stored) {
    const bytes = Buffer.from(base64, 'base64');
    if (bytes.includes(secret)) hits.push(`${where}: raw bytes`);
    const text = bytes.toString('latin1');
    for (const form of forms) if (text.includes(form)) hits.push(`${where}: ${form.slice(0, 8)}…`);
  }
  return hits;
}

test('the private key is stored in meta.shop_key and nowhere else', async ({ page }) => {
  await setUpShop(page);
  await addCustomer(page, 'Asha Verma', '98765 43210');
  await addStamps(page, 1);
  // Flows that use the key: the signed card link and QR, Settings with the public key.
  await page.getByRole('button', { name: 'Show QR' }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByText(/public key/i).first()).toBeVisible();
  await page.reload();
  await expect(page.getByRole('link', { name: 'Settings' })).toBeVisible();

  const secret = await secretKey(page);
  expect(secret.length).toBe(32);
  const stored = await everythingStored(page);
  for (const cookie of await page.context().cookies())
    stored.push({ where: `cookie ${cookie.name}`, base64: Buffer.from(`${cookie.name}=${cookie.value}`).toString('base64') });
  expect(stored.some((s) => s.where.startsWith('indexedDB mohar/events'))).toBe(true);
  expect(stored.some((s) => s.where.startsWith('cache '))).toBe(true);
  // The search itself works: planted in each form, the key is found.
  for (const form of ['raw', 'hex', 'base64', 'base64url'] as const) {
    const planted = form === 'raw' ? secret : Buffer.from(secret.toString(form));
    expect(traces([{ where: 'planted', base64: planted.toString('base64') }], secret)).not.toEqual([]);
  }
  expect(traces(stored, secret)).toEqual([]);
});
