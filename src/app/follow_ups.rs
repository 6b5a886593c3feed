//! The Feedback screen (issue 10, "Hear them out"), an owner's screen in the owner's bundle:
//! open complaints, oldest first with their age (one open for more than a day highlighted), to
//! hand to someone, move on and resolve, with an apology gesture; and the questions customers
//! asked, to answer. Both lists come from the store's compact index of open items, never from
//! the log; every change is an event saved through `Shell::save` like a stamp.

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

use super::customer::utc_offset_minutes;
use super::errors::{ErrorText, UiError};
use super::i18n::*;
use super::locales::{text, text_with};
use super::numbers::{fill, use_numbers, Numbers};
use super::route::Route;
use super::{random, use_shell};
use crate::domain::follow_up::{ApologyChoice, FollowUp, Kind, Status};
use crate::domain::relative_time::{ago, Ago};
use crate::session::AppError;
use crate::store::Store;

/// "Opened 3 days ago".
fn opened_text(numbers: &Numbers, item: &FollowUp) -> String {
    let days = match item.opened_at.map(|at| ago(at, Utc::now(), utc_offset_minutes())) {
        None | Some(Ago::Today) => 0,
        Some(Ago::Yesterday) => 1,
        Some(Ago::Days(days)) => days,
    };
    numbers.days_ago(days)
}

/// What the clerk is told after a save.
#[derive(Clone, Debug, PartialEq)]
enum Told {
    /// "Saved."
    Saved,
    /// "Resolved. Let Asha know it has been sorted out."
    Resolved(String),
    /// "Answered. Let Asha know the answer."
    Answered(String),
}

/// The Feedback screen.
#[component]
pub fn FollowUpsScreen() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let complaints = RwSignal::new(None::<Vec<FollowUp>>);
    let questions = RwSignal::new(None::<Vec<FollowUp>>);
    let error = RwSignal::new(None::<UiError>);
    // What the clerk must now tell a customer, after a save.
    let told = RwSignal::new(None::<Told>);
    let load = move || {
        let Some(store) = shell.store() else { return };
        spawn_local(async move {
            let read = async {
                let open_complaints = store.open_follow_ups(Kind::Complaint).await?;
                let open_questions = store.open_follow_ups(Kind::Question).await?;
                Ok::<_, crate::store::StoreError>((open_complaints, open_questions))
            };
            match read.await {
                Ok((open_complaints, open_questions)) => {
                    complaints.try_set(Some(open_complaints));
                    questions.try_set(Some(open_questions));
                }
                Err(failed) => {
                    shell.report(&AppError::Store(failed.clone()));
                    error.try_set(Some(failed.into()));
                }
            }
        });
    };
    load();
    let reload = Callback::new(move |said: Told| {
        told.set(Some(said));
        load();
    });

    view! {
        <section class="follow-ups">
            <h1>{text(i18n, |l| td_string!(l, voice_title))}</h1>
            <div aria-live="polite" class="told">
                {move || told.get().map(|told| match told {
                    Told::Saved => view! { <p class="saved">{text(i18n, |l| td_string!(l, voice_updated))}</p> }.into_any(),
                    Told::Resolved(name) => view! { <p class="saved">{text_with(i18n, |l| td_string!(l, voice_resolved_tell), Arc::new(move || vec![("name", name.clone())]))}</p> }.into_any(),
                    Told::Answered(name) => view! { <p class="saved">{text_with(i18n, |l| td_string!(l, voice_answered_tell), Arc::new(move || vec![("name", name.clone())]))}</p> }.into_any(),
                })}
            </div>
            {move || error.get().map(|error| view! { <div class="alert" role="alert"><ErrorText error/></div> })}
            <div class="settings-grid">
                <div class="card-panel">
                    <h2>{text(i18n, |l| td_string!(l, voice_complaints))}</h2>
                    {move || complaints.get().map(|items| if items.is_empty() {
                        view! { <p class="note">{text(i18n, |l| td_string!(l, voice_no_complaints))}</p> }.into_any()
                    } else {
                        view! { <ol class="follow-up-list">{items.into_iter().map(|item| view! { <ComplaintItem item reload/> }).collect_view()}</ol> }.into_any()
                    })}
                </div>
                <div class="card-panel">
                    <h2>{text(i18n, |l| td_string!(l, voice_questions))}</h2>
                    {move || questions.get().map(|items| if items.is_empty() {
                        view! { <p class="note">{text(i18n, |l| td_string!(l, voice_no_questions))}</p> }.into_any()
                    } else {
                        view! { <ol class="follow-up-list">{items.into_iter().map(|item| view! { <QuestionItem item reload/> }).collect_view()}</ol> }.into_any()
                    })}
                </div>
            </div>
        </section>
    }
}

