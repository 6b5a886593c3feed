//! A [`Store`] kept in memory, for native tests and for the domain's callers' tests.
//!
//! It follows the same contract as the IndexedDB store: a commit writes everything or nothing,
//! an event id that is already stored is not written again, and a test can make the next write
//! fail to check that callers change their state only after a successful commit.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::{Commit, CustomerScan, Durability, IndexSnapshot, Store, StoreError};
use crate::domain::follow_up::{oldest_first, FollowUp, Kind};
use crate::domain::{Customer, CustomerId, DeviceId, Event, EventId, Hlc, ShopState};

// The dashboard's facts (issue 12) and the import's batches (issue 13), as the IndexedDB
// back-end keeps them in files of their own.
#[path = "memory_dash.rs"]
mod dash;
#[path = "memory_import.rs"]
mod import;

/// Everything the store holds. Kept in one struct so that a write can be prepared on a copy
/// of the parts it touches and swapped in at once, which is what makes it all-or-nothing.
#[derive(Clone, Debug, Default)]
struct Data {
    events: BTreeMap<EventId, Event>,
    customers: BTreeMap<CustomerId, Customer>,
    shop: Option<ShopState>,
    snapshot: Option<IndexSnapshot>,
    device: Option<DeviceId>,
    shop_key: Option<[u8; 32]>,
    staff_book: Option<crate::domain::staff::StaffBook>,
    /// Customer records a test damaged: they read as undecodable until rewritten.
    damaged: BTreeSet<CustomerId>,
    /// The snapshot a test damaged: it reads as undecodable until saved again.
    snapshot_damaged: bool,
    /// Questions and complaints (issue 10), by the event that opened them.
    follow_ups: BTreeMap<EventId, FollowUp>,
    /// The sync's own values (settings, replication logs).
    sync: BTreeMap<String, String>,
    /// Messages (issue 11): the messaging value.
    messages: Option<String>,
    /// The dashboard's facts (issue 12), as the same bytes the IndexedDB store keeps.
    dash: dash::Dash,
    /// The marker of an import not finished (issue 13).
    import: Option<crate::domain::import_plan::ImportId>,
}

/// Storage in memory with interior mutability, so it can implement the `&self` trait methods.
#[derive(Debug, Default)]
pub struct MemoryStore {
    data: RefCell<Data>,
    /// The error the next write returns instead of writing, set by tests.
    fail_next: RefCell<Option<StoreError>>,
    /// How many writes were refused because of an injected failure; lets tests check that a
    /// caller really attempted the write.
    failed_writes: Cell<u32>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Makes the next write (commit, batch, snapshot, replace, device-id or shop-key creation) fail with
    /// [`StoreError::WriteFailed`] and write nothing.
    pub fn fail_next_write(&self) {
        self.fail_next_write_with(StoreError::WriteFailed("injected failure".into()));
    }

    /// Makes the next write fail with `error` (e.g. [`StoreError::QuotaExceeded`]) and write
    /// nothing, so callers can test how each error is shown.
    pub fn fail_next_write_with(&self, error: StoreError) {
        *self.fail_next.borrow_mut() = Some(error);
    }

    /// How many writes failed because of an injected failure.
    pub fn failed_writes(&self) -> u32 {
        self.failed_writes.get()
    }

    /// Makes the stored record of customer `id` unreadable, as a damaged IndexedDB value would
    /// be: reading it fails with [`StoreError::Corrupt`] until it is written again.
    pub fn damage_customer(&self, id: CustomerId) {
        self.data.borrow_mut().damaged.insert(id);
    }

    /// Makes the stored index snapshot unreadable until a new one is saved.
    pub fn damage_index_snapshot(&self) {
        self.data.borrow_mut().snapshot_damaged = true;
    }

    /// Makes the dashboard's saved facts unreadable (one chunk's bytes damaged), as a damaged
    /// IndexedDB value would be.
    pub fn damage_dash_facts(&self) {
        let mut data = self.data.borrow_mut();
        data.dash.chunks.insert(0, vec![crate::domain::analytics::stored::FORMAT, 0xff, 0xff]);
    }

    /// How many dashboard deltas wait to be folded in.
    pub fn dash_delta_count(&self) -> usize {
        self.data.borrow().dash.deltas.len()
    }

