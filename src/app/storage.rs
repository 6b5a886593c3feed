//! The one place the screens meet the storage back-end: which store the app runs on, how it is
//! opened, and the browser's persistent-storage permission.

use crate::store::StoreError;

/// The store the app runs on: IndexedDB in the browser.
#[cfg(target_arch = "wasm32")]
pub type AppStore = crate::store::indexed_db::IndexedDbStore;
/// The store the app runs on. Natively the shell is only compiled (and route tests run), never
/// rendered, so the memory store stands in.
#[cfg(not(target_arch = "wasm32"))]
pub type AppStore = crate::store::memory::MemoryStore;

/// Opens the shop's database. `on_blocked` runs if the open has to wait for other tabs that
/// hold an older version open (the open goes on waiting and resolves once they close);
/// `on_version_change` runs if another tab later upgrades or deletes it (this tab must then
/// reload).
#[cfg(target_arch = "wasm32")]
pub async fn open(name: &str, on_version_change: impl Fn() + 'static, on_blocked: impl FnOnce() + 'static) -> Result<AppStore, StoreError> {
    let store = crate::store::indexed_db::IndexedDbStore::open_with_blocked(name, on_blocked).await?;
    if store.is_closed_by_other_tab() {
        on_version_change();
    }
    store.on_closed_by_other_tab(on_version_change);
    Ok(store)
}

/// Opens the shop's database (native stand-in).
#[cfg(not(target_arch = "wasm32"))]
pub async fn open(_name: &str, _on_version_change: impl Fn() + 'static, _on_blocked: impl FnOnce() + 'static) -> Result<AppStore, StoreError> {
    Ok(crate::store::memory::MemoryStore::new())
}

/// Whether the browser promised not to evict the data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub enum Persistence {
    /// Persistent storage granted.
    Granted,
    /// Best-effort storage: may be cleared under storage pressure.
    NotGranted,
    /// The browser cannot be asked.
    Unsupported,
}

#[cfg(target_arch = "wasm32")]
fn from_state(state: crate::store::persistence::PersistenceState) -> Persistence {
    use crate::store::persistence::PersistenceState;
    match state {
        PersistenceState::Granted => Persistence::Granted,
        PersistenceState::Denied => Persistence::NotGranted,
        PersistenceState::Unsupported => Persistence::Unsupported,
    }
}

/// Asks the browser to keep the data (called at set-up).
pub async fn request_persistence() -> Persistence {
    #[cfg(target_arch = "wasm32")]
    return from_state(crate::store::persistence::request_persistence().await);
    #[cfg(not(target_arch = "wasm32"))]
    Persistence::Unsupported
}

/// The current persistence state, without asking.
pub async fn persistence_state() -> Persistence {
    #[cfg(target_arch = "wasm32")]
    return from_state(crate::store::persistence::persistence_state().await);
    #[cfg(not(target_arch = "wasm32"))]
    Persistence::Unsupported
}
