//! The shop's keys: the public key that verifies cards (shown in Settings and given to the
//! widget) and the key pair that signs them, whose secret never leaves the shop's device.

use alloc::string::String;
use core::fmt;
use core::str::FromStr;

use ed25519_dalek::{SigningKey, VerifyingKey};
use sha2::{Digest, Sha512};

use crate::{b64, CardError, CardId, Fingerprint, CARD_ID_CONTEXT, CARD_ID_LEN, KEY_ID_LEN};

/// The shop's public key, as shown in Settings and in the widget's `data-shop-key`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey {
    pub(crate) key: VerifyingKey,
    pub(crate) id: [u8; KEY_ID_LEN],
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

    /// The key id written into tokens: first 8 bytes of SHA-512 of the key (format 1 tokens
    /// carry all 8, format 2 the first [`KEY_ID_LEN_V2`](crate::KEY_ID_LEN_V2)).
    pub fn key_id(&self) -> [u8; KEY_ID_LEN] {
        self.id
    }

    /// What a person compares to know which key this is ("ABCD-EFGH-JKMN-PQRS").
    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint::of(self.key.as_bytes())
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
    pub(crate) signing: SigningKey,
    pub(crate) public: PublicKey,
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

    /// The opaque card id of the customer with record id `record_id`: the first 16 bytes of
    /// SHA-512 over a domain-separation prefix, the shop's secret and the record id. The same
    /// for every card of that customer, so a newer card can replace an older one; without the
    /// secret it cannot be linked to the record id (or to the same customer at another shop).
    /// The secret is at a fixed offset and the output truncated, so the hash's length extension
    /// is of no use to anyone.
    pub fn card_id(&self, record_id: &[u8]) -> CardId {
        let mut hash = Sha512::new();
        hash.update(CARD_ID_CONTEXT);
        hash.update(self.signing.as_bytes());
        hash.update(record_id);
        let digest = hash.finalize();
        let mut id = [0; CARD_ID_LEN];
        id.copy_from_slice(&digest[..CARD_ID_LEN]);
        id
    }
}

impl fmt::Debug for ShopKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ShopKey({})", self.public_key_text())
    }
}
