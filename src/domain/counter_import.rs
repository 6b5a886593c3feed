//! Planning an import (issue 13). A child module of `counter.rs`, so the events take the
//! counter's own clock and the records its revisions.

use chrono::{DateTime, Utc};

use super::Counter;
use crate::domain::customer::Customer;
use crate::domain::event::EventKind;
use crate::domain::ids::{CustomerId, EventId};
use crate::domain::import::ImportRow;
use crate::domain::import_plan::{ImportId, Imported};

impl Counter {
    /// Plans the customers of `rows`: each joins with no welcome stamps (they are not new to
    /// the shop) and, when the paper card held stamps or visits, an opening balance on a card
    /// of the program's size now. `tail` gives eight random bytes per id. Nothing is checked
    /// here: the rows come from `import::check_rows`, which refused every bad one. Every record
    /// gets `rev`, the import's one revision ([`Counter::import_rev`]).
    pub fn plan_import(&mut self, rows: &[ImportRow], import: ImportId, rev: u64, mut tail: impl FnMut() -> [u8; 8], now: DateTime<Utc>) -> Vec<Imported> {
        let card_size = self.shop.program.stamps_per_reward;
        rows.iter()
            .map(|row| {
                let customer = CustomerId(import.id(tail()));
                let added = EventKind::CustomerAdded { customer, profile: row.profile.clone(), welcome_stamps: 0, card_size: Some(card_size), referred_by: None };
                let mut events = vec![self.event(EventId(import.id(tail())), now, added)];
                if row.stamps > 0 || row.visits > 0 {
                    let opening = EventKind::OpeningBalance { customer, stamps: row.stamps, visits: row.visits, card_size };
                    events.push(self.event(EventId(import.id(tail())), now, opening));
                }
                let mut record = Customer::fold(customer, &events);
                record.rev = rev;
                Imported { line: row.line, events, customer: record }
            })
            .collect()
    }
}

impl Counter {
    /// The one revision every record of an import gets, above this counter's earlier ones and
    /// above `since` (the highest the import's preview read): one value, so the import's last
    /// check reads the records written by others since the preview without reading the
    /// import's own (`import_plan::ImportGuard`). Records of different customers may share a
    /// revision: a record's `rev` only has to grow for that customer and stay above what a
    /// reader has seen.
    pub fn import_rev(&mut self, now: DateTime<Utc>, since: u64) -> u64 {
        let rev = self.next_rev(now).max(since.saturating_add(1));
        self.last_rev = rev;
        rev
    }

    /// The revision above which customer records written elsewhere (an import in the owner's
    /// screens) have not been read into the index yet.
    pub fn records_seen(&self) -> u64 {
        self.seen_rev
    }

    /// Takes in the customer records written elsewhere since [`Counter::records_seen`] (read
    /// back by the shell after the owner's screen saved), so search finds imported customers
    /// at once. Like [`Counter::reloaded`], the snapshot's watermark stays with this counter's
    /// own commits: a restart reads them again rather than trusting a snapshot to hold them.
    ///
    /// While an import is still being written (`import_pending`), the records it has written
    /// are left out, and their `rev` may be below the records taken in now (a sync or another
    /// window wrote those later): so the mark of records seen stays where it was, and the next
    /// read after the import finishes finds the import's records too.
    pub fn took_in_records(&mut self, customers: &[Customer], import_pending: bool) {
        for customer in customers {
            self.reloaded(customer);
            if !import_pending {
                self.seen_rev = self.seen_rev.max(customer.rev);
            }
        }
        self.changes_since_snapshot += customers.len();
    }
}
