//! Settings → Sync (owner's bundle): the shop's CouchDB server, database, user and password,
//! "Test connection", and the sync's status in plain words.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::I18nContext;

use super::i18n::*;
use super::locales::{text, text_with};
use super::numbers::use_numbers;
use super::sync_engine::{self, SyncStatus};
use crate::domain::sync::{SettingsError, SyncError, SyncSettings};

/// What the last button press found.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Saved,
    Connected,
    Failed(SyncError),
    Invalid(Vec<SettingsError>),
}

/// The Sync panel.
#[component]
pub fn SyncSettingsPanel() -> impl IntoView {
    let i18n = use_i18n();
    let numbers = use_numbers();
    let server = RwSignal::new(String::new());
    let database = RwSignal::new(String::new());
    let user = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Outcome>);
    let busy = RwSignal::new(false);
    let status = sync_engine::status();
    // "2 minutes ago" moves on while the screen is open.
    let now = RwSignal::new(chrono::Utc::now());
    let ticker = leptos::prelude::set_interval_with_handle(move || now.set(chrono::Utc::now()), std::time::Duration::from_secs(20));
    on_cleanup(move || {
        if let Ok(ticker) = ticker {
            ticker.clear();
        }
    });
    spawn_local(async move {
        if let Some(store) = sync_engine::store().await {
            if let Some(saved) = sync_engine::load_settings(&store).await {
                server.try_set(saved.server);
                database.try_set(saved.database);
                user.try_set(saved.user);
                password.try_set(saved.password);
            }
        }
    });
    let typed = move || SyncSettings { server: server.get_untracked(), database: database.get_untracked(), user: user.get_untracked(), password: password.get_untracked() };
    // Both buttons start the same way: nothing while one is running, the typed settings checked
    // (their problems shown instead), then busy until the answer comes.
    let begin = move || -> Option<SyncSettings> {
        if busy.get_untracked() {
            return None;
        }
        match typed().checked() {
            Ok(settings) => {
                busy.set(true);
                Some(settings)
            }
            Err(errors) => {
                outcome.set(Some(Outcome::Invalid(errors)));
                None
            }
        }
    };

    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(settings) = begin() else { return };
        spawn_local(async move {
            let result = match sync_engine::store().await {
                Some(store) => sync_engine::save_settings(&store, &settings).await.map_err(|error| SyncError::Local(error.to_string())),
                None => Err(SyncError::Local("the database could not be opened".into())),
            };
            busy.try_set(false);
            outcome.try_set(Some(result.map_or_else(Outcome::Failed, |()| Outcome::Saved)));
        });
    };
    let test = move |_| {
        let Some(settings) = begin() else { return };
        outcome.set(None);
        spawn_local(async move {
            let result = sync_engine::test_connection(&settings).await;
            busy.try_set(false);
            outcome.try_set(Some(result.map_or_else(Outcome::Failed, |()| Outcome::Connected)));
        });
    };

    let field = move |id: &'static str, kind: &'static str, value: RwSignal<String>, label: AnyView, autocomplete: &'static str| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input id=id type=kind autocomplete=autocomplete spellcheck="false" autocapitalize="off"
                    prop:value=move || value.get() on:input=move |event| value.set(event_target_value(&event))/>
            </div>
        }
    };
    let outcome_view = move || {
        outcome.get().map(|outcome| match outcome {
            Outcome::Saved => view! { <p class="saved" role="status">{text(i18n, |l| td_string!(l, sync_saved))}</p> }.into_any(),
            Outcome::Connected => view! { <p class="saved" role="status">{text(i18n, |l| td_string!(l, sync_connected))}</p> }.into_any(),
            Outcome::Failed(error) => view! { <p class="alert" role="alert">{sync_error_text(i18n, error)}</p> }.into_any(),
            Outcome::Invalid(errors) => view! {
                <div class="alert" role="alert">
                    {errors.into_iter().map(|error| view! { <p>{settings_error_text(i18n, error)}</p> }).collect_view()}
                </div>
            }
            .into_any(),
        })
    };
    let status_view = {
        let status = status.clone();
        move || {
            let SyncStatus { configured, running, last_synced, waiting, error } = status.get();
            let now = now.get();
            let mut lines: Vec<AnyView> = Vec::new();
            if !configured {
                lines.push(text(i18n, |l| td_string!(l, sync_not_set_up)).into_any());
            } else {
                if running {
                    lines.push(text(i18n, |l| td_string!(l, sync_running)).into_any());
                }
                lines.push(match last_synced {
                    Some(when) => {
                        let ago = numbers.get_untracked().time_ago((now - when).num_seconds());
                        text_with(i18n, |l| td_string!(l, sync_last_synced), Arc::new(move || vec![("time", ago.clone())])).into_any()
                    }
                    None => text(i18n, |l| td_string!(l, sync_never)).into_any(),
                });
                if let Some(waiting) = waiting {
                    let count = move || numbers.get().int(waiting as u32);
                    lines.push(t!(i18n, sync_waiting, count = move || waiting as i32, n = count).into_any());
                }
                if let Some(error) = error {
                    lines.push(view! { <span class="alert">{sync_error_text(i18n, error)}</span> }.into_any());
                }
            }
            lines.into_iter().map(|line| view! { <p>{line}</p> }).collect_view()
        }
    };

    view! {
        <div class="card-panel sync-settings">
            <h2>{text(i18n, |l| td_string!(l, sync_heading))}</h2>
            <p class="note">{text(i18n, |l| td_string!(l, sync_note))}</p>
            <div class="sync-status" role="status" aria-live="polite">{status_view}</div>
            <form on:submit=save novalidate>
                {field("sync-server", "url", server, text(i18n, |l| td_string!(l, sync_server)).into_any(), "url")}
                {field("sync-database", "text", database, text(i18n, |l| td_string!(l, sync_database)).into_any(), "off")}
                {field("sync-user", "text", user, text(i18n, |l| td_string!(l, sync_user)).into_any(), "username")}
                {field("sync-password", "password", password, text(i18n, |l| td_string!(l, sync_password)).into_any(), "current-password")}
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || busy.get()>{text(i18n, |l| td_string!(l, sync_save))}</button>
                    <button type="button" on:click=test disabled=move || busy.get()>{text(i18n, |l| td_string!(l, sync_test))}</button>
                </div>
                {outcome_view}
            </form>
        </div>
    }
}

