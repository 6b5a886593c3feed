//! What the counter did for one customer in the last few minutes: the rules that keep a burst
//! of taps from giving stamps away, and that let each of them be undone.
//!
//! A busy clerk taps twice, a finger bounces, a customer says "add one more". So a second
//! "Add stamp" for the same customer within [`SAME_VISIT`] of the last one is not added
//! silently: the screen asks first ([`AddStamp::Ask`]). Every stamp and redemption stays
//! undoable for [`UNDO_WINDOW`] after it was saved, newest first, one at a time.
//!
//! This is plain data: the screen records what it saved (`stamped`, `redeemed`, `undone`) and
//! asks what to do and show, passing `now`.

use chrono::{DateTime, TimeDelta, Utc};

use super::ids::EventId;

/// A second stamp this soon after the last one is taken to be for the same visit, and asked.
pub const SAME_VISIT: TimeDelta = TimeDelta::seconds(60);

/// How long after it was saved an action can still be undone.
pub const UNDO_WINDOW: TimeDelta = TimeDelta::seconds(120);

/// What one saved action did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Stamps added for a visit.
    Stamps(u32),
    /// A reward given.
    Redemption,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Done {
    event: EventId,
    action: Action,
    at: DateTime<Utc>,
    undone: bool,
}

/// What a tap on "Add stamp" should do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddStamp {
    /// Add the stamp: nothing was stamped for this customer in the last [`SAME_VISIT`].
    Add,
    /// Ask "Add another stamp for this visit?"; `added_now` stamps are already on it.
    Ask {
        /// Stamps added for this visit so far.
        added_now: u32,
    },
}

/// The line under the buttons, saying what was just done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// One stamp event for this visit: "Stamps added: n".
    Stamped {
        /// Stamps that event added.
        stamps: u32,
    },
    /// More than one stamp event for this visit: "n stamps added now".
    StampedAgain {
        /// Stamps added for this visit in all.
        added_now: u32,
    },
    /// "Reward given".
    Redeemed,
    /// "Undone", and what is still added for this visit (0 when nothing is).
    Undone {
        /// Stamps still added for this visit.
        added_now: u32,
    },
}

/// The recent actions for one customer, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recent {
    done: Vec<Done>,
    /// The last thing that happened and when, for the status line.
    last: Option<(Last, DateTime<Utc>)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Last {
    Did,
    Undid,
}

impl Recent {
    /// Nothing done yet.
    pub fn new() -> Recent {
        Recent::default()
    }

    /// Notes a saved stamp event.
    pub fn stamped(&mut self, event: EventId, stamps: u32, at: DateTime<Utc>) {
        self.push(event, Action::Stamps(stamps), at);
    }

    /// Notes a saved redemption.
    pub fn redeemed(&mut self, event: EventId, at: DateTime<Utc>) {
        self.push(event, Action::Redemption, at);
    }

    fn push(&mut self, event: EventId, action: Action, at: DateTime<Utc>) {
        self.done.push(Done { event, action, at, undone: false });
        self.last = Some((Last::Did, at));
    }

    /// Notes that the undo of `event` was saved.
    pub fn undone(&mut self, event: EventId, at: DateTime<Utc>) {
        if let Some(done) = self.done.iter_mut().find(|done| done.event == event) {
            done.undone = true;
            self.last = Some((Last::Undid, at));
        }
    }

    /// Stamp events still counted, oldest first.
    fn stamps(&self) -> impl DoubleEndedIterator<Item = (&Done, u32)> {
        self.done.iter().filter(|done| !done.undone).filter_map(|done| match done.action {
            Action::Stamps(stamps) => Some((done, stamps)),
            Action::Redemption => None,
        })
    }

    /// The stamp events of the latest visit, newest first: the newest stamp and every earlier
    /// one that came within [`SAME_VISIT`] of the stamp after it.
    fn visit(&self) -> impl Iterator<Item = (&Done, u32)> {
        let mut next_at: Option<DateTime<Utc>> = None;
        self.stamps().rev().take_while(move |(done, _)| {
            let same = next_at.is_none_or(|next| next - done.at <= SAME_VISIT);
            next_at = Some(done.at);
            same
        })
    }

    /// Stamps added for the latest visit and not undone.
    pub fn added_now(&self) -> u32 {
        self.visit().map(|(_, stamps)| stamps).fold(0, u32::saturating_add)
    }

