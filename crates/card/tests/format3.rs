//! Format 3 tokens (the referral code and the tier, issue 10): round trip and layout, tamper
//! resistance, the worst case within 340 characters, non-canonical fields refused although
//! correctly signed, and cards made by the app before format 3 (fixed tokens) still verifying.

use ed25519_dalek::{Signer, SigningKey};
use mohar_card::*;

mod common;
use common::{assert_every_byte_change_is_rejected, b64, unb64, SEED};

fn extras() -> CardExtras {
    CardExtras { referral_code: 0x4_5A5A_5A5A, tier: "Gold".into(), next_tier: "Platinum".into(), visits_to_next: 2 }
}

/// The shared test card (tests/common) with the format 3 extras.
fn claims() -> CardClaims {
    CardClaims { extras: Some(extras()), ..common::claims() }
}

/// Tokens the app issued before format 3, for `ShopKey::generate(SEED)` and the claims above
/// without extras: format 2 (`mohar-card --example issue` at commit e6cf0c8) and format 1.
/// Fixed here so a change of the encoder cannot silently change what old links say.
const OLD_V2: &str = "Ar3eY50wMTIzNDU2Nzg5YWJjZGVmAAAADGki-mAABwAKAAERU2hhcm1hIENoYWkgU3RhbGwFUHJpeWELMSBmcmVlIGNoYWkbvXXyVryTv6afptXfaLIQ75EHkCkzybm9wyNQra-7Xflx7ONXztMET17shKxxQa7uohQqVFjpj0Vqb9ChwfUL";
const OLD_V1: &str = "Ab3eY51YtCPuMDEyMzQ1Njc4OWFiY2RlZmki-mAABwAKAAERU2hhcm1hIENoYWkgU3RhbGwFUHJpeWELMSBmcmVlIGNoYWm2E89H0tAyDxsWgkBbpz3e5UxBRcZEmmNnlLzLJuRPSDqU_FyIzOanneuJWmbgENyMEoVXnaZPO01_c5nnpVoG";

#[test]
fn cards_made_before_format_3_still_verify() {
    let public = ShopKey::generate(SEED).public_key();
    let v2 = verify(&public, OLD_V2).unwrap();
    assert_eq!(v2, CardClaims { extras: None, ..claims() });
    let v1 = verify(&public, OLD_V1).unwrap();
    assert_eq!(v1, CardClaims { extras: None, sequence: None, ..claims() });
    // Today's issue still writes format 2 for a card without extras, byte for byte.
    let key = ShopKey::generate(SEED);
    assert_eq!(issue(&key, &CardClaims { extras: None, ..claims() }), OLD_V2);
    assert_eq!(issue_v1(&key, &claims()), OLD_V1);
}

#[test]
fn round_trip_and_layout() {
    let key = ShopKey::generate(SEED);
    let token = issue(&key, &claims());
    assert_eq!(verify(&key.public_key(), &token), Ok(claims()));
    let bytes = unb64(&token);
    assert_eq!(bytes[0], FORMAT_V3);
    assert_eq!(bytes[1..5], key.public_key().key_id()[..4]);
    assert_eq!(bytes[21..25], 12u32.to_be_bytes());
    // After the three texts of format 2: the code in 5 bytes, the two tier names, the count.
    let v2_len = unb64(&issue(&key, &CardClaims { extras: None, ..claims() })).len();
    let extra = &bytes[v2_len - 64..bytes.len() - 64];
    assert_eq!(extra, [&[0x04, 0x5a, 0x5a, 0x5a, 0x5a, 4][..], b"Gold", &[8], b"Platinum", &[2]].concat());
}

#[test]
fn every_single_byte_change_is_rejected() {
    let key = ShopKey::generate(SEED);
    assert_every_byte_change_is_rejected(&key.public_key(), &issue(&key, &claims()));
}

