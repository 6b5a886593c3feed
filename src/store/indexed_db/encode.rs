//! Values as IndexedDB stores them, and back. Encoding happens before a transaction starts, so
//! the transaction stays short and an encoding failure needs no roll-back.

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use super::JsFailure;
use crate::domain::{Customer, CustomerId, Event, Hlc};
use crate::store::{Commit, IndexSnapshot, StoreError};

pub(super) fn event_key(event: &Event) -> JsValue {
    JsValue::from_str(&event.id.0.to_hex())
}

pub(super) fn customer_key(id: CustomerId) -> JsValue {
    JsValue::from_str(&id.0.to_hex())
}

/// The clock as text that sorts like [`Hlc`]'s `Ord`: milliseconds with the sign bit flipped
/// (so negative times sort first), the counter, then the device, all fixed-width hex.
pub(super) fn hlc_key(hlc: &Hlc) -> String {
    format!("{:016x}{:08x}{}", (hlc.millis as u64) ^ (1 << 63), hlc.counter, hlc.device.0.to_hex())
}

pub(super) fn set(object: &Object, key: &str, value: &JsValue) -> Result<(), StoreError> {
    Reflect::set(object, &JsValue::from_str(key), value)
        .map(drop)
        .map_err(|error| StoreError::WriteFailed(JsFailure::from_js(&error).describe()))
}

pub(super) fn to_json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|error| StoreError::WriteFailed(format!("encoding failed: {error}")))
}

/// The property names of stored values ("j", "h", "c", "r"), made into JS strings once per
/// thread: each `JsValue::from_str` is a call into JS that decodes the text, and an import of
/// 100 000 customers sets 800 000 of these properties.
struct Names {
    json: JsValue,
    hlc: JsValue,
    customer: JsValue,
    rev: JsValue,
}

thread_local! {
    static NAMES: Names = Names {
        json: JsValue::from_str("j"),
        hlc: JsValue::from_str("h"),
        customer: JsValue::from_str("c"),
        rev: JsValue::from_str("r"),
    };
}

fn set_named(object: &Object, name: impl Fn(&Names) -> &JsValue, value: &JsValue) -> Result<(), StoreError> {
    NAMES.with(|names| Reflect::set(object, name(names), value))
        .map(drop)
        .map_err(|error| StoreError::WriteFailed(JsFailure::from_js(&error).describe()))
}

pub(super) fn event_value(event: &Event) -> Result<JsValue, StoreError> {
    let object = Object::new();
    set_named(&object, |names| &names.json, &JsValue::from_str(&to_json(event)?))?;
    set_named(&object, |names| &names.hlc, &JsValue::from_str(&hlc_key(&event.hlc)))?;
    if let Some(customer) = event.kind.customer() {
        set_named(&object, |names| &names.customer, &customer_key(customer))?;
    }
    Ok(object.into())
}

pub(super) fn customer_value(customer: &Customer) -> Result<JsValue, StoreError> {
    let object = Object::new();
    set_named(&object, |names| &names.json, &JsValue::from_str(&to_json(customer)?))?;
    // A JS number is exact up to 2^53, far beyond any write count of one device.
    set_named(&object, |names| &names.rev, &JsValue::from_f64(customer.rev as f64))?;
    Ok(object.into())
}

pub(super) fn from_json<T: serde::de::DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, StoreError> {
    let text = if value.is_string() {
        value.as_string()
    } else {
        Reflect::get(value, &JsValue::from_str("j")).ok().and_then(|text| text.as_string())
    };
    let text = text.ok_or_else(|| StoreError::Corrupt(format!("{what}: not JSON text")))?;
    serde_json::from_str(&text).map_err(|error| StoreError::Corrupt(format!("{what}: {error}")))
}

pub(super) fn from_json_array<T: serde::de::DeserializeOwned>(values: &[JsValue], what: &str) -> Result<Vec<T>, StoreError> {
    values.iter().map(|item| from_json(item, what)).collect()
}

