//! The browser shell: Leptos components over the pure domain.
//!
//! Rules every screen follows (as in Leptos' todomvc: logic in plain types, components call it):
//! a component plans an action on the [`Counter`] without notifying anyone, saves the planned
//! [`Change`](crate::domain::Change) through [`session::save`], and only when the store
//! committed it takes it into the counter and shows the new state. Errors are shown translated;
//! user data is only ever rendered as text.

mod action;
mod backup_crypto;
mod backup_panel;
mod activity;
mod needs_a_look;
// Merging duplicate customers (issue 14): the owner's choice on a possible duplicate.
mod merge_panel;
mod join_shop;
mod pairing_panel;
mod sync_join;
mod bill_field;
mod card_links;
mod card_share;
mod cooldown_question;
mod copy;
mod counts;
mod check_card;
mod counter;
// Issue 15: the counter's search results as plain rows, keyed (search2).
mod result_rows;
mod customer;
// Issue 15: the form is the panels' bundle's; its service (planning and saving with the
// search index) is the counter's.
mod customer_form;
mod customer_form_service;
mod customer_glance;
// Issue 15: the customer screen's less-used panels, mounted from the on-demand bundle.
mod customer_panels;
mod customer_extras;
// Messages (issue 11): consent at the counter.
mod customer_messaging;
mod message_queue;
mod message_templates;
mod messages_screen;
// Festivals and the morning's greetings (issue 11): the counter's reminder line; the calendar,
// `{link}`, the morning's run and the customer's message preferences are the owner's bundle's.
mod customer_preferences;
mod festival_calendar;
mod festival_names;
mod festival_reminder;
mod message_links;
mod morning_run;
mod digits_setting;
mod erase_panel;
mod errors;
mod export_panel;
mod import_job;
mod import_lock;
mod import_panel;
mod import_texts;
mod feedback_prompt;
mod fields;
mod follow_ups;
mod owner_fix;
// The owner's dashboard (issue 12, owner's bundle).
mod dashboard;
mod dashboard_charts;
mod dashboard_people;
// Segments, the churn window and "Send we miss you" (issue 12, owner's bundle).
mod churn_setting;
mod segment_form;
mod segments;
mod we_miss_you;
mod know_texts;
mod first_run;
mod layout;
mod leave_demo;
mod leave_demo_panel;
mod locales;
mod owner_bundle;
pub mod owner_entry;
mod owner_pin_question;
mod owner_settings;
mod pin_entry;
mod pin_hash;
mod perks_settings;
// Referrals (issue 10).
mod referral_ui;
mod tier_badges;
pub mod numbers;
mod program_form;
mod remove_customer;
// Issue 15: the counter has damaged customer records repaired by the panels' bundle.
mod repair_link;
mod restore_form;
mod review_settings;
pub mod random;
pub mod route;
mod scan;
mod settings;
mod shell;
mod shop_settings;
mod single_tab;
mod staff_session;
mod staff_settings;
mod stamp_card;
mod storage;
// Sync (issue 14): the counter's link, and the engine, HTTP and settings of the owner's bundle.
mod sync_engine;
// The sync benchmark's glue (bench/sync.mjs through src/bench/sync.rs).
#[cfg(all(feature = "bench", target_arch = "wasm32"))]
pub mod sync_bench;
mod sync_http;
mod sync_link;
mod sync_store;
mod sync_settings;
mod service_worker;
mod update_banner;
mod who_is_working;

use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use self::errors::{ErrorText, UiError};
pub use self::locales::i18n;
use self::i18n::*;
use self::locales::text;
use self::route::Route;
pub use self::storage::AppStore;
pub use self::shell::{use_shell, Shell};
use crate::session::{self, AppError};

/// The IndexedDB database name.
pub const DB_NAME: &str = "mohar";
/// Where the chosen language is remembered.
const LANGUAGE_KEY: &str = "mohar.language";

