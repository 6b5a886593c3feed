//! The wasm card verifier shared by the customer's card page (`web/page.js`) and the "Your
//! rewards" widget (`web/widget.js`).
//!
//! Both verify with the browser's WebCrypto where it has Ed25519 and load this module only where
//! it does not (`web/core.js`). It is `mohar-card`'s own [`verify`] with nothing around it: the
//! strict checks (canonical base64url, format version, key id, `verify_strict` signature, exact
//! payload) are the ones the counter makes, and the rendering, texts and "which card is newer"
//! live in the shared JavaScript, so both paths show a card the same way.
//!
//! [`verify`] returns the card as a plain object with the fields `web/core.js` reads (the same
//! names its WebCrypto path produces), or the name of the [`CardError`] as a string. Built by
//! hand with `Reflect::set`: serde and `format!` would cost KBs of wasm here.

use mohar_card::{CardClaims, CardError, PublicKey};
use wasm_bindgen::prelude::*;

/// Lower-case hexadecimal of `bytes` (the card id, compared as a string in JavaScript).
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    bytes
        .iter()
        .flat_map(|b| [DIGITS[usize::from(b >> 4)], DIGITS[usize::from(b & 15)]])
        .map(char::from)
        .collect()
}

/// The fingerprint of `key` as `ABCD-EFGH-JKMN-PQRS`.
fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint().groups().join("-")
}

/// The error's variant name, as the WebCrypto path names its errors.
fn error_name(error: CardError) -> &'static str {
    match error {
        CardError::Empty => "Empty",
        CardError::TooLong => "TooLong",
        CardError::Malformed => "Malformed",
        CardError::TooShort => "TooShort",
        CardError::UnsupportedVersion(_) => "UnsupportedVersion",
        CardError::WrongShop => "WrongShop",
        CardError::BadSignature => "BadSignature",
        CardError::InvalidClaims => "InvalidClaims",
        CardError::InvalidPublicKey => "InvalidPublicKey",
    }
}

/// The claims as the object `web/core.js` renders.
fn to_object(card: &CardClaims, fp: &str) -> JsValue {
    let object = js_sys::Object::new();
    let set = |name: &str, value: JsValue| {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(name), &value);
    };
    set("id", hex(&card.card_id).into());
    set("seq", card.sequence.map_or(JsValue::NULL, JsValue::from));
    set("at", card.issued_at.into());
    set("stamps", card.stamps.into());
    set("per", card.stamps_per_reward.into());
    set("ready", card.rewards_ready.into());
    set("shop", card.shop_name.as_str().into());
    set("name", card.display_name.as_str().into());
    set("reward", card.reward.as_str().into());
    // Format 3: the referral code's 35 bits (a JavaScript number holds them exactly; core.js
    // writes them as `4K7Q-M2P`, one writer for both paths) and the tier. Left out otherwise,
    // as the WebCrypto path leaves them out.
    if let Some(x) = &card.extras {
        set("code", (x.referral_code as f64).into());
        set("tier", x.tier.as_str().into());
        set("next", x.next_tier.as_str().into());
        set("need", x.visits_to_next.into());
    }
    set("fp", fp.into());
    object.into()
}

/// Verifies `token` against the shop key `key_text`: the card object, or the error's name.
#[wasm_bindgen]
pub fn verify(key_text: &str, token: &str) -> JsValue {
    let checked = PublicKey::from_text(key_text).and_then(|key| Ok((mohar_card::verify(&key, token)?, key)));
    match checked {
        Ok((card, key)) => to_object(&card, &fingerprint(&key)),
        Err(error) => error_name(error).into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_lower_case_and_two_digits_a_byte() {
        assert_eq!(hex(&[0, 1, 0xab, 0xff]), "0001abff");
        assert_eq!(hex(&[]), "");
    }

    #[test]
    fn the_fingerprint_reads_as_the_app_shows_it() {
        let key = mohar_card::ShopKey::generate([3; 32]).public_key();
        assert_eq!(fingerprint(&key), key.fingerprint().to_string());
    }
}
