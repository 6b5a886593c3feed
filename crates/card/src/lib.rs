//! Signed loyalty stamp cards, with no server.
//!
//! The shop's device holds an Ed25519 [`ShopKey`]. At the counter it [`issue`]s a card token for a
//! customer: a compact, signed snapshot of their stamp card ([`CardClaims`]) as at most
//! [`MAX_TOKEN_LEN`] base64url characters, short enough for a QR code and a WhatsApp message.
//! Anyone with the shop's public key ([`PublicKey`], e.g. the website widget) can [`verify`] it,
//! and a person can compare the key itself by its [`Fingerprint`] ("ABCD-EFGH-JKMN-PQRS").
//!
//! A token carries an opaque card id ([`ShopKey::card_id`]: derived from the shop's secret and
//! the customer's record id, so it is the same on every card of one customer but cannot be linked
//! to the shop's records without the secret) and a display name, never the phone number or any
//! id of the shop's records.
//!
//! Pure Rust, no I/O, no clock, no random source: the key seed, the record id, the sequence and
//! `issued_at` are arguments. Verification never panics, whatever the input.
//!
//! # Token layout (format version 2, written by [`issue`])
//!
//! `base64url_nopad(payload || signature)`, where the signature is Ed25519 (RFC 8032, checked with
//! `verify_strict`) by the shop key over `b"mohar-card/v1\0" || payload` (the context names the
//! use of the key; the version byte inside the payload tells the formats apart), and the payload
//! is:
//!
//! | offset | size | field |
//! | --- | --- | --- |
//! | 0 | 1 | format version, `2` |
//! | 1 | 4 | shop key id: first 4 bytes of SHA-512(public key) |
//! | 5 | 16 | card id (opaque, [`ShopKey::card_id`]) |
//! | 21 | 4 | sequence: the customer's card sequence, u32 big-endian; larger is newer |
//! | 25 | 4 | issued at, seconds since the Unix epoch, u32 BE (shown as "Updated …") |
//! | 29 | 2 | stamps on the card, u16 BE |
//! | 31 | 2 | stamps per reward, u16 BE, ≥ 1 |
//! | 33 | 2 | rewards ready, u16 BE |
//! | 35 | 1+n | shop name: length byte, UTF-8 |
//! | … | 1+n | customer display name: length byte, UTF-8 |
//! | … | 1+n | reward text: length byte, UTF-8 |
//!
//! followed by the 64-byte signature. The key id is only a hint that tells "another shop's card"
//! from "a changed card" (the signature decides), so 4 bytes are enough, and they pay for the
//! sequence: the fixed part stays 38 bytes, and with the 64-byte signature that leaves
//! [`TEXT_BUDGET`] = 123 bytes for the three texts, so the token is at most 225 bytes = 300
//! characters. [`issue`] truncates the texts on character (and, for Indic scripts, cluster)
//! boundaries to fit: shop name ≤ 40 bytes, display name ≤ 24 bytes, reward text the rest.
//!
//! # Format version 3 (written by [`issue`] for a card with [`CardExtras`])
//!
//! The same as format 2 (version byte `3`), with after the reward text:
//!
//! | size | field |
//! | --- | --- |
//! | 5 | the customer's referral code: 35 bits, big-endian (the top 5 bits zero) |
//! | 1+n | the customer's tier now ("Gold"), empty for none: length byte, UTF-8 |
//! | 1+n | the next tier up, empty for none: length byte, UTF-8 |
//! | 1 | visits still needed for the next tier, 0 exactly when there is none |
//!
//! These 8 bytes and the two tier names (each ≤ [`MAX_TIER_NAME_BYTES`]) need room, so a
//! format 3 token may be up to [`MAX_TOKEN_LEN`] = 340 characters (255 bytes): its texts have
//! [`TEXT_BUDGET_V3`] = 145 bytes. Formats 1 and 2 stay within 300 characters. A format 3 field
//! out of its canonical form (a code of more than 35 bits, a count without a next tier or a next
//! tier without a count) is [`CardError::InvalidClaims`], as a format 2 field is.
//!
//! # Format version 1 (still verified)
//!
//! The same, except: the key id is 8 bytes (offsets 1–8), there is no sequence (the card id
//! follows at offset 9, then issued at, stamps, …), and the card id was the customer's record
//! id. [`verify`] returns its claims with `sequence: None`; see [`CardClaims::is_newer_than`].

#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]

