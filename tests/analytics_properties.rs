//! Property tests of the dashboard's facts (issue 12): folded from the log in any order, with
//! repeats, or kept up to date one event at a time as the store does (in any arrival order,
//! rebuilding a customer when the record says so), they are the same, so every figure is too.
#![cfg(not(target_arch = "wasm32"))]

mod analytics_support;

use std::collections::BTreeMap;

use analytics_support::{customer, noon, Shop};
use mohar::domain::analytics::period::offset_minutes;
use mohar::domain::analytics::{apply_customer_event, fold_customer, report, CustomerFacts, DashFacts, FactsOutcome, Period, Prepared, ShopFacts};
use mohar::domain::follow_up::Status;
use mohar::domain::{ApplyOutcome, Country, Customer, CustomerId, Event};
use proptest::prelude::*;

/// One thing that happened at the shop, by day offset from 1 January 2026.
#[derive(Clone, Debug)]
enum Step {
    Visit { who: u8, day: u32, bill: Option<u64> },
    Undo { who: u8, back: usize },
    Redeem { who: u8, day: u32 },
    Rate { who: u8, day: u32, rating: u8 },
    Complain { who: u8, day: u32, resolve_after: Option<u32> },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (0u8..3, 0u32..120, prop::option::of(1u64..900)).prop_map(|(who, day, bill)| Step::Visit { who, day, bill }),
        1 => (0u8..3, 0usize..30).prop_map(|(who, back)| Step::Undo { who, back }),
        1 => (0u8..3, 0u32..120).prop_map(|(who, day)| Step::Redeem { who, day }),
        1 => (0u8..3, 0u32..120, 1u8..=5).prop_map(|(who, day, rating)| Step::Rate { who, day, rating }),
        1 => (0u8..3, 0u32..120, prop::option::of(0u32..5)).prop_map(|(who, day, resolve_after)| Step::Complain { who, day, resolve_after }),
    ]
}

fn at(day: u32, minute: i64) -> chrono::DateTime<chrono::Utc> {
    noon(2026, 1, 1, 0) + chrono::Duration::days(i64::from(day)) + chrono::Duration::minutes(minute)
}

/// The shop's events: three customers joining on day 0, then the steps.
fn shop(steps: &[Step]) -> Vec<Event> {
    let mut shop = Shop::default();
    let mut stamps: BTreeMap<u8, Vec<(mohar::domain::EventId, u32)>> = BTreeMap::new();
    for who in 0..3 {
        shop.join(customer(who + 1), "Asha", at(0, i64::from(who)), u32::from(who));
    }
    for (n, step) in steps.iter().enumerate() {
        let minute = n as i64;
        match *step {
            Step::Visit { who, day, bill } => {
                let id = shop.visit(customer(who + 1), at(day, minute), bill);
                stamps.entry(who).or_default().push((id, day));
            }
            Step::Undo { who, back } => {
                if let Some(list) = stamps.get(&who).filter(|list| !list.is_empty()) {
                    let (target, day) = list[list.len() - 1 - back % list.len()];
                    shop.void(customer(who + 1), at(day, minute + 1), target);
                }
            }
            Step::Redeem { who, day } => {
                shop.redeem(customer(who + 1), at(day, minute));
            }
            Step::Rate { who, day, rating } => {
                shop.rate(customer(who + 1), at(day, minute), rating);
            }
            Step::Complain { who, day, resolve_after } => {
                let complaint = shop.complain(customer(who + 1), at(day, minute));
                if let Some(after) = resolve_after {
                    shop.update(customer(who + 1), at(day + after, minute + 7), complaint, Status::Resolved);
                }
            }
        }
    }
    shop.events
}

/// What the store does: each event once, in arrival order, with the customer's record.
fn incremental(events: &[Event]) -> DashFacts {
    let mut records: BTreeMap<CustomerId, Customer> = BTreeMap::new();
    let mut facts = DashFacts::default();
    let mut seen: Vec<Event> = Vec::new();
    for event in events {
        seen.push(event.clone());
        if ShopFacts::counts(event) {
            facts.shop.apply(event);
        }
        let Some(id) = event.kind.customer() else { continue };
        let record = records.entry(id).or_insert_with(|| Customer::empty(id));
        let rebuild = record.apply(event) == ApplyOutcome::NeedsRebuild || {
            let entry = facts.customers.entry(id).or_insert_with(CustomerFacts::default);
            apply_customer_event(entry, event, record) == FactsOutcome::Rebuild
        };
        if rebuild {
            *record = Customer::fold(id, &seen);
            facts.customers.insert(id, fold_customer(id, &seen));
        }
    }
    facts
}

fn shuffled(events: &[Event], order: &[usize]) -> Vec<Event> {
    let mut events = events.to_vec();
    for (i, j) in order.iter().enumerate() {
        let len = events.len();
        events.swap(i % len, j % len);
    }
    events
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_facts_are_the_same_in_any_order_with_repeats(steps in prop::collection::vec(step(), 0..60), order in prop::collection::vec(any::<usize>(), 0..80), repeats in prop::collection::vec(any::<usize>(), 0..5)) {
        let events = shop(&steps);
        let mut mixed = shuffled(&events, &order);
        for repeat in repeats {
            mixed.push(events[repeat % events.len()].clone());
        }
        prop_assert_eq!(DashFacts::fold(&mixed), DashFacts::fold(&events));
    }

    #[test]
    fn kept_one_event_at_a_time_they_equal_the_fold(steps in prop::collection::vec(step(), 0..60), order in prop::collection::vec(any::<usize>(), 0..80)) {
        let events = shop(&steps);
        let arrived = shuffled(&events, &order);
        let kept = incremental(&arrived);
        let folded = DashFacts::fold(&events);
        prop_assert_eq!(&kept, &folded);
        // And so are the figures, here for the first quarter.
        let period = Period { start: mohar::domain::analytics::period::day_of_date(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()), end: mohar::domain::analytics::period::day_of_date(chrono::NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()) };
        let offset = offset_minutes(Country::India);
        prop_assert_eq!(report(&Prepared::new(&kept, offset), period, 30), report(&Prepared::new(&folded, offset), period, 30));
    }
}
