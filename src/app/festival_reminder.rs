//! The counter's festival reminder (issue 11): a few days before a festival the shop keeps, one
//! dismissible line above the search, "Diwali on Friday — greet 214 customers", that opens the
//! Messages screen with the festival greeting and everyone who agreed (the owner's PIN as for
//! any campaign). In the panels' bundle (issue 15): the counter screen asks for it a moment
//! after it opens (`owner_bundle::LaterPart`), so neither the reminder nor the festival table
//! and calendar it reads are in the counter's first load. It reads the device's messaging value
//! once (only the calendar's edits, the limit and the morning's day are decoded), and reads the
//! customers' records only when a festival is near and the line was not dismissed.
//!
//! It also has the counter start the morning's birthday and anniversary greetings
//! (`domain::messages::morning`) on the day's first start, in the owner's bundle, and only on a
//! device that has used Messages (the messaging value exists), through the mounted part's
//! `after_save` (`Shell::tell_counter`): only the counter's page loads bundles.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, Utc};
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Deserialize;

use super::festival_names::{festival_label, weekday_label};
use super::i18n::*;
use super::numbers::fill;
use super::use_shell;
use crate::domain::messages::audience::may_send;
use crate::domain::messages::festivals::coming_up;
use crate::domain::messages::{Context, FestivalEdits, Limit, Occurrence, TemplateKind, Which};
use crate::store::Store;

/// Where the dismissed reminder is remembered on this device ("diwali:2026-11-08").
const DISMISSED_KEY: &str = "mohar.festival_dismissed";

/// The parts of the messaging value the counter needs; the rest (templates, the queue) is
/// skipped unread.
#[derive(Default, Deserialize)]
struct Needed {
    #[serde(default)]
    festivals: FestivalEdits,
    #[serde(default)]
    limit: Limit,
    #[serde(default, with = "crate::domain::iso_date::optional")]
    morning: Option<NaiveDate>,
}

/// A reminder shown.
#[derive(Clone, Debug, PartialEq)]
struct Reminder {
    occurrence: Occurrence,
    today: NaiveDate,
    count: usize,
}

/// How the occurrence is named in the dismissal and in the Messages screen's address.
fn festival_param(occurrence: &Occurrence) -> String {
    match &occurrence.which {
        Which::Builtin(festival) => festival.key().to_owned(),
        Which::Own(name) => name.clone(),
    }
}

fn dismissal(occurrence: &Occurrence) -> String {
    format!("{}:{}", festival_param(occurrence), occurrence.date)
}

thread_local! {
    /// The reminder worked out at this page's start: `None` until then, `Some(None)` when no
    /// festival is near (or it was dismissed). Worked out once per page load, so going back to
    /// the counter never reads every record again; a new count comes with the next start.
    static WORKED_OUT: std::cell::RefCell<Option<Option<Reminder>>> = const { std::cell::RefCell::new(None) };
}

/// The reminder line (nothing when no festival is near).
#[component]
pub fn FestivalReminder() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let numbers = super::numbers::use_numbers();
    let reminder = RwSignal::new(WORKED_OUT.with_borrow(|worked_out| worked_out.clone().flatten()));
    let started = StoredValue::new(WORKED_OUT.with_borrow(Option::is_some));
    Effect::new(move |_| {
        let Some(shop) = shell.counter.with(|c| c.as_ref().map(|c| c.shop().clone())) else { return };
        let Some(store) = shell.store() else { return };
        if started.get_value() {
            return;
        }
        started.set_value(true);
        let locale = i18n.get_locale_untracked();
        spawn_local(async move {
            let found = work_out(shell, &store, shop, locale).await;
            WORKED_OUT.with_borrow_mut(|worked_out| *worked_out = Some(found.clone()));
            reminder.try_set(found);
        });
    });
    let dismiss = move |_| {
        if let Some(shown) = reminder.get_untracked() {
            let _ = LocalStorage::set(DISMISSED_KEY, dismissal(&shown.occurrence));
        }
        WORKED_OUT.with_borrow_mut(|worked_out| *worked_out = Some(None));
        reminder.set(None);
    };
    move || {
        let shown = reminder.get()?;
        let locale = i18n.get_locale();
        let numbers = numbers.get();
        let occurrence = &shown.occurrence;
        let name = match &occurrence.which {
            Which::Builtin(festival) => festival_label(*festival)(locale).to_owned(),
            Which::Own(name) => name.clone(),
        };
        let template = match (occurrence.date - shown.today).num_days() {
            0 => td_string!(locale, fest_reminder_today),
            1 => td_string!(locale, fest_reminder_tomorrow),
            _ => td_string!(locale, fest_reminder),
        };
        let day = weekday_label(occurrence.date.weekday())(locale);
        let line = fill(template, &[("festival", &name), ("day", day), ("n", &numbers.int(shown.count as u32))]);
        let href = format!("#/messages?festival={}", String::from(js_sys::encode_uri_component(&festival_param(occurrence))));
        let approximate = occurrence.approximate.then(|| view! { <span class="hint">{td_string!(locale, fest_approximate)}</span> });
        Some(view! {
            <p class="festival-reminder">
                <a id="festival-reminder" href=href>{line}</a>
                " " {approximate}
                <button type="button" class="dismiss" aria-label=td_string!(locale, fest_dismiss) on:click=dismiss>"×"</button>
            </p>
        })
    }
}

/// Reads what the reminder needs and starts the morning's greetings; the reminder to show, if
/// any (none when nobody would get the greeting).
async fn work_out(shell: super::Shell, store: &super::AppStore, shop: crate::domain::ShopState, locale: Locale) -> Option<Reminder> {
    let value = store.messages_value().await.ok().flatten();
    let needed: Needed = value.as_deref().and_then(|text| serde_json::from_str(text).ok()).unwrap_or_default();
    let now = Utc::now();
    let today = super::customer_glance::shop_today(now);
    if value.is_some() && needed.morning != Some(today) {
        spawn_local(async move { shell.tell_counter().await });
    }
    let edits = &needed.festivals;
    let occurrence = coming_up(shop.profile.country, today, edits.remind_days(), edits)?;
    if LocalStorage::get::<String>(DISMISSED_KEY).ok() == Some(dismissal(&occurrence)) {
        return None;
    }
    let queued = BTreeSet::new();
    let context = Context { shop: &shop, shop_lang: super::messages_screen::lang_of(locale), limit: needed.limit, queued: &queued, now, today };
    // Who the festival campaign to everyone who agreed would reach (its screen shows the same
    // count, and who is left out and why). Counted page by page: this runs as the counter opens,
    // and one read of every record would keep the clerk's first stamp waiting for seconds.
    let mut count = 0;
    crate::store::customers_in_pages(store, |page| {
        count += page.iter().filter(|c| !c.is_removed() && c.profile.is_some() && may_send(TemplateKind::Festival, c, &context).is_ok()).count();
    })
    .await
    .ok()?;
    (count > 0).then_some(Reminder { occurrence, today, count })
}
