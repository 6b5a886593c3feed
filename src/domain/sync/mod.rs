//! Sync over the CouchDB replication protocol, as a pure state machine.
//!
//! Mohar does not run a sync server of its own: a shop points its devices at any server that
//! speaks the CouchDB replication protocol (Apache CouchDB, IBM Cloudant, PouchDB Server). This
//! module decides *what* to send and ask for — the replication ids, the `_local` checkpoints,
//! `_changes` in batches, `_revs_diff`, `_bulk_get` (or `_all_docs` where a server lacks it) and
//! `_bulk_docs` with `new_edits=false` — and the shell only carries out the [`Action`]s it
//! returns (HTTP calls, reads and writes of the local store) and feeds the results back as
//! [`Input`]s. No I/O, no clock, no random source here: `now` and the session id come in.
//!
//! Every event is one CouchDB document whose `_id` is the event id and whose only revision is
//! derived from that id ([`doc::event_rev`]), so pushing or pulling an event twice is a no-op on
//! either side: replication is idempotent by construction.

pub mod doc;
pub mod error;
pub mod http;
pub mod log;
mod machine;
mod machine_pull;
mod machine_push;
pub mod pairing;
pub mod receive;
pub mod settings;

pub use doc::{event_doc, event_from_doc, event_rev, DocError};
pub use error::SyncError;
pub use http::{Method, Request, Response};
pub use log::{compare_logs, replication_ids, HistoryEntry, LocalSeq, ReplicationIds, ReplicationLog};
pub use receive::{plan_received, ReceivedPlan};
pub use settings::{SettingsError, SyncSettings};
pub use machine::{Action, Input, Report, Sync, SyncStart, BATCH_SIZE, PUSH_OVERLAP_MILLIS};
