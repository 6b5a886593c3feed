//! The one transaction of a counter action ("Add stamp", redeem, undo, a new customer), issued
//! whole by one call into a small hand-written JavaScript module, `hot_write.js`.
//!
//! Why by hand, beside `indexed_db_futures` which every other read and write uses: this is the
//! hot path the budget times against plain JavaScript (≤ 1.2× at 4× CPU throttling, issue 15).
//! The crate's builders, listener closures and channel cost it more than IndexedDB's own work
//! (README: "The commit ratio"), so it was issued on `web_sys` directly; but even so each of
//! its dozen calls into JS crossed wasm-bindgen's glue (a `catch` import goes through
//! `handleError` and a wrapper), the outcome's `Promise` was made with a Rust closure, and the
//! values came from a `JSON.parse` of texts escaped twice: about 2.5 ms of a commit's 7.6 ms on
//! the page's thread at 4×, against 4.5 ms for IndexedDB's own calls (README, "The commit at
//! 4×"). Now wasm passes the commit's texts and numbers ([`CommitValues`]) in one call; the
//! JavaScript builds the values, opens the transaction, issues the requests, commits, and
//! returns a promise its `complete`/`abort` settle, as plain JavaScript does.

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::commit_values::{flag, CommitValues};
use super::{IndexedDbStore, JsFailure};
use crate::store::{Durability, StoreError};

#[wasm_bindgen(module = "/src/store/indexed_db/hot_write.js")]
extern "C" {
    /// The stored values of a commit (see `hot_write.js`).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn commit_values(
        keys: &str,
        event_end: u32,
        hlc_end: u32,
        event_customer_end: u32,
        record_customer_end: u32,
        event: &str,
        record: &str,
        rev: f64,
        base: f64,
        flags: u32,
        delta: &[u8],
    ) -> Array;

    /// Writes a commit in one transaction; the promise always fulfils, with `undefined` when
    /// it committed, else `[how, error]` ([`NOT_BEGUN`], [`NOT_ISSUED`], [`ABORTED`]).
    #[allow(clippy::too_many_arguments)]
    fn write_commit(
        db: &web_sys::IdbDatabase,
        keys: &str,
        event_end: u32,
        hlc_end: u32,
        event_customer_end: u32,
        record_customer_end: u32,
        event: &str,
        record: &str,
        rev: f64,
        base: f64,
        shop: &str,
        flags: u32,
        delta: &[u8],
        follow_up_key: &JsValue,
        follow_up: &JsValue,
    ) -> Promise;
}

/// `transaction()` threw: no transaction began.
const NOT_BEGUN: f64 = 0.0;
/// A request threw while being issued; the transaction was aborted and has ended.
const NOT_ISSUED: f64 = 1.0;
/// The transaction aborted (a refused `add`, a full disk).
const ABORTED: f64 = 2.0;

impl IndexedDbStore {
    /// Issues the event (`add`: a repeat fails), the ledger entry (`add`ed when
    /// `refuse_replaced`, so a stale change fails), the record, the shop, the follow-up and,
    /// with `write_delta`, the dashboard's delta in one read-write transaction, commits it at
    /// once and waits for its outcome. The inner result is the transaction's: a refused `add`
    /// aborts it with a `ConstraintError`, a full disk with a `QuotaExceededError`.
    pub(super) async fn write_at_once(
        &self,
        values: &CommitValues,
        refuse_replaced: bool,
        write_delta: bool,
        durability: Durability,
    ) -> Result<Result<(), JsFailure>, StoreError> {
        self.check_open()?;
        let mut flags = values.flags;
        if durability == Durability::Strict {
            flags |= flag::STRICT;
        }
        if refuse_replaced {
            flags |= flag::REFUSE_REPLACED;
        }
        let delta = values.delta.as_deref().filter(|_| write_delta);
        if delta.is_some() {
            flags |= flag::DELTA;
        }
        let none = JsValue::UNDEFINED;
        let (follow_up_key, follow_up) = values.follow_up.as_ref().map_or((&none, &none), |(key, value)| (key, value));
        let [event_end, hlc_end, event_customer_end, record_customer_end] = values.ends;
        let outcome = write_commit(
            self.inner.sys(),
            &values.keys,
            event_end,
            hlc_end,
            event_customer_end,
            record_customer_end,
            &values.event,
            &values.record,
            values.rev,
            values.base,
            &values.shop,
            flags,
            delta.unwrap_or_default(),
            follow_up_key,
            follow_up,
        );
        // The promise never rejects (`hot_write.js`).
        let outcome = JsFuture::from(outcome).await.unwrap_or_else(|error| Array::of2(&JsValue::from_f64(NOT_ISSUED), &error).into());
        if outcome.is_undefined() {
            self.count_write_transaction();
            return Ok(Ok(()));
        }
        let outcome = Array::from(&outcome);
        let (how, error) = (outcome.get(0).as_f64(), outcome.get(1));
        if how != Some(NOT_BEGUN) {
            self.count_write_transaction();
        }
        match how {
            Some(ABORTED) if error.is_null() || error.is_undefined() => Ok(Err(JsFailure { name: "AbortError".into(), message: "the transaction was aborted".into() })),
            Some(ABORTED) => Ok(Err(JsFailure::from_js(&error))),
            _ => Err(self.write_error(JsFailure::from_js(&error))),
        }
    }
}
