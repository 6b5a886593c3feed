// Servers and tokens for the website-widget tests (widget.spec.ts): the app side (embed.js and the
// widget script, served by scripts/serve.py) and a shop's own website on another port, so the
// widget always runs cross-origin as it does for real.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');

/** A directory with a built widget: $WIDGET_DIR, else dist/ if it has embed.js, else a fresh build. */
export function widgetDir(): string {
  const given = process.env.WIDGET_DIR || path.join(ROOT, 'dist');
  if (fs.existsSync(path.join(given, 'embed.js'))) return given;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mohar-widget-'));
  execFileSync('bash', ['scripts/build_widget.sh', dir], { cwd: ROOT, stdio: 'inherit' });
  return dir;
}

export interface Claims {
  cardId: string; // 32 hex digits
  sequence: number | 'v1'; // the customer's card sequence, or 'v1' for an old format 1 token
  issuedAt: number; // seconds since the epoch
  stamps: number;
  perReward: number;
  ready: number;
  shop: string;
  name: string;
  reward: string;
  /** Format 3: the referral code as shown ("4K7Q-M2P") and the tier, the visits to the next and its name. */
  extras?: { code: string; tier: string; need: number; next: string };
}

/** Issues tokens with the native example in crates/card (no signing code in the widget). */
export function issue(seedHex: string, claims: Claims[]): { publicKey: string; fingerprint: string; tokens: string[] } {
  const specs = claims.map((c) =>
    [`${c.cardId}@${c.sequence}`, c.issuedAt, c.stamps, c.perReward, c.ready, c.shop, c.name,
      c.extras ? [c.reward, c.extras.code, c.extras.tier, c.extras.need, c.extras.next].join('|') : c.reward].join(','),
  );
  const out = execFileSync(
    'cargo',
    ['run', '-q', '--manifest-path', 'crates/card/Cargo.toml', '--example', 'issue', '--', seedHex, ...specs],
    { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return JSON.parse(out);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** scripts/serve.py on `dir`; resolves once it answers. */
export async function serveStatic(dir: string): Promise<{ url: string; proc: ChildProcess }> {
  const port = await freePort();
  const proc = spawn('python3', ['scripts/serve.py', '--dir', dir, '--port', String(port), '--quiet'], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(url + 'embed.js');
      return { url, proc };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  proc.kill();
  throw new Error(`serve.py did not start on ${url}`);
}

/** A shop's website: every path is a page embedding the widget; /hostile* pages add hostile CSS. */
export async function serveShop(appUrl: string, shopKey: string): Promise<{ url: string; server: http.Server }> {
  const server = http.createServer((req, res) => {
    const hostile = req.url?.startsWith('/hostile');
    if (req.url === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sharma Chai</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
${hostile ? '<style>* { all: unset; font-size: 40px } p { color: rgb(0, 128, 0) }</style>' : '<style>p { color: rgb(0, 128, 0) }</style>'}
</head><body>
<h1>Sharma Chai</h1>
<p id="probe">Fresh chai every morning.</p>
<script src="${appUrl}embed.js" data-shop-key="${shopKey}" async></script>
</body></html>`);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}/`, server };
}
