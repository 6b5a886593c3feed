//! Referrals (issue 10): every customer's short referral code, finding who brought a new
//! customer, and the bonus both get on the new customer's first stamp.
//!
//! **The code** is the first 35 bits of the customer's (random) id in Crockford's base 32: seven
//! characters shown as `4K7Q-M2P`, with no I, L, O or U, so it reads aloud without "is that an
//! O or a zero?" (typed O, I and L are read as 0, 1 and 1; case, spaces and dashes are ignored).
//! It needs no server and no stored field: any device derives it from the id. A new customer's
//! id is drawn again until its code is free on this device ([`code_is_free`]), so codes are
//! unique in the shop; customers who joined before referrals keep theirs, and a code two of
//! them share (about one chance in ten at 100 000 customers) is refused as ambiguous, naming
//! no one ([`ReferralError::Ambiguous`]), and the clerk finds the customer by phone.
//!
//! **The bonus** is one `ReferralRewarded` event per side, planned with the friend's first stamp
//! and written with it in one strict transaction (`counter_referral.rs`). A record keeps, for
//! each friend, the event that counts ([`Customer::referrals`]): the smallest id, so two
//! devices that both gave the friend's first stamp offline still count the bonus once, in any
//! order; the other one is kept as a taken-back entry. Undoing the stamp leaves the bonus, and
//! stamping again gives none: the friend's record already holds theirs.

use std::collections::BTreeMap;

use super::customer::{ApplyOutcome, Contribution, Customer, PendingVoid};
use super::event::{Event, EventKind};
use super::ids::{CustomerId, EventId};
use super::phone::{Country, Phone};
use super::search::{IndexEntry, SearchIndex};

/// Characters in a referral code.
pub const CODE_LEN: usize = 7;

/// Crockford's base 32: digits and letters without I, L, O and U.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Why "Referred by" was refused. Shown translated.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum ReferralError {
    /// No customer has this code or phone number.
    #[error("no customer has this referral code or phone number")]
    NotFound,
    /// Two customers who joined before referrals share this code: find them by phone.
    #[error("this code belongs to more than one customer; use their phone number")]
    Ambiguous,
    /// The new customer named themselves (their own phone number).
    #[error("a customer cannot refer themselves")]
    SelfReferral,
    /// The customer named as referrer was removed.
    #[error("the customer who referred them was removed")]
    ReferrerRemoved,
}

/// The 35 bits of an id that make its code (also what a card token carries, `card.rs`).
pub fn code_bits(id: CustomerId) -> u64 {
    let bytes = id.0 .0;
    let first = u64::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7]]);
    first >> (64 - 5 * CODE_LEN)
}

/// A customer's referral code as shown and shared: `4K7Q-M2P`. Written by hand (seven
/// characters of a fixed alphabet) rather than with a base-32 crate: no padding, no byte
/// alignment and a custom reading of typed look-alikes are all it needs.
pub fn code(id: CustomerId) -> String {
    let bits = code_bits(id);
    let mut text = String::with_capacity(CODE_LEN + 1);
    for index in 0..CODE_LEN {
        if index == 4 {
            text.push('-');
        }
        let shift = 5 * (CODE_LEN - 1 - index);
        text.push(char::from(ALPHABET[((bits >> shift) & 31) as usize]));
    }
    text
}

/// Reads a typed code: case, spaces and dashes ignored, O read as 0 and I or L as 1. `None`
/// unless it is exactly [`CODE_LEN`] characters of the alphabet.
pub fn parse_code(text: &str) -> Option<u64> {
    let mut bits = 0u64;
    let mut count = 0;
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '-') {
        let c = match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        };
        let value = ALPHABET.iter().position(|&symbol| char::from(symbol) == c)?;
        bits = (bits << 5) | value as u64;
        count += 1;
        if count > CODE_LEN {
            return None;
        }
    }
    (count == CODE_LEN).then_some(bits)
}

/// Whether no customer in `index` has the code `id` would get (a new customer's id is drawn
/// again until it is).
pub fn code_is_free(index: &SearchIndex, id: CustomerId) -> bool {
    let bits = code_bits(id);
    !index.ids().iter().any(|&id| code_bits(id) == bits)
}

