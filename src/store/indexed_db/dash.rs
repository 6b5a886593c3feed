//! The dashboard's facts (issue 12), since schema 5: the object store `dash` holds the 256
//! chunks of customers' facts under the numbers 0–255, the shop's facts under `"shop"`, the
//! mark `"complete"` (written with a full save; a restore, a replacement of the records or an
//! erasure deletes it, so the facts are rebuilt from the log), and one delta per committed event
//! under `[event id]` (arrays sort after numbers and strings, so one range reads them all).
//! Values are `Uint8Array`s of the bytes `domain::analytics::stored` encodes.

use indexed_db_futures::database::Database;
use indexed_db_futures::error::Error as IdbError;
use indexed_db_futures::prelude::*;
use indexed_db_futures::KeyRange;
use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use super::{write_failure, IndexedDbStore};
use crate::domain::analytics::stored::{decode_chunk, decode_shop};
use crate::domain::analytics::{DashFacts, StoredDelta};
use crate::domain::EventId;
use crate::store::dash::{delete_runs, DashRead, DashSave};
use crate::store::{Commit, Durability, StoreError};

/// The object store.
pub(super) const DASH: &str = "dash";
const SHOP: &str = "shop";
const COMPLETE: &str = "complete";

/// Version 4 → 5: the store of the dashboard's facts. It starts empty, without the mark, so the
/// first dashboard opened rebuilds the facts from the log.
pub(super) fn v4_add_dash(db: &Database, _tx: &web_sys::IdbTransaction) -> indexed_db_futures::Result<()> {
    db.create_object_store(DASH).build()?;
    Ok(())
}

fn delta_key(id: EventId) -> JsValue {
    Array::of1(&JsValue::from_str(&id.0.to_hex())).into()
}

fn bytes_value(bytes: &[u8]) -> JsValue {
    Uint8Array::from(bytes).into()
}

fn value_bytes(value: &JsValue) -> Option<Vec<u8>> {
    value.dyn_ref::<Uint8Array>().map(Uint8Array::to_vec)
}

/// The key and value of a commit's delta, when its event changes any figure.
pub(super) fn delta_entry(commit: &Commit) -> Option<(JsValue, JsValue)> {
    delta_value(commit).map(|value| (delta_key(commit.event.id), value))
}

/// The value of a commit's delta, when its event changes any figure (its key is `[event key]`).
pub(super) fn delta_value(commit: &Commit) -> Option<JsValue> {
    StoredDelta::of(commit).map(|delta| bytes_value(&delta.encode()))
}

/// Deletes the mark of complete facts in a transaction of the caller's, so the next dashboard
/// rebuilds them from the log.
pub(super) fn mark_incomplete(store: &indexed_db_futures::object_store::ObjectStore<'_>) -> indexed_db_futures::Result<()> {
    store.delete(JsValue::from_str(COMPLETE)).primitive()?;
    Ok(())
}

fn all_deltas() -> KeyRange<JsValue> {
    KeyRange::LowerBound(Array::new().into(), false)
}

impl IndexedDbStore {
    /// Whether the database has the store (a test may hold a database of an older schema):
    /// read once when the connection opened.
    pub(super) fn has_dash(&self) -> bool {
        self.inner.has_dash
    }

