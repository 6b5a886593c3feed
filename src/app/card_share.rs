//! The customer screen's card actions: the signed card link, its QR code, and sending it on
//! WhatsApp or by SMS. The link carries the customer's card as it is now, signed with the shop
//! key; it is rebuilt whenever the card changes.

use chrono::Utc;
use leptos::html;
use leptos::prelude::*;

use super::card_links;
use super::copy::CopyButton;
use super::errors::ErrorText;
use super::i18n::*;
use super::locales::text;
use super::use_shell;
use super::numbers::{fill, use_numbers, Numbers};
use crate::domain::card;
use crate::domain::Customer;
use mohar_card::CardClaims;

/// The links of one card, as shown.
#[derive(Clone, Debug, PartialEq)]
struct Share {
    link: String,
    whatsapp: String,
    sms: String,
}

/// The short, friendly message that sends a customer their card (their name, stamps, the reward
/// and the link), in the shop's language: every word is the translation's (`msg_*` templates, the
/// plural form chosen by the language's rules), every number written by [`Numbers`].
fn card_message(numbers: Numbers, claims: &CardClaims, link: &str) -> String {
    let locale = numbers.locale;
    let name = claims.display_name.as_str();
    let hello = if name.is_empty() { td_string!(locale, msg_hello).to_string() } else { fill(td_string!(locale, msg_hello_name), &[("name", name)]) };
    let reward = claims.reward.as_str();
    let progress = match u32::from(claims.rewards_ready) {
        0 => fill(td_string!(locale, msg_more), &[("left", &numbers.int(claims.stamps_to_next_reward())), ("reward", reward)]),
        ready => {
            let template = if numbers.is_one(ready) { td_string!(locale, msg_ready_singular) } else { td_string!(locale, msg_ready_plural) };
            fill(template, &[("k", &numbers.int(ready)), ("reward", reward)])
        }
    };
    let per = u32::from(claims.stamps_per_reward.max(1));
    let template = if numbers.is_one(per) { td_string!(locale, msg_card_singular) } else { td_string!(locale, msg_card_plural) };
    let arguments = [
        ("hello", hello.as_str()),
        ("n", &numbers.int(claims.stamps)),
        ("per", &numbers.int(per)),
        ("shop", claims.shop_name.as_str()),
        ("progress", progress.as_str()),
        ("link", link),
    ];
    fill(template, &arguments)
}

/// "Card link", "Show QR", "Send on WhatsApp" and "Send by SMS" for `customer`.
#[component]
pub fn CardShare(customer: RwSignal<Option<Customer>>) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let numbers = use_numbers();
    let share = Memo::new(move |_| {
        let key = shell.shop_key.get()?;
        let numbers = numbers.get();
        customer.with(|customer| {
            let customer = customer.as_ref()?;
            let phone = &customer.profile.as_ref()?.phone;
            shell.counter.with(|counter| {
                let claims = card::claims(&key, customer, counter.as_ref()?.shop(), Utc::now());
                let token = mohar_card::issue(&key, &claims);
                let link = card::card_link(&card_links::card_page(&key), &token);
                let message = card_message(numbers, &claims, &link);
                Some(Share { whatsapp: card::whatsapp_link(phone, &message), sms: card::sms_link(phone, &message), link })
            })
        })
    });
    let field = move |pick: fn(&Share) -> &String| move || share.with(|share| share.as_ref().map(|share| pick(share).clone()));

    let qr_open = RwSignal::new(false);
    let show_button = NodeRef::<html::Button>::new();
    let close_button = NodeRef::<html::Button>::new();
    // Focus moves into the dialog when it opens, and back to "Show QR" when it closes.
    Effect::new(move |_| {
        if let Some(button) = close_button.get() {
            let _ = button.focus();
        }
    });
    let close = move || {
        qr_open.set(false);
        if let Some(button) = show_button.get_untracked() {
            let _ = button.focus();
        }
    };
    // The SVG is generated from the link's modules only (no user text), so it may be markup.
    let qr_svg = move || share.with(|share| share.as_ref().and_then(|share| card::qr_svg(&share.link))).unwrap_or_default();

    view! {
        <section class="card-share" aria-labelledby="card-share-title">
            <h2 id="card-share-title">{text(i18n, |l| td_string!(l, share_title))}</h2>
            {move || shell.key_error.get().map(|error| view! { <p class="alert"><ErrorText error/></p> })}
            <Show when=move || share.with(Option::is_some)>
                <div class="share-actions">
                    <a class="button" href=field(|s| &s.link) target="_blank" rel="noopener">{text(i18n, |l| td_string!(l, card_link))}</a>
                    <CopyButton link=true text=Signal::derive(move || share.with(|share| share.as_ref().map(|share| share.link.clone()).unwrap_or_default()))/>
                    <button type="button" node_ref=show_button on:click=move |_| qr_open.set(true)>{text(i18n, |l| td_string!(l, show_qr))}</button>
                    <a class="button whatsapp" href=field(|s| &s.whatsapp) target="_blank" rel="noopener">{text(i18n, |l| td_string!(l, send_whatsapp))}</a>
                    <a class="button" href=field(|s| &s.sms)>{text(i18n, |l| td_string!(l, send_sms))}</a>
                </div>
            </Show>
            <Show when=move || qr_open.get()>
                <div class="qr-backdrop">
                    <div
                        class="qr-dialog"
                        role="dialog"
                        aria-modal="true"
                        aria-labelledby="qr-title"
                        on:keydown=move |event| {
                            if event.key() == "Escape" {
                                close();
                            }
                        }
                    >
                        <h2 id="qr-title">{text(i18n, |l| td_string!(l, qr_title))}</h2>
                        <div
                            class="qr"
                            role="img"
                            aria-label=move || td_string!(i18n.get_locale(), qr_label).to_string()
                            inner_html=qr_svg
                        ></div>
                        <p class="hint">{text(i18n, |l| td_string!(l, qr_hint))}</p>
                        <button type="button" class="primary" node_ref=close_button on:click=move |_| close()>
                            {text(i18n, |l| td_string!(l, close))}
                        </button>
                    </div>
                </div>
            </Show>
        </section>
    }
}