    /// What "Add stamp" should do at `now`.
    pub fn add_stamp(&self, now: DateTime<Utc>) -> AddStamp {
        match self.stamps().next_back() {
            Some((last, _)) if now - last.at <= SAME_VISIT => AddStamp::Ask { added_now: self.added_now() },
            _ => AddStamp::Add,
        }
    }

    /// The action Undo takes back at `now`: the newest one not undone yet, while it is within
    /// [`UNDO_WINDOW`]. Older ones are offered once the newer are undone.
    pub fn next_undo(&self, now: DateTime<Utc>) -> Option<EventId> {
        let newest = self.done.iter().rev().find(|done| !done.undone)?;
        (now - newest.at <= UNDO_WINDOW).then_some(newest.event)
    }

    /// The status line at `now`, shown for [`UNDO_WINDOW`] after the last action or undo.
    pub fn status(&self, now: DateTime<Utc>) -> Option<Status> {
        let (last, at) = self.last?;
        if now - at > UNDO_WINDOW {
            return None;
        }
        Some(match last {
            Last::Undid => Status::Undone { added_now: self.added_now() },
            Last::Did => match self.done.last()?.action {
                Action::Redemption => Status::Redeemed,
                Action::Stamps(stamps) => {
                    if self.visit().nth(1).is_some() {
                        Status::StampedAgain { added_now: self.added_now() }
                    } else {
                        Status::Stamped { stamps }
                    }
                }
            },
        })
    }

