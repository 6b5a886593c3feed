//! Properties of merging duplicate customers (issue 14): a device that receives the stamps of two
//! (or three) customers with one phone and the merges of their cards, in any order and some of
//! them twice — stamps of a merged customer arriving after the merge too — stores the same
//! records as the fold of all the events; the kept card has every stamp of the group once, and
//! the same card is kept whichever device merged in which direction.
#![cfg(not(target_arch = "wasm32"))]

#[path = "common/arrival.rs"]
mod arrival;

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use mohar::domain::merge::{fold_with_merges, group_needed};
use mohar::domain::{Actor, ApplyOutcome, Country, Customer, CustomerId, CustomerProfile, DeviceId, Event, EventId, EventKind, Hlc, Phone};
use proptest::prelude::*;

const SIZE: u32 = 4;

fn customer(n: u8) -> CustomerId {
    CustomerId::from_bytes([n; 16])
}

/// Events of a case: ids that never repeat, clocks from the devices named.
struct Make(u64);

impl Make {
    fn event(&mut self, device: u8, millis: i64, kind: EventKind) -> Event {
        self.0 += 1;
        let mut bytes = [0u8; 16];
        bytes[8..].copy_from_slice(&self.0.to_be_bytes());
        let device = DeviceId::from_bytes([device; 16]);
        let at = Utc.timestamp_millis_opt(1_793_527_200_000 + millis).single().expect("valid");
        Event { id: EventId::from_bytes(bytes), device, hlc: Hlc { millis, counter: 0, device }, at, actor: Actor::Owner, kind }
    }
}

/// What a device stores: its log and its records, each received event stored as the sync's
/// planner does (a merge, or an event of a customer in a group, folds the group's logs again;
/// anything else goes into its customer's record, or folds that customer's log when too old).
#[derive(Default)]
struct Device {
    log: BTreeMap<EventId, Event>,
    records: BTreeMap<CustomerId, Customer>,
}

impl Device {
    fn receive(&mut self, event: &Event) {
        if self.log.insert(event.id, event.clone()).is_some() {
            return;
        }
        match group_needed(event, &self.records) {
            Some(group) => {
                let logs = self.log.values().filter(|event| event.kind.customer().is_some_and(|id| group.contains(&id)));
                for (id, record) in fold_with_merges(logs) {
                    assert!(group.contains(&id), "the group's fold names only its members");
                    self.records.insert(id, record);
                }
            }
            None => {
                let Some(id) = event.kind.customer() else { return };
                let record = self.records.entry(id).or_insert_with(|| Customer::empty(id));
                if record.apply(event) == ApplyOutcome::NeedsRebuild {
                    *record = Customer::fold(id, self.log.values().filter(|event| event.kind.customer() == Some(id)));
                }
            }
        }
    }
}

/// Three customers with one phone joined on three devices, stamped on each, and merged.
fn case(stamps: &[u8; 3], merges: &[(u8, u8, i64)], undo_first: bool) -> (Vec<Event>, u64) {
    let mut make = Make(0);
    let phone = Phone::parse("98765 43210", Country::India).expect("phone");
    let mut events = Vec::new();
    let mut total = 0u64;
    for who in 0..3u8 {
        let profile = CustomerProfile { name: format!("Asha {who}"), phone: phone.clone(), birthday: None, notes: String::new(), extras: Default::default() };
        let device = who + 1;
        events.push(make.event(device, i64::from(who), EventKind::CustomerAdded { customer: customer(who), profile, welcome_stamps: 1, card_size: Some(SIZE), referred_by: None }));
        total += 1;
        for n in 0..stamps[usize::from(who)] {
            let stamp = make.event(device, 1_000 * i64::from(n + 1) + i64::from(who), EventKind::StampsAdded { customer: customer(who), stamps: 1, bill: None, card_size: Some(SIZE), same_visit: false, cooldown_override: false });
            if undo_first && n == 0 {
                let target = stamp.id;
                let target_hlc = Some(stamp.hlc);
                events.push(stamp);
                events.push(make.event(device, 1_500 + i64::from(who), EventKind::EventVoided { customer: customer(who), target, target_hlc }));
            } else {
                events.push(stamp);
                total += 1;
            }
        }
    }
    for &(kept, merged, millis) in merges {
        events.push(make.event(kept % 2 + 1, millis, EventKind::CustomersMerged { kept: customer(kept), merged: customer(merged) }));
    }
    (events, total)
}

fn stored(events: &[Event]) -> BTreeMap<CustomerId, Customer> {
    let mut device = Device::default();
    for event in events {
        device.receive(event);
    }
    device.records
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_order_of_stamps_and_merges_gives_the_same_cards_and_every_stamp_once(
        stamps in prop::array::uniform3(0u8..8),
        merges in proptest::collection::vec((0u8..3, 0u8..3, 500i64..12_000), 1..4),
        undo_first in any::<bool>(),
        seeds in proptest::collection::vec(any::<u64>(), 3),
    ) {
        let merges: Vec<(u8, u8, i64)> = merges.into_iter().filter(|(kept, merged, _)| kept != merged).collect();
        let (events, total) = case(&stamps, &merges, undo_first);
        let folded = fold_with_merges(&events);
        for seed in seeds {
            let order = arrival::shuffled_with_repeats(&events, seed);
            prop_assert_eq!(&stored(&order), &folded, "seed {}", seed);
        }
        // Every card of a group is in one kept card; the stamps of all three customers are
        // counted once, wherever they landed.
        let live: Vec<&Customer> = folded.values().filter(|record| !record.is_removed()).collect();
        let earned: u64 = live.iter().map(|record| record.stamps_earned()).sum();
        prop_assert_eq!(earned, total);
        for record in folded.values().filter(|record| record.merged_into.is_some()) {
            let kept = &folded[&record.merged_into.expect("merged")];
            prop_assert!(kept.merged_into.is_none() && kept.merged.contains(&record.id));
        }
        if !merges.is_empty() {
            prop_assert!(live.len() < 3);
        }
    }

    /// Two devices merge the same pair in opposite directions: the earlier merge decides, and
    /// both devices keep the same card whichever merge they received first.
    #[test]
    fn opposite_merges_of_one_pair_keep_the_same_card(first in 500i64..5_000, second in 500i64..5_000, seed in any::<u64>()) {
        let (events, total) = case(&[2, 3, 0], &[(0, 1, first), (1, 0, second)], false);
        let folded = fold_with_merges(&events);
        prop_assert_eq!(&stored(&arrival::shuffled(&events, seed)), &folded);
        let kept = folded.values().find(|record| !record.merged.is_empty()).expect("a kept card");
        // The earlier merge (by clock, then id: the first made wins a tie) decides.
        let expected = if first <= second { customer(0) } else { customer(1) };
        prop_assert_eq!(kept.id, expected);
        prop_assert_eq!(kept.stamps_earned() + folded[&customer(2)].stamps_earned(), total);
    }
}
