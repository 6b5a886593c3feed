//! Adding a device (issue 14): the owner's device shows a pairing QR code and a 6-digit code;
//! the new device reads the QR (or the same text, pasted) and the owner types the code on it.
//!
//! The QR holds the sync settings and the shop's card key **sealed** with a key derived from
//! the code (PBKDF2-SHA-256 then AES-256-GCM, by the browser's WebCrypto in
//! `app/backup_crypto.rs`, the same as a backup's passphrase), so a photo of the QR alone opens
//! nothing. The code is never in the QR; it is shown beside it and typed by a person. This
//! module is the pure part: the code, the payload, and the text in the QR.
//!
//! The text is `mohar-pair:1:` + base64url(salt ‖ nonce ‖ sealed payload): short enough for a
//! QR code a tablet's camera reads at arm's length, and a plain line that survives being
//! pasted through a chat.

use serde::{Deserialize, Serialize};

use super::settings::SyncSettings;

/// What every pairing text starts with (its version is the number).
pub const PAIRING_PREFIX: &str = "mohar-pair:1:";
/// The digits of a pairing code.
pub const CODE_DIGITS: usize = 6;
/// The PBKDF2 salt's length.
pub const PAIRING_SALT_LEN: usize = 16;
/// The AES-GCM nonce's length.
pub const PAIRING_NONCE_LEN: usize = 12;
/// The associated data the sealed payload is bound to, so a pairing text is not taken for any
/// other sealed value of the app (a backup's key).
pub const PAIRING_AAD: &str = "mohar-pair:1";

/// What a new device receives: where the shop syncs, and the shop's card key (so the cards it
/// shows and the links it makes are the shop's own).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairingPayload {
    /// The shop's sync settings.
    pub settings: SyncSettings,
    /// The shop's card-key secret, as 64 hex digits.
    pub shop_key: String,
}

impl PairingPayload {
    /// The payload of `settings` and the card key `secret`.
    pub fn new(settings: SyncSettings, secret: &[u8; 32]) -> PairingPayload {
        PairingPayload { settings, shop_key: secret.iter().map(|byte| format!("{byte:02x}")).collect() }
    }

    /// The card-key secret, or `None` when it is not 64 hex digits.
    pub fn secret(&self) -> Option<[u8; 32]> {
        let text = self.shop_key.as_bytes();
        if text.len() != 64 {
            return None;
        }
        let mut secret = [0u8; 32];
        for (byte, pair) in secret.iter_mut().zip(text.chunks(2)) {
            *byte = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
        }
        Some(secret)
    }

    /// The payload as the bytes that are sealed.
    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// The payload from opened bytes; a payload whose settings or key are not valid is
    /// [`PairingError::Damaged`].
    pub fn from_bytes(bytes: &[u8]) -> Result<PairingPayload, PairingError> {
        let payload: PairingPayload = serde_json::from_slice(bytes).map_err(|_| PairingError::Damaged)?;
        if payload.secret().is_none() || payload.settings.checked().is_err() {
            return Err(PairingError::Damaged);
        }
        Ok(payload)
    }
}

/// Why a pairing did not go through. Each is shown to the person at the new device.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PairingError {
    /// The scanned or pasted text holds no pairing text.
    #[error("this is not a Mohar pairing code")]
    NotPairingText,
    /// The typed code is not six digits.
    #[error("the code must be six digits")]
    CodeNotSixDigits,
    /// The code does not open the pairing text (mistyped, or the text of another pairing).
    #[error("the code does not match this pairing code")]
    WrongCode,
    /// The text opened but what it holds cannot be used (cut off, or of another version).
    #[error("the pairing code is damaged")]
    Damaged,
}

/// A pairing code from four random bytes: six digits, leading zeros kept. (The tiny bias of
/// 2³² mod 10⁶ does not matter for a code valid for one pairing.)
pub fn pairing_code(random: [u8; 4]) -> String {
    format!("{:06}", u32::from_le_bytes(random) % 1_000_000)
}

/// The code as typed (spaces, dashes and Indian-script digits allowed), as six ASCII digits.
pub fn typed_code(typed: &str) -> Result<String, PairingError> {
    let digits: String = crate::domain::search::ascii_digits(typed).chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    if digits.len() == CODE_DIGITS && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(digits)
    } else {
        Err(PairingError::CodeNotSixDigits)
    }
}

/// The sealed payload and what opens it with the code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SealedPairing {
    /// PBKDF2 salt ([`PAIRING_SALT_LEN`] bytes).
    pub salt: Vec<u8>,
    /// AES-GCM nonce ([`PAIRING_NONCE_LEN`] bytes).
    pub nonce: Vec<u8>,
    /// The sealed payload and its tag.
    pub sealed: Vec<u8>,
}

