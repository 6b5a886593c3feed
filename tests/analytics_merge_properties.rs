//! Property tests of the dashboard's facts with merged duplicates (issues 12 and 14): folded
//! from the log in any arrival order, with repeats, the facts are the same, and every visit is
//! counted once, on the card its group kept.
#![cfg(not(target_arch = "wasm32"))]

mod analytics_support;

use analytics_support::{customer, noon, Shop};
use mohar::domain::analytics::DashFacts;
use mohar::domain::EventKind;
use proptest::prelude::*;

/// Four customers joining on day 0, then visits and merges, by day offset from 1 January 2026.
fn shop(visits: &[(u8, u32)], merges: &[(u8, u8, u32)]) -> Vec<mohar::domain::Event> {
    let mut shop = Shop::default();
    let at = |day: u32, minute: usize| noon(2026, 1, 1, 0) + chrono::Duration::days(i64::from(day)) + chrono::Duration::minutes(minute as i64);
    for who in 0..4u8 {
        shop.join(customer(who + 1), "Asha", at(0, usize::from(who)), 0);
    }
    for (n, &(who, day)) in visits.iter().enumerate() {
        shop.visit(customer(who + 1), at(day, n + 10), None);
    }
    for (n, &(kept, merged, day)) in merges.iter().enumerate() {
        if kept != merged {
            shop.push(at(day, n + 500), EventKind::CustomersMerged { kept: customer(kept + 1), merged: customer(merged + 1) });
        }
    }
    shop.events
}

fn shuffled<T: Clone>(items: &[T], order: &[usize]) -> Vec<T> {
    let mut items = items.to_vec();
    for (i, j) in order.iter().enumerate() {
        let len = items.len();
        items.swap(i % len, j % len);
    }
    items
}

/// How many groups the merges leave of the four customers.
fn groups(merges: &[(u8, u8, u32)]) -> usize {
    let mut group: Vec<usize> = (0..4).collect();
    for &(kept, merged, _) in merges {
        let (from, to) = (group[usize::from(merged)], group[usize::from(kept)]);
        for member in group.iter_mut().filter(|member| **member == from) {
            *member = to;
        }
    }
    let mut distinct = group;
    distinct.sort_unstable();
    distinct.dedup();
    distinct.len()
}

/// Visits counted by the facts, over the customers not left out (removed or merged away).
fn visits_counted(facts: &DashFacts) -> usize {
    facts.customers.values().filter(|customer| !customer.removed).map(|customer| customer.entries.iter().filter(|entry| entry.is_visit()).count()).sum()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn with_merges_the_facts_are_the_same_in_any_order_and_count_every_visit_once(
        visits in prop::collection::vec((0u8..4, 0u32..120), 0..40),
        merges in prop::collection::vec((0u8..4, 0u8..4, 0u32..120), 0..4),
        order in prop::collection::vec(any::<usize>(), 0..80),
        repeats in prop::collection::vec(any::<usize>(), 0..5),
    ) {
        let events = shop(&visits, &merges);
        let mut arrived = shuffled(&events, &order);
        for repeat in repeats {
            arrived.push(events[repeat % events.len()].clone());
        }
        let in_order = DashFacts::fold(&events);
        prop_assert_eq!(&DashFacts::fold(&arrived), &in_order);
        // No visit lost or counted twice, whichever cards were merged into which.
        prop_assert_eq!(visits_counted(&in_order), visits.len());
        // A merged card is left out of the figures: as many customers count as there are
        // groups (the customers joined by merges, in either direction).
        let counted = in_order.customers.values().filter(|customer| !customer.removed).count();
        prop_assert_eq!(counted, groups(&merges));
    }
}
