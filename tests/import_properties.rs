//! Import (issue 13): the opening balance of an imported customer. Folded in any order, with
//! repeats, through stored records, the card is the same as the counter's; the paper card's
//! stamps fill the card before every stamp; an import's ids all carry the import's prefix.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{DateTime, Duration, TimeZone, Utc};
use mohar::domain::import::ImportRow;
use mohar::domain::import_plan::ImportId;
use mohar::domain::{
    ApplyOutcome, Clock, Counter, Country, Customer, CustomerProfile, DeviceId, Event, EventId, EventKind, Phone, Program, SearchIndex,
    ShopProfile,
};
use proptest::prelude::*;

#[path = "common/arrival.rs"]
mod arrival;
use arrival::shuffled;

#[derive(Clone, Debug)]
enum Action {
    Stamp,
    Redeem,
    /// Undo the n-th earlier stamp (modulo how many there are).
    Undo(usize),
    /// The owner changes the card's size.
    Resize(u32),
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        8 => Just(Action::Stamp),
        2 => Just(Action::Redeem),
        1 => any::<usize>().prop_map(Action::Undo),
        1 => (3u32..12).prop_map(Action::Resize),
    ]
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 5, 9, 0, 0).unwrap()
}

fn row(stamps: u32, visits: u32) -> ImportRow {
    let profile = CustomerProfile {
        name: "आशा वर्मा".into(),
        phone: Phone::parse("9876543210", Country::India).unwrap(),
        birthday: None,
        notes: String::new(),
        extras: Default::default(),
    };
    ImportRow { line: 2, profile, stamps, visits }
}

/// The counter, the imported customer's events and the counter's last record of them.
fn run(stamps: u32, visits: u32, actions: &[Action]) -> (Counter, Vec<Event>, Customer) {
    let mut next = 0u128;
    let mut id = move || {
        next += 1;
        next.to_le_bytes()
    };
    let mut clock = Clock::new(DeviceId::from_bytes([1; 16]));
    let program = Program { stamps_per_reward: 8, ..Program::default() };
    let set_up = Counter::plan_set_up(ShopProfile { name: "Chai".into(), country: Country::India }, program.clone(), &mut clock, EventId::from_bytes(id()), start())
        .unwrap();
    let mut counter = Counter::new(set_up.shop.clone().unwrap(), clock, SearchIndex::default(), 0);
    let mut tails = 0u64;
    let rev = counter.import_rev(start(), 0);
    let imported = counter.plan_import(
        &[row(stamps, visits)],
        ImportId([7; 8]),
        rev,
        || {
            tails += 1;
            tails.to_be_bytes()
        },
        start(),
    );
    let imported = imported.into_iter().next().unwrap();
    let mut events = imported.events.clone();
    let mut last = imported.customer;
    let mut now = start();
    let mut stamped = Vec::new();
    for action in actions {
        now += Duration::hours(5);
        let event = EventId::from_bytes(id());
        let planned = match action {
            Action::Stamp => counter.plan_stamp(&last, None, event, now).ok(),
            Action::Redeem => counter.plan_redeem(&last, event, now).ok(),
            Action::Undo(n) if !stamped.is_empty() => counter.plan_undo(&last, stamped[n % stamped.len()], event, now).ok(),
            Action::Undo(_) => None,
            Action::Resize(size) => {
                let program = Program { stamps_per_reward: *size, ..program.clone() };
                let change = counter.plan_program_change(program, event, now).unwrap();
                counter.committed(&change);
                None
            }
        };
        if let Some(change) = planned {
            counter.committed(&change);
            if matches!(change.event.kind, EventKind::StampsAdded { .. }) {
                stamped.push(change.event.id);
            }
            events.push(change.event);
            last = change.customer.unwrap();
        }
    }
    (counter, events, last)
}

