// Loads an on-demand bundle (a wasm-bindgen module built by scripts/build_owner.sh: "owner" for
// the owner's screens, "panels" for the customer screen's panels) once per page: every later
// call for the same bundle gets the same promise. Its file names carry a content hash, which the
// build writes into index.html as <meta name="mohar-NAME-bundle" content="NAME-<hash>">, so a
// page always loads the bundles of its own build (the service worker precaches all of them).
const loading = new Map();

export function load_bundle(name) {
  if (!loading.has(name)) {
    const promise = (async () => {
      const meta = document.querySelector(`meta[name="mohar-${name}-bundle"]`);
      if (!meta) throw new Error(`this build has no ${name} bundle`);
      const base = new URL(meta.content, document.baseURI).href;
      const bundle = await import(base + '.js');
      await bundle.default({ module_or_path: base + '_bg.wasm' });
      return bundle;
    })();
    loading.set(name, promise);
    // A failed load (offline before the bundle was ever downloaded) may be tried again later.
    promise.catch(() => {
      if (loading.get(name) === promise) loading.delete(name);
    });
  }
  return loading.get(name);
}
