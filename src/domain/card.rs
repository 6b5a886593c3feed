//! The customer's signed card, seen from the counter: what goes into it, the card link, the
//! message that sends it, and the QR code that shows it.
//!
//! Pure like the rest of the domain: `now` is an argument, the signing itself is done by the
//! `mohar-card` crate with the key the shell holds. Nothing here touches the browser.

use chrono::{DateTime, Utc};
use mohar_card::{CardClaims, CardExtras, ShopKey};

use super::customer::Customer;
use super::phone::Phone;
use super::shop::ShopState;

/// The fragment parameter that carries a card token: `…#mohar=<token>`. The widget on a shop's
/// website reads the same one.
pub const TOKEN_PARAM: &str = "mohar";
/// The query parameter of the app's own card page that carries the shop's public key.
pub const SHOP_PARAM: &str = "shop";

/// What `customer`'s card says now: their stamps and rewards under the shop's program, their
/// first name, the shop's name and reward, and the customer's card sequence (so a later card is
/// newer whatever the clock says). The card id is derived from the shop's secret `key` and the
/// customer id ([`ShopKey::card_id`]): the same on every card of one customer, but no id of the
/// shop's records, which the host page of the website widget could read. The card also carries
/// the customer's referral code (to share: a public handle by design, see `referral.rs`) and
/// their tier now with the next one up (format 3, issue 10).
pub fn claims(key: &ShopKey, customer: &Customer, shop: &ShopState, now: DateTime<Utc>) -> CardClaims {
    let per = shop.program.stamps_per_reward.max(1);
    let summary = customer.summary(per);
    CardClaims {
        card_id: key.card_id(&customer.id.0 .0),
        sequence: Some(customer.card_sequence()),
        issued_at: now.timestamp().clamp(0, i64::from(u32::MAX)) as u32,
        stamps: to_u16(summary.stamps_on_card),
        // The card in progress keeps the size it was started with.
        stamps_per_reward: to_u16(summary.card_size),
        rewards_ready: to_u16(summary.rewards_ready),
        shop_name: shop.profile.name.clone(),
        display_name: display_name(customer.name()).to_owned(),
        reward: shop.program.reward.clone(),
        extras: Some(extras(customer, shop, now)),
    }
}

/// The referral code and the tier standing that a card shows.
fn extras(customer: &Customer, shop: &ShopState, now: DateTime<Utc>) -> CardExtras {
    let standing = shop.perks.standing(customer, now);
    let (next_tier, visits_to_next) = standing.next.map_or((String::new(), 0), |(tier, needed)| (tier.name, u8::try_from(needed).unwrap_or(u8::MAX)));
    CardExtras {
        referral_code: super::referral::code_bits(customer.id),
        tier: standing.tier.map(|tier| tier.name).unwrap_or_default(),
        next_tier,
        visits_to_next,
    }
}

fn to_u16(n: u32) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// The name a card greets the customer by: the first word of their name.
pub fn display_name(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or("")
}

/// Where card links point.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CardPage {
    /// The app's own public card page, `card/` beside the app at `app_url` (origin and path of
    /// the app; a query or fragment is ignored); the link also carries the shop's public key,
    /// since the customer's phone has no shop data.
    App {
        /// e.g. `https://mohar.example/` or `https://example.com/mohar/index.html`.
        app_url: String,
        /// The shop's public key as text (base64url, safe in a URL as it is).
        public_key: String,
    },
    /// The shop's own page carrying the website widget, which knows the key itself.
    Website(String),
}

/// The directory of the card page beside the app: a small page of its own (the counter's
/// index.html still sends links of the old format, `<app>?shop=…#mohar=…`, there).
pub const CARD_PAGE_DIR: &str = "card/";

/// The card link: `<app directory>card/?shop=<public key>#mohar=<token>` for the app's own card
/// page, `<page>#mohar=<token>` for the shop's website.
pub fn card_link(page: &CardPage, token: &str) -> String {
    match page {
        CardPage::App { app_url, public_key } => {
            let base = without_query_or_fragment(app_url);
            // The directory: up to the last '/' after the origin ("https://h" has none).
            let path_start = base.find("://").map_or(0, |at| at + 3);
            let dir = match base[path_start..].rfind('/') {
                Some(slash) => &base[..path_start + slash + 1],
                None => base,
            };
            let slash = if dir.ends_with('/') { "" } else { "/" };
            format!("{dir}{slash}{CARD_PAGE_DIR}?{SHOP_PARAM}={public_key}#{TOKEN_PARAM}={token}")
        }
        CardPage::Website(address) => format!("{}#{TOKEN_PARAM}={token}", without_fragment(address)),
    }
}

