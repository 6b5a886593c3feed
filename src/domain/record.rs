//! How a [`Customer`] record is stored: compact JSON, written on every tap, and the reading of
//! records written by the previous version (one entry per stamp in `contributions`, a `voided`
//! set), which are converted on load.
//!
//! A record read from storage is input like any other: every field is checked while decoding
//! (device indexes, entry kinds, times), and a bad one is a decoding error, never a panic.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::cards::CardState;
use super::customer::{Checkpoint, Contribution, Customer, CustomerProfile, PendingVoid, Recent};
use super::hlc::Hlc;
use super::ids::{CustomerId, DeviceId, EventId};
use super::money::Money;

/// The stored form of a customer: new records use the short fields; `contributions` and
/// `voided` are only read, from records of the previous version.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct StoredCustomer {
    id: CustomerId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    profile: Option<CustomerProfile>,
    /// The profile's clock, `[millis, counter, device index]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ph: Option<StoredHlc>,
    /// Previous version: the profile's clock as a whole [`Hlc`].
    #[serde(default, skip_serializing)]
    profile_hlc: Option<Hlc>,
    #[serde(default, with = "chrono::serde::ts_milliseconds_option", skip_serializing_if = "Option::is_none")]
    joined_at: Option<DateTime<Utc>>,
    /// The checkpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cp: Option<StoredCheckpoint>,
    /// The devices the record's clocks name, by index.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    dev: Vec<DeviceId>,
    /// The recent entries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    rc: Vec<StoredRecent>,
    /// Voided recent entries: (target, undo).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    vd: Vec<(Id64, Id64)>,
    /// Undos whose target has not arrived: (target, undo, target's clock).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pv: Vec<(Id64, Id64, Option<StoredHlc>)>,
    /// `event_count`.
    #[serde(default)]
    n: u32,
    #[serde(default)]
    rev: u64,
    /// The removal that took the customer out (`removed_by`); absent while they are a customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rm: Option<Id64>,
    /// The latest year a birthday reward was given; absent in records written before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    br: Option<i32>,
    /// Messages (issue 11): consent, preferences, promotional send times; absent while empty.
    #[serde(default, skip_serializing_if = "crate::domain::messages::Messaging::is_empty")]
    ms: crate::domain::messages::Messaging,
    /// Import (issue 13): the opening balances folded in; absent in records written before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    ob: Vec<Id64>,
    /// Referrals: who brought the customer (`referred_by`); absent in records written before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rf: Option<CustomerId>,
    /// Referrals: (friend, the bonus event that counts) (`referrals`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    rr: Vec<(CustomerId, Id64)>,
    /// Merging duplicates (issue 14): the card this customer was merged into (`merged_into`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    mi: Option<CustomerId>,
    /// Merging duplicates: the customers merged into this card (`merged`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    mg: Vec<CustomerId>,
    /// Previous version: every stamp and redemption by event id.
    #[serde(default, skip_serializing)]
    contributions: Option<BTreeMap<EventId, OldContribution>>,
    /// Previous version: ids of undone events.
    #[serde(default, skip_serializing)]
    voided: BTreeSet<EventId>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct StoredCheckpoint {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    h: Option<StoredHlc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hi: Option<Id64>,
    #[serde(default)]
    c: CardState,
    #[serde(default)]
    v: u32,
    #[serde(default, with = "chrono::serde::ts_milliseconds_option", skip_serializing_if = "Option::is_none")]
    lv: Option<DateTime<Utc>>,
    #[serde(default)]
    e: u64,
    #[serde(default)]
    u: u64,
    #[serde(default)]
    b: u64,
    /// The latest visits' times in minutes since the epoch, newest first: the first whole, each
    /// next one as minutes before the previous. Absent in records written before (tiers then
    /// count only the recent entries until the customer's log is folded again).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    vt: Vec<i64>,
}

/// One recent entry as a JSON array: id, milliseconds after the previous entry's clock (the
/// first: since the epoch), clock counter, device index, wall time minus clock milliseconds,
/// kind (0 visit stamps, 1 welcome stamps, 2 redemption), count, card size (0: none), bill in
/// minor units (0: none). About 60 bytes, where the same as an object would be about 200.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct StoredRecent(Id64, i64, u32, u32, i64, u8, u32, u32, u64);

/// A clock as `[millis, counter, device index]`.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
struct StoredHlc(i64, u32, u32);

