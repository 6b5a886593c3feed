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
use crate::domain::card::{self, MessageLanguage};
use crate::domain::Customer;

/// The links of one card, as shown.
#[derive(Clone, Debug, PartialEq)]
struct Share {
    link: String,
    whatsapp: String,
    sms: String,
}

fn message_language(locale: Locale) -> MessageLanguage {
    match locale {
        Locale::en => MessageLanguage::English,
        Locale::hi => MessageLanguage::Hindi,
    }
}

/// "Card link", "Show QR", "Send on WhatsApp" and "Send by SMS" for `customer`.
#[component]
pub fn CardShare(customer: RwSignal<Option<Customer>>) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let share = Memo::new(move |_| {
        let key = shell.shop_key.get()?;
        let language = message_language(i18n.get_locale());
        customer.with(|customer| {
            let customer = customer.as_ref()?;
            let phone = &customer.profile.as_ref()?.phone;
            shell.counter.with(|counter| {
                let claims = card::claims(&key, customer, counter.as_ref()?.shop(), Utc::now());
                let token = mohar_card::issue(&key, &claims);
                let link = card::card_link(&card_links::card_page(&key), &token);
                let message = card::card_message(language, &claims, &link);
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
