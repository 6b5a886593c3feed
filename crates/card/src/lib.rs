//! Signed loyalty stamp cards, with no server.
//!
//! The shop's device holds an Ed25519 [`ShopKey`]. At the counter it [`issue`]s a card token for a
//! customer: a compact, signed snapshot of their stamp card ([`CardClaims`]) as at most
//! [`MAX_TOKEN_LEN`] base64url characters, short enough for a QR code and a WhatsApp message.
//! Anyone with the shop's public key ([`PublicKey`], e.g. the website widget) can [`verify`] it.
//! A token carries a random card id and a display name, never the customer's phone number.
//!
//! Pure Rust, no I/O, no clock, no random source: the key seed, the card id and `issued_at` are
//! arguments. Verification never panics, whatever the input.
//!
//! # Token layout (format version 1)
//!
//! `base64url_nopad(payload || signature)`, where the signature is Ed25519 (RFC 8032, checked with
//! `verify_strict`) by the shop key over `b"mohar-card/v1\0" || payload`, and the payload is:
//!
//! | offset | size | field |
//! | --- | --- | --- |
//! | 0 | 1 | format version, `1` |
//! | 1 | 8 | shop key id: first 8 bytes of SHA-512(public key) |
//! | 9 | 16 | card id (random, chosen by the shop device) |
//! | 25 | 4 | issued at, seconds since the Unix epoch, u32 big-endian |
//! | 29 | 2 | stamps on the card, u16 BE |
//! | 31 | 2 | stamps per reward, u16 BE, ≥ 1 |
//! | 33 | 2 | rewards ready, u16 BE |
//! | 35 | 1+n | shop name: length byte, UTF-8 |
//! | … | 1+n | customer display name: length byte, UTF-8 |
//! | … | 1+n | reward text: length byte, UTF-8 |
//!
//! followed by the 64-byte signature. Fixed part 38 bytes + 64 signature leaves
//! [`TEXT_BUDGET`] = 123 bytes for the three texts, so the token is at most 225 bytes =
//! 300 characters. [`issue`] truncates the texts on character (and, for Indic scripts, cluster)
//! boundaries to fit: shop name ≤ 40 bytes, display name ≤ 24 bytes, reward text the rest.

#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]

extern crate alloc;

mod b64;

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::str::FromStr;

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha512};

/// Format version written by [`issue`] and the only one [`verify`] accepts.
pub const FORMAT_VERSION: u8 = 1;
/// A token is never longer than this many characters.
pub const MAX_TOKEN_LEN: usize = 300;
/// Length of a card id in bytes.
pub const CARD_ID_LEN: usize = 16;
/// Length of a shop key id in bytes.
pub const KEY_ID_LEN: usize = 8;
/// Bytes of the fixed-size part of the payload (including the three length bytes).
const FIXED_LEN: usize = 1 + KEY_ID_LEN + CARD_ID_LEN + 4 + 2 + 2 + 2 + 3;
const SIGNATURE_LEN: usize = 64;
/// Bytes available to the shop name, display name and reward text together.
pub const TEXT_BUDGET: usize = MAX_TOKEN_LEN * 3 / 4 - SIGNATURE_LEN - FIXED_LEN;
/// Most bytes of UTF-8 kept of the shop name.
pub const MAX_SHOP_NAME_BYTES: usize = 40;
/// Most bytes of UTF-8 kept of the customer's display name.
pub const MAX_DISPLAY_NAME_BYTES: usize = 24;
/// Prefix of the signed message, so a card signature can never be confused with another use of
/// the same key.
const SIGNING_CONTEXT: &[u8] = b"mohar-card/v1\0";

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

/// A random card id (not derived from the phone number).
pub type CardId = [u8; CARD_ID_LEN];

/// What a card says: a snapshot of one customer's stamp card at `issued_at`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CardClaims {
    /// Random id of this customer's card, stable across re-issues for the same customer.
    pub card_id: CardId,
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
}

impl CardClaims {
    /// Whether this card should replace `other` in the customer's keeping: it was issued later.
    /// At the same second, a different card id wins by the larger id, so that of any two cards
    /// exactly one is newer unless they are the same card at the same time (then neither is, and
    /// the one already kept stays).
    pub fn is_newer_than(&self, other: &CardClaims) -> bool {
        (self.issued_at, self.card_id) > (other.issued_at, other.card_id)
    }

