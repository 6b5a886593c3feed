//! The [`Store`] in the browser: IndexedDB.
//!
//! # Layout (schema version [`SCHEMA_VERSION`])
//!
//! - `events`: key = event id (hex); value `{ j, h, c? }` where `j` is the event as JSON, `h`
//!   its hybrid logical clock as a sortable text and `c` its customer id (hex, absent for shop
//!   events). Indices `hlc` (on `h`, so the latest clock is one step of a descending cursor)
//!   and `customer` (on `c`, for reading one customer's history later).
//! - `customers`: key = customer id (hex); value `{ j, r }` with the record as JSON and its
//!   `rev` as a number. Index `rev` (on `r`) finds the records changed since a snapshot.
//! - `meta`: out-of-line keys `shop` (JSON text), `device` (hex text), `index_snapshot`
//!   (`{ watermark, bytes }` with `bytes` a `Uint8Array`, never JSON) and `shop_key` (the
//!   32-byte secret of the shop's card-signing key as a `Uint8Array`; it never leaves the device).
//!   New meta keys need no migration: a missing one reads as `None`.
//!
//! # Why JSON text inside small objects
//!
//! A commit is measured against a raw-JS put of one event and one record. Turning a Rust value
//! into a tree of JS objects (serde-wasm-bindgen) crosses the wasm boundary once per field and
//! makes the browser's structured clone walk that tree; `serde_json` runs inside wasm and the
//! browser clones one string. The small wrapper object only carries the fields the indices need.
//! The domain types also use internally tagged enums, which compact binary formats such as
//! postcard cannot read back, so JSON is also the format that is sure to round-trip.
//!
//! # Why `web_sys` directly
//!
//! `indexed_db_futures` 0.6 can set durability (`TransactionOptions::with_durability`), but its
//! transactions abort when dropped, it reports a quota failure (which arrives as an `abort`
//! with `transaction.error`, not as a request error) only as "aborted", and its open request
//! drops the upgrade handler when the open is blocked, which would let a later unblocked
//! upgrade run without creating the object stores. The hot path is also a handful of calls, so
//! this module drives `web_sys` itself and awaits each request, transaction and open through one
//! promise whose handlers are removed when the wait ends.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashSet};
use std::future::Future;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    IdbCursorDirection, IdbCursorWithValue, IdbDatabase, IdbFactory, IdbKeyRange, IdbObjectStore, IdbOpenDbRequest,
    IdbRequest, IdbTransaction, IdbTransactionMode, IdbVersionChangeEvent,
};

use super::{Commit, Durability, IndexSnapshot, Store, StoreError, SCHEMA_VERSION};
use crate::domain::{Customer, CustomerId, DeviceId, Event, Hlc, ShopState};

const EVENTS: &str = "events";
const CUSTOMERS: &str = "customers";
const META: &str = "meta";
const SHOP_KEY: &str = "shop";
const DEVICE_KEY: &str = "device";
const SNAPSHOT_KEY: &str = "index_snapshot";
const SHOP_SECRET_KEY: &str = "shop_key";

#[wasm_bindgen]
extern "C" {
    /// `IDBDatabase`, seen through the two calls below. Bound here because `web_sys` needs the
    /// `IdbTransactionOptions` feature for the first, which the crate does not enable; the
    /// options are a plain `{ durability }` object either way.
    #[wasm_bindgen(js_name = IDBDatabase)]
    type DatabaseExt;

    /// `IDBDatabase.transaction(names, mode, options)`.
    #[wasm_bindgen(method, catch, js_name = transaction)]
    fn transaction_with_options(this: &DatabaseExt, stores: &Array, mode: &str, options: &Object) -> Result<IdbTransaction, JsValue>;

    /// `IDBTransaction`, for `commit()`: `web_sys` marks its binding deprecated, and a browser
    /// without `commit()` (Safari before 15) must only lose the speed-up, which the
    /// structural, catching call here guarantees.
    #[wasm_bindgen(js_name = IDBTransaction)]
    type TransactionExt;

    #[wasm_bindgen(method, catch, structural, js_name = commit)]
    fn commit_now(this: &TransactionExt) -> Result<(), JsValue>;
}

/// Asks the browser to commit `tx` now instead of after it sees no more requests coming. The
/// outcome still arrives as the transaction's `complete` or `abort` event, so an error here
/// (no `commit()` in this browser, or the transaction already finishing) changes nothing.
fn commit_now(tx: &IdbTransaction) {
    let _ = tx.unchecked_ref::<TransactionExt>().commit_now();
}

/// Ordered schema migrations: `MIGRATIONS[n]` brings a database from version `n` to `n + 1`.
/// They run inside the `versionchange` transaction, so a failing step aborts the whole upgrade
/// and leaves the old version intact.
mod migrations {
    use wasm_bindgen::JsValue;
    use web_sys::{IdbDatabase, IdbTransaction};

    pub(super) type Migration = fn(&IdbDatabase, &IdbTransaction) -> Result<(), JsValue>;

    pub(super) const MIGRATIONS: &[Migration] = &[v0_create_stores];

    // A new schema version must come with its migration step, and vice versa.
    const _: () = assert!(MIGRATIONS.len() == super::SCHEMA_VERSION as usize);

    /// Runs every step from `from` up to `to`, in order.
    pub(super) fn run(db: &IdbDatabase, tx: &IdbTransaction, from: u32, to: u32) -> Result<(), JsValue> {
        for version in from..to {
            let step = MIGRATIONS
                .get(version as usize)
                .ok_or_else(|| JsValue::from_str(&format!("no migration from version {version}")))?;
            step(db, tx)?;
        }
        Ok(())
    }

