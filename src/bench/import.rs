//! The import benchmark's entry points (issue 13): 100 000 rows of a CSV file imported through
//! the app's own path (read, check, plan, write in batches), with a stamp tapped every 100 ms
//! meanwhile on a second connection (how long does the counter wait?), and the same records
//! for `bench/import.mjs` to put with plain JavaScript in the same run.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use chrono::Utc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::browser::{error, millis_text, now_ms, percentile};
use super::seed::{shop_set_up, synthetic_name, synthetic_phone, SeededRandom};
use crate::domain::import::{check_rows, mapping_from_headings, read_table, ImportRow};
use crate::domain::import_plan::{ImportBatch, ImportGuard, ImportId};
use crate::domain::{Clock, Counter, CustomerForm, CustomerId, DeviceId, EventId, SearchIndex};
use crate::store::import::{import_rows_in_flight, BATCH, IN_FLIGHT};
use crate::store::indexed_db::IndexedDbStore;
use crate::store::{Durability, Store};

/// The database the benchmark imports into (not the app's, which the scale benchmark seeded).
const DATABASE: &str = "mohar-bench-import";

/// A register of `rows` customers as a semicolon CSV with a BOM and Hindi headings.
fn register(rows: u32) -> String {
    let mut random = SeededRandom::new(13);
    let mut text = String::from("\u{feff}नाम;मोबाइल;कार्ड पर मोहरें;कितनी बार आए\r\n");
    for n in 0..u64::from(rows) {
        let name = synthetic_name(n, &mut random);
        text.push_str(&format!("{name};{};{};{}\r\n", synthetic_phone(n).as_str(), n % 10, n % 25));
    }
    text
}

/// Read and checked as the import screen does: the rows to import.
fn checked_rows(text: &str) -> Result<Vec<ImportRow>, JsValue> {
    let table = read_table(text.as_bytes()).map_err(error)?;
    let mapping = mapping_from_headings(&table.rows[0].1);
    let (rows, problems) = check_rows(&table, &mapping, true, crate::domain::Country::India, &HashMap::new());
    if !problems.is_empty() {
        return Err(error(format!("{} problems in the synthetic register", problems.len())));
    }
    Ok(rows)
}

/// A fresh database with the benchmark shop and one customer at the counter, and its counter.
async fn fresh_shop() -> Result<(IndexedDbStore, Counter, crate::domain::Customer), JsValue> {
    IndexedDbStore::delete(DATABASE).await.map_err(error)?;
    let store = IndexedDbStore::open(DATABASE).await.map_err(error)?;
    let mut random = SeededRandom::new(7);
    let mut clock = Clock::new(DeviceId::from_bytes(random.id()));
    let set_up = shop_set_up(&mut clock, &mut random, Utc::now());
    store.commit(&set_up, Durability::Strict).await.map_err(error)?;
    let mut counter = Counter::new(set_up.shop.clone().ok_or("no shop")?, clock, SearchIndex::default(), 0);
    let form = CustomerForm { name: "Counter Customer".into(), phone: "9000000001".into(), ..CustomerForm::default() };
    let added = counter.plan_new_customer(&form, CustomerId::from_bytes(random.id()), EventId::from_bytes(random.id()), Utc::now()).map_err(error)?;
    store.commit(&added, Durability::Strict).await.map_err(error)?;
    counter.committed(&added);
    let customer = added.customer.ok_or("no customer")?;
    Ok((store, counter, customer))
}

async fn sleep(millis: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis);
        }
    });
    let _ = JsFuture::from(promise).await;
}

fn tail(random: &mut SeededRandom) -> [u8; 8] {
    random.id()[..8].try_into().unwrap_or_default()
}

