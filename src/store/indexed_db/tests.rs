//! Browser tests of the IndexedDB store beyond the shared suite: the schema, reopening,
//! upgrades from other tabs, and the clock's sortable encoding.

use std::cell::Cell;
use std::rc::Rc;

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

use super::encode::{self, hlc_key};
use super::*;
use crate::domain::DeviceId;
use crate::store::{suite, SCHEMA_VERSION};

fn unique_name(case: &str) -> String {
    format!("mohar-test-{case}-{:x}", (js_sys::Math::random() * 1e15) as u64)
}

async fn open(case: &str) -> (String, IndexedDbStore) {
    let name = unique_name(case);
    let store = IndexedDbStore::open_with_blocked(&name, || panic!("blocked")).await.expect("open");
    (name, store)
}

crate::store::suite::store_suite!(|case: String| async move { open(&case).await.1 });

impl suite::Damage for IndexedDbStore {
    async fn damage_customer_record(&self, id: CustomerId) {
        // Not the `{ j, r }` the store writes: a bare string that is not even JSON.
        self.put_raw(CUSTOMERS, &encode::customer_key(id), &JsValue::from_str("{garbage")).await;
    }

    async fn damage_index_snapshot_value(&self) {
        self.put_raw(META, &JsValue::from_str(SNAPSHOT_KEY), &JsValue::from_f64(42.0)).await;
    }
}

impl IndexedDbStore {
    /// Puts `value` under `key` as it is, past the encoding: how damage reaches the stores.
    async fn put_raw(&self, store: &str, key: &JsValue, value: &JsValue) {
        let (tx, sys) = self.write_tx(&[store], Durability::Strict).expect("tx");
        tx.object_store(store).expect("store").put(value).with_key(key).without_key_type().primitive().expect("put");
        self.finish(tx, &sys).await.expect("written");
    }
}

/// Opens `name` at `version` with no upgrade handler, like an unrelated (or newer) build, and
/// without the `versionchange` handler that makes Mohar's own connections let go.
async fn raw_open(name: &str, version: u32) -> Database {
    Database::open(name).with_version(version).await.expect("raw open")
}

#[wasm_bindgen_test]
async fn a_reopened_database_still_has_everything() {
    let (name, store) = open("reopen").await;
    let commits = suite::demo_commits(9, 3);
    store.commit_batch(&commits, Durability::Strict).await.expect("batch");
    let device = store.device_id(DeviceId::from_bytes([4; 16])).await.expect("device");
    store.save_index_snapshot(&IndexSnapshot { watermark: 3, bytes: vec![1, 2, 3] }).await.expect("snapshot");
    let customers = store.all_customers().await.expect("customers");
    let shop = store.shop().await.expect("shop");
    store.close();
    assert_eq!(store.shop().await, Err(StoreError::Unavailable("the database connection is closed".into())));
    drop(store);

    let store = IndexedDbStore::open_with_blocked(&name, || panic!("blocked")).await.expect("reopen");
    assert_eq!(store.events().await.map(|events| events.len()), Ok(commits.len()));
    assert_eq!(store.all_customers().await, Ok(customers));
    assert_eq!(store.shop().await, Ok(shop));
    assert_eq!(store.device_id(DeviceId::from_bytes([5; 16])).await, Ok(device));
    assert_eq!(store.index_snapshot().await, Ok(Some(IndexSnapshot { watermark: 3, bytes: vec![1, 2, 3] })));
    drop(store);
    IndexedDbStore::delete(&name).await.expect("delete");
}

#[wasm_bindgen_test]
async fn the_schema_has_the_current_version_stores_and_indices() {
    let (name, store) = open("schema").await;
    assert_eq!(store.schema_version(), SCHEMA_VERSION);
    let names: Vec<String> = store.inner.db.object_store_names().collect();
    for expected in [EVENTS, CUSTOMERS, META, VERSIONS] {
        assert!(names.iter().any(|name| name == expected), "{expected}");
    }
    let tx = store.read_tx(&[EVENTS, CUSTOMERS]).expect("tx");
    let events: Vec<String> = tx.object_store(EVENTS).expect("events").index_names().collect();
    assert!(events.contains(&"hlc".to_string()) && events.contains(&"customer".to_string()));
    assert!(events.contains(&"customer_hlc".to_string()), "version 3's index: {events:?}");
    let customers: Vec<String> = tx.object_store(CUSTOMERS).expect("customers").index_names().collect();
    assert!(customers.contains(&"rev".to_string()));
    drop(tx);
    drop(store);
    IndexedDbStore::delete(&name).await.expect("delete");
}

