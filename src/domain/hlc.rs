//! A hybrid logical clock, so that events from several devices can later be merged in one
//! order that respects causality even when the devices' wall clocks disagree.

use serde::{Deserialize, Serialize};

use super::ids::DeviceId;

/// A hybrid logical clock timestamp: wall-clock milliseconds, a counter for events within the
/// same millisecond (or while the wall clock lags behind what we have seen), and the device as
/// the final tie-breaker. Ordering is total and the same on every device.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
pub struct Hlc {
    /// Milliseconds since the Unix epoch, never lower than any timestamp seen before.
    pub millis: i64,
    /// Breaks ties between events of the same millisecond.
    pub counter: u32,
    /// The device that made the event.
    pub device: DeviceId,
}

/// How far ahead of this device's wall clock a stored or remote timestamp may pull the clock: 24
/// hours. A device whose clock was once set a year ahead left timestamps that far in the future;
/// following them would make every later event (and every later card) look older than they are.
pub const MAX_CLOCK_AHEAD_MILLIS: i64 = 24 * 60 * 60 * 1000;

/// A timestamp the clock refused to follow because it is too far ahead of the wall clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("this tablet's clock or data is ahead by {} hours", self.hours())]
pub struct ClockAhead {
    /// How far the refused timestamp is ahead of the wall clock, in milliseconds.
    pub ahead_millis: i64,
}

impl ClockAhead {
    /// How far ahead, in whole hours (rounded up), for the message the shell shows.
    pub fn hours(&self) -> i64 {
        let hour = 60 * 60 * 1000;
        self.ahead_millis.saturating_add(hour - 1) / hour
    }
}

/// The clock of one device. It only moves forward.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clock {
    device: DeviceId,
    last: Hlc,
}

impl Clock {
    /// A fresh clock for `device`.
    pub fn new(device: DeviceId) -> Self {
        Self { device, last: Hlc { millis: i64::MIN, counter: 0, device } }
    }

    /// The device this clock stamps events for.
    pub fn device(&self) -> DeviceId {
        self.device
    }

    /// A timestamp for a new local event at wall-clock time `now_millis`; always greater than
    /// every timestamp this clock has issued or observed.
    pub fn tick(&mut self, now_millis: i64) -> Hlc {
        let next = if now_millis > self.last.millis {
            Hlc { millis: now_millis, counter: 0, device: self.device }
        } else {
            Hlc { millis: self.last.millis, counter: self.last.counter.saturating_add(1), device: self.device }
        };
        self.last = next;
        next
    }

    /// Takes note of a timestamp from the store or another device at wall-clock time
    /// `now_millis`, so later local events sort after it. A timestamp more than
    /// [`MAX_CLOCK_AHEAD_MILLIS`] ahead of the wall clock is not followed: the clock stays where
    /// it was (its ticks still strictly increase) and the refusal says by how much, for the shell
    /// to show.
    pub fn observe(&mut self, seen: Hlc, now_millis: i64) -> Result<(), ClockAhead> {
        let ahead_millis = seen.millis.saturating_sub(now_millis);
        if ahead_millis > MAX_CLOCK_AHEAD_MILLIS {
            return Err(ClockAhead { ahead_millis });
        }
        if (seen.millis, seen.counter) > (self.last.millis, self.last.counter) {
            self.last = Hlc { millis: seen.millis, counter: seen.counter, device: self.device };
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device(byte: u8) -> DeviceId {
        DeviceId::from_bytes([byte; 16])
    }

    #[test]
    fn ticks_are_strictly_increasing_even_when_the_wall_clock_goes_back() {
        let mut clock = Clock::new(device(1));
        let a = clock.tick(1_000);
        let b = clock.tick(1_000);
        let c = clock.tick(500);
        let d = clock.tick(2_000);
        assert!(a < b && b < c && c < d);
        assert_eq!(d.counter, 0);
    }

    #[test]
    fn observing_a_later_remote_time_moves_the_clock_past_it() {
        let mut clock = Clock::new(device(1));
        clock.tick(1_000);
        let remote = Hlc { millis: 9_000, counter: 4, device: device(2) };
        assert_eq!(clock.observe(remote, 1_500), Ok(()));
        let next = clock.tick(1_500);
        assert!(next > remote);
        assert_eq!(next.device, device(1));
    }

    #[test]
    fn a_timestamp_far_ahead_of_the_wall_clock_is_refused_and_ticks_stay_increasing() {
        let now = 1_793_527_200_000;
        let mut clock = Clock::new(device(1));
        let before = clock.tick(now);
        let year_ahead = Hlc { millis: now + 365 * 24 * 60 * 60 * 1000, counter: 0, device: device(2) };
        let refused = clock.observe(year_ahead, now + 1);
        assert_eq!(refused.map_err(|ahead| ahead.hours()), Err(365 * 24));
        let next = clock.tick(now + 2);
        assert!(next > before);
        assert_eq!(next.millis, now + 2, "the clock did not jump to the refused time");
        // Just inside the bound is followed.
        let near = Hlc { millis: now + MAX_CLOCK_AHEAD_MILLIS, counter: 3, device: device(2) };
        assert_eq!(clock.observe(near, now), Ok(()));
        let after = clock.tick(now + 3);
        assert!(after > near && after > next);
    }
}