/// The customer's name (a link to their card), "Opened …" and what they said.
fn head(i18n: leptos_i18n::I18nContext<Locale>, item: &FollowUp, numbers: Signal<Numbers>) -> impl IntoView {
    let href = Route::Customer(item.customer).to_hash();
    let name = item.name.clone();
    let said = item.text.clone();
    let opened = item.clone();
    let rating = item.rating.map(|rating| move || format!("{}★", numbers.get().int(rating)));
    view! {
        <p class="follow-up-head">
            <a href=href>{name}</a>
            " · "
            <span class="age">{move || fill(td_string!(i18n.get_locale(), voice_opened), &[("when", &opened_text(&numbers.get(), &opened))])}</span>
            {rating.map(|rating| view! { " · " <span class="rating">{rating}</span> })}
        </p>
        <p class="follow-up-text">{said}</p>
    }
}

#[component]
fn ComplaintItem(item: FollowUp, reload: Callback<Told>) -> impl IntoView {
    let i18n = use_i18n();
    let numbers = use_numbers();
    let shell = use_shell();
    let overdue = item.is_overdue(Utc::now());
    let key = item.id.to_string();
    let handler = RwSignal::new(item.handler().to_owned());
    let note = RwSignal::new(item.note().to_owned());
    let status = RwSignal::new(item.status);
    // "none", "stamps" or "reward"; and how many stamps.
    let apology = RwSignal::new("none".to_owned());
    let stamps = RwSignal::new("1".to_owned());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<UiError>);
    let given = item.apology.map(|(_, apology)| apology.stamps);
    let stored = item.clone();
    let save = move |_| {
        if busy.get_untracked() {
            return;
        }
        let Some(store) = shell.store() else { return };
        let choice = match apology.get_untracked().as_str() {
            "stamps" => match parse_count(&stamps.get_untracked()) {
                Some(n) => ApologyChoice::Stamps(n),
                None => {
                    error.set(Some(UiError::WholeNumber));
                    return;
                }
            },
            "reward" => ApologyChoice::Reward,
            _ => ApologyChoice::Nothing,
        };
        let complaint = stored.clone();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let outcome = async {
                // The card the apology's stamps go on, read now: it is planned like a stamp.
                let customer = store.customer(complaint.customer).await?.ok_or(AppError::CustomerNotFound)?;
                let (handler, status_now, note) = (handler.get_untracked(), status.get_untracked(), note.get_untracked());
                let planned = shell.plan(|counter| counter.plan_complaint_update(&customer, &complaint, &handler, status_now, &note, choice, random::event_id(), Utc::now()));
                let change = match planned {
                    Some(planned) => planned?,
                    None => return Ok(None),
                };
                shell.save(&store, &change).await?;
                Ok::<_, AppError>(Some(status_now))
            };
            let result = outcome.await;
            busy.try_set(false);
            match result {
                Ok(Some(Status::Resolved)) => reload.run(Told::Resolved(complaint.name.clone())),
                Ok(_) => reload.run(Told::Saved),
                Err(failed) => {
                    shell.report(&failed);
                    error.try_set(Some(failed.into()));
                }
            }
        });
    };
    let id = |what: &str| format!("{what}-{key}");
    let (handler_id, status_id, note_id, count_id) = (id("handler"), id("status"), id("note"), id("count"));
    let status_options = Status::ALL
        .into_iter()
        .map(|option| {
            let name = match option {
                Status::Open => text(i18n, |l| td_string!(l, voice_status_open)).into_any(),
                Status::InProgress => text(i18n, |l| td_string!(l, voice_status_in_progress)).into_any(),
                Status::Resolved => text(i18n, |l| td_string!(l, voice_status_resolved)).into_any(),
            };
            view! { <option value=status_value(option) selected=move || status.get() == option>{name}</option> }
        })
        .collect_view();
    let group = format!("apology-{key}");
    let apology_choice = move |value: &'static str, label: AnyView| {
        view! {
            <label class="choice">
                <input type="radio" name=group.clone() value=value prop:checked=move || apology.get() == value on:change=move |_| apology.set(value.to_owned())/>
                " " {label}
            </label>
        }
    };
    view! {
        <li class="follow-up complaint-item" class:overdue=overdue>
            {head(i18n, &item, numbers)}
            {overdue.then(|| view! { <p class="overdue-flag">{text(i18n, |l| td_string!(l, voice_overdue))}</p> })}
            <div class="field">
                <label for=handler_id.clone()>{text(i18n, |l| td_string!(l, voice_handler))}</label>
                <input id=handler_id type="text" prop:value=move || handler.get() on:input=move |e| handler.set(event_target_value(&e))/>
            </div>
            <div class="field">
                <label for=status_id.clone()>{text(i18n, |l| td_string!(l, voice_status))}</label>
                <select id=status_id on:change=move |e| status.set(status_of(&event_target_value(&e)))>{status_options}</select>
            </div>
            <div class="field">
                <label for=note_id.clone()>{text(i18n, |l| td_string!(l, voice_note))}</label>
                <textarea id=note_id rows="2" maxlength="500" prop:value=move || note.get() on:input=move |e| note.set(event_target_value(&e))></textarea>
            </div>
            {match given {
                Some(n) => view! { <p class="note">{text_with(i18n, |l| td_string!(l, voice_apology_given), Arc::new(move || vec![("n", numbers.get().int(n))]))}</p> }.into_any(),
                None => view! {
                    <fieldset class="field apology">
                        <legend>{text(i18n, |l| td_string!(l, voice_apology))}</legend>
                        {apology_choice("none", text(i18n, |l| td_string!(l, voice_apology_none)).into_any())}
                        {apology_choice("stamps", text(i18n, |l| td_string!(l, voice_apology_stamps)).into_any())}
                        {apology_choice("reward", text(i18n, |l| td_string!(l, voice_apology_reward)).into_any())}
                        <Show when=move || apology.get() == "stamps">
                            <label for=count_id.clone()>{text(i18n, |l| td_string!(l, voice_apology_count))}</label>
                            <input id=count_id.clone() type="text" inputmode="numeric" prop:value=move || stamps.get() on:input=move |e| stamps.set(event_target_value(&e))/>
                        </Show>
                    </fieldset>
                }.into_any(),
            }}
            <div class="actions">
                <button type="button" class="primary" on:click=save disabled=move || busy.get()>{text(i18n, |l| td_string!(l, save))}</button>
            </div>
            {move || error.get().map(|error| view! { <p class="alert"><ErrorText error/></p> })}
        </li>
    }
}