/// The one line that tells the user what start-up rebuilt, with a button to dismiss it.
#[component]
fn RepairNotice() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let numbers = numbers::use_numbers();
    move || {
        shell.repairs.get().map(|repairs| {
            let customers = match repairs.customers {
                0 => None,
                n => Some(t!(i18n, repaired_customers, n = move || numbers.get().int(n as u32), count = move || n as i32).into_any()),
            };
            let index = repairs.index.then(|| text(i18n, |l| td_string!(l, repaired_index)).into_any());
            view! {
                <div class="banner update" role="status">
                    <span>{customers} {(repairs.customers > 0 && repairs.index).then_some(" ")} {index}</span>
                    <button type="button" on:click=move |_| shell.repairs.set(None)>{text(i18n, |l| td_string!(l, close))}</button>
                </div>
            }
        })
    }
}


/// The language chosen in the header on this device, if any.
fn saved_locale() -> Option<Locale> {
    use gloo_storage::Storage;
    gloo_storage::LocalStorage::get::<String>(LANGUAGE_KEY).ok().and_then(|saved| saved.parse::<Locale>().ok())
}

/// The chosen language: remembered, else the browser's first language Mohar speaks, else
/// English. (A Bangladesh shop then switches to Bengali once its shop is read; see `Root`.)
fn initial_locale() -> Locale {
    if let Some(saved) = saved_locale() {
        return saved;
    }
    let languages = web_sys::window().map(|window| window.navigator().languages().to_vec()).unwrap_or_default();
    for language in languages.iter().filter_map(|language| language.as_string()) {
        let language = language.to_ascii_lowercase();
        let primary = language.split(['-', '_']).next().unwrap_or("");
        if let Ok(locale) = primary.parse::<Locale>() {
            return locale;
        }
    }
    Locale::en
}

/// Remembers the language chosen in the header.
pub fn remember_locale(locale: Locale) {
    use gloo_storage::Storage;
    let _ = gloo_storage::LocalStorage::set(LANGUAGE_KEY, locale.as_str());
}

/// How far start-up got.
#[derive(Clone, Debug, PartialEq)]
enum Boot {
    Loading,
    /// Another tab is the counter; this one waits and reloads when it closes.
    OtherTab,
    /// Opening the database waits for other tabs that hold an older version open.
    UpgradeWaiting,
    Failed(UiError),
    Ready,
}

/// The root component.
#[component]
pub fn App() -> impl IntoView {
    let initial = initial_locale();
    // A card link never gets here: index.html sends it to the card page (card/, a small entry of
    // its own: web/page.js) before it loads this wasm (scripts/card_route.py).
    view! {
        <I18nSubContextProvider initial_locale=Signal::stored(initial)>
            // Type-erased (AnyView), as when a card link chose between two roots here: the wasm
            // is 14 KB gzipped smaller than with the concrete view type of the whole app (452.9
            // against 467.3 KB, measured 2026-11-26).
            {view! { <Root/> }.into_any()}
        </I18nSubContextProvider>
    }
}

