//! Sync (issue 14): storing a batch of received events apart from the counter. Sync's engine
//! runs in the owner's bundle with its own connection; it plans each batch with a copy of the
//! counter opened from the store (the shop and the clock, no search index) and commits it in
//! one strict transaction that refuses the whole batch if a record changed since it was
//! planned — a counter action saved meanwhile is never overwritten; the batch is planned again
//! from the new record. The counter then takes the written records in as records written by
//! another connection (`changed_elsewhere`, `Counter::took_in_records`), so the merge folding
//! and the planning never enter the counter's wasm (ARCHITECTURE.md, "Sync").
//!
//! The counter holds one revision in flight for the batch (`Counter::plan_received_rev`)
//! before it is planned and releases it once it has taken the records in: every record of the
//! batch gets a revision above the held one, so a search-index snapshot the counter saves in
//! between never claims records its index does not hold yet.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use super::{open_shop, AppError};
use crate::domain::sync::{plan_received, ReceivedPlan};
use crate::domain::{Change, Counter, CustomerId, DeviceId, Event};
use crate::store::{Store, StoreError};

/// How often a batch is planned again when counter actions keep changing its records.
pub const ATTEMPTS: usize = 5;

/// Why a received batch was not stored; the engine reports it and the session fails (the
/// checkpoint stays before the batch, so the next session receives it again).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReceiveError {
    /// Reading or writing failed; nothing of the batch was written.
    #[error(transparent)]
    App(#[from] AppError),
    /// The shop is not set up on this device.
    #[error("the shop is not set up on this device")]
    NoShop,
    /// Counter actions changed the batch's customers on every attempt.
    #[error("the customers kept changing; trying again with the next sync")]
    KeptChanging,
}

impl From<StoreError> for ReceiveError {
    fn from(error: StoreError) -> Self {
        ReceiveError::App(AppError::Store(error))
    }
}

/// Stores `events` (received, none of them held yet): plans them with a copy of the counter
/// opened from `store` (`device` is this device's id, used only if none is stored), with
/// record revisions above `held` (the counter's held revision, if a counter is open) and above
/// every record they are planned from, and commits them in one strict transaction, again from
/// the start when a record changed meanwhile.
pub async fn store_received<S: Store>(store: &S, events: &[Event], held: Option<u64>, device: DeviceId, now: DateTime<Utc>) -> Result<(), ReceiveError> {
    let customers: BTreeSet<CustomerId> = events.iter().filter_map(|event| event.kind.customer()).collect();
    for _ in 0..ATTEMPTS {
        // A fresh copy for every attempt: the shop and the clock as stored now (a counter
        // action or an owner's save may have moved them since the last one).
        let mut counter = open_shop(store, device, now).await?.ok_or(ReceiveError::NoShop)?;
        let mut records = BTreeMap::new();
        for id in &customers {
            if let Some(record) = store.customer(*id).await? {
                records.insert(*id, record);
            }
        }
        let mut logs = BTreeMap::new();
        let changes: Vec<Change> = loop {
            revisions_above(&mut counter, held, &records);
            match plan_received(&mut counter, events, &records, &logs, now).0 {
                ReceivedPlan::Commits(changes) => break changes,
                ReceivedPlan::NeedsLogs(ids) => {
                    for id in ids {
                        // A merged group's customers are named here before their records are
                        // read (`plan_received`); the record is read before the log.
                        if !records.contains_key(&id) {
                            if let Some(record) = store.customer(id).await? {
                                records.insert(id, record);
                            }
                        }
                        logs.insert(id, store.customer_events(id).await?);
                    }
                }
            }
        };
        match store.commit_received(&changes).await {
            Ok(()) => return Ok(()),
            // A counter action saved to one of these customers first: plan again from it.
            Err(StoreError::Stale) => continue,
            Err(error) => return Err(error.into()),
        }
    }
    Err(ReceiveError::KeptChanging)
}

/// The copy hands out revisions above the counter's held one and above each record's own, so
/// a customer's revision only grows (the copy starts without the counter's revisions).
fn revisions_above(counter: &mut Counter, held: Option<u64>, records: &BTreeMap<CustomerId, crate::domain::Customer>) {
    let highest = records.values().map(|record| record.rev).chain(held).max().unwrap_or(0);
    counter.revisions_above(highest);
}