extern crate alloc;

/// base64url without padding, also for the app's pairing texts.
pub mod b64;
mod fingerprint;
mod keys;
mod truncate;

pub use fingerprint::Fingerprint;
pub use keys::{PublicKey, ShopKey};
pub use truncate::truncate_str;

use alloc::string::String;
use alloc::vec::Vec;

use ed25519_dalek::{Signature, Signer};

/// Format version written by [`issue`] for a card without [`CardExtras`].
pub const FORMAT_VERSION: u8 = 2;
/// Format version written by [`issue`] for a card with [`CardExtras`] (referral code and tier).
pub const FORMAT_V3: u8 = 3;
/// The first format version (no sequence, the record id as card id), still accepted by [`verify`].
pub const FORMAT_V1: u8 = 1;
/// A token is never longer than this many characters (a format 3 token; formats 1 and 2 stay
/// within [`MAX_TOKEN_LEN_V2`]).
pub const MAX_TOKEN_LEN: usize = 340;
/// Formats 1 and 2 are never longer than this many characters.
pub const MAX_TOKEN_LEN_V2: usize = 300;
/// Length of a card id in bytes.
pub const CARD_ID_LEN: usize = 16;
/// Length of a shop key id in bytes ([`PublicKey::key_id`]); format 1 tokens carry all of it.
pub const KEY_ID_LEN: usize = 8;
/// Bytes of the key id that format 2 tokens carry.
pub const KEY_ID_LEN_V2: usize = 4;
/// Bytes of the fixed-size part of the payload (including the three length bytes): the same in
/// both formats.
const FIXED_LEN: usize = 1 + KEY_ID_LEN_V2 + CARD_ID_LEN + 4 + 4 + 2 + 2 + 2 + 3;
const _: () = assert!(FIXED_LEN == 1 + KEY_ID_LEN + CARD_ID_LEN + 4 + 2 + 2 + 2 + 3);
const SIGNATURE_LEN: usize = 64;
/// Bytes available to the shop name, display name and reward text together (formats 1 and 2).
pub const TEXT_BUDGET: usize = MAX_TOKEN_LEN_V2 * 3 / 4 - SIGNATURE_LEN - FIXED_LEN;
/// Bytes format 3 adds besides its two tier names: the code, two length bytes and the count.
const V3_FIXED_LEN: usize = REFERRAL_CODE_LEN + 1 + 1 + 1;
/// Bytes of the 35-bit referral code in a format 3 token.
const REFERRAL_CODE_LEN: usize = 5;
/// The largest referral code: 35 bits (seven base-32 characters).
pub const MAX_REFERRAL_CODE: u64 = (1 << 35) - 1;
/// Bytes available to the five texts of a format 3 token together.
pub const TEXT_BUDGET_V3: usize = MAX_TOKEN_LEN * 3 / 4 - SIGNATURE_LEN - FIXED_LEN - V3_FIXED_LEN;
/// Most bytes of UTF-8 kept of each tier name in a format 3 token.
pub const MAX_TIER_NAME_BYTES: usize = 24;
/// Most bytes of UTF-8 kept of the shop name.
pub const MAX_SHOP_NAME_BYTES: usize = 40;
/// Most bytes of UTF-8 kept of the customer's display name.
pub const MAX_DISPLAY_NAME_BYTES: usize = 24;
/// Prefix of the signed message, so a card signature can never be confused with another use of
/// the same key.
const SIGNING_CONTEXT: &[u8] = b"mohar-card/v1\0";
/// Prefix of the hash that makes a card id from the shop secret and a record id.
const CARD_ID_CONTEXT: &[u8] = b"mohar-card-id/v1\0";

/// Why a token or a public key was refused. Verification returns one of these; it never panics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CardError {
    /// The token is empty.
    #[error("the card token is empty")]
    Empty,
    /// The token is longer than [`MAX_TOKEN_LEN`] characters.
    #[error("the card token is too long")]
    TooLong,
    /// The token is not canonical unpadded base64url.
    #[error("the card token is not valid base64url")]
    Malformed,
    /// The token is shorter than the smallest possible card.
    #[error("the card token is too short")]
    TooShort,
    /// The token is of a format version this code does not know.
    #[error("unsupported card format version {0}")]
    UnsupportedVersion(u8),
    /// The token was issued by another shop (its key id is not this shop key's).
    #[error("the card was issued by another shop")]
    WrongShop,
    /// The signature does not match: the token was changed, or signed by another key.
    #[error("the card's signature is not valid")]
    BadSignature,
    /// Correctly signed, but its fields do not decode (a bug in the issuer).
    #[error("the card's contents are not valid")]
    InvalidClaims,
    /// The public key text or bytes are not an Ed25519 public key.
    #[error("the shop key is not a valid public key")]
    InvalidPublicKey,
}

