//! Issue 14's sync benchmark (bench/sync.mjs): the app's push of a seeded shop to an empty
//! CouchDB database, and a new device's pull of it, each through the app's own code
//! (`app::sync_bench`), timed here so that only the sync is in the figure.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::browser::{error, millis_text, now_ms};
use crate::app::sync_bench;
use crate::domain::sync::SyncSettings;
use crate::store::DATABASE_NAME;

fn settings(server: String, database: String, user: String, password: String) -> SyncSettings {
    SyncSettings { server, database, user, password }
}

/// One sync session of the seeded shop (the app's database) against `database` on `server`,
/// which is empty: the whole log is pushed. Returns JSON with the time and the events the
/// session received (none expected).
#[wasm_bindgen]
pub async fn mohar_bench_sync_push(server: String, database: String, user: String, password: String) -> Result<String, JsValue> {
    let store = sync_bench::open(DATABASE_NAME).await.map_err(error)?;
    let settings = settings(server, database, user, password);
    let received = Rc::new(Cell::new(0));
    let started = now_ms();
    sync_bench::session(&store, &settings, received.clone()).await.map_err(error)?;
    let elapsed = now_ms() - started;
    Ok(format!(r#"{{"ms":{},"received":{}}}"#, millis_text(elapsed), received.get()))
}

/// A new device (the empty database `local_database` of this browser) joins the shop of
/// `database` on `server`: pulls every event and writes the shop. Returns JSON with the time,
/// the events and the customers.
#[wasm_bindgen]
pub async fn mohar_bench_sync_pull(server: String, database: String, user: String, password: String, local_database: String) -> Result<String, JsValue> {
    let store = sync_bench::open(&local_database).await.map_err(error)?;
    let settings = settings(server, database, user, password);
    let started = now_ms();
    let (events, customers) = sync_bench::join(&store, &settings).await.map_err(error)?;
    let elapsed = now_ms() - started;
    Ok(format!(r#"{{"ms":{},"events":{events},"customers":{customers}}}"#, millis_text(elapsed)))
}
