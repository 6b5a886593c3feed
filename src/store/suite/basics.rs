//! The basic cases: commits, reads, snapshots, rebuilds, keys and the values kept beside the log.

use crate::domain::{Customer, DeviceId, Event, EventKind, IndexEntry, SearchIndex};
use crate::store::{load_search_index, rebuild_from_log, Commit, Durability, IndexSnapshot, Store};

use super::imp::*;

// ----- The cases. Each gets a fresh, empty store. -----

/// A new store is empty; the shop written at set-up reads back equal.
pub async fn empty_store_then_shop_round_trip<S: Store>(store: &S) {
    assert_eq!(store.shop().await, Ok(None));
    assert_eq!(store.latest_hlc().await, Ok(None));
    assert_eq!(store.events().await, Ok(vec![]));
    assert_eq!(store.all_customers().await, Ok(vec![]));
    assert_eq!(store.index_snapshot().await, Ok(None));

    let mut script = Script::new();
    let set_up = script.set_up();
    assert!(set_up.shop.is_some());
    assert_eq!(store.commit(&set_up, Durability::Strict).await, Ok(true));
    assert_eq!(store.shop().await, Ok(set_up.shop.clone()));
    assert_eq!(store.events().await, Ok(vec![set_up.event.clone()]));
}

/// An event and its customer record come back exactly as written.
pub async fn committed_event_and_customer_read_back<S: Store>(store: &S) {
    let mut script = Script::new();
    let set_up = script.set_up();
    let added = script.add_customer(1, "सीमा शर्मा");
    let stamped = script.stamp(1);
    commit_all(store, &[set_up.clone(), added.clone(), stamped.clone()], Durability::Strict).await;

    let customer = store.customer(customer_id(1)).await.expect("read");
    assert_eq!(customer, stamped.customer);
    assert_eq!(customer.map(|customer| customer.balance()), Some(2));
    assert_eq!(store.customer(customer_id(2)).await, Ok(None));
    assert_eq!(sorted_events(store.events().await.expect("events")), sorted_events(vec![set_up.event, added.event, stamped.event]));
    // A customer event does not touch the shop record.
    assert_eq!(store.shop().await, Ok(set_up.shop));
}

/// The same event committed twice is stored once; the second commit says so.
pub async fn commit_is_idempotent_by_event_id<S: Store>(store: &S) {
    let mut script = Script::new();
    let added = script.add_customer(1, "Ravi Iyer");
    assert_eq!(store.commit(&added, Durability::Strict).await, Ok(true));
    assert_eq!(store.commit(&added, Durability::Strict).await, Ok(false));
    assert_eq!(store.commit(&added, Durability::Relaxed).await, Ok(false));
    assert_eq!(store.events().await.map(|events| events.len()), Ok(1));
    assert_eq!(store.customer(customer_id(1)).await, Ok(added.customer));
}

/// A commit is all or nothing: when its event is already stored, the records that come
/// with it (here a changed customer and a shop) are not written either. In IndexedDB this
/// is the transaction rolling back writes that were already issued.
pub async fn repeat_with_changed_record_leaves_record_unchanged<S: Store>(store: &S) {
    let mut script = Script::new();
    let set_up = script.set_up();
    let added = script.add_customer(1, "Priya Nair");
    commit_all(store, &[set_up.clone(), added.clone()], Durability::Strict).await;

    let mut changed = added.clone();
    if let Some(customer) = changed.customer.as_mut() {
        customer.rev += 100;
        if let Some(profile) = customer.profile.as_mut() {
            profile.name = "Somebody Else".into();
        }
    }
    changed.shop = set_up.shop.clone().map(|mut shop| {
        shop.profile.name = "Changed".into();
        shop
    });
    assert_eq!(store.commit(&changed, Durability::Strict).await, Ok(false));
    assert_eq!(store.customer(customer_id(1)).await, Ok(added.customer));
    assert_eq!(store.shop().await, Ok(set_up.shop));
    assert_eq!(store.customers_changed_since(50).await, Ok(vec![]));
}

