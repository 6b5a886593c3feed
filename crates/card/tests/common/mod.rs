//! What the token tests share (token.rs, format3.rs): the shop's key seed, the card they issue,
//! base64 both ways, and the check that every changed byte of a token is refused with the right
//! error. Each test file is its own crate, so a helper one of them does not use is dead there.
#![allow(dead_code)]

use base64::Engine as _;
use mohar_card::*;

/// The seed of the test shop's key (`ShopKey::generate(SEED)`).
pub const SEED: [u8; 32] = [7; 32];

/// A card with seven of ten stamps and a reward ready, without the format 3 extras.
pub fn claims() -> CardClaims {
    CardClaims {
        card_id: *b"0123456789abcdef",
        sequence: Some(12),
        issued_at: 1_763_900_000,
        stamps: 7,
        stamps_per_reward: 10,
        rewards_ready: 1,
        shop_name: "Sharma Chai Stall".into(),
        display_name: "Priya".into(),
        reward: "1 free chai".into(),
        extras: None,
    }
}

pub fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn unb64(text: &str) -> Vec<u8> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(text).unwrap()
}

/// The error `verify` owes for the token `bytes` with byte `i` changed by XOR with `x` (not 0).
fn expected_error(bytes: &[u8], i: usize, x: u8) -> CardError {
    // Format 1 names the shop by an 8-byte key id, formats 2 and 3 by its first 4 bytes.
    let key_id_len = if bytes[0] == FORMAT_V1 { 8 } else { 4 };
    match (i, bytes[0] ^ x) {
        // A format 2 or 3 token read as format 1: its 8-byte key id differs.
        (0, FORMAT_V1) => CardError::WrongShop,
        // Read as the other format with the same 4-byte key id: the signature decides.
        (0, FORMAT_VERSION | FORMAT_V3) => CardError::BadSignature,
        (0, v) => CardError::UnsupportedVersion(v),
        (i, _) if i <= key_id_len => CardError::WrongShop,
        _ => CardError::BadSignature,
    }
}

/// Changes every byte of `token` to each of its 255 other values and checks that `verify`
/// refuses each with the error that byte owes.
pub fn assert_every_byte_change_is_rejected(public: &PublicKey, token: &str) {
    let bytes = unb64(token);
    for i in 0..bytes.len() {
        for x in 1..=255u8 {
            let mut changed = bytes.clone();
            changed[i] ^= x;
            let err = verify(public, &b64(&changed)).unwrap_err();
            assert_eq!(err, expected_error(&bytes, i, x), "byte {i} ^ {x}");
        }
    }
}
