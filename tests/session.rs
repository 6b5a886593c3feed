//! The session layer on the memory store: what the counter does between a tap and the screen.
#![cfg(not(target_arch = "wasm32"))]

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use chrono::{DateTime, TimeZone, Utc};
use mohar::domain::{Country, CustomerForm, CustomerId, DeviceId, DomainError, EventId, Program, ShopProfile};
use mohar::session::{self, AppError};
use mohar::store::memory::MemoryStore;
use mohar::store::{rebuild_from_log, Store, StoreError};

/// Runs a future that never waits (the memory store completes at once).
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 30, 0).unwrap()
}

fn id(n: u8) -> EventId {
    EventId::from_bytes([n; 16])
}

fn shop() -> ShopProfile {
    ShopProfile { name: "Gupta Kirana".into(), country: Country::India }
}

#[test]
fn before_set_up_there_is_no_shop_and_after_it_the_counter_reopens() {
    let store = MemoryStore::new();
    assert!(block_on(session::open(&store, DeviceId::from_bytes([1; 16]), now())).unwrap().is_none());
    block_on(session::set_up(&store, DeviceId::from_bytes([1; 16]), shop(), Program::default(), id(1), now())).unwrap();
    let reopened = block_on(session::open(&store, DeviceId::from_bytes([2; 16]), now())).unwrap().unwrap();
    assert_eq!(reopened.shop().profile.name, "Gupta Kirana");
    // The device id chosen first is kept.
    assert_eq!(block_on(store.device_id(DeviceId::from_bytes([3; 16]))).unwrap(), DeviceId::from_bytes([1; 16]));
}

#[test]
fn a_failed_write_changes_nothing_on_screen_or_on_disk() {
    let store = MemoryStore::new();
    let mut counter = block_on(session::set_up(&store, DeviceId::from_bytes([1; 16]), shop(), Program::default(), id(1), now())).unwrap();
    let form = CustomerForm { name: "Asha".into(), phone: "9876543210".into(), ..CustomerForm::default() };
    let change = counter.plan_new_customer(&form, CustomerId::from_bytes([9; 16]), id(2), now()).unwrap();
    store.fail_next_write();
    let result = block_on(session::save(&store, &change));
    assert!(matches!(result, Err(AppError::Store(StoreError::WriteFailed(_)))));
    // The caller commits to memory only on Ok, so the counter still has no customer.
    assert!(counter.search("asha", 5).is_empty());
    assert!(block_on(store.customer(CustomerId::from_bytes([9; 16]))).unwrap().is_none());
    // Trying again works, and saving the same event twice is harmless.
    block_on(session::save(&store, &change)).unwrap();
    block_on(session::save(&store, &change)).unwrap();
    counter.committed(&change);
    assert_eq!(counter.search("asha", 5).len(), 1);
    assert_eq!(block_on(store.events()).unwrap().len(), 2);
}

#[test]
fn demo_shop_reopens_from_the_snapshot_and_the_log_rebuilds_every_record() {
    let store = MemoryStore::new();
    let demo = block_on(session::load_demo(&store, DeviceId::from_bytes([1; 16]), 7, now())).unwrap();
    assert_eq!(demo.index().len(), mohar::domain::demo::DEMO_CUSTOMERS);
    let mut counter = block_on(session::open(&store, DeviceId::from_bytes([1; 16]), now())).unwrap().unwrap();
    assert_eq!(counter.index().entries(), demo.index().entries());

    // A stamp after the snapshot is found at the next start through the changed records.
    let hit = counter.search("", 1)[0].clone();
    let customer = block_on(session::customer(&store, hit.id)).unwrap();
    let change = counter.plan_stamp(&customer, None, id(77), now()).unwrap();
    block_on(session::save(&store, &change)).unwrap();
    counter.committed(&change);
    let reopened = block_on(session::open(&store, DeviceId::from_bytes([1; 16]), now())).unwrap().unwrap();
    let stamped = change.customer.as_ref().unwrap();
    assert_eq!(reopened.index().get(&hit.id).unwrap().card, stamped.cards());
    assert_eq!(stamped.stamps_earned(), customer.stamps_earned() + 1);

    // Throwing the records away and folding the log gives the same customers.
    let mut before = block_on(store.all_customers()).unwrap();
    let (shop, _) = block_on(rebuild_from_log(&store, 1)).unwrap();
    let mut after = block_on(store.all_customers()).unwrap();
    for customer in before.iter_mut().chain(after.iter_mut()) {
        customer.rev = 0;
    }
    before.sort_by_key(|c| c.id);
    after.sort_by_key(|c| c.id);
    assert_eq!(after, before);
    assert_eq!(shop.unwrap().profile.name, "Sharma Tea Stall");
}

