//! Asks a shop without PINs, once and gently, to set an owner PIN: "Set owner PIN" opens
//! Settings; "Later" is remembered (in the staff book) and the question does not come back. Not
//! in the demo shop. In the panels' bundle, a `LaterPart` of the counter screen (issue 15): a
//! shop answers it once, so the counter's first load does not carry it, and it shows a second
//! after the counter screen opens.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::i18n::*;
use super::locales::text;
use super::route::Route;
use super::use_shell;
use crate::domain::staff::StaffBook;

/// The question, as a banner above the counter screen.
#[component]
pub fn SetOwnerPinQuestion() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    // This bundle's shell opened the shop only: the staff book is read here.
    let read = RwSignal::new(false);
    if let Some(store) = shell.store() {
        spawn_local(async move {
            shell.load_staff(&store, true).await;
            read.try_set(true);
        });
    }
    let demo = Memo::new(move |_| shell.counter.with(|counter| counter.as_ref().is_some_and(|counter| counter.shop().is_demo())));
    let ask = move || read.get() && !demo.get() && shell.staff.with(|book| book.as_ref().is_none_or(StaffBook::should_ask_for_owner_pin));
    // Saved through `Shell::save_staff_book`, which has the counter read the book too.
    let later = move |_| {
        let Some(store) = shell.store() else { return };
        spawn_local(async move {
            if let Ok(mut book) = shell.staff_book_or_new(&store).await {
                book.pin_prompt_dismissed = true;
                let _ = shell.save_staff_book(&store, book).await;
            }
        });
    };
    move || {
        ask().then(|| {
            view! {
                <div class="banner update ask-owner-pin">
                    <span>{text(i18n, |l| td_string!(l, staff_ask_owner_pin))}</span>
                    <a class="button" href=Route::Settings.to_hash()>{text(i18n, |l| td_string!(l, staff_set_owner_pin))}</a>
                    <button type="button" on:click=later>{text(i18n, |l| td_string!(l, staff_later))}</button>
                </div>
            }
            .into_any()
        })
    }
}
