//! An event as a CouchDB document, and back.
//!
//! The document is the event's own JSON with `_id` (the event id) and `_rev` beside it. Events
//! never change, so each document has exactly one revision, and that revision is derived from
//! the id alone: `1-<event id>`. Every device therefore writes the *same* revision of the same
//! event, so a second push, a pull of something already here, or two devices forwarding one
//! event can never make a conflict or a second revision. (A revision hashed from the content
//! would not do: a device of an older version re-encodes a kind it does not know, and its
//! hash would differ.)

use serde_json::{Map, Value};

use crate::domain::{Event, EventId};

/// Why a document received from the server is not an event this app can take.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DocError {
    /// The document is not a JSON object.
    #[error("not a JSON object")]
    NotAnObject,
    /// `_id` is missing or not an event id.
    #[error("the _id is not an event id")]
    BadId,
    /// `_id` and the event's own `id` differ.
    #[error("the _id and the event id differ")]
    IdMismatch,
    /// The event's fields do not decode.
    #[error("not an event: {0}")]
    NotAnEvent(String),
}

/// The one revision of an event's document.
pub fn event_rev(id: EventId) -> String {
    format!("1-{}", id.0.to_hex())
}

/// The document for `event`, with `_revisions` so that `_bulk_docs` with `new_edits=false`
/// stores exactly this revision.
pub fn event_doc(event: &Event) -> Value {
    let hex = event.id.0.to_hex();
    let mut object = match serde_json::to_value(event) {
        Ok(Value::Object(object)) => object,
        // A derived `Serialize` of plain fields always gives an object; nothing else to send.
        _ => Map::new(),
    };
    object.insert("_id".into(), Value::String(hex.clone()));
    object.insert("_rev".into(), Value::String(event_rev(event.id)));
    object.insert("_revisions".into(), serde_json::json!({ "start": 1, "ids": [hex] }));
    Value::Object(object)
}

/// The event a received document holds. The CouchDB fields (`_id`, `_rev`, `_revisions`, …)
/// are checked and dropped; the rest must decode as an event with the same id.
pub fn event_from_doc(doc: &Value) -> Result<Event, DocError> {
    let object = doc.as_object().ok_or(DocError::NotAnObject)?;
    let id: EventId = object
        .get("_id")
        .and_then(Value::as_str)
        .and_then(|text| text.parse().ok())
        .ok_or(DocError::BadId)?;
    let fields: Map<String, Value> =
        object.iter().filter(|(key, _)| !key.starts_with('_')).map(|(key, value)| (key.clone(), value.clone())).collect();
    let event: Event = serde_json::from_value(Value::Object(fields)).map_err(|error| DocError::NotAnEvent(error.to_string()))?;
    if event.id != id {
        return Err(DocError::IdMismatch);
    }
    Ok(event)
}
