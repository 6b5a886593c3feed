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

use super::commit_values::CommitValues;
use super::encode::{customer_key, customer_value, event_key, event_value, from_json, snapshot_value, to_json, Encoded};
use super::follow_ups::{follow_up_key, follow_up_value, FOLLOW_UPS};
use super::versions::{put_replaced, stored_rev, Version};
use super::{write_failure, IndexedDbStore, CUSTOMERS, EVENTS, META, SHOP_KEY, SNAPSHOT_KEY, VERSIONS};
use crate::domain::follow_up::FollowUp;
use crate::domain::{Customer, CustomerId, Event, EventId, ShopState};
use crate::store::{Commit, Durability, IndexSnapshot, StoreError};

impl IndexedDbStore {
    /// One counter action: its event and records in one transaction.
    ///
    /// The writes refuse a repeat or a stale change by themselves, so `commit()` is called as
    /// soon as they are issued, with no read to wait for: the event is `add`ed under its id (a
    /// repeat fails), and a change planned from a stored record `add`s that version's entry to
    /// the ledger of replaced versions ([`super::versions`]; a second change from the same
    /// version fails). A failing `add` aborts the whole transaction, so nothing is written.
    /// Only then does a read in a second transaction say why: the event was stored already
    /// (`Ok(false)`), or the record is no longer the one the change was planned from
    /// ([`StoreError::Stale`]); if it still is (its rev was written twice), the checked write
    /// decides.
    pub(super) async fn commit_one(&self, commit: &Commit, durability: Durability) -> Result<bool, StoreError> {
        let values = CommitValues::of(commit)?;
        let has_dash = self.has_dash();
        match self.write_at_once(&values, commit.base_rev.is_some(), has_dash, durability).await? {
            Ok(()) => Ok(true),
            Err(failure) if failure.name == "ConstraintError" => {
                // Only now are the values made as JS values, for the reads and the checked write.
                let encoded = Encoded::of(&values, has_dash);
                let version = encoded.version.as_ref();
                let (repeat, stored) = self.read_why_refused(&encoded).await?;
                match commit.base_rev {
                    _ if repeat => Ok(false),
                    Some(base) if stored != Some(base) => Err(StoreError::Stale),
                    _ => self.write_checked(commit, &encoded, version, durability).await,
                }
            }
            Err(failure) => Err(self.write_error(failure)),
        }
    }

    /// Why a commit was refused: whether its event is stored, and the stored record's `rev`.
    async fn read_why_refused(&self, encoded: &Encoded) -> Result<(bool, Option<u64>), StoreError> {
        let tx = self.read_tx(&[EVENTS, CUSTOMERS])?;
        let read = |error: IdbError| self.read_error(&error);
        let stored = tx.object_store(EVENTS).map_err(read)?.count().with_query(encoded.key.clone()).primitive().map_err(read)?;
        let record = match &encoded.customer {
            Some((key, _)) => Some(tx.object_store(CUSTOMERS).map_err(read)?.get::<JsValue, JsValue, _>(key.clone()).primitive().map_err(read)?),
            None => None,
        };
        let repeat = stored.await.map_err(read)? > 0;
        let rev = match record {
            Some(record) => stored_rev(record.await.map_err(read)?.as_ref()),
            None => None,
        };
        Ok((repeat, rev))
    }