/// Applies events one at a time as a device receiving them in this order would, each record
/// through its stored JSON form; an event it cannot fold in makes it fold what it has again.
fn arrive(events: &[Event]) -> Customer {
    let id = events.iter().find_map(|event| event.kind.customer()).unwrap();
    let mut record = Customer::empty(id);
    for (index, event) in events.iter().enumerate() {
        if record.apply(event) == ApplyOutcome::NeedsRebuild {
            record = Customer::fold(id, &events[..=index]);
        }
        record = serde_json::from_str(&serde_json::to_string(&record).unwrap()).unwrap();
    }
    record
}

fn without_rev(mut customer: Customer) -> Customer {
    customer.rev = 0;
    customer
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The card with an opening balance is the same whatever order its events arrive in, with
    /// repeats, through stored records, and the same as the counter planned it.
    #[test]
    fn an_opening_balance_folds_the_same_in_any_order(
        stamps in 0u32..40, visits in 0u32..60, actions in prop::collection::vec(action(), 0..60), seed in any::<u64>()
    ) {
        let (counter, events, last) = run(stamps, visits, &actions);
        let size = counter.program().stamps_per_reward;
        let in_order = Customer::fold(last.id, &events);
        let mut twice = shuffled(&events, seed);
        twice.extend(shuffled(&events, seed.rotate_left(23)));
        prop_assert_eq!(in_order.summary(size), last.summary(size));
        prop_assert_eq!(Customer::fold(last.id, &twice).summary(size), last.summary(size));
        prop_assert_eq!(without_rev(arrive(&shuffled(&events, seed))), without_rev(Customer::fold(last.id, &events)));
        prop_assert_eq!(arrive(&shuffled(&events, seed)).summary(size), last.summary(size));
    }
}

#[test]
fn the_paper_cards_stamps_fill_the_card_first_and_its_visits_count() {
    let (_, _, last) = run(7, 12, &[Action::Stamp, Action::Stamp]);
    let summary = last.summary(8);
    // 7 from paper + 2 stamps = one full card of 8 and 1 on the next.
    assert_eq!((summary.rewards_ready, summary.stamps_on_card, summary.balance), (1, 1, 9));
    assert_eq!(summary.visits, 14);
    // The paper's visits have no time: the last visit is the counter's.
    assert!(summary.last_visit.is_some_and(|at| at > start()));
    let (_, events, imported) = run(3, 4, &[]);
    assert_eq!(events.len(), 2);
    assert_eq!(imported.summary(8).stamps_on_card, 3);
    assert_eq!(imported.summary(8).last_visit, None);
    // Nothing on the paper card: no opening balance at all.
    assert_eq!(run(0, 0, &[]).1.len(), 1);
}

#[test]
fn an_opening_balance_counts_once_and_round_trips_as_json() {
    let (_, events, last) = run(5, 2, &[]);
    let opening = events.iter().find(|event| matches!(event.kind, EventKind::OpeningBalance { .. })).unwrap();
    let mut again = last.clone();
    assert_eq!(again.apply(opening), ApplyOutcome::Unchanged);
    assert_eq!(again, last);
    let json = serde_json::to_string(opening).unwrap();
    assert!(json.contains(r#""type":"opening_balance""#), "{json}");
    assert_eq!(serde_json::from_str::<Event>(&json).unwrap(), *opening);
    // A record written before opening balances (no `ob`) still reads.
    let stored = serde_json::to_string(&last).unwrap();
    assert!(stored.contains(r#""ob":["#), "{stored}");
}

#[test]
fn every_id_an_import_makes_carries_its_prefix() {
    let (_, events, last) = run(5, 2, &[]);
    let import = ImportId([7; 8]);
    assert!(import.made(&last.id.0));
    assert!(events.iter().all(|event| import.made(&event.id.0)));
    let (low, high) = import.key_range();
    assert!(low <= last.id.0.to_hex() && last.id.0.to_hex() <= high);
    assert!(!ImportId([8; 8]).made(&last.id.0));
}