#[wasm_bindgen_test]
async fn a_newer_stored_schema_is_refused() {
    let name = unique_name("too-new");
    raw_open(&name, SCHEMA_VERSION + 1).await.close();
    let opened = IndexedDbStore::open_with_blocked(&name, || panic!("blocked")).await;
    assert_eq!(opened.err(), Some(StoreError::SchemaTooNew { found: SCHEMA_VERSION + 1 }));
    IndexedDbStore::delete(&name).await.expect("delete");
}

#[wasm_bindgen_test]
async fn an_upgrade_in_another_tab_closes_this_connection() {
    let (name, store) = open("version-change").await;
    let told = Rc::new(Cell::new(false));
    store.on_closed_by_other_tab({
        let told = told.clone();
        move || told.set(true)
    });
    let commits = suite::demo_commits(1, 1);
    // The newer "tab" is not blocked, because this connection lets go when asked.
    let newer = raw_open(&name, SCHEMA_VERSION + 1).await;
    assert!(told.get());
    assert!(store.is_closed_by_other_tab());
    assert_eq!(store.commit(&commits[0], Durability::Strict).await, Err(StoreError::VersionChanged));
    assert_eq!(store.shop().await, Err(StoreError::VersionChanged));
    newer.close();
    IndexedDbStore::delete(&name).await.expect("delete");
}

/// A step after the current schema, for the blocked-upgrade test: one more object store.
fn add_probe_store(db: &Database, _tx: &web_sys::IdbTransaction) -> indexed_db_futures::Result<()> {
    db.create_object_store("probe").build()?;
    Ok(())
}

/// The current steps plus [`add_probe_store`].
static NEXT_MIGRATIONS: [migrations::Migration; SCHEMA_VERSION as usize + 1] = {
    // Written as a loop so that a new schema version needs no change here.
    let mut steps: [migrations::Migration; SCHEMA_VERSION as usize + 1] = [add_probe_store; SCHEMA_VERSION as usize + 1];
    let mut version = 0;
    while version < migrations::MIGRATIONS.len() {
        steps[version] = migrations::MIGRATIONS[version];
        version += 1;
    }
    steps
};

#[wasm_bindgen_test]
async fn a_blocked_upgrade_waits_for_the_other_tab_then_migrates() {
    let name = unique_name("blocked");
    // An "older tab" that never lets go when asked: it has no versionchange handler.
    let older = raw_open(&name, SCHEMA_VERSION).await;
    let blocked = Rc::new(Cell::new(false));
    let opening = IndexedDbStore::open_at(&name, SCHEMA_VERSION + 1, &NEXT_MIGRATIONS, {
        let blocked = blocked.clone();
        let older = older.clone();
        move || {
            blocked.set(true);
            // The user closes the other tab once told to.
            older.close();
        }
    });
    let store = opening.await.expect("opened once the other tab closed");
    assert!(blocked.get(), "the caller was told about the block");
    assert_eq!(store.schema_version(), SCHEMA_VERSION + 1);
    let names: Vec<String> = store.inner.db.object_store_names().collect();
    assert!(names.iter().any(|name| name == "probe"), "the upgrade ran after the block: {names:?}");
    drop(store);
    IndexedDbStore::delete(&name).await.expect("delete");
}

#[wasm_bindgen_test]
async fn an_encoded_hlc_sorts_like_the_clock() {
    let device = DeviceId::from_bytes([3; 16]);
    let clocks = [
        Hlc { millis: -5, counter: 0, device },
        Hlc { millis: 0, counter: 0, device },
        Hlc { millis: 0, counter: 1, device },
        Hlc { millis: 0, counter: 1, device: DeviceId::from_bytes([4; 16]) },
        Hlc { millis: 1_800_000_000_000, counter: 0, device },
    ];
    for pair in clocks.windows(2) {
        assert!(hlc_key(&pair[0]) < hlc_key(&pair[1]), "{pair:?}");
    }
}

