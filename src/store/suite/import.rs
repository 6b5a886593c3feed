//! Suite cases about importing customers (issue 13): all of an import or none of it, in
//! batches under a marker that start-up respects.

use std::cell::Cell;

use super::imp::{device, now, program};
use crate::domain::import::ImportRow;
use crate::domain::import_plan::{Clash, ImportBatch, ImportGuard, ImportId};
use crate::domain::{Clock, Counter, Country, CustomerForm, CustomerId, CustomerProfile, EventId, Phone, SearchIndex, ShopProfile};
use crate::domain::import_lock::{ImportLock, Unfinished};
use crate::store::import::{import_rows, settle_unfinished, undo_unfinished, undo_unfinished_except};
use crate::store::{load_index, Durability, Store, StoreError};

fn rows(count: u32) -> Vec<ImportRow> {
    (0..count)
        .map(|n| ImportRow {
            line: u64::from(n) + 2,
            profile: CustomerProfile {
                name: format!("ग्राहक {n}"),
                phone: Phone::parse(&format!("98{:08}", 10_000_000 + n), Country::India).expect("phone"),
                birthday: None,
                notes: String::new(),
                extras: Default::default(),
            },
            stamps: n % 12,
            visits: n % 30,
        })
        .collect()
}

/// A shop with one customer made at the counter, and its counter.
async fn shop<S: Store>(store: &S) -> (Counter, CustomerId) {
    let ids = |n: u8| EventId::from_bytes([0x50; 15].into_iter().chain([n]).collect::<Vec<u8>>().try_into().expect("16 bytes"));
    let mut clock = Clock::new(device());
    let profile = ShopProfile { name: "Import Tea".into(), country: Country::India };
    let set_up = Counter::plan_set_up(profile, program(), &mut clock, ids(1), now()).expect("set-up");
    assert_eq!(store.commit(&set_up, Durability::Strict).await, Ok(true));
    let mut counter = Counter::new(set_up.shop.clone().expect("shop"), clock, SearchIndex::default(), 0);
    let form = CustomerForm { name: "Asha".into(), phone: "9876543210".into(), ..CustomerForm::default() };
    let asha = CustomerId::from_bytes([0x51; 16]);
    let added = counter.plan_new_customer(&form, asha, ids(2), now()).expect("customer");
    assert_eq!(store.commit(&added, Durability::Strict).await, Ok(true));
    counter.committed(&added);
    (counter, asha)
}

/// The guard of an import whose preview read the store as it is now, and the import's `rev`.
async fn guard<S: Store>(store: &S, counter: &mut Counter, import: ImportId) -> (ImportGuard, u64) {
    let since = store.all_customers().await.expect("customers").iter().map(|customer| customer.rev).max().unwrap_or(0);
    let rev = counter.import_rev(now(), since);
    (ImportGuard::new(import, since, rev), rev)
}

fn tails() -> impl FnMut() -> [u8; 8] {
    let mut next = 0u64;
    move || {
        next += 1;
        next.to_be_bytes()
    }
}

/// An import writes every row in batches, with progress after each, and each customer's
/// opening balance; the index built at start-up holds them all.
pub async fn an_import_writes_every_row_in_batches_with_its_opening_balance<S: Store>(store: &S) {
    let (mut counter, _) = shop(store).await;
    // The dashboard's facts saved before the import (issue 12): the import must not leave them
    // stale, although its batches write no deltas.
    let (before, _) = crate::store::dash::load_dash(store).await.expect("facts before");
    let rows = rows(25);
    let import = ImportId([0xa1; 8]);
    let mut tail = tails();
    let mut progress = Vec::new();
    let (guard, rev) = guard(store, &mut counter, import).await;
    let written = import_rows(store, &rows, guard, 10, |chunk| counter.plan_import(chunk, import, rev, &mut tail, now()), |done| progress.push(done)).await;
    assert_eq!(written.map(|outcome| (outcome.imported, outcome.clashes)), Ok((25, Vec::new())));
    assert_eq!(progress, [10, 20, 25]);
    assert_eq!(store.pending_import().await, Ok(None));
    let customers = store.all_customers().await.expect("customers");
    assert_eq!(customers.len(), 26);
    let eleven = customers.iter().find(|customer| customer.name() == "ग्राहक 11").expect("imported");
    let summary = eleven.summary(program().stamps_per_reward);
    assert_eq!((summary.balance, summary.visits), (11, 11));
    assert!(import.made(&eleven.id.0));
    let loaded = load_index(store).await.expect("index");
    assert_eq!(loaded.index.search("ग्राहक 11", 5).len(), 1);
    let (facts, load) = crate::store::dash::load_dash(store).await.expect("facts after");
    assert!(load.rebuilt, "the finished import marks the facts for a rebuild");
    assert_eq!(facts, crate::domain::analytics::DashFacts::fold(&store.events().await.expect("log")));
    assert_ne!(facts, before);
}

