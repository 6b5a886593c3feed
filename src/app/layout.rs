//! The header (brand, navigation, language) and the app-wide banners.

use leptos::prelude::*;

use super::i18n::*;
use super::locales::text;
use super::route::Route;
use super::{remember_locale, use_shell};

/// The top bar.
#[component]
pub fn Header(show_nav: Memo<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let on_counter = move || matches!(shell.route.get(), Route::Counter | Route::NewCustomer | Route::Customer(_) | Route::EditCustomer(_) | Route::CheckCard);
    let on_settings = move || matches!(shell.route.get(), Route::Settings | Route::Activity | Route::Dashboard | Route::Segments);
    view! {
        <header class="top">
            <a class="brand" href=Route::Counter.to_hash()>
                <span class="seal" aria-hidden="true">"✓"</span>
                <span>{text(i18n, |l| td_string!(l, app_name))}</span>
            </a>
            <Show when=move || show_nav.get()>
                <nav>
                    <a href=Route::Counter.to_hash() aria-current=move || on_counter().then_some("page")>{text(i18n, |l| td_string!(l, nav_counter))}</a>
                    <a href=Route::Settings.to_hash() aria-current=move || on_settings().then_some("page")>{text(i18n, |l| td_string!(l, nav_settings))}</a>
                </nav>
            </Show>
            <super::who_is_working::WorkingAs/>
            <LanguageSelect/>
        </header>
    }
}

/// The language switch at the end of a header; the choice is remembered on this device.
#[component]
pub fn LanguageSelect() -> impl IntoView {
    let i18n = use_i18n();
    let change_language = move |event: leptos::ev::Event| {
        if let Ok(locale) = event_target_value(&event).parse::<Locale>() {
            i18n.set_locale(locale);
            remember_locale(locale);
        }
    };
    view! {
        <div class="language">
            <label for="language" class="visually-hidden">{text(i18n, |l| td_string!(l, language))}</label>
            <select id="language" on:change=change_language>
                <option value="en" selected=move || i18n.get_locale() == Locale::en>"English"</option>
                <option value="hi" lang="hi" selected=move || i18n.get_locale() == Locale::hi>"हिन्दी"</option>
                <option value="bn" lang="bn" selected=move || i18n.get_locale() == Locale::bn>"বাংলা"</option>
                <option value="gu" lang="gu" selected=move || i18n.get_locale() == Locale::gu>"ગુજરાતી"</option>
            </select>
        </div>
    }
}

/// Shown when another tab upgraded the database: this tab must reload.
#[component]
pub fn VersionChangedBanner() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let reload = |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    };
    view! {
        <Show when=move || shell.version_changed.get()>
            <div class="banner warning" role="alert">
                <span>{text(i18n, |l| td_string!(l, version_changed_banner))}</span>
                <button type="button" on:click=reload>{text(i18n, |l| td_string!(l, reload))}</button>
            </div>
        </Show>
    }
}

/// Shown when start-up found saved data dated far ahead of this tablet's clock (a clock that was
/// once set wrong, or is wrong now): the clock did not follow it, and the clerk should check the
/// tablet's date and time. In the panels' bundle (`owner_entry::mount_clock_ahead`, issue 15): its
/// shell opens the shop as the counter's start-up does (`session::open_shop`), so it finds the
/// same warning a second later.
#[component]
pub fn ClockAheadBanner() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let numbers = super::numbers::use_numbers();
    let hours = Memo::new(move |_| shell.counter.with(|counter| counter.as_ref().and_then(|counter| counter.clock_warning()).map(|ahead| ahead.hours())));
    move || {
        hours.get().map(|hours| {
            view! {
                <div class="banner warning" role="alert">
                    <span>{t!(i18n, clock_ahead_banner, n = move || numbers.get().int(hours as u32), count = move || hours as i32)}</span>
                </div>
            }
        })
    }
}
