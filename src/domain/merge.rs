//! Merging duplicate customers (issue 14): the same phone added as a new customer on two offline
//! devices is flagged "possible duplicate" (`conflicts.rs`); the owner merges the two cards with a
//! [`EventKind::CustomersMerged`] event, which syncs like any other.
//!
//! Merges join customers into groups. The merge events are taken in clock order (`hlc`, then id)
//! and joined in a union-find: a merge of two customers already in one group changes nothing, so
//! the earliest merge of a pair decides which card is kept — the same on every device whatever
//! order the events arrived in, also when two devices merged the same pair in opposite
//! directions. The kept card (the group's root) is the fold of the logs of the whole group: every
//! stamp, visit, redemption, bonus and referral of each member, once by event id; its profile is
//! its own, with the fields it lacks taken from the others (and the tags of all); each messaging
//! preference is the latest written on any of them. Every other member keeps its own fold with
//! `merged_into` set: it leaves search, lists and counts the way a removed customer does.

use std::collections::{BTreeMap, BTreeSet};

use super::customer::{Customer, CustomerProfile};
use super::error::DomainError;
use super::event::{Event, EventKind};
use super::ids::{CustomerId, EventId};
use super::know::MAX_CUSTOMER_TAGS;

/// Every customer named by a merge among `events`, with the root of its group (the customer whose
/// card the group keeps; a root maps to itself).
pub fn roots<'a>(events: impl IntoIterator<Item = &'a Event>) -> BTreeMap<CustomerId, CustomerId> {
    let mut merges: Vec<(super::hlc::Hlc, EventId, CustomerId, CustomerId)> = events
        .into_iter()
        .filter_map(|event| match event.kind {
            EventKind::CustomersMerged { kept, merged } => Some((event.hlc, event.id, kept, merged)),
            _ => None,
        })
        .collect();
    super::sort::sort(&mut merges);
    merges.dedup_by_key(|merge| merge.1);
    let mut parent: BTreeMap<CustomerId, CustomerId> = BTreeMap::new();
    // A handful of customers per group: following parents without path compression is enough.
    fn find(parent: &BTreeMap<CustomerId, CustomerId>, mut id: CustomerId) -> CustomerId {
        while let Some(&up) = parent.get(&id) {
            if up == id {
                break;
            }
            id = up;
        }
        id
    }
    for (_, _, kept, merged) in merges {
        parent.entry(kept).or_insert(kept);
        parent.entry(merged).or_insert(merged);
        let (kept_root, merged_root) = (find(&parent, kept), find(&parent, merged));
        if kept_root != merged_root {
            parent.insert(merged_root, kept_root);
        }
    }
    let ids: Vec<CustomerId> = parent.keys().copied().collect();
    super::btree::map_of(ids.into_iter().map(|id| (id, find(&parent, id))))
}

/// The customers `events` are about (and those their merges name), each folded with the merges
/// among them: the records of a group's members are right when `events` hold the whole logs of
/// every member. Any order, with repeats.
pub fn fold_with_merges<'a>(events: impl IntoIterator<Item = &'a Event>) -> BTreeMap<CustomerId, Customer> {
    let mut unique: BTreeMap<EventId, &Event> = BTreeMap::new();
    for event in events {
        unique.insert(event.id, event);
    }
    let root_of = roots(unique.values().copied());
    let mut own: BTreeMap<CustomerId, Vec<&Event>> = BTreeMap::new();
    for event in unique.values() {
        if let Some(id) = event.kind.customer() {
            own.entry(id).or_default().push(event);
        }
    }
    for id in root_of.keys() {
        own.entry(*id).or_default();
    }
    let mut records: BTreeMap<CustomerId, Customer> = super::btree::map_of(own.iter().map(|(id, log)| (*id, Customer::fold(*id, log.iter().copied()))));
    let mut members: BTreeMap<CustomerId, Vec<CustomerId>> = BTreeMap::new();
    for (member, root) in &root_of {
        if member != root {
            members.entry(*root).or_default().push(*member);
            if let Some(record) = records.get_mut(member) {
                record.merged_into = Some(*root);
            }
        }
    }
    for (root, group) in members {
        let mut joined: Vec<Event> = own[&root].iter().map(|event| (*event).clone()).collect();
        for member in &group {
            joined.extend(own[member].iter().filter_map(|event| retarget(event, root)));
        }
        let mut kept = Customer::fold(root, &joined);
        let alone = &records[&root];
        let mut profile = alone.profile.clone();
        for member in &group {
            if let Some(other) = &records[member].profile {
                match &mut profile {
                    Some(profile) => fill(profile, other),
                    None => profile = Some(other.clone()),
                }
            }
        }
        kept.profile = profile;
        kept.profile_hlc = alone.profile_hlc.or(kept.profile_hlc);
        kept.removed_by = alone.removed_by;
        kept.merged = group;
        records.insert(root, kept);
    }
    records
}