#[test]
fn refused_actions_say_why() {
    let store = MemoryStore::new();
    let mut counter = block_on(session::set_up(&store, DeviceId::from_bytes([1; 16]), shop(), Program::default(), id(1), now())).unwrap();
    let form = CustomerForm { name: "Asha".into(), phone: "12345".into(), ..CustomerForm::default() };
    let refused = counter.plan_new_customer(&form, CustomerId::from_bytes([9; 16]), id(2), now());
    assert!(matches!(refused, Err(DomainError::Phone(_))));
    let form = CustomerForm { name: "Asha".into(), phone: "9876543210".into(), ..CustomerForm::default() };
    let change = counter.plan_new_customer(&form, CustomerId::from_bytes([9; 16]), id(3), now()).unwrap();
    block_on(session::save(&store, &change)).unwrap();
    counter.committed(&change);
    let customer = change.customer.unwrap();
    assert_eq!(counter.plan_redeem(&customer, id(4), now()), Err(DomainError::NoRewardReady));
}

#[test]
fn a_snapshot_of_the_previous_version_is_refused_and_the_index_rebuilt_from_the_records() {
    let store = MemoryStore::new();
    let demo = block_on(session::load_demo(&store, DeviceId::from_bytes([1; 16]), 7, now())).unwrap();
    // The previous encoding had no header; its watermark claimed every record.
    let header_less = mohar::store::IndexSnapshot { watermark: u64::MAX / 2, bytes: demo.index().encode()[4..].to_vec() };
    block_on(store.save_index_snapshot(&header_less)).unwrap();
    let reopened = block_on(session::open(&store, DeviceId::from_bytes([1; 16]), now())).unwrap().unwrap();
    assert_eq!(reopened.index().entries().len(), demo.index().len());
    for entry in demo.index().entries() {
        assert_eq!(reopened.index().get(&entry.id), Some(entry));
    }
}

#[test]
fn a_stored_clock_far_ahead_is_not_followed_and_is_reported() {
    let store = MemoryStore::new();
    let year_ahead = now() + chrono::Duration::days(365);
    block_on(session::set_up(&store, DeviceId::from_bytes([1; 16]), shop(), Program::default(), id(1), year_ahead)).unwrap();
    let reopened = block_on(session::open(&store, DeviceId::from_bytes([1; 16]), now())).unwrap().unwrap();
    assert_eq!(reopened.clock_warning().map(|ahead| ahead.hours()), Some(365 * 24));
    let in_time = block_on(session::open(&store, DeviceId::from_bytes([1; 16]), year_ahead)).unwrap().unwrap();
    assert_eq!(in_time.clock_warning(), None);
}

#[test]
fn what_the_owner_screens_save_applies_to_the_counters_next_action() {
    let store = MemoryStore::new();
    let mut counter = block_on(session::set_up(&store, DeviceId::from_bytes([1; 16]), shop(), Program::default(), id(1), now())).unwrap();
    let form = CustomerForm { name: "Asha".into(), phone: "9876543210".into(), ..CustomerForm::default() };
    let joined = counter.plan_new_customer(&form, CustomerId::from_bytes([9; 16]), id(2), now()).unwrap();
    block_on(session::save(&store, &joined)).unwrap();
    counter.committed(&joined);

    // The owner's screens run in their own bundle, on a counter of their own over the same
    // database, without the search index. Their clock runs five minutes ahead of this one's.
    let mut owner = block_on(session::open_shop(&store, DeviceId::from_bytes([2; 16]), now())).unwrap().unwrap();
    assert_eq!(owner.index().len(), 0);
    assert_eq!(owner.shop(), counter.shop());
    let program = Program { stamps_per_reward: 5, ..Program::default() };
    let changed = owner.plan_program_change(program.clone(), id(3), now() + chrono::Duration::minutes(5)).unwrap();
    block_on(session::save(&store, &changed)).unwrap();

    let (saved, latest) = block_on(session::saved_shop(&store)).unwrap().unwrap();
    counter.shop_saved_elsewhere(saved, latest, now());
    assert_eq!(counter.program(), &program);
    let customer = block_on(session::customer(&store, CustomerId::from_bytes([9; 16]))).unwrap();
    let stamp = counter.plan_stamp(&customer, None, id(4), now()).unwrap();
    // The next stamp starts a card of the new size and comes after the program change.
    assert!(matches!(stamp.event.kind, mohar::domain::EventKind::StampsAdded { card_size: Some(5), .. }), "{:?}", stamp.event.kind);
    assert!(stamp.event.hlc > changed.event.hlc, "{:?} then {:?}", changed.event.hlc, stamp.event.hlc);
}

#[test]
fn the_owner_screens_open_no_shop_before_set_up() {
    let store = MemoryStore::new();
    assert!(block_on(session::open_shop(&store, DeviceId::from_bytes([1; 16]), now())).unwrap().is_none());
}
