//! Staff and owner PINs as plain data: who works at the counter, their PIN hashes, and the
//! lock that follows too many wrong tries.
//!
//! The core never sees a PIN's hash being made: the shell derives it (PBKDF2 in the browser's
//! WebCrypto, see `app/pin_hash.rs`) with the shop's salt and hands the 32 bytes in. The rules
//! here only compare hashes, keep the roster and decide when PIN entry is locked, with `now`
//! passed in, so they are tested natively.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::event::Actor;
pub use super::ids::StaffId;
use super::ids::Id128;
use super::shop::validate_name;
use super::error::DomainError;

/// Wrong tries allowed before PIN entry locks.
pub const FREE_TRIES: u32 = 5;
/// The first lock after [`FREE_TRIES`] wrong tries; each further lock doubles it.
pub const FIRST_LOCK: TimeDelta = TimeDelta::seconds(30);
/// The longest lock.
pub const LONGEST_LOCK: TimeDelta = TimeDelta::hours(1);
/// The shortest and longest PIN, in digits.
pub const PIN_DIGITS: (usize, usize) = (4, 8);
/// The default minimum time between two stamps for one customer.
pub const DEFAULT_COOLDOWN_MINUTES: u32 = 10;
/// The longest cooldown the owner may set (a day).
pub const MAX_COOLDOWN_MINUTES: u32 = 24 * 60;

/// A PIN's PBKDF2 hash with the shop's salt. Stored as 64 hex digits (two [`Id128`] texts):
/// serde's code for a 32-byte array costs the counter's wasm kilobytes, the ids' hex code is
/// there already.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PinHash(pub [u8; 32]);

impl Serialize for PinHash {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (high, low) = self.halves();
        serializer.serialize_str(&format!("{}{}", high.to_hex(), low.to_hex()))
    }
}

impl<'de> Deserialize<'de> for PinHash {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let half = |part: Option<&str>| part.and_then(|part| part.parse::<Id128>().ok()).ok_or_else(|| serde::de::Error::custom("a PIN hash is 64 hex digits"));
        let high = half(text.get(..32))?;
        let low = half(text.get(32..).filter(|rest| rest.len() == 32))?;
        let mut bytes = [0; 32];
        bytes[..16].copy_from_slice(&high.0);
        bytes[16..].copy_from_slice(&low.0);
        Ok(PinHash(bytes))
    }
}

impl std::fmt::Debug for PinHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A hash is not printed in logs.
        f.write_str("PinHash(…)")
    }
}

impl PinHash {
    fn halves(&self) -> (Id128, Id128) {
        let mut high = [0; 16];
        let mut low = [0; 16];
        high.copy_from_slice(&self.0[..16]);
        low.copy_from_slice(&self.0[16..]);
        (Id128(high), Id128(low))
    }

    /// Compares in time independent of where the bytes differ, so timing tells nothing about
    /// how close a guess was (written out: it is one loop, not worth a crate).
    pub fn matches(&self, other: &PinHash) -> bool {
        self.0.iter().zip(other.0.iter()).fold(0u8, |diff, (a, b)| diff | (a ^ b)) == 0
    }
}

/// A named member of staff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    /// Recorded in every event they make.
    pub id: StaffId,
    /// As the shop calls them.
    pub name: String,
    /// Their PIN's hash.
    pub pin: PinHash,
    /// Removed members keep their name, so the activity still says who did what.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub removed: bool,
}

/// How many wrong tries were made in a row and until when PIN entry is locked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinLock {
    /// Wrong tries since the last right one.
    pub failures: u32,
    /// PIN entry is refused before this moment (milliseconds since the epoch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked_until: Option<i64>,
}

impl PinLock {
    /// When PIN entry opens again, if it is locked at `now`.
    pub fn locked_at(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.locked_until.filter(|until| *until > now.timestamp_millis()).and_then(DateTime::from_timestamp_millis)
    }

    /// Notes a wrong try. Every [`FREE_TRIES`]-th wrong try in a row locks entry, for
    /// [`FIRST_LOCK`] doubled at each lock, up to [`LONGEST_LOCK`].
    pub fn failed(&mut self, now: DateTime<Utc>) {
        self.failures = self.failures.saturating_add(1);
        if self.failures % FREE_TRIES == 0 {
            let locks = self.failures / FREE_TRIES;
            let lock = lock_length(locks);
            self.locked_until = Some(now.timestamp_millis() + lock.num_milliseconds());
        }
    }

    /// Wrong tries left before the next lock.
    pub fn tries_left(&self) -> u32 {
        FREE_TRIES - self.failures % FREE_TRIES
    }
}

/// The length of the `locks`-th lock in a row (1 = the first).
pub fn lock_length(locks: u32) -> TimeDelta {
    let doublings = locks.saturating_sub(1).min(16);
    let lock = FIRST_LOCK * (1i32 << doublings);
    lock.min(LONGEST_LOCK)
}

/// Why a PIN was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PinError {
    /// The PIN is not that person's.
    #[error("wrong PIN; {tries_left} tries left")]
    Wrong {
        /// Tries before entry locks.
        tries_left: u32,
    },
    /// Too many wrong tries: entry is locked until then (milliseconds since the epoch).
    #[error("too many wrong PINs; try again later")]
    Locked {
        /// When entry opens again.
        until: i64,
    },
    /// A PIN is 4 to 8 digits.
    #[error("a PIN is 4 to 8 digits")]
    Malformed,
    /// Nobody with that id works here (removed, or never added).
    #[error("no such member of staff")]
    NoSuchPerson,
}

