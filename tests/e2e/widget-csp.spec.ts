// A shop website with a strict Content Security Policy can show the "Your rewards" widget with
// exactly what README (Deploy) tells it to allow; the fixture fails the test on any violation.
import http from 'node:http';
import type { ChildProcess } from 'node:child_process';
import { test, expect } from './fixtures';
import { freePort, issue, serveStatic, widgetDir } from './widget-servers';
import { withoutWebCryptoEd25519 } from './card-helpers';

let app: ChildProcess;
let site: http.Server;
let siteUrl: string;
let token: string;

/** The policy README gives a shop's website for the widget served from `appOrigin`. */
export function websitePolicy(appOrigin: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${appOrigin} 'wasm-unsafe-eval'`,
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ');
}

test.beforeAll(async () => {
  test.setTimeout(600_000); // may build the widget and the token example
  const dir = widgetDir();
  const mine = issue('07'.repeat(32), [
    {
      cardId: '0123456789abcdef0123456789abcdef',
      sequence: 4,
      issuedAt: 1763632800,
      stamps: 3,
      perReward: 10,
      ready: 0,
      shop: 'Sharma Chai',
      name: 'Priya',
      reward: '1 free chai',
    },
  ]);
  token = mine.tokens[0];
  const served = await serveStatic(dir);
  app = served.proc;
  const appOrigin = new URL(served.url).origin;
  site = http.createServer((req, res) => {
    if (req.url === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': websitePolicy(appOrigin),
    });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sharma Chai</title>
</head><body><h1>Sharma Chai</h1>
<script src="${served.url}embed.js" data-shop-key="${mine.publicKey}" async></script></body></html>`);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => site.listen(port, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${port}/`;
});

test.afterAll(async () => {
  app?.kill();
  await new Promise((r) => (site ? site.close(r) : r(null)));
});

test('the widget shows a card link on a website with a strict policy', async ({ page }) => {
  await page.goto(`${siteUrl}#mohar=${token}`);
  const panel = page.getByRole('dialog', { name: 'Your rewards' });
  await expect(panel.getByRole('heading', { name: 'Sharma Chai' })).toBeVisible();
  await expect(panel.getByText('3 of 10 stamps', { exact: true })).toBeVisible();
});

test('the widget also shows it where WebCrypto has no Ed25519, with the wasm verifier', async ({ page, context }) => {
  await withoutWebCryptoEd25519(context);
  await page.goto(`${siteUrl}#mohar=${token}`);
  const panel = page.getByRole('dialog', { name: 'Your rewards' });
  await expect(panel.getByText('3 of 10 stamps', { exact: true })).toBeVisible();
  await expect(panel.locator('[data-verifier]')).toHaveAttribute('data-verifier', 'wasm');
});
