//! "Restore from a backup" (owner's bundle): on the first run of a new device and in Settings.
//! Every check runs before anything is written: the file's format, version, checksum and
//! length (`domain::backup::read_backup`), whose shop it is, the passphrase (WebCrypto opens the
//! card key, `backup_crypto.rs`), and that the key opened is the file's shop key. Only then is
//! the file merged into the device's data in one write (`store::backup::merge_backup`), and the
//! page reloads so the counter opens the restored shop.

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::backup_crypto;
use super::errors::{ErrorText, UiError};
use super::i18n::*;
use super::locales::{text, text_with};
use super::numbers::use_numbers;
use super::{card_links, use_shell};
use crate::domain::backup::{read_backup, BackupError};
use crate::store::backup::{merge_backup, Merged};
use mohar_card::ShopKey;

/// The device setting a backup carries for the rewards page address.
pub const REWARDS_PAGE_SETTING: &str = "rewards_page";

/// How a restore ended, as the form shows it.
#[derive(Clone, Debug)]
enum Outcome {
    Working,
    NoFile,
    Refused(BackupError),
    NoCrypto,
    Failed(UiError),
    Done(Merged),
}

/// The restore form. After a restore the page reloads and the counter opens the shop.
#[component]
pub fn RestoreForm() -> impl IntoView {
    let i18n = use_i18n();
    let numbers = use_numbers();
    let shell = use_shell();
    let passphrase = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Outcome>);
    let file_input = NodeRef::<leptos::html::Input>::new();

    let restore = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if matches!(outcome.get_untracked(), Some(Outcome::Working | Outcome::Done(_))) {
            return;
        }
        let file = file_input.get_untracked().and_then(|input| input.files()).and_then(|files| files.get(0));
        let (Some(file), Some(store)) = (file, shell.store()) else {
            outcome.set(Some(Outcome::NoFile));
            return;
        };
        outcome.set(Some(Outcome::Working));
        let passphrase = passphrase.get_untracked();
        let own_key = shell.shop_key.get_untracked().map(|key| key.public_key_text());
        spawn_local(async move {
            let result = async {
                let buffer = JsFuture::from(file.array_buffer()).await.map_err(|_| Outcome::Refused(BackupError::Truncated))?;
                let bytes = js_sys::Uint8Array::new(buffer.unchecked_ref()).to_vec();
                let backup = read_backup(&bytes).map_err(Outcome::Refused)?;
                drop(bytes);
                backup.check_shop(own_key.as_deref()).map_err(Outcome::Refused)?;
                let secret = backup_crypto::open(&backup.header.key, &passphrase, &backup.header.shop_key)
                    .await
                    .map_err(|_| Outcome::NoCrypto)?
                    .ok_or(Outcome::Refused(BackupError::WrongPassphrase))?;
                // The secret must be the key the header names: a file whose header was edited
                // to name another key is damaged, whatever its checksum says.
                if ShopKey::from_secret_bytes(&secret).public_key_text() != backup.header.shop_key {
                    return Err(Outcome::Refused(BackupError::Damaged { line: 1 }));
                }
                // Every restored record gets this write counter: above any counter this device
                // has used (they count single writes from 1), so start-up reads them all.
                let rev = Utc::now().timestamp_millis() as u64;
                let merged = merge_backup(&*store, &backup, secret, rev).await.map_err(|error| Outcome::Failed(error.into()))?;
                if let Some(address) = backup.header.device_settings.get(REWARDS_PAGE_SETTING) {
                    if card_links::rewards_page().is_none() {
                        card_links::set_rewards_page(Some(address));
                    }
                }
                Ok(merged)
            }
            .await;
            match result {
                Ok(merged) => {
                    outcome.try_set(Some(Outcome::Done(merged)));
                    // The counter holds the shop as it was; a reload opens the restored one
                    // (start-up builds the search index from the restored records).
                    set_timeout(|| drop(web_sys::window().map(|window| window.location().reload())), std::time::Duration::from_millis(1500));
                }
                Err(refused) => {
                    outcome.try_set(Some(refused));
                }
            }
        });
    };

    let message = move || {
        outcome.get().map(|outcome| match outcome {
            Outcome::Working => view! { <p class="note" role="status" aria-busy="true">{text(i18n, |l| td_string!(l, restore_working))}</p> }.into_any(),
            Outcome::Done(merged) => {
                let arguments = std::sync::Arc::new(move || {
                    let numbers = numbers.get();
                    vec![("added", numbers.int(merged.added as f64)), ("customers", numbers.int(merged.customers as f64))]
                });
                view! { <p class="saved restore-done" role="status">{text_with(i18n, |l| td_string!(l, restore_done), arguments)}</p> }.into_any()
            }
            Outcome::Failed(error) => view! { <p class="alert restore-error" role="alert"><ErrorText error/>" "{text(i18n, |l| td_string!(l, restore_nothing_changed))}</p> }.into_any(),
            other => {
                let pick: fn(Locale) -> &'static str = match other {
                    Outcome::NoFile => |l| td_string!(l, restore_err_no_file),
                    Outcome::NoCrypto => |l| td_string!(l, backup_no_crypto),
                    Outcome::Refused(BackupError::NotABackup) => |l| td_string!(l, restore_err_not_backup),
                    Outcome::Refused(BackupError::TooNew { .. }) => |l| td_string!(l, restore_err_too_new),
                    Outcome::Refused(BackupError::Truncated) => |l| td_string!(l, restore_err_truncated),
                    Outcome::Refused(BackupError::Damaged { .. }) => |l| td_string!(l, restore_err_damaged),
                    Outcome::Refused(BackupError::OtherShop) => |l| td_string!(l, restore_err_other_shop),
                    _ => |l| td_string!(l, restore_err_passphrase),
                };
                view! { <p class="alert restore-error" role="alert">{text(i18n, pick)}</p> }.into_any()
            }
        })
    };

    view! {
        <form class="restore-form" on:submit=restore novalidate>
            <div class="field">
                <label for="restore-file">{text(i18n, |l| td_string!(l, restore_file))}</label>
                <input id="restore-file" name="restore-file" type="file" accept=".mohar,application/octet-stream" node_ref=file_input/>
            </div>
            <div class="field">
                <label for="restore-passphrase">{text(i18n, |l| td_string!(l, restore_passphrase))}</label>
                <input
                    id="restore-passphrase"
                    name="restore-passphrase"
                    type="password"
                    autocomplete="off"
                    prop:value=move || passphrase.get()
                    on:input=move |event| passphrase.set(event_target_value(&event))
                />
            </div>
            <div class="actions">
                <button type="submit" disabled=move || matches!(outcome.get(), Some(Outcome::Working | Outcome::Done(_)))>
                    {text(i18n, |l| td_string!(l, restore_button))}
                </button>
            </div>
            {message}
        </form>
    }
}