impl SealedPairing {
    /// The text in the QR code.
    pub fn to_text(&self) -> String {
        let mut bytes = Vec::with_capacity(self.salt.len() + self.nonce.len() + self.sealed.len());
        bytes.extend_from_slice(&self.salt);
        bytes.extend_from_slice(&self.nonce);
        bytes.extend_from_slice(&self.sealed);
        format!("{PAIRING_PREFIX}{}", mohar_card::b64::encode(&bytes))
    }

    /// Finds a pairing text in what was scanned or pasted (other words around it are fine).
    pub fn find_in(text: &str) -> Result<SealedPairing, PairingError> {
        let start = text.find(PAIRING_PREFIX).ok_or(PairingError::NotPairingText)?;
        let rest = &text[start + PAIRING_PREFIX.len()..];
        let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).unwrap_or(rest.len());
        let bytes = mohar_card::b64::decode(&rest[..end]).ok_or(PairingError::Damaged)?;
        // The sealed part holds at least the 16-byte tag.
        if bytes.len() < PAIRING_SALT_LEN + PAIRING_NONCE_LEN + 16 {
            return Err(PairingError::Damaged);
        }
        let (salt, rest) = bytes.split_at(PAIRING_SALT_LEN);
        let (nonce, sealed) = rest.split_at(PAIRING_NONCE_LEN);
        Ok(SealedPairing { salt: salt.to_vec(), nonce: nonce.to_vec(), sealed: sealed.to_vec() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> SyncSettings {
        SyncSettings { server: "https://couch.example.in".into(), database: "shop_tea".into(), user: "tea".into(), password: "s3cret pass".into() }
    }

    #[test]
    fn a_code_is_six_digits_with_leading_zeros() {
        assert_eq!(pairing_code([0, 0, 0, 0]), "000000");
        assert_eq!(pairing_code(7u32.to_le_bytes()), "000007");
        assert_eq!(pairing_code(1_234_567u32.to_le_bytes()), "234567");
        assert!(pairing_code([0xff; 4]).len() == CODE_DIGITS);
    }

    #[test]
    fn a_typed_code_takes_spaces_and_indian_digits_and_refuses_anything_else() {
        assert_eq!(typed_code(" 123 456 "), Ok("123456".into()));
        assert_eq!(typed_code("१२३-४५६"), Ok("123456".into()));
        assert_eq!(typed_code("১২৩৪৫৬"), Ok("123456".into()));
        assert_eq!(typed_code("૧૨૩૪૫૬"), Ok("123456".into()));
        for bad in ["", "12345", "1234567", "12a456", "12.456"] {
            assert_eq!(typed_code(bad), Err(PairingError::CodeNotSixDigits), "{bad:?}");
        }
    }

    #[test]
    fn the_payload_round_trips_and_a_bad_key_or_settings_is_damaged() {
        let secret = [0xa5u8; 32];
        let payload = PairingPayload::new(settings(), &secret);
        assert_eq!(payload.secret(), Some(secret));
        assert_eq!(PairingPayload::from_bytes(&payload.to_bytes()), Ok(payload.clone()));
        let short = PairingPayload { shop_key: "ab".into(), ..payload.clone() };
        assert_eq!(PairingPayload::from_bytes(&short.to_bytes()), Err(PairingError::Damaged));
        let bad_settings = PairingPayload { settings: SyncSettings { server: "ftp://x".into(), ..settings() }, ..payload };
        assert_eq!(PairingPayload::from_bytes(&bad_settings.to_bytes()), Err(PairingError::Damaged));
        assert_eq!(PairingPayload::from_bytes(b"{"), Err(PairingError::Damaged));
    }

    #[test]
    fn the_text_round_trips_inside_other_words_and_refuses_what_is_not_one() {
        let sealed = SealedPairing { salt: vec![1; PAIRING_SALT_LEN], nonce: vec![2; PAIRING_NONCE_LEN], sealed: (0..=200).collect() };
        let text = sealed.to_text();
        assert!(text.starts_with(PAIRING_PREFIX));
        assert_eq!(SealedPairing::find_in(&text), Ok(sealed.clone()));
        assert_eq!(SealedPairing::find_in(&format!("Pair with this: {text}\nThanks")), Ok(sealed));
        assert_eq!(SealedPairing::find_in("https://example.in/card#abc"), Err(PairingError::NotPairingText));
        assert_eq!(SealedPairing::find_in("mohar-pair:1:AAAA"), Err(PairingError::Damaged));
        assert_eq!(SealedPairing::find_in("mohar-pair:1:*"), Err(PairingError::Damaged));
    }
}
