//! Registering the service worker (`./sw.js`), the counter's part of updates. The "Update
//! available — Reload" banner that follows the worker's updates is the panels' bundle's
//! (`update_banner.rs`, issue 15), asked for a second after start-up like the other
//! `owner_bundle::LaterPart`s: it is rarely seen and need not be in the counter's first load.

use leptos::prelude::*;

/// Registers `./sw.js` once start-up has finished: `set_up` is `None` while it runs, then
/// whether the device holds a shop. With a shop (the counter answers search) it waits a second
/// more. The worker's install precaches every bundle, the on-demand ones too (about 1.4 MB
/// gzipped), and on a slow tablet or over mobile data those downloads must not compete with the
/// counter's own first load; a worker registered at once did, and on a loaded machine
/// `bench/sizes.mjs` counted them before search answered. Without a shop (the set-up form) there
/// is no counter to wait for, and the worker is registered at once, so that a device set up and
/// taken offline within seconds still has everything. Registering also has the browser check
/// for a new build; the banner sees what it finds whenever it is mounted (`update_banner.rs`).
pub fn register_service_worker(set_up: Memo<Option<bool>>) {
    Effect::new(move |registered: Option<bool>| {
        if registered == Some(true) {
            return true;
        }
        match set_up.get() {
            None => false,
            Some(false) => {
                register();
                true
            }
            Some(true) => {
                set_timeout(register, std::time::Duration::from_secs(1));
                true
            }
        }
    });
}

/// The page's `navigator.serviceWorker`, where the browser has one (not over plain http from
/// another host, nor in some private windows). Shared with the banner (`update_banner.rs`).
pub fn container() -> Option<web_sys::ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    let supported = js_sys::Reflect::get(&navigator, &"serviceWorker".into()).is_ok_and(|value| value.is_object());
    supported.then(|| navigator.service_worker())
}

fn register() {
    let Some(container) = container() else { return };
    // A failed registration (no worker offline on a first visit, a private window) leaves the
    // app working online; the promise's rejection is not an error to show.
    let promise = container.register("./sw.js");
    leptos::task::spawn_local(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    });
}
