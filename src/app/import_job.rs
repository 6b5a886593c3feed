//! The import as the page's job, not the screen's (issue 13). The import screen lives in
//! Settings, and leaving Settings unmounts it with everything it owns (its signals, its shell,
//! its counter); an import written by a task of the screen then lost its planner midway, and
//! the marker undid it. So the running import is held here, for as long as the page lives (the
//! owner's bundle, once loaded, stays loaded): its own store connection, a copy of the
//! owner's counter to plan with, the counter's call-back, and where it is ([`Stage`]), which the
//! import screen shows whenever it is opened again. Only one import runs at a time.

use std::cell::Cell;
use std::rc::Rc;

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::errors::UiError;
use super::{import_lock, random, AppStore};
use crate::domain::import::ImportRow;
use crate::domain::import_lock::may_start;
use crate::domain::import_plan::{ImportGuard, ImportId, ImportOutcome};
use crate::domain::Counter;
use crate::store::import::{import_rows, BATCH};

/// Where the page's import is.
#[derive(Clone, Debug, PartialEq)]
pub enum Stage {
    /// None started in this page, or a new file chosen since.
    Idle,
    /// Writing: done of total.
    Importing(usize, usize),
    /// Written: how many customers, and the rows left out because their phone was added at
    /// the counter meanwhile.
    Done(ImportOutcome),
    /// Failed: nothing written.
    Failed(UiError),
    /// Not started: an import is running in another tab of the shop (it holds the import lock).
    Elsewhere,
}

thread_local! {
    /// Reference-counted rather than a screen's signal, so it outlives every screen; the
    /// import screen subscribes to it while it is open.
    static STAGE: ArcRwSignal<Stage> = ArcRwSignal::new(Stage::Idle);
    /// The import this page is writing, if any (see [`running`]).
    static RUNNING: Cell<Option<ImportId>> = const { Cell::new(None) };
}

/// Where the page's import is, as a signal the import screen can show.
pub fn stage() -> RwSignal<Stage> {
    STAGE.with(|stage| RwSignal::from(stage.clone()))
}

/// The import this page is still writing: its marker is not a closed tab's, so it must not be
/// undone (`store::import::settle_unfinished`).
pub fn running() -> Option<ImportId> {
    RUNNING.with(Cell::get)
}

/// What an import needs to run without its screen.
pub struct Job {
    /// Its own handle on the database (the screen's shell closes its connection when left).
    pub store: Rc<AppStore>,
    /// A copy of the owner's counter: the shop, the clock and the revisions to plan with.
    pub counter: Counter,
    /// The rows to write.
    pub rows: Vec<ImportRow>,
    /// The highest `rev` the preview read.
    pub since: u64,
    /// The counter's call-back (`Shell::after_save`), so search finds the customers at the end.
    pub after_save: Option<js_sys::Function>,
}

/// Starts `job` unless an import already runs in this page; returns whether it started.
pub fn start(job: Job) -> bool {
    if running().is_some() {
        return false;
    }
    let Job { store, mut counter, rows, since, after_save } = job;
    let tail = random::random_bytes();
    let import = ImportId(tail[..8].try_into().unwrap_or_default());
    let total = rows.len();
    let stage = STAGE.with(ArcRwSignal::clone);
    RUNNING.with(|running| running.set(Some(import)));
    stage.set(Stage::Importing(0, total));
    // Not tied to any screen's owner: Leptos' `spawn_local` hands the task to the browser's
    // event loop, and everything it uses is its own.
    spawn_local(async move {
        // The import lock, held until the import has finished or been undone, so another tab
        // never takes this import's marker for a closed tab's. Taken at once or not at all:
        // with another tab importing, this one does not queue behind it but says so (the
        // owner sees that import's progress in the other tab, and a file chosen again once it
        // is done is checked against the customers it brought in).
        let (lock, held) = import_lock::ask(false).await;
        if !may_start(lock) {
            RUNNING.with(|running| running.set(None));
            stage.set(Stage::Elsewhere);
            return;
        }
        let now = Utc::now();
        let rev = counter.import_rev(now, since);
        let plan = |chunk: &[ImportRow]| counter.plan_import(chunk, import, rev, || random::random_bytes()[..8].try_into().unwrap_or_default(), now);
        let guard = ImportGuard::new(import, since, rev);
        let progress = stage.clone();
        let result = import_rows(&*store, &rows, guard, BATCH, plan, move |done| progress.set(Stage::Importing(done, total))).await;
        if result.is_ok() {
            // The counter reads the new records into its search before "done" shows.
            tell_counter(after_save.as_ref()).await;
        }
        // Released only now: the marker is gone (finished or undone) or, after a failed undo,
        // left for the next import to undo as a dead tab's.
        drop(held);
        RUNNING.with(|running| running.set(None));
        stage.set(match result {
            Ok(outcome) => Stage::Done(outcome),
            Err(error) => Stage::Failed(error.into()),
        });
    });
    true
}

/// Calls the counter back and waits until it has taken the new records in (as
/// `Shell::tell_counter` does, without the screen's shell).
async fn tell_counter(after_save: Option<&js_sys::Function>) {
    let Some(notify) = after_save else { return };
    if let Ok(promise) = notify.call0(&wasm_bindgen::JsValue::NULL).and_then(|promise| promise.dyn_into::<js_sys::Promise>().map_err(Into::into)) {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
}
