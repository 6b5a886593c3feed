//! The compact facts the dashboard is computed from: for each customer the day they joined,
//! every stamp, visit and redemption as a half-hour slot, and their cards; for the shop the
//! ratings and the complaints' times. Small enough to read whole for 100 000 customers (a few
//! bytes per event, see `stored.rs`) and kept up to date through the delta each commit writes
//! beside its event (`CustomerDelta`, `ShopDelta`), or folded from the log (`DashFacts::fold`,
//! `FactsFolder`).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::domain::cards::CardState;
use crate::domain::customer::{Contribution, Customer};
use crate::domain::follow_up::Status;
use crate::domain::{CustomerId, Event, EventId, EventKind};

use super::traits::Traits;

/// Minutes in a slot. Time is kept in half-hour slots so that days can be counted in the shop's
/// own time zone when the figures are computed (India is UTC+5:30, Bangladesh UTC+6), without
/// the commit having to know the shop's country.
pub const SLOT_MINUTES: i64 = 30;

/// The half-hour slot (since the Unix epoch, UTC) of a time in milliseconds.
pub fn slot_of_millis(millis: i64) -> i64 {
    millis.div_euclid(SLOT_MINUTES * 60_000)
}

/// What one entry of a customer's history was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum EntryKind {
    /// A visit that earned stamps, with its bill in minor units where one was entered.
    Visit {
        /// Stamps earned.
        stamps: u32,
        /// The bill (per-amount programs).
        bill: Option<i64>,
    },
    /// Stamps that were not a visit: welcome stamps, a second stamp of the same visit, an
    /// apology, a birthday gift.
    Gift {
        /// Stamps given.
        stamps: u32,
    },
    /// A reward redeemed.
    Redeemed,
}

/// One stamp, visit or redemption of a customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Entry {
    /// When, as a half-hour slot (see [`SLOT_MINUTES`]).
    pub slot: i64,
    /// What.
    pub kind: EntryKind,
}

impl Entry {
    /// The entry a counted contribution of a customer's record makes.
    fn of(slot: i64, contribution: &Contribution) -> Entry {
        let kind = match contribution {
            Contribution::Stamps { stamps, visit: true, bill, .. } => EntryKind::Visit { stamps: *stamps, bill: bill.map(|bill| i64::try_from(bill.0).unwrap_or(i64::MAX)) },
            Contribution::Stamps { stamps, visit: false, .. } => EntryKind::Gift { stamps: *stamps },
            Contribution::Redemption { .. } => EntryKind::Redeemed,
        };
        Entry { slot, kind }
    }

    /// Whether this entry is a visit.
    pub fn is_visit(&self) -> bool {
        matches!(self.kind, EntryKind::Visit { .. })
    }
}

/// What the dashboard knows of one customer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerFacts {
    /// The slot they joined in, once their `CustomerAdded` has arrived.
    pub joined: Option<i64>,
    /// Removed as added by mistake: left out of every figure.
    pub removed: bool,
    /// Every stamp, visit and redemption not undone, sorted.
    pub entries: Vec<Entry>,
    /// Their cards (rewards ready are resolved with the program's size when shown).
    pub cards: CardState,
    /// The undone events already taken out of `entries`, so a second undo of the same event
    /// (two devices undoing it offline) takes nothing out twice.
    pub voided: BTreeSet<EventId>,
    /// Their tags, birthday and consent, as their record has them now (what segments filter on).
    pub traits: Traits,
}

impl CustomerFacts {
    fn insert(&mut self, entry: Entry) {
        let position = self.entries.partition_point(|other| *other < entry);
        self.entries.insert(position, entry);
    }

    fn take_out(&mut self, entry: &Entry) {
        if let Ok(position) = self.entries.binary_search(entry) {
            self.entries.remove(position);
        }
    }

    /// The visits, oldest first.
    pub fn visits(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|entry| entry.is_visit())
    }
}

