//! The compact decoder against the derived encoding: every kind, with its optional fields set and
//! left out, decodes to what was written; a missing required field and a wrong profile are
//! errors; an unknown kind is `Unknown`.

use chrono::{NaiveDate, TimeZone, Utc};

use super::super::event::{Actor, Event, EventKind};
use super::super::feedback::Topic;
use super::super::follow_up::{Apology, Status};
use super::super::hlc::Hlc;
use super::super::ids::{CustomerId, DeviceId, EventId};
use super::super::know::ProfileExtras;
use super::super::messages::{Channel, ConsentHow, Lang, MessagingChange, TemplateKind};
use super::super::money::Money;
use super::super::perks::Perks;
use super::super::phone::{Country, Phone};
use super::super::program::Program;
use super::super::shop::ShopProfile;
use super::super::customer::CustomerProfile;

fn customer() -> CustomerId {
    CustomerId::from_bytes([3; 16])
}

fn event_id(n: u8) -> EventId {
    EventId::from_bytes([n; 16])
}

fn shop() -> ShopProfile {
    ShopProfile { name: "Sharma Sweets".into(), country: Country::India }
}

fn person(full: bool) -> CustomerProfile {
    CustomerProfile {
        name: "Asha".into(),
        phone: Phone::parse("98765 43210", Country::India).unwrap(),
        birthday: full.then(|| NaiveDate::from_ymd_opt(1990, 4, 1).unwrap()),
        notes: if full { "likes jalebi".into() } else { String::new() },
        extras: if full {
            ProfileExtras { call_as: "Asha di".into(), anniversary: NaiveDate::from_ymd_opt(2015, 2, 14), usually_buys: "tea".into(), tags: vec![1, 2], birthday_set: None }
        } else {
            ProfileExtras::default()
        },
    }
}

/// Each kind twice: with every optional field set, and with every optional field at its default
/// (which the encoding leaves out).
fn samples() -> Vec<EventKind> {
    let hlc = Hlc { millis: 1_793_527_200_000, counter: 2, device: DeviceId::from_bytes([2; 16]) };
    let mut all = Vec::new();
    for full in [true, false] {
        all.extend([
            EventKind::ShopConfigured { profile: shop(), program: Program::default(), demo: full },
            EventKind::ProgramChanged { program: Program::default() },
            EventKind::CustomerAdded { customer: customer(), profile: person(full), welcome_stamps: 2, card_size: full.then_some(10), referred_by: full.then(|| CustomerId::from_bytes([4; 16])) },
            EventKind::CustomerEdited { customer: customer(), profile: person(full) },
            EventKind::StampsAdded { customer: customer(), stamps: 3, bill: full.then_some(Money(25_000)), card_size: full.then_some(8), same_visit: full, cooldown_override: full },
            EventKind::RewardRedeemed { customer: customer(), stamps_used: 10, reward: "Free tea".into() },
            EventKind::EventVoided { customer: customer(), target: event_id(7), target_hlc: full.then_some(hlc) },
            EventKind::ShopEdited { profile: ShopProfile { name: "Rahim Store".into(), country: Country::Bangladesh } },
            EventKind::CustomerRemoved { customer: customer() },
            EventKind::FeedbackGiven { customer: customer(), rating: 4, topic: full.then_some(Topic::Suggestion), comment: if full { "more chairs".into() } else { String::new() } },
            EventKind::QuestionAnswered { customer: customer(), question: event_id(8), note: "called back".into() },
            EventKind::ComplaintOpened { customer: customer(), what: "tea was cold".into() },
            EventKind::ComplaintUpdated {
                customer: customer(),
                complaint: event_id(9),
                handler: if full { "Ravi".into() } else { String::new() },
                status: Status::Resolved,
                note: if full { "new tea".into() } else { String::new() },
                apology: full.then_some(Apology { stamps: 2, card_size: 10, reward: true }),
            },
            EventKind::PerksChanged { perks: Perks::default() },
            EventKind::BirthdayRewarded { customer: customer(), year: 2026, stamps: if full { 2 } else { 0 }, card_size: full.then_some(10), reward: full.then(|| "Sweets".into()) },
            EventKind::MessagingChanged {
                customer: customer(),
                change: if full {
                    MessagingChange { consent: Some((true, ConsentHow::Counter)), card_updates: Some(true), language: Some(Lang::Hi), whatsapp: Some(false) }
                } else {
                    MessagingChange::default()
                },
            },
            EventKind::MessageSent { customer: customer(), template: TemplateKind::RewardReady, campaign: if full { "Diwali".into() } else { String::new() }, channel: Channel::Sms },
            EventKind::OpeningBalance { customer: customer(), stamps: if full { 4 } else { 0 }, visits: if full { 6 } else { 0 }, card_size: 10 },
            EventKind::ReferralRewarded { customer: customer(), friend: CustomerId::from_bytes([5; 16]), stamps: 2, card_size: full.then_some(10) },
            EventKind::BonusStampsGiven { customer: customer(), stamps: 3, reason: if full { "Diwali regular".into() } else { String::new() }, card_size: 10 },
            EventKind::OwnerVoided { customer: customer(), target: event_id(6), target_hlc: hlc, reason: "entered twice".into() },
            EventKind::CustomersMerged { kept: customer(), merged: CustomerId::from_bytes([9; 16]) },
        ]);
    }
    all.push(EventKind::Unknown);
    all
}