/// Everyone who works at the counter and the shop's counter rules, kept on the device (in the
/// store's `meta`), never in the event log: hashes are not history, and no export carries them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffBook {
    /// The shop's salt for PIN hashes, random, made once.
    pub salt: Id128,
    /// The owner's PIN; `None` in a shop without PINs, where everyone acts as the owner.
    #[serde(default)]
    pub owner_pin: Option<PinHash>,
    /// Staff, in the order added.
    #[serde(default)]
    pub staff: Vec<StaffMember>,
    /// Wrong tries and the lock, shared by every PIN entry of the device (so a reload, or trying
    /// another name, does not reset it).
    #[serde(default)]
    pub lock: PinLock,
    /// The minimum time between two stamps for one customer, in minutes (0: none).
    #[serde(default = "default_cooldown")]
    pub cooldown_minutes: u32,
    /// The owner chose "Later" when asked to set an owner PIN.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pin_prompt_dismissed: bool,
}

fn default_cooldown() -> u32 {
    DEFAULT_COOLDOWN_MINUTES
}

/// Reads a typed PIN: 4 to 8 digits, Latin or the Devanagari, Bengali or Gujarati ones
/// (every number field takes either), returned as Latin digits.
pub fn read_pin(typed: &str) -> Result<String, PinError> {
    let mut digits = String::new();
    for c in typed.trim().chars() {
        let digit = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '\u{966}'..='\u{96f}' => c as u32 - 0x966,
            '\u{9e6}'..='\u{9ef}' => c as u32 - 0x9e6,
            '\u{ae6}'..='\u{aef}' => c as u32 - 0xae6,
            _ => return Err(PinError::Malformed),
        };
        digits.push(char::from_digit(digit, 10).unwrap_or('0'));
    }
    if !(PIN_DIGITS.0..=PIN_DIGITS.1).contains(&digits.chars().count()) {
        return Err(PinError::Malformed);
    }
    Ok(digits)
}

impl StaffBook {
    /// A book with no PINs (every shop before it sets one), with a fresh salt.
    pub fn new(salt: [u8; 16]) -> StaffBook {
        StaffBook { salt: Id128(salt), owner_pin: None, staff: Vec::new(), lock: PinLock::default(), cooldown_minutes: DEFAULT_COOLDOWN_MINUTES, pin_prompt_dismissed: false }
    }

    /// Whether PINs are in use: only once the owner has one. Without it everyone is the owner.
    pub fn has_owner_pin(&self) -> bool {
        self.owner_pin.is_some()
    }

    /// Whether the owner should be asked (gently) to set an owner PIN.
    pub fn should_ask_for_owner_pin(&self) -> bool {
        !self.has_owner_pin() && !self.pin_prompt_dismissed
    }

    /// Staff who still work here.
    pub fn active_staff(&self) -> impl Iterator<Item = &StaffMember> {
        self.staff.iter().filter(|member| !member.removed)
    }

    /// The name of a member of staff (removed ones too), for the activity.
    pub fn name_of(&self, id: StaffId) -> Option<&str> {
        self.staff.iter().find(|member| member.id == id).map(|member| member.name.as_str())
    }

    /// Sets (or changes) the owner's PIN.
    pub fn set_owner_pin(&mut self, pin: PinHash) {
        self.owner_pin = Some(pin);
    }

    /// Adds a member of staff with a name and a PIN.
    pub fn add_staff(&mut self, id: StaffId, name: &str, pin: PinHash) -> Result<(), DomainError> {
        validate_name(name)?;
        self.staff.push(StaffMember { id, name: name.trim().to_owned(), pin, removed: false });
        Ok(())
    }

    /// Removes a member of staff: they can no longer sign in; their name stays for the activity.
    pub fn remove_staff(&mut self, id: StaffId) {
        if let Some(member) = self.staff.iter_mut().find(|member| member.id == id) {
            member.removed = true;
        }
    }

    /// Sets the cooldown between stamps.
    pub fn set_cooldown(&mut self, minutes: u32) -> Result<(), DomainError> {
        if minutes > MAX_COOLDOWN_MINUTES {
            return Err(DomainError::StampsOutOfRange { max: MAX_COOLDOWN_MINUTES });
        }
        self.cooldown_minutes = minutes;
        Ok(())
    }

    /// The cooldown as a duration.
    pub fn cooldown(&self) -> TimeDelta {
        TimeDelta::minutes(i64::from(self.cooldown_minutes))
    }

    /// Checks `hash` (of what was typed) against `person`'s PIN at `now`, noting a wrong try in
    /// the lock. While entry is locked nothing is compared, not even the right PIN. The book
    /// changes (the lock) either way, so the caller saves it either way.
    pub fn verify(&mut self, person: Actor, hash: &PinHash, now: DateTime<Utc>) -> Result<(), PinError> {
        if let Some(until) = self.lock.locked_at(now) {
            return Err(PinError::Locked { until: until.timestamp_millis() });
        }
        let expected = match person {
            Actor::Owner => self.owner_pin,
            Actor::StaffMember(id) => self.active_staff().find(|member| member.id == id).map(|member| member.pin),
            Actor::Staff => None,
        };
        let Some(expected) = expected else { return Err(PinError::NoSuchPerson) };
        if expected.matches(hash) {
            self.lock = PinLock::default();
            return Ok(());
        }
        self.lock.failed(now);
        match self.lock.locked_at(now) {
            Some(until) => Err(PinError::Locked { until: until.timestamp_millis() }),
            None => Err(PinError::Wrong { tries_left: self.lock.tries_left() }),
        }
    }
}

#[cfg(test)]
#[path = "staff_tests.rs"]
mod tests;
