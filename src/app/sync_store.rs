//! Sync's engine stores what it receives (owner's bundle): each batch is planned and committed
//! here, with this bundle's own connection (`session::receive`), and the counter is only told
//! before ("hold a revision") and after ("records changed: take them in"). So the planning of
//! received events, the merge folding and the strict batch commit are not in the counter's
//! wasm; the counter's side is `sync_link.rs`.

use chrono::Utc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{random, AppStore};
use crate::domain::Event;
use crate::session::receive::store_received;

/// The counter's two call-backs (`sync_link::attach`).
#[derive(Clone)]
pub(super) struct CounterLink {
    /// `hold() -> string`: the revision the counter holds in flight for the batch, in decimal
    /// (a revision may be above what a JavaScript number holds exactly), or "" without a shop.
    pub hold: js_sys::Function,
    /// `took_in(held) -> Promise`: the counter reads the records written since and releases
    /// the held revision; the promise settles once search and an open card show them.
    pub took_in: js_sys::Function,
}

impl CounterLink {
    fn hold(&self) -> Option<u64> {
        self.hold.call0(&JsValue::NULL).ok()?.as_string()?.parse().ok()
    }

    async fn took_in(&self, held: Option<u64>) {
        let held = held.map_or(JsValue::UNDEFINED, |rev| JsValue::from_str(&rev.to_string()));
        if let Ok(promise) = self.took_in.call1(&JsValue::NULL, &held).and_then(|promise| promise.dyn_into::<js_sys::Promise>().map_err(JsValue::from)) {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        }
    }
}

/// Stores a received batch, then has the counter (if one is open in this page) take in what it
/// wrote. The counter is told also after a failure: it releases the held revision either way.
pub(super) async fn store_batch(store: &AppStore, events: &[Event], counter: Option<CounterLink>) -> Result<(), String> {
    let held = counter.as_ref().and_then(CounterLink::hold);
    let result = store_received(store, events, held, random::device_id(), Utc::now()).await;
    if let Some(counter) = &counter {
        counter.took_in(held).await;
    }
    result.map_err(|error| error.to_string())
}
