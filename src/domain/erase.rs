//! "Delete personal data": a customer who asks to be forgotten is. Their name, phone, birthday
//! and notes are taken out of every entry of the log that holds them and out of their record;
//! the customer is removed (a `CustomerRemoved` event, so they leave the search index and
//! exports, and their number is free again); their anonymous stamps and visits stay, so the
//! shop's figures do not change.
//!
//! This is the one place the log is changed after it was written: the law asks for the data to
//! go, and an entry that keeps a name is the data. Only the profile inside `CustomerAdded` and
//! `CustomerEdited` entries is replaced; ids, clocks, counts and every other entry stay, so folds,
//! merges and restores work as before. A backup made before the erasure still holds the details;
//! every backup and export made after it does not.

use chrono::{DateTime, Utc};

use super::customer::{Customer, CustomerProfile};
use super::event::{Actor, Event, EventKind};
use super::hlc::Clock;
use super::ids::{CustomerId, EventId};
use super::phone::{Country, Phone};

/// What an erased customer's entries and record keep instead of their details: no name, no
/// birthday, no notes, and a number that is nobody's. A stored phone must be a valid number of
/// the country (it is checked whenever it is read), so the number is the first valid one of
/// the plan (India 60000 00000, Bangladesh 01300 000000), which no operator gives out.
pub fn erased_profile(country: Country) -> CustomerProfile {
    let number = match country {
        Country::India => "6000000000",
        Country::Bangladesh => "01300000000",
    };
    let phone = Phone::parse(number, country).expect("the placeholder is a valid number of its country");
    CustomerProfile { name: String::new(), phone, birthday: None, notes: String::new(), extras: Default::default() }
}

/// Whether a profile is the erased one (for screens that must not show an empty name).
pub fn is_erased(profile: &CustomerProfile) -> bool {
    profile.name.is_empty() && profile.notes.is_empty() && profile.birthday.is_none()
}

/// An erasure, planned: the customer's entries that held their details, with the details
/// replaced; the removal entry (none when the customer was removed already); and the record
/// folded from the erased log, with `rev`.
#[derive(Clone, Debug, PartialEq)]
pub struct Erasure {
    /// The entries to write over the stored ones (same ids).
    pub redacted: Vec<Event>,
    /// The removal to add, unless the customer was already removed.
    pub removal: Option<Event>,
    /// The customer's record after the erasure.
    pub record: Customer,
}

/// Plans erasing `customer` from their own entries (`log`, in any order), whatever their
/// visits: unlike "Remove customer" (a mistake undone), this is the customer's request. The
/// shop's `country` picks the placeholder number; the removal entry gets `event_id` and the
/// next time of `clock`.
pub fn plan_erasure(customer: CustomerId, log: &[Event], country: Country, clock: &mut Clock, event_id: EventId, now: DateTime<Utc>, rev: u64) -> Erasure {
    let erased = erased_profile(country);
    let mut events: Vec<Event> = log.iter().filter(|event| event.kind.customer() == Some(customer)).cloned().collect();
    let mut redacted = Vec::new();
    for event in &mut events {
        let profile = match &mut event.kind {
            EventKind::CustomerAdded { profile, .. } | EventKind::CustomerEdited { profile, .. } => profile,
            _ => continue,
        };
        if *profile != erased {
            *profile = erased.clone();
            redacted.push(event.clone());
        }
    }
    let removed = events.iter().any(|event| matches!(event.kind, EventKind::CustomerRemoved { .. }));
    let removal = (!removed).then(|| Event::new(event_id, clock, now, Actor::Owner, EventKind::CustomerRemoved { customer }));
    events.extend(removal.clone());
    let mut record = Customer::fold(customer, events.iter());
    record.rev = rev;
    Erasure { redacted, removal, record }
}

#[cfg(test)]
#[path = "erase_tests.rs"]
mod tests;
