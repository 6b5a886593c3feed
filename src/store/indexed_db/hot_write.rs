//! The one transaction of a counter action ("Add stamp", redeem, undo, a new customer), issued
//! on `web_sys` directly.
//!
//! Why by hand, beside `indexed_db_futures` which every other read and write uses: this is the
//! hot path the budget times against plain JavaScript (≤ 1.2×), and the crate's builders cost
//! it more than IndexedDB's own work does. Each transaction built through the crate makes an
//! options object, three listener closures and a channel, each request goes through a builder
//! and a request future that is dropped at once, and the outcome comes back through the
//! crate's channel (README: "The commit ratio"). Here the requests are the same plain calls
//! the crate makes, the store names and options are JS values made once per thread, and the
//! outcome is one `Promise` whose `resolve`/`reject` are the transaction's own `complete` and
//! `abort` handlers: no Rust closure is made per commit.

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbObjectStore, IdbTransaction};

use super::encode::Encoded;
use super::versions::Version;
use super::{IndexedDbStore, JsFailure, CUSTOMERS, EVENTS, META, SHOP_KEY, VERSIONS};
use crate::store::{Durability, StoreError};

#[wasm_bindgen]
extern "C" {
    /// An `IDBDatabase` seen through the one call below.
    #[wasm_bindgen(js_name = IDBDatabase)]
    type DatabaseWithOptions;

    /// `IDBDatabase.transaction(stores, mode, options)`. `web_sys` has it only among its
    /// unstable APIs (a build-wide `--cfg`), as it has the options dictionary, so the call is
    /// bound here as `indexed_db_futures` binds it for itself.
    #[wasm_bindgen(catch, method, js_name = transaction)]
    fn transaction(this: &DatabaseWithOptions, stores: &Array, mode: &JsValue, options: &Object) -> Result<IdbTransaction, JsValue>;

    /// An `IDBTransaction` seen through the one call below.
    #[wasm_bindgen(js_name = IDBTransaction)]
    type TransactionByName;

    /// `IDBTransaction.objectStore(name)` with the name a JS string made once: `web_sys`'s
    /// takes a `&str`, copied out of wasm and decoded on every call.
    #[wasm_bindgen(catch, method, js_name = objectStore)]
    fn object_store(this: &TransactionByName, name: &JsValue) -> Result<IdbObjectStore, JsValue>;
}

