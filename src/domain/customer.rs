//! A customer's card, folded from that customer's events.
//!
//! The record is bounded: a [`Checkpoint`] of counts for everything older than its horizon, the
//! most recent stamps and redemptions in clock order ([`Recent`], at most [`RECENT_LEN`], which
//! is what undo can reach), and undos whose target has not arrived yet. The profile is
//! last-writer-wins by hybrid logical clock.
//!
//! [`Customer::fold`] is the whole truth: it takes the events in any order, with repeats, and
//! gives the same customer. [`Customer::apply`] folds one more event into a stored record; an
//! event older than the horizon cannot be folded in incrementally and is reported as
//! [`ApplyOutcome::NeedsRebuild`] (fold the customer's log again). Each event is applied to a
//! stored record once: the store writes the event id in the same transaction and refuses a
//! repeat, rolling the record back. `apply` is also idempotent on its own for the events the
//! record still holds (recent ones, the current profile, recorded undos).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::cards::CardState;
use super::error::DomainError;
use super::event::{Event, EventKind};
use super::hlc::Hlc;
use super::ids::{CustomerId, EventId};
use super::money::Money;
use super::phone::{Country, Phone};
use super::shop::validate_name;

/// The longest notes, in characters.
pub const MAX_NOTES_CHARS: usize = 500;

/// What the shop knows about a customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerProfile {
    /// The name the staff call the customer by.
    pub name: String,
    /// The customer's mobile number, E.164.
    pub phone: Phone,
    /// For greetings, when the customer shared it.
    #[serde(default, with = "crate::domain::iso_date::optional")]
    pub birthday: Option<NaiveDate>,
    /// Preferences such as "less sugar".
    pub notes: String,
    /// How to address them, anniversary, usual purchase, tags (see `know.rs`); absent in
    /// profiles written before it.
    #[serde(default, skip_serializing_if = "super::know::ProfileExtras::is_empty")]
    pub extras: super::know::ProfileExtras,
}

impl CustomerProfile {
    /// Builds a profile from what the clerk typed, checking every field.
    pub fn from_form(
        name: &str,
        phone: &str,
        birthday: Option<NaiveDate>,
        notes: &str,
        country: Country,
        today: NaiveDate,
    ) -> Result<CustomerProfile, DomainError> {
        validate_name(name)?;
        let phone = Phone::parse(phone, country)?;
        if birthday.is_some_and(|day| day > today) {
            return Err(DomainError::BirthdayInFuture);
        }
        let notes = notes.trim();
        if notes.chars().count() > MAX_NOTES_CHARS {
            return Err(DomainError::NotesTooLong { max: MAX_NOTES_CHARS });
        }
        Ok(CustomerProfile { name: name.trim().to_owned(), phone, birthday, notes: notes.to_owned(), extras: Default::default() })
    }
}


// The record's bounded history: recent stamps and redemptions one by one, the counts of
// everything older, and undos still waiting for their target.
#[path = "customer_history.rs"]
mod history;
pub use history::{Checkpoint, Contribution, PendingVoid, Recent, RECENT_LEN};

/// What [`Customer::apply`] did with an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApplyOutcome {
    /// The event was folded in.
    Applied,
    /// The event is not about this customer, or the record already holds it.
    Unchanged,
    /// The event (or an undo's target) is older than the record's horizon: fold the customer's
    /// whole log with [`Customer::fold`] instead. The record was not changed.
    NeedsRebuild,
}

