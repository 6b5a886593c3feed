//! The festival calendar on the owner's Messages screen (issue 11): the festivals of the coming
//! year the shop's country keeps, each with its date (a date from the built-in table marked
//! "may move by a day: check locally"), which the owner can correct; the shop's own festivals;
//! and how many days ahead the counter reminds. Saved in the device's messaging value.

use chrono::{Datelike, NaiveDate, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::customer_glance::shop_today;
use super::errors::{ErrorText, UiError};
use super::festival_names::festival_label;
use super::i18n::*;
use super::locales::text;
use super::messages_screen::update_book;
use super::use_shell;
use crate::domain::messages::festivals::{next_year_of, FestivalEdits, MAX_REMIND_DAYS};
use crate::domain::messages::{Book, Which};

/// The calendar's list and forms.
#[component]
pub fn FestivalCalendar(book: RwSignal<Book>) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let numbers = super::numbers::use_numbers();
    let error = RwSignal::new(None::<UiError>);
    let saved = RwSignal::new(false);
    let save = move |change: Box<dyn FnOnce(&mut FestivalEdits)>| {
        let Some(store) = shell.store() else { return };
        error.set(None);
        saved.set(false);
        spawn_local(async move {
            match update_book(&store, |b| change(&mut b.festivals)).await {
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
    let rows = move || {
        let country = shell.counter.with(|c| c.as_ref().map(|c| c.shop().profile.country))?;
        let locale = i18n.get_locale();
        let numbers = numbers.get();
        let list = book.with(|b| next_year_of(country, shop_today(Utc::now()), &b.festivals));
        Some(
            list.into_iter()
                .map(|occurrence| {
                    let (name, builtin) = match &occurrence.which {
                        Which::Builtin(festival) => (festival_label(*festival)(locale).to_owned(), Some(*festival)),
                        Which::Own(name) => (name.clone(), None),
                    };
                    let date = occurrence.date;
                    let shown = numbers.date(date.year(), date.month(), date.day());
                    let edit = builtin.map(|festival| {
                        let label = format!("{name} ({shown})");
                        view! {
                            <input type="date" aria-label=label value=date.to_string() on:change=move |ev| {
                                if let Ok(moved) = event_target_value(&ev).parse::<NaiveDate>() {
                                    save(Box::new(move |edits| edits.move_to(festival, moved)));
                                }
                            }/>
                        }
                    });
                    let approximate = occurrence.approximate.then(|| view! { <span class="hint">{td_string!(locale, fest_approximate)}</span> });
                    view! { <li><span class="festival-name">{name}</span> " — " {shown} " " {edit} " " {approximate}</li> }
                })
                .collect::<Vec<_>>(),
        )
    };
    let own_name = RwSignal::new(String::new());
    let own_date = RwSignal::new(String::new());
    let own_yearly = RwSignal::new(true);
    let add_own = move |_| {
        let Ok(date) = own_date.get_untracked().parse::<NaiveDate>() else { return };
        let (name, yearly) = (own_name.get_untracked(), own_yearly.get_untracked());
        if name.trim().is_empty() {
            return;
        }
        own_name.set(String::new());
        save(Box::new(move |edits| edits.add_own(&name, date, yearly)));
    };
    let remind = RwSignal::new(String::new());
    Effect::new(move |_| remind.set(book.with(|b| b.festivals.remind_days()).to_string()));
    let save_remind = move |_| {
        if let Ok(days) = remind.get_untracked().trim().parse::<u8>() {
            save(Box::new(move |edits| edits.remind_days = Some(days.clamp(1, MAX_REMIND_DAYS))));
        }
    };
    view! {
        <section class="festival-calendar">
            <h2>{text(i18n, |l| td_string!(l, fest_calendar))}</h2>
            <p class="hint">{text(i18n, |l| td_string!(l, fest_calendar_hint))}</p>
            <ul class="festival-list">{rows}</ul>
            <h3>{text(i18n, |l| td_string!(l, fest_own))}</h3>
            <div class="field">
                <label for="festival-own-name">{text(i18n, |l| td_string!(l, fest_own_name))}</label>
                <input id="festival-own-name" bind:value=own_name/>
            </div>
            <div class="field">
                <label for="festival-own-date">{text(i18n, |l| td_string!(l, fest_own_date))}</label>
                <input id="festival-own-date" type="date" bind:value=own_date/>
            </div>
            <label class="check">
                <input type="checkbox" bind:checked=own_yearly/>
                " " {text(i18n, |l| td_string!(l, fest_own_yearly))}
            </label>
            <button type="button" on:click=add_own>{text(i18n, |l| td_string!(l, fest_own_add))}</button>
            <div class="field">
                <label for="festival-remind">{text(i18n, |l| td_string!(l, fest_remind_days))}</label>
                <input id="festival-remind" inputmode="numeric" bind:value=remind/>
                <button type="button" on:click=save_remind>{text(i18n, |l| td_string!(l, save))}</button>
            </div>
            {move || saved.get().then(|| view! { <p role="status">{text(i18n, |l| td_string!(l, messages_saved))}</p> })}
            {move || error.get().map(|error| view! { <p class="alert"><ErrorText error/></p> })}
        </section>
    }
}
