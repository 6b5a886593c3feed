//! The sync state machine against a fake CouchDB server (`sync_support`): both directions,
//! resuming after the server died mid-push and mid-pull with no event twice and none missing,
//! and the failures that must change nothing locally.

mod sync_support;

use chrono::{DateTime, Duration, TimeZone, Utc};
use mohar::domain::sync::{Action, Input, Response, Sync, SyncError, SyncStart};
use mohar::domain::{Actor, CustomerId, DeviceId, Event, EventId, EventKind};
use serde_json::json;
use sync_support::{Device, FakeCouch};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0).unwrap()
}

/// `count` stamps made on `device` a day before `now()`, a second apart.
fn stamp(device: &mut Device, count: usize, first_id: u32) {
    let start = now() - Duration::days(1);
    for n in 0..count {
        let mut id = [0u8; 16];
        id[0] = device.id.0 .0[0];
        id[12..].copy_from_slice(&(first_id + n as u32).to_be_bytes());
        let kind = EventKind::StampsAdded {
            customer: CustomerId::from_bytes([9; 16]),
            stamps: 1,
            bill: None,
            card_size: Some(10),
            same_visit: false,
            cooldown_override: false,
        };
        let event = Event::new(EventId::from_bytes(id), &mut device.clock, start + Duration::seconds(n as i64), Actor::Staff, kind);
        device.add(event);
    }
}

#[test]
fn two_devices_exchange_every_event_through_the_server_and_a_second_sync_sends_nothing() {
    let mut server = FakeCouch::default();
    let (mut a, mut b) = (Device::new(1), Device::new(2));
    stamp(&mut a, 5, 0);
    stamp(&mut b, 5, 100);
    let first = a.sync(&mut server, now(), "a1", 3).unwrap();
    assert_eq!((first.pulled, first.pushed), (0, 5));
    let second = b.sync(&mut server, now(), "b1", 3).unwrap();
    assert_eq!((second.pulled, second.pushed), (5, 5));
    let third = a.sync(&mut server, now(), "a2", 3).unwrap();
    assert_eq!((third.pulled, third.pushed), (5, 0));
    assert_eq!(a.events, b.events);
    assert_eq!(a.events.len(), 10);
    assert_eq!(server.doc_count(), 10);
    // Nothing new: no document moves either way, nothing is resent.
    let again = b.sync(&mut server, now(), "b2", 3).unwrap();
    assert_eq!((again.pulled, again.pushed), (0, 0));
    assert_eq!((server.resent, a.stored_twice, b.stored_twice), (0, 0, 0));
}

/// Runs a session with the server dying after `requests` requests, then restarts it.
fn interrupted(
    server: &mut FakeCouch,
    device: &mut Device,
    requests: usize,
) -> (Result<mohar::domain::sync::Report, SyncError>, mohar::domain::sync::Report) {
    server.dies_after = Some(requests);
    let broken = device.sync(server, now(), "killed", 100);
    server.dies_after = None;
    let resumed = device.sync(server, now(), "restarted", 100).expect("the restarted server syncs");
    (broken, resumed)
}

#[test]
fn a_push_cut_off_at_any_request_resumes_from_its_checkpoint_with_nothing_twice_or_missing() {
    // 350 events are four batches: verify, pull log, changes, pull checkpoint, push log, then
    // per batch _revs_diff → _bulk_docs → checkpoint: 17 requests, cut after each of 0..16.
    for requests in 0..17 {
        let mut server = FakeCouch::default();
        let mut a = Device::new(1);
        stamp(&mut a, 350, 0);
        let (broken, resumed) = interrupted(&mut server, &mut a, requests);
        assert_eq!(broken, Err(SyncError::Unreachable), "cut after {requests}");
        let sent_before = server.doc_count() - resumed.pushed;
        assert_eq!(server.doc_count(), 350, "cut after {requests}: every event is on the server");
        assert_eq!(server.resent, 0, "cut after {requests}: _revs_diff kept every event from being sent twice");
        assert_eq!(server.events().len(), 350);
        // Resuming started from the checkpoint, not from the beginning: whole batches that were
        // checkpointed before the cut were not read again.
        if requests >= 12 {
            assert!(sent_before >= 200 && resumed.pushed <= 150, "cut after {requests}: resumed {resumed:?}");
        }
    }
}

#[test]
fn a_pull_cut_off_at_any_request_resumes_from_its_checkpoint_with_nothing_twice_or_missing() {
    for requests in 0..20 {
        let mut server = FakeCouch::default();
        let mut a = Device::new(1);
        stamp(&mut a, 350, 0);
        a.sync(&mut server, now(), "a", 100).unwrap();
        let mut b = Device::new(2);
        let (broken, resumed) = interrupted(&mut server, &mut b, requests);
        assert_eq!(broken, Err(SyncError::Unreachable), "cut after {requests}");
        assert_eq!(b.events, a.events, "cut after {requests}: nothing missing");
        assert_eq!((b.stored, b.stored_twice), (350, 0), "cut after {requests}: each event stored once");
        if requests >= 12 {
            assert!(resumed.pulled <= 150, "cut after {requests}: resumed from the checkpoint, {resumed:?}");
        }
    }
}

#[test]
fn a_device_that_lost_its_own_checkpoint_write_resumes_from_the_history_both_logs_hold() {
    let mut server = FakeCouch::default();
    let mut a = Device::new(1);
    stamp(&mut a, 250, 0);
    a.sync(&mut server, now(), "a", 100).unwrap();
    let mut b = Device::new(2);
    b.sync(&mut server, now(), "b1", 100).unwrap();
    let kept = b.logs.clone();
    stamp(&mut a, 120, 1000);
    a.sync(&mut server, now(), "a2", 100).unwrap();
    b.sync(&mut server, now(), "b2", 100).unwrap();
    // b's own logs go back to session b1, the server's say b2 (its history holds b1).
    b.logs = kept;
    let report = b.sync(&mut server, now(), "b3", 100).unwrap();
    assert_eq!(report.pulled, 0, "resumed from b1's sequence, whose changes b already holds");
    assert_eq!(b.stored_twice, 0);
    assert_eq!(b.events.len(), 370);
}

