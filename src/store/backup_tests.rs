use std::collections::BTreeMap;

use super::*;
use crate::domain::backup::{read_backup, SealedKey, BACKUP_FORMAT, BACKUP_VERSION, KEY_ITERATIONS, KEY_SCHEME};
use crate::domain::state_hash::state_hash;
use crate::store::memory::MemoryStore;
use crate::store::suite::{block_on, demo_commits};
use crate::store::Durability;

const KEY: [u8; 32] = [7; 32];

fn header() -> BackupHeader {
    let key = SealedKey { scheme: KEY_SCHEME.into(), iterations: KEY_ITERATIONS, salt: vec![0; 16], nonce: vec![0; 12], sealed: vec![0; 48] };
    BackupHeader {
        format: BACKUP_FORMAT.into(),
        version: BACKUP_VERSION,
        shop_key: "shop".into(),
        created_at: 0,
        app_version: "test".into(),
        shop: None,
        device_settings: BTreeMap::new(),
        key,
    }
}

/// A shop written action by action, as the counter writes it (records folded incrementally).
fn shop(customers: usize) -> MemoryStore {
    let store = MemoryStore::new();
    block_on(async {
        for commit in demo_commits(11, customers) {
            store.commit(&commit, Durability::Strict).await.expect("commit");
        }
        store.save_shop_key_secret(&KEY).await.expect("key");
    });
    store
}

async fn hash(store: &MemoryStore) -> String {
    let shop = store.shop().await.unwrap();
    state_hash(shop.as_ref(), &store.all_customers().await.unwrap())
}

fn backup(store: &MemoryStore) -> Vec<u8> {
    block_on(async {
        let mut bytes = Vec::new();
        let mut pages = 0;
        let written = write_backup(store, &header(), |chunk| bytes.extend(chunk), |_| pages += 1).await.unwrap();
        assert_eq!(written as usize, store.event_count());
        assert_eq!(pages, written.div_ceil(PAGE_EVENTS as u64), "one progress report per page");
        bytes
    })
}

#[test]
fn a_restore_on_a_fresh_device_gives_the_same_shop() {
    let original = shop(60);
    assert!(original.event_count() > PAGE_EVENTS as usize, "the log spans pages: {}", original.event_count());
    let file = read_backup(&backup(&original)).unwrap();
    let fresh = MemoryStore::new();
    block_on(async {
        let merged = merge_backup(&fresh, &file, KEY, 1_000).await.unwrap();
        assert_eq!(merged.added, original.event_count());
        assert_eq!(hash(&fresh).await, hash(&original).await);
        assert_eq!(fresh.shop_key_secret().await, Ok(Some(KEY)));
        assert_eq!(fresh.index_snapshot().await, Ok(None), "start-up builds the index from the restored records");
    });
}

#[test]
fn restoring_into_the_same_shop_doubles_nothing() {
    let original = shop(20);
    let file = read_backup(&backup(&original)).unwrap();
    let before = block_on(hash(&original));
    block_on(async {
        let merged = merge_backup(&original, &file, KEY, 5_000).await.unwrap();
        assert_eq!(merged.added, 0);
        assert_eq!(hash(&original).await, before);
    });
    // A device with part of the log gets the rest, once.
    let part = MemoryStore::new();
    block_on(async {
        for commit in demo_commits(11, 20).iter().take(30) {
            part.commit(commit, Durability::Strict).await.unwrap();
        }
        let merged = merge_backup(&part, &file, KEY, 5_000).await.unwrap();
        assert_eq!(merged.added, original.event_count() - 30);
        assert_eq!(part.event_count(), original.event_count());
        assert_eq!(hash(&part).await, before);
    });
}

#[test]
fn a_device_holding_another_key_or_failing_to_write_keeps_what_it_had() {
    let original = shop(5);
    let file = read_backup(&backup(&original)).unwrap();
    let other = MemoryStore::new();
    block_on(async {
        other.save_shop_key_secret(&[8; 32]).await.unwrap();
        assert!(merge_backup(&other, &file, KEY, 1).await.is_err());
        assert_eq!(other.event_count(), 0);
        assert_eq!(other.shop_key_secret().await, Ok(Some([8; 32])));

        let fresh = MemoryStore::new();
        fresh.fail_next_write();
        assert!(merge_backup(&fresh, &file, KEY, 1).await.is_err());
        assert_eq!(fresh.event_count(), 0);
        assert_eq!(fresh.shop_key_secret().await, Ok(None));
    });
}
