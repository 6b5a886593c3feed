//! "Copy" buttons: the card link and the embed code go to the clipboard in one tap, with a
//! "Copied" that screen readers announce.
//!
//! `navigator.clipboard.writeText` exists only in secure contexts (https or localhost); a shop
//! that opens Mohar over plain http on its own network gets the old way: the text is put in a
//! hidden read-only textarea, selected, and copied with `document.execCommand("copy")`. Both are
//! reached through `js_sys::Reflect`, which needs no extra `web-sys` features.

use std::time::Duration;

use js_sys::{Function, Promise, Reflect};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};

use super::i18n::*;

/// What the last tap did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Copied {
    Not,
    Yes,
    Failed,
}

/// How long "Copied" stays.
const SHOWN_FOR: Duration = Duration::from_secs(3);

/// A "Copy" button for `text`, with its feedback in a polite live region beside it. `label`
/// is the button's text ("Copy", "Copy link").
#[component]
pub fn CopyButton(#[prop(into)] text: Signal<String>, #[prop(optional)] link: bool) -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(Copied::Not);
    let copy = move |_| {
        let value = text.get_untracked();
        spawn_local(async move {
            let done = copy_text(&value).await;
            state.try_set(if done { Copied::Yes } else { Copied::Failed });
            set_timeout(
                move || {
                    state.try_set(Copied::Not);
                },
                SHOWN_FOR,
            );
        });
    };
    view! {
        <span class="copy">
            <button type="button" class="copy-button" on:click=copy disabled=move || text.with(String::is_empty)>
                {move || if link { super::locales::text(i18n, |l| td_string!(l, copy_card_link)).into_any() } else { super::locales::text(i18n, |l| td_string!(l, copy)).into_any() }}
            </button>
            // Announced politely; no `status` role, so the screen's own status line stays the one.
            <span class="copy-status" aria-live="polite">
                {move || match state.get() {
                    Copied::Not => None,
                    Copied::Yes => Some(super::locales::text(i18n, |l| td_string!(l, copied)).into_any()),
                    Copied::Failed => Some(super::locales::text(i18n, |l| td_string!(l, copy_failed)).into_any()),
                }}
            </span>
        </span>
    }
}

/// Puts `text` on the clipboard; false when the browser allowed neither way.
async fn copy_text(text: &str) -> bool {
    if let Some(promise) = clipboard_write(text) {
        if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
            return true;
        }
    }
    copy_with_selection(text)
}

/// `navigator.clipboard.writeText(text)`, when the page is a secure context.
fn clipboard_write(text: &str) -> Option<Promise> {
    let window = web_sys::window()?;
    if !window.is_secure_context() {
        return None;
    }
    let clipboard = Reflect::get(&window.navigator(), &JsValue::from_str("clipboard")).ok().filter(|c| !c.is_undefined())?;
    let write: Function = Reflect::get(&clipboard, &JsValue::from_str("writeText")).ok()?.dyn_into().ok()?;
    write.call1(&clipboard, &JsValue::from_str(text)).ok()?.dyn_into().ok()
}

/// The fallback: select the text in a hidden textarea and `document.execCommand("copy")`.
fn copy_with_selection(text: &str) -> bool {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else { return false };
    let (Ok(area), Some(body)) = (document.create_element("textarea"), document.body()) else { return false };
    let _ = area.set_attribute("readonly", "");
    let _ = area.set_attribute("class", "copy-source");
    area.set_text_content(Some(text));
    if body.append_child(&area).is_err() {
        return false;
    }
    // The selection is taken from the focused field; focus goes back to the button afterwards.
    let before = document.active_element().and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(field) = area.dyn_ref::<web_sys::HtmlElement>() {
        let _ = field.focus();
    }
    let _ = Reflect::get(&area, &JsValue::from_str("select"))
        .ok()
        .and_then(|select| select.dyn_into::<Function>().ok())
        .map(|select| select.call0(&area));
    let copied = Reflect::get(&document, &JsValue::from_str("execCommand"))
        .ok()
        .and_then(|exec| exec.dyn_into::<Function>().ok())
        .and_then(|exec| exec.call1(&document, &JsValue::from_str("copy")).ok())
        .is_some_and(|result| result.as_bool() == Some(true));
    area.remove();
    if let Some(before) = before {
        let _ = before.focus();
    }
    copied
}

/// A read-only code field (the public key, the embed code) with its "Copy" button: a textarea
/// that wraps, so on a phone the whole value is readable rather than cut off at the edge.
#[component]
pub fn CodeField(id: &'static str, #[prop(into)] value: Signal<String>, #[prop(default = 3)] rows: u32, children: Children) -> impl IntoView {
    let select_all = |event: leptos::ev::FocusEvent| {
        if let Some(area) = event.target().and_then(|target| target.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
            area.select();
        }
    };
    view! {
        <div class="field code-field">
            <label for=id>{children()}</label>
            <textarea id=id class="code" readonly rows=rows spellcheck="false" on:focus=select_all prop:value=move || value.get()></textarea>
            <CopyButton text=value/>
        </div>
    }
}
