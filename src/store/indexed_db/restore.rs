//! The backup's paged read of the log, the restore's one transaction (questions and complaints
//! included) and an erasure's.

use indexed_db_futures::error::Error as IdbError;
use indexed_db_futures::prelude::*;
use wasm_bindgen::JsValue;

use super::commit::Materialized;
use super::encode::{customer_key, customer_value, event_key, event_value, from_json_array, secret_from_js};
use super::follow_ups::{follow_up_key, follow_up_value, FOLLOW_UPS};
use super::versions::put_replaced;
use super::{write_failure, IndexedDbStore, CUSTOMERS, EVENTS, META, SHOP_SECRET_KEY, SNAPSHOT_KEY, VERSIONS};
use crate::domain::{Event, EventId};
use crate::store::{Durability, Restore, StoreError};

impl IndexedDbStore {
    /// Up to `limit` events with keys above `after`'s, in key order, in a read-only transaction
    /// of their own: a backup of a million events reads them page by page, and the counter's
    /// writes go through between pages.
    pub(super) async fn read_events_page(&self, after: Option<EventId>, limit: u32) -> Result<Vec<Event>, StoreError> {
        let values = self.page_values(EVENTS, after.map(|after| JsValue::from_str(&after.0.to_hex())), limit).await?;
        from_json_array(&values, "event")
    }

    /// A restore in one strict transaction: the new events, every record folded again, the
    /// card key if the device has none, and the index snapshot dropped (start-up then rebuilds
    /// the index from the records). A key already stored that is not the file's aborts it all.
    pub(super) async fn write_restore(&self, restore: &Restore) -> Result<(), StoreError> {
        let events: Vec<(JsValue, JsValue)> =
            restore.events.iter().map(|event| Ok((event_key(event), event_value(event)?))).collect::<Result<_, StoreError>>()?;
        let records = Materialized::encode(restore.shop.as_ref(), &restore.customers)?;
        let items: Vec<(JsValue, JsValue)> =
            restore.follow_ups.iter().map(|item| Ok((follow_up_key(item.id), follow_up_value(item)?))).collect::<Result<_, StoreError>>()?;
        let (tx, sys) = self.write_tx(&[EVENTS, CUSTOMERS, VERSIONS, META, FOLLOW_UPS], Durability::Strict)?;
        let failed = |error: IdbError| self.write_error(write_failure(&sys, &error));
        let other_key = {
            let meta = tx.object_store(META).map_err(failed)?;
            let secret_key = JsValue::from_str(SHOP_SECRET_KEY);
            let stored = meta.get::<JsValue, JsValue, _>(secret_key.clone()).primitive().map_err(failed)?.await.map_err(failed)?;
            let stored = secret_from_js(stored)?;
            if stored.is_some_and(|stored| stored != restore.shop_key) {
                true
            } else {
                if stored.is_none() {
                    let secret: JsValue = js_sys::Uint8Array::from(restore.shop_key.as_slice()).into();
                    meta.put(&secret).with_key(&secret_key).without_key_type().primitive().map_err(failed)?;
                }
                meta.delete(JsValue::from_str(SNAPSHOT_KEY)).primitive().map_err(failed)?;
                let log = tx.object_store(EVENTS).map_err(failed)?;
                // `put`, not `add`: an event id is one immutable event, so writing one that
                // arrived meanwhile again changes nothing, where a failing `add` would abort.
                for (key, value) in &events {
                    log.put(value).with_key(key).without_key_type().primitive().map_err(failed)?;
                }
                records.replace(&tx).await.map_err(failed)?;
                // The items folded from the whole merged log replace the stored ones, as the
                // records do: each is the fold of every event about it the device now holds.
                let follow_ups = tx.object_store(FOLLOW_UPS).map_err(failed)?;
                follow_ups.clear().map_err(failed)?;
                for (key, value) in &items {
                    follow_ups.put(value).with_key(key).without_key_type().primitive().map_err(failed)?;
                }
                false
            }
        };
        if other_key {
            Self::roll_back(tx, &sys).await;
            return Err(StoreError::WriteFailed("the device holds another shop's card key".into()));
        }
        self.finish(tx, &sys).await
    }

    /// An erasure in one strict transaction: the redacted entries written over the stored
    /// ones, the removal, the record (its replaced version in the ledger, so a change planned
    /// from the old record is refused), and the index snapshot dropped.
    pub(super) async fn write_erasure(&self, erasure: &crate::domain::erase::Erasure) -> Result<(), StoreError> {
        let events: Vec<(JsValue, JsValue)> = erasure
            .redacted
            .iter()
            .chain(&erasure.removal)
            .map(|event| Ok((event_key(event), event_value(event)?)))
            .collect::<Result<_, StoreError>>()?;
        let (key, value) = (customer_key(erasure.record.id), customer_value(&erasure.record)?);
        let (tx, sys) = self.write_tx(&[EVENTS, CUSTOMERS, VERSIONS, META], Durability::Strict)?;
        let failed = |error: IdbError| self.write_error(write_failure(&sys, &error));
        {
            let log = tx.object_store(EVENTS).map_err(failed)?;
            for (event_key, event_value) in &events {
                log.put(event_value).with_key(event_key).without_key_type().primitive().map_err(failed)?;
            }
            let customers = tx.object_store(CUSTOMERS).map_err(failed)?;
            let stored = customers.get::<JsValue, JsValue, _>(key.clone()).primitive().map_err(failed)?.await.map_err(failed)?;
            let versions = tx.object_store(VERSIONS).map_err(failed)?;
            put_replaced(&versions, &key, stored.as_ref(), erasure.record.rev).await.map_err(failed)?;
            customers.put(&value).with_key(&key).without_key_type().primitive().map_err(failed)?;
            tx.object_store(META).map_err(failed)?.delete(JsValue::from_str(SNAPSHOT_KEY)).primitive().map_err(failed)?;
        }
        self.finish(tx, &sys).await
    }
}