    /// Version 0 → 1: the three object stores and their indices.
    fn v0_create_stores(db: &IdbDatabase, _tx: &IdbTransaction) -> Result<(), JsValue> {
        let events = db.create_object_store(super::EVENTS)?;
        events.create_index_with_str("hlc", "h")?;
        events.create_index_with_str("customer", "c")?;
        let customers = db.create_object_store(super::CUSTOMERS)?;
        customers.create_index_with_str("rev", "r")?;
        db.create_object_store(super::META)?;
        Ok(())
    }
}

// ----- Waiting for the browser -----

/// A failure reported by the browser: the `DOMException` (or error) name and message.
#[derive(Debug, Clone, PartialEq, Eq)]
struct JsFailure {
    name: String,
    message: String,
}

impl JsFailure {
    fn from_js(value: &JsValue) -> JsFailure {
        let text = |key: &str| Reflect::get(value, &JsValue::from_str(key)).ok().and_then(|v| v.as_string());
        match (text("name"), text("message")) {
            (Some(name), message) => JsFailure { name, message: message.unwrap_or_default() },
            (None, _) => JsFailure { name: "Error".into(), message: value.as_string().unwrap_or_else(|| format!("{value:?}")) },
        }
    }

    fn named(name: &str, message: &str) -> JsFailure {
        JsFailure { name: name.into(), message: message.into() }
    }

    fn describe(&self) -> String {
        if self.message.is_empty() {
            self.name.clone()
        } else {
            format!("{}: {}", self.name, self.message)
        }
    }
}

/// Event handlers installed for one wait; removed again when the wait ends or is dropped, so
/// the browser never calls a freed closure.
struct Handlers<T> {
    target: T,
    clear: fn(&T),
    _closures: Vec<Handler>,
}

impl<T> Drop for Handlers<T> {
    fn drop(&mut self) {
        (self.clear)(&self.target);
    }
}

/// An event handler kept alive for as long as it is installed.
type Handler = Closure<dyn FnMut(web_sys::Event)>;

/// Builds a promise settled by the first of `events` (name, and whether it resolves or
/// rejects). `install` puts each handler on the target; the returned handlers must be kept
/// until the handlers are removed again.
fn settle_on(install: impl FnOnce(&[(&'static str, &Function)]), events: &[(&'static str, bool)]) -> (Promise, Vec<Handler>) {
    let mut handlers = Vec::new();
    let mut install = Some(install);
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        handlers = events
            .iter()
            .map(|(name, ok)| {
                let settle = if *ok { resolve.clone() } else { reject.clone() };
                let name = JsValue::from_str(name);
                Handler::new(move |_event: web_sys::Event| {
                    let _ = settle.call1(&JsValue::UNDEFINED, &name);
                })
            })
            .collect();
        let functions: Vec<(&'static str, &Function)> =
            events.iter().zip(&handlers).map(|((name, _), closure)| (*name, closure.as_ref().unchecked_ref())).collect();
        if let Some(install) = install.take() {
            install(&functions);
        }
    });
    (promise, handlers)
}

/// Starts waiting for `request` right away (the handlers are installed before this returns,
/// so requests issued together can be awaited one after the other) and resolves to its
/// result or its error.
fn watch_request(request: &IdbRequest) -> impl Future<Output = Result<JsValue, JsFailure>> {
    let (promise, closures) = settle_on(
        |handlers| {
            for (name, function) in handlers {
                match *name {
                    "success" => request.set_onsuccess(Some(function)),
                    _ => request.set_onerror(Some(function)),
                }
            }
        },
        &[("success", true), ("error", false)],
    );
    let handlers = Handlers {
        target: request.clone(),
        clear: |request: &IdbRequest| {
            request.set_onsuccess(None);
            request.set_onerror(None);
        },
        _closures: closures,
    };
    let request = request.clone();
    async move {
        let outcome = JsFuture::from(promise).await;
        drop(handlers);
        match outcome {
            Ok(_) => request.result().map_err(|error| JsFailure::from_js(&error)),
            Err(_) => Err(request_failure(&request)),
        }
    }
}

fn request_failure(request: &IdbRequest) -> JsFailure {
    match request.error() {
        Ok(Some(error)) => JsFailure::from_js(&error),
        Ok(None) => JsFailure::named("UnknownError", "the request failed without an error"),
        Err(error) => JsFailure::from_js(&error),
    }
}

/// Starts waiting for `tx` to finish; resolves once it has committed (for strict durability:
/// flushed), or to the error that aborted it. Installed eagerly for the same reason as above.
fn watch_transaction(tx: &IdbTransaction) -> impl Future<Output = Result<(), JsFailure>> {
    let (promise, closures) = settle_on(
        |handlers| {
            for (name, function) in handlers {
                match *name {
                    "complete" => tx.set_oncomplete(Some(function)),
                    _ => tx.set_onabort(Some(function)),
                }
            }
        },
        &[("complete", true), ("abort", false)],
    );
    let handlers = Handlers {
        target: tx.clone(),
        clear: |tx: &IdbTransaction| {
            tx.set_oncomplete(None);
            tx.set_onabort(None);
        },
        _closures: closures,
    };
    let tx = tx.clone();
    async move {
        let outcome = JsFuture::from(promise).await;
        drop(handlers);
        match outcome {
            Ok(_) => Ok(()),
            // A quota failure arrives here: no request failed, the commit itself did.
            Err(_) => Err(tx
                .error()
                .map(|error| JsFailure::from_js(&error))
                .unwrap_or_else(|| JsFailure::named("AbortError", "the transaction was aborted"))),
        }
    }
}

