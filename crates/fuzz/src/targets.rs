//! One target per reader of outside input: what a card link, a website's kept card, the browser's
//! storage or the clerk can hand the app. Each target reads the input the way the app does and
//! then uses the value the way the app does (a stored phone is masked and put in a WhatsApp
//! link, a stored customer is summarized and put on a card), because a value that reads fine
//! but panics when used is the same crash.
//!
//! Seeds are made by the app's own code (the demo shop, real card tokens and links), so the
//! mutations start from inputs that pass the first checks.

use chrono::{DateTime, Utc};
use mohar::domain::card::{self as card, CardPage};
use mohar::domain::demo::demo_events;
use mohar::domain::{iso_date, Clock, Country, Customer, DeviceId, Event, Money, Phone, SearchIndex, ShopState};
use mohar::domain::IndexEntry;
use mohar_card::ShopKey;

use crate::{outcome_of, Target};

/// Every target, in the order the report lists them.
pub const TARGETS: &[Target] = &[
    Target { name: "card_token", seeds: token_seeds, run: card_token, dictionary: B64_WORDS },
    Target { name: "card_payload", seeds: payload_seeds, run: card_payload, dictionary: &[] },
    Target { name: "card_link", seeds: link_seeds, run: card_link, dictionary: LINK_WORDS },
    Target { name: "search_index", seeds: index_seeds, run: search_index, dictionary: &[] },
    Target { name: "stored_event", seeds: event_seeds, run: stored_event, dictionary: JSON_WORDS },
    Target { name: "stored_customer", seeds: customer_seeds, run: stored_customer, dictionary: JSON_WORDS },
    Target { name: "stored_shop", seeds: shop_seeds, run: stored_shop, dictionary: JSON_WORDS },
    Target { name: "phone_typed", seeds: phone_seeds, run: phone_typed, dictionary: PHONE_WORDS },
    Target { name: "phone_stored", seeds: stored_phone_seeds, run: phone_stored, dictionary: PHONE_WORDS },
    Target { name: "money", seeds: money_seeds, run: money, dictionary: &["₹", ",", ".", "००", "১২"] },
    Target { name: "iso_date", seeds: date_seeds, run: iso_date_target, dictionary: &["-", "0229", "-02-29", "-13-", "+", "२०२४"] },
];

const B64_WORDS: &[&str] = &["A", "_", "-", "=", "+", "/", "AAAA", "____"];
const LINK_WORDS: &[&str] = &["#mohar=", "?shop=", "&", "#/", "https://", "http://", "@", ":8080", "#", "?", "%23", "javascript:"];
const JSON_WORDS: &[&str] = &[
    "\"\"", "null", "true", "[]", "{}", "\"phone\":\"\"", "\"phone\":\"+\"", "\"phone\":\"९\"", "\"stamps\":0",
    "\"stamps_per_reward\":0", "\"type\":\"stamps_added\"", "\"type\":\"reward_redeemed\"", "\"type\":\"event_voided\"",
    "\"type\":\"customer_added\"", "\"type\":\"program_changed\"", "\"type\":\"shop_configured\"", "\"birthday\":\"2024-02-30\"",
    "\"millis\":-1", "\"counter\":4294967295", "\"at\":-8334601228800000", "\"rev\":18446744073709551615",
    "\"00000000000000000000000000000000\"", "\"ffffffffffffffffffffffffffffffff\"",
];
const PHONE_WORDS: &[&str] = &["+", "+91", "+880", "00", "0", "९८७६५", "০১৭", " ", "-", "(", ")", "\u{0966}"];

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_790_000_000, 0).expect("a valid time")
}

/// The demo shop's events: every kind the app writes, with names in three scripts.
fn demo() -> Vec<Event> {
    demo_events(7, DeviceId::from_bytes([1; 16]), now())
}

fn shop_of(events: &[Event]) -> ShopState {
    ShopState::fold(events).expect("the demo has a shop")
}

