//! Property tests of questions and complaints (issue 10, "Hear them out"): a complaint's
//! status converges whatever order its updates arrive in, and an apology's stamps are counted
//! once on the card, with repeats and in any order.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{DateTime, Duration, TimeZone, Utc};
use mohar::domain::follow_up::{Apology, FollowUp, Status};
use mohar::domain::{Actor, Customer, CustomerId, DeviceId, Event, EventId, EventKind, Hlc};
use proptest::prelude::*;

#[path = "common/arrival.rs"]
mod arrival;
use arrival::shuffled_with_repeats as arrival;

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap()
}

const ASHA: CustomerId = CustomerId::from_bytes([0xa5; 16]);
const COMPLAINT: EventId = EventId::from_bytes([0xc0; 16]);

/// One update of the complaint, made on one of three tablets at some minute.
#[derive(Clone, Debug)]
struct Update {
    minute: i64,
    device: u8,
    status: Status,
    handler: u8,
    apology: Option<u32>,
}

fn update() -> impl Strategy<Value = Update> {
    (0i64..600, 0u8..3, prop::sample::select(Status::ALL.to_vec()), 0u8..4, prop::option::weighted(0.3, 1u32..10))
        .prop_map(|(minute, device, status, handler, apology)| Update { minute, device, status, handler, apology })
}

fn event(id: EventId, minute: i64, device: u8, kind: EventKind) -> Event {
    let device = DeviceId::from_bytes([device + 1; 16]);
    let at = start() + Duration::minutes(minute);
    Event { id, device, hlc: Hlc { millis: at.timestamp_millis(), counter: 0, device }, at, actor: Actor::Staff, kind }
}

/// The complaint's opening, the customer's joining and stamp, and the updates as events.
fn events(updates: &[Update]) -> Vec<Event> {
    let profile = mohar::domain::CustomerProfile {
        name: "Asha".into(),
        phone: mohar::domain::Phone::parse("9876543210", mohar::domain::Country::India).unwrap(),
        birthday: None,
        notes: String::new(),
        extras: Default::default(),
    };
    let mut events = vec![
        event(EventId::from_bytes([1; 16]), -10, 0, EventKind::CustomerAdded { customer: ASHA, profile, welcome_stamps: 0, card_size: Some(10), referred_by: None }),
        event(EventId::from_bytes([2; 16]), -5, 0, EventKind::StampsAdded { customer: ASHA, stamps: 1, bill: None, card_size: Some(10), same_visit: false, cooldown_override: false }),
        event(COMPLAINT, -1, 0, EventKind::ComplaintOpened { customer: ASHA, what: "Cold tea".into() }),
    ];
    for (n, update) in updates.iter().enumerate() {
        let id = EventId::from_bytes([0x10 + n as u8; 16]);
        let kind = EventKind::ComplaintUpdated {
            customer: ASHA,
            complaint: COMPLAINT,
            handler: format!("staff {}", update.handler),
            status: update.status,
            note: format!("note {n}"),
            apology: update.apology.map(|stamps| Apology { stamps, card_size: 10, reward: false }),
        };
        events.push(event(id, update.minute, update.device, kind));
    }
    events
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever order the updates arrive in, with repeats, the complaint is the same: the
    /// furthest status any update reached, and the handler and note of the latest update by
    /// clock.
    #[test]
    fn a_complaint_converges_in_any_order_of_arrival(updates in prop::collection::vec(update(), 0..8), seed in any::<u64>()) {
        let events = events(&updates);
        let in_order = FollowUp::fold(COMPLAINT, events.iter()).unwrap();
        let arrived = arrival(&events, seed);
        let mut one_by_one = FollowUp::new(COMPLAINT, mohar::domain::follow_up::Kind::Complaint, ASHA);
        for event in &arrived {
            one_by_one.apply(event);
        }
        prop_assert_eq!(&one_by_one, &in_order);
        let furthest = updates.iter().map(|update| update.status).max().unwrap_or(Status::Open);
        prop_assert_eq!(in_order.status, furthest);
        let latest = events[3..].iter().max_by_key(|event| (event.hlc, event.id));
        prop_assert_eq!(in_order.latest.as_ref().map(|latest| latest.id), latest.map(|event| event.id));
        prop_assert_eq!(in_order.is_open(), furthest != Status::Resolved);
    }

    /// An apology's stamps are on the card once, however often and in whatever order its event
    /// arrives; they are never a visit.
    #[test]
    fn an_apologys_stamps_are_counted_once(updates in prop::collection::vec(update(), 0..8), seed in any::<u64>()) {
        let events = events(&updates);
        let apologies: u64 = updates.iter().filter_map(|update| update.apology).map(u64::from).sum();
        let card = Customer::fold(ASHA, arrival(&events, seed).iter());
        prop_assert_eq!(card.stamps_earned(), 1 + apologies);
        prop_assert_eq!(card.summary(10).visits, 1);
        // Applied one event at a time as a stored record takes them (repeats included), the
        // card is the same as the fold.
        let mut record = Customer::empty(ASHA);
        for event in arrival(&events, seed.wrapping_add(1)) {
            record.apply(&event);
        }
        prop_assert_eq!(record.stamps_earned(), card.stamps_earned());
        // The complaint names one apology: the smallest event id of those that gave one.
        let first = events[3..].iter().filter(|event| matches!(event.kind, EventKind::ComplaintUpdated { apology: Some(_), .. })).map(|event| event.id).min();
        let folded = FollowUp::fold(COMPLAINT, events.iter()).unwrap();
        prop_assert_eq!(folded.apology.map(|(by, _)| by), first);
    }
}