/// One complaint's times, in minutes since the epoch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintTimes {
    /// When it was opened (once the opening has arrived).
    pub opened: Option<i64>,
    /// The earliest update that resolved it.
    pub resolved: Option<i64>,
}

/// What the dashboard knows of the shop as a whole.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopFacts {
    /// Ratings per slot: how many of 1, 2, 3, 4 and 5.
    pub ratings: BTreeMap<i64, [u32; 5]>,
    /// Every complaint by its id.
    pub complaints: BTreeMap<EventId, ComplaintTimes>,
}

impl ShopFacts {
    /// Counts one shop-level event (feedback, complaint). The store calls it once per event
    /// (a repeated event is refused by the commit before it gets here).
    pub fn apply(&mut self, event: &Event) {
        if let Some(delta) = ShopDelta::of(event) {
            delta.apply(self);
        }
    }

    /// Whether the event is one [`ShopFacts::apply`] counts.
    pub fn counts(event: &Event) -> bool {
        ShopDelta::of(event).is_some()
    }
}

/// What one event changes in the shop's facts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ShopDelta {
    /// A rating of 1 to 5 in a slot.
    Rating(i64, u8),
    /// A complaint opened, at a minute.
    Opened(EventId, i64),
    /// A complaint resolved, at a minute.
    Resolved(EventId, i64),
}

impl ShopDelta {
    /// The delta of an event, if it counts for the shop.
    pub fn of(event: &Event) -> Option<ShopDelta> {
        let minutes = event.at.timestamp_millis().div_euclid(60_000);
        match &event.kind {
            EventKind::FeedbackGiven { rating, .. } if (1..=5).contains(rating) => Some(ShopDelta::Rating(slot_of_millis(event.at.timestamp_millis()), *rating)),
            EventKind::ComplaintOpened { .. } => Some(ShopDelta::Opened(event.id, minutes)),
            EventKind::ComplaintUpdated { complaint, status: Status::Resolved, .. } => Some(ShopDelta::Resolved(*complaint, minutes)),
            _ => None,
        }
    }

    /// Counts it (once per event: the store writes each event's delta once).
    pub fn apply(&self, facts: &mut ShopFacts) {
        match *self {
            ShopDelta::Rating(slot, rating) => facts.ratings.entry(slot).or_default()[usize::from(rating.clamp(1, 5) - 1)] += 1,
            ShopDelta::Opened(id, minutes) => {
                let times = facts.complaints.entry(id).or_default();
                times.opened = Some(times.opened.map_or(minutes, |opened| opened.min(minutes)));
            }
            ShopDelta::Resolved(id, minutes) => {
                let times = facts.complaints.entry(id).or_default();
                times.resolved = Some(times.resolved.map_or(minutes, |resolved| resolved.min(minutes)));
            }
        }
    }
}

/// What a customer's event did to their facts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FactsOutcome {
    /// Counted.
    Applied,
    /// Nothing to count.
    Unchanged,
    /// The record no longer shows what the event did (an undo of an event older than what the
    /// record keeps): this customer's facts must be folded from their log.
    Rebuild,
}

/// What one committed event changes in a customer's facts, worked out when the event is
/// committed from the customer's record after it (which the same commit writes): the record says
/// whether the event counted (a stamp whose undo arrived first does not) and what an undone event
/// was, so the commit needs no read. Stored beside the event and applied to the facts later
/// ([`CustomerDelta::apply`]), in the order the customer's records were written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerDelta {
    /// Whose facts.
    pub customer: CustomerId,
    /// The slot of a `CustomerAdded`.
    pub joined: Option<i64>,
    /// An entry to add.
    pub add: Option<Entry>,
    /// An undone event and, when the record held it, the entry to take out.
    pub void: Option<(EventId, Option<Entry>)>,
    /// The record no longer shows what the event did (an undo of an event older than what the
    /// record keeps): the customer's facts must be folded from their log.
    pub rebuild: bool,
    /// The cards after the event.
    pub cards: CardState,
    /// Removed after the event.
    pub removed: bool,
    /// The traits after the event (segments, issue 12).
    pub traits: Traits,
}