    /// Stamps still to collect before the next reward (1..=stamps_per_reward).
    pub fn stamps_to_next_reward(&self) -> u16 {
        let per = self.stamps_per_reward.max(1);
        per - self.stamps % per
    }

    /// The claims exactly as [`issue`] writes them: texts truncated to fit, and
    /// `stamps_per_reward` at least 1. `verify(issue(k, c))` returns `c.normalized()`.
    pub fn normalized(&self) -> CardClaims {
        let shop_name = truncate_str(&self.shop_name, MAX_SHOP_NAME_BYTES);
        let display_name = truncate_str(&self.display_name, MAX_DISPLAY_NAME_BYTES);
        let reward_budget = TEXT_BUDGET - shop_name.len() - display_name.len();
        let reward = truncate_str(&self.reward, reward_budget);
        CardClaims {
            card_id: self.card_id,
            issued_at: self.issued_at,
            stamps: self.stamps,
            stamps_per_reward: self.stamps_per_reward.max(1),
            rewards_ready: self.rewards_ready,
            shop_name: shop_name.into(),
            display_name: display_name.into(),
            reward: reward.into(),
        }
    }
}

/// The longest prefix of `text` of at most `max` bytes that ends on a character boundary and does
/// not split a Devanagari/Bengali cluster (a consonant from its vowel sign, a virama from the
/// consonant after it) or a combining mark from its base.
pub fn truncate_str(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    // Back off while the cut would leave a mark without its base or a dangling joiner.
    loop {
        let next = text[end..].chars().next();
        let last = text[..end].chars().next_back();
        match (last, next) {
            (Some(l), Some(n)) if is_extending(n) || is_joining(l) => end -= l.len_utf8(),
            _ => break,
        }
    }
    text[..end].trim_end()
}

/// Characters that attach to the character before them (combining marks, Indic vowel signs,
/// viramas, nukta, ZWJ/ZWNJ, variation selectors).
fn is_extending(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F            // combining diacritics
        | 0x0900..=0x0903          // Devanagari candrabindu, anusvara, visarga
        | 0x093A..=0x093C          // Devanagari signs, nukta
        | 0x093E..=0x094F          // Devanagari vowel signs, virama
        | 0x0951..=0x0957
        | 0x0962..=0x0963
        | 0x0981..=0x0983          // Bengali candrabindu, anusvara, visarga
        | 0x09BC
        | 0x09BE..=0x09CD          // Bengali vowel signs, virama
        | 0x09D7
        | 0x09E2..=0x09E3
        | 0x200C..=0x200D          // ZWNJ, ZWJ
        | 0xFE00..=0xFE0F          // variation selectors
    )
}

/// Characters that join with the character after them (viramas and ZWJ).
fn is_joining(c: char) -> bool {
    matches!(c as u32, 0x094D | 0x09CD | 0x200D)
}

/// The shop's public key, as shown in Settings and in the widget's `data-shop-key`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey {
    key: VerifyingKey,
    id: [u8; KEY_ID_LEN],
}

impl PublicKey {
    /// The key from its 32 bytes.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<PublicKey, CardError> {
        let key = VerifyingKey::from_bytes(bytes).map_err(|_| CardError::InvalidPublicKey)?;
        Ok(PublicKey { key, id: key_id(bytes) })
    }

    /// The key from its text form (43 base64url characters).
    pub fn from_text(text: &str) -> Result<PublicKey, CardError> {
        let bytes = b64::decode(text.trim()).ok_or(CardError::InvalidPublicKey)?;
        let bytes: [u8; 32] = bytes.try_into().map_err(|_| CardError::InvalidPublicKey)?;
        PublicKey::from_bytes(&bytes)
    }

    /// The 32 bytes.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.key.to_bytes()
    }

    /// The text form: 43 base64url characters.
    pub fn to_text(&self) -> String {
        b64::encode(self.key.as_bytes())
    }

    /// The key id written into tokens: first 8 bytes of SHA-512 of the key.
    pub fn key_id(&self) -> [u8; KEY_ID_LEN] {
        self.id
    }
}

impl FromStr for PublicKey {
    type Err = CardError;
    fn from_str(text: &str) -> Result<PublicKey, CardError> {
        PublicKey::from_text(text)
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_text())
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.to_text())
    }
}

fn key_id(public: &[u8; 32]) -> [u8; KEY_ID_LEN] {
    let digest = Sha512::digest(public);
    let mut id = [0; KEY_ID_LEN];
    id.copy_from_slice(&digest[..KEY_ID_LEN]);
    id
}

