//! Durable storage behind one trait, with two back-ends: IndexedDB in the browser and memory
//! for native tests. One test suite ([`suite`]) runs against both.
//!
//! The store holds three kinds of things: the immutable event log, the materialized records
//! folded from it (the shop and each customer), and a snapshot of the search index. A counter
//! action writes its event and the records it changes in ONE transaction, committed with strict
//! durability, and the caller changes in-memory state only after [`Store::commit`] returns `Ok`.

pub mod backup;
// The owner's dashboard (issue 12).
pub mod dash;
pub mod merge_group;
pub mod erase;
pub mod import;
pub mod memory;
#[cfg(target_arch = "wasm32")]
pub mod indexed_db;
#[cfg(target_arch = "wasm32")]
pub mod persistence;
pub mod suite;

use crate::domain::import_plan::{Clash, ImportBatch, ImportGuard, ImportId};
use crate::domain::staff::StaffBook;
use crate::domain::{Customer, CustomerId, DeviceId, Event, EventId, Hlc, SearchIndex, ShopState};

/// The IndexedDB database the app keeps its shop in.
pub const DATABASE_NAME: &str = "mohar";

/// The schema version the code expects; migrations bring older databases up to it in order.
pub const SCHEMA_VERSION: u32 = 5;

/// What one counter action writes, all or nothing: an event and the records it produces.
pub use crate::domain::Change as Commit;

/// How hard a write waits for the disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Durability {
    /// The transaction completes only once the data is flushed to disk: counter actions.
    Strict,
    /// The browser may keep the data in OS buffers for a moment: bulk imports, index snapshots.
    Relaxed,
}

/// The search index as stored: the encoded entries and the highest customer `rev` included, so
/// start-up only has to read the customers written after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexSnapshot {
    /// Highest `Customer::rev` whose state the bytes include.
    pub watermark: u64,
    /// [`SearchIndex::encode`] output.
    pub bytes: Vec<u8>,
}

/// Customer records read so that one damaged record does not stop start-up: the records that
/// decoded, and the ids of the ones whose stored value did not.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CustomerScan {
    /// The records that decoded.
    pub customers: Vec<Customer>,
    /// The customers whose stored record could not be decoded.
    pub damaged: Vec<CustomerId>,
}

/// Why storage failed. Every variant is shown to the user in their language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum StoreError {
    /// The device is out of storage space; nothing of the action was saved.
    #[error("the device storage is full")]
    QuotaExceeded,
    /// The database was upgraded or deleted by another tab; this tab must reload.
    #[error("Mohar was updated in another tab; reload this one")]
    VersionChanged,
    /// The stored database is newer than this app (an older build was loaded).
    #[error("the saved data is from a newer version of Mohar (schema {found}); reload to update")]
    SchemaTooNew {
        /// The version found on disk.
        found: u32,
    },
    /// The browser refused to open IndexedDB at all (e.g. private mode restrictions).
    #[error("this browser does not allow saving data: {0}")]
    Unavailable(String),
    /// A stored value could not be read back; names what.
    #[error("saved data could not be read: {0}")]
    Corrupt(String),
    /// The customer record changed since the change was planned from it (another window saved
    /// to the same customer first), so the change was refused and nothing was saved. Read the
    /// customer again and plan the action anew.
    #[error("the customer was changed in another window; nothing was saved")]
    Stale,
    /// The transaction failed or was aborted; nothing of it was saved.
    #[error("saving failed: {0}")]
    WriteFailed(String),
    /// A read failed.
    #[error("reading saved data failed: {0}")]
    ReadFailed(String),
}

/// Durable storage for one shop on one device. Methods take `&self`; back-ends use interior
/// mutability where they need it. Futures need not be `Send` (the browser is single-threaded).
#[allow(async_fn_in_trait)]
pub trait Store {
    /// This device's id, created and saved on first use.
    async fn device_id(&self, fresh: DeviceId) -> Result<DeviceId, StoreError>;

    /// The shop record, or `None` before set-up.
    async fn shop(&self) -> Result<Option<ShopState>, StoreError>;

    /// The latest hybrid logical clock in the log, so the device clock resumes past it.
    async fn latest_hlc(&self) -> Result<Option<Hlc>, StoreError>;

    /// One customer's materialized record, read on demand.
    async fn customer(&self, id: CustomerId) -> Result<Option<Customer>, StoreError>;

