//! Examples of merging: who is kept, what the kept card holds, what the merged one says.

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::domain::event::Actor;
use crate::domain::hlc::Hlc;
use crate::domain::ids::DeviceId;
use crate::domain::phone::{Country, Phone};

fn customer(n: u8) -> CustomerId {
    CustomerId::from_bytes([n; 16])
}

fn event(n: u8, millis: i64, kind: EventKind) -> Event {
    let device = DeviceId::from_bytes([n % 2 + 1; 16]);
    Event {
        id: EventId::from_bytes([n; 16]),
        device,
        hlc: Hlc { millis, counter: 0, device },
        at: Utc.timestamp_millis_opt(1_793_527_200_000 + millis).unwrap(),
        actor: Actor::Owner,
        kind,
    }
}

fn profile(name: &str, notes: &str, tags: Vec<u16>) -> CustomerProfile {
    let phone = Phone::parse("98765 43210", Country::India).unwrap();
    let mut profile = CustomerProfile { name: name.into(), phone, birthday: None, notes: notes.into(), extras: Default::default() };
    profile.extras.tags = tags;
    profile
}

fn added(n: u8, who: u8, profile: CustomerProfile) -> Event {
    event(n, i64::from(n), EventKind::CustomerAdded { customer: customer(who), profile, welcome_stamps: 0, card_size: Some(5), referred_by: None })
}

fn stamp(n: u8, who: u8) -> Event {
    event(n, i64::from(n) * 1_000, EventKind::StampsAdded { customer: customer(who), stamps: 1, bill: None, card_size: Some(5), same_visit: false, cooldown_override: false })
}

fn merged(n: u8, millis: i64, kept: u8, merged: u8) -> Event {
    event(n, millis, EventKind::CustomersMerged { kept: customer(kept), merged: customer(merged) })
}

#[test]
fn the_kept_card_holds_both_cards_stamps_and_the_profile_it_lacked() {
    let mut asha = profile("Asha", "", vec![2]);
    asha.birthday = None;
    let mut twin = profile("Asha S", "less sugar", vec![1, 2]);
    twin.birthday = NaiveDate::from_ymd_opt(1990, 5, 1);
    let events = [added(1, 1, asha), added(2, 2, twin), stamp(3, 1), stamp(4, 2), stamp(5, 2), merged(6, 10_000, 1, 2)];
    let records = fold_with_merges(&events);
    let kept = &records[&customer(1)];
    assert_eq!(kept.summary(5).stamps_on_card, 3);
    assert_eq!(kept.summary(5).visits, 3);
    let profile = kept.profile.as_ref().unwrap();
    assert_eq!((profile.name.as_str(), profile.notes.as_str(), profile.birthday), ("Asha", "less sugar", NaiveDate::from_ymd_opt(1990, 5, 1)));
    assert_eq!(profile.extras.tags, vec![1, 2]);
    assert_eq!(kept.merged, vec![customer(2)]);
    assert!(!kept.is_removed());
    let gone = &records[&customer(2)];
    assert_eq!(gone.merged_into, Some(customer(1)));
    assert!(gone.is_removed(), "a merged customer is out like a removed one");
    // Without the merge, each card keeps its own.
    let apart = fold_with_merges(&events[..5]);
    assert_eq!(apart[&customer(1)].summary(5).stamps_on_card, 1);
    assert!(!apart[&customer(2)].is_removed());
}

#[test]
fn of_two_merges_of_one_pair_the_earliest_decides_who_is_kept() {
    let base = [added(1, 1, profile("Asha", "", vec![])), added(2, 2, profile("Asha", "", vec![])), stamp(3, 1), stamp(4, 2)];
    let mut events = base.to_vec();
    events.push(merged(6, 20_000, 1, 2));
    events.push(merged(7, 10_000, 2, 1));
    let records = fold_with_merges(&events);
    assert_eq!(records[&customer(1)].merged_into, Some(customer(2)));
    assert_eq!(records[&customer(2)].summary(5).stamps_on_card, 2);
    events.reverse();
    assert_eq!(fold_with_merges(&events), records);
}

#[test]
fn a_chain_of_merges_keeps_one_card_with_every_stamp() {
    let mut events: Vec<Event> = (1..=3).map(|who| added(who, who, profile("Asha", "", vec![]))).collect();
    events.extend([stamp(4, 1), stamp(5, 2), stamp(6, 3), merged(7, 10_000, 2, 3), merged(8, 11_000, 1, 2)]);
    let records = fold_with_merges(&events);
    assert_eq!(records[&customer(1)].summary(5).stamps_on_card, 3);
    assert_eq!(records[&customer(1)].merged, vec![customer(2), customer(3)]);
    assert_eq!(records[&customer(3)].merged_into, Some(customer(1)));
    // The stored records name the whole group from any member.
    let group = group_of(customer(3), &records);
    assert_eq!(group, [customer(1), customer(2), customer(3)].into());
}

#[test]
fn a_merge_needs_two_customers_still_on_the_books() {
    let records = fold_with_merges(&[added(1, 1, profile("Asha", "", vec![])), added(2, 2, profile("Asha", "", vec![]))]);
    let (one, two) = (&records[&customer(1)], &records[&customer(2)]);
    assert_eq!(merge(one, one), Err(DomainError::MergeSameCustomer));
    assert_eq!(merge(one, two), Ok(EventKind::CustomersMerged { kept: customer(1), merged: customer(2) }));
    let mut removed = two.clone();
    removed.merged_into = Some(customer(1));
    assert_eq!(merge(one, &removed), Err(DomainError::CustomerRemoved));
}