/// An opaque card id ([`ShopKey::card_id`]); in format 1 tokens, the customer's record id.
pub type CardId = [u8; CARD_ID_LEN];

/// What a card says: a snapshot of one customer's stamp card at `issued_at`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CardClaims {
    /// Opaque id of this customer's card, the same on every card issued to the customer.
    pub card_id: CardId,
    /// The customer's card sequence (it grows with every change to the customer): of two cards
    /// with the same id, the larger sequence is the newer card, whatever the clocks said.
    /// `None` for a format 1 token, which had none; [`issue`] writes `None` as 0.
    pub sequence: Option<u32>,
    /// When the card was issued, in seconds since the Unix epoch.
    pub issued_at: u32,
    /// Stamps on the card now (towards the next reward), normally `< stamps_per_reward`.
    pub stamps: u16,
    /// Stamps that make one reward; [`issue`] writes 0 as 1.
    pub stamps_per_reward: u16,
    /// Rewards earned and not yet redeemed.
    pub rewards_ready: u16,
    /// The shop's name (truncated to [`MAX_SHOP_NAME_BYTES`] by [`issue`]).
    pub shop_name: String,
    /// The customer's display name, e.g. the first name (truncated to [`MAX_DISPLAY_NAME_BYTES`]).
    pub display_name: String,
    /// What a full card gives, e.g. "1 free chai" (truncated to fit the token).
    pub reward: String,
    /// The referral code and the tier (format 3); `None` in format 1 and 2 tokens, and then
    /// [`issue`] writes format 2.
    pub extras: Option<CardExtras>,
}

/// What a format 3 card adds (issue 10): the customer's referral code, to share, and where they
/// stand among the shop's tiers for regulars.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct CardExtras {
    /// The referral code's 35 bits (shown as seven base-32 characters, `4K7Q-M2P`); [`issue`]
    /// keeps the low 35 bits.
    pub referral_code: u64,
    /// The customer's tier now ("Gold"), empty for none (truncated to [`MAX_TIER_NAME_BYTES`]).
    pub tier: String,
    /// The next tier up, empty for none (truncated to [`MAX_TIER_NAME_BYTES`]).
    pub next_tier: String,
    /// Visits still needed for `next_tier` within its period; [`issue`] writes 0 when there is
    /// no next tier, and leaves out a next tier that needs 0 visits.
    pub visits_to_next: u8,
}

impl CardExtras {
    /// The extras exactly as [`issue`] writes them.
    fn normalized(&self) -> CardExtras {
        let next_tier = if self.visits_to_next == 0 { "" } else { truncate_str(&self.next_tier, MAX_TIER_NAME_BYTES) };
        CardExtras {
            referral_code: self.referral_code & MAX_REFERRAL_CODE,
            tier: truncate_str(&self.tier, MAX_TIER_NAME_BYTES).into(),
            next_tier: next_tier.into(),
            visits_to_next: if next_tier.is_empty() { 0 } else { self.visits_to_next },
        }
    }
}

impl CardClaims {
    /// Whether this card should replace `other` in the customer's keeping.
    ///
    /// Of two cards with the same id (one customer's), the larger sequence wins, so a card issued
    /// while the device's clock was far ahead does not shadow the later ones; a format 1 card (no
    /// sequence) is older than any format 2 card of the same id; `issued_at` only breaks a tie.
    /// Cards with different ids (two customers sharing a phone, or a format 1 card and the format
    /// 2 card that follows it, whose id is no longer the record id) have no common sequence, so
    /// the later `issued_at` wins, then the larger id. Of any two cards exactly one is newer,
    /// unless both have the same id, sequence and time (then neither is, and the kept one stays).
    pub fn is_newer_than(&self, other: &CardClaims) -> bool {
        if self.card_id == other.card_id {
            (self.sequence, self.issued_at) > (other.sequence, other.issued_at)
        } else {
            (self.issued_at, self.card_id) > (other.issued_at, other.card_id)
        }
    }