#[test]
fn worst_case_fits_in_340_characters_and_leaves_the_reward_room() {
    let key = ShopKey::generate(SEED);
    let long = |s: &str| s.repeat(100);
    for text in [long("प्रियंका "), long("😀"), long("x")] {
        let c = CardClaims {
            shop_name: text.clone(),
            display_name: text.clone(),
            reward: text.clone(),
            extras: Some(CardExtras { referral_code: u64::MAX, tier: text.clone(), next_tier: text.clone(), visits_to_next: 255 }),
            ..claims()
        };
        let token = issue(&key, &c);
        assert!(token.len() <= MAX_TOKEN_LEN, "{} chars", token.len());
        let back = verify(&key.public_key(), &token).unwrap();
        assert_eq!(back, c.normalized());
        let x = back.extras.unwrap();
        assert_eq!(x.referral_code, MAX_REFERRAL_CODE);
        assert!(x.tier.len() <= MAX_TIER_NAME_BYTES && !x.tier.is_empty());
        // Every text at its most still leaves the reward 33 bytes less what a cluster cut takes.
        assert!(back.reward.len() >= 33 - 12, "{:?}", back.reward);
    }
}

#[test]
fn issue_writes_the_extras_canonically() {
    let normal = |x: CardExtras| CardClaims { extras: Some(x), ..claims() }.normalized().extras.unwrap();
    // No count: no next tier; a count without a next tier: no count.
    assert_eq!(normal(CardExtras { visits_to_next: 0, ..extras() }), CardExtras { next_tier: "".into(), visits_to_next: 0, ..extras() });
    assert_eq!(normal(CardExtras { next_tier: "".into(), ..extras() }), CardExtras { next_tier: "".into(), visits_to_next: 0, ..extras() });
    assert_eq!(normal(CardExtras { referral_code: (1 << 40) | 5, ..extras() }).referral_code, 5);
    // No tier at all is a card with a code alone.
    let bare = CardExtras { referral_code: 1, ..CardExtras::default() };
    let key = ShopKey::generate(SEED);
    let back = verify(&key.public_key(), &issue(&key, &CardClaims { extras: Some(bare.clone()), ..claims() })).unwrap();
    assert_eq!(back.extras, Some(bare));
}

/// A format 3 token over `extra` (the bytes after the reward text), correctly signed.
fn signed_with(extra: &[u8]) -> String {
    let key = ShopKey::generate(SEED);
    let mut payload = unb64(&issue(&key, &CardClaims { extras: None, ..claims() }));
    payload.truncate(payload.len() - 64);
    payload[0] = FORMAT_V3;
    payload.extend_from_slice(extra);
    let signature = SigningKey::from_bytes(&SEED).sign(&[&b"mohar-card/v1\0"[..], &payload].concat());
    payload.extend_from_slice(&signature.to_bytes());
    b64(&payload)
}

#[test]
fn correctly_signed_but_not_canonical_is_refused() {
    let public = ShopKey::generate(SEED).public_key();
    // The hand-made payload itself is read (so the refusals below are about their one change).
    let good = signed_with(&[0, 0, 0, 0, 1, 1, b'G', 1, b'P', 3]);
    assert!(verify(&public, &good).is_ok());
    for extra in [
        &[8, 0, 0, 0, 1, 1, b'G', 1, b'P', 3][..], // a code of more than 35 bits
        &[0, 0, 0, 0, 1, 1, b'G', 1, b'P', 0],     // a next tier without a count
        &[0, 0, 0, 0, 1, 1, b'G', 0, 3],           // a count without a next tier
        &[0, 0, 0, 0, 1, 1, b'G', 1, b'P'],        // the count left out
        &[0, 0, 0, 0, 1, 1, b'G', 1, b'P', 3, 0],  // a byte left over
        &[0, 0, 0, 0, 1, 1, 0xff, 0, 0],           // a tier name that is no UTF-8
        &[0, 0, 0, 0],                             // the code cut short
    ] {
        assert_eq!(verify(&public, &signed_with(extra)), Err(CardError::InvalidClaims), "{extra:?}");
    }
}
