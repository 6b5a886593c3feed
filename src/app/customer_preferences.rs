//! The customer's message preferences (issue 11), a panel of the customer screen in the
//! on-demand bundle (`customer_panels.rs`): the language their messages are written in (the
//! shop's by default) and "Send my card on WhatsApp/SMS" (card updates and "reward ready" go
//! only to customers who asked). Each change is a `MessagingChanged` event naming only that
//! preference, saved with the record like a stamp (`Counter::plan_messaging`).

use chrono::Utc;
use leptos::prelude::*;

use super::errors::{ErrorText, UiError};
use super::i18n::*;
use super::locales::text;
use super::random;
use crate::domain::messages::{Lang, MessagingChange};
use crate::domain::Customer;

/// A language's own name, as the language switch shows it.
pub fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "English",
        Lang::Hi => "हिन्दी",
        Lang::Bn => "বাংলা",
        Lang::Gu => "ગુજરાતી",
    }
}

/// The language select and the card checkbox.
#[component]
pub fn MessagePreferences(customer: RwSignal<Option<Customer>>, busy: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let shell = super::use_shell();
    let error = RwSignal::new(None::<UiError>);
    let chosen = Memo::new(move |_| customer.with(|c| c.as_ref().and_then(|c| c.messaging.language.as_ref().map(|set| set.value))));
    let wants_card = Memo::new(move |_| customer.with(|c| c.as_ref().is_some_and(|c| c.messaging.wants_card())));
    let record = move |change: MessagingChange| {
        let now = Utc::now();
        super::customer::run_action(shell, customer, busy, error, Box::new(move |counter, current| counter.plan_messaging(current, change, random::event_id(), now)), Box::new(|_| {}));
    };
    let on_language = move |ev: leptos::ev::Event| {
        if let Some(lang) = Lang::from_code(&event_target_value(&ev)) {
            if chosen.get_untracked() != Some(lang) {
                record(MessagingChange { language: Some(lang), ..MessagingChange::default() });
            }
        }
    };
    let on_card = move |ev: leptos::ev::Event| {
        record(MessagingChange { card_updates: Some(event_target_checked(&ev)), ..MessagingChange::default() });
    };
    view! {
        <div class="message-preferences">
            <div class="field">
                <label for="message-language">{text(i18n, |l| td_string!(l, fest_pref_language))}</label>
                <select id="message-language" on:change=on_language disabled=move || busy.get()>
                    <option value="" selected=move || chosen.get().is_none()>{text(i18n, |l| td_string!(l, fest_pref_shop_language))}</option>
                    {Lang::ALL.into_iter().map(|lang| view! { <option value=lang.code() selected=move || chosen.get() == Some(lang)>{lang_name(lang)}</option> }).collect::<Vec<_>>()}
                </select>
            </div>
            <label class="check">
                <input type="checkbox" id="message-card" prop:checked=move || wants_card.get() on:change=on_card disabled=move || busy.get()/>
                " " {text(i18n, |l| td_string!(l, fest_pref_send_card))}
            </label>
            {move || error.get().map(|error| view! { <span class="alert"><ErrorText error/></span> })}
        </div>
    }
}
