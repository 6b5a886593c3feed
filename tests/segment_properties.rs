//! Property tests of segments (issue 12): the count is the list's length, conditions compose
//! (the customers of "a and b" are those of a that are also in b), and a segment checked on the
//! dashboard's facts picks exactly the customers it picks checked on their records (what a
//! campaign's audience does), so the screen's count is the campaign's.
#![cfg(not(target_arch = "wasm32"))]

mod analytics_support;

use std::collections::BTreeSet;

use analytics_support::{customer, noon, Shop};
use mohar::domain::analytics::period::{day_of_date, offset_minutes};
use mohar::domain::analytics::segment::{count, members, Row, Segment, Shape};
use mohar::domain::analytics::{DashFacts, Prepared};
use mohar::domain::messages::{ConsentHow, MessagingChange};
use mohar::domain::perks::Tier;
use mohar::domain::{Country, Customer, CustomerId, CustomerProfile, EventKind, Phone};
use proptest::prelude::*;

const CUSTOMERS: u8 = 6;

/// One thing that happened, by day offset from 1 January 2026.
#[derive(Clone, Debug)]
enum Step {
    Visit { who: u8, day: u32, bill: Option<u64> },
    Undo { who: u8, back: usize },
    Redeem { who: u8, day: u32 },
    Edit { who: u8, day: u32, tags: Vec<u16>, birthday: Option<(u32, u32)> },
    Consent { who: u8, day: u32, given: bool },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        8 => (0..CUSTOMERS, 0u32..150, prop::option::of(1u64..900)).prop_map(|(who, day, bill)| Step::Visit { who, day, bill }),
        1 => (0..CUSTOMERS, 0usize..30).prop_map(|(who, back)| Step::Undo { who, back }),
        1 => (0..CUSTOMERS, 0u32..150).prop_map(|(who, day)| Step::Redeem { who, day }),
        2 => (0..CUSTOMERS, 0u32..150, prop::collection::btree_set(0u16..4, 0..3), prop::option::of((1u32..=12, 1u32..=28))).prop_map(|(who, day, tags, birthday)| Step::Edit { who, day, tags: tags.into_iter().collect(), birthday }),
        2 => (0..CUSTOMERS, 0u32..150, any::<bool>()).prop_map(|(who, day, given)| Step::Consent { who, day, given }),
    ]
}

fn at(day: u32, minute: i64) -> chrono::DateTime<chrono::Utc> {
    noon(2026, 1, 1, 0) + chrono::Duration::days(i64::from(day)) + chrono::Duration::minutes(minute)
}

fn profile(who: u8, tags: Vec<u16>, birthday: Option<(u32, u32)>) -> CustomerProfile {
    let mut profile = CustomerProfile { name: format!("Customer {who}"), phone: Phone::parse("9876543210", Country::India).unwrap(), birthday: birthday.and_then(|(m, d)| chrono::NaiveDate::from_ymd_opt(1990, m, d)), notes: String::new(), extras: Default::default() };
    profile.extras.tags = tags;
    profile
}

fn shop(steps: &[Step]) -> Vec<mohar::domain::Event> {
    let mut shop = Shop::default();
    let mut stamps: Vec<Vec<mohar::domain::EventId>> = vec![Vec::new(); usize::from(CUSTOMERS)];
    for who in 0..CUSTOMERS {
        shop.join(customer(who + 1), "Asha", at(0, i64::from(who)), u32::from(who % 2));
    }
    for (n, step) in steps.iter().enumerate() {
        let minute = n as i64;
        match step {
            Step::Visit { who, day, bill } => stamps[usize::from(*who)].push(shop.visit(customer(who + 1), at(*day, minute), *bill)),
            Step::Undo { who, back } => {
                let list = &stamps[usize::from(*who)];
                if !list.is_empty() {
                    let target = list[list.len() - 1 - back % list.len()];
                    shop.void(customer(who + 1), at(150, minute), target);
                }
            }
            Step::Redeem { who, day } => {
                shop.redeem(customer(who + 1), at(*day, minute));
            }
            Step::Edit { who, day, tags, birthday } => {
                shop.push(at(*day, minute), EventKind::CustomerEdited { customer: customer(who + 1), profile: profile(*who, tags.clone(), *birthday) });
            }
            Step::Consent { who, day, given } => {
                let change = MessagingChange { consent: Some((*given, ConsentHow::Counter)), ..MessagingChange::default() };
                shop.push(at(*day, minute), EventKind::MessagingChanged { customer: customer(who + 1), change });
            }
        }
    }
    shop.events
}