/// The snapshot as stored: `{ watermark, bytes }` with the bytes as a `Uint8Array`, which the
/// browser clones as they are, with no text encoding on the way in or out.
pub(super) fn snapshot_value(snapshot: &IndexSnapshot) -> Result<JsValue, StoreError> {
    let value = Object::new();
    set(&value, "watermark", &JsValue::from_f64(snapshot.watermark as f64))?;
    set(&value, "bytes", &Uint8Array::from(snapshot.bytes.as_slice()))?;
    Ok(value.into())
}

pub(super) fn snapshot_from_js(value: &JsValue) -> Result<IndexSnapshot, StoreError> {
    let field = |name: &str| Reflect::get(value, &JsValue::from_str(name)).ok();
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
    Ok(IndexSnapshot { watermark: watermark as u64, bytes })
}

/// The shop-key secret as stored: absent, or a `Uint8Array` of exactly 32 bytes.
pub(super) fn secret_from_js(value: Option<JsValue>) -> Result<Option<[u8; 32]>, StoreError> {
    let Some(value) = value else { return Ok(None) };
    let bytes = value.dyn_ref::<Uint8Array>().map(Uint8Array::to_vec);
    bytes
        .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
        .map(Some)
        .ok_or_else(|| StoreError::Corrupt("shop key: not 32 bytes".into()))
}

/// The values of one commit as JS values, for the checked write after a refusal (the hot write
/// passes [`CommitValues`](super::commit_values::CommitValues) to `hot_write.js` instead, which
/// builds the same values with the same code).
pub(super) struct Encoded {
    pub key: JsValue,
    pub event: JsValue,
    pub customer: Option<(JsValue, JsValue)>,
    pub shop: Option<JsValue>,
    /// A question or complaint (issue 10): key and value in `follow_ups`.
    pub follow_up: Option<(JsValue, JsValue)>,
    /// The dashboard's delta (issue 12): key and value in `dash`, when the database has the
    /// store.
    pub dash: Option<(JsValue, JsValue)>,
    /// The entry of the replaced record version in the ledger, with `customer`.
    pub version: Option<super::versions::Version>,
}

impl Encoded {
    /// The values built by `hot_write.js`'s builder; the delta only `with_dash`.
    pub(super) fn of(values: &super::commit_values::CommitValues, with_dash: bool) -> Encoded {
        let built = values.values();
        let record = !built.get(2).is_undefined();
        let delta = !built.get(6).is_undefined();
        Encoded {
            key: built.get(0),
            event: built.get(1),
            customer: record.then(|| (built.get(2), built.get(3))),
            shop: (values.flags & super::commit_values::flag::SHOP != 0).then(|| JsValue::from_str(&values.shop)),
            follow_up: values.follow_up.clone(),
            dash: (with_dash && delta).then(|| (built.get(6), built.get(7))),
            version: record.then(|| super::versions::Version { key: built.get(4), value: built.get(5) }),
        }
    }

    /// The object stores a commit of these values writes: a customer's record comes with its
    /// entry in the ledger of versions.
    pub(super) fn stores(&self) -> Vec<&'static str> {
        use super::follow_ups::FOLLOW_UPS;
        use super::{CUSTOMERS, EVENTS, META, VERSIONS};
        let mut stores = vec![EVENTS];
        if self.customer.is_some() {
            stores.extend([CUSTOMERS, VERSIONS]);
        }
        if self.shop.is_some() {
            stores.push(META);
        }
        if self.follow_up.is_some() {
            stores.push(FOLLOW_UPS);
        }
        if self.dash.is_some() {
            stores.push(super::dash::DASH);
        }
        stores
    }
}

/// The keys and values [`IndexedDbStore::commit`](super::IndexedDbStore) writes for a commit
/// about a customer, as `[event key, event value, customer key, customer value, ledger key,
/// ledger value, delta key, delta value]` (the delta's two are `undefined` when the event
/// changes no figure of the dashboard), made by the same builder as the store's
/// (`hot_write.js`): the benchmark has plain JavaScript write exactly these, so the comparison
/// is between the same entries in the same stores.
pub fn encoded_for_benchmark(commit: &Commit) -> Result<Array, StoreError> {
    Ok(super::commit_values::CommitValues::of(commit)?.values())
}
