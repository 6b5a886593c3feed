//! Property tests of messages (issue 11): whatever order a customer's events arrive in (from
//! several tablets, with repeats), a promotional message is never picked for a customer whose
//! latest consent is not "yes" or who is at the limit; and one who agreed and is under the limit
//! is picked, so the property is not met by picking nobody.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, TimeZone, Utc};
use mohar::domain::messages::{select, Audience, Channel, ConsentHow, Context, Lang, LeftOut, Limit, MessagingChange, TemplateKind};
use mohar::domain::{Actor, ApplyOutcome, Country, Customer, CustomerId, CustomerProfile, DeviceId, Event, EventId, EventKind, Hlc, Phone, Program, ShopProfile, ShopState};
use proptest::prelude::*;

#[path = "common/arrival.rs"]
mod arrival;
use arrival::shuffled;

#[derive(Clone, Debug)]
enum Action {
    Consent(bool, ConsentHow),
    Sent(TemplateKind),
    Language(Lang),
    NotOnWhatsapp,
}

fn action() -> impl Strategy<Value = Action> {
    let how = prop_oneof![Just(ConsentHow::Counter), Just(ConsentHow::Form), Just(ConsentHow::Imported), Just(ConsentHow::ReplyStop)];
    prop_oneof![
        3 => (any::<bool>(), how).prop_map(|(given, how)| Action::Consent(given, how)),
        4 => (0..TemplateKind::ALL.len()).prop_map(|i| Action::Sent(TemplateKind::ALL[i])),
        1 => (0..4usize).prop_map(|i| Action::Language(Lang::ALL[i])),
        1 => Just(Action::NotOnWhatsapp),
    ]
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 10, 1, 9, 0, 0).unwrap()
}

const CUSTOMER: CustomerId = CustomerId::from_bytes([7; 16]);

/// The events, each on one of three tablets at some hour (two tablets' events may share a
/// millisecond: the clock's counter and the event id break ties).
fn events(actions: &[(Action, u8, u32)]) -> Vec<Event> {
    let added = EventKind::CustomerAdded {
        customer: CUSTOMER,
        profile: CustomerProfile {
            name: "Asha Verma".into(),
            phone: Phone::parse("9876543210", Country::India).unwrap(),
            birthday: None,
            notes: String::new(),
            extras: Default::default(),
        },
        welcome_stamps: 0,
        referred_by: None,
        card_size: None,
    };
    let mut all = vec![make(0, 0, 0, added)];
    for (index, (action, device, hour)) in actions.iter().enumerate() {
        let kind = match action {
            Action::Consent(given, how) => EventKind::MessagingChanged { customer: CUSTOMER, change: MessagingChange { consent: Some((*given, *how)), ..Default::default() } },
            Action::Sent(template) => EventKind::MessageSent { customer: CUSTOMER, template: *template, campaign: "c".into(), channel: Channel::Whatsapp },
            Action::Language(lang) => EventKind::MessagingChanged { customer: CUSTOMER, change: MessagingChange { language: Some(*lang), ..Default::default() } },
            Action::NotOnWhatsapp => EventKind::MessagingChanged { customer: CUSTOMER, change: MessagingChange { whatsapp: Some(false), ..Default::default() } },
        };
        all.push(make(index as u32 + 1, *device, *hour, kind));
    }
    all
}

fn make(n: u32, device: u8, hour: u32, kind: EventKind) -> Event {
    let device = DeviceId::from_bytes([device + 1; 16]);
    let mut id = [0u8; 16];
    id[..4].copy_from_slice(&n.to_be_bytes());
    let at = start() + Duration::hours(i64::from(hour));
    Event { id: EventId::from_bytes(id), device, hlc: Hlc { millis: at.timestamp_millis(), counter: 0, device }, at, actor: Actor::Owner, kind }
}

