//! Suite cases about what a sync reads and writes (issue 14), for both back-ends.

use std::collections::BTreeMap;

use chrono::Duration;

use super::imp::{customer_id, device, now, program};
use crate::domain::feedback::Topic;
use crate::domain::follow_up::{ApologyChoice, Kind, Status};
use crate::domain::sync::{plan_received, ReceivedPlan};
use crate::domain::{Change, Clock, Counter, Country, Customer, CustomerForm, DeviceId, Event, EventId, Hlc, SearchIndex, ShopProfile};
use crate::store::{Durability, Store, StoreError};
use crate::session::receive::store_received;

pub(super) fn ids(n: u8) -> EventId {
    EventId::from_bytes([0x5c; 15].into_iter().chain([n]).collect::<Vec<u8>>().try_into().expect("16 bytes"))
}

/// A shop set up on `device()` with one customer, Asha (`customer_id(1)`), both committed
/// (events `ids(1)` and `ids(2)`): the counter that planned them, and what adding her made.
pub(super) async fn shop_with_asha<S: Store>(store: &S) -> (Counter, Change) {
    let mut clock = Clock::new(device());
    let profile = ShopProfile { name: "Sync Tea".into(), country: Country::India };
    let set_up = Counter::plan_set_up(profile, program(), &mut clock, ids(1), now()).expect("set-up");
    assert_eq!(store.commit(&set_up, Durability::Strict).await, Ok(true));
    let mut counter = Counter::new(set_up.shop.clone().expect("shop"), clock, SearchIndex::default(), 0);
    let form = CustomerForm { name: "Asha".into(), phone: "9876543210".into(), ..CustomerForm::default() };
    let added = counter.plan_new_customer(&form, customer_id(1), ids(2), now()).expect("planned");
    assert_eq!(store.commit(&added, Durability::Strict).await, Ok(true));
    counter.committed(&added);
    (counter, added)
}

/// Another tablet of the same shop, whose clock has seen `seen`.
pub(super) fn other_device(here: &Counter, seen: Hlc) -> Counter {
    let mut clock = Clock::new(DeviceId::from_bytes([0x22; 16]));
    clock.observe(seen, now().timestamp_millis()).expect("observed");
    Counter::new(here.shop().clone(), clock, SearchIndex::default(), 0)
}

/// `events` received by `here`, planned from `record` (the stored one, if any) as the app
/// plans them; none of these needs a customer's whole log.
fn planned_received(here: &mut Counter, events: &[Event], record: Option<Customer>) -> Vec<Change> {
    let records = record.into_iter().map(|record| (record.id, record)).collect();
    match plan_received(here, events, &records, &BTreeMap::new(), now()).0 {
        ReceivedPlan::Commits(commits) => commits,
        ReceivedPlan::NeedsLogs(ids) => panic!("no log needed, asked for {ids:?}"),
    }
}

/// The push side reads the log after a clock, in clock order and in batches, and counts what
/// is waiting; the pull side asks which ids are held. Sync values round-trip.
pub async fn sync_reads_the_log_after_a_clock_in_clock_order<S: Store>(store: &S) {
    let (mut counter, added) = shop_with_asha(store).await;
    let mut record = added.customer.clone().expect("record");
    for n in 3..8u8 {
        let stamp = counter.plan_stamp(&record, None, ids(n), now() + Duration::seconds(n.into())).expect("planned");
        assert_eq!(store.commit(&stamp, Durability::Strict).await, Ok(true));
        counter.committed(&stamp);
        record = stamp.customer.clone().expect("record");
    }
    let all = store.events_after(None, 100).await.expect("read");
    assert_eq!(all.len(), 7);
    assert!(all.windows(2).all(|pair| pair[0].hlc < pair[1].hlc), "in clock order");
    let first_three = store.events_after(None, 3).await.expect("read");
    assert_eq!(first_three[..], all[..3]);
    let rest = store.events_after(Some(first_three[2].hlc), 100).await.expect("read");
    assert_eq!(rest[..], all[3..]);
    assert_eq!(store.count_events_after(Some(all[4].hlc)).await, Ok(2));
    assert_eq!(store.count_events_after(None).await, Ok(7));
    let unknown = EventId::from_bytes([0x77; 16]);
    assert_eq!(store.held_events(&[ids(3), unknown, ids(1)]).await, Ok(vec![ids(3), ids(1)]));

    assert_eq!(store.sync_value("settings").await, Ok(None));
    store.save_sync_value("settings", "{\"a\":1}").await.expect("saved");
    store.save_sync_value("settings", "{\"a\":2}").await.expect("saved");
    assert_eq!(store.sync_value("settings").await, Ok(Some("{\"a\":2}".into())));
}

