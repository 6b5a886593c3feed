//! Import (issue 13), the write's pure half: the rows the owner chose become customers, each a
//! `CustomerAdded` event, an `OpeningBalance` event for what the paper card already held, and
//! the record folded from the two, planned by [`Counter::plan_import`](super::Counter).
//!
//! Every id an import makes starts with the import's own eight random bytes ([`ImportId`]), so
//! the store can find everything one import wrote by a key range: an import that fails midway
//! (or a tab closed during one) is undone by deleting two ranges, without a list of ids.

use super::customer::Customer;
use super::event::Event;
use super::ids::Id128;

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
