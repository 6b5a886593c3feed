//! Staff and owner: typing a PIN, and the owner PIN gate.
//!
//! [`PinPrompt`] asks one person's PIN and calls back when it is right; [`OwnerPinGate`] shows
//! its children only to the owner: at once in a shop without an owner PIN or when the owner is
//! the one working, else after the owner's PIN is typed (Settings, and later export, deleting
//! personal data, complaints). Both are in the counter's bundle: the counter needs them for the
//! cooldown and for "Who is working?".

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::I18nContext;

use super::errors::{ErrorText, UiError};
use super::i18n::*;
use super::locales::{text, text_with};
use super::use_shell;
use crate::domain::staff::PinError;
use crate::domain::Actor;

/// The text of a refused PIN.
pub fn pin_error(i18n: I18nContext<Locale>, numbers: Signal<super::numbers::Numbers>, error: PinError) -> AnyView {
    match error {
        PinError::Wrong { tries_left } => {
            text_with(i18n, |l| td_string!(l, staff_err_wrong_pin), Arc::new(move || vec![("n", numbers.get().int(tries_left))])).into_any()
        }
        PinError::Locked { until } => {
            let time = move || {
                let tag = numbers.get().tag();
                js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(until as f64)).to_locale_time_string(&tag).as_string().unwrap_or_default()
            };
            text_with(i18n, |l| td_string!(l, staff_err_locked), Arc::new(move || vec![("time", time())])).into_any()
        }
        PinError::Malformed => text(i18n, |l| td_string!(l, staff_err_pin_digits)).into_any(),
        PinError::NoSuchPerson => text(i18n, |l| td_string!(l, staff_err_no_person)).into_any(),
    }
}

/// A PIN field for `person` with OK (and Cancel when `on_cancel` is given). `on_ok` runs once
/// the PIN is right; a wrong one is counted towards the lock and said so.
#[component]
pub fn PinPrompt(
    /// Whose PIN.
    person: Actor,
    /// The question above the field.
    #[prop(into)]
    label: ViewFn,
    /// The PIN was right.
    on_ok: Callback<()>,
    /// "Cancel" was tapped.
    #[prop(optional)]
    on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let typed = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<UiError>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let pin = typed.get_untracked();
        spawn_local(async move {
            let result = shell.check_pin(person, &pin).await;
            busy.try_set(false);
            typed.try_set(String::new());
            match result {
                Ok(()) => {
                    error.try_set(None);
                    on_ok.run(());
                }
                Err(refused) => {
                    error.try_set(Some(refused));
                }
            }
        });
    };
    view! {
        <form class="pin-prompt" on:submit=submit novalidate>
            <label for="pin">{label.run()}</label>
            <div class="pin-row">
                <input
                    id="pin"
                    type="password"
                    inputmode="numeric"
                    autocomplete="off"
                    maxlength="8"
                    prop:value=move || typed.get()
                    on:input=move |event| typed.set(event_target_value(&event))
                />
                <button type="submit" class="primary" disabled=move || busy.get()>{text(i18n, |l| td_string!(l, staff_pin_ok))}</button>
                {on_cancel.map(|cancel| view! {
                    <button type="button" on:click=move |_| cancel.run(())>{text(i18n, |l| td_string!(l, cancel))}</button>
                })}
            </div>
            <p class="alert-slot" role="alert">{move || error.get().map(|error| view! { <span class="alert"><ErrorText error/></span> })}</p>
        </form>
    }
    // Type-erased: its callers then share one view type (the counter's wasm is smaller).
    .into_any()
}

/// Shows `children` only to the owner: at once in a shop without an owner PIN or when the owner
/// is working at the counter, else after the owner's PIN. Opened once, it stays open until the
/// screen is left.
#[component]
pub fn OwnerPinGate(
    /// The question above the PIN field ("Owner PIN to open Settings" when not given).
    #[prop(optional, into)]
    label: Option<ViewFn>,
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = use_i18n();
    let label = label.unwrap_or_else(|| ViewFn::from(move || text(i18n, |l| td_string!(l, staff_owner_pin_to_open))));
    let shell = use_shell();
    let passed = RwSignal::new(false);
    // A memo, so that a change of the staff book that leaves the answer as it was (a PIN
    // checked elsewhere, staff added) does not draw the screen behind the gate again.
    let open = Memo::new(move |_| !shell.owner_pin_set() || shell.actor().is_owner() || passed.get());
    move || {
        if open.get() {
            children().into_any()
        } else {
            view! {
                <div class="card-panel owner-gate">
                    <PinPrompt
                        person=Actor::Owner
                        label=label.clone()
                        on_ok=Callback::new(move |()| passed.set(true))
                    />
                </div>
            }
            .into_any()
        }
    }
}
