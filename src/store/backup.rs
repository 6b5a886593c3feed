//! Backup and restore over any [`Store`]: the log written into a backup file page by page, and a
//! checked backup file merged into the device's data in one all-or-nothing write. The file
//! format and its checks are the pure core's (`domain::backup`); the passphrase is the app's.

use std::collections::BTreeSet;

use super::{Restore, Store, StoreError};
use crate::domain::backup::{BackupFile, BackupHeader, BackupWriter};
use crate::domain::{Event, EventId};

/// Events read per page. A page is one short read-only transaction, so the counter's own
/// writes wait at most for one page; 2 000 events are about half a megabyte of JSON.
pub const PAGE_EVENTS: u32 = 2_000;

/// Writes a whole backup: the header, the log page by page (never the whole log in one read),
/// the trailer. Each chunk goes to `sink` as it is made, `progress` hears the events written so
/// far. Returns how many events the file holds.
///
/// Events saved while the backup runs are in it when their id sorts after the page being read;
/// the next backup has every one of them.
pub async fn write_backup<S: Store>(
    store: &S,
    header: &BackupHeader,
    mut sink: impl FnMut(Vec<u8>),
    mut progress: impl FnMut(u64),
) -> Result<u64, StoreError> {
    let (mut writer, first) = BackupWriter::start(header);
    sink(first);
    let mut after: Option<EventId> = None;
    let mut written = 0u64;
    loop {
        let page = store.events_page(after, PAGE_EVENTS).await?;
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        written += page.len() as u64;
        sink(writer.events(&page));
        progress(written);
        if page.len() < PAGE_EVENTS as usize {
            break;
        }
    }
    sink(writer.finish());
    Ok(written)
}

/// Every event of the store, read page by page.
pub async fn read_log<S: Store>(store: &S) -> Result<Vec<Event>, StoreError> {
    let mut events = Vec::new();
    let mut after = None;
    loop {
        let page = store.events_page(after, PAGE_EVENTS).await?;
        let full = page.len() == PAGE_EVENTS as usize;
        after = page.last().map(|event| event.id);
        events.extend(page);
        if !full {
            return Ok(events);
        }
    }
}

/// What a restore did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Merged {
    /// Events of the file the device did not have.
    pub added: usize,
    /// Customers in the shop afterwards (removed ones included).
    pub customers: usize,
}

/// Merges a checked backup file (its shop and passphrase already checked by the caller) into
/// the store: the file's events the device does not hold are added by event id, so a restore
/// into a shop with data doubles nothing, and every record is folded again from the merged
/// log, with `rev` as every record's write counter (above any the device has used, so the
/// search index start-up loads takes them all). One write: all of it or none.
pub async fn merge_backup<S: Store>(store: &S, file: &BackupFile, shop_key: [u8; 32], rev: u64) -> Result<Merged, StoreError> {
    let mut log = read_log(store).await?;
    let stored: BTreeSet<EventId> = log.iter().map(|event| event.id).collect();
    let added = file.new_events(&stored);
    log.extend(added.iter().cloned());
    let restore = Restore::of_log(added, &log, rev, shop_key);
    let merged = Merged { added: restore.events.len(), customers: restore.customers.len() };
    store.restore(&restore).await?;
    Ok(merged)
}

#[cfg(test)]
#[path = "backup_tests.rs"]
mod tests;