/// A count typed in any of the usual digit scripts (as the program form reads its counts).
fn parse_count(text: &str) -> Option<u32> {
    let text = crate::domain::search::ascii_digits(text.trim());
    if text.is_empty() || !text.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn status_value(status: Status) -> &'static str {
    match status {
        Status::Open => "open",
        Status::InProgress => "in_progress",
        Status::Resolved => "resolved",
    }
}

fn status_of(value: &str) -> Status {
    Status::ALL.into_iter().find(|status| status_value(*status) == value).unwrap_or_default()
}

#[component]
fn QuestionItem(item: FollowUp, reload: Callback<Told>) -> impl IntoView {
    let i18n = use_i18n();
    let numbers = use_numbers();
    let shell = use_shell();
    let answer = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<UiError>);
    let answer_id = format!("answer-{}", item.id);
    let question = item.clone();
    let save = move |_| {
        if busy.get_untracked() {
            return;
        }
        let Some(store) = shell.store() else { return };
        let note = answer.get_untracked();
        let change = match shell.plan(|counter| counter.plan_answer(&question, &note, random::event_id(), Utc::now())) {
            Some(Ok(change)) => change,
            Some(Err(refused)) => {
                error.set(Some(refused.into()));
                return;
            }
            None => return,
        };
        let name = question.name.clone();
        busy.set(true);
        spawn_local(async move {
            let saved = shell.save(&store, &change).await;
            busy.try_set(false);
            match saved {
                Ok(()) => reload.run(Told::Answered(name)),
                Err(failed) => {
                    shell.report(&failed);
                    error.try_set(Some(failed.into()));
                }
            }
        });
    };
    view! {
        <li class="follow-up question-item">
            {head(i18n, &item, numbers)}
            <div class="field">
                <label for=answer_id.clone()>{text(i18n, |l| td_string!(l, voice_answer))}</label>
                <textarea id=answer_id rows="2" maxlength="500" prop:value=move || answer.get() on:input=move |e| answer.set(event_target_value(&e))></textarea>
            </div>
            <div class="actions">
                <button type="button" class="primary" on:click=save disabled=move || busy.get()>{text(i18n, |l| td_string!(l, voice_mark_answered))}</button>
            </div>
            {move || error.get().map(|error| view! { <p class="alert"><ErrorText error/></p> })}
        </li>
    }
}
