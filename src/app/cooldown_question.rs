//! Staff and owner: "Add stamp" inside the cooldown asks for the owner's PIN, in place of
//! "Add another stamp for this visit?" (below the buttons, so nothing the clerk taps moves).

use std::sync::Arc;

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use super::i18n::*;
use super::locales::text_with;
use super::pin_entry::PinPrompt;
use super::use_shell;
use crate::domain::Actor;

/// The question with the owner's PIN field.
#[component]
pub fn CooldownQuestion(
    /// When the customer was last stamped.
    last: Option<DateTime<Utc>>,
    /// The owner's PIN was right: stamp, recording the override.
    on_ok: Callback<()>,
    /// Not now.
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let numbers = super::numbers::use_numbers();
    let minutes = shell.staff.with_untracked(|book| book.as_ref().map_or(0, |book| book.cooldown_minutes));
    let time = move || {
        last.map(|at| {
            js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.timestamp_millis() as f64))
                .to_locale_time_string(&numbers.get().tag())
                .as_string()
                .unwrap_or_default()
        })
        .unwrap_or_default()
    };
    view! {
        <div class="ask-another cooldown" role="group">
            <PinPrompt
                person=Actor::Owner
                label=move || text_with(i18n, |l| td_string!(l, staff_cooldown_question), Arc::new(move || vec![("time", time()), ("n", numbers.get().int(minutes))]))
                on_ok
                on_cancel
            />
        </div>
    }
    .into_any()
}
