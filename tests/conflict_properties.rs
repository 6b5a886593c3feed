//! Properties of the conflict flags (issue 14, "when devices disagree"): two tablets act offline
//! on the same shop and their events meet in any order; the cards never go negative, a reward
//! redeemed on both is flagged naming both tablets' redemptions, the same phone added on both
//! is flagged as a possible duplicate, and the flags do not depend on the order of arrival.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, TimeZone, Utc};
use mohar::domain::conflicts::{find_flags, Flag};
use mohar::domain::{
    ApplyOutcome, Clock, Counter, Country, Customer, CustomerForm, CustomerId, DeviceId, Earning, Event, EventId, Program, SearchIndex,
    ShopProfile,
};
use proptest::prelude::*;

const SIZE: u32 = 3;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 12, 10, 0, 0).single().expect("valid")
}

fn device(n: u8) -> DeviceId {
    DeviceId::from_bytes([n; 16])
}

/// Ids that never repeat within a case.
struct Ids(u64);

impl Ids {
    fn event(&mut self) -> EventId {
        self.0 += 1;
        let mut bytes = [0u8; 16];
        bytes[8..].copy_from_slice(&self.0.to_be_bytes());
        EventId::from_bytes(bytes)
    }
}

fn shop(ids: &mut Ids) -> (Counter, Counter, Event) {
    let program = Program { stamps_per_reward: SIZE, reward: "1 free chai".into(), earning: Earning::PerVisit { stamps: 1 }, welcome_stamps: 0 };
    let mut clock = Clock::new(device(1));
    let set_up = Counter::plan_set_up(ShopProfile { name: "Tea".into(), country: Country::India }, program, &mut clock, ids.event(), now()).expect("set-up");
    let shop = set_up.shop.clone().expect("shop");
    let a = Counter::new(shop.clone(), clock, SearchIndex::default(), 0);
    let mut other = Clock::new(device(2));
    other.observe(set_up.event.hlc, now().timestamp_millis()).expect("observed");
    let b = Counter::new(shop, other, SearchIndex::default(), 0);
    (a, b, set_up.event)
}

/// Folds `events` into `id` one by one in the given order, as a device's store does (a
/// `NeedsRebuild` folds the whole log so far).
fn applied(id: CustomerId, events: &[&Event]) -> Customer {
    let mut record = Customer::empty(id);
    for (n, event) in events.iter().enumerate() {
        if record.apply(event) == ApplyOutcome::NeedsRebuild {
            record = Customer::fold(id, events[..=n].iter().copied());
        }
    }
    record
}

