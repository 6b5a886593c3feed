//! The counter's side of repairing a damaged customer record (issue 15): the repair itself (the
//! customer's events read and decoded from the log, a merged group's logs folded together) is
//! rarely needed, so it is not in the counter's wasm but in the panels' bundle
//! (`owner_entry::repair_customers`, exported by `src/bin/panels.rs`). The counter asks for it
//! as it does for sync's stored batches (`sync_link.rs`): it holds a record revision in flight,
//! the bundle writes the rebuilt records above it through the store (each only where the
//! stored record is still damaged), and the counter then takes the written records in as
//! records written by another connection (`Shell::take_in_written`), so search finds them, and
//! releases the revision. In-memory state changes only after the bundle's write committed.
//!
//! When the bundle cannot be loaded (offline before the service worker ever cached it) nothing
//! is repaired: start-up's damaged customers are asked for again at the next start (the counter
//! saves no index snapshot meanwhile, see `Counter::note_awaiting_repair`), and the customer
//! screen shows the damaged record's error.

use chrono::Utc;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::owner_bundle::load_panels_bundle;
use super::Shell;
use crate::domain::CustomerId;

/// The ids as the bundle's `repair_customers` takes them: hexadecimal, separated by commas.
pub fn ids_text(ids: &[CustomerId]) -> String {
    ids.iter().map(|id| id.0.to_hex()).collect::<Vec<_>>().join(",")
}

/// The ids of [`ids_text`]; a part that names no customer is left out.
pub fn ids_of_text(text: &str) -> Vec<CustomerId> {
    text.split(',').filter_map(|id| id.parse::<CustomerId>().ok()).collect()
}

/// The function the counter's shell calls to have damaged records repaired
/// (`Shell::repair_damaged`): `(ids) -> Promise<number>`, the ids as [`ids_text`] writes them;
/// it resolves to how many records the bundle wrote once the counter took them in, and rejects
/// when the bundle could not be loaded or the repair failed.
pub fn repairer(shell: Shell) -> js_sys::Function {
    let repair = Closure::<dyn Fn(JsValue) -> js_sys::Promise>::new(move |ids: JsValue| {
        let ids = ids_of_text(&ids.as_string().unwrap_or_default());
        wasm_bindgen_futures::future_to_promise(async move { repair(shell, &ids).await.map(|written| JsValue::from_f64(written as f64)) })
    });
    repair.into_js_value().unchecked_into()
}

/// Has the panels' bundle rebuild and write the records of `ids`, then takes the written
/// records in. Returns how many the bundle wrote (none when another connection repaired them
/// first).
async fn repair(shell: Shell, ids: &[CustomerId]) -> Result<usize, JsValue> {
    if ids.is_empty() {
        return Ok(0);
    }
    // A revision in flight, so a snapshot saved before the records are taken in never claims
    // them (the bundle writes them above it).
    let held = shell.counter.try_update_untracked(|counter| counter.as_mut().map(|counter| counter.plan_received_rev(Utc::now()))).flatten();
    let Some(held) = held else { return Err(JsValue::from_str("no shop")) };
    let written = ask_bundle(ids, held).await;
    if written.is_err() {
        // Nothing was written: the revision is released at once.
        shell.counter.update_untracked(|counter| {
            if let Some(counter) = counter {
                counter.release_rev(held);
            }
        });
        return written;
    }
    // The records are in the store: the counter may save a snapshot again once it took them
    // in (which saves one when due).
    shell.counter.update_untracked(|counter| {
        if let Some(counter) = counter {
            counter.repaired(ids);
        }
    });
    super::sync_link::take_in(shell, Some(held)).await;
    written
}

/// Loads the panels' bundle and runs its `repair_customers` with the revision held.
async fn ask_bundle(ids: &[CustomerId], held: u64) -> Result<usize, JsValue> {
    let bundle = load_panels_bundle().await?;
    let run: js_sys::Function = js_sys::Reflect::get(&bundle, &JsValue::from_str("repair_customers"))?.dyn_into()?;
    let promise: js_sys::Promise = run.call2(&JsValue::NULL, &JsValue::from_str(&ids_text(ids)), &JsValue::from_str(&held.to_string()))?.dyn_into()?;
    let written = wasm_bindgen_futures::JsFuture::from(promise).await?;
    Ok(written.as_f64().unwrap_or(0.0) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_cross_to_the_bundle_and_back() {
        let ids = vec![CustomerId::from_bytes([1; 16]), CustomerId::from_bytes([0xab; 16])];
        assert_eq!(ids_of_text(&ids_text(&ids)), ids);
        assert_eq!(ids_of_text(""), Vec::<CustomerId>::new());
    }
}
