//! The read-write transactions: a counter action's commit, batches, the index snapshot, the
//! rebuilt records and the meta values written once.
//!
//! Every write here issues its requests, then calls `commit()` and awaits it while it still owns
//! the transaction (the crate aborts a transaction that is dropped), and maps a failed commit
//! through the underlying `IDBTransaction`'s `error`, so a full disk is `QuotaExceeded`.

use std::collections::{BTreeMap, HashSet};

use indexed_db_futures::error::Error as IdbError;
use indexed_db_futures::prelude::*;
use wasm_bindgen::JsValue;

use super::encode::{customer_key, customer_value, encode, event_key, event_value, from_json, snapshot_value, to_json};
use super::{write_failure, IndexedDbStore, CUSTOMERS, EVENTS, META, SHOP_KEY, SNAPSHOT_KEY};
use crate::domain::{Customer, CustomerId, ShopState};
use crate::store::{Commit, Durability, IndexSnapshot, StoreError};

/// The `rev` of a stored customer record (`{ j, r }`), if there is a record and its `r` is a
/// number.
fn stored_rev(record: Option<&JsValue>) -> Option<u64> {
    let rev = js_sys::Reflect::get(record?, &JsValue::from_str("r")).ok()?.as_f64()?;
    (rev >= 0.0 && rev.fract() == 0.0).then_some(rev as u64)
}

impl IndexedDbStore {
    /// One counter action: its event and records in one transaction.
    ///
    /// The checks and the writes are issued at once, in this order, in one read-write
    /// transaction: whether the event is stored already, and — for a change planned from a
    /// stored record — that record's `rev`; then the event, the record and the shop, all as
    /// `put`. Requests run in order, so the checks see the state before the writes, and the
    /// commit costs no round trip before its writes. The outcome is decided when the checks
    /// succeed (the last one's success resumes this future while the transaction is still
    /// active): a repeat or a stale change aborts the transaction, rolling the writes back, and
    /// otherwise `commit()` is called at once. The writes are `put`s, never an `add` that
    /// could fail on a repeat: a failing request would abort the writes behind it and report
    /// through the crate's one-shot transaction `error` listener.
    pub(super) async fn commit_one(&self, commit: &Commit, durability: Durability) -> Result<bool, StoreError> {
        let encoded = encode(commit)?;
        let stores: &[&str] = if encoded.shop.is_some() { &[EVENTS, CUSTOMERS, META] } else { &[EVENTS, CUSTOMERS] };
        let (tx, sys) = self.write_tx(stores, durability)?;
        let failed = |error: IdbError| self.write_error(write_failure(&sys, &error));
        {
            let events = tx.object_store(EVENTS).map_err(failed)?;
            let customers = tx.object_store(CUSTOMERS).map_err(failed)?;
            let stored = events.count().with_query(encoded.key.clone()).primitive().map_err(failed)?;
            let base = match (commit.base_rev, &encoded.customer) {
                (Some(base), Some((key, _))) => Some((base, customers.get::<JsValue, JsValue, _>(key.clone()).primitive().map_err(failed)?)),
                _ => None,
            };
            // The writes, queued behind the checks. Their request futures are dropped at once:
            // the transaction's own outcome reports them.
            events.put(&encoded.event).with_key(&encoded.key).without_key_type().primitive().map_err(failed)?;
            if let Some((key, value)) = &encoded.customer {
                customers.put(value).with_key(key).without_key_type().primitive().map_err(failed)?;
            }
            if let Some(shop) = &encoded.shop {
                let meta = tx.object_store(META).map_err(failed)?;
                meta.put(shop).with_key(JsValue::from_str(SHOP_KEY)).without_key_type().primitive().map_err(failed)?;
            }
            let repeat = stored.await.map_err(failed)? > 0;
            let stale = match base {
                // Only the `r` beside the JSON is read: no parsing on the hot path.
                Some((base, record)) => stored_rev(record.await.map_err(failed)?.as_ref()) != Some(base),
                None => false,
            };
            if repeat || stale {
                drop((events, customers));
                Self::roll_back(tx, &sys).await;
                return if repeat { Ok(false) } else { Err(StoreError::Stale) };
            }
        }
        self.finish(tx, &sys).await?;
        Ok(true)
    }