/// The shop's Ed25519 key pair. Its secret is 32 bytes (the RFC 8032 seed), which the app keeps
/// in IndexedDB; this type does no I/O and has no random source.
#[derive(Clone)]
pub struct ShopKey {
    signing: SigningKey,
    public: PublicKey,
}

impl ShopKey {
    /// A new key pair from 32 fresh random bytes (e.g. from `crypto.getRandomValues`).
    pub fn generate(seed: [u8; 32]) -> ShopKey {
        ShopKey::from_secret_bytes(&seed)
    }

    /// The key pair from its stored secret bytes (the same as the seed it was generated from).
    pub fn from_secret_bytes(secret: &[u8; 32]) -> ShopKey {
        let signing = SigningKey::from_bytes(secret);
        let bytes = signing.verifying_key().to_bytes();
        let public = PublicKey { key: signing.verifying_key(), id: key_id(&bytes) };
        ShopKey { signing, public }
    }

    /// The secret bytes, to store.
    pub fn secret_bytes(&self) -> [u8; 32] {
        self.signing.to_bytes()
    }

    /// The public key.
    pub fn public_key(&self) -> PublicKey {
        self.public
    }

    /// The public key as text (43 base64url characters), for Settings and the embed code.
    pub fn public_key_text(&self) -> String {
        self.public.to_text()
    }
}

impl fmt::Debug for ShopKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ShopKey({})", self.public_key_text())
    }
}

/// The signed token for `claims` (as [`CardClaims::normalized`]), at most [`MAX_TOKEN_LEN`]
/// base64url characters.
pub fn issue(key: &ShopKey, claims: &CardClaims) -> String {
    let c = claims.normalized();
    let mut payload = Vec::with_capacity(MAX_TOKEN_LEN * 3 / 4);
    payload.push(FORMAT_VERSION);
    payload.extend_from_slice(&key.public.id);
    payload.extend_from_slice(&c.card_id);
    payload.extend_from_slice(&c.issued_at.to_be_bytes());
    payload.extend_from_slice(&c.stamps.to_be_bytes());
    payload.extend_from_slice(&c.stamps_per_reward.to_be_bytes());
    payload.extend_from_slice(&c.rewards_ready.to_be_bytes());
    for text in [&c.shop_name, &c.display_name, &c.reward] {
        payload.push(text.len() as u8); // ≤ TEXT_BUDGET < 256 after normalizing
        payload.extend_from_slice(text.as_bytes());
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
    if bytes.len() < FIXED_LEN + SIGNATURE_LEN {
        // Check the version first if there is one, so a future format gets the right error.
        return Err(match bytes.first() {
            Some(&v) if v != FORMAT_VERSION => CardError::UnsupportedVersion(v),
            _ => CardError::TooShort,
        });
    }
    if bytes[0] != FORMAT_VERSION {
        return Err(CardError::UnsupportedVersion(bytes[0]));
    }
    if bytes[1..1 + KEY_ID_LEN] != key.id {
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
    r.take(1 + KEY_ID_LEN)?;
    let card_id: CardId = r.take(CARD_ID_LEN)?.try_into().ok()?;
    let issued_at = u32::from_be_bytes(r.take(4)?.try_into().ok()?);
    let stamps = r.u16()?;
    let stamps_per_reward = r.u16()?;
    let rewards_ready = r.u16()?;
    let shop_name = r.text()?;
    let display_name = r.text()?;
    let reward = r.text()?;
    if !r.0.is_empty() || stamps_per_reward == 0 {
        return None;
    }
    Some(CardClaims {
        card_id,
        issued_at,
        stamps,
        stamps_per_reward,
        rewards_ready,
        shop_name,
        display_name,
        reward,
    })
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
        const { assert!(MAX_SHOP_NAME_BYTES + MAX_DISPLAY_NAME_BYTES < TEXT_BUDGET) };
    }

    #[test]
    fn truncation_keeps_clusters() {
        assert_eq!(truncate_str("abc", 10), "abc");
        assert_eq!(truncate_str("abcdef", 3), "abc");
        // "की" = क + ि (vowel sign): never cut between them.
        let ki = "की";
        assert_eq!(truncate_str(ki, 3), "");
        // "क्ष" = क + ् + ष: never end on the virama.
        assert_eq!(truncate_str("क्ष", 6), "");
        assert_eq!(truncate_str("aक्ष", 7), "a");
        // A multi-byte char is never split.
        assert_eq!(truncate_str("éé", 3), "é");
    }
}