fn segment() -> impl Strategy<Value = Segment> {
    (
        (prop::option::of(0u32..120), prop::option::of(0u32..120), prop::option::of(0u32..10), prop::option::of(0u32..20)),
        (prop::option::of(0i64..50_000), prop::option::of(0i64..200_000), prop::option::of(prop::sample::select(vec!["Gold", "Regular"]))),
        (prop::collection::vec(0u16..4, 0..2), any::<bool>(), any::<bool>(), any::<bool>()),
    )
        .prop_map(|((not_seen_for, seen_within, min_visits, max_visits), (min_spend, max_spend, tier), (tags, birthday_this_month, reward_ready, consent))| Segment {
            not_seen_for,
            seen_within,
            min_visits,
            max_visits,
            min_spend,
            max_spend,
            tiers: tier.into_iter().map(str::to_owned).collect(),
            tags,
            birthday_this_month,
            reward_ready,
            consent,
        })
}

fn tiers() -> Vec<Tier> {
    vec![Tier { name: "Gold".into(), visits: 6, days: 60, discount_percent: 5, bonus_stamps: 0 }, Tier { name: "Regular".into(), visits: 3, days: 30, discount_percent: 0, bonus_stamps: 0 }]
}

fn ids(list: &[mohar::domain::analytics::segment::Member]) -> BTreeSet<CustomerId> {
    list.iter().map(|member| member.customer).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_count_is_the_lists_length_most_valuable_first(steps in prop::collection::vec(step(), 0..80), filter in segment(), today in 100u32..200) {
        let events = shop(&steps);
        let offset = offset_minutes(Country::India);
        let prepared = Prepared::new(&DashFacts::fold(&events), offset);
        let tiers = tiers();
        let shape = Shape { tiers: &tiers, stamps_per_reward: 5, today: day_of_date(at(today, 0).date_naive()), offset };
        let list = members(&prepared, &filter, &shape);
        prop_assert_eq!(count(&prepared, &filter, &shape), list.len());
        prop_assert_eq!(ids(&list).len(), list.len());
        prop_assert!(list.windows(2).all(|pair| (pair[0].spend, pair[0].visits) >= (pair[1].spend, pair[1].visits)));
    }

    #[test]
    fn conditions_compose(steps in prop::collection::vec(step(), 0..80), a in segment(), b in segment(), today in 100u32..200) {
        let events = shop(&steps);
        let offset = offset_minutes(Country::India);
        let prepared = Prepared::new(&DashFacts::fold(&events), offset);
        let tiers = tiers();
        let shape = Shape { tiers: &tiers, stamps_per_reward: 5, today: day_of_date(at(today, 0).date_naive()), offset };
        let both = ids(&members(&prepared, &a.and(&b), &shape));
        let each: BTreeSet<CustomerId> = ids(&members(&prepared, &a, &shape)).intersection(&ids(&members(&prepared, &b, &shape))).copied().collect();
        prop_assert_eq!(&both, &each);
        // In either order, and adding a condition again changes nothing.
        prop_assert_eq!(&ids(&members(&prepared, &b.and(&a).and(&a), &shape)), &both);
    }

    #[test]
    fn facts_and_records_pick_the_same_customers(steps in prop::collection::vec(step(), 0..80), filter in segment(), today in 100u32..200) {
        let events = shop(&steps);
        let offset = offset_minutes(Country::India);
        let prepared = Prepared::new(&DashFacts::fold(&events), offset);
        let tiers = tiers();
        let shape = Shape { tiers: &tiers, stamps_per_reward: 5, today: day_of_date(at(today, 0).date_naive()), offset };
        let from_facts = ids(&members(&prepared, &filter, &shape));
        let from_records: BTreeSet<CustomerId> = (0..CUSTOMERS)
            .map(|who| Customer::fold(customer(who + 1), &events))
            .filter(|record| filter.matches(&Row::of_record(record, &shape), &shape))
            .map(|record| record.id)
            .collect();
        prop_assert_eq!(from_facts, from_records);
    }
}

