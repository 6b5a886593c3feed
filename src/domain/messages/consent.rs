//! What a customer agreed to and how they want to be reached, folded from their events.
//!
//! Each preference (promotional consent, the card on WhatsApp/SMS, the language, whether they
//! are on WhatsApp) is last-writer-wins on its own, by the event's clock and then its id, so a
//! name corrected on one tablet never undoes an opt-out recorded on another, and the same events
//! give the same state in any order. The promotional messages sent are kept as the latest
//! [`SENT_KEPT`] send times (a multiset, the same whatever order they arrive in): that is what
//! the per-customer limit counts.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::event::{Event, EventKind};
use crate::domain::ids::EventId;

use super::templates::{Class, TemplateKind};

/// How many promotional send times a record keeps: the largest limit a shop can set.
pub const SENT_KEPT: usize = 10;

/// A language a message is written in (the app's four).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// हिन्दी.
    Hi,
    /// বাংলা.
    Bn,
    /// ગુજરાતી.
    Gu,
}

impl Lang {
    /// All four, in the order the screens list them.
    pub const ALL: [Lang; 4] = [Lang::En, Lang::Hi, Lang::Bn, Lang::Gu];

    /// The language's code ("en", "hi", "bn", "gu").
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Hi => "hi",
            Lang::Bn => "bn",
            Lang::Gu => "gu",
        }
    }

    /// The language of a code, if it is one of the four.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.code() == code)
    }
}

/// How a message is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// A `https://wa.me/…` link.
    Whatsapp,
    /// An `sms:` link.
    Sms,
}

/// How consent was given or withdrawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentHow {
    /// Asked at the counter ("New customer", the customer screen).
    Counter,
    /// On a form the customer filled in.
    Form,
    /// Came with an imported list.
    Imported,
    /// The customer replied "STOP" to a message.
    ReplyStop,
}

/// One `MessagingChanged` event's content: only the preferences it names change.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessagingChange {
    /// Promotional messages: agreed (true) or not (false), and how.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<(bool, ConsentHow)>,
    /// The customer asked for their card (updates, "reward ready") on WhatsApp/SMS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_updates: Option<bool>,
    /// The language messages to them are written in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Lang>,
    /// Whether they are on WhatsApp (false: messages go by SMS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub whatsapp: Option<bool>,
}

/// Orders writes of one preference: the event's clock, then its id, so every device agrees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Order(i64, u32, EventId);

impl Order {
    fn of(event: &Event) -> Order {
        Order(event.hlc.millis, event.hlc.counter, event.id)
    }
}

/// A preference with the write that set it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Set<T> {
    /// The value.
    pub value: T,
    /// When it was set (the event's wall time), for "agreed on 3 March".
    #[serde(with = "chrono::serde::ts_milliseconds")]
    pub at: DateTime<Utc>,
    /// The write's order.
    pub by: Order,
}

/// Consent to promotional messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    /// Agreed or not.
    pub given: bool,
    /// How.
    pub how: ConsentHow,
}

/// A customer's messaging state in their record; empty (and not stored) for most customers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Messaging {
    /// Promotional consent; none: never asked, which counts as no.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<Set<Consent>>,
    /// The card on WhatsApp/SMS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_updates: Option<Set<bool>>,
    /// The preferred language; none: the shop's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Set<Lang>>,
    /// On WhatsApp; none: assumed yes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub whatsapp: Option<Set<bool>>,
    /// The latest promotional messages sent (time, event id), newest first, at most
    /// [`SENT_KEPT`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub promotions: Vec<(i64, EventId)>,
    /// When the latest birthday greeting was sent (millis; the latest wins, in any order), so
    /// the morning's greetings go once a year whichever device sent them.
    #[serde(default, rename = "bd", skip_serializing_if = "Option::is_none")]
    pub birthday_sent: Option<i64>,
    /// When the latest anniversary greeting was sent (millis), as `birthday_sent`.
    #[serde(default, rename = "an", skip_serializing_if = "Option::is_none")]
    pub anniversary_sent: Option<i64>,
}

/// Keeps the later write of a preference; true when it changed.
fn keep<T: Clone>(slot: &mut Option<Set<T>>, value: &Option<T>, event: &Event) -> bool {
    let Some(value) = value else { return false };
    let by = Order::of(event);
    if slot.as_ref().is_some_and(|current| current.by >= by) {
        return false;
    }
    *slot = Some(Set { value: value.clone(), at: event.at, by });
    true
}

impl Messaging {
    /// Whether nothing is known (the record then stores nothing).
    pub fn is_empty(&self) -> bool {
        *self == Messaging::default()
    }

