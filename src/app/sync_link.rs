//! The counter's side of sync: the engine and its protocol live in the owner's bundle
//! (`sync_engine.rs`), and so does the storing of what it receives (`sync_store.rs`); the
//! counter only starts it in the background when sync is set up, tells it about each saved
//! action, holds a record revision while a received batch is being stored, and then takes the
//! records it wrote into search and an open card, as for records an import wrote.

use std::cell::RefCell;

use chrono::Utc;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::owner_bundle::load_owner_bundle;
use super::Shell;

/// Same key as `sync_engine::ENABLED_FLAG` (kept apart so the counter does not link the engine).
const ENABLED_FLAG: &str = "mohar.sync";
/// How long after start the counter loads the engine: after the first screen, not before it.
const START_DELAY_MS: i32 = 2_000;

thread_local! {
    /// The engine's "a counter action was saved" function, once started.
    static NUDGE: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// Tells the engine that an action was saved (nothing when sync is not running).
pub fn nudge() {
    NUDGE.with(|nudge| {
        if let Some(nudge) = nudge.borrow().as_ref() {
            let _ = nudge.call0(&JsValue::NULL);
        }
    });
}

/// At start: when sync was set up on this device, loads the owner's bundle in the background a
/// moment after the first screen and starts the engine.
pub fn start_if_set_up(shell: Shell) {
    use gloo_storage::Storage;
    if gloo_storage::LocalStorage::get::<String>(ENABLED_FLAG).is_err() {
        return;
    }
    leptos::task::spawn_local(async move {
        let delay = js_sys::Promise::new(&mut |resolve, _| {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, START_DELAY_MS);
            }
        });
        let _ = wasm_bindgen_futures::JsFuture::from(delay).await;
        // Offline before the bundle was ever downloaded: sync starts with the next page load.
        if let Ok(bundle) = load_owner_bundle().await {
            attach(&bundle, shell);
        }
    });
}

/// Starts the engine of a loaded owner's bundle with this counter as the one told about what
/// it stores (once per page; Settings loading the bundle attaches it too).
pub fn attach(bundle: &JsValue, shell: Shell) {
    if NUDGE.with(|nudge| nudge.borrow().is_some()) {
        return;
    }
    let Ok(start) = js_sys::Reflect::get(bundle, &JsValue::from_str("start_sync")).and_then(|f| f.dyn_into::<js_sys::Function>().map_err(JsValue::from)) else {
        return;
    };
    // Before a batch is planned: a revision held in flight, so a search-index snapshot saved
    // before the batch's records are taken in never claims them (they are planned above it).
    let hold = Closure::<dyn Fn() -> String>::new(move || {
        shell.counter.try_update_untracked(|counter| counter.as_mut().map(|counter| counter.plan_received_rev(Utc::now()).to_string())).flatten().unwrap_or_default()
    });
    // After it was stored (or refused): the records written go into search and an open card.
    let took_in = Closure::<dyn Fn(JsValue) -> js_sys::Promise>::new(move |held: JsValue| {
        let held = held.as_string().and_then(|held| held.parse::<u64>().ok());
        wasm_bindgen_futures::future_to_promise(async move {
            take_in(shell, held).await;
            Ok(JsValue::UNDEFINED)
        })
    });
    if let Ok(nudge) = start.call2(&JsValue::NULL, &hold.into_js_value(), &took_in.into_js_value()).and_then(|f| f.dyn_into::<js_sys::Function>().map_err(JsValue::from)) {
        NUDGE.with(|slot| *slot.borrow_mut() = Some(nudge));
    }
}

/// Takes in the records the engine wrote (above the held revision), then releases it. When they
/// could not be read the revision stays held: the snapshot's watermark then stays below them,
/// and the next start reads them. The repair of damaged records takes its records in the same
/// way (`repair_link.rs`).
pub(super) async fn take_in(shell: Shell, held: Option<u64>) {
    let Some(store) = shell.store() else { return };
    let Some(written) = shell.take_in_written(&store, held.map(|held| held.saturating_sub(1))).await else { return };
    if let Some(held) = held {
        shell.counter.update_untracked(|counter| {
            if let Some(counter) = counter {
                counter.release_rev(held);
            }
        });
    }
    if !written.is_empty() {
        shell.received.set(written);
    }
    shell.save_snapshot_if_due();
}
