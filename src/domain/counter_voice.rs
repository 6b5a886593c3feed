//! Planning feedback, questions and complaints (issue 10, "Hear them out"). A child module of
//! `counter.rs`, so it plans through the counter's own clock and record handling; kept apart so
//! the counter's file stays about the card.

use chrono::{DateTime, Utc};

use super::{Change, Counter};
use crate::domain::customer::Customer;
use crate::domain::error::DomainError;
use crate::domain::event::EventKind;
use crate::domain::feedback::{self, checked_text, Topic};
use crate::domain::follow_up::{Apology, ApologyChoice, FollowUp, Status};
use crate::domain::ids::EventId;

impl Counter {
    /// Plans a customer's feedback ("How was it today?"). It changes no card, so it is planned
    /// apart from the card's record and never waits for (or holds up) a stamp. Of the kind
    /// "question", it opens a question for the owner.
    pub fn plan_feedback(
        &mut self,
        customer: &Customer,
        rating: u8,
        topic: Option<Topic>,
        comment: &str,
        event_id: EventId,
        now: DateTime<Utc>,
    ) -> Result<Change, DomainError> {
        if customer.is_removed() {
            return Err(DomainError::CustomerRemoved);
        }
        let kind = feedback::feedback(customer.id, rating, topic, comment)?;
        let event = self.event(event_id, now, kind);
        let follow_up = named(FollowUp::for_event(&event, None), customer).map(|mut item| {
            item.apply(&event);
            item
        });
        Ok(Change { event, customer: None, shop: None, base_rev: None, follow_up, linked: Vec::new() })
    }

    /// Plans taking a complaint: what happened.
    pub fn plan_complaint(&mut self, customer: &Customer, what: &str, event_id: EventId, now: DateTime<Utc>) -> Result<Change, DomainError> {
        if customer.is_removed() {
            return Err(DomainError::CustomerRemoved);
        }
        let what = checked_text(what)?;
        if what.is_empty() {
            return Err(DomainError::ComplaintEmpty);
        }
        let event = self.event(event_id, now, EventKind::ComplaintOpened { customer: customer.id, what });
        let follow_up = named(FollowUp::for_event(&event, None), customer).map(|mut item| {
            item.apply(&event);
            item
        });
        Ok(Change { event, customer: None, shop: None, base_rev: None, follow_up, linked: Vec::new() })
    }

    /// Plans answering a question.
    pub fn plan_answer(&mut self, question: &FollowUp, note: &str, event_id: EventId, now: DateTime<Utc>) -> Result<Change, DomainError> {
        let note = checked_text(note)?;
        let kind = EventKind::QuestionAnswered { customer: question.customer, question: question.id, note };
        let event = self.event(event_id, now, kind);
        let mut item = question.clone();
        item.apply(&event);
        Ok(Change { event, customer: None, shop: None, base_rev: None, follow_up: Some(item), linked: Vec::new() })
    }

    /// Plans handling a complaint: who handles it, its status, the note, and an apology
    /// gesture. With an apology the event also adds its stamps to `customer`'s card (the record
    /// `customer` is, planned like a stamp and written in the same transaction); a complaint
    /// gets one apology.
    #[allow(clippy::too_many_arguments)]
    pub fn plan_complaint_update(
        &mut self,
        customer: &Customer,
        complaint: &FollowUp,
        handler: &str,
        status: Status,
        note: &str,
        apology: ApologyChoice,
        event_id: EventId,
        now: DateTime<Utc>,
    ) -> Result<Change, DomainError> {
        let handler = checked_text(handler)?;
        let note = checked_text(note)?;
        let per_reward = self.shop.program.stamps_per_reward;
        let apology = match apology {
            ApologyChoice::Nothing => None,
            _ if complaint.apology.is_some() => return Err(DomainError::ApologyAlreadyGiven),
            ApologyChoice::Stamps(stamps) if stamps == 0 || stamps > per_reward => {
                return Err(DomainError::StampsOutOfRange { max: per_reward });
            }
            ApologyChoice::Stamps(stamps) => Some(Apology { stamps, card_size: per_reward, reward: false }),
            ApologyChoice::Reward => {
                // The stamps of the card in progress's size: they fill it, whatever it holds,
                // and what it held stays on the next card — one reward more, nothing else.
                let card = customer.summary(per_reward).card_size;
                Some(Apology { stamps: card, card_size: per_reward, reward: true })
            }
        };
        let kind = EventKind::ComplaintUpdated { customer: complaint.customer, complaint: complaint.id, handler, status, note, apology };
        let event = self.event(event_id, now, kind);
        let mut item = complaint.clone();
        item.apply(&event);
        let mut change = if apology.is_some() {
            self.customer_change(customer, Some(customer.rev), event, now)?
        } else {
            Change { event, customer: None, shop: None, base_rev: None, follow_up: None, linked: Vec::new() }
        };
        change.follow_up = Some(item);
        Ok(change)
    }
}

/// The item with the customer's name, for the lists.
fn named(item: Option<FollowUp>, customer: &Customer) -> Option<FollowUp> {
    item.map(|item| FollowUp { name: customer.name().to_owned(), ..item })
}
