//! Service worker registration and the "Update available — Reload" banner.
//!
//! Protocol (see public/sw.js): a new build's worker installs and then waits. When one is
//! waiting while this page is controlled by the old one, the banner appears; "Reload" posts
//! `{type: 'SKIP_WAITING'}` to it and reloads the page once the new worker takes control.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ServiceWorker, ServiceWorkerRegistration, ServiceWorkerState};

use super::i18n::*;
use super::locales::text;

/// The waiting worker, if an update is ready. Provided as context by [`register_service_worker`].
#[derive(Clone, Copy)]
struct Update(RwSignal<Option<ServiceWorker>, LocalStorage>);

/// Registers `./sw.js` and watches for updates once start-up has finished: `set_up` is `None`
/// while it runs, then whether the device holds a shop. With a shop (the counter answers search)
/// it waits a second more. The worker's install precaches every bundle, the on-demand ones too
/// (about 1.4 MB gzipped), and on a slow tablet or over mobile data those downloads must not
/// compete with the counter's own first load; a worker registered at once did, and on a loaded
/// machine `bench/sizes.mjs` counted them before search answered. Without a shop (the set-up
/// form) there is no counter to wait for, and the worker is registered at once, so that a device
/// set up and taken offline within seconds still has everything. The update banner's context is
/// provided at once, so the banner can be rendered before.
pub fn register_service_worker(set_up: Memo<Option<bool>>) {
    let update = Update(RwSignal::new_local(None));
    provide_context(update);
    Effect::new(move |registered: Option<bool>| {
        if registered == Some(true) {
            return true;
        }
        match set_up.get() {
            None => false,
            Some(false) => {
                register(update);
                true
            }
            Some(true) => {
                set_timeout(move || register(update), std::time::Duration::from_secs(1));
                true
            }
        }
    });
}

fn register(update: Update) {
    let Some(window) = web_sys::window() else { return };
    let navigator = window.navigator();
    let supported = js_sys::Reflect::get(&navigator, &"serviceWorker".into()).is_ok_and(|value| value.is_object());
    if !supported {
        return;
    }
    let container = navigator.service_worker();
    let promise = container.register("./sw.js");
    leptos::task::spawn_local(async move {
        let Ok(registration) = wasm_bindgen_futures::JsFuture::from(promise).await else { return };
        let registration: ServiceWorkerRegistration = registration.unchecked_into();
        watch(update, registration);
    });
}

fn has_controller() -> bool {
    web_sys::window().is_some_and(|window| window.navigator().service_worker().controller().is_some())
}

fn watch(update: Update, registration: ServiceWorkerRegistration) {
    // An update that finished installing while the page was closed.
    if let Some(waiting) = registration.waiting() {
        if has_controller() {
            update.0.try_set(Some(waiting));
        }
    }
    let found_registration = registration.clone();
    let on_update_found = Closure::<dyn Fn()>::new(move || {
        let Some(installing) = found_registration.installing() else { return };
        let worker = installing.clone();
        let on_state = Closure::<dyn Fn()>::new(move || {
            // Without a controller this is the first install, not an update.
            if worker.state() == ServiceWorkerState::Installed && has_controller() {
                update.0.try_set(Some(worker.clone()));
            }
        });
        installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
        on_state.forget();
    });
    registration.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
    on_update_found.forget();
}

/// The banner offering the waiting update.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let i18n = use_i18n();
    let update = use_context::<Update>();
    let waiting = move || update.and_then(|update| update.0.get());
    let reload = move |_| {
        let Some(worker) = update.and_then(|update| update.0.get_untracked()) else { return };
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
        <Show when=move || waiting().is_some()>
            <div class="banner update" role="status">
                <span>{text(i18n, |l| td_string!(l, update_available))}</span>
                " — "
                <button type="button" on:click=reload>{text(i18n, |l| td_string!(l, reload))}</button>
            </div>
        </Show>
    }
}
