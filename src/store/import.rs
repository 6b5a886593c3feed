//! Writing an import (issue 13): the customers in batches, each batch its own short
//! transaction, under a marker that makes the whole import the shop's only at the end.
//!
//! Why batches and not one transaction: a readwrite transaction over `events` and `customers`
//! holds every other readwrite transaction on them until it commits, and one for 100 000
//! customers takes seconds (the benchmark prints how long a stamp waits behind it), during
//! which "Add stamp" at the counter would hang. Each batch here is short, so a stamp waits at
//! most for one batch. All-or-nothing is kept by the marker: until [`Store::finish_import`]
//! removes it, start-up leaves the import's customers out of the index, and a failed batch (or
//! a tab closed midway, found by the next import or the import screen) is undone by
//! [`Store::abandon_import`], which deletes the two key ranges of the import's ids.

use crate::domain::import::ImportRow;
use crate::domain::import_plan::{ImportBatch, ImportId, Imported};
use crate::store::{Store, StoreError};

/// How many customers one batch writes: about 60 ms of a mid-range tablet's time (see the
/// README's import figures), so a stamp tapped meanwhile waits no longer than that.
pub const BATCH: usize = 1_000;

/// Writes `rows` as customers, `batch` at a time, each planned by `plan` just before it is
/// written (so 100 000 records are never all in memory at once), calling `progress` with the
/// number written after each batch. On any failure everything the import wrote is deleted
/// again and the error is returned. Returns the number of customers imported.
pub async fn import_rows<S: Store>(
    store: &S,
    rows: &[ImportRow],
    import: ImportId,
    batch: usize,
    mut plan: impl FnMut(&[ImportRow]) -> Vec<Imported>,
    mut progress: impl FnMut(usize),
) -> Result<usize, StoreError> {
    undo_unfinished(store).await?;
    let mut written = 0;
    for chunk in rows.chunks(batch.max(1)) {
        let customers = plan(chunk);
        if let Err(error) = store.import_batch(&ImportBatch { import, customers }).await {
            // Best effort: if even this fails, the marker stays and the next import (or the
            // import screen) undoes it; start-up leaves its customers out meanwhile.
            let _ = store.abandon_import(import).await;
            return Err(error);
        }
        written += chunk.len();
        progress(written);
    }
    if written > 0 {
        if let Err(error) = store.finish_import(import).await {
            let _ = store.abandon_import(import).await;
            return Err(error);
        }
    }
    Ok(written)
}

/// Undoes an import a closed tab or a failure left unfinished. Returns whether there was one.
pub async fn undo_unfinished<S: Store>(store: &S) -> Result<bool, StoreError> {
    match store.pending_import().await? {
        Some(old) => {
            store.abandon_import(old).await?;
            Ok(true)
        }
        None => Ok(false),
    }
}
