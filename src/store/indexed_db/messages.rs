//! Messages (issue 11): the device's messaging value (templates, the limit, the queue) is one
//! text in `meta` under `messages`, replaced whole by one put in a strict transaction, so a
//! reload mid-campaign finds the queue exactly as the last step left it.

use indexed_db_futures::error::Error as IdbError;
use indexed_db_futures::prelude::*;
use wasm_bindgen::JsValue;

use super::write_failure;
use super::{IndexedDbStore, META};
use crate::store::{Durability, StoreError};

const KEY: &str = "messages";
/// The dashboard's settings (issue 12): the churn window and the saved segments, one text.
const DASHBOARD: &str = "dashboard";

impl IndexedDbStore {
    pub(super) async fn read_messages_value(&self) -> Result<Option<String>, StoreError> {
        match self.get(META, &JsValue::from_str(KEY)).await? {
            Some(value) => value.as_string().map(Some).ok_or_else(|| StoreError::Corrupt("messages: not text".to_owned())),
            None => Ok(None),
        }
    }

    pub(super) async fn write_messages_value(&self, value: &str) -> Result<(), StoreError> {
        let (tx, sys) = self.write_tx(&[META], Durability::Strict)?;
        let failed = |error: IdbError| self.write_error(write_failure(&sys, &error));
        tx.object_store(META).map_err(failed)?.put(JsValue::from_str(value)).with_key(KEY).without_key_type().primitive().map_err(failed)?;
        self.finish(tx, &sys).await
    }

    pub(super) async fn read_dashboard_value(&self) -> Result<Option<String>, StoreError> {
        match self.get(META, &JsValue::from_str(DASHBOARD)).await? {
            Some(value) => value.as_string().map(Some).ok_or_else(|| StoreError::Corrupt("dashboard: not text".to_owned())),
            None => Ok(None),
        }
    }

    pub(super) async fn write_dashboard_value(&self, value: &str) -> Result<(), StoreError> {
        let (tx, sys) = self.write_tx(&[META], Durability::Strict)?;
        let failed = |error: IdbError| self.write_error(write_failure(&sys, &error));
        tx.object_store(META).map_err(failed)?.put(JsValue::from_str(value)).with_key(DASHBOARD).without_key_type().primitive().map_err(failed)?;
        self.finish(tx, &sys).await
    }
}
