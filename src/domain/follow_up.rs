//! Questions and complaints (issue 10, "Hear them out"): what the owner has to follow up, folded
//! from events like everything else.
//!
//! A **question** is feedback of the kind "question" (`FeedbackGiven`); the owner answers it
//! (`QuestionAnswered`, with a note). A **complaint** is opened at the counter
//! (`ComplaintOpened`, "what happened") and then handled (`ComplaintUpdated`: who handles it, a
//! status open → in progress → resolved, a resolution note, and once an apology gesture, whose
//! stamps the customer's card counts through the stamp path, see `customer.rs`).
//!
//! [`FollowUp::apply`] is idempotent and commutative, so the same events give the same item in
//! any order of arrival, with repeats (property-tested in `tests/follow_up_properties.rs`):
//! - the status only moves forward: the furthest status any event reached wins;
//! - who handles it and the note are last-writer-wins by clock (then event id);
//! - of several apologies (two devices offline), the one with the smallest event id is the
//!   complaint's; each apology event's stamps are counted once by the card, by event id.
//!
//! The store keeps each item as one small record beside the log, written in the same
//! transaction as its event, with the open ones in an index sorted by when they were opened:
//! the lists read that index and never the log.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::event::{Event, EventKind};
use super::feedback::Topic;
use super::hlc::Hlc;
use super::ids::{CustomerId, EventId};

/// A complaint open for longer than this is highlighted in the list.
pub const OVERDUE_AFTER: TimeDelta = TimeDelta::days(1);

/// Question or complaint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Feedback of the kind "question", for the owner to answer.
    Question,
    /// A complaint, to handle and resolve.
    Complaint,
}

/// Where a complaint stands; a question is `Open` until answered (`Resolved`). Ordered: the
/// status never moves back.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Nobody has taken it up yet.
    #[default]
    Open,
    /// Someone is handling it.
    InProgress,
    /// Resolved (a complaint) or answered (a question).
    Resolved,
}

impl Status {
    /// Every status, in order.
    pub const ALL: [Status; 3] = [Status::Open, Status::InProgress, Status::Resolved];
}

/// An apology gesture attached to a complaint: stamps given through the stamp path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Apology {
    /// Stamps given (for a reward: what filled the card then).
    pub stamps: u32,
    /// The card size in force then, as a stamp records it.
    pub card_size: u32,
    /// Whether the gesture was a reward (a full card's stamps) rather than bonus stamps.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reward: bool,
}

/// What the clerk or owner chose as the apology.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApologyChoice {
    /// None.
    Nothing,
    /// This many bonus stamps.
    Stamps(u32),
    /// A reward: the stamps that fill the customer's current card.
    Reward,
}

/// The latest word on an item: who handles it and the note, last-writer-wins.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Latest {
    /// The clock of the event that wrote it.
    pub hlc: Hlc,
    /// That event, breaking ties between equal clocks.
    pub id: EventId,
    /// Who handles it (complaints).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub handler: String,
    /// The resolution note, or the answer to a question.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// When it was written, for people.
    #[serde(with = "chrono::serde::ts_milliseconds")]
    pub at: DateTime<Utc>,
}

/// One question or complaint, folded from its events.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    /// The event that opened it (the feedback, or the complaint).
    pub id: EventId,
    /// Question or complaint.
    pub kind: Kind,
    /// Whose.
    pub customer: CustomerId,
    /// The customer's name when it was opened, for the lists (not from the events: the
    /// planner copies it from the customer's record, so a list needs no second read).
    #[serde(default)]
    pub name: String,
    /// When it was opened; `None` while only later events have arrived.
    #[serde(default, with = "chrono::serde::ts_milliseconds_option")]
    pub opened_at: Option<DateTime<Utc>>,
    /// The question, or what happened.
    #[serde(default)]
    pub text: String,
    /// The rating given with a question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<u8>,
    /// The furthest status reached.
    #[serde(default)]
    pub status: Status,
    /// Who handles it and the note, from the latest update.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest: Option<Latest>,
    /// The apology gesture and the event that gave it (the smallest id of several).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apology: Option<(EventId, Apology)>,
}

/// The item an event is about, and its kind; `None` for events of no question or complaint.
pub fn item_of(event: &Event) -> Option<(EventId, Kind, CustomerId)> {
    match &event.kind {
        EventKind::FeedbackGiven { customer, topic: Some(Topic::Question), .. } => Some((event.id, Kind::Question, *customer)),
        EventKind::QuestionAnswered { customer, question, .. } => Some((*question, Kind::Question, *customer)),
        EventKind::ComplaintOpened { customer, .. } => Some((event.id, Kind::Complaint, *customer)),
        EventKind::ComplaintUpdated { customer, complaint, .. } => Some((*complaint, Kind::Complaint, *customer)),
        _ => None,
    }
}