// ----- Encoding -----

fn event_key(event: &Event) -> JsValue {
    JsValue::from_str(&event.id.0.to_hex())
}

fn customer_key(id: CustomerId) -> JsValue {
    JsValue::from_str(&id.0.to_hex())
}

/// The clock as text that sorts like [`Hlc`]'s `Ord`: milliseconds with the sign bit flipped
/// (so negative times sort first), the counter, then the device, all fixed-width hex.
fn hlc_key(hlc: &Hlc) -> String {
    format!("{:016x}{:08x}{}", (hlc.millis as u64) ^ (1 << 63), hlc.counter, hlc.device.0.to_hex())
}

fn set(object: &Object, key: &str, value: &JsValue) -> Result<(), StoreError> {
    Reflect::set(object, &JsValue::from_str(key), value)
        .map(drop)
        .map_err(|error| StoreError::WriteFailed(JsFailure::from_js(&error).describe()))
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|error| StoreError::WriteFailed(format!("encoding failed: {error}")))
}

fn event_value(event: &Event) -> Result<JsValue, StoreError> {
    let object = Object::new();
    set(&object, "j", &JsValue::from_str(&to_json(event)?))?;
    set(&object, "h", &JsValue::from_str(&hlc_key(&event.hlc)))?;
    if let Some(customer) = event.kind.customer() {
        set(&object, "c", &customer_key(customer))?;
    }
    Ok(object.into())
}

fn customer_value(customer: &Customer) -> Result<JsValue, StoreError> {
    let object = Object::new();
    set(&object, "j", &JsValue::from_str(&to_json(customer)?))?;
    // A JS number is exact up to 2^53, far beyond any write count of one device.
    set(&object, "r", &JsValue::from_f64(customer.rev as f64))?;
    Ok(object.into())
}

fn from_json<T: serde::de::DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, StoreError> {
    let text = if value.is_string() {
        value.as_string()
    } else {
        Reflect::get(value, &JsValue::from_str("j")).ok().and_then(|text| text.as_string())
    };
    let text = text.ok_or_else(|| StoreError::Corrupt(format!("{what}: not JSON text")))?;
    serde_json::from_str(&text).map_err(|error| StoreError::Corrupt(format!("{what}: {error}")))
}

fn from_json_array<T: serde::de::DeserializeOwned>(value: &JsValue, what: &str) -> Result<Vec<T>, StoreError> {
    let array: &Array = value.dyn_ref().ok_or_else(|| StoreError::Corrupt(format!("{what}: not a list")))?;
    array.iter().map(|item| from_json(&item, what)).collect()
}

// ----- The store -----

/// Why this connection was closed, if it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Closed {
    /// Still usable.
    Open,
    /// Another tab upgraded or deleted the database; this tab must reload.
    ByOtherTab,
    /// Closed by [`IndexedDbStore::close`] or by the browser (e.g. the user cleared site data).
    Here,
}

/// State shared with the `versionchange` and `close` handlers. It does not own the handlers,
/// so there is no reference cycle.
struct Shared {
    closed: Cell<Closed>,
    on_closed_by_other_tab: RefCell<Option<Box<dyn Fn()>>>,
}

struct Inner {
    db: IdbDatabase,
    shared: Rc<Shared>,
    _on_version_change: Closure<dyn FnMut(web_sys::Event)>,
    _on_close: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.db.set_onversionchange(None);
        self.db.set_onclose(None);
        // An open connection would block the next upgrade until it is garbage-collected.
        self.db.close();
    }
}

/// The IndexedDB back-end. Cheap to clone: clones share one connection.
#[derive(Clone)]
pub struct IndexedDbStore {
    inner: Rc<Inner>,
}

impl std::fmt::Debug for IndexedDbStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexedDbStore").field("name", &self.inner.db.name()).field("closed", &self.inner.shared.closed.get()).finish()
    }
}

fn factory() -> Result<IdbFactory, StoreError> {
    let global = js_sys::global();
    let factory = Reflect::get(&global, &JsValue::from_str("indexedDB"))
        .map_err(|error| StoreError::Unavailable(JsFailure::from_js(&error).describe()))?;
    if factory.is_undefined() || factory.is_null() {
        return Err(StoreError::Unavailable("IndexedDB is missing".into()));
    }
    Ok(factory.unchecked_into())
}

/// The outcome of waiting for an open request.
enum Opened {
    Database(IdbDatabase),
    /// A delete request succeeded (its result is not a database).
    Deleted,
    Blocked,
    Failed(JsFailure),
}

/// Waits for an open (or delete) request: success, error, or — when `stop_when_blocked` —
/// `blocked` (another connection holds an older version open and did not close when asked).
/// A delete only waits: connections that are closing let go once their transactions finish.
async fn wait_for_open(request: &IdbOpenDbRequest, stop_when_blocked: bool) -> Opened {
    let (promise, closures) = settle_on(
        |handlers| {
            for (name, function) in handlers {
                match *name {
                    "success" => request.set_onsuccess(Some(function)),
                    "blocked" => request.set_onblocked(Some(function)),
                    _ => request.set_onerror(Some(function)),
                }
            }
        },
        if stop_when_blocked { &[("success", true), ("error", false), ("blocked", false)] } else { &[("success", true), ("error", false)] },
    );
    let handlers = Handlers {
        target: request.clone(),
        clear: |request: &IdbOpenDbRequest| {
            request.set_onsuccess(None);
            request.set_onerror(None);
            request.set_onblocked(None);
        },
        _closures: closures,
    };
    let outcome = JsFuture::from(promise).await;
    drop(handlers);
    match outcome {
        Ok(_) => match request.result() {
            Ok(result) => match result.dyn_into::<IdbDatabase>() {
                Ok(db) => Opened::Database(db),
                Err(_) => Opened::Deleted,
            },
            Err(error) => Opened::Failed(JsFailure::from_js(&error)),
        },
        Err(reason) if reason.as_string().as_deref() == Some("blocked") => Opened::Blocked,
        Err(_) => Opened::Failed(request_failure(request)),
    }
}