    /// The commit with its checks read inside the transaction: whether the event is stored, and
    /// the stored record's `rev`; the writes (the ledger entry as `put`) are queued behind them
    /// and the outcome is decided when the checks answer. Only for a change the ledger refused
    /// although its record is current, so it costs the round trip only then.
    async fn write_checked(&self, commit: &Commit, encoded: &Encoded, version: Option<&Version>, durability: Durability) -> Result<bool, StoreError> {
        let (tx, sys) = self.write_tx(&encoded.stores(), durability)?;
        let failed = |error: IdbError| self.write_error(write_failure(&sys, &error));
        {
            let events = tx.object_store(EVENTS).map_err(failed)?;
            let stored = events.count().with_query(encoded.key.clone()).primitive().map_err(failed)?;
            let base = match (commit.base_rev, &encoded.customer) {
                (Some(base), Some((key, _))) => {
                    Some((base, tx.object_store(CUSTOMERS).map_err(failed)?.get::<JsValue, JsValue, _>(key.clone()).primitive().map_err(failed)?))
                }
                _ => None,
            };
            events.put(&encoded.event).with_key(&encoded.key).without_key_type().primitive().map_err(failed)?;
            if let (Some((key, value)), Some(version)) = (&encoded.customer, version) {
                tx.object_store(VERSIONS).map_err(failed)?.put(&version.value).with_key(&version.key).without_key_type().primitive().map_err(failed)?;
                tx.object_store(CUSTOMERS).map_err(failed)?.put(value).with_key(key).without_key_type().primitive().map_err(failed)?;
            }
            if let Some(shop) = &encoded.shop {
                tx.object_store(META).map_err(failed)?.put(shop).with_key(JsValue::from_str(SHOP_KEY)).without_key_type().primitive().map_err(failed)?;
            }
            if let Some((key, value)) = &encoded.follow_up {
                tx.object_store(FOLLOW_UPS).map_err(failed)?.put(value).with_key(key).without_key_type().primitive().map_err(failed)?;
            }
            if let Some((key, value)) = &encoded.dash {
                tx.object_store(super::dash::DASH).map_err(failed)?.put(value).with_key(key).without_key_type().primitive().map_err(failed)?;
            }
            let repeat = stored.await.map_err(failed)? > 0;
            let stale = match base {
                Some((base, record)) => stored_rev(record.await.map_err(failed)?.as_ref()) != Some(base),
                None => false,
            };
            if repeat || stale {
                drop(events);
                Self::roll_back(tx, &sys).await;
                return if repeat { Ok(false) } else { Err(StoreError::Stale) };
            }
        }
        self.finish(tx, &sys).await?;
        Ok(true)
    }

    /// Many commits in one transaction (demo shop, import, benchmark seeding).
    pub(super) async fn commit_many(&self, commits: &[Commit], durability: Durability) -> Result<(), StoreError> {
        self.commit_many_checked(commits, durability, false).await
    }

