//! The case of merging duplicate customers (issue 14), for both back-ends.

use std::collections::BTreeMap;

use chrono::Duration;

use super::imp::{customer_id, now};
use super::sync::{ids, other_device, shop_with_asha};
use crate::domain::sync::{plan_received, ReceivedPlan};
use crate::domain::{Change, Counter, Customer, CustomerForm, Event};
use crate::store::{fold_log, Durability, Store, StoreError};

/// Received `events` stored as the app stores them (`app/sync_link.rs`): planned from the stored
/// records, reading the records and logs the plan asks for, then committed in one transaction.
async fn receive<S: Store>(store: &S, here: &mut Counter, events: &[Event]) -> Vec<Change> {
    let mut records = BTreeMap::new();
    for id in events.iter().filter_map(|event| event.kind.customer()) {
        if let Some(record) = store.customer(id).await.expect("read") {
            records.insert(id, record);
        }
    }
    let mut logs = BTreeMap::new();
    let changes = loop {
        match plan_received(here, events, &records, &logs, now()).0 {
            ReceivedPlan::Commits(changes) => break changes,
            ReceivedPlan::NeedsLogs(ids) => {
                for id in ids {
                    if let Some(record) = store.customer(id).await.expect("read") {
                        records.entry(id).or_insert(record);
                    }
                    logs.insert(id, store.customer_events(id).await.expect("log"));
                }
            }
        }
    };
    assert_eq!(store.commit_received(&changes).await, Ok(()));
    for change in &changes {
        here.committed(change);
    }
    changes
}

async fn record<S: Store>(store: &S, n: u8) -> Customer {
    store.customer(customer_id(n)).await.expect("read").expect("stored")
}

/// Another tablet adds Asha's twin (customer 2, her phone) and stamps it two days later; this
/// tablet receives both events. Returns the other tablet's counter and the twin's stamp. The
/// ids used are `first_id` and the one after it.
async fn twin_stamped_elsewhere<S: Store>(store: &S, here: &mut Counter, added: &Change, first_id: u8) -> (Counter, Change) {
    let mut there = other_device(here, added.event.hlc);
    let form = CustomerForm { name: "Asha S".into(), phone: "9876543210".into(), ..CustomerForm::default() };
    let twin = there.plan_new_customer(&form, customer_id(2), ids(first_id), now()).expect("twin");
    there.committed(&twin);
    let twin_stamp = there.plan_stamp(twin.customer.as_ref().expect("record"), None, ids(first_id + 1), now() + Duration::days(2)).expect("stamp");
    there.committed(&twin_stamp);
    receive(store, here, &[twin.event.clone(), twin_stamp.event.clone()]).await;
    (there, twin_stamp)
}

/// The merge of the twin (customer 2) into Asha (customer 1), `after` from now, planned here
/// from both stored records and logs; with the two records it was planned from.
async fn plan_twin_merge<S: Store>(store: &S, here: &mut Counter, id: u8, after: Duration) -> (Customer, Customer, Change) {
    let (asha, other) = (record(store, 1).await, record(store, 2).await);
    let logs = [store.customer_events(asha.id).await.expect("log"), store.customer_events(other.id).await.expect("log")].concat();
    let merge = here.plan_merge(asha.id, other.id, &[asha.clone(), other.clone()], &logs, ids(id), now() + after).expect("planned");
    (asha, other, merge)
}

