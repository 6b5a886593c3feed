//! Failures the browser reports, kept with their `DOMException` name so that a full disk stays
//! [`StoreError::QuotaExceeded`](super::StoreError::QuotaExceeded) (see the module's "Quota").

use indexed_db_futures::error::Error as IdbError;
use wasm_bindgen::prelude::*;

/// A failure reported by the browser: the `DOMException` (or error) name and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct JsFailure {
    pub(super) name: String,
    pub(super) message: String,
}

impl JsFailure {
    /// The name and message of any JS value that has them (a `DOMException`, an `Error`).
    pub(super) fn from_js(value: &JsValue) -> JsFailure {
        let text = |key: &str| js_sys::Reflect::get(value, &JsValue::from_str(key)).ok().and_then(|v| v.as_string());
        match (text("name"), text("message")) {
            (Some(name), message) => JsFailure { name, message: message.unwrap_or_default() },
            (None, _) => JsFailure { name: "Error".into(), message: value.as_string().unwrap_or_else(|| js_sys::JSON::stringify(value).map(String::from).unwrap_or_default()) },
        }
    }

    /// What the crate reported. A `DOMException` keeps its name (`QuotaExceededError`,
    /// `ConstraintError`, ...); the crate's own errors keep their text.
    pub(super) fn from_idb(error: &IdbError) -> JsFailure {
        match error {
            IdbError::DomException(exception) => JsFailure::from_js(exception.as_ref()),
            IdbError::MissingData(indexed_db_futures::error::UnexpectedDataError::TransactionAborted) => {
                JsFailure { name: "AbortError".into(), message: error.to_string() }
            }
            other => JsFailure { name: "Error".into(), message: other.to_string() },
        }
    }

    pub(super) fn describe(&self) -> String {
        if self.message.is_empty() {
            self.name.clone()
        } else {
            format!("{}: {}", self.name, self.message)
        }
    }
}

/// Why a write failed: the underlying transaction's `error` when it has one (a quota failure
/// aborts the commit itself, which the crate reports only as "aborted"), else what the crate
/// said.
pub(super) fn write_failure(tx: &web_sys::IdbTransaction, error: &IdbError) -> JsFailure {
    match tx.error() {
        Some(cause) => JsFailure::from_js(&cause),
        None => JsFailure::from_idb(error),
    }
}