    /// Customers whose `rev` is greater than `rev`, in any order.
    async fn customers_changed_since(&self, rev: u64) -> Result<Vec<Customer>, StoreError>;

    /// Every customer record (for rebuilding the index when no snapshot exists).
    async fn all_customers(&self) -> Result<Vec<Customer>, StoreError>;

    /// Up to `limit` customer records after `after` in the store's own order of customer ids
    /// (the first page with `None`), each page read in a transaction of its own: a screen that
    /// walks every customer in the background ([`customers_in_pages`]) never holds the
    /// `customers` store long enough to keep a stamp waiting.
    async fn customers_page(&self, after: Option<CustomerId>, limit: u32) -> Result<Vec<Customer>, StoreError>;

    /// Like [`Store::customers_changed_since`] (`Some(rev)`) or [`Store::all_customers`]
    /// (`None`), but a record that cannot be decoded is named in [`CustomerScan::damaged`]
    /// instead of failing the whole read.
    async fn scan_customers(&self, since: Option<u64>) -> Result<CustomerScan, StoreError>;

    /// One customer's events from the log, in no particular order.
    async fn customer_events(&self, id: CustomerId) -> Result<Vec<Event>, StoreError>;

    /// Writes customer records rebuilt from the log, in one transaction, each only where the
    /// stored record is still missing or cannot be decoded: a record another tab wrote in the
    /// meantime is newer and is kept. Returns how many were written.
    async fn repair_customers(&self, customers: &[Customer]) -> Result<usize, StoreError>;

    /// Writes one event and its records atomically (with its linked changes, if any: all in the
    /// same transaction, each record checked against its `base_rev`). An event whose id is already stored is
    /// not written again, and its records are left as they are: `Ok(false)`. This is what lets
    /// a customer record take each event exactly once (`Customer::apply` keeps only recent
    /// events and cannot recognize every repeat on its own). `Ok(true)` means

    /// A commit with a `base_rev` is refused with [`StoreError::Stale`] unless the stored
    /// customer record still has that `rev` (read inside the same transaction, so two tabs
    /// cannot both pass); with `None` (a new customer) there is nothing to compare. `Ok(true)`
    /// means everything was written and, for `Durability::Strict`, flushed.
    async fn commit(&self, commit: &Commit, durability: Durability) -> Result<bool, StoreError>;

    /// Writes many commits in one transaction (demo shop, import, benchmarks seeding).
    async fn commit_batch(&self, commits: &[Commit], durability: Durability) -> Result<(), StoreError>;

    /// The whole event log, in no particular order.
    async fn events(&self) -> Result<Vec<Event>, StoreError>;

    /// The stored search-index snapshot, if any.
    async fn index_snapshot(&self) -> Result<Option<IndexSnapshot>, StoreError>;

    /// Replaces the search-index snapshot.
    async fn save_index_snapshot(&self, snapshot: &IndexSnapshot) -> Result<(), StoreError>;

    /// Replaces every materialized record with ones rebuilt from the log, in one transaction.
    async fn replace_materialized(&self, shop: Option<&ShopState>, customers: &[Customer]) -> Result<(), StoreError>;

    /// The secret of the shop's signing key (the 32-byte Ed25519 seed of its card key pair), or
    /// `None` before one was saved. It stays on this device: only a backup file carries it, sealed
    /// with the owner's passphrase (`domain::backup`).
    async fn shop_key_secret(&self) -> Result<Option<[u8; 32]>, StoreError>;

    /// Saves the shop's signing-key secret if none is saved yet, in one transaction, with strict
    /// durability. A key already saved is never replaced (links and QR codes already handed out
    /// were signed with it), so two tabs creating a key at once end up with the same one: callers
    /// read the key back with [`Store::shop_key_secret`] after saving.
    async fn save_shop_key_secret(&self, secret: &[u8; 32]) -> Result<(), StoreError>;

    // Backup and restore (issue 13).

    /// Up to `limit` events after `after` in the store's own order of event ids (the first
    /// page with `None`): the log page by page, each page read on its own, so a backup never
    /// holds the whole log or one long transaction.
    async fn events_page(&self, after: Option<EventId>, limit: u32) -> Result<Vec<Event>, StoreError>;

    /// Writes a restore all or nothing: adds its events, replaces every materialized record
    /// with its folded ones, saves its card key when the device has none and drops the index
    /// snapshot. Refused, nothing written, when the device holds another card key.
    async fn restore(&self, restore: &Restore) -> Result<(), StoreError>;