impl FollowUp {
    /// An item none of whose events has been folded in yet.
    pub fn new(id: EventId, kind: Kind, customer: CustomerId) -> FollowUp {
        FollowUp { id, kind, customer, name: String::new(), opened_at: None, text: String::new(), rating: None, status: Status::Open, latest: None, apology: None }
    }

    /// The item `event` opens or updates, as it is before `event` (a new one, or `stored`).
    pub fn for_event(event: &Event, stored: Option<&FollowUp>) -> Option<FollowUp> {
        let (id, kind, customer) = item_of(event)?;
        Some(stored.filter(|stored| stored.id == id).cloned().unwrap_or_else(|| FollowUp::new(id, kind, customer)))
    }

    /// Folds every event about item `id` (in any order, with repeats) into it; `None` when no
    /// event is about it.
    pub fn fold<'a>(id: EventId, events: impl IntoIterator<Item = &'a Event>) -> Option<FollowUp> {
        let mut item: Option<FollowUp> = None;
        for event in events {
            if let Some((of, kind, customer)) = item_of(event).filter(|(of, ..)| *of == id) {
                item.get_or_insert_with(|| FollowUp::new(of, kind, customer)).apply(event);
            }
        }
        item
    }

    /// Folds one event in; returns whether it is about this item.
    pub fn apply(&mut self, event: &Event) -> bool {
        if item_of(event).is_none_or(|(id, ..)| id != self.id) {
            return false;
        }
        match &event.kind {
            EventKind::FeedbackGiven { comment, rating, .. } => {
                self.opened_at = Some(event.at);
                self.text = comment.clone();
                self.rating = Some(*rating);
            }
            EventKind::ComplaintOpened { what, .. } => {
                self.opened_at = Some(event.at);
                self.text = what.clone();
            }
            EventKind::QuestionAnswered { note, .. } => {
                self.status = self.status.max(Status::Resolved);
                self.write_latest(event, String::new(), note.clone());
            }
            EventKind::ComplaintUpdated { handler, status, note, apology, .. } => {
                self.status = self.status.max(*status);
                self.write_latest(event, handler.clone(), note.clone());
                if let Some(apology) = apology {
                    if self.apology.is_none_or(|(by, _)| event.id < by) {
                        self.apology = Some((event.id, *apology));
                    }
                }
            }
            _ => return false,
        }
        true
    }

    /// Folds in an event of a batch (received by sync, or imported) whose item was planned
    /// without reading the stored one: `self` is the stored item, `planned` the batch's copy.
    /// Because [`FollowUp::apply`] is idempotent and commutative, the stored item plus the
    /// event is the item of every event seen so far, in whatever order they arrived; the name
    /// is the planned one only when the stored item has none.
    pub fn absorb(&mut self, planned: &FollowUp, event: &Event) {
        self.apply(event);
        if self.name.is_empty() {
            self.name.clone_from(&planned.name);
        }
    }

    fn write_latest(&mut self, event: &Event, handler: String, note: String) {
        if self.latest.as_ref().is_none_or(|latest| (latest.hlc, latest.id) < (event.hlc, event.id)) {
            self.latest = Some(Latest { hlc: event.hlc, id: event.id, handler, note, at: event.at });
        }
    }

    /// Whether it still needs someone: opened and not resolved (or answered).
    pub fn is_open(&self) -> bool {
        self.opened_at.is_some() && self.status != Status::Resolved
    }

    /// How long it has been open, at `now` (never negative).
    pub fn age(&self, now: DateTime<Utc>) -> TimeDelta {
        self.opened_at.map_or(TimeDelta::zero(), |opened| (now - opened).max(TimeDelta::zero()))
    }

    /// Whether it is open and was opened more than [`OVERDUE_AFTER`] ago: highlighted.
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        self.is_open() && self.age(now) > OVERDUE_AFTER
    }

    /// Who handles it (empty until someone is named).
    pub fn handler(&self) -> &str {
        self.latest.as_ref().map_or("", |latest| latest.handler.as_str())
    }

    /// The latest note or answer (empty until one is written).
    pub fn note(&self) -> &str {
        self.latest.as_ref().map_or("", |latest| latest.note.as_str())
    }
}

/// Open items oldest first (the lists' order; the store's index gives the same).
pub fn oldest_first(items: &mut [FollowUp]) {
    super::sort::sort_by_key(items, |item| (item.opened_at, item.id));
}

#[cfg(test)]
#[path = "follow_up_tests.rs"]
mod tests;
