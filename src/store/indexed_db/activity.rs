//! Staff and owner: the Activity screen's read of the log, a page at a time, newest first, by
//! a reverse cursor (never `getAll`, so a million events cost one page). The whole log walks the
//! `hlc` index; one customer's events walk `customer_hlc` (`[c, h]`, schema version 3), so a
//! customer's activity is as quick as the shop's.

use indexed_db_futures::cursor::CursorDirection;
use indexed_db_futures::error::Error as IdbError;
use indexed_db_futures::prelude::*;
use indexed_db_futures::KeyRange;
use wasm_bindgen::JsValue;

use super::encode::{customer_key, from_json, hlc_key};
use super::{IndexedDbStore, EVENTS};
use crate::domain::activity::{ActivityFilter, ActivityPage, PAGE_EVENTS, PAGE_SCAN};
use crate::domain::{Event, Hlc};
use crate::store::StoreError;

/// The part of a stored customer record the Activity screen shows (serde skips the rest).
#[derive(serde::Deserialize)]
struct NameOnly {
    #[serde(default)]
    profile: Option<ProfileName>,
}

#[derive(serde::Deserialize)]
struct ProfileName {
    name: String,
}

impl IndexedDbStore {
    pub(super) async fn read_customer_name(&self, id: crate::domain::CustomerId) -> Result<Option<String>, StoreError> {
        match self.get(super::CUSTOMERS, &customer_key(id)).await? {
            Some(value) => Ok(from_json::<NameOnly>(&value, "customer")?.profile.map(|profile| profile.name)),
            None => Ok(None),
        }
    }

    pub(super) async fn read_activity_page(&self, filter: &ActivityFilter, before: Option<Hlc>) -> Result<ActivityPage, StoreError> {
        let tx = self.read_tx(&[EVENTS])?;
        let read = |error: IdbError| self.read_error(&error);
        let events = tx.object_store(EVENTS).map_err(read)?;
        let before = before.map(|hlc| JsValue::from_str(&hlc_key(&hlc)));
        let (index, range) = match filter.customer {
            Some(customer) => {
                // Every key of this customer sorts between [c, ""] and [c, "\u{ffff}"] (clock
                // texts are ASCII); below `before` when paging on.
                let pair = |h: &JsValue| js_sys::Array::of2(&customer_key(customer), h).into();
                let upper = before.as_ref().map_or_else(|| pair(&JsValue::from_str("\u{ffff}")), pair);
                ("customer_hlc", Some(KeyRange::Bound(pair(&JsValue::from_str("")), false, upper, before.is_some())))
            }
            None => ("hlc", before.map(|before| KeyRange::UpperBound(before, true))),
        };
        let index = events.index(index).map_err(read)?;
        let cursor = match range {
            Some(range) => index.open_cursor().with_query::<JsValue, _>(range).with_direction(CursorDirection::Prev).primitive().map_err(read)?.await,
            None => index.open_cursor().with_direction(CursorDirection::Prev).primitive().map_err(read)?.await,
        };
        let Some(mut cursor) = cursor.map_err(read)? else { return Ok(ActivityPage::default()) };
        let mut page = ActivityPage::default();
        let mut scanned = 0;
        let mut last = None;
        while let Some(value) = cursor.next_record::<JsValue>().await.map_err(read)? {
            if page.events.len() >= PAGE_EVENTS || scanned >= PAGE_SCAN {
                // One more event exists: the next page starts below the last one looked at.
                page.next = last;
                break;
            }
            scanned += 1;
            let event: Event = from_json(&value, "event")?;
            last = Some(event.hlc);
            if filter.matches(&event) {
                page.events.push(event);
            }
        }
        Ok(page)
    }
}