/// The version of an existing database, read by opening it without asking for a version.
async fn stored_version(factory: &IdbFactory, name: &str) -> Option<u32> {
    let request = factory.open(name).ok()?;
    match wait_for_open(&request, true).await {
        Opened::Database(db) => {
            let version = db.version() as u32;
            db.close();
            Some(version)
        }
        Opened::Deleted | Opened::Blocked | Opened::Failed(_) => None,
    }
}

impl IndexedDbStore {
    /// Opens (creating or upgrading as needed) the database `name` at [`SCHEMA_VERSION`].
    ///
    /// Errors: [`StoreError::SchemaTooNew`] when the stored database is newer than this build,
    /// [`StoreError::UpgradeBlocked`] when another tab holds an older version open,
    /// [`StoreError::Unavailable`] when the browser refuses IndexedDB or an upgrade fails.
    pub async fn open(name: &str) -> Result<Self, StoreError> {
        let factory = factory()?;
        let request = factory
            .open_with_u32(name, SCHEMA_VERSION)
            .map_err(|error| StoreError::Unavailable(JsFailure::from_js(&error).describe()))?;

        // The migrations run synchronously inside `upgradeneeded`; a failure is kept here and
        // the upgrade transaction aborted, which fails the open with an AbortError.
        let upgrade_failure: Rc<RefCell<Option<String>>> = Rc::new(RefCell::new(None));
        let on_upgrade = Closure::<dyn FnMut(IdbVersionChangeEvent)>::new({
            let request = request.clone();
            let upgrade_failure = upgrade_failure.clone();
            move |event: IdbVersionChangeEvent| {
                let from = event.old_version() as u32;
                let migrated = request
                    .result()
                    .and_then(|db| db.dyn_into::<IdbDatabase>())
                    .and_then(|db| {
                        let tx = request.transaction().ok_or_else(|| JsValue::from_str("no upgrade transaction"))?;
                        migrations::run(&db, &tx, from, SCHEMA_VERSION)
                    });
                if let Err(error) = migrated {
                    *upgrade_failure.borrow_mut() = Some(JsFailure::from_js(&error).describe());
                    if let Some(tx) = request.transaction() {
                        let _ = tx.abort();
                    }
                }
            }
        });
        request.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));

        let opened = wait_for_open(&request, true).await;
        if matches!(opened, Opened::Blocked) {
            // The request stays pending and completes once the other tab lets go. The upgrade
            // must still run then (or the database would reach the new version without its
            // stores), so its handler is kept alive for good, and the connection that results
            // is closed at once: this tab reports the block and the user reloads.
            on_upgrade.forget();
            let close_when_open = Closure::once_into_js({
                let request = request.clone();
                move || {
                    if let Ok(db) = request.result().and_then(|db| db.dyn_into::<IdbDatabase>()) {
                        db.close();
                    }
                }
            });
            request.set_onsuccess(Some(close_when_open.unchecked_ref()));
            return Err(StoreError::UpgradeBlocked);
        }
        request.set_onupgradeneeded(None);
        drop(on_upgrade);

        let db = match opened {
            Opened::Database(db) => db,
            Opened::Blocked => return Err(StoreError::UpgradeBlocked),
            Opened::Deleted => return Err(StoreError::Unavailable("opening gave no database".into())),
            Opened::Failed(failure) => {
                return Err(match failure.name.as_str() {
                    // Asking for a lower version than the stored one.
                    "VersionError" => match stored_version(&factory, name).await {
                        Some(found) if found > SCHEMA_VERSION => StoreError::SchemaTooNew { found },
                        _ => StoreError::Unavailable(failure.describe()),
                    },
                    "QuotaExceededError" => StoreError::QuotaExceeded,
                    _ => match upgrade_failure.borrow_mut().take() {
                        Some(why) => StoreError::Unavailable(format!("upgrading the saved data failed: {why}")),
                        None => StoreError::Unavailable(failure.describe()),
                    },
                });
            }
        };
        Ok(Self::wrap(db))
    }

    /// Installs the `versionchange` and `close` handlers on a freshly opened connection.
    fn wrap(db: IdbDatabase) -> Self {
        let shared = Rc::new(Shared { closed: Cell::new(Closed::Open), on_closed_by_other_tab: RefCell::new(None) });
        // Another tab wants to upgrade or delete the database: let go at once so that it is
        // not blocked, and make every later call here fail with `VersionChanged`.
        let on_version_change = Closure::<dyn FnMut(web_sys::Event)>::new({
            let db = db.clone();
            let shared = shared.clone();
            move |_event: web_sys::Event| {
                db.close();
                shared.closed.set(Closed::ByOtherTab);
                if let Some(callback) = shared.on_closed_by_other_tab.borrow().as_ref() {
                    callback();
                }
            }
        });
        // The browser closed the connection itself (site data cleared, disk failure).
        let on_close = Closure::<dyn FnMut(web_sys::Event)>::new({
            let shared = shared.clone();
            move |_event: web_sys::Event| {
                if shared.closed.get() == Closed::Open {
                    shared.closed.set(Closed::Here);
                }
            }
        });
        db.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
        db.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        IndexedDbStore { inner: Rc::new(Inner { db, shared, _on_version_change: on_version_change, _on_close: on_close }) }
    }

    /// Whether another tab upgraded or deleted the database, which closed this connection.
    /// The UI should then ask the user to reload.
    pub fn is_closed_by_other_tab(&self) -> bool {
        self.inner.shared.closed.get() == Closed::ByOtherTab
    }

    /// Calls `callback` when another tab closes this connection by upgrading or deleting the
    /// database (replaces any earlier callback).
    pub fn on_closed_by_other_tab(&self, callback: impl Fn() + 'static) {
        *self.inner.shared.on_closed_by_other_tab.borrow_mut() = Some(Box::new(callback));
    }

    /// Closes the connection; later calls fail with [`StoreError::Unavailable`].
    pub fn close(&self) {
        if self.inner.shared.closed.get() == Closed::Open {
            self.inner.shared.closed.set(Closed::Here);
        }
        self.inner.db.close();
    }

    /// The database name.
    pub fn name(&self) -> String {
        self.inner.db.name()
    }

    /// The version of the open database, [`SCHEMA_VERSION`] after a successful open.
    pub fn schema_version(&self) -> u32 {
        self.inner.db.version() as u32
    }

    /// Deletes the database `name` (tests, "erase all data"). Waits until it is gone.
    pub async fn delete(name: &str) -> Result<(), StoreError> {
        let request = factory()?
            .delete_database(name)
            .map_err(|error| StoreError::Unavailable(JsFailure::from_js(&error).describe()))?;
        match wait_for_open(&request, false).await {
            Opened::Blocked => Err(StoreError::UpgradeBlocked),
            Opened::Failed(failure) => Err(StoreError::WriteFailed(failure.describe())),
            Opened::Database(_) | Opened::Deleted => Ok(()),
        }
    }

    fn check_open(&self) -> Result<(), StoreError> {
        match self.inner.shared.closed.get() {
            Closed::Open => Ok(()),
            Closed::ByOtherTab => Err(StoreError::VersionChanged),
            Closed::Here => Err(StoreError::Unavailable("the database connection is closed".into())),
        }
    }

    /// Maps a failure to open a transaction: if the connection was closed meanwhile, say why.
    fn transaction_error(&self, error: JsValue, read: bool) -> StoreError {
        self.check_open().err().unwrap_or_else(|| {
            let failure = JsFailure::from_js(&error);
            if read { StoreError::ReadFailed(failure.describe()) } else { StoreError::WriteFailed(failure.describe()) }
        })
    }

    fn write_error(&self, failure: JsFailure) -> StoreError {
        match failure.name.as_str() {
            "QuotaExceededError" => StoreError::QuotaExceeded,
            _ => self.check_open().err().unwrap_or_else(|| StoreError::WriteFailed(failure.describe())),
        }
    }

    fn read_error(&self, failure: JsFailure) -> StoreError {
        self.check_open().err().unwrap_or_else(|| StoreError::ReadFailed(failure.describe()))
    }

    fn read_tx(&self, store: &str) -> Result<(IdbTransaction, IdbObjectStore), StoreError> {
        self.check_open()?;
        let tx = self
            .inner
            .db
            .transaction_with_str_and_mode(store, IdbTransactionMode::Readonly)
            .map_err(|error| self.transaction_error(error, true))?;
        let object_store = tx.object_store(store).map_err(|error| self.transaction_error(error, true))?;
        Ok((tx, object_store))
    }

    fn write_tx(&self, stores: &[&str], durability: Durability) -> Result<IdbTransaction, StoreError> {
        self.check_open()?;
        let names: Array = stores.iter().map(|name| JsValue::from_str(name)).collect();
        let options = Object::new();
        let durability = match durability {
            Durability::Strict => "strict",
            Durability::Relaxed => "relaxed",
        };
        Reflect::set(&options, &JsValue::from_str("durability"), &JsValue::from_str(durability))
            .map_err(|error| self.transaction_error(error, false))?;
        self.inner.db.unchecked_ref::<DatabaseExt>().transaction_with_options(&names, "readwrite", &options).map_err(|error| self.transaction_error(error, false))
    }

    /// Reads one value by key from one store.
    async fn get(&self, store: &str, key: &JsValue) -> Result<JsValue, StoreError> {
        let (_tx, object_store) = self.read_tx(store)?;
        let request = object_store.get(key).map_err(|error| self.read_error(JsFailure::from_js(&error)))?;
        watch_request(&request).await.map_err(|failure| self.read_error(failure))
    }

    /// Writes `value` under `key` in the meta store unless something is stored there already,
    /// reading and writing in one strict transaction so two tabs cannot both write. Returns
    /// what is stored afterwards: the earlier value, or `value`.
    async fn put_meta_if_absent(&self, key: &str, value: &JsValue) -> Result<JsValue, StoreError> {
        let key = JsValue::from_str(key);
        let tx = self.write_tx(&[META], Durability::Strict)?;
        let done = watch_transaction(&tx);
        let meta = tx.object_store(META).map_err(|error| self.write_error(JsFailure::from_js(&error)))?;
        let request = meta.get(&key).map_err(|error| self.write_error(JsFailure::from_js(&error)))?;
        let stored = watch_request(&request).await.map_err(|failure| self.read_error(failure))?;
        let kept = if stored.is_undefined() {
            meta.put_with_key(value, &key).map_err(|error| self.write_error(JsFailure::from_js(&error)))?;
            value.clone()
        } else {
            stored
        };
        commit_now(&tx);
        done.await.map_err(|failure| self.write_error(failure))?;
        Ok(kept)
    }

    /// Runs `issue` (which only issues requests on `tx`) and waits for the transaction. If
    /// `issue` fails part-way, the transaction is aborted so that the requests already issued
    /// are rolled back instead of auto-committing.
    async fn write(&self, tx: IdbTransaction, issue: impl FnOnce(&IdbTransaction) -> Result<(), JsValue>) -> Result<(), StoreError> {
        let done = watch_transaction(&tx);
        if let Err(error) = issue(&tx) {
            let _ = tx.abort();
            let _ = done.await;
            return Err(self.write_error(JsFailure::from_js(&error)));
        }
        // Asking to commit now saves the browser's wait for more requests.
        commit_now(&tx);
        done.await.map_err(|failure| self.write_error(failure))
    }
}

