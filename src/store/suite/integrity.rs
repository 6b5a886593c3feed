//! Suite cases about integrity: two tabs planning from one record, and damaged stored data.

use chrono::Duration;

use super::imp::{commit_all, customer_id, demo_commits, device, materialized, now, program, without_rev};
use crate::domain::{Clock, Counter, Country, CustomerForm, CustomerId, EventId, SearchIndex, ShopProfile};
use crate::store::{load_index, load_search_index, repair_damaged, Durability, IndexSnapshot, Store, StoreError};

/// Test-only damage, written as directly as each back-end allows (for IndexedDB: garbage
/// values put straight into the object stores).
#[allow(async_fn_in_trait)]
pub trait Damage {
    /// Replaces customer `id`'s stored record with something that does not decode.
    async fn damage_customer_record(&self, id: CustomerId);
    /// Replaces the stored index snapshot with something that is not a snapshot.
    async fn damage_index_snapshot_value(&self);
}

/// Two counters (two tabs without Web Locks) plan from the same stored record: the first
/// commit wins, the second is refused as stale and writes nothing, and the first one's stamp
/// stays in the record. Planned again from the latest record, the second one goes in too.
pub async fn a_change_planned_from_an_old_record_is_refused_as_stale<S: Store>(store: &S) {
    let ids = |n: u8| EventId::from_bytes([0x5e; 15].into_iter().chain([n]).collect::<Vec<u8>>().try_into().expect("16 bytes"));
    let mut clock = Clock::new(device());
    let profile = ShopProfile { name: "Two Tabs Tea".into(), country: Country::India };
    let set_up = Counter::plan_set_up(profile, program(), &mut clock, ids(1), now()).expect("set-up");
    assert_eq!(store.commit(&set_up, Durability::Strict).await, Ok(true));
    let shop = set_up.shop.clone().expect("shop");
    let mut first = Counter::new(shop.clone(), clock.clone(), SearchIndex::default(), 0);
    let form = CustomerForm { name: "Asha".into(), phone: "9876543210".into(), ..CustomerForm::default() };
    let added = first.plan_new_customer(&form, customer_id(1), ids(2), now()).expect("planned");
    assert_eq!(added.base_rev, None);
    assert_eq!(store.commit(&added, Durability::Strict).await, Ok(true));
    first.committed(&added);
    let stored = store.customer(customer_id(1)).await.expect("read").expect("stored");
    let mut second = Counter::new(shop, clock, SearchIndex::default(), 0);

    // Both tabs plan a stamp from the same record.
    let stamp_first = first.plan_stamp(&stored, None, ids(3), now()).expect("planned");
    let stamp_second = second.plan_stamp(&stored, None, ids(4), now() + Duration::seconds(1)).expect("planned");
    assert_eq!(stamp_second.base_rev, Some(stored.rev));
    assert_eq!(store.commit(&stamp_first, Durability::Strict).await, Ok(true));
    assert_eq!(store.commit(&stamp_second, Durability::Strict).await, Err(StoreError::Stale));

    // The first stamp is in the record; the refused one wrote nothing, event included.
    let after = store.customer(customer_id(1)).await.expect("read").expect("stored");
    assert_eq!(Some(&after), stamp_first.customer.as_ref());
    assert_eq!(after.balance(), stored.balance() + 1);
    assert_eq!(store.events().await.map(|events| events.len()), Ok(3));

    // The refused tab re-reads and plans again: both stamps are kept.
    let again = second.plan_stamp(&after, None, ids(5), now() + Duration::seconds(2)).expect("planned");
    assert_eq!(store.commit(&again, Durability::Strict).await, Ok(true));
    let both = store.customer(customer_id(1)).await.expect("read").expect("stored");
    assert_eq!(both.balance(), stored.balance() + 2);
}