    /// [`IndexedDbStore::commit_many`]; with `check_base` (received events of a sync), the whole
    /// batch is refused as [`StoreError::Stale`] when a customer's stored record is not the one
    /// its commits were planned from. The check reads the records inside the same transaction,
    /// before anything is written.
    pub(super) async fn commit_many_checked(&self, commits: &[Commit], durability: Durability, check_base: bool) -> Result<(), StoreError> {
        if commits.is_empty() {
            return Ok(());
        }
        // Events are encoded up front, skipping repeats within the batch (the first one wins).
        let mut seen = HashSet::new();
        let unique: Vec<&Commit> = commits.iter().filter(|commit| seen.insert(commit.event.id)).collect();
        let events_encoded: Vec<(JsValue, JsValue)> =
            unique.iter().map(|commit| Ok((event_key(&commit.event), event_value(&commit.event)?))).collect::<Result<_, StoreError>>()?;
        let has_dash = self.has_dash();
        let mut stores = vec![EVENTS, CUSTOMERS, VERSIONS, META, FOLLOW_UPS];
        if has_dash {
            stores.push(super::dash::DASH);
        }
        let (tx, sys) = self.write_tx(&stores, durability)?;
        let failed = |error: IdbError| self.write_error(write_failure(&sys, &error));
        let mut stale = false;
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
            // A batch's questions and complaints were planned without the stored items (a
            // sync's received events, an import): each stored item takes the batch's events in.
            let mut follow_up_events: BTreeMap<EventId, Vec<(&FollowUp, &Event)>> = BTreeMap::new();
            for (commit, _) in unique.iter().zip(&fresh).filter(|(_, fresh)| **fresh) {
                if let Some(item) = &commit.follow_up {
                    follow_up_events.entry(item.id).or_default().push((item, &commit.event));
                }
                if let Some(shop) = &commit.shop {
                    last_shop = Some(shop);
                }
            }
            // Every record of a new event, also those of further commits of the same event (a
            // merge of duplicates writes the records of the whole group).
            let new_events: HashSet<EventId> = unique.iter().zip(&fresh).filter(|(_, fresh)| **fresh).map(|(commit, _)| commit.event.id).collect();
            // A repeat of an event with the same customer's record keeps the first one's.
            let mut taken: HashSet<(EventId, CustomerId)> = HashSet::new();
            for commit in commits.iter().filter(|commit| new_events.contains(&commit.event.id)) {
                if let Some(customer) = commit.customer.as_ref().filter(|customer| taken.insert((commit.event.id, customer.id))) {
                    last_customer.insert(customer.id, customer);
                }
            }
            // Each record replaced is marked so in the ledger of versions, so a change planned
            // from it before the batch is refused (the stored records are read all at once).
            let customers = tx.object_store(CUSTOMERS).map_err(failed)?;
            let versions = tx.object_store(VERSIONS).map_err(failed)?;
            let keys: Vec<JsValue> = last_customer.keys().map(|id| customer_key(*id)).collect();
            let reads = keys
                .iter()
                .map(|key| customers.get::<JsValue, JsValue, _>(key.clone()).primitive())
                .collect::<Result<Vec<_>, IdbError>>()
                .map_err(failed)?;
            let mut stored_values = Vec::with_capacity(keys.len());
            for read in reads {
                stored_values.push(read.await.map_err(failed)?);
            }
            if check_base {
                stale = last_customer.keys().zip(&stored_values).any(|(id, stored)| {
                    let base = commits.iter().find(|commit| commit.customer.as_ref().is_some_and(|customer| customer.id == *id)).and_then(|commit| commit.base_rev);
                    stored_rev(stored.as_ref()) != base
                });
            }
            if !stale {
                for ((key, value), fresh) in events_encoded.iter().zip(&fresh) {
                    if *fresh {
                        events.add(value).with_key(key).without_key_type().primitive().map_err(failed)?;
                    }
                }
                // Every new event's delta for the dashboard, each from its own commit's record;
                // a big batch marks the facts for a rebuild instead (`batch_writes_deltas`).
                if has_dash {
                    let dash = tx.object_store(super::dash::DASH).map_err(failed)?;
                    if crate::store::dash::batch_writes_deltas(unique.iter().zip(&fresh).filter(|(_, fresh)| **fresh).map(|(commit, _)| &commit.event)) {
                        for (commit, _) in unique.iter().zip(&fresh).filter(|(_, fresh)| **fresh) {
                            if let Some((key, value)) = super::dash::delta_entry(commit) {
                                dash.put(value).with_key(key).without_key_type().primitive().map_err(failed)?;
                            }
                        }
                    } else {
                        super::dash::mark_incomplete(&dash).map_err(failed)?;
                    }
                }
                for ((key, stored), customer) in keys.iter().zip(&stored_values).zip(last_customer.values()) {
                    put_replaced(&versions, key, stored.as_ref(), customer.rev).await.map_err(failed)?;
                    customers.put(customer_value(customer)?).with_key(key).without_key_type().primitive().map_err(failed)?;
                }
                if !follow_up_events.is_empty() {
                    let follow_ups = tx.object_store(FOLLOW_UPS).map_err(failed)?;
                    let reads = follow_up_events
                        .keys()
                        .map(|id| follow_ups.get::<JsValue, JsValue, _>(follow_up_key(*id)).primitive())
                        .collect::<Result<Vec<_>, IdbError>>()
                        .map_err(failed)?;
                    let mut stored_items = Vec::with_capacity(reads.len());
                    for read in reads {
                        stored_items.push(read.await.map_err(failed)?);
                    }
                    for (events, stored) in follow_up_events.values().zip(stored_items) {
                        let item = merged_follow_up(stored.as_ref(), events)?;
                        follow_ups.put(follow_up_value(&item)?).with_key(follow_up_key(item.id)).without_key_type().primitive().map_err(failed)?;
                    }
                }
            }
            if let Some(shop) = last_shop.filter(|_| !stale) {
                let meta = tx.object_store(META).map_err(failed)?;
                meta.put(JsValue::from_str(&to_json(shop)?)).with_key(JsValue::from_str(SHOP_KEY)).without_key_type().primitive().map_err(failed)?;
            }
        }
        if stale {
            Self::roll_back(tx, &sys).await;
            return Err(StoreError::Stale);
        }
        self.finish(tx, &sys).await
    }

    /// Writes `value` under `key` in the meta store, strictly durable (the staff book).
    pub(super) async fn put_meta(&self, key: &str, value: &JsValue) -> Result<(), StoreError> {
        let (tx, sys) = self.write_tx(&[META], Durability::Strict)?;
        let failed = |error: IdbError| self.write_error(write_failure(&sys, &error));
        tx.object_store(META).map_err(failed)?.put(value).with_key(JsValue::from_str(key)).without_key_type().primitive().map_err(failed)?;
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
        let records = Materialized::encode(shop, customers)?;
        let (tx, sys) = self.write_tx(&[CUSTOMERS, VERSIONS, META], Durability::Strict)?;
        let failed = |error: IdbError| self.write_error(write_failure(&sys, &error));
        records.replace(&tx).await.map_err(failed)?;
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
        let (tx, sys) = self.write_tx(&[CUSTOMERS, VERSIONS], Durability::Strict)?;
        let failed = |error: IdbError| self.write_error(write_failure(&sys, &error));
        let written = {
            let store = tx.object_store(CUSTOMERS).map_err(failed)?;
            let versions = tx.object_store(VERSIONS).map_err(failed)?;
            let reads = encoded
                .iter()
                .map(|(key, _)| store.get::<JsValue, JsValue, _>(key.clone()).primitive())
                .collect::<Result<Vec<_>, IdbError>>()
                .map_err(failed)?;
            let mut stored = Vec::with_capacity(reads.len());
            for read in reads {
                stored.push(read.await.map_err(failed)?);
            }
            let mut written = 0;
            for (((key, value), stored), customer) in encoded.iter().zip(stored).zip(customers) {
                if stored.as_ref().is_none_or(|value| from_json::<Customer>(value, "customer").is_err()) {
                    // The damaged version is marked replaced, so a change a tab planned from
                    // it before the damage is refused.
                    put_replaced(&versions, key, stored.as_ref(), customer.rev).await.map_err(failed)?;
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

/// Every materialized record encoded for [`Materialized::replace`], before a transaction starts.
pub(super) struct Materialized {
    shop: Option<String>,
    revs: BTreeMap<String, u64>,
    customers: Vec<(JsValue, JsValue)>,
}

impl Materialized {
    pub(super) fn encode(shop: Option<&ShopState>, customers: &[Customer]) -> Result<Materialized, StoreError> {
        let shop = shop.map(to_json).transpose()?;
        let revs = customers.iter().map(|customer| (customer.id.0.to_hex(), customer.rev)).collect();
        let customers =
            customers.iter().map(|customer| Ok((customer_key(customer.id), customer_value(customer)?))).collect::<Result<_, StoreError>>()?;
        Ok(Materialized { shop, revs, customers })
    }

    /// Replaces the shop record and every customer record inside `tx` (which covers the
    /// customers, versions and meta stores).
    pub(super) async fn replace(&self, tx: &indexed_db_futures::transaction::Transaction<'_>) -> Result<(), IdbError> {
        let store = tx.object_store(CUSTOMERS)?;
        // Every stored record is replaced (or removed, written as rev 0): the ledger of
        // versions says so, so a change planned from one of them is refused.
        let keys = store.get_all_keys::<JsValue>().primitive()?;
        let values = store.get_all::<JsValue>().primitive()?;
        let keys = keys.await?.collect::<Result<Vec<JsValue>, IdbError>>()?;
        let values = values.await?.collect::<Result<Vec<JsValue>, IdbError>>()?;
        let versions = tx.object_store(VERSIONS)?;
        for (key, value) in keys.iter().zip(&values) {
            let rev = key.as_string().and_then(|hex| self.revs.get(&hex).copied()).unwrap_or(0);
            put_replaced(&versions, key, Some(value), rev).await?;
        }
        store.clear()?;
        for (key, value) in &self.customers {
            store.put(value).with_key(key).without_key_type().primitive()?;
        }
        let meta = tx.object_store(META)?;
        let shop_key = JsValue::from_str(SHOP_KEY);
        match &self.shop {
            Some(shop) => drop(meta.put(JsValue::from_str(shop)).with_key(shop_key).without_key_type().primitive()?),
            None => drop(meta.delete(shop_key).primitive()?),
        }
        Ok(())
    }
}

/// The item a batch leaves: the stored item (when there is one) with each of the batch's
/// events about it folded in, else the batch's last planned copy.
fn merged_follow_up(stored: Option<&JsValue>, events: &[(&FollowUp, &Event)]) -> Result<FollowUp, StoreError> {
    let (last, _) = events.last().ok_or_else(|| StoreError::Corrupt("follow-up: no event".into()))?;
    let Some(stored) = stored else { return Ok((*last).clone()) };
    let mut item: FollowUp = from_json(stored, "follow-up")?;
    for (planned, event) in events {
        item.absorb(planned, event);
    }
    Ok(item)
}