/// Only records with a greater `rev` count as changed.
pub async fn customers_changed_since_returns_only_newer_revs<S: Store>(store: &S) {
    let mut script = Script::new();
    let mut commits = vec![script.set_up()];
    for n in 1..=5 {
        commits.push(script.add_customer(n, &format!("Customer {n}")));
    }
    commits.push(script.stamp(2));
    commit_all(store, &commits, Durability::Relaxed).await;
    // Revs: customers 1..=5 got 1..=5 when added; customer 2 then got 6.
    let changed = |customers: Vec<Customer>| {
        let mut ids: Vec<(u8, u64)> = customers.iter().map(|customer| (customer.id.0 .0[0], customer.rev)).collect();
        ids.sort();
        ids
    };
    assert_eq!(store.customers_changed_since(0).await.map(changed), Ok(vec![(1, 1), (2, 6), (3, 3), (4, 4), (5, 5)]));
    assert_eq!(store.customers_changed_since(3).await.map(changed), Ok(vec![(2, 6), (4, 4), (5, 5)]));
    assert_eq!(store.customers_changed_since(6).await.map(changed), Ok(vec![]));
    assert_eq!(store.all_customers().await.map(|all| all.len()), Ok(5));
}

/// The snapshot's bytes come back exactly, including every byte value; a save replaces.
pub async fn index_snapshot_round_trip_is_binary_exact<S: Store>(store: &S) {
    let bytes: Vec<u8> = (0..=255u8).chain([0, 0, 255, 10, 13]).collect();
    let first = IndexSnapshot { watermark: 41, bytes };
    assert_eq!(store.save_index_snapshot(&first).await, Ok(()));
    assert_eq!(store.index_snapshot().await, Ok(Some(first)));
    let second = IndexSnapshot { watermark: 9_007_199_254_740_000, bytes: vec![] };
    assert_eq!(store.save_index_snapshot(&second).await, Ok(()));
    assert_eq!(store.index_snapshot().await, Ok(Some(second)));
}

/// Start-up loads the snapshot and then only the customers changed after its watermark.
pub async fn load_search_index_is_snapshot_plus_changed_customers<S: Store>(store: &S) {
    let commits = demo_commits(11, 6);
    let half = commits.len() / 2;
    commit_all(store, &commits[..half], Durability::Relaxed).await;

    // No snapshot yet: every customer is read.
    let (index, highest, changed) = load_search_index(store).await.expect("load");
    let (_, early) = materialized(&commits[..half]);
    assert_eq!(changed, early.len());
    assert_eq!(index.len(), early.len());
    assert_eq!(highest, early.values().map(|customer| customer.rev).max().unwrap_or(0));

    let snapshot = IndexSnapshot { watermark: highest, bytes: index.encode() };
    store.save_index_snapshot(&snapshot).await.expect("save snapshot");
    commit_all(store, &commits[half..], Durability::Relaxed).await;

    let (index, latest, changed) = load_search_index(store).await.expect("load");
    let (_, all) = materialized(&commits);
    let newer = all.values().filter(|customer| customer.rev > highest).count();
    assert_eq!(changed, newer);
    assert!(newer > 0);
    assert_eq!(latest, all.values().map(|customer| customer.rev).max().unwrap_or(0));
    let expected = SearchIndex::from_entries(all.values().filter_map(IndexEntry::from_customer));
    assert_eq!(index.len(), expected.len());
    for entry in expected.entries() {
        assert_eq!(index.get(&entry.id), Some(entry), "entry of {:?}", entry.id);
    }
}

