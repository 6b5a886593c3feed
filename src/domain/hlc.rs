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

    /// Takes note of a timestamp from the store or another device, so later local events sort
    /// after it.
    pub fn observe(&mut self, seen: Hlc) {
        if (seen.millis, seen.counter) > (self.last.millis, self.last.counter) {
            self.last = Hlc { millis: seen.millis, counter: seen.counter, device: self.device };
        }
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
        clock.observe(remote);
        let next = clock.tick(1_500);
        assert!(next > remote);
        assert_eq!(next.device, device(1));
    }
}
