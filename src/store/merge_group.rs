//! The logs of a merged group of duplicates (issue 14), read for what must fold the whole group
//! again: the dashboard's facts of a kept card (`store::dash`) and a damaged record's repair
//! (`rebuild_customer`).

use std::collections::{BTreeMap, BTreeSet};

use super::{Store, StoreError};
use crate::domain::merge::group_of;
use crate::domain::{CustomerId, Event, EventKind};

/// The customers of `id`'s merged group (just `id` when it is in none) and the events of all of
/// them, found through the stored records: `id`'s says the card it was merged into, the kept
/// card's says its members. A damaged record of `id` is found around: the merges in its own log
/// name the cards it was merged into, and the records merged into it say so (a kept card's
/// members are found by reading every record, rare enough for a repair).
pub async fn group_events<S: Store>(store: &S, id: CustomerId) -> Result<(BTreeSet<CustomerId>, Vec<Event>), StoreError> {
    let own = store.customer_events(id).await?;
    let mut records = BTreeMap::new();
    let group = match store.customer(id).await {
        Ok(record) => {
            records.extend(record.map(|record| (id, record)));
            let root = records.get(&id).and_then(|record| record.merged_into).unwrap_or(id);
            if root != id {
                records.extend(store.customer(root).await?.map(|record| (root, record)));
            }
            group_of(id, &records)
        }
        Err(StoreError::Corrupt(_)) => damaged_group(store, id, &own).await?,
        Err(error) => return Err(error),
    };
    let mut events = own;
    for member in group.iter().filter(|member| **member != id) {
        events.extend(store.customer_events(*member).await?);
    }
    Ok((group, events))
}

/// The group of a customer whose record does not decode.
async fn damaged_group<S: Store>(store: &S, id: CustomerId, own: &[Event]) -> Result<BTreeSet<CustomerId>, StoreError> {
    let scan = store.scan_customers(None).await?;
    let merged_into: BTreeMap<CustomerId, CustomerId> = crate::domain::btree::map_of(scan.customers.iter().filter_map(|record| Some((record.id, record.merged_into?))));
    // A kept card: some record says it was merged into `id`. Otherwise the merges of `id`'s own
    // log name the card it went into, whose record names the group's kept card.
    let root = if merged_into.values().any(|root| *root == id) {
        id
    } else {
        let kept = own.iter().find_map(|event| match event.kind {
            EventKind::CustomersMerged { kept, merged } if merged == id => Some(kept),
            _ => None,
        });
        kept.map_or(id, |kept| merged_into.get(&kept).copied().unwrap_or(kept))
    };
    let mut group: BTreeSet<CustomerId> = crate::domain::btree::set_of(merged_into.iter().filter(|(_, to)| **to == root).map(|(member, _)| *member));
    group.extend([id, root]);
    Ok(group)
}