    /// Stamps still to collect before the next reward (1..=stamps_per_reward).
    pub fn stamps_to_next_reward(&self) -> u16 {
        let per = self.stamps_per_reward.max(1);
        per - self.stamps % per
    }

    /// The claims exactly as [`issue`] writes them: texts truncated to fit, `stamps_per_reward`
    /// at least 1 and a sequence (0 if none). `verify(issue(k, c))` returns `c.normalized()`.
    pub fn normalized(&self) -> CardClaims {
        let shop_name = truncate_str(&self.shop_name, MAX_SHOP_NAME_BYTES);
        let display_name = truncate_str(&self.display_name, MAX_DISPLAY_NAME_BYTES);
        let extras = self.extras.as_ref().map(CardExtras::normalized);
        // The reward text gets what the other texts leave.
        let reward_budget = match &extras {
            None => TEXT_BUDGET - shop_name.len() - display_name.len(),
            Some(x) => TEXT_BUDGET_V3 - shop_name.len() - display_name.len() - x.tier.len() - x.next_tier.len(),
        };
        let reward = truncate_str(&self.reward, reward_budget);
        CardClaims {
            card_id: self.card_id,
            sequence: Some(self.sequence.unwrap_or(0)),
            issued_at: self.issued_at,
            stamps: self.stamps,
            stamps_per_reward: self.stamps_per_reward.max(1),
            rewards_ready: self.rewards_ready,
            shop_name: shop_name.into(),
            display_name: display_name.into(),
            reward: reward.into(),
            extras,
        }
    }
}

/// The signed token for `claims` (as [`CardClaims::normalized`]), at most [`MAX_TOKEN_LEN`]
/// base64url characters.
pub fn issue(key: &ShopKey, claims: &CardClaims) -> String {
    let c = claims.normalized();
    let mut payload = Vec::with_capacity(MAX_TOKEN_LEN * 3 / 4);
    payload.push(if c.extras.is_some() { FORMAT_V3 } else { FORMAT_VERSION });
    payload.extend_from_slice(&key.public.id[..KEY_ID_LEN_V2]);
    payload.extend_from_slice(&c.card_id);
    payload.extend_from_slice(&c.sequence.unwrap_or(0).to_be_bytes());
    sign_rest(key, payload, &c)
}

/// A format 1 token for `claims` (its sequence and extras are left out), as the app issued
/// before format 2: only for tests that old cards still verify. New cards are always [`issue`]d.
#[doc(hidden)]
pub fn issue_v1(key: &ShopKey, claims: &CardClaims) -> String {
    let c = CardClaims { extras: None, ..claims.clone() }.normalized();
    let mut payload = Vec::with_capacity(MAX_TOKEN_LEN * 3 / 4);
    payload.push(FORMAT_V1);
    payload.extend_from_slice(&key.public.id);
    payload.extend_from_slice(&c.card_id);
    sign_rest(key, payload, &c)
}

/// Appends the fields both formats share to `payload` and signs it.
fn sign_rest(key: &ShopKey, mut payload: Vec<u8>, c: &CardClaims) -> String {
    payload.extend_from_slice(&c.issued_at.to_be_bytes());
    payload.extend_from_slice(&c.stamps.to_be_bytes());
    payload.extend_from_slice(&c.stamps_per_reward.to_be_bytes());
    payload.extend_from_slice(&c.rewards_ready.to_be_bytes());
    let push_text = |payload: &mut Vec<u8>, text: &str| {
        payload.push(text.len() as u8); // ≤ TEXT_BUDGET_V3 < 256 after normalizing
        payload.extend_from_slice(text.as_bytes());
    };
    for text in [&c.shop_name, &c.display_name, &c.reward] {
        push_text(&mut payload, text);
    }
    if let Some(x) = &c.extras {
        payload.extend_from_slice(&x.referral_code.to_be_bytes()[8 - REFERRAL_CODE_LEN..]);
        push_text(&mut payload, &x.tier);
        push_text(&mut payload, &x.next_tier);
        payload.push(x.visits_to_next);
    }
    let signature = key.signing.sign(&signed_message(&payload));
    payload.extend_from_slice(&signature.to_bytes());
    b64::encode(&payload)
}

fn signed_message(payload: &[u8]) -> Vec<u8> {
    let mut message = Vec::with_capacity(SIGNING_CONTEXT.len() + payload.len());
    message.extend_from_slice(SIGNING_CONTEXT);
    message.extend_from_slice(payload);
    message
}

