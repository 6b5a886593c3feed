//! The replication state machine: one sync session, pull then push, driven by [`Input`]s and
//! answering with the next [`Action`].
//!
//! A session goes: check the database (`GET /db`), then **pull** (read the server's pull log,
//! compare it with ours, then `_changes` in batches; for each batch ask which events this device
//! lacks, fetch those with `_bulk_get`, have them stored, and record the checkpoint on both
//! sides), then **push** (read the server's push log, read this device's events after the
//! checkpoint in batches, `_revs_diff`, `_bulk_docs` with `new_edits=false`, checkpoint on both
//! sides). A checkpoint is written only after what it covers is stored, so a session stopped at
//! any point resumes from the last checkpoint and at worst re-sends a batch that replication
//! takes idempotently.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::Value;

use super::error::SyncError;
use super::http::{Request, Response};
use super::log::{replication_ids, HistoryEntry, ReplicationIds, ReplicationLog, HISTORY_LEN};
use crate::domain::{DeviceId, Event, EventId};

/// Changes per `_changes` batch and events per push batch (PouchDB's default `batch_size`).
pub const BATCH_SIZE: usize = 100;

/// How far below the wall-clock time of a push its recorded checkpoint stays: ten minutes. An
/// event is stamped by the clock before its transaction commits, so an event stamped just
/// before this device's log was read can land in the log just after; the next push reads this
/// window again (the server's `_revs_diff` drops what it already has) instead of skipping it.
pub const PUSH_OVERLAP_MILLIS: i64 = 10 * 60 * 1000;

/// What a session starts from.
#[derive(Clone, Debug)]
pub struct SyncStart {
    /// This device.
    pub device: DeviceId,
    /// The database's address without credentials (identifies the remote peer).
    pub remote: String,
    /// A fresh random id for this session (the shell's random source).
    pub session_id: String,
    /// The wall-clock time the session starts.
    pub now: DateTime<Utc>,
    /// This device's copy of the pull log (`_local/<pull id>`), if it has one.
    pub local_pull_log: Option<ReplicationLog>,
    /// This device's copy of the push log (`_local/<push id>`), if it has one.
    pub local_push_log: Option<ReplicationLog>,
    /// Changes or events per batch; [`BATCH_SIZE`] unless a test wants small batches.
    pub batch_size: usize,
}

/// What the shell must do next.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Make this request to the database; answer [`Input::Http`] or [`Input::Unreachable`].
    Http(Request),
    /// Read up to `limit` of this device's events with a clock above `after` (all if `None`),
    /// in clock order; answer [`Input::LocalEvents`].
    ReadLocal {
        /// Exclusive lower bound of the clock.
        after: Option<crate::domain::Hlc>,
        /// At most this many.
        limit: usize,
    },
    /// Say which of these event ids this device already holds; answer [`Input::LocalKnown`].
    FindLocal(Vec<EventId>),
    /// Store these received events (fold them into the records, the clock observing each);
    /// answer [`Input::Stored`].
    Store(Vec<Event>),
    /// Save this log in the device's `_local` store under `key`; answer [`Input::Saved`].
    SaveLog {
        /// The replication id.
        key: String,
        /// The log.
        log: ReplicationLog,
    },
    /// The session ended well.
    Finished(Report),
    /// The session stopped; what was stored and checkpointed before stays.
    Failed(SyncError),
}

/// What the shell reports back.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    /// The response to [`Action::Http`].
    Http(Response),
    /// The request of [`Action::Http`] did not get an answer.
    Unreachable,
    /// The answer to [`Action::ReadLocal`].
    LocalEvents(Vec<Event>),
    /// The answer to [`Action::FindLocal`]: the ids already held.
    LocalKnown(Vec<EventId>),
    /// [`Action::Store`] is done.
    Stored,
    /// [`Action::SaveLog`] is done.
    Saved,
    /// A local read or write failed.
    LocalFailed(String),
}

impl Input {
    /// The variant's name, for the message of an answer the machine did not expect (spelled out:
    /// release builds format `Debug` as nothing, scripts/wasm_release_env.sh).
    fn name(&self) -> &'static str {
        match self {
            Input::Http(_) => "Http",
            Input::Unreachable => "Unreachable",
            Input::LocalEvents(_) => "LocalEvents",
            Input::LocalKnown(_) => "LocalKnown",
            Input::Stored => "Stored",
            Input::Saved => "Saved",
            Input::LocalFailed(_) => "LocalFailed",
        }
    }
}

