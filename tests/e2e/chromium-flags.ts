// The flags every Chromium of the tests starts with: Debian's Chromium on a machine whose only
// network is the package registries, so nothing may phone home (see playwright.config.ts and
// own-browser.ts, which both use this list).
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