/// The JS values every hot write uses, made once per thread: each `JsValue::from_str` and each
/// options object is a call into JS.
struct Prepared {
    readwrite: JsValue,
    strict: Object,
    relaxed: Object,
    shop_key: JsValue,
    /// The names of the stores a counter action writes, as JS strings.
    events: JsValue,
    versions: JsValue,
    customers: JsValue,
    dash: JsValue,
    /// The store lists already made, by the set of stores they name.
    scopes: std::cell::RefCell<Vec<(Vec<&'static str>, Array)>>,
}

thread_local! {
    static PREPARED: Prepared = Prepared {
        readwrite: JsValue::from_str("readwrite"),
        strict: durability_option("strict"),
        relaxed: durability_option("relaxed"),
        shop_key: JsValue::from_str(SHOP_KEY),
        events: JsValue::from_str(EVENTS),
        versions: JsValue::from_str(VERSIONS),
        customers: JsValue::from_str(CUSTOMERS),
        dash: JsValue::from_str(super::dash::DASH),
        scopes: Default::default(),
    };
}

/// The options dictionary `{ durability }`. A browser without the option ignores it.
fn durability_option(durability: &str) -> Object {
    let options = Object::new();
    let _ = Reflect::set(&options, &JsValue::from_str("durability"), &JsValue::from_str(durability));
    options
}

/// The store names of `stores` as the JS array `IDBDatabase.transaction` takes, made once per
/// set of stores (a counter action has a handful of shapes).
fn scope(prepared: &Prepared, stores: Vec<&'static str>) -> Array {
    let mut scopes = prepared.scopes.borrow_mut();
    if let Some((_, names)) = scopes.iter().find(|(names, _)| *names == stores) {
        return names.clone();
    }
    let names: Array = stores.iter().map(|name| JsValue::from_str(name)).collect();
    scopes.push((stores, names.clone()));
    names
}

impl IndexedDbStore {
    /// Issues the event (`add`: a repeat fails), the ledger entry (`add`ed when
    /// `refuse_replaced`, so a stale change fails), the record, the shop, the follow-up and the
    /// dashboard's delta in one read-write transaction, commits it at once and waits for its
    /// outcome. The inner result is the transaction's: a refused `add` aborts it with a
    /// `ConstraintError`, a full disk with a `QuotaExceededError`.
    pub(super) async fn write_at_once(
        &self,
        encoded: &Encoded,
        version: Option<&Version>,
        refuse_replaced: bool,
        durability: Durability,
    ) -> Result<Result<(), JsFailure>, StoreError> {
        self.check_open()?;
        let began = PREPARED.with(|prepared| {
            let options = match durability {
                Durability::Strict => &prepared.strict,
                Durability::Relaxed => &prepared.relaxed,
            };
            let names = scope(prepared, encoded.stores());
            self.inner.sys().unchecked_ref::<DatabaseWithOptions>().transaction(&names, &prepared.readwrite, options)
        });
        let tx = began.map_err(|error| self.write_error(JsFailure::from_js(&error)))?;
        self.count_write_transaction();
        // The transaction's own handlers settle the promise; a refused request's `error` event
        // is not listened to (it would fire once per failed request), the `abort` says it all.
        let outcome = Promise::new(&mut |resolve: Function, reject: Function| {
            tx.set_oncomplete(Some(&resolve));
            tx.set_onabort(Some(&reject));
        });
        if let Err(error) = issue(&tx, encoded, version, refuse_replaced) {
            // Nothing is kept of a transaction that could not issue all its writes.
            let _ = tx.abort();
            let _ = JsFuture::from(outcome).await;
            return Err(self.write_error(JsFailure::from_js(&error)));
        }
        // A browser without `commit()` commits when the requests are done, as IndexedDB always
        // did; calling it only makes the commit start sooner. (`web_sys` marks it deprecated,
        // although it is the standard's and every current browser has it.)
        #[allow(deprecated)]
        let _ = tx.commit();
        let settled = JsFuture::from(outcome).await;
        tx.set_oncomplete(None);
        tx.set_onabort(None);
        Ok(settled.map(drop).map_err(|_| aborted_because(&tx)))
    }
}

/// The requests of one counter action, in the order [`IndexedDbStore::write_at_once`] says.
fn issue(tx: &IdbTransaction, encoded: &Encoded, version: Option<&Version>, refuse_replaced: bool) -> Result<(), JsValue> {
    PREPARED.with(|prepared| {
        let named = |name: &JsValue| tx.unchecked_ref::<TransactionByName>().object_store(name);
        named(&prepared.events)?.add_with_key(&encoded.event, &encoded.key)?;
        if let (Some((key, value)), Some(version)) = (&encoded.customer, version) {
            let versions = named(&prepared.versions)?;
            if refuse_replaced {
                versions.add_with_key(&version.value, &version.key)?;
            } else {
                versions.put_with_key(&version.value, &version.key)?;
            }
            named(&prepared.customers)?.put_with_key(value, key)?;
        }
        if let Some(shop) = &encoded.shop {
            tx.object_store(META)?.put_with_key(shop, &prepared.shop_key)?;
        }
        if let Some((key, value)) = &encoded.follow_up {
            tx.object_store(super::follow_ups::FOLLOW_UPS)?.put_with_key(value, key)?;
        }
        if let Some((key, value)) = &encoded.dash {
            named(&prepared.dash)?.put_with_key(value, key)?;
        }
        Ok(())
    })
}

/// Why an aborted transaction was aborted: its `error` (the refused request's
/// `ConstraintError`, a `QuotaExceededError`), or an `AbortError` when it has none.
fn aborted_because(tx: &IdbTransaction) -> JsFailure {
    match tx.error() {
        Some(cause) => JsFailure::from_js(&cause),
        None => JsFailure { name: "AbortError".into(), message: "the transaction was aborted".into() },
    }
}