/// What a finished session did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Events received and handed to the store.
    pub pulled: usize,
    /// Events sent that the server did not have.
    pub pushed: usize,
    /// Documents on the server that are not events of this app (skipped, not stored).
    pub skipped: usize,
}

#[derive(Clone, Debug)]
pub(super) enum Phase {
    Verify,
    PullLog,
    PullChanges,
    PullKnown { ids: Vec<EventId>, last_seq: Value, count: usize },
    PullFetch { wanted: Vec<EventId>, last_seq: Value, count: usize, all_docs: bool },
    PullStore { last_seq: Value, count: usize },
    PullCheckpoint { last_seq: Value, more: bool },
    PullSaved { more: bool },
    PushLog,
    PushRead,
    PushDiff { events: Vec<Event>, full: bool },
    PushUpload { docs: Vec<Value>, events: Vec<Event>, full: bool },
    PushCheckpoint { full: bool },
    PushSaved { full: bool },
    Ended,
}

impl Phase {
    /// The phase's name, as [`Input::name`].
    fn name(&self) -> &'static str {
        match self {
            Phase::Verify => "Verify",
            Phase::PullLog => "PullLog",
            Phase::PullChanges => "PullChanges",
            Phase::PullKnown { .. } => "PullKnown",
            Phase::PullFetch { .. } => "PullFetch",
            Phase::PullStore { .. } => "PullStore",
            Phase::PullCheckpoint { .. } => "PullCheckpoint",
            Phase::PullSaved { .. } => "PullSaved",
            Phase::PushLog => "PushLog",
            Phase::PushRead => "PushRead",
            Phase::PushDiff { .. } => "PushDiff",
            Phase::PushUpload { .. } => "PushUpload",
            Phase::PushCheckpoint { .. } => "PushCheckpoint",
            Phase::PushSaved { .. } => "PushSaved",
            Phase::Ended => "Ended",
        }
    }
}

/// One sync session. Create it with [`Sync::start`], then call [`Sync::next`] with the answer to
/// each action until it returns [`Action::Finished`] or [`Action::Failed`].
#[derive(Clone, Debug)]
pub struct Sync {
    pub(super) start: SyncStart,
    pub(super) ids: ReplicationIds,
    pub(super) phase: Phase,
    pub(super) report: Report,
    /// The server's `_rev` of each `_local` log, needed to replace it.
    pub(super) remote_pull_rev: Option<String>,
    pub(super) remote_push_rev: Option<String>,
    /// The history both logs agreed on at the start (CouchDB keeps it fixed for a session).
    pub(super) pull_history: Vec<HistoryEntry>,
    pub(super) push_history: Vec<HistoryEntry>,
    /// Where the pull reads `_changes` from.
    pub(super) pull_since: Value,
    /// Where the push reads this device's log from (exact), and what it last recorded.
    pub(super) push_cursor: Option<crate::domain::Hlc>,
    pub(super) push_recorded: Option<crate::domain::Hlc>,
    pub(super) docs_written_pull: u64,
    pub(super) docs_written_push: u64,
}

impl Sync {
    /// A new session and its first action (checking the database).
    pub fn start(start: SyncStart) -> (Sync, Action) {
        let ids = replication_ids(start.device, &start.remote);
        let sync = Sync {
            start,
            ids,
            phase: Phase::Verify,
            report: Report::default(),
            remote_pull_rev: None,
            remote_push_rev: None,
            pull_history: Vec::new(),
            push_history: Vec::new(),
            pull_since: Value::from(0),
            push_cursor: None,
            push_recorded: None,
            docs_written_pull: 0,
            docs_written_push: 0,
        };
        (sync, Action::Http(Request::get("")))
    }

    /// How far the push has read this device's log: every event at or below it is on the
    /// server (after [`Action::Finished`]: everything this session saw). For "N changes waiting".
    pub fn push_cursor(&self) -> Option<crate::domain::Hlc> {
        self.push_cursor
    }

    /// The replication ids this session uses (the keys of the device's own logs).
    pub fn ids(&self) -> &ReplicationIds {
        &self.ids
    }

    /// The next action, given the answer to the last one.
    pub fn next(&mut self, input: Input) -> Action {
        let action = match input {
            Input::Unreachable => Err(SyncError::Unreachable),
            Input::LocalFailed(message) => Err(SyncError::Local(message)),
            input => self.advance(input),
        };
        match action {
            Ok(action) => action,
            Err(error) => {
                self.phase = Phase::Ended;
                Action::Failed(error)
            }
        }
    }

