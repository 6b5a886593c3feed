//! How the dashboard's facts are stored: 256 chunks of customers (by the first byte of their
//! id), the shop's facts, and one small delta per committed event, written by that event's
//! commit (no read: the tap stays as fast as before) and folded into the chunks when the
//! dashboard opens (`store::dash`). Binary (postcard) with a version byte; a visit costs about
//! ten bytes with its bill, so 1 000 000 events make about 9 MB that one `getAll` reads.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::facts::{CustomerDelta, CustomerFacts, Entry, EntryKind, ShopDelta, ShopFacts};
use super::traits::Traits;
use crate::domain::cards::CardState;
use crate::domain::{Change, CustomerId, EventId};

/// The format of chunks, shop facts and deltas; another one is rebuilt from the log. Format 2
/// added each customer's traits (segments).
pub const FORMAT: u8 = 2;

/// Why stored facts could not be read (they are then rebuilt from the log).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FactsDecodeError {
    /// Written by another version of the format.
    #[error("dashboard facts of format {0}")]
    OtherFormat(u8),
    /// The bytes do not decode.
    #[error("dashboard facts do not decode")]
    Damaged,
}

/// The chunk a customer's facts are kept in.
pub fn chunk_of(id: CustomerId) -> u8 {
    id.0 .0[0]
}

/// What one commit adds to the facts, and its order among the commits of one customer (the
/// record's `rev`; 0 for an event about no customer).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredDelta {
    /// The customer record's `rev` after the commit.
    pub seq: u64,
    /// The customer's part.
    pub customer: Option<CustomerDelta>,
    /// The shop's part.
    pub shop: Option<ShopDelta>,
}

impl StoredDelta {
    /// The delta of a commit, when its event changes any figure.
    pub fn of(change: &Change) -> Option<StoredDelta> {
        let customer = change.customer.as_ref().filter(|record| change.event.kind.customer() == Some(record.id)).map(|record| CustomerDelta::of(&change.event, record));
        let shop = ShopDelta::of(&change.event);
        (customer.is_some() || shop.is_some()).then(|| StoredDelta { seq: change.customer.as_ref().map_or(0, |record| record.rev), customer, shop })
    }

    /// Encoded for the store.
    pub fn encode(&self) -> Vec<u8> {
        versioned(self)
    }

    /// Decoded from the store.
    pub fn decode(bytes: &[u8]) -> Result<StoredDelta, FactsDecodeError> {
        unversioned(bytes)
    }
}

fn versioned<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = vec![FORMAT];
    // Serializing plain structs into a Vec cannot fail.
    bytes.extend(postcard::to_allocvec(value).unwrap_or_default());
    bytes
}

fn unversioned<T: for<'a> Deserialize<'a>>(bytes: &[u8]) -> Result<T, FactsDecodeError> {
    match bytes.split_first() {
        Some((&FORMAT, rest)) => postcard::from_bytes(rest).map_err(|_| FactsDecodeError::Damaged),
        Some((other, _)) => Err(FactsDecodeError::OtherFormat(*other)),
        None => Err(FactsDecodeError::Damaged),
    }
}

/// One entry as stored: its slot as the gap from the previous entry's, a kind code, stamps and
/// the bill, each a varint.
#[derive(Serialize, Deserialize)]
struct PackedEntry(u64, u8, u32, u64);

#[derive(Serialize, Deserialize)]
struct PackedCustomer {
    // Ids as their sixteen bytes: their serde form is hex text, twice as long.
    id: [u8; 16],
    joined: Option<i64>,
    removed: bool,
    first_slot: i64,
    entries: Vec<PackedEntry>,
    cards: CardState,
    voided: Vec<[u8; 16]>,
    traits: Traits,
}

fn pack(id: CustomerId, facts: &CustomerFacts) -> PackedCustomer {
    let first_slot = facts.entries.first().map_or(0, |entry| entry.slot);
    let mut previous = first_slot;
    let entries = facts
        .entries
        .iter()
        .map(|entry| {
            let gap = (entry.slot - previous).max(0) as u64;
            previous = entry.slot;
            match entry.kind {
                // The bill is stored plus one, so 0 is "none".
                EntryKind::Visit { stamps, bill } => PackedEntry(gap, 0, stamps, bill.map_or(0, |bill| bill.max(0) as u64 + 1)),
                EntryKind::Gift { stamps } => PackedEntry(gap, 1, stamps, 0),
                EntryKind::Redeemed => PackedEntry(gap, 2, 0, 0),
            }
        })
        .collect();
    PackedCustomer { id: id.0 .0, joined: facts.joined, removed: facts.removed, first_slot, entries, cards: facts.cards, voided: facts.voided.iter().map(|id| id.0 .0).collect(), traits: facts.traits.clone() }
}

