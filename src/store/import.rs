//! Writing an import (issue 13): the customers in batches, each batch its own short
//! transaction, under a marker that makes the whole import the shop's only at the end.
//!
//! Why batches and not one transaction: a readwrite transaction over `events` and `customers`
//! holds every other readwrite transaction on them until it commits, and one for 100 000
//! customers takes seconds (the benchmark prints how long a stamp waits behind it), during
//! which "Add stamp" at the counter would hang. Each batch here is short, so a stamp waits at
//! most for the [`IN_FLIGHT`] batches already issued. All-or-nothing is kept by the marker: until [`Store::finish_import`]
//! removes it, start-up leaves the import's customers out of the index, and a failed batch (or
//! a tab closed midway, found by the next import or the import screen) is undone by
//! [`Store::abandon_import`], which deletes the two key ranges of the import's ids.
//!
//! A phone number added at the counter while an import runs: the preview refused the phones
//! already the shop's, but not one a clerk adds meanwhile. The last step, the transaction that
//! removes the marker, reads the records others wrote since the preview and deletes again the
//! imported customers whose phone one of them has (the counter's customer stays, already in
//! the clerk's hands); the import's result names those rows by line. Checking there rather than
//! in each batch covers a phone added after the batch that wrote the row, too.

use crate::domain::import::ImportRow;
use crate::domain::import_lock::{decide, ImportLock, Unfinished};
use crate::domain::import_plan::{ImportBatch, ImportGuard, ImportId, ImportOutcome, Imported};
use crate::store::{Store, StoreError};

use std::task::Poll;

use futures::stream::{FuturesOrdered, StreamExt};

/// How many customers one batch writes. A stamp tapped during the import waits for the
/// batches already issued ([`IN_FLIGHT`] of them at most: IndexedDB runs readwrite
/// transactions over the same stores one after the other, in the order they were opened), so
/// the wait is `IN_FLIGHT` batches' time. Batches of 1 000 (about 3 000 records) made a stamp
/// wait p50 520 ms, at most 4.7 s; one batch of 100 at a time kept its p95 near 130 ms, but
/// the page's round trip between one batch's commit and the next one's transaction left the
/// database idle: 1.6 times the plain-JavaScript put at 100 000 rows. Two batches of 50 in
/// flight (README "Importing 100 000 customers", 2026-11-27 05:01-05:05 UTC, loaded machine,
/// 20 000 rows): the import 17.8 s against 41.0 s for one batch of 100 at a time, a stamp p50
/// 73 / p95 193 ms against 117 / 469 ms in the same conditions.
pub const BATCH: usize = 50;

/// How many batches may be issued and not yet committed at once (see [`import_rows_in_flight`]
/// and [`BATCH`]): with two, the database starts the next batch as soon as one commits, with
/// no round trip to the page in between.
pub const IN_FLIGHT: usize = 2;

/// Writes `rows` as customers, `batch` at a time, each planned by `plan` just before it is
/// written (so 100 000 records are never all in memory at once), calling `progress` with the
/// number written after each batch. While one batch commits, the next is planned and encoded:
/// the browser writes on a thread of its own, so the page's wasm work overlaps the database's
/// instead of adding to it (the README's import figures compare both). The last step drops the
/// rows whose phone a customer written meanwhile has (`guard`, [`Store::finish_import`]). On any
/// failure everything the import wrote is deleted again and the error is returned.
pub async fn import_rows<S: Store>(
    store: &S,
    rows: &[ImportRow],
    guard: ImportGuard,
    batch: usize,
    plan: impl FnMut(&[ImportRow]) -> Vec<Imported>,
    progress: impl FnMut(usize),
) -> Result<ImportOutcome, StoreError> {
    import_rows_in_flight(store, rows, guard, batch, IN_FLIGHT, plan, progress).await
}