/// A removed customer's record is stored as removed, start-up leaves them out of the index
/// (from the records alone, and on top of a snapshot that still held them), and a rebuild
/// from the log keeps them removed.
pub async fn a_removed_customer_stays_out_of_the_index_and_the_rebuild<S: Store>(store: &S) {
    let mut script = Script::new();
    let mut commits = vec![script.set_up(), script.add_customer(1, "Asha"), script.add_customer(2, "Ravi"), script.stamp(2)];
    commit_all(store, &commits, Durability::Relaxed).await;
    let (index, highest, _) = load_search_index(store).await.expect("load");
    assert_eq!(index.len(), 2);
    store.save_index_snapshot(&IndexSnapshot { watermark: highest, bytes: index.encode() }).await.expect("snapshot");

    let removal = script.event(EventKind::CustomerRemoved { customer: customer_id(1) });
    let removed = script.commit(removal);
    commit_all(store, std::slice::from_ref(&removed), Durability::Relaxed).await;
    commits.push(removed);
    let stored = store.customer(customer_id(1)).await.expect("read").expect("kept as a record");
    assert!(stored.is_removed());
    assert_eq!(stored.name(), "Asha");

    let (index, _, changed) = load_search_index(store).await.expect("load");
    assert_eq!(changed, 1);
    assert!(index.get(&customer_id(1)).is_none());
    assert!(index.find_phone("+919876543201").is_none());
    assert!(index.search("asha", 10).is_empty());
    assert!(index.get(&customer_id(2)).is_some());

    let (_, rebuilt) = rebuild_from_log(store, 9_000).await.expect("rebuild");
    assert!(rebuilt.iter().any(|customer| customer.id == customer_id(1) && customer.is_removed()));
    store.save_index_snapshot(&IndexSnapshot { watermark: 0, bytes: Vec::new() }).await.expect("clear snapshot");
    let (index, _, _) = load_search_index(store).await.expect("load");
    assert_eq!(index.entries().iter().map(|entry| entry.id).collect::<Vec<_>>(), [customer_id(2)]);
}

/// Rebuilding from the log alone gives exactly the records the commits materialized.
pub async fn rebuild_from_log_reproduces_materialized_records<S: Store>(store: &S) {
    let commits = demo_commits(5, 4);
    assert!(commits.iter().any(|commit| matches!(commit.event.kind, EventKind::RewardRedeemed { .. })));
    assert!(commits.iter().any(|commit| matches!(commit.event.kind, EventKind::EventVoided { .. })));
    commit_all(store, &commits, Durability::Relaxed).await;
    let (shop, customers) = materialized(&commits);
    assert_eq!(store.shop().await, Ok(shop.clone()));
    let stored = store.all_customers().await.expect("customers");
    assert_eq!(sorted_customers(stored.clone()), customers.values().cloned().collect::<Vec<_>>());

    let (rebuilt_shop, rebuilt) = rebuild_from_log(store, 7_000).await.expect("rebuild");
    assert_eq!(rebuilt_shop, shop);
    assert_eq!(without_rev(rebuilt.clone()), without_rev(stored));
    // The rebuilt records replaced the stored ones, with the given rev.
    assert_eq!(store.shop().await, Ok(shop));
    let after = sorted_customers(store.all_customers().await.expect("customers"));
    assert_eq!(after, sorted_customers(rebuilt));
    assert!(after.iter().all(|customer| customer.rev == 7_000));
}

/// The highest clock wins whatever order the events were committed in.
pub async fn latest_hlc_is_the_highest_clock<S: Store>(store: &S) {
    let mut commits = demo_commits(3, 2);
    let highest = commits.iter().map(|commit| commit.event.hlc).max();
    // Commit in an order that is not the clock order.
    let take = commits.len().min(30);
    let mut some: Vec<Commit> = commits.drain(..).rev().take(take).collect();
    some.swap(0, take / 2);
    commit_all(store, &some, Durability::Relaxed).await;
    assert_eq!(store.latest_hlc().await, Ok(highest));
}

/// The whole demo shop goes in as one batch, and all of it comes back.
pub async fn commit_batch_of_whole_demo_shop<S: Store>(store: &S) {
    let commits = demo_commits(42, crate::domain::demo::DEMO_CUSTOMERS);
    assert_eq!(store.commit_batch(&commits, Durability::Relaxed).await, Ok(()));
    let events = sorted_events(store.events().await.expect("events"));
    assert_eq!(events.len(), commits.len());
    assert_eq!(events, sorted_events(commits.iter().map(|commit| commit.event.clone()).collect()));
    let (shop, customers) = materialized(&commits);
    assert_eq!(store.shop().await, Ok(shop));
    assert_eq!(sorted_customers(store.all_customers().await.expect("customers")), customers.into_values().collect::<Vec<_>>());
    assert_eq!(store.latest_hlc().await, Ok(commits.iter().map(|commit| commit.event.hlc).max()));
}