/// Received events are planned from the stored record; a counter action saved to the same
/// customer before they are written makes the whole batch stale, with nothing written, so the
/// clerk's stamp is never lost. Planned again from the new record, both are kept.
pub async fn received_events_never_overwrite_a_counter_action_saved_meanwhile<S: Store>(store: &S) {
    let (mut here, added) = shop_with_asha(store).await;
    let record = added.customer.clone().expect("record");

    // Another tablet stamped the same customer; its event arrives by sync.
    let mut there = other_device(&here, added.event.hlc);
    let remote = there.plan_stamp(&record, None, ids(9), now() + Duration::seconds(3)).expect("planned").event;

    let stored = store.customer(customer_id(1)).await.expect("read").expect("stored");
    let received = planned_received(&mut here, std::slice::from_ref(&remote), Some(stored.clone()));
    // Meanwhile the clerk stamps the same customer here.
    let stamp = here.plan_stamp(&stored, None, ids(3), now() + Duration::seconds(4)).expect("planned");
    assert_eq!(store.commit(&stamp, Durability::Strict).await, Ok(true));
    here.committed(&stamp);

    assert_eq!(store.commit_received(&received).await, Err(StoreError::Stale));
    let after = store.customer(customer_id(1)).await.expect("read").expect("stored");
    assert_eq!(Some(&after), stamp.customer.as_ref(), "the clerk's stamp stays");
    assert_eq!(store.held_events(&[ids(9)]).await, Ok(vec![]), "nothing of the batch was written");

    let again = planned_received(&mut here, std::slice::from_ref(&remote), Some(after.clone()));
    assert_eq!(store.commit_received(&again).await, Ok(()));
    let both = store.customer(customer_id(1)).await.expect("read").expect("stored");
    assert_eq!(both.balance(), stored.balance() + 2);
    assert_eq!(store.held_events(&[ids(9), ids(3)]).await, Ok(vec![ids(9), ids(3)]));
}

/// A complaint opened here and handled on another device: the update received by sync keeps
/// what this device knows of the complaint (what happened, when) and takes the other device's
/// status and note, so the complaint leaves the open list. An answer to a question arriving
/// before the question itself (another order of the pull) is not reopened by the question.
pub async fn received_updates_of_a_complaint_update_the_stored_item<S: Store>(store: &S) {
    let (mut here, added) = shop_with_asha(store).await;
    let asha = added.customer.clone().expect("record");
    let opened = here.plan_complaint(&asha, "Cold tea", ids(3), now()).expect("complaint");
    assert_eq!(store.commit(&opened, Durability::Strict).await, Ok(true));
    let complaint = opened.follow_up.clone().expect("item");

    // The owner's phone resolves it, and answers a question asked there.
    let mut there = other_device(&here, opened.event.hlc);
    let resolved = there
        .plan_complaint_update(&asha, &complaint, "Ravi", Status::Resolved, "Made a fresh cup", ApologyChoice::Nothing, ids(4), now() + Duration::minutes(5))
        .expect("update")
        .event;
    let question = there.plan_feedback(&asha, 4, Some(Topic::Question), "Do you deliver?", ids(5), now() + Duration::minutes(6)).expect("question");
    let answer = there.plan_answer(question.follow_up.as_ref().expect("item"), "Yes", ids(6), now() + Duration::minutes(7)).expect("answer").event;

    for batch in [vec![resolved], vec![answer], vec![question.event]] {
        let record = store.customer(asha.id).await.expect("read");
        let commits = planned_received(&mut here, &batch, record);
        assert_eq!(store.commit_received(&commits).await, Ok(()));
    }
    let kept = store.follow_up(complaint.id).await.expect("read").expect("kept");
    assert_eq!((kept.text.as_str(), kept.opened_at, kept.status), ("Cold tea", complaint.opened_at, Status::Resolved));
    assert_eq!((kept.handler(), kept.note(), kept.name.as_str()), ("Ravi", "Made a fresh cup", "Asha"));
    assert_eq!(store.open_follow_ups(Kind::Complaint).await, Ok(Vec::new()));
    let asked = store.follow_up(ids(5)).await.expect("read").expect("kept");
    assert_eq!((asked.text.as_str(), asked.status, asked.note(), asked.name.as_str()), ("Do you deliver?", Status::Resolved, "Yes", "Asha"));
    assert_eq!(store.open_follow_ups(Kind::Question).await, Ok(Vec::new()));
}

