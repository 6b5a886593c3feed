use chrono::{Duration, TimeZone};

use super::*;
use crate::domain::perks::Perks;
use crate::domain::referral::code;
use crate::domain::{Clock, Country, DeviceId, Program, SearchIndex, ShopProfile};

use crate::domain::counter::tests::Ids;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 5, 9, 0, 0).unwrap()
}

fn shop(referral_stamps: u32) -> (Counter, Ids) {
    let mut ids = Ids(0);
    let mut clock = Clock::new(DeviceId::from_bytes([7; 16]));
    let profile = ShopProfile { name: "Chai Point".into(), country: Country::India };
    let change = Counter::plan_set_up(profile, Program::default(), &mut clock, ids.event(), now()).unwrap();
    let mut counter = Counter::new(change.shop.unwrap(), clock, SearchIndex::default(), 0);
    let perks = counter.plan_perks_change(Perks { referral_stamps, ..Perks::default() }, ids.event(), now()).unwrap();
    counter.committed(&perks);
    (counter, ids)
}

fn add(counter: &mut Counter, ids: &mut Ids, name: &str, phone: &str, referred_by: Option<CustomerId>) -> Result<Customer, DomainError> {
    let id = CustomerId::from_bytes([100 + ids.0; 16]);
    let form = CustomerForm { name: name.into(), phone: phone.into(), referred_by, ..CustomerForm::default() };
    let change = counter.plan_new_customer(&form, id, ids.event(), now())?;
    counter.committed(&change);
    Ok(change.customer.unwrap())
}

/// Stamps a visit as the customer screen does, with the bonus when it is due; returns the
/// change (to undo its stamp) and both records after it.
fn stamp(counter: &mut Counter, ids: &mut Ids, friend: &Customer, referrer: &Customer, minutes: i64) -> (Change, Customer, Customer) {
    let at = now() + Duration::minutes(minutes);
    let planned = counter.plan_stamp(friend, None, ids.event(), at).unwrap();
    let bonus_ids = [ids.event(), ids.event()];
    let change = counter.with_referral_bonus(planned, friend, Some(referrer), bonus_ids, at).unwrap();
    counter.committed(&change);
    let referrer = change.linked.iter().find_map(|linked| linked.customer.clone()).unwrap_or_else(|| referrer.clone());
    (change.clone(), change.customer.clone().unwrap(), referrer)
}

#[test]
fn the_first_stamp_gives_both_their_bonus_once_even_after_undo_and_redo() {
    let (mut counter, mut ids) = shop(3);
    let asha = add(&mut counter, &mut ids, "Asha", "9876543210", None).unwrap();
    let found = counter.find_referrer(&code(asha.id)).unwrap().id;
    assert_eq!(found, asha.id);
    let ravi = add(&mut counter, &mut ids, "Ravi", "9876543211", Some(found)).unwrap();
    assert_eq!(ravi.referred_by, Some(asha.id));

    let (first, ravi, asha) = stamp(&mut counter, &mut ids, &ravi, &asha, 1);
    assert_eq!(first.linked.len(), 2, "the friend's and the referrer's bonus, in the same transaction");
    assert_eq!(ravi.summary(10).stamps_on_card, 1 + 3);
    assert_eq!(ravi.summary(10).visits, 1, "the bonus is not a visit");
    assert_eq!(asha.summary(10).stamps_on_card, 3);
    assert_eq!(asha.friends_brought(), 1);
    assert!(ravi.referral_bonus_received());

    // Undo the first stamp: the bonus stays; stamp again: nothing more.
    let undo = counter.plan_undo(&ravi, first.event.id, ids.event(), now() + Duration::minutes(2)).unwrap();
    counter.committed(&undo);
    let ravi = undo.customer.unwrap();
    assert_eq!(ravi.summary(10).stamps_on_card, 3);
    let (again, ravi, asha) = stamp(&mut counter, &mut ids, &ravi, &asha, 3);
    assert!(again.linked.is_empty());
    assert_eq!(ravi.summary(10).stamps_on_card, 4);
    assert_eq!(asha.summary(10).stamps_on_card, 3);
    // A later visit gives none either.
    let (later, _, asha) = stamp(&mut counter, &mut ids, &ravi, &asha, 600);
    assert!(later.linked.is_empty());
    assert_eq!(asha.friends_brought(), 1);
}

