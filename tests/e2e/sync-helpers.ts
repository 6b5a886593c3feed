// Issue 14: what the sync specs share — PouchDB Server on loopback (SYNC_SERVER_URL, which
// scripts/test.sh starts, else one started for the spec by scripts/pouchdb_server.sh), a
// database per test, tablets as browser profiles of their own, and the Settings → Sync steps.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from '@playwright/test';
import { test, expect, reportCspViolations } from './fixtures';
import { addCustomer, addStamps, setUpShop } from './helpers';

export const AUTH = 'Basic ' + Buffer.from('shop:secret').toString('base64');
let server = process.env.SYNC_SERVER_URL || '';
let ownServer: string | null = null;

/** Starts PouchDB Server for the spec when SYNC_SERVER_URL gives none; call at a spec's top. */
export function useSyncServer() {
  test.beforeAll(() => {
    if (!server) {
      ownServer = mkdtempSync(join(tmpdir(), 'mohar-pouchdb-'));
      server = execFileSync('scripts/pouchdb_server.sh', ['start', ownServer], { encoding: 'utf8' }).trim();
    }
  });
  test.afterAll(() => {
    if (ownServer) execFileSync('scripts/pouchdb_server.sh', ['stop', ownServer]);
    ownServer = null;
  });
}

/** The server's address (after the spec's `beforeAll`). */
export function syncServer(): string {
  return server;
}

export async function createDatabase(): Promise<string> {
  const name = `shop_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const response = await fetch(`${server}/${name}`, { method: 'PUT', headers: { Authorization: AUTH } });
  expect(response.status).toBe(201);
  return name;
}

/** The events on the server (documents that are not design or local documents). */
export async function serverEvents(db: string): Promise<number> {
  const response = await fetch(`${server}/${db}/_all_docs`, { headers: { Authorization: AUTH } });
  const body = (await response.json()) as { rows: { id: string }[] };
  return body.rows.filter((row) => !row.id.startsWith('_')).length;
}

/**
 * A tablet: a browser profile of its own, whose console errors are collected. The protocol's
 * expected answers — 404 for a checkpoint not written yet, 401 for a refused password — and a
 * request cut by going offline are logged by Chromium as "Failed to load resource"; those are
 * left out, anything else fails.
 */
export async function tablet(browser: Browser, errors: string[]): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await reportCspViolations(context);
  const page = await context.newPage();
  page.on('console', (msg) => {
    const expected = /Failed to load resource: (the server responded with a status of 40[14]|net::ERR_INTERNET_DISCONNECTED)/.test(msg.text());
    if (msg.type() === 'error' && !expected) errors.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  return { context, page };
}

/**
 * How the sync specs' tests open: a database of their own, a tablet, the shop set up, Asha Verma
 * (98765 43210) with two stamps and, unless `sync` is false, Settings → Sync set up with her four
 * events pushed. `stamps` is her card's count before sync was set up.
 */
export async function tabletWithAsha(browser: Browser, errors: string[], { sync = true } = {}) {
  const db = await createDatabase();
  const { context, page } = await tablet(browser, errors);
  await setUpShop(page);
  await addCustomer(page, 'Asha Verma', '98765 43210');
  await addStamps(page, 2);
  const stamps = Number(await page.getByRole('progressbar', { name: 'Stamps' }).getAttribute('aria-valuenow'));
  if (sync) {
    await setUpSync(page, db);
    await expect.poll(() => serverEvents(db), { timeout: 30_000 }).toBe(4);
  }
  return { db, context, page, stamps };
}

export async function fillSync(page: Page, settings: { server: string; database: string; user: string; password: string }) {
  await page.getByLabel('Server address').fill(settings.server);
  await page.getByLabel('Database').fill(settings.database);
  await page.getByLabel('User name').fill(settings.user);
  await page.getByLabel('Password').fill(settings.password);
}

export async function setUpSync(page: Page, database: string) {
  await page.getByRole('link', { name: 'Settings' }).click();
  await fillSync(page, { server, database, user: 'shop', password: 'secret' });
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByText('Connected: the server has this database and accepted the password.')).toBeVisible();
  await page.getByRole('button', { name: 'Save sync settings' }).click();
  await expect(page.getByText('Saved. Syncing starts now.')).toBeVisible();
  await expect(page.locator('.sync-status')).toContainText('Last synced', { timeout: 20_000 });
}

export async function openCustomer(page: Page, name: string) {
  await page.getByRole('link', { name: 'Counter' }).click();
  await page.getByLabel('Search customers').fill(name);
  await page.getByRole('link', { name: new RegExp(name) }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
}

/** What the customer's card says on a tablet, read from a fresh start of the app. */
export async function card(page: Page) {
  const progress = page.getByRole('progressbar', { name: 'Stamps' });
  return {
    stamps: await progress.getAttribute('aria-valuenow'),
    rewards: await page.getByText(/Rewards ready: \d+/).textContent(),
    visits: await page.getByText(/^Visits: \d+$/).textContent(),
  };
}
