import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';

/** Prefix of the console error that a Content Security Policy violation turns into. */
export const CSP_VIOLATION = 'CSP violation:';

/**
 * Makes every page of `context` log a console error for each Content Security Policy violation
 * (the listener runs before the page's own scripts). Chromium reports violations only to its
 * own log, which Playwright does not see. For contexts a test makes itself (e.g. a phone).
 */
export async function reportCspViolations(context: BrowserContext) {
  await context.addInitScript((prefix: string) => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const where = e.sourceFile ? ` (${e.sourceFile}:${e.lineNumber})` : '';
      console.error(`${prefix} ${e.effectiveDirective} refused ${e.blockedURI || 'inline'}${where}`);
    });
  }, CSP_VIOLATION);
}

// Every spec imports `test` and `expect` from here, never from @playwright/test directly, so
// that each test fails if any page of its browser context logged a console error, threw an
// uncaught exception (a Rust panic in the wasm shows up as one of these) or broke the Content
// Security Policy (scripts/csp.py), which `reportCspViolations` turns into a console error.
export const test = base.extend<{ consoleErrors: string[] }>({
  context: async ({ context }, use) => {
    await reportCspViolations(context);
    await use(context);
  },
  consoleErrors: [
    async ({ page, context }, use) => {
      const errors: string[] = [];
      const watch = (p: Page) => {
        p.on('console', (msg) => {
          if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}`);
        });
        p.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
      };
      watch(page);
      context.on('page', watch);
      await use(errors);
      expect(errors, 'the page must not log errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/**
 * Switches the app's language with the header's selector, found by its id: its label says
 * "Language" (भाषा…), which other fields (the customer's message language) also say.
 */
export async function chooseLanguage(page: Page, code: 'en' | 'hi' | 'bn' | 'gu') {
  await page.locator('#language').selectOption(code);
  await expect(page.locator('html')).toHaveAttribute('lang', code);
}

/** Sets up a per-visit shop with the default program (10 stamps for a reward). */
export async function setUpShop(page: Page, name = 'Chai Point') {
  await page.goto('./');
  await expect(page.getByRole('heading', { name: 'Set up your shop' })).toBeVisible();
  await page.getByLabel('Shop name').fill(name);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByLabel('Search customers')).toBeVisible();
}

/**
 * Like `setUpShop`, with the network off from the first run on: the app is loaded online, the
 * network goes off once the service worker controls the page, and the shop is set up offline.
 */
export async function setUpShopOffline(page: Page, context: BrowserContext, name = 'Chai Point') {
  await page.goto('./');
  await expect(page.getByRole('heading', { name: 'Set up your shop' })).toBeVisible();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await context.setOffline(true);
  await page.reload();
  await setUpShop(page, name);
}

/**
 * Waits until the service worker has precached the build and is active: `ready` resolves once a
 * worker is active, i.e. after its install step precached the shell, but it may still be
 * "activating" (its activate step cleans old caches), so this waits for "activated" too.
 */
export async function serviceWorkerActivated(page: Page) {
  const state = await page.evaluate(async () => {
    const worker = (await navigator.serviceWorker.ready).active;
    if (worker && worker.state !== 'activated') {
      await new Promise<void>((resolve) => worker.addEventListener('statechange', () => worker.state === 'activated' && resolve()));
    }
    return worker?.state;
  });
  expect(state).toBe('activated');
}

/** What else the new-customer form gets besides the name and the phone. */
export interface NewCustomerOptions {
  /** Ticks "agrees to messages". */
  consent?: boolean;
  /** Types this into "Referred by"… */
  referredBy?: string;
  /** …and waits for the form to say "Brought by {found}". */
  found?: string;
}

/**
 * Adds a customer through the counter's "New customer" form (in English) and waits for their
 * screen. Starts from the counter, so it works from any screen with the header.
 */
export async function newCustomer(page: Page, name: string, phone: string, options: NewCustomerOptions = {}) {
  await page.getByRole('link', { name: 'Counter' }).click();
  await page.getByRole('link', { name: 'New customer' }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Phone').fill(phone);
  if (options.consent) await page.locator('#messages-consent').check();
  if (options.referredBy) {
    await page.getByLabel(/^Referred by/).fill(options.referredBy);
    if (options.found) await expect(page.locator('.referrer-found')).toHaveText(`Brought by ${options.found}`);
  }
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
}
