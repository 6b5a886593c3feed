//! The counter's side of the owner's corrections (`owner_fix.rs`): bonus stamps and voiding an
//! old event, planned like every other action (one event and the customer record, written in one
//! strict transaction against the record's `rev`). A child of `counter.rs` so that it plans
//! through the same private helpers (clock, revisions, in-flight changes).

use chrono::{DateTime, Utc};

use super::{Change, Counter};
use crate::domain::customer::Customer;
use crate::domain::error::DomainError;
use crate::domain::event::Event;
use crate::domain::ids::EventId;
use crate::domain::owner_fix::{bonus, owner_void};

impl Counter {
    /// Plans the owner's bonus stamps for `current`, with the reason.
    pub fn plan_bonus_stamps(&mut self, current: &Customer, stamps: u32, reason: &str, event_id: EventId, now: DateTime<Utc>) -> Result<Change, DomainError> {
        let kind = bonus(current, stamps, reason, self.shop.program.stamps_per_reward)?;
        let event = self.event(event_id, now, kind);
        self.customer_change(current, Some(current.rev), event, now)
    }

    /// Plans the owner voiding `target`, however old. `log` is the customer's whole log (with the
    /// logs of the customers merged into their card, `Customer::merged`), read AFTER `current` (so it holds everything the record does; a change in between makes the
    /// record's `rev` stale and the store refuses the write). The record is folded again from the
    /// log with the void, since an old target is no longer in the record's recent entries.
    pub fn plan_owner_void(&mut self, current: &Customer, log: &[Event], target: EventId, reason: &str, event_id: EventId, now: DateTime<Utc>) -> Result<Change, DomainError> {
        if current.is_removed() {
            return Err(DomainError::CustomerRemoved);
        }
        let kind = owner_void(current.id, log, target, reason, self.shop.program.stamps_per_reward)?;
        let event = self.event(event_id, now, kind);
        // A kept card of merged duplicates is the fold of the whole group: `log` then holds the
        // logs of the customers merged into it too (`merge.rs`).
        let mut customer = crate::domain::merge::fold_card(current.id, log.iter().chain([&event]));
        customer.rev = self.next_rev(now);
        self.in_flight.insert(customer.rev);
        Ok(Change { event, customer: Some(customer), shop: None, base_rev: Some(current.rev), follow_up: None, linked: Vec::new() })
    }
}
