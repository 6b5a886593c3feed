//! Referrals at the counter (issue 10, rules in `domain/referral.rs`): the "Referred by" field of
//! the new-customer form, the customer's code and "Brought 3 friends" on their screen, the record
//! of the customer who brought them (read when the friend's first stamp may earn the bonus), and
//! why a referrer was refused.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::I18nContext;

use super::fields::{Field, FieldErrors, TextInput};
use super::i18n::*;
use super::locales::{text, text_with};
use super::customer_form_service::{ask, FormReply, FormRequest};
use super::use_shell;
use crate::domain::referral::ReferralError;
use crate::domain::{Customer, CustomerId};

/// Why "Referred by" was refused.
pub fn referral_error(i18n: I18nContext<Locale>, error: ReferralError) -> AnyView {
    match error {
        ReferralError::NotFound => text(i18n, |l| td_string!(l, ref_err_not_found)).into_any(),
        ReferralError::Ambiguous => text(i18n, |l| td_string!(l, ref_err_ambiguous)).into_any(),
        ReferralError::SelfReferral => text(i18n, |l| td_string!(l, ref_err_self)).into_any(),
        ReferralError::ReferrerRemoved => text(i18n, |l| td_string!(l, ref_err_removed)).into_any(),
    }
}

/// What the clerk typed in "Referred by", and the customer picked from its search results.
/// The field is part of the new-customer form, in the panels' bundle: what the text names is
/// the counter's to say (its search index), through the form's service
/// (`customer_form_service.rs`), which also reads the referrer when the form is saved.
#[derive(Clone, Copy)]
pub struct ReferredBy {
    typed: RwSignal<String>,
    picked: RwSignal<Option<(CustomerId, String)>>,
}

impl ReferredBy {
    /// An empty field.
    pub fn new() -> Self {
        ReferredBy { typed: RwSignal::new(String::new()), picked: RwSignal::new(None) }
    }

    /// The customer picked from the suggestions, if any.
    pub fn picked(self) -> Option<CustomerId> {
        self.picked.get_untracked().map(|(id, _)| id)
    }

    /// The text typed (a code, a phone number or a name).
    pub fn typed(self) -> String {
        self.typed.get_untracked()
    }
}

/// The field: a code or phone number is found as it is typed ("Brought by Asha"); a name offers
/// the first matching customers to pick. The counter answers through `service`.
#[component]
pub fn ReferredByInput(field: ReferredBy, errors: FieldErrors, service: StoredValue<js_sys::Function, LocalStorage>) -> impl IntoView {
    let i18n = use_i18n();
    let ReferredBy { typed, picked } = field;
    // What the typed text names: a customer found by code or phone, else search hits by name.
    let matches = RwSignal::new((None::<String>, Vec::<(CustomerId, String)>::new()));
    Effect::new(move |_| {
        let query = typed.get();
        if picked.with(Option::is_some) || query.trim().chars().count() < 2 {
            matches.set((None, Vec::new()));
            return;
        }
        let Some(service) = service.try_get_value() else { return };
        spawn_local(async move {
            let request = FormRequest::Referrer { typed: query.clone() };
            if let Some(FormReply::Referrer { found, hits }) = ask(&service, &request).await {
                // Only the answer to what the field still says.
                if typed.try_get_untracked().is_some_and(|now| now == query) {
                    matches.try_set((found, hits));
                }
            }
        });
    });
    // A new text clears the field's error, and a picked customer whose name it no longer is.
    Effect::new(move |previous: Option<String>| {
        let now = typed.get();
        if previous.is_some_and(|previous| previous != now) {
            errors.0.update(|all| all.retain(|(field, _)| *field != Field::ReferredBy));
            if picked.with_untracked(|p| p.as_ref().is_some_and(|(_, name)| *name != now)) {
                picked.set(None);
            }
        }
        now
    });
    let found = move || {
        let name = picked.get().map(|(_, name)| name).or_else(|| matches.with(|(found, _)| found.clone()))?;
        Some(view! { <p class="referrer-found">{text_with(i18n, |l| td_string!(l, ref_found), Arc::new(move || vec![("name", name.clone())]))}</p> })
    };
    let hits = move || {
        matches.with(|(_, hits)| hits.clone()).into_iter().map(|(id, name)| {
            let label = name.clone();
            view! {
                <button type="button" class="referrer-hit" on:click=move |_| {
                    picked.set(Some((id, name.clone())));
                    typed.set(name.clone());
                }>{label}</button>
            }
        }).collect_view()
    };
    view! {
        <TextInput id="referred-by" value=typed error=errors.of(Field::ReferredBy) autocomplete="off"
            hint=ViewFn::from(move || text(i18n, |l| td_string!(l, ref_referred_by_hint)))
            label_suffix=move || view! { {text(i18n, |l| td_string!(l, optional))} }>
            {text(i18n, |l| td_string!(l, ref_referred_by))}
        </TextInput>
        <div class="referrer-match">
            {found}
            {hits}
        </div>
    }
}

/// The record of the customer who brought `customer`, read while their first stamp may still
/// earn the referral bonus (then it goes with the stamp, in the same transaction); and whether
/// it is being read, when "Add stamp" waits for it (a stamp planned without it would give no
/// bonus, and the first stamp's chance would be gone).
pub fn use_referrer(customer: RwSignal<Option<Customer>>) -> (RwSignal<Option<Customer>>, RwSignal<bool>) {
    let shell = use_shell();
    let referrer = RwSignal::new(None::<Customer>);
    let reading = RwSignal::new(false);
    Effect::new(move |_| {
        let gives = shell.counter.with(|c| c.as_ref().is_some_and(|c| c.perks().referral_stamps > 0));
        let wanted = customer.with(|c| c.as_ref().filter(|c| gives && !c.referral_bonus_received() && c.summary(1).visits == 0).and_then(|c| c.referred_by));
        let (Some(id), Some(store)) = (wanted, shell.store()) else {
            referrer.set(None);
            return;
        };
        reading.set(true);
        spawn_local(async move {
            if let Ok(found) = shell.read_customer(&store, id).await {
                referrer.try_set(Some(found));
            }
            reading.try_set(false);
        });
    });
    (referrer, reading)
}

/// The customer's referral code and how many friends they brought, under their name.
#[component]
pub fn ReferralLine(current: Customer) -> impl IntoView {
    let i18n = use_i18n();
    let numbers = super::numbers::use_numbers();
    let code = current.referral_code();
    let brought = current.friends_brought() as u32;
    view! {
        <p class="referral-line">
            <span class="referral-code">{text_with(i18n, |l| td_string!(l, ref_code), Arc::new(move || vec![("code", code.clone())]))}</span>
            {(brought > 0).then(|| view! {
                " · "
                <span class="friends-brought">{t!(i18n, ref_brought, n = move || numbers.get().int(brought), count = move || brought as i32)}</span>
            })}
        </p>
    }
}