    /// How many events are stored; a cheap check for tests.
    pub fn event_count(&self) -> usize {
        self.data.borrow().events.len()
    }

    /// Returns the injected error, if any, consuming it. Every write calls this before it
    /// touches the data, so an injected failure always leaves the data as it was.
    fn injected_failure(&self) -> Result<(), StoreError> {
        match self.fail_next.borrow_mut().take() {
            Some(error) => {
                self.failed_writes.set(self.failed_writes.get() + 1);
                Err(error)
            }
            None => Ok(()),
        }
    }
}

/// A scan as a strict read: a damaged record fails it, as it would fail decoding.
fn strict(scan: CustomerScan) -> Result<Vec<Customer>, StoreError> {
    match scan.damaged.first() {
        Some(id) => Err(StoreError::Corrupt(format!("customer {}: damaged", id.0.to_hex()))),
        None => Ok(scan.customers),
    }
}

/// Whether `commit` was planned from a customer record other than the stored one.
fn is_stale(data: &Data, commit: &Commit) -> bool {
    match (commit.base_rev, &commit.customer) {
        (Some(base), Some(customer)) => data.customers.get(&customer.id).map(|stored| stored.rev) != Some(base),
        _ => false,
    }
}

/// [`apply_commit`] for a commit of a batch (received by sync, or imported), whose question or
/// complaint was planned without the stored item: the stored item takes the event in, so a
/// later update received from another device keeps what this device knew of the item.
/// Applies a batch, skipping repeats within it (the first one wins). A batch of many new events
/// writes no dashboard deltas and marks the facts for a rebuild
/// ([`super::dash::batch_writes_deltas`]), as the IndexedDB store does.
/// Every record of a new event is written, as the IndexedDB store does: a merge's one event
/// carries the records of both groups. A repeat of an event for the same customer still keeps
/// the first record.
fn apply_batch(data: &mut Data, commits: &[Commit]) {
    let mut seen = HashSet::new();
    let fresh = commits.iter().filter(|commit| !data.events.contains_key(&commit.event.id) && seen.insert(commit.event.id)).map(|commit| &commit.event);
    let deltas = super::dash::batch_writes_deltas(fresh);
    let (mut seen, mut new_events, mut taken) = (HashSet::new(), HashSet::new(), HashSet::new());
    for commit in commits {
        let customer = commit.customer.as_ref().map(|customer| customer.id);
        if seen.insert(commit.event.id) {
            taken.insert((commit.event.id, customer));
            if apply_batch_commit(data, commit, deltas) {
                new_events.insert(commit.event.id);
            }
        } else if let Some(customer) = commit.customer.as_ref().filter(|_| new_events.contains(&commit.event.id) && taken.insert((commit.event.id, customer))) {
            // A further record of the same new event (a merge writes the whole group's).
            data.damaged.remove(&customer.id);
            data.customers.insert(customer.id, customer.clone());
        }
    }
    if !deltas {
        data.dash.complete = false;
    }
}

fn apply_batch_commit(data: &mut Data, commit: &Commit, deltas: bool) -> bool {
    let merged = commit.follow_up.as_ref().and_then(|planned| {
        let mut stored = data.follow_ups.get(&planned.id)?.clone();
        stored.absorb(planned, &commit.event);
        Some(Commit { follow_up: Some(stored), ..commit.clone() })
    });
    apply_commit(data, merged.as_ref().unwrap_or(commit), deltas)
}

/// Applies one commit to `data` unless its event is already there, with its dashboard delta
/// when `deltas`; returns whether it did.
fn apply_commit(data: &mut Data, commit: &Commit, deltas: bool) -> bool {
    if data.events.contains_key(&commit.event.id) {
        return false;
    }
    data.events.insert(commit.event.id, commit.event.clone());
    if let Some(customer) = &commit.customer {
        data.damaged.remove(&customer.id);
        data.customers.insert(customer.id, customer.clone());
    }
    if let Some(shop) = &commit.shop {
        data.shop = Some(shop.clone());
    }
    if let Some(item) = &commit.follow_up {
        data.follow_ups.insert(item.id, item.clone());
    }
    if let Some(delta) = crate::domain::analytics::StoredDelta::of(commit).filter(|_| deltas) {
        data.dash.deltas.insert(commit.event.id, delta.encode());
    }
    true
}

