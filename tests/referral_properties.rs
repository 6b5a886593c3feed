//! Property tests of referrals (issue 10): the bonus of a friend's first stamp is counted once on
//! each card, whatever order the events arrive in, with repeats, even when two devices both gave
//! the friend's first stamp offline, and however often that stamp is undone and given again.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{DateTime, Duration, TimeZone, Utc};
use mohar::domain::perks::Perks;
use mohar::domain::{ApplyOutcome, Change, Clock, Counter, Country, Customer, CustomerForm, CustomerId, DeviceId, Event, EventId, EventKind, Program, ShopProfile};
use proptest::prelude::*;

#[path = "common/arrival.rs"]
mod arrival;
use arrival::shuffled;

const BONUS: u32 = 2;

/// One thing a device does for the friend, some minutes after the previous action.
#[derive(Clone, Debug)]
enum Action {
    /// A visit's stamp on device 0 or 1.
    Stamp(usize),
    /// Undo that device's latest stamp of the friend.
    Undo(usize),
    /// The devices sync: each takes the other's records.
    Sync,
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![4 => (0usize..2).prop_map(Action::Stamp), 2 => (0usize..2).prop_map(Action::Undo), 1 => Just(Action::Sync)]
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 5, 9, 0, 0).unwrap()
}

struct Device {
    counter: Counter,
    referrer: Customer,
    friend: Customer,
    stamps: Vec<EventId>,
}

struct Run {
    referrer: CustomerId,
    friend: CustomerId,
    events: Vec<Event>,
    /// The undone stamps.
    undone: Vec<EventId>,
    /// How many bonus events each device planned for the friend.
    planned: [usize; 2],
}

fn run(actions: &[Action]) -> Run {
    let mut next = 0u128;
    let mut id = || {
        next += 1;
        next.to_le_bytes()
    };
    let mut clock = Clock::new(DeviceId::from_bytes([1; 16]));
    let profile = ShopProfile { name: "Chai".into(), country: Country::India };
    let set_up = Counter::plan_set_up(profile, Program::default(), &mut clock, EventId::from_bytes(id()), start()).unwrap();
    let mut counter = Counter::new(set_up.shop.clone().unwrap(), clock, Default::default(), 0);
    let perks = counter.plan_perks_change(Perks { referral_stamps: BONUS, ..Perks::default() }, EventId::from_bytes(id()), start()).unwrap();
    counter.committed(&perks);
    let form = |name: &str, phone: &str, referred_by| CustomerForm { name: name.into(), phone: phone.into(), referred_by, ..CustomerForm::default() };
    let referrer_id = CustomerId::from_bytes(id());
    let referrer = counter.plan_new_customer(&form("Asha", "9876543210", None), referrer_id, EventId::from_bytes(id()), start()).unwrap();
    counter.committed(&referrer);
    let friend_id = CustomerId::from_bytes(id());
    let friend = counter.plan_new_customer(&form("Ravi", "9876543211", Some(referrer_id)), friend_id, EventId::from_bytes(id()), start()).unwrap();
    counter.committed(&friend);
    let mut events = vec![referrer.event.clone(), friend.event.clone()];
    let other = Counter::new(counter.shop().clone(), Clock::new(DeviceId::from_bytes([2; 16])), counter.index().clone(), 0);
    let device = |counter| Device { counter, referrer: referrer.customer.clone().unwrap(), friend: friend.customer.clone().unwrap(), stamps: Vec::new() };
    let mut devices = [device(counter), device(other)];
    let mut undone = Vec::new();
    let mut planned = [0, 0];
    let mut now = start();
    for action in actions {
        now += Duration::minutes(7);
        match action {
            Action::Stamp(d) => {
                let device = &mut devices[*d];
                let stamp = device.counter.plan_stamp(&device.friend, None, EventId::from_bytes(id()), now).unwrap();
                let change = device
                    .counter
                    .with_referral_bonus(stamp, &device.friend.clone(), Some(&device.referrer.clone()), [EventId::from_bytes(id()), EventId::from_bytes(id())], now)
                    .unwrap();
                take(device, &change, &mut events);
                device.stamps.push(change.event.id);
                planned[*d] += change.linked.len() / 2;
            }
            Action::Undo(d) => {
                let device = &mut devices[*d];
                let Some(target) = device.stamps.pop() else { continue };
                // Undo reaches only the latest stamps (and refuses what was undone on the other
                // device and synced here).
                let Ok(change) = device.counter.plan_undo(&device.friend, target, EventId::from_bytes(id()), now) else { continue };
                take(device, &change, &mut events);
                undone.push(target);
            }
            Action::Sync => {
                let friend = Customer::fold(friend_id, &events);
                let referrer = Customer::fold(referrer_id, &events);
                for device in &mut devices {
                    device.friend = friend.clone();
                    device.referrer = referrer.clone();
                }
            }
        }
    }
    Run { referrer: referrer_id, friend: friend_id, events, undone, planned }
}

