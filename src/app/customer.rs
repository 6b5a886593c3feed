//! One customer's card: stamps, rewards, and the counter actions with undo.

use std::time::Duration;

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::errors::{ErrorText, UiError};
use super::i18n::*;
use super::card_share::CardShare;
use super::route::Route;
use super::stamp_card::StampCard;
use super::{random, use_shell, Shell};
use crate::domain::relative_time::{ago, Ago};
use crate::domain::{Change, Counter, Customer, CustomerId, DomainError, EventId, EventKind, Money};
use crate::session;

/// How long an action can be undone.
const UNDO_WINDOW: Duration = Duration::from_secs(120);

/// What the last action was, for the confirmation and Undo.
#[derive(Clone, Debug, PartialEq)]
enum Done {
    Stamped { event: EventId, stamps: u32 },
    Redeemed { event: EventId },
    Undone,
}

/// The browser's offset from UTC in minutes (India: +330).
pub fn utc_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

/// The customer screen.
#[component]
pub fn CustomerScreen(id: CustomerId) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let customer = RwSignal::new(None::<Customer>);
    let load_error = RwSignal::new(None::<UiError>);
    let action_error = RwSignal::new(None::<UiError>);
    let busy = RwSignal::new(false);
    let done = RwSignal::new(None::<Done>);
    let bill = RwSignal::new(String::new());

    if let Some(store) = shell.store() {
        spawn_local(async move {
            match session::customer(&*store, id).await {
                Ok(found) => {
                    customer.try_set(Some(found));
                }
                Err(error) => {
                    shell.report(&error);
                    load_error.try_set(Some(error.into()));
                }
            }
        });
    }

    let program = Memo::new(move |_| shell.counter.with(|c| c.as_ref().map(|c| c.program().clone())).unwrap_or_default());
    let per_reward = Memo::new(move |_| program.with(|p| p.stamps_per_reward.max(1)));
    let summary = Memo::new(move |_| customer.with(|c| c.as_ref().map(|c| c.summary(per_reward.get()))));
    let needs_bill = Memo::new(move |_| program.with(|p| p.needs_bill_amount()));
    let currency = Memo::new(move |_| shell.counter.with(|c| c.as_ref().map_or("₹", |c| c.shop().profile.country.currency_symbol())));
    // What the typed bill would earn, shown before confirming.
    let bill_preview = Memo::new(move |_| {
        let text = bill.get();
        if text.trim().is_empty() {
            return None;
        }
        Some(Money::parse(&text).map_err(UiError::from).and_then(|amount| program.with(|p| p.stamps_for_visit(Some(amount))).map_err(UiError::from)))
    });

    let act = move |plan: Box<dyn FnOnce(&mut Counter, &Customer) -> Result<Change, DomainError>>, after: Box<dyn FnOnce(&Change)>| {
        run_action(shell, customer, busy, action_error, plan, after);
    };

    let add_stamp = move |_| {
        let bill_amount = if needs_bill.get_untracked() {
            match Money::parse(&bill.get_untracked()) {
                Ok(amount) => Some(amount),
                Err(error) => {
                    action_error.set(Some(error.into()));
                    return;
                }
            }
        } else {
            None
        };
        act(
            Box::new(move |counter, current| counter.plan_stamp(current, bill_amount, random::event_id(), Utc::now())),
            Box::new(move |change| {
                let stamps = match change.event.kind {
                    EventKind::StampsAdded { stamps, .. } => stamps,
                    _ => 0,
                };
                bill.try_set(String::new());
                show_done(done, Done::Stamped { event: change.event.id, stamps });
            }),
        );
    };

    let redeem = move |_| {
        act(
            Box::new(move |counter, current| counter.plan_redeem(current, random::event_id(), Utc::now())),
            Box::new(move |change| show_done(done, Done::Redeemed { event: change.event.id })),
        );
    };

    let undo = move |_| {
        let target = match done.get_untracked() {
            Some(Done::Stamped { event, .. } | Done::Redeemed { event }) => event,
            _ => return,
        };
        act(
            Box::new(move |counter, current| counter.plan_undo(current, target, random::event_id(), Utc::now())),
            Box::new(move |_| {
                done.try_set(Some(Done::Undone));
            }),
        );
    };

    let card = move || {
        let Some(summary) = summary.get() else {
            return load_error
                .get()
                .map(|error| {
                    view! {
                        <div class="alert" role="alert"><ErrorText error/></div>
                        <a class="button" href=Route::Counter.to_hash()>{t!(i18n, back)}</a>
                    }
                    .into_any()
                })
                .unwrap_or_else(|| view! { <p class="loading">{t!(i18n, loading)}</p> }.into_any());
        };
        // The card in progress keeps the size it was started with.
        let per = summary.card_size;
        let (name, phone, notes) = customer.with(|c| {
            let profile = c.as_ref().and_then(|c| c.profile.clone());
            (
                profile.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
                profile.as_ref().map(|p| p.phone.masked()).unwrap_or_default(),
                profile.map(|p| p.notes).unwrap_or_default(),
            )
        });
        let on_card = summary.stamps_on_card;
        let ready = summary.rewards_ready;
        let visits = summary.visits;
        let last_visit = match summary.last_visit.map(|at| ago(at, Utc::now(), utc_offset_minutes())) {
            None => t!(i18n, no_visits_yet).into_any(),
            Some(Ago::Today) => t!(i18n, last_visit_today).into_any(),
            Some(Ago::Yesterday) => t!(i18n, last_visit_yesterday).into_any(),
            Some(Ago::Days(days)) => t!(i18n, last_visit_days, n = days).into_any(),
        };
        let reward = program.with(|p| p.reward.clone());
        let edit_href = Route::EditCustomer(id).to_hash();
        view! {
            <div class="customer-head">
                <div>
                    <h1 class="customer-name">{name}</h1>
                    <p class="customer-phone">{phone}</p>
                </div>
                <a class="button" href=edit_href>{t!(i18n, edit)}</a>
            </div>
            {(!notes.is_empty()).then(|| view! { <p class="notes">{notes}</p> })}
            <div class="card-area">
                <StampCard per on_card/>
                <div class="facts">
                    {(ready > 0).then(|| view! { <p class="rewards-ready">{t!(i18n, rewards_ready, k = ready)}</p> })}
                    <p class="reward-name">{t!(i18n, reward_is, reward = reward.clone())}</p>
                    <p>{t!(i18n, visits, n = visits)}</p>
                    <p>{last_visit}</p>
                </div>
            </div>
        }
        .into_any()
    };

    let bill_field = move || {
        needs_bill.get().then(|| {
            view! {
                <div class="field bill">
                    <label for="bill">{t!(i18n, bill_amount)} " (" {move || currency.get()} ")"</label>
                    <input
                        id="bill"
                        type="text"
                        inputmode="decimal"
                        autocomplete="off"
                        prop:value=move || bill.get()
                        on:input=move |event| bill.set(event_target_value(&event))
                    />
                    <p class="hint" aria-live="polite">
                        {move || match bill_preview.get() {
                            Some(Ok(stamps)) => Some(t!(i18n, bill_earns, n = stamps).into_any()),
                            Some(Err(error)) => Some(view! { <ErrorText error/> }.into_any()),
                            None => None,
                        }}
                    </p>
                </div>
            }
        })
    };

    let confirmation = move || {
        done.get().map(|what| match what {
            Done::Stamped { stamps, .. } => t!(i18n, stamps_added, n = stamps).into_any(),
            Done::Redeemed { .. } => t!(i18n, reward_given).into_any(),
            Done::Undone => t!(i18n, undone).into_any(),
        })
    };
    let can_undo = move || matches!(done.get(), Some(Done::Stamped { .. } | Done::Redeemed { .. }));
    let loaded = move || summary.with(Option::is_some);
    let no_reward = move || summary.with(|s| s.as_ref().is_none_or(|s| s.rewards_ready == 0));

    view! {
        <section class="customer">
            {card}
            <Show when=loaded>
                <div class="actions-panel">
                    {bill_field}
                    <div class="actions">
                        <button type="button" class="primary big" on:click=add_stamp disabled=move || busy.get()>
                            {t!(i18n, add_stamp)}
                        </button>
                        <button type="button" class="reward big" on:click=redeem disabled=move || busy.get() || no_reward()>
                            {t!(i18n, redeem_reward)}
                        </button>
                    </div>
                    <div class="done" role="status">
                        {confirmation}
                        <Show when=can_undo>
                            " "
                            <button type="button" class="undo" on:click=undo disabled=move || busy.get()>{t!(i18n, undo)}</button>
                        </Show>
                    </div>
                    <div class="alert-slot" role="alert">
                        {move || action_error.get().map(|error| view! { <p class="alert"><ErrorText error/></p> })}
                    </div>
                </div>
                <CardShare customer/>
            </Show>
        </section>
    }
}