/// [`import_rows`] with up to `in_flight` batches issued before the first of them has
/// committed: each batch's transaction is opened and all its writes issued as soon as it is
/// planned, and the database runs them one after the other (they share their stores) with no
/// round trip to the page between them. A stamp tapped meanwhile waits for every batch
/// already issued, so `in_flight` times the batch is what a stamp may wait for.
pub async fn import_rows_in_flight<S: Store>(
    store: &S,
    rows: &[ImportRow],
    mut guard: ImportGuard,
    batch: usize,
    in_flight: usize,
    mut plan: impl FnMut(&[ImportRow]) -> Vec<Imported>,
    mut progress: impl FnMut(usize),
) -> Result<ImportOutcome, StoreError> {
    undo_unfinished(store).await?;
    let import = guard.import;
    let mut chunks = rows.chunks(batch.max(1));
    let mut written = 0;
    let failed = {
        let mut ready = |chunk: &[ImportRow]| -> Result<(usize, S::ReadyBatch), StoreError> {
            let customers = plan(chunk);
            // A plan that leaves rows out (the import's screen was closed, its counter gone)
            // must not end as an import finished without them: all of it or none of it.
            if customers.len() != chunk.len() {
                return Err(StoreError::WriteFailed(format!("{} of {} rows were planned", customers.len(), chunk.len())));
            }
            guard.wrote(&customers);
            Ok((chunk.len(), store.ready_import_batch(ImportBatch { import, customers })?))
        };
        let write = |count: usize, batch: S::ReadyBatch| async move { store.import_batch(&batch).await.map(|()| count) };
        let mut writing = FuturesOrdered::new();
        let mut next = chunks.next().map(&mut ready);
        let mut on_written = |result: Result<usize, StoreError>| -> Result<(), StoreError> {
            written += result?;
            progress(written);
            Ok(())
        };
        // The loop ends with the first failure (of a plan or of a batch), or `None` when all
        // are written. A batch's writes are issued on its future's first poll, so each batch is
        // polled once as soon as it is queued, before the next one is planned: the planning
        // then runs while the database writes.
        'writing: loop {
            while writing.len() < in_flight.max(1) {
                match next.take() {
                    Some(Ok((count, batch))) => writing.push_back(write(count, batch)),
                    Some(Err(error)) => break 'writing Some(error),
                    None => break,
                }
                while let Poll::Ready(Some(result)) = futures::poll!(writing.next()) {
                    if let Err(error) = on_written(result) {
                        break 'writing Some(error);
                    }
                }
                next = chunks.next().map(&mut ready);
            }
            match writing.next().await {
                Some(result) => {
                    if let Err(error) = on_written(result) {
                        break 'writing Some(error);
                    }
                }
                None => break None,
            }
        }
    };
    if let Some(error) = failed {
        // Best effort: if even this fails, the marker stays and the next import (or the import
        // screen) undoes it; start-up leaves its customers out meanwhile. Batches still being
        // written commit before it (IndexedDB runs it after them), so it deletes them too.
        let _ = store.abandon_import(import).await;
        return Err(error);
    }
    if written == 0 {
        return Ok(ImportOutcome::default());
    }
    match store.finish_import(&guard).await {
        Ok(clashes) => Ok(ImportOutcome { imported: written - clashes.len(), clashes }),
        Err(error) => {
            let _ = store.abandon_import(import).await;
            Err(error)
        }
    }
}

/// Undoes an import a closed tab or a failure left unfinished. Returns whether there was one.
pub async fn undo_unfinished<S: Store>(store: &S) -> Result<bool, StoreError> {
    undo_unfinished_except(store, None).await
}

/// [`undo_unfinished`], leaving `running` alone: the import this page is still writing. Its
/// task outlives the import screen (`app/import_job.rs`), so the screen opened again finds its
/// marker, which is not a closed tab's: undoing it would delete the batches written so far
/// while the rest went on being written, and the import would end as neither all nor nothing.
/// Returns whether an import was undone. As [`settle_unfinished`] where the browser has no Web
/// Locks.
pub async fn undo_unfinished_except<S: Store>(store: &S, running: Option<ImportId>) -> Result<bool, StoreError> {
    settle_unfinished(store, running, ImportLock::Missing).await.map(|done| matches!(done, Unfinished::Undo(_)))
}

/// Reads the marker and does what [`decide`] says with it: undoes a closed tab's import, leaves
/// this page's running one (`running`) and another window's (`lock` busy) alone. The caller
/// asks for the lock before (`app/import_lock.rs`) and holds it until this returns, so an
/// import cannot start elsewhere between the read and the undo. Returns the decision.
pub async fn settle_unfinished<S: Store>(store: &S, running: Option<ImportId>, lock: ImportLock) -> Result<Unfinished, StoreError> {
    let decision = decide(store.pending_import().await?, running, lock);
    if let Unfinished::Undo(old) = decision {
        store.abandon_import(old).await?;
    }
    Ok(decision)
}
