//! The "Your rewards" widget for a shop's own website.
//!
//! `embed.js` (the loader, hand-written JS) puts the floating button and an empty panel into a
//! Shadow DOM on the host page and loads this module only when it is needed. It then calls
//! [`show`] with the panel's body element, the shop's public key from `data-shop-key`, the token
//! from a `#mohar=` fragment if there was one, and the browser's language.
//!
//! [`show`] verifies the token with `mohar-card`, keeps it in the host site's `localStorage` when
//! it is newer than the card already kept, and renders the card (or a message) as text nodes:
//! nothing from the token is ever parsed as HTML.

use mohar_card::{verify, CardClaims, PublicKey};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, Storage};

/// Prefix of the `localStorage` key; the shop's public key text follows, so several shops'
/// widgets on one site keep their cards apart.
const STORAGE_PREFIX: &str = "mohar.card.";

/// User-facing texts in one language.
struct Texts {
    stamps: &'static str,
    /// "\u{1} of \u{2} stamps"
    n_of_m: &'static str,
    /// "Rewards ready: \u{1}"
    rewards_ready: &'static str,
    /// "Updated \u{1}"
    updated: &'static str,
    /// "N more stamp(s) until your next reward", singular and plural
    more_one: &'static str,
    more_many: &'static str,
    /// "Reward: \u{1}"
    reward: &'static str,
    ask: &'static str,
    not_verified: &'static str,
}

const EN: Texts = Texts {
    stamps: "Stamps",
    n_of_m: "\u{1} of \u{2} stamps",
    rewards_ready: "Rewards ready: \u{1}",
    updated: "Updated \u{1}",
    more_one: "1 more stamp until your next reward",
    more_many: "\u{1} more stamps until your next reward",
    reward: "Reward: \u{1}",
    ask: "Ask at the counter for your card link",
    not_verified: "This card could not be verified",
};

const HI: Texts = Texts {
    stamps: "स्टैम्प",
    n_of_m: "\u{2} में से \u{1} स्टैम्प",
    rewards_ready: "तैयार इनाम: \u{1}",
    updated: "अपडेट: \u{1}",
    more_one: "अगले इनाम के लिए 1 स्टैम्प और",
    more_many: "अगले इनाम के लिए \u{1} स्टैम्प और",
    reward: "इनाम: \u{1}",
    ask: "अपने कार्ड का लिंक काउंटर पर माँगें",
    not_verified: "यह कार्ड सत्यापित नहीं हो सका",
};

fn texts(locale: &str) -> &'static Texts {
    if locale.get(..2).is_some_and(|l| l.eq_ignore_ascii_case("hi")) {
        &HI
    } else {
        &EN
    }
}

/// `template` with the placeholder character `key` ('\u{1}' or '\u{2}') replaced by `value`.
/// (Not `str::replace`/`format!`: their machinery costs KBs of wasm.)
fn fill(template: &str, key: char, value: &str) -> String {
    match template.split_once(key) {
        Some((before, after)) => [before, value, after].concat(),
        None => template.into(),
    }
}

/// `n` in decimal.
fn num(n: u32) -> String {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits[i..].iter().map(|&d| char::from(d)).collect()
}

/// What the panel shows, decided from the token in the link (if any) and the card kept.
#[derive(Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The card to show, if any.
    pub card: Option<CardClaims>,
    /// The link's token failed verification.
    pub rejected: bool,
    /// The token to keep now (the link's, when it is newer than the kept card).
    pub keep: Option<String>,
    /// The kept token failed verification and should be forgotten.
    pub forget: bool,
}

/// The pure decision behind [`show`]: which card wins and what to keep.
pub fn decide(key: Option<&PublicKey>, link: Option<&str>, kept: Option<&str>) -> Outcome {
    let check = |token: &str| key.and_then(|k| verify(k, token).ok());
    let kept_card = kept.and_then(check);
    let forget = kept.is_some() && kept_card.is_none();
    let mut outcome = Outcome { card: kept_card, rejected: false, keep: None, forget };
    if let Some(token) = link {
        match check(token) {
            Some(card) => {
                if outcome.card.as_ref().is_none_or(|old| card.is_newer_than(old)) {
                    outcome.card = Some(card);
                    outcome.keep = Some(token.to_owned());
                }
            }
            None => outcome.rejected = true,
        }
    }
    outcome
}

fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Verifies `token` (from the link, if any), keeps it if it is the newest card, and renders the
/// card view, or a message, into `body` (replacing what it had).
#[wasm_bindgen]
pub fn show(body: &Element, shop_key: &str, token: Option<String>, locale: &str) {
    let key = PublicKey::from_text(shop_key).ok();
    let storage = storage();
    let storage_key = [STORAGE_PREFIX, shop_key].concat();
    let kept = storage.as_ref().and_then(|s| s.get_item(&storage_key).ok().flatten());
    let outcome = decide(key.as_ref(), token.as_deref(), kept.as_deref());
    if let Some(s) = &storage {
        // Failing to keep (quota, privacy mode) only means the link is needed again next time.
        if let Some(token) = &outcome.keep {
            let _ = s.set_item(&storage_key, token);
        } else if outcome.forget {
            let _ = s.remove_item(&storage_key);
        }
    }
    let _ = render(body, &outcome, locale);
}

fn render(body: &Element, outcome: &Outcome, locale: &str) -> Result<(), JsValue> {
    let t = texts(locale);
    let doc = body.owner_document().ok_or(JsValue::NULL)?;
    body.set_text_content(None);
    if outcome.rejected {
        let p = add(&doc, body, "p", "err", t.not_verified)?;
        p.set_attribute("role", "alert")?;
    }
    let Some(card) = &outcome.card else {
        if !outcome.rejected {
            add(&doc, body, "p", "msg", t.ask)?;
        }
        return Ok(());
    };
    add(&doc, body, "h2", "shop", &card.shop_name)?;
    if !card.display_name.is_empty() {
        add(&doc, body, "p", "name", &card.display_name)?;
    }
    let per = card.stamps_per_reward.max(1);
    let stamps = card.stamps.min(per);
    let bar = add(&doc, body, "div", "bar", "")?;
    bar.set_attribute("role", "progressbar")?;
    bar.set_attribute("aria-label", t.stamps)?;
    bar.set_attribute("aria-valuemin", "0")?;
    bar.set_attribute("aria-valuemax", &num(per.into()))?;
    bar.set_attribute("aria-valuenow", &num(stamps.into()))?;
    if per <= 30 {
        // A stamp card: one circle per stamp, the earned ones filled.
        for i in 0..per {
            add(&doc, &bar, "i", if i < stamps { "on" } else { "" }, "")?;
        }
    } else {
        bar.set_class_name("bar long");
        let fill = add(&doc, &bar, "b", "", "")?;
        let percent = u32::from(stamps) * 100 / u32::from(per);
        fill.set_attribute("style", &["width:", &num(percent), "%"].concat())?;
    }
    let n_of_m = fill(t.n_of_m, '\u{1}', &num(stamps.into()));
    add(&doc, body, "p", "count", &fill(&n_of_m, '\u{2}', &num(per.into())))?;
    let ready = num(card.rewards_ready.into());
    add(&doc, body, "p", "ready", &fill(t.rewards_ready, '\u{1}', &ready))?;
    let next = card.stamps_to_next_reward();
    let more = if next == 1 { t.more_one.to_owned() } else { fill(t.more_many, '\u{1}', &num(next.into())) };
    add(&doc, body, "p", "next", &more)?;
    if !card.reward.is_empty() {
        add(&doc, body, "p", "reward", &fill(t.reward, '\u{1}', &card.reward))?;
    }
    let date = format_date(card.issued_at, locale);
    add(&doc, body, "p", "date", &fill(t.updated, '\u{1}', &date))?;
    Ok(())
}

/// Appends `<tag class=class>text</tag>` to `parent`.
fn add(doc: &Document, parent: &Element, tag: &str, class: &str, text: &str) -> Result<Element, JsValue> {
    let el = doc.create_element(tag)?;
    if !class.is_empty() {
        el.set_class_name(class);
    }
    if !text.is_empty() {
        el.set_text_content(Some(text));
    }
    parent.append_child(&el)?;
    Ok(el)
}