fn shop() -> ShopState {
    let device = DeviceId::from_bytes([9; 16]);
    let kind = EventKind::ShopConfigured { profile: ShopProfile { name: "Chai".into(), country: Country::India }, program: Program::default(), demo: false };
    let event = Event { id: EventId::from_bytes([9; 16]), device, hlc: Hlc { millis: 1, counter: 0, device }, at: start(), actor: Actor::Owner, kind };
    ShopState::from_event(&event).unwrap()
}

/// One event at a time, as a tablet receiving them in this order, through the stored JSON.
fn arrive(events: &[Event]) -> Customer {
    let mut record = Customer::empty(CUSTOMER);
    for event in events {
        assert_ne!(record.apply(event), ApplyOutcome::NeedsRebuild);
        record = serde_json::from_str(&serde_json::to_string(&record).unwrap()).unwrap();
    }
    record
}

/// The rule, computed straight from the events rather than from the record.
fn truth(events: &[Event], now: DateTime<Utc>, limit: Limit) -> (bool, usize) {
    let latest_consent = events
        .iter()
        .filter_map(|event| match &event.kind {
            EventKind::MessagingChanged { change: MessagingChange { consent: Some((given, _)), .. }, .. } => Some(((event.hlc.millis, event.hlc.counter, event.id), *given)),
            _ => None,
        })
        .max()
        .map(|(_, given)| given);
    let since = now - Duration::days(i64::from(limit.days));
    let unique: BTreeSet<EventId> = events
        .iter()
        .filter(|event| matches!(&event.kind, EventKind::MessageSent { template: TemplateKind::Festival | TemplateKind::NewStock | TemplateKind::NewOffer | TemplateKind::WeMissYou, .. }))
        .filter(|event| event.at > since && event.at <= now)
        .map(|event| event.id)
        .collect();
    (latest_consent == Some(true), unique.len())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn a_promotional_message_never_goes_without_consent_or_over_the_limit(
        actions in prop::collection::vec((action(), 0u8..3, 0u32..(24 * 30)), 0..30),
        seed in any::<u64>(),
        now_hours in (24u32 * 30)..(24 * 45),
        count in 1u32..4,
        days in 1u32..15,
        kind in prop_oneof![Just(TemplateKind::NewOffer), Just(TemplateKind::WeMissYou), Just(TemplateKind::Festival), Just(TemplateKind::NewStock)],
    ) {
        let events = events(&actions);
        let mut with_repeats = shuffled(&events, seed);
        with_repeats.extend(shuffled(&events, seed.rotate_left(7)).into_iter().take(events.len() / 2));
        let record = arrive(&with_repeats);
        prop_assert_eq!(&record, &Customer::fold(CUSTOMER, &events), "the same record in any order, repeats or not");
        prop_assert_eq!(&record, &arrive(&events));

        let now = start() + Duration::hours(i64::from(now_hours));
        let limit = Limit { count, days };
        let shop = shop();
        let queued = BTreeSet::new();
        let context = Context { shop: &shop, shop_lang: Lang::Hi, limit, queued: &queued, now, today: now.date_naive() };
        let selection = select(kind, &Audience::Everyone, [&record], &context);
        let (agreed, sent_recently) = truth(&events, now, limit);
        let allowed = agreed && (sent_recently as u32) < count;
        prop_assert_eq!(selection.picked.len(), usize::from(allowed));
        match selection.left_out.first() {
            Some((_, LeftOut::NoConsent)) => prop_assert!(!agreed),
            Some((_, LeftOut::OverLimit { last })) => {
                prop_assert!(agreed && sent_recently as u32 >= count);
                prop_assert!(*last > now - Duration::days(i64::from(days)) && *last <= now);
            }
            Some((_, other)) => prop_assert!(false, "unexpected reason {:?}", other),
            None => prop_assert!(allowed),
        }
        // A customer with a message already waiting in the queue is held back too.
        let queued = BTreeSet::from([CUSTOMER]);
        let context = Context { queued: &queued, ..context };
        prop_assert!(select(kind, &Audience::Everyone, [&record], &context).picked.is_empty());
    }
}
