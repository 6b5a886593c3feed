//! "Send we miss you" (issue 12, owner's bundle): one tap on the dashboard puts the customers
//! slipping away into the messages queue with the shop's "we miss you" template. The messages'
//! own rules decide who gets one (`messages::audience::may_send`: consent, the limit on offers,
//! already waiting in the queue); those left out are listed with the reason, as on the Messages
//! screen.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::customer_glance::shop_today;
use super::errors::{ErrorText, UiError};
use super::i18n::*;
use super::locales::{text, text_with};
use super::messages_screen::{lang_of, left_out_text, update_book};
use super::numbers::use_numbers;
use super::use_shell;
use crate::domain::messages::audience::may_send;
use crate::domain::messages::book::prepare;
use crate::domain::messages::{Book, Context, Extra, LeftOut, Pick, TemplateKind};
use crate::domain::{Customer, CustomerId};
use crate::store::Store;

/// What one tap did.
#[derive(Clone, Debug, PartialEq)]
struct Sent {
    /// Messages added to the queue.
    added: usize,
    /// Left out, by name, with the reason.
    left_out: Vec<(String, LeftOut)>,
}

/// The button, for the customers slipping away (all of them, not only those listed by name).
#[component]
pub fn SendWeMissYou(customers: Vec<CustomerId>) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let numbers = use_numbers();
    let busy = RwSignal::new(false);
    let sent = RwSignal::new(None::<Sent>);
    let error = RwSignal::new(None::<UiError>);
    let customers = StoredValue::new(customers);

    let send = move |_| {
        let (Some(store), Some(shop)) = (shell.store(), shell.counter.with_untracked(|c| c.as_ref().map(|c| c.shop().clone()))) else { return };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let ids = customers.get_value();
        let shop_lang = lang_of(i18n.get_locale_untracked());
        // The customer's signed card link for a text with {link}, when the shop key was read.
        let key = shell.shop_key.get_untracked();
        spawn_local(async move {
            let result = async {
                let mut records: BTreeMap<CustomerId, Customer> = BTreeMap::new();
                for id in ids {
                    if let Some(record) = store.customer(id).await.map_err(UiError::from)? {
                        records.insert(id, record);
                    }
                }
                let mut outcome = Sent { added: 0, left_out: Vec::new() };
                let book = update_book(&store, |book: &mut Book| {
                    let now = Utc::now();
                    let queued = book.queue.waiting_customers();
                    let context = Context { shop: &shop, shop_lang, limit: book.limit, queued: &queued, now, today: shop_today(now) };
                    let mut picks: Vec<Pick> = Vec::new();
                    for record in records.values().filter(|record| !record.is_removed()) {
                        match may_send(TemplateKind::WeMissYou, record, &context) {
                            Ok(pick) => picks.push(pick),
                            Err(reason) => outcome.left_out.push((record.name().to_owned(), reason)),
                        }
                    }
                    book.campaigns += 1;
                    let campaign = format!("{}-{}", TemplateKind::WeMissYou.key(), book.campaigns);
                    let link = |customer: &Customer| key.as_ref().map(|key| super::message_links::card_link(key, &shop, customer, now));
                    let items = prepare(TemplateKind::WeMissYou, &picks, |pick| records.get(&pick.customer), &shop, &book.templates, &Extra::default(), &link, &campaign);
                    outcome.added = items.len();
                    book.queue.clear_finished();
                    book.queue.add(items);
                })
                .await;
                book.map(|_| outcome)
            }
            .await;
            busy.try_set(false);
            match result {
                Ok(outcome) => {
                    sent.try_set(Some(outcome));
                }
                Err(failure) => {
                    error.try_set(Some(failure));
                }
            }
        });
    };

    let outcome = move || {
        sent.get().map(|outcome| {
            let added = outcome.added as u32;
            let rows = outcome.left_out.into_iter().map(|(name, why)| view! { <li>{name}" — "{left_out_text(i18n, numbers, why)}</li> }).collect_view();
            view! {
                <p role="status" data-testid="miss-you-added">{text_with(i18n, |l| td_string!(l, messages_added), Arc::new(move || vec![("n", numbers.get().int(added))]))}</p>
                <ul class="left-out">{rows}</ul>
                <p><a class="button" href=super::route::Route::MessageQueue.to_hash()>{text(i18n, |l| td_string!(l, messages_queue))}</a></p>
            }
        })
    };

    view! {
        <div class="miss-you">
            <button type="button" class="primary" id="send-we-miss-you" on:click=send disabled=move || busy.get() || customers.with_value(Vec::is_empty)>
                {text(i18n, |l| td_string!(l, seg_send_miss_you))}
            </button>
            {outcome}
            {move || error.get().map(|error| view! { <p class="alert"><ErrorText error/></p> })}
        </div>
    }
}
