//! The counter's working state and the rules of every counter action, as plain data.
//!
//! Each action is planned here as a [`Change`]: the new event plus the records it produces.
//! The shell writes the change to storage in one transaction and only after that commits calls
//! [`Counter::committed`], so what the screen shows is never ahead of what is saved.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};

use super::customer::{ApplyOutcome, Customer, CustomerProfile};
use super::error::DomainError;
use super::event::{Actor, Event, EventKind};
use super::hlc::{Clock, ClockAhead, Hlc};
use super::ids::{CustomerId, DeviceId, EventId};
use super::money::Money;
use super::phone::Phone;
use super::program::Program;
use super::search::{SearchHit, SearchIndex};
use super::shop::{ShopProfile, ShopState};

#[path = "counter_know.rs"]
mod counter_know;
// Messages (issue 11).
#[path = "counter_messages.rs"]
mod counter_messages;
// Referrals (issue 10).
#[path = "counter_referral.rs"]
mod counter_referral;

// The owner's corrections (issue 10): bonus stamps and voiding an old event.
#[path = "counter_owner_fix.rs"]
mod counter_owner_fix;
// Merging duplicate customers (issue 14).
#[path = "counter_merge.rs"]
mod counter_merge;

/// One event and the materialized records it produces, written together or not at all.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// The new event, appended to the log.
    pub event: Event,
    /// The customer record after folding the event in, when the event is about a customer.
    pub customer: Option<Customer>,
    /// The shop record after folding the event in, when the event is about the shop.
    pub shop: Option<ShopState>,
    /// The `rev` of the customer record this change was planned from (`None` for a new
    /// customer, or a change not about a customer). The store refuses the write when the stored
    /// record's `rev` differs: another tab changed the customer since, and its change would be
    /// overwritten.
    pub base_rev: Option<u64>,
    /// The question or complaint after folding the event in, when the event is about one
    /// (issue 10): the store keeps it beside the log, in the same transaction.
    pub follow_up: Option<super::follow_up::FollowUp>,
    /// Referrals (issue 10): more changes written in the same strict transaction, all or
    /// nothing (the bonus of a friend's first stamp, on both cards). Usually empty.
    pub linked: Vec<Change>,
}

/// What the clerk typed into the customer form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CustomerForm {
    /// Required.
    pub name: String,
    /// Required; normalized with the shop's country code.
    pub phone: String,
    /// Optional.
    pub birthday: Option<NaiveDate>,
    /// Preferences, e.g. "less sugar".
    pub notes: String,
    /// "Call them", anniversary, usually buys, tags (`know.rs`).
    pub extras: super::know::ProfileExtras,
    /// Referrals: who brought them (found with `Counter::find_referrer`), if anyone.
    pub referred_by: Option<CustomerId>,
}

/// The shop, this device's clock and the search index: everything the counter keeps in memory.
#[derive(Clone, Debug)]
pub struct Counter {
    shop: ShopState,
    clock: Clock,
    index: SearchIndex,
    /// The highest record revision handed out (planned, committed or not).
    last_rev: u64,
    /// The highest record revision committed.
    committed_rev: u64,
    /// Revisions planned and neither committed nor abandoned yet.
    in_flight: BTreeSet<u64>,
    actor: Actor,
    /// Set when start-up saw a stored clock too far ahead of the wall clock.
    clock_warning: Option<ClockAhead>,
    /// Customer records written since the search-index snapshot was last saved.
    changes_since_snapshot: usize,
    /// Import (issue 13): the revision up to which records written by the owner's screens
    /// were read into the index (`counter_import.rs`).
    seen_rev: u64,
    /// Customers whose records start-up could not decode and that are not repaired yet: no
    /// snapshot is saved meanwhile (see [`Counter::note_awaiting_repair`]).
    awaiting_repair: BTreeSet<CustomerId>,
}

/// How many customer records may change after the index snapshot before a new one is due:
/// start-up reads each of them on top of the snapshot, so the count stays small.
pub const SNAPSHOT_AFTER_CHANGES: usize = 200;

