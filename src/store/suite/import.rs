//! Suite cases about importing customers (issue 13): all of an import or none of it, in
//! batches under a marker that start-up respects.

use std::cell::Cell;

use super::imp::{device, now, program};
use crate::domain::import::ImportRow;
use crate::domain::import_plan::ImportId;
use crate::domain::{Clock, Counter, Country, CustomerForm, CustomerId, CustomerProfile, EventId, Phone, SearchIndex, ShopProfile};
use crate::store::import::{import_rows, undo_unfinished};
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
    let written = import_rows(store, &rows, import, 10, |chunk| counter.plan_import(chunk, import, &mut tail, now()), |done| progress.push(done)).await;
    assert_eq!(written, Ok(25));
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
    let result = import_rows(
        store,
        &rows,
        import,
        10,
        |chunk| {
            let mut planned = counter.plan_import(chunk, import, &mut tail, now());
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
    let customers = counter.plan_import(&rows(3), import, tails(), now());
    store.import_batch(&crate::domain::import_plan::ImportBatch { import, customers }).await.expect("batch");
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
