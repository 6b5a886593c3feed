//! Suite case about referrals (issue 10), for both back-ends: the friend's first stamp and the
//! bonus on both cards are one strict transaction, refused as a whole when either record changed
//! since it was planned.

use chrono::Duration;

use super::imp::{customer_id, device, now, program};
use crate::domain::perks::Perks;
use crate::domain::{Clock, Counter, Country, CustomerForm, EventId, SearchIndex, ShopProfile};
use crate::store::{rebuild_customer, Durability, Store, StoreError};

fn ids(n: u8) -> EventId {
    EventId::from_bytes([0x4f; 15].into_iter().chain([n]).collect::<Vec<u8>>().try_into().expect("16 bytes"))
}

/// A stamp saved to the referrer from another window after the friend's first stamp was
/// planned makes the whole change stale: neither card nor the log changes. Planned again from
/// the stored records, the stamp and both bonuses are written together, and each record is what
/// its own events fold to.
pub async fn a_referral_bonus_writes_both_records_in_one_transaction_or_nothing<S: Store>(store: &S) {
    let mut clock = Clock::new(device());
    let profile = ShopProfile { name: "Referral Tea".into(), country: Country::India };
    let set_up = Counter::plan_set_up(profile, program(), &mut clock, ids(1), now()).expect("set-up");
    assert_eq!(store.commit(&set_up, Durability::Strict).await, Ok(true));
    let mut counter = Counter::new(set_up.shop.clone().expect("shop"), clock, SearchIndex::default(), 0);
    let perks = counter.plan_perks_change(Perks { referral_stamps: 2, ..Perks::default() }, ids(2), now()).expect("perks");
    assert_eq!(store.commit(&perks, Durability::Strict).await, Ok(true));
    counter.committed(&perks);
    let mut add = |n: u8, name: &str, phone: &str, referred_by| {
        let form = CustomerForm { name: name.into(), phone: phone.into(), referred_by, ..CustomerForm::default() };
        let change = counter.plan_new_customer(&form, customer_id(n), ids(n + 10), now()).expect("planned");
        counter.committed(&change);
        change
    };
    let asha = add(1, "Asha", "9876543210", None);
    let ravi = add(2, "Ravi", "9876543211", Some(customer_id(1)));
    for change in [&asha, &ravi] {
        assert_eq!(store.commit(change, Durability::Strict).await, Ok(true));
    }
    let asha = asha.customer.expect("record");
    let ravi = ravi.customer.expect("record");
    let at = now() + Duration::minutes(5);
    let stamp = counter.plan_stamp(&ravi, None, ids(20), at).expect("planned");
    let first = counter.with_referral_bonus(stamp, &ravi, Some(&asha), [ids(21), ids(22)], at).expect("planned");
    assert_eq!(first.linked.len(), 2);

    // Another window stamps Asha first.
    let other = counter.plan_stamp(&asha, None, ids(30), at).expect("planned");
    assert_eq!(store.commit(&other, Durability::Strict).await, Ok(true));
    counter.committed(&other);
    let events_before = store.events().await.expect("log").len();
    assert_eq!(store.commit(&first, Durability::Strict).await, Err(StoreError::Stale));
    counter.abandoned(&first);
    assert_eq!(store.events().await.expect("log").len(), events_before, "nothing of the change was written");
    assert_eq!(store.customer(ravi.id).await, Ok(Some(ravi.clone())));

    // Planned again from what is stored now: all three events and both records together.
    let asha = store.customer(asha.id).await.expect("read").expect("stored");
    let stamp = counter.plan_stamp(&ravi, None, ids(40), at).expect("planned");
    let again = counter.with_referral_bonus(stamp, &ravi, Some(&asha), [ids(41), ids(42)], at).expect("planned");
    assert_eq!(store.commit(&again, Durability::Strict).await, Ok(true));
    assert_eq!(store.events().await.expect("log").len(), events_before + 3);
    let stored_ravi = store.customer(ravi.id).await.expect("read").expect("stored");
    let stored_asha = store.customer(asha.id).await.expect("read").expect("stored");
    assert_eq!(Some(&stored_ravi), again.customer.as_ref());
    assert_eq!(Some(&stored_asha), again.linked[1].customer.as_ref());
    assert_eq!(stored_ravi.summary(10).stamps_on_card, 1 + 1 + 2, "welcome, the visit and the bonus");
    assert_eq!(stored_asha.summary(10).stamps_on_card, 1 + 1 + 2, "welcome, the other window's visit and the bonus");
    assert_eq!(stored_asha.friends_brought(), 1);
    for stored in [&stored_ravi, &stored_asha] {
        assert_eq!(rebuild_customer(store, stored.id, stored.rev).await.as_ref(), Ok(stored), "the log alone gives the record");
    }
}