    /// Whether nothing here matters any more at `now` (no status, no undo, no visit to ask
    /// about), so the record can be dropped.
    pub fn is_stale(&self, now: DateTime<Utc>) -> bool {
        self.status(now).is_none() && self.next_undo(now).is_none() && self.add_stamp(now) == AddStamp::Add
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::Id128;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + seconds, 0).unwrap()
    }

    fn id(n: u8) -> EventId {
        let mut bytes = [0; 16];
        bytes[15] = n;
        EventId(Id128(bytes))
    }

    #[test]
    fn the_first_stamp_is_added_without_asking() {
        assert_eq!(Recent::new().add_stamp(at(0)), AddStamp::Add);
        assert_eq!(Recent::new().status(at(0)), None);
        assert_eq!(Recent::new().next_undo(at(0)), None);
    }

    #[test]
    fn a_second_stamp_within_a_minute_asks_with_the_running_total() {
        let mut recent = Recent::new();
        recent.stamped(id(1), 1, at(0));
        assert_eq!(recent.add_stamp(at(1)), AddStamp::Ask { added_now: 1 });
        assert_eq!(recent.add_stamp(at(60)), AddStamp::Ask { added_now: 1 });
        assert_eq!(recent.add_stamp(at(61)), AddStamp::Add);
        assert_eq!(recent.status(at(1)), Some(Status::Stamped { stamps: 1 }));

        recent.stamped(id(2), 1, at(10));
        assert_eq!(recent.status(at(10)), Some(Status::StampedAgain { added_now: 2 }));
        // The window runs from the newest stamp of the visit.
        assert_eq!(recent.add_stamp(at(70)), AddStamp::Ask { added_now: 2 });
        assert_eq!(recent.add_stamp(at(71)), AddStamp::Add);
    }

    #[test]
    fn the_running_total_counts_stamps_not_taps() {
        let mut recent = Recent::new();
        recent.stamped(id(1), 5, at(0));
        recent.stamped(id(2), 3, at(20));
        assert_eq!(recent.added_now(), 8);
        assert_eq!(recent.status(at(20)), Some(Status::StampedAgain { added_now: 8 }));
    }

    #[test]
    fn a_later_visit_starts_a_new_total() {
        let mut recent = Recent::new();
        recent.stamped(id(1), 1, at(0));
        recent.stamped(id(2), 1, at(90));
        assert_eq!(recent.added_now(), 1);
        assert_eq!(recent.status(at(90)), Some(Status::Stamped { stamps: 1 }));
        assert_eq!(recent.add_stamp(at(100)), AddStamp::Ask { added_now: 1 });
    }

    #[test]
    fn undo_takes_back_each_stamp_newest_first() {
        let mut recent = Recent::new();
        recent.stamped(id(1), 1, at(0));
        recent.stamped(id(2), 1, at(5));
        assert_eq!(recent.next_undo(at(6)), Some(id(2)));
        recent.undone(id(2), at(6));
        assert_eq!(recent.status(at(6)), Some(Status::Undone { added_now: 1 }));
        assert_eq!(recent.next_undo(at(7)), Some(id(1)));
        recent.undone(id(1), at(7));
        assert_eq!(recent.status(at(7)), Some(Status::Undone { added_now: 0 }));
        assert_eq!(recent.next_undo(at(8)), None);
        // With every stamp undone the next tap is a fresh visit.
        assert_eq!(recent.add_stamp(at(8)), AddStamp::Add);
    }

    #[test]
    fn each_action_stays_undoable_for_two_minutes_from_its_own_time() {
        let mut recent = Recent::new();
        recent.stamped(id(1), 1, at(0));
        recent.stamped(id(2), 1, at(50));
        assert_eq!(recent.next_undo(at(170)), Some(id(2)));
        recent.undone(id(2), at(100));
        // The first stamp's window is its own: it ended at 120 s.
        assert_eq!(recent.next_undo(at(120)), Some(id(1)));
        assert_eq!(recent.next_undo(at(121)), None);
        assert_eq!(recent.next_undo(at(171)), None);
    }

    #[test]
    fn a_redemption_is_undone_before_the_stamps_before_it() {
        let mut recent = Recent::new();
        recent.stamped(id(1), 1, at(0));
        recent.redeemed(id(2), at(3));
        assert_eq!(recent.status(at(3)), Some(Status::Redeemed));
        assert_eq!(recent.next_undo(at(4)), Some(id(2)));
        // A redemption is not a stamp: the visit still has its one stamp.
        assert_eq!(recent.add_stamp(at(4)), AddStamp::Ask { added_now: 1 });
        recent.undone(id(2), at(4));
        assert_eq!(recent.next_undo(at(5)), Some(id(1)));
    }

    #[test]
    fn the_status_goes_after_the_undo_window_and_the_record_can_be_dropped() {
        let mut recent = Recent::new();
        recent.stamped(id(1), 1, at(0));
        assert!(!recent.is_stale(at(120)));
        assert_eq!(recent.status(at(121)), None);
        assert!(recent.is_stale(at(121)));
    }

    /// Property tests (proptest is a native-only dev-dependency).
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;

        proptest::proptest! {
            /// However the taps fall, without a "yes" two stamps are never added within a minute.
            #[test]
            fn taps_without_a_yes_never_add_two_stamps_within_a_minute(gaps in proptest::collection::vec(0i64..150, 1..60)) {
                let mut recent = Recent::new();
                let mut time = 0;
                let mut stamped = Vec::new();
                for (n, gap) in gaps.iter().enumerate() {
                    time += gap;
                    if recent.add_stamp(at(time)) == AddStamp::Add {
                        recent.stamped(id(n as u8), 1, at(time));
                        stamped.push(time);
                    }
                }
                for pair in stamped.windows(2) {
                    proptest::prop_assert!(pair[1] - pair[0] > SAME_VISIT.num_seconds());
                }
            }

            /// Undo, pressed until it goes, takes back exactly the stamps of the last two minutes.
            #[test]
            fn undo_takes_back_every_stamp_of_the_last_two_minutes(gaps in proptest::collection::vec(0i64..90, 1..30)) {
                let mut recent = Recent::new();
                let mut time = 0;
                for (n, gap) in gaps.iter().enumerate() {
                    time += gap;
                    recent.stamped(id(n as u8), 1, at(time));
                }
                let mut times: Vec<i64> = gaps.iter().scan(0, |sum, gap| { *sum += gap; Some(*sum) }).collect();
                times.retain(|stamped| time - stamped <= UNDO_WINDOW.num_seconds());
                let mut undone = 0;
                while let Some(event) = recent.next_undo(at(time)) {
                    recent.undone(event, at(time));
                    undone += 1;
                }
                proptest::prop_assert_eq!(undone, times.len());
            }
        }
    }

    #[test]
    fn undoing_an_unknown_event_changes_nothing() {
        let mut recent = Recent::new();
        recent.stamped(id(1), 1, at(0));
        let before = recent.clone();
        recent.undone(id(9), at(1));
        assert_eq!(recent, before);
    }
}
