//! The customer's card page: what a card link (`<app>?shop=<public key>#mohar=<token>`) shows on
//! the customer's phone. Public and self-contained: no set-up, no shop data, no IndexedDB; the
//! token is checked against the shop key in the link. Works offline once loaded (the service
//! worker serves the app for any address in its scope).
//!
//! Anyone can make a key and sign a card with it, and put that key in a link to this page, so a
//! card that verifies here only proves "signed by the key in the link". The page says so, and
//! shows that key's fingerprint for the customer to compare with the one the shop shows (in
//! Settings); the counter's "Check a card" checks against the shop's own key.

use leptos::prelude::*;
use mohar_card::{verify, CardClaims, Fingerprint, PublicKey};
use wasm_bindgen::prelude::*;

use super::i18n::*;
use super::locales::text;
use super::layout::LanguageSelect;
use super::stamp_card::StampCard;
use super::update_banner;
use crate::domain::card::{query_param, token_in_fragment, SHOP_PARAM};

/// `location.search` and `location.hash`.
fn location_parts() -> (String, String) {
    let location = web_sys::window().map(|window| window.location());
    let search = location.as_ref().and_then(|l| l.search().ok()).unwrap_or_default();
    let hash = location.as_ref().and_then(|l| l.hash().ok()).unwrap_or_default();
    (search, hash)
}

/// Whether the page was opened with a card link (`#mohar=…` in the fragment).
pub fn is_card_link() -> bool {
    token_in_fragment(&location_parts().1).is_some()
}

/// A card that verified against the key its link names, and that key's fingerprint.
#[derive(Clone, Debug, PartialEq)]
struct SignedCard {
    card: CardClaims,
    key: Fingerprint,
}

/// The verified card of the current address, or `None` if it has no shop key or the token is
/// not a card signed by that key, unchanged.
fn card_in_location() -> Option<SignedCard> {
    let (search, hash) = location_parts();
    let token = token_in_fragment(&hash)?;
    let key = PublicKey::from_text(query_param(&search, SHOP_PARAM)?).ok()?;
    let card = verify(&key, token).ok()?;
    Some(SignedCard { card, key: key.fingerprint() })
}

/// The date a card was issued, in the chosen language ("20 November 2025", "20 नवंबर 2025").
pub(super) fn issued_date(seconds: u32, locale: Locale) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(f64::from(seconds) * 1000.0));
    let options = js_sys::Object::new();
    for (name, value) in [("day", "numeric"), ("month", "long"), ("year", "numeric")] {
        let _ = js_sys::Reflect::set(&options, &name.into(), &value.into());
    }
    let tag = match locale {
        Locale::en => "en-IN",
        Locale::hi => "hi-IN",
        Locale::bn => "bn-IN",
        Locale::gu => "gu-IN",
    };
    date.to_locale_date_string(tag, &options).into()
}

/// The public card page.
#[component]
pub fn CardPage() -> impl IntoView {
    let i18n = use_i18n();
    let card = RwSignal::new(card_in_location());

    // <html lang> follows the language, as in the app.
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", i18n.get_locale().as_str());
        }
    });
    Effect::new(move |_| {
        if let Some(shop) = card.with(|signed| signed.as_ref().map(|signed| signed.card.shop_name.clone())) {
            document().set_title(&format!("{shop} · {}", td_string!(i18n.get_locale(), app_name)));
        }
    });

    // A newer link opened in the same tab changes only the fragment. Leaving the card (the
    // fragment is now an app route) starts the app itself.
    if let Some(window) = web_sys::window() {
        let on_hash = Closure::<dyn Fn()>::new(move || {
            if is_card_link() {
                card.set(card_in_location());
            } else if let Some(window) = web_sys::window() {
                let _ = window.location().reload();
            }
        });
        let _ = window.add_event_listener_with_callback("hashchange", on_hash.as_ref().unchecked_ref());
        on_hash.forget();
    }

    update_banner::register_service_worker();

    let body = move || match card.get() {
        Some(SignedCard { card, key }) => view! { <CardView card key/> }.into_any(),
        None => view! {
            <div class="card-panel customer-card">
                <p class="alert" role="alert">{text(i18n, |l| td_string!(l, card_not_verified))}</p>
                <p class="hint">{text(i18n, |l| td_string!(l, card_not_verified_hint))}</p>
            </div>
        }
        .into_any(),
    };

    view! {
        <header class="top">
            <span class="brand">
                <span class="seal" aria-hidden="true">"✓"</span>
                <span>{text(i18n, |l| td_string!(l, app_name))}</span>
            </span>
            <LanguageSelect/>
        </header>
        <update_banner::UpdateBanner/>
        <main id="main" class="card-page">{body}</main>
    }
}

/// One verified card, and the fingerprint of the key that signed it.
#[component]
fn CardView(card: CardClaims, key: Fingerprint) -> impl IntoView {
    let i18n = use_i18n();
    let per = u32::from(card.stamps_per_reward.max(1));
    let on_card = u32::from(card.stamps);
    let ready = card.rewards_ready;
    let left = card.stamps_to_next_reward();
    let reward = card.reward.clone();
    let issued_at = card.issued_at;
    let next = move || {
        if left == 1 {
            t!(i18n, more_stamps_one, reward = reward.clone()).into_any()
        } else {
            t!(i18n, more_stamps_many, n = left, reward = reward.clone()).into_any()
        }
    };
    let updated = move || issued_date(issued_at, i18n.get_locale());
    view! {
        <article class="card-panel customer-card">
            <h1 class="card-shop">{card.shop_name.clone()}</h1>
            {(!card.display_name.is_empty()).then(|| view! { <p class="card-name">{card.display_name.clone()}</p> })}
            <StampCard per on_card/>
            {(ready > 0).then(|| view! { <p class="rewards-ready">{super::counts::rewards_ready(u32::from(ready))}</p> })}
            <p class="card-next">{next}</p>
            <p class="card-updated">{t!(i18n, card_updated, date = updated)}</p>
            <p class="card-key">
                {text(i18n, |l| td_string!(l, card_signed_by))}
                " "
                <code class="fingerprint">{key.to_string()}</code>
                <br/>
                {text(i18n, |l| td_string!(l, card_compare))}
            </p>
        </article>
    }
}
