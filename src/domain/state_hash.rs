//! The state hash Settings shows, so an owner can compare two devices (or a shop before a backup
//! and after its restore): one short code over the folded state that does not depend on the
//! order events arrived in, on the device's local write counters or on how the records were
//! built (incrementally at the counter, or folded again from the log at a restore).

use sha2::{Digest, Sha256};

use super::customer::Customer;
use super::shop::ShopState;

/// The state hash of a shop: its profile and program, and for every customer their details, card
/// numbers and whether they were removed. Each customer is hashed on their own, the digests are
/// sorted, and the sorted list hashed with the shop, so any order of records gives one result.
/// Shown as four groups of four hex digits ("3F2A-…"), enough to tell two states apart by eye.
pub fn state_hash(shop: Option<&ShopState>, customers: &[Customer]) -> String {
    let stamps_per_reward = shop.map_or(10, |shop| shop.program.stamps_per_reward);
    let mut digests: Vec<[u8; 32]> = customers
        .iter()
        .filter(|customer| customer.profile.is_some() || customer.event_count > 0)
        .map(|customer| customer_digest(customer, stamps_per_reward))
        .collect();
    digests.sort_unstable();
    let mut hasher = Sha256::new();
    if let Some(shop) = shop {
        hasher.update(serde_json::to_vec(&(&shop.profile, &shop.program)).expect("a shop always encodes"));
    }
    hasher.update((digests.len() as u64).to_le_bytes());
    for digest in &digests {
        hasher.update(digest);
    }
    let hex = super::backup::hex(&hasher.finalize()[..8]).to_uppercase();
    format!("{}-{}-{}-{}", &hex[0..4], &hex[4..8], &hex[8..12], &hex[12..16])
}

fn customer_digest(customer: &Customer, stamps_per_reward: u32) -> [u8; 32] {
    let summary = customer.summary(stamps_per_reward);
    let numbers = (
        summary.stamps_on_card,
        summary.card_size,
        summary.rewards_ready,
        summary.balance,
        summary.visits,
        summary.last_visit.map(|at| at.timestamp_millis()),
        summary.rewards_redeemed,
    );
    let fields = (customer.id, &customer.profile, customer.joined_at.map(|at| at.timestamp_millis()), customer.is_removed(), numbers);
    Sha256::digest(serde_json::to_vec(&fields).expect("a customer always encodes")).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::CustomerId;

    #[test]
    fn the_order_of_records_and_their_revs_do_not_change_the_hash() {
        let mut a = Customer::empty(CustomerId::from_bytes([1; 16]));
        a.event_count = 1;
        let mut b = Customer::empty(CustomerId::from_bytes([2; 16]));
        b.event_count = 2;
        let first = state_hash(None, &[a.clone(), b.clone()]);
        b.rev = 99;
        assert_eq!(state_hash(None, &[b.clone(), a.clone()]), first);
        b.removed_by = Some(crate::domain::EventId::from_bytes([3; 16]));
        assert_ne!(state_hash(None, &[b, a]), first);
    }
}