impl Counter {
    /// The counter of an existing shop, as loaded at start-up; `last_rev` is the highest record
    /// revision the loaded index includes.
    pub fn new(shop: ShopState, clock: Clock, index: SearchIndex, last_rev: u64) -> Counter {
        Counter {
            shop,
            clock,
            index,
            last_rev,
            committed_rev: last_rev,
            in_flight: BTreeSet::new(),
            actor: Actor::Owner,
            clock_warning: None,
            changes_since_snapshot: 0,
            seen_rev: last_rev,
            awaiting_repair: BTreeSet::new(),
        }
    }

    /// Notes that start-up refused to follow a stored clock far ahead of the wall clock, for
    /// the shell to show ("this tablet's clock or data is ahead by N hours").
    pub fn note_clock_warning(&mut self, warning: Option<ClockAhead>) {
        self.clock_warning = warning;
    }

    /// The clock warning noted at start-up, if any.
    pub fn clock_warning(&self) -> Option<ClockAhead> {
        self.clock_warning
    }

    /// Plans the first event of a new shop.
    pub fn plan_set_up(
        profile: ShopProfile,
        program: Program,
        clock: &mut Clock,
        event_id: EventId,
        now: DateTime<Utc>,
    ) -> Result<Change, DomainError> {
        profile.validate()?;
        program.validate()?;
        let profile = ShopProfile { name: profile.name.trim().to_owned(), ..profile };
        let event = Event::new(event_id, clock, now, Actor::Owner, EventKind::ShopConfigured { profile, program, demo: false });
        let shop = ShopState::from_event(&event);
        Ok(Change { event, customer: None, shop, base_rev: None, follow_up: None, linked: Vec::new() })
    }

    /// The shop as it is now.
    pub fn shop(&self) -> &ShopState {
        &self.shop
    }

    /// This device (its clock's), which every event planned here names.
    pub fn device(&self) -> DeviceId {
        self.clock.device()
    }

    /// The program in force for new stamps.
    pub fn program(&self) -> &Program {
        &self.shop.program
    }

    /// The search index.
    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    /// The watermark of a search-index snapshot taken now: the highest committed record
    /// revision below every revision still in flight. The index holds only committed changes,
    /// so a snapshot must not claim a revision planned earlier and not committed yet (after a
    /// restart, start-up reads only the records above the watermark).
    pub fn snapshot_watermark(&self) -> u64 {
        match self.in_flight.first() {
            Some(&oldest) => self.committed_rev.min(oldest.saturating_sub(1)),
            None => self.committed_rev,
        }
    }

    /// Notes how many customer records start-up read on top of the index snapshot.
    pub fn note_changes_since_snapshot(&mut self, changes: usize) {
        self.changes_since_snapshot = changes;
    }

    /// Notes the customers whose records start-up could not decode, waiting for their repair
    /// (`session::Started::damaged`). Until [`Counter::repaired`] names them all, no snapshot
    /// is due: a damaged record may not be in the index (nor in the stored `rev` order, when
    /// its value is garbage), and a snapshot saved without it would keep the next start from
    /// finding it again should the repair never happen (the on-demand bundle that repairs it
    /// could not be loaded).
    pub fn note_awaiting_repair(&mut self, damaged: &[CustomerId]) {
        self.awaiting_repair.extend(damaged.iter().copied());
    }

    /// Notes that the records of `customers` were repaired (written back by whichever
    /// connection came first).
    pub fn repaired(&mut self, customers: &[CustomerId]) {
        for id in customers {
            self.awaiting_repair.remove(id);
        }
    }

    /// Whether the shell should save a fresh index snapshot (in the background).
    pub fn snapshot_due(&self) -> bool {
        self.awaiting_repair.is_empty() && self.changes_since_snapshot >= SNAPSHOT_AFTER_CHANGES
    }

    /// Notes that a snapshot of the index as it is now was saved.
    pub fn snapshot_saved(&mut self) {
        self.changes_since_snapshot = 0;
    }