    fn advance(&mut self, input: Input) -> Result<Action, SyncError> {
        let phase = std::mem::replace(&mut self.phase, Phase::Ended);
        match (phase, input) {
            (Phase::Verify, Input::Http(response)) => {
                verify_database(&response)?;
                self.phase = Phase::PullLog;
                Ok(Action::Http(Request::get(format!("/_local/{}", self.ids.pull))))
            }
            (Phase::PullLog, Input::Http(response)) => self.pull_log_read(&response),
            (Phase::PullChanges, Input::Http(response)) => self.changes_read(&response),
            (Phase::PullKnown { ids, last_seq, count }, Input::LocalKnown(known)) => Ok(self.known_read(ids, known, last_seq, count)),
            (Phase::PullFetch { wanted, last_seq, count, all_docs }, Input::Http(response)) => {
                self.docs_read(&response, wanted, last_seq, count, all_docs)
            }
            (Phase::PullStore { last_seq, count }, Input::Stored) => Ok(self.pull_checkpoint(last_seq, count)),
            (Phase::PullCheckpoint { last_seq, more }, Input::Http(response)) => self.pull_checkpoint_written(&response, last_seq, more),
            (Phase::PullSaved { more }, Input::Saved) => Ok(self.after_pull_batch(more)),
            (Phase::PushLog, Input::Http(response)) => self.push_log_read(&response),
            (Phase::PushRead, Input::LocalEvents(events)) => Ok(self.local_read(events)),
            (Phase::PushDiff { events, full }, Input::Http(response)) => self.diff_read(&response, events, full),
            (Phase::PushUpload { docs, events, full }, Input::Http(response)) => self.upload_done(&response, docs.len(), events, full),
            (Phase::PushCheckpoint { full }, Input::Http(response)) => self.push_checkpoint_written(&response, full),
            (Phase::PushSaved { full }, Input::Saved) => Ok(self.after_push_batch(full)),
            (phase, input) => Err(SyncError::Local(format!("unexpected {} in {}", input.name(), phase.name()))),
        }
    }

    /// The log to write on both sides after a batch: this session first, then the history both
    /// sides agreed on when it started.
    pub(super) fn log(&self, seq: Value, history: &[HistoryEntry], docs_written: u64) -> ReplicationLog {
        let entry = HistoryEntry {
            session_id: self.start.session_id.clone(),
            recorded_seq: seq.clone(),
            start_time: self.start.now.to_rfc3339_opts(SecondsFormat::Secs, true),
            end_time: self.start.now.to_rfc3339_opts(SecondsFormat::Secs, true),
            docs_written,
        };
        let mut all = vec![entry];
        all.extend(history.iter().filter(|old| old.session_id != self.start.session_id).take(HISTORY_LEN - 1).cloned());
        ReplicationLog { session_id: self.start.session_id.clone(), source_last_seq: seq, history: all, replication_id_version: 3 }
    }

    pub(super) fn finish(&mut self) -> Action {
        self.phase = Phase::Ended;
        Action::Finished(self.report.clone())
    }
}

/// Parses a response body as JSON, naming the request when it is not.
pub(super) fn json(response: &Response, what: &'static str) -> Result<Value, SyncError> {
    check_status(response)?;
    serde_json::from_str(&response.body).map_err(|_| SyncError::Malformed { what })
}

/// The errors every request shares: refused credentials, server failures.
pub(super) fn check_status(response: &Response) -> Result<(), SyncError> {
    match response.status {
        401 | 403 => Err(SyncError::Unauthorized),
        status if response.ok() => {
            let _ = status;
            Ok(())
        }
        status => Err(SyncError::Server { status }),
    }
}

/// `GET /db` must answer with CouchDB's database information; anything else is not CouchDB (or
/// not this database).
fn verify_database(response: &Response) -> Result<(), SyncError> {
    let body: Option<Value> = serde_json::from_str(&response.body).ok();
    let couch_error = body.as_ref().and_then(|body| body.get("error")).and_then(Value::as_str).is_some();
    match response.status {
        401 | 403 => Err(SyncError::Unauthorized),
        404 if couch_error => Err(SyncError::DatabaseNotFound),
        status if (200..300).contains(&status) => {
            let info = body.ok_or(SyncError::NotCouchDb)?;
            if info.get("db_name").and_then(Value::as_str).is_some() && info.get("update_seq").is_some() {
                Ok(())
            } else {
                Err(SyncError::NotCouchDb)
            }
        }
        status if status >= 500 => Err(SyncError::Server { status }),
        _ => Err(SyncError::NotCouchDb),
    }
}