/// The values of one commit, encoded before the transaction starts so that the transaction is
/// as short as possible and an encoding failure needs no roll-back.
struct Encoded {
    key: JsValue,
    event: JsValue,
    customer: Option<(JsValue, JsValue)>,
    shop: Option<JsValue>,
}

fn encode(commit: &Commit) -> Result<Encoded, StoreError> {
    Ok(Encoded {
        key: event_key(&commit.event),
        event: event_value(&commit.event)?,
        customer: match &commit.customer {
            Some(customer) => Some((customer_key(customer.id), customer_value(customer)?)),
            None => None,
        },
        shop: match &commit.shop {
            Some(shop) => Some(JsValue::from_str(&to_json(shop)?)),
            None => None,
        },
    })
}

/// The keys and values [`IndexedDbStore::commit`] writes for a commit about a customer, as
/// `[event key, event value, customer key, customer value]`: the benchmark has plain JavaScript
/// write exactly these, so the comparison is between the same bytes in the same stores.
pub fn encoded_for_benchmark(commit: &Commit) -> Result<js_sys::Array, StoreError> {
    let encoded = encode(commit)?;
    let (customer_key, customer_value) = encoded.customer.unwrap_or((JsValue::UNDEFINED, JsValue::UNDEFINED));
    Ok(js_sys::Array::of4(&encoded.key, &encoded.event, &customer_key, &customer_value))
}

