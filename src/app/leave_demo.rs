//! Settings → "Leave the demo and set up my shop": only for the demo shop. After an inline
//! confirmation it deletes the whole database (customers, stamps, the card key) and the rewards
//! page address, opens a fresh database and shows the first run.

use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::errors::{ErrorText, UiError};
use super::i18n::*;
use super::locales::text;
use super::route::Route;
use super::{card_links, storage, use_shell, AppStore, Shell, DB_NAME};
use crate::session::{self, AppError};
use crate::store::StoreError;

/// Deletes the shop's database: this tab's connection is closed first, so nothing blocks it.
#[cfg(target_arch = "wasm32")]
async fn erase(store: &AppStore) -> Result<(), StoreError> {
    store.close();
    AppStore::delete(DB_NAME).await
}

/// Natively the shell is only compiled, never rendered.
#[cfg(not(target_arch = "wasm32"))]
async fn erase(_store: &AppStore) -> Result<(), StoreError> {
    Ok(())
}

/// Leaves the demo: erases it, forgets what this device kept about it, and opens a fresh
/// database for the first run.
async fn leave(shell: Shell) -> Result<(), AppError> {
    let Some(store) = shell.store() else { return Ok(()) };
    session::leave_demo(&*store, || erase(&store)).await?;
    // The demo's rewards page address is the demo's too.
    card_links::set_rewards_page(None);
    // The old database was just deleted, so nothing should block the open; if another tab still
    // holds it, this tab asks for a reload like any other version change.
    let fresh = match storage::open(DB_NAME, move || shell.version_changed.set(true), move || shell.version_changed.set(true)).await {
        Ok(fresh) => fresh,
        Err(error) => {
            // The demo is gone but no new database opened: a reload starts the first run.
            shell.version_changed.set(true);
            return Err(error.into());
        }
    };
    shell.store.set_value(Some(Rc::new(fresh)));
    shell.shop_key.set(None);
    shell.key_error.set(None);
    shell.counter.set(None);
    shell.navigate(Route::Counter);
    Ok(())
}

/// The "Demo shop" panel of Settings; nothing for a real shop.
#[component]
pub fn LeaveDemo() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let is_demo = Memo::new(move |_| shell.counter.with(|c| c.as_ref().is_some_and(|c| c.shop().is_demo())));
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<UiError>);
    let confirm_button = NodeRef::<leptos::html::Button>::new();
    // The confirmation takes the focus, so keyboard and screen-reader users land on it.
    Effect::new(move |_| {
        if confirming.get() {
            if let Some(button) = confirm_button.get() {
                let _ = button.focus();
            }
        }
    });

    let confirm = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            if let Err(failure) = leave(shell).await {
                shell.report(&failure);
                error.try_set(Some(failure.into()));
            }
            busy.try_set(false);
        });
    };

    view! {
        <Show when=move || is_demo.get()>
            <div class="card-panel leave-demo">
                <h2>{text(i18n, |l| td_string!(l, leave_demo_title))}</h2>
                <p class="note">{text(i18n, |l| td_string!(l, leave_demo_note))}</p>
                <Show
                    when=move || confirming.get()
                    fallback=move || view! {
                        <button type="button" class="secondary" on:click=move |_| confirming.set(true)>
                            {text(i18n, |l| td_string!(l, leave_demo))}
                        </button>
                    }
                >
                    <div class="confirm" role="group" aria-labelledby="leave-demo-warning">
                        <p class="alert" id="leave-demo-warning">{text(i18n, |l| td_string!(l, leave_demo_warning))}</p>
                        <div class="actions">
                            <button type="button" class="danger" node_ref=confirm_button on:click=confirm
                                disabled=move || busy.get() aria-describedby="leave-demo-warning">
                                {move || if busy.get() {
                                    text(i18n, |l| td_string!(l, leaving_demo)).into_any()
                                } else {
                                    text(i18n, |l| td_string!(l, leave_demo_confirm)).into_any()
                                }}
                            </button>
                            <button type="button" on:click=move |_| confirming.set(false) disabled=move || busy.get()>
                                {text(i18n, |l| td_string!(l, cancel))}
                            </button>
                        </div>
                    </div>
                </Show>
                <p class="form-error" role="alert">{move || error.get().map(|error| view! { <ErrorText error/> })}</p>
            </div>
        </Show>
    }
}
