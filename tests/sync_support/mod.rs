//! A fake CouchDB server in memory and a fake device, for the sync state machine's tests
//! (`tests/sync_protocol.rs`, `tests/sync_convergence.rs`). The fake answers the way CouchDB 3
//! and PouchDB Server do for the requests the protocol uses, and can be told to die after N
//! requests, to refuse the password, to lack `_bulk_get`, to send a malformed `_changes` or to
//! be something else than CouchDB.

#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use mohar::domain::sync::{Action, Input, Method, Report, ReplicationLog, Request, Response, Sync, SyncError, SyncStart};
use mohar::domain::{Clock, DeviceId, Event, EventId, Hlc};
use serde_json::{json, Value};

/// The fake server's database.
#[derive(Default)]
pub struct FakeCouch {
    /// Documents by id: (sequence of their write, the document).
    docs: BTreeMap<String, (u64, Value)>,
    /// Document ids by the sequence of their write.
    by_seq: BTreeMap<u64, String>,
    seq: u64,
    /// `_local` documents with their revision number.
    local: HashMap<String, (Value, u32)>,
    /// Requests answered so far.
    pub requests: usize,
    /// Answer this many more requests, then stop answering (the server was killed).
    pub dies_after: Option<usize>,
    /// Answer every request with 401.
    pub refuses_password: bool,
    /// Answer `_bulk_get` with 404, as CouchDB 1.x does.
    pub without_bulk_get: bool,
    /// Answer `_changes` with this body.
    pub changes_body: Option<String>,
    /// Answer everything with a web page instead.
    pub not_couch: bool,
    /// Documents `_bulk_docs` was sent that the database already held.
    pub resent: usize,
}

impl FakeCouch {
    /// How many documents the database holds (each id once).
    pub fn doc_count(&self) -> usize {
        self.docs.len()
    }

    /// The events the database holds.
    pub fn events(&self) -> Vec<Event> {
        self.docs.values().map(|(_, doc)| mohar::domain::sync::event_from_doc(doc).expect("every stored doc is an event")).collect()
    }

    /// Stores a document as another client would (for foreign documents in the feed).
    pub fn put_raw(&mut self, doc: Value) {
        let id = doc["_id"].as_str().unwrap().to_owned();
        self.write(id, doc);
    }

    fn write(&mut self, id: String, doc: Value) {
        self.seq += 1;
        if let Some((old, _)) = self.docs.insert(id.clone(), (self.seq, doc)) {
            self.by_seq.remove(&old);
        }
        self.by_seq.insert(self.seq, id);
    }

    /// The answer to `request`, or `None` when the server is gone.
    pub fn handle(&mut self, request: &Request) -> Option<Response> {
        if let Some(left) = self.dies_after.as_mut() {
            if *left == 0 {
                return None;
            }
            *left -= 1;
        }
        self.requests += 1;
        if self.not_couch {
            return Some(Response { status: 200, body: "<!doctype html><title>Router</title>".into() });
        }
        if self.refuses_password {
            return Some(Response::json(401, &json!({"error": "unauthorized", "reason": "Name or password is incorrect."})));
        }
        let query: HashMap<&str, &str> = request.query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let body = request.body.clone().unwrap_or(Value::Null);
        Some(match (request.method, request.path.as_str()) {
            (Method::Get, "") => Response::json(200, &json!({"db_name": "shop", "update_seq": self.seq, "doc_count": self.docs.len()})),
            (Method::Get, "/_changes") => self.changes(&query),
            (Method::Post, "/_revs_diff") => {
                let mut out = serde_json::Map::new();
                for (id, revs) in body.as_object().unwrap() {
                    if !self.docs.contains_key(id) {
                        out.insert(id.clone(), json!({ "missing": revs }));
                    }
                }
                Response::json(200, &Value::Object(out))
            }
            (Method::Post, "/_bulk_docs") => {
                assert_eq!(body["new_edits"], json!(false), "replication writes with new_edits=false");
                for doc in body["docs"].as_array().unwrap() {
                    let id = doc["_id"].as_str().unwrap().to_owned();
                    if self.docs.contains_key(&id) {
                        self.resent += 1;
                    } else {
                        self.write(id, doc.clone());
                    }
                }
                Response::json(201, &json!([]))
            }
            (Method::Post, "/_bulk_get") if self.without_bulk_get => Response::json(404, &json!({"error": "not_found"})),
            (Method::Post, "/_bulk_get") => {
                let results: Vec<Value> = body["docs"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|wanted| {
                        let id = wanted["id"].as_str().unwrap();
                        let docs = match self.docs.get(id) {
                            Some((_, doc)) => json!([{ "ok": doc }]),
                            None => json!([{ "error": { "id": id, "error": "not_found" } }]),
                        };
                        json!({ "id": id, "docs": docs })
                    })
                    .collect();
                Response::json(200, &json!({ "results": results }))
            }
            (Method::Post, "/_all_docs") => {
                let rows: Vec<Value> = body["keys"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|key| match self.docs.get(key.as_str().unwrap()) {
                        Some((_, doc)) => json!({ "id": key, "key": key, "doc": doc }),
                        None => json!({ "key": key, "error": "not_found" }),
                    })
                    .collect();
                Response::json(200, &json!({ "rows": rows }))
            }
            (Method::Get, path) if path.starts_with("/_local/") => match self.local.get(path) {
                Some((doc, rev)) => {
                    let mut doc = doc.clone();
                    doc["_rev"] = json!(format!("0-{rev}"));
                    Response::json(200, &doc)
                }
                None => Response::json(404, &json!({"error": "not_found", "reason": "missing"})),
            },
            (Method::Put, path) if path.starts_with("/_local/") => {
                let current = self.local.get(path).map(|(_, rev)| format!("0-{rev}"));
                if body.get("_rev").and_then(Value::as_str).map(str::to_owned) != current {
                    return Some(Response::json(409, &json!({"error": "conflict"})));
                }
                let rev = self.local.get(path).map_or(1, |(_, rev)| rev + 1);
                let mut doc = body.clone();
                doc.as_object_mut().unwrap().remove("_rev");
                self.local.insert(path.to_owned(), (doc, rev));
                Response::json(201, &json!({ "ok": true, "id": path.trim_start_matches('/'), "rev": format!("0-{rev}") }))
            }
            _ => Response::json(404, &json!({"error": "not_found"})),
        })
    }