#[test]
fn a_server_without_bulk_get_is_read_through_all_docs() {
    let mut server = FakeCouch::default();
    let mut a = Device::new(1);
    stamp(&mut a, 7, 0);
    a.sync(&mut server, now(), "a", 5).unwrap();
    server.without_bulk_get = true;
    let mut b = Device::new(2);
    assert_eq!(b.sync(&mut server, now(), "b", 5).unwrap().pulled, 7);
    assert_eq!(b.events, a.events);
}

#[test]
fn foreign_documents_design_documents_and_deletions_are_skipped_not_stored() {
    let mut server = FakeCouch::default();
    let mut a = Device::new(1);
    stamp(&mut a, 3, 0);
    a.sync(&mut server, now(), "a", 100).unwrap();
    server.put_raw(json!({"_id": "_design/app", "_rev": "1-a", "views": {}}));
    server.put_raw(json!({"_id": "not-an-event", "_rev": "1-b"}));
    server.put_raw(json!({"_id": "0123456789abcdef0123456789abcdef", "_rev": "1-c", "hello": "world"}));
    let mut b = Device::new(2);
    let report = b.sync(&mut server, now(), "b", 100).unwrap();
    assert_eq!((report.pulled, report.skipped), (3, 2));
    assert_eq!(b.events, a.events);
}

/// Asserts that a failed session left the device exactly as it was.
fn changes_nothing(server: &mut FakeCouch, expected: SyncError) {
    let mut b = Device::new(2);
    stamp(&mut b, 2, 500);
    let (events, logs) = (b.events.clone(), b.logs.clone());
    assert_eq!(b.sync(server, now(), "b", 100), Err(expected));
    assert_eq!((b.events, b.logs, b.stored), (events, logs, 0));
}

#[test]
fn a_malformed_changes_feed_stops_the_sync_and_changes_nothing_locally() {
    for body in ["{\"results\": 5, \"last_seq\": 1}", "{\"results\": [{\"id\": \"x\"}], \"last_seq\": 1}", "not json", "[]"] {
        let mut server = FakeCouch::default();
        let mut a = Device::new(1);
        stamp(&mut a, 3, 0);
        a.sync(&mut server, now(), "a", 100).unwrap();
        server.changes_body = Some(body.into());
        changes_nothing(&mut server, SyncError::Malformed { what: "_changes" });
    }
}

#[test]
fn a_refused_password_and_an_address_that_is_not_couchdb_change_nothing_locally() {
    let mut server = FakeCouch::default();
    server.refuses_password = true;
    changes_nothing(&mut server, SyncError::Unauthorized);
    let mut server = FakeCouch::default();
    server.not_couch = true;
    changes_nothing(&mut server, SyncError::NotCouchDb);
}

#[test]
fn the_database_check_tells_a_missing_database_from_a_server_that_is_not_couchdb() {
    let start = SyncStart {
        device: DeviceId::from_bytes([1; 16]),
        remote: "http://127.0.0.1:5984/shop".into(),
        session_id: "s".into(),
        now: now(),
        local_pull_log: None,
        local_push_log: None,
        batch_size: 100,
    };
    let answer = |status: u16, body: &str| {
        let (mut sync, _) = Sync::start(start.clone());
        sync.next(Input::Http(Response { status, body: body.into() }))
    };
    assert_eq!(answer(404, r#"{"error":"not_found","reason":"Database does not exist."}"#), Action::Failed(SyncError::DatabaseNotFound));
    assert_eq!(answer(404, "<html>Not Found</html>"), Action::Failed(SyncError::NotCouchDb));
    assert_eq!(answer(200, r#"{"status":"ok"}"#), Action::Failed(SyncError::NotCouchDb));
    assert_eq!(answer(403, r#"{"error":"forbidden"}"#), Action::Failed(SyncError::Unauthorized));
    assert_eq!(answer(503, ""), Action::Failed(SyncError::Server { status: 503 }));
    assert!(matches!(answer(200, r#"{"db_name":"shop","update_seq":"0-g1AAAA"}"#), Action::Http(_)));
}

#[test]
fn events_written_in_the_last_minutes_stay_above_the_recorded_push_checkpoint() {
    // An event stamped just before the device's log was read may commit just after it; the
    // checkpoint stays ten minutes below the session so the next push reads that window again.
    let mut server = FakeCouch::default();
    let mut a = Device::new(1);
    let recent = now() - Duration::minutes(2);
    let kind = EventKind::StampsAdded { customer: CustomerId::from_bytes([9; 16]), stamps: 1, bill: None, card_size: Some(10), same_visit: false, cooldown_override: false };
    let first = Event::new(EventId::from_bytes([1; 16]), &mut a.clock, recent, Actor::Staff, kind);
    a.add(first);
    a.sync(&mut server, now(), "a1", 100).unwrap();
    // An event stamped before that one's commit, landing after the first push read the log.
    let late = Event { id: EventId::from_bytes([2; 16]), hlc: mohar::domain::Hlc { millis: recent.timestamp_millis() - 1, counter: 0, device: a.id }, ..a.events.values().next().unwrap().clone() };
    a.add(late);
    let report = a.sync(&mut server, now() + Duration::seconds(5), "a2", 100).unwrap();
    assert_eq!(report.pushed, 1);
    assert_eq!(server.doc_count(), 2);
}