/// A member's event as an event of the kept card. Its removal and the merges stay its own: a
/// card is removed only by its own removal, and merges are the groups' business.
pub(crate) fn retarget(event: &Event, to: CustomerId) -> Option<Event> {
    let mut kind = event.kind.clone();
    // Exhaustive on purpose: a new kind about a customer must say here whether it follows a merge.
    match &mut kind {
        EventKind::CustomerRemoved { .. } | EventKind::CustomersMerged { .. } => return None,
        EventKind::CustomerAdded { customer, .. }
        | EventKind::CustomerEdited { customer, .. }
        | EventKind::StampsAdded { customer, .. }
        | EventKind::RewardRedeemed { customer, .. }
        | EventKind::EventVoided { customer, .. }
        | EventKind::FeedbackGiven { customer, .. }
        | EventKind::QuestionAnswered { customer, .. }
        | EventKind::ComplaintOpened { customer, .. }
        | EventKind::ComplaintUpdated { customer, .. }
        | EventKind::BirthdayRewarded { customer, .. }
        | EventKind::MessagingChanged { customer, .. }
        | EventKind::MessageSent { customer, .. }
        | EventKind::OpeningBalance { customer, .. }
        | EventKind::ReferralRewarded { customer, .. }
        | EventKind::BonusStampsGiven { customer, .. }
        | EventKind::OwnerVoided { customer, .. } => *customer = to,
        EventKind::ShopConfigured { .. } | EventKind::ProgramChanged { .. } | EventKind::ShopEdited { .. } | EventKind::PerksChanged { .. } | EventKind::Unknown => {
            return None
        }
    }
    Some(Event { kind, ..event.clone() })
}

/// The kept profile with what it lacks taken from `other`: birthday (with when it was set),
/// notes, how to address them, anniversary, usual purchase; the tags of both.
fn fill(kept: &mut CustomerProfile, other: &CustomerProfile) {
    if kept.birthday.is_none() && other.birthday.is_some() {
        kept.birthday = other.birthday;
        kept.extras.birthday_set = other.extras.birthday_set;
    }
    if kept.notes.is_empty() {
        kept.notes.clone_from(&other.notes);
    }
    let (extras, theirs) = (&mut kept.extras, &other.extras);
    if extras.call_as.is_empty() {
        extras.call_as.clone_from(&theirs.call_as);
    }
    if extras.anniversary.is_none() {
        extras.anniversary = theirs.anniversary;
    }
    if extras.usually_buys.is_empty() {
        extras.usually_buys.clone_from(&theirs.usually_buys);
    }
    let tags: BTreeSet<u16> = super::btree::set_of(extras.tags.iter().chain(&theirs.tags).copied());
    extras.tags = tags.into_iter().take(MAX_CUSTOMER_TAGS).collect();
}

/// The event for merging `merged` into `kept`, or why not: two different customers, both still
/// customers (not removed, not merged already).
pub fn merge(kept: &Customer, merged: &Customer) -> Result<EventKind, DomainError> {
    if kept.id == merged.id {
        return Err(DomainError::MergeSameCustomer);
    }
    if kept.is_removed() || merged.is_removed() {
        return Err(DomainError::CustomerRemoved);
    }
    Ok(EventKind::CustomersMerged { kept: kept.id, merged: merged.id })
}

/// The customers whose card is folded with `id`'s: the root of its group and every member, as
/// the stored records say (`records` holds `id`'s and its root's, when they exist).
pub fn group_of(id: CustomerId, records: &BTreeMap<CustomerId, Customer>) -> BTreeSet<CustomerId> {
    let root = records.get(&id).and_then(|record| record.merged_into).unwrap_or(id);
    let mut group: BTreeSet<CustomerId> = [id, root].into();
    if let Some(record) = records.get(&root) {
        group.extend(record.merged.iter().copied());
    }
    group
}

/// The customers whose logs must be folded together ([`fold_with_merges`]) to store `event`, or
/// `None` when it goes into its customer's record alone (`Customer::apply`): a merge joins the
/// groups of both customers; an event of a customer in a group changes the kept card.
pub fn group_needed(event: &Event, records: &BTreeMap<CustomerId, Customer>) -> Option<BTreeSet<CustomerId>> {
    match event.kind {
        EventKind::CustomersMerged { kept, merged } => {
            let mut group = group_of(kept, records);
            group.extend(group_of(merged, records));
            Some(group)
        }
        _ => {
            let group = group_of(event.kind.customer()?, records);
            (group.len() > 1).then_some(group)
        }
    }
}

/// The customers whose events are `id`'s card's among `events`: `id` and, when the merges among
/// `events` keep its card, every customer merged into it (the owner's void on a kept card,
/// `owner_fix::owner_void`).
pub fn card_members(id: CustomerId, events: &[Event]) -> BTreeSet<CustomerId> {
    let mut members: BTreeSet<CustomerId> = super::btree::set_of(roots(events).into_iter().filter(|(_, root)| *root == id).map(|(member, _)| member));
    members.insert(id);
    members
}

/// `id`'s record folded from `events`: [`fold_with_merges`] when they hold merges (the logs of a
/// kept card's group), else `Customer::fold` of `id`'s events.
pub fn fold_card<'a>(id: CustomerId, events: impl IntoIterator<Item = &'a Event>) -> Customer {
    let events: Vec<&Event> = events.into_iter().collect();
    let merges = events.iter().any(|event| matches!(event.kind, EventKind::CustomersMerged { .. }));
    match merges.then(|| fold_with_merges(events.iter().copied()).remove(&id)).flatten() {
        Some(record) => record,
        None => Customer::fold(id, events),
    }
}

/// The ids a group's fold needs records of before it can say who is in the group: the roots
/// the given records point to that `records` does not hold yet.
pub fn roots_missing(ids: &BTreeSet<CustomerId>, records: &BTreeMap<CustomerId, Customer>) -> Vec<CustomerId> {
    ids.iter().filter_map(|id| records.get(id).and_then(|record| record.merged_into)).filter(|root| !records.contains_key(root)).collect()
}

#[cfg(test)]
#[path = "merge_tests.rs"]
mod tests;
