//! The thin async layer between the screens and the store: opening the shop at start-up,
//! setting it up, loading the demo, and saving a planned [`Change`].
//!
//! It is generic over [`Store`], so the same code runs on IndexedDB in the browser and on the
//! memory store in native tests.

use chrono::{DateTime, Utc};
use mohar_card::ShopKey;

use crate::domain::demo::demo_events;
use crate::domain::{
    Change, Clock, Counter, Customer, CustomerId, DeviceId, DomainError, EventId, IndexEntry, Program, SearchIndex, ShopProfile,
    ShopState,
};
use crate::store::{load_search_index, Durability, IndexSnapshot, Store, StoreError};

/// Why a counter action did not happen. Both kinds are shown in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AppError {
    /// A rule of the shop refused it (no reward ready, invalid phone, ...).
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// Saving or reading failed; nothing was half-written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The customer to act on is not in this device's data.
    #[error("customer not found")]
    CustomerNotFound,
}

/// Opens the shop saved on this device: the shop record, the clock resumed past the log, and
/// the search index (snapshot plus customers changed since). `None` before set-up. It only
/// reads: when many records changed since the snapshot, [`Counter::snapshot_due`] says so and
/// the shell saves a new one in the background, after the counter is on screen.
/// `fresh_device` is used only the first time, as this device's id. A stored clock far ahead of
/// `now` is not followed; [`Counter::clock_warning`] says so for the shell to show.
pub async fn open<S: Store>(store: &S, fresh_device: DeviceId, now: DateTime<Utc>) -> Result<Option<Counter>, AppError> {
    let device = store.device_id(fresh_device).await?;
    let Some(shop) = store.shop().await? else {
        return Ok(None);
    };
    let mut clock = Clock::new(device);
    let mut clock_warning = None;
    if let Some(latest) = store.latest_hlc().await? {
        clock_warning = clock.observe(latest, now.timestamp_millis()).err();
    }
    let (index, watermark, changed) = load_search_index(store).await?;
    let mut counter = Counter::new(shop, clock, index, watermark);
    counter.note_changes_since_snapshot(changed);
    counter.note_clock_warning(clock_warning);
    Ok(Some(counter))
}

/// Writes the current search index as the snapshot start-up loads.
pub async fn save_index_snapshot<S: Store>(store: &S, counter: &Counter) -> Result<(), AppError> {
    store.save_index_snapshot(&index_snapshot(counter)).await?;
    Ok(())
}

/// The counter's search index as the snapshot start-up loads.
pub fn index_snapshot(counter: &Counter) -> IndexSnapshot {
    IndexSnapshot { watermark: counter.snapshot_watermark(), bytes: counter.index().encode() }
}

/// Sets up a new shop from the first-run form and returns its counter.
pub async fn set_up<S: Store>(
    store: &S,
    fresh_device: DeviceId,
    profile: ShopProfile,
    program: Program,
    event_id: EventId,
    now: DateTime<Utc>,
) -> Result<Counter, AppError> {
    let device = store.device_id(fresh_device).await?;
    let mut clock = Clock::new(device);
    let change = Counter::plan_set_up(profile, program, &mut clock, event_id, now)?;
    store.commit(&change, Durability::Strict).await?;
    let shop = change.shop.clone().ok_or(AppError::Domain(DomainError::NameMissing))?;
    let mut counter = Counter::new(shop, clock, Default::default(), 0);
    counter.committed(&change);
    Ok(counter)
}

/// Fills the store with the demo shop (in one transaction) and returns its counter.
pub async fn load_demo<S: Store>(store: &S, fresh_device: DeviceId, seed: u64, now: DateTime<Utc>) -> Result<Counter, AppError> {
    let device = store.device_id(fresh_device).await?;
    let events = demo_events(seed, device, now);
    let mut clock = Clock::new(device);
    let shop = ShopState::fold(&events).ok_or(AppError::Domain(DomainError::NameMissing))?;
    let mut customers: std::collections::BTreeMap<CustomerId, Customer> = Default::default();
    let mut commits = Vec::with_capacity(events.len());
    let mut rev = (now.timestamp_millis().max(0) as u64) * 1_000;
    for event in events {
        // The demo's events are dated before `now`, so the clock follows every one.
        let _ = clock.observe(event.hlc, now.timestamp_millis());
        let customer = event.kind.customer().map(|id| {
            let customer = customers.entry(id).or_insert_with(|| Customer::empty(id));
            // In clock order and without undos, every event folds in incrementally.
            customer.apply(&event);
            rev += 1;
            customer.rev = rev;
            customer.clone()
        });
        let shop_record = event.kind.is_shop_event().then(|| shop.clone());
        commits.push(Change { event, customer, shop: shop_record, base_rev: None });
    }
    store.commit_batch(&commits, Durability::Strict).await?;
    let index = SearchIndex::from_entries(customers.values().filter_map(IndexEntry::from_customer));
    let counter = Counter::new(shop, clock, index, rev);
    save_index_snapshot(store, &counter).await?;
    Ok(counter)
}