    /// Writes an erasure all or nothing: its redacted entries over the stored ones (the one
    /// change ever made to written entries, see `domain::erase`), its removal, the customer's
    /// record, and drops the index snapshot (which holds the name) so start-up rebuilds it.
    async fn erase_customer(&self, erasure: &crate::domain::erase::Erasure) -> Result<(), StoreError>;

    // Hear them out (issue 10).
    /// The open questions or complaints, oldest first, from the compact store of items kept
    /// beside the log (never a scan of the log).
    async fn open_follow_ups(&self, kind: crate::domain::follow_up::Kind) -> Result<Vec<crate::domain::follow_up::FollowUp>, StoreError>;

    /// One question or complaint by the event that opened it.
    async fn follow_up(&self, id: crate::domain::EventId) -> Result<Option<crate::domain::follow_up::FollowUp>, StoreError>;

    /// Staff and owner: one page of the Activity screen, newest first, of the events below
    /// `before` (the previous page's `next`) that pass `filter`; see `domain::activity`. Reads a
    /// page of the log, never the whole of it.
    async fn activity_page(&self, filter: &crate::domain::activity::ActivityFilter, before: Option<Hlc>) -> Result<crate::domain::activity::ActivityPage, StoreError>;

    /// Staff and owner: a customer's name for the Activity screen, read without decoding the
    /// whole record (the owner's bundle then carries no record decoder); `None` when the
    /// customer has no record or no profile.
    async fn customer_name(&self, id: CustomerId) -> Result<Option<String>, StoreError>;

    /// Staff and owner: the device's staff book (PIN hashes, the PIN lock, the cooldown), or
    /// `None` in a shop that never saved one (every shop before PINs: no PINs, as before).
    async fn staff_book(&self) -> Result<Option<StaffBook>, StoreError>;

    /// Replaces the staff book, with strict durability (a PIN lock must survive a crash).
    async fn save_staff_book(&self, book: &StaffBook) -> Result<(), StoreError>;

    // ----- Sync (issue 14; `domain::sync`, `app::sync_engine`) -----

    /// Up to `limit` events with a clock above `after` (all if `None`), in clock order: the
    /// push side of a sync reads the log through the `hlc` index.
    async fn events_after(&self, after: Option<Hlc>, limit: usize) -> Result<Vec<Event>, StoreError>;

    /// How many events have a clock above `after`: "N changes waiting".
    async fn count_events_after(&self, after: Option<Hlc>) -> Result<usize, StoreError>;

    /// Which of `ids` the log holds already.
    async fn held_events(&self, ids: &[EventId]) -> Result<Vec<EventId>, StoreError>;

    /// Writes received events and their records in one strict transaction, like
    /// [`Store::commit_batch`], but refuses the whole batch with [`StoreError::Stale`] when a
    /// customer's stored record is no longer the one the batch was planned from (its
    /// `base_rev`; `None`: no record yet), so a counter action saved meanwhile is never
    /// overwritten. Events already held are skipped.
    async fn commit_received(&self, commits: &[Commit]) -> Result<(), StoreError>;

    /// A value of the sync's own (settings, replication logs), stored as text under `key`.
    async fn sync_value(&self, key: &str) -> Result<Option<String>, StoreError>;

    /// Saves a value of the sync's own under `key`.
    async fn save_sync_value(&self, key: &str, value: &str) -> Result<(), StoreError>;

    /// Messages (issue 11): the device's messaging value (templates, limit, the queue) as JSON
    /// text, one `meta` entry (`messages`), so one put writes all of it at once.
    async fn messages_value(&self) -> Result<Option<String>, StoreError>;

    /// Saves the messaging value in one strict transaction.
    async fn save_messages_value(&self, value: &str) -> Result<(), StoreError>;
    // The owner's dashboard (issue 12), see `dash.rs`.
    /// The saved facts (when complete and readable) and the deltas of the commits since.
    async fn dash_read(&self) -> Result<dash::DashRead, StoreError>;

    /// Writes the chunks and shop facts and deletes the deltas folded in, in one transaction.
    async fn dash_save(&self, save: &dash::DashSave) -> Result<(), StoreError>;