#[wasm_bindgen_test]
async fn start_up_only_reads_once_the_device_id_is_saved() {
    let (name, store) = open("read-only-start").await;
    // The very first start saves the device id: one write.
    assert_eq!(crate::session::open(&store, DeviceId::from_bytes([1; 16]), chrono::Utc::now()).await.map(|counter| counter.is_none()), Ok(true));
    assert_eq!(store.write_transactions(), 1);
    let now = chrono::Utc::now();
    crate::session::load_demo(&store, DeviceId::from_bytes([1; 16]), 3, now).await.expect("demo");
    drop(store);

    // Every later start reads the device id, the shop and the index, and writes nothing.
    let store = IndexedDbStore::open_with_blocked(&name, || panic!("blocked")).await.expect("reopen");
    let counter = crate::session::open(&store, DeviceId::from_bytes([2; 16]), chrono::Utc::now()).await.expect("opened").expect("a shop");
    assert!(!counter.index().is_empty());
    assert_eq!(store.device_id(DeviceId::from_bytes([3; 16])).await, Ok(DeviceId::from_bytes([1; 16])));
    assert_eq!(store.write_transactions(), 0, "start-up opened a read-write transaction");
    drop(store);
    IndexedDbStore::delete(&name).await.expect("delete");
}

/// A repeated commit is refused by its own failing `add` of the event, which aborts the
/// transaction while the record's `put` is still pending; that one then fails with an
/// `AbortError` too, so two `error` events reach the transaction (the crate's one-shot listener
/// is taken off first). That abort is intended: the refusal is `Ok(false)`, nothing is written,
/// and no page `error` is raised. (Note: a page error here would come from a listener that
/// throws; a console message alone is caught by the e2e fixtures, not by this test.)
#[wasm_bindgen_test]
async fn a_refused_commit_aborts_quietly() {
    let (_name, store) = open("refused-quietly").await;
    let errors = Rc::new(Cell::new(0u32));
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new({
        let errors = errors.clone();
        move |_event: web_sys::Event| errors.set(errors.get() + 1)
    });
    let window = web_sys::window().expect("window");
    window.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref()).expect("listen");
    let commits = suite::demo_commits(9, 1);
    let first = commits.iter().take(2).collect::<Vec<_>>();
    for commit in &first {
        assert_eq!(store.commit(commit, Durability::Strict).await, Ok(true));
    }
    let events = store.events().await.expect("events").len();
    for commit in &first {
        // Event plus record (or shop): two writes pending when the transaction is aborted.
        assert_eq!(store.commit(commit, Durability::Strict).await, Ok(false));
    }
    // Give any error the aborted requests reported a turn of the event loop to arrive.
    let tick = js_sys::Promise::new(&mut |resolve, _| {
        window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20).expect("timeout");
    });
    wasm_bindgen_futures::JsFuture::from(tick).await.expect("tick");
    window.remove_event_listener_with_callback("error", on_error.as_ref().unchecked_ref()).expect("unlisten");
    assert_eq!(errors.get(), 0, "an intended abort raised a page error");
    assert_eq!(store.events().await.expect("events").len(), events);
    assert_eq!(store.commit(&commits[2], Durability::Strict).await, Ok(true));
}

/// A database written by schema version 1 (no ledger of versions) is upgraded on open and keeps
/// working: everything reads back, a stamp planned from a stored record goes in, and a second
/// change planned from that same record is refused as stale by the new ledger. Version 1 wrote
/// the values `encode` writes today (the upgrade only adds a store), so they are written here
/// straight into a database opened at version 1.
#[wasm_bindgen_test]
async fn a_database_written_by_version_1_opens_and_keeps_working() {
    let name = unique_name("from-v1");
    let v1 = IndexedDbStore::open_at(&name, 1, migrations::MIGRATIONS, || panic!("blocked")).await.expect("open at 1");
    assert_eq!(v1.schema_version(), 1);
    let names: Vec<String> = v1.inner.db.object_store_names().collect();
    assert!(!names.iter().any(|name| name == VERSIONS), "version 1 has no ledger: {names:?}");
    let commits = suite::demo_commits(21, 3);
    for commit in &commits {
        v1.put_raw(EVENTS, &encode::event_key(&commit.event), &encode::event_value(&commit.event).expect("event")).await;
    }
    let (shop, customers) = suite::materialized(&commits);
    for customer in customers.values() {
        v1.put_raw(CUSTOMERS, &encode::customer_key(customer.id), &encode::customer_value(customer).expect("customer")).await;
    }
    let shop = shop.expect("shop");
    v1.put_raw(META, &JsValue::from_str(SHOP_KEY), &JsValue::from_str(&encode::to_json(&shop).expect("shop"))).await;
    v1.close();
    drop(v1);

    let store = IndexedDbStore::open_with_blocked(&name, || panic!("blocked")).await.expect("upgraded");
    assert_eq!(store.schema_version(), SCHEMA_VERSION);
    assert_eq!(store.events().await.map(|events| events.len()), Ok(commits.len()));
    assert_eq!(store.all_customers().await, Ok(customers.values().cloned().collect::<Vec<_>>()));
    assert_eq!(store.shop().await, Ok(Some(shop.clone())));

    let stored = customers.values().next().expect("a customer").clone();
    let mut counter = crate::domain::Counter::new(shop, crate::domain::Clock::new(DeviceId::from_bytes([8; 16])), Default::default(), stored.rev);
    let now = chrono::Utc::now();
    let first = counter.plan_stamp(&stored, None, crate::domain::EventId::from_bytes([0xa1; 16]), now).expect("planned");
    let second = counter.plan_stamp(&stored, None, crate::domain::EventId::from_bytes([0xa2; 16]), now).expect("planned");
    assert_eq!(store.commit(&first, Durability::Strict).await, Ok(true));
    assert_eq!(store.commit(&second, Durability::Strict).await, Err(StoreError::Stale));
    assert_eq!(store.customer(stored.id).await, Ok(first.customer.clone()));
    drop(store);
    IndexedDbStore::delete(&name).await.expect("delete");
}

