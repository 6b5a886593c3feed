//! An import's transactions (issue 13): each batch on its own, under the import's marker in
//! `meta`; the last check and the marker's removal at the end; an unfinished import deleted by
//! its two key ranges.

use indexed_db_futures::cursor::CursorDirection;
use indexed_db_futures::error::Error as IdbError;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::Transaction;
use indexed_db_futures::KeyRange;
use wasm_bindgen::JsValue;

use super::encode::{customer_key, customer_value, event_key, event_value, from_json, to_json};
use super::{write_failure, IndexedDbStore, JsFailure, CUSTOMERS, EVENTS, META};
use crate::domain::import_plan::{Clash, ImportBatch, ImportGuard, ImportId};
use crate::domain::Customer;
use crate::store::{Durability, StoreError};

/// The `meta` key of the marker of an import not finished.
pub(super) const IMPORT_KEY: &str = "import";

/// A batch's keys and values, encoded before its transaction starts (while the batch before
/// it commits, see `store::import`).
pub struct ReadyBatch {
    marker: JsValue,
    events: Vec<(JsValue, JsValue)>,
    customers: Vec<(JsValue, JsValue)>,
}

impl ReadyBatch {
    pub(super) fn encode(batch: &ImportBatch) -> Result<ReadyBatch, StoreError> {
        let mut events = Vec::with_capacity(batch.customers.len() * 2);
        let mut customers = Vec::with_capacity(batch.customers.len());
        for imported in &batch.customers {
            for event in &imported.events {
                events.push((event_key(event), event_value(event)?));
            }
            customers.push((customer_key(imported.customer.id), customer_value(&imported.customer)?));
        }
        Ok(ReadyBatch { marker: JsValue::from_str(&to_json(&batch.import)?), events, customers })
    }
}

impl IndexedDbStore {
    /// One batch: the marker, its events and records `add`ed (an id stored already fails the
    /// batch), committed with relaxed durability: the marker stays until the strict
    /// transaction of [`IndexedDbStore::write_finish_import`], so a batch lost in a crash is
    /// an unfinished import, undone, never a half-written one taken for finished.
    pub(super) async fn write_import_batch(&self, batch: &ReadyBatch) -> Result<(), StoreError> {
        let (tx, sys) = self.write_tx(&[EVENTS, CUSTOMERS, META], Durability::Relaxed)?;
        // A refused `add` aborts the transaction and fails every request behind it; the outcome
        // is read from the commit (as in `commit.rs`), not from each request's error.
        sys.set_onerror(None);
        let issued = (|| -> Result<(), IdbError> {
            tx.object_store(META)?.put(&batch.marker).with_key(JsValue::from_str(IMPORT_KEY)).without_key_type().primitive()?;
            let log = tx.object_store(EVENTS)?;
            for (key, value) in &batch.events {
                log.add(value).with_key(key).without_key_type().primitive()?;
            }
            let records = tx.object_store(CUSTOMERS)?;
            for (key, value) in &batch.customers {
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

    /// The last step, strictly durable: in one transaction, the records written by others since
    /// the preview are read, the imported customers whose phone one of them has now are deleted
    /// again (record and events), and the marker goes: from then on the import is the shop's.
    pub(super) async fn write_finish_import(&self, guard: &ImportGuard) -> Result<Vec<Clash>, StoreError> {
        if self.read_pending_import().await? != Some(guard.import) {
            return Ok(Vec::new());
        }
        // The import's batches write no dashboard deltas (issue 12): its facts are marked for a
        // rebuild from the log first; should the marker's removal fail after, they are only
        // rebuilt for nothing.
        self.invalidate_dash().await?;
        let (tx, sys) = self.write_tx(&[EVENTS, CUSTOMERS, META], Durability::Strict)?;
        let failed = |error: IdbError| self.write_error(write_failure(&sys, &error));
        let others = others_since(&tx, guard).await.map_err(failed)?;
        let clashes = guard.clashes(&others);
        {
            let log = tx.object_store(EVENTS).map_err(failed)?;
            let records = tx.object_store(CUSTOMERS).map_err(failed)?;
            for (_, written) in &clashes {
                records.delete(customer_key(written.customer)).primitive().map_err(failed)?;
                for event in &written.events {
                    log.delete(JsValue::from_str(&event.0.to_hex())).primitive().map_err(failed)?;
                }
            }
            tx.object_store(META).map_err(failed)?.delete(JsValue::from_str(IMPORT_KEY)).primitive().map_err(failed)?;
        }
        self.finish(tx, &sys).await?;
        Ok(clashes.into_iter().map(|(clash, _)| clash).collect())
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

/// The customer records written since the preview by anyone but the import, read in `tx`
/// through the `rev` index: those below the import's one `rev` and above it, and at that `rev`
/// only when a record outside the import's key range has it too (which two cursors, first and
/// last in key order, tell without reading the import's own records). Records that do not
/// decode are left out: start-up rebuilds them, and they name no phone to compare.
async fn others_since(tx: &Transaction<'_>, guard: &ImportGuard) -> Result<Vec<Customer>, IdbError> {
    let number = |rev: u64| JsValue::from_f64(rev as f64);
    let records = tx.object_store(CUSTOMERS)?;
    let index = records.index("rev")?;
    let below = (guard.since < guard.rev)
        .then(|| index.get_all::<JsValue>().with_query::<JsValue, _>(KeyRange::Bound(number(guard.since), true, number(guard.rev), true)).primitive())
        .transpose()?;
    let above = index.get_all::<JsValue>().with_query::<JsValue, _>(KeyRange::LowerBound(number(guard.rev), true)).primitive()?;
    let first = index.open_key_cursor().with_query::<JsValue, _>(KeyRange::Only(number(guard.rev))).primitive()?;
    let last = index.open_key_cursor().with_query::<JsValue, _>(KeyRange::Only(number(guard.rev))).with_direction(CursorDirection::Prev).primitive()?;
    let mut values = Vec::new();
    if let Some(below) = below {
        values.extend(below.await?.collect::<Result<Vec<JsValue>, IdbError>>()?);
    }
    values.extend(above.await?.collect::<Result<Vec<JsValue>, IdbError>>()?);
    let (low, high) = guard.import.key_range();
    let first = match first.await? {
        Some(cursor) => cursor.primary_key::<JsValue>()?.and_then(|key| key.as_string()),
        None => None,
    };
    let last = match last.await? {
        Some(cursor) => cursor.primary_key::<JsValue>()?.and_then(|key| key.as_string()),
        None => None,
    };
    // The import's keys are one contiguous range, so any other record at its `rev` sorts
    // before or after all of them.
    if first.is_some_and(|key| key < low) || last.is_some_and(|key| key > high) {
        let same = index.get_all::<JsValue>().with_query::<JsValue, _>(KeyRange::Only(number(guard.rev))).primitive()?;
        values.extend(same.await?.collect::<Result<Vec<JsValue>, IdbError>>()?);
    }
    Ok(values.iter().filter_map(|value| from_json::<Customer>(value, "customer").ok()).filter(|customer| !guard.import.made(&customer.id.0)).collect())
}

/// The benchmark's plain-JavaScript comparison (`bench/import.mjs`): every value an import
/// batch writes, as `[store, key, value]` triples, exactly as [`ReadyBatch::encode`] encodes
/// them.
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
