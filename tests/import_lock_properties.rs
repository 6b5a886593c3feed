//! The import lock's rule (issue 13, `domain::import_lock`) in a model of several tabs of one
//! shop: tabs start imports, write batches, finish, close midway and choose files, in any
//! order. Whatever the order, an import is undone only when its tab is gone: never one a live
//! tab is still writing, never one that finished.
#![cfg(not(target_arch = "wasm32"))]

use mohar::domain::import_lock::{decide, may_start, ImportLock, Unfinished};
use mohar::domain::import_plan::ImportId;
use proptest::prelude::*;

const TABS: usize = 3;

#[derive(Clone, Copy, Debug)]
enum Step {
    /// "Import" pressed: the lock asked for at once, an unfinished import undone, the first batch.
    Start(usize),
    /// Another batch of the tab's import (it writes the marker again).
    Batch(usize),
    /// The last step: the marker removed, the lock released.
    Finish(usize),
    /// The tab closed or crashed: the browser releases its lock; its import stays half-written.
    Close(usize),
    /// A file chosen on the import screen: an unfinished import undone unless it is live.
    Choose(usize),
}

fn step() -> impl Strategy<Value = Step> {
    let tab = 0..TABS;
    prop_oneof![
        tab.clone().prop_map(Step::Start),
        tab.clone().prop_map(Step::Batch),
        tab.clone().prop_map(Step::Finish),
        tab.clone().prop_map(Step::Close),
        tab.prop_map(Step::Choose),
    ]
}

/// The shop's database and the browser's lock, as the tabs see them.
#[derive(Default)]
struct World {
    marker: Option<ImportId>,
    holder: Option<usize>,
    closed: [bool; TABS],
    running: [Option<ImportId>; TABS],
    finished: Vec<ImportId>,
    undone: Vec<ImportId>,
    next: u8,
}

impl World {
    /// `app/import_lock::ask`: a tab with an import running holds the lock and does not ask.
    fn ask(&self, tab: usize) -> ImportLock {
        if self.running[tab].is_some() || self.holder.is_some() {
            ImportLock::Busy
        } else {
            ImportLock::Taken
        }
    }

    /// `store::import::settle_unfinished`, checking that the undone import is no live tab's.
    fn settle(&mut self, tab: usize, lock: ImportLock) -> Unfinished {
        let decision = decide(self.marker, self.running[tab], lock);
        if let Unfinished::Undo(old) = decision {
            assert!(!self.running.contains(&Some(old)), "undid {old:?}, still written by a live tab");
            assert!(!self.finished.contains(&old), "undid {old:?}, which had finished");
            self.undone.push(old);
            self.marker = None;
        }
        decision
    }

    fn apply(&mut self, step: Step) {
        let tab = match step {
            Step::Start(tab) | Step::Batch(tab) | Step::Finish(tab) | Step::Close(tab) | Step::Choose(tab) => tab,
        };
        if self.closed[tab] {
            return;
        }
        match step {
            Step::Start(_) if self.running[tab].is_none() => {
                let lock = self.ask(tab);
                if !may_start(lock) {
                    return;
                }
                self.holder = Some(tab);
                // `import_rows` undoes whatever unfinished import it finds, holding the lock.
                self.settle(tab, lock);
                self.next += 1;
                let import = ImportId([self.next; 8]);
                self.running[tab] = Some(import);
                self.marker = Some(import);
            }
            Step::Batch(_) => {
                if let Some(import) = self.running[tab] {
                    self.marker = Some(import);
                }
            }
            Step::Finish(_) => {
                if let Some(import) = self.running[tab].take() {
                    assert_eq!(self.marker, Some(import), "a running import's marker is its own");
                    self.marker = None;
                    self.finished.push(import);
                    self.holder = None;
                }
            }
            Step::Close(_) => {
                self.closed[tab] = true;
                self.running[tab] = None;
                if self.holder == Some(tab) {
                    self.holder = None;
                }
            }
            Step::Choose(_) => {
                let lock = self.ask(tab);
                self.settle(tab, lock);
            }
            Step::Start(_) => {}
        }
    }
}

proptest! {
    #[test]
    fn an_import_is_undone_only_when_its_tab_is_gone(steps in prop::collection::vec(step(), 0..60)) {
        let mut world = World::default();
        for step in steps {
            world.apply(step);
        }
        // Every finished import is whole: none was undone, midway or after.
        for import in &world.finished {
            prop_assert!(!world.undone.contains(import));
        }
    }

    #[test]
    fn a_closed_tabs_import_is_undone_by_the_next_tab_that_chooses_a_file(
        steps in prop::collection::vec(step(), 0..40),
        chooser in 0..TABS,
    ) {
        let mut world = World::default();
        for step in steps {
            world.apply(step);
        }
        // Every tab but one closes; the one left chooses a file: nothing unfinished remains.
        for tab in (0..TABS).filter(|&tab| tab != chooser) {
            world.apply(Step::Close(tab));
        }
        if world.running[chooser].is_none() && !world.closed[chooser] {
            world.apply(Step::Choose(chooser));
            prop_assert_eq!(world.marker, None);
        }
    }
}