/// An event id as 22 characters of base64url (the hex form takes 32): a record holds dozens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Id64(EventId);

const BASE64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

impl Serialize for Id64 {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut text = String::with_capacity(22);
        let (mut buffer, mut bits) = (0u32, 0u32);
        for byte in self.0 .0 .0 {
            buffer = (buffer << 8) | u32::from(byte);
            bits += 8;
            while bits >= 6 {
                bits -= 6;
                text.push(char::from(BASE64URL[((buffer >> bits) & 63) as usize]));
            }
            buffer &= (1 << bits) - 1;
        }
        text.push(char::from(BASE64URL[((buffer << (6 - bits)) & 63) as usize]));
        serializer.serialize_str(&text)
    }
}

impl<'de> Deserialize<'de> for Id64 {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        decode_id64(&text).map(|bytes| Id64(EventId::from_bytes(bytes))).ok_or_else(|| serde::de::Error::custom("an id is 22 base64url characters"))
    }
}

/// Reads 22 base64url characters as 16 bytes; anything else (other lengths, other characters,
/// stray bits in the last character) is `None`.
fn decode_id64(text: &str) -> Option<[u8; 16]> {
    if text.len() != 22 {
        return None;
    }
    let mut bytes = [0u8; 16];
    let (mut buffer, mut bits, mut filled) = (0u32, 0u32, 0usize);
    for character in text.bytes() {
        let value = BASE64URL.iter().position(|&known| known == character)? as u32;
        buffer = (buffer << 6) | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            *bytes.get_mut(filled)? = (buffer >> bits) as u8;
            filled += 1;
            buffer &= (1 << bits) - 1;
        }
    }
    (filled == 16 && buffer == 0).then_some(bytes)
}

/// The device table of a record being written.
struct Devices(Vec<DeviceId>);

impl Devices {
    fn index(&mut self, device: DeviceId) -> u32 {
        match self.0.iter().position(|known| *known == device) {
            Some(index) => index as u32,
            None => {
                self.0.push(device);
                (self.0.len() - 1) as u32
            }
        }
    }

    fn store(&mut self, hlc: Hlc) -> StoredHlc {
        StoredHlc(hlc.millis, hlc.counter, self.index(hlc.device))
    }
}

fn read_hlc(hlc: StoredHlc, devices: &[DeviceId]) -> Result<Hlc, RecordError> {
    let device = *devices.get(hlc.2 as usize).ok_or(RecordError::UnknownDevice)?;
    Ok(Hlc { millis: hlc.0, counter: hlc.1, device })
}

/// A contribution as the previous version stored it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum OldContribution {
    Stamps {
        stamps: u32,
        visit: bool,
        #[serde(with = "chrono::serde::ts_milliseconds")]
        at: DateTime<Utc>,
        bill: Option<Money>,
    },
    Redemption {
        stamps_used: u32,
        #[serde(with = "chrono::serde::ts_milliseconds")]
        at: DateTime<Utc>,
    },
}

/// Why a stored customer record could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    /// A recent entry names a device the record does not list.
    #[error("a recent entry names an unknown device")]
    UnknownDevice,
    /// A recent entry has a kind this version does not know.
    #[error("a recent entry has an unknown kind")]
    UnknownKind,
    /// A clock or a time is out of range.
    #[error("a time in the record is out of range")]
    TimeOutOfRange,
}

