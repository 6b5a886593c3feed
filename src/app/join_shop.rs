//! "Join a shop" (issue 14, owner's bundle, on a new device's first run): the pairing text is
//! scanned from the owner's device (where the browser reads QR codes) or pasted, the 6-digit
//! code typed; the code opens the sync settings and the shop's card key
//! (`domain::sync::pairing`, WebCrypto in `backup_crypto.rs`), then the whole shop is pulled
//! with a progress bar and written in one go (`sync_join.rs`), and the page reloads into the
//! counter. A wrong code, a text that is not a pairing code or a failed pull saves nothing.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::backup_crypto;
use super::i18n::*;
use super::locales::{text, text_with};
use super::numbers::use_numbers;
use super::scan;
use super::sync_join::{join, JoinError, JoinProgress, Joined};
use super::use_shell;
use crate::domain::sync::pairing::{typed_code, PairingError, PairingPayload, SealedPairing, PAIRING_AAD};

/// Where a join stands, as the form shows it.
#[derive(Clone, Debug, PartialEq)]
enum Stage {
    Opening,
    Pulling(JoinProgress),
    Refused(PairingError),
    NoCrypto,
    Failed(JoinError),
    Done(Joined),
}

/// The form.
#[component]
pub fn JoinShop() -> impl IntoView {
    let i18n = use_i18n();
    let numbers = use_numbers();
    let shell = use_shell();
    let pasted = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let stage = RwSignal::new(None::<Stage>);
    let busy = move || matches!(stage.get(), Some(Stage::Opening | Stage::Pulling(_) | Stage::Done(_)));

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy() {
            return;
        }
        let Some(store) = shell.store() else { return };
        let sealed = match SealedPairing::find_in(&pasted.get_untracked()) {
            Ok(sealed) => sealed,
            Err(refused) => return stage.set(Some(Stage::Refused(refused))),
        };
        let code = match typed_code(&code.get_untracked()) {
            Ok(code) => code,
            Err(refused) => return stage.set(Some(Stage::Refused(refused))),
        };
        stage.set(Some(Stage::Opening));
        spawn_local(async move {
            let opened = match backup_crypto::open_bytes(&sealed.sealed, &code, PAIRING_AAD, &sealed.salt, &sealed.nonce).await {
                Ok(Some(opened)) => opened,
                Ok(None) => return drop(stage.try_set(Some(Stage::Refused(PairingError::WrongCode)))),
                Err(_) => return drop(stage.try_set(Some(Stage::NoCrypto))),
            };
            let payload = match PairingPayload::from_bytes(&opened) {
                Ok(payload) => payload,
                Err(refused) => return drop(stage.try_set(Some(Stage::Refused(refused)))),
            };
            let Some(secret) = payload.secret() else { return };
            let progress = move |progress: JoinProgress| drop(stage.try_set(Some(Stage::Pulling(progress))));
            progress(JoinProgress::default());
            match join(&store, &payload.settings, secret, progress).await {
                Ok(joined) => {
                    stage.try_set(Some(Stage::Done(joined)));
                    // The counter opens the shop at start, and starts syncing (its flag is set).
                    set_timeout(|| drop(web_sys::window().map(|window| window.location().reload())), std::time::Duration::from_millis(1500));
                }
                Err(failed) => {
                    stage.try_set(Some(Stage::Failed(failed)));
                }
            }
        });
    };

    // The camera, where the browser can read QR codes (as in "Check a card").
    let can_scan = scan::supported();
    let scanner = scan::Scanner::new(move |found| drop(pasted.try_set(found)));

    let message = move || {
        stage.get().map(|stage| match stage {
            Stage::Opening => view! { <p class="note" role="status" aria-busy="true">{text(i18n, |l| td_string!(l, join_opening))}</p> }.into_any(),
            Stage::Pulling(progress) => {
                let numbers = numbers.get_untracked();
                let done = numbers.int(progress.received as f64);
                let total = progress.total.map(|total| total.max(progress.received));
                view! {
                    <div class="join-progress" role="status">
                        <p>{text_with(i18n, |l| td_string!(l, join_pulling), Arc::new(move || vec![("n", done.clone())]))}</p>
                        <progress max=total.unwrap_or(1) value=total.map(|_| progress.received) aria-label=move || td_string!(i18n.get_locale(), join_progress_label)></progress>
                    </div>
                }
                .into_any()
            }
            Stage::Done(joined) => {
                let numbers = numbers.get_untracked();
                let customers = numbers.int(joined.customers as f64);
                view! { <p class="saved join-done" role="status">{text_with(i18n, |l| td_string!(l, join_done), Arc::new(move || vec![("customers", customers.clone())]))}</p> }.into_any()
            }
            Stage::NoCrypto => view! { <p class="alert" role="alert">{text(i18n, |l| td_string!(l, pair_no_crypto))}</p> }.into_any(),
            Stage::Failed(JoinError::Sync(error)) => view! { <p class="alert" role="alert">{super::sync_settings::sync_error_text(i18n, error)}" "{text(i18n, |l| td_string!(l, join_nothing_saved))}</p> }.into_any(),
            Stage::Failed(JoinError::NoShop) => view! { <p class="alert" role="alert">{text(i18n, |l| td_string!(l, join_err_no_shop))}</p> }.into_any(),
            Stage::Refused(refused) => {
                let pick: fn(Locale) -> &'static str = match refused {
                    PairingError::NotPairingText => |l| td_string!(l, join_err_not_pairing),
                    PairingError::CodeNotSixDigits => |l| td_string!(l, join_err_code_digits),
                    PairingError::WrongCode => |l| td_string!(l, join_err_wrong_code),
                    PairingError::Damaged => |l| td_string!(l, join_err_damaged),
                };
                view! { <p class="alert join-error" role="alert">{text(i18n, pick)}</p> }.into_any()
            }
        })
    };

    view! {
        <form class="join-shop" on:submit=submit novalidate>
            <p class="note">{text(i18n, |l| td_string!(l, join_note))}</p>
            <div class="field">
                <label for="join-text">{text(i18n, |l| td_string!(l, join_text))}</label>
                <textarea
                    id="join-text"
                    class="code"
                    rows="3"
                    spellcheck="false"
                    autocomplete="off"
                    prop:value=move || pasted.get()
                    on:input=move |event| pasted.set(event_target_value(&event))
                ></textarea>
            </div>
            {can_scan.then(|| view! {
                <div class="actions">
                    <Show
                        when=move || scanner.scanning.get()
                        fallback=move || view! { <button type="button" on:click=move |_| scanner.start()>{text(i18n, |l| td_string!(l, scan_qr))}</button> }
                    >
                        <button type="button" on:click=move |_| scanner.stop()>{text(i18n, |l| td_string!(l, stop_camera))}</button>
                    </Show>
                </div>
            })}
            <Show when=move || scanner.scanning.get()>
                <video class="scan-video" node_ref=scanner.video autoplay=true muted=true playsinline=true></video>
            </Show>
            {move || scanner.failed.get().then(|| view! { <p class="alert">{text(i18n, |l| td_string!(l, camera_failed))}</p> })}
            <div class="field">
                <label for="join-code">{text(i18n, |l| td_string!(l, join_code))}</label>
                <input
                    id="join-code"
                    type="text"
                    inputmode="numeric"
                    autocomplete="one-time-code"
                    maxlength="12"
                    prop:value=move || code.get()
                    on:input=move |event| code.set(event_target_value(&event))
                />
            </div>
            <div class="actions">
                <button type="submit" class="primary" disabled=busy>{text(i18n, |l| td_string!(l, join_button))}</button>
            </div>
            {message}
        </form>
    }
}
