//! The shell every screen shares: the counter, the store, the route, the shop key, who is
//! working, and the one way to save a planned change (store first, then the counter).

use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use mohar_card::ShopKey;

use super::errors::UiError;
use super::route::Route;
use super::{random, sync_link, AppStore};
use crate::domain::{Change, Counter, Customer, CustomerId, DomainError};
use crate::session::{self, AppError};
use crate::store::{Store, StoreError};

/// What every screen shares, provided as context.
#[derive(Clone, Copy)]
pub struct Shell {
    /// The shop's counter; `None` before set-up.
    pub counter: RwSignal<Option<Counter>>,
    pub(super) store: StoredValue<Option<Rc<AppStore>>, LocalStorage>,
    /// The screen shown.
    pub route: RwSignal<Route>,
    /// Another tab upgraded or deleted the database: this tab must reload.
    pub version_changed: RwSignal<bool>,
    /// The shop's card-signing key, once read (or made). Kept here, not in the [`Counter`]:
    /// only card links need it.
    pub shop_key: RwSignal<Option<ShopKey>>,
    /// Why the shop key could not be read or made; card links are unavailable then.
    pub key_error: RwSignal<Option<UiError>>,
    /// What start-up found damaged and rebuilt, shown in one line until dismissed.
    pub repairs: RwSignal<Option<session::Repairs>>,
    /// In the owner's bundle: tells the counter's bundle that the shop was saved (see
    /// `owner_entry.rs`); [`Shell::save`] waits for the promise it returns. `None` in the counter.
    pub(super) after_save: StoredValue<Option<js_sys::Function>, LocalStorage>,
    /// Staff and owner: the staff book (PIN hashes, lock, cooldown); `None` in a shop that never
    /// saved one, which has no PINs (see `staff_session.rs`).
    pub staff: RwSignal<Option<crate::domain::staff::StaffBook>>,
    /// Staff and owner: who signed in at this counter; `None` before anyone has.
    pub person: RwSignal<Option<crate::domain::Actor>>,
    /// Sync (issue 14): the customer records taken in after the latest batch of received events
    /// (which sync's engine wrote), so an open customer screen shows what another device did
    /// (see `sync_link.rs`).
    pub received: RwSignal<Vec<Customer>>,
    /// The counter's: has damaged customer records repaired by the panels' bundle
    /// (`repair_link::repairer`). `None` in the on-demand bundles, which repair a record they
    /// read themselves (`session::customer_repaired`) and load no other bundle.
    pub(super) repairer: StoredValue<Option<js_sys::Function>, LocalStorage>,
}

impl Shell {
    /// A shell before anything is loaded: no shop, no store, the route of the address.
    /// `after_save` is `Some` in the owner's bundle only (see the field).
    pub(super) fn new(after_save: Option<js_sys::Function>) -> Shell {
        Shell {
            counter: RwSignal::new(None),
            store: StoredValue::new_local(None),
            route: RwSignal::new(Route::current()),
            version_changed: RwSignal::new(false),
            shop_key: RwSignal::new(None),
            key_error: RwSignal::new(None),
            repairs: RwSignal::new(None),
            after_save: StoredValue::new_local(after_save),
            staff: RwSignal::new(None),
            person: RwSignal::new(None),
            received: RwSignal::new(Vec::new()),
            repairer: StoredValue::new_local(None),
        }
    }

    /// The opened store (present once the app is past loading).
    pub fn store(&self) -> Option<Rc<AppStore>> {
        self.store.try_with_value(|store| store.clone()).flatten()
    }

    /// Notes errors that concern the whole app (another tab's upgrade).
    pub fn report(&self, error: &AppError) {
        if matches!(error, AppError::Store(StoreError::VersionChanged)) {
            self.version_changed.set(true);
        }
    }

    /// Reads the shop's card key into the shell, making it first if the shop has none (at
    /// set-up, or on the first start of a shop made before card links). A failure does not stop
    /// the counter; it is shown where the card links would be.
    pub async fn load_shop_key(&self, store: &AppStore) {
        let result = match random::key_seed() {
            Some(seed) => session::ensure_shop_key(store, seed).await.map_err(|error| {
                self.report(&error);
                UiError::from(error)
            }),
            // No secure random source: an existing key still works, but none can be made.
            None => match store.shop_key_secret().await {
                Ok(Some(secret)) => Ok(ShopKey::from_secret_bytes(&secret)),
                Ok(None) => Err(UiError::NoSecureRandom),
                Err(error) => Err(error.into()),
            },
        };
        match result {
            Ok(key) => {
                self.shop_key.try_set(Some(key));
                self.key_error.try_set(None);
            }
            Err(error) => {
                self.key_error.try_set(Some(error));
            }
        }
    }

