//! The sync benchmark's glue (only with the `bench` feature): runs the app's own sync session
//! (`sync_engine::replicate`, the one the background engine runs) and the app's own join of a
//! new device (`sync_join::join`), for `src/bench/sync.rs` to time. The engine and the join are
//! private to the app; this module is the one door the benchmark goes through.

use super::{storage, sync_engine, sync_join, AppStore};
use crate::domain::sync::SyncSettings;
use crate::store::Store;

/// Opens the database `name` as the app opens its own.
pub async fn open(name: &str) -> Result<AppStore, String> {
    storage::open(name, || {}, || {}).await.map_err(|error| error.to_string())
}

/// One sync session of the store against `settings` (pull, then push), as the engine runs it:
/// what it receives it stores itself, as in the app (no counter is open here to be told).
/// `received` gets the number of events the log gained (pushing to an empty database receives
/// none).
pub async fn session(store: &AppStore, settings: &SyncSettings, received: std::rc::Rc<std::cell::Cell<usize>>) -> Result<(), String> {
    let before = store.count_events_after(None).await.map_err(|error| error.to_string())?;
    sync_engine::replicate(store, settings).await.map_err(|error| error.to_string())?;
    let after = store.count_events_after(None).await.map_err(|error| error.to_string())?;
    received.set(after.saturating_sub(before));
    Ok(())
}

/// A new device's join: pulls everything from `settings`' database into the empty `store` and
/// writes it in one restore transaction. Returns (events, customers).
pub async fn join(store: &AppStore, settings: &SyncSettings) -> Result<(usize, usize), String> {
    let joined = sync_join::join(store, settings, [7; 32], |_| {}).await.map_err(|error| match error {
        // Spelled out: release builds format `Debug` as nothing (scripts/wasm_release_env.sh).
        sync_join::JoinError::Sync(error) => error.to_string(),
        sync_join::JoinError::NoShop => "the server holds no shop".to_string(),
    })?;
    Ok((joined.events, joined.customers))
}