    /// Customers matching what the clerk typed.
    pub fn search(&self, query: &str, limit: usize) -> Vec<SearchHit<'_>> {
        self.index.search(query, limit)
    }

    /// A record revision later than every earlier one on this device. Based on the clock so
    /// that two tabs writing at once are unlikely to reuse a revision.
    fn next_rev(&mut self, now: DateTime<Utc>) -> u64 {
        let from_clock = (now.timestamp_millis().max(0) as u64).saturating_mul(1_000);
        self.last_rev = from_clock.max(self.last_rev + 1);
        self.last_rev
    }

    fn event(&mut self, event_id: EventId, now: DateTime<Utc>, kind: EventKind) -> Event {
        Event::new(event_id, &mut self.clock, now, self.actor, kind)
    }

    fn customer_change(&mut self, current: &Customer, base_rev: Option<u64>, event: Event, now: DateTime<Utc>) -> Result<Change, DomainError> {
        // A removed customer cannot be opened; a screen left open in another window cannot
        // stamp or edit them either.
        if current.is_removed() {
            return Err(DomainError::CustomerRemoved);
        }
        let mut customer = current.clone();
        if customer.apply(&event) == ApplyOutcome::NeedsRebuild {
            // A new event sorts before the record's horizon only when the record holds events
            // stamped by a clock that ran ahead (this clock refuses to follow them).
            return Err(DomainError::HistoryAheadOfClock);
        }
        customer.rev = self.next_rev(now);
        self.in_flight.insert(customer.rev);
        Ok(Change { event, customer: Some(customer), shop: None, base_rev, follow_up: None, linked: Vec::new() })
    }

    fn refuse_taken_phone(&self, profile: &CustomerProfile, except: Option<CustomerId>) -> Result<(), DomainError> {
        match self.index.find_phone(profile.phone.as_str()) {
            Some(existing) if Some(existing.id) != except => Err(DomainError::PhoneTaken { existing: existing.id }),
            _ => Ok(()),
        }
    }

    /// Plans adding a customer, with the program's welcome stamps.
    pub fn plan_new_customer(
        &mut self,
        form: &CustomerForm,
        customer_id: CustomerId,
        event_id: EventId,
        now: DateTime<Utc>,
    ) -> Result<Change, DomainError> {
        let mut profile = self.profile_from(form, None, now)?;
        super::know::time_birthday(&mut profile, None, now);
        // Before the phone check: a customer naming themselves is told so, not that the
        // number is taken.
        let referred_by = self.referrer_for(form, &profile)?;
        self.refuse_taken_phone(&profile, None)?;
        let welcome_stamps = self.shop.program.welcome_stamps;
        let card_size = Some(self.shop.program.stamps_per_reward);
        let event = self.event(event_id, now, EventKind::CustomerAdded { customer: customer_id, profile, welcome_stamps, card_size, referred_by });
        self.customer_change(&Customer::empty(customer_id), None, event, now)
    }

    /// Plans correcting a customer's details.
    pub fn plan_edit_customer(
        &mut self,
        current: &Customer,
        form: &CustomerForm,
        event_id: EventId,
        now: DateTime<Utc>,
    ) -> Result<Change, DomainError> {
        let saved = current.profile.as_ref().map(|profile| &profile.phone);
        let mut profile = self.profile_from(form, saved, now)?;
        super::know::time_birthday(&mut profile, current.profile.as_ref(), now);
        self.refuse_taken_phone(&profile, Some(current.id))?;
        let event = self.event(event_id, now, EventKind::CustomerEdited { customer: current.id, profile });
        self.customer_change(current, Some(current.rev), event, now)
    }

    /// Reads the form with the shop's country. A `saved` number left as it was is read with its
    /// own country: the shop's country may have changed since, and that never rewrites saved
    /// numbers (nor stops their customer's details from being corrected).
    fn profile_from(&self, form: &CustomerForm, saved: Option<&Phone>, now: DateTime<Utc>) -> Result<CustomerProfile, DomainError> {
        let country = saved.filter(|phone| phone.is_typed_as(&form.phone)).and_then(Phone::country).unwrap_or(self.shop.profile.country);
        let profile = CustomerProfile::from_form(&form.name, &form.phone, form.birthday, &form.notes, country, now.date_naive())?;
        Ok(CustomerProfile { extras: form.extras.clone().cleaned()?, ..profile })
    }

    /// Plans stamping a visit; `bill` is needed when the program earns by amount.
    pub fn plan_stamp(&mut self, current: &Customer, bill: Option<Money>, event_id: EventId, now: DateTime<Utc>) -> Result<Change, DomainError> {
        let mut kind = current.stamp(&self.shop.program, bill)?;
        // A regular's tier adds its bonus stamps to the visit's (`perks.rs`).
        self.add_tier_bonus(current, &mut kind, now);
        let event = self.event(event_id, now, kind);
        self.customer_change(current, Some(current.rev), event, now)
    }

    /// Plans more stamps for a visit already stamped (the clerk confirmed "Add another stamp for
    /// this visit?"): the stamps count, the visit is not counted again.
    pub fn plan_another_stamp(&mut self, current: &Customer, bill: Option<Money>, event_id: EventId, now: DateTime<Utc>) -> Result<Change, DomainError> {
        let kind = current.stamp_visit(&self.shop.program, bill, true)?;
        let event = self.event(event_id, now, kind);
        self.customer_change(current, Some(current.rev), event, now)
    }

    /// Plans a stamp inside the cooldown that the owner allowed (their PIN, or the owner at the
    /// counter): recorded in the event. `same_visit` as for [`Counter::plan_another_stamp`].
    pub fn plan_stamp_overriding_cooldown(
        &mut self,
        current: &Customer,
        bill: Option<Money>,
        same_visit: bool,
        event_id: EventId,
        now: DateTime<Utc>,
    ) -> Result<Change, DomainError> {
        let mut kind = current.stamp_visit(&self.shop.program, bill, same_visit)?;
        if let EventKind::StampsAdded { cooldown_override, .. } = &mut kind {
            *cooldown_override = true;
        }
        let event = self.event(event_id, now, kind);
        self.customer_change(current, Some(current.rev), event, now)
    }

    /// Who is working at the counter now: every event planned from here on records them.
    pub fn set_actor(&mut self, actor: Actor) {
        self.actor = actor;
    }

    /// Who is working at the counter now.
    pub fn actor(&self) -> Actor {
        self.actor
    }

    /// Plans redeeming one ready reward.
    pub fn plan_redeem(&mut self, current: &Customer, event_id: EventId, now: DateTime<Utc>) -> Result<Change, DomainError> {
        let kind = current.redeem(&self.shop.program)?;
        let event = self.event(event_id, now, kind);
        self.customer_change(current, Some(current.rev), event, now)
    }

    /// Plans undoing a stamp or a redemption of this customer.
    pub fn plan_undo(&mut self, current: &Customer, target: EventId, event_id: EventId, now: DateTime<Utc>) -> Result<Change, DomainError> {
        let kind = current.void(target, self.shop.program.stamps_per_reward)?;
        let event = self.event(event_id, now, kind);
        self.customer_change(current, Some(current.rev), event, now)
    }

    /// Plans removing a customer added by mistake (see [`Customer::remove`] for when it is
    /// allowed). Once saved, the customer leaves search and their phone number is free again.
    pub fn plan_remove_customer(&mut self, current: &Customer, event_id: EventId, now: DateTime<Utc>) -> Result<Change, DomainError> {
        let kind = current.remove(now)?;
        let event = self.event(event_id, now, kind);
        self.customer_change(current, Some(current.rev), event, now)
    }

    /// Plans a program change; stamps already earned stay as they are.
    pub fn plan_program_change(&mut self, program: Program, event_id: EventId, now: DateTime<Utc>) -> Result<Change, DomainError> {
        program.validate()?;
        let event = self.event(event_id, now, EventKind::ProgramChanged { program });
        let mut shop = self.shop.clone();
        shop.apply(&event);
        Ok(Change { event, customer: None, shop: Some(shop), base_rev: None, follow_up: None, linked: Vec::new() })
    }

    /// Plans correcting the shop's name or country. Applies from now on: phone numbers and
    /// stamps already saved stay as they are.
    pub fn plan_shop_edit(&mut self, profile: ShopProfile, event_id: EventId, now: DateTime<Utc>) -> Result<Change, DomainError> {
        profile.validate()?;
        let profile = ShopProfile { name: profile.name.trim().to_owned(), ..profile };
        let event = self.event(event_id, now, EventKind::ShopEdited { profile });
        let mut shop = self.shop.clone();
        shop.apply(&event);
        Ok(Change { event, customer: None, shop: Some(shop), base_rev: None, follow_up: None, linked: Vec::new() })
    }

    /// Takes a saved change into the in-memory state. Call only after the store committed it.
    pub fn committed(&mut self, change: &Change) {
        for linked in &change.linked {
            self.committed(linked);
        }
        if let Some(shop) = &change.shop {
            self.shop = shop.clone();
        }
        if let Some(customer) = &change.customer {
            self.in_flight.remove(&customer.rev);
            self.last_rev = self.last_rev.max(customer.rev);
            self.committed_rev = self.committed_rev.max(customer.rev);
            self.changes_since_snapshot += 1;
            self.index.apply_customer(customer);
        }
        // The event's clock came from this counter's clock, which is already past it.
    }

    /// Takes in a shop record saved by the owner's screens, which run in their own bundle with
    /// their own counter over the same database (see `app::owner_bundle`): the program and
    /// profile they saved apply to the next action here, and this clock moves past the clock of
    /// what they wrote, so events planned here stay after theirs.
    pub fn shop_saved_elsewhere(&mut self, shop: ShopState, latest: Option<Hlc>, now: DateTime<Utc>) {
        self.shop = shop;
        if let Some(latest) = latest {
            // A clock far ahead was already refused (and shown) at start-up; it is not followed
            // here either.
            let _ = self.clock.observe(latest, now.timestamp_millis());
        }
    }

    /// Takes a customer record read back from the store (after another window changed it) into
    /// the search index, so search shows what the record says. Only revision allocation moves:
    /// the snapshot watermark stays with this counter's own commits, so a restart re-reads this
    /// record rather than trusting a snapshot to hold it.
    pub fn reloaded(&mut self, customer: &Customer) {
        self.last_rev = self.last_rev.max(customer.rev);
        self.index.apply_customer(customer);
    }

    // Sync (issue 14): records rebuilt from received events (`domain::sync::receive`).

    /// A record revision for a record folded from received events, in flight until the batch
    /// is committed ([`Counter::committed`]) or abandoned.
    pub fn plan_received_rev(&mut self, now: DateTime<Utc>) -> u64 {
        let rev = self.next_rev(now);
        self.in_flight.insert(rev);
        rev
    }

    /// Revisions planned from now on are above `rev`: the copy of the counter that stores a
    /// received batch in the owner's bundle (`session::receive`) plans above the revision the
    /// counter holds for it and above the records it folds.
    pub fn revisions_above(&mut self, rev: u64) {
        self.last_rev = self.last_rev.max(rev);
    }

    /// Forgets a revision held with [`Counter::plan_received_rev`] while the owner's bundle
    /// stored a received batch, once the records it wrote are taken in.
    pub fn release_rev(&mut self, rev: u64) {
        self.in_flight.remove(&rev);
    }

    /// Moves this device's clock past a received event's clock, so the next local event sorts
    /// after it; a clock more than 24 hours ahead is not followed (and returned).
    pub fn observe_received(&mut self, hlc: Hlc, now: DateTime<Utc>) -> Result<(), ClockAhead> {
        self.clock.observe(hlc, now.timestamp_millis())
    }

    /// Forgets a planned change that was not saved (the write failed or was refused), so the
    /// snapshot watermark no longer waits for it.
    pub fn abandoned(&mut self, change: &Change) {
        for linked in &change.linked {
            self.abandoned(linked);
        }
        if let Some(customer) = &change.customer {
            self.in_flight.remove(&customer.rev);
        }
    }
}

// Hear them out (issue 10): planning feedback, questions and complaints.
#[path = "counter_voice.rs"]
mod voice;

// Import (issue 13): planning the imported customers.
#[path = "counter_import.rs"]
mod import;

#[cfg(test)]
#[path = "counter_tests.rs"]
mod tests;