#[test]
fn a_merged_record_reads_back_with_its_merge() {
    let events = [added(1, 1, profile("Asha", "", vec![])), added(2, 2, profile("Asha", "", vec![])), merged(3, 10_000, 1, 2)];
    for record in fold_with_merges(&events).into_values() {
        let json = serde_json::to_string(&record).unwrap();
        assert_eq!(serde_json::from_str::<Customer>(&json).unwrap(), record, "{json}");
    }
}

#[test]
fn the_merged_customer_leaves_search_and_the_kept_one_is_found_by_the_phone() {
    let events = [added(1, 1, profile("Asha", "", vec![])), added(2, 2, profile("Asha", "", vec![])), stamp(3, 2)];
    let mut index = crate::domain::SearchIndex::default();
    for record in fold_with_merges(&events).values() {
        index.apply_customer(record);
    }
    assert_eq!(index.len(), 2);
    let mut all = events.to_vec();
    all.push(merged(4, 10_000, 1, 2));
    for record in fold_with_merges(&all).values() {
        index.apply_customer(record);
    }
    assert_eq!(index.len(), 1, "the merged customer is out of search, as a removed one");
    let found = index.find_phone("+919876543210").expect("the kept card");
    assert_eq!(found.id, customer(1));
}

#[test]
fn the_owners_void_on_a_kept_card_keeps_the_merged_cards_stamps() {
    use crate::domain::{Clock, Counter, Earning, Program, SearchIndex, ShopProfile};
    let program = Program { stamps_per_reward: 5, reward: "chai".into(), earning: Earning::PerVisit { stamps: 1 }, welcome_stamps: 0 };
    let mut clock = Clock::new(DeviceId::from_bytes([1; 16]));
    let now = Utc.timestamp_millis_opt(1_793_527_200_000 + 100_000).unwrap();
    let set_up = Counter::plan_set_up(ShopProfile { name: "Tea".into(), country: Country::India }, program, &mut clock, EventId::from_bytes([0xee; 16]), now).unwrap();
    let mut counter = Counter::new(set_up.shop.clone().unwrap(), clock, SearchIndex::default(), 0);
    let events = [added(1, 1, profile("Asha", "", vec![])), added(2, 2, profile("Asha", "", vec![])), stamp(3, 1), stamp(4, 1), stamp(5, 2), merged(6, 10_000, 1, 2)];
    let kept = fold_with_merges(&events).remove(&customer(1)).unwrap();
    assert_eq!(kept.stamps_earned(), 3);
    let change = counter.plan_owner_void(&kept, &events, EventId::from_bytes([3; 16]), "entered twice", EventId::from_bytes([7; 16]), now).unwrap();
    let after = change.customer.unwrap();
    assert_eq!(after.stamps_earned(), 2, "one stamp voided, the merged card's stamp kept");
    assert_eq!(after.merged, vec![customer(2)]);
}

/// The owner's void checks "not below zero" on the kept card as it is, the whole group's
/// stamps: two stamps of its own and four of the merged card, one reward of five redeemed
/// after the merge. Voiding one of its own stamps leaves five: allowed (its own log alone has
/// one stamp for that reward). A stamp of the merged card is the kept card's to void too; a
/// void that would leave four is refused.
#[test]
fn the_owners_void_on_a_kept_card_counts_the_whole_groups_stamps() {
    use crate::domain::owner_fix::owner_void;
    let redeemed = event(30, 30_000, EventKind::RewardRedeemed { customer: customer(1), stamps_used: 5, reward: "chai".into() });
    let mut events = vec![added(1, 1, profile("Asha", "", vec![])), added(2, 2, profile("Asha", "", vec![])), stamp(3, 1), stamp(4, 1)];
    events.extend([5, 8, 9, 10].map(|n| stamp(n, 2)));
    events.extend([merged(20, 20_000, 1, 2), redeemed]);
    let kept = fold_with_merges(&events).remove(&customer(1)).unwrap();
    assert_eq!((kept.stamps_earned(), kept.cards().redeemed), (6, 1));

    let void = owner_void(customer(1), &events, EventId::from_bytes([3; 16]), "entered twice", 5).expect("five stamps stay for the one reward");
    assert_eq!(void, EventKind::OwnerVoided { customer: customer(1), target: EventId::from_bytes([3; 16]), target_hlc: Hlc { millis: 3_000, counter: 0, device: DeviceId::from_bytes([2; 16]) }, reason: "entered twice".into() });
    assert!(owner_void(customer(1), &events, EventId::from_bytes([8; 16]), "entered twice", 5).is_ok(), "the merged card's stamp is the kept card's");
    events.push(event(31, 31_000, void));
    assert_eq!(owner_void(customer(1), &events, EventId::from_bytes([3; 16]), "again", 5), Err(DomainError::AlreadyVoided));
    assert_eq!(owner_void(customer(1), &events, EventId::from_bytes([9; 16]), "entered twice", 5), Err(DomainError::VoidWouldGoNegative));
}