/// Which kind a sample is. Exhaustive on purpose: a new kind does not compile here until it has
/// a sample above (and its arm in the decoder, or the test below fails).
fn kind_index(kind: &EventKind) -> usize {
    match kind {
        EventKind::ShopConfigured { .. } => 0,
        EventKind::ProgramChanged { .. } => 1,
        EventKind::CustomerAdded { .. } => 2,
        EventKind::CustomerEdited { .. } => 3,
        EventKind::StampsAdded { .. } => 4,
        EventKind::RewardRedeemed { .. } => 5,
        EventKind::EventVoided { .. } => 6,
        EventKind::ShopEdited { .. } => 7,
        EventKind::CustomerRemoved { .. } => 8,
        EventKind::FeedbackGiven { .. } => 9,
        EventKind::QuestionAnswered { .. } => 10,
        EventKind::ComplaintOpened { .. } => 11,
        EventKind::ComplaintUpdated { .. } => 12,
        EventKind::PerksChanged { .. } => 13,
        EventKind::BirthdayRewarded { .. } => 14,
        EventKind::MessagingChanged { .. } => 15,
        EventKind::MessageSent { .. } => 16,
        EventKind::OpeningBalance { .. } => 17,
        EventKind::ReferralRewarded { .. } => 18,
        EventKind::BonusStampsGiven { .. } => 19,
        EventKind::OwnerVoided { .. } => 20,
        EventKind::CustomersMerged { .. } => 22,
        EventKind::Unknown => 21,
    }
}
const KINDS: usize = 23;

#[test]
fn every_kind_decodes_as_it_was_written() {
    let samples = samples();
    let mut seen = [false; KINDS];
    for kind in samples {
        seen[kind_index(&kind)] = true;
        let json = serde_json::to_string(&kind).unwrap();
        let decoded: EventKind = serde_json::from_str(&json).unwrap_or_else(|error| panic!("{json}: {error}"));
        assert_eq!(decoded, kind, "{json}");
        // Inside an event too, and through `serde_json::Value` (sync's documents decode so).
        let event = Event { id: event_id(1), device: DeviceId::from_bytes([2; 16]), hlc: Hlc { millis: 5, counter: 0, device: DeviceId::from_bytes([2; 16]) }, at: Utc.timestamp_millis_opt(1_793_527_200_000).unwrap(), actor: Actor::Owner, kind };
        let value = serde_json::to_value(&event).unwrap();
        assert_eq!(serde_json::from_value::<Event>(value).unwrap(), event);
    }
    assert!(seen.iter().all(|seen| *seen), "a kind without a sample: {seen:?}");
}

#[test]
fn a_missing_field_or_the_wrong_profile_is_an_error_and_an_unknown_kind_is_unknown() {
    let decode = |json: &str| serde_json::from_str::<EventKind>(json);
    let c = "03".repeat(16);
    assert!(decode(&format!(r#"{{"type":"stamps_added","customer":"{c}","bill":null}}"#)).unwrap_err().to_string().contains("missing field `stamps`"));
    assert!(decode(r#"{"type":"stamps_added","stamps":1}"#).unwrap_err().to_string().contains("missing field `customer`"));
    assert!(decode(r#"{"stamps":1}"#).is_err());
    // A customer's profile where the shop's belongs (no country), and the other way round.
    assert!(decode(r#"{"type":"shop_edited","profile":{"name":"Asha","phone":"+919876543210","notes":""}}"#).is_err());
    assert!(decode(&format!(r#"{{"type":"customer_edited","customer":"{c}","profile":{{"name":"Sharma","country":"india"}}}}"#)).is_err());
    // A wrong type is an error, not a default.
    assert!(decode(&format!(r#"{{"type":"stamps_added","customer":"{c}","stamps":"three"}}"#)).is_err());
    assert_eq!(decode(r#"{"type":"customer_waved","hand":"left"}"#).unwrap(), EventKind::Unknown);
}
