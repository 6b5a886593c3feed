//! One counter tab at a time. Two tabs writing the same shop would each keep their own search
//! index and miss the other's customers (a phone could be added twice), so a tab holds the
//! "mohar-counter" Web Lock while it lives. A second tab says so and waits; when the first tab
//! closes, the waiting tab reloads and takes over with fresh data.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

const LOCK_NAME: &str = "mohar-counter";

/// What the lock said.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TabLock {
    /// This tab holds the lock (or the browser has no Web Locks): go ahead.
    Held,
    /// Another tab holds it; this tab waits and reloads once it is free.
    Busy,
}

/// Asks for the lock without waiting; `on_result` is called once with the answer. When the
/// lock is busy, this also queues a waiting request that reloads the page when granted.
pub fn claim(on_result: impl Fn(TabLock) + 'static) {
    let Some(locks) = lock_manager() else {
        on_result(TabLock::Held);
        return;
    };
    let locks_for_wait = locks.clone();
    let callback = Closure::once_into_js(move |lock: JsValue| -> JsValue {
        if lock.is_null() {
            on_result(TabLock::Busy);
            wait_then_reload(&locks_for_wait);
            JsValue::UNDEFINED
        } else {
            on_result(TabLock::Held);
            // A promise that never settles keeps the lock until the tab closes.
            js_sys::Promise::new(&mut |_, _| {}).into()
        }
    });
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
    let _ = call_request(&locks, &options, &callback);
}

fn wait_then_reload(locks: &JsValue) {
    let callback = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
        js_sys::Promise::new(&mut |_, _| {}).into()
    });
    let _ = call_request(locks, &js_sys::Object::new(), &callback);
}

pub(super) fn lock_manager() -> Option<JsValue> {
    let navigator = web_sys::window()?.navigator();
    let locks = js_sys::Reflect::get(&navigator, &"locks".into()).ok()?;
    (!locks.is_undefined() && !locks.is_null()).then_some(locks)
}

fn call_request(locks: &JsValue, options: &js_sys::Object, callback: &JsValue) -> Result<JsValue, JsValue> {
    let request: js_sys::Function = js_sys::Reflect::get(locks, &"request".into())?.dyn_into()?;
    request.call3(locks, &LOCK_NAME.into(), options, callback)
}