/// A batch that fails midway leaves nothing of the import: the batches before it are deleted
/// again, the customer made at the counter stays, and no marker is left.
pub async fn an_import_failing_midway_leaves_nothing_written<S: Store>(store: &S) {
    let (mut counter, asha) = shop(store).await;
    let before = store.events().await.expect("events").len();
    let rows = rows(30);
    let import = ImportId([0xa2; 8]);
    let mut tail = tails();
    let batches = Cell::new(0);
    let asha_event = store.customer_events(asha).await.expect("asha's events")[0].id;
    let (guard, rev) = guard(store, &mut counter, import).await;
    let result = import_rows(
        store,
        &rows,
        guard,
        10,
        |chunk| {
            let mut planned = counter.plan_import(chunk, import, rev, &mut tail, now());
            batches.set(batches.get() + 1);
            if batches.get() == 2 {
                // The second batch holds an event id the log has already: its `add` fails.
                planned[3].events[0].id = asha_event;
            }
            planned
        },
        |_| {},
    )
    .await;
    assert!(matches!(result, Err(StoreError::WriteFailed(_))), "{result:?}");
    let customers = store.all_customers().await.expect("customers");
    assert_eq!(customers.iter().map(|customer| customer.id).collect::<Vec<_>>(), [asha]);
    assert_eq!(store.events().await.expect("events").len(), before);
    assert_eq!(store.pending_import().await, Ok(None));
}

/// Until it is finished, an import is left out of the index at start-up, and the next import
/// (or the import screen) deletes it.
pub async fn an_unfinished_import_stays_out_of_search_and_is_undone<S: Store>(store: &S) {
    let (mut counter, _) = shop(store).await;
    let import = ImportId([0xa3; 8]);
    let (_, rev) = guard(store, &mut counter, import).await;
    let customers = counter.plan_import(&rows(3), import, rev, tails(), now());
    store.import_batch(&store.ready_import_batch(ImportBatch { import, customers }).expect("ready")).await.expect("batch");
    assert_eq!(store.pending_import().await, Ok(Some(import)));
    // Start-up reads the marker with the snapshot, in one read (there is no snapshot yet).
    assert_eq!(store.start_values().await, Ok(crate::store::StartValues { snapshot: Ok(None), pending_import: Some(import) }));
    let loaded = load_index(store).await.expect("index");
    assert_eq!(loaded.index.search("ग्राहक", 5).len(), 0, "an unfinished import is not searchable");
    assert_eq!(loaded.index.search("Asha", 5).len(), 1);
    assert_eq!(undo_unfinished(store).await, Ok(true));
    assert_eq!(store.all_customers().await.expect("customers").len(), 1);
    assert_eq!(store.pending_import().await, Ok(None));
    assert_eq!(undo_unfinished(store).await, Ok(false));
}