/// Issues the record writes of one commit (the event itself is written by the caller).
fn put_records(tx: &IdbTransaction, encoded: &Encoded) -> Result<(), JsValue> {
    if let Some((key, value)) = &encoded.customer {
        tx.object_store(CUSTOMERS)?.put_with_key(value, key)?;
    }
    if let Some(shop) = &encoded.shop {
        tx.object_store(META)?.put_with_key(shop, &JsValue::from_str(SHOP_KEY))?;
    }
    Ok(())
}

impl Store for IndexedDbStore {
    async fn device_id(&self, fresh: DeviceId) -> Result<DeviceId, StoreError> {
        // Two tabs starting at once agree on one id: the first one written is kept.
        let kept = self.put_meta_if_absent(DEVICE_KEY, &JsValue::from_str(&fresh.0.to_hex())).await?;
        let text = kept.as_string().ok_or_else(|| StoreError::Corrupt("device id is not text".into()))?;
        text.parse::<DeviceId>().map_err(|error| StoreError::Corrupt(format!("device id: {error}")))
    }

    async fn shop(&self) -> Result<Option<ShopState>, StoreError> {
        let value = self.get(META, &JsValue::from_str(SHOP_KEY)).await?;
        if value.is_undefined() {
            return Ok(None);
        }
        from_json(&value, "shop").map(Some)
    }

    async fn latest_hlc(&self) -> Result<Option<Hlc>, StoreError> {
        let (_tx, events) = self.read_tx(EVENTS)?;
        let index = events.index("hlc").map_err(|error| self.read_error(JsFailure::from_js(&error)))?;
        let request = index
            .open_cursor_with_range_and_direction(&JsValue::NULL, IdbCursorDirection::Prev)
            .map_err(|error| self.read_error(JsFailure::from_js(&error)))?;
        let cursor = watch_request(&request).await.map_err(|failure| self.read_error(failure))?;
        if cursor.is_null() || cursor.is_undefined() {
            return Ok(None);
        }
        let cursor: IdbCursorWithValue =
            cursor.dyn_into().map_err(|_| StoreError::Corrupt("latest event: not a cursor".into()))?;
        let value = cursor.value().map_err(|error| self.read_error(JsFailure::from_js(&error)))?;
        let event: Event = from_json(&value, "latest event")?;
        Ok(Some(event.hlc))
    }

    async fn customer(&self, id: CustomerId) -> Result<Option<Customer>, StoreError> {
        let value = self.get(CUSTOMERS, &customer_key(id)).await?;
        if value.is_undefined() {
            return Ok(None);
        }
        from_json(&value, "customer").map(Some)
    }

    async fn customers_changed_since(&self, rev: u64) -> Result<Vec<Customer>, StoreError> {
        let (_tx, customers) = self.read_tx(CUSTOMERS)?;
        let index = customers.index("rev").map_err(|error| self.read_error(JsFailure::from_js(&error)))?;
        let range = IdbKeyRange::lower_bound_with_open(&JsValue::from_f64(rev as f64), true)
            .map_err(|error| self.read_error(JsFailure::from_js(&error)))?;
        let request = index.get_all_with_key(&range).map_err(|error| self.read_error(JsFailure::from_js(&error)))?;
        let values = watch_request(&request).await.map_err(|failure| self.read_error(failure))?;
        from_json_array(&values, "customer")
    }