fn customers_of(events: &[Event], limit: usize) -> Vec<Customer> {
    let mut ids: Vec<_> = events.iter().filter_map(|event| event.kind.customer()).collect();
    ids.dedup();
    ids.sort();
    ids.dedup();
    ids.into_iter()
        .take(limit)
        .map(|id| Customer::fold(id, events.iter().filter(|event| event.kind.customer() == Some(id))))
        .collect()
}

/// The key every card target signs and verifies with.
fn key() -> ShopKey {
    ShopKey::generate([42; 32])
}

fn text(input: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(input)
}

/// An error as an outcome, without the positions serde puts in its messages (each would count
/// as new).
fn error_outcome(error: &dyn std::fmt::Display) -> u64 {
    let message = error.to_string();
    outcome_of(message.split(" at line").next().unwrap_or(&message))
}

fn token_seeds() -> Vec<Vec<u8>> {
    let events = demo();
    let shop = shop_of(&events);
    let key = key();
    customers_of(&events, 8).iter().map(|customer| mohar_card::issue(&key, &card::claims(&key, customer, &shop, now())).into_bytes()).collect()
}

/// The card page and the widget verify a token from a link, or kept in the website's storage.
fn card_token(input: &[u8]) -> u64 {
    let key = key();
    let token = text(input);
    let by_text = mohar_card::verify_with_key_text(&key.public_key_text(), &token);
    let result = mohar_card::verify(&key.public_key(), &token);
    assert_eq!(by_text, result, "the key's text form verifies the same");
    match result {
        Ok(claims) => {
            assert!(claims.stamps_per_reward >= 1);
            let next = claims.stamps_to_next_reward();
            assert!((1..=claims.stamps_per_reward).contains(&next));
            outcome_of("ok")
        }
        Err(error) => outcome_of(&format!("{error:?}")),
    }
}

/// The payload of each seed token, without its signature.
fn payload_seeds() -> Vec<Vec<u8>> {
    use base64::Engine as _;
    token_seeds()
        .into_iter()
        .filter_map(|token| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(token).ok())
        .map(|bytes| bytes[..bytes.len() - 64].to_vec())
        .collect()
}

/// Signs any payload with the fuzzing key, so that the parser behind the signature check (which
/// only the shop's own tokens reach) is fuzzed too: a bug there would crash on a genuine card.
fn card_payload(input: &[u8]) -> u64 {
    use base64::Engine as _;
    use ed25519_dalek::{Signer, SigningKey};
    let signing = SigningKey::from_bytes(&[42; 32]);
    let mut message = b"mohar-card/v1\0".to_vec();
    message.extend_from_slice(input);
    let mut token = input.to_vec();
    token.extend_from_slice(&signing.sign(&message).to_bytes());
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(token);
    let key = key();
    match mohar_card::verify(&key.public_key(), &token) {
        Ok(claims) => {
            // What verifies can be issued again and reads back as the same card.
            let again = mohar_card::issue(&key, &claims);
            assert_eq!(mohar_card::verify(&key.public_key(), &again), Ok(claims.normalized()), "re-issued card differs");
            outcome_of("ok")
        }
        Err(error) => outcome_of(&format!("{error:?}")),
    }
}

fn link_seeds() -> Vec<Vec<u8>> {
    let key = key();
    let mut seeds = Vec::new();
    for token in token_seeds().into_iter().take(3) {
        let token = String::from_utf8(token).expect("tokens are text");
        let app = CardPage::App { app_url: "https://mohar.example/app/index.html".into(), public_key: key.public_key_text() };
        seeds.push(card::card_link(&app, &token).into_bytes());
        seeds.push(card::card_link(&CardPage::Website("https://chai.example/rewards?x=1".into()), &token).into_bytes());
    }
    seeds
}