/// The ledger lists a version as replaced, but the record is that version again (its rev was
/// written a second time): a change planned from it is not refused for ever. The ledger's
/// refusal is explained by reading, the record is current, so the checked write lets the change
/// in; a second change from that version is then stale as usual. Without the checked write this
/// customer could never be stamped again.
#[wasm_bindgen_test]
async fn a_version_written_twice_still_takes_a_change_planned_from_it() {
    let (name, store) = open("written-twice").await;
    let commits = suite::demo_commits(5, 1);
    for commit in &commits {
        assert_eq!(store.commit(commit, Durability::Strict).await, Ok(true));
    }
    let (shop, customers) = suite::materialized(&commits);
    let original = customers.values().next().expect("a customer").clone();
    let mut counter = crate::domain::Counter::new(shop.expect("shop"), crate::domain::Clock::new(DeviceId::from_bytes([9; 16])), Default::default(), original.rev);
    let now = chrono::Utc::now();
    let stamped = counter.plan_stamp(&original, None, crate::domain::EventId::from_bytes([0xb1; 16]), now).expect("planned");
    assert_eq!(store.commit(&stamped, Durability::Strict).await, Ok(true));
    // The original version is written back as it was: current again, and listed as replaced.
    store.put_raw(CUSTOMERS, &encode::customer_key(original.id), &encode::customer_value(&original).expect("customer")).await;

    let again = counter.plan_stamp(&original, None, crate::domain::EventId::from_bytes([0xb2; 16]), now).expect("planned");
    assert_eq!(store.commit(&again, Durability::Strict).await, Ok(true));
    assert_eq!(store.customer(original.id).await, Ok(again.customer.clone()));
    let stale = counter.plan_stamp(&original, None, crate::domain::EventId::from_bytes([0xb3; 16]), now).expect("planned");
    assert_eq!(store.commit(&stale, Durability::Strict).await, Err(StoreError::Stale));
    drop(store);
    IndexedDbStore::delete(&name).await.expect("delete");
}

/// Schema 2 → 3 adds the store of questions and complaints (issue 10). A database written by
/// version 2 (through the store itself, opened at version 2: its commits of that time wrote no
/// item) opens, keeps its data, and then takes and lists complaints.
#[wasm_bindgen_test]
async fn a_database_written_by_version_2_opens_and_keeps_its_complaints() {
    use crate::domain::follow_up::Kind;
    let name = unique_name("from-v2");
    let v2 = IndexedDbStore::open_at(&name, 2, migrations::MIGRATIONS, || panic!("blocked")).await.expect("open at 2");
    let names: Vec<String> = v2.inner.db.object_store_names().collect();
    assert!(!names.iter().any(|name| name == "follow_ups"), "version 2 has no follow-ups: {names:?}");
    let commits = suite::demo_commits(23, 3);
    for commit in &commits {
        assert_eq!(v2.commit(commit, Durability::Strict).await, Ok(true));
    }
    v2.close();
    drop(v2);

    let store = IndexedDbStore::open_with_blocked(&name, || panic!("blocked")).await.expect("upgraded");
    assert_eq!(store.schema_version(), SCHEMA_VERSION);
    assert_eq!(store.events().await.map(|events| events.len()), Ok(commits.len()));
    let (shop, customers) = suite::materialized(&commits);
    assert_eq!(store.all_customers().await, Ok(customers.values().cloned().collect::<Vec<_>>()));
    assert_eq!(store.open_follow_ups(Kind::Complaint).await, Ok(Vec::new()));
    let asha = customers.values().next().expect("a customer").clone();
    let mut counter = crate::domain::Counter::new(shop.expect("shop"), crate::domain::Clock::new(DeviceId::from_bytes([8; 16])), Default::default(), asha.rev);
    let opened = counter.plan_complaint(&asha, "Cold tea", crate::domain::EventId::from_bytes([0xc1; 16]), chrono::Utc::now()).expect("planned");
    assert_eq!(store.commit(&opened, Durability::Strict).await, Ok(true));
    assert_eq!(store.open_follow_ups(Kind::Complaint).await, Ok(vec![opened.follow_up.clone().expect("item")]));
    drop(store);
    IndexedDbStore::delete(&name).await.expect("delete");
}

