//! The dashboard's facts in the store (issue 12): read the saved chunks and the deltas every
//! commit wrote since, fold the deltas in and save the chunks they touched; when the facts are
//! missing (a database of schema 4, after a restore) or do not decode, rebuild them from the log.
//!
//! Why deltas and not the chunks themselves in each commit: a counter action's commit issues
//! its writes and commits without reading anything (see `indexed_db/commit.rs`); updating a
//! chunk would need a read inside that transaction. A delta is worked out from the record the
//! commit writes anyway, so the tap stays as fast as before, and folding the deltas costs the
//! dashboard a few milliseconds per thousand actions since it was last opened.
//!
//! Two dashboards folding the same deltas at the same moment could count them twice: only the
//! owner's screen folds them, and it is open in one tab at a time.

use std::collections::{BTreeMap, BTreeSet};

use super::{Store, StoreError};
use crate::domain::analytics::facts::{id_prefix, FactsFolder, FactsOutcome};
use crate::domain::analytics::stored::{chunk_customers, chunk_of, encode_chunk, encode_shop};
use crate::domain::analytics::traits::Traits;
use crate::domain::analytics::merged::fold_groups;
use crate::domain::analytics::{fold_customer, DashFacts, StoredDelta};
use crate::domain::{CustomerId, Event, EventId, EventKind};

/// What the store holds of the facts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DashRead {
    /// The saved facts, when complete and readable.
    pub base: Option<DashFacts>,
    /// The deltas of the commits since, by their event.
    pub deltas: Vec<(EventId, StoredDelta)>,
}

/// What saving the facts writes, encoded, in one transaction.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DashSave {
    /// The chunks to write, by number.
    pub chunks: Vec<(u8, Vec<u8>)>,
    /// The shop's facts.
    pub shop: Vec<u8>,
    /// The deltas folded in, to delete.
    pub delete: Vec<EventId>,
    /// After a rebuild from the log: the events it folded (sorted id prefixes). Every stored
    /// delta of one of them is deleted in the same transaction (its event is counted already);
    /// the others, of events committed while the log was read, stay to be folded in next time.
    pub folded: Option<Vec<u64>>,
}

impl DashSave {
    fn of(facts: &DashFacts, chunks: impl IntoIterator<Item = u8>) -> DashSave {
        DashSave { chunks: chunks.into_iter().map(|chunk| (chunk, encode_chunk(chunk_customers(&facts.customers, chunk)))).collect(), shop: encode_shop(&facts.shop), delete: Vec::new(), folded: None }
    }

    /// Whether a delta of this event must be deleted with a rebuild's save.
    pub fn folds(&self, event: EventId) -> bool {
        self.folded.as_ref().is_some_and(|folded| folded.binary_search(&id_prefix(event)).is_ok())
    }

    /// Which of the stored deltas (their events, in the store's key order; `None` for a key
    /// that does not read as an event) this save deletes: the ones folded in, the ones a
    /// rebuild counted, and any unreadable one.
    pub fn deletes(&self, stored: &[Option<EventId>]) -> Vec<bool> {
        let folded_in: std::collections::HashSet<EventId> = self.delete.iter().copied().collect();
        stored.iter().map(|id| id.is_none_or(|id| folded_in.contains(&id) || self.folds(id))).collect()
    }
}

/// A batch of more new events than this (a device joining a big shop, a large sync pull, the
/// benchmark's seeding) writes no deltas: it marks the facts for a rebuild from the log instead,
/// as an import does. Below it (a sync's usual pull, the demo shop) each event leaves its delta.
/// Why: a million deltas make the dashboard's next save delete a million entries in the one
/// transaction a stamp's commit also needs (82 s measured for 600 000), and folding them costs
/// more than rebuilding.
pub const BATCH_DELTAS_AT_MOST: usize = 1_000;

/// Whether a batch writes a delta for each of its `fresh` (new) events (see
/// [`BATCH_DELTAS_AT_MOST`]). A merge of duplicate customers never does: its one event changes
/// the facts of a whole group, which deltas keyed by that event cannot carry, so it marks the
/// facts for a rebuild too (merges are rare).
pub fn batch_writes_deltas<'a>(fresh: impl IntoIterator<Item = &'a Event>) -> bool {
    let mut count = 0;
    for event in fresh {
        if matches!(event.kind, EventKind::CustomersMerged { .. }) {
            return false;
        }
        count += 1;
    }
    count <= BATCH_DELTAS_AT_MOST
}