/// Walking the customers a page at a time gives every record once, as one read of all does.
pub async fn the_customers_read_page_by_page_are_every_record_once<S: Store>(store: &S) {
    let commits = demo_commits(43, crate::domain::demo::DEMO_CUSTOMERS);
    assert_eq!(store.commit_batch(&commits, Durability::Relaxed).await, Ok(()));
    let mut pages = Vec::new();
    crate::store::customers_in_pages_of(store, 7, |page| pages.push(page)).await.expect("pages");
    assert!(pages.len() > 2 && pages.iter().all(|page| page.len() <= 7), "{} pages", pages.len());
    let walked: Vec<_> = pages.into_iter().flatten().collect();
    let all = store.all_customers().await.expect("customers");
    assert_eq!(walked.len(), all.len());
    assert_eq!(sorted_customers(walked), sorted_customers(all));
}

/// A batch skips commits whose event is stored already or came earlier in the batch,
/// records included, like single commits do.
pub async fn commit_batch_skips_stored_and_repeated_events<S: Store>(store: &S) {
    let mut script = Script::new();
    let set_up = script.set_up();
    let added = script.add_customer(1, "Arjun Das");
    let stamped = script.stamp(1);
    commit_all(store, &[set_up.clone(), added.clone()], Durability::Strict).await;

    let mut stale = added.clone();
    if let Some(customer) = stale.customer.as_mut() {
        customer.event_count += 100;
    }
    let batch = [stale.clone(), stamped.clone(), stale, stamped.clone(), set_up.clone()];
    assert_eq!(store.commit_batch(&batch, Durability::Relaxed).await, Ok(()));
    assert_eq!(store.events().await.map(|events| events.len()), Ok(3));
    assert_eq!(store.customer(customer_id(1)).await, Ok(stamped.customer));
    assert_eq!(store.commit_batch(&[], Durability::Strict).await, Ok(()));
}

/// The first call keeps the fresh id; later calls return it, whatever they offer.
pub async fn device_id_is_created_once_and_kept<S: Store>(store: &S) {
    let first = DeviceId::from_bytes([1; 16]);
    let second = DeviceId::from_bytes([2; 16]);
    assert_eq!(store.device_id(first).await, Ok(first));
    assert_eq!(store.device_id(second).await, Ok(first));
    assert_eq!(store.device_id(second).await, Ok(first));
}

/// Replacing the materialized records removes ones not given and can clear the shop.
pub async fn replace_materialized_replaces_every_record<S: Store>(store: &S) {
    let mut script = Script::new();
    let commits = [script.set_up(), script.add_customer(1, "Meera Joshi"), script.add_customer(2, "Karan Mehta")];
    commit_all(store, &commits, Durability::Strict).await;
    let mut only = Customer::empty(customer_id(3));
    only.rev = 9;
    assert_eq!(store.replace_materialized(None, std::slice::from_ref(&only)).await, Ok(()));
    assert_eq!(store.shop().await, Ok(None));
    assert_eq!(store.all_customers().await, Ok(vec![only.clone()]));
    assert_eq!(store.customer(customer_id(1)).await, Ok(None));
    // The log is untouched.
    assert_eq!(store.events().await.map(|events| events.len()), Ok(3));
}

/// No shop key before one is saved; the first saved key is kept, byte for byte, and a later
/// save (another tab creating its own at the same moment) does not replace it.
pub async fn shop_key_secret_is_absent_then_saved_once_and_kept<S: Store>(store: &S) {
    assert_eq!(store.shop_key_secret().await, Ok(None));
    let first: [u8; 32] = std::array::from_fn(|i| i as u8 * 7 + 1);
    assert_eq!(store.save_shop_key_secret(&first).await, Ok(()));
    assert_eq!(store.shop_key_secret().await, Ok(Some(first)));
    assert_eq!(store.save_shop_key_secret(&[0xee; 32]).await, Ok(()));
    assert_eq!(store.shop_key_secret().await, Ok(Some(first)));
}

/// Commits, snapshots and rebuilding the records leave the shop key alone.
pub async fn shop_key_secret_survives_other_writes<S: Store>(store: &S) {
    let secret = [0x5a; 32];
    store.save_shop_key_secret(&secret).await.expect("saved");
    let commits = demo_commits(3, 5);
    commit_all(store, &commits, Durability::Strict).await;
    let snapshot = IndexSnapshot { watermark: 1, bytes: vec![1, 2, 3] };
    store.save_index_snapshot(&snapshot).await.expect("snapshot");
    rebuild_from_log(store, 99).await.expect("rebuilt");
    store.replace_materialized(None, &[]).await.expect("replaced");
    assert_eq!(store.shop_key_secret().await, Ok(Some(secret)));
}

