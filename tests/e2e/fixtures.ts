import { test as base, expect } from '@playwright/test';

// Every spec imports `test` and `expect` from here, never from @playwright/test directly, so
// that each test fails if the page logged a console error or threw an uncaught exception
// (a Rust panic in the wasm shows up as one of these).
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}`);
      });
      page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
      await use(errors);
      expect(errors, 'the page must not log errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