impl CustomerDelta {
    /// The delta of an event about `record`'s customer, given the record after it.
    pub fn of(event: &Event, record: &Customer) -> CustomerDelta {
        let mut delta = CustomerDelta { customer: record.id, joined: None, add: None, void: None, rebuild: false, cards: record.cards(), removed: record.is_removed(), traits: Traits::of(record) };
        if let EventKind::CustomerAdded { .. } = event.kind {
            delta.joined = Some(slot_of_millis(event.at.timestamp_millis()));
        }
        match &event.kind {
            EventKind::EventVoided { target, .. } | EventKind::OwnerVoided { target, .. } => {
                if let Some(recent) = record.recent.iter().find(|recent| recent.id == *target) {
                    delta.void = Some((*target, Some(Entry::of(slot_of_millis(recent.at.timestamp_millis()), &recent.contribution))));
                } else if record.pending_voids.iter().any(|pending| pending.target == *target) {
                    // The undone event has not arrived: when it does, the record marks it undone
                    // and it is never counted.
                    delta.void = Some((*target, None));
                } else {
                    delta.rebuild = true;
                }
            }
            EventKind::CustomerAdded { .. }
            | EventKind::StampsAdded { .. }
            | EventKind::RewardRedeemed { .. }
            | EventKind::ComplaintUpdated { apology: Some(_), .. }
            | EventKind::BirthdayRewarded { .. }
            | EventKind::BonusStampsGiven { .. } => match record.recent.iter().find(|recent| recent.id == event.id) {
                Some(recent) if recent.voided_by.is_none() => delta.add = Some(Entry::of(slot_of_millis(recent.at.timestamp_millis()), &recent.contribution)),
                Some(_) => {}
                // A `CustomerAdded` without welcome stamps keeps no entry.
                None if matches!(event.kind, EventKind::CustomerAdded { welcome_stamps: 0, .. }) => {}
                None => delta.rebuild = true,
            },
            _ => {}
        }
        delta
    }

    /// Applies the delta to the customer's facts; `Rebuild` when they must be folded from the log.
    pub fn apply(&self, facts: &mut CustomerFacts) -> FactsOutcome {
        facts.cards = self.cards;
        facts.removed = self.removed;
        facts.traits = self.traits.clone();
        if let Some(slot) = self.joined {
            facts.joined = Some(facts.joined.map_or(slot, |joined| joined.min(slot)));
        }
        if self.rebuild {
            return FactsOutcome::Rebuild;
        }
        if let Some(entry) = self.add {
            facts.insert(entry);
        }
        match &self.void {
            Some((target, _)) if facts.voided.contains(target) => FactsOutcome::Unchanged,
            Some((target, entry)) => {
                facts.voided.insert(*target);
                if let Some(entry) = entry {
                    facts.take_out(entry);
                }
                FactsOutcome::Applied
            }
            None => FactsOutcome::Applied,
        }
    }
}

/// Updates a customer's facts with one event, given their record after that event: the delta
/// worked out and applied at once.
pub fn apply_customer_event(facts: &mut CustomerFacts, event: &Event, record: &Customer) -> FactsOutcome {
    CustomerDelta::of(event, record).apply(facts)
}

