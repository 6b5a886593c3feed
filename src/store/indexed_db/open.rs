//! Opening (creating or upgrading) and deleting the database.

use std::cell::RefCell;
use std::rc::Rc;

use indexed_db_futures::database::Database;
use indexed_db_futures::error::{Error as IdbError, OpenDbError};
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use wasm_bindgen::JsCast;

use super::migrations::{self, Migration};
use super::{IndexedDbStore, JsFailure};
use crate::store::{StoreError, SCHEMA_VERSION};

/// What an open failure says: the `DOMException` name when there is one.
fn open_failure(error: &OpenDbError) -> JsFailure {
    match error {
        OpenDbError::Base(error) => JsFailure::from_idb(error),
        other => JsFailure { name: "Error".into(), message: other.to_string() },
    }
}

fn unavailable(error: &OpenDbError) -> StoreError {
    StoreError::Unavailable(open_failure(error).describe())
}

/// The version of an existing database, read by opening it without asking for a version.
async fn stored_version(name: &str) -> Option<u32> {
    let db = Database::open(name).await.ok()?;
    let version = db.version() as u32;
    db.close();
    Some(version)
}

impl IndexedDbStore {
    /// Opens (creating or upgrading as needed) the database `name` at [`SCHEMA_VERSION`].
    ///
    /// When another tab holds an older version open and does not let go, the browser reports
    /// the open as `blocked`: `on_blocked` is called (the shell asks the user to close Mohar in
    /// their other tabs) and the open keeps waiting, with the upgrade handler in place, until
    /// those tabs close; then the migrations run and this resolves.
    ///
    /// Errors: [`StoreError::SchemaTooNew`] when the stored database is newer than this build,
    /// [`StoreError::Unavailable`] when the browser refuses IndexedDB or an upgrade fails.
    pub async fn open_with_blocked(name: &str, on_blocked: impl FnOnce() + 'static) -> Result<Self, StoreError> {
        Self::open_at(name, SCHEMA_VERSION, migrations::MIGRATIONS, on_blocked).await
    }

    /// [`IndexedDbStore::open_with_blocked`] for callers with nobody to tell about a block (the
    /// benchmark): it just waits.
    pub async fn open(name: &str) -> Result<Self, StoreError> {
        Self::open_with_blocked(name, || ()).await
    }

    /// [`IndexedDbStore::open`] at any `version` with any list of steps, so tests can upgrade
    /// past the current schema.
    pub(super) async fn open_at(
        name: &str,
        version: u32,
        steps: &'static [Migration],
        on_blocked: impl FnOnce() + 'static,
    ) -> Result<Self, StoreError> {
        // The crate hands the upgrade handler the database but not the upgrade transaction,
        // which data-moving migrations need: it is the open request's `transaction`, so the
        // request is kept here once built (the handler runs only after that, from an event).
        let request_sys: Rc<RefCell<Option<web_sys::IdbOpenDbRequest>>> = Rc::new(RefCell::new(None));
        let upgrade_failure: Rc<RefCell<Option<String>>> = Rc::new(RefCell::new(None));
        let request = Database::open(name)
            .with_version(version)
            .with_on_blocked(move |_event| {
                on_blocked();
                Ok(())
            })
            .with_on_upgrade_needed({
                let request_sys = request_sys.clone();
                let upgrade_failure = upgrade_failure.clone();
                move |event, db| {
                    let from = event.old_version() as u32;
                    let tx = request_sys
                        .borrow()
                        .as_ref()
                        .and_then(|request| request.transaction())
                        .ok_or_else(|| IdbError::from(js_sys::Error::new("no upgrade transaction")))?;
                    // An error returned here makes the crate throw from the handler, which
                    // aborts the upgrade transaction: the old version stays as it was.
                    migrations::run(steps, &db, &tx, from, version).inspect_err(|error| {
                        *upgrade_failure.borrow_mut() = Some(JsFailure::from_idb(error).describe());
                    })
                }
            })
            .build()
            .map_err(|error| unavailable(&error))?;
        *request_sys.borrow_mut() = Some(request.as_sys().clone().unchecked_into());

        let opened = request.await;
        request_sys.borrow_mut().take();
        match opened {
            Ok(db) => Ok(Self::wrap(db)),
            Err(error) => {
                if let Some(why) = upgrade_failure.borrow_mut().take() {
                    return Err(StoreError::Unavailable(format!("upgrading the saved data failed: {why}")));
                }
                let failure = open_failure(&error);
                Err(match failure.name.as_str() {
                    // Asking for a lower version than the stored one.
                    "VersionError" => match stored_version(name).await {
                        Some(found) if found > version => StoreError::SchemaTooNew { found },
                        _ => StoreError::Unavailable(failure.describe()),
                    },
                    "QuotaExceededError" => StoreError::QuotaExceeded,
                    _ => StoreError::Unavailable(failure.describe()),
                })
            }
        }
    }

    /// Deletes the database `name` (tests, "erase all data"). Waits until it is gone: other
    /// connections that are closing let go once their transactions finish.
    pub async fn delete(name: &str) -> Result<(), StoreError> {
        let request = Database::delete_by_name(name).map_err(|error| unavailable(&error))?;
        request.await.map_err(|error| StoreError::WriteFailed(JsFailure::from_idb(&error).describe()))
    }
}
