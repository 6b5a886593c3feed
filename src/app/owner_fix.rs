//! The owner's corrections on the Activity screen (owner's bundle, behind the owner's PIN like
//! the whole screen): with one customer chosen, "Give bonus stamps" (count and reason) above
//! their activity, and "Void…" (with a reason) on each of their stamps, rewards and bonuses,
//! however old. Each is planned by the counter (`domain/counter_owner_fix.rs`) and saved through
//! `Shell::save` in one strict transaction, like a stamp; a refusal (already voided, would leave
//! the card negative) is shown in the owner's language.

use std::rc::Rc;

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::errors::{ErrorText, UiError};
use super::i18n::*;
use super::locales::text;
use super::{random, use_shell, AppStore, Shell};
use crate::domain::{Change, Counter, Customer, CustomerId, DomainError, Event, EventId};
use crate::session::AppError;
use crate::store::Store;

/// A count typed in any of the usual digit scripts.
fn parse_count(text: &str) -> Option<u32> {
    let text = crate::domain::search::ascii_digits(text.trim());
    if text.is_empty() || !text.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// What a correction is planned from.
#[derive(Clone, Copy)]
enum Needs {
    /// The customer's record as stored now (bonus stamps).
    Record,
    /// The record and then the customer's log (a void looks up the event it voids).
    RecordAndLog,
}

/// The state of one correction form while it saves, and the save both forms share.
#[derive(Clone, Copy)]
struct Saving {
    busy: RwSignal<bool>,
    error: RwSignal<Option<UiError>>,
}

impl Saving {
    fn new() -> Saving {
        Saving { busy: RwSignal::new(false), error: RwSignal::new(None) }
    }

    /// Reads what `needs` says, plans the correction with `plan`, saves it through
    /// `Shell::save` (one strict transaction, like a stamp) and then runs `done`; a failure is
    /// shown in the form. The form is busy meanwhile.
    fn save(
        self,
        shell: Shell,
        store: Rc<AppStore>,
        customer: CustomerId,
        needs: Needs,
        plan: impl FnOnce(&mut Counter, &Customer, &[Event]) -> Result<Change, DomainError> + 'static,
        done: impl FnOnce() + 'static,
    ) {
        let Saving { busy, error } = self;
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let outcome = async {
                // The record first, then the log: the log then holds everything the record
                // does, and a change in between makes the save stale rather than lost.
                let current = store.customer(customer).await?.ok_or(AppError::CustomerNotFound)?;
                let log = match needs {
                    Needs::Record => Vec::new(),
                    Needs::RecordAndLog => {
                        let mut log = store.customer_events(customer).await?;
                        // A kept card of merged duplicates folds their logs too (`merge.rs`).
                        for member in &current.merged {
                            log.extend(store.customer_events(*member).await?);
                        }
                        log
                    }
                };
                if let Some(planned) = shell.plan(|counter| plan(counter, &current, &log)) {
                    shell.save(&store, &planned?).await?;
                }
                Ok::<(), AppError>(())
            };
            let result = outcome.await;
            busy.try_set(false);
            match result {
                Ok(()) => done(),
                Err(failed) => {
                    shell.report(&failed);
                    error.try_set(Some(failed.into()));
                }
            }
        });
    }
}

/// "Give bonus stamps" for `customer`; `on_saved` after the save.
#[component]
pub fn BonusForm(customer: CustomerId, #[prop(into)] on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let count = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let form = Saving::new();
    let (busy, error) = (form.busy, form.error);
    let saved = RwSignal::new(false);
    let give = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(store) = shell.store() else { return };
        let Some(stamps) = parse_count(&count.get_untracked()) else {
            error.set(Some(UiError::WholeNumber));
            return;
        };
        let why = reason.get_untracked();
        saved.set(false);
        let plan = move |counter: &mut Counter, current: &Customer, _: &[Event]| counter.plan_bonus_stamps(current, stamps, &why, random::event_id(), Utc::now());
        form.save(shell, store, customer, Needs::Record, plan, move || {
            count.try_set(String::new());
            reason.try_set(String::new());
            saved.try_set(true);
            on_saved.run(());
        });
    };
    view! {
        <form class="fix-bonus" on:submit=give>
            <h3>{text(i18n, |l| td_string!(l, fix_bonus_title))}</h3>
            <label for="fix-bonus-count">{text(i18n, |l| td_string!(l, fix_bonus_count))}</label>
            <input id="fix-bonus-count" type="text" inputmode="numeric" required prop:value=move || count.get() on:input=move |e| count.set(event_target_value(&e))/>
            <label for="fix-bonus-reason">{text(i18n, |l| td_string!(l, fix_reason))}</label>
            <input id="fix-bonus-reason" type="text" required maxlength="200" prop:value=move || reason.get() on:input=move |e| reason.set(event_target_value(&e))/>
            <button type="submit" class="primary" disabled=move || busy.get()>{text(i18n, |l| td_string!(l, fix_bonus_give))}</button>
            <Show when=move || saved.get()>
                <p class="saved" role="status">{text(i18n, |l| td_string!(l, fix_bonus_saved))}</p>
            </Show>
            <p class="form-error" role="alert">{move || error.get().map(|error| view! { <ErrorText error/> })}</p>
        </form>
    }
}

/// "Void…" on one of `customer`'s activity rows: asks for the reason, then voids `target`.
#[component]
pub fn VoidButton(customer: CustomerId, target: EventId, #[prop(into)] on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let open = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let form = Saving::new();
    let (busy, error) = (form.busy, form.error);
    let void = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(store) = shell.store() else { return };
        let why = reason.get_untracked();
        let plan = move |counter: &mut Counter, current: &Customer, log: &[Event]| counter.plan_owner_void(current, log, target, &why, random::event_id(), Utc::now());
        form.save(shell, store, customer, Needs::RecordAndLog, plan, move || {
            open.try_set(false);
            on_saved.run(());
        });
    };
    let field = format!("fix-void-{}", target);
    let label_for = field.clone();
    view! {
        <span class="fix-void-cell">
        <Show
            when=move || open.get()
            fallback=move || view! {
                <button type="button" class="link fix-void" on:click=move |_| open.set(true)>{text(i18n, |l| td_string!(l, fix_void))}</button>
            }
        >
            <form class="fix-void-form" on:submit=void>
                <label for=label_for.clone()>{text(i18n, |l| td_string!(l, fix_reason))}</label>
                <input id=field.clone() type="text" required maxlength="200" prop:value=move || reason.get() on:input=move |e| reason.set(event_target_value(&e))/>
                <button type="submit" class="primary" disabled=move || busy.get()>{text(i18n, |l| td_string!(l, fix_void_confirm))}</button>
                <button type="button" on:click=move |_| open.set(false)>{text(i18n, |l| td_string!(l, cancel))}</button>
            </form>
        </Show>
        <span class="form-error" role="alert">{move || error.get().map(|error| view! { <ErrorText error/> })}</span>
        </span>
    }
}