/// Sync (issue 14): the owner's bundle stores a received batch with its own copy of the
/// counter (`session::receive`), above the revision the counter holds for it; the counter then
/// takes the records in as records written elsewhere. The clerk's stamp saved after the hold
/// and before the batch is kept beside the other tablet's, the card's revision grows past the
/// clerk's, a snapshot saved in between never claims the batch, and once taken in search finds
/// the customer the other tablet added and the clock is past its events.
pub async fn a_batch_stored_apart_from_the_counter_reaches_it_through_the_written_records<S: Store>(store: &S) {
    let (mut here, added) = shop_with_asha(store).await;
    let asha = added.customer.clone().expect("record");
    let mut there = other_device(&here, added.event.hlc);
    let form = CustomerForm { name: "Ravi".into(), phone: "9876543211".into(), ..CustomerForm::default() };
    let ravi = there.plan_new_customer(&form, customer_id(2), ids(20), now() + Duration::seconds(2)).expect("planned");
    there.committed(&ravi);
    let remote = there.plan_stamp(&asha, None, ids(21), now() + Duration::seconds(3)).expect("planned");
    let events = [ravi.event.clone(), remote.event.clone()];

    let held = here.plan_received_rev(now());
    // The clerk stamps Asha after the hold, before the batch is planned.
    let stamp = here.plan_stamp(&asha, None, ids(3), now() + Duration::seconds(4)).expect("planned");
    assert_eq!(store.commit(&stamp, Durability::Strict).await, Ok(true));
    here.committed(&stamp);
    let clerks = stamp.customer.clone().expect("record");

    store_received(store, &events, Some(held), device(), now()).await.expect("stored");
    let both = store.customer(asha.id).await.expect("read").expect("stored");
    assert_eq!(both.balance(), asha.balance() + 2, "the clerk's stamp and the other tablet's");
    assert!(both.rev > clerks.rev, "the card's revision grows, so an open card takes it");
    let new = store.customer(customer_id(2)).await.expect("read").expect("stored");
    assert!(new.rev > held && both.rev > held);
    assert!(here.snapshot_watermark() < new.rev.min(both.rev), "a snapshot now would claim records the index lacks");

    // The counter's half (`sync_link::take_in`).
    let (shop, latest) = crate::session::saved_shop(store).await.expect("read").expect("shop");
    here.shop_saved_elsewhere(shop, latest, now());
    let (written, pending) = crate::session::changed_elsewhere(store, here.records_seen().min(held - 1)).await.expect("read");
    here.took_in_records(&written, pending);
    here.release_rev(held);
    assert!(written.contains(&new) && written.contains(&both));
    assert_eq!(here.search("ravi", 5).len(), 1);
    let next = here.plan_stamp(&new, None, ids(4), now()).expect("planned");
    assert!(next.event.hlc > remote.event.hlc, "this clock is past the received events");
    assert_eq!(store.held_events(&[ids(20), ids(21), ids(3)]).await, Ok(vec![ids(20), ids(21), ids(3)]));
}
