//! Property tests of "know the customer" and "reward regulars": a customer's tier and the
//! birthday reward are functions of the customer's events and `now`, whatever order the events
//! arrive in; the birthday reward is given at most once a year and never for a date entered in
//! the last 30 days; a record written by this version reads back.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use mohar::domain::birthday::NEW_DATE_DAYS;
use mohar::domain::know::{glance, ProfileExtras};
use mohar::domain::perks::{BirthdayGift, Perks, Tier};
use mohar::domain::{
    ApplyOutcome, Clock, Counter, Country, Customer, CustomerForm, CustomerId, DeviceId, Event, EventId, EventKind, Program, SearchIndex,
    ShopProfile,
};
use proptest::prelude::*;

#[path = "common/arrival.rs"]
mod arrival;
use arrival::shuffled;

/// One thing that happens at the counter, some hours after the previous one.
#[derive(Clone, Debug)]
enum Action {
    Visit,
    /// Undo the n-th earlier stamp (modulo how many there are).
    Undo(usize),
    /// Tap "Give birthday reward".
    Birthday,
    /// Change the birthday to another day of June.
    MoveBirthday(u32),
}

fn action() -> impl Strategy<Value = (Action, u32)> {
    let action = prop_oneof![
        6 => Just(Action::Visit),
        1 => any::<usize>().prop_map(Action::Undo),
        3 => Just(Action::Birthday),
        1 => (1u32..29).prop_map(Action::MoveBirthday),
    ];
    // Hours since the previous action: mostly the same or the next day (regulars), sometimes
    // weeks apart, so that runs reach tiers, lose them and span several birthdays.
    (action, prop_oneof![4 => 1u32..30, 1 => 24u32..(24 * 60)])
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 5, 9, 0, 0).unwrap()
}

fn perks() -> Perks {
    Perks {
        tags: Vec::new(),
        birthday_gift: BirthdayGift::Stamps { stamps: 2 },
        tiers: vec![
            Tier { name: "Regular".into(), visits: 3, days: 10, discount_percent: 0, bonus_stamps: 1 },
            Tier { name: "Gold".into(), visits: 6, days: 20, discount_percent: 5, bonus_stamps: 2 },
        ],
        referral_stamps: 0,
    }
}

struct Run {
    id: CustomerId,
    events: Vec<Event>,
    last: Customer,
    end: DateTime<Utc>,
    /// (the birthday reward's year, when it was given, when the birthday was set then)
    gifts: Vec<(i32, DateTime<Utc>, Option<DateTime<Utc>>)>,
}

fn run(actions: &[(Action, u32)]) -> Run {
    let mut next = 0u128;
    let mut id = || {
        next += 1;
        next.to_le_bytes()
    };
    let mut clock = Clock::new(DeviceId::from_bytes([1; 16]));
    let set_up =
        Counter::plan_set_up(ShopProfile { name: "Chai".into(), country: Country::India }, Program::default(), &mut clock, EventId::from_bytes(id()), start())
            .unwrap();
    let mut counter = Counter::new(set_up.shop.clone().unwrap(), clock, SearchIndex::default(), 0);
    let change = counter.plan_perks_change(perks(), EventId::from_bytes(id()), start()).unwrap();
    counter.committed(&change);
    let customer = CustomerId::from_bytes(id());
    let form = |birthday: u32| CustomerForm {
        name: "Asha Verma".into(),
        phone: "9876543210".into(),
        birthday: NaiveDate::from_ymd_opt(1990, 6, birthday),
        extras: ProfileExtras { call_as: "Asha didi".into(), ..ProfileExtras::default() },
        ..CustomerForm::default()
    };
    let added = counter.plan_new_customer(&form(10), customer, EventId::from_bytes(id()), start()).unwrap();
    counter.committed(&added);
    let mut events = vec![added.event.clone()];
    let mut last = added.customer.unwrap();
    let mut now = start();
    let mut stamps = Vec::new();
    let mut gifts = Vec::new();
    for (action, hours) in actions {
        now += Duration::hours(i64::from(*hours));
        let event = EventId::from_bytes(id());
        let planned = match action {
            Action::Visit => counter.plan_stamp(&last, None, event, now).ok(),
            Action::Undo(n) if !stamps.is_empty() => counter.plan_undo(&last, stamps[n % stamps.len()], event, now).ok(),
            Action::Undo(_) => None,
            Action::Birthday => counter.plan_birthday_reward(&last, now.date_naive(), event, now).ok(),
            Action::MoveBirthday(day) => counter.plan_edit_customer(&last, &form(*day), event, now).ok(),
        };
        if let Some(change) = planned {
            counter.committed(&change);
            match &change.event.kind {
                EventKind::StampsAdded { .. } => stamps.push(change.event.id),
                EventKind::BirthdayRewarded { year, .. } => gifts.push((*year, now, last.profile.as_ref().and_then(|p| p.extras.birthday_set))),
                _ => {}
            }
            events.push(change.event);
            last = change.customer.unwrap();
        }
    }
    Run { id: customer, events, last, end: now, gifts }
}