    /// The dashboard's settings (churn window, saved segments) as JSON text, one `meta` entry
    /// (`dashboard`; `domain::analytics::settings`).
    async fn dashboard_value(&self) -> Result<Option<String>, StoreError>;

    /// Saves the dashboard's settings in one strict transaction.
    async fn save_dashboard_value(&self, value: &str) -> Result<(), StoreError>;
    // ----- Import (issue 13; `store::import`) -----

    /// A batch of an import made ready to write (for IndexedDB: its values encoded), so that
    /// `store::import` plans and encodes the next batch while one commits.
    type ReadyBatch;

    /// Makes a batch ready to write; no I/O, so it can run while another batch commits.
    fn ready_import_batch(&self, batch: ImportBatch) -> Result<Self::ReadyBatch, StoreError>;

    /// Writes one batch of an import in one transaction of its own, with relaxed durability,
    /// under the import's marker (`meta.import`, written with the batch): its events are
    /// `add`ed and its records too, so an id already stored fails the batch. Until
    /// [`Store::finish_import`], start-up leaves the marked import's customers out.
    async fn import_batch(&self, batch: &Self::ReadyBatch) -> Result<(), StoreError>;

    /// Makes an import final, in one strict transaction: reads the customer records others
    /// wrote since the preview (`guard`), deletes the imported customers whose phone one of them
    /// has now (records and events: the counter's customer stays), and removes the marker.
    /// Returns those rows by line.
    async fn finish_import(&self, guard: &ImportGuard) -> Result<Vec<Clash>, StoreError>;

    /// Undoes an unfinished import: deletes every event and record whose id it made (two key
    /// ranges) and its marker, in one transaction.
    async fn abandon_import(&self, import: ImportId) -> Result<(), StoreError>;

    /// The marker of an import not finished (a failure, or a tab closed during one).
    async fn pending_import(&self) -> Result<Option<ImportId>, StoreError>;

    /// What start-up reads from `meta` before the records: the index snapshot (its own error
    /// apart, since a damaged snapshot only means a rebuild) and the marker of an import not
    /// finished. IndexedDB reads both in one transaction.
    async fn start_values(&self) -> Result<StartValues, StoreError> {
        let snapshot = self.index_snapshot().await;
        Ok(StartValues { snapshot, pending_import: self.pending_import().await? })
    }
}

/// The values start-up reads together ([`Store::start_values`]).
#[derive(Clone, Debug, PartialEq)]
pub struct StartValues {
    /// The stored search-index snapshot, or why it could not be read.
    pub snapshot: Result<Option<IndexSnapshot>, StoreError>,
    /// The marker of an import not finished.
    pub pending_import: Option<ImportId>,
}

/// What a restore writes (see [`backup::merge_backup`]).
#[derive(Clone, Debug)]
pub struct Restore {
    /// The backup's events the device does not have yet.
    pub events: Vec<Event>,
    /// The shop folded from the merged log.
    pub shop: Option<ShopState>,
    /// Every customer folded from the merged log.
    pub customers: Vec<Customer>,
    /// Every question and complaint folded from the merged log: the restore replaces the
    /// `follow_ups` store with them, so the Feedback screen lists what the log holds.
    pub follow_ups: Vec<crate::domain::follow_up::FollowUp>,
    /// The shop's card-key secret.
    pub shop_key: [u8; 32],
}

impl Restore {
    /// What a restore writes for `log`, the whole merged log (the device's events and the new
    /// ones): `events`, the new ones, and everything folded from `log` with `rev` as every
    /// record's write counter. The one way both a backup's restore and joining a shop build it,
    /// so neither can forget a store.
    pub fn of_log(events: Vec<Event>, log: &[Event], rev: u64, shop_key: [u8; 32]) -> Restore {
        let (shop, customers) = fold_log(log, rev);
        let follow_ups = fold_follow_ups(log, &customers);
        Restore { events, shop, customers, follow_ups, shop_key }
    }
}

/// The search index as start-up loads it, with what had to be rebuilt on the way.
#[derive(Clone, Debug, Default)]
pub struct LoadedIndex {
    /// Every customer's search entry.
    pub index: SearchIndex,
    /// The highest customer `rev` seen (the snapshot's watermark, or above).
    pub highest: u64,
    /// How many customer records were read on top of the snapshot.
    pub changed: usize,
    /// Customers whose stored record could not be decoded. Start-up only names them: the
    /// counter has them rebuilt and written back afterwards ([`repair_damaged`], from an
    /// on-demand bundle), and takes the written records in then. An entry of theirs the
    /// snapshot holds stays in the index meanwhile.
    pub damaged: Vec<CustomerId>,
    /// The stored snapshot could not be read, so the index was rebuilt from every record.
    pub snapshot_damaged: bool,
    /// The stored snapshot was of an older version that is still read; a new one is due, so the
    /// next start reads the current one.
    pub snapshot_outdated: bool,
}

