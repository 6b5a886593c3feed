//! Whose unfinished import is it (issue 13)? The rule that decides, from the import marker and
//! the import lock, whether an unfinished import is undone, left alone, or stops this window.
//!
//! An import is written in batches under a marker (`store::import`), so an import a closed tab
//! left half-written is found by its marker and undone. But a marker is also there while an
//! import runs, in this page or in another window of the same shop. The importing page holds a
//! Web Lock for as long as its import runs (`app/import_lock.rs`); the browser releases it when
//! the tab closes or crashes. So a marker whose lock can be taken at once is a dead tab's, and
//! one whose lock is held belongs to an import still being written, which must not be touched:
//! deleting its batches while it writes the rest would leave it neither all nor nothing.

use super::import_plan::ImportId;

/// What asking for the import lock at once said.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportLock {
    /// This window took it: no import is running in any window of the shop.
    Taken,
    /// Another holder has it: an import is running elsewhere (or, for a moment, another window
    /// is checking as this one does).
    Busy,
    /// The browser has no Web Locks: nothing tells a live import from a dead one, so a marker
    /// is taken for a closed tab's, as before the lock.
    Missing,
}

/// What to do about the marker found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unfinished {
    /// Nothing to undo: no marker, or the marker of the import this page is writing.
    Leave,
    /// A closed tab's (or a failed) import: delete what it wrote.
    Undo(ImportId),
    /// Another window's import is still being written: undo nothing, start nothing, say so.
    Refuse,
}

/// The decision, from the marker (`Store::pending_import`), the import this page is writing
/// (`running`) and the lock (asked for only when this page writes none: its own import holds it).
pub fn decide(marker: Option<ImportId>, running: Option<ImportId>, lock: ImportLock) -> Unfinished {
    match marker {
        None => Unfinished::Leave,
        Some(marker) if Some(marker) == running => Unfinished::Leave,
        Some(marker) => match lock {
            ImportLock::Taken | ImportLock::Missing => Unfinished::Undo(marker),
            ImportLock::Busy => Unfinished::Refuse,
        },
    }
}

/// Whether this window may start writing an import. Only with the lock taken (or no Web Locks
/// at all): two imports writing at once would share the one marker, and each would take the
/// other's for a dead tab's.
pub fn may_start(lock: ImportLock) -> bool {
    lock != ImportLock::Busy
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: ImportId = ImportId([0xa1; 8]);
    const B: ImportId = ImportId([0xb2; 8]);

    #[test]
    fn a_marker_whose_lock_is_held_elsewhere_is_not_undone() {
        assert_eq!(decide(Some(A), None, ImportLock::Busy), Unfinished::Refuse);
    }

    #[test]
    fn a_marker_whose_lock_is_free_is_a_closed_tabs_and_is_undone() {
        assert_eq!(decide(Some(A), None, ImportLock::Taken), Unfinished::Undo(A));
    }

    #[test]
    fn without_web_locks_a_marker_is_undone_as_before() {
        assert_eq!(decide(Some(A), None, ImportLock::Missing), Unfinished::Undo(A));
        assert_eq!(decide(Some(A), Some(B), ImportLock::Missing), Unfinished::Undo(A));
    }

    #[test]
    fn this_pages_own_running_import_is_left_alone() {
        for lock in [ImportLock::Taken, ImportLock::Busy, ImportLock::Missing] {
            assert_eq!(decide(Some(A), Some(A), lock), Unfinished::Leave);
        }
    }

    #[test]
    fn no_marker_nothing_to_undo_even_with_the_lock_busy() {
        for lock in [ImportLock::Taken, ImportLock::Busy, ImportLock::Missing] {
            assert_eq!(decide(None, None, lock), Unfinished::Leave);
        }
    }

    #[test]
    fn an_import_starts_only_without_another_holding_the_lock() {
        assert!(may_start(ImportLock::Taken));
        assert!(may_start(ImportLock::Missing));
        assert!(!may_start(ImportLock::Busy));
    }
}
