//! Suite cases about the dashboard's facts (issue 12).

use super::imp::{demo_commits, materialized};
use crate::domain::analytics::DashFacts;
use crate::store::dash::load_dash;
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