/// Staff and owner: a database of version 2 (before the Activity screen) is upgraded with the
/// `customer_hlc` index built over the events already stored, so one customer's activity reads
/// newest first at once, and nothing stored is lost.
#[wasm_bindgen_test]
async fn a_database_written_by_version_2_gets_the_customer_activity_index() {
    use crate::domain::activity::ActivityFilter;
    let name = unique_name("from-v2");
    let v2 = IndexedDbStore::open_at(&name, 2, migrations::MIGRATIONS, || panic!("blocked")).await.expect("open at 2");
    assert_eq!(v2.schema_version(), 2);
    let commits = suite::demo_commits(23, 3);
    for commit in &commits {
        assert_eq!(v2.commit(commit, Durability::Strict).await, Ok(true));
    }
    {
        let tx = v2.read_tx(&[EVENTS]).expect("tx");
        let indices: Vec<String> = tx.object_store(EVENTS).expect("events").index_names().collect();
        assert!(!indices.contains(&"customer_hlc".to_string()), "version 2 has no such index: {indices:?}");
    }
    v2.close();
    drop(v2);

    let store = IndexedDbStore::open_with_blocked(&name, || panic!("blocked")).await.expect("upgraded");
    assert_eq!(store.schema_version(), SCHEMA_VERSION);
    assert_eq!(store.events().await.map(|events| events.len()), Ok(commits.len()));
    let customer = commits.iter().find_map(|commit| commit.event.kind.customer()).expect("a customer");
    let mut expected: Vec<_> = commits.iter().map(|commit| &commit.event).filter(|event| event.kind.customer() == Some(customer)).collect();
    expected.sort_by(|a, b| b.hlc.cmp(&a.hlc));
    // The first page: the customer's newest events, as many as a page holds.
    expected.truncate(crate::domain::activity::PAGE_EVENTS);
    let page = store.activity_page(&ActivityFilter { customer: Some(customer), ..ActivityFilter::default() }, None).await.expect("page");
    assert_eq!(page.events.iter().collect::<Vec<_>>(), expected);
    drop(store);
    IndexedDbStore::delete(&name).await.expect("delete");
}

/// The dashboard (issue 12): a database of version 4 (before the dashboard's facts) opens,
/// gets the `dash` store, and the first dashboard rebuilds the facts from the log written
/// before; then a damaged chunk makes the next one rebuild them again.
#[wasm_bindgen_test]
async fn a_database_written_by_version_4_gets_the_dashboards_facts_from_its_log() {
    use crate::domain::analytics::DashFacts;
    use crate::store::dash::load_dash;
    let name = unique_name("from-v4");
    let v4 = IndexedDbStore::open_at(&name, 4, migrations::MIGRATIONS, || panic!("blocked")).await.expect("open at 4");
    assert!(!v4.has_dash(), "version 4 has no dashboard store");
    let commits = suite::demo_commits(31, 6);
    for commit in &commits {
        assert_eq!(v4.commit(commit, Durability::Strict).await, Ok(true));
    }
    v4.close();
    drop(v4);

    let store = IndexedDbStore::open_with_blocked(&name, || panic!("blocked")).await.expect("upgraded");
    assert_eq!(store.schema_version(), SCHEMA_VERSION);
    let (facts, load) = load_dash(&store).await.expect("facts");
    assert!(load.rebuilt);
    let log = store.events().await.expect("log");
    assert_eq!(log.len(), commits.len());
    assert_eq!(facts, DashFacts::fold(&log));

    store.put_raw(super::dash::DASH, &JsValue::from_f64(f64::from(crate::domain::analytics::stored::chunk_of(commits[1].event.kind.customer().expect("customer")))), &JsValue::from_str("garbage")).await;
    let (again, load) = load_dash(&store).await.expect("facts");
    assert!(load.rebuilt, "a damaged chunk is rebuilt from the log");
    assert_eq!(again, facts);
    drop(store);
    IndexedDbStore::delete(&name).await.expect("delete");
}