/// A card link as the card page reads it (`?shop=<key>#mohar=<token>`) and verifies it, and as
/// Settings reads a typed "Rewards page address".
fn card_link(input: &[u8]) -> u64 {
    let link = text(input);
    let (before_fragment, fragment) = link.split_once('#').unwrap_or((&link, ""));
    let search = before_fragment.split_once('?').map_or("", |(_, search)| search);
    let shop = card::query_param(search, card::SHOP_PARAM);
    let token = card::token_in_fragment(fragment);
    let verified = match (shop, token) {
        (Some(shop), Some(token)) => {
            // What the card page's and the widget's wasm verifier run (crates/widget).
            let result = mohar_card::verify_with_key_text(shop, token);
            format!("{:?}", result.map(|_| ()))
        }
        _ => "no card".into(),
    };
    let address = match card::rewards_page_address(&link) {
        Ok(Some(address)) => {
            let made = card::card_link(&CardPage::Website(address), "TOKEN");
            assert_eq!(card::token_in_fragment(made.split_once('#').map_or("", |(_, f)| f)), Some("TOKEN"));
            "address"
        }
        Ok(None) => "empty",
        Err(_) => "refused",
    };
    outcome_of(&format!("{verified}/{address}"))
}

fn index_seeds() -> Vec<Vec<u8>> {
    let events = demo();
    let entries: Vec<IndexEntry> = customers_of(&events, 60).iter().filter_map(IndexEntry::from_customer).collect();
    vec![
        SearchIndex::from_entries(entries.clone()).encode(),
        SearchIndex::from_entries(entries.into_iter().take(3)).encode(),
        SearchIndex::default().encode(),
    ]
}

/// The search-index snapshot read at start-up (`meta.index_snapshot`), then searched. Its
/// version 3 decoder is hand-written (columns taken as they are, so start-up parses no customer
/// one by one; see `domain/search_snapshot.rs`), so every length, offset and varint in it is
/// outside input here: any bytes must decode or be refused, never panic, and what decodes must
/// encode and decode to the same entries.
fn search_index(input: &[u8]) -> u64 {
    match SearchIndex::decode(input) {
        Ok(mut index) => {
            let ids: Vec<_> = index.ids().to_vec();
            for id in &ids {
                assert!(index.get(id).is_some(), "every entry can be found by id");
            }
            for query in ["a", "१", "43", "98765", "क", ""] {
                let _ = index.search(query, 20);
            }
            let _ = index.recent(20);
            if let Some(first) = index.entries().first().map(|&entry| entry.clone()) {
                let _ = index.find_phone(&first.phone);
                index.upsert(IndexEntry { name: format!("{} x", first.name), ..first });
                let _ = index.search("x", 5);
            }
            let again = SearchIndex::decode(&index.encode()).expect("an encoded index decodes");
            assert_eq!(again.entries(), index.entries());
            outcome_of(&format!("ok {}", index.len().min(4)))
        }
        Err(error) => error_outcome(&error),
    }
}

fn event_seeds() -> Vec<Vec<u8>> {
    let events = demo();
    let mut seeds: Vec<Vec<u8>> = Vec::new();
    // The first events are the shop and customers; later ones stamps, redemptions and undos.
    let mut kinds_seen = std::collections::HashSet::new();
    for event in &events {
        let kind = format!("{:?}", event.kind);
        let kind = kind.split([' ', '{', '(']).next().unwrap_or("").to_owned();
        if kinds_seen.insert(kind) || seeds.len() < 12 {
            seeds.push(serde_json::to_vec(event).expect("events serialize"));
        }
    }
    seeds
}

/// An event read back from the log (`events` store: rebuilds, the clock at start-up).
fn stored_event(input: &[u8]) -> u64 {
    let event: Event = match serde_json::from_slice(input) {
        Ok(event) => event,
        Err(error) => return error_outcome(&error),
    };
    let _ = serde_json::to_string(&event).expect("a read event can be written again");
    // Start-up sets the device clock from the latest stored clock, then ticks it.
    let mut clock = Clock::new(DeviceId::from_bytes([9; 16]));
    // A stored clock far ahead of the wall clock is refused (and reported), never a panic.
    let _ = clock.observe(event.hlc, now().timestamp_millis());
    let _ = clock.tick(now().timestamp_millis());
    let _ = ShopState::from_event(&event);
    if let Some(id) = event.kind.customer() {
        let customer = Customer::fold(id, [&event]);
        use_customer(&customer);
    }
    let kind = format!("{:?}", event.kind);
    outcome_of(kind.split([' ', '{', '(']).next().unwrap_or(""))
}

