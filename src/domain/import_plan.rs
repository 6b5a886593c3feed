//! Import (issue 13), the write's pure half: the rows the owner chose become customers, each a
//! `CustomerAdded` event, an `OpeningBalance` event for what the paper card already held, and
//! the record folded from the two, planned by [`Counter::plan_import`](super::Counter).
//!
//! Every id an import makes starts with the import's own eight random bytes ([`ImportId`]), so
//! the store can find everything one import wrote by a key range: an import that fails midway
//! (or a tab closed during one) is undone by deleting two ranges, without a list of ids.

use std::collections::{BTreeMap, HashMap};

use super::customer::Customer;
use super::event::Event;
use super::ids::{CustomerId, EventId, Id128};
use super::phone::Phone;

/// One import: the first eight bytes of every customer and event id it makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct ImportId(pub [u8; 8]);

impl ImportId {
    /// An id of this import: its prefix, then eight bytes from the caller's random source.
    pub fn id(&self, tail: [u8; 8]) -> Id128 {
        let mut bytes = [0; 16];
        bytes[..8].copy_from_slice(&self.0);
        bytes[8..].copy_from_slice(&tail);
        Id128(bytes)
    }

    /// Whether `id` was made by this import.
    pub fn made(&self, id: &Id128) -> bool {
        id.0[..8] == self.0
    }

    /// The lowest and highest ids of this import as the store's keys (lower-case hex).
    pub fn key_range(&self) -> (String, String) {
        (self.id([0; 8]).to_hex(), self.id([0xff; 8]).to_hex())
    }
}

/// One imported customer: their events and the record folded from them.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    /// The file's line the customer came from.
    pub line: u64,
    /// `CustomerAdded`, then the `OpeningBalance` when the paper card held stamps or visits.
    pub events: Vec<Event>,
    /// The record, with its `rev`.
    pub customer: Customer,
}

/// One batch of an import, written in one transaction under the import's marker.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportBatch {
    /// The import.
    pub import: ImportId,
    /// Its customers in this batch.
    pub customers: Vec<Imported>,
}

/// A row of an import that was not kept: since the preview, a customer with its phone number was
/// added (or given that number) elsewhere, at the counter or by another window, while the
/// import ran. The counter's customer stays; the row is reported by its line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clash {
    /// The file's line.
    pub line: u64,
    /// The phone number both have.
    pub phone: Phone,
    /// The name of the customer who has it now.
    pub name: String,
}

/// An imported customer written by a batch, as the last check needs them: which line, and the
/// keys to delete should the row clash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    /// The file's line.
    pub line: u64,
    /// The customer's id.
    pub customer: CustomerId,
    /// The ids of their events.
    pub events: Vec<EventId>,
}

/// What an import checks at its end against the customers written meanwhile by others.
///
/// The preview refused every phone already a customer's, but a clerk may add one of the file's
/// phone numbers at the counter while the import runs. The last step of the import (the
/// transaction that makes it the shop's) reads the records written since the preview and drops
/// the imported rows whose phone one of them has. Every record of one import carries the same
/// `rev`, so the store can read "written since the preview" without reading the import's own
/// 100 000 records (the `rev` index ranges below and above it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportGuard {
    /// The import.
    pub import: ImportId,
    /// The highest `rev` among the records the preview read.
    pub since: u64,
    /// The `rev` of every record of this import, above `since`.
    pub rev: u64,
    /// The imported customers written so far, by phone.
    pub written: HashMap<Phone, Written>,
}

impl ImportGuard {
    /// A guard for `import`, whose records have `rev`, checked against what was written after
    /// the records the preview read (the highest `rev` of which was `since`).
    pub fn new(import: ImportId, since: u64, rev: u64) -> ImportGuard {
        ImportGuard { import, since, rev, written: HashMap::new() }
    }

    /// Notes the customers of a batch that was written.
    pub fn wrote(&mut self, customers: &[Imported]) {
        for imported in customers {
            if let Some(profile) = &imported.customer.profile {
                let events = imported.events.iter().map(|event| event.id).collect();
                self.written.insert(profile.phone.clone(), Written { line: imported.line, customer: imported.customer.id, events });
            }
        }
    }

    /// The imported rows whose phone one of `others` (records read from the store) has now,
    /// by line. Only records written since the preview by someone else count: the import's own,
    /// removed customers (their number is free again) and records the preview saw are left out.
    pub fn clashes(&self, others: &[Customer]) -> Vec<(Clash, Written)> {
        let mut found = BTreeMap::new();
        for other in others {
            if other.rev <= self.since || self.import.made(&other.id.0) || other.is_removed() {
                continue;
            }
            let Some(profile) = &other.profile else { continue };
            if let Some(written) = self.written.get(&profile.phone) {
                let clash = Clash { line: written.line, phone: profile.phone.clone(), name: profile.name.clone() };
                found.entry(written.line).or_insert((clash, written.clone()));
            }
        }
        found.into_values().collect()
    }
}

/// How an import ended.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    /// The customers imported.
    pub imported: usize,
    /// The rows left out because their phone became another customer's meanwhile, by line.
    pub clashes: Vec<Clash>,
}