/// Loads the search index at start-up: the stored snapshot plus the customers changed since it,
/// or (first start, or a damaged snapshot) every customer record. Never replays the whole log,
/// and rebuilds nothing: a customer whose record cannot be decoded is named in
/// [`LoadedIndex::damaged`] (the counter has it repaired right after start, see
/// [`repair_damaged`]), so one damaged record or snapshot never locks the shop out.
pub async fn load_index<S: Store>(store: &S) -> Result<LoadedIndex, StoreError> {
    // The import marker comes with the snapshot (one read at start-up, not two).
    let StartValues { snapshot: stored, pending_import: pending } = store.start_values().await?;
    crate::perf::mark(crate::perf::SNAPSHOT_READ);
    let snapshot_outdated = matches!(&stored, Ok(Some(snapshot)) if crate::domain::search::is_outdated(&snapshot.bytes));
    let (snapshot, snapshot_damaged) = match stored {
        Ok(Some(snapshot)) => match SearchIndex::decode(&snapshot.bytes) {
            Ok(index) => (Some((index, snapshot.watermark)), false),
            Err(_) => (None, true),
        },
        Ok(None) => (None, false),
        Err(StoreError::Corrupt(_)) => (None, true),
        Err(error) => return Err(error),
    };
    crate::perf::mark(crate::perf::SNAPSHOT_DECODED);
    let (mut index, watermark) = snapshot.unwrap_or_default();
    let scan = store.scan_customers((watermark > 0).then_some(watermark)).await?;
    // An import not finished is not the shop's yet (see `store::import`): its customers stay
    // out of the index until the owner's screen undoes it.
    let customers: Vec<Customer> = match pending {
        Some(import) => scan.customers.into_iter().filter(|customer| !import.made(&customer.id.0)).collect(),
        None => scan.customers,
    };
    let mut highest = watermark;
    let changed = customers.len();
    for customer in customers {
        highest = highest.max(customer.rev);
        index.apply_customer(&customer);
    }
    crate::perf::mark(crate::perf::INDEX_LOADED);
    Ok(LoadedIndex { index, highest, changed, damaged: scan.damaged, snapshot_damaged, snapshot_outdated })
}

/// [`load_index`] as the tuple `(index, highest rev, records read on top of the snapshot)`.
pub async fn load_search_index<S: Store>(store: &S) -> Result<(SearchIndex, u64, usize), StoreError> {
    let loaded = load_index(store).await?;
    Ok((loaded.index, loaded.highest, loaded.changed))
}

/// Referrals (issue 10): a change and its linked changes as one list of commits, each without
/// links, for the checked all-or-nothing write both back-ends' [`Store::commit`] use for them.
pub fn flatten_linked(commit: &Commit) -> Vec<Commit> {
    let mut all = vec![Commit { linked: Vec::new(), ..commit.clone() }];
    all.extend(commit.linked.iter().flat_map(flatten_linked));
    all
}

/// How many records [`customers_in_pages`] reads per transaction: at 100 000 customers a whole
/// `getAll` holds the store for seconds (3.6 s measured), a page of 500 for a few milliseconds,
/// which is the longest a stamp tapped meanwhile waits.
pub const CUSTOMER_PAGE: u32 = 500;

/// Walks every customer record a page at a time ([`Store::customers_page`]), handing each page
/// to `visit`. For background work on the counter's page (the festival reminder's count, the
/// morning's greetings), where one long read would make the clerk's first stamp wait.
pub async fn customers_in_pages<S: Store>(store: &S, visit: impl FnMut(Vec<Customer>)) -> Result<(), StoreError> {
    customers_in_pages_of(store, CUSTOMER_PAGE, visit).await
}

/// [`customers_in_pages`] with pages of `limit` records.
pub async fn customers_in_pages_of<S: Store>(store: &S, limit: u32, mut visit: impl FnMut(Vec<Customer>)) -> Result<(), StoreError> {
    let mut after = None;
    loop {
        let page = store.customers_page(after, limit).await?;
        let full = page.len() == limit as usize;
        after = page.last().map(|customer| customer.id);
        visit(page);
        if !full {
            return Ok(());
        }
    }
}

