//! "Delete personal data" over any [`Store`]: plans the erasure from the customer's own entries
//! (`domain::erase`) and writes it in one transaction.

use chrono::{DateTime, Utc};

use super::{Store, StoreError};
use crate::domain::erase::{plan_erasure, Erasure};
use crate::domain::{Clock, Country, CustomerId, DeviceId, EventId};

/// Erases a customer's details everywhere they are stored. The removal entry is timed by a
/// clock of this device that has seen the latest entry of the log, so it sorts after it.
/// Erasing a customer already erased writes nothing new but the record.
pub async fn erase_customer<S: Store>(
    store: &S,
    customer: CustomerId,
    country: Country,
    device: DeviceId,
    event_id: EventId,
    now: DateTime<Utc>,
    rev: u64,
) -> Result<Erasure, StoreError> {
    let mut clock = Clock::new(device);
    if let Some(latest) = store.latest_hlc().await? {
        // A log more than a day ahead of this tablet's clock is not followed (ClockAhead); the
        // removal then sorts by this device's own time, which changes nothing for a removal.
        let _ = clock.observe(latest, now.timestamp_millis());
    }
    let log = store.customer_events(customer).await?;
    let erasure = plan_erasure(customer, &log, country, &mut clock, event_id, now, rev);
    store.erase_customer(&erasure).await?;
    Ok(erasure)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::backup::{BackupHeader, SealedKey};
    use crate::store::backup::write_backup;
    use crate::store::memory::MemoryStore;
    use crate::store::suite::{block_on, demo_commits};
    use crate::store::Durability;

    #[test]
    fn an_erased_name_is_in_no_entry_record_or_later_backup_and_the_visits_stay() {
        let store = MemoryStore::new();
        let (customer, name, visits, total_events) = block_on(async {
            for commit in demo_commits(12, 10) {
                store.commit(&commit, Durability::Strict).await.unwrap();
            }
            let customers = store.all_customers().await.unwrap();
            let regular = customers.iter().max_by_key(|customer| customer.summary(10).visits).unwrap();
            (regular.id, regular.profile.clone().unwrap().name, regular.summary(10).visits, store.event_count())
        });
        let now = chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 11, 24, 9, 0, 0).unwrap();
        block_on(async {
            erase_customer(&store, customer, Country::India, DeviceId::from_bytes([5; 16]), EventId::from_bytes([6; 16]), now, 500).await.unwrap();
            let record = store.customer(customer).await.unwrap().unwrap();
            assert!(record.is_removed());
            assert_eq!(record.summary(10).visits, visits);
            assert_eq!(store.event_count(), total_events + 1, "one removal added, no entry lost");
            let events = store.events().await.unwrap();
            assert!(!serde_json::to_string(&events).unwrap().contains(&name));
            let key = SealedKey { scheme: String::new(), iterations: 0, salt: vec![], nonce: vec![], sealed: vec![] };
            let header = BackupHeader {
                format: String::new(),
                version: 1,
                shop_key: String::new(),
                created_at: 0,
                app_version: String::new(),
                shop: None,
                device_settings: Default::default(),
                key,
            };
            let mut bytes = Vec::new();
            write_backup(&store, &header, |chunk| bytes.extend(chunk), |_| {}).await.unwrap();
            assert!(!String::from_utf8(bytes).unwrap().contains(&name), "a later backup has no name");
            assert_eq!(store.index_snapshot().await, Ok(None));
        });
    }
}
