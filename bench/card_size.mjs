// Bytes a customer downloads to see a card, beside the website widget's; prints JSON lines:
//   - card_page_<path>_gzip_bytes: opening a card link `<app>/card/?shop=…#mohar=…` in a fresh
//     profile, everything the page AND its service worker fetch (until the worker controls the
//     page: the card is then kept offline), each response gzipped here (serve.py doesn't
//     compress). <path> is `webcrypto` (the browser's Ed25519; target ≤ 15 KB) or `wasm` (the
//     wasm verifier, as where WebCrypto has no Ed25519; target ≤ 50 KB);
//   - card_link_before_gzip_bytes: the same for a link of the format before card/ (the app's own
//     address, which index.html sends on to card/; no wasm of the counter may be fetched);
//   - widget_<path>_gzip_bytes_before_card: the widget on a shop's page until the card shows;
//   - counter_first_screen_ms: the counter's cold start (fresh profile, online) until its first
//     screen, median of 5, to show the card routing in index.html costs the counter nothing.
//     node bench/card_size.mjs [DIST] [--counter-only]   (default: dist/; --counter-only: the cold
//     start alone, e.g. of a build from before the card page had its own entry)
// Bytes are counted by a proxy in front of scripts/serve.py, so the service worker's fetches
// and the HTTP cache behave as with the real server. Needs the token example of crates/card.
import { chromium } from '@playwright/test';
import { execFileSync, spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const COUNTER_ONLY = args.includes('--counter-only');
const DIST = path.resolve(args.find((a) => !a.startsWith('--')) || path.join(ROOT, 'dist'));
const gz = (buf) => (buf.length ? zlib.gzipSync(buf, { level: 9 }).length : 0);
const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });

const claims = '0123456789abcdef0123456789abcdef@9,1763899200,7,10,1,Sharma Chai,Priya,1 free chai';
const { publicKey, tokens } = JSON.parse(execFileSync('cargo',
  ['run', '-q', '--manifest-path', 'crates/card/Cargo.toml', '--example', 'issue', '--', '07'.repeat(32), claims],
  { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));

// serve.py, and a counting proxy in front of it.
const backPort = await freePort();
const back = spawn('python3', ['scripts/serve.py', '--dir', DIST, '--port', String(backPort), '--quiet'], { cwd: ROOT, stdio: 'ignore' });
let log = [];
const proxy = http.createServer((req, res) => {
  const out = http.request({ host: '127.0.0.1', port: backPort, path: req.url, method: req.method, headers: req.headers }, (answer) => {
    const chunks = [];
    answer.on('data', (c) => chunks.push(c));
    answer.on('end', () => {
      const body = Buffer.concat(chunks);
      log.push({ file: req.url.split(/[?#]/)[0], status: answer.statusCode, raw: body.length, gzip: gz(body) });
      res.writeHead(answer.statusCode, answer.headers);
      res.end(body);
    });
  });
  req.pipe(out);
});
const port = await freePort();
await new Promise((r) => proxy.listen(port, '127.0.0.1', r));
const app = `http://127.0.0.1:${port}/`;
for (let i = 0; i < 100; i++) {
  try { await fetch(`http://127.0.0.1:${backPort}/`); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
}
const shop = http.createServer((_, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><meta charset="utf-8"><title>Shop</title><p>Shop</p>
<script src="${app}embed.js" data-shop-key="${publicKey}" async></script>`);
});
const shopPort = await freePort();
await new Promise((r) => shop.listen(shopPort, '127.0.0.1', r));

// As in tests/e2e/card-helpers.ts: a browser whose WebCrypto has no Ed25519.
const noEd25519 = () => {
  const subtle = crypto.subtle, importKey = subtle.importKey.bind(subtle);
  Object.defineProperty(subtle, 'importKey', {
    value: (f, k, a, ...r) => ((a && (a.name || a)) + '').toLowerCase() === 'ed25519'
      ? Promise.reject(new DOMException('no Ed25519', 'NotSupportedError')) : importKey(f, k, a, ...r),
  });
};

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

/** Opens `url` in a fresh profile and returns what the proxy served until `done` resolved. */
async function measure(url, wasm, done) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  if (wasm) await context.addInitScript(noEd25519);
  const page = await context.newPage();
  log = [];
  const start = Date.now();
  await page.goto(url);
  await done(page);
  const ms = Date.now() - start;
  await page.waitForTimeout(300); // the last responses through the proxy
  const files = log;
  await context.close();
  return { ms, files, gzip: files.reduce((s, f) => s + f.gzip, 0) };
}

// The card shown, its verifier path right, and the page's worker in control (all kept offline).
const cardPage = (path) => async (page) => {
  await page.getByRole('progressbar', { name: 'Stamps' }).waitFor();
  const used = await page.locator('html').getAttribute('data-verifier');
  if (used !== path) throw new Error(`expected the ${path} verifier, the page used ${used}`);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
};
const widget = async (page) => page.getByRole('progressbar', { name: 'Stamps' }).waitFor();
const print = (name, m, target) =>
  console.log(JSON.stringify({ name, value: m.gzip, ...(target ? { target, ok: m.gzip <= target } : {}), card_shown_ms: m.ms,
    files: m.files.map((f) => ({ file: f.file, status: f.status, gzip: f.gzip })) }));

try {
  if (!COUNTER_ONLY) await cardFigures();
  // The counter's cold start: a fresh profile opening the app until its first screen.
  const times = [];
  for (let i = 0; i < 5; i++) {
    const m = await measure(app, false, (page) => page.getByRole('heading', { name: 'Set up your shop' }).waitFor());
    times.push(m.ms);
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ name: 'counter_first_screen_ms', value: times[2], runs: times }));
} finally {
  await browser.close();
  shop.close();
  proxy.close();
  back.kill();
}

async function cardFigures() {
  const link = `${app}card/?shop=${publicKey}#mohar=${tokens[0]}`;
  print('card_page_webcrypto_gzip_bytes', await measure(link, false, cardPage('webcrypto')), 15 * 1024);
  print('card_page_wasm_gzip_bytes', await measure(link, true, cardPage('wasm')), 50 * 1024);
  const before = await measure(`${app}?shop=${publicKey}#mohar=${tokens[0]}`, false, cardPage('webcrypto'));
  if (before.files.some((f) => /\/mohar-[0-9a-f]+(_bg\.wasm|\.js)$/.test(f.file))) throw new Error('an old card link fetched the counter');
  print('card_link_before_gzip_bytes', before, 50 * 1024);
  print('widget_webcrypto_gzip_bytes_before_card', await measure(`http://127.0.0.1:${shopPort}/#mohar=${tokens[0]}`, false, widget), 15 * 1024);
  print('widget_wasm_gzip_bytes_before_card', await measure(`http://127.0.0.1:${shopPort}/#mohar=${tokens[0]}`, true, widget), 50 * 1024);
}