/// Folds one customer's events into their record ([`Customer::fold`]: any order, repeats,
/// undos and opening balances first), with `rev` 0.
pub fn fold_customer(id: CustomerId, events: &[Event]) -> Customer {
    // `Customer::fold` knows every undo and which referral bonus counts before it folds any
    // stamp, so nothing it folds in is ever behind the horizon.
    Customer::fold(id, events)
}

/// Rebuilds one customer's record from their events in the log, with the given `rev`. Reads
/// only; [`Store::repair_customers`] writes it. A customer of a merged group of duplicates
/// (issue 14) is folded with the logs of the whole group (`merge_group::group_events`): a kept
/// card gets every member's stamps back, a merged card stays merged.
pub async fn rebuild_customer<S: Store>(store: &S, id: CustomerId, rev: u64) -> Result<Customer, StoreError> {
    let (group, events) = merge_group::group_events(store, id).await?;
    let grouped = if group.len() > 1 { crate::domain::merge::fold_with_merges(&events).remove(&id) } else { None };
    let mut customer = grouped.unwrap_or_else(|| fold_customer(id, &events));
    customer.rev = rev;
    Ok(customer)
}

/// Rebuilds the records of the customers `damaged` names from the log ([`rebuild_customer`]),
/// each with the revision `rev`, and writes them back ([`Store::repair_customers`]: only where
/// the stored record is still missing or cannot be decoded, so a repair another connection
/// wrote first is kept and nothing is written twice). Returns how many were written. Not the
/// counter's: an on-demand bundle runs it (`owner_entry::repair_customers`), and the counter
/// then takes the written records in as records written elsewhere, above the revision it held
/// for them (`rev` is above it; records of different customers may share a revision).
pub async fn repair_damaged<S: Store>(store: &S, damaged: &[CustomerId], rev: u64) -> Result<usize, StoreError> {
    let mut rebuilt = Vec::with_capacity(damaged.len());
    for id in damaged {
        rebuilt.push(rebuild_customer(store, *id, rev).await?);
    }
    store.repair_customers(&rebuilt).await
}

/// Rebuilds every materialized record from the event log alone and stores them: the proof that
/// the log is the source of truth. Returns the rebuilt shop and customers.
pub async fn rebuild_from_log<S: Store>(store: &S, rev: u64) -> Result<(Option<ShopState>, Vec<Customer>), StoreError> {
    let events = store.events().await?;
    let (shop, customers) = fold_log(&events, rev);
    store.replace_materialized(shop.as_ref(), &customers).await?;
    Ok((shop, customers))
}

/// Every question and complaint of a whole log ([`FollowUp::fold`](crate::domain::follow_up::FollowUp::fold)
/// of each item's events, in any order), named as the lists show them: with the customer's
/// name from `customers`, the records folded from the same log.
pub fn fold_follow_ups(events: &[Event], customers: &[Customer]) -> Vec<crate::domain::follow_up::FollowUp> {
    use crate::domain::follow_up::{item_of, FollowUp};
    let mut items: std::collections::BTreeMap<EventId, Vec<&Event>> = std::collections::BTreeMap::new();
    for event in events {
        if let Some((id, ..)) = item_of(event) {
            items.entry(id).or_default().push(event);
        }
    }
    let names: std::collections::BTreeMap<CustomerId, &str> = customers.iter().map(|customer| (customer.id, customer.name())).collect();
    items
        .into_iter()
        .filter_map(|(id, events)| FollowUp::fold(id, events))
        .map(|item| FollowUp { name: names.get(&item.customer).map_or_else(String::new, |name| (*name).to_owned()), ..item })
        .collect()
}

/// The shop and every customer folded from a whole log, each customer with the given `rev`;
/// merged duplicates joined as their merges say (`merge::fold_with_merges`).
pub fn fold_log(events: &[Event], rev: u64) -> (Option<ShopState>, Vec<Customer>) {
    let shop = ShopState::fold(events);
    let customers: Vec<Customer> = crate::domain::merge::fold_with_merges(events)
        .into_values()
        .map(|mut customer| {
            customer.rev = rev;
            customer
        })
        .collect();
    (shop, customers)
}
