//! Messages (issue 11), the owner's screen (owner's bundle, behind the owner's PIN): "New
//! message" (template, who gets it, the count, who is left out and why, "Add to queue"), the
//! templates with a preview on a real customer, and the limit. The rules are the core's
//! (`domain::messages`); this only reads the customers and the device's messaging value and
//! writes that value back whole.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::I18nContext;

use super::customer_glance::shop_today;
use super::errors::{ErrorText, UiError};
use super::i18n::*;
use super::locales::{text, text_with};
use super::route::Route;
use super::use_shell;
use crate::domain::messages::book::{message_for, prepare, uses_link};
use crate::domain::messages::{select, Audience, Book, Context, Extra, Festival, Lang, LeftOut, Selection, TemplateKind};
use crate::domain::{Customer, CustomerId};
use crate::store::Store;

/// The language of the screens as a message language: the shop's default for customers who
/// chose none.
pub fn lang_of(locale: Locale) -> Lang {
    match locale {
        Locale::en => Lang::En,
        Locale::hi => Lang::Hi,
        Locale::bn => Lang::Bn,
        Locale::gu => Lang::Gu,
    }
}

/// The screens' language of a message language.
pub fn locale_of(lang: Lang) -> Locale {
    match lang {
        Lang::En => Locale::en,
        Lang::Hi => Locale::hi,
        Lang::Bn => Locale::bn,
        Lang::Gu => Locale::gu,
    }
}

/// A template's name on the screens.
pub fn kind_label(kind: TemplateKind) -> fn(Locale) -> &'static str {
    match kind {
        TemplateKind::CardUpdate => |l| td_string!(l, messages_t_card_update),
        TemplateKind::RewardReady => |l| td_string!(l, messages_t_reward_ready),
        TemplateKind::ThankYou => |l| td_string!(l, messages_t_thank_you),
        TemplateKind::FeedbackRequest => |l| td_string!(l, messages_t_feedback_request),
        TemplateKind::Birthday => |l| td_string!(l, messages_t_birthday),
        TemplateKind::Anniversary => |l| td_string!(l, messages_t_anniversary),
        TemplateKind::Festival => |l| td_string!(l, messages_t_festival),
        TemplateKind::NewStock => |l| td_string!(l, messages_t_new_stock),
        TemplateKind::NewOffer => |l| td_string!(l, messages_t_new_offer),
        TemplateKind::WeMissYou => |l| td_string!(l, messages_t_we_miss_you),
        TemplateKind::ComplaintResolved => |l| td_string!(l, messages_t_complaint_resolved),
    }
}

/// The audience choices, by the value of their `<option>`.
const AUDIENCES: [(&str, fn(Locale) -> &'static str); 9] = [
    ("everyone", |l| td_string!(l, messages_a_everyone)),
    ("tag", |l| td_string!(l, messages_a_tag)),
    ("tier", |l| td_string!(l, messages_a_tier)),
    ("birthdays_week", |l| td_string!(l, messages_a_birthdays_week)),
    ("birthdays_today", |l| td_string!(l, messages_a_birthdays_today)),
    ("anniversaries_today", |l| td_string!(l, messages_a_anniversaries_today)),
    ("not_seen", |l| td_string!(l, messages_a_not_seen)),
    ("reward_ready", |l| td_string!(l, messages_a_reward_ready)),
    ("we_miss_you", |l| td_string!(l, messages_a_we_miss_you)),
];

/// The festival a "#/messages?festival=…" address names (a built-in festival's key or the shop's
/// own festival's name).
fn festival_param() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let query = hash.split_once('?')?.1;
    let encoded = query.split('&').find_map(|pair| pair.strip_prefix("festival="))?;
    js_sys::decode_uri_component(encoded).ok().map(String::from).filter(|name| !name.trim().is_empty())
}

/// Reads the device's messaging value, changes it and writes it back whole (read again just
/// before, so the queue's progress saved by another screen is kept).
pub async fn update_book(store: &super::AppStore, change: impl FnOnce(&mut Book)) -> Result<Book, UiError> {
    let mut book = Book::read(store.messages_value().await.map_err(UiError::from)?.as_deref());
    change(&mut book);
    store.save_messages_value(&book.to_text()).await.map_err(UiError::from)?;
    Ok(book)
}

