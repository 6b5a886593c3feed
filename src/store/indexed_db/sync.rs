//! What a sync reads and writes (issue 14): the log after a clock through the `hlc` index,
//! which ids it holds, received events in one checked transaction, and the sync's own values
//! (settings, replication logs) in `meta` under `sync:<key>`.

use indexed_db_futures::error::Error as IdbError;
use indexed_db_futures::prelude::*;
use indexed_db_futures::KeyRange;
use wasm_bindgen::JsValue;

use super::encode::{from_json_array, hlc_key};
use super::write_failure;
use super::{IndexedDbStore, EVENTS, META};
use crate::domain::{Event, EventId, Hlc};
use crate::store::{Commit, Durability, StoreError};

fn sync_key(key: &str) -> JsValue {
    JsValue::from_str(&format!("sync:{key}"))
}

impl IndexedDbStore {
    pub(super) async fn read_events_after(&self, after: Option<Hlc>, limit: usize) -> Result<Vec<Event>, StoreError> {
        let tx = self.read_tx(&[EVENTS])?;
        let read = |error: IdbError| self.read_error(&error);
        let events = tx.object_store(EVENTS).map_err(read)?;
        let index = events.index("hlc").map_err(read)?;
        let limit = u32::try_from(limit).unwrap_or(u32::MAX);
        let values = match after {
            Some(hlc) => {
                let range = KeyRange::LowerBound(JsValue::from_str(&hlc_key(&hlc)), true);
                index.get_all::<JsValue>().with_query::<JsValue, _>(range).with_limit(limit).primitive().map_err(read)?.await
            }
            None => index.get_all::<JsValue>().with_limit(limit).primitive().map_err(read)?.await,
        };
        let values = values.map_err(read)?.collect::<Result<Vec<JsValue>, IdbError>>().map_err(read)?;
        from_json_array(&values, "event")
    }

    pub(super) async fn read_count_events_after(&self, after: Option<Hlc>) -> Result<usize, StoreError> {
        let tx = self.read_tx(&[EVENTS])?;
        let read = |error: IdbError| self.read_error(&error);
        let events = tx.object_store(EVENTS).map_err(read)?;
        let index = events.index("hlc").map_err(read)?;
        let count = match after {
            Some(hlc) => {
                let range = KeyRange::LowerBound(JsValue::from_str(&hlc_key(&hlc)), true);
                index.count().with_query::<JsValue, _>(range).primitive().map_err(read)?.await
            }
            None => index.count().primitive().map_err(read)?.await,
        };
        count.map(|count| count as usize).map_err(read)
    }

    pub(super) async fn read_held_events(&self, ids: &[EventId]) -> Result<Vec<EventId>, StoreError> {
        let tx = self.read_tx(&[EVENTS])?;
        let read = |error: IdbError| self.read_error(&error);
        let events = tx.object_store(EVENTS).map_err(read)?;
        // All lookups are issued at once, then awaited in order: one round trip per batch.
        let lookups = ids
            .iter()
            .map(|id| events.count().with_query(JsValue::from_str(&id.0.to_hex())).primitive())
            .collect::<Result<Vec<_>, IdbError>>()
            .map_err(read)?;
        let mut held = Vec::new();
        for (id, lookup) in ids.iter().zip(lookups) {
            if lookup.await.map_err(read)? > 0 {
                held.push(*id);
            }
        }
        Ok(held)
    }

    pub(super) async fn write_received(&self, commits: &[Commit]) -> Result<(), StoreError> {
        self.commit_many_checked(commits, Durability::Strict, true).await
    }

    pub(super) async fn read_sync_value(&self, key: &str) -> Result<Option<String>, StoreError> {
        match self.get(META, &sync_key(key)).await? {
            Some(value) => value.as_string().map(Some).ok_or_else(|| StoreError::Corrupt(format!("sync value {key}: not text"))),
            None => Ok(None),
        }
    }

    pub(super) async fn write_sync_value(&self, key: &str, value: &str) -> Result<(), StoreError> {
        let (tx, sys) = self.write_tx(&[META], Durability::Strict)?;
        let failed = |error: IdbError| self.write_error(write_failure(&sys, &error));
        tx.object_store(META).map_err(failed)?.put(JsValue::from_str(value)).with_key(sync_key(key)).without_key_type().primitive().map_err(failed)?;
        self.finish(tx, &sys).await
    }
}
