// Issue 14: two tablets of one shop sync through PouchDB Server (the CouchDB replication
// protocol), each working offline in between; a wrong password or an address that is not
// CouchDB is named clearly and changes nothing on the tablet.
//
// The server: SYNC_SERVER_URL (scripts/test.sh starts one), else this spec starts its own with
// scripts/pouchdb_server.sh. Each test uses a database of its own.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from '@playwright/test';
import { test, expect, reportCspViolations } from './fixtures';
import { addCustomer, addStamps, setUpShop } from './helpers';

const AUTH = 'Basic ' + Buffer.from('shop:secret').toString('base64');
let server = process.env.SYNC_SERVER_URL || '';
let ownServer: string | null = null;

test.beforeAll(() => {
  if (!server) {
    ownServer = mkdtempSync(join(tmpdir(), 'mohar-pouchdb-'));
    server = execFileSync('scripts/pouchdb_server.sh', ['start', ownServer], { encoding: 'utf8' }).trim();
  }
});

test.afterAll(() => {
  if (ownServer) execFileSync('scripts/pouchdb_server.sh', ['stop', ownServer]);
});

async function createDatabase(): Promise<string> {
  const name = `shop_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const response = await fetch(`${server}/${name}`, { method: 'PUT', headers: { Authorization: AUTH } });
  expect(response.status).toBe(201);
  return name;
}

/** The events on the server (documents that are not design or local documents). */
async function serverEvents(db: string): Promise<number> {
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
async function tablet(browser: Browser, errors: string[]): Promise<{ context: BrowserContext; page: Page }> {
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

async function fillSync(page: Page, settings: { server: string; database: string; user: string; password: string }) {
  await page.getByLabel('Server address').fill(settings.server);
  await page.getByLabel('Database').fill(settings.database);
  await page.getByLabel('User name').fill(settings.user);
  await page.getByLabel('Password').fill(settings.password);
}

async function setUpSync(page: Page, database: string) {
  await page.getByRole('link', { name: 'Settings' }).click();
  await fillSync(page, { server, database, user: 'shop', password: 'secret' });
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByText('Connected: the server has this database and accepted the password.')).toBeVisible();
  await page.getByRole('button', { name: 'Save sync settings' }).click();
  await expect(page.getByText('Saved. Syncing starts now.')).toBeVisible();
  await expect(page.locator('.sync-status')).toContainText('Last synced', { timeout: 20_000 });
}

async function openCustomer(page: Page, name: string) {
  await page.getByRole('link', { name: 'Counter' }).click();
  await page.getByLabel('Search customers').fill(name);
  await page.getByRole('link', { name: new RegExp(name) }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
}

/** What the customer's card says on a tablet, read from a fresh start of the app. */
async function card(page: Page) {
  const progress = page.getByRole('progressbar', { name: 'Stamps' });
  return {
    stamps: await progress.getAttribute('aria-valuenow'),
    rewards: await page.getByText(/Rewards ready: \d+/).textContent(),
    visits: await page.getByText(/^Visits: \d+$/).textContent(),
  };
}

test('two tablets stamp the same customer offline and both show the sum once online', async ({ browser }) => {
  test.setTimeout(240_000);
  const db = await createDatabase();
  const errors: string[] = [];
  const a = await tablet(browser, errors);
  const b = await tablet(browser, errors);

  // Tablet A sets up the shop and sync, and adds the customer.
  await setUpShop(a.page);
  await setUpSync(a.page, db);
  await a.page.getByRole('link', { name: 'Counter' }).click();
  await addCustomer(a.page, 'Asha Verma', '98765 43210');
  await expect.poll(() => serverEvents(db), { timeout: 30_000 }).toBe(2);

  // Tablet B (until pairing by QR arrives: set up with the same name) receives her.
  await setUpShop(b.page);
  await setUpSync(b.page, db);
  await expect.poll(() => serverEvents(db), { timeout: 30_000 }).toBe(3);
  await openCustomer(b.page, 'Asha Verma');

  // Both offline: five stamps on each.
  await a.context.setOffline(true);
  await b.context.setOffline(true);
  await openCustomer(a.page, 'Asha Verma');
  await addStamps(a.page, 5);
  await addStamps(b.page, 5);
  expect(await serverEvents(db)).toBe(3);

  // Back online, one after the other.
  await a.context.setOffline(false);
  await expect.poll(() => serverEvents(db), { timeout: 30_000 }).toBe(8);
  await b.context.setOffline(false);
  await expect.poll(() => serverEvents(db), { timeout: 30_000 }).toBe(13);

  // B pulled A's stamps before pushing its own; A gets B's on its next sync (at start).
  await b.page.reload();
  await expect(b.page.getByText('Rewards ready: 1')).toBeVisible();
  await expect(async () => {
    await a.page.reload();
    await expect(a.page.getByText('Rewards ready: 1')).toBeVisible({ timeout: 4_000 });
  }).toPass({ timeout: 90_000 });
  const [cardA, cardB] = [await card(a.page), await card(b.page)];
  expect(cardA).toEqual(cardB);
  expect(cardA).toEqual({ stamps: '0', rewards: 'Rewards ready: 1', visits: 'Visits: 2' });

  await a.context.close();
  await b.context.close();
  expect(errors).toEqual([]);
});

test('a wrong password or an address that is not CouchDB is named and changes nothing', async ({ browser, baseURL }) => {
  test.setTimeout(90_000);
  const db = await createDatabase();
  const errors: string[] = [];
  const { context, page } = await tablet(browser, errors);
  await setUpShop(page);
  await addCustomer(page, 'Asha Verma', '98765 43210');
  await addStamps(page, 2);

  await page.getByRole('link', { name: 'Settings' }).click();
  await fillSync(page, { server, database: db, user: 'shop', password: 'wrong' });
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByRole('alert')).toHaveText('The server refused the user name or password.');
  await page.getByRole('button', { name: 'Save sync settings' }).click();
  await expect(page.locator('.sync-status')).toContainText('The server refused the user name or password.', { timeout: 20_000 });

  await fillSync(page, { server: baseURL!.replace(/\/$/, ''), database: 'shop', user: 'shop', password: 'secret' });
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByRole('alert')).toHaveText('That address does not answer like a CouchDB server. Check the server address.');

  // Nothing reached the server, and the tablet's customer is as it was.
  expect(await serverEvents(db)).toBe(0);
  await openCustomer(page, 'Asha Verma');
  await page.reload();
  await expect(page.getByRole('progressbar', { name: 'Stamps' })).toHaveAttribute('aria-valuenow', '2');
  await context.close();
  expect(errors).toEqual([]);
});
