//! Settings → "Digits": Latin (1 2 3) or the language's own (१ २ ३, ১ ২ ৩, ૧ ૨ ૩) for every
//! number Mohar shows. Kept on this device, like the language; typing takes either kind anyway.

use leptos::prelude::*;

use super::i18n::*;
use super::locales::text;
use super::numbers::{use_numbers, Digits, DigitsChoice};

/// The "Digits" select.
#[component]
pub fn DigitsSetting() -> impl IntoView {
    let i18n = use_i18n();
    let numbers = use_numbers();
    let choice = expect_context::<DigitsChoice>();
    let change = move |event: leptos::ev::Event| {
        if let Some(digits) = Digits::from_str(&event_target_value(&event)) {
            choice.choose(digits);
        }
    };
    let is = move |digits: Digits| move || numbers.get().digits == digits;
    view! {
        <div class="field">
            <label for="digits">{text(i18n, |l| td_string!(l, digits))}</label>
            <select id="digits" on:change=change aria-describedby="digits-hint">
                <option value="latin" selected=is(Digits::Latin)>{text(i18n, |l| td_string!(l, digits_latin))}</option>
                <option value="native" selected=is(Digits::Native)>{text(i18n, |l| td_string!(l, digits_native))}</option>
            </select>
            <p class="hint" id="digits-hint">{text(i18n, |l| td_string!(l, digits_hint))}</p>
        </div>
    }
}