    /// Folds one event in; true when the state changed. Idempotent and commutative: each
    /// preference keeps its latest write, and the send times are a bounded multiset by id.
    pub fn apply(&mut self, event: &Event) -> bool {
        match &event.kind {
            EventKind::MessagingChanged { change, .. } => {
                let consent = change.consent.map(|(given, how)| Consent { given, how });
                // Every field is looked at (no short-circuit), so one event can set several.
                let changed = [
                    keep(&mut self.consent, &consent, event),
                    keep(&mut self.card_updates, &change.card_updates, event),
                    keep(&mut self.language, &change.language, event),
                    keep(&mut self.whatsapp, &change.whatsapp, event),
                ];
                changed.contains(&true)
            }
            EventKind::MessageSent { template, .. } if template.class() == Class::Promotional => {
                let entry = (event.at.timestamp_millis(), event.id);
                if self.promotions.contains(&entry) {
                    return false;
                }
                let position = self.promotions.partition_point(|kept| *kept > entry);
                if position >= SENT_KEPT {
                    return false;
                }
                self.promotions.insert(position, entry);
                self.promotions.truncate(SENT_KEPT);
                true
            }
            EventKind::MessageSent { template: kind @ (TemplateKind::Birthday | TemplateKind::Anniversary), .. } => {
                let slot = if *kind == TemplateKind::Birthday { &mut self.birthday_sent } else { &mut self.anniversary_sent };
                let at = event.at.timestamp_millis();
                if slot.is_some_and(|kept| kept >= at) {
                    return false;
                }
                *slot = Some(at);
                true
            }
            _ => false,
        }
    }

    /// When the latest greeting of this kind (birthday or anniversary) was sent.
    pub fn greeted_at(&self, kind: TemplateKind) -> Option<DateTime<Utc>> {
        let at = match kind {
            TemplateKind::Birthday => self.birthday_sent,
            TemplateKind::Anniversary => self.anniversary_sent,
            _ => None,
        };
        at.and_then(DateTime::from_timestamp_millis)
    }

    /// Whether the customer agreed to promotional messages (never asked counts as no).
    pub fn agreed(&self) -> bool {
        self.consent.as_ref().is_some_and(|consent| consent.value.given)
    }

    /// Whether the customer asked for their card on WhatsApp/SMS.
    pub fn wants_card(&self) -> bool {
        self.card_updates.as_ref().is_some_and(|set| set.value)
    }

    /// The channel messages go by: WhatsApp unless the clerk said they are not on it.
    pub fn channel(&self) -> Channel {
        match &self.whatsapp {
            Some(set) if !set.value => Channel::Sms,
            _ => Channel::Whatsapp,
        }
    }

    /// The language of their messages: their own, else the shop's.
    pub fn language_or(&self, shop: Lang) -> Lang {
        self.language.as_ref().map_or(shop, |set| set.value)
    }

    /// The times of the promotional messages sent within `days` days before `now`, newest first.
    pub fn promotions_within(&self, now: DateTime<Utc>, days: u32) -> impl Iterator<Item = DateTime<Utc>> + '_ {
        let since = (now - chrono::Duration::days(i64::from(days))).timestamp_millis();
        self.promotions.iter().take_while(move |(at, _)| *at > since).filter_map(|(at, _)| DateTime::from_timestamp_millis(*at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::Actor;
    use crate::domain::hlc::Hlc;
    use crate::domain::ids::{CustomerId, DeviceId};
    use chrono::TimeZone;

    fn event(n: u8, millis: i64, kind: EventKind) -> Event {
        let device = DeviceId::from_bytes([1; 16]);
        Event {
            id: EventId::from_bytes([n; 16]),
            device,
            hlc: Hlc { millis, counter: 0, device },
            at: Utc.timestamp_millis_opt(millis).unwrap(),
            actor: Actor::Owner,
            kind,
        }
    }

    fn consent(n: u8, millis: i64, given: bool) -> Event {
        let change = MessagingChange { consent: Some((given, ConsentHow::Counter)), ..MessagingChange::default() };
        event(n, millis, EventKind::MessagingChanged { customer: CustomerId::from_bytes([9; 16]), change })
    }

    #[test]
    fn the_later_consent_wins_in_either_order() {
        let (yes, no) = (consent(1, 1_000, true), consent(2, 2_000, false));
        let (mut a, mut b) = (Messaging::default(), Messaging::default());
        assert!(a.apply(&yes) && a.apply(&no));
        assert!(b.apply(&no) && !b.apply(&yes));
        assert_eq!(a, b);
        assert!(!a.agreed());
        assert!(!a.apply(&no), "a repeat changes nothing");
    }

    #[test]
    fn a_change_naming_only_the_language_keeps_consent() {
        let mut state = Messaging::default();
        state.apply(&consent(1, 1_000, true));
        let change = MessagingChange { language: Some(Lang::Bn), ..MessagingChange::default() };
        state.apply(&event(2, 2_000, EventKind::MessagingChanged { customer: CustomerId::from_bytes([9; 16]), change }));
        assert!(state.agreed());
        assert_eq!(state.language_or(Lang::Hi), Lang::Bn);
        assert_eq!(Messaging::default().language_or(Lang::Hi), Lang::Hi);
    }
}
