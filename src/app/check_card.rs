//! "Check a card" at the counter: paste a card link (or scan its QR code where the browser can)
//! and see whether it is genuinely this shop's card. The checking is in
//! `domain::card_check`; this screen only reads the input and shows the outcome.

use leptos::prelude::*;
use leptos::task::spawn_local;
use mohar_card::CardClaims;

use super::errors::ErrorText;
use super::i18n::*;
use super::locales::{text, text_with};
use std::sync::Arc;
use super::route::Route;
use super::{scan, use_shell};
use crate::domain::card_check::{check_card, customer_of_card, CardCheck, NotGenuine};
use crate::domain::CustomerId;

/// A checked card and, if genuine, the customer it belongs to on this device.
#[derive(Clone, Debug, PartialEq)]
struct Checked {
    outcome: CardCheck,
    customer: Option<CustomerId>,
}

/// The "Check a card" screen.
#[component]
pub fn CheckCardScreen() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let input = RwSignal::new(String::new());
    let checked = RwSignal::new(None::<Checked>);
    let fingerprint = Memo::new(move |_| shell.shop_key.with(|key| key.as_ref().map(|key| key.public_key().fingerprint().to_string())));

    // The customers on this device, to find a genuine card's customer. This screen runs in the
    // on-demand bundle (issue 15), whose counter holds the shop but no search index: the ids
    // come from the store's own start-up read (the index snapshot and the records changed since).
    let ids = RwSignal::new(None::<Arc<Vec<CustomerId>>>);
    if let Some(store) = shell.store() {
        spawn_local(async move {
            if let Ok(Some(counter)) = crate::session::open(&*store, super::random::device_id(), chrono::Utc::now()).await {
                ids.try_set(Some(Arc::new(counter.index().ids().to_vec())));
            }
        });
    }
    let customer_of = move |outcome: &CardCheck| match outcome {
        CardCheck::Genuine(card) => {
            let key = shell.shop_key.get_untracked()?;
            ids.with_untracked(|ids| customer_of_card(&key, &card.card_id, ids.as_ref()?.iter().copied()))
        }
        CardCheck::NotThisShop(_) => None,
    };
    // A card checked before the ids were read gets its customer once they are.
    Effect::new(move |_| {
        if ids.with(Option::is_some) {
            let found = checked.with_untracked(|checked| checked.as_ref().filter(|checked| checked.customer.is_none()).map(|checked| customer_of(&checked.outcome)));
            if let Some(Some(customer)) = found {
                checked.update(|checked| {
                    if let Some(checked) = checked {
                        checked.customer = Some(customer);
                    }
                });
            }
        }
    });

    let run_check = move |text: &str| {
        let Some(key) = shell.shop_key.get_untracked() else { return };
        let outcome = check_card(&key.public_key(), text);
        let customer = customer_of(&outcome);
        checked.set(Some(Checked { outcome, customer }));
    };
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        run_check(&input.get_untracked());
    };

    // The camera, where the browser can read QR codes (see scan.rs): a code seen is checked.
    let can_scan = scan::supported();
    let scanner = scan::Scanner::new(move |found| {
        input.try_set(found.clone());
        run_check(&found);
    });

    view! {
        <section class="check-card">
            <h1>{text(i18n, |l| td_string!(l, check_card))}</h1>
            <div class="card-panel">
                <p class="note">{text(i18n, |l| td_string!(l, check_card_intro))}</p>
                {move || shell.key_error.get().map(|error| view! { <p class="alert"><ErrorText error/></p> })}
                <form on:submit=on_submit novalidate>
                    <div class="field">
                        <label for="card-to-check">{text(i18n, |l| td_string!(l, card_link_or_message))}</label>
                        <textarea
                            id="card-to-check"
                            class="code"
                            rows="4"
                            spellcheck="false"
                            autocomplete="off"
                            prop:value=move || input.get()
                            on:input=move |event| {
                                input.set(event_target_value(&event));
                                checked.set(None);
                            }
                        ></textarea>
                    </div>
                    <div class="actions">
                        <button type="submit" class="primary" disabled=move || fingerprint.with(Option::is_none)>
                            {text(i18n, |l| td_string!(l, check))}
                        </button>
                        {can_scan.then(|| view! {
                            <Show
                                when=move || scanner.scanning.get()
                                fallback=move || view! {
                                    <button type="button" on:click=move |_| scanner.start()>{text(i18n, |l| td_string!(l, scan_qr))}</button>
                                }
                            >
                                <button type="button" on:click=move |_| scanner.stop()>{text(i18n, |l| td_string!(l, stop_camera))}</button>
                            </Show>
                        })}
                    </div>
                </form>
                <Show when=move || scanner.scanning.get()>
                    <p class="hint">{text(i18n, |l| td_string!(l, scan_hint))}</p>
                    <video class="scan-video" node_ref=scanner.video autoplay=true muted=true playsinline=true></video>
                </Show>
                {move || scanner.failed.get().then(|| view! { <p class="alert">{text(i18n, |l| td_string!(l, camera_failed))}</p> })}
            </div>
            <div class="check-outcome" role="status">
                {move || checked.get().map(|checked| view! { <Outcome checked/> })}
            </div>
            <p class="note own-fingerprint">
                {text(i18n, |l| td_string!(l, your_fingerprint))}
                " "
                <code class="fingerprint">{move || fingerprint.get().unwrap_or_default()}</code>
            </p>
        </section>
    }
}