    /// Plans an action on the counter without notifying anyone (planning touches only the
    /// clock and the revisions in flight; the screen changes after [`Shell::save`]). `None`
    /// before set-up. Every counter action plans through here.
    pub fn plan(&self, plan: impl FnOnce(&mut Counter) -> Result<Change, DomainError>) -> Option<Result<Change, DomainError>> {
        self.counter.try_update_untracked(|counter| counter.as_mut().map(plan)).flatten()
    }

    /// Saves a planned change (event and record in one strict transaction) and, only once it
    /// is saved, takes it into the counter. Every counter action goes through here.
    pub async fn save(&self, store: &AppStore, change: &Change) -> Result<(), AppError> {
        if let Err(error) = session::save(store, change).await {
            // Not saved: the snapshot watermark must stop waiting for this change's revision.
            self.counter.update_untracked(|counter| {
                if let Some(counter) = counter {
                    counter.abandoned(change);
                }
            });
            return Err(error);
        }
        self.counter.update(|counter| {
            if let Some(counter) = counter {
                counter.committed(change);
            }
        });
        self.save_snapshot_if_due();
        sync_link::nudge();
        // The owner's bundle: the counter takes the saved shop in before the screen says
        // "saved", so the next stamp, in either bundle, follows it.
        self.tell_counter().await;
        Ok(())
    }

    /// In the owner's bundle: tells the counter's bundle that the shop was saved (or set up)
    /// and waits until it has taken it in. Nothing in the counter's own bundle.
    pub async fn tell_counter(&self) {
        if let Some(Some(promise)) = self.after_save.try_with_value(|notify| notify.as_ref().map(|notify| notify.call0(&JsValue::NULL))) {
            if let Ok(promise) = promise.and_then(|promise| promise.dyn_into::<js_sys::Promise>().map_err(JsValue::from)) {
                let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            }
        }
    }

    /// Takes in the shop record the owner's bundle saved (program, name, country), and the
    /// clock past its event; or, before set-up, opens the shop its first run set up (or the
    /// demo it loaded) as start-up does. The counter's half of `after_save`.
    pub async fn reload_shop(&self) {
        let Some(store) = self.store() else { return };
        // The owner's screens may have changed PINs, staff or the cooldown.
        self.load_staff(&store, false).await;
        if self.counter.try_with_untracked(Option::is_none).unwrap_or(false) {
            match session::start(&*store, random::device_id(), chrono::Utc::now()).await {
                Ok(Some(started)) => {
                    self.counter.try_set(Some(started.counter));
                    self.save_snapshot_if_due();
                }
                Ok(None) => {}
                Err(error) => self.report(&error),
            }
            return;
        }
        self.take_in_written(&store, None).await;
    }

    /// Takes in what another connection of this page wrote (the owner's screens, an import,
    /// sync's engine): the shop record and the clock past the latest event, and into search the
    /// customer records changed since the counter's mark of records seen, or since `from` when
    /// that is lower. Returns the records taken in; `None` when they could not be read.
    pub async fn take_in_written(&self, store: &AppStore, from: Option<u64>) -> Option<Vec<Customer>> {
        match session::saved_shop(store).await {
            Ok(Some((shop, latest))) => {
                self.counter.try_update(|counter| {
                    if let Some(counter) = counter {
                        counter.shop_saved_elsewhere(shop, latest, chrono::Utc::now());
                    }
                });
            }
            Ok(None) => {}
            Err(error) => self.report(&error),
        }
        // Customers the owner's screens wrote (an import) go into search at once.
        let seen = self.counter.try_with_untracked(|counter| counter.as_ref().map(|counter| counter.records_seen())).flatten()?;
        match session::changed_elsewhere(store, from.map_or(seen, |from| from.min(seen))).await {
            Ok((customers, import_pending)) => {
                if !customers.is_empty() {
                    self.counter.try_update(|counter| {
                        if let Some(counter) = counter {
                            counter.took_in_records(&customers, import_pending);
                        }
                    });
                    self.save_snapshot_if_due();
                }
                Some(customers)
            }
            Err(error) => {
                self.report(&error);
                None
            }
        }
    }