impl From<Customer> for StoredCustomer {
    fn from(customer: Customer) -> StoredCustomer {
        let mut devices = Devices(Vec::new());
        let mut rc = Vec::with_capacity(customer.recent.len());
        let mut vd = Vec::new();
        let mut previous = 0i64;
        for recent in &customer.recent {
            let device = devices.index(recent.hlc.device);
            let (kind, count, card_size, bill) = match recent.contribution {
                Contribution::Stamps { stamps, visit, bill, card_size } => {
                    (if visit { 0 } else { 1 }, stamps, card_size.unwrap_or(0), bill.map_or(0, |bill| bill.0))
                }
                Contribution::Redemption { stamps_used } => (2, stamps_used, 0, 0),
            };
            rc.push(StoredRecent(
                Id64(recent.id),
                recent.hlc.millis.saturating_sub(previous),
                recent.hlc.counter,
                device,
                recent.at.timestamp_millis().saturating_sub(recent.hlc.millis),
                kind,
                count,
                card_size,
                bill,
            ));
            previous = recent.hlc.millis;
            if let Some(by) = recent.voided_by {
                vd.push((Id64(recent.id), Id64(by)));
            }
        }
        let checkpoint = customer.checkpoint;
        let cp = (checkpoint != Checkpoint::default()).then(|| StoredCheckpoint {
            h: checkpoint.horizon.map(|hlc| devices.store(hlc)),
            hi: checkpoint.horizon.map(|_| Id64(checkpoint.horizon_id)),
            c: checkpoint.cards,
            v: checkpoint.visits,
            lv: checkpoint.last_visit,
            e: checkpoint.stamps_earned,
            u: checkpoint.stamps_used,
            b: checkpoint.bill_total.0,
            vt: minutes_newest_first(&checkpoint.visit_times),
        });
        let pv = customer
            .pending_voids
            .into_iter()
            .map(|pending| (Id64(pending.target), Id64(pending.by), pending.target_hlc.map(|hlc| devices.store(hlc))))
            .collect();
        let ph = customer.profile_hlc.map(|hlc| devices.store(hlc));
        StoredCustomer {
            id: customer.id,
            profile: customer.profile,
            ph,
            profile_hlc: None,
            joined_at: customer.joined_at,
            cp,
            dev: devices.0,
            rc,
            vd,
            pv,
            n: customer.event_count,
            rev: customer.rev,
            rm: customer.removed_by.map(Id64),
            br: customer.birthday_rewarded,
            ms: customer.messaging,
            ob: customer.openings.into_iter().map(Id64).collect(),
            rf: customer.referred_by,
            rr: customer.referrals.iter().map(|(friend, id)| (*friend, Id64(*id))).collect(),
            mi: customer.merged_into,
            mg: customer.merged,
            contributions: None,
            voided: BTreeSet::new(),
        }
    }
}

impl TryFrom<StoredCustomer> for Customer {
    type Error = RecordError;

    fn try_from(stored: StoredCustomer) -> Result<Customer, RecordError> {
        let mut customer = Customer::empty(stored.id);
        customer.profile = stored.profile;
        customer.profile_hlc = match stored.ph {
            Some(hlc) => Some(read_hlc(hlc, &stored.dev)?),
            None => stored.profile_hlc,
        };
        customer.joined_at = stored.joined_at;
        customer.rev = stored.rev;
        customer.removed_by = stored.rm.map(|id| id.0);
        customer.birthday_rewarded = stored.br;
        customer.messaging = stored.ms;
        let mut openings: Vec<EventId> = stored.ob.into_iter().map(|id| id.0).collect();
        super::sort::sort(&mut openings);
        openings.dedup();
        customer.openings = openings;
        customer.referred_by = stored.rf;
        customer.referrals = super::btree::map_of(stored.rr.iter().map(|(friend, id)| (*friend, id.0)));
        customer.merged_into = stored.mi;
        let mut merged = stored.mg;
        super::sort::sort(&mut merged);
        merged.dedup();
        customer.merged = merged;
        if let Some(old) = stored.contributions {
            return Ok(from_previous_version(customer, old, stored.voided));
        }
        if let Some(cp) = stored.cp {
            customer.checkpoint = Checkpoint {
                horizon: cp.h.map(|hlc| read_hlc(hlc, &stored.dev)).transpose()?,
                horizon_id: cp.hi.map_or(EventId::default(), |id| id.0),
                cards: cp.c,
                visits: cp.v,
                last_visit: cp.lv,
                stamps_earned: cp.e,
                stamps_used: cp.u,
                bill_total: Money(cp.b),
                visit_times: read_minutes(&cp.vt)?,
            };
        }
        let voided: BTreeMap<EventId, EventId> = super::btree::map_of(stored.vd.into_iter().map(|(target, by)| (target.0, by.0)));
        let mut millis = 0i64;
        for StoredRecent(Id64(id), delta, counter, device, at_delta, kind, count, card_size, bill) in stored.rc {
            millis = millis.checked_add(delta).ok_or(RecordError::TimeOutOfRange)?;
            let device = *stored.dev.get(device as usize).ok_or(RecordError::UnknownDevice)?;
            let at_millis = millis.checked_add(at_delta).ok_or(RecordError::TimeOutOfRange)?;
            let at = DateTime::from_timestamp_millis(at_millis).ok_or(RecordError::TimeOutOfRange)?;
            let bill = (bill > 0).then_some(Money(bill));
            let card_size = (card_size > 0).then_some(card_size);
            let contribution = match kind {
                0 | 1 => Contribution::Stamps { stamps: count, visit: kind == 0, bill, card_size },
                2 => Contribution::Redemption { stamps_used: count },
                _ => return Err(RecordError::UnknownKind),
            };
            let hlc = Hlc { millis, counter, device };
            customer.recent.push(Recent { id, hlc, at, contribution, voided_by: voided.get(&id).copied() });
        }
        // Stored in order; sorted again so that a damaged order cannot break the fold.
        super::sort::sort_by_key(&mut customer.recent, |recent| (recent.hlc, recent.id));
        for (target, by, target_hlc) in stored.pv {
            let target_hlc = target_hlc.map(|hlc| read_hlc(hlc, &stored.dev)).transpose()?;
            customer.pending_voids.push(PendingVoid { target: target.0, by: by.0, target_hlc });
        }
        super::sort::sort_by_key(&mut customer.pending_voids, |pending| pending.target);
        customer.event_count = stored.n;
        Ok(customer)
    }
}