    fn changes(&self, query: &HashMap<&str, &str>) -> Response {
        if let Some(body) = &self.changes_body {
            return Response { status: 200, body: body.clone() };
        }
        let since: u64 = query.get("since").and_then(|since| since.parse().ok()).unwrap_or(0);
        let limit: usize = query.get("limit").and_then(|limit| limit.parse().ok()).unwrap_or(usize::MAX);
        let results: Vec<Value> = self
            .by_seq
            .range(since + 1..)
            .take(limit)
            .map(|(seq, id)| json!({ "seq": seq, "id": id, "changes": [{ "rev": self.docs[id].1["_rev"] }] }))
            .collect();
        let last_seq = results.last().map_or(json!(self.seq.max(since)), |row| row["seq"].clone());
        Response::json(200, &json!({ "results": results, "last_seq": last_seq }))
    }
}

/// A device: its event log, its clock and its `_local` logs.
pub struct Device {
    pub id: DeviceId,
    pub clock: Clock,
    pub events: BTreeMap<EventId, Event>,
    pub logs: HashMap<String, ReplicationLog>,
    /// Events the sync handed to the store that the store already held.
    pub stored_twice: usize,
    /// Events the sync handed to the store.
    pub stored: usize,
}

impl Device {
    pub fn new(byte: u8) -> Device {
        let id = DeviceId::from_bytes([byte; 16]);
        Device { id, clock: Clock::new(id), events: BTreeMap::new(), logs: HashMap::new(), stored_twice: 0, stored: 0 }
    }

    pub fn add(&mut self, event: Event) {
        self.events.insert(event.id, event);
    }

    /// Runs one sync session against `server` to its end.
    pub fn sync(&mut self, server: &mut FakeCouch, now: DateTime<Utc>, session: &str, batch_size: usize) -> Result<Report, SyncError> {
        run_sync(self, server, now, session, batch_size)
    }
}

impl Local for Device {
    fn device(&self) -> DeviceId {
        self.id
    }

    fn events(&self) -> &BTreeMap<EventId, Event> {
        &self.events
    }

    fn logs(&mut self) -> &mut HashMap<String, ReplicationLog> {
        &mut self.logs
    }

    fn store(&mut self, events: Vec<Event>, now: DateTime<Utc>) {
        for event in events {
            self.stored += 1;
            let _ = self.clock.observe(event.hlc, now.timestamp_millis());
            if self.events.insert(event.id, event).is_some() {
                self.stored_twice += 1;
            }
        }
    }
}

/// What the sync needs of a device's own storage: its log and `_local` logs to read (the
/// reading is [`run_sync`]'s, the same for every device), and how it stores received events
/// (a bare log here, the counter's records in `tests/sync_convergence.rs`).
pub trait Local {
    /// The device's id (part of the replication ids).
    fn device(&self) -> DeviceId;
    /// The device's event log.
    fn events(&self) -> &BTreeMap<EventId, Event>;
    /// The device's `_local` replication logs, by key.
    fn logs(&mut self) -> &mut HashMap<String, ReplicationLog>;
    /// Stores received events (none of which the sync has seen held).
    fn store(&mut self, events: Vec<Event>, now: DateTime<Utc>);
}

/// Up to `limit` events of `log` with a clock above `after`, in clock order: what the store's
/// `events_after` reads through the `hlc` index.
fn events_after(log: &BTreeMap<EventId, Event>, after: Option<Hlc>, limit: usize) -> Vec<Event> {
    let mut events: Vec<Event> = log.values().filter(|event| Some(event.hlc) > after).cloned().collect();
    events.sort_by_key(|event| event.hlc);
    events.truncate(limit);
    events
}

/// Runs one sync session of `local` against `server` to its end, carrying out every action.
pub fn run_sync<L: Local>(local: &mut L, server: &mut FakeCouch, now: DateTime<Utc>, session: &str, batch_size: usize) -> Result<Report, SyncError> {
    let remote = "http://127.0.0.1:5984/shop";
    let ids = mohar::domain::sync::replication_ids(local.device(), remote);
    let start = SyncStart {
        device: local.device(),
        remote: remote.into(),
        session_id: session.into(),
        now,
        local_pull_log: local.logs().get(&ids.pull).cloned(),
        local_push_log: local.logs().get(&ids.push).cloned(),
        batch_size,
    };
    let (mut sync, mut action) = Sync::start(start);
    loop {
        let input = match action {
            Action::Http(request) => match server.handle(&request) {
                Some(response) => Input::Http(response),
                None => Input::Unreachable,
            },
            Action::ReadLocal { after, limit } => Input::LocalEvents(events_after(local.events(), after, limit)),
            Action::FindLocal(ids) => Input::LocalKnown(ids.into_iter().filter(|id| local.events().contains_key(id)).collect()),
            Action::Store(events) => {
                local.store(events, now);
                Input::Stored
            }
            Action::SaveLog { key, log } => {
                local.logs().insert(key, log);
                Input::Saved
            }
            Action::Finished(report) => return Ok(report),
            Action::Failed(error) => return Err(error),
        };
        action = sync.next(input);
    }

}