/// Staff and owner: a shop of before has no staff book (no PINs); a saved one reads back
/// whole, and rebuilding the records from the log leaves it alone.
pub async fn the_staff_book_is_absent_then_saved_and_kept_apart_from_the_shop<S: Store>(store: &S) {
    use crate::domain::staff::{PinHash, StaffBook, StaffId};
    commit_all(store, &demo_commits(2, 3), Durability::Strict).await;
    assert_eq!(store.staff_book().await, Ok(None));
    let mut book = StaffBook::new([3; 16]);
    book.set_owner_pin(PinHash([4; 32]));
    book.add_staff(StaffId::from_bytes([5; 16]), "Ravi", PinHash([6; 32])).expect("added");
    book.lock.failed(chrono::DateTime::from_timestamp_millis(1_000).expect("time"));
    store.save_staff_book(&book).await.expect("saved");
    rebuild_from_log(store, 99).await.expect("rebuilt");
    assert_eq!(store.staff_book().await, Ok(Some(book)));
    assert_eq!(store.events().await.map(|events| events.len()), Ok(demo_commits(2, 3).len()));
}

/// Messages (issue 11): the messaging value (templates, limit, queue) is one entry, absent
/// at first, then exactly the last text saved, and no event is written with it.
pub async fn the_messaging_value_is_absent_then_replaced_whole<S: Store>(store: &S) {
    commit_all(store, &demo_commits(1, 2), Durability::Strict).await;
    assert_eq!(store.messages_value().await, Ok(None));
    store.save_messages_value(r#"{"queue":{"items":[1]}}"#).await.expect("saved");
    store.save_messages_value(r#"{"queue":{"items":[]}}"#).await.expect("saved again");
    assert_eq!(store.messages_value().await, Ok(Some(r#"{"queue":{"items":[]}}"#.to_owned())));
    assert_eq!(store.events().await.map(|events| events.len()), Ok(demo_commits(1, 2).len()));
}

/// Staff and owner: the Activity screen's pages walk the whole log newest first, each event
/// once, and a customer's filter gives exactly their events, newest first.
pub async fn the_activity_pages_newest_first_through_the_whole_log_and_by_customer<S: Store>(store: &S) {
    use crate::domain::activity::{ActivityFilter, PAGE_EVENTS};
    // More events than one page holds.
    let commits = demo_commits(9, 40);
    commit_all(store, &commits, Durability::Strict).await;
    let mut expected: Vec<&Event> = commits.iter().map(|commit| &commit.event).collect();
    expected.sort_by(|a, b| b.hlc.cmp(&a.hlc));
    assert!(expected.len() > 2 * PAGE_EVENTS);
    let walk = |filter: ActivityFilter| async move {
        let mut seen = Vec::new();
        let mut before = None;
        loop {
            let page = store.activity_page(&filter, before).await.expect("page");
            assert!(page.events.len() <= PAGE_EVENTS);
            seen.extend(page.events);
            match page.next {
                Some(next) => before = Some(next),
                None => return seen,
            }
        }
    };
    let all = walk(ActivityFilter::default()).await;
    assert_eq!(all.iter().collect::<Vec<_>>(), expected);
    let customer = expected.iter().filter_map(|event| event.kind.customer()).nth(7).expect("a customer");
    let theirs = walk(ActivityFilter { customer: Some(customer), ..ActivityFilter::default() }).await;
    assert!(!theirs.is_empty());
    let record = store.customer(customer).await.expect("read").expect("stored");
    assert_eq!(store.customer_name(customer).await, Ok(record.profile.map(|profile| profile.name)));
    assert_eq!(store.customer_name(crate::domain::CustomerId::from_bytes([0xee; 16])).await, Ok(None));
    assert_eq!(theirs.iter().collect::<Vec<_>>(), expected.iter().copied().filter(|event| event.kind.customer() == Some(customer)).collect::<Vec<_>>());
}