    async fn all_customers(&self) -> Result<Vec<Customer>, StoreError> {
        let (_tx, customers) = self.read_tx(CUSTOMERS)?;
        let request = customers.get_all().map_err(|error| self.read_error(JsFailure::from_js(&error)))?;
        let values = watch_request(&request).await.map_err(|failure| self.read_error(failure))?;
        from_json_array(&values, "customer")
    }

    async fn commit(&self, commit: &Commit, durability: Durability) -> Result<bool, StoreError> {
        let encoded = encode(commit)?;
        let stores: &[&str] = if encoded.shop.is_some() { &[EVENTS, CUSTOMERS, META] } else { &[EVENTS, CUSTOMERS] };
        let tx = self.write_tx(stores, durability)?;
        // `add` fails with a ConstraintError when the event id is stored already; that failure
        // aborts the transaction, which also rolls back the record writes issued after it. So
        // the repeat check costs no extra round trip and cannot race with another tab.
        let added: Rc<RefCell<Option<IdbRequest>>> = Rc::new(RefCell::new(None));
        let result = self
            .write(tx, |tx| {
                let request = tx.object_store(EVENTS)?.add_with_key(&encoded.event, &encoded.key)?;
                *added.borrow_mut() = Some(request);
                put_records(tx, &encoded)
            })
            .await;
        match result {
            Ok(()) => Ok(true),
            Err(error) => {
                let repeat = added
                    .borrow()
                    .as_ref()
                    .is_some_and(|request| matches!(request.error(), Ok(Some(failure)) if failure.name() == "ConstraintError"));
                if repeat { Ok(false) } else { Err(error) }
            }
        }
    }

    async fn commit_batch(&self, commits: &[Commit], durability: Durability) -> Result<(), StoreError> {
        if commits.is_empty() {
            return Ok(());
        }
        // Events are encoded up front, skipping repeats within the batch (the first one wins).
        let mut seen = HashSet::new();
        let unique: Vec<&Commit> = commits.iter().filter(|commit| seen.insert(commit.event.id)).collect();
        let events_encoded: Vec<(JsValue, JsValue)> =
            unique.iter().map(|commit| Ok((event_key(&commit.event), event_value(&commit.event)?))).collect::<Result<_, StoreError>>()?;
        let tx = self.write_tx(&[EVENTS, CUSTOMERS, META], durability)?;
        let done = watch_transaction(&tx);
        let abort = |error: StoreError| {
            let _ = tx.abort();
            error
        };
        let events = tx.object_store(EVENTS).map_err(|error| abort(self.write_error(JsFailure::from_js(&error))))?;
        // Which events are stored already: all lookups are issued at once and then awaited in
        // order, so the batch pays for one round trip rather than one per event.
        let mut lookups = Vec::with_capacity(events_encoded.len());
        for (key, _) in &events_encoded {
            let request = events.count_with_key(key).map_err(|error| abort(self.write_error(JsFailure::from_js(&error))))?;
            lookups.push(watch_request(&request));
        }
        let mut fresh = Vec::with_capacity(events_encoded.len());
        for lookup in lookups {
            let count = lookup.await.map_err(|failure| abort(self.write_error(failure)))?;
            fresh.push(count.as_f64().unwrap_or(0.0) == 0.0);
        }
        // Within one transaction a later put of the same key replaces an earlier one, so only
        // the last record of each customer (and the last shop) among the new commits is
        // encoded and written: a batch of a long history writes each record once, not once
        // per event.
        let mut last_customer: BTreeMap<CustomerId, &Customer> = BTreeMap::new();
        let mut last_shop: Option<&ShopState> = None;
        for (commit, _) in unique.iter().zip(&fresh).filter(|(_, fresh)| **fresh) {
            if let Some(customer) = &commit.customer {
                last_customer.insert(customer.id, customer);
            }
            if let Some(shop) = &commit.shop {
                last_shop = Some(shop);
            }
        }
        let issued = (|| -> Result<(), StoreError> {
            let js = |error: JsValue| self.write_error(JsFailure::from_js(&error));
            for ((key, value), fresh) in events_encoded.iter().zip(&fresh) {
                if *fresh {
                    events.add_with_key(value, key).map_err(js)?;
                }
            }
            let customers = tx.object_store(CUSTOMERS).map_err(js)?;
            for customer in last_customer.values() {
                customers.put_with_key(&customer_value(customer)?, &customer_key(customer.id)).map_err(js)?;
            }
            if let Some(shop) = last_shop {
                tx.object_store(META).map_err(js)?.put_with_key(&JsValue::from_str(&to_json(shop)?), &JsValue::from_str(SHOP_KEY)).map_err(js)?;
            }
            Ok(())
        })();
        if let Err(error) = issued {
            let _ = tx.abort();
            let _ = done.await;
            return Err(error);
        }
        commit_now(&tx);
        done.await.map_err(|failure| self.write_error(failure))
    }

    async fn events(&self) -> Result<Vec<Event>, StoreError> {
        let (_tx, events) = self.read_tx(EVENTS)?;
        let request = events.get_all().map_err(|error| self.read_error(JsFailure::from_js(&error)))?;
        let values = watch_request(&request).await.map_err(|failure| self.read_error(failure))?;
        from_json_array(&values, "event")
    }

