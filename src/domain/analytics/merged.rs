//! The dashboard's facts of merged duplicates (issue 14): every stamp, visit and redemption of a
//! merged group counts for the card it kept, the way `merge::fold_with_merges` folds the group's
//! logs into the kept record. The merged cards keep no entry and are left out of every figure as
//! removed customers are, so two cards of one phone merged make one customer with all their
//! visits: the visits per customer, the top fifth, the customers slipping away and the
//! retention see one regular, not two occasional ones.

use std::collections::BTreeMap;

use super::facts::{fold_customer, CustomerFacts};
use super::traits::Traits;
use crate::domain::merge::{fold_with_merges, retarget, roots};
use crate::domain::{CustomerId, Event, EventId};

/// The facts of the customers `events` are about, for a log holding the whole logs of each
/// merged group's customers (any order, repeats allowed): the kept card's with the entries of
/// the whole group (its members' events taken as its own) and the cards, removal and traits of
/// its record; each merged card's with its record's cards and traits, removed, and no entry.
/// Customers in no group are left out: [`fold_customer`] folds them alone.
pub fn fold_groups<'a>(events: impl IntoIterator<Item = &'a Event>) -> BTreeMap<CustomerId, CustomerFacts> {
    let mut unique: BTreeMap<EventId, &Event> = BTreeMap::new();
    for event in events {
        unique.insert(event.id, event);
    }
    let root_of = roots(unique.values().copied());
    if root_of.is_empty() {
        return BTreeMap::new();
    }
    let records = fold_with_merges(unique.values().copied().filter(|event| event.kind.customer().is_some_and(|id| root_of.contains_key(&id))));
    let mut joined: BTreeMap<CustomerId, Vec<Event>> = BTreeMap::new();
    for event in unique.values() {
        let Some(id) = event.kind.customer() else { continue };
        let Some(&root) = root_of.get(&id) else { continue };
        let as_kept = if id == root { Some((*event).clone()) } else { retarget(event, root) };
        joined.entry(root).or_default().extend(as_kept);
    }
    let mut facts = BTreeMap::new();
    for (id, root) in &root_of {
        let Some(record) = records.get(id) else { continue };
        let mut customer = if id == root { fold_customer(*root, joined.get(root).into_iter().flatten()) } else { CustomerFacts::default() };
        customer.cards = record.cards();
        customer.removed = record.is_removed();
        customer.traits = Traits::of(record);
        facts.insert(*id, customer);
    }
    facts
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use chrono::{TimeZone, Utc};

    use super::super::facts::{DashFacts, FactsFolder};
    use super::super::period::{day_of_slot, Period};
    use super::super::report::{report, Prepared};
    use super::super::traits::Traits;
    use crate::domain::merge::fold_with_merges;
    use crate::domain::{Actor, Country, CustomerId, CustomerProfile, DeviceId, Event, EventId, EventKind, Hlc, Phone};

    const DAY: i64 = 86_400_000;

    fn customer(n: u8) -> CustomerId {
        CustomerId::from_bytes([n; 16])
    }

    fn event(n: u64, millis: i64, kind: EventKind) -> Event {
        let mut bytes = [0u8; 16];
        bytes[8..].copy_from_slice(&n.to_be_bytes());
        let device = DeviceId::from_bytes([1; 16]);
        let at = Utc.timestamp_millis_opt(1_793_527_200_000 + millis).single().expect("valid");
        Event { id: EventId::from_bytes(bytes), device, hlc: Hlc { millis: 1_793_527_200_000 + millis, counter: 0, device }, at, actor: Actor::Owner, kind }
    }

    /// Asha joined twice with one phone: three visits on her first card, two on the second
    /// (one of them undone from that card), then the second card merged into the first.
    fn log() -> Vec<Event> {
        let phone = Phone::parse("98765 43210", Country::India).expect("phone");
        let mut events = Vec::new();
        for who in 1..=2u8 {
            let profile = CustomerProfile { name: format!("Asha {who}"), phone: phone.clone(), birthday: None, notes: String::new(), extras: Default::default() };
            events.push(event(u64::from(who), i64::from(who) * 20 * DAY, EventKind::CustomerAdded { customer: customer(who), profile, welcome_stamps: 0, card_size: Some(10), referred_by: None }));
        }
        let mut n = 10;
        for (who, day) in [(1u8, 1i64), (1, 8), (1, 15), (2, 22), (2, 29), (2, 33)] {
            n += 1;
            let bill = Some(crate::domain::Money(100 * u64::from(who)));
            events.push(event(n, day * DAY + 20 * DAY, EventKind::StampsAdded { customer: customer(who), stamps: 1, bill, card_size: Some(10), same_visit: false, cooldown_override: false }));
        }
        let undone = events.last().expect("a stamp").id;
        events.push(event(30, 34 * DAY + 20 * DAY, EventKind::EventVoided { customer: customer(2), target: undone, target_hlc: None }));
        events.push(event(31, 60 * DAY, EventKind::CustomersMerged { kept: customer(1), merged: customer(2) }));
        events
    }

    #[test]
    fn the_figures_count_a_merged_pair_as_one_customer_with_every_visit() {
        let events = log();
        let facts = DashFacts::fold(&events);
        let prepared = Prepared::new(&facts, 330);
        assert_eq!(prepared.customers.len(), 1, "the merged card is left out");
        let kept = &prepared.customers[0];
        assert_eq!((kept.id, kept.visits.len()), (customer(1), 5), "the five visits not undone, both cards'");
        assert_eq!(kept.spend(), 3 * 100 + 2 * 200);
        assert_eq!(kept.joined, Some(day_of_slot(facts.customers[&customer(1)].joined.expect("joined"), 330)));
        let whole = Period { start: -100_000, end: 100_000 };
        let figures = report(&prepared, whole, 60);
        assert_eq!((figures.visitors, figures.repeat_visitors, figures.visits), (1, 1, 5));
    }

    /// The rebuild folds the log a page at a time and takes cards, removals and traits from the
    /// stored records: it gives the same facts as the whole log's fold.
    #[test]
    fn a_rebuild_page_by_page_gives_the_same_facts_as_the_fold() {
        let events = log();
        let records: BTreeMap<_, _> = fold_with_merges(&events).into_iter().map(|(id, record)| (id, (record.cards(), record.is_removed(), Traits::of(&record)))).collect();
        for split in 0..events.len() {
            let mut by_id = events.clone();
            by_id.sort_by_key(|event| event.id);
            let mut folder = FactsFolder::default();
            folder.add(&by_id[..split]);
            folder.add(&by_id[split..]);
            assert_eq!(folder.finish(&records), DashFacts::fold(&events), "split at {split}");
        }
    }
}
