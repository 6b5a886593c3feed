//! One customer's card: stamps, rewards, and the counter actions with undo.

use std::cell::RefCell;
use std::collections::HashMap;
use std::time::Duration;

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::errors::{ErrorText, UiError};
use super::i18n::*;
use super::locales::{text, text_with};
use std::sync::Arc;
use super::bill_field::BillField;
use super::route::Route;
use super::stamp_card::StampCard;
use super::{random, use_shell};
use crate::domain::relative_time::{ago, Ago};
use crate::domain::reward_moment::{completed_card, CompletedCard};
use crate::domain::bill::check_bill;
use crate::domain::visit::{AddStamp, Recent, Status};
use crate::domain::permissions::Permission;
use crate::domain::{Change, Counter, Customer, CustomerId, DomainError, EventKind, Money};

thread_local! {
    /// What this counter did lately, per customer. Kept outside the screen so that leaving a
    /// customer and opening them again within the minute still asks before a second stamp,
    /// and their Undo stays.
    static RECENT: RefCell<HashMap<CustomerId, Recent>> = RefCell::new(HashMap::new());
}

/// The recent actions for `id`, forgetting customers for whom nothing matters any more.
fn recent_for(id: CustomerId) -> Recent {
    RECENT.with_borrow_mut(|all| {
        let now = Utc::now();
        all.retain(|_, recent| !recent.is_stale(now));
        all.get(&id).cloned().unwrap_or_default()
    })
}

/// Notes a saved action for `id`, on screen and in [`RECENT`].
fn note(recent: RwSignal<Recent>, id: CustomerId, what: impl FnOnce(&mut Recent)) {
    recent.update(what);
    let now = recent.get_untracked();
    RECENT.with_borrow_mut(|all| all.insert(id, now));
}

/// The browser's offset from UTC in minutes (India: +330).
pub fn utc_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

