// Loads the owner's bundle (a second wasm-bindgen module, built by scripts/build_owner.sh) once
// per page: every later call gets the same promise. Its file names carry a content hash, which
// the build writes into index.html as <meta name="mohar-owner-bundle" content="owner-<hash>">,
// so a page always loads the bundle of its own build (the service worker precaches both).
let loading = null;

export function load_owner_bundle() {
  if (!loading) {
    loading = (async () => {
      const meta = document.querySelector('meta[name="mohar-owner-bundle"]');
      if (!meta) throw new Error('this build has no owner bundle');
      const base = new URL(meta.content, document.baseURI).href;
      const bundle = await import(base + '.js');
      await bundle.default({ module_or_path: base + '_bg.wasm' });
      return bundle;
    })();
    // A failed load (offline before the bundle was ever downloaded) may be tried again later.
    loading.catch(() => {
      loading = null;
    });
  }
  return loading;
}