/// Asha was added here and, with the same phone, on another tablet (received by sync), and
/// stamped on both. The merge writes its event and both records in one strict transaction,
/// refused whole (nothing written) when one record changed since it was planned; the kept card
/// then has both cards' stamps, the other is out of search, and a stamp the other tablet gave
/// the merged card before it heard of the merge lands on the kept card when it arrives. The
/// log alone gives the same records.
pub async fn a_merge_writes_both_records_in_one_transaction_and_later_stamps_land_on_the_kept_card<S: Store>(store: &S) {
    let (mut here, added) = shop_with_asha(store).await;
    let mut there = other_device(&here, added.event.hlc);
    let form = CustomerForm { name: "Asha S".into(), phone: "9876543210".into(), notes: "less sugar".into(), ..CustomerForm::default() };
    let twin = there.plan_new_customer(&form, customer_id(2), ids(20), now()).expect("twin");
    there.committed(&twin);
    let twin_stamp = there.plan_stamp(twin.customer.as_ref().expect("record"), None, ids(21), now() + Duration::seconds(2)).expect("stamp");
    there.committed(&twin_stamp);
    receive(store, &mut here, &[twin.event.clone(), twin_stamp.event.clone()]).await;

    let asha = record(store, 1).await;
    let stamp = here.plan_stamp(&asha, None, ids(3), now() + Duration::seconds(3)).expect("stamp");
    assert_eq!(store.commit(&stamp, Durability::Strict).await, Ok(true));
    here.committed(&stamp);
    let (asha, other) = (record(store, 1).await, record(store, 2).await);
    let earned = asha.stamps_earned() + other.stamps_earned();

    // Planned from Asha's record before a stamp saved meanwhile: refused, nothing written.
    let logs = [store.customer_events(asha.id).await.expect("log"), store.customer_events(other.id).await.expect("log")].concat();
    let stale = here.plan_merge(asha.id, other.id, &[asha.clone(), other.clone()], &logs, ids(30), now() + Duration::seconds(5)).expect("planned");
    assert_eq!(stale.linked.len(), 1, "the kept card's record is written with the event");
    let meanwhile = here.plan_stamp(&asha, None, ids(4), now() + Duration::seconds(4)).expect("stamp");
    assert_eq!(store.commit(&meanwhile, Durability::Strict).await, Ok(true));
    here.committed(&meanwhile);
    assert_eq!(store.commit(&stale, Durability::Strict).await, Err(StoreError::Stale));
    here.abandoned(&stale);
    assert_eq!(store.held_events(&[ids(30)]).await, Ok(vec![]));
    assert_eq!(record(store, 2).await, other, "nothing of the merge was written");

    let asha = record(store, 1).await;
    let logs = [store.customer_events(asha.id).await.expect("log"), store.customer_events(other.id).await.expect("log")].concat();
    let merge = here.plan_merge(asha.id, other.id, &[asha.clone(), other.clone()], &logs, ids(31), now() + Duration::seconds(6)).expect("planned");
    // The dashboard's facts, saved before the merge, are marked for a rebuild by it: one event
    // changes a whole group, which deltas keyed by the event cannot carry.
    crate::store::dash::load_dash(store).await.expect("facts");
    assert!(store.dash_read().await.expect("read").base.is_some());
    assert_eq!(store.commit(&merge, Durability::Strict).await, Ok(true));
    assert!(store.dash_read().await.expect("read").base.is_none(), "the merge marked the facts for a rebuild");
    here.committed(&merge);
    let (kept, merged) = (record(store, 1).await, record(store, 2).await);
    assert_eq!(kept.stamps_earned(), earned + 1, "every stamp of both cards (and the one saved meanwhile)");
    assert_eq!(kept.profile.as_ref().map(|profile| profile.notes.as_str()), Some("less sugar"));
    assert_eq!((kept.merged.clone(), merged.merged_into), (vec![customer_id(2)], Some(customer_id(1))));
    let found: Vec<_> = here.search("98765", 10).iter().map(|hit| hit.id).collect();
    assert_eq!(found, vec![customer_id(1)], "the merged customer left search");

    // The other tablet stamped the twin before the merge reached it.
    let late = there.plan_stamp(twin_stamp.customer.as_ref().expect("record"), None, ids(22), now() + Duration::seconds(7)).expect("stamp");
    receive(store, &mut here, std::slice::from_ref(&late.event)).await;
    let kept = record(store, 1).await;
    assert_eq!(kept.stamps_earned(), earned + 2, "the late stamp is on the kept card");
    assert!(record(store, 2).await.is_removed());

    let log = store.events().await.expect("log");
    let (_, rebuilt) = fold_log(&log, 0);
    for customer in rebuilt {
        let stored = store.customer(customer.id).await.expect("read").expect("stored");
        assert_eq!(Customer { rev: 0, ..stored }, customer, "the log alone gives the record");
    }
}