/// The claims of `token` if the shop with public key `key` issued it unchanged.
pub fn verify(key: &PublicKey, token: &str) -> Result<CardClaims, CardError> {
    if token.is_empty() {
        return Err(CardError::Empty);
    }
    if token.len() > MAX_TOKEN_LEN {
        return Err(CardError::TooLong);
    }
    let bytes = b64::decode(token).ok_or(CardError::Malformed)?;
    // The version first, so a future format gets the right error even when short.
    let version = *bytes.first().ok_or(CardError::TooShort)?;
    let key_id_len = match version {
        FORMAT_VERSION | FORMAT_V3 => KEY_ID_LEN_V2,
        FORMAT_V1 => KEY_ID_LEN,
        other => return Err(CardError::UnsupportedVersion(other)),
    };
    if bytes.len() < FIXED_LEN + SIGNATURE_LEN {
        return Err(CardError::TooShort);
    }
    if bytes[1..1 + key_id_len] != key.id[..key_id_len] {
        return Err(CardError::WrongShop);
    }
    let (payload, signature) = bytes.split_at(bytes.len() - SIGNATURE_LEN);
    let signature = Signature::from_slice(signature).map_err(|_| CardError::BadSignature)?;
    key.key
        .verify_strict(&signed_message(payload), &signature)
        .map_err(|_| CardError::BadSignature)?;
    parse_payload(payload).ok_or(CardError::InvalidClaims)
}

/// [`verify`] with the public key in its text form.
pub fn verify_with_key_text(key_text: &str, token: &str) -> Result<CardClaims, CardError> {
    verify(&PublicKey::from_text(key_text)?, token)
}

fn parse_payload(payload: &[u8]) -> Option<CardClaims> {
    let mut r = Reader(payload);
    let version = r.take(1)?[0];
    let v2 = version != FORMAT_V1;
    r.take(if v2 { KEY_ID_LEN_V2 } else { KEY_ID_LEN })?;
    let card_id: CardId = r.take(CARD_ID_LEN)?.try_into().ok()?;
    let sequence = if v2 { Some(r.u32()?) } else { None };
    let issued_at = r.u32()?;
    let stamps = r.u16()?;
    let stamps_per_reward = r.u16()?;
    let rewards_ready = r.u16()?;
    let shop_name = r.text()?;
    let display_name = r.text()?;
    let reward = r.text()?;
    let extras = if version == FORMAT_V3 { Some(parse_extras(&mut r)?) } else { None };
    if !r.0.is_empty() || stamps_per_reward == 0 {
        return None;
    }
    Some(CardClaims {
        card_id,
        sequence,
        issued_at,
        stamps,
        stamps_per_reward,
        rewards_ready,
        shop_name,
        display_name,
        reward,
        extras,
    })
}

/// The format 3 fields after the reward text, refused unless canonical (see the layout table).
fn parse_extras(r: &mut Reader<'_>) -> Option<CardExtras> {
    let code = r.take(REFERRAL_CODE_LEN)?.iter().fold(0u64, |bits, &b| (bits << 8) | u64::from(b));
    let tier = r.text()?;
    let next_tier = r.text()?;
    let visits_to_next = r.take(1)?[0];
    let canonical = code <= MAX_REFERRAL_CODE && (visits_to_next == 0) == next_tier.is_empty();
    canonical.then_some(CardExtras { referral_code: code, tier, next_tier, visits_to_next })
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_be_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_be_bytes(self.take(2)?.try_into().ok()?))
    }
    fn text(&mut self) -> Option<String> {
        let len = usize::from(*self.take(1)?.first()?);
        let bytes = self.take(len)?;
        core::str::from_utf8(bytes).ok().map(String::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_adds_up() {
        assert_eq!(FIXED_LEN, 38);
        assert_eq!(TEXT_BUDGET, 123);
        assert_eq!(TEXT_BUDGET_V3, 145);
        const { assert!(MAX_SHOP_NAME_BYTES + MAX_DISPLAY_NAME_BYTES < TEXT_BUDGET) };
        // Format 3 leaves the reward at least as many bytes as a format 2 card whose texts all
        // take their most, less a little: 145 − 40 − 24 − 2 × 24 = 33.
        const { assert!(TEXT_BUDGET_V3 - MAX_SHOP_NAME_BYTES - MAX_DISPLAY_NAME_BYTES - 2 * MAX_TIER_NAME_BYTES >= 32) };
    }
}
