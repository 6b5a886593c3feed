//! Reward regulars (issue 10): the tier badge in the counter's search results. A tier comes from
//! the latest visit times, which only the customer's record keeps (the search index holds names
//! and card counts for 100 000 customers, not visit histories), so the badges of the results on
//! screen are worked out from their records, read in the background after the list is shown,
//! and kept per customer and version (the entry's `touched_millis` changes with every visit).
//! A shop without tiers reads nothing.

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Shell;
use crate::domain::{CustomerId, IndexEntry};

thread_local! {
    /// The tier name (or none) of each customer, by the version of their entry it was read for.
    static BADGES: RefCell<HashMap<(CustomerId, i64), Option<String>>> = RefCell::new(HashMap::new());
}

/// The most badges kept before the oldest are forgotten.
const KEPT: usize = 2_000;

/// The badge of a listed customer, when known; `None` while being read, or without a tier.
pub fn badge(entry: &IndexEntry) -> Option<String> {
    BADGES.with_borrow(|badges| badges.get(&(entry.id, entry.touched_millis)).cloned().flatten())
}

/// Reads the records of the listed customers whose badge is not known yet and bumps `ready`
/// when they are, so the list is drawn once more with them.
pub fn fill(shell: Shell, entries: &[IndexEntry], ready: RwSignal<u32>) {
    let has_tiers = shell.counter.with_untracked(|c| c.as_ref().is_some_and(|c| !c.perks().tiers.is_empty()));
    let Some(store) = shell.store().filter(|_| has_tiers) else { return };
    let missing: Vec<(CustomerId, i64)> =
        BADGES.with_borrow(|badges| entries.iter().map(|entry| (entry.id, entry.touched_millis)).filter(|key| !badges.contains_key(key)).collect());
    if missing.is_empty() {
        return;
    }
    spawn_local(async move {
        let now = Utc::now();
        let mut found = Vec::with_capacity(missing.len());
        for key in missing {
            if let Ok(Some(record)) = crate::store::Store::customer(&*store, key.0).await {
                let tier = shell.counter.with_untracked(|c| c.as_ref().and_then(|c| c.standing(&record, now).tier.map(|tier| tier.name)));
                found.push((key, tier));
            }
        }
        BADGES.with_borrow_mut(|badges| {
            if badges.len() > KEPT {
                badges.clear();
            }
            badges.extend(found);
        });
        ready.try_update(|n| *n += 1);
    });
}
