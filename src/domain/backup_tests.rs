use std::collections::BTreeSet;

use chrono::{TimeZone, Utc};

use super::*;
use crate::domain::demo::demo_events;
use crate::domain::DeviceId;

fn sealed() -> SealedKey {
    SealedKey { scheme: KEY_SCHEME.into(), iterations: KEY_ITERATIONS, salt: vec![1; SALT_LEN], nonce: vec![2; NONCE_LEN], sealed: vec![3; SEALED_LEN] }
}

fn header() -> BackupHeader {
    BackupHeader {
        format: BACKUP_FORMAT.into(),
        version: BACKUP_VERSION,
        shop_key: "shop-A".into(),
        created_at: 1_790_000_000_000,
        app_version: "test".into(),
        shop: None,
        device_settings: BTreeMap::new(),
        key: sealed(),
    }
}

fn events() -> Vec<Event> {
    demo_events(7, DeviceId::from_bytes([9; 16]), Utc.with_ymd_and_hms(2026, 11, 1, 10, 0, 0).unwrap())
}

/// A whole file, its log written in pages of 100 as the app does.
fn file(events: &[Event]) -> Vec<u8> {
    let (mut writer, mut bytes) = BackupWriter::start(&header());
    for page in events.chunks(100) {
        bytes.extend(writer.events(page));
    }
    bytes.extend(writer.finish());
    bytes
}

#[test]
fn a_written_backup_reads_back_whole() {
    let events = events();
    assert!(events.len() > 300, "the demo log spans several pages");
    let read = read_backup(&file(&events)).unwrap();
    assert_eq!(read.header, header());
    assert_eq!(read.events, events);
}

#[test]
fn an_empty_log_and_a_byte_order_mark_are_fine() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(file(&[]));
    assert_eq!(read_backup(&bytes).unwrap().events, vec![]);
}

#[test]
fn a_file_cut_anywhere_is_refused_as_incomplete_or_damaged() {
    let bytes = file(&events()[..40]);
    for cut in 0..bytes.len() {
        let error = read_backup(&bytes[..cut]).unwrap_err();
        assert!(matches!(error, BackupError::Truncated | BackupError::NotABackup | BackupError::Damaged { .. }), "cut at {cut}: {error:?}");
    }
    // Cut at a line's end, which is where a copy usually stops, it says "incomplete".
    let last_event_end = bytes[..bytes.len() - 1].iter().rposition(|byte| *byte == b'\n').unwrap() + 1;
    assert_eq!(read_backup(&bytes[..last_event_end]), Err(BackupError::Truncated));
    let header_end = bytes.iter().position(|byte| *byte == b'\n').unwrap() + 1;
    assert_eq!(read_backup(&bytes[..header_end]), Err(BackupError::Truncated));
    assert_eq!(read_backup(&bytes[..header_end - 1]), Err(BackupError::Truncated));
}

#[test]
fn a_changed_byte_is_found_by_the_checksum() {
    let mut bytes = file(&events()[..40]);
    let at = bytes.len() / 2;
    bytes[at] = if bytes[at] == b'1' { b'2' } else { b'1' };
    assert!(matches!(read_backup(&bytes), Err(BackupError::Damaged { .. })));
}

#[test]
fn a_newer_version_is_named_even_when_its_header_changed() {
    let bytes = b"{\"format\":\"mohar-backup\",\"version\":2,\"whatever\":true}\n{\"end\":{}}\n";
    assert_eq!(read_backup(bytes), Err(BackupError::TooNew { found: 2 }));
}

#[test]
fn other_files_are_not_backups() {
    for bytes in [&b""[..], b"name,phone\nRamesh,98765\n", b"{\"format\":\"other\",\"version\":1}\n", b"\x00\x01\x02"] {
        assert_eq!(read_backup(bytes), Err(BackupError::NotABackup), "{bytes:?}");
    }
}

#[test]
fn a_sealed_key_of_the_wrong_shape_or_cost_is_refused() {
    for change in [
        |key: &mut SealedKey| key.iterations = 1,
        |key: &mut SealedKey| key.iterations = u32::MAX,
        |key: &mut SealedKey| key.salt.pop().map(drop).unwrap_or(()),
        |key: &mut SealedKey| key.scheme = "rot13".into(),
    ] {
        let mut header = header();
        change(&mut header.key);
        let (writer, mut bytes) = BackupWriter::start(&header);
        bytes.extend(writer.finish());
        assert_eq!(read_backup(&bytes), Err(BackupError::Damaged { line: 1 }));
    }
}

#[test]
fn another_shops_file_is_refused_and_a_fresh_device_takes_any() {
    let read = read_backup(&file(&[])).unwrap();
    assert_eq!(read.check_shop(Some("shop-B")), Err(BackupError::OtherShop));
    assert_eq!(read.check_shop(Some("shop-A")), Ok(()));
    assert_eq!(read.check_shop(None), Ok(()));
}

#[test]
fn restoring_twice_adds_nothing_the_second_time() {
    let events = events();
    let mut doubled = events.clone();
    doubled.extend(events[..10].iter().cloned());
    let read = read_backup(&file(&doubled)).unwrap();
    let none: BTreeSet<EventId> = BTreeSet::new();
    let first = read.new_events(&none);
    assert_eq!(first.len(), events.len(), "a repeated line is taken once");
    let stored: BTreeSet<EventId> = first.iter().map(|event| event.id).collect();
    assert!(read.new_events(&stored).is_empty());
}
