//! The compact store of questions and complaints (issue 10, "Hear them out"), since schema 3.
//!
//! `follow_ups`: key = the id (hex) of the event that opened the item; value `{ j, o? , q? }`
//! with the item as JSON and, while it is open, its opening time (milliseconds) under `o` for a
//! complaint or `q` for a question. The indices `open_complaints` (on `o`) and
//! `open_questions` (on `q`) are sparse: a resolved item has neither field, so it leaves its
//! index, and each index lists exactly the open items, oldest first. The lists read one index
//! with one `getAll`, whatever the size of the log; every item is written in the same
//! transaction as its event.

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::KeyPath;
use js_sys::Object;
use wasm_bindgen::JsValue;

use super::encode::{from_json, set, to_json};
use super::IndexedDbStore;
use crate::domain::follow_up::{FollowUp, Kind};
use crate::domain::EventId;
use crate::store::StoreError;

/// The object store.
pub(super) const FOLLOW_UPS: &str = "follow_ups";
const OPEN_COMPLAINTS: &str = "open_complaints";
const OPEN_QUESTIONS: &str = "open_questions";

/// Version 2 → 3: the store of questions and complaints and its two sparse indices. It starts
/// empty: no event of version 2 opens an item.
pub(super) fn v2_add_follow_ups(db: &Database, _tx: &web_sys::IdbTransaction) -> indexed_db_futures::Result<()> {
    let store = db.create_object_store(FOLLOW_UPS).build()?;
    store.create_index(OPEN_COMPLAINTS, KeyPath::One("o")).build()?;
    store.create_index(OPEN_QUESTIONS, KeyPath::One("q")).build()?;
    Ok(())
}

pub(super) fn follow_up_key(id: EventId) -> JsValue {
    JsValue::from_str(&id.0.to_hex())
}

pub(super) fn follow_up_value(item: &FollowUp) -> Result<JsValue, StoreError> {
    let object = Object::new();
    set(&object, "j", &JsValue::from_str(&to_json(item)?))?;
    if let (true, Some(opened)) = (item.is_open(), item.opened_at) {
        let field = match item.kind {
            Kind::Complaint => "o",
            Kind::Question => "q",
        };
        set(&object, field, &JsValue::from_f64(opened.timestamp_millis() as f64))?;
    }
    Ok(object.into())
}

impl IndexedDbStore {
    pub(super) async fn read_open_follow_ups(&self, kind: Kind) -> Result<Vec<FollowUp>, StoreError> {
        let index = match kind {
            Kind::Complaint => OPEN_COMPLAINTS,
            Kind::Question => OPEN_QUESTIONS,
        };
        let values = self.get_all(FOLLOW_UPS, Some(index), None).await?;
        values.iter().map(|value| from_json(value, "follow-up")).collect()
    }

    pub(super) async fn read_follow_up(&self, id: EventId) -> Result<Option<FollowUp>, StoreError> {
        match self.get(FOLLOW_UPS, &follow_up_key(id)).await? {
            Some(value) => from_json(&value, "follow-up").map(Some),
            None => Ok(None),
        }
    }
}
