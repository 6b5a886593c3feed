//! Named moments of start-up on the browser's performance timeline (`performance.mark`). The
//! benchmark (bench/startup.mjs) reads them to print where the start-up time goes: store open,
//! snapshot read, snapshot decode, first render. Outside the browser they do nothing, so the
//! store and session code that sets them stays testable natively.

/// The wasm is compiled and instantiated: `main` runs.
pub const MAIN: &str = "mohar-main";
/// Opened the shop's database.
pub const STORE_OPEN: &str = "mohar-store-open";
/// Read the device id, the shop record and the latest clock value.
pub const SHOP_READ: &str = "mohar-shop-read";
/// Read the search-index snapshot's bytes out of IndexedDB.
pub const SNAPSHOT_READ: &str = "mohar-snapshot-read";
/// Decoded the snapshot into the search index.
pub const SNAPSHOT_DECODED: &str = "mohar-snapshot-decoded";
/// Took in the customer records written after the snapshot.
pub const INDEX_LOADED: &str = "mohar-index-loaded";
/// The counter is ready to be shown (the shop key read too).
pub const STARTED: &str = "mohar-started";
/// The counter's search field is on screen and answers (the start-up time the benchmark reports).
pub const SEARCH_READY: &str = "mohar-search-ready";

/// Marks `name` on the performance timeline, once per page load (later calls keep the first).
pub fn mark(name: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        if performance.get_entries_by_name(name).length() == 0 {
            let _ = performance.mark(name);
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = name;
}
