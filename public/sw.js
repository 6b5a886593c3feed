// Mohar service worker: precaches the app shell of ONE build and serves it offline.
//
// scripts/sw_precache.py (a Trunk post_build hook) replaces the PRECACHE line below in the built
// copy of this file (dist/sw.js) with the build's cache name and file list. Because the
// contents of sw.js then change whenever any shell file changes, the browser sees a new service
// worker for every new build, which is what drives the "Update available" banner.
//
// Protocol with the page:
//   page -> SW  {type: 'SKIP_WAITING'}  activate the waiting worker now (the user chose Reload);
//                                        the page then gets 'controllerchange' and reloads.
//   page -> SW  {type: 'GET_VERSION'}   with a MessageChannel port; the SW answers on that port
//                                        with {type: 'VERSION', cache: '<cache name>'}.

const PRECACHE = /*__MOHAR_PRECACHE__*/ { cache: 'mohar-shell-dev', files: ['index.html'] };

const CACHE_PREFIX = 'mohar-shell-';
const INDEX_URL = new URL('index.html', self.location).href;
const CARD_PATH = new URL('card/', self.location).pathname;

// A file whose name carries a hash of its contents (Trunk's `name-<16 hex>`, the build scripts'
// `name-<12 hex>`) can never be stale: the HTTP cache may give it, which is the copy the page
// itself has just downloaded (or a 304), instead of a second download of the whole wasm.
const CONTENT_HASHED = /-[0-9a-f]{12,}(_bg)?\.(js|wasm|css)$/;

self.addEventListener('install', (event) => {
  // cache: 'reload' bypasses the HTTP cache for the rest (index.html, manifest, icons), so a new
  // build never precaches stale copies of them.
  event.waitUntil(
    caches.open(PRECACHE.cache).then((cache) =>
      cache.addAll(
        PRECACHE.files.map(
          (f) => new Request(new URL(f, self.location), { cache: CONTENT_HASHED.test(f) ? 'default' : 'reload' })
        )
      )
    )
  );
  // No skipWaiting() here: an update waits until the user accepts it (SKIP_WAITING message),
  // so a running page never has its files swapped underneath it.
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith(CACHE_PREFIX) && k !== PRECACHE.cache).map((k) => caches.delete(k))
        )
      )
      .then(() => self.clients.claim())
  );
});

self.addEventListener('message', (event) => {
  const data = event.data || {};
  if (data.type === 'SKIP_WAITING') {
    self.skipWaiting();
  } else if (data.type === 'GET_VERSION' && event.ports[0]) {
    event.ports[0].postMessage({ type: 'VERSION', cache: PRECACHE.cache });
  }
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;

  // The card page (card/) is not the counter's: its own worker (card/sw.js) or the network.
  if (new URL(req.url).pathname.startsWith(CARD_PATH)) return;

  if (req.mode === 'navigate') {
    // Every navigation inside the scope gets this build's index.html, so the page always
    // matches the hashed .js/.wasm/.css in the same cache. Network only if it is missing.
    event.respondWith(
      caches.open(PRECACHE.cache).then((cache) =>
        cache.match(INDEX_URL).then((hit) => hit || fetch(req))
      )
    );
    return;
  }

  event.respondWith(
    caches.open(PRECACHE.cache).then((cache) => cache.match(req).then((hit) => hit || fetch(req)))
  );
});
