//! The scale benchmark's entry points. `bench/run.mjs` drives a release build in headless
//! Chromium and calls these through Trunk's `window.wasmBindings`; they use the same store and
//! session code as the counter, so the figures are the app's own.

#[cfg(target_arch = "wasm32")]
mod import;
#[cfg(target_arch = "wasm32")]
mod index_parts;
// The owner's dashboard (issue 12).
#[cfg(target_arch = "wasm32")]
mod dashboard;
pub mod seed;
// Issue 14: the app's sync beside PouchDB's replicate() (bench/sync.mjs).
// Only with the feature: its link into the app (`app::sync_bench`) is not in test builds.
#[cfg(all(feature = "bench", target_arch = "wasm32"))]
mod sync;

#[cfg(target_arch = "wasm32")]
mod browser {
    use chrono::Utc;
    use wasm_bindgen::prelude::*;

    use super::seed::{customer_commits, shop_set_up, synthetic_phone, SeededRandom, HEAVY_CUSTOMER_STAMPS};
    use crate::domain::{Clock, DeviceId, EventId, IndexEntry, SearchIndex};
    use crate::store::indexed_db::IndexedDbStore;
    use crate::store::{Durability, IndexSnapshot, Store, DATABASE_NAME};

    fn random_u64() -> Result<u64, JsValue> {
        let crypto = web_sys::window().ok_or("no window")?.crypto()?;
        let mut bytes = [0u8; 8];
        crypto.get_random_values_with_u8_array(&mut bytes)?;
        Ok(u64::from_le_bytes(bytes))
    }

    pub(super) fn now_ms() -> f64 {
        web_sys::window().and_then(|window| window.performance()).map_or(0.0, |performance| performance.now())
    }

    pub(super) fn error(error: impl std::fmt::Display) -> JsValue {
        JsValue::from_str(&error.to_string())
    }

    /// Milliseconds as text with three decimals, in integer arithmetic (float formatting would
    /// add kilobytes to the app's wasm just for the benchmark).
    pub(super) fn millis_text(millis: f64) -> String {
        let micros = (millis * 1_000.0).round().max(0.0) as u64;
        format!("{}.{:03}", micros / 1_000, micros % 1_000)
    }

    pub(super) fn percentile(sorted: &[f64], fraction: f64) -> f64 {
        if sorted.is_empty() {
            return 0.0;
        }
        let rank = ((sorted.len() as f64 - 1.0) * fraction).round() as usize;
        sorted[rank.min(sorted.len() - 1)]
    }

    /// Seeds the app's database with a shop of `customers` customers, each with
    /// `visits_per_customer` stamped visits, plus one regular with [`HEAVY_CUSTOMER_STAMPS`]
    /// stamps (customer number `customers`), and writes the search-index snapshot. Returns a
    /// JSON summary.
    #[wasm_bindgen]
    pub async fn mohar_bench_seed(customers: u32, visits_per_customer: u32) -> Result<String, JsValue> {
        let started = now_ms();
        let store = IndexedDbStore::open(DATABASE_NAME).await.map_err(error)?;
        let mut random = SeededRandom::new(random_u64()?);
        let device = store.device_id(DeviceId::from_bytes(random.id())).await.map_err(error)?;
        let mut clock = Clock::new(device);
        let now = Utc::now();
        let set_up = shop_set_up(&mut clock, &mut random, now - chrono::Duration::days(365));
        store.commit(&set_up, Durability::Strict).await.map_err(error)?;
        let base_rev = (now.timestamp_millis() as u64) * 1_000;
        let mut entries = Vec::with_capacity(customers as usize);
        let mut events = 1u64;
        const CUSTOMERS_PER_TRANSACTION: u32 = 2_000;
        let mut first = 0;
        while first < customers {
            let last = (first + CUSTOMERS_PER_TRANSACTION).min(customers);
            let mut batch = Vec::with_capacity(((last - first) * (visits_per_customer + 1)) as usize);
            for n in first..last {
                let commits = customer_commits(u64::from(n), visits_per_customer, &mut clock, &mut random, now, base_rev + u64::from(n) + 1);
                if let Some(entry) = commits.last().and_then(|c| c.customer.as_ref()).and_then(IndexEntry::from_customer) {
                    entries.push(entry);
                }
                batch.extend(commits);
            }
            events += batch.len() as u64;
            store.commit_batch(&batch, Durability::Relaxed).await.map_err(error)?;
            first = last;
        }
        let heavy = customer_commits(u64::from(customers), HEAVY_CUSTOMER_STAMPS, &mut clock, &mut random, now, base_rev + u64::from(customers) + 1);
        if let Some(entry) = heavy.last().and_then(|c| c.customer.as_ref()).and_then(IndexEntry::from_customer) {
            entries.push(entry);
        }
        events += heavy.len() as u64;
        store.commit_batch(&heavy, Durability::Relaxed).await.map_err(error)?;
        let index = SearchIndex::from_entries(entries);
        let snapshot = IndexSnapshot { watermark: base_rev + u64::from(customers) + 1, bytes: index.encode() };
        store.save_index_snapshot(&snapshot).await.map_err(error)?;
        Ok(format!(
            r#"{{"customers":{customers},"events":{events},"index_bytes":{},"seed_ms":{}}}"#,
            snapshot.bytes.len(),
            millis_text(now_ms() - started)
        ))
    }