/// The customer a clerk named in "Referred by": a referral code, or a phone number read with the
/// shop's country. A scan of the index for a code (a comparison of two integers per customer).
pub fn find_referrer<'a>(index: &'a SearchIndex, text: &str, country: Country) -> Result<&'a IndexEntry, ReferralError> {
    if let Some(bits) = parse_code(text) {
        let mut found = index.ids().iter().filter(|&&id| code_bits(id) == bits);
        return match (found.next(), found.next()) {
            (Some(id), None) => index.get(id).ok_or(ReferralError::NotFound),
            (Some(_), Some(_)) => Err(ReferralError::Ambiguous),
            (None, _) => Err(ReferralError::NotFound),
        };
    }
    let phone = Phone::parse(text, country).map_err(|_| ReferralError::NotFound)?;
    index.find_phone(phone.as_str()).ok_or(ReferralError::NotFound)
}

/// The friends a record holds a referral bonus for, each with the event that counts: the
/// smallest id of its `ReferralRewarded` events among `events` (the fold knows them all before
/// it folds any, as it knows every undo first).
pub(super) fn winners<'a>(id: CustomerId, events: impl IntoIterator<Item = &'a Event>) -> BTreeMap<CustomerId, EventId> {
    let mut winners: BTreeMap<CustomerId, EventId> = BTreeMap::new();
    for event in events {
        if let EventKind::ReferralRewarded { customer, friend, .. } = &event.kind {
            if *customer == id {
                let winner = winners.entry(*friend).or_insert(event.id);
                *winner = (*winner).min(event.id);
            }
        }
    }
    winners
}

impl Customer {
    /// Folds a `ReferralRewarded` event in: its stamps as an entry that is not a visit, unless
    /// the record counts another bonus for the same friend with a smaller id (then it is kept as
    /// taken back by that one); one with a smaller id takes the counted one back instead.
    pub(super) fn apply_referral(&mut self, event: &Event, friend: CustomerId, stamps: u32, card_size: Option<u32>) -> ApplyOutcome {
        if self.holds(event.id) {
            return ApplyOutcome::Unchanged;
        }
        if self.behind_horizon(event.hlc, event.id) {
            return ApplyOutcome::NeedsRebuild;
        }
        let winner = match self.referrals.get(&friend) {
            Some(&known) if known <= event.id => known,
            Some(&known) => {
                // The counted one loses; once folded into the counts it can only be taken back
                // by folding the log again.
                let Some(counted) = self.recent.iter_mut().find(|recent| recent.id == known) else {
                    return ApplyOutcome::NeedsRebuild;
                };
                counted.voided_by = Some(counted.voided_by.map_or(event.id, |by| by.min(event.id)));
                event.id
            }
            None => event.id,
        };
        if winner != event.id {
            // Taken back as it goes in, like an undo that arrived first: marked after `insert`,
            // it could already have been counted by the compaction `insert` ends with.
            match self.pending_voids.iter_mut().find(|pending| pending.target == event.id) {
                Some(pending) => pending.by = pending.by.min(winner),
                None => {
                    let position = self.pending_voids.partition_point(|pending| pending.target < event.id);
                    self.pending_voids.insert(position, PendingVoid { target: event.id, by: winner, target_hlc: Some(event.hlc) });
                }
            }
        }
        // Cannot be anything but `Applied`: the event is neither held nor behind the horizon.
        let outcome = self.insert(event, Contribution::Stamps { stamps, visit: false, bill: None, card_size });
        if outcome == ApplyOutcome::Applied {
            self.referrals.insert(friend, winner);
        }
        outcome
    }

    /// How many friends this customer brought: "Brought 3 friends".
    pub fn friends_brought(&self) -> usize {
        self.referrals.keys().filter(|friend| **friend != self.id).count()
    }

    /// Whether this customer has had their own referral bonus (as the friend who was brought).
    pub fn referral_bonus_received(&self) -> bool {
        self.referrals.contains_key(&self.id)
    }

    /// This customer's referral code.
    pub fn referral_code(&self) -> String {
        code(self.id)
    }
}

#[cfg(test)]
#[path = "referral_tests.rs"]
mod tests;