    /// Reads one customer's record for a screen ([`session::customer`]); a record that cannot
    /// be decoded is first repaired by the panels' bundle ([`Shell::repair_damaged`]) and then
    /// read again, so a damaged record never hides a customer. When it cannot be repaired (the
    /// bundle could not be loaded) the damage is the error.
    pub async fn read_customer(&self, store: &AppStore, id: CustomerId) -> Result<Customer, AppError> {
        match session::customer(store, id).await {
            Err(AppError::Store(StoreError::Corrupt(why))) => match self.repair_damaged(&[id]).await {
                Some(_) => session::customer(store, id).await,
                None => Err(StoreError::Corrupt(why).into()),
            },
            read => read,
        }
    }

    /// The counter's: has the records of `ids` rebuilt from the log and written back by the
    /// panels' bundle, and takes them in (`repair_link.rs`). Returns how many the bundle wrote
    /// (none when another connection repaired them first); `None` when nothing was repaired:
    /// the bundle could not be loaded or the repair failed, or this is an on-demand bundle.
    pub async fn repair_damaged(&self, ids: &[CustomerId]) -> Option<usize> {
        let ids = JsValue::from_str(&super::repair_link::ids_text(ids));
        let promise = self.repairer.try_with_value(|repairer| repairer.as_ref().map(|repairer| repairer.call1(&JsValue::NULL, &ids))).flatten()?;
        let promise: js_sys::Promise = promise.ok()?.dyn_into().ok()?;
        let written = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
        Some(written.as_f64().unwrap_or(0.0) as usize)
    }

    /// Reads a customer again after a save was refused as [`StoreError::Stale`] (another window
    /// saved to the same customer first), takes the record into the counter's search index and
    /// returns it, so the screen shows the latest card before the clerk taps again.
    pub async fn reload_customer(&self, store: &AppStore, id: CustomerId) -> Option<Customer> {
        match self.read_customer(store, id).await {
            Ok(latest) => {
                self.counter.update(|counter| {
                    if let Some(counter) = counter {
                        counter.reloaded(&latest);
                    }
                });
                Some(latest)
            }
            Err(error) => {
                self.report(&error);
                None
            }
        }
    }

    /// When many customers changed since the search-index snapshot, saves a new one in the
    /// background, so start-up keeps reading only a few records on top of it.
    pub fn save_snapshot_if_due(&self) {
        let Some(store) = self.store() else { return };
        let snapshot = self.counter.try_update_untracked(|counter| {
            let counter = counter.as_mut().filter(|counter| counter.snapshot_due())?;
            // Noted now, so commits during the save do not start a second one; a failed save
            // only means the next start reads a few more records.
            counter.snapshot_saved();
            Some(session::index_snapshot(counter))
        });
        let Some(Some(snapshot)) = snapshot else { return };
        let shell = *self;
        leptos::task::spawn_local(async move {
            if let Err(error) = store.save_index_snapshot(&snapshot).await {
                shell.report(&AppError::Store(error));
            }
        });
    }

    /// Has the customer records start-up could not decode repaired in the background (by the
    /// panels' bundle, see [`Shell::repair_damaged`]), and then says how many in the repair
    /// notice. When they cannot be repaired now, the next start finds them again.
    pub(super) fn repair_at_start(&self, damaged: Vec<CustomerId>) {
        if damaged.is_empty() {
            return;
        }
        let shell = *self;
        leptos::task::spawn_local(async move {
            if shell.repair_damaged(&damaged).await.is_some() {
                shell.repairs.update(|repairs| repairs.get_or_insert_with(Default::default).customers += damaged.len());
            }
        });
    }

    /// Shows another screen (through the hash, so reload and Back work).
    pub fn navigate(&self, route: Route) {
        if let Some(window) = web_sys::window() {
            let _ = window.location().set_hash(&route.to_hash());
        }
        self.route.set(route);
    }
}

/// The shared shell of the current screen.
pub fn use_shell() -> Shell {
    expect_context::<Shell>()
}