    thread_local! {
        /// The stored form of the last stamp the benchmark committed, for the raw-JS comparison.
        static LAST_SAMPLE: std::cell::RefCell<Option<js_sys::Array>> = const { std::cell::RefCell::new(None) };
    }

    thread_local! {
        /// The store and counter of the stamp benchmark, kept between its rounds.
        static OPENED: std::cell::RefCell<Option<(IndexedDbStore, crate::domain::Counter)>> = const { std::cell::RefCell::new(None) };
    }

    /// `[event key, event value, customer key, customer value]` exactly as the store wrote
    /// them for the last stamp of [`mohar_bench_stamps`].
    #[wasm_bindgen]
    pub fn mohar_bench_stored_sample() -> JsValue {
        LAST_SAMPLE.with(|sample| sample.borrow().clone().map_or(JsValue::NULL, JsValue::from))
    }

    /// Stamps `samples` random customers through the app's own path (read the record, plan,
    /// strict commit of event + record) and returns JSON with the commit times in milliseconds
    /// (the stored form of the last one is kept for [`mohar_bench_stored_sample`]).
    #[wasm_bindgen]
    pub async fn mohar_bench_stamps(samples: u32) -> Result<String, JsValue> {
        stamp_rounds(samples, false).await
    }

    /// Like [`mohar_bench_stamps`], for the regular with [`HEAVY_CUSTOMER_STAMPS`] stamps (the
    /// stored form of their last stamp is kept for the raw-JS comparison too).
    #[wasm_bindgen]
    pub async fn mohar_bench_heavy_stamps(samples: u32) -> Result<String, JsValue> {
        stamp_rounds(samples, true).await
    }

    async fn stamp_rounds(samples: u32, heavy: bool) -> Result<String, JsValue> {
        let mut random = SeededRandom::new(random_u64()?);
        // Opened once per page and kept between rounds, so that start-up work (such as writing
        // a fresh index snapshot) never lands inside the timed commits.
        let opened = OPENED.with(|opened| opened.borrow_mut().take());
        let (store, mut counter) = match opened {
            Some(opened) => opened,
            None => {
                let store = IndexedDbStore::open(DATABASE_NAME).await.map_err(error)?;
                let counter = crate::session::open(&store, DeviceId::from_bytes(random.id()), Utc::now())
                    .await
                    .map_err(error)?
                    .ok_or_else(|| error("no shop: seed first"))?;
                (store, counter)
            }
        };
        let ids: Vec<_> = if heavy {
            // The heavy regular is the customer after the last ordinary one (see the seed).
            let phone = synthetic_phone(counter.index().len().saturating_sub(1) as u64);
            counter.index().find_phone(phone.as_str()).map(|entry| entry.id).into_iter().collect()
        } else {
            counter.index().ids().to_vec()
        };
        if ids.is_empty() {
            return Err(error("no customers: seed first"));
        }
        // The customers are read first, as the counter has read a customer when its screen
        // opened: a read transaction still finishing on the same store would delay the write.
        let mut customers = Vec::with_capacity(samples as usize);
        for _ in 0..samples {
            let id = ids[(random.next() % ids.len() as u64) as usize];
            customers.push((id, crate::session::customer(&store, id).await.map_err(error)?));
        }
        let mut times = Vec::with_capacity(samples as usize);
        let mut sample = None;
        // A customer stamped earlier in this round (always, for the heavy regular) is planned
        // from the record that stamp wrote, as the counter screen does after a commit: the
        // record read up front is stale by then, and the store would refuse it.
        let mut latest: std::collections::HashMap<_, crate::domain::Customer> = std::collections::HashMap::new();
        for (_, customer) in customers {
            let customer = latest.remove(&customer.id).unwrap_or(customer);
            let change = counter.plan_stamp(&customer, None, EventId::from_bytes(random.id()), Utc::now()).map_err(error)?;
            let started = now_ms();
            crate::session::save(&store, &change).await.map_err(error)?;
            times.push(now_ms() - started);
            counter.committed(&change);
            if let Some(customer) = &change.customer {
                latest.insert(customer.id, customer.clone());
            }
            sample = Some(change);
        }
        let mut sorted = times.clone();
        sorted.sort_by(f64::total_cmp);
        OPENED.with(|opened| *opened.borrow_mut() = Some((store, counter)));
        let sample = sample.ok_or_else(|| error("no samples"))?;
        let stored = crate::store::indexed_db::encoded_for_benchmark(&sample).map_err(error)?;
        LAST_SAMPLE.with(|last| *last.borrow_mut() = Some(stored));
        let record_bytes = sample.customer.as_ref().map_or(0, |customer| serde_json::to_string(customer).map_or(0, |json| json.len()));
        Ok(format!(
            r#"{{"record_bytes":{record_bytes},"p50_ms":{},"p95_ms":{},"samples":{},"times_ms":[{}]}}"#,
            millis_text(percentile(&sorted, 0.5)),
            millis_text(percentile(&sorted, 0.95)),
            sorted.len(),
            times.iter().map(|time| millis_text(*time)).collect::<Vec<_>>().join(",")
        ))
    }
}
