//! Messages (issue 11): the template editor (a template in a language, its text, a preview on
//! a real customer) and the limit on promotional messages. Part of the owner's Messages screen.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::errors::{ErrorText, UiError};
use super::i18n::*;
use super::locales::{text, text_with};
use super::customer_preferences::lang_name;
use super::messages_screen::{kind_label, update_book};
use super::use_shell;
use crate::domain::messages::book::message_for;
use crate::domain::messages::{Book, Extra, Lang, Limit, Pick, TemplateKind};
use crate::domain::Customer;

/// Edit a template's text in a language, with a preview on a real customer.
#[component]
pub fn TemplateEditor(book: RwSignal<Book>, customers: RwSignal<Vec<Customer>>) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let numbers = super::numbers::use_numbers();
    let kind = RwSignal::new(TemplateKind::Birthday);
    let lang = RwSignal::new(super::messages_screen::lang_of(i18n.get_locale_untracked()));
    let draft = RwSignal::new(String::new());
    let saved = RwSignal::new(false);
    let error = RwSignal::new(None::<UiError>);
    // The draft follows the chosen template and language.
    Effect::new(move |_| {
        let (chosen, in_lang) = (kind.get(), lang.get());
        draft.set(book.with_untracked(|b| b.templates.text(chosen, in_lang).to_owned()));
        saved.set(false);
    });
    let preview = move || {
        let shop = shell.counter.with(|c| c.as_ref().map(|c| c.shop().clone()))?;
        customers.with(|all| {
            let customer = all.iter().find(|c| !c.is_removed() && c.profile.is_some())?;
            let pick = Pick { customer: customer.id, channel: customer.messaging.channel(), lang: lang.get() };
            let mut templates = book.with(|b| b.templates.clone());
            templates.set(kind.get(), lang.get(), &draft.get());
            let extra = Extra { code: "DIWALI10".into(), date: "12/11".into(), festival: "Diwali".into(), ..Extra::default() };
            let key = shell.shop_key.get();
            let link = |c: &Customer| key.as_ref().map(|key| super::message_links::card_link(key, &shop, c, chrono::Utc::now()));
            Some((customer.name().to_owned(), message_for(kind.get(), &pick, customer, &shop, &templates, &extra, &link)))
        })
    };
    let save = move |_| {
        let Some(store) = shell.store() else { return };
        let (chosen, in_lang, typed) = (kind.get_untracked(), lang.get_untracked(), draft.get_untracked());
        error.set(None);
        spawn_local(async move {
            match update_book(&store, |b| b.templates.set(chosen, in_lang, &typed)).await {
                Ok(now) => {
                    book.try_set(now);
                    saved.try_set(true);
                }
                Err(failure) => {
                    error.try_set(Some(failure));
                }
            }
        });
    };

    let limit_count = RwSignal::new(String::new());
    let limit_days = RwSignal::new(String::new());
    Effect::new(move |_| {
        let limit = book.with(|b| b.limit);
        limit_count.set(limit.count.to_string());
        limit_days.set(limit.days.to_string());
    });
    let save_limit = move |_| {
        let Some(store) = shell.store() else { return };
        let limit = Limit { count: limit_count.get_untracked().trim().parse().unwrap_or(1), days: limit_days.get_untracked().trim().parse().unwrap_or(7) }.clamped();
        spawn_local(async move {
            match update_book(&store, |b| b.limit = limit).await {
                Ok(now) => {
                    book.try_set(now);
                }
                Err(failure) => {
                    error.try_set(Some(failure));
                }
            }
        });
    };

    view! {
        <div class="template-editor">
            <h2>{text(i18n, |l| td_string!(l, messages_templates))}</h2>
            <div class="field">
                <label for="template-kind">{text(i18n, |l| td_string!(l, messages_template))}</label>
                <select id="template-kind" prop:value=move || kind.get().key() on:change=move |ev| kind.set(TemplateKind::from_key(&event_target_value(&ev)).unwrap_or(TemplateKind::Birthday))>
                    {TemplateKind::ALL.into_iter().map(|k| view! { <option value=k.key() selected=move || kind.get() == k>{text(i18n, kind_label(k))}</option> }).collect::<Vec<_>>()}
                </select>
            </div>
            <div class="field">
                <label for="template-lang">{text(i18n, |l| td_string!(l, language))}</label>
                <select id="template-lang" prop:value=move || lang.get().code() on:change=move |ev| lang.set(Lang::from_code(&event_target_value(&ev)).unwrap_or_default())>
                    {Lang::ALL.into_iter().map(|l| view! { <option value=l.code() selected=move || lang.get() == l>{lang_name(l)}</option> }).collect::<Vec<_>>()}
                </select>
            </div>
            <div class="field">
                <label for="template-text">{text(i18n, |l| td_string!(l, messages_template_text))}</label>
                <textarea id="template-text" rows="5" prop:value=move || draft.get() on:input=move |ev| { draft.set(event_target_value(&ev)); saved.set(false); }></textarea>
                <p class="hint">"{name} {shop} {stamps} {more} {reward} {link} {code} {date} {festival}"</p>
            </div>
            {move || preview().map(|(who, message)| view! {
                <p class="preview-label">{text_with(i18n, |l| td_string!(l, messages_preview_for), Arc::new(move || vec![("name", who.clone())]))}</p>
                <blockquote class="message-preview" id="template-preview">{message}</blockquote>
            })}
            <button type="button" class="primary" on:click=save>{text(i18n, |l| td_string!(l, messages_save_template))}</button>
            <Show when=move || saved.get()><span role="status">" " {text(i18n, |l| td_string!(l, messages_saved))}</span></Show>
            <h2>{text(i18n, |l| td_string!(l, messages_limit))}</h2>
            <div class="field">
                <label for="limit-count">{text(i18n, |l| td_string!(l, messages_limit_count))}</label>
                <input id="limit-count" inputmode="numeric" bind:value=limit_count/>
            </div>
            <div class="field">
                <label for="limit-days">{text(i18n, |l| td_string!(l, messages_limit_days))}</label>
                <input id="limit-days" inputmode="numeric" bind:value=limit_days/>
            </div>
            <p class="hint">{text_with(i18n, |l| td_string!(l, messages_limit_now), Arc::new(move || {
                let limit = book.with(|b| b.limit);
                vec![("n", numbers.get().int(limit.count)), ("days", numbers.get().int(limit.days))]
            }))}</p>
            <button type="button" on:click=save_limit>{text(i18n, |l| td_string!(l, messages_save_limit))}</button>
            {move || error.get().map(|error| view! { <p class="alert"><ErrorText error/></p> })}
        </div>
    }
}
