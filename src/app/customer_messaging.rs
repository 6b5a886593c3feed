//! Messages at the counter (issue 11): the one consent checkbox of "New customer" (unticked)
//! and, on the customer screen, whether they agreed, with "Stop messages" and "Replied STOP"
//! one tap each. Kept small on purpose: it is in the counter's bundle; the campaigns, templates
//! and the queue are the owner's bundle's.

use chrono::Utc;
use leptos::prelude::*;

use super::errors::{ErrorText, UiError};
use super::i18n::*;
use super::locales::text;
use super::random;
use crate::domain::messages::{ConsentHow, MessagingChange};
use crate::domain::Customer;

/// The change a consent answer makes.
pub fn consent(given: bool, how: ConsentHow) -> MessagingChange {
    MessagingChange { consent: Some((given, how)), ..MessagingChange::default() }
}

/// "Agrees to offers and greetings on WhatsApp/SMS": unticked until the customer says yes.
#[component]
pub fn ConsentCheckbox(checked: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="check consent">
            <input type="checkbox" id="messages-consent" bind:checked=checked/>
            " " {text(i18n, |l| td_string!(l, messages_consent_label))}
        </label>
    }
}

/// The customer screen's line: agreed or not, and the one-tap changes.
#[component]
pub fn MessagingConsent(customer: RwSignal<Option<Customer>>, busy: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let shell = super::use_shell();
    let error = RwSignal::new(None::<UiError>);
    let agreed = Memo::new(move |_| customer.with(|c| c.as_ref().is_some_and(|c| c.messaging.agreed())));
    let record = move |given: bool, how: ConsentHow| {
        let now = Utc::now();
        super::customer::run_action(
            shell,
            customer,
            busy,
            error,
            Box::new(move |counter, current| counter.plan_messaging(current, consent(given, how), random::event_id(), now)),
            Box::new(|_| {}),
        );
    };
    view! {
        <div class="messaging-consent">
            <Show
                when=move || agreed.get()
                fallback=move || view! {
                    <span>{text(i18n, |l| td_string!(l, messages_none))}</span>
                    <button type="button" on:click=move |_| record(true, ConsentHow::Counter) disabled=move || busy.get()>
                        {text(i18n, |l| td_string!(l, messages_agree))}
                    </button>
                }
            >
                <span>{text(i18n, |l| td_string!(l, messages_agreed))}</span>
                <button type="button" on:click=move |_| record(false, ConsentHow::Counter) disabled=move || busy.get()>
                    {text(i18n, |l| td_string!(l, messages_stop))}
                </button>
                <button type="button" on:click=move |_| record(false, ConsentHow::ReplyStop) disabled=move || busy.get()>
                    {text(i18n, |l| td_string!(l, messages_replied_stop))}
                </button>
            </Show>
            {move || error.get().map(|error| view! { <span class="alert"><ErrorText error/></span> })}
        </div>
    }
}
