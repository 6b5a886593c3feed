// The card page's service worker (dist/card/sw.js, scope card/): keeps the card page, and
// nothing of the counter app, for offline use after one visit.
//
// crates/widget/tools/package.py fills in the cache name (a hash of the files) and the files:
// the page, its script, style and icon, and the shared wasm verifier, which is cached only when
// the page registered this worker as `sw.js?wasm=1` (its browser's WebCrypto has no Ed25519).
// A new build is a new worker: it takes over at once (the page holds no state to lose).
const CARD = /*__CARD_PRECACHE__*/ { cache: 'mohar-card-dev', files: ['index.html'], verifier: '' };
const PREFIX = 'mohar-card-';
const wasm = new URL(self.location).searchParams.get('wasm') === '1';
const files = CARD.files.concat(wasm && CARD.verifier ? [CARD.verifier] : []);
const PAGE = new URL('index.html', self.location).href;

self.addEventListener('install', (event) => {
  // The default cache mode: what the page has just downloaded comes from the HTTP cache.
  event.waitUntil(caches.open(CARD.cache).then((cache) => cache.addAll(files.map((f) => new URL(f, self.location).href))));
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CARD.cache).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  // Every card address (`?shop=…`, any fragment) is the same page.
  const url = req.mode === 'navigate' ? PAGE : req.url;
  event.respondWith(caches.open(CARD.cache).then((cache) => cache.match(url).then((hit) => hit || fetch(req))));
});
