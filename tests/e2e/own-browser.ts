// A Chromium this test process starts itself, on a persistent profile, so that it owns the
// browser's process and can SIGKILL it like a power cut or a crash would end it — Playwright's
// own launchers close the browser politely. Playwright drives it over the DevTools protocol.
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM_FLAGS } from './chromium-flags';
import { reportCspViolations } from './fixtures';

/** The flags of playwright.config.ts, plus what a browser started by hand needs. */
const FLAGS = [
  '--headless=new',
  ...CHROMIUM_FLAGS,
  '--no-default-browser-check',
  '--password-store=basic',
  '--remote-debugging-port=0',
];

export interface OwnBrowser {
  process: ChildProcess;
  browser: Browser;
  context: BrowserContext;
  page: Page;
}

/**
 * Starts Chromium on `profile` (a directory kept between launches), connects to it and returns
 * its first page. Console errors, uncaught exceptions and CSP violations go to `errors`.
 */
export async function launch(profile: string, errors: string[]): Promise<OwnBrowser> {
  // A process group of its own, so that the kill reaches every Chromium process at once.
  const child = spawn('/usr/bin/chromium', [...FLAGS, `--user-data-dir=${profile}`, 'about:blank'], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start: ${seen}`)), 20_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`Chromium exited (${code}): ${seen}`)));
  });
  // Keep reading stderr, or Chromium blocks once the pipe is full.
  child.stderr!.resume();
  const browser = await chromium.connectOverCDP(endpoint);
  const context = browser.contexts()[0];
  await reportCspViolations(context);
  const watch = (page: Page) => {
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  const page = context.pages()[0] ?? (await context.newPage());
  return { process: child, browser, context, page };
}

/** SIGKILLs every process of the browser and waits until the main one is gone. */
export async function kill(own: OwnBrowser): Promise<void> {
  const exited = new Promise<void>((resolve) => {
    if (own.process.exitCode !== null || own.process.signalCode !== null) resolve();
    else own.process.once('exit', () => resolve());
  });
  process.kill(-own.process.pid!, 'SIGKILL');
  await exited;
  // The connection is gone with the process; this only releases Playwright's side.
  await own.browser.close().catch(() => {});
}
