use super::*;
use crate::store::suite;

crate::store::suite::store_suite!(|_name: String| async { MemoryStore::new() });

impl suite::Damage for MemoryStore {
    async fn damage_customer_record(&self, id: CustomerId) {
        self.damage_customer(id);
    }

    async fn damage_index_snapshot_value(&self) {
        self.damage_index_snapshot();
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn damaged_dashboard_facts_are_rebuilt_from_the_log() {
    suite::block_on(async {
        let store = MemoryStore::new();
        store.commit_batch(&suite::demo_commits(3, 4), Durability::Relaxed).await.unwrap();
        let (facts, _) = crate::store::dash::load_dash(&store).await.unwrap();
        assert_eq!(store.dash_delta_count(), 0, "a rebuild deletes the deltas of the events it folded");
        store.damage_dash_facts();
        let (rebuilt, load) = crate::store::dash::load_dash(&store).await.unwrap();
        assert!(load.rebuilt);
        assert_eq!(rebuilt, facts);
    });
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn an_injected_failure_writes_nothing_and_is_used_once() {
    suite::block_on(async {
        let store = MemoryStore::new();
        let commits = suite::demo_commits(7, 40);
        store.fail_next_write();
        let result = store.commit(&commits[0], Durability::Strict).await;
        assert!(matches!(result, Err(StoreError::WriteFailed(_))), "{result:?}");
        assert_eq!(store.failed_writes(), 1);
        assert_eq!(store.event_count(), 0);
        assert_eq!(store.shop().await, Ok(None));

        store.fail_next_write_with(StoreError::QuotaExceeded);
        assert_eq!(store.commit_batch(&commits, Durability::Relaxed).await, Err(StoreError::QuotaExceeded));
        assert_eq!(store.event_count(), 0);
        assert_eq!(store.all_customers().await, Ok(vec![]));

        // The failure is used up: the same writes now succeed.
        assert_eq!(store.commit(&commits[0], Durability::Strict).await, Ok(true));
        store.commit_batch(&commits, Durability::Relaxed).await.expect("batch");
        assert_eq!(store.event_count(), commits.len());
    });
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_repeat_is_reported_even_when_a_failure_is_pending() {
    suite::block_on(async {
        let store = MemoryStore::new();
        let commits = suite::demo_commits(8, 5);
        assert_eq!(store.commit(&commits[0], Durability::Strict).await, Ok(true));
        store.fail_next_write();
        assert_eq!(store.commit(&commits[0], Durability::Strict).await, Ok(false));
        assert!(store.commit(&commits[1], Durability::Strict).await.is_err());
    });
}
