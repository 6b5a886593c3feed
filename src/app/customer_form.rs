//! The new-customer and edit-customer form, in the panels' bundle (issue 15): the counter mounts
//! it with `owner_bundle::CustomerFormPart` and plans and saves it through its form service
//! (`customer_form_service.rs`), which holds what needs the search index.

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::errors::UiError;
use super::fields::{Field, FieldErrors, FormErrors, TextInput};
use super::i18n::*;
use super::locales::text;
use super::customer_form_service::{ask, FormFields, FormReply, FormRequest};
use super::route::Route;
use super::use_shell;
use crate::domain::{iso_date, Customer, CustomerId, DomainError};
use crate::session::{self, AppError};

/// The field a customer-form error belongs to.
fn field_of(error: &DomainError) -> Field {
    match error {
        DomainError::NameMissing | DomainError::NameTooLong { .. } => Field::Name,
        DomainError::Phone(_) | DomainError::PhoneTaken { .. } => Field::Phone,
        DomainError::BirthdayInFuture => Field::Birthday,
        DomainError::NotesTooLong { .. } => Field::Notes,
        DomainError::Referral(_) => Field::ReferredBy,
        _ => Field::General,
    }
}

/// New customer (`editing: None`) or the form for an existing one. `service` is the counter's
/// (`customer_form_service::form_service`).
#[component]
pub fn CustomerFormScreen(editing: Option<CustomerId>, service: StoredValue<js_sys::Function, LocalStorage>) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let birthday = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    let extras = super::customer_extras::ExtrasFields::new();
    // Referrals: only a new customer names who brought them (one referrer, fixed on joining).
    let referred_by = super::referral_ui::ReferredBy::new();
    let errors = FieldErrors::new();
    let general = RwSignal::new(None::<UiError>);
    let taken_by = RwSignal::new(None::<(CustomerId, String)>);
    let busy = RwSignal::new(false);
    let current = RwSignal::new(None::<Customer>);
    // Messages (issue 11): asked once, unticked.
    let consent = RwSignal::new(false);

    // A search that found nobody carries its digits (or the name) into a new customer.
    if editing.is_none() {
        if let Some(query) = super::route::new_customer_query() {
            let (typed_name, typed_phone) = crate::domain::search::new_customer_prefill(&query);
            name.set(typed_name);
            phone.set(typed_phone);
        }
    }
    if let (Some(id), Some(store)) = (editing, shell.store()) {
        busy.set(true);
        spawn_local(async move {
            match session::customer_repaired(&*store, id).await {
                Ok(found) if found.is_removed() => {
                    general.try_set(Some(DomainError::CustomerRemoved.into()));
                }
                Ok(found) => {
                    if let Some(profile) = &found.profile {
                        name.try_set(profile.name.clone());
                        // As people write it ("+91 98765 43210"), which reads back the same.
                        phone.try_set(profile.phone.formatted());
                        birthday.try_set(profile.birthday.map(iso_date::format).unwrap_or_default());
                        notes.try_set(profile.notes.clone());
                        extras.load(&profile.extras);
                    }
                    current.try_set(Some(found));
                    busy.try_set(false);
                }
                Err(error) => {
                    shell.report(&error);
                    general.try_set(Some(error.into()));
                }
            }
        });
    }

    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        general.set(None);
        taken_by.set(None);
        let existing = current.get_untracked();
        if editing.is_some() && existing.is_none() {
            return;
        }
        let new_customer = editing.is_none();
        let fields = FormFields {
            editing: existing,
            name: name.get_untracked(),
            phone: phone.get_untracked(),
            birthday: birthday.get_untracked(),
            notes: notes.get_untracked(),
            extras: extras.read(),
            referrer_picked: if new_customer { referred_by.picked() } else { None },
            referrer_typed: if new_customer { referred_by.typed() } else { String::new() },
            consent: new_customer && consent.get_untracked(),
        };
        let Some(service) = service.try_get_value() else { return };
        busy.set(true);
        spawn_local(async move {
            match ask(&service, &FormRequest::Save(fields)).await {
                // The counter opens the customer; this form goes with the screen.
                Some(FormReply::Saved) => {}
                Some(FormReply::Refused { error, taken_by: who }) => {
                    busy.try_set(false);
                    match error {
                        AppError::Domain(error) => {
                            if let (DomainError::PhoneTaken { existing }, Some(who)) = (&error, who) {
                                taken_by.try_set(Some((*existing, who)));
                            }
                            errors.set(vec![(field_of(&error), error.into())]);
                        }
                        error => {
                            shell.report(&error);
                            general.try_set(Some(error.into()));
                        }
                    }
                }
                // The counter could not read the request: a bug, not the clerk's.
                Some(FormReply::Referrer { .. }) | None => {
                    busy.try_set(false);
                    general.try_set(Some(UiError::ScreenUnavailable));
                }
            }
        });
    };

    let cancel_href = match editing {
        Some(id) => Route::Customer(id).to_hash(),
        None => Route::Counter.to_hash(),
    };
    let today = iso_date::format(Utc::now().date_naive());
    let optional = move || view! { {text(i18n, |l| td_string!(l, optional))} };
    // An edit shows its fields only to read until the record is in them: typed into sooner, they
    // would be overwritten by the record a moment later (or, on a failed read, never saved).
    let reading = move || editing.is_some() && current.with(Option::is_none);

    view! {
        <section class="customer-form card-panel">
            <h1>
                {if editing.is_some() { text(i18n, |l| td_string!(l, edit_customer)).into_any() } else { text(i18n, |l| td_string!(l, new_customer)).into_any() }}
            </h1>
            <form on:submit=save novalidate>
                <fieldset class="form-fields" disabled=reading aria-busy=move || reading().to_string()>
                <TextInput id="name" value=name error=errors.of(Field::Name) required=true autocomplete="off">
                    {text(i18n, |l| td_string!(l, name))}
                </TextInput>
                <TextInput id="phone" value=phone error=errors.of(Field::Phone) kind="tel" inputmode="tel" required=true>
                    {text(i18n, |l| td_string!(l, phone))}
                </TextInput>
                {move || taken_by.get().map(|(id, who)| view! {
                    <p class="taken">
                        <a href=Route::Customer(id).to_hash()>{text(i18n, |l| td_string!(l, open_existing))} ": " {who}</a>
                    </p>
                })}
                <TextInput id="birthday" value=birthday error=errors.of(Field::Birthday) kind="date" max=today
                    label_suffix=optional>
                    {text(i18n, |l| td_string!(l, birthday))}
                </TextInput>
                <TextInput id="notes" value=notes error=errors.of(Field::Notes)
                    placeholder=Signal::derive(move || td_string!(i18n.get_locale(), notes_placeholder).to_string())
                    label_suffix=optional>
                    {text(i18n, |l| td_string!(l, notes))}
                </TextInput>
                <super::customer_extras::ExtrasInputs fields=extras name/>
                {editing.is_none().then(|| view! { <super::customer_messaging::ConsentCheckbox checked=consent/> })}
                {editing.is_none().then(|| view! { <super::referral_ui::ReferredByInput field=referred_by errors service/> })}
                </fieldset>
                <FormErrors general errors/>
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || busy.get()>{text(i18n, |l| td_string!(l, save))}</button>
                    <a class="button" href=cancel_href>{text(i18n, |l| td_string!(l, cancel))}</a>
                </div>
            </form>
        </section>
    }
}
