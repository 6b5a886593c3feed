//! When devices disagree (issue 14): what sync can bring together that no single counter would
//! have allowed, found in the customers' records for the owner's "Needs a look" list.
//!
//! - **A reward redeemed twice**: two devices offline each redeemed the last full card. Both
//!   redemptions are kept (the log never loses an event) and the card never shows a negative
//!   count (`CardState::resolve` saturates); the record then holds more redemptions than full
//!   cards, which is the flag. It names the redemptions the record still keeps one by one, each
//!   with its device and time, so the owner sees which counters did it.
//! - **A possible duplicate**: the same phone number added as a new customer on two devices
//!   offline. Each counter refused a second customer with a known number, so two customers
//!   (not removed) sharing a number can only come from sync.
//!
//! Both are derived from the records alone, so they are the same whatever order the events
//! arrived in (property-tested in `tests/conflict_properties.rs`). The owner acknowledges a
//! flag by its [`Flag::key`], which names what it is about: a later, different double
//! redemption of the same customer is a new flag.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use super::customer::{Contribution, Customer};
use super::ids::{CustomerId, DeviceId, EventId};
use super::phone::Phone;

/// How many of the redemptions a flag names, newest first.
pub const NAMED_REDEMPTIONS: usize = 6;

/// One redemption a flag names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedRedemption {
    /// The event.
    pub id: EventId,
    /// The device that redeemed.
    pub device: DeviceId,
    /// When, for people.
    pub at: DateTime<Utc>,
}

/// One customer of a possible duplicate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Twin {
    /// The customer.
    pub id: CustomerId,
    /// Their name.
    pub name: String,
    /// When they joined (`None` if the joining event has not arrived).
    pub joined_at: Option<DateTime<Utc>>,
    /// Visits so far.
    pub visits: u32,
}

/// Something for the owner to look at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Flag {
    /// More rewards redeemed than cards filled.
    RedeemedTwice {
        /// Whose card.
        customer: CustomerId,
        /// Their name.
        name: String,
        /// Rewards redeemed.
        redeemed: u32,
        /// Cards filled.
        earned: u32,
        /// The redemptions the record keeps one by one, newest first (at most
        /// [`NAMED_REDEMPTIONS`]).
        redemptions: Vec<NamedRedemption>,
    },
    /// Several customers with one phone number, oldest first.
    PossibleDuplicate {
        /// The shared number.
        phone: Phone,
        /// The customers, by when they joined (then id).
        twins: Vec<Twin>,
    },
}

impl Flag {
    /// What the flag is about, as the owner's acknowledgement records it: the customer and the
    /// number of redemptions, or the number and the customers sharing it.
    pub fn key(&self) -> String {
        match self {
            Flag::RedeemedTwice { customer, redeemed, .. } => format!("redeemed:{}:{redeemed}", customer.0.to_hex()),
            Flag::PossibleDuplicate { phone, twins } => {
                let ids: Vec<String> = twins.iter().map(|twin| twin.id.0.to_hex()).collect();
                format!("duplicate:{}:{}", phone.as_str(), ids.join(","))
            }
        }
    }
}

/// The flags of `customers` that the owner has not acknowledged: double redemptions in the
/// customers' order, then duplicates by phone number. `stamps_per_reward` is the program's
/// (it sizes the cards of stamps written before cards kept their size).
pub fn find_flags<'a>(customers: impl IntoIterator<Item = &'a Customer>, stamps_per_reward: u32, acknowledged: &BTreeSet<String>) -> Vec<Flag> {
    let mut flags = Vec::new();
    let mut by_phone: BTreeMap<&str, Vec<&Customer>> = BTreeMap::new();
    for customer in customers {
        if customer.is_removed() {
            continue;
        }
        if let Some(flag) = redeemed_twice(customer, stamps_per_reward) {
            flags.push(flag);
        }
        if let Some(profile) = &customer.profile {
            by_phone.entry(profile.phone.as_str()).or_default().push(customer);
        }
    }
    for mut same in by_phone.into_values().filter(|same| same.len() > 1) {
        super::sort::sort_by_key(&mut same, |customer| (customer.joined_at.is_none(), customer.joined_at, customer.id));
        let phone = same[0].profile.as_ref().map(|profile| profile.phone.clone());
        let twins = same.iter().map(|customer| Twin { id: customer.id, name: customer.name().to_owned(), joined_at: customer.joined_at, visits: customer.summary(1).visits }).collect();
        if let Some(phone) = phone {
            flags.push(Flag::PossibleDuplicate { phone, twins });
        }
    }
    flags.retain(|flag| !acknowledged.contains(&flag.key()));
    flags
}

/// The flag of a card with more redemptions than full cards, if it has one.
fn redeemed_twice(customer: &Customer, stamps_per_reward: u32) -> Option<Flag> {
    let earned = customer.cards_filled(stamps_per_reward);
    let redeemed = customer.summary(stamps_per_reward).rewards_redeemed;
    if redeemed <= earned {
        return None;
    }
    let redemptions = customer
        .recent
        .iter()
        .rev()
        .filter(|recent| recent.voided_by.is_none() && matches!(recent.contribution, Contribution::Redemption { .. }))
        .take(NAMED_REDEMPTIONS)
        .map(|recent| NamedRedemption { id: recent.id, device: recent.hlc.device, at: recent.at })
        .collect();
    Some(Flag::RedeemedTwice { customer: customer.id, name: customer.name().to_owned(), redeemed, earned, redemptions })
}