fn settings_error_text(i18n: I18nContext<Locale>, error: SettingsError) -> AnyView {
    match error {
        SettingsError::ServerAddress => text(i18n, |l| td_string!(l, sync_err_server_address)).into_any(),
        SettingsError::DatabaseName => text(i18n, |l| td_string!(l, sync_err_database_name)).into_any(),
    }
}

/// Why a sync (or the connection test) stopped, in the owner's words.
pub(super) fn sync_error_text(i18n: I18nContext<Locale>, error: SyncError) -> AnyView {
    match error {
        SyncError::Unauthorized => text(i18n, |l| td_string!(l, sync_err_unauthorized)).into_any(),
        SyncError::DatabaseNotFound => text(i18n, |l| td_string!(l, sync_err_no_database)).into_any(),
        SyncError::NotCouchDb => text(i18n, |l| td_string!(l, sync_err_not_couchdb)).into_any(),
        SyncError::Malformed { .. } => text(i18n, |l| td_string!(l, sync_err_malformed)).into_any(),
        SyncError::Server { status } => text_with(i18n, |l| td_string!(l, sync_err_server), Arc::new(move || vec![("status", status.to_string())])).into_any(),
        SyncError::Refused { .. } => text(i18n, |l| td_string!(l, sync_err_refused)).into_any(),
        SyncError::Unreachable => text(i18n, |l| td_string!(l, sync_err_unreachable)).into_any(),
        SyncError::Local(_) => text(i18n, |l| td_string!(l, sync_err_local)).into_any(),
    }
}
