import { spawn, ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './fixtures';

// Exercises the update protocol the UI relies on: a new build's sw.js installs and waits;
// the page sends {type: 'SKIP_WAITING'}; the page gets 'controllerchange'; the old cache is gone.
// It serves a private copy of dist/ so that it can "deploy" a new build by editing sw.js.

let dir: string;
let server: ChildProcess;
let url: string;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mohar-dist-'));
  cpSync('dist', dir, { recursive: true });
  const port = await freePort();
  url = `http://127.0.0.1:${port}/`;
  server = spawn('python3', ['scripts/serve.py', '--dir', dir, '--port', String(port), '--quiet'], {
    stdio: 'ignore',
  });
  await expect.poll(async () => (await fetch(url).catch(() => null))?.ok ?? false).toBeTruthy();
});

test.afterAll(() => {
  server?.kill();
  rmSync(dir, { recursive: true, force: true });
});

test('a new build waits, then takes over after SKIP_WAITING', async ({ page }) => {
  // Two full installs (the first visit's precache, then the new build's), each fetching every
  // bundle: about 6 s on a quiet machine, but several times that when the whole suite runs on
  // two loaded cores, so this test gets more than the default 30 s.
  test.setTimeout(90_000);
  await page.goto(url);
  const oldCache = await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    return (await caches.keys()).find((k) => k.startsWith('mohar-shell-'));
  });
  expect(oldCache).toMatch(/^mohar-shell-[0-9a-f]{16}$/);

  // "Deploy" a new build: only the cache name in sw.js changes, which is what a real rebuild does.
  const newCache = 'mohar-shell-' + 'f'.repeat(16);
  const swPath = join(dir, 'sw.js');
  writeFileSync(swPath, readFileSync(swPath, 'utf8').replace(oldCache!, newCache));

  const result = await page.evaluate(async () => {
    const reg = (await navigator.serviceWorker.getRegistration())!;
    await reg.update();
    // Wait until the new worker has installed (precached) and is waiting.
    while (!reg.waiting) await new Promise((r) => setTimeout(r, 50));
    const changed = new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r));
    reg.waiting.postMessage({ type: 'SKIP_WAITING' });
    await changed;
    // Ask the now-controlling worker for its version over a MessageChannel.
    const channel = new MessageChannel();
    const reply = new Promise<any>((r) => (channel.port1.onmessage = (e) => r(e.data)));
    navigator.serviceWorker.controller!.postMessage({ type: 'GET_VERSION' }, [channel.port2]);
    const version = await reply;
    // Old caches are deleted in 'activate', which has finished once the worker is 'activated'.
    while (reg.active!.state !== 'activated') await new Promise((r) => setTimeout(r, 50));
    return { version, keys: await caches.keys() };
  });
  expect(result.version).toEqual({ type: 'VERSION', cache: newCache });
  expect(result.keys.filter((k) => k.startsWith('mohar-shell-'))).toEqual([newCache]);
});

// The "Update available — Reload" banner (issue 15: from the panels' bundle, mounted a second
// after start-up): it appears for an update found while the page is open and for one that was
// already waiting when the page opened, and "Reload" brings in the new build.
test('the update banner offers a new build, and Reload takes it', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(url);
  await page.getByLabel('Shop name').fill('Chai Point');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByLabel('Search customers')).toBeVisible();
  const oldCache = await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    while (!navigator.serviceWorker.controller) await new Promise((r) => setTimeout(r, 50));
    return (await caches.keys()).find((k) => k.startsWith('mohar-shell-'));
  });
  // (The owner PIN question is a banner of the same look: the text tells them apart.)
  const banner = page.locator('.owner-part .banner.update', { hasText: 'Update available' });
  // The panels' bundle is there, and there is nothing to offer yet.
  await expect(page.locator('.owner-part').first()).toBeAttached();
  await page.waitForTimeout(2_000);
  await expect(banner).toHaveCount(0);

  const newCache = 'mohar-shell-' + 'e'.repeat(16);
  const swPath = join(dir, 'sw.js');
  writeFileSync(swPath, readFileSync(swPath, 'utf8').replace(oldCache!, newCache));
  // Found while the page is open.
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
  await expect(banner).toContainText('Update available', { timeout: 60_000 });

  // Already waiting when the page opens: the banner, mounted later than that, still shows it.
  await page.reload();
  await expect(page.getByLabel('Search customers')).toBeVisible();
  await expect(banner).toContainText('Update available', { timeout: 15_000 });

  await banner.getByRole('button', { name: 'Reload' }).click();
  await expect(page.getByLabel('Search customers')).toBeVisible();
  const version = await page.evaluate(async () => {
    while (!navigator.serviceWorker.controller) await new Promise((r) => setTimeout(r, 50));
    const channel = new MessageChannel();
    const reply = new Promise<any>((r) => (channel.port1.onmessage = (e) => r(e.data)));
    navigator.serviceWorker.controller!.postMessage({ type: 'GET_VERSION' }, [channel.port2]);
    return reply;
  });
  expect(version).toEqual({ type: 'VERSION', cache: newCache });
  await page.waitForTimeout(2_000);
  await expect(banner).toHaveCount(0);
});
