//! An import's transactions (issue 13): each batch on its own, under the import's marker in
//! `meta`; the marker removed at the end; an unfinished import deleted by its two key ranges.

use indexed_db_futures::error::Error as IdbError;
use indexed_db_futures::prelude::*;
use indexed_db_futures::KeyRange;
use wasm_bindgen::JsValue;

use super::encode::{customer_key, customer_value, event_key, event_value, to_json};
use super::{write_failure, IndexedDbStore, JsFailure, CUSTOMERS, EVENTS, META};
use crate::domain::import_plan::{ImportBatch, ImportId};
use crate::store::{Durability, StoreError};

/// The `meta` key of the marker of an import not finished.
pub(super) const IMPORT_KEY: &str = "import";

impl IndexedDbStore {
    /// One batch: the marker, its events and records `add`ed (an id stored already fails the
    /// batch), committed with relaxed durability: the marker stays until the strict
    /// transaction of [`IndexedDbStore::write_finish_import`], so a batch lost in a crash is
    /// an unfinished import, undone, never a half-written one taken for finished.
    pub(super) async fn write_import_batch(&self, batch: &ImportBatch) -> Result<(), StoreError> {
        let mut events = Vec::with_capacity(batch.customers.len() * 2);
        let mut customers = Vec::with_capacity(batch.customers.len());
        for imported in &batch.customers {
            for event in &imported.events {
                events.push((event_key(event), event_value(event)?));
            }
            customers.push((customer_key(imported.customer.id), customer_value(&imported.customer)?));
        }
        let marker = JsValue::from_str(&to_json(&batch.import)?);
        let (tx, sys) = self.write_tx(&[EVENTS, CUSTOMERS, META], Durability::Relaxed)?;
        // A refused `add` aborts the transaction and fails every request behind it; the outcome
        // is read from the commit (as in `commit.rs`), not from each request's error.
        sys.set_onerror(None);
        let issued = (|| -> Result<(), IdbError> {
            tx.object_store(META)?.put(&marker).with_key(JsValue::from_str(IMPORT_KEY)).without_key_type().primitive()?;
            let log = tx.object_store(EVENTS)?;
            for (key, value) in &events {
                log.add(value).with_key(key).without_key_type().primitive()?;
            }
            let records = tx.object_store(CUSTOMERS)?;
            for (key, value) in &customers {
                records.add(value).with_key(key).without_key_type().primitive()?;
            }
            Ok(())
        })();
        if let Err(error) = issued {
            Self::roll_back(tx, &sys).await;
            return Err(self.write_error(JsFailure::from_idb(&error)));
        }
        tx.commit().await.map_err(|error| self.write_error(write_failure(&sys, &error)))
    }

    /// Removes the marker, strictly durable: from then on the import is the shop's.
    pub(super) async fn write_finish_import(&self, import: ImportId) -> Result<(), StoreError> {
        if self.read_pending_import().await? != Some(import) {
            return Ok(());
        }
        // The import's batches write no dashboard deltas (issue 12): its facts are marked for a
        // rebuild from the log first; should the marker's removal fail after, they are only
        // rebuilt for nothing.
        self.invalidate_dash().await?;
        let (tx, sys) = self.write_tx(&[META], Durability::Strict)?;
        let failed = |error: IdbError| self.write_error(write_failure(&sys, &error));
        tx.object_store(META).map_err(failed)?.delete(JsValue::from_str(IMPORT_KEY)).primitive().map_err(failed)?;
        self.finish(tx, &sys).await
    }

    /// Deletes every event and record the import made (their ids share its prefix, so two key
    /// ranges) and the marker, in one transaction.
    pub(super) async fn write_abandon_import(&self, import: ImportId) -> Result<(), StoreError> {
        // A dashboard rebuilt while the import was half-written may have counted its rows.
        self.invalidate_dash().await?;
        let (low, high) = import.key_range();
        let range = || KeyRange::Bound(JsValue::from_str(&low), false, JsValue::from_str(&high), false);
        let (tx, sys) = self.write_tx(&[EVENTS, CUSTOMERS, META], Durability::Strict)?;
        let failed = |error: IdbError| self.write_error(write_failure(&sys, &error));
        tx.object_store(EVENTS).map_err(failed)?.delete::<JsValue, _>(range()).primitive().map_err(failed)?;
        tx.object_store(CUSTOMERS).map_err(failed)?.delete::<JsValue, _>(range()).primitive().map_err(failed)?;
        tx.object_store(META).map_err(failed)?.delete(JsValue::from_str(IMPORT_KEY)).primitive().map_err(failed)?;
        self.finish(tx, &sys).await
    }

    pub(super) async fn read_pending_import(&self) -> Result<Option<ImportId>, StoreError> {
        import_marker(self.get(META, &JsValue::from_str(IMPORT_KEY)).await?)
    }
}

/// The import marker as stored (JSON text), if any.
pub(super) fn import_marker(value: Option<JsValue>) -> Result<Option<ImportId>, StoreError> {
    match value {
        Some(value) => {
            let text = value.as_string().ok_or_else(|| StoreError::Corrupt("import marker: not text".into()))?;
            serde_json::from_str(&text).map(Some).map_err(|error| StoreError::Corrupt(format!("import marker: {error}")))
        }
        None => Ok(None),
    }
}

/// The benchmark's plain-JavaScript comparison (`bench/import.mjs`): every value an import
/// batch writes, as `[store, key, value]` triples, exactly as [`IndexedDbStore::write_import_batch`]
/// encodes them.
#[cfg(any(feature = "bench", test))]
pub fn encoded_import_for_benchmark(batch: &ImportBatch) -> Result<js_sys::Array, StoreError> {
    let values = js_sys::Array::new();
    for imported in &batch.customers {
        for event in &imported.events {
            values.push(&js_sys::Array::of3(&JsValue::from_str(EVENTS), &event_key(event), &event_value(event)?));
        }
        values.push(&js_sys::Array::of3(&JsValue::from_str(CUSTOMERS), &customer_key(imported.customer.id), &customer_value(&imported.customer)?));
    }
    Ok(values)
}