/// The local date of `seconds` in `locale`, with a day, short month and year ("23 Nov 2025").
fn format_date(seconds: u32, locale: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(f64::from(seconds) * 1000.0));
    let options = js_sys::Object::new();
    for (name, value) in [("day", "numeric"), ("month", "short"), ("year", "numeric")] {
        let _ = js_sys::Reflect::set(&options, &name.into(), &value.into());
    }
    date.to_locale_date_string(locale, &options).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use mohar_card::{issue, issue_v1, ShopKey};

    /// A card of one customer; the sequence follows the stamps, as it does at the counter.
    fn card(issued_at: u32, stamps: u16) -> CardClaims {
        CardClaims {
            card_id: [1; 16],
            sequence: Some(u32::from(stamps) + 1),
            issued_at,
            stamps,
            stamps_per_reward: 10,
            rewards_ready: 0,
            shop_name: "Chai".into(),
            display_name: "Priya".into(),
            reward: "1 chai".into(),
        }
    }

    #[test]
    fn newer_link_replaces_older_never_overrides() {
        let shop = ShopKey::generate([3; 32]);
        let key = shop.public_key();
        let old = issue(&shop, &card(100, 2));
        let new = issue(&shop, &card(200, 3));
        let first = decide(Some(&key), Some(&old), None);
        assert_eq!(first.card, Some(card(100, 2)));
        assert_eq!(first.keep.as_deref(), Some(old.as_str()));
        let newer = decide(Some(&key), Some(&new), Some(&old));
        assert_eq!(newer.card, Some(card(200, 3)));
        assert_eq!(newer.keep.as_deref(), Some(new.as_str()));
        let older = decide(Some(&key), Some(&old), Some(&new));
        assert_eq!(older.card, Some(card(200, 3)));
        assert_eq!(older.keep, None);
        assert!(!older.rejected);
        let plain = decide(Some(&key), None, Some(&new));
        assert_eq!(plain.card, Some(card(200, 3)));
        assert_eq!((plain.keep, plain.forget), (None, false));
    }

    #[test]
    fn the_card_with_the_larger_sequence_is_kept_whatever_the_clock() {
        const YEAR: u32 = 365 * 24 * 3600;
        let shop = ShopKey::generate([3; 32]);
        let key = shop.public_key();
        // Issued on a day the tablet's clock was a year ahead, then a later card (one more
        // stamp) with the clock right again.
        let ahead = issue(&shop, &card(200 + YEAR, 2));
        let later = issue(&shop, &card(300, 3));
        let o = decide(Some(&key), Some(&later), Some(&ahead));
        assert_eq!(o.card, Some(card(300, 3)));
        assert_eq!(o.keep.as_deref(), Some(later.as_str()));
        // And the card from the wrong day never comes back over it.
        let o = decide(Some(&key), Some(&ahead), Some(&later));
        assert_eq!((o.card, o.keep), (Some(card(300, 3)), None));
    }

    #[test]
    fn a_kept_format_1_card_still_shows_and_gives_way_to_format_2() {
        let shop = ShopKey::generate([3; 32]);
        let key = shop.public_key();
        let old = issue_v1(&shop, &card(500, 2));
        let o = decide(Some(&key), None, Some(&old));
        assert_eq!(o.card, Some(CardClaims { sequence: None, ..card(500, 2) }));
        assert!(!o.forget && !o.rejected);
        // A format 2 card of the same card id replaces it even with an earlier time.
        let new = issue(&shop, &card(400, 3));
        let o = decide(Some(&key), Some(&new), Some(&old));
        assert_eq!((o.card, o.keep.as_deref()), (Some(card(400, 3)), Some(new.as_str())));
    }

    #[test]
    fn bad_tokens_are_rejected_and_not_kept() {
        let shop = ShopKey::generate([3; 32]);
        let other = ShopKey::generate([4; 32]);
        let key = shop.public_key();
        let good = issue(&shop, &card(100, 2));
        let foreign = issue(&other, &card(300, 5));
        let mut tampered = good.clone().into_bytes();
        tampered[60] = if tampered[60] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(tampered).unwrap();
        for bad in [foreign.as_str(), tampered.as_str(), "garbage", ""] {
            let o = decide(Some(&key), Some(bad), None);
            assert!(o.rejected && o.card.is_none() && o.keep.is_none(), "{bad}");
            let o = decide(Some(&key), Some(bad), Some(&good));
            assert!(o.rejected && o.keep.is_none() && !o.forget);
            assert_eq!(o.card, Some(card(100, 2)));
        }
        // A kept token that no longer verifies is forgotten.
        let o = decide(Some(&key), None, Some(&tampered));
        assert!(o.forget && o.card.is_none() && !o.rejected);
        // A misconfigured shop key verifies nothing.
        let o = decide(None, Some(&good), None);
        assert!(o.rejected && o.card.is_none());
    }

    #[test]
    fn numbers_and_templates() {
        assert_eq!(num(0), "0");
        assert_eq!(num(65535), "65535");
        assert_eq!(num(u32::MAX), "4294967295");
        assert_eq!(fill(&fill(EN.n_of_m, '\u{1}', "3"), '\u{2}', "10"), "3 of 10 stamps");
        assert_eq!(fill(&fill(HI.n_of_m, '\u{1}', "3"), '\u{2}', "10"), "10 में से 3 स्टैम्प");
        assert_eq!(fill(EN.updated, '\u{1}', "Nov 23, 2025"), "Updated Nov 23, 2025");
    }

    #[test]
    fn languages() {
        assert_eq!(texts("hi-IN").ask, HI.ask);
        assert_eq!(texts("HI").stamps, HI.stamps);
        assert_eq!(texts("en-US").ask, EN.ask);
        assert_eq!(texts("").ask, EN.ask);
        assert_eq!(texts("h").ask, EN.ask);
        assert_eq!(texts("bn-BD").ask, EN.ask);
    }
}