/// Leaves the demo shop: checks that the saved shop is the demo, then runs `erase`, which must
/// delete everything the store holds (events, records, the index snapshot and the shop key — a
/// demo shop's cards mean nothing), so the next start is a first run. For any other shop it
/// erases nothing and says so: a real shop's data is never deleted this way.
pub async fn leave_demo<S: Store, F: std::future::Future<Output = Result<(), StoreError>>>(
    store: &S,
    erase: impl FnOnce() -> F,
) -> Result<(), AppError> {
    match store.shop().await? {
        Some(shop) if shop.is_demo() => {}
        _ => return Err(AppError::Domain(DomainError::NotDemoShop)),
    }
    erase().await?;
    Ok(())
}

/// The shop's card-signing key: the saved one, or (at set-up, and on the first start of a shop
/// made before cards existed) a new one made from `fresh_seed`, which must be 32 fresh random
/// bytes. The secret stays in the store; only the public key is ever shown.
pub async fn ensure_shop_key<S: Store>(store: &S, fresh_seed: [u8; 32]) -> Result<ShopKey, AppError> {
    if let Some(secret) = store.shop_key_secret().await? {
        return Ok(ShopKey::from_secret_bytes(&secret));
    }
    store.save_shop_key_secret(&ShopKey::generate(fresh_seed).secret_bytes()).await?;
    // Read back: if another tab saved its key first, that one was kept and is the shop's.
    let secret = store.shop_key_secret().await?.ok_or_else(|| StoreError::ReadFailed("shop key".into()))?;
    Ok(ShopKey::from_secret_bytes(&secret))
}

/// Reads one customer's full record for the customer screen.
pub async fn customer<S: Store>(store: &S, id: CustomerId) -> Result<Customer, AppError> {
    store.customer(id).await?.ok_or(AppError::CustomerNotFound)
}

/// Saves a planned change with strict durability. The caller must call
/// [`Counter::committed`] (and update the screen) only when this returns `Ok`.
pub async fn save<S: Store>(store: &S, change: &Change) -> Result<(), AppError> {
    store.commit(change, Durability::Strict).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::memory::MemoryStore;
    use crate::store::suite::block_on;

    #[test]
    fn a_shop_key_is_made_once_and_then_always_read_back() {
        let store = MemoryStore::new();
        let made = block_on(ensure_shop_key(&store, [1; 32])).expect("made");
        assert_eq!(made.secret_bytes(), ShopKey::generate([1; 32]).secret_bytes());
        // A later start (a fresh seed offered) gets the same key.
        let again = block_on(ensure_shop_key(&store, [2; 32])).expect("read");
        assert_eq!(again.public_key_text(), made.public_key_text());
    }

    #[test]
    fn a_shop_made_before_cards_gets_a_key_on_its_next_start() {
        let store = MemoryStore::new();
        let now = chrono::TimeZone::with_ymd_and_hms(&Utc, 2025, 11, 20, 10, 0, 0).unwrap();
        block_on(load_demo(&store, DeviceId::from_bytes([1; 16]), 3, now)).expect("demo");
        assert_eq!(block_on(store.shop_key_secret()), Ok(None));
        assert!(block_on(open(&store, DeviceId::from_bytes([1; 16]), now)).expect("opened").is_some());
        let key = block_on(ensure_shop_key(&store, [4; 32])).expect("made");
        assert_eq!(block_on(store.shop_key_secret()), Ok(Some(key.secret_bytes())));
    }

    #[test]
    fn only_the_demo_shop_is_erased_when_leaving_the_demo() {
        let now = chrono::TimeZone::with_ymd_and_hms(&Utc, 2025, 11, 20, 10, 0, 0).unwrap();
        let erased = std::cell::Cell::new(0);
        let erase = || async {
            erased.set(erased.get() + 1);
            Ok(())
        };

        let real = MemoryStore::new();
        let profile = ShopProfile { name: "Gupta Kirana".into(), country: crate::domain::Country::India };
        block_on(set_up(&real, DeviceId::from_bytes([1; 16]), profile, Program::default(), EventId::from_bytes([2; 16]), now)).expect("set up");
        assert_eq!(block_on(leave_demo(&real, erase)), Err(AppError::Domain(DomainError::NotDemoShop)));
        assert_eq!(block_on(leave_demo(&MemoryStore::new(), erase)), Err(AppError::Domain(DomainError::NotDemoShop)));
        assert_eq!(erased.get(), 0);

        let demo = MemoryStore::new();
        block_on(load_demo(&demo, DeviceId::from_bytes([1; 16]), 3, now)).expect("demo");
        assert!(block_on(demo.shop()).unwrap().unwrap().demo, "the stored demo shop says it is the demo");
        assert_eq!(block_on(leave_demo(&demo, erase)), Ok(()));
        assert_eq!(erased.get(), 1);
        // A failed erase is reported.
        let failing = || async { Err(StoreError::UpgradeBlocked) };
        assert_eq!(block_on(leave_demo(&demo, failing)), Err(AppError::Store(StoreError::UpgradeBlocked)));
    }

    #[test]
    fn a_failed_key_write_is_reported_and_leaves_no_key() {
        let store = MemoryStore::new();
        store.fail_next_write_with(StoreError::QuotaExceeded);
        assert_eq!(block_on(ensure_shop_key(&store, [1; 32])).map(|key| key.public_key_text()), Err(AppError::Store(StoreError::QuotaExceeded)));
        assert_eq!(block_on(store.shop_key_secret()), Ok(None));
    }
}