/// A phone number added at the counter after the preview, while the import runs, is not
/// imported a second time: the import's last step drops that row (its record and events) and
/// names it by line, and the counter's customer stays. Two of the clerk's customers here got
/// the import's very `rev` (as a counter planning in the same millisecond could), one sorting
/// before the import's ids and one after, so the store must find them beside the import's own.
pub async fn a_phone_added_at_the_counter_during_an_import_is_not_imported_twice<S: Store>(store: &S) {
    let (mut counter, _) = shop(store).await;
    let rows = rows(25);
    let import = ImportId([0xa4; 8]);
    let (guard, rev) = guard(store, &mut counter, import).await;
    let clerk = [("Meena", 3, 0x20, None), ("Ravi", 12, 0x10, Some(rev)), ("Zara", 21, 0xf0, Some(rev))];
    for (name, row, id, same_rev) in clerk {
        let form = CustomerForm { name: name.into(), phone: rows[row].profile.phone.as_str()[3..].into(), ..CustomerForm::default() };
        let mut added = counter.plan_new_customer(&form, CustomerId::from_bytes([id; 16]), EventId::from_bytes([id.wrapping_add(1); 16]), now()).expect("clerk's customer");
        if let (Some(rev), Some(customer)) = (same_rev, added.customer.as_mut()) {
            customer.rev = rev;
        }
        assert_eq!(store.commit(&added, Durability::Strict).await, Ok(true));
        counter.committed(&added);
    }
    let mut tail = tails();
    let outcome = import_rows(store, &rows, guard, 10, |chunk| counter.plan_import(chunk, import, rev, &mut tail, now()), |_| {}).await.expect("import");
    let clash = |line: u64, row: usize, name: &str| Clash { line, phone: rows[row].profile.phone.clone(), name: name.into() };
    assert_eq!(outcome.clashes, [clash(5, 3, "Meena"), clash(14, 12, "Ravi"), clash(23, 21, "Zara")]);
    assert_eq!(outcome.imported, 22);
    let customers = store.all_customers().await.expect("customers");
    assert_eq!(customers.len(), 1 + 3 + 22);
    let phones: std::collections::BTreeSet<_> = customers.iter().filter_map(|customer| customer.profile.as_ref().map(|profile| profile.phone.clone())).collect();
    assert_eq!(phones.len(), customers.len(), "no phone number twice");
    let events = store.events().await.expect("log");
    let imported_events = events.iter().filter(|event| import.made(&event.id.0)).count();
    let expected: usize = rows.iter().filter(|row| ![5, 14, 23].contains(&row.line)).map(|row| if row.stamps > 0 || row.visits > 0 { 2 } else { 1 }).sum();
    assert_eq!(imported_events, expected, "the dropped rows' events are deleted too");
    assert_eq!(store.pending_import().await, Ok(None));
}

/// A plan that leaves rows out (the import's screen closed midway, its counter gone) fails the
/// import and leaves nothing of it, rather than ending as a finished import without those rows.
pub async fn an_import_whose_plan_leaves_rows_out_writes_nothing<S: Store>(store: &S) {
    let (mut counter, asha) = shop(store).await;
    let import = ImportId([0xa5; 8]);
    let (guard, rev) = guard(store, &mut counter, import).await;
    let mut tail = tails();
    let batches = Cell::new(0);
    let result = import_rows(
        store,
        &rows(30),
        guard,
        10,
        |chunk| {
            batches.set(batches.get() + 1);
            if batches.get() == 2 {
                return Vec::new();
            }
            counter.plan_import(chunk, import, rev, &mut tail, now())
        },
        |_| {},
    )
    .await;
    assert!(matches!(result, Err(StoreError::WriteFailed(_))), "{result:?}");
    let customers = store.all_customers().await.expect("customers");
    assert_eq!(customers.iter().map(|customer| customer.id).collect::<Vec<_>>(), [asha]);
    assert_eq!(store.pending_import().await, Ok(None));
}

/// An import this page is still writing outlives its screen (`app/import_job.rs`): the import
/// screen opened again meanwhile finds its marker, and must not undo it (its batches so far
/// would go while the rest went on); the import then finishes whole. A marker of another
/// import (a closed tab's) is still undone.
pub async fn an_import_still_running_in_this_page_is_not_undone<S: Store>(store: &S) {
    let (mut counter, _) = shop(store).await;
    let import = ImportId([0xa6; 8]);
    let (running, rev) = guard(store, &mut counter, import).await;
    let six = rows(6);
    let mut tail = tails();
    let first = counter.plan_import(&six[..3], import, rev, &mut tail, now());
    store.import_batch(&store.ready_import_batch(ImportBatch { import, customers: first }).expect("ready")).await.expect("batch");
    // The screen opened again while the import runs.
    assert_eq!(undo_unfinished_except(store, Some(import)).await, Ok(false));
    assert_eq!(store.pending_import().await, Ok(Some(import)));
    let second = counter.plan_import(&six[3..], import, rev, &mut tail, now());
    store.import_batch(&store.ready_import_batch(ImportBatch { import, customers: second }).expect("ready")).await.expect("batch");
    assert_eq!(store.finish_import(&running).await, Ok(Vec::new()));
    assert_eq!(store.pending_import().await, Ok(None));
    assert_eq!(store.all_customers().await.expect("customers").len(), 1 + 6, "the whole import, nothing undone");

    // A closed tab's unfinished import is undone even while this page runs another.
    let (_, rev) = guard(store, &mut counter, ImportId([0xa7; 8])).await;
    let left = counter.plan_import(&rows(2), ImportId([0xa7; 8]), rev, &mut tail, now());
    store.import_batch(&store.ready_import_batch(ImportBatch { import: ImportId([0xa7; 8]), customers: left }).expect("ready")).await.expect("batch");
    assert_eq!(undo_unfinished_except(store, Some(ImportId([0xa8; 8]))).await, Ok(true));
    assert_eq!(store.all_customers().await.expect("customers").len(), 1 + 6);
}