/// Applies events one at a time as a device receiving them in this order would: an event older
/// than the record's horizon makes it fold the events it has again.
fn arrive(id: CustomerId, events: &[Event]) -> Customer {
    let mut record = Customer::empty(id);
    for (index, event) in events.iter().enumerate() {
        if record.apply(event) == ApplyOutcome::NeedsRebuild {
            record = Customer::fold(id, &events[..=index]);
        }
        // Every stored record goes through its JSON form.
        record = serde_json::from_str(&serde_json::to_string(&record).unwrap()).unwrap();
    }
    record
}

fn tier_at(customer: &Customer, now: DateTime<Utc>) -> (Option<String>, Option<(String, u32)>) {
    let standing = perks().standing(customer, now);
    (standing.tier.map(|tier| tier.name), standing.next.map(|(tier, needed)| (tier.name, needed)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// A customer's tier, visits, spend and usual interval are the same whatever order their
    /// events arrived in, with repeats, through stored records; and the same as the counter's.
    #[test]
    fn a_tier_never_depends_on_arrival_order(actions in prop::collection::vec(action(), 0..120), seed in any::<u64>()) {
        let run = run(&actions);
        let in_order = Customer::fold(run.id, &run.events);
        let mut twice = shuffled(&run.events, seed);
        twice.extend(shuffled(&run.events, seed.rotate_left(17)));
        let arrived = arrive(run.id, &shuffled(&run.events, seed));
        let folded = Customer::fold(run.id, &twice);
        for customer in [&arrived, &folded] {
            prop_assert_eq!(glance(customer), glance(&in_order));
            prop_assert_eq!(customer.birthday_rewarded, in_order.birthday_rewarded);
            for days in [0, 3, 9, 15, 30] {
                let now = run.end + Duration::days(days);
                prop_assert_eq!(tier_at(customer, now), tier_at(&in_order, now));
            }
        }
        prop_assert_eq!(tier_at(&run.last, run.end), tier_at(&in_order, run.end));
        // The birthday rewards alone (no horizon to fall behind): still the latest year.
        let gifts: Vec<Event> = run.events.iter().filter(|e| !matches!(e.kind, EventKind::StampsAdded { .. } | EventKind::EventVoided { .. })).cloned().collect();
        prop_assert_eq!(arrive(run.id, &shuffled(&gifts, seed)).birthday_rewarded, in_order.birthday_rewarded);
        prop_assert_eq!(glance(&run.last), glance(&in_order));
    }

    /// The birthday reward is given at most once a year, only in the week of the birthday, and
    /// never while the date was entered or changed less than 30 days before.
    #[test]
    fn a_birthday_reward_is_given_once_a_year_and_never_for_a_new_date(actions in prop::collection::vec(action(), 0..250)) {
        let run = run(&actions);
        let mut years: Vec<i32> = run.gifts.iter().map(|(year, _, _)| *year).collect();
        let count = years.len();
        years.dedup();
        prop_assert_eq!(years.len(), count, "one reward per year: {:?}", run.gifts);
        for (year, at, set) in &run.gifts {
            prop_assert_eq!(*year, at.year());
            let set = set.expect("the birthday was set");
            prop_assert!(*at - set >= Duration::days(NEW_DATE_DAYS));
        }
        // The same events in any order give the same "given" year, so no device offers it again.
        let reversed: Vec<Event> = run.events.iter().rev().cloned().collect();
        prop_assert_eq!(arrive(run.id, &reversed).birthday_rewarded, years.last().copied());
    }
}

/// A record as this version writes it (profile extras, birthday reward year, visit times in the
/// checkpoint) reads back as the same customer, and a record written before them still reads.
#[test]
fn a_record_written_by_this_version_reads_back() {
    let actions: Vec<(Action, u32)> = (0..40).map(|n| (if n % 9 == 8 { Action::Birthday } else { Action::Visit }, 30 + (n % 3) * 20)).collect();
    let run = run(&actions);
    assert!(run.last.checkpoint.visit_times.len() > 5, "visits were folded into the checkpoint");
    let json = serde_json::to_string(&run.last).unwrap();
    for field in ["\"extras\"", "\"call_as\"", "\"birthday_set\"", "\"vt\""] {
        assert!(json.contains(field), "{field} in {json}");
    }
    let read: Customer = serde_json::from_str(&json).unwrap();
    assert_eq!(read, run.last);

    // Written by the version before: no extras, no visit times, no birthday reward.
    let before = r#"{"id":"00000000000000000000000000000003","profile":{"name":"Asha","phone":"+919876543210","birthday":"1990-06-10","notes":""},"ph":[1767603600000,0,0],"joined_at":1767603600000,"dev":["01010101010101010101010101010101"],"cp":{"v":3,"lv":1767603600000,"e":3},"n":4,"rev":7}"#;
    let old: Customer = serde_json::from_str(before).unwrap();
    assert_eq!(old.profile.as_ref().unwrap().extras, ProfileExtras::default());
    assert_eq!(old.checkpoint.visit_times, Vec::<DateTime<Utc>>::new());
    assert_eq!(old.birthday_rewarded, None);
    assert_eq!(glance(&old).visits, 3);
}
