//! Joining a shop (issue 14, owner's bundle): a new device, paired by the QR code and its
//! 6-digit code, pulls the shop's whole history from the server before it has a shop at all.
//!
//! The session is the same pure state machine as every sync (`domain::sync::Sync`), but what it
//! asks to store is kept in memory and written at the end in **one** restore transaction (the
//! events, the shop and every customer folded from them, and the card key: `Store::restore`),
//! followed by the replication logs and the settings. So a join cut off half-way (the network
//! gone, the tab closed) leaves the device as it was, empty, and can simply be started again;
//! it never leaves a device with half a shop or a checkpoint past events it does not hold.

use std::collections::BTreeMap;

use chrono::Utc;

use super::{random, sync_engine, sync_http, AppStore};
use crate::domain::sync::{Action, Input, ReplicationLog, Sync, SyncError, SyncSettings, SyncStart, BATCH_SIZE};
use crate::domain::Event;
use crate::store::{Restore, Store};

/// How far a join has got: events received, of about how many the server holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JoinProgress {
    /// Events received so far.
    pub received: usize,
    /// The server's document count (events, and the few documents that are not), once known.
    pub total: Option<usize>,
}

/// What a finished join wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Joined {
    /// Events received.
    pub events: usize,
    /// Customers of the shop.
    pub customers: usize,
}

/// Why a join stopped; nothing was written on this device.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JoinError {
    /// The sync failed (server, password, network).
    Sync(SyncError),
    /// The server holds no shop yet (the owner's device has not synced).
    NoShop,
}

/// Pulls everything from the server of `settings` and writes it as this device's shop, with
/// the shop's card key `shop_key`; `progress` is called after each batch.
pub async fn join(store: &AppStore, settings: &SyncSettings, shop_key: [u8; 32], progress: impl Fn(JoinProgress)) -> Result<Joined, JoinError> {
    let local = |error: crate::store::StoreError| JoinError::Sync(SyncError::Local(error.to_string()));
    let device = store.device_id(random::device_id()).await.map_err(local)?;
    let remote = settings.database_url();
    let start = SyncStart {
        device,
        remote,
        session_id: random::event_id().0.to_hex(),
        now: Utc::now(),
        local_pull_log: None,
        local_push_log: None,
        batch_size: BATCH_SIZE,
    };
    let mut received: BTreeMap<crate::domain::EventId, Event> = BTreeMap::new();
    let mut logs: Vec<(String, ReplicationLog)> = Vec::new();
    let mut state = JoinProgress::default();
    let (mut sync, mut action) = Sync::start(start);
    loop {
        let input = match action {
            Action::Http(request) => match sync_http::send(settings, &request).await {
                Some(response) => {
                    // The database's answer (`GET /db`) says how many documents it holds.
                    if state.total.is_none() && response.status == 200 {
                        let count = serde_json::from_str::<serde_json::Value>(&response.body).ok().and_then(|body| body.get("doc_count").and_then(serde_json::Value::as_u64));
                        if let Some(count) = count {
                            state.total = Some(count as usize);
                            progress(state);
                        }
                    }
                    Input::Http(response)
                }
                None => Input::Unreachable,
            },
            // The device is empty: nothing to push, nothing held but what this join received.
            Action::ReadLocal { .. } => Input::LocalEvents(Vec::new()),
            Action::FindLocal(ids) => Input::LocalKnown(ids.into_iter().filter(|id| received.contains_key(id)).collect()),
            Action::Store(events) => {
                for event in events {
                    received.insert(event.id, event);
                }
                state.received = received.len();
                progress(state);
                Input::Stored
            }
            Action::SaveLog { key, log } => {
                logs.push((key, log));
                Input::Saved
            }
            Action::Finished(_) => break,
            Action::Failed(error) => return Err(JoinError::Sync(error)),
        };
        action = sync.next(input);
    }
    let events: Vec<Event> = received.into_values().collect();
    // Every record gets this write counter, above any this device has used, as a restore does.
    // Every event is new here: the restore's events are the log it folded (moved, not copied).
    let restore = Restore::of_log(Vec::new(), &events, Utc::now().timestamp_millis() as u64, shop_key);
    if restore.shop.is_none() {
        return Err(JoinError::NoShop);
    }
    let joined = Joined { events: events.len(), customers: restore.customers.len() };
    store.restore(&Restore { events, ..restore }).await.map_err(local)?;
    // Only now the checkpoints (the next sync goes on from here) and the settings (which turn
    // sync on for the counter's next start).
    for (key, log) in logs {
        let text = serde_json::to_string(&log).unwrap_or_default();
        store.save_sync_value(&format!("log:{key}"), &text).await.map_err(local)?;
    }
    sync_engine::save_settings(store, settings).await.map_err(local)?;
    Ok(joined)
}
