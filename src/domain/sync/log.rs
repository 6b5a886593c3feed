//! Replication ids and the replication logs kept in `_local/` documents, as the CouchDB
//! replication protocol describes them: both peers keep the same log under the same id; on the
//! next run the logs are compared and replication resumes from the last sequence both recorded.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha512};

use crate::domain::{DeviceId, Hlc, Id128};

/// How many past sessions a log remembers, as CouchDB does.
pub const HISTORY_LEN: usize = 50;

/// The two replications of one device with one database: remote → device and device → remote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplicationIds {
    /// Pull: the server's database is the source.
    pub pull: String,
    /// Push: this device is the source.
    pub push: String,
}

/// The replication ids for this device and a remote database (its address without
/// credentials). Like CouchDB's and PouchDB's, they are a hash of what identifies the two peers
/// and the direction, so the same pair finds its checkpoints again and another device, another
/// database or the other direction never does.
pub fn replication_ids(device: DeviceId, remote: &str) -> ReplicationIds {
    let id = |direction: &str| {
        let mut hash = Sha512::new();
        for part in ["mohar-sync-1", direction, &device.0.to_hex(), remote.trim_end_matches('/')] {
            hash.update((part.len() as u64).to_le_bytes());
            hash.update(part.as_bytes());
        }
        let digest = hash.finalize();
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        Id128(bytes).to_hex()
    };
    ReplicationIds { pull: id("pull"), push: id("push") }
}

/// One session in a log's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// The session that recorded it.
    pub session_id: String,
    /// The source sequence it reached.
    pub recorded_seq: Value,
    /// When the session started (RFC 3339).
    #[serde(default)]
    pub start_time: String,
    /// When it recorded this (RFC 3339).
    #[serde(default)]
    pub end_time: String,
    /// Documents it wrote to the target.
    #[serde(default)]
    pub docs_written: u64,
}

/// A replication log, the body of `_local/<replication id>` on both peers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReplicationLog {
    /// The session that wrote it last.
    pub session_id: String,
    /// The source sequence every change up to which is on the target.
    pub source_last_seq: Value,
    /// Past sessions, newest first.
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
    /// The protocol's version of the id scheme (CouchDB writes 3 as well).
    #[serde(default)]
    pub replication_id_version: u32,
}

/// The sequence from which a replication resumes, given the logs of its source and target:
/// the last sequence of the same session if both were written by it, else the sequence of the
/// newest session both histories hold, else nothing (from the start). This is CouchDB's
/// `compare_replication_logs`.
pub fn compare_logs(source: Option<&ReplicationLog>, target: Option<&ReplicationLog>) -> Option<Value> {
    let (source, target) = (source?, target?);
    if source.session_id == target.session_id {
        return Some(source.source_last_seq.clone());
    }
    source
        .history
        .iter()
        .find(|entry| target.history.iter().any(|other| other.session_id == entry.session_id))
        .map(|entry| entry.recorded_seq.clone())
}

/// A position in this device's own log, the source sequence of a push: every event at or
/// below this clock is on the server. Written as the clock's sort key (text that sorts like
/// [`Hlc`]), which is also how the store's `hlc` index orders events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LocalSeq(pub Hlc);

impl LocalSeq {
    /// The sort key: milliseconds with the sign bit flipped, the counter, the device, in hex.
    pub fn key(&self) -> String {
        let hlc = &self.0;
        format!("{:016x}{:08x}{}", (hlc.millis as u64) ^ (1 << 63), hlc.counter, hlc.device.0.to_hex())
    }

    /// Reads a key back; `None` for anything else (a log from elsewhere starts from scratch).
    pub fn parse(value: &Value) -> Option<LocalSeq> {
        let text = value.as_str()?;
        if text.len() != 56 || !text.is_ascii() {
            return None;
        }
        let millis = u64::from_str_radix(&text[..16], 16).ok()? ^ (1 << 63);
        let counter = u32::from_str_radix(&text[16..24], 16).ok()?;
        let device = text[24..].parse().ok()?;
        Some(LocalSeq(Hlc { millis: millis as i64, counter, device }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(session: &str, seq: i64, history: &[(&str, i64)]) -> ReplicationLog {
        ReplicationLog {
            session_id: session.into(),
            source_last_seq: seq.into(),
            history: history
                .iter()
                .map(|(id, seq)| HistoryEntry {
                    session_id: (*id).into(),
                    recorded_seq: (*seq).into(),
                    start_time: String::new(),
                    end_time: String::new(),
                    docs_written: 0,
                })
                .collect(),
            replication_id_version: 3,
        }
    }

    #[test]
    fn logs_of_the_same_session_resume_from_its_last_sequence() {
        let a = log("s2", 40, &[("s2", 40), ("s1", 10)]);
        assert_eq!(compare_logs(Some(&a), Some(&a.clone())), Some(40.into()));
    }

    #[test]
    fn logs_that_differ_resume_from_the_newest_session_both_hold() {
        // The target's write of session s3 was lost: both still hold s2.
        let source = log("s3", 70, &[("s3", 70), ("s2", 40), ("s1", 10)]);
        let target = log("s2", 40, &[("s2", 40), ("s1", 10)]);
        assert_eq!(compare_logs(Some(&source), Some(&target)), Some(40.into()));
        let stranger = log("x", 99, &[("x", 99)]);
        assert_eq!(compare_logs(Some(&source), Some(&stranger)), None);
        assert_eq!(compare_logs(None, Some(&target)), None);
    }

    #[test]
    fn replication_ids_differ_by_device_database_and_direction() {
        let one = DeviceId::from_bytes([1; 16]);
        let two = DeviceId::from_bytes([2; 16]);
        let ids = replication_ids(one, "http://127.0.0.1:5984/shop");
        assert_ne!(ids.pull, ids.push);
        assert_eq!(ids, replication_ids(one, "http://127.0.0.1:5984/shop/"));
        assert_ne!(ids, replication_ids(two, "http://127.0.0.1:5984/shop"));
        assert_ne!(ids, replication_ids(one, "http://127.0.0.1:5984/other"));
        assert_eq!(ids.pull.len(), 32);
    }

    #[test]
    fn local_sequences_sort_like_clocks_and_read_back() {
        let device = DeviceId::from_bytes([7; 16]);
        let clocks = [(-5, 0), (0, 0), (0, 1), (1_793_527_200_000, 0), (1_793_527_200_000, 9)];
        let seqs: Vec<LocalSeq> = clocks.iter().map(|&(millis, counter)| LocalSeq(Hlc { millis, counter, device })).collect();
        for pair in seqs.windows(2) {
            assert!(pair[0].key() < pair[1].key());
        }
        for seq in seqs {
            assert_eq!(LocalSeq::parse(&Value::String(seq.key())), Some(seq));
        }
        assert_eq!(LocalSeq::parse(&Value::from(12)), None);
    }
}
