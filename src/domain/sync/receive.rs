//! Received events as commits: the same kind of `Change`s a counter action makes, written by
//! the store in one strict transaction that refuses them if a record changed in the meantime.
//!
//! Each customer's received events are applied to the stored record in clock order
//! (`Customer::apply`); an event older than what the record keeps (`NeedsRebuild`) makes the
//! shell read that customer's log, and the record is folded again from the log and the received
//! events together. The shop's record takes received program and profile changes by clock.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use crate::domain::{merge, ApplyOutcome, Change, ClockAhead, Counter, Customer, CustomerId, Event};

/// What storing a batch of received events takes. A merged group's customers are asked for
/// with `NeedsLogs` too: the shell then reads their records as well as their logs.
#[derive(Clone, Debug, PartialEq)]
pub enum ReceivedPlan {
    /// Commit these, all in one transaction; then hand each to [`Counter::committed`] (or
    /// [`Counter::abandoned`] if the commit failed).
    Commits(Vec<Change>),
    /// These customers' records need their whole log first: plan again with their events.
    NeedsLogs(Vec<CustomerId>),
}

/// Plans storing `events` (received, none of them held yet). `records` holds the stored record
/// of every customer the events are about that has one; `logs` the stored events of the
/// customers named by an earlier [`ReceivedPlan::NeedsLogs`]. The counter's clock observes
/// every received clock; the first one it refused to follow is returned with the plan.
pub fn plan_received(
    counter: &mut Counter,
    events: &[Event],
    records: &BTreeMap<CustomerId, Customer>,
    logs: &BTreeMap<CustomerId, Vec<Event>>,
    now: DateTime<Utc>,
) -> (ReceivedPlan, Option<ClockAhead>) {
    let mut refused = None;
    for event in events {
        if let Err(ahead) = counter.observe_received(event.hlc, now) {
            refused.get_or_insert(ahead);
        }
    }
    let mut by_customer: BTreeMap<CustomerId, Vec<&Event>> = BTreeMap::new();
    for event in events {
        if let Some(id) = event.kind.customer() {
            by_customer.entry(id).or_default().push(event);
        }
    }
    // Merging duplicates (`merge.rs`): a merge, or an event of a customer in a merged group,
    // folds the logs of the whole group again; who is in it the stored records say (the root's
    // record lists its members), so their records and logs are asked for until none is missing.
    let mut grouped: BTreeSet<CustomerId> = BTreeSet::new();
    for event in events {
        grouped.extend(merge::group_needed(event, records).unwrap_or_default());
    }
    for id in grouped.clone() {
        grouped.extend(merge::group_of(id, records));
    }
    let mut folded: BTreeMap<CustomerId, (Customer, Option<u64>)> = BTreeMap::new();
    let mut needs: Vec<CustomerId> = grouped.iter().filter(|id| !logs.contains_key(id)).copied().collect();
    if needs.is_empty() && !grouped.is_empty() {
        let received = events.iter().filter(|event| event.kind.customer().is_some_and(|id| grouped.contains(&id)));
        let all = grouped.iter().flat_map(|id| logs[id].iter()).chain(received);
        for (id, customer) in merge::fold_with_merges(all).into_iter().filter(|(id, _)| grouped.contains(id)) {
            folded.insert(id, (customer, records.get(&id).map(|record| record.rev)));
        }
    }
    by_customer.retain(|id, _| !grouped.contains(id));
    for (id, mut received) in by_customer {
        received.sort_by_key(|event| (event.hlc, event.id));
        let base = records.get(&id);
        let mut customer = base.cloned().unwrap_or_else(|| Customer::empty(id));
        let rebuild = received.iter().any(|event| customer.apply(event) == ApplyOutcome::NeedsRebuild);
        if rebuild {
            match logs.get(&id) {
                Some(log) => customer = Customer::fold(id, log.iter().chain(received.iter().copied())),
                None => {
                    needs.push(id);
                    continue;
                }
            }
        }
        folded.insert(id, (customer, base.map(|record| record.rev)));
    }
    if !needs.is_empty() {
        return (ReceivedPlan::NeedsLogs(needs), refused);
    }
    for (customer, _) in folded.values_mut() {
        customer.rev = counter.plan_received_rev(now);
    }
    let mut shop = counter.shop().clone();
    let shop_changed = events.iter().filter(|event| event.kind.is_shop_event()).fold(false, |changed, event| shop.apply(event) | changed);
    let mut commits: Vec<Change> = events
        .iter()
        .map(|event| {
            let customer = event.kind.customer().and_then(|id| folded.get(&id));
            Change {
                event: event.clone(),
                customer: customer.map(|(record, _)| record.clone()),
                shop: (shop_changed && event.kind.is_shop_event()).then(|| shop.clone()),
                base_rev: customer.and_then(|(_, base)| *base),
                // A question or complaint opened on another device joins this one's lists. An
                // update to one is planned without the stored item: the store folds it into the
                // stored item in the same transaction (`FollowUp::absorb`).
                follow_up: crate::domain::follow_up::FollowUp::for_event(event, None).map(|mut item| {
                    item.apply(event);
                    if let Some((record, _)) = customer {
                        record.name().clone_into(&mut item.name);
                    }
                    item
                }),
                linked: Vec::new(),
            }
        })
        .collect();
    // The group's records no received event is about (the kept card, when only the merged
    // customer's events came) are written with the first event of a group, in the same
    // transaction: the store writes every record of a new event's commits.
    let about: BTreeSet<CustomerId> = events.iter().filter_map(|event| event.kind.customer()).collect();
    if let Some(first) = events.iter().find(|event| event.kind.customer().is_some_and(|id| grouped.contains(&id))) {
        for (customer, base) in grouped.iter().filter(|id| !about.contains(id)).filter_map(|id| folded.get(id)) {
            commits.push(Change { event: first.clone(), customer: Some(customer.clone()), shop: None, base_rev: *base, follow_up: None, linked: Vec::new() });
        }
    }
    (ReceivedPlan::Commits(commits), refused)
}