/// Two windows of one shop: window A imports, window B chooses a file meanwhile. A holds the
/// import lock, so B finds it busy and must leave A's marker and batches alone (before, B took
/// the marker for a closed tab's and deleted A's batches so far while A wrote the rest). Once
/// A is gone without finishing (its lock released by the browser), B undoes what A wrote.
pub async fn an_import_running_in_another_window_is_not_undone<S: Store>(store: &S) {
    let (mut counter, _) = shop(store).await;
    let import = ImportId([0xa9; 8]);
    let (running, rev) = guard(store, &mut counter, import).await;
    let six = rows(6);
    let mut tail = tails();
    let first = counter.plan_import(&six[..3], import, rev, &mut tail, now());
    store.import_batch(&store.ready_import_batch(ImportBatch { import, customers: first }).expect("ready")).await.expect("batch");
    // Window B (no import of its own) finds the lock busy.
    assert_eq!(settle_unfinished(store, None, ImportLock::Busy).await, Ok(Unfinished::Refuse));
    assert_eq!(store.pending_import().await, Ok(Some(import)));
    let second = counter.plan_import(&six[3..], import, rev, &mut tail, now());
    store.import_batch(&store.ready_import_batch(ImportBatch { import, customers: second }).expect("ready")).await.expect("batch");
    assert_eq!(store.finish_import(&running).await, Ok(Vec::new()));
    assert_eq!(store.all_customers().await.expect("customers").len(), 1 + 6, "A's whole import, nothing undone");

    // A window closed midway: its lock is free, so B undoes its batches.
    let dead = ImportId([0xaa; 8]);
    let (_, rev) = guard(store, &mut counter, dead).await;
    let left = counter.plan_import(&rows(2), dead, rev, &mut tail, now());
    store.import_batch(&store.ready_import_batch(ImportBatch { import: dead, customers: left }).expect("ready")).await.expect("batch");
    assert_eq!(settle_unfinished(store, None, ImportLock::Taken).await, Ok(Unfinished::Undo(dead)));
    assert_eq!(store.pending_import().await, Ok(None));
    assert_eq!(store.all_customers().await.expect("customers").len(), 1 + 6, "nothing of the closed window's import");
}

/// A record written elsewhere while an import runs (sync, another window) can have a `rev`
/// above the import's. The counter takes it in at once, and must still find the import's
/// customers once the import is finished: its mark of records seen does not move past them
/// while the import runs (before, search missed them until the next start).
pub async fn a_record_taken_in_during_an_import_does_not_hide_the_import_from_the_counter<S: Store>(store: &S) {
    let (mut counter, _) = shop(store).await;
    let import = ImportId([0xa8; 8]);
    // The owner's screen plans the import with a copy of the counter, as `app/import_job.rs` does.
    let mut owner = counter.clone();
    let (running, rev) = guard(store, &mut owner, import).await;
    let mut tail = tails();
    let first = owner.plan_import(&rows(3), import, rev, &mut tail, now());
    store.import_batch(&store.ready_import_batch(ImportBatch { import, customers: first }).expect("ready")).await.expect("batch");
    // Another window adds a customer meanwhile, after the import's `rev`.
    let mut other = owner.clone();
    let form = CustomerForm { name: "Kiran".into(), phone: "9123456780".into(), ..CustomerForm::default() };
    let added = other.plan_new_customer(&form, CustomerId::from_bytes([0x61; 16]), EventId::from_bytes([0x62; 16]), now()).expect("customer");
    assert!(added.customer.as_ref().expect("record").rev > rev);
    assert_eq!(store.commit(&added, Durability::Strict).await, Ok(true));
    let (changed, pending) = crate::session::changed_elsewhere(store, counter.records_seen()).await.expect("changed");
    assert!(pending);
    assert!(changed.iter().all(|customer| !import.made(&customer.id.0)), "an unfinished import is not taken in");
    counter.took_in_records(&changed, pending);
    assert_eq!(counter.index().search("Kiran", 5).len(), 1);
    assert_eq!(store.finish_import(&running).await, Ok(Vec::new()));
    let (changed, pending) = crate::session::changed_elsewhere(store, counter.records_seen()).await.expect("changed");
    assert!(!pending);
    counter.took_in_records(&changed, pending);
    assert_eq!(counter.index().search("ग्राहक", 5).len(), 3, "the import's customers reach search");
}
