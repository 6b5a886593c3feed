//! The "Update available — Reload" banner, in the panels' bundle (issue 15): the counter
//! registers the worker (`service_worker.rs`) and mounts this a second after start-up
//! (`owner_bundle::LaterPart`, `OwnerScreen::UpdateBanner`), so its view and the watching of
//! the worker are not in the counter's first load.
//!
//! Protocol (see public/sw.js): a new build's worker installs and then waits. When one is
//! waiting while this page is controlled by the old one, the banner appears; "Reload" posts
//! `{type: 'SKIP_WAITING'}` to it and reloads the page once the new worker takes control.
//! Mounted later than the registration, it also takes up an update found before it was there:
//! one already waiting, or one still installing.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ServiceWorker, ServiceWorkerRegistration, ServiceWorkerState};

use super::i18n::*;
use super::locales::text;

/// The waiting worker, if an update is ready.
type Waiting = RwSignal<Option<ServiceWorker>, LocalStorage>;

fn has_controller() -> bool {
    web_sys::window().is_some_and(|window| window.navigator().service_worker().controller().is_some())
}

/// Follows the page's registration once it has an active worker (`navigator.serviceWorker.ready`,
/// which waits for the counter's registration on a first visit).
fn watch_when_ready(waiting: Waiting) {
    let Some(container) = super::service_worker::container() else { return };
    let Ok(ready) = container.ready() else { return };
    leptos::task::spawn_local(async move {
        let Ok(registration) = wasm_bindgen_futures::JsFuture::from(ready).await else { return };
        watch(waiting, registration.unchecked_into());
    });
}

/// Shows `worker` once it has installed, if this page is controlled (without a controller it is
/// the first install, not an update).
fn when_installed(waiting: Waiting, worker: ServiceWorker) {
    if worker.state() == ServiceWorkerState::Installed && has_controller() {
        waiting.try_set(Some(worker));
        return;
    }
    let watched = worker.clone();
    let on_state = Closure::<dyn Fn()>::new(move || {
        if watched.state() == ServiceWorkerState::Installed && has_controller() {
            waiting.try_set(Some(watched.clone()));
        }
    });
    let _ = worker.add_event_listener_with_callback("statechange", on_state.as_ref().unchecked_ref());
    on_state.forget();
}

fn watch(waiting: Waiting, registration: ServiceWorkerRegistration) {
    // An update that finished installing before this was mounted (or while the page was closed).
    if let Some(worker) = registration.waiting() {
        if has_controller() {
            waiting.try_set(Some(worker));
        }
    }
    // One installing now.
    if let Some(worker) = registration.installing() {
        when_installed(waiting, worker);
    }
    let found = registration.clone();
    let on_update_found = Closure::<dyn Fn()>::new(move || {
        if let Some(worker) = found.installing() {
            when_installed(waiting, worker);
        }
    });
    let _ = registration.add_event_listener_with_callback("updatefound", on_update_found.as_ref().unchecked_ref());
    on_update_found.forget();
}

/// The banner offering the waiting update.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let i18n = use_i18n();
    let waiting: Waiting = RwSignal::new_local(None);
    watch_when_ready(waiting);
    let reload = move |_| {
        let Some(worker) = waiting.get_untracked() else { return };
        let Some(window) = web_sys::window() else { return };
        let container = window.navigator().service_worker();
        let on_change = Closure::once_into_js(move || {
            if let Some(window) = web_sys::window() {
                let _ = window.location().reload();
            }
        });
        let _ = container.add_event_listener_with_callback("controllerchange", on_change.unchecked_ref());
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &"SKIP_WAITING".into());
        let _ = worker.post_message(&message);
    };
    view! {
        <Show when=move || waiting.with(Option::is_some)>
            <div class="banner update" role="status">
                <span>{text(i18n, |l| td_string!(l, update_available))}</span>
                " — "
                <button type="button" on:click=reload>{text(i18n, |l| td_string!(l, reload))}</button>
            </div>
        </Show>
    }
}