fn unpack(packed: PackedCustomer) -> Result<(CustomerId, CustomerFacts), FactsDecodeError> {
    let mut slot = packed.first_slot;
    let mut entries = Vec::with_capacity(packed.entries.len());
    for PackedEntry(gap, kind, stamps, bill) in packed.entries {
        slot = slot.checked_add(i64::try_from(gap).map_err(|_| FactsDecodeError::Damaged)?).ok_or(FactsDecodeError::Damaged)?;
        let kind = match kind {
            0 => EntryKind::Visit { stamps, bill: bill.checked_sub(1).map(|bill| bill.min(i64::MAX as u64) as i64) },
            1 => EntryKind::Gift { stamps },
            2 => EntryKind::Redeemed,
            _ => return Err(FactsDecodeError::Damaged),
        };
        entries.push(Entry { slot, kind });
    }
    if !entries.is_sorted() {
        return Err(FactsDecodeError::Damaged);
    }
    Ok((CustomerId::from_bytes(packed.id), CustomerFacts { joined: packed.joined, removed: packed.removed, entries, cards: packed.cards, voided: packed.voided.into_iter().map(EventId::from_bytes).collect(), traits: packed.traits }))
}

/// Encodes the customers of one chunk.
pub fn encode_chunk<'a>(customers: impl IntoIterator<Item = (&'a CustomerId, &'a CustomerFacts)>) -> Vec<u8> {
    let packed: Vec<PackedCustomer> = customers.into_iter().map(|(id, facts)| pack(*id, facts)).collect();
    versioned(&packed)
}

/// Decodes one chunk.
pub fn decode_chunk(bytes: &[u8]) -> Result<Vec<(CustomerId, CustomerFacts)>, FactsDecodeError> {
    let packed: Vec<PackedCustomer> = unversioned(bytes)?;
    packed.into_iter().map(unpack).collect()
}

/// Encodes the shop's facts.
pub fn encode_shop(shop: &ShopFacts) -> Vec<u8> {
    versioned(shop)
}

/// Decodes the shop's facts.
pub fn decode_shop(bytes: &[u8]) -> Result<ShopFacts, FactsDecodeError> {
    unversioned(bytes)
}

/// The customers of one chunk, in id order.
pub fn chunk_customers(customers: &BTreeMap<CustomerId, CustomerFacts>, chunk: u8) -> impl Iterator<Item = (&CustomerId, &CustomerFacts)> {
    let mut from = [0u8; 16];
    from[0] = chunk;
    customers.range(CustomerId::from_bytes(from)..).take_while(move |(id, _)| chunk_of(**id) == chunk)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::analytics::facts::DashFacts;

    fn sample() -> BTreeMap<CustomerId, CustomerFacts> {
        let mut customers = BTreeMap::new();
        for n in 0..40u8 {
            let entries = (0..n as i64)
                .map(|i| Entry { slot: 990_000 + i * 48 * 3, kind: if i % 7 == 3 { EntryKind::Redeemed } else if i % 5 == 0 { EntryKind::Gift { stamps: 2 } } else { EntryKind::Visit { stamps: 1, bill: (i % 2 == 0).then_some(i * 1_000) } } })
                .collect();
            let facts = CustomerFacts { joined: Some(989_000 + i64::from(n)), removed: n == 7, entries, cards: CardState { completed: u32::from(n / 10), redeemed: 0, card_size: Some(10), stamps: u32::from(n % 10) }, voided: [EventId::from_bytes([n; 16])].into(), traits: Traits { tags: vec![u16::from(n % 3)], birthday: (n % 2 == 0).then_some((n % 12 + 1, n % 28 + 1)), consent: n % 4 == 1 } };
            customers.insert(CustomerId::from_bytes([n.wrapping_mul(37), n, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]), facts);
        }
        customers
    }

    #[test]
    fn chunks_decode_to_what_was_encoded() {
        let customers = sample();
        let mut decoded = BTreeMap::new();
        for chunk in 0..=255u8 {
            let bytes = encode_chunk(chunk_customers(&customers, chunk));
            decoded.extend(decode_chunk(&bytes).unwrap());
        }
        assert_eq!(decoded, customers);
    }

    #[test]
    fn a_visit_costs_a_few_bytes() {
        let mut facts = CustomerFacts::default();
        facts.entries = (0..100).map(|i| Entry { slot: 990_000 + i * 48 * 6, kind: EntryKind::Visit { stamps: 1, bill: None } }).collect();
        let id = CustomerId::from_bytes([1; 16]);
        let bytes = encode_chunk([(&id, &facts)]);
        // Gaps of six days (288 slots) take two bytes, kind, stamps and bill one each.
        assert!(bytes.len() < 100 * 5 + 40, "{} bytes", bytes.len());
    }

    #[test]
    fn damaged_or_foreign_bytes_are_refused() {
        let shop = DashFacts::default().shop;
        let mut bytes = encode_shop(&shop);
        assert_eq!(decode_shop(&bytes), Ok(shop));
        bytes[0] = FORMAT + 1;
        assert_eq!(decode_shop(&bytes), Err(FactsDecodeError::OtherFormat(FORMAT + 1)));
        assert_eq!(decode_chunk(&[FORMAT, 1, 0xff]), Err(FactsDecodeError::Damaged));
        assert_eq!(StoredDelta::decode(&[]), Err(FactsDecodeError::Damaged));
    }
}
