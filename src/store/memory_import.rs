//! The memory store's import (issue 13): batches written under a marker, as the IndexedDB
//! store's `indexed_db/import.rs` does, with `add`'s refusal of an id already stored.

use super::MemoryStore;
use crate::domain::import_plan::{Clash, ImportBatch, ImportGuard, ImportId};
use crate::domain::Customer;
use crate::store::StoreError;

impl MemoryStore {
    /// One batch, all or nothing, under the import's marker.
    pub(super) fn write_import_batch(&self, batch: &ImportBatch) -> Result<(), StoreError> {
        self.injected_failure()?;
        let mut next = self.data.borrow().clone();
        next.import = Some(batch.import);
        for imported in &batch.customers {
            // `add`, as IndexedDB does: an id already stored fails the whole batch.
            for event in &imported.events {
                if next.events.insert(event.id, event.clone()).is_some() {
                    return Err(StoreError::WriteFailed(format!("event {} is stored already", event.id)));
                }
            }
            if next.customers.insert(imported.customer.id, imported.customer.clone()).is_some() {
                return Err(StoreError::WriteFailed(format!("customer {} is stored already", imported.customer.id)));
            }
        }
        *self.data.borrow_mut() = next;
        Ok(())
    }

    /// Drops the imported customers whose phone a customer written since the preview has now,
    /// removes the marker; the facts of the dashboard are rebuilt from the log.
    pub(super) fn write_finish_import(&self, guard: &ImportGuard) -> Result<Vec<Clash>, StoreError> {
        self.injected_failure()?;
        let mut data = self.data.borrow_mut();
        if data.import != Some(guard.import) {
            return Ok(Vec::new());
        }
        let others: Vec<Customer> = data.customers.values().filter(|customer| !guard.import.made(&customer.id.0)).cloned().collect();
        let clashes = guard.clashes(&others);
        for (_, written) in &clashes {
            data.customers.remove(&written.customer);
            for event in &written.events {
                data.events.remove(event);
            }
        }
        data.import = None;
        // The batches wrote no dashboard deltas: the facts are rebuilt from the log.
        data.dash.complete = false;
        Ok(clashes.into_iter().map(|(clash, _)| clash).collect())
    }

    /// Deletes everything the import made, and its marker.
    pub(super) fn write_abandon_import(&self, import: ImportId) -> Result<(), StoreError> {
        self.injected_failure()?;
        let mut data = self.data.borrow_mut();
        data.events.retain(|id, _| !import.made(&id.0));
        data.customers.retain(|id, _| !import.made(&id.0));
        data.dash.complete = false;
        if data.import == Some(import) {
            data.import = None;
        }
        Ok(())
    }
}