impl Store for MemoryStore {
    async fn device_id(&self, fresh: DeviceId) -> Result<DeviceId, StoreError> {
        if let Some(device) = self.data.borrow().device {
            return Ok(device);
        }
        self.injected_failure()?;
        self.data.borrow_mut().device = Some(fresh);
        Ok(fresh)
    }

    async fn shop(&self) -> Result<Option<ShopState>, StoreError> {
        Ok(self.data.borrow().shop.clone())
    }

    async fn latest_hlc(&self) -> Result<Option<Hlc>, StoreError> {
        Ok(self.data.borrow().events.values().map(|event| event.hlc).max())
    }

    async fn customer(&self, id: CustomerId) -> Result<Option<Customer>, StoreError> {
        let data = self.data.borrow();
        if data.damaged.contains(&id) {
            return Err(StoreError::Corrupt("customer: damaged".into()));
        }
        Ok(data.customers.get(&id).cloned())
    }

    async fn customers_changed_since(&self, rev: u64) -> Result<Vec<Customer>, StoreError> {
        strict(self.scan_customers(Some(rev)).await?)
    }

    async fn all_customers(&self) -> Result<Vec<Customer>, StoreError> {
        strict(self.scan_customers(None).await?)
    }

    async fn customers_page(&self, after: Option<CustomerId>, limit: u32) -> Result<Vec<Customer>, StoreError> {
        let data = self.data.borrow();
        let range = match after {
            Some(after) => data.customers.range((std::ops::Bound::Excluded(after), std::ops::Bound::Unbounded)),
            None => data.customers.range(..),
        };
        let mut scan = CustomerScan::default();
        for (id, customer) in range.take(limit as usize) {
            if data.damaged.contains(id) {
                scan.damaged.push(*id);
            } else {
                scan.customers.push(customer.clone());
            }
        }
        strict(scan)
    }

    async fn scan_customers(&self, since: Option<u64>) -> Result<CustomerScan, StoreError> {
        let data = self.data.borrow();
        let mut scan = CustomerScan::default();
        for customer in data.customers.values().filter(|customer| since.is_none_or(|rev| customer.rev > rev)) {
            if data.damaged.contains(&customer.id) {
                scan.damaged.push(customer.id);
            } else {
                scan.customers.push(customer.clone());
            }
        }
        Ok(scan)
    }

    async fn customer_events(&self, id: CustomerId) -> Result<Vec<Event>, StoreError> {
        Ok(self.data.borrow().events.values().filter(|event| event.kind.customer() == Some(id)).cloned().collect())
    }

    async fn repair_customers(&self, customers: &[Customer]) -> Result<usize, StoreError> {
        self.injected_failure()?;
        let mut data = self.data.borrow_mut();
        let mut written = 0;
        for customer in customers {
            if data.damaged.remove(&customer.id) || !data.customers.contains_key(&customer.id) {
                data.customers.insert(customer.id, customer.clone());
                written += 1;
            }
        }
        Ok(written)
    }

    async fn commit(&self, commit: &Commit, _durability: Durability) -> Result<bool, StoreError> {
        // A repeat is reported before any injected failure is consumed: the IndexedDB store
        // also finds a repeat without writing anything.
        if self.data.borrow().events.contains_key(&commit.event.id) {
            return Ok(false);
        }
        if !commit.linked.is_empty() {
            // Referrals: every record of the change and its links checked, then all written.
            self.commit_received(&super::flatten_linked(commit)).await?;
            return Ok(true);
        }
        if is_stale(&self.data.borrow(), commit) {
            return Err(StoreError::Stale);
        }
        self.injected_failure()?;
        Ok(apply_commit(&mut self.data.borrow_mut(), commit, true))
    }

    async fn commit_batch(&self, commits: &[Commit], _durability: Durability) -> Result<(), StoreError> {
        self.injected_failure()?;
        // Prepared on a copy and swapped in, so that the batch is one all-or-nothing write
        // like the single IndexedDB transaction it stands for.
        let mut next = self.data.borrow().clone();
        apply_batch(&mut next, commits);
        *self.data.borrow_mut() = next;
        Ok(())
    }

