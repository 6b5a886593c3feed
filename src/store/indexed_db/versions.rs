//! The ledger of replaced record versions (the `versions` store), which lets a commit refuse a
//! stale change by a failing write instead of a read it would have to wait for.
//!
//! Each entry says "this version of this customer's record has been replaced": key
//! `[customer id, base rev]` (`-1` for "no record yet"), value `[base rev, rev written]`. Every
//! write that replaces a stored customer record puts the entry of the version it replaces, and
//! a counter action `add`s it. So an `add` fails (a `ConstraintError`, which aborts the whole
//! transaction) exactly when the version the change was planned from is no longer the stored
//! one: two changes planned from one record cannot both land, whatever the tabs do.
//!
//! The ledger only refuses; a refusal is then explained by reading (`commit.rs`): a version
//! that was replaced and then written again (its rev handed out twice) is current although the
//! ledger lists it, and such a change goes through the checked write instead.

use indexed_db_futures::error::Error as IdbError;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::KeyRange;
use js_sys::Array;
use wasm_bindgen::JsValue;

/// The base of a change planned from no record (a new customer).
const NO_RECORD: f64 = -1.0;

/// One ledger entry: the version `base` of the record under `customer` replaced by `rev`.
pub(super) struct Version {
    pub key: JsValue,
    pub value: JsValue,
}

impl Version {
    /// The entry as the store made it field by field (`hot_write.js` builds the same for a
    /// commit; the test in [`super::commit_values`] compares the two).
    #[cfg(test)]
    pub(super) fn new(customer: &JsValue, base: Option<u64>, rev: u64) -> Version {
        Version::of(customer, base.map_or(NO_RECORD, |base| base as f64), rev as f64)
    }

    fn of(customer: &JsValue, base: f64, rev: f64) -> Version {
        // A JS number is exact up to 2^53; revs are milliseconds times 1 000, far below.
        Version { key: Array::of2(customer, &JsValue::from_f64(base)).into(), value: Array::of2(&JsValue::from_f64(base), &JsValue::from_f64(rev)).into() }
    }
}

/// The `rev` of a stored customer record (`{ j, r }`), if there is a record and its `r` is a
/// number.
pub(super) fn stored_rev(record: Option<&JsValue>) -> Option<u64> {
    let rev = js_sys::Reflect::get(record?, &JsValue::from_str("r")).ok()?.as_f64()?;
    (rev >= 0.0 && rev.fract() == 0.0).then_some(rev as u64)
}

/// Puts the ledger entries for replacing the record stored under `customer` (`stored`, as read
/// in the same transaction) by one with `rev`. For a stored value without a readable `rev` (a
/// damaged record), every version the ledger shows as written and not yet replaced is the one
/// a tab may have read before the damage, so each of them is marked replaced.
pub(super) async fn put_replaced(versions: &ObjectStore<'_>, customer: &JsValue, stored: Option<&JsValue>, rev: u64) -> Result<(), IdbError> {
    let bases = match stored {
        None => vec![NO_RECORD],
        Some(value) => match stored_rev(Some(value)) {
            Some(stored) => vec![stored as f64],
            None => unreplaced(versions, customer).await?,
        },
    };
    for base in bases {
        let entry = Version::of(customer, base, rev as f64);
        versions.put(&entry.value).with_key(&entry.key).without_key_type().primitive()?;
    }
    Ok(())
}

/// The versions of `customer`'s record that the ledger shows as written but not replaced.
async fn unreplaced(versions: &ObjectStore<'_>, customer: &JsValue) -> Result<Vec<f64>, IdbError> {
    // `[id]` sorts before every `[id, number]`, and `[id, ""]` after them (strings sort after
    // numbers), so this range is exactly the customer's entries.
    let range = KeyRange::Bound(Array::of1(customer).into(), false, Array::of2(customer, &JsValue::from_str("")).into(), false);
    let entries = versions.get_all::<JsValue>().with_query::<JsValue, _>(range).primitive()?.await?;
    let mut bases = Vec::new();
    let mut written = Vec::new();
    for entry in entries {
        let entry = Array::from(&entry?);
        if let (Some(base), Some(rev)) = (entry.get(0).as_f64(), entry.get(1).as_f64()) {
            bases.push(base);
            written.push(rev);
        }
    }
    written.retain(|rev| !bases.contains(rev));
    Ok(written)
}