/// The reason a customer gets no message, in the user's language (this screen's campaigns and
/// the customer groups' "we miss you").
pub fn left_out_text(i18n: I18nContext<Locale>, numbers: Signal<super::numbers::Numbers>, reason: LeftOut) -> AnyView {
    match reason {
        LeftOut::NoConsent => text(i18n, |l| td_string!(l, messages_no_consent)).into_any(),
        LeftOut::NoCardUpdates => text(i18n, |l| td_string!(l, messages_no_card)).into_any(),
        LeftOut::AlreadyQueued => text(i18n, |l| td_string!(l, messages_already_queued)).into_any(),
        LeftOut::OverLimit { last } => {
            let days = (Utc::now() - last).num_days();
            text_with(i18n, |l| td_string!(l, messages_last_offer), Arc::new(move || vec![("when", numbers.get().days_ago(days))])).into_any()
        }
    }
}

/// The Messages screen; `audience` opens it for those customers (a segment, issue 12).
#[component]
pub fn MessagesScreen(#[prop(optional)] audience: Option<Audience>) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let numbers = super::numbers::use_numbers();
    let customers = RwSignal::new(Vec::<Customer>::new());
    let book = RwSignal::new(Book::default());
    let error = RwSignal::new(None::<UiError>);
    let added = RwSignal::new(None::<usize>);
    if let Some(store) = shell.store() {
        spawn_local(async move {
            match (store.all_customers().await, store.messages_value().await) {
                (Ok(all), Ok(value)) => {
                    customers.try_set(all);
                    book.try_set(Book::read(value.as_deref()));
                }
                (Err(failure), _) | (_, Err(failure)) => {
                    error.try_set(Some(failure.into()));
                }
            }
        });
    }

    let kind = RwSignal::new(TemplateKind::NewOffer);
    let preset = StoredValue::new(audience);
    let audience_key = RwSignal::new(if preset.with_value(Option::is_some) { "segment" } else { "everyone" }.to_owned());
    let tag = RwSignal::new(String::new());
    let tier = RwSignal::new(String::new());
    let days = RwSignal::new("30".to_owned());
    let (code, date, festival) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    // The built-in festival the reminder opened, while its name is left as it was.
    let builtin = RwSignal::new(None::<Festival>);
    let extra = move || {
        let typed = festival.get();
        let festival_in = builtin
            .get()
            .map(super::festival_names::festival_label)
            .filter(|label| Lang::ALL.into_iter().any(|lang| label(locale_of(lang)) == typed))
            .map(|label| Lang::ALL.into_iter().map(|lang| (lang, label(locale_of(lang)).to_owned())).collect())
            .unwrap_or_default();
        Extra { code: code.get(), date: date.get(), festival: typed, festival_in }
    };
    // The counter's festival reminder opens "#/messages?festival=diwali": the festival greeting
    // to everyone who agreed, the festival's name filled in.
    if let Some(param) = festival_param() {
        kind.set(TemplateKind::Festival);
        audience_key.set("everyone".to_owned());
        let name = match Festival::from_key(&param) {
            Some(chosen) => {
                builtin.set(Some(chosen));
                super::festival_names::festival_label(chosen)(i18n.get_locale_untracked()).to_owned()
            }
            None => param,
        };
        festival.set(name);
    }
    // `{link}`: each customer's signed card link, when the shop's card key could be read.
    let link_for = move |customer: &Customer, shop: &crate::domain::ShopState| shell.shop_key.with_untracked(|key| key.as_ref().map(|key| super::message_links::card_link(key, shop, customer, Utc::now())));
    let link_missing = move || book.with(|b| uses_link(&b.templates, kind.get())) && shell.shop_key.with(Option::is_none);
    let perks = Memo::new(move |_| shell.counter.with(|c| c.as_ref().map(|c| c.perks().clone())).unwrap_or_default());

    let audience = move || match audience_key.get().as_str() {
        "tag" => Audience::Tag(tag.get().parse().unwrap_or(u16::MAX)),
        "tier" => Audience::Tier(tier.get()),
        "birthdays_week" => Audience::BirthdaysThisWeek,
        "birthdays_today" => Audience::BirthdaysToday,
        "anniversaries_today" => Audience::AnniversariesToday,
        "not_seen" => Audience::NotSeenFor(days.get().trim().parse().unwrap_or(30)),
        "reward_ready" => Audience::RewardReady,
        "we_miss_you" => Audience::WeMissYou,
        "segment" => preset.get_value().unwrap_or(Audience::Everyone),
        _ => Audience::Everyone,
    };
    let selection = Memo::new(move |_| {
        let shop = shell.counter.with(|c| c.as_ref().map(|c| c.shop().clone()))?;
        let now = Utc::now();
        let queued = book.with(|book| book.queue.waiting_customers());
        let context = Context { shop: &shop, shop_lang: lang_of(i18n.get_locale()), limit: book.with(|b| b.limit), queued: &queued, now, today: shop_today(now) };
        Some(customers.with(|all| select(kind.get(), &audience(), all.iter(), &context)))
    });
    let by_id = move || customers.with(|all| all.iter().map(|c| (c.id, c.clone())).collect::<BTreeMap<CustomerId, Customer>>());

    let preview = move || {
        let picked = selection.get()?.picked.first().copied()?;
        let shop = shell.counter.with(|c| c.as_ref().map(|c| c.shop().clone()))?;
        let all = by_id();
        let customer = all.get(&picked.customer)?;
        Some(book.with(|b| message_for(kind.get(), &picked, customer, &shop, &b.templates, &extra(), &|c: &Customer| link_for(c, &shop))))
    };

    let add = move |_| {
        let (Some(store), Some(Selection { picked, .. }), Some(shop)) = (shell.store(), selection.get_untracked(), shell.counter.with_untracked(|c| c.as_ref().map(|c| c.shop().clone()))) else { return };
        let (chosen, all, extra) = (kind.get_untracked(), by_id(), extra());
        error.set(None);
        spawn_local(async move {
            let mut count = 0;
            let result = update_book(&store, |book| {
                book.campaigns += 1;
                let campaign = format!("{}-{}", chosen.key(), book.campaigns);
                // Picked again against the queue as it is now, so a campaign added twice does
                // not queue anyone twice.
                let waiting = book.queue.waiting_customers();
                let fresh: Vec<_> = picked.into_iter().filter(|pick| !waiting.contains(&pick.customer)).collect();
                let items = prepare(chosen, &fresh, |pick| all.get(&pick.customer), &shop, &book.templates, &extra, &|c: &Customer| link_for(c, &shop), &campaign);
                count = items.len();
                book.queue.clear_finished();
                book.queue.add(items);
            })
            .await;
            match result {
                Ok(saved) => {
                    book.try_set(saved);
                    added.try_set(Some(count));
                }
                Err(failure) => {
                    error.try_set(Some(failure));
                }
            }
        });
    };

    let left_out = move || {
        let selection = selection.get()?;
        let all = by_id();
        let rows: Vec<_> = selection
            .left_out
            .into_iter()
            .map(|(id, why)| {
                let name = all.get(&id).map(|c| c.name().to_owned()).unwrap_or_default();
                view! { <li>{name} " — " {left_out_text(i18n, numbers, why)}</li> }
            })
            .collect();
        Some(view! { <ul class="left-out">{rows}</ul> })
    };
    let count = move || selection.get().map_or(0, |s| s.picked.len());
    let left_count = move || selection.get().map_or(0, |s| s.left_out.len());

    view! {
        <section class="messages card-panel">
            <h1>{text(i18n, |l| td_string!(l, messages_title))}</h1>
            <p><a class="button" href=Route::MessageQueue.to_hash()>{text(i18n, |l| td_string!(l, messages_queue))}</a></p>
            <h2>{text(i18n, |l| td_string!(l, messages_new))}</h2>
            <div class="field">
                <label for="message-kind">{text(i18n, |l| td_string!(l, messages_template))}</label>
                <select id="message-kind" prop:value=move || kind.get().key() on:change=move |ev| kind.set(TemplateKind::from_key(&event_target_value(&ev)).unwrap_or(TemplateKind::NewOffer))>
                    {TemplateKind::ALL.into_iter().map(|k| view! { <option value=k.key() selected=move || kind.get() == k>{text(i18n, kind_label(k))}</option> }).collect::<Vec<_>>()}
                </select>
            </div>
            <div class="field">
                <label for="message-audience">{text(i18n, |l| td_string!(l, messages_audience))}</label>
                <select id="message-audience" prop:value=move || audience_key.get() on:change=move |ev| audience_key.set(event_target_value(&ev))>
                    {AUDIENCES.into_iter().map(|(key, label)| view! { <option value=key selected=move || audience_key.get() == key>{text(i18n, label)}</option> }).collect::<Vec<_>>()}
                    {preset.with_value(Option::is_some).then(|| view! { <option value="segment" selected=move || audience_key.get() == "segment">{text(i18n, |l| td_string!(l, seg_this_segment))}</option> })}
                </select>
            </div>
            <Show when=move || audience_key.get() == "tag">
                <div class="field">
                    <label for="message-tag">{text(i18n, |l| td_string!(l, know_tags))}</label>
                    <select id="message-tag" prop:value=move || tag.get() on:change=move |ev| tag.set(event_target_value(&ev))>
                        <option value="">"—"</option>
                        {move || perks.get().tags.into_iter().map(|t| view! { <option value=t.id.to_string()>{t.name}</option> }).collect::<Vec<_>>()}
                    </select>
                </div>
            </Show>
            <Show when=move || audience_key.get() == "tier">
                <div class="field">
                    <label for="message-tier">{text(i18n, |l| td_string!(l, messages_a_tier))}</label>
                    <select id="message-tier" prop:value=move || tier.get() on:change=move |ev| tier.set(event_target_value(&ev))>
                        <option value="">"—"</option>
                        {move || perks.get().tiers.into_iter().map(|t| { let value = t.name.clone(); view! { <option value=value>{t.name}</option> } }).collect::<Vec<_>>()}
                    </select>
                </div>
            </Show>
            <Show when=move || audience_key.get() == "not_seen">
                <div class="field">
                    <label for="message-days">{text(i18n, |l| td_string!(l, messages_days))}</label>
                    <input id="message-days" inputmode="numeric" bind:value=days/>
                </div>
            </Show>
            <div class="field">
                <label for="message-code">{text(i18n, |l| td_string!(l, messages_code))}</label>
                <input id="message-code" bind:value=code/>
            </div>
            <div class="field">
                <label for="message-date">{text(i18n, |l| td_string!(l, messages_until))}</label>
                <input id="message-date" bind:value=date/>
            </div>
            <div class="field">
                <label for="message-festival">{text(i18n, |l| td_string!(l, messages_festival))}</label>
                <input id="message-festival" bind:value=festival/>
            </div>
            <p class="message-count">{text_with(i18n, |l| td_string!(l, messages_count), Arc::new(move || vec![("n", numbers.get().int(count() as u32))]))}</p>
            {move || preview().map(|message| view! { <blockquote class="message-preview">{message}</blockquote> })}
            // A text with {link} whose links cannot be made says why (the card key's error).
            <Show when=link_missing>
                <p class="alert" id="link-missing">
                    {text(i18n, |l| td_string!(l, fest_link_missing))} " "
                    {move || shell.key_error.get().map(|error| view! { <ErrorText error/> })}
                </p>
            </Show>
            <p class="left-out-count">{text_with(i18n, |l| td_string!(l, messages_left_out), Arc::new(move || vec![("n", numbers.get().int(left_count() as u32))]))}</p>
            {left_out}
            <button type="button" class="primary" id="add-to-queue" on:click=add disabled=move || count() == 0>{text(i18n, |l| td_string!(l, messages_add))}</button>
            {move || added.get().map(|n| view! {
                <p role="status">{text_with(i18n, |l| td_string!(l, messages_added), Arc::new(move || vec![("n", numbers.get().int(n as u32))]))}</p>
            })}
            {move || error.get().map(|error| view! { <p class="alert"><ErrorText error/></p> })}
            <super::message_templates::TemplateEditor book customers/>
            <super::festival_calendar::FestivalCalendar book/>
        </section>
    }
}