fn customer_seeds() -> Vec<Vec<u8>> {
    customers_of(&demo(), 12).iter().map(|customer| serde_json::to_vec(customer).expect("records serialize")).collect()
}

/// Everything the screens and the card do with a customer record.
fn use_customer(customer: &Customer) {
    let shop = demo_shop();
    for per in [0, 1, 10, u32::MAX] {
        // The card in progress keeps the size it was started with, whatever today's size is.
        let summary = customer.summary(per);
        assert!(summary.card_size >= 1 && summary.stamps_on_card < summary.card_size);
    }
    let _ = customer.name();
    let _ = IndexEntry::from_customer(customer);
    let claims = card::claims(&key(), customer, &shop, now());
    let _ = mohar_card::issue(&key(), &claims);
    let _ = customer.stamp(&shop.program, Some(Money(12_345)));
    let _ = customer.redeem(&shop.program);
    for recent in customer.recent.iter().take(2) {
        let _ = customer.void(recent.id, shop.program.stamps_per_reward);
    }
    if let Some(profile) = &customer.profile {
        use_phone(&profile.phone);
    }
}

/// The demo's shop and two of its customers, made once per thread rather than for every input.
fn demo_shop() -> ShopState {
    DEMO.with(|(shop, _)| shop.clone())
}

thread_local! {
    static DEMO: (ShopState, Vec<Customer>) = {
        let events = demo();
        (shop_of(&events), customers_of(&events, 2))
    };
}

/// A customer record read back from storage (`customers` store).
fn stored_customer(input: &[u8]) -> u64 {
    match serde_json::from_slice::<Customer>(input) {
        Ok(customer) => {
            use_customer(&customer);
            outcome_of(&format!("ok {} {}", customer.profile.is_some(), customer.recent.len().min(3)))
        }
        Err(error) => error_outcome(&error),
    }
}

fn shop_seeds() -> Vec<Vec<u8>> {
    vec![serde_json::to_vec(&shop_of(&demo())).expect("the shop serializes")]
}

/// The shop record read at start-up (`meta.shop`).
fn stored_shop(input: &[u8]) -> u64 {
    match serde_json::from_slice::<ShopState>(input) {
        Ok(shop) => {
            let _ = shop.program.validate();
            let _ = shop.profile.validate();
            for bill in [None, Some(Money(0)), Some(Money(99)), Some(Money::MAX), Some(Money(u64::MAX))] {
                let _ = shop.program.stamps_for_visit(bill);
            }
            let _ = shop.profile.country.currency_symbol();
            for customer in DEMO.with(|(_, customers)| customers.clone()) {
                let _ = card::claims(&key(), &customer, &shop, now());
                let _ = customer.stamp(&shop.program, Some(Money(5_000)));
                let _ = customer.redeem(&shop.program);
            }
            outcome_of(&format!("ok {:?}", shop.program.validate()))
        }
        Err(error) => error_outcome(&error),
    }
}

fn phone_seeds() -> Vec<Vec<u8>> {
    ["98765 43210", "+91-98765-43210", "09876543210", "০১৭১২৩৪৫৬৭৮", "+8801712345678", "+919876543210", "919876543210"]
        .iter()
        .map(|text| text.as_bytes().to_vec())
        .collect()
}

/// Phones as the store holds them: E.164, as `Phone::parse` wrote them.
fn stored_phone_seeds() -> Vec<Vec<u8>> {
    ["+919876543210", "+8801712345678"].iter().map(|text| text.as_bytes().to_vec()).collect()
}

/// What the app does with a phone it holds: mask it in lists, put it in WhatsApp/SMS links.
fn use_phone(phone: &Phone) {
    let _ = phone.as_str();
    let _ = phone.digits();
    let _ = phone.masked();
    let _ = card::whatsapp_link(phone, "hi");
    let _ = card::sms_link(phone, "hi");
}