/// The runs of consecutive entries to delete, as (first, last) positions, given for each stored
/// delta in key order whether it goes. A save then deletes each run with one key-range request
/// instead of one request per delta: the deltas written while a rebuild read the log, which
/// stay, are what split the runs, so there are a handful of requests whatever the number of
/// deltas.
pub fn delete_runs(goes: &[bool]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = None;
    for (position, &gone) in goes.iter().enumerate() {
        match (gone, start) {
            (true, None) => start = Some(position),
            (false, Some(first)) => {
                runs.push((first, position - 1));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(first) = start {
        runs.push((first, goes.len() - 1));
    }
    runs
}

/// How the facts were loaded, for the benchmark and the tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DashLoad {
    /// Deltas folded in.
    pub deltas: usize,
    /// Customers folded again from their log.
    pub customers_rebuilt: usize,
    /// Whether the whole facts were rebuilt from the log.
    pub rebuilt: bool,
}

/// The dashboard's facts, up to date with every commit.
pub async fn load_dash<S: Store>(store: &S) -> Result<(DashFacts, DashLoad), StoreError> {
    let read = store.dash_read().await?;
    let Some(mut facts) = read.base else {
        let facts = rebuild_dash(store).await?;
        return Ok((facts, DashLoad { rebuilt: true, ..DashLoad::default() }));
    };
    let mut deltas = read.deltas;
    // In the order each customer's records were written: a stamp before its undo.
    crate::domain::sort::sort_by_key(&mut deltas, |(id, delta)| (delta.seq, *id));
    let mut touched = BTreeSet::new();
    let mut rebuild = BTreeSet::new();
    // Customers whose record says removed after an event: a merged duplicate's event counts
    // for the card kept (`regroup`).
    let mut removed = BTreeSet::new();
    for (_, delta) in &deltas {
        if let Some(change) = &delta.customer {
            touched.insert(chunk_of(change.customer));
            if change.apply(facts.customers.entry(change.customer).or_default()) == FactsOutcome::Rebuild {
                rebuild.insert(change.customer);
            }
            if change.removed {
                removed.insert(change.customer);
            }
        }
        if let Some(change) = &delta.shop {
            change.apply(&mut facts.shop);
        }
    }
    let mut delete: Vec<EventId> = deltas.iter().map(|(id, _)| *id).collect();
    let grouped = regroup(store, &mut facts, &rebuild, &removed, &mut touched, &mut delete).await?;
    for id in rebuild.difference(&grouped) {
        let events = store.customer_events(*id).await?;
        // The fold counts every event of the customer now in the log, so their deltas go too.
        delete.extend(events.iter().map(|event| event.id));
        facts.customers.insert(*id, fold_customer(*id, &events));
    }
    let load = DashLoad { deltas: deltas.len(), customers_rebuilt: rebuild.len(), rebuilt: false };
    if !delete.is_empty() {
        let mut save = DashSave::of(&facts, touched);
        save.delete = delete;
        store.dash_save(&save).await?;
    }
    Ok((facts, load))
}

/// Merged duplicates (issue 14): the facts of each merged group among `rebuild` (customers to
/// fold again) and `removed` (customers whose event left them removed: a merged card's event
/// counts for the card kept) folded again from the logs of the whole group, with its chunks
/// touched and the deltas of its events deleted (the fold counts them). Returns the customers
/// done, every member of each group. A removed customer in no group costs one record read.
async fn regroup<S: Store>(store: &S, facts: &mut DashFacts, rebuild: &BTreeSet<CustomerId>, removed: &BTreeSet<CustomerId>, touched: &mut BTreeSet<u8>, delete: &mut Vec<EventId>) -> Result<BTreeSet<CustomerId>, StoreError> {
    let mut done = BTreeSet::new();
    for id in rebuild.union(removed) {
        if done.contains(id) {
            continue;
        }
        let (group, events) = super::merge_group::group_events(store, *id).await?;
        if group.len() < 2 {
            continue;
        }
        delete.extend(events.iter().map(|event| event.id));
        for (member, member_facts) in fold_groups(&events) {
            touched.insert(chunk_of(member));
            facts.customers.insert(member, member_facts);
        }
        done.extend(group);
    }
    Ok(done)
}

/// Rebuilds the facts from the log, a page at a time, and saves them whole.
pub async fn rebuild_dash<S: Store>(store: &S) -> Result<DashFacts, StoreError> {
    let mut folder = FactsFolder::default();
    let mut after = None;
    loop {
        let page = store.events_page(after, 2_000).await?;
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        folder.add(&page);
    }
    let folded = folder.folded().to_vec();
    // A page at a time, like the log: a stamp tapped on the counter meanwhile waits for one page.
    let mut records = BTreeMap::new();
    super::customers_in_pages(store, |page| records.extend(page.into_iter().map(|record| (record.id, (record.cards(), record.is_removed(), Traits::of(&record)))))).await?;
    let facts = folder.finish(&records);
    let mut save = DashSave::of(&facts, 0..=255);
    save.folded = Some(folded);
    store.dash_save(&save).await?;
    Ok(facts)
}

#[cfg(test)]
mod tests {
    use super::delete_runs;

    #[test]
    fn runs_are_split_by_every_delta_that_stays() {
        assert_eq!(delete_runs(&[]), vec![]);
        assert_eq!(delete_runs(&[false, false]), vec![]);
        assert_eq!(delete_runs(&[true, true, true]), vec![(0, 2)]);
        assert_eq!(delete_runs(&[true, false, true, true, false, false, true]), vec![(0, 0), (2, 3), (6, 6)]);
        assert_eq!(delete_runs(&[false, true, true]), vec![(1, 2)]);
    }
}
