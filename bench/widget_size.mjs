// Size benchmark of the website widget: prints JSON lines with
//   - loader_gzip_bytes: embed.js gzipped (target ≤ 2048)
//   - total_gzip_bytes: everything the browser downloads from the app's host before the card
//     shows, each response gzipped here (serve.py doesn't compress), measured by loading a shop
//     page with a card link in headless Chromium (target ≤ 51200).
//     node bench/widget_size.mjs [WIDGET_DIR]   (default: dist/, else a fresh build)
// Needs the token example of crates/card (cargo) and the system Chromium.
import { chromium } from '@playwright/test';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const gz = (buf) => zlib.gzipSync(buf, { level: 9 }).length;
const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });

let dir = process.argv[2] || path.join(ROOT, 'dist');
if (!fs.existsSync(path.join(dir, 'embed.js'))) {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mohar-widget-'));
  execFileSync('bash', ['scripts/build_widget.sh', dir], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}
const claims = '0123456789abcdef0123456789abcdef,1763899200,7,10,1,Sharma Chai,Priya,1 free chai';
const { publicKey, tokens } = JSON.parse(execFileSync('cargo',
  ['run', '-q', '--manifest-path', 'crates/card/Cargo.toml', '--example', 'issue', '--', '07'.repeat(32), claims],
  { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));

const appPort = await freePort();
const app = spawn('python3', ['scripts/serve.py', '--dir', dir, '--port', String(appPort), '--quiet'], { cwd: ROOT, stdio: 'ignore' });
const appUrl = `http://127.0.0.1:${appPort}/`;
const shop = http.createServer((_, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><meta charset="utf-8"><title>Shop</title><p>Shop</p>
<script src="${appUrl}embed.js" data-shop-key="${publicKey}" async></script>`);
});
const shopPort = await freePort();
await new Promise((r) => shop.listen(shopPort, '127.0.0.1', r));
for (let i = 0; i < 100; i++) {
  try { await fetch(appUrl + 'embed.js'); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  const bodies = [];
  page.on('response', (r) => {
    if (r.url().startsWith(appUrl)) bodies.push(r.body().then((b) => ({ url: r.url(), raw: b.length, gzip: gz(b) })));
  });
  const start = Date.now();
  await page.goto(`http://127.0.0.1:${shopPort}/#mohar=${tokens[0]}`);
  await page.getByRole('progressbar', { name: 'Stamps' }).waitFor();
  const ms = Date.now() - start;
  const files = await Promise.all(bodies);
  const loader = fs.readFileSync(path.join(dir, 'embed.js'));
  const total = files.reduce((s, f) => s + f.gzip, 0);
  console.log(JSON.stringify({ name: 'widget_loader_gzip_bytes', value: gz(loader), target: 2048, ok: gz(loader) <= 2048 }));
  console.log(JSON.stringify({ name: 'widget_total_gzip_bytes_before_card', value: total, target: 51200, ok: total <= 51200,
    files: files.map((f) => ({ file: path.basename(new URL(f.url).pathname), raw: f.raw, gzip: f.gzip })) }));
  console.log(JSON.stringify({ name: 'widget_card_shown_ms', value: ms }));
} finally {
  await browser.close();
  shop.close();
  app.kill();
}
