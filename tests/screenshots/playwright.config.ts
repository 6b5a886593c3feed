import path from 'path';
import base from '../../playwright.config';
import { defineConfig } from '@playwright/test';

// Screenshots for docs/screenshots and for looking at the screens by eye; not part of the test
// run. `SHOTS_DIR` chooses where they go (default /tmp/mohar-shots).
const root = path.resolve(__dirname, '../..');
export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: /.*\.shots\.ts/,
  timeout: 120_000,
  // The server serves dist/ from the project root, not from this folder.
  webServer: { ...(base.webServer as object), cwd: root } as typeof base.webServer,
});