/// Folds one customer's events (any order, repeats allowed) into their facts: the rebuild path.
pub fn fold_customer<'a>(id: CustomerId, events: impl IntoIterator<Item = &'a Event>) -> CustomerFacts {
    let mut unique: BTreeMap<EventId, &Event> = BTreeMap::new();
    for event in events {
        if event.kind.customer() == Some(id) {
            unique.insert(event.id, event);
        }
    }
    let record = Customer::fold(id, unique.values().copied());
    let voided: BTreeSet<EventId> = unique
        .values()
        .filter_map(|event| match event.kind {
            EventKind::EventVoided { target, .. } | EventKind::OwnerVoided { target, .. } => Some(target),
            _ => None,
        })
        .collect();
    let mut facts = CustomerFacts { cards: record.cards(), removed: record.is_removed(), traits: Traits::of(&record), ..CustomerFacts::default() };
    for event in unique.values() {
        let slot = slot_of_millis(event.at.timestamp_millis());
        if let EventKind::CustomerAdded { .. } = event.kind {
            facts.joined = Some(facts.joined.map_or(slot, |joined| joined.min(slot)));
        }
        if voided.contains(&event.id) {
            continue;
        }
        let contribution = match &event.kind {
            EventKind::CustomerAdded { welcome_stamps, .. } if *welcome_stamps > 0 => Contribution::Stamps { stamps: *welcome_stamps, visit: false, bill: None, card_size: None },
            EventKind::StampsAdded { stamps, bill, same_visit, .. } => Contribution::Stamps { stamps: *stamps, visit: !*same_visit, bill: *bill, card_size: None },
            EventKind::RewardRedeemed { stamps_used, .. } => Contribution::Redemption { stamps_used: *stamps_used },
            EventKind::ComplaintUpdated { apology: Some(apology), .. } => Contribution::Stamps { stamps: apology.stamps, visit: false, bill: None, card_size: None },
            EventKind::BirthdayRewarded { stamps, .. } => Contribution::Stamps { stamps: *stamps, visit: false, bill: None, card_size: None },
            EventKind::BonusStampsGiven { stamps, .. } => Contribution::Stamps { stamps: *stamps, visit: false, bill: None, card_size: None },
            _ => continue,
        };
        facts.entries.push(Entry::of(slot, &contribution));
    }
    facts.entries.sort();
    // Only undos whose target is in the log matter for a later repeat; keeping them all is
    // simplest and they are rare.
    facts.voided = voided;
    facts
}

/// Everything the dashboard is computed from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DashFacts {
    /// Every customer's facts.
    pub customers: BTreeMap<CustomerId, CustomerFacts>,
    /// The shop's.
    pub shop: ShopFacts,
}

impl DashFacts {
    /// Folds a whole log (any order, repeats allowed): what the store's facts are rebuilt from
    /// and what the incremental facts must always equal.
    pub fn fold(events: &[Event]) -> DashFacts {
        let mut unique: BTreeMap<EventId, &Event> = BTreeMap::new();
        for event in events {
            unique.insert(event.id, event);
        }
        let mut by_customer: BTreeMap<CustomerId, Vec<&Event>> = BTreeMap::new();
        let mut shop = ShopFacts::default();
        for event in unique.values() {
            if ShopFacts::counts(event) {
                shop.apply(event);
            }
            if let Some(customer) = event.kind.customer() {
                by_customer.entry(customer).or_default().push(event);
            }
        }
        let mut customers: BTreeMap<CustomerId, CustomerFacts> = by_customer.into_iter().map(|(id, events)| (id, fold_customer(id, events))).collect();
        // Merged duplicates (issue 14): the kept card counts the whole group's entries.
        customers.extend(super::merged::fold_groups(unique.values().copied()));
        DashFacts { customers, shop }
    }
}

/// Folds a log read a page at a time into facts, keeping only a few bytes per event, so a shop
/// of a million events is rebuilt without holding its log: each customer's entries by (a prefix
/// of) their event id, then, at the end, the undone ones left out. The cards and removals come
/// from the customer records, which the same commits keep.
#[derive(Debug, Default)]
pub struct FactsFolder {
    customers: BTreeMap<CustomerId, Partial>,
    shop: ShopFacts,
    /// The events folded, by the first eight bytes of their id, for [`FactsFolder::folded`].
    seen: Vec<u64>,
    /// The merges of duplicates folded (issue 14; rare): [`FactsFolder::finish`] counts each
    /// merged card's entries for the card kept.
    merges: Vec<Event>,
}

