//! "Check a card" at the counter: is a card link someone shows really one of this shop's cards?
//!
//! The customer's phone can only check a card against the key its link names (`?shop=<key>`), so
//! a forger who signs with a key of their own gets a page that says the card verified. The
//! counter knows its own key: it checks the token against that key alone, and says either
//! "Genuine card of this shop" with what the card says, or "Not a card of this shop" with one
//! reason. Pure: the text and the keys are arguments.

use mohar_card::{verify, CardClaims, CardError, CardId, Fingerprint, PublicKey, ShopKey, MAX_TOKEN_LEN};

use super::card::{SHOP_PARAM, TOKEN_PARAM};
use super::ids::CustomerId;

/// What was found in the pasted (or scanned) text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardLink<'a> {
    /// The card token (the `mohar=` value).
    pub token: &'a str,
    /// The shop key the link names (`?shop=`), for links to the app's own card page.
    pub shop_key: Option<&'a str>,
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// The longest prefix of `text` made of base64url characters.
fn token_prefix(text: &str) -> &str {
    let end = text.find(|c: char| !is_token_char(c)).unwrap_or(text.len());
    &text[..end]
}

impl<'a> CardLink<'a> {
    /// Finds a card link in `text`: a whole card link, a message with one in it (as sent on
    /// WhatsApp), or a bare token. `None` if there is no card in it.
    pub fn find(text: &'a str) -> Option<CardLink<'a>> {
        let text = text.trim();
        let marker_at = ["#", "&"]
            .iter()
            .filter_map(|lead| text.find(&format!("{lead}{TOKEN_PARAM}=")).map(|at| at + lead.len()))
            .min();
        let Some(at) = marker_at else {
            // A bare token: nothing but base64url, and long enough to be one.
            let bare = !text.is_empty() && text.len() <= MAX_TOKEN_LEN && text.chars().all(is_token_char);
            return (bare && text.len() >= 64).then_some(CardLink { token: text, shop_key: None });
        };
        let token = token_prefix(&text[at + TOKEN_PARAM.len() + 1..]);
        // The shop key is a query parameter, before the fragment.
        let before = &text[..at];
        let query = before.rfind('?').map(|q| &before[q..]);
        let shop_key = query.and_then(|query| {
            let start = [format!("?{SHOP_PARAM}="), format!("&{SHOP_PARAM}=")]
                .iter()
                .filter_map(|needle| query.find(needle.as_str()).map(|at| at + needle.len()))
                .min()?;
            Some(token_prefix(&query[start..])).filter(|key| !key.is_empty())
        });
        Some(CardLink { token, shop_key })
    }
}

/// Why a text is not a card of this shop (one line each on the screen).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotGenuine {
    /// There is no card link in the text.
    NotACardLink,
    /// The card was signed by another key: another shop's card, or a forgery. Carries the
    /// fingerprint of the key the link names, when it names one that is not this shop's.
    OtherKey(Option<Fingerprint>),
    /// It claims to be this shop's card, but the signature does not match: changed after signing.
    Changed,
    /// The link is cut short or damaged (not a whole token).
    Damaged,
    /// A card format this version of the app does not know.
    UnknownFormat,
}

/// The outcome of checking a card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CardCheck {
    /// Signed by this shop's key, unchanged: what the card says.
    Genuine(CardClaims),
    /// Not a card of this shop, and why.
    NotThisShop(NotGenuine),
}

/// Checks the card in `text` against this shop's own public key only (never the key the link
/// names).
pub fn check_card(own: &PublicKey, text: &str) -> CardCheck {
    let Some(link) = CardLink::find(text) else {
        return CardCheck::NotThisShop(NotGenuine::NotACardLink);
    };
    let named = link.shop_key.and_then(|key| PublicKey::from_text(key).ok()).filter(|key| key != own);
    let reason = match verify(own, link.token) {
        Ok(claims) => return CardCheck::Genuine(claims),
        Err(CardError::WrongShop) => NotGenuine::OtherKey(named.map(|key| key.fingerprint())),
        // Our key id, but the signature does not match ours. If the key the link names signed it,
        // it is a forgery by a key ground to share our 4-byte key id; otherwise it was changed.
        Err(CardError::BadSignature) => match named {
            Some(key) if verify(&key, link.token).is_ok() => NotGenuine::OtherKey(Some(key.fingerprint())),
            _ => NotGenuine::Changed,
        },
        Err(CardError::InvalidClaims) => NotGenuine::Changed,
        Err(CardError::UnsupportedVersion(_)) => NotGenuine::UnknownFormat,
        Err(CardError::Empty | CardError::TooLong | CardError::Malformed | CardError::TooShort | CardError::InvalidPublicKey) => {
            NotGenuine::Damaged
        }
    };
    CardCheck::NotThisShop(reason)
}