/// Asha's two cards (one added here, one on another tablet, both with visits) merged: the
/// dashboard's facts, rebuilt after the merge, count one customer with every visit of both;
/// a visit the other tablet gave the merged card before it heard of the merge, received
/// later, is folded in (its delta names the merged card) on the kept card too. The facts
/// always equal the fold of the whole log.
pub async fn the_dashboard_counts_a_merged_pair_as_one_customer_with_every_visit<S: Store>(store: &S) {
    use crate::domain::analytics::{DashFacts, Prepared};
    use crate::store::dash::load_dash;

    let (mut here, added) = shop_with_asha(store).await;
    let (mut there, twin_stamp) = twin_stamped_elsewhere(store, &mut here, &added, 40).await;
    for (n, day) in [(42u8, 1i64), (43, 5)] {
        let stamp = here.plan_stamp(&record(store, 1).await, None, ids(n), now() + Duration::days(day)).expect("stamp");
        assert_eq!(store.commit(&stamp, Durability::Strict).await, Ok(true));
        here.committed(&stamp);
    }
    let (before, _) = load_dash(store).await.expect("facts");
    let visits = |facts: &DashFacts| -> Vec<(crate::domain::CustomerId, usize)> { Prepared::new(facts, 330).customers.iter().map(|customer| (customer.id, customer.visits.len())).collect() };
    let both: usize = visits(&before).iter().map(|(_, count)| count).sum();
    assert_eq!(visits(&before).len(), 2, "two cards before the merge");
    assert!(both >= 2, "{both} visits");

    let (_, _, merge) = plan_twin_merge(store, &mut here, 44, Duration::days(6)).await;
    assert_eq!(store.commit(&merge, Durability::Strict).await, Ok(true));
    here.committed(&merge);
    let (after, load) = load_dash(store).await.expect("rebuilt");
    assert!(load.rebuilt);
    assert_eq!(visits(&after), vec![(customer_id(1), both)], "one customer with every visit of both cards");
    assert_eq!(after, DashFacts::fold(&store.events().await.expect("log")));

    let late = there.plan_stamp(twin_stamp.customer.as_ref().expect("record"), None, ids(45), now() + Duration::days(3)).expect("stamp");
    receive(store, &mut here, std::slice::from_ref(&late.event)).await;
    let (later, load) = load_dash(store).await.expect("folded");
    assert!(!load.rebuilt, "a received stamp leaves a delta");
    assert_eq!(visits(&later), vec![(customer_id(1), both + 1)], "the late visit is the kept card's");
    assert_eq!(later, DashFacts::fold(&store.events().await.expect("log")));
    let (again, load) = load_dash(store).await.expect("saved");
    assert_eq!((load.deltas, again), (0, later), "the regrouped facts were saved");
}

/// A damaged record of a merged group is rebuilt from the logs of the whole group: the kept
/// card gets every stamp of both cards back (its own log alone has only its own), the merged
/// card stays merged into it. Written back, both read as before the damage.
pub async fn a_damaged_record_of_a_merged_group_is_rebuilt_from_the_groups_logs<S: Store + super::integrity::Damage>(store: &S) {
    let (mut here, added) = shop_with_asha(store).await;
    twin_stamped_elsewhere(store, &mut here, &added, 50).await;
    let stamp = here.plan_stamp(&record(store, 1).await, None, ids(52), now() + Duration::days(1)).expect("stamp");
    assert_eq!(store.commit(&stamp, Durability::Strict).await, Ok(true));
    here.committed(&stamp);
    let (asha, other, merge) = plan_twin_merge(store, &mut here, 53, Duration::days(3)).await;
    assert_eq!(store.commit(&merge, Durability::Strict).await, Ok(true));
    let (kept, merged) = (record(store, 1).await, record(store, 2).await);
    assert_eq!(kept.stamps_earned(), asha.stamps_earned() + other.stamps_earned());

    for before in [kept, merged] {
        store.damage_customer_record(before.id).await;
        assert!(matches!(store.customer(before.id).await, Err(StoreError::Corrupt(_))));
        let rebuilt = crate::store::rebuild_customer(store, before.id, before.rev + 1_000).await.expect("rebuilt");
        assert_eq!(Customer { rev: before.rev, ..rebuilt.clone() }, before, "the group's logs give the record back");
        assert_eq!(store.repair_customers(std::slice::from_ref(&rebuilt)).await, Ok(1));
        assert_eq!(store.customer(before.id).await.expect("read").as_ref(), Some(&rebuilt));
    }
}