    async fn index_snapshot(&self) -> Result<Option<IndexSnapshot>, StoreError> {
        let value = self.get(META, &JsValue::from_str(SNAPSHOT_KEY)).await?;
        if value.is_undefined() {
            return Ok(None);
        }
        let field = |name: &str| Reflect::get(&value, &JsValue::from_str(name)).ok();
        let watermark = field("watermark")
            .and_then(|watermark| watermark.as_f64())
            .ok_or_else(|| StoreError::Corrupt("index snapshot: no watermark".into()))?;
        let bytes = field("bytes").ok_or_else(|| StoreError::Corrupt("index snapshot: no bytes".into()))?;
        let bytes = if let Some(array) = bytes.dyn_ref::<Uint8Array>() {
            array.to_vec()
        } else if let Some(buffer) = bytes.dyn_ref::<js_sys::ArrayBuffer>() {
            Uint8Array::new(buffer).to_vec()
        } else {
            return Err(StoreError::Corrupt("index snapshot: bytes are not binary".into()));
        };
        Ok(Some(IndexSnapshot { watermark: watermark as u64, bytes }))
    }

    async fn save_index_snapshot(&self, snapshot: &IndexSnapshot) -> Result<(), StoreError> {
        let value = Object::new();
        set(&value, "watermark", &JsValue::from_f64(snapshot.watermark as f64))?;
        // Stored as a Uint8Array: the browser clones the bytes as they are, with no text
        // encoding on the way in or out.
        set(&value, "bytes", &Uint8Array::from(snapshot.bytes.as_slice()))?;
        // A lost snapshot only costs a slower start-up, so it need not wait for the disk.
        let tx = self.write_tx(&[META], Durability::Relaxed)?;
        self.write(tx, |tx| tx.object_store(META)?.put_with_key(&value, &JsValue::from_str(SNAPSHOT_KEY)).map(drop)).await
    }

    async fn replace_materialized(&self, shop: Option<&ShopState>, customers: &[Customer]) -> Result<(), StoreError> {
        let shop = shop.map(to_json).transpose()?;
        let customers: Vec<(JsValue, JsValue)> =
            customers.iter().map(|customer| Ok((customer_key(customer.id), customer_value(customer)?))).collect::<Result<_, StoreError>>()?;
        let tx = self.write_tx(&[CUSTOMERS, META], Durability::Strict)?;
        self.write(tx, |tx| {
            let store = tx.object_store(CUSTOMERS)?;
            store.clear()?;
            for (key, value) in &customers {
                store.put_with_key(value, key)?;
            }
            let meta = tx.object_store(META)?;
            let shop_key = JsValue::from_str(SHOP_KEY);
            match &shop {
                Some(shop) => meta.put_with_key(&JsValue::from_str(shop), &shop_key)?,
                None => meta.delete(&shop_key)?,
            };
            Ok(())
        })
        .await
    }

    async fn shop_key_secret(&self) -> Result<Option<[u8; 32]>, StoreError> {
        let value = self.get(META, &JsValue::from_str(SHOP_SECRET_KEY)).await?;
        secret_from_js(&value)
    }

    async fn save_shop_key_secret(&self, secret: &[u8; 32]) -> Result<(), StoreError> {
        // A key already saved (by another tab, a moment ago) is kept: it may have signed links.
        self.put_meta_if_absent(SHOP_SECRET_KEY, &Uint8Array::from(secret.as_slice())).await?;
        Ok(())
    }
}

/// The shop-key secret as stored: absent, or a `Uint8Array` of exactly 32 bytes.
fn secret_from_js(value: &JsValue) -> Result<Option<[u8; 32]>, StoreError> {
    if value.is_undefined() {
        return Ok(None);
    }
    let bytes = value.dyn_ref::<Uint8Array>().map(Uint8Array::to_vec);
    bytes
        .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
        .map(Some)
        .ok_or_else(|| StoreError::Corrupt("shop key: not 32 bytes".into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::suite;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn unique_name(case: &str) -> String {
        format!("mohar-test-{case}-{:x}", (js_sys::Math::random() * 1e15) as u64)
    }

    async fn open(case: &str) -> (String, IndexedDbStore) {
        let name = unique_name(case);
        let store = IndexedDbStore::open(&name).await.expect("open");
        (name, store)
    }

    crate::store::suite::store_suite!(|case: String| async move { open(&case).await.1 });

    /// Opens `name` at `version` with no upgrade handler, like an unrelated (or newer) build.
    async fn raw_open(name: &str, version: u32) -> IdbDatabase {
        let request = factory().expect("factory").open_with_u32(name, version).expect("open request");
        match wait_for_open(&request, true).await {
            Opened::Database(db) => db,
            Opened::Blocked | Opened::Deleted => panic!("raw open blocked or empty"),
            Opened::Failed(failure) => panic!("raw open failed: {failure:?}"),
        }
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

        let store = IndexedDbStore::open(&name).await.expect("reopen");
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
        let names = store.inner.db.object_store_names();
        for expected in [EVENTS, CUSTOMERS, META] {
            assert!(names.contains(expected), "{expected}");
        }
        let (_tx, events) = store.read_tx(EVENTS).expect("tx");
        assert!(events.index_names().contains("hlc") && events.index_names().contains("customer"));
        let (_tx, customers) = store.read_tx(CUSTOMERS).expect("tx");
        assert!(customers.index_names().contains("rev"));
        drop(store);
        IndexedDbStore::delete(&name).await.expect("delete");
    }

    #[wasm_bindgen_test]
    async fn a_newer_stored_schema_is_refused() {
        let name = unique_name("too-new");
        raw_open(&name, SCHEMA_VERSION + 1).await.close();
        let opened = IndexedDbStore::open(&name).await;
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
}