fn without_fragment(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

fn without_query_or_fragment(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}

/// The card token in a location fragment (`#mohar=<token>`, possibly among other `&` parts, as
/// the widget accepts it), if there is one. Never matches the app's own routes (`#/…`).
pub fn token_in_fragment(fragment: &str) -> Option<&str> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.starts_with('/') {
        return None;
    }
    fragment.split('&').find_map(|part| part.strip_prefix(TOKEN_PARAM)?.strip_prefix('='))
}

/// The value of query parameter `name` in a location search (`?a=1&shop=…`). Values are used
/// as they are (a public key is base64url and needs no decoding).
pub fn query_param<'a>(search: &'a str, name: &str) -> Option<&'a str> {
    let search = search.strip_prefix('?').unwrap_or(search);
    search.split('&').find_map(|part| part.strip_prefix(name)?.strip_prefix('='))
}

/// The address of the app's directory, from `location.origin` and `location.pathname`: what
/// relative files such as `embed.js` are served under (`https://h/app/index.html` → `https://h/app/`).
pub fn app_directory(origin: &str, pathname: &str) -> String {
    let dir = match pathname.rfind('/') {
        Some(slash) => &pathname[..=slash],
        None => "/",
    };
    let dir = if dir.starts_with('/') { dir.to_owned() } else { format!("/{dir}") };
    format!("{origin}{dir}")
}

/// The snippet a shop pastes into its website to show the "Your rewards" widget.
pub fn embed_code(app_directory: &str, public_key: &str) -> String {
    format!(r#"<script src="{app_directory}embed.js" data-shop-key="{public_key}" async></script>"#)
}

/// Why a rewards page address was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressError {
    /// Not an `http://` or `https://` address with a host.
    NotWebAddress,
}

/// Checks the "Rewards page address" typed in Settings: empty (use the app's own card page) or
/// an `http(s)://host/…` address. Returns it trimmed and without a fragment (the card link adds
/// its own).
pub fn rewards_page_address(input: &str) -> Result<Option<String>, AddressError> {
    let address = input.trim();
    if address.is_empty() {
        return Ok(None);
    }
    let lower = address.get(..8).unwrap_or(address).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &address[8..]
    } else if lower.starts_with("http://") {
        &address[7..]
    } else {
        return Err(AddressError::NotWebAddress);
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_name = host.rsplit('@').next().unwrap_or(host);
    let bad_char = |c: char| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '\\' | '`');
    if host_name.is_empty() || host_name.starts_with(':') || address.chars().any(bad_char) {
        return Err(AddressError::NotWebAddress);
    }
    Ok(Some(without_fragment(address).to_owned()))
}

/// `text` percent-encoded like JavaScript's `encodeURIComponent`: everything but
/// `A–Z a–z 0–9 - _ . ! ~ * ' ( )` as `%XX` of its UTF-8 bytes.
pub fn encode_uri_component(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len() * 3);
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(byte >> 4)] as char);
            out.push(HEX[usize::from(byte & 15)] as char);
        }
    }
    out
}

/// The WhatsApp link that opens a chat with `phone` with `message` typed in.
pub fn whatsapp_link(phone: &Phone, message: &str) -> String {
    format!("https://wa.me/{}?text={}", phone.digits(), encode_uri_component(message))
}

/// The `sms:` link that opens a text message to `phone` with `message` typed in.
pub fn sms_link(phone: &Phone, message: &str) -> String {
    format!("sms:+{}?body={}", phone.digits(), encode_uri_component(message))
}