/// Visit times (to the minute, newest first) as `[first, gap, gap…]` in minutes.
fn minutes_newest_first(times: &[DateTime<Utc>]) -> Vec<i64> {
    let mut previous = None;
    times
        .iter()
        .map(|at| {
            let minutes = at.timestamp_millis().div_euclid(60_000);
            let stored = previous.map_or(minutes, |before: i64| before.saturating_sub(minutes));
            previous = Some(minutes);
            stored
        })
        .collect()
}

/// Reads [`minutes_newest_first`]; a time out of range or out of order is an error, and at most
/// `know::VISITS_KEPT` are kept.
fn read_minutes(stored: &[i64]) -> Result<Vec<DateTime<Utc>>, RecordError> {
    let mut times = Vec::with_capacity(stored.len().min(super::know::VISITS_KEPT));
    let mut minutes: Option<i64> = None;
    for &value in stored.iter().take(super::know::VISITS_KEPT) {
        let next = match minutes {
            None => value,
            Some(_) if value < 0 => return Err(RecordError::TimeOutOfRange),
            Some(before) => before.checked_sub(value).ok_or(RecordError::TimeOutOfRange)?,
        };
        let millis = next.checked_mul(60_000).ok_or(RecordError::TimeOutOfRange)?;
        times.push(DateTime::from_timestamp_millis(millis).ok_or(RecordError::TimeOutOfRange)?);
        minutes = Some(next);
    }
    Ok(times)
}

/// Converts a record of the previous version. It kept no clocks for stamps, so their order is
/// taken from their wall time (device unknown); their card sizes were not recorded either (the
/// current program's applies, see `cards.rs`). Folding the log gives the exact record.
fn from_previous_version(mut customer: Customer, old: BTreeMap<EventId, OldContribution>, voided: BTreeSet<EventId>) -> Customer {
    let placeholder = EventId::default();
    let mut entries: Vec<Recent> = old
        .into_iter()
        .map(|(id, contribution)| {
            let (at, contribution) = match contribution {
                OldContribution::Stamps { stamps, visit, at, bill } => (at, Contribution::Stamps { stamps, visit, bill, card_size: None }),
                OldContribution::Redemption { stamps_used, at } => (at, Contribution::Redemption { stamps_used }),
            };
            let hlc = Hlc { millis: at.timestamp_millis(), counter: 0, device: DeviceId::default() };
            Recent { id, hlc, at, contribution, voided_by: voided.contains(&id).then_some(placeholder) }
        })
        .collect();
    super::sort::sort_by_key(&mut entries, |recent| (recent.hlc, recent.id));
    let held: BTreeSet<EventId> = super::btree::set_of(entries.iter().map(|recent| recent.id));
    // The previous version did not count events; this count is close (edits are not known) and
    // only ever grows from here.
    let events = entries.len() + voided.len() + usize::from(customer.profile.is_some());
    customer.event_count = u32::try_from(events).unwrap_or(u32::MAX);
    customer.pending_voids = voided
        .iter()
        .filter(|target| !held.contains(target))
        .map(|target| PendingVoid { target: *target, by: placeholder, target_hlc: None })
        .collect();
    customer.recent = entries;
    customer.compact();
    customer
}
