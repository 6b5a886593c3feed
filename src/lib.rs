//! Mohar (मोहर, "stamp"): offline-first loyalty stamp cards for small shops.
//!
//! - [`domain`]: the pure rules (no browser, no clock, no randomness).
//! - [`store`]: durable storage (IndexedDB in the browser, memory in native tests).
//! - [`session`]: the thin async layer between the screens and the store.
//! - [`app`]: the Leptos components (the browser shell).
//! - [`perf`]: start-up moments on the browser's performance timeline, for the benchmark.
//! - `bench`: entry points of the scale benchmark (bench/run.mjs); only with the cargo feature
//!   `bench` (scripts/bench.sh builds with it), so the production app does not carry them.

pub mod app;
#[cfg(any(feature = "bench", test))]
pub mod bench;
pub mod domain;
pub mod perf;
pub mod session;
pub mod store;

pub use app::App;

/// The crate version, shown in Settings so that testers can tell which build they are running.
pub fn app_version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

#[cfg(test)]
mod tests {
    #[test]
    fn version_is_set() {
        assert!(!super::app_version().is_empty());
    }
}

// These tests run in headless Chromium through wasm-bindgen-test-runner (see .cargo/config.toml
// and webdriver.json); natively they are compiled out.
#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn runs_in_a_browser_with_a_dom() {
        let window = web_sys::window().expect("a browser window");
        assert!(window.document().is_some());
    }

    #[wasm_bindgen_test]
    fn app_renders_its_header() {
        let document = web_sys::window().unwrap().document().unwrap();
        let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
        document.body().unwrap().append_child(&host).unwrap();
        leptos::mount::mount_to(host.clone(), super::App).forget();
        let text = host.text_content().unwrap_or_default();
        assert!(text.contains("Mohar") || text.contains("मोहर"), "{text}");
    }
}