#[derive(Debug, Default)]
struct Partial {
    joined: Option<i64>,
    entries: Vec<(EventId, Entry)>,
    voided: BTreeSet<EventId>,
}

/// The first eight bytes of an event id: enough to tell the events of one shop apart.
pub fn id_prefix(id: EventId) -> u64 {
    let bytes = id.0 .0;
    u64::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7]])
}

impl FactsFolder {
    /// Takes one page of the log (events in id order, each once).
    pub fn add(&mut self, events: &[Event]) {
        for event in events {
            self.seen.push(id_prefix(event.id));
            if let Some(delta) = ShopDelta::of(event) {
                delta.apply(&mut self.shop);
            }
            let Some(customer) = event.kind.customer() else { continue };
            if let EventKind::CustomersMerged { .. } = event.kind {
                self.merges.push(event.clone());
            }
            let partial = self.customers.entry(customer).or_default();
            let slot = slot_of_millis(event.at.timestamp_millis());
            let contribution = match &event.kind {
                EventKind::CustomerAdded { welcome_stamps, .. } => {
                    partial.joined = Some(partial.joined.map_or(slot, |joined| joined.min(slot)));
                    if *welcome_stamps == 0 {
                        continue;
                    }
                    Contribution::Stamps { stamps: *welcome_stamps, visit: false, bill: None, card_size: None }
                }
                EventKind::StampsAdded { stamps, bill, same_visit, .. } => Contribution::Stamps { stamps: *stamps, visit: !*same_visit, bill: *bill, card_size: None },
                EventKind::RewardRedeemed { stamps_used, .. } => Contribution::Redemption { stamps_used: *stamps_used },
                EventKind::ComplaintUpdated { apology: Some(apology), .. } => Contribution::Stamps { stamps: apology.stamps, visit: false, bill: None, card_size: None },
                EventKind::BirthdayRewarded { stamps, .. } => Contribution::Stamps { stamps: *stamps, visit: false, bill: None, card_size: None },
                EventKind::BonusStampsGiven { stamps, .. } => Contribution::Stamps { stamps: *stamps, visit: false, bill: None, card_size: None },
                EventKind::EventVoided { target, .. } | EventKind::OwnerVoided { target, .. } => {
                    partial.voided.insert(*target);
                    continue;
                }
                _ => continue,
            };
            partial.entries.push((event.id, Entry::of(slot, &contribution)));
        }
    }

    /// The events folded so far, as sorted id prefixes: the deltas of these events are already
    /// in the facts (see `store::dash`).
    pub fn folded(&mut self) -> &[u64] {
        self.seen.sort_unstable();
        &self.seen
    }

    /// The facts, with each customer's cards, removal and traits from their record.
    pub fn finish(mut self, records: &BTreeMap<CustomerId, (CardState, bool, Traits)>) -> DashFacts {
        // Merged duplicates (issue 14): a merged card's entries and undos are the kept card's,
        // as `merged::fold_groups` folds them; the merged card stays, removed, with none.
        for (member, root) in crate::domain::merge::roots(&self.merges) {
            if member != root {
                let moved = std::mem::take(self.customers.entry(member).or_default());
                let kept = self.customers.entry(root).or_default();
                kept.entries.extend(moved.entries);
                kept.voided.extend(moved.voided);
                kept.joined = kept.joined.into_iter().chain(moved.joined).min();
            }
        }
        let customers = self
            .customers
            .into_iter()
            .map(|(id, partial)| {
                let mut entries: Vec<Entry> = partial.entries.into_iter().filter(|(event, _)| !partial.voided.contains(event)).map(|(_, entry)| entry).collect();
                entries.sort();
                let (cards, removed, traits) = records.get(&id).cloned().unwrap_or_default();
                (id, CustomerFacts { joined: partial.joined, removed, entries, cards, voided: partial.voided, traits })
            })
            .collect();
        DashFacts { customers, shop: self.shop }
    }
}