mod qr;
pub use qr::qr_svg;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::demo::demo_events;
    use crate::domain::{Country, CustomerId, DeviceId, ShopState};
    use chrono::TimeZone;
    use mohar_card::{issue, verify_with_key_text, ShopKey};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 11, 20, 10, 0, 0).unwrap()
    }

    /// The demo shop and its customers, folded.
    fn demo() -> (ShopState, Vec<Customer>) {
        let events = demo_events(5, DeviceId::from_bytes([3; 16]), now());
        let shop = ShopState::fold(&events).expect("demo shop");
        let mut customers: std::collections::BTreeMap<CustomerId, Customer> = Default::default();
        for event in &events {
            if let Some(id) = event.kind.customer() {
                customers.entry(id).or_insert_with(|| Customer::empty(id)).apply(event);
            }
        }
        (shop, customers.into_values().collect())
    }

    #[test]
    fn claims_follow_the_customer_and_the_program() {
        let (shop, customers) = demo();
        let per = shop.program.stamps_per_reward;
        let key = ShopKey::generate([9; 32]);
        for customer in &customers {
            let summary = customer.summary(per);
            let claims = claims(&key, customer, &shop, now());
            assert_eq!(claims.card_id, key.card_id(&customer.id.0 .0));
            assert_eq!(claims.sequence, Some(customer.card_sequence()));
            assert_eq!(claims.issued_at, 1_763_632_800);
            assert_eq!(u32::from(claims.stamps), summary.stamps_on_card);
            assert_eq!(u32::from(claims.rewards_ready), summary.rewards_ready);
            assert_eq!(u32::from(claims.stamps_per_reward), per);
            assert_eq!(claims.shop_name, shop.profile.name);
            assert_eq!(claims.reward, shop.program.reward);
            assert_eq!(claims.display_name, display_name(customer.name()));
            assert!(!claims.display_name.contains(' '));
            // Nothing of the phone number is in the card.
            let phone = customer.profile.as_ref().unwrap().phone.digits().to_owned();
            let token = issue(&key, &claims);
            assert!(!token.contains(&phone));
        }
    }

    #[test]
    fn claims_round_trip_through_a_signed_token() {
        let (shop, customers) = demo();
        let key = ShopKey::generate([1; 32]);
        let claims = claims(&key, &customers[0], &shop, now());
        let token = issue(&key, &claims);
        assert_eq!(verify_with_key_text(&key.public_key_text(), &token), Ok(claims.normalized()));
    }

    /// The payload of a token, decoded from base64url (the token's own alphabet, no padding).
    fn token_bytes(token: &str) -> Vec<u8> {
        let value = |c: u8| match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => panic!("not base64url: {c}"),
        };
        let mut bits = 0u32;
        let mut count = 0;
        let mut out = Vec::new();
        for &c in token.as_bytes() {
            bits = (bits << 6) | u32::from(value(c));
            count += 6;
            if count >= 8 {
                count -= 8;
                out.push((bits >> count) as u8);
            }
        }
        out
    }

    #[test]
    fn a_card_token_holds_no_id_of_the_shop_records() {
        let (shop, customers) = demo();
        let key = ShopKey::generate([1; 32]);
        for customer in &customers {
            let token = issue(&key, &claims(&key, customer, &shop, now()));
            let bytes = token_bytes(&token);
            let id = customer.id.0 .0;
            // Not the 16 bytes anywhere, nor any 8 of them in a row.
            assert!(!bytes.windows(8).any(|window| id.windows(8).any(|part| part == window)), "{token}");
            assert!(!token.contains(&customer.id.to_string()));
        }
        // Still one card per customer: the next card of the same customer has the same id.
        let customer = &customers[0];
        let first = claims(&key, customer, &shop, now());
        let again = claims(&key, customer, &shop, now() + chrono::Duration::days(1));
        assert_eq!(first.card_id, again.card_id);
        assert_ne!(first.card_id, claims(&key, &customers[1], &shop, now()).card_id);
    }

    #[test]
    fn a_card_carries_the_referral_code_and_the_tier() {
        use crate::domain::perks::Tier;
        use crate::domain::referral::{code, parse_code};
        let (mut shop, customers) = demo();
        let key = ShopKey::generate([1; 32]);
        let tier = |name: &str, visits| Tier { name: name.into(), visits, days: 3650, discount_percent: 0, bonus_stamps: 0 };
        // Any visit makes a Regular; Gold is far away.
        shop.perks.tiers = vec![tier("Gold", 200), tier("Regular", 1)];
        let mut seen_regular = false;
        for customer in &customers {
            let token = issue(&key, &claims(&key, customer, &shop, now()));
            let x = verify_with_key_text(&key.public_key_text(), &token).unwrap().extras.expect("format 3");
            // The code the counter shows, `4K7Q-M2P`, is the one on the card.
            assert_eq!(Some(x.referral_code), parse_code(&code(customer.id)));
            let visits = customer.visit_totals().visit_times.len() as u8;
            if visits > 0 {
                seen_regular = true;
                assert_eq!((x.tier.as_str(), x.next_tier.as_str(), x.visits_to_next), ("Regular", "Gold", 200 - visits));
            } else {
                assert_eq!((x.tier.as_str(), x.next_tier.as_str(), x.visits_to_next), ("", "Regular", 1));
            }
        }
        assert!(seen_regular);
        // A shop without tiers: the code alone.
        shop.perks.tiers.clear();
        let x = claims(&key, &customers[0], &shop, now()).extras.unwrap();
        assert_eq!((x.tier.as_str(), x.next_tier.as_str(), x.visits_to_next), ("", "", 0));
    }

    #[test]
    fn a_card_after_a_clock_a_year_ahead_still_replaces_it() {
        let (mut shop, mut customers) = demo();
        shop.program.stamps_per_reward = 100;
        let key = ShopKey::generate([1; 32]);
        let customer = &mut customers[0];
        // The tablet's clock was a year ahead when this card was issued.
        let ahead = claims(&key, customer, &shop, now() + chrono::Duration::days(365));
        // Clock corrected, the customer gets another stamp and a new card.
        let mut clock = crate::domain::Clock::new(DeviceId::from_bytes([3; 16]));
        let kind = customer.stamp(&shop.program, None).unwrap();
        let id = crate::domain::EventId::from_bytes([0xee; 16]);
        let event = crate::domain::Event::new(id, &mut clock, now(), crate::domain::Actor::Staff, kind);
        assert_eq!(customer.apply(&event), crate::domain::customer::ApplyOutcome::Applied);
        let later = claims(&key, customer, &shop, now());
        assert!(later.issued_at < ahead.issued_at);
        let verify = |claims: &CardClaims| mohar_card::verify(&key.public_key(), &issue(&key, claims)).unwrap();
        let (ahead, later) = (verify(&ahead), verify(&later));
        assert!(later.is_newer_than(&ahead), "{later:?} vs {ahead:?}");
        assert!(!ahead.is_newer_than(&later));
        assert_eq!(later.stamps, ahead.stamps + 1);
    }

    #[test]
    fn display_name_is_the_first_word() {
        assert_eq!(display_name("Asha Verma"), "Asha");
        assert_eq!(display_name("  राहुल  शर्मा "), "राहुल");
        assert_eq!(display_name("Meera"), "Meera");
        assert_eq!(display_name(""), "");
    }

    #[test]
    fn card_links_for_the_app_page_and_a_website() {
        // The card page is card/ beside the app, wherever the app is served.
        let app = CardPage::App { app_url: "https://mohar.example/app/".into(), public_key: "KEY_-1".into() };
        assert_eq!(card_link(&app, "TOK"), "https://mohar.example/app/card/?shop=KEY_-1#mohar=TOK");
        // A stale query or fragment on the app address is dropped, and so is the file name.
        let app = CardPage::App { app_url: "http://127.0.0.1:4600/index.html?x#/customer/1".into(), public_key: "K".into() };
        assert_eq!(card_link(&app, "T"), "http://127.0.0.1:4600/card/?shop=K#mohar=T");
        let app = CardPage::App { app_url: "https://mohar.example/shop/a/index.html".into(), public_key: "K".into() };
        assert_eq!(card_link(&app, "T"), "https://mohar.example/shop/a/card/?shop=K#mohar=T");
        // An origin without a path, and a query holding a slash, still give the origin's card/.
        let app = CardPage::App { app_url: "https://mohar.example".into(), public_key: "K".into() };
        assert_eq!(card_link(&app, "T"), "https://mohar.example/card/?shop=K#mohar=T");
        let app = CardPage::App { app_url: "https://mohar.example/?next=/x/y".into(), public_key: "K".into() };
        assert_eq!(card_link(&app, "T"), "https://mohar.example/card/?shop=K#mohar=T");
        let site = CardPage::Website("https://sharmachai.in/rewards?lang=hi#top".into());
        assert_eq!(card_link(&site, "T"), "https://sharmachai.in/rewards?lang=hi#mohar=T");
    }

    #[test]
    fn a_card_token_is_found_in_the_fragment_and_never_in_a_route() {
        assert_eq!(token_in_fragment("#mohar=abc-_1"), Some("abc-_1"));
        assert_eq!(token_in_fragment("mohar=abc"), Some("abc"));
        assert_eq!(token_in_fragment("#x=1&mohar=abc"), Some("abc"));
        assert_eq!(token_in_fragment("#mohar="), Some(""));
        assert_eq!(token_in_fragment("#/customer/ab12"), None);
        assert_eq!(token_in_fragment("#/mohar=abc"), None);
        assert_eq!(token_in_fragment("#moharx=abc"), None);
        assert_eq!(token_in_fragment(""), None);
        assert_eq!(token_in_fragment("#/"), None);
    }

    #[test]
    fn query_parameters() {
        assert_eq!(query_param("?shop=KEY", "shop"), Some("KEY"));
        assert_eq!(query_param("?a=1&shop=K-_", "shop"), Some("K-_"));
        assert_eq!(query_param("?shops=K", "shop"), None);
        assert_eq!(query_param("", "shop"), None);
    }

    #[test]
    fn the_app_directory_and_embed_code() {
        assert_eq!(app_directory("https://mohar.example", "/"), "https://mohar.example/");
        assert_eq!(app_directory("https://h.example", "/app/index.html"), "https://h.example/app/");
        assert_eq!(app_directory("https://h.example", "/app/"), "https://h.example/app/");
        assert_eq!(app_directory("http://127.0.0.1:4600", ""), "http://127.0.0.1:4600/");
        assert_eq!(
            embed_code("https://h.example/app/", "PUBKEY"),
            r#"<script src="https://h.example/app/embed.js" data-shop-key="PUBKEY" async></script>"#
        );
    }

    #[test]
    fn rewards_page_addresses() {
        assert_eq!(rewards_page_address("  "), Ok(None));
        assert_eq!(rewards_page_address(" https://sharmachai.in/rewards "), Ok(Some("https://sharmachai.in/rewards".into())));
        assert_eq!(rewards_page_address("HTTP://127.0.0.1:5000/"), Ok(Some("HTTP://127.0.0.1:5000/".into())));
        assert_eq!(rewards_page_address("https://a.in/p#old"), Ok(Some("https://a.in/p".into())));
        for bad in ["sharmachai.in", "ftp://a.in", "https://", "https:///path", "javascript:alert(1)", "https://a b.in", "http://:80/"] {
            assert_eq!(rewards_page_address(bad), Err(AddressError::NotWebAddress), "{bad}");
        }
    }

    #[test]
    fn percent_encoding_is_encode_uri_component() {
        assert_eq!(encode_uri_component("az AZ 09-_.!~*'()"), "az%20AZ%2009-_.!~*'()");
        assert_eq!(encode_uri_component("a&b=c?d#e/f:g+h%"), "a%26b%3Dc%3Fd%23e%2Ff%3Ag%2Bh%25");
        assert_eq!(encode_uri_component("₹ स"), "%E2%82%B9%20%E0%A4%B8");
        assert_eq!(encode_uri_component(""), "");
    }

    #[test]
    fn whatsapp_and_sms_links() {
        let phone = Phone::parse("98765 43210", Country::India).unwrap();
        let message = "Hi Asha! Your card: https://m.example/?shop=K#mohar=T";
        let wa = whatsapp_link(&phone, message);
        assert_eq!(wa, "https://wa.me/919876543210?text=Hi%20Asha!%20Your%20card%3A%20https%3A%2F%2Fm.example%2F%3Fshop%3DK%23mohar%3DT");
        assert_eq!(sms_link(&phone, "Hi & bye"), "sms:+919876543210?body=Hi%20%26%20bye");
        let bd = Phone::parse("01712345678", Country::Bangladesh).unwrap();
        assert!(whatsapp_link(&bd, "x").starts_with("https://wa.me/8801712345678?text="));
    }
}