/// "Genuine card of this shop" with what it says, or "Not a card of this shop" and why.
#[component]
fn Outcome(checked: Checked) -> impl IntoView {
    let i18n = use_i18n();
    match checked.outcome {
        CardCheck::Genuine(card) => view! {
            <div class="card-panel check-result genuine">
                <h2><span aria-hidden="true">"✓ "</span>{text(i18n, |l| td_string!(l, genuine_card))}</h2>
                <GenuineCard card customer=checked.customer/>
            </div>
        }
        .into_any(),
        CardCheck::NotThisShop(reason) => {
            let reason = match reason {
                NotGenuine::NotACardLink => text(i18n, |l| td_string!(l, reason_not_a_link)).into_any(),
                NotGenuine::OtherKey(Some(fp)) => {
                    // The fingerprint in one piece (never broken at a dash), as on the card page.
                    let fp = fp.to_string();
                    let fp = move || view! { <code class="fingerprint">{fp.clone()}</code> };
                    t!(i18n, reason_other_key, fp).into_any()
                }
                NotGenuine::OtherKey(None) => text(i18n, |l| td_string!(l, reason_other_shop)).into_any(),
                NotGenuine::Changed => text(i18n, |l| td_string!(l, reason_changed)).into_any(),
                NotGenuine::Damaged => text(i18n, |l| td_string!(l, reason_damaged)).into_any(),
                NotGenuine::UnknownFormat => text(i18n, |l| td_string!(l, reason_unknown_format)).into_any(),
            };
            view! {
                <div class="card-panel check-result not-genuine">
                    <h2><span aria-hidden="true">"✗ "</span>{text(i18n, |l| td_string!(l, not_this_shop))}</h2>
                    <p class="reason">{reason}</p>
                </div>
            }
            .into_any()
        }
    }
}

/// What a genuine card says, and a link to its customer when they are on this device.
#[component]
fn GenuineCard(card: CardClaims, customer: Option<CustomerId>) -> impl IntoView {
    let i18n = use_i18n();
    let per = u32::from(card.stamps_per_reward.max(1));
    let on_card = u32::from(card.stamps);
    let ready = card.rewards_ready;
    let issued_at = card.issued_at;
    let numbers = super::numbers::use_numbers();
    let updated = move || issued_date(issued_at, &numbers.get());
    view! {
        <dl class="facts-list">
            <dt>{text(i18n, |l| td_string!(l, shop))}</dt>
            <dd>{card.shop_name.clone()}</dd>
            <dt>{text(i18n, |l| td_string!(l, name))}</dt>
            <dd>{card.display_name.clone()}</dd>
            <dt>{text(i18n, |l| td_string!(l, stamps_label))}</dt>
            <dd>{super::counts::stamps_of(on_card, per)}</dd>
            <dt>{text(i18n, |l| td_string!(l, reward))}</dt>
            <dd>{card.reward.clone()}</dd>
        </dl>
        {(ready > 0).then(|| view! { <p class="rewards-ready">{super::counts::rewards_ready(u32::from(ready))}</p> })}
        <p class="card-updated">{text_with(i18n, |l| td_string!(l, card_updated), Arc::new(move || vec![("date", updated())]))}</p>
        {customer.map(|id| view! {
            <a class="button" href=Route::Customer(id).to_hash()>{text(i18n, |l| td_string!(l, open_customer))}</a>
        })}
    }
}

/// The date a card was issued, in the chosen language and digits ("20 November 2025",
/// "२० नवंबर २०२५"): the device's own calendar day of that moment, written by [`Numbers::date`].
fn issued_date(seconds: u32, numbers: &super::numbers::Numbers) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(f64::from(seconds) * 1000.0));
    numbers.date(date.get_full_year() as i32, date.get_month() + 1, date.get_date())
}
