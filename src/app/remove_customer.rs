//! "Remove customer" on the customer screen, for a customer added by mistake: an inline
//! question (not `window.confirm`, which blocks the page and cannot be styled or translated),
//! and the reason when the customer can no longer be removed.

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::errors::{ErrorText, UiError};
use super::i18n::*;
use super::locales::{text, text_with};
use std::sync::Arc;
use super::route::Route;
use super::{random, use_shell};
use crate::domain::{Customer, DomainError};

/// What the removal control shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    /// Only the "Remove customer" button.
    Idle,
    /// "Remove Asha? …" with Yes and No.
    Asking,
    /// Why this customer cannot be removed.
    NotAllowed,
}

/// The "Remove customer" button, its question and its outcome. `busy` is the customer screen's:
/// no removal starts while another action is being saved, and none of them while it is.
#[component]
pub fn RemoveCustomer(customer: RwSignal<Option<Customer>>, busy: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let step = RwSignal::new(Step::Idle);
    let error = RwSignal::new(None::<UiError>);
    let name = move || customer.with(|c| c.as_ref().map(|c| c.name().to_owned()).unwrap_or_default());

    let ask = move |_| {
        error.set(None);
        let allowed = customer.with_untracked(|c| c.as_ref().map(|c| c.remove(Utc::now())));
        step.set(match allowed {
            Some(Ok(_)) => Step::Asking,
            Some(Err(DomainError::CustomerHasVisits { .. })) => Step::NotAllowed,
            Some(Err(other)) => {
                error.set(Some(other.into()));
                Step::Idle
            }
            None => Step::Idle,
        });
    };
    let confirm = move |_| {
        if busy.get_untracked() {
            return;
        }
        let (Some(current), Some(store)) = (customer.get_untracked(), shell.store()) else { return };
        let planned = shell.plan(|counter| counter.plan_remove_customer(&current, random::event_id(), Utc::now()));
        let change = match planned {
            Some(Ok(change)) => change,
            Some(Err(DomainError::CustomerHasVisits { .. })) => {
                step.set(Step::NotAllowed);
                return;
            }
            Some(Err(refused)) => {
                step.set(Step::Idle);
                error.set(Some(refused.into()));
                return;
            }
            None => return,
        };
        busy.set(true);
        spawn_local(async move {
            let saved = shell.save(&store, &change).await;
            busy.try_set(false);
            match saved {
                Ok(()) => shell.navigate(Route::Counter),
                Err(failed) => {
                    shell.report(&failed);
                    step.try_set(Step::Idle);
                    error.try_set(Some(failed.into()));
                }
            }
        });
    };

    view! {
        <div class="remove-customer">
            <Show when=move || step.get() != Step::Asking>
                <button type="button" class="quiet danger" on:click=ask disabled=move || busy.get()>
                    {text(i18n, |l| td_string!(l, remove_customer))}
                </button>
            </Show>
            // Live regions without a role: the screen's one status line and one alert stay the
            // only ones (tests and screen readers look for them by role).
            <div aria-live="polite">
                {move || (step.get() == Step::NotAllowed).then(|| view! {
                    <p class="note">{text_with(i18n, |l| td_string!(l, remove_not_allowed), Arc::new(move || vec![("name", name())]))}</p>
                })}
            </div>
            <Show when=move || step.get() == Step::Asking>
                <div class="ask-remove" role="group" aria-labelledby="ask-remove">
                    <p id="ask-remove">{text_with(i18n, |l| td_string!(l, remove_question), Arc::new(move || vec![("name", name())]))}</p>
                    <div class="actions">
                        <button type="button" class="danger" on:click=confirm disabled=move || busy.get()>{text(i18n, |l| td_string!(l, yes_remove))}</button>
                        <button type="button" on:click=move |_| step.set(Step::Idle)>{text(i18n, |l| td_string!(l, keep_customer))}</button>
                    </div>
                </div>
            </Show>
            <div aria-live="assertive">{move || error.get().map(|error| view! { <p class="alert"><ErrorText error/></p> })}</div>
        </div>
    }
}
