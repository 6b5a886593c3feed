//! Suite cases about the dashboard's facts (issue 12).

use std::collections::BTreeSet;

use super::imp::{demo_commits, materialized};
use crate::domain::analytics::stored::encode_shop;
use crate::domain::analytics::{DashFacts, StoredDelta};
use crate::domain::EventId;
use crate::store::dash::{load_dash, DashSave, BATCH_DELTAS_AT_MOST};
use crate::store::{Durability, Store};

/// Facts missing (a database upgraded from schema 4) are rebuilt from the log; then every
/// commit leaves a delta that the next load folds in and deletes, so the facts always equal the
/// fold of the whole log, undos of old stamps (customers folded again) included; a restore-like
/// replacement of the records makes them rebuilt again.
pub async fn the_dashboard_facts_follow_every_commit_and_are_rebuilt_from_the_log<S: Store>(store: &S) {
    let commits = demo_commits(12, 10);
    let half = commits.len() / 2;
    store.commit_batch(&commits[..half], Durability::Relaxed).await.expect("first half");
    let (facts, load) = load_dash(store).await.expect("rebuilt");
    assert!(load.rebuilt, "no facts were saved yet");
    assert_eq!(facts, DashFacts::fold(&store.events().await.expect("log")));

    for commit in &commits[half..] {
        assert_eq!(store.commit(commit, Durability::Strict).await, Ok(true));
    }
    // A repeated commit writes no second delta.
    assert_eq!(store.commit(&commits[commits.len() - 1], Durability::Strict).await, Ok(false));
    let (facts, load) = load_dash(store).await.expect("folded");
    assert!(!load.rebuilt);
    assert!(load.deltas > 0 && load.customers_rebuilt > 0, "{load:?}: the demo undoes old stamps");
    let log = store.events().await.expect("log");
    assert_eq!(facts, DashFacts::fold(&log));
    let (again, load) = load_dash(store).await.expect("saved");
    assert_eq!((load.deltas, load.rebuilt), (0, false), "the deltas were folded into the saved chunks");
    assert_eq!(again, facts);

    let (shop, customers) = materialized(&commits);
    store.replace_materialized(shop.as_ref(), &customers.into_values().collect::<Vec<_>>()).await.expect("replaced");
    let (rebuilt, load) = load_dash(store).await.expect("rebuilt again");
    assert!(load.rebuilt);
    assert_eq!(rebuilt, facts);
}

/// A batch of more new events than [`BATCH_DELTAS_AT_MOST`] (a device joining a big shop, the
/// benchmark's seeding) writes no delta per event: it marks the facts for a rebuild, which then
/// counts every event of the batch once.
pub async fn a_big_batch_marks_the_dashboard_facts_for_a_rebuild_instead_of_writing_deltas<S: Store>(store: &S) {
    let commits = demo_commits(21, usize::MAX);
    let small = 50;
    assert!(commits.len() - small > BATCH_DELTAS_AT_MOST, "the demo shop has {} events: too few for this case", commits.len());
    store.commit_batch(&commits[..small], Durability::Relaxed).await.expect("small batch");
    assert_eq!(store.dash_read().await.expect("read").deltas.len(), small - 1, "a small batch leaves a delta per event (the shop's set-up changes no figure)");
    let (_, load) = load_dash(store).await.expect("first load");
    assert!(load.rebuilt);

    store.commit_batch(&commits[small..], Durability::Relaxed).await.expect("big batch");
    let read = store.dash_read().await.expect("read");
    assert!(read.deltas.is_empty(), "{} deltas written by a big batch", read.deltas.len());
    assert!(read.base.is_none(), "the big batch marked the facts for a rebuild");
    let (facts, load) = load_dash(store).await.expect("rebuilt");
    assert!(load.rebuilt);
    assert_eq!(facts, DashFacts::fold(&store.events().await.expect("log")));
}

/// A save deletes exactly the deltas it folded in, by key ranges: the deltas committed after
/// its read (whose keys fall between the folded ones) stay for the next load.
pub async fn a_dashboard_save_deletes_only_the_deltas_it_folded<S: Store>(store: &S) {
    let commits = demo_commits(22, 30);
    let (first, rest) = commits.split_at(commits.len() - 60);
    store.commit_batch(first, Durability::Relaxed).await.expect("batch");
    let (facts, _) = load_dash(store).await.expect("rebuilt");
    let (folded, later) = rest.split_at(40);
    for commit in folded {
        assert_eq!(store.commit(commit, Durability::Strict).await, Ok(true));
    }
    let read = store.dash_read().await.expect("read");
    assert!(read.deltas.len() > 10, "{} deltas", read.deltas.len());
    for commit in later {
        assert_eq!(store.commit(commit, Durability::Strict).await, Ok(true));
    }
    let save = DashSave { chunks: Vec::new(), shop: encode_shop(&facts.shop), delete: read.deltas.iter().map(|(id, _)| *id).collect(), folded: None };
    store.dash_save(&save).await.expect("saved");
    let left: BTreeSet<EventId> = store.dash_read().await.expect("read again").deltas.into_iter().map(|(id, _)| id).collect();
    let expected: BTreeSet<EventId> = later.iter().filter(|commit| StoredDelta::of(commit).is_some()).map(|commit| commit.event.id).collect();
    assert!(!expected.is_empty());
    assert_eq!(left, expected);
}