/// A customer's materialized state, stored next to the event log and updated in the same
/// transaction as each event. Stored as compact JSON (see `record.rs`), which also reads records
/// of the previous version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "super::record::StoredCustomer", try_from = "super::record::StoredCustomer")]
pub struct Customer {
    /// The customer's id.
    pub id: CustomerId,
    /// Known once the `CustomerAdded` (or an edit) has arrived.
    pub profile: Option<CustomerProfile>,
    /// The clock of the event that set the profile.
    pub profile_hlc: Option<Hlc>,
    /// When the customer joined.
    pub joined_at: Option<DateTime<Utc>>,
    /// Counts of everything older than the recent stamps and redemptions.
    pub checkpoint: Checkpoint,
    /// The latest stamps and redemptions, in clock order, at most [`RECENT_LEN`].
    pub recent: Vec<Recent>,
    /// Undos whose target has not arrived.
    pub pending_voids: Vec<PendingVoid>,
    /// How many distinct events of this customer were folded in; grows by one with every
    /// counter action, whatever order events arrive in.
    pub event_count: u32,
    /// Local write sequence, set by the device that stores the record; lets start-up find the
    /// records changed since the last search-index snapshot.
    pub rev: u64,
    /// The removal that took the customer out (the smallest id, if several did). A tombstone:
    /// events arriving after it are still folded in, but the customer stays removed.
    pub removed_by: Option<EventId>,
    /// The latest year a birthday reward was given (the largest, whatever the order).
    pub birthday_rewarded: Option<i32>,
    /// Messages (issue 11): consent, how they want messages, the promotional messages sent.
    pub messaging: super::messages::Messaging,
    /// Import (issue 13): the opening balances folded into the checkpoint, sorted, so a repeat
    /// is known.
    pub openings: Vec<EventId>,
    /// Referrals (`referral.rs`): who brought this customer, fixed when they joined.
    pub referred_by: Option<CustomerId>,
    /// Referrals: for each friend whose bonus is on this card (this customer's own id for the
    /// bonus they got as the friend), the event that counts.
    pub referrals: BTreeMap<CustomerId, EventId>,
    /// Merging duplicates (issue 14, `merge.rs`): the customer whose card this one was merged
    /// into; set only by the group fold. A merged customer is out like a removed one.
    pub merged_into: Option<CustomerId>,
    /// Merging duplicates: the customers merged into this card (whose logs its fold takes),
    /// sorted; set only by the group fold.
    pub merged: Vec<CustomerId>,
}

/// The numbers a clerk sees for a customer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardSummary {
    /// Stamps on the current (not yet full) card.
    pub stamps_on_card: u32,
    /// The size of the current card (the program's when none is started).
    pub card_size: u32,
    /// Full cards waiting to be redeemed.
    pub rewards_ready: u32,
    /// Stamps earned minus stamps redeemed.
    pub balance: u32,
    /// Visits that earned stamps.
    pub visits: u32,
    /// The latest visit.
    pub last_visit: Option<DateTime<Utc>>,
    /// Rewards redeemed so far.
    pub rewards_redeemed: u32,
}

impl Customer {
    /// A customer with no events yet.
    pub fn empty(id: CustomerId) -> Customer {
        Customer {
            id,
            profile: None,
            profile_hlc: None,
            joined_at: None,
            checkpoint: Checkpoint::default(),
            recent: Vec::new(),
            pending_voids: Vec::new(),
            event_count: 0,
            rev: 0,
            removed_by: None,
            birthday_rewarded: None,
            messaging: Default::default(),
            openings: Vec::new(),
            referred_by: None,
            referrals: BTreeMap::new(),
            merged_into: None,
            merged: Vec::new(),
        }
    }

