//! Sync (issue 14): "Needs a look" (owner's bundle), what devices did differently while offline
//! (`domain::conflicts`): a reward redeemed twice, naming each redemption's device and time,
//! and possible duplicates (one phone, several customers). Nothing here changes a card but a
//! merge of duplicates (`merge_panel.rs`), which keeps every stamp of both: every event is kept
//! and no count goes below zero; the owner notes a flag as seen ("Seen it"), which is kept on
//! this device (`meta`, `sync:look:acknowledged`), by the flag's key.

use std::collections::BTreeSet;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::errors::{ErrorText, UiError};
use super::i18n::*;
use super::locales::{text, text_with};
use super::use_shell;
use crate::domain::conflicts::{find_flags, Flag};
use crate::store::Store;

/// The `meta` key (under `sync:`) of the flags the owner has seen.
const ACKNOWLEDGED: &str = "look:acknowledged";

/// The screen.
#[component]
pub fn NeedsALookScreen() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let numbers = super::numbers::use_numbers();
    let flags = RwSignal::new(None::<Vec<Flag>>);
    let error = RwSignal::new(None::<UiError>);
    let this_device = RwSignal::new(None::<crate::domain::DeviceId>);

    let load = move || {
        let Some(store) = shell.store() else { return };
        let per_reward = shell.counter.with_untracked(|counter| counter.as_ref().map_or(1, |counter| counter.program().stamps_per_reward));
        spawn_local(async move {
            let acknowledged = match store.sync_value(ACKNOWLEDGED).await {
                Ok(value) => value.and_then(|json| serde_json::from_str::<BTreeSet<String>>(&json).ok()).unwrap_or_default(),
                Err(failed) => {
                    error.try_set(Some(failed.into()));
                    return;
                }
            };
            match store.all_customers().await {
                Ok(customers) => {
                    flags.try_set(Some(find_flags(customers.iter(), per_reward, &acknowledged)));
                }
                Err(failed) => {
                    error.try_set(Some(failed.into()));
                }
            }
        });
    };
    load();
    this_device.set(shell.counter.with_untracked(|counter| counter.as_ref().map(|counter| counter.device())));

    let acknowledge = move |key: String| {
        let Some(store) = shell.store() else { return };
        spawn_local(async move {
            let mut seen = store.sync_value(ACKNOWLEDGED).await.ok().flatten().and_then(|json| serde_json::from_str::<BTreeSet<String>>(&json).ok()).unwrap_or_default();
            seen.insert(key);
            let json = serde_json::to_string(&seen).unwrap_or_default();
            match store.save_sync_value(ACKNOWLEDGED, &json).await {
                Ok(()) => load(),
                Err(failed) => {
                    error.try_set(Some(failed.into()));
                }
            }
        });
    };

    let when = move |at: chrono::DateTime<chrono::Utc>| {
        let millis = at.timestamp_millis() as f64;
        js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(millis)).to_locale_string(&numbers.get_untracked().tag(), &wasm_bindgen::JsValue::UNDEFINED).as_string().unwrap_or_default()
    };
    let device_name = move |device: crate::domain::DeviceId| {
        if this_device.get_untracked() == Some(device) {
            td_string!(i18n.get_locale_untracked(), look_this_device).to_owned()
        } else {
            // The first four hex digits tell the shop's few devices apart.
            let short: String = device.0.to_hex().chars().take(4).collect();
            super::numbers::fill(td_string!(i18n.get_locale_untracked(), look_other_device), &[("id", short.as_str())])
        }
    };

    let row = move |flag: Flag| {
        let key = flag.key();
        let seen = move |_| acknowledge(key.clone());
        match flag {
            Flag::RedeemedTwice { name, redeemed, earned, redemptions, .. } => {
                let counts = {
                    let n = numbers.get_untracked();
                    vec![("redeemed", n.int(redeemed)), ("earned", n.int(earned))]
                };
                let title = name.clone();
                view! {
                    <li class="look-item card-panel">
                        <h3>{text_with(i18n, |l| td_string!(l, look_redeemed_twice), Arc::new(move || vec![("name", title.clone())]))}</h3>
                        <p>{text_with(i18n, |l| td_string!(l, look_redeemed_counts), Arc::new(move || counts.clone()))}</p>
                        <ul class="look-events">
                            {redemptions
                                .into_iter()
                                .map(|named| {
                                    let line = vec![("time", when(named.at)), ("device", device_name(named.device))];
                                    view! { <li>{text_with(i18n, |l| td_string!(l, look_redeemed_on), Arc::new(move || line.clone()))}</li> }
                                })
                                .collect_view()}
                        </ul>
                        <p class="hint">{text(i18n, |l| td_string!(l, look_redeemed_hint))}</p>
                        <button type="button" on:click=seen>{text(i18n, |l| td_string!(l, look_seen))}</button>
                    </li>
                }
                .into_any()
            }
            Flag::PossibleDuplicate { phone, twins } => {
                let number = phone.formatted();
                let merge_twins = twins.clone();
                view! {
                    <li class="look-item card-panel">
                        <h3>{text_with(i18n, |l| td_string!(l, look_duplicate), Arc::new(move || vec![("phone", number.clone())]))}</h3>
                        <ul class="look-events">
                            {twins
                                .into_iter()
                                .map(|twin| {
                                    let joined = twin.joined_at.map(when).unwrap_or_default();
                                    let line = vec![("name", twin.name.clone()), ("date", joined), ("visits", numbers.get_untracked().int(twin.visits))];
                                    let href = super::route::Route::Customer(twin.id).to_hash();
                                    view! { <li><a href=href>{text_with(i18n, |l| td_string!(l, look_twin), Arc::new(move || line.clone()))}</a></li> }
                                })
                                .collect_view()}
                        </ul>
                        <p class="hint">{text(i18n, |l| td_string!(l, look_duplicate_hint))}</p>
                        <super::merge_panel::MergeTwins twins=merge_twins on_merged=move |()| load()/>
                        <button type="button" on:click=seen>{text(i18n, |l| td_string!(l, look_not_same))}</button>
                    </li>
                }
                .into_any()
            }
        }
    };

    view! {
        <section class="needs-a-look">
            <h2>{text(i18n, |l| td_string!(l, look_title))}</h2>
            <p>{text(i18n, |l| td_string!(l, look_intro))}</p>
            <p class="form-error" role="alert">{move || error.get().map(|error| view! { <ErrorText error/> })}</p>
            {move || {
                flags.get().map(|flags| {
                    if flags.is_empty() {
                        view! { <p class="empty">{text(i18n, |l| td_string!(l, look_none))}</p> }.into_any()
                    } else {
                        view! { <ul class="look-list">{flags.into_iter().map(row).collect_view()}</ul> }.into_any()
                    }
                })
            }}
        </section>
    }
}
