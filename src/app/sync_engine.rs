//! The sync engine (owner's bundle): runs sync sessions of `domain::sync` in the background
//! whenever the device is online — at start, a few seconds after each counter action, every
//! minute — retrying with backoff after a failure, and never in the counter's way: it reads
//! and writes through its own connection, received events included (`sync_store.rs`: planned
//! with its own copy of the counter and written in one strict transaction, as the counter saves
//! its own actions); the counter (`app::sync_link`) holds a revision for each batch and then
//! takes the records it wrote into its search index.
//!
//! It lives in the owner's bundle so the counter's first load does not carry the protocol, the
//! HTTP code and the settings screen: the counter loads that bundle in the background a moment
//! after start when sync is set up (ARCHITECTURE.md, "Sync").

use std::cell::RefCell;
use std::rc::Rc;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use wasm_bindgen_futures::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{random, storage, AppStore, DB_NAME};
use super::sync_http;
use super::sync_store::{store_batch, CounterLink};
use crate::domain::sync::{replication_ids, Action, Input, LocalSeq, ReplicationLog, Sync, SyncError, SyncSettings, SyncStart, BATCH_SIZE};
use crate::store::Store;

/// The `localStorage` flag that tells the counter, at start, that sync is set up (so it loads
/// this bundle in the background); the settings themselves are in IndexedDB.
pub const ENABLED_FLAG: &str = "mohar.sync";
/// How long after a counter action the next session starts (more actions within it join it).
const NUDGE_DELAY_MS: f64 = 5_000.0;
/// The time between sessions when all is well.
const PERIOD_MS: f64 = 60_000.0;
/// The first retry after a failure; it doubles up to [`MAX_BACKOFF_MS`].
const FIRST_RETRY_MS: f64 = 15_000.0;
const MAX_BACKOFF_MS: f64 = 600_000.0;

/// What Settings → Sync shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SyncStatus {
    /// Whether settings are saved.
    pub configured: bool,
    /// A session is running now.
    pub running: bool,
    /// When the last session ended well.
    pub last_synced: Option<DateTime<Utc>>,
    /// This device's changes not on the server yet, as far as this device knows.
    pub waiting: Option<usize>,
    /// Why the last session stopped, if it did.
    pub error: Option<SyncError>,
}

struct Engine {
    started: bool,
    counter: Option<CounterLink>,
    store: Option<Rc<AppStore>>,
    status: ArcRwSignal<SyncStatus>,
    next_due: f64,
    nudged_at: Option<f64>,
    failures: u32,
    running: bool,
}

thread_local! {
    static ENGINE: RefCell<Engine> = RefCell::new(Engine {
        started: false,
        counter: None,
        store: None,
        status: ArcRwSignal::new(SyncStatus::default()),
        next_due: 0.0,
        nudged_at: None,
        failures: 0,
        running: false,
    });
}

/// The status, for the settings screen.
pub fn status() -> ArcRwSignal<SyncStatus> {
    ENGINE.with(|engine| engine.borrow().status.clone())
}

/// Starts the engine once per page; `hold` and `took_in` are the counter's (see
/// [`CounterLink`]). Returns the function the counter calls after each of its actions.
pub fn start(hold: js_sys::Function, took_in: js_sys::Function) -> js_sys::Function {
    let first = ENGINE.with(|engine| {
        let mut engine = engine.borrow_mut();
        engine.counter = Some(CounterLink { hold, took_in });
        !std::mem::replace(&mut engine.started, true)
    });
    if first {
        // wasm_bindgen_futures, not Leptos's spawn: the counter may start the engine before this
        // bundle has mounted anything, when Leptos's executor is not set up here yet.
        spawn_local(run_forever());
    }
    Closure::<dyn Fn()>::new(nudge).into_js_value().unchecked_into()
}

/// A counter action was saved: sync soon.
pub fn nudge() {
    ENGINE.with(|engine| {
        let mut engine = engine.borrow_mut();
        engine.nudged_at.get_or_insert(js_sys::Date::now());
    });
}

