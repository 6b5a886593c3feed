//! Settings → Dashboard (issue 12, owner's bundle): the churn window, the days within which a
//! customer's visit (or joining) makes them active for the retention figures. Kept with the saved
//! segments in `meta.dashboard`; the dashboard reads it when it opens and computes every figure
//! again from the facts it holds, with no rebuild.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::errors::{ErrorText, UiError};
use super::i18n::*;
use std::sync::Arc;

use super::locales::{text, text_with};
use super::numbers::use_numbers;
use super::segments::{refused_text, update_settings};
use super::use_shell;
use crate::domain::analytics::report::DEFAULT_CHURN_DAYS;
use crate::domain::analytics::settings::{DashSettings, DashSettingsError};
use crate::domain::search::ascii_digits;
use crate::store::Store;

/// The panel.
#[component]
pub fn ChurnSetting() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let numbers = use_numbers();
    let days = RwSignal::new(String::new());
    let saved = RwSignal::new(false);
    let refused = RwSignal::new(None::<DashSettingsError>);
    let error = RwSignal::new(None::<UiError>);
    if let Some(store) = shell.store() {
        spawn_local(async move {
            match store.dashboard_value().await {
                Ok(value) => {
                    days.try_set(DashSettings::read(value.as_deref()).churn_days.to_string());
                }
                Err(failure) => {
                    error.try_set(Some(failure.into()));
                }
            }
        });
    }
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(store) = shell.store() else { return };
        saved.set(false);
        refused.set(None);
        error.set(None);
        // Anything that is not a whole number is refused like a number out of range.
        let typed: u32 = ascii_digits(days.get_untracked().trim()).parse().unwrap_or(0);
        spawn_local(async move {
            match update_settings(&store, |settings| settings.set_churn_days(typed)).await {
                Ok(Ok(_)) => {
                    saved.try_set(true);
                }
                Ok(Err(why)) => {
                    refused.try_set(Some(why));
                }
                Err(failure) => {
                    error.try_set(Some(failure));
                }
            }
        });
    };
    view! {
        <div class="card-panel churn-setting">
            <h2>{text(i18n, |l| td_string!(l, dash_title))}</h2>
            <form on:submit=save novalidate>
                <div class="field">
                    <label for="churn-days">{text(i18n, |l| td_string!(l, seg_churn_days))}</label>
                    <p class="hint">{text_with(i18n, |l| td_string!(l, seg_churn_hint), Arc::new(move || vec![("n", numbers.get().int(DEFAULT_CHURN_DAYS))]))}</p>
                    <input id="churn-days" inputmode="numeric" bind:value=days/>
                    {move || refused.get().map(|why| view! { <p class="field-error">{refused_text(i18n, numbers, why)}</p> })}
                </div>
                <div class="actions">
                    <button type="submit">{text(i18n, |l| td_string!(l, seg_churn_save))}</button>
                    <span class="saved" role="status">{move || saved.get().then(|| text(i18n, |l| td_string!(l, seg_churn_saved)))}</span>
                </div>
            </form>
            {move || error.get().map(|error| view! { <p class="alert"><ErrorText error/></p> })}
        </div>
    }
}