/// Shows a confirmation; an undoable one keeps its Undo for [`UNDO_WINDOW`].
fn show_done(done: RwSignal<Option<Done>>, what: Done) {
    done.try_set(Some(what.clone()));
    set_timeout(
        move || {
            if done.try_get_untracked().flatten().as_ref() == Some(&what) {
                done.try_set(None);
            }
        },
        UNDO_WINDOW,
    );
}

/// Plans an action on the counter, saves it, and only after the store committed it takes it
/// into the counter and shows the customer's new state.
fn run_action(
    shell: Shell,
    customer: RwSignal<Option<Customer>>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<UiError>>,
    plan: Box<dyn FnOnce(&mut Counter, &Customer) -> Result<Change, DomainError>>,
    after: Box<dyn FnOnce(&Change)>,
) {
    if busy.get_untracked() {
        return;
    }
    let (Some(current), Some(store)) = (customer.get_untracked(), shell.store()) else { return };
    // Planning touches only the clock, so nobody is notified.
    let planned = shell.counter.try_update_untracked(|counter| counter.as_mut().map(|counter| plan(counter, &current))).flatten();
    let change = match planned {
        Some(Ok(change)) => change,
        Some(Err(refused)) => {
            error.set(Some(refused.into()));
            return;
        }
        None => return,
    };
    busy.set(true);
    error.set(None);
    spawn_local(async move {
        let saved = shell.save(&store, &change).await;
        busy.try_set(false);
        match saved {
            Ok(()) => {
                if let Some(updated) = change.customer.clone() {
                    customer.try_set(Some(updated));
                }
                after(&change);
            }
            Err(failed) => {
                shell.report(&failed);
                // Another window saved to this customer first: show its latest card.
                if failed == session::AppError::Store(crate::store::StoreError::Stale) {
                    if let Some(latest) = shell.reload_customer(&store, current.id).await {
                        customer.try_set(Some(latest));
                    }
                }
                error.try_set(Some(failed.into()));
            }
        }
    });
}