    async fn events(&self) -> Result<Vec<Event>, StoreError> {
        Ok(self.data.borrow().events.values().cloned().collect())
    }

    async fn index_snapshot(&self) -> Result<Option<IndexSnapshot>, StoreError> {
        let data = self.data.borrow();
        if data.snapshot_damaged {
            return Err(StoreError::Corrupt("index snapshot: damaged".into()));
        }
        Ok(data.snapshot.clone())
    }

    async fn save_index_snapshot(&self, snapshot: &IndexSnapshot) -> Result<(), StoreError> {
        self.injected_failure()?;
        let mut data = self.data.borrow_mut();
        data.snapshot = Some(snapshot.clone());
        data.snapshot_damaged = false;
        Ok(())
    }

    async fn replace_materialized(&self, shop: Option<&ShopState>, customers: &[Customer]) -> Result<(), StoreError> {
        self.injected_failure()?;
        let mut data = self.data.borrow_mut();
        data.shop = shop.cloned();
        data.customers = customers.iter().map(|customer| (customer.id, customer.clone())).collect();
        data.damaged.clear();
        // The dashboard's facts are rebuilt from the log the next time they are read.
        data.dash.complete = false;
        Ok(())
    }

    async fn shop_key_secret(&self) -> Result<Option<[u8; 32]>, StoreError> {
        Ok(self.data.borrow().shop_key)
    }

    async fn save_shop_key_secret(&self, secret: &[u8; 32]) -> Result<(), StoreError> {
        self.injected_failure()?;
        self.data.borrow_mut().shop_key.get_or_insert(*secret);
        Ok(())
    }

    async fn events_page(&self, after: Option<EventId>, limit: u32) -> Result<Vec<Event>, StoreError> {
        let data = self.data.borrow();
        let range = match after {
            Some(after) => data.events.range((std::ops::Bound::Excluded(after), std::ops::Bound::Unbounded)),
            None => data.events.range(..),
        };
        Ok(range.take(limit as usize).map(|(_, event)| event.clone()).collect())
    }

    async fn restore(&self, restore: &super::Restore) -> Result<(), StoreError> {
        if self.data.borrow().shop_key.is_some_and(|stored| stored != restore.shop_key) {
            return Err(StoreError::WriteFailed("the device holds another shop's card key".into()));
        }
        self.injected_failure()?;
        let mut data = self.data.borrow_mut();
        for event in &restore.events {
            data.events.entry(event.id).or_insert_with(|| event.clone());
        }
        data.shop = restore.shop.clone();
        data.customers = restore.customers.iter().map(|customer| (customer.id, customer.clone())).collect();
        data.follow_ups = restore.follow_ups.iter().map(|item| (item.id, item.clone())).collect();
        data.damaged.clear();
        data.snapshot = None;
        data.snapshot_damaged = false;
        data.dash.complete = false;
        data.shop_key.get_or_insert(restore.shop_key);
        Ok(())
    }

    async fn erase_customer(&self, erasure: &crate::domain::erase::Erasure) -> Result<(), StoreError> {
        self.injected_failure()?;
        let mut data = self.data.borrow_mut();
        for event in erasure.redacted.iter().chain(&erasure.removal) {
            data.events.insert(event.id, event.clone());
        }
        data.customers.insert(erasure.record.id, erasure.record.clone());
        data.damaged.remove(&erasure.record.id);
        data.dash.complete = false;
        data.snapshot = None;
        data.snapshot_damaged = false;
        Ok(())
    }

    async fn open_follow_ups(&self, kind: Kind) -> Result<Vec<FollowUp>, StoreError> {
        let mut open: Vec<FollowUp> = self.data.borrow().follow_ups.values().filter(|item| item.kind == kind && item.is_open()).cloned().collect();
        oldest_first(&mut open);
        Ok(open)
    }

    async fn follow_up(&self, id: EventId) -> Result<Option<FollowUp>, StoreError> {
        Ok(self.data.borrow().follow_ups.get(&id).cloned())
    }

    async fn activity_page(&self, filter: &crate::domain::activity::ActivityFilter, before: Option<Hlc>) -> Result<crate::domain::activity::ActivityPage, StoreError> {
        let mut events = self.events().await?;
        events.retain(|event| before.is_none_or(|before| event.hlc < before));
        events.sort_by(|a, b| b.hlc.cmp(&a.hlc));
        Ok(crate::domain::activity::page_of(&events, filter))
    }

