import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_FLAGS } from './tests/e2e/chromium-flags';

// End-to-end tests against the release build in dist/ (run `scripts/build.sh` first;
// ./scripts/test.sh does). The system Chromium from Debian is used: Playwright's own browser
// downloads are not reachable here, so never run `npx playwright install`.
const port = Number(process.env.E2E_PORT || 4173);
const baseURL = `http://127.0.0.1:${port}/`;

export default defineConfig({
  testDir: 'tests/e2e',
  // Two cores: one worker keeps the wasm start-up times stable and tests independent.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  reporter: [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_FLAGS,
    },
  },
  projects: [
    {
      // The target device is a shop-counter tablet in landscape.
      name: 'tablet',
      use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 } },
    },
  ],
  webServer: {
    command: `python3 scripts/serve.py --dir dist --port ${port} --quiet`,
    url: baseURL,
    reuseExistingServer: !process.env.CI,
    timeout: 15_000,
  },
});
