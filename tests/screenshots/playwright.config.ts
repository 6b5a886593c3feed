import base from '../../playwright.config';
import { defineConfig } from '@playwright/test';

// Screenshots for docs/screenshots and for looking at the screens by eye; not part of the test
// run. `SHOTS_DIR` chooses where they go (default /tmp/mohar-shots).
export default defineConfig({ ...base, testDir: '.', testMatch: /.*\.shots\.ts/, timeout: 120_000 });
