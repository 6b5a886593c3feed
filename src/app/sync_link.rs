//! The counter's side of sync: the engine and its protocol live in the owner's bundle
//! (`sync_engine.rs`); the counter only starts it in the background when sync is set up, tells
//! it about each saved action, and stores the events it receives — folded into the records and
//! the search index in one strict transaction that refuses the batch if a record changed since
//! it was planned (then planned again), exactly as a counter action is saved.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use chrono::Utc;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::owner_bundle::load_owner_bundle;
use super::Shell;
use crate::domain::sync::{plan_received, ReceivedPlan};
use crate::domain::{Change, CustomerId, Event};
use crate::store::{Store, StoreError};

/// Same key as `sync_engine::ENABLED_FLAG` (kept apart so the counter does not link the engine).
const ENABLED_FLAG: &str = "mohar.sync";
/// How long after start the counter loads the engine: after the first screen, not before it.
const START_DELAY_MS: i32 = 2_000;
/// How often a batch is planned again when counter actions keep changing its records.
const ATTEMPTS: usize = 5;

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

/// Starts the engine of a loaded owner's bundle with this counter as the place received
/// events are stored (once per page; Settings loading the bundle attaches it too).
pub fn attach(bundle: &JsValue, shell: Shell) {
    if NUDGE.with(|nudge| nudge.borrow().is_some()) {
        return;
    }
    let Ok(start) = js_sys::Reflect::get(bundle, &JsValue::from_str("start_sync")).and_then(|f| f.dyn_into::<js_sys::Function>().map_err(JsValue::from)) else {
        return;
    };
    let store_received = Closure::<dyn Fn(String) -> js_sys::Promise>::new(move |json: String| {
        wasm_bindgen_futures::future_to_promise(async move {
            store_events(shell, &json).await.map(|()| JsValue::UNDEFINED).map_err(|message| JsValue::from_str(&message))
        })
    });
    if let Ok(nudge) = start.call1(&JsValue::NULL, &store_received.into_js_value()).and_then(|f| f.dyn_into::<js_sys::Function>().map_err(JsValue::from)) {
        NUDGE.with(|slot| *slot.borrow_mut() = Some(nudge));
    }
}

/// Stores received events (JSON of `Vec<Event>`): plans them on the counter from the stored
/// records (reading a customer's log when a record must be folded again), commits them in one
/// transaction, then takes them into the counter and the search index.
async fn store_events(shell: Shell, json: &str) -> Result<(), String> {
    let events: Vec<Event> = serde_json::from_str(json).map_err(|error| error.to_string())?;
    let store = shell.store().ok_or("the store is not open")?;
    let failed = |error: StoreError| error.to_string();
    let customers: BTreeSet<CustomerId> = events.iter().filter_map(|event| event.kind.customer()).collect();
    for _ in 0..ATTEMPTS {
        let mut records = BTreeMap::new();
        for id in &customers {
            if let Some(record) = store.customer(*id).await.map_err(failed)? {
                records.insert(*id, record);
            }
        }
        let mut logs = BTreeMap::new();
        let changes: Vec<Change> = loop {
            let plan = shell
                .counter
                .try_update_untracked(|counter| counter.as_mut().map(|counter| plan_received(counter, &events, &records, &logs, Utc::now()).0))
                .flatten()
                .ok_or("the shop is not set up on this device")?;
            match plan {
                ReceivedPlan::Commits(changes) => break changes,
                ReceivedPlan::NeedsLogs(ids) => {
                    for id in ids {
                        // A merged group's customers are named here before their records are
                        // read (`plan_received`); the record is read before the log.
                        if !records.contains_key(&id) {
                            if let Some(record) = store.customer(id).await.map_err(failed)? {
                                records.insert(id, record);
                            }
                        }
                        logs.insert(id, store.customer_events(id).await.map_err(failed)?);
                    }
                }
            }
        };
        let result = store.commit_received(&changes).await;
        shell.counter.update(|counter| {
            if let Some(counter) = counter {
                for change in &changes {
                    match &result {
                        Ok(()) => counter.committed(change),
                        Err(_) => counter.abandoned(change),
                    }
                }
            }
        });
        match result {
            Ok(()) => {
                // Every commit of a customer carries the same folded record: one is enough.
                let mut written: BTreeMap<CustomerId, crate::domain::Customer> = BTreeMap::new();
                for record in changes.iter().filter_map(|change| change.customer.clone()) {
                    written.insert(record.id, record);
                }
                if !written.is_empty() {
                    shell.received.set(written.into_values().collect());
                }
                shell.save_snapshot_if_due();
                return Ok(());
            }
            // A counter action saved to one of these customers first: plan again from it.
            Err(StoreError::Stale) => continue,
            Err(error) => {
                shell.report(&crate::session::AppError::Store(error.clone()));
                return Err(failed(error));
            }
        }
    }
    Err("the customers kept changing; trying again with the next sync".into())
}
