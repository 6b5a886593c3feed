//! The shop's name and country: chosen at first run, corrected in Settings.

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::errors::UiError;
use super::fields::{Field, FieldErrors, FormErrors, TextInput};
use super::i18n::*;
use super::locales::text;
use super::{random, use_shell};
use crate::domain::{Change, Country, DomainError, ShopProfile};

/// The country list of the shop forms.
#[component]
pub fn CountrySelect(country: RwSignal<Country>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for="country">{t!(i18n, country)}</label>
            <select
                id="country"
                on:change=move |event| country.set(Country::from_code(&event_target_value(&event)).unwrap_or(Country::India))
                prop:value=move || country.get().code()
            >
                <option value="IN" selected=move || country.get() == Country::India>{t!(i18n, country_india)}</option>
                <option value="BD" selected=move || country.get() == Country::Bangladesh>{t!(i18n, country_bangladesh)}</option>
            </select>
        </div>
    }
}

/// Settings → Shop: the name and country, saved as a shop edit. A new country applies to what is
/// typed from now on (phone numbers, the currency sign); saved numbers stay as they are.
#[component]
pub fn ShopSettings() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let profile = shell.counter.with_untracked(|c| c.as_ref().map(|c| c.shop().profile.clone()));
    let name = RwSignal::new(profile.as_ref().map(|p| p.name.clone()).unwrap_or_default());
    let country = RwSignal::new(profile.map_or(Country::India, |p| p.country));
    let errors = FieldErrors::new();
    let general = RwSignal::new(None::<UiError>);
    let busy = RwSignal::new(false);
    let saved = RwSignal::new(false);

    let state = SaveState { busy, saved, general };
    let save = move |event: leptos::ev::SubmitEvent| {
        if !state.begin(&event) {
            return;
        }
        let profile = ShopProfile { name: name.get_untracked(), country: country.get_untracked() };
        let planned = shell.plan(|c| c.plan_shop_edit(profile, random::event_id(), Utc::now()));
        if matches!(planned, Some(Ok(_))) {
            errors.clear();
        }
        save_planned(shell, planned, errors, Field::ShopName, state, move |change| {
            if let crate::domain::EventKind::ShopEdited { profile } = &change.event.kind {
                name.try_set(profile.name.clone());
            }
        });
    };

    view! {
        <form class="shop-form" on:submit=save novalidate>
            <TextInput id="shop-name" value=name error=errors.of(Field::ShopName) autocomplete="organization" required=true>
                {t!(i18n, shop_name)}
            </TextInput>
            <CountrySelect country/>
            <p class="note">{text(i18n, |l| td_string!(l, shop_edit_note))}</p>
            <FormErrors general errors/>
            <div class="actions">
                <button type="submit" disabled=move || busy.get()>{text(i18n, |l| td_string!(l, save_shop))}</button>
                <span class="saved" role="status">{move || saved.get().then(|| text(i18n, |l| td_string!(l, shop_saved)))}</span>
            </div>
        </form>
    }
}

/// Whether an owner's form is saving, has saved, and its message when the save failed.
#[derive(Clone, Copy)]
pub(super) struct SaveState {
    pub(super) busy: RwSignal<bool>,
    pub(super) saved: RwSignal<bool>,
    pub(super) general: RwSignal<Option<UiError>>,
}

impl SaveState {
    /// Starts a Settings form's submit the one way they all do: the browser's own submit is
    /// stopped, a submit while the last one is saving does nothing (false), and "saved" and the
    /// last failure are cleared.
    pub(super) fn begin(self, event: &leptos::ev::SubmitEvent) -> bool {
        event.prevent_default();
        if self.busy.get_untracked() {
            return false;
        }
        self.saved.set(false);
        self.general.set(None);
        true
    }
}

/// Saves an owner's planned change the one way every Settings form does: a refused plan shows
/// its error at `field`, a planned one is written through `Shell::save` (busy meanwhile), then
/// `on_saved` runs and the form says "saved", or the failure is reported and shown.
pub(super) fn save_planned(
    shell: super::Shell,
    planned: Option<Result<Change, DomainError>>,
    errors: FieldErrors,
    field: Field,
    state: SaveState,
    on_saved: impl FnOnce(&Change) + 'static,
) {
    let change = match planned {
        Some(Ok(change)) => change,
        Some(Err(error)) => {
            errors.set(vec![(field, error.into())]);
            return;
        }
        None => return,
    };
    let Some(store) = shell.store() else { return };
    state.busy.set(true);
    spawn_local(async move {
        let result = shell.save(&store, &change).await;
        state.busy.try_set(false);
        match result {
            Ok(()) => {
                on_saved(&change);
                state.saved.try_set(true);
            }
            Err(error) => {
                shell.report(&error);
                state.general.try_set(Some(error.into()));
            }
        }
    });
}