    pub(super) async fn read_dash(&self) -> Result<DashRead, StoreError> {
        let tx = self.read_tx(&[DASH])?;
        let read = |error: IdbError| self.read_error(&error);
        let store = tx.object_store(DASH).map_err(read)?;
        // Every request is issued at once and then awaited: one round trip.
        let complete = store.get::<JsValue, JsValue, _>(JsValue::from_str(COMPLETE)).primitive().map_err(read)?;
        let shop = store.get::<JsValue, JsValue, _>(JsValue::from_str(SHOP)).primitive().map_err(read)?;
        let chunks = store
            .get_all::<JsValue>()
            .with_query::<JsValue, _>(KeyRange::Bound(JsValue::from_f64(0.0), false, JsValue::from_f64(255.0), false))
            .primitive()
            .map_err(read)?;
        let delta_keys = store.get_all_keys::<JsValue>().with_query::<JsValue, _>(all_deltas()).primitive().map_err(read)?;
        let delta_values = store.get_all::<JsValue>().with_query::<JsValue, _>(all_deltas()).primitive().map_err(read)?;
        let complete = complete.await.map_err(read)?.is_some();
        let shop = shop.await.map_err(read)?;
        let chunks = chunks.await.map_err(read)?.collect::<Result<Vec<JsValue>, IdbError>>().map_err(read)?;
        let delta_keys = delta_keys.await.map_err(read)?.collect::<Result<Vec<JsValue>, IdbError>>().map_err(read)?;
        let delta_values = delta_values.await.map_err(read)?.collect::<Result<Vec<JsValue>, IdbError>>().map_err(read)?;

        let mut readable = true;
        let mut deltas = Vec::with_capacity(delta_keys.len());
        for (key, value) in delta_keys.iter().zip(&delta_values) {
            let id = Array::from(key).get(0).as_string().and_then(|hex| hex.parse::<EventId>().ok());
            match (id, value_bytes(value).and_then(|bytes| StoredDelta::decode(&bytes).ok())) {
                (Some(id), Some(delta)) => deltas.push((id, delta)),
                _ => readable = false,
            }
        }
        let base = (|| {
            if !complete || !readable {
                return None;
            }
            let mut facts = DashFacts { shop: decode_shop(&value_bytes(shop.as_ref()?)?).ok()?, ..DashFacts::default() };
            for chunk in &chunks {
                facts.customers.extend(decode_chunk(&value_bytes(chunk)?).ok()?);
            }
            Some(facts)
        })();
        Ok(DashRead { base, deltas })
    }

    pub(super) async fn write_dash(&self, save: &DashSave) -> Result<(), StoreError> {
        // The facts can always be rebuilt from the log, so they need not wait for the disk.
        let (tx, sys) = self.write_tx(&[DASH], Durability::Relaxed)?;
        let failed = |error: IdbError| self.write_error(write_failure(&sys, &error));
        {
            let store = tx.object_store(DASH).map_err(failed)?;
            for (chunk, bytes) in &save.chunks {
                store.put(bytes_value(bytes)).with_key(JsValue::from_f64(f64::from(*chunk))).without_key_type().primitive().map_err(failed)?;
            }
            store.put(bytes_value(&save.shop)).with_key(JsValue::from_str(SHOP)).without_key_type().primitive().map_err(failed)?;
            store.put(JsValue::TRUE).with_key(JsValue::from_str(COMPLETE)).without_key_type().primitive().map_err(failed)?;
            // The deltas folded in (and, after a rebuild, every one of an event it counted) go
            // by key ranges: their keys are read in this same transaction, so a delta written
            // meanwhile is never deleted unfolded, and one request deletes each run of them.
            let keys = store.get_all_keys::<JsValue>().with_query::<JsValue, _>(all_deltas()).primitive().map_err(failed)?;
            let keys = keys.await.map_err(failed)?.collect::<Result<Vec<JsValue>, IdbError>>().map_err(failed)?;
            let stored: Vec<Option<EventId>> = keys.iter().map(|key| Array::from(key).get(0).as_string().and_then(|hex| hex.parse::<EventId>().ok())).collect();
            for (first, last) in delete_runs(&save.deletes(&stored)) {
                let run = KeyRange::Bound(keys[first].clone(), false, keys[last].clone(), false);
                store.delete::<JsValue, _>(run).primitive().map_err(failed)?;
            }
        }
        self.finish(tx, &sys).await
    }

    /// Makes the next dashboard rebuild its facts from the log (after a restore, a replacement
    /// of the records or an erasure, whose events leave no deltas).
    pub(super) async fn invalidate_dash(&self) -> Result<(), StoreError> {
        if !self.has_dash() {
            return Ok(());
        }
        let (tx, sys) = self.write_tx(&[DASH], Durability::Strict)?;
        let failed = |error: IdbError| self.write_error(write_failure(&sys, &error));
        mark_incomplete(&tx.object_store(DASH).map_err(failed)?).map_err(failed)?;
        self.finish(tx, &sys).await
    }
}