/// The customer whose card has `card_id`, among `customers`: the one whose opaque card id it is
/// (or, for an old format 1 card, whose record id it is).
pub fn customer_of_card(key: &ShopKey, card_id: &CardId, customers: impl IntoIterator<Item = CustomerId>) -> Option<CustomerId> {
    customers.into_iter().find(|id| key.card_id(&id.0 .0) == *card_id || id.0 .0 == *card_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::card::{card_link, CardPage};
    use mohar_card::{issue, issue_v1};

    fn claims(card_id: CardId) -> CardClaims {
        CardClaims {
            card_id,
            sequence: Some(3),
            issued_at: 1_763_632_800,
            stamps: 5,
            stamps_per_reward: 10,
            rewards_ready: 1,
            shop_name: "Sharma Tea Stall".into(),
            display_name: "Asha".into(),
            reward: "1 free chai".into(),
            extras: None,
        }
    }

    fn app_link(key: &ShopKey, token: &str) -> String {
        let page = CardPage::App { app_url: "https://mohar.example/".into(), public_key: key.public_key_text() };
        card_link(&page, token)
    }

    #[test]
    fn finds_the_card_in_links_messages_and_bare_tokens() {
        let token = "A".repeat(80);
        let link = format!("https://m.example/?shop=KEY-_1#mohar={token}");
        assert_eq!(CardLink::find(&link), Some(CardLink { token: &token, shop_key: Some("KEY-_1") }));
        let message = format!("Hi Asha! 3 more for 1 free chai. Your card: {link} ");
        assert_eq!(CardLink::find(&message), Some(CardLink { token: &token, shop_key: Some("KEY-_1") }));
        let site = format!("https://shop.example/rewards?lang=hi#x=1&mohar={token}");
        assert_eq!(CardLink::find(&site), Some(CardLink { token: &token, shop_key: None }));
        let other_param = format!("https://m.example/?a=1&shop=K2#mohar={token}");
        assert_eq!(CardLink::find(&other_param).unwrap().shop_key, Some("K2"));
        assert_eq!(CardLink::find(&format!("  {token}\n")), Some(CardLink { token: &token, shop_key: None }));
        for nothing in ["", "hello", "https://m.example/?shop=K", "https://m.example/#/customer/ab", "AAAA"] {
            assert_eq!(CardLink::find(nothing), None, "{nothing}");
        }
        assert_eq!(CardLink::find("https://m.example/#mohar="), Some(CardLink { token: "", shop_key: None }));
    }

    #[test]
    fn a_genuine_card_of_this_shop() {
        let shop = ShopKey::generate([1; 32]);
        let token = issue(&shop, &claims([7; 16]));
        let expected = CardCheck::Genuine(claims([7; 16]));
        assert_eq!(check_card(&shop.public_key(), &app_link(&shop, &token)), expected);
        assert_eq!(check_card(&shop.public_key(), &format!("https://shop.example/r#mohar={token}")), expected);
        assert_eq!(check_card(&shop.public_key(), &token), expected);
        // Links to the card page (card/) and links of the format before it (the app itself).
        assert!(app_link(&shop, &token).contains("/card/?shop="));
        let before = format!("https://mohar.example/index.html?shop={}#mohar={token}", shop.public_key_text());
        assert_eq!(check_card(&shop.public_key(), &before), expected);
        // An old format 1 card is genuine too.
        let old = issue_v1(&shop, &claims([7; 16]));
        assert_eq!(check_card(&shop.public_key(), &app_link(&shop, &old)), CardCheck::Genuine(CardClaims { sequence: None, ..claims([7; 16]) }));
    }

    #[test]
    fn a_card_signed_by_another_key_is_not_this_shops_even_if_its_link_says_so() {
        let shop = ShopKey::generate([1; 32]);
        let forger = ShopKey::generate([2; 32]);
        let own = shop.public_key();
        // Signed by the forger and linked with the forger's key: the phone's card page would
        // verify it, the counter does not.
        let forged = issue(&forger, &claims([7; 16]));
        let fp = Some(forger.public_key().fingerprint());
        assert_eq!(check_card(&own, &app_link(&forger, &forged)), CardCheck::NotThisShop(NotGenuine::OtherKey(fp)));
        // With our key id copied in after signing, no key's signature matches: changed.
        let mut bytes = forged_bytes(&forged);
        bytes[1..5].copy_from_slice(&own.key_id()[..4]);
        let copied = encode(&bytes);
        assert_eq!(check_card(&own, &app_link(&forger, &copied)), CardCheck::NotThisShop(NotGenuine::Changed));
        // Linked with our own key: the link names no other key.
        assert_eq!(check_card(&own, &app_link(&shop, &forged)), CardCheck::NotThisShop(NotGenuine::OtherKey(None)));
        assert_eq!(check_card(&own, &app_link(&shop, &copied)), CardCheck::NotThisShop(NotGenuine::Changed));
    }

    #[test]
    fn changed_damaged_and_unknown_cards() {
        let shop = ShopKey::generate([1; 32]);
        let own = shop.public_key();
        let token = issue(&shop, &claims([7; 16]));
        let mut changed = token.clone().into_bytes();
        changed[60] = if changed[60] == b'A' { b'B' } else { b'A' };
        let changed = String::from_utf8(changed).unwrap();
        assert_eq!(check_card(&own, &app_link(&shop, &changed)), CardCheck::NotThisShop(NotGenuine::Changed));
        let cut = &token[..100];
        assert_eq!(check_card(&own, &app_link(&shop, cut)), CardCheck::NotThisShop(NotGenuine::Damaged));
        assert_eq!(check_card(&own, "https://m.example/#mohar="), CardCheck::NotThisShop(NotGenuine::Damaged));
        let mut future = forged_bytes(&token);
        future[0] = 9;
        assert_eq!(check_card(&own, &app_link(&shop, &encode(&future))), CardCheck::NotThisShop(NotGenuine::UnknownFormat));
        assert_eq!(check_card(&own, "hello"), CardCheck::NotThisShop(NotGenuine::NotACardLink));
    }

    #[test]
    fn the_customer_of_a_card() {
        let shop = ShopKey::generate([1; 32]);
        let ids: Vec<CustomerId> = (0..50u8).map(|b| CustomerId::from_bytes([b; 16])).collect();
        let wanted = ids[17];
        let card_id = shop.card_id(&wanted.0 .0);
        assert_eq!(customer_of_card(&shop, &card_id, ids.iter().copied()), Some(wanted));
        // An old card carried the record id itself.
        assert_eq!(customer_of_card(&shop, &wanted.0 .0, ids.iter().copied()), Some(wanted));
        // Another shop's card id for the same record matches nobody here.
        let other = ShopKey::generate([2; 32]).card_id(&wanted.0 .0);
        assert_eq!(customer_of_card(&shop, &other, ids.iter().copied()), None);
    }

    const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    fn forged_bytes(token: &str) -> Vec<u8> {
        let mut bits = 0u32;
        let mut count = 0;
        let mut out = Vec::new();
        for c in token.bytes() {
            bits = (bits << 6) | B64.iter().position(|&b| b == c).unwrap() as u32;
            count += 6;
            if count >= 8 {
                count -= 8;
                out.push((bits >> count) as u8);
            }
        }
        out
    }

    fn encode(bytes: &[u8]) -> String {
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
            for i in 0..=chunk.len() {
                out.push(B64[((n >> (18 - 6 * i)) & 63) as usize] as char);
            }
        }
        out
    }
}