    /// Many commits in one transaction (demo shop, import, benchmark seeding).
    pub(super) async fn commit_many(&self, commits: &[Commit], durability: Durability) -> Result<(), StoreError> {
        if commits.is_empty() {
            return Ok(());
        }
        // Events are encoded up front, skipping repeats within the batch (the first one wins).
        let mut seen = HashSet::new();
        let unique: Vec<&Commit> = commits.iter().filter(|commit| seen.insert(commit.event.id)).collect();
        let events_encoded: Vec<(JsValue, JsValue)> =
            unique.iter().map(|commit| Ok((event_key(&commit.event), event_value(&commit.event)?))).collect::<Result<_, StoreError>>()?;
        let (tx, sys) = self.write_tx(&[EVENTS, CUSTOMERS, META], durability)?;
        let failed = |error: IdbError| self.write_error(write_failure(&sys, &error));
        {
            let events = tx.object_store(EVENTS).map_err(failed)?;
            // Which events are stored already: all lookups are issued at once and then awaited
            // in order, so the batch pays for one round trip rather than one per event.
            let lookups = events_encoded
                .iter()
                .map(|(key, _)| events.count().with_query(key.clone()).primitive())
                .collect::<Result<Vec<_>, IdbError>>()
                .map_err(failed)?;
            let mut fresh = Vec::with_capacity(lookups.len());
            for lookup in lookups {
                fresh.push(lookup.await.map_err(failed)? == 0);
            }
            // Within one transaction a later put of the same key replaces an earlier one, so
            // only the last record of each customer (and the last shop) among the new commits
            // is encoded and written: a batch of a long history writes each record once.
            let mut last_customer: BTreeMap<CustomerId, &Customer> = BTreeMap::new();
            let mut last_shop: Option<&ShopState> = None;
            for (commit, _) in unique.iter().zip(&fresh).filter(|(_, fresh)| **fresh) {
                if let Some(customer) = &commit.customer {
                    last_customer.insert(customer.id, customer);
                }
                if let Some(shop) = &commit.shop {
                    last_shop = Some(shop);
                }
            }
            for ((key, value), fresh) in events_encoded.iter().zip(&fresh) {
                if *fresh {
                    events.add(value).with_key(key).without_key_type().primitive().map_err(failed)?;
                }
            }
            let customers = tx.object_store(CUSTOMERS).map_err(failed)?;
            for customer in last_customer.values() {
                customers.put(customer_value(customer)?).with_key(customer_key(customer.id)).without_key_type().primitive().map_err(failed)?;
            }
            if let Some(shop) = last_shop {
                let meta = tx.object_store(META).map_err(failed)?;
                meta.put(JsValue::from_str(&to_json(shop)?)).with_key(JsValue::from_str(SHOP_KEY)).without_key_type().primitive().map_err(failed)?;
            }
        }
        self.finish(tx, &sys).await
    }

    pub(super) async fn write_index_snapshot(&self, snapshot: &IndexSnapshot) -> Result<(), StoreError> {
        let value = snapshot_value(snapshot)?;
        // A lost snapshot only costs a slower start-up, so it need not wait for the disk.
        let (tx, sys) = self.write_tx(&[META], Durability::Relaxed)?;
        let failed = |error: IdbError| self.write_error(write_failure(&sys, &error));
        tx.object_store(META).map_err(failed)?.put(value).with_key(JsValue::from_str(SNAPSHOT_KEY)).without_key_type().primitive().map_err(failed)?;
        self.finish(tx, &sys).await
    }

    pub(super) async fn write_materialized(&self, shop: Option<&ShopState>, customers: &[Customer]) -> Result<(), StoreError> {
        let shop = shop.map(to_json).transpose()?;
        let customers: Vec<(JsValue, JsValue)> =
            customers.iter().map(|customer| Ok((customer_key(customer.id), customer_value(customer)?))).collect::<Result<_, StoreError>>()?;
        let (tx, sys) = self.write_tx(&[CUSTOMERS, META], Durability::Strict)?;
        let failed = |error: IdbError| self.write_error(write_failure(&sys, &error));
        {
            let store = tx.object_store(CUSTOMERS).map_err(failed)?;
            store.clear().map_err(failed)?;
            for (key, value) in &customers {
                store.put(value).with_key(key).without_key_type().primitive().map_err(failed)?;
            }
            let meta = tx.object_store(META).map_err(failed)?;
            let shop_key = JsValue::from_str(SHOP_KEY);
            match shop {
                Some(shop) => drop(meta.put(JsValue::from_str(&shop)).with_key(shop_key).without_key_type().primitive().map_err(failed)?),
                None => drop(meta.delete(shop_key).primitive().map_err(failed)?),
            }
        }
        self.finish(tx, &sys).await
    }