/// Takes a saved change (and its linked ones) into a device's records and the shared log.
fn take(device: &mut Device, change: &Change, events: &mut Vec<Event>) {
    device.counter.committed(change);
    for change in std::iter::once(change).chain(&change.linked) {
        events.push(change.event.clone());
        if let Some(record) = &change.customer {
            if record.id == device.friend.id {
                device.friend = record.clone();
            } else {
                device.referrer = record.clone();
            }
        }
    }
}

/// Applies events one at a time as a device receiving them in this order would, each record
/// through its stored JSON; an event older than the horizon makes it fold what it has again.
fn arrive(id: CustomerId, events: &[Event]) -> Customer {
    let mut record = Customer::empty(id);
    for (index, event) in events.iter().enumerate() {
        if record.apply(event) == ApplyOutcome::NeedsRebuild {
            record = Customer::fold(id, &events[..=index]);
        }
        record = serde_json::from_str(&serde_json::to_string(&record).unwrap()).unwrap();
    }
    record
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The bonus is counted once on each card in any order of events, with repeats; each device
    /// plans it at most once, and an undone first stamp given again brings nothing more.
    #[test]
    fn the_referral_bonus_is_counted_once_in_any_order(actions in prop::collection::vec(action(), 0..60), seed in any::<u64>()) {
        let run = run(&actions);
        prop_assert!(run.planned.iter().all(|planned| *planned <= 1), "a device planned the bonus twice: {:?}", run.planned);
        let bonus_given = run.events.iter().any(|event| matches!(event.kind, EventKind::ReferralRewarded { .. }));
        let bonus = if bonus_given { u64::from(BONUS) } else { 0 };
        let stamps: u64 = run
            .events
            .iter()
            .filter(|event| !run.undone.contains(&event.id))
            .map(|event| match event.kind {
                EventKind::StampsAdded { customer, stamps, .. } if customer == run.friend => u64::from(stamps),
                _ => 0,
            })
            .sum();
        let mut twice = shuffled(&run.events, seed);
        twice.extend(shuffled(&run.events, seed.rotate_left(17)));
        for id in [run.friend, run.referrer] {
            let in_order = Customer::fold(id, &run.events);
            let arrived = arrive(id, &shuffled(&run.events, seed));
            let repeated = Customer::fold(id, &twice);
            for (path, customer) in [&in_order, &arrived, &repeated].into_iter().enumerate() {
                let expected = if id == run.friend { stamps + bonus } else { bonus };
                prop_assert_eq!(customer.stamps_earned(), expected, "path {} (in order, arrived, repeated), friend: {}", path, id == run.friend);
                prop_assert_eq!(customer.friends_brought(), usize::from(bonus_given && id == run.referrer));
                prop_assert_eq!(customer.referral_bonus_received(), bonus_given && id == run.friend);
                prop_assert_eq!(customer.summary(10), in_order.summary(10));
                prop_assert_eq!(&customer.referrals, &in_order.referrals);
            }
        }
    }
}
