//! Suite cases of the search-index snapshot's versions (issue 15): the columns of version 3 are
//! stored and read back byte for byte, together with the import marker, and a snapshot of
//! version 2 is still read, with a new one made due so that the next start reads version 3.

use super::imp::{commit_all, demo_commits, device, now};
use crate::domain::{IndexEntry, SearchIndex, SNAPSHOT_AFTER_CHANGES};
use crate::store::{load_index, load_search_index, Durability, IndexSnapshot, StartValues, Store};

/// A shop of 12 customers, its index as start-up builds it and the highest rev.
async fn shop<S: Store>(store: &S) -> (SearchIndex, u64) {
    commit_all(store, &demo_commits(21, 12), Durability::Relaxed).await;
    let (index, highest, _) = load_search_index(store).await.expect("load");
    assert_eq!(index.len(), 12);
    (index, highest)
}

pub async fn a_snapshot_is_stored_in_columns_and_read_back_with_the_import_marker<S: Store>(store: &S) {
    let (index, highest) = shop(store).await;
    let snapshot = IndexSnapshot { watermark: highest, bytes: index.encode() };
    assert_eq!(snapshot.bytes[..4], crate::domain::search::SNAPSHOT_HEADER);
    store.save_index_snapshot(&snapshot).await.expect("snapshot");
    assert_eq!(store.start_values().await, Ok(StartValues { snapshot: Ok(Some(snapshot)), pending_import: None }));
    let loaded = load_index(store).await.expect("start-up");
    assert!(!loaded.snapshot_damaged && !loaded.snapshot_outdated);
    assert_eq!(loaded.changed, 0, "every record is in the snapshot");
    assert_eq!(loaded.index.entries(), index.entries());
    for entry in index.entries() {
        let first_word = entry.name.split(' ').next().unwrap_or_default();
        assert!(loaded.index.search(first_word, 50).iter().any(|hit| hit.id == entry.id), "{first_word}");
    }
}

pub async fn a_snapshot_of_the_previous_version_is_read_and_a_new_one_made_due<S: Store>(store: &S) {
    let (index, highest) = shop(store).await;
    // Version 2: postcard, entry by entry; its keys of an unknown version are built again.
    let entries: Vec<IndexEntry> = index.entries().into_iter().cloned().collect();
    let bytes = postcard::to_extend(&(&entries, 255u8, "", ""), vec![0xFF, 0xFF, 0xFF, 2]).expect("v2");
    store.save_index_snapshot(&IndexSnapshot { watermark: highest, bytes }).await.expect("snapshot");
    let loaded = load_index(store).await.expect("start-up");
    assert!(loaded.snapshot_outdated && !loaded.snapshot_damaged, "read, not rebuilt from the records");
    assert_eq!(loaded.changed, 0);
    assert_eq!(loaded.index.entries(), index.entries());
    let started = crate::session::start(store, device(), now()).await.expect("start").expect("a shop");
    assert!(!started.repairs.any(), "an old snapshot is no damage to tell the user about");
    assert!(started.counter.snapshot_due(), "a new snapshot is due ({SNAPSHOT_AFTER_CHANGES} changes' worth)");
    crate::session::save_index_snapshot(store, &started.counter).await.expect("saved");
    let again = load_index(store).await.expect("next start-up");
    assert!(!again.snapshot_outdated);
    assert_eq!(again.index.entries(), index.entries());
}