/// The settings changed: sync now, forgetting the backoff.
pub fn settings_changed() {
    ENGINE.with(|engine| {
        let mut engine = engine.borrow_mut();
        engine.next_due = 0.0;
        engine.failures = 0;
    });
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn online() -> bool {
    web_sys::window().is_none_or(|window| window.navigator().on_line())
}

/// This bundle's own connection to the shop's database, opened on first use.
pub async fn store() -> Option<Rc<AppStore>> {
    if let Some(store) = ENGINE.with(|engine| engine.borrow().store.clone()) {
        return Some(store);
    }
    let store = Rc::new(storage::open(DB_NAME, || {}, || {}).await.ok()?);
    ENGINE.with(|engine| engine.borrow_mut().store = Some(store.clone()));
    Some(store)
}

/// The saved settings, if any.
pub async fn load_settings(store: &AppStore) -> Option<SyncSettings> {
    store.sync_value("settings").await.ok().flatten().and_then(|text| serde_json::from_str(&text).ok())
}

/// Saves the settings and tells the counter (for its next start) that sync is on.
pub async fn save_settings(store: &AppStore, settings: &SyncSettings) -> Result<(), crate::store::StoreError> {
    let text = serde_json::to_string(settings).map_err(|error| crate::store::StoreError::WriteFailed(error.to_string()))?;
    store.save_sync_value("settings", &text).await?;
    use gloo_storage::Storage;
    let _ = gloo_storage::LocalStorage::set(ENABLED_FLAG, "1");
    settings_changed();
    Ok(())
}

/// Checks the settings against the server without changing anything: the database answers
/// as CouchDB, with these credentials.
pub async fn test_connection(settings: &SyncSettings) -> Result<(), SyncError> {
    let start = SyncStart {
        device: random::device_id(),
        remote: settings.database_url(),
        session_id: String::new(),
        now: Utc::now(),
        local_pull_log: None,
        local_push_log: None,
        batch_size: BATCH_SIZE,
    };
    let (mut sync, Action::Http(request)) = Sync::start(start) else { return Err(SyncError::Unreachable) };
    let input = sync_http::send(settings, &request).await.map_or(Input::Unreachable, Input::Http);
    match sync.next(input) {
        Action::Failed(error) => Err(error),
        _ => Ok(()),
    }
}

async fn run_forever() {
    // What the last sessions left, for the status line before the first one here ends.
    if let Some(store) = store().await {
        let last = store.sync_value("last_synced").await.ok().flatten().and_then(|text| DateTime::parse_from_rfc3339(&text).ok());
        let configured = load_settings(&store).await.is_some();
        let waiting = waiting(&store).await;
        status().update(|status| {
            status.last_synced = last.map(|time| time.with_timezone(&Utc));
            status.configured = configured;
            status.waiting = waiting;
        });
    }
    loop {
        sleep(1_000).await;
        let now = js_sys::Date::now();
        let due = ENGINE.with(|engine| {
            let engine = engine.borrow();
            !engine.running && (now >= engine.next_due || engine.nudged_at.is_some_and(|at| now >= at + NUDGE_DELAY_MS))
        });
        if due && online() {
            run_once().await;
        }
    }
}

async fn run_once() {
    ENGINE.with(|engine| {
        let mut engine = engine.borrow_mut();
        engine.running = true;
        engine.nudged_at = None;
    });
    let outcome = session().await;
    let now = js_sys::Date::now();
    ENGINE.with(|engine| {
        let mut engine = engine.borrow_mut();
        engine.running = false;
        match &outcome {
            Some(Err(_)) => {
                engine.failures += 1;
                engine.next_due = now + (FIRST_RETRY_MS * 2f64.powi(engine.failures as i32 - 1)).min(MAX_BACKOFF_MS);
            }
            _ => {
                engine.failures = 0;
                engine.next_due = now + PERIOD_MS;
            }
        }
    });
}

/// Events after what the last push reached: "N changes waiting".
async fn waiting(store: &AppStore) -> Option<usize> {
    let cursor = store.sync_value("cursor").await.ok().flatten();
    let after = cursor.and_then(|key| LocalSeq::parse(&serde_json::Value::String(key))).map(|seq| seq.0);
    store.count_events_after(after).await.ok()
}

/// One session; `None` when there is nothing to do (no settings, no store).
async fn session() -> Option<Result<(), SyncError>> {
    let store = store().await?;
    let Some(settings) = load_settings(&store).await else {
        status().update(|status| status.configured = false);
        return None;
    };
    status().update(|status| {
        status.configured = true;
        status.running = true;
    });
    let result = replicate(&store, &settings).await;
    let waiting = waiting(&store).await;
    status().update(|status| {
        status.running = false;
        status.waiting = waiting;
        match &result {
            Ok(()) => {
                status.last_synced = Some(Utc::now());
                status.error = None;
            }
            Err(error) => status.error = Some(error.clone()),
        }
    });
    Some(result)
}

/// One session against the server of `settings` (the benchmark's `mohar_bench_sync_push` times it).
pub(super) async fn replicate(store: &AppStore, settings: &SyncSettings) -> Result<(), SyncError> {
    let local = |error: crate::store::StoreError| SyncError::Local(error.to_string());
    let device = store.device_id(random::device_id()).await.map_err(local)?;
    let remote = settings.database_url();
    let ids = replication_ids(device, &remote);
    let log = |text: Option<String>| text.and_then(|text| serde_json::from_str::<ReplicationLog>(&text).ok());
    let start = SyncStart {
        device,
        remote,
        session_id: random::event_id().0.to_hex(),
        now: Utc::now(),
        local_pull_log: log(store.sync_value(&format!("log:{}", ids.pull)).await.map_err(local)?),
        local_push_log: log(store.sync_value(&format!("log:{}", ids.push)).await.map_err(local)?),
        batch_size: BATCH_SIZE,
    };
    let (mut sync, mut action) = Sync::start(start);
    loop {
        let input = match action {
            Action::Http(request) => sync_http::send(settings, &request).await.map_or(Input::Unreachable, Input::Http),
            Action::ReadLocal { after, limit } => match store.events_after(after, limit).await {
                Ok(events) => Input::LocalEvents(events),
                Err(error) => Input::LocalFailed(error.to_string()),
            },
            Action::FindLocal(ids) => match store.held_events(&ids).await {
                Ok(held) => Input::LocalKnown(held),
                Err(error) => Input::LocalFailed(error.to_string()),
            },
            Action::Store(events) => match store_batch(store, &events, ENGINE.with(|engine| engine.borrow().counter.clone())).await {
                Ok(()) => Input::Stored,
                Err(message) => Input::LocalFailed(message),
            },
            Action::SaveLog { key, log } => {
                let text = serde_json::to_string(&log).unwrap_or_default();
                match store.save_sync_value(&format!("log:{key}"), &text).await {
                    Ok(()) => Input::Saved,
                    Err(error) => Input::LocalFailed(error.to_string()),
                }
            }
            Action::Finished(_) => {
                if let Some(cursor) = sync.push_cursor() {
                    let _ = store.save_sync_value("cursor", &LocalSeq(cursor).key()).await;
                }
                let _ = store.save_sync_value("last_synced", &Utc::now().to_rfc3339()).await;
                return Ok(());
            }
            Action::Failed(error) => return Err(error),
        };
        action = sync.next(input);
    }
}