fn permuted<T: Clone>(items: &[T], order: &[usize]) -> Vec<T> {
    let mut keyed: Vec<(usize, T)> = items.iter().cloned().enumerate().map(|(n, item)| (order.get(n).copied().unwrap_or(n), item)).collect();
    keyed.sort_by_key(|(key, _)| *key);
    keyed.into_iter().map(|(_, item)| item).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Both tablets start from the same card with `cards` full cards, then each offline stamps
    /// and redeems what its own copy allows. In any order of arrival: no count is negative,
    /// the card is flagged exactly when more was redeemed than filled, and the flag names a
    /// redemption of each tablet that redeemed.
    #[test]
    fn a_reward_redeemed_on_two_tablets_is_flagged_in_any_order(
        cards in 1u32..3,
        actions in proptest::collection::vec((0usize..2, prop::bool::ANY), 0..10),
        order in proptest::collection::vec(any::<usize>(), 40),
    ) {
        let mut ids = Ids(0);
        let (mut a, mut b, _) = shop(&mut ids);
        let form = CustomerForm { name: "Asha".into(), phone: "9876543210".into(), ..CustomerForm::default() };
        let added = a.plan_new_customer(&form, CustomerId::from_bytes([7; 16]), ids.event(), now()).expect("added");
        a.committed(&added);
        let mut events = vec![added.event.clone()];
        let mut common = added.customer.clone().expect("record");
        for n in 0..cards * SIZE {
            let stamp = a.plan_another_stamp(&common, None, ids.event(), now() + Duration::minutes(n.into())).expect("stamp");
            a.committed(&stamp);
            common = stamp.customer.clone().expect("record");
            events.push(stamp.event);
        }
        b.observe_received(events.last().expect("event").hlc, now()).expect("observed");
        let mut copies = [common.clone(), common.clone()];
        let mut redeemed_by = [0u32; 2];
        let mut counters = [a, b];
        for (n, (tablet, redeem)) in actions.into_iter().enumerate() {
            let at = now() + Duration::hours(1) + Duration::minutes(n as i64);
            let change = if redeem {
                match counters[tablet].plan_redeem(&copies[tablet], ids.event(), at) {
                    Ok(change) => { redeemed_by[tablet] += 1; change }
                    Err(_) => continue,
                }
            } else {
                counters[tablet].plan_another_stamp(&copies[tablet], None, ids.event(), at).expect("stamp")
            };
            counters[tablet].committed(&change);
            copies[tablet] = change.customer.clone().expect("record");
            events.push(change.event);
        }

        let arrived = permuted(&events, &order);
        let refs: Vec<&Event> = arrived.iter().collect();
        let record = applied(common.id, &refs);
        let folded = Customer::fold(common.id, events.iter());
        let summary = record.summary(SIZE);
        let filled = record.cards_filled(SIZE);
        prop_assert_eq!(summary.rewards_ready, filled.saturating_sub(summary.rewards_redeemed));
        prop_assert_eq!(summary.rewards_redeemed, redeemed_by[0] + redeemed_by[1]);
        prop_assert_eq!(record.balance(), folded.balance());

        let flags = find_flags([&record], SIZE, &BTreeSet::new());
        prop_assert_eq!(&flags, &find_flags([&folded], SIZE, &BTreeSet::new()), "the same in any order");
        let over = summary.rewards_redeemed > filled;
        prop_assert_eq!(flags.len(), usize::from(over));
        if let Some(Flag::RedeemedTwice { redemptions, redeemed, earned, .. }) = flags.first() {
            prop_assert!(redeemed > earned);
            for (tablet, count) in redeemed_by.iter().enumerate() {
                if *count > 0 {
                    prop_assert!(redemptions.iter().any(|named| named.device == device(tablet as u8 + 1)), "tablet {} is named", tablet + 1);
                }
            }
            // Acknowledged, it is gone; a further redemption would be a new flag.
            let seen = BTreeSet::from([flags[0].key()]);
            prop_assert!(find_flags([&record], SIZE, &seen).is_empty());
        }
    }

    /// The same phone added as a new customer on both tablets offline (each with other
    /// customers around): one "possible duplicate" flag naming both, oldest first, whatever
    /// order the records are read in; acknowledged, it is gone.
    #[test]
    fn the_same_phone_added_on_two_tablets_is_one_possible_duplicate(
        others in proptest::collection::btree_set(1_000u32..9_999, 0..6),
        later in 1i64..600,
        order in proptest::collection::vec(any::<usize>(), 10),
    ) {
        let mut ids = Ids(0);
        let (mut a, mut b, _) = shop(&mut ids);
        let mut records = Vec::new();
        let same = CustomerForm { name: "Asha".into(), phone: "98765 43210".into(), ..CustomerForm::default() };
        let first = a.plan_new_customer(&same, CustomerId::from_bytes([1; 16]), ids.event(), now()).expect("added");
        let again = CustomerForm { name: "Asha V".into(), ..same.clone() };
        let second = b.plan_new_customer(&again, CustomerId::from_bytes([2; 16]), ids.event(), now() + Duration::seconds(later)).expect("added");
        records.push(first.customer.clone().expect("record"));
        records.push(second.customer.clone().expect("record"));
        for (n, tail) in others.iter().enumerate() {
            let form = CustomerForm { name: format!("Other {n}"), phone: format!("98000{tail:05}"), ..CustomerForm::default() };
            let counter = if n % 2 == 0 { &mut a } else { &mut b };
            if let Ok(change) = counter.plan_new_customer(&form, CustomerId::from_bytes([10 + n as u8; 16]), ids.event(), now()) {
                counter.committed(&change);
                records.push(change.customer.clone().expect("record"));
            }
        }
        let read = permuted(&records, &order);
        let flags = find_flags(read.iter(), SIZE, &BTreeSet::new());
        let duplicates: Vec<&Flag> = flags.iter().filter(|flag| matches!(flag, Flag::PossibleDuplicate { .. })).collect();
        prop_assert_eq!(duplicates.len(), 1);
        let Flag::PossibleDuplicate { twins, phone } = duplicates[0] else { unreachable!() };
        prop_assert_eq!(phone.as_str(), "+919876543210");
        prop_assert_eq!(twins.iter().map(|twin| twin.id).collect::<Vec<_>>(), vec![CustomerId::from_bytes([1; 16]), CustomerId::from_bytes([2; 16])]);
        prop_assert_eq!(&flags, &find_flags(records.iter(), SIZE, &BTreeSet::new()), "the same in any order");
        let seen = BTreeSet::from([duplicates[0].key()]);
        prop_assert!(find_flags(read.iter(), SIZE, &seen).is_empty());
    }
}
