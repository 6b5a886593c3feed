//! Where the search index's time goes, for the benchmark: reading the snapshot out of
//! IndexedDB, decoding it into the index (columns taken as they are, the id map, the stored
//! keys), and the search itself without rendering
//! (bench/search.mjs prints it beside the keystroke → results time, which includes the render).

use wasm_bindgen::prelude::*;

use super::browser::{error, millis_text, now_ms, percentile};
use crate::domain::SearchIndex;
use crate::store::indexed_db::IndexedDbStore;
use crate::store::{Store, DATABASE_NAME};

/// Reads and decodes the stored snapshot, timing each part, then runs `queries` (an array of
/// strings) through the index as the counter does (30 results). Returns JSON with the times in
/// milliseconds.
#[wasm_bindgen]
pub async fn mohar_bench_index_parts(queries: js_sys::Array) -> Result<String, JsValue> {
    let store = IndexedDbStore::open(DATABASE_NAME).await.map_err(error)?;
    let started = now_ms();
    let snapshot = store.index_snapshot().await.map_err(error)?.ok_or_else(|| error("no snapshot: seed first"))?;
    let read = now_ms();
    let index = SearchIndex::decode(&snapshot.bytes).map_err(error)?;
    let decoded = now_ms();
    let mut times = Vec::with_capacity(queries.length() as usize);
    for query in queries.iter().filter_map(|query| query.as_string()) {
        let before = now_ms();
        let hits = index.search(&query, 30);
        times.push(now_ms() - before);
        std::hint::black_box(hits);
    }
    times.sort_by(f64::total_cmp);
    Ok(format!(
        r#"{{"snapshot_bytes":{},"snapshot_version":{},"read_ms":{},"decode_ms":{},"search_p50_ms":{},"search_p95_ms":{},"search_max_ms":{}}}"#,
        snapshot.bytes.len(),
        snapshot.bytes.get(3).copied().unwrap_or(0),
        millis_text(read - started),
        millis_text(decoded - read),
        millis_text(percentile(&times, 0.5)),
        millis_text(percentile(&times, 0.95)),
        millis_text(times.last().copied().unwrap_or(0.0)),
    ))
}
