//! Settings' "Backup and restore" panel (owner's bundle): when the last backup was made (with a
//! gentle reminder after a week), making a backup with a passphrase, restoring one
//! (`restore_form.rs`) and the state hash that tells whether two devices hold the same shop.
//!
//! Owner PIN: the whole panel is the owner's (it is in the owner's bundle, inside Settings).
//! When the owner PIN gate exists (playbook issue), it wraps `BackupPanel` where
//! `owner_settings.rs` renders it; nothing inside needs to change.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::errors::{ErrorText, UiError};
use super::i18n::*;
use super::locales::{text, text_with};
use super::numbers::use_numbers;
use super::restore_form::{RestoreForm, REWARDS_PAGE_SETTING};
use super::{backup_crypto, card_links, random, use_shell};
use crate::domain::backup::{BackupHeader, BACKUP_FORMAT, BACKUP_VERSION};
use crate::domain::state_hash::state_hash;
use crate::store::backup::write_backup;
use crate::store::Store;

/// Where this device remembers its last backup (milliseconds since 1970). A device setting: the
/// question is whether *this* tablet's data is saved somewhere else.
const LAST_BACKUP_KEY: &str = "mohar.last_backup";

/// After this many days without a backup, Settings reminds the owner.
pub const REMIND_AFTER_DAYS: i64 = 7;

/// The shortest passphrase a backup takes.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

fn last_backup() -> Option<DateTime<Utc>> {
    LocalStorage::get::<i64>(LAST_BACKUP_KEY).ok().and_then(DateTime::from_timestamp_millis)
}

#[derive(Clone, Debug)]
enum Making {
    Writing(u64),
    Done(u64),
    TooShort,
    Mismatch,
    NoCrypto,
    Failed(UiError),
}