/// A phone number as the clerk types it.
fn phone_typed(input: &[u8]) -> u64 {
    let typed = text(input);
    let mut outcome = String::new();
    for country in [Country::India, Country::Bangladesh] {
        match Phone::parse(&typed, country) {
            Ok(phone) => {
                use_phone(&phone);
                assert_eq!(Phone::parse(phone.as_str(), country).as_ref(), Ok(&phone), "a normalized number reads as itself");
                outcome.push_str("ok ");
            }
            Err(error) => outcome.push_str(&format!("{error:?} ")),
        }
    }
    outcome_of(&outcome)
}

/// A phone number read back from storage (inside a customer record or an event), where it is a
/// JSON string that any older version, a bug or a damaged disk may have written.
fn phone_stored(input: &[u8]) -> u64 {
    match serde_json::from_value::<Phone>(serde_json::Value::String(text(input).into_owned())) {
        Ok(phone) => {
            use_phone(&phone);
            outcome_of("ok")
        }
        Err(error) => error_outcome(&error),
    }
}

fn money_seeds() -> Vec<Vec<u8>> {
    ["250", "99.5", "1,250.00", "०.५०", "১২৩", "0.01", "100000000"].iter().map(|t| t.as_bytes().to_vec()).collect()
}

/// An amount as the clerk types it (the bill, the amount per stamp).
fn money(input: &[u8]) -> u64 {
    match Money::parse(&text(input)) {
        Ok(amount) => {
            assert!(amount <= Money::MAX);
            assert_eq!(Money::parse(&amount.to_plain()), Ok(amount), "an amount reads back as itself");
            outcome_of("ok")
        }
        Err(error) => outcome_of(&format!("{error:?}")),
    }
}

fn date_seeds() -> Vec<Vec<u8>> {
    ["1990-02-03", "2024-02-29", "0001-01-01", "9999-12-31"].iter().map(|t| t.as_bytes().to_vec()).collect()
}

/// A date from an `<input type=date>` or a stored birthday.
fn iso_date_target(input: &[u8]) -> u64 {
    let typed = text(input);
    let parsed = iso_date::parse(&typed);
    if let Some(date) = parsed {
        assert_eq!(iso_date::parse(&iso_date::format(date)), Some(date), "a date reads back as itself");
    }
    // The same text as a stored birthday: one JSON field of a customer profile.
    let json = serde_json::json!({ "name": "A", "phone": "+919876543210", "birthday": typed, "notes": "" });
    let stored = serde_json::from_value::<mohar::domain::CustomerProfile>(json);
    assert_eq!(stored.is_ok(), parsed.is_some(), "a stored birthday reads like a typed one");
    outcome_of(if parsed.is_some() { "ok" } else { "none" })
}

/// Kinds of event the seeds cover, so a test can tell when a new kind needs a seed.
pub fn seeded_event_kinds() -> Vec<String> {
    event_seeds()
        .iter()
        .map(|seed| serde_json::from_slice::<Event>(seed).expect("a seed reads"))
        .map(|event| format!("{:?}", event.kind).split([' ', '{', '(']).next().unwrap_or("").to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_seed_is_accepted_without_a_crash() {
        for target in TARGETS {
            for seed in (target.seeds)() {
                let result = std::panic::catch_unwind(|| (target.run)(&seed));
                assert!(result.is_ok(), "{}: seed {} crashed", target.name, crate::to_hex(&seed));
            }
        }
    }

    #[test]
    fn seeds_are_valid_inputs() {
        let key = key();
        for token in token_seeds() {
            assert!(mohar_card::verify(&key.public_key(), std::str::from_utf8(&token).unwrap()).is_ok());
        }
        assert!(SearchIndex::decode(&index_seeds()[0]).unwrap().len() > 10);
        assert!(serde_json::from_slice::<Customer>(&customer_seeds()[0]).is_ok());
        let kinds = seeded_event_kinds();
        for kind in ["ShopConfigured", "CustomerAdded", "StampsAdded", "RewardRedeemed"] {
            assert!(kinds.iter().any(|k| k == kind), "no seed of {kind}: {kinds:?}");
        }
    }
}
