//! Asking the browser to keep Mohar's data when the device runs low on space.
//!
//! Without persistence the browser may evict the whole origin's storage under pressure, which
//! for a shop means losing every card. The Settings screen shows the state and offers to ask.

use js_sys::{Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::StorageManager;

/// Whether the browser promised to keep the data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PersistenceState {
    /// The data is kept until the user clears it.
    Granted,
    /// The browser may evict the data under storage pressure (it may grant later, e.g. once
    /// the app is installed or used more).
    Denied,
    /// This browser has no storage-persistence API (or it failed), so nothing can be asked.
    Unsupported,
}

/// `navigator.storage`, when the browser has the persistence API. Looked up by property
/// because `web_sys::Navigator::storage` assumes it exists, and older Safari lacks it.
fn storage_manager() -> Option<StorageManager> {
    let navigator = web_sys::window()?.navigator();
    let storage = Reflect::get(&navigator, &JsValue::from_str("storage")).ok()?;
    if storage.is_undefined() || storage.is_null() {
        return None;
    }
    let has = |name: &str| Reflect::get(&storage, &JsValue::from_str(name)).is_ok_and(|value| value.is_function());
    if !has("persist") || !has("persisted") {
        return None;
    }
    Some(storage.unchecked_into())
}

async fn answer(promise: Result<Promise, JsValue>) -> PersistenceState {
    let Ok(promise) = promise else { return PersistenceState::Unsupported };
    match JsFuture::from(promise).await {
        Ok(value) if value.as_bool() == Some(true) => PersistenceState::Granted,
        Ok(_) => PersistenceState::Denied,
        Err(_) => PersistenceState::Unsupported,
    }
}

/// The current state, without asking the user anything (`navigator.storage.persisted()`).
pub async fn persistence_state() -> PersistenceState {
    match storage_manager() {
        Some(storage) => answer(storage.persisted()).await,
        None => PersistenceState::Unsupported,
    }
}

/// Asks for persistent storage (`navigator.storage.persist()`) unless it is already granted,
/// and returns the resulting state. Some browsers decide silently, others show a prompt.
pub async fn request_persistence() -> PersistenceState {
    let Some(storage) = storage_manager() else { return PersistenceState::Unsupported };
    match answer(storage.persisted()).await {
        PersistenceState::Granted => PersistenceState::Granted,
        _ => answer(storage.persist()).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    async fn chromium_has_the_persistence_api() {
        assert_ne!(persistence_state().await, PersistenceState::Unsupported);
        assert_ne!(request_persistence().await, PersistenceState::Unsupported);
    }
}
