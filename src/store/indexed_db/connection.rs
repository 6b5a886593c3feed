//! The connection: the open database, the `versionchange` and `close` handlers that notice
//! another tab's upgrade, and the transactions every read and write of the store begins with.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use indexed_db_futures::database::Database;
use indexed_db_futures::error::Error as IdbError;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionDurability, TransactionMode, TransactionOptions};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::failure::{write_failure, JsFailure};
use super::{Durability, StoreError};

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

pub(super) struct Inner {
    pub(super) db: Database,
    shared: Rc<Shared>,
    /// How many read-write transactions this connection opened; lets tests check that
    /// start-up writes nothing.
    write_transactions: Cell<u32>,
    /// Whether the database has the dashboard's store (a test may hold a database of an older
    /// schema). Read once here: a connection's stores never change while it is open (an upgrade
    /// closes it first), and walking their names costs a call into JS per name on every commit.
    pub(super) has_dash: bool,
    _on_version_change: Closure<dyn FnMut(web_sys::Event)>,
    _on_close: Closure<dyn FnMut(web_sys::Event)>,
}

impl Inner {
    /// The `IDBDatabase` under the crate's wrapper, for the handlers the crate does not offer.
    pub(super) fn sys(&self) -> &web_sys::IdbDatabase {
        self.db.as_sys()
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.sys().set_onversionchange(None);
        self.sys().set_onclose(None);
        // An open connection would block the next upgrade until it is garbage-collected.
        self.sys().close();
    }
}

/// The IndexedDB back-end. Cheap to clone: clones share one connection.
#[derive(Clone)]
pub struct IndexedDbStore {
    pub(super) inner: Rc<Inner>,
}

impl std::fmt::Debug for IndexedDbStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexedDbStore").field("name", &self.inner.db.name()).field("closed", &self.inner.shared.closed.get()).finish()
    }
}

impl IndexedDbStore {
    /// Installs the `versionchange` and `close` handlers on a freshly opened connection.
    pub(super) fn wrap(db: Database) -> Self {
        let shared = Rc::new(Shared { closed: Cell::new(Closed::Open), on_closed_by_other_tab: RefCell::new(None) });
        let sys: web_sys::IdbDatabase = db.as_sys().clone().unchecked_into();
        // Another tab wants to upgrade or delete the database: let go at once so that it is
        // not blocked, and make every later call here fail with `VersionChanged`.
        let on_version_change = Closure::<dyn FnMut(web_sys::Event)>::new({
            let sys = sys.clone();
            let shared = shared.clone();
            move |_event: web_sys::Event| {
                sys.close();
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
        sys.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
        sys.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        let has_dash = db.object_store_names().any(|name| name == super::dash::DASH);
        IndexedDbStore { inner: Rc::new(Inner { db, shared, write_transactions: Cell::new(0), has_dash, _on_version_change: on_version_change, _on_close: on_close }) }
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
        self.inner.sys().close();
    }

    /// The database name.
    pub fn name(&self) -> String {
        self.inner.db.name()
    }

    /// The version of the open database, [`SCHEMA_VERSION`](super::SCHEMA_VERSION) after a
    /// successful open.
    pub fn schema_version(&self) -> u32 {
        self.inner.db.version() as u32
    }

    /// How many read-write transactions this connection has opened.
    pub fn write_transactions(&self) -> u32 {
        self.inner.write_transactions.get()
    }

    pub(super) fn check_open(&self) -> Result<(), StoreError> {
        match self.inner.shared.closed.get() {
            Closed::Open => Ok(()),
            Closed::ByOtherTab => Err(StoreError::VersionChanged),
            Closed::Here => Err(StoreError::Unavailable("the database connection is closed".into())),
        }
    }

    pub(super) fn write_error(&self, failure: JsFailure) -> StoreError {
        match failure.name.as_str() {
            "QuotaExceededError" => StoreError::QuotaExceeded,
            _ => self.check_open().err().unwrap_or_else(|| StoreError::WriteFailed(failure.describe())),
        }
    }

    pub(super) fn read_error(&self, error: &IdbError) -> StoreError {
        self.check_open().err().unwrap_or_else(|| StoreError::ReadFailed(JsFailure::from_idb(error).describe()))
    }

    /// A read-only transaction over `stores`.
    pub(super) fn read_tx<'a>(&'a self, stores: &[&str]) -> Result<Transaction<'a>, StoreError> {
        self.check_open()?;
        self.inner.db.transaction(stores).build().map_err(|error| self.read_error(&error))
    }

    /// A read-write transaction over `stores` with the given durability, and the underlying
    /// `IDBTransaction` (for its `error` when the commit fails).
    pub(super) fn write_tx<'a>(&'a self, stores: &[&str], durability: Durability) -> Result<(Transaction<'a>, web_sys::IdbTransaction), StoreError> {
        self.check_open()?;
        let durability = match durability {
            Durability::Strict => TransactionDurability::Strict,
            Durability::Relaxed => TransactionDurability::Relaxed,
        };
        let tx = self
            .inner
            .db
            .transaction(stores)
            .with_mode(TransactionMode::Readwrite)
            .with_options(TransactionOptions::new().with_durability(durability))
            .build()
            .map_err(|error| self.write_error(JsFailure::from_idb(&error)))?;
        let sys: web_sys::IdbTransaction = tx.as_sys().clone().unchecked_into();
        self.count_write_transaction();
        Ok((tx, sys))
    }

    /// Counts a read-write transaction begun (see `write_transactions`).
    pub(super) fn count_write_transaction(&self) {
        self.inner.write_transactions.set(self.inner.write_transactions.get() + 1);
    }

    /// Commits `tx` and waits for it (for strict durability: until flushed). A failure is
    /// mapped through the underlying transaction's `error`, so a full disk is `QuotaExceeded`.
    pub(super) async fn finish(&self, tx: Transaction<'_>, sys: &web_sys::IdbTransaction) -> Result<(), StoreError> {
        tx.commit().await.map_err(|error| self.write_error(write_failure(sys, &error)))
    }

    /// Aborts `tx` and waits until it has rolled back.
    ///
    /// Writes may still be pending: each then fails with an `AbortError` that bubbles to the
    /// transaction, and the crate's one-shot `error` listener would throw on the second. An
    /// intentional abort is no error, so that listener is taken off first; the crate still
    /// sees the `abort` event.
    pub(super) async fn roll_back(tx: Transaction<'_>, sys: &web_sys::IdbTransaction) {
        sys.set_onerror(None);
        // The outcome is the abort itself (or an error it raced with); either way nothing of
        // the transaction is kept.
        let _ = tx.abort().await;
    }
}