/// The customer screen.
#[component]
pub fn CustomerScreen(id: CustomerId) -> impl IntoView {
    let i18n = use_i18n();
    let numbers = super::numbers::use_numbers();
    let shell = use_shell();
    let customer = RwSignal::new(None::<Customer>);
    let load_error = RwSignal::new(None::<UiError>);
    let action_error = RwSignal::new(None::<UiError>);
    let busy = RwSignal::new(false);
    let recent = RwSignal::new(recent_for(id));
    // Staff and owner: the customer's last visit, for the cooldown; and whether the stamp the
    // question below would add is inside it (the owner working: recorded as an override).
    let last_stamp = move || customer.with_untracked(|c| c.as_ref().and_then(|c| c.summary(1).last_visit));
    let override_pending = RwSignal::new(false);
    // "Add another stamp for this visit?"
    let question = RwSignal::new(Question::Hidden);
    let bill = RwSignal::new(String::new());
    // The card the last stamp filled: shown full, with its reward over it, until the next action
    // (or until the clerk leaves the screen).
    let moment = RwSignal::new(None::<CompletedCard>);
    // Hear them out (issue 10): the stamp "How was it today?" follows, until the next action.
    let feedback_for = RwSignal::new(None::<crate::domain::EventId>);
    // Referrals (issue 10): who brought this customer, while their first stamp may earn the bonus.
    let (referrer, reading_referrer) = super::referral_ui::use_referrer(customer);
    // Setting a signal re-renders what reads it even when the value stays the same, and the
    // whole card reads `moment`: so it is cleared only when there is something to clear, which
    // keeps a tap on "Add stamp" from drawing the card twice before the stamp is even saved.
    let clear_moment = move || {
        if moment.with_untracked(Option::is_some) {
            moment.set(None);
        }
    };
    // The clock the status line and Undo are judged by; ticks so that they go when due.
    let now = RwSignal::new(Utc::now());
    if let Ok(tick) = set_interval_with_handle(move || now.set(Utc::now()), Duration::from_secs(1)) {
        on_cleanup(move || tick.clear());
    }

    if let Some(store) = shell.store() {
        spawn_local(async move {
            match shell.read_customer(&store, id).await {
                // A removed customer (added by mistake) cannot be opened.
                Ok(found) if found.is_removed() => {
                    load_error.try_set(Some(DomainError::CustomerRemoved.into()));
                }
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

    // Sync (issue 14): a newer record of this customer, received from another device, replaces
    // the one shown; an action planned from the old one meanwhile is refused as stale and the
    // screen reads the record again, as for a change from another tab.
    Effect::new(move |_| {
        shell.received.with(|records| {
            if let Some(latest) = records.iter().find(|record| record.id == id) {
                if customer.with_untracked(|shown| shown.as_ref().is_some_and(|shown| shown.rev < latest.rev)) {
                    customer.set(Some(latest.clone()));
                }
            }
        });
    });

    let program = Memo::new(move |_| shell.counter.with(|c| c.as_ref().map(|c| c.program().clone())).unwrap_or_default());
    let per_reward = Memo::new(move |_| program.with(|p| p.stamps_per_reward.max(1)));
    let summary = Memo::new(move |_| customer.with(|c| c.as_ref().map(|c| c.summary(per_reward.get()))));
    let needs_bill = Memo::new(move |_| program.with(|p| p.needs_bill_amount()));
    let currency = Memo::new(move |_| shell.counter.with(|c| c.as_ref().map_or("₹", |c| c.shop().profile.country.currency_symbol())));
    // The clerk tapped "Add stamp" with this bill: an empty field now asks for the amount.
    let bill_tried = RwSignal::new(false);
    // What the typed bill earns, or why it cannot be stamped: the one message under the field.
    let bill_check = Memo::new(move |_| {
        if !needs_bill.get() {
            return None;
        }
        bill.with(|text| program.with(|program| check_bill(program, text, bill_tried.get())))
    });

    let act = move |plan: Box<dyn FnOnce(&mut Counter, &Customer) -> Result<Change, DomainError>>, after: Box<dyn FnOnce(&Change)>| {
        run_action(shell, customer, busy, action_error, plan, after);
    };

    // Saves a stamp for the visit, with the typed bill when the program earns by amount.
    // `same_visit`: the clerk confirmed another stamp for the visit just stamped, which then
    // counts its stamps but not a second visit.
    // `cooldown_override`: inside the cooldown, allowed by the owner's PIN (or the owner).
    let stamp = move |bill_amount: Option<Money>, same_visit: bool, cooldown_override: bool| {
        clear_moment();
        let before = summary.get_untracked();
        act(
            Box::new(move |counter, current| {
                let now = Utc::now();
                let planned = if cooldown_override {
                    counter.plan_stamp_overriding_cooldown(current, bill_amount, same_visit, random::event_id(), now)
                } else if same_visit {
                    counter.plan_another_stamp(current, bill_amount, random::event_id(), now)
                } else {
                    counter.plan_stamp(current, bill_amount, random::event_id(), now)
                }?;
                // A friend's first stamp: both get the referral bonus, in the same transaction.
                let ids = [random::event_id(), random::event_id()];
                referrer.with_untracked(|referrer| counter.with_referral_bonus(planned, current, referrer.as_ref(), ids, now))
            }),
            Box::new(move |change| {
                let stamps = match change.event.kind {
                    EventKind::StampsAdded { stamps, .. } => stamps,
                    _ => 0,
                };
                bill.try_set(String::new());
                let after = change.customer.as_ref().map(|c| c.summary(per_reward.get_untracked()));
                if let (Some(before), Some(after)) = (before, after) {
                    moment.try_set(completed_card(&before, &after));
                }
                note(recent, id, |recent| recent.stamped(change.event.id, stamps, change.event.at));
                // Asked once a visit: more stamps for the same visit keep the question as it is.
                if !same_visit {
                    feedback_for.try_set(Some(change.event.id));
                }
            }),
        );
    };
    // The typed bill, or Err when it cannot be stamped (the field then says why).
    let typed_bill = move || -> Result<Option<Money>, ()> {
        if !needs_bill.get_untracked() {
            return Ok(None);
        }
        match bill.with_untracked(|text| program.with_untracked(|program| check_bill(program, text, true))) {
            Some(Ok(earns)) => Ok(Some(earns.amount)),
            _ => {
                bill_tried.set(true);
                Err(())
            }
        }
    };

    let add_stamp = move || {
        // A tap while an action is being saved does nothing: `run_action` sets `busy` before it
        // awaits the save, and it is read here synchronously, not from the re-rendered button.
        // A tap while the question is open waits for its answer.
        if busy.get_untracked() || reading_referrer.get_untracked() || matches!(question.get_untracked(), Question::Shown | Question::OwnerPin) {
            return;
        }
        clear_moment();
        let Ok(bill_amount) = typed_bill() else { return };
        // Staff and owner: inside the cooldown, staff need the owner's PIN (a shop without an
        // owner PIN has no cooldown: the question below is as before).
        let now = Utc::now();
        let last = last_stamp();
        if shell.stamp_permission(last, now) == Permission::NeedsOwnerPin {
            question.set(Question::OwnerPin);
            return;
        }
        let cooldown_override = shell.inside_cooldown(last, now);
        override_pending.set(cooldown_override);
        match recent.with_untracked(|recent| recent.add_stamp(now)) {
            AddStamp::Add => stamp(bill_amount, false, cooldown_override),
            AddStamp::Ask { .. } => question.set(Question::Shown),
        }
    };
    let bill_edited = Callback::new(move |()| {
        bill_tried.set(false);
        action_error.set(None);
    });
    let add_another = move |_| {
        if busy.get_untracked() {
            return;
        }
        let Ok(bill_amount) = typed_bill() else { return };
        answered(question);
        stamp(bill_amount, true, override_pending.get_untracked());
    };
    let owner_allowed = Callback::new(move |()| {
        let Ok(bill_amount) = typed_bill() else { return };
        answered(question);
        // Within the minute of this counter's last stamp it is more stamps for the same visit.
        let same_visit = matches!(recent.with_untracked(|recent| recent.add_stamp(Utc::now())), AddStamp::Ask { .. });
        stamp(bill_amount, same_visit, true);
    });
    let owner_refused = Callback::new(move |()| answered(question));
    let not_another = move |_| answered(question);

    let redeem = move |_| {
        clear_moment();
        feedback_for.set(None);
        act(
            Box::new(move |counter, current| counter.plan_redeem(current, random::event_id(), Utc::now())),
            Box::new(move |change| note(recent, id, |recent| recent.redeemed(change.event.id, change.event.at))),
        );
    };

    let undo = move |_| {
        let Some(target) = recent.with_untracked(|recent| recent.next_undo(Utc::now())) else { return };
        clear_moment();
        feedback_for.set(None);
        if matches!(question.get_untracked(), Question::Shown | Question::OwnerPin) {
            answered(question);
        }
        act(
            Box::new(move |counter, current| counter.plan_undo(current, target, random::event_id(), Utc::now())),
            Box::new(move |change| note(recent, id, |recent| recent.undone(target, change.event.at))),
        );
    };

    let card = move || {
        let Some(summary) = summary.get() else {
            return load_error
                .get()
                .map(|error| {
                    view! {
                        <div class="alert" role="alert"><ErrorText error/></div>
                        <a class="button" href=Route::Counter.to_hash()>{text(i18n, |l| td_string!(l, back))}</a>
                    }
                    .into_any()
                })
                .unwrap_or_else(|| view! { <p class="loading">{text(i18n, |l| td_string!(l, loading))}</p> }.into_any());
        };
        // The card in progress keeps the size it was started with. A card just filled is shown
        // full, with its reward over it, rather than as the next, empty card.
        let completed = moment.get();
        let (per, on_card) = match completed {
            Some(card) => (card.size, card.size),
            None => (summary.card_size, summary.stamps_on_card),
        };
        let (name, phone, notes) = customer.with(|c| {
            let profile = c.as_ref().and_then(|c| c.profile.clone());
            (
                profile.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
                profile.as_ref().map(|p| p.phone.masked()).unwrap_or_default(),
                profile.map(|p| p.notes).unwrap_or_default(),
            )
        });
        let ready = summary.rewards_ready;
        let visits = summary.visits;
        let last_visit = match summary.last_visit.map(|at| ago(at, Utc::now(), utc_offset_minutes())) {
            None => text(i18n, |l| td_string!(l, no_visits_yet)).into_any(),
            Some(ago) => {
                let days = match ago {
                    Ago::Today => 0,
                    Ago::Yesterday => 1,
                    Ago::Days(days) => days,
                };
                text_with(i18n, |l| td_string!(l, last_visit), Arc::new(move || vec![("when", numbers.get().days_ago(days))])).into_any()
            }
        };
        let reward = program.with(|p| p.reward.clone());
        let moment_reward = completed.map(|_| reward.clone());
        let edit_href = Route::EditCustomer(id).to_hash();
        let head = customer.get().map(|current| view! { <super::customer_glance::GlanceHead current/> });
        view! {
            <div class="customer-head">
                <div>
                    <h1 class="customer-name">{name}</h1>
                    <p class="customer-phone">{move || numbers.get().digits_of(&phone)}</p>
                    {head}
                    {customer.get().map(|current| view! { <super::referral_ui::ReferralLine current/> })}
                </div>
                <a class="button" href=edit_href>{text(i18n, |l| td_string!(l, edit))}</a>
            </div>
            {(!notes.is_empty()).then(|| view! { <p class="notes">{notes}</p> })}
            <div class="card-area">
                <StampCard per on_card reward=moment_reward/>
                <div class="facts">
                    // Always in its place (invisible while no reward is ready), so that a reward
                    // becoming ready never pushes "Add stamp" down on a phone.
                    <p class="rewards-ready" class:none=ready == 0>{super::counts::rewards_ready(ready)}</p>
                    <p class="reward-name">{text_with(i18n, |l| td_string!(l, reward_is), Arc::new(move || vec![("reward", reward.clone())]))}</p>
                    <p>{text_with(i18n, |l| td_string!(l, visits), Arc::new(move || vec![("n", numbers.get().int(visits))]))}</p>
                    <p>{last_visit}</p>
                </div>
            </div>
        }
        .into_any()
    };

    let bill_field = move || {
        needs_bill.get().then(|| {
            view! { <BillField bill check=bill_check currency on_edit=bill_edited on_enter=Callback::new(move |()| add_stamp())/> }
        })
    };

    // While a new bill is being typed, the last action's line would contradict what the bill
    // earns, so only the bill's message shows.
    let status = Memo::new(move |_| {
        let typing = bill.with(|text| !text.trim().is_empty());
        recent.with(|recent| recent.status(now.get())).filter(|_| !typing)
    });
    let confirmation = move || {
        status.get().map(|status| match status {
            Status::Stamped { stamps } => t!(i18n, stamps_added, n = move || numbers.get().int(stamps), count = move || stamps as i32).into_any(),
            Status::StampedAgain { added_now } => added_now_text(i18n, numbers, added_now),
            Status::Redeemed => text(i18n, |l| td_string!(l, reward_given)).into_any(),
            Status::Undone { added_now: 0 } => text(i18n, |l| td_string!(l, undone)).into_any(),
            Status::Undone { added_now } => view! { {text(i18n, |l| td_string!(l, undone))} " · " {added_now_text(i18n, numbers, added_now)} }.into_any(),
        })
    };
    let can_undo = Memo::new(move |_| status.with(Option::is_some) && recent.with(|recent| recent.next_undo(now.get()).is_some()));
    let loaded = move || summary.with(Option::is_some);
    let no_reward = move || summary.with(|s| s.as_ref().is_none_or(|s| s.rewards_ready == 0));

    view! {
        <section class="customer">
            {card}
            <Show when=loaded>
                <div class="actions-panel">
                    {bill_field}
                    <div class="actions">
                        <button type="button" class="primary big" on:click=move |_| add_stamp() disabled=move || busy.get() || reading_referrer.get()>
                            {text(i18n, |l| td_string!(l, add_stamp))}
                        </button>
                        <button type="button" class="reward big" on:click=redeem disabled=move || busy.get() || no_reward()>
                            {text(i18n, |l| td_string!(l, redeem_reward))}
                        </button>
                    </div>
                    <div class="done" role="status">
                        <span class="done-text">{confirmation}</span>
                        <Show when=move || can_undo.get()>
                            " "
                            <button type="button" class="undo" on:click=undo disabled=move || busy.get()>{text(i18n, |l| td_string!(l, undo))}</button>
                        </Show>
                    </div>
                    // Below the buttons, so that nothing the clerk was tapping moves.
                    <Show when=move || question.get() == Question::OwnerPin>
                        <super::cooldown_question::CooldownQuestion last=last_stamp() on_ok=owner_allowed on_cancel=owner_refused/>
                    </Show>
                    <Show when=move || matches!(question.get(), Question::Shown | Question::Answered)>
                        <div class="ask-another" class:answered=move || question.get() == Question::Answered role="group" aria-labelledby="ask-another">
                            <p id="ask-another">{text(i18n, |l| td_string!(l, ask_another_stamp))}</p>
                            <div class="actions">
                                <button type="button" class="primary big" on:click=add_another disabled=move || busy.get()>
                                    {text(i18n, |l| td_string!(l, yes_add_another))}
                                </button>
                                <button type="button" class="big" on:click=not_another>{text(i18n, |l| td_string!(l, no))}</button>
                            </div>
                        </div>
                    </Show>
                    <div class="alert-slot" role="alert">
                        {move || action_error.get().map(|error| view! { <p class="alert"><ErrorText error/></p> })}
                    </div>
                </div>
                // Feedback, the customer at a glance, the card link, complaint and removal: from
                // the on-demand bundle (`customer_panels.rs`), not needed before a stamp is given.
                <super::owner_bundle::CustomerPart customer feedback_for/>
            </Show>
        </section>
    }
}

/// Where "Add another stamp for this visit?" is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Question {
    Hidden,
    Shown,
    /// Staff and owner: a stamp inside the cooldown waits for the owner's PIN.
    OwnerPin,
    /// Answered and invisible, but still taking its room for a moment, so that the second tap
    /// of a double tap on "Yes" does not land on what would move up into its place.
    Answered,
}

/// How long an answered question keeps its room.
const ANSWERED_ROOM: Duration = Duration::from_millis(1_000);

/// Hides the answered question, keeping its room for [`ANSWERED_ROOM`].
fn answered(question: RwSignal<Question>) {
    question.set(Question::Answered);
    set_timeout(
        move || {
            if question.try_get_untracked() == Some(Question::Answered) {
                question.try_set(Question::Hidden);
            }
        },
        ANSWERED_ROOM,
    );
}

/// "2 stamps added now".
fn added_now_text(i18n: leptos_i18n::I18nContext<Locale>, numbers: Signal<super::numbers::Numbers>, added_now: u32) -> AnyView {
    t!(i18n, added_now, n = move || numbers.get().int(added_now), count = move || added_now as i32).into_any()
}

/// The customer screen's buttons and its panels save through one runner (`action.rs`).
pub(super) use super::action::run_action;
