//! Settings → "Leave the demo and set up my shop", the counter's side: only for the demo shop.
//! The panel with its inline confirmation is in the owner's bundle (`leave_demo_panel.rs`, issue
//! 15: a demo shop leaves once, so the counter's first load does not carry it); on "Delete the
//! demo" it calls back here, because the counter holds the database open: this side closes the
//! counter's connection, deletes the whole database (customers, stamps, the card key) and the
//! rewards page address, opens a fresh database and shows the first run.

use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::errors::{ErrorText, UiError};
use super::route::Route;
use super::{card_links, storage, use_shell, AppStore, Shell, DB_NAME};
use crate::session::{self, AppError};
use crate::store::StoreError;

/// Deletes the shop's database: this tab's connection is closed first, so nothing blocks it (the
/// owner's bundle's connections close themselves on the `versionchange` this sends).
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

/// What the owner's bundle's panel calls on "Delete the demo and set up my shop": a promise of
/// `true` once the demo is gone (the counter then shows the first run, which unmounts the
/// panel), `false` when it failed, the error then shown in `error` below the panel.
fn leave_service(shell: Shell, error: RwSignal<Option<UiError>>) -> js_sys::Function {
    let run = Closure::<dyn Fn() -> js_sys::Promise>::new(move || {
        wasm_bindgen_futures::future_to_promise(async move {
            error.try_set(None);
            match leave(shell).await {
                Ok(()) => Ok(JsValue::TRUE),
                Err(failure) => {
                    shell.report(&failure);
                    error.try_set(Some(failure.into()));
                    Ok(JsValue::FALSE)
                }
            }
        })
    });
    run.into_js_value().unchecked_into()
}

/// The "Demo shop" panel of Settings, from the owner's bundle; nothing for a real shop.
#[component]
pub fn LeaveDemo() -> impl IntoView {
    let shell = use_shell();
    let is_demo = Memo::new(move |_| shell.counter.with(|c| c.as_ref().is_some_and(|c| c.shop().is_demo())));
    let error = RwSignal::new(None::<UiError>);
    view! {
        <Show when=move || is_demo.get()>
            <super::owner_bundle::LeaveDemoPart service=leave_service(shell, error)/>
            <p class="form-error" role="alert">{move || error.get().map(|error| view! { <ErrorText error/> })}</p>
        </Show>
    }
}
