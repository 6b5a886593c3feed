//! The pull half of a session: the server's database is the source, this device the target.

use std::collections::HashSet;

use serde::Deserialize;
use serde_json::{json, Value};

use super::doc::{event_from_doc, event_rev};
use super::error::SyncError;
use super::http::{Method, Request, Response};
use super::log::{compare_logs, ReplicationLog};
use super::machine::{check_status, json, Action, Phase, Sync};
use crate::domain::{Event, EventId};

/// A `_changes` response with `style=all_docs`; every field the protocol guarantees is required,
/// so a malformed feed is refused before anything of it is used.
#[derive(Deserialize)]
struct Changes {
    results: Vec<ChangeRow>,
    last_seq: Value,
}

#[derive(Deserialize)]
struct ChangeRow {
    #[allow(dead_code)]
    seq: Value,
    id: String,
    changes: Vec<ChangeRev>,
    #[serde(default)]
    deleted: bool,
}

#[derive(Deserialize)]
struct ChangeRev {
    #[allow(dead_code)]
    rev: String,
}

/// A sequence as a query value: CouchDB 2+ sequences are strings, PouchDB's are numbers.
pub(super) fn seq_param(seq: &Value) -> String {
    match seq {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Reads a `_local` log response: the log (if any readable one is there) and its `_rev`.
pub(super) fn read_log(response: &Response) -> Result<(Option<ReplicationLog>, Option<String>), SyncError> {
    if response.status == 404 {
        return Ok((None, None));
    }
    let body = json(response, "_local")?;
    let rev = body.get("_rev").and_then(Value::as_str).map(str::to_owned);
    // A log in another shape (another replicator's) is kept only for its `_rev`: replication
    // then starts from the beginning, which idempotence makes safe.
    Ok((serde_json::from_value(body).ok(), rev))
}

/// The body of a `PUT _local/<id>`: the log with the document's `_id` and current `_rev`.
pub(super) fn log_body(id: &str, rev: Option<&str>, log: &ReplicationLog) -> Value {
    let mut body = serde_json::to_value(log).unwrap_or_else(|_| json!({}));
    if let Value::Object(object) = &mut body {
        object.insert("_id".into(), Value::String(format!("_local/{id}")));
        if let Some(rev) = rev {
            object.insert("_rev".into(), Value::String(rev.to_owned()));
        }
    }
    body
}

impl Sync {
    fn changes_request(&mut self) -> Action {
        self.phase = Phase::PullChanges;
        Action::Http(
            Request::get("/_changes")
                .query("style", "all_docs")
                .query("since", seq_param(&self.pull_since))
                .query("limit", self.start.batch_size.to_string()),
        )
    }

    pub(super) fn pull_log_read(&mut self, response: &Response) -> Result<Action, SyncError> {
        let (remote, rev) = read_log(response)?;
        self.remote_pull_rev = rev;
        // The server is the source of a pull.
        if let Some(since) = compare_logs(remote.as_ref(), self.start.local_pull_log.as_ref()) {
            self.pull_since = since;
            self.pull_history = remote.map(|log| log.history).unwrap_or_default();
        }
        Ok(self.changes_request())
    }

    pub(super) fn changes_read(&mut self, response: &Response) -> Result<Action, SyncError> {
        let body = json(response, "_changes")?;
        let changes: Changes = serde_json::from_value(body).map_err(|_| SyncError::Malformed { what: "_changes" })?;
        if changes.results.iter().any(|row| row.changes.is_empty()) {
            return Err(SyncError::Malformed { what: "_changes" });
        }
        let count = changes.results.len();
        let mut ids = Vec::with_capacity(count);
        for row in &changes.results {
            // Design documents and deletions are not events; an id that is no event id is a
            // document someone else put there.
            if row.id.starts_with('_') || row.deleted {
                continue;
            }
            match row.id.parse::<EventId>() {
                Ok(id) => ids.push(id),
                Err(_) => self.report.skipped += 1,
            }
        }
        if ids.is_empty() {
            return Ok(self.pull_checkpoint(changes.last_seq, count));
        }
        self.phase = Phase::PullKnown { ids: ids.clone(), last_seq: changes.last_seq, count };
        Ok(Action::FindLocal(ids))
    }

    pub(super) fn known_read(&mut self, ids: Vec<EventId>, known: Vec<EventId>, last_seq: Value, count: usize) -> Action {
        let known: HashSet<EventId> = known.into_iter().collect();
        let wanted: Vec<EventId> = ids.into_iter().filter(|id| !known.contains(id)).collect();
        if wanted.is_empty() {
            return self.pull_checkpoint(last_seq, count);
        }
        let request = bulk_get(&wanted);
        self.phase = Phase::PullFetch { wanted, last_seq, count, all_docs: false };
        Action::Http(request)
    }

    pub(super) fn docs_read(
        &mut self,
        response: &Response,
        wanted: Vec<EventId>,
        last_seq: Value,
        count: usize,
        all_docs: bool,
    ) -> Result<Action, SyncError> {
        // A server without `_bulk_get` (CouchDB before 2.0) answers 400, 404, 405 or 501: read
        // the same documents through `_all_docs` instead.
        if !all_docs && matches!(response.status, 400 | 404 | 405 | 501) {
            let request = Request::with_body(Method::Post, "/_all_docs", json!({ "keys": wanted_ids(&wanted) }))
                .query("include_docs", "true");
            self.phase = Phase::PullFetch { wanted, last_seq, count, all_docs: true };
            return Ok(Action::Http(request));
        }
        let what = if all_docs { "_all_docs" } else { "_bulk_get" };
        let body = json(response, what)?;
        let docs = if all_docs { all_docs_docs(&body) } else { bulk_get_docs(&body) }.ok_or(SyncError::Malformed { what })?;
        let wanted: HashSet<EventId> = wanted.into_iter().collect();
        let mut events: Vec<Event> = Vec::with_capacity(docs.len());
        for doc in docs {
            match event_from_doc(doc) {
                Ok(event) if wanted.contains(&event.id) && !events.iter().any(|seen| seen.id == event.id) => events.push(event),
                Ok(_) => {}
                Err(_) => self.report.skipped += 1,
            }
        }
        if events.is_empty() {
            return Ok(self.pull_checkpoint(last_seq, count));
        }
        self.report.pulled += events.len();
        self.docs_written_pull += events.len() as u64;
        self.phase = Phase::PullStore { last_seq, count };
        Ok(Action::Store(events))
    }

    /// After a batch is stored (or needed nothing): record how far the pull got, on the server
    /// first and then here, unless it got nowhere.
    pub(super) fn pull_checkpoint(&mut self, last_seq: Value, count: usize) -> Action {
        let more = count >= self.start.batch_size;
        if last_seq == self.pull_since && self.remote_pull_rev.is_some() {
            return self.after_pull_batch(more);
        }
        let log = self.log(last_seq.clone(), &self.pull_history, self.docs_written_pull);
        let body = log_body(&self.ids.pull, self.remote_pull_rev.as_deref(), &log);
        self.phase = Phase::PullCheckpoint { last_seq, more };
        Action::Http(Request::with_body(Method::Put, format!("/_local/{}", self.ids.pull), body))
    }

    pub(super) fn pull_checkpoint_written(&mut self, response: &Response, last_seq: Value, more: bool) -> Result<Action, SyncError> {
        check_status(response)?;
        let body = json(response, "_local")?;
        self.remote_pull_rev = body.get("rev").and_then(Value::as_str).map(str::to_owned);
        self.pull_since = last_seq.clone();
        let log = self.log(last_seq, &self.pull_history, self.docs_written_pull);
        self.phase = Phase::PullSaved { more };
        Ok(Action::SaveLog { key: self.ids.pull.clone(), log })
    }

    pub(super) fn after_pull_batch(&mut self, more: bool) -> Action {
        if more {
            return self.changes_request();
        }
        self.phase = Phase::PushLog;
        Action::Http(Request::get(format!("/_local/{}", self.ids.push)))
    }
}

fn wanted_ids(wanted: &[EventId]) -> Vec<String> {
    wanted.iter().map(|id| id.0.to_hex()).collect()
}

fn bulk_get(wanted: &[EventId]) -> Request {
    let docs: Vec<Value> = wanted.iter().map(|id| json!({ "id": id.0.to_hex(), "rev": event_rev(*id) })).collect();
    Request::with_body(Method::Post, "/_bulk_get", json!({ "docs": docs })).query("revs", "true")
}

/// The documents of a `_bulk_get` answer (`{"results":[{"id","docs":[{"ok":doc}|{"error":…}]}]}`).
fn bulk_get_docs(body: &Value) -> Option<Vec<&Value>> {
    let mut docs = Vec::new();
    for result in body.get("results")?.as_array()? {
        for entry in result.get("docs")?.as_array()? {
            if let Some(doc) = entry.get("ok") {
                docs.push(doc);
            }
        }
    }
    Some(docs)
}

/// The documents of an `_all_docs?include_docs=true` answer (`{"rows":[{"id","doc"}|{"error"}]}`).
fn all_docs_docs(body: &Value) -> Option<Vec<&Value>> {
    let rows = body.get("rows")?.as_array()?;
    Some(rows.iter().filter_map(|row| row.get("doc")).filter(|doc| doc.is_object()).collect())
}