    /// Folds a set of events (in any order, with repeats; other customers' events are skipped)
    /// into a customer. This is the rebuild path when [`Customer::apply`] cannot fold an event in.
    pub fn fold<'a>(id: CustomerId, events: impl IntoIterator<Item = &'a Event>) -> Customer {
        let mut unique: BTreeMap<EventId, &Event> = BTreeMap::new();
        for event in events {
            if event.kind.customer() == Some(id) {
                unique.insert(event.id, event);
            }
        }
        let mut sorted: Vec<&Event> = unique.into_values().collect();
        // Undos first, so that every stamp and redemption is known to be voided when it is
        // folded in (they may fall behind the horizon before their undo comes up in clock
        // order); then opening balances, which fill the card before any stamp; then everything
        // in clock order, the order cards are filled in.
        let rank = |kind: &EventKind| match kind {
            EventKind::EventVoided { .. } | EventKind::OwnerVoided { .. } => 0,
            EventKind::OpeningBalance { .. } => 1,
            _ => 2,
        };
        super::sort::sort_by_key(&mut sorted, |event| (rank(&event.kind), event.hlc, event.id));
        let mut customer = Customer::empty(id);
        // Which referral bonus counts for each friend is known before any is folded in.
        customer.referrals = super::referral::winners(id, sorted.iter().copied());
        for event in sorted {
            // Cannot be `NeedsRebuild`: every stamp or redemption comes after the horizon, and
            // every undo comes before any of them.
            customer.apply(event);
        }
        customer
    }

    /// Folds one event into this record (see the module doc for the once-only guarantee).
    pub fn apply(&mut self, event: &Event) -> ApplyOutcome {
        if event.kind.customer() != Some(self.id) {
            return ApplyOutcome::Unchanged;
        }
        match &event.kind {
            EventKind::CustomerAdded { profile, welcome_stamps, card_size, referred_by, .. } => {
                if self.profile_hlc == Some(event.hlc) || self.holds(event.id) {
                    return ApplyOutcome::Unchanged;
                }
                if *welcome_stamps > 0 {
                    let welcome = Contribution::Stamps { stamps: *welcome_stamps, visit: false, bill: None, card_size: *card_size };
                    let outcome = self.insert(event, welcome);
                    if outcome != ApplyOutcome::Applied {
                        return outcome;
                    }
                } else {
                    self.event_count = self.event_count.saturating_add(1);
                }
                self.set_profile(profile, event.hlc);
                // One referrer per customer; the smaller id should two joinings ever arrive.
                self.referred_by = match (self.referred_by, *referred_by) {
                    (Some(known), Some(new)) => Some(known.min(new)),
                    (known, new) => known.or(new),
                };
                if self.joined_at.is_none_or(|joined| event.at < joined) {
                    self.joined_at = Some(event.at);
                }
                ApplyOutcome::Applied
            }
            EventKind::CustomerEdited { profile, .. } => {
                if self.profile_hlc == Some(event.hlc) {
                    return ApplyOutcome::Unchanged;
                }
                self.set_profile(profile, event.hlc);
                self.event_count = self.event_count.saturating_add(1);
                ApplyOutcome::Applied
            }
            EventKind::StampsAdded { stamps, bill, card_size, same_visit, .. } => {
                let contribution = Contribution::Stamps { stamps: *stamps, visit: !*same_visit, bill: *bill, card_size: *card_size };
                self.insert(event, contribution)
            }
            EventKind::RewardRedeemed { stamps_used, .. } => self.insert(event, Contribution::Redemption { stamps_used: *stamps_used }),
            EventKind::EventVoided { target, target_hlc, .. } => self.void_with(event, *target, *target_hlc),
            EventKind::CustomerRemoved { .. } => {
                if self.removed_by == Some(event.id) {
                    return ApplyOutcome::Unchanged;
                }
                // The smallest id wins, so the same events give the same record in any order.
                self.removed_by = Some(self.removed_by.map_or(event.id, |by| by.min(event.id)));
                self.event_count = self.event_count.saturating_add(1);
                ApplyOutcome::Applied
            }
            // Hear them out (issue 10): an apology's stamps go through the stamp path (not a
            // visit), so they are counted once by event id and can be undone like a stamp.
            EventKind::ComplaintUpdated { apology: Some(apology), .. } => {
                let contribution = Contribution::Stamps { stamps: apology.stamps, visit: false, bill: None, card_size: Some(apology.card_size) };
                self.insert(event, contribution)
            }
            EventKind::FeedbackGiven { .. } | EventKind::QuestionAnswered { .. } | EventKind::ComplaintOpened { .. } | EventKind::ComplaintUpdated { .. } => {
                ApplyOutcome::Unchanged
            }
            EventKind::BirthdayRewarded { year, stamps, card_size, .. } => {
                // Kept as a recent entry (no visit) like welcome stamps, so a repeat is known and
                // the stamps fill the card in clock order; a gift handed over has no stamps.
                let outcome = self.insert(event, Contribution::Stamps { stamps: *stamps, visit: false, bill: None, card_size: *card_size });
                if outcome == ApplyOutcome::Applied {
                    self.birthday_rewarded = self.birthday_rewarded.max(Some(*year));
                }
                outcome
            }
            EventKind::ShopConfigured { .. } | EventKind::ProgramChanged { .. } | EventKind::ShopEdited { .. } | EventKind::Unknown => {
                ApplyOutcome::Unchanged
            }
            EventKind::PerksChanged { .. } => ApplyOutcome::Unchanged,
            // Messages (issue 11): each preference last-writer-wins, the sends a bounded set.
            // Not counted in `event_count` (the card sequence): they change no card, and an
            // older write that loses cannot be told from a repeat, so counting them would make
            // the count depend on arrival order.
            EventKind::MessagingChanged { .. } | EventKind::MessageSent { .. } => {
                if self.messaging.apply(event) {
                    ApplyOutcome::Applied
                } else {
                    ApplyOutcome::Unchanged
                }
            }
            EventKind::OpeningBalance { stamps, visits, card_size, .. } => self.open_balance(event.id, *stamps, *visits, *card_size),
            EventKind::ReferralRewarded { friend, stamps, card_size, .. } => self.apply_referral(event, *friend, *stamps, *card_size),
            // The owner's corrections (`owner_fix.rs`): a bonus is stamps that are not a visit, a
            // void an undo that reaches any age (an old target makes the store fold the log).
            EventKind::BonusStampsGiven { stamps, card_size, .. } => self.insert(event, Contribution::Stamps { stamps: *stamps, visit: false, bill: None, card_size: Some(*card_size) }),
            EventKind::OwnerVoided { target, target_hlc, .. } => self.void_with(event, *target, Some(*target_hlc)),
            // Merging duplicates: which card is kept depends on every merge of the group, so one
            // customer's fold cannot decide it; `merge::fold_with_merges` does.
            EventKind::CustomersMerged { .. } => ApplyOutcome::Unchanged,
        }
    }

    /// Import (issue 13): an opening balance goes straight into the checkpoint's counts, so it
    /// fills the card before every stamp, whatever its clock. Once the checkpoint holds stamps
    /// (a horizon), adding it there would put it after them: the log is folded again instead,
    /// where opening balances come first ([`Customer::fold`]).
    fn open_balance(&mut self, id: EventId, stamps: u32, visits: u32, card_size: u32) -> ApplyOutcome {
        let Err(position) = self.openings.binary_search(&id) else {
            return ApplyOutcome::Unchanged;
        };
        if self.checkpoint.horizon.is_some() {
            return ApplyOutcome::NeedsRebuild;
        }
        self.openings.insert(position, id);
        if stamps > 0 {
            self.checkpoint.cards.add_stamps(stamps, Some(card_size));
        }
        self.checkpoint.stamps_earned = self.checkpoint.stamps_earned.saturating_add(u64::from(stamps));
        self.checkpoint.visits = self.checkpoint.visits.saturating_add(visits);
        self.event_count = self.event_count.saturating_add(1);
        ApplyOutcome::Applied
    }

    pub(super) fn holds(&self, id: EventId) -> bool {
        self.recent.iter().any(|recent| recent.id == id)
    }

    pub(super) fn behind_horizon(&self, hlc: Hlc, id: EventId) -> bool {
        self.checkpoint.horizon.is_some_and(|horizon| (hlc, id) <= (horizon, self.checkpoint.horizon_id))
    }

    fn set_profile(&mut self, profile: &CustomerProfile, hlc: Hlc) {
        if self.profile_hlc.is_none_or(|current| current < hlc) {
            self.profile = Some(profile.clone());
            self.profile_hlc = Some(hlc);
        }
    }

    /// Puts a stamp or redemption in its place in clock order.
    pub(super) fn insert(&mut self, event: &Event, contribution: Contribution) -> ApplyOutcome {
        if self.holds(event.id) {
            return ApplyOutcome::Unchanged;
        }
        if self.behind_horizon(event.hlc, event.id) {
            return ApplyOutcome::NeedsRebuild;
        }
        let voided_by = self.pending_voids.iter().position(|pending| pending.target == event.id).map(|index| self.pending_voids.remove(index).by);
        let recent = Recent { id: event.id, hlc: event.hlc, at: event.at, contribution, voided_by };
        let position = self.recent.partition_point(|other| (other.hlc, other.id) < (event.hlc, event.id));
        self.recent.insert(position, recent);
        self.event_count = self.event_count.saturating_add(1);
        self.compact();
        ApplyOutcome::Applied
    }

    fn void_with(&mut self, event: &Event, target: EventId, target_hlc: Option<Hlc>) -> ApplyOutcome {
        let slot = match self.recent.iter_mut().find(|recent| recent.id == target) {
            Some(recent) => &mut recent.voided_by,
            None => match self.pending_voids.iter_mut().find(|pending| pending.target == target) {
                Some(pending) => {
                    if pending.by == event.id {
                        return ApplyOutcome::Unchanged;
                    }
                    pending.by = pending.by.min(event.id);
                    self.event_count = self.event_count.saturating_add(1);
                    return ApplyOutcome::Applied;
                }
                None => {
                    // The target is not held: either not arrived yet, or already folded into
                    // the counts. Its clock (or, for older undos, the undo's own) tells which.
                    let behind = match target_hlc {
                        Some(hlc) => self.behind_horizon(hlc, target),
                        None => self.behind_horizon(event.hlc, event.id),
                    };
                    if behind {
                        return ApplyOutcome::NeedsRebuild;
                    }
                    // Kept sorted by target, so the same events give the same record.
                    let position = self.pending_voids.partition_point(|pending| pending.target < target);
                    self.pending_voids.insert(position, PendingVoid { target, by: event.id, target_hlc });
                    self.event_count = self.event_count.saturating_add(1);
                    return ApplyOutcome::Applied;
                }
            },
        };
        if *slot == Some(event.id) {
            return ApplyOutcome::Unchanged;
        }
        *slot = Some(slot.map_or(event.id, |by| by.min(event.id)));
        self.event_count = self.event_count.saturating_add(1);
        ApplyOutcome::Applied
    }

    /// Folds the oldest recent entries into the checkpoint until [`RECENT_LEN`] are left, and
    /// forgets undos whose target (not arrived) is now behind the horizon: if it ever arrives,
    /// it cannot be folded in incrementally anyway, and the log has the undo.
    pub(super) fn compact(&mut self) {
        let excess = self.recent.len().saturating_sub(RECENT_LEN);
        if excess == 0 {
            return;
        }
        for old in self.recent.drain(..excess) {
            if old.voided_by.is_none() {
                self.checkpoint.count(&old);
            }
            self.checkpoint.horizon = Some(old.hlc);
            self.checkpoint.horizon_id = old.id;
        }
        if let Some(horizon) = self.checkpoint.horizon {
            let horizon = (horizon, self.checkpoint.horizon_id);
            self.pending_voids.retain(|pending| pending.target_hlc.is_none_or(|hlc| (hlc, pending.target) > horizon));
        }
    }

    /// The counts with every recent stamp and redemption (except `without`) folded in.
    fn totals(&self, without: Option<EventId>) -> Checkpoint {
        let mut totals = self.checkpoint.clone();
        for recent in &self.recent {
            if recent.voided_by.is_none() && Some(recent.id) != without {
                totals.count(recent);
            }
        }
        totals
    }

    /// The counts with every recent entry folded in: visits, spend, the latest visit times.
    pub fn visit_totals(&self) -> Checkpoint {
        self.totals(None)
    }

    /// The cards, before the current program is known (what the search index keeps).
    pub fn cards(&self) -> CardState {
        self.totals(None).cards
    }

    /// The order of this customer's cards: grows with every event folded in, whatever the
    /// device clocks say, so of two cards of one customer the one with the higher sequence is
    /// newer.
    pub fn card_sequence(&self) -> u32 {
        self.event_count
    }

    /// Stamps ever earned (not undone).
    pub fn stamps_earned(&self) -> u64 {
        self.totals(None).stamps_earned
    }

    /// Stamps spent on rewards (not undone), at the prices of their time.
    pub fn stamps_used(&self) -> u64 {
        self.totals(None).stamps_used
    }

    /// Sum of the bills of stamped visits (per-amount programs).
    pub fn bill_total(&self) -> Money {
        self.totals(None).bill_total
    }

    /// Stamps earned and not yet spent; never negative, even if two offline devices both
    /// redeemed the same card (that conflict is for the owner to see, not to hide in a minus).
    pub fn balance(&self) -> u32 {
        self.stamps_earned().saturating_sub(self.stamps_used()).min(u64::from(u32::MAX)) as u32
    }

    /// Cards filled so far, redeemed or not (`stamps_per_reward` sizes stamps that recorded no
    /// size); fewer than the redemptions only after two devices redeemed the same card offline.
    pub fn cards_filled(&self, stamps_per_reward: u32) -> u32 {
        self.totals(None).cards.resolve(stamps_per_reward).completed
    }

    /// The numbers shown at the counter. `stamps_per_reward` is the current program's: it sizes
    /// a card not started yet and stamps written before cards kept their size.
    pub fn summary(&self, stamps_per_reward: u32) -> CardSummary {
        let totals = self.totals(None);
        let cards = totals.cards.resolve(stamps_per_reward);
        CardSummary {
            stamps_on_card: cards.stamps_on_card,
            card_size: cards.card_size,
            rewards_ready: cards.rewards_ready,
            balance: totals.stamps_earned.saturating_sub(totals.stamps_used).min(u64::from(u32::MAX)) as u32,
            visits: totals.visits,
            last_visit: totals.last_visit,
            rewards_redeemed: totals.cards.redeemed,
        }
    }

    /// The customer's name, or an empty text while only later events have arrived.
    pub fn name(&self) -> &str {
        self.profile.as_ref().map_or("", |profile| profile.name.as_str())
    }
}

// The rules that turn a counter action on this customer into an event, or refuse it.
#[path = "customer_actions.rs"]
mod actions;

#[cfg(test)]
#[path = "customer_tests.rs"]
mod tests;