/// A small shop worked out by hand. Asha joined on 1 January 2026 and came on days 0, 10 and 20
/// with bills of ₹100, ₹200 and ₹300; she allowed offers, has tag 1 and a birthday on 5 March.
/// Bina joined and came on day 0, without a bill. Chitra joined on day 50 and never came. Today
/// is day 60, 2 March 2026.
#[test]
fn a_small_shop_worked_out_by_hand() {
    let mut shop = Shop::default();
    let (asha, bina, chitra) = (customer(1), customer(2), customer(3));
    shop.join(asha, "Asha", at(0, 0), 0);
    shop.join(bina, "Bina", at(0, 1), 0);
    for (day, bill) in [(0, 100), (10, 200), (20, 300)] {
        shop.visit(asha, at(day, 5), Some(bill));
    }
    shop.visit(bina, at(0, 6), None);
    shop.push(at(1, 0), EventKind::CustomerEdited { customer: asha, profile: profile(0, vec![1], Some((3, 5))) });
    shop.push(at(1, 1), EventKind::MessagingChanged { customer: asha, change: MessagingChange { consent: Some((true, ConsentHow::Counter)), ..MessagingChange::default() } });
    shop.join(chitra, "Chitra", at(50, 0), 0);

    let offset = offset_minutes(Country::India);
    let prepared = Prepared::new(&DashFacts::fold(&shop.events), offset);
    let tiers = tiers();
    let shape = Shape { tiers: &tiers, stamps_per_reward: 5, today: day_of_date(at(60, 0).date_naive()), offset };
    let picked = |segment: Segment| members(&prepared, &segment, &shape).into_iter().map(|member| member.customer).collect::<Vec<_>>();

    assert_eq!(picked(Segment::default()), vec![asha, bina, chitra], "everyone, Asha first by spend, then by visits and the latest visit");
    assert_eq!(picked(Segment { not_seen_for: Some(30), ..Segment::default() }), vec![asha, bina], "gone 40 and 60 days; Chitra never came");
    assert_eq!(picked(Segment { not_seen_for: Some(30), consent: true, ..Segment::default() }), vec![asha]);
    assert_eq!(picked(Segment { not_seen_for: Some(41), ..Segment::default() }), vec![bina], "Asha is gone exactly 40 days");
    assert_eq!(picked(Segment { seen_within: Some(40), ..Segment::default() }), vec![asha]);
    assert_eq!(picked(Segment { min_visits: Some(2), ..Segment::default() }), vec![asha]);
    assert_eq!(picked(Segment { max_visits: Some(0), ..Segment::default() }), vec![chitra]);
    assert_eq!(picked(Segment { min_spend: Some(60_000), ..Segment::default() }), vec![asha], "₹600 in paise");
    assert_eq!(picked(Segment { min_spend: Some(60_001), ..Segment::default() }), Vec::<CustomerId>::new());
    assert_eq!(picked(Segment { tags: vec![1], ..Segment::default() }), vec![asha]);
    assert_eq!(picked(Segment { birthday_this_month: true, ..Segment::default() }), vec![asha], "5 March, in March");
    assert_eq!(picked(Segment { reward_ready: true, ..Segment::default() }), Vec::<CustomerId>::new(), "three stamps of five");
    // No visit in the last 30 days makes no one a regular today; on day 25 Asha's three visits
    // within 30 days make her one.
    assert_eq!(picked(Segment { tiers: vec!["Regular".into()], ..Segment::default() }), Vec::<CustomerId>::new());
    let day_25 = Shape { today: day_of_date(at(25, 0).date_naive()), ..shape };
    assert_eq!(members(&prepared, &Segment { tiers: vec!["Regular".into()], ..Segment::default() }, &day_25).len(), 1);
    assert_eq!(mohar::domain::analytics::segment::tier_counts(&prepared, &day_25), vec![0, 1]);
}