/// Imports `rows` synthetic rows, `batch` customers per transaction (0: the app's own
/// [`BATCH`]; `rows` or more: one transaction), up to `in_flight` batches issued at once (0: the
/// app's own [`IN_FLIGHT`]; see `store::import::import_rows_in_flight`), planning the next batch while one commits (`overlap`, the app's way) or each
/// batch after the one before (the way before issue 13's speed-up), with `stamping` while a
/// second connection, the counter's, commits a stamp every 100 ms. Returns JSON: the time to
/// read and check the file, to plan and write it, how long the stamps took meanwhile (p50,
/// p95, max) and, one batch after another, where the time went (zero with `overlap`).
#[wasm_bindgen]
pub async fn mohar_bench_import(rows: u32, batch: u32, stamping: bool, overlap: bool, in_flight: u32) -> Result<String, JsValue> {
    let batch = if batch == 0 { BATCH as u32 } else { batch };
    let in_flight = if in_flight == 0 { IN_FLIGHT } else { in_flight as usize };
    let text = register(rows);
    let (store, mut counter, customer) = fresh_shop().await?;
    let started = now_ms();
    let checked = checked_rows(&text)?;
    let checked_ms = now_ms() - started;
    drop(text);

    // The counter: its own connection, a stamp every 100 ms until the import is done.
    let done = Rc::new(RefCell::new(!stamping));
    let stamps = Rc::new(RefCell::new(Vec::<f64>::new()));
    let counter_store = IndexedDbStore::open(DATABASE).await.map_err(error)?;
    let mut stamp_counter = counter.clone();
    {
        let (done, stamps) = (done.clone(), stamps.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let mut random = SeededRandom::new(99);
            let mut current = customer;
            while !*done.borrow() {
                sleep(100).await;
                let Ok(change) = stamp_counter.plan_another_stamp(&current, None, EventId::from_bytes(random.id()), Utc::now()) else { break };
                let tapped = now_ms();
                if counter_store.commit(&change, Durability::Strict).await.is_err() {
                    break;
                }
                stamps.borrow_mut().push(now_ms() - tapped);
                stamp_counter.committed(&change);
                if let Some(next) = change.customer {
                    current = next;
                }
            }
        });
    }

    let mut random = SeededRandom::new(21);
    let import = ImportId(tail(&mut random));
    let now = Utc::now();
    // What the preview read: the one customer of the counter.
    let since = store.all_customers().await.map_err(error)?.iter().map(|customer| customer.rev).max().unwrap_or(0);
    let rev = counter.import_rev(now, since);
    let guard = ImportGuard::new(import, since, rev);
    let written_started = now_ms();
    let plan = |chunk: &[ImportRow]| counter.plan_import(chunk, import, rev, || tail(&mut random), now);
    let mut phases = Phases::default();
    let written = if overlap {
        import_rows_in_flight(&store, &checked, guard, batch as usize, in_flight, plan, |_| {}).await.map(|outcome| outcome.imported)
    } else {
        one_after_another(&store, &checked, guard, batch as usize, plan, &mut phases).await
    };
    let import_ms = now_ms() - written_started;
    *done.borrow_mut() = true;
    let written = written.map_err(error)?;
    // The stamp in flight finishes.
    sleep(200).await;
    let mut times = stamps.borrow().clone();
    times.sort_by(f64::total_cmp);
    Ok(format!(
        r#"{{"rows":{written},"batch":{batch},"in_flight":{in_flight},"overlap":{overlap},"read_and_check_ms":{},"plan_and_write_ms":{},"total_ms":{},"stamps_meanwhile":{},"stamp_p50_ms":{},"stamp_p95_ms":{},"stamp_max_ms":{},"plan_ms":{},"encode_ms":{},"write_ms":{},"finish_ms":{}}}"#,
        millis_text(checked_ms),
        millis_text(import_ms),
        millis_text(checked_ms + import_ms),
        times.len(),
        millis_text(percentile(&times, 0.5)),
        millis_text(percentile(&times, 0.95)),
        millis_text(times.last().copied().unwrap_or(0.0)),
        millis_text(phases.plan),
        millis_text(phases.encode),
        millis_text(phases.write),
        millis_text(phases.finish),
    ))
}

/// Where the time of an import done one batch after another goes (ms): planning (ids, clock,
/// folding each record), encoding (JSON text and the JS objects), writing (issuing the `add`s,
/// which clones each value, until the batch's commit resolves), and the last step.
#[derive(Default)]
struct Phases {
    plan: f64,
    encode: f64,
    write: f64,
    finish: f64,
}

/// The import as it was written before the overlap (for the benchmark's before/after in one
/// run): each batch planned, encoded, written and committed, then the next; timed by phase.
async fn one_after_another(
    store: &IndexedDbStore,
    rows: &[ImportRow],
    guard: ImportGuard,
    batch: usize,
    mut plan: impl FnMut(&[ImportRow]) -> Vec<crate::domain::import_plan::Imported>,
    phases: &mut Phases,
) -> Result<usize, crate::store::StoreError> {
    crate::store::import::undo_unfinished(store).await?;
    let mut written = 0;
    for chunk in rows.chunks(batch.max(1)) {
        let started = now_ms();
        let customers = plan(chunk);
        let planned = now_ms();
        let ready = store.ready_import_batch(ImportBatch { import: guard.import, customers })?;
        let encoded = now_ms();
        store.import_batch(&ready).await?;
        let stored = now_ms();
        phases.plan += planned - started;
        phases.encode += encoded - planned;
        phases.write += stored - encoded;
        written += chunk.len();
    }
    let started = now_ms();
    store.finish_import(&guard).await?;
    phases.finish = now_ms() - started;
    Ok(written)
}

/// The same register's records as the import writes them, `[store, key, value]`, for the
/// plain-JavaScript bulk put (prepared before its clock starts).
#[wasm_bindgen]
pub async fn mohar_bench_import_records(rows: u32) -> Result<js_sys::Array, JsValue> {
    let checked = checked_rows(&register(rows))?;
    let mut random = SeededRandom::new(8);
    let mut clock = Clock::new(DeviceId::from_bytes(random.id()));
    let set_up = shop_set_up(&mut clock, &mut random, Utc::now());
    let mut counter = Counter::new(set_up.shop.clone().ok_or("no shop")?, clock, SearchIndex::default(), 0);
    let import = ImportId(tail(&mut random));
    let rev = counter.import_rev(Utc::now(), 0);
    let customers = counter.plan_import(&checked, import, rev, || tail(&mut random), Utc::now());
    crate::store::indexed_db::encoded_import_for_benchmark(&ImportBatch { import, customers }).map_err(error)
}