#[test]
fn the_bonus_changes_are_planned_from_both_stored_records() {
    let (mut counter, mut ids) = shop(2);
    let asha = add(&mut counter, &mut ids, "Asha", "9876543210", None).unwrap();
    let ravi = add(&mut counter, &mut ids, "Ravi", "9876543211", Some(asha.id)).unwrap();
    let planned = counter.plan_stamp(&ravi, None, ids.event(), now()).unwrap();
    let change = counter.with_referral_bonus(planned, &ravi, Some(&asha), [ids.event(), ids.event()], now()).unwrap();
    assert_eq!(change.base_rev, Some(ravi.rev));
    assert_eq!(change.linked[0].customer, None, "the friend's record rides on the stamp's change");
    assert_eq!(change.linked[1].base_rev, Some(asha.rev));
    assert_eq!(change.linked[1].customer.as_ref().map(|c| c.id), Some(asha.id));
    // Every event records who is at the counter.
    assert!(std::iter::once(&change).chain(&change.linked).all(|c| c.event.actor == counter.actor()));
}

#[test]
fn no_bonus_when_the_shop_gives_none_or_for_more_stamps_of_the_same_visit() {
    let (mut counter, mut ids) = shop(0);
    let asha = add(&mut counter, &mut ids, "Asha", "9876543210", None).unwrap();
    let ravi = add(&mut counter, &mut ids, "Ravi", "9876543211", Some(asha.id)).unwrap();
    let (change, _, _) = stamp(&mut counter, &mut ids, &ravi, &asha, 1);
    assert!(change.linked.is_empty());

    let (mut counter, mut ids) = shop(2);
    let asha = add(&mut counter, &mut ids, "Asha", "9876543210", None).unwrap();
    let ravi = add(&mut counter, &mut ids, "Ravi", "9876543211", Some(asha.id)).unwrap();
    let another = counter.plan_another_stamp(&ravi, None, ids.event(), now()).unwrap();
    let change = counter.with_referral_bonus(another, &ravi, Some(&asha), [ids.event(), ids.event()], now()).unwrap();
    assert!(change.linked.is_empty());
    // Someone else's record offered as the referrer gives nothing.
    let sita = add(&mut counter, &mut ids, "Sita", "9876543212", None).unwrap();
    let (change, _, _) = stamp(&mut counter, &mut ids, &ravi, &sita, 1);
    assert!(change.linked.is_empty());
}

#[test]
fn a_customer_cannot_refer_themselves_or_be_referred_by_a_removed_customer() {
    let (mut counter, mut ids) = shop(2);
    let asha = add(&mut counter, &mut ids, "Asha", "9876543210", None).unwrap();
    // The new customer's own number, typed again as "Referred by".
    assert_eq!(add(&mut counter, &mut ids, "Asha V", "98765 43210", Some(asha.id)), Err(DomainError::Referral(ReferralError::SelfReferral)));
    // Their own new number typed as "Referred by" (nobody has it yet).
    assert_eq!(counter.find_referrer_of("+91 98765 43219", "9876543219").map(|e| e.id), Err(DomainError::Referral(ReferralError::SelfReferral)));
    assert_eq!(counter.find_referrer_of("9876543210", "9876543219").map(|e| e.id), Ok(asha.id));
    let removal = counter.plan_remove_customer(&asha, ids.event(), now()).unwrap();
    counter.committed(&removal);
    assert_eq!(add(&mut counter, &mut ids, "Ravi", "9876543211", Some(asha.id)), Err(DomainError::Referral(ReferralError::ReferrerRemoved)));
}
