// Loads an on-demand bundle (a wasm-bindgen module built by scripts/build_owner.sh: "owner" for
// the owner's screens, "panels" for the customer screen's panels) once per page: every later
// call for the same bundle gets the same promise. Its file names carry a content hash, which the
// build writes into index.html as <meta name="mohar-NAME-bundle" content="NAME-<hash>">, so a
// page always loads the bundles of its own build (the service worker precaches all of them).
//
// A bundle with a stylesheet of its own (the owner's: style/owner.css, named by
// <meta name="mohar-NAME-stylesheet">) resolves only once that stylesheet is applied too, so a
// screen it mounts never shows unstyled; the stylesheet is fetched beside the bundle, not before.
const loading = new Map();
const styles = new Map();

export function load_bundle(name) {
  if (!loading.has(name)) {
    const promise = (async () => {
      const meta = document.querySelector(`meta[name="mohar-${name}-bundle"]`);
      if (!meta) throw new Error(`this build has no ${name} bundle`);
      const base = new URL(meta.content, document.baseURI).href;
      const styled = apply_stylesheet(name);
      // Its failure is this load's failure, reported below, not an unhandled rejection meanwhile.
      styled.catch(() => {});
      const bundle = await import(base + '.js');
      await bundle.default({ module_or_path: base + '_bg.wasm' });
      await styled;
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

// Adds the bundle's stylesheet to the page (once), checked against its Subresource Integrity
// value; resolves when it is applied (at once when the bundle has none), rejects when it cannot
// be loaded, and then takes its element out again so that a later try starts afresh.
function apply_stylesheet(name) {
  const meta = document.querySelector(`meta[name="mohar-${name}-stylesheet"]`);
  if (!meta) return Promise.resolve();
  if (styles.has(name)) return styles.get(name);
  const promise = new Promise((resolve, reject) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = new URL(meta.content, document.baseURI).href;
    const integrity = meta.getAttribute('data-integrity');
    if (integrity) link.integrity = integrity;
    link.addEventListener('load', () => resolve(), { once: true });
    link.addEventListener('error', () => {
      link.remove();
      reject(new Error(`the ${name} bundle's stylesheet could not be loaded`));
    }, { once: true });
    document.head.appendChild(link);
  });
  styles.set(name, promise);
  promise.catch(() => styles.delete(name));
  return promise;
}