/// The panel.
#[component]
pub fn BackupPanel() -> impl IntoView {
    let i18n = use_i18n();
    let numbers = use_numbers();
    let shell = use_shell();
    let last = RwSignal::new(last_backup());
    let passphrase = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let making = RwSignal::new(None::<Making>);
    let hash = RwSignal::new(None::<Result<String, UiError>>);

    let days_since = move || last.get().map(|then| (Utc::now() - then).num_days().max(0));
    let last_line = move || match days_since() {
        Some(days) => {
            let arguments = std::sync::Arc::new(move || vec![("when", numbers.get().days_ago(days))]);
            text_with(i18n, |l| td_string!(l, backup_last), arguments).into_any()
        }
        None => text(i18n, |l| td_string!(l, backup_never)).into_any(),
    };
    let remind = move || days_since().is_none_or(|days| days >= REMIND_AFTER_DAYS);

    let make = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if matches!(making.get_untracked(), Some(Making::Writing(_))) {
            return;
        }
        let chosen = passphrase.get_untracked();
        if chosen.chars().count() < MIN_PASSPHRASE_CHARS {
            making.set(Some(Making::TooShort));
            return;
        }
        if chosen != again.get_untracked() {
            making.set(Some(Making::Mismatch));
            return;
        }
        let (Some(store), Some(key)) = (shell.store(), shell.shop_key.get_untracked()) else { return };
        making.set(Some(Making::Writing(0)));
        spawn_local(async move {
            let public_key = key.public_key_text();
            let Ok(sealed) = backup_crypto::seal(&key.secret_bytes(), &chosen, &public_key, random::random_bytes(), random::random_bytes()).await else {
                making.try_set(Some(Making::NoCrypto));
                return;
            };
            let now = Utc::now();
            let shop = store.shop().await.ok().flatten();
            let mut device_settings = BTreeMap::new();
            if let Some(address) = card_links::rewards_page() {
                device_settings.insert(REWARDS_PAGE_SETTING.to_owned(), address);
            }
            let header = BackupHeader {
                format: BACKUP_FORMAT.into(),
                version: BACKUP_VERSION,
                shop_key: public_key,
                created_at: now.timestamp_millis(),
                app_version: crate::app_version().into(),
                shop,
                device_settings,
                key: sealed,
            };
            // The file is gathered as a list of byte chunks and handed to a Blob, which the
            // browser may keep on disk: the log is never one string in the wasm's memory.
            let chunks = js_sys::Array::new();
            let written = write_backup(&*store, &header, |chunk| { chunks.push(&js_sys::Uint8Array::from(chunk.as_slice())); }, |count| {
                making.try_set(Some(Making::Writing(count)));
            })
            .await;
            let name = format!("mohar-backup-{}.mohar", now.format("%Y-%m-%d"));
            match written.map_err(UiError::from).and_then(|count| download(&chunks, &name, "application/octet-stream").map(|()| count)) {
                Ok(count) => {
                    let _ = LocalStorage::set(LAST_BACKUP_KEY, now.timestamp_millis());
                    last.try_set(Some(now));
                    making.try_set(Some(Making::Done(count)));
                }
                Err(error) => drop(making.try_set(Some(Making::Failed(error)))),
            }
        });
    };

    let show_hash = move |_| {
        let Some(store) = shell.store() else { return };
        hash.set(None);
        spawn_local(async move {
            let result = async {
                let shop = store.shop().await?;
                let customers = store.all_customers().await?;
                Ok::<_, crate::store::StoreError>(state_hash(shop.as_ref(), &customers))
            }
            .await;
            hash.try_set(Some(result.map_err(UiError::from)));
        });
    };

    let making_line = move || {
        making.get().map(|state| match state {
            Making::Writing(count) => {
                let arguments = std::sync::Arc::new(move || vec![("count", numbers.get().int(count as f64))]);
                view! { <p class="note backup-progress" role="status" aria-busy="true">{text_with(i18n, |l| td_string!(l, backup_progress), arguments)}</p> }.into_any()
            }
            Making::Done(count) => {
                let arguments = std::sync::Arc::new(move || vec![("count", numbers.get().int(count as f64))]);
                view! { <p class="saved backup-done" role="status">{text_with(i18n, |l| td_string!(l, backup_done), arguments)}</p> }.into_any()
            }
            Making::Failed(error) => view! { <p class="alert" role="alert"><ErrorText error/></p> }.into_any(),
            other => {
                let pick: fn(Locale) -> &'static str = match other {
                    Making::TooShort => |l| td_string!(l, backup_passphrase_short),
                    Making::Mismatch => |l| td_string!(l, backup_passphrase_mismatch),
                    _ => |l| td_string!(l, backup_no_crypto),
                };
                view! { <p class="alert" role="alert">{text(i18n, pick)}</p> }.into_any()
            }
        })
    };

    view! {
        <div class="card-panel backup-panel">
            <h2>{text(i18n, |l| td_string!(l, backup_title))}</h2>
            <p class="note">{text(i18n, |l| td_string!(l, backup_note))}</p>
            <p class="last-backup">{last_line}</p>
            {move || remind().then(|| view! { <p class="hint backup-reminder" role="note">{text(i18n, |l| td_string!(l, backup_reminder))}</p> })}
            <form class="backup-form" on:submit=make novalidate>
                <div class="field">
                    <label for="backup-passphrase">{text(i18n, |l| td_string!(l, backup_passphrase))}</label>
                    <p class="hint">{text(i18n, |l| td_string!(l, backup_passphrase_hint))}</p>
                    <input id="backup-passphrase" name="backup-passphrase" type="password" autocomplete="new-password"
                        prop:value=move || passphrase.get() on:input=move |event| passphrase.set(event_target_value(&event))/>
                </div>
                <div class="field">
                    <label for="backup-passphrase-again">{text(i18n, |l| td_string!(l, backup_passphrase_again))}</label>
                    <input id="backup-passphrase-again" name="backup-passphrase-again" type="password" autocomplete="new-password"
                        prop:value=move || again.get() on:input=move |event| again.set(event_target_value(&event))/>
                </div>
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || matches!(making.get(), Some(Making::Writing(_)))>
                        {text(i18n, |l| td_string!(l, backup_download))}
                    </button>
                </div>
                {making_line}
            </form>
            <h2>{text(i18n, |l| td_string!(l, restore_title))}</h2>
            <p class="note">{text(i18n, |l| td_string!(l, restore_note))}</p>
            <RestoreForm/>
            <h2>{text(i18n, |l| td_string!(l, state_hash_title))}</h2>
            <p class="note">{text(i18n, |l| td_string!(l, state_hash_note))}</p>
            <div class="actions">
                <button type="button" class="show-state-hash" on:click=show_hash>{text(i18n, |l| td_string!(l, state_hash_show))}</button>
                <code class="state-hash">
                    {move || match hash.get() {
                        Some(Ok(code)) => code.into_any(),
                        Some(Err(error)) => view! { <ErrorText error/> }.into_any(),
                        None => ().into_any(),
                    }}
                </code>
            </div>
        </div>
    }
}

/// Offers the chunks (`Uint8Array`s or strings) as one file named `name`.
pub fn download(chunks: &js_sys::Array, name: &str, mime: &str) -> Result<(), UiError> {
    let failed = |_| UiError::Store(crate::store::StoreError::WriteFailed("the browser refused the download".into()));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(chunks, &options).map_err(failed)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(failed)?;
    let document = web_sys::window().and_then(|window| window.document()).ok_or(UiError::ScreenUnavailable)?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a").map_err(failed)?.dyn_into().map_err(|_| UiError::ScreenUnavailable)?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // The browser has taken the file once the click's download started; the address can go a
    // moment later.
    set_timeout(move || drop(web_sys::Url::revoke_object_url(&url)), std::time::Duration::from_secs(30));
    Ok(())
}

use wasm_bindgen::JsCast;