    async fn customer_name(&self, id: CustomerId) -> Result<Option<String>, StoreError> {
        Ok(self.customer(id).await?.and_then(|customer| customer.profile).map(|profile| profile.name))
    }

    async fn staff_book(&self) -> Result<Option<crate::domain::staff::StaffBook>, StoreError> {
        Ok(self.data.borrow().staff_book.clone())
    }

    async fn save_staff_book(&self, book: &crate::domain::staff::StaffBook) -> Result<(), StoreError> {
        self.data.borrow_mut().staff_book = Some(book.clone());
        Ok(())
    }

    async fn events_after(&self, after: Option<Hlc>, limit: usize) -> Result<Vec<Event>, StoreError> {
        let mut events: Vec<Event> = self.data.borrow().events.values().filter(|event| Some(event.hlc) > after).cloned().collect();
        events.sort_by_key(|event| event.hlc);
        events.truncate(limit);
        Ok(events)
    }

    async fn count_events_after(&self, after: Option<Hlc>) -> Result<usize, StoreError> {
        Ok(self.data.borrow().events.values().filter(|event| Some(event.hlc) > after).count())
    }

    async fn held_events(&self, ids: &[EventId]) -> Result<Vec<EventId>, StoreError> {
        let data = self.data.borrow();
        Ok(ids.iter().filter(|id| data.events.contains_key(id)).copied().collect())
    }

    async fn commit_received(&self, commits: &[Commit]) -> Result<(), StoreError> {
        self.injected_failure()?;
        let mut next = self.data.borrow().clone();
        for commit in commits {
            if let Some(customer) = &commit.customer {
                if next.customers.get(&customer.id).map(|stored| stored.rev) != commit.base_rev {
                    return Err(StoreError::Stale);
                }
            }
        }
        apply_batch(&mut next, commits);
        *self.data.borrow_mut() = next;
        Ok(())
    }

    async fn sync_value(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.data.borrow().sync.get(key).cloned())
    }

    async fn save_sync_value(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.injected_failure()?;
        self.data.borrow_mut().sync.insert(key.to_owned(), value.to_owned());
        Ok(())
    }

    async fn messages_value(&self) -> Result<Option<String>, StoreError> {
        Ok(self.data.borrow().messages.clone())
    }

    async fn save_messages_value(&self, value: &str) -> Result<(), StoreError> {
        self.injected_failure()?;
        self.data.borrow_mut().messages = Some(value.to_owned());
        Ok(())
    }
    async fn dash_read(&self) -> Result<super::dash::DashRead, StoreError> {
        self.read_dash()
    }

    async fn dash_save(&self, save: &super::dash::DashSave) -> Result<(), StoreError> {
        self.write_dash(save)
    }

    async fn dashboard_value(&self) -> Result<Option<String>, StoreError> {
        Ok(self.data.borrow().dash.settings.clone())
    }

    async fn save_dashboard_value(&self, value: &str) -> Result<(), StoreError> {
        self.injected_failure()?;
        self.data.borrow_mut().dash.settings = Some(value.to_owned());
        Ok(())
    }

    type ReadyBatch = crate::domain::import_plan::ImportBatch;

    fn ready_import_batch(&self, batch: crate::domain::import_plan::ImportBatch) -> Result<Self::ReadyBatch, StoreError> {
        Ok(batch)
    }

    async fn import_batch(&self, batch: &crate::domain::import_plan::ImportBatch) -> Result<(), StoreError> {
        self.write_import_batch(batch)
    }

    async fn finish_import(&self, guard: &crate::domain::import_plan::ImportGuard) -> Result<Vec<crate::domain::import_plan::Clash>, StoreError> {
        self.write_finish_import(guard)
    }

    async fn abandon_import(&self, import: crate::domain::import_plan::ImportId) -> Result<(), StoreError> {
        self.write_abandon_import(import)
    }

    async fn pending_import(&self) -> Result<Option<crate::domain::import_plan::ImportId>, StoreError> {
        Ok(self.data.borrow().import)
    }
}

#[cfg(test)]
#[path = "memory_tests.rs"]
mod tests;
