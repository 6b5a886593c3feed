//! Merging duplicate customers (issue 14, owner's bundle, "Needs a look"): on a "possible
//! duplicate" flag, the owner picks the card to keep (name, phone, stamps and last visit of each),
//! confirms, and every other card of that phone is merged into it (`Counter::plan_merge`: one
//! event and the records of both, one strict transaction). The flag then goes by itself: a merged
//! customer is out like a removed one.

use std::sync::Arc;

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::errors::{ErrorText, UiError};
use super::i18n::*;
use super::locales::{text, text_with};
use super::shell::Shell;
use super::{random, use_shell, AppStore};
use crate::domain::conflicts::Twin;
use crate::domain::{Customer, CustomerId};
use crate::session::AppError;
use crate::store::Store;

/// One card the owner may keep, as the choice shows it.
#[derive(Clone, Debug, PartialEq)]
struct Choice {
    id: CustomerId,
    name: String,
    phone: String,
    stamps: u32,
    last_visit: Option<chrono::DateTime<Utc>>,
}

/// "Merge the cards…" under a possible duplicate; `on_merged` runs once the cards are merged.
#[component]
pub fn MergeTwins(twins: Vec<Twin>, #[prop(into)] on_merged: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let numbers = super::numbers::use_numbers();
    let choices = RwSignal::new(None::<Vec<Choice>>);
    let kept = RwSignal::new(None::<CustomerId>);
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<UiError>);
    let ids: Vec<CustomerId> = twins.iter().map(|twin| twin.id).collect();

    let open = {
        let ids = ids.clone();
        move |_| {
            let Some(store) = shell.store() else { return };
            let per_reward = shell.counter.with_untracked(|counter| counter.as_ref().map_or(1, |counter| counter.program().stamps_per_reward));
            let ids = ids.clone();
            spawn_local(async move {
                let mut read = Vec::new();
                for id in ids {
                    match store.customer(id).await {
                        Ok(Some(record)) if !record.is_removed() => read.push(choice(&record, per_reward)),
                        Ok(_) => {}
                        Err(failed) => {
                            error.try_set(Some(failed.into()));
                            return;
                        }
                    }
                }
                choices.try_set(Some(read));
            });
        }
    };
    let merge = move |_| {
        let (Some(store), Some(keep)) = (shell.store(), kept.get_untracked()) else { return };
        if busy.get_untracked() {
            return;
        }
        let others: Vec<CustomerId> = choices.get_untracked().unwrap_or_default().iter().map(|choice| choice.id).filter(|id| *id != keep).collect();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let mut result = Ok(());
            for other in others {
                result = merge_into(shell, &store, keep, other).await;
                if result.is_err() {
                    break;
                }
            }
            busy.try_set(false);
            match result {
                Ok(()) => on_merged.run(()),
                Err(failed) => {
                    shell.report(&failed);
                    error.try_set(Some(failed.into()));
                }
            }
        });
    };
    let cancel = move |_| {
        choices.set(None);
        kept.set(None);
        confirming.set(false);
    };
    let when = move |at: Option<chrono::DateTime<Utc>>| match at {
        Some(at) => js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.timestamp_millis() as f64))
            .to_locale_date_string(&numbers.get_untracked().tag(), &wasm_bindgen::JsValue::UNDEFINED)
            .as_string()
            .unwrap_or_default(),
        None => td_string!(i18n.get_locale_untracked(), merge_never).to_owned(),
    };
    let kept_name = move || {
        let keep = kept.get()?;
        choices.get()?.into_iter().find(|choice| choice.id == keep).map(|choice| choice.name)
    };

    view! {
        <div class="merge-twins">
            {move || match (choices.get(), confirming.get()) {
                (None, _) => view! { <button type="button" class="primary" on:click=open.clone()>{text(i18n, |l| td_string!(l, merge_open))}</button> }.into_any(),
                (Some(list), false) => view! {
                    <fieldset class="merge-choice">
                        <legend>{text(i18n, |l| td_string!(l, merge_which))}</legend>
                        {list
                            .into_iter()
                            .map(|choice| {
                                let id = choice.id;
                                let line = vec![
                                    ("name", choice.name.clone()),
                                    ("phone", choice.phone.clone()),
                                    ("stamps", numbers.get_untracked().int(choice.stamps)),
                                    ("date", when(choice.last_visit)),
                                ];
                                view! {
                                    <label class="merge-option">
                                        <input type="radio" name="merge-keep" prop:checked=move || kept.get() == Some(id) on:change=move |_| kept.set(Some(id))/>
                                        " " {text_with(i18n, |l| td_string!(l, merge_choice), Arc::new(move || line.clone()))}
                                    </label>
                                }
                            })
                            .collect_view()}
                    </fieldset>
                    <button type="button" class="primary" disabled=move || kept.get().is_none() on:click=move |_| confirming.set(true)>{text(i18n, |l| td_string!(l, merge_next))}</button>
                    " " <button type="button" on:click=cancel>{text(i18n, |l| td_string!(l, cancel))}</button>
                }
                .into_any(),
                (Some(_), true) => view! {
                    <p class="merge-confirm">{text_with(i18n, |l| td_string!(l, merge_confirm), Arc::new(move || vec![("name", kept_name().unwrap_or_default())]))}</p>
                    <button type="button" class="primary" disabled=move || busy.get() on:click=merge>{text(i18n, |l| td_string!(l, merge_do))}</button>
                    " " <button type="button" on:click=move |_| confirming.set(false)>{text(i18n, |l| td_string!(l, merge_back))}</button>
                }
                .into_any(),
            }}
            <p class="form-error" role="alert">{move || error.get().map(|error| view! { <ErrorText error/> })}</p>
        </div>
    }
}

fn choice(record: &Customer, per_reward: u32) -> Choice {
    let summary = record.summary(per_reward);
    Choice {
        id: record.id,
        name: record.name().to_owned(),
        phone: record.profile.as_ref().map(|profile| profile.phone.formatted()).unwrap_or_default(),
        stamps: summary.balance,
        last_visit: summary.last_visit,
    }
}

/// Merges `merged` into `kept`: the records of both and of the customers already merged into
/// either are read first, then all their logs (so the logs hold everything the records do, and a
/// change in between makes the save stale rather than lost), planned and saved.
async fn merge_into(shell: Shell, store: &AppStore, kept: CustomerId, merged: CustomerId) -> Result<(), AppError> {
    let mut records: Vec<Customer> = Vec::new();
    for id in [kept, merged] {
        records.push(store.customer(id).await?.ok_or(AppError::CustomerNotFound)?);
    }
    let members: Vec<CustomerId> = records.iter().flat_map(|record| record.merged.clone()).collect();
    for id in members {
        if let Some(record) = store.customer(id).await? {
            records.push(record);
        }
    }
    let mut logs = Vec::new();
    for record in &records {
        logs.extend(store.customer_events(record.id).await?);
    }
    if let Some(planned) = shell.plan(|counter| counter.plan_merge(kept, merged, &records, &logs, random::event_id(), Utc::now())) {
        shell.save(store, &planned?).await?;
    }
    Ok(())
}
