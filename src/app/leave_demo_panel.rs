//! Settings → "Demo shop": "Leave the demo and set up my shop" and its inline confirmation, in
//! the owner's bundle (issue 15). Deleting the demo is the counter's (`leave_demo.rs`): it holds
//! the database open, so this panel asks it through its service and waits.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::i18n::*;
use super::locales::text;

/// Asks the counter to leave the demo and waits until it did or failed (the promise resolves to
/// whether it left; a failure is the counter's to show, below this panel).
async fn ask_counter(service: &js_sys::Function) {
    if let Ok(promise) = service.call0(&JsValue::NULL).and_then(|promise| promise.dyn_into::<js_sys::Promise>().map_err(JsValue::from)) {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
}

/// The "Demo shop" panel; the counter shows it only in the demo shop. `service` is the
/// counter's (`leave_demo::leave_service`).
#[component]
pub fn LeaveDemoPanel(service: StoredValue<js_sys::Function, LocalStorage>) -> impl IntoView {
    let i18n = use_i18n();
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
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
        let Some(service) = service.try_get_value() else { return };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            // Once the demo is gone the counter shows the first run and this panel is unmounted;
            // after a failure the counter shows the error and the confirmation stays.
            ask_counter(&service).await;
            busy.try_set(false);
        });
    };

    view! {
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
        </div>
    }
}
