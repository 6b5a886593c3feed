//! The import lock in the browser (issue 13): a Web Lock the importing page holds for as long
//! as its import runs, so another tab can tell a live import from one a closed tab left (the
//! rule is `domain::import_lock`). The browser releases a lock when its tab closes or crashes,
//! which is exactly "the import's tab is gone".
//!
//! Bound by hand through `js_sys::Reflect`: `web_sys`' `LockManager` is among its unstable APIs
//! (a build-wide `--cfg`), and only `navigator.locks.request` is needed (as `single_tab.rs`).

use std::cell::RefCell;
use std::rc::Rc;

use futures::channel::oneshot;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::single_tab::lock_manager;
use super::DB_NAME;
use crate::domain::import_lock::ImportLock;

/// The lock's name: the shop's database and "import". One name per shop rather than one per
/// import, so the check before an import and its start are one step: a window holding it knows
/// no other window writes an import, and the one marker (`meta.import`) is never shared.
fn lock_name() -> String {
    format!("{DB_NAME}-import")
}

/// The lock while this page holds it; dropping it releases the lock.
pub struct Held {
    release: Option<js_sys::Function>,
}

impl Drop for Held {
    fn drop(&mut self) {
        if let Some(release) = self.release.take() {
            let _ = release.call0(&JsValue::UNDEFINED);
        }
    }
}

/// What the lock says for this page. With an import of its own running, the page holds the
/// lock already and does not ask again (asking would find it busy).
pub async fn ask(running_here: bool) -> (ImportLock, Option<Held>) {
    let Some(locks) = lock_manager() else { return (ImportLock::Missing, None) };
    if running_here {
        return (ImportLock::Busy, None);
    }
    try_take(&locks).await
}

/// `navigator.locks.request(name, { ifAvailable: true }, callback)`: the callback gets `null`
/// when another holder has the lock; else the lock is held until the promise it returns settles,
/// which [`Held`]'s drop does.
async fn try_take(locks: &JsValue) -> (ImportLock, Option<Held>) {
    let (answer, answered) = oneshot::channel::<Option<js_sys::Function>>();
    // Shared by the callback and the request's rejection, whichever comes: a request the
    // browser refuses (a document no longer active) never calls the callback.
    let answer = Rc::new(RefCell::new(Some(answer)));
    let on_lock = answer.clone();
    let callback = Closure::once_into_js(move |lock: JsValue| -> JsValue {
        let Some(answer) = on_lock.borrow_mut().take() else { return JsValue::UNDEFINED };
        if lock.is_null() {
            let _ = answer.send(None);
            return JsValue::UNDEFINED;
        }
        let mut release = None;
        let held = js_sys::Promise::new(&mut |resolve, _| release = Some(resolve));
        let _ = answer.send(release);
        held.into()
    });
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
    let request = js_sys::Reflect::get(locks, &"request".into()).and_then(|request| request.dyn_into::<js_sys::Function>().map_err(Into::into));
    let promise = request.and_then(|request| request.call3(locks, &lock_name().into(), &options, &callback));
    let on_refused = Closure::once_into_js(move |_: JsValue| {
        // Dropping the sender answers "refused".
        let _ = answer.borrow_mut().take();
    });
    let caught = promise.and_then(|promise| {
        let catch = js_sys::Reflect::get(&promise, &"catch".into())?.dyn_into::<js_sys::Function>()?;
        catch.call1(&promise, &on_refused)
    });
    if caught.is_err() {
        // The call itself threw: as if there were no Web Locks.
        return (ImportLock::Missing, None);
    }
    match answered.await {
        Ok(Some(release)) => (ImportLock::Taken, Some(Held { release: Some(release) })),
        Ok(None) => (ImportLock::Busy, None),
        // Refused by the browser: nothing tells a live import from a dead one, as without locks.
        Err(_) => (ImportLock::Missing, None),
    }
}
