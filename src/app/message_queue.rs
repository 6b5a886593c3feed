//! Messages (issue 11), the queue (owner's bundle, no PIN: the clerk sends): "Send next" opens
//! the message in WhatsApp (or SMS), and when the clerk comes back to Mohar (the page is shown
//! or focused again, or "Sent" is tapped) it is recorded as a `MessageSent` event; skip and
//! "not on WhatsApp" are one tap each. Every step writes the whole queue back to `meta`, so a
//! reload resumes at the same message.

use std::sync::Arc;

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::errors::{ErrorText, UiError};
use super::i18n::*;
use super::locales::{text, text_with};
use super::messages_screen::update_book;
use super::{random, use_shell, Shell};
use crate::domain::messages::{Book, Channel, ItemState};
use crate::store::Store;

/// Records the opened message as sent: its event first (what the limit counts), then the
/// queue. Nothing happens when no message is opened.
async fn came_back(shell: Shell, book: RwSignal<Book>, error: RwSignal<Option<UiError>>, recording: RwSignal<bool>) {
    let Some(store) = shell.store() else { return };
    let opened = book.with_untracked(|b| b.queue.items.iter().find(|item| item.state == ItemState::Opened).cloned());
    // Focus and "page shown" can both fire on coming back, and "Sent" can be tapped too: one
    // record per message.
    let Some(item) = opened.filter(|_| !recording.get_untracked()) else { return };
    recording.set(true);
    let result: Result<(), UiError> = async {
        let current = store.customer(item.customer).await?.ok_or(UiError::Domain(crate::domain::DomainError::CustomerRemoved))?;
        if let Some(planned) = shell.plan(|counter| counter.plan_message_sent(&current, &item, random::event_id(), Utc::now())) {
            shell.save(&store, &planned?).await?;
        }
        let saved = update_book(&store, |b| {
            b.queue.came_back();
        })
        .await?;
        book.try_set(saved);
        Ok(())
    }
    .await;
    if let Err(failure) = result {
        error.try_set(Some(failure));
    }
    recording.try_set(false);
}

/// The queue screen.
#[component]
pub fn QueueScreen() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let numbers = super::numbers::use_numbers();
    let book = RwSignal::new(Book::default());
    let error = RwSignal::new(None::<UiError>);
    let busy = RwSignal::new(false);
    if let Some(store) = shell.store() {
        spawn_local(async move {
            match store.messages_value().await {
                Ok(value) => {
                    book.try_set(Book::read(value.as_deref()));
                }
                Err(failure) => {
                    error.try_set(Some(failure.into()));
                }
            }
        });
    }
    // Coming back from WhatsApp: the page is shown again.
    let recording = RwSignal::new(false);
    let back = move || spawn_local(came_back(shell, book, error, recording));
    let on_visible = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if document().visibility_state() == web_sys::VisibilityState::Visible {
            back();
        }
    });
    let on_focus = window_event_listener(leptos::ev::focus, move |_| back());
    on_cleanup(move || {
        on_visible.remove();
        on_focus.remove();
    });

    let step = move |change: fn(&mut Book)| {
        let Some(store) = shell.store() else { return };
        busy.set(true);
        spawn_local(async move {
            match update_book(&store, change).await {
                Ok(saved) => {
                    book.try_set(saved);
                }
                Err(failure) => {
                    error.try_set(Some(failure));
                }
            }
            busy.try_set(false);
        });
    };
    let not_on_whatsapp = move |_| {
        let Some(store) = shell.store() else { return };
        spawn_local(async move {
            let mut change = None;
            let result: Result<(), UiError> = async {
                let saved = update_book(&store, |b| change = b.queue.not_on_whatsapp()).await?;
                book.try_set(saved);
                if let Some((customer, preference)) = change {
                    let current = store.customer(customer).await?.ok_or(UiError::Domain(crate::domain::DomainError::CustomerRemoved))?;
                    if let Some(planned) = shell.plan(|counter| counter.plan_messaging(&current, preference, random::event_id(), Utc::now())) {
                        shell.save(&store, &planned?).await?;
                    }
                }
                Ok(())
            }
            .await;
            if let Err(failure) = result {
                error.try_set(Some(failure));
            }
        });
    };

    let current = move || book.with(|b| b.queue.current().map(|index| b.queue.items[index].clone()));
    let progress = move || book.with(|b| b.queue.progress());

    view! {
        <section class="message-queue card-panel">
            <h1>{text(i18n, |l| td_string!(l, messages_queue))}</h1>
            <p class="progress" role="status">{text_with(i18n, |l| td_string!(l, messages_progress), Arc::new(move || {
                let (sent, all) = progress();
                vec![("sent", numbers.get().int(sent as u32)), ("total", numbers.get().int(all as u32))]
            }))}</p>
            {move || match current() {
                None => view! { <p class="empty">{text(i18n, |l| td_string!(l, messages_queue_empty))}</p> }.into_any(),
                Some(item) => {
                    let opened = item.state == ItemState::Opened;
                    let by_sms = item.channel == Channel::Sms;
                    view! {
                        <div class="queue-item">
                            <p class="who">
                                <strong>{item.name.clone()}</strong> " " {item.phone.formatted()}
                                {by_sms.then(|| view! { " · " {text(i18n, |l| td_string!(l, messages_by_sms))} })}
                            </p>
                            <blockquote class="message-preview">{item.text.clone()}</blockquote>
                            <div class="actions">
                                <a class="button primary" id="send-next" href=item.link() target="_blank" rel="noopener"
                                    on:click=move |_| step(|b| { b.queue.open_next(); })>
                                    {text(i18n, |l| td_string!(l, messages_send_next))}
                                </a>
                                {opened.then(|| view! {
                                    <button type="button" id="mark-sent" on:click=move |_| back()>{text(i18n, |l| td_string!(l, messages_mark_sent))}</button>
                                })}
                                <button type="button" id="skip" disabled=move || busy.get() on:click=move |_| step(|b| { b.queue.skip(); })>
                                    {text(i18n, |l| td_string!(l, messages_skip))}
                                </button>
                                {(!by_sms).then(|| view! {
                                    <button type="button" id="not-on-whatsapp" disabled=move || busy.get() on:click=not_on_whatsapp>
                                        {text(i18n, |l| td_string!(l, messages_not_whatsapp))}
                                    </button>
                                })}
                            </div>
                        </div>
                    }
                    .into_any()
                }
            }}
            {move || error.get().map(|error| view! { <p class="alert"><ErrorText error/></p> })}
        </section>
    }
}
