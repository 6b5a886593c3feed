// Shared steps of the card-link specs (card-*.spec.ts): a shop with a stamped customer at the
// counter, and a customer's phone (a fresh browser profile) that opens the links.
import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import { expect, reportCspViolations } from './fixtures';
import { addCustomer, addStamps, setUpShop } from './helpers';

export const SHOP = 'Sharma Tea Stall';

/** A shop, "Asha Verma" with `stamps` stamps, and her customer screen open. */
export async function shopWithCustomer(page: Page, stamps: number) {
  await setUpShop(page, SHOP);
  await addCustomer(page, 'Asha Verma', '98765 43210');
  await addStamps(page, stamps);
}

export const cardLink = (page: Page) => page.getByRole('link', { name: 'Card link' });

/** The current card link of the customer screen. */
export async function currentLink(page: Page): Promise<string> {
  const href = await cardLink(page).getAttribute('href');
  expect(href).toContain('#mohar=');
  return href!;
}

/** A customer's phone: a new, empty browser profile whose page logs no errors. */
export async function phone(
  browser: Browser,
  options: { locale?: string } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
    locale: options.locale ?? 'en-US',
  });
  await reportCspViolations(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  return { context, page, errors };
}

/** Checks the app's card page shows `n` of `m` stamps. */
export async function expectCardPage(page: Page, n: number, m: number) {
  const stamps = page.getByRole('progressbar', { name: 'Stamps' });
  await expect(stamps).toHaveAttribute('aria-valuenow', String(n));
  await expect(stamps).toHaveAttribute('aria-valuemax', String(m));
  await expect(page.getByText(`${n} of ${m} stamps`, { exact: true })).toBeVisible();
}

/** Decodes the QR code drawn in `element` from a screenshot, as a phone camera would. */
export async function decodeQr(element: Locator): Promise<string | null> {
  const png = PNG.sync.read(await element.screenshot());
  const found = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  return found ? found.data : null;
}

/**
 * Makes `context`'s pages behave like a browser whose WebCrypto has no Ed25519 (as Chromium
 * before 137 and older Safari): importing an Ed25519 key fails with NotSupportedError, so the
 * card page and the widget must fetch the wasm verifier. Page scripts only: the service worker
 * still has it, which is why the page tells its worker (`sw.js?wasm=1`).
 */
export async function withoutWebCryptoEd25519(context: BrowserContext) {
  await context.addInitScript(() => {
    const subtle = crypto.subtle;
    const importKey = subtle.importKey.bind(subtle);
    const isEd25519 = (algorithm: unknown) =>
      (typeof algorithm === 'string' ? algorithm : (algorithm as { name?: string })?.name)?.toLowerCase() === 'ed25519';
    Object.defineProperty(subtle, 'importKey', {
      value: (format: string, key: unknown, algorithm: unknown, ...rest: unknown[]) =>
        isEd25519(algorithm)
          ? Promise.reject(new DOMException('Algorithm: Unrecognized name', 'NotSupportedError'))
          : (importKey as (...args: unknown[]) => Promise<CryptoKey>)(format, key, algorithm, ...rest),
    });
  });
}

/** The files of the counter app (its wasm and the wasm's JavaScript glue) among `urls`. */
export const counterFiles = (urls: string[]) => urls.filter((u) => /\/mohar-[0-9a-f]+(?:_bg\.wasm|\.js)(?:$|\?)/.test(u));
