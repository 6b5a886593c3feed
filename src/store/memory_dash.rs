//! The memory store's copy of the dashboard's facts (issue 12): the same bytes the IndexedDB
//! store keeps (`indexed_db/dash.rs`), so the suite checks one format on both back-ends.

use std::collections::BTreeMap;

use super::MemoryStore;
use crate::domain::EventId;
use crate::store::dash::{DashRead, DashSave};
use crate::store::StoreError;

/// The dashboard's stored facts: chunks, the shop's, whether they are complete, the deltas.
#[derive(Clone, Debug, Default)]
pub(super) struct Dash {
    pub(super) chunks: BTreeMap<u8, Vec<u8>>,
    pub(super) shop: Option<Vec<u8>>,
    pub(super) complete: bool,
    pub(super) deltas: BTreeMap<EventId, Vec<u8>>,
    /// The dashboard's settings (`meta.dashboard` in IndexedDB): kept whatever the facts do.
    pub(super) settings: Option<String>,
}

impl MemoryStore {
    /// The saved facts when complete and readable, and the deltas written since.
    pub(super) fn read_dash(&self) -> Result<DashRead, StoreError> {
        use crate::domain::analytics::stored::{decode_chunk, decode_shop};
        let data = self.data.borrow();
        let mut deltas = Vec::with_capacity(data.dash.deltas.len());
        let mut readable = true;
        for (id, bytes) in &data.dash.deltas {
            match crate::domain::analytics::StoredDelta::decode(bytes) {
                Ok(delta) => deltas.push((*id, delta)),
                Err(_) => readable = false,
            }
        }
        let base = (|| {
            if !data.dash.complete || !readable {
                return None;
            }
            let mut facts = crate::domain::analytics::DashFacts { shop: decode_shop(data.dash.shop.as_ref()?).ok()?, ..Default::default() };
            for bytes in data.dash.chunks.values() {
                facts.customers.extend(decode_chunk(bytes).ok()?);
            }
            Some(facts)
        })();
        Ok(DashRead { base, deltas })
    }

    /// Saves chunks and the shop's facts, deletes the deltas folded in.
    pub(super) fn write_dash(&self, save: &DashSave) -> Result<(), StoreError> {
        self.injected_failure()?;
        let mut data = self.data.borrow_mut();
        for (chunk, bytes) in &save.chunks {
            data.dash.chunks.insert(*chunk, bytes.clone());
        }
        data.dash.shop = Some(save.shop.clone());
        data.dash.complete = true;
        let stored: Vec<Option<EventId>> = data.dash.deltas.keys().map(|id| Some(*id)).collect();
        let goes = save.deletes(&stored);
        let mut goes = goes.into_iter();
        data.dash.deltas.retain(|_, _| !goes.next().unwrap_or(false));
        Ok(())
    }
}
