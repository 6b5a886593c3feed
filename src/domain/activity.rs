//! Staff and owner: the Activity screen's rules, as plain data. Which events a filter keeps,
//! and how the log is read a page at a time, newest first, without ever reading it whole.
//!
//! The store walks the log backwards by clock (a reverse cursor on the `hlc` index, or on
//! `customer_hlc` when one customer is asked for) and stops after [`PAGE_EVENTS`] matches or
//! [`PAGE_SCAN`] events looked at, whichever comes first; the page says where to go on from
//! (`next`), so "Show older" never reads an event twice and a rare filter never stalls the
//! screen on a million events.

use super::event::{Actor, Event, EventKind};
use super::hlc::Hlc;
use super::ids::CustomerId;

/// At most this many events on one page.
pub const PAGE_EVENTS: usize = 50;
/// At most this many events looked at for one page (a rare filter shows a shorter page and
/// "Show older" rather than reading on and on).
pub const PAGE_SCAN: usize = 2_000;

/// The kinds the Activity screen filters by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KindGroup {
    /// Stamps added.
    Stamps,
    /// Rewards redeemed.
    Rewards,
    /// Stamps or rewards undone.
    Undos,
    /// Customers added, edited or removed.
    Customers,
    /// The shop set up or changed (program, name, country).
    Shop,
    /// Kinds added by other features or newer versions.
    Other,
}

impl KindGroup {
    /// Every group, in the order the filter lists them.
    pub const ALL: [KindGroup; 6] = [KindGroup::Stamps, KindGroup::Rewards, KindGroup::Undos, KindGroup::Customers, KindGroup::Shop, KindGroup::Other];

    /// The group of an event kind.
    pub fn of(kind: &EventKind) -> KindGroup {
        match kind {
            EventKind::StampsAdded { .. } => KindGroup::Stamps,
            EventKind::RewardRedeemed { .. } => KindGroup::Rewards,
            EventKind::EventVoided { .. } => KindGroup::Undos,
            EventKind::CustomerAdded { .. } | EventKind::CustomerEdited { .. } | EventKind::CustomerRemoved { .. } => KindGroup::Customers,
            EventKind::ShopConfigured { .. } | EventKind::ProgramChanged { .. } | EventKind::ShopEdited { .. } => KindGroup::Shop,
            #[allow(unreachable_patterns)]
            _ => KindGroup::Other,
        }
    }
}

/// What the owner filters the activity by; every part is optional.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ActivityFilter {
    /// Only what this person did.
    pub person: Option<Actor>,
    /// Only events about this customer.
    pub customer: Option<CustomerId>,
    /// Only events of this kind.
    pub kind: Option<KindGroup>,
}

impl ActivityFilter {
    /// Whether `event` passes the filter.
    pub fn matches(&self, event: &Event) -> bool {
        self.person.is_none_or(|person| event.actor == person)
            && self.customer.is_none_or(|customer| event.kind.customer() == Some(customer))
            && self.kind.is_none_or(|kind| KindGroup::of(&event.kind) == kind)
    }
}

/// One page of the activity, newest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActivityPage {
    /// The matching events, newest first.
    pub events: Vec<Event>,
    /// The clock of the last event looked at: the next page starts below it. `None` when the
    /// log has nothing older.
    pub next: Option<Hlc>,
}

/// Makes a page from events read newest first (all below the previous page's `next`): keeps
/// the matching ones until [`PAGE_EVENTS`] or [`PAGE_SCAN`] looked at. The memory store pages
/// this way; the IndexedDB store applies the same limits on its cursor. `more` says whether
/// the source had events beyond `newest_first`.
pub fn page_of<'a>(newest_first: impl IntoIterator<Item = &'a Event>, filter: &ActivityFilter) -> ActivityPage {
    let mut page = ActivityPage::default();
    let mut scanned = 0;
    let mut last = None;
    let mut rest = newest_first.into_iter();
    for event in rest.by_ref() {
        scanned += 1;
        last = Some(event.hlc);
        if filter.matches(event) {
            page.events.push(event.clone());
        }
        if page.events.len() >= PAGE_EVENTS || scanned >= PAGE_SCAN {
            break;
        }
    }
    // There is more only if the walk stopped early and something is left.
    page.next = last.filter(|_| rest.next().is_some());
    page
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Clock, DeviceId, EventId, StaffId};
    use chrono::{TimeZone, Utc};

    fn log(n: usize) -> Vec<Event> {
        let mut clock = Clock::new(DeviceId::from_bytes([1; 16]));
        let ravi = Actor::StaffMember(StaffId::from_bytes([2; 16]));
        (0..n)
            .map(|i| {
                let at = Utc.timestamp_millis_opt(1_800_000_000_000 + i as i64 * 1_000).unwrap();
                let customer = CustomerId::from_bytes([(i % 3) as u8; 16]);
                let kind = if i % 2 == 0 {
                    EventKind::StampsAdded { customer, stamps: 1, bill: None, card_size: Some(10), same_visit: false, cooldown_override: false }
                } else {
                    EventKind::RewardRedeemed { customer, stamps_used: 10, reward: "chai".into() }
                };
                let mut id = [0u8; 16];
                id[..8].copy_from_slice(&(i as u64).to_be_bytes());
                Event::new(EventId::from_bytes(id), &mut clock, at, if i % 5 == 0 { ravi } else { Actor::Owner }, kind)
            })
            .collect::<Vec<_>>()
            .into_iter()
            // Newest first, as the store reads them.
            .rev()
            .collect()
    }

    #[test]
    fn pages_walk_the_log_newest_first_without_reading_an_event_twice() {
        let events = log(130);
        let filter = ActivityFilter::default();
        let mut seen = Vec::new();
        let mut below: Option<Hlc> = None;
        loop {
            let page = page_of(events.iter().filter(|event| below.is_none_or(|below| event.hlc < below)), &filter);
            assert!(page.events.len() <= PAGE_EVENTS);
            seen.extend(page.events.iter().map(|event| event.id));
            match page.next {
                Some(next) => below = Some(next),
                None => break,
            }
        }
        assert_eq!(seen, events.iter().map(|event| event.id).collect::<Vec<_>>());
    }

    #[test]
    fn a_filter_keeps_only_its_person_customer_and_kind() {
        let events = log(60);
        let ravi = Actor::StaffMember(StaffId::from_bytes([2; 16]));
        let filter = ActivityFilter { person: Some(ravi), customer: Some(CustomerId::from_bytes([0; 16])), kind: Some(KindGroup::Stamps) };
        let page = page_of(&events, &filter);
        // i % 5 == 0, i % 3 == 0 and i % 2 == 0: i = 0, 30.
        assert_eq!(page.events.len(), 2);
        assert!(page.events.iter().all(|event| filter.matches(event)));
        assert_eq!(page.next, None);
        assert!(page.events[0].hlc > page.events[1].hlc);
    }
}