/// A change planned from a record that was then replaced by something other than a counter
/// action — a batch (the demo, later an import) or the repair of a damaged record — is refused
/// as stale too, so those writes cannot be overwritten by a tab that read the record before
/// them. (IndexedDB refuses a stale change by a failing write; every writer of a record marks
/// the version it replaced, the repair of an unreadable one included.)
pub async fn a_change_planned_before_a_batch_or_a_repair_is_refused_as_stale<S: Store + Damage>(store: &S) {
    let ids = |n: u8| EventId::from_bytes([0x7a; 15].into_iter().chain([n]).collect::<Vec<u8>>().try_into().expect("16 bytes"));
    let mut clock = Clock::new(device());
    let profile = ShopProfile { name: "Repair Chai".into(), country: Country::India };
    let set_up = Counter::plan_set_up(profile, program(), &mut clock, ids(1), now()).expect("set-up");
    assert_eq!(store.commit(&set_up, Durability::Strict).await, Ok(true));
    let mut counter = Counter::new(set_up.shop.clone().expect("shop"), clock, SearchIndex::default(), 0);
    let form = CustomerForm { name: "Meera".into(), phone: "9876501234".into(), ..CustomerForm::default() };
    let added = counter.plan_new_customer(&form, customer_id(1), ids(2), now()).expect("planned");
    assert_eq!(store.commit(&added, Durability::Strict).await, Ok(true));
    counter.committed(&added);
    let stamped = counter.plan_stamp(added.customer.as_ref().expect("customer"), None, ids(3), now()).expect("planned");
    assert_eq!(store.commit(&stamped, Durability::Strict).await, Ok(true));
    counter.committed(&stamped);

    // A tab reads the record and plans a stamp; meanwhile a batch writes a newer record.
    let read_before_batch = store.customer(customer_id(1)).await.expect("read").expect("stored");
    let late = counter.plan_stamp(&read_before_batch, None, ids(4), now() + Duration::seconds(1)).expect("planned");
    let batched = counter.plan_stamp(&read_before_batch, None, ids(5), now() + Duration::seconds(2)).expect("planned");
    store.commit_batch(std::slice::from_ref(&batched), Durability::Strict).await.expect("batch");
    counter.committed(&batched);
    assert_eq!(store.commit(&late, Durability::Strict).await, Err(StoreError::Stale));
    assert_eq!(store.customer(customer_id(1)).await, Ok(batched.customer.clone()));

    // A tab reads the record and plans a stamp; the record is damaged, repaired from the log
    // (with a fresh rev), and another stamp goes in on the repaired record.
    let read_before_damage = store.customer(customer_id(1)).await.expect("read").expect("stored");
    let late = counter.plan_stamp(&read_before_damage, None, ids(6), now() + Duration::seconds(3)).expect("planned");
    store.damage_customer_record(customer_id(1)).await;
    let repaired = crate::store::rebuild_customer(store, customer_id(1), read_before_damage.rev + 1_000).await.expect("rebuilt");
    assert_eq!(store.repair_customers(std::slice::from_ref(&repaired)).await, Ok(1));
    let on_repaired = counter.plan_stamp(&repaired, None, ids(7), now() + Duration::seconds(4)).expect("planned");
    assert_eq!(store.commit(&on_repaired, Durability::Strict).await, Ok(true));
    assert_eq!(store.commit(&late, Durability::Strict).await, Err(StoreError::Stale));
    let after = store.customer(customer_id(1)).await.expect("read").expect("stored");
    assert_eq!(Some(&after), on_repaired.customer.as_ref());
    assert_eq!(after.balance(), read_before_damage.balance() + 1);
}

/// A damaged customer record and a damaged index snapshot do not stop start-up, which only
/// reads: the index is rebuilt from the records that decode and the damaged customer is named
/// (repaired afterwards, by the panels' bundle in the app). The repair ([`repair_damaged`])
/// rebuilds the record from the customer's events with the revision it is given and writes it
/// back, nothing lost; the customer is then among the records written since the counter's mark
/// (how the counter takes it into search), the strict reads work again, and a second repair
/// (another connection's, or a start that read the damage before the first was written) writes
/// nothing. The next start finds nothing damaged.
pub async fn damaged_records_and_snapshot_are_named_at_start_up_and_repaired_on_demand<S: Store + Damage>(store: &S) {
    let commits = demo_commits(13, 5);
    commit_all(store, &commits, Durability::Relaxed).await;
    let (index, highest, _) = load_search_index(store).await.expect("load");
    store.save_index_snapshot(&IndexSnapshot { watermark: highest, bytes: index.encode() }).await.expect("snapshot");
    let (_, customers) = materialized(&commits);
    let victim = *customers.keys().nth(2).expect("five customers");
    store.damage_customer_record(victim).await;
    store.damage_index_snapshot_value().await;
    assert!(matches!(store.customer(victim).await, Err(StoreError::Corrupt(_))));
    assert!(matches!(store.all_customers().await, Err(StoreError::Corrupt(_))));

    let loaded = load_index(store).await.expect("start-up is not locked out");
    assert!(loaded.snapshot_damaged);
    assert_eq!(loaded.damaged, vec![victim]);
    assert_eq!(loaded.highest, highest, "start-up rebuilt nothing, so it gave no revision out");
    // Every other customer is in the index with the same entry as before the damage; the
    // damaged one waits for its repair (the snapshot that held it could not be read).
    assert_eq!(loaded.index.len(), customers.len() - 1);
    assert_eq!(loaded.index.get(&victim), None);
    for entry in index.entries().iter().filter(|entry| entry.id != victim) {
        assert_eq!(loaded.index.get(&entry.id), Some(*entry), "entry of {:?}", entry.id);
    }
    assert!(matches!(store.customer(victim).await, Err(StoreError::Corrupt(_))), "start-up wrote nothing");

    // The repair: nothing lost, the record the commits had written, with the given revision.
    let rev = highest + 7;
    assert_eq!(repair_damaged(store, &loaded.damaged, rev).await, Ok(1));
    let repaired = store.customer(victim).await.expect("decodes again").expect("stored");
    assert_eq!(repaired.rev, rev);
    assert_eq!(without_rev([repaired.clone()]), without_rev([customers[&victim].clone()]));
    // Taken in as a record written elsewhere: the same entry as before the damage.
    let written = store.customers_changed_since(highest).await.expect("read");
    assert_eq!(written, vec![repaired.clone()]);
    let mut taken_in = loaded.index.clone();
    taken_in.apply_customer(&written[0]);
    assert_eq!(taken_in.get(&victim), index.get(&victim));
    assert_eq!(store.all_customers().await.map(|all| all.len()), Ok(customers.len()));
    // A second repair of the same record finds it repaired and writes nothing.
    assert_eq!(repair_damaged(store, &[victim], rev + 1).await, Ok(0));
    assert_eq!(store.customer(victim).await, Ok(Some(repaired)));
    assert!(load_index(store).await.expect("next start").damaged.is_empty());
}
