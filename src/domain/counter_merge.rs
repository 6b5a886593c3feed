//! The counter's side of merging duplicate customers (`merge.rs`): one `CustomersMerged` event
//! and the records of every customer of both groups, written in one strict transaction (the
//! merged customer's change, the others as its linked changes) against each record's `rev`. A
//! child of `counter.rs` so that it plans through the same private helpers (clock, revisions,
//! in-flight changes).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::{Change, Counter};
use crate::domain::customer::Customer;
use crate::domain::error::DomainError;
use crate::domain::event::Event;
use crate::domain::ids::{CustomerId, EventId};
use crate::domain::merge::{fold_with_merges, group_needed, merge};

impl Counter {
    /// Plans merging `merged` into `kept`. `records` holds the stored records of both customers
    /// and of every customer already merged into either (`Customer::merged`); `logs` the events
    /// of all of them, read AFTER the records (a change in between makes a record's `rev` stale
    /// and the store refuses the whole write).
    pub fn plan_merge(&mut self, kept: CustomerId, merged: CustomerId, records: &[Customer], logs: &[Event], event_id: EventId, now: DateTime<Utc>) -> Result<Change, DomainError> {
        let records: BTreeMap<CustomerId, Customer> = crate::domain::btree::map_of(records.iter().map(|record| (record.id, record.clone())));
        let (Some(keep), Some(take)) = (records.get(&kept), records.get(&merged)) else {
            return Err(DomainError::CustomerRemoved);
        };
        let kind = merge(keep, take)?;
        let event = self.event(event_id, now, kind);
        let group = group_needed(&event, &records).unwrap_or_default();
        let mut folded = fold_with_merges(logs.iter().chain([&event]));
        let mut changes: Vec<Change> = Vec::with_capacity(group.len());
        for id in group {
            let Some(mut customer) = folded.remove(&id) else { continue };
            customer.rev = self.next_rev(now);
            self.in_flight.insert(customer.rev);
            let base_rev = records.get(&id).map(|record| record.rev);
            changes.push(Change { event: event.clone(), customer: Some(customer), shop: None, base_rev, follow_up: None, linked: Vec::new() });
        }
        // The event is the merged customer's (`EventKind::customer`): its change carries the
        // others as linked changes of the same event, all written or none.
        let position = changes.iter().position(|change| change.customer.as_ref().is_some_and(|customer| customer.id == merged)).ok_or(DomainError::CustomerRemoved)?;
        let mut main = changes.remove(position);
        main.linked = changes;
        Ok(main)
    }
}