#[component]
fn Root() -> impl IntoView {
    let i18n = use_i18n();
    let shell = Shell::new(None);
    // Only the counter repairs a damaged record through the panels' bundle (`repair_link.rs`).
    shell.repairer.set_value(Some(repair_link::repairer(shell)));
    provide_context(shell);
    provide_context(numbers::DigitsChoice::load());

    // A Bangladesh shop speaks Bengali unless someone chose a language on this device; an
    // Indian shop keeps the browser's language. Decided when the shop is opened or set up, not
    // when the owner later edits the country (the screen would change language under them).
    // The header switch still changes it, and that choice is remembered.
    let shop_open = Memo::new(move |_| shell.counter.with(Option::is_some));
    Effect::new(move |_| {
        let bangladesh = shop_open.get()
            && shell.counter.with_untracked(|counter| counter.as_ref().is_some_and(|counter| counter.shop().profile.country == crate::domain::Country::Bangladesh));
        if bangladesh && saved_locale().is_none() && i18n.get_locale_untracked() != Locale::bn {
            i18n.set_locale(Locale::bn);
        }
    });

    // <html lang> follows the language, so screen readers and fonts pick the right script.
    Effect::new(move |_| {
        let locale = i18n.get_locale();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", locale.as_str());
        }
    });

    // Back/forward and typed URLs change the hash.
    if let Some(window) = web_sys::window() {
        let on_hash = Closure::<dyn Fn()>::new(move || shell.route.set(Route::current()));
        let _ = window.add_event_listener_with_callback("hashchange", on_hash.as_ref().unchecked_ref());
        on_hash.forget();
    }

    let boot = RwSignal::new(Boot::Loading);
    let start = move || leptos::task::spawn_local(async move {
        let on_version_change = move || shell.version_changed.set(true);
        let on_blocked = move || boot.set(Boot::UpgradeWaiting);
        match storage::open(DB_NAME, on_version_change, on_blocked).await {
            Ok(store) => {
                crate::perf::mark(crate::perf::STORE_OPEN);
                let store = Rc::new(store);
                shell.store.set_value(Some(store.clone()));
                match session::start(&*store, random::device_id(), chrono::Utc::now()).await {
                    Ok(started) => {
                        let (counter, damaged) = match started {
                            Some(started) => {
                                if started.repairs.any() {
                                    shell.repairs.set(Some(started.repairs));
                                }
                                (Some(started.counter), started.damaged)
                            }
                            None => (None, Vec::new()),
                        };
                        if counter.is_some() {
                            // The shop's card key is read (or made) by the on-demand bundle's
                            // parts that use it (card links, Check a card, Settings): signing
                            // and verifying stay out of the counter's first load (issue 15).
                            shell.load_staff(&store, true).await;
                            crate::perf::mark(crate::perf::STARTED);
                        }
                        shell.counter.set(counter);
                        boot.set(Boot::Ready);
                        shell.repair_at_start(damaged);
                        shell.save_snapshot_if_due();
                        sync_link::start_if_set_up(shell);
                    }
                    Err(error) => {
                        shell.report(&error);
                        boot.set(Boot::Failed(error.into()));
                    }
                }
            }
            Err(error) => {
                shell.report(&AppError::Store(error.clone()));
                boot.set(Boot::Failed(error.into()));
            }
        }
    });
    // Only one tab may be the counter (see single_tab.rs); a second one waits.
    single_tab::claim(move |lock| match lock {
        single_tab::TabLock::Held => start(),
        single_tab::TabLock::Busy => boot.set(Boot::OtherTab),
    });

    // After start-up, so that the worker's precache never competes with the first load (see there).
    service_worker::register_service_worker(Memo::new(move |_| match boot.get() {
        Boot::Loading => None,
        _ => Some(shell.counter.with(Option::is_some)),
    }));

    let is_set_up = Memo::new(move |_| shell.counter.with(Option::is_some));
    // A memo: checking a PIN saves the staff book, which must not draw the screen again.
    let needs_sign_in = Memo::new(move |_| shell.needs_sign_in());
    let screen = move || match boot.get() {
        Boot::Loading => view! { <p class="loading" aria-busy="true">{text(i18n, |l| td_string!(l, loading))}</p> }.into_any(),
        Boot::OtherTab => view! { <div class="alert" role="alert">{text(i18n, |l| td_string!(l, other_tab_open))}</div> }.into_any(),
        Boot::UpgradeWaiting => view! { <div class="alert" role="alert">{text(i18n, |l| td_string!(l, upgrade_waiting))}</div> }.into_any(),
        Boot::Failed(error) => view! {
            <div class="alert" role="alert"><ErrorText error/></div>
        }
        .into_any(),
        // Setting the shop up is the owner's, once per device: it is in the owner's bundle.
        Boot::Ready if !is_set_up.get() => view! { <owner_bundle::OwnerPart screen=owner_bundle::OwnerScreen::FirstRun/> }.into_any(),
        // Staff and owner: with an owner PIN, someone says who is working before anything else.
        Boot::Ready if needs_sign_in.get() => view! { <who_is_working::WhoIsWorking/> }.into_any(),
        Boot::Ready => match shell.route.get() {
            Route::Counter => view! { <counter::CounterScreen/> }.into_any(),
            // The form is in the panels' bundle (issue 15); the counter plans and saves it.
            Route::NewCustomer => view! { <owner_bundle::CustomerFormPart/> }.into_any(),
            Route::Customer(id) => view! { <customer::CustomerScreen id/> }.into_any(),
            Route::EditCustomer(_) => view! { <owner_bundle::CustomerFormPart/> }.into_any(),
            Route::Settings => view! { <settings::SettingsScreen/> }.into_any(),
            Route::CheckCard => view! { <owner_bundle::OwnerPart screen=owner_bundle::OwnerScreen::CheckCard/> }.into_any(),
            Route::Feedback => view! {
                <pin_entry::OwnerPinGate>
                    <owner_bundle::OwnerPart screen=owner_bundle::OwnerScreen::FollowUps/>
                </pin_entry::OwnerPinGate>
            }
            .into_any(),
            Route::Activity => view! {
                <pin_entry::OwnerPinGate label=ViewFn::from(move || locales::text(i18n, |l| td_string!(l, staff_owner_pin_to_see_activity)))>
                    <owner_bundle::OwnerPart screen=owner_bundle::OwnerScreen::Activity/>
                </pin_entry::OwnerPinGate>
            }
            .into_any(),
            Route::NeedsALook => view! {
                <pin_entry::OwnerPinGate>
                    <owner_bundle::OwnerPart screen=owner_bundle::OwnerScreen::NeedsALook/>
                </pin_entry::OwnerPinGate>
            }
            .into_any(),
            // Messages (issue 11): campaigns behind the owner's PIN; the queue for whoever sends.
            Route::Messages => view! {
                <pin_entry::OwnerPinGate>
                    <owner_bundle::OwnerPart screen=owner_bundle::OwnerScreen::Messages/>
                </pin_entry::OwnerPinGate>
            }
            .into_any(),
            Route::MessageQueue => view! { <owner_bundle::OwnerPart screen=owner_bundle::OwnerScreen::MessageQueue/> }.into_any(),
            Route::Dashboard => view! {
                <pin_entry::OwnerPinGate label=ViewFn::from(move || locales::text(i18n, |l| td_string!(l, dash_owner_pin)))>
                    <owner_bundle::OwnerPart screen=owner_bundle::OwnerScreen::Dashboard/>
                </pin_entry::OwnerPinGate>
            }
            .into_any(),
            Route::Segments => view! {
                <pin_entry::OwnerPinGate label=ViewFn::from(move || locales::text(i18n, |l| td_string!(l, dash_owner_pin)))>
                    <owner_bundle::OwnerPart screen=owner_bundle::OwnerScreen::Segments/>
                </pin_entry::OwnerPinGate>
            }
            .into_any(),
        },
    };

    view! {
        <layout::Header show_nav=is_set_up/>
        // "Update available — Reload": from the panels' bundle a second after start-up (issue 15),
        // whatever start-up ended in (an update may be the way out of a failed start) except
        // the set-up form, where the owner's bundle is loading and an update waits for the
        // next start.
        <Show when=move || boot.with(|boot| match boot {
            Boot::Loading => false,
            Boot::Ready => is_set_up.get(),
            _ => true,
        })>
            <owner_bundle::LaterPart screen=owner_bundle::OwnerScreen::UpdateBanner/>
        </Show>
        <layout::VersionChangedBanner/>
        // Saved data dated ahead of this tablet's clock (rare): the warning comes from the panels'
        // bundle a second after the shop opened, so the first load does not carry it (issue 15).
        <Show when=move || boot.with(|boot| matches!(boot, Boot::Ready)) && is_set_up.get()>
            <owner_bundle::LaterPart screen=owner_bundle::OwnerScreen::ClockAhead/>
        </Show>
        <RepairNotice/>
        <main id="main">{screen}</main>
    }
}
