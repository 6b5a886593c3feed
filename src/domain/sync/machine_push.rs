//! The push half of a session: this device is the source, the server's database the target.

use std::collections::HashSet;

use serde_json::{json, Map, Value};

use super::doc::{event_doc, event_rev};
use super::error::SyncError;
use super::http::{Method, Request, Response};
use super::log::{compare_logs, LocalSeq};
use super::machine::{json, Action, Phase, Sync, PUSH_OVERLAP_MILLIS};
use super::machine_pull::{log_body, read_log};
use crate::domain::{DeviceId, Event, Hlc};

impl Sync {
    pub(super) fn push_log_read(&mut self, response: &Response) -> Result<Action, SyncError> {
        let (remote, rev) = read_log(response)?;
        self.remote_push_rev = rev;
        // This device is the source of a push.
        if let Some(since) = compare_logs(self.start.local_push_log.as_ref(), remote.as_ref()) {
            self.push_cursor = LocalSeq::parse(&since).map(|seq| seq.0);
            self.push_recorded = self.push_cursor;
            self.push_history = self.start.local_push_log.as_ref().map(|log| log.history.clone()).unwrap_or_default();
        }
        Ok(self.read_local())
    }

    fn read_local(&mut self) -> Action {
        self.phase = Phase::PushRead;
        Action::ReadLocal { after: self.push_cursor, limit: self.start.batch_size }
    }

    pub(super) fn local_read(&mut self, mut events: Vec<Event>) -> Action {
        if events.is_empty() {
            return self.finish();
        }
        events.sort_by_key(|event| event.hlc);
        let full = events.len() >= self.start.batch_size;
        let mut revs = Map::new();
        for event in &events {
            revs.insert(event.id.0.to_hex(), json!([event_rev(event.id)]));
        }
        self.phase = Phase::PushDiff { events, full };
        Action::Http(Request::with_body(Method::Post, "/_revs_diff", Value::Object(revs)))
    }

    pub(super) fn diff_read(&mut self, response: &Response, events: Vec<Event>, full: bool) -> Result<Action, SyncError> {
        let body = json(response, "_revs_diff")?;
        let diff = body.as_object().ok_or(SyncError::Malformed { what: "_revs_diff" })?;
        let missing: HashSet<&str> =
            diff.iter().filter(|(_, entry)| entry.get("missing").is_some_and(|revs| revs.is_array())).map(|(id, _)| id.as_str()).collect();
        let docs: Vec<Value> = events.iter().filter(|event| missing.contains(event.id.0.to_hex().as_str())).map(event_doc).collect();
        if docs.is_empty() {
            return self.push_checkpoint(&events, full);
        }
        let request = Request::with_body(Method::Post, "/_bulk_docs", json!({ "docs": docs, "new_edits": false }));
        self.phase = Phase::PushUpload { docs, events, full };
        Ok(Action::Http(request))
    }

    pub(super) fn upload_done(&mut self, response: &Response, sent: usize, events: Vec<Event>, full: bool) -> Result<Action, SyncError> {
        let body = json(response, "_bulk_docs")?;
        let results = body.as_array().ok_or(SyncError::Malformed { what: "_bulk_docs" })?;
        // With new_edits=false CouchDB answers [] when all went well; an entry with "error" is a
        // document it refused, and the batch must not be checkpointed past it.
        if let Some(refused) = results.iter().find(|result| result.get("error").is_some()) {
            let reason = refused.get("reason").or_else(|| refused.get("error")).and_then(Value::as_str).unwrap_or("");
            return Err(SyncError::Refused { reason: reason.to_owned() });
        }
        self.report.pushed += sent;
        self.docs_written_push += sent as u64;
        self.push_checkpoint(&events, full)
    }

    /// After a batch is on the server: move the read cursor past it, and record a checkpoint
    /// that stays [`PUSH_OVERLAP_MILLIS`] below the session's start, unless it would not move.
    fn push_checkpoint(&mut self, events: &[Event], full: bool) -> Result<Action, SyncError> {
        self.push_cursor = events.last().map(|event| event.hlc).or(self.push_cursor);
        let cap = Hlc {
            millis: self.start.now.timestamp_millis().saturating_sub(PUSH_OVERLAP_MILLIS),
            counter: 0,
            device: DeviceId::default(),
        };
        let recorded = self.push_cursor.map(|cursor| cursor.min(cap));
        if recorded <= self.push_recorded && self.remote_push_rev.is_some() {
            return Ok(self.after_push_batch(full));
        }
        let seq = recorded.map(|hlc| Value::String(LocalSeq(hlc).key())).unwrap_or(Value::from(0));
        let log = self.log(seq, &self.push_history, self.docs_written_push);
        let body = log_body(&self.ids.push, self.remote_push_rev.as_deref(), &log);
        self.push_recorded = recorded;
        self.phase = Phase::PushCheckpoint { full };
        Ok(Action::Http(Request::with_body(Method::Put, format!("/_local/{}", self.ids.push), body)))
    }

    pub(super) fn push_checkpoint_written(&mut self, response: &Response, full: bool) -> Result<Action, SyncError> {
        let body = json(response, "_local")?;
        self.remote_push_rev = body.get("rev").and_then(Value::as_str).map(str::to_owned);
        let seq = self.push_recorded.map(|hlc| Value::String(LocalSeq(hlc).key())).unwrap_or(Value::from(0));
        let log = self.log(seq, &self.push_history, self.docs_written_push);
        self.phase = Phase::PushSaved { full };
        Ok(Action::SaveLog { key: self.ids.push.clone(), log })
    }

    pub(super) fn after_push_batch(&mut self, full: bool) -> Action {
        if full {
            self.read_local()
        } else {
            self.finish()
        }
    }
}