    /// Writes rebuilt customer records where the stored one is missing or does not decode,
    /// reading each inside the same transaction, so a record another tab wrote meanwhile is
    /// kept. All reads are issued at once; the writes go out from the last one's success.
    pub(super) async fn write_repairs(&self, customers: &[Customer]) -> Result<usize, StoreError> {
        if customers.is_empty() {
            return Ok(0);
        }
        let encoded: Vec<(JsValue, JsValue)> =
            customers.iter().map(|customer| Ok((customer_key(customer.id), customer_value(customer)?))).collect::<Result<_, StoreError>>()?;
        let (tx, sys) = self.write_tx(&[CUSTOMERS], Durability::Strict)?;
        let failed = |error: IdbError| self.write_error(write_failure(&sys, &error));
        let written = {
            let store = tx.object_store(CUSTOMERS).map_err(failed)?;
            let reads = encoded
                .iter()
                .map(|(key, _)| store.get::<JsValue, JsValue, _>(key.clone()).primitive())
                .collect::<Result<Vec<_>, IdbError>>()
                .map_err(failed)?;
            let mut damaged = Vec::with_capacity(reads.len());
            for read in reads {
                let stored = read.await.map_err(failed)?;
                damaged.push(stored.is_none_or(|value| from_json::<Customer>(&value, "customer").is_err()));
            }
            let mut written = 0;
            for ((key, value), damaged) in encoded.iter().zip(damaged) {
                if damaged {
                    store.put(value).with_key(key).without_key_type().primitive().map_err(failed)?;
                    written += 1;
                }
            }
            written
        };
        self.finish(tx, &sys).await?;
        Ok(written)
    }

    /// Writes `value` under `key` in the meta store unless something is stored there already,
    /// reading and writing in one strict transaction so two tabs cannot both write. Returns
    /// what is stored afterwards: the earlier value, or `value`.
    pub(super) async fn put_meta_if_absent(&self, key: &str, value: &JsValue) -> Result<JsValue, StoreError> {
        let key = JsValue::from_str(key);
        let (tx, sys) = self.write_tx(&[META], Durability::Strict)?;
        let failed = |error: IdbError| self.write_error(write_failure(&sys, &error));
        let kept = {
            let meta = tx.object_store(META).map_err(failed)?;
            let stored = meta.get::<JsValue, JsValue, _>(key.clone()).primitive().map_err(failed)?.await.map_err(failed)?;
            match stored {
                Some(stored) => stored,
                None => {
                    meta.put(value).with_key(&key).without_key_type().primitive().map_err(failed)?;
                    value.clone()
                }
            }
        };
        self.finish(tx, &sys).await?;
        Ok(kept)
    }
}

impl IndexedDbStore {
    /// This device's id: the stored one, read in a read-only transaction, so a start after the
    /// first writes nothing. Only when there is none (the very first start) is `fresh` saved,
    /// in a strict transaction that keeps an id another tab saved a moment earlier (two tabs
    /// starting at once agree on the first one written).
    pub(super) async fn read_or_create_device_id(&self, fresh: crate::domain::DeviceId) -> Result<crate::domain::DeviceId, StoreError> {
        let key = JsValue::from_str(super::DEVICE_KEY);
        let kept = match self.get(META, &key).await? {
            Some(stored) => stored,
            None => self.put_meta_if_absent(super::DEVICE_KEY, &JsValue::from_str(&fresh.0.to_hex())).await?,
        };
        let text = kept.as_string().ok_or_else(|| StoreError::Corrupt("device id is not text".into()))?;
        text.parse().map_err(|error| StoreError::Corrupt(format!("device id: {error}")))
    }
}
