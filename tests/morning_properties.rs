//! Property test of the morning's greetings (issue 11): whatever the days the app starts on, the
//! restarts, two tabs starting at once, the clerk sending or skipping, and greetings sent by
//! another device arriving through sync, this device queues a customer's birthday or anniversary
//! greeting at most once a year, never for one who did not agree or who was already greeted that
//! year; and a customer who agreed, whose day it is, and who was not greeted, is queued on the
//! day's first start (so the property is not met by queuing nobody).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use mohar::domain::messages::morning::add_greetings;
use mohar::domain::messages::book::no_links;
use mohar::domain::messages::{Book, Channel, ConsentHow, Context, Lang, Limit, MessagingChange, TemplateKind};
use mohar::domain::{Actor, Country, Customer, CustomerId, CustomerProfile, DeviceId, Event, EventId, EventKind, Hlc, Phone, Program, ShopProfile, ShopState};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Step {
    /// Days pass, then the app starts (in two tabs at once when true).
    Start { days: u8, two_tabs: bool },
    /// "Send next" and coming back.
    Send,
    /// "Skip".
    Skip,
    /// Another device's greeting of this kind to this customer arrives through sync.
    Synced(usize, bool),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0u8..3, any::<bool>()).prop_map(|(days, two_tabs)| Step::Start { days, two_tabs }),
        3 => Just(Step::Send),
        1 => Just(Step::Skip),
        1 => (0usize..4, any::<bool>()).prop_map(|(who, birthday)| Step::Synced(who, birthday)),
    ]
}

fn first_day() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 27, 4, 0, 0).unwrap()
}

fn shop() -> ShopState {
    let device = DeviceId::from_bytes([9; 16]);
    let kind = EventKind::ShopConfigured { profile: ShopProfile { name: "Chai".into(), country: Country::India }, program: Program::default(), demo: false };
    let event = Event { id: EventId::from_bytes([9; 16]), device, hlc: Hlc { millis: 1, counter: 0, device }, at: first_day(), actor: Actor::Owner, kind };
    ShopState::from_event(&event).unwrap()
}

struct Events(u32);

impl Events {
    fn make(&mut self, device: u8, at: DateTime<Utc>, kind: EventKind) -> Event {
        self.0 += 1;
        let device = DeviceId::from_bytes([device; 16]);
        let mut id = [0u8; 16];
        id[..4].copy_from_slice(&self.0.to_be_bytes());
        Event { id: EventId::from_bytes(id), device, hlc: Hlc { millis: at.timestamp_millis(), counter: 0, device }, at, actor: Actor::Owner, kind }
    }
}

/// Applies an event to a record as a tablet would, through the stored JSON.
fn apply(record: &mut Customer, event: &Event) {
    record.apply(event);
    *record = serde_json::from_str(&serde_json::to_string(record).unwrap()).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn greetings_are_queued_once_a_year_only_to_those_who_agreed(
        people in prop::collection::vec((any::<bool>(), 0i64..12, prop::option::of(0i64..12)), 4),
        steps in prop::collection::vec(step(), 1..40),
    ) {
        let shop = shop();
        let mut events = Events(0);
        let mut records: Vec<Customer> = Vec::new();
        for (n, (agreed, birthday_in, anniversary_in)) in people.iter().enumerate() {
            let id = CustomerId::from_bytes([n as u8 + 1; 16]);
            let day = |offset: i64| (first_day() + Duration::days(offset)).date_naive().with_year(1990).unwrap();
            let mut profile = CustomerProfile {
                name: format!("Customer {n}"),
                phone: Phone::parse(&format!("98765432{n:02}"), Country::India).unwrap(),
                birthday: Some(day(*birthday_in)),
                notes: String::new(),
                extras: Default::default(),
            };
            profile.extras.anniversary = anniversary_in.map(day);
            let mut record = Customer::empty(id);
            let added = events.make(1, first_day() - Duration::days(400), EventKind::CustomerAdded { customer: id, profile, welcome_stamps: 0, referred_by: None, card_size: None });
            apply(&mut record, &added);
            let consent = MessagingChange { consent: Some((*agreed, ConsentHow::Counter)), ..Default::default() };
            let consent = events.make(1, first_day() - Duration::days(400), EventKind::MessagingChanged { customer: id, change: consent });
            apply(&mut record, &consent);
            records.push(record);
        }

        let mut stored = Book::default().to_text();
        let mut now = first_day();
        // (customer, kind, year) queued on this device, and greeted by any device when it was.
        let mut queued: BTreeSet<(CustomerId, TemplateKind, i32)> = BTreeSet::new();
        let mut greeted: BTreeMap<(CustomerId, TemplateKind), Vec<DateTime<Utc>>> = BTreeMap::new();
        let mut started_on: BTreeSet<NaiveDate> = BTreeSet::new();
        for step in steps {
            match step {
                Step::Start { days, two_tabs } => {
                    now += Duration::days(i64::from(days));
                    let today = now.date_naive();
                    let empty = BTreeSet::new();
                    let context = Context { shop: &shop, shop_lang: Lang::Hi, limit: Limit::default(), queued: &empty, now, today };
                    let before = Book::read(Some(&stored));
                    let mut first = before.clone();
                    let added = add_greetings(&mut first, &records, &context, &no_links);
                    let mut written = first;
                    if two_tabs {
                        // The second tab read the same value before the first one wrote.
                        let mut second = before.clone();
                        let again = add_greetings(&mut second, &records, &context, &no_links);
                        prop_assert_eq!(again, added);
                        written = second;
                    }
                    let fresh = &written.queue.items[written.queue.items.len() - added..];
                    for item in fresh {
                        let record = records.iter().find(|r| r.id == item.customer).unwrap();
                        prop_assert!(record.messaging.agreed(), "never to one who did not agree");
                        prop_assert!(queued.insert((item.customer, item.template, today.year())), "{:?} {:?} queued twice in {}", item.customer, item.template, today.year());
                        let before_this_year = greeted.get(&(item.customer, item.template)).into_iter().flatten().any(|at| now - *at < Duration::days(180));
                        prop_assert!(!before_this_year, "not again after a greeting this year");
                    }
                    // Not vacuous: on the day's first start, everyone due is queued.
                    if started_on.insert(today) {
                        for record in &records {
                            let profile = record.profile.as_ref().unwrap();
                            for (kind, date) in [(TemplateKind::Birthday, profile.birthday), (TemplateKind::Anniversary, profile.extras.anniversary)] {
                                let today_is_theirs = date.is_some_and(|d| d.with_year(today.year()) == Some(today));
                                let greeted_this_year = greeted.get(&(record.id, kind)).into_iter().flatten().any(|at| now - *at < Duration::days(180));
                                if today_is_theirs && record.messaging.agreed() && !greeted_this_year {
                                    prop_assert!(queued.contains(&(record.id, kind, today.year())), "{:?} {:?} is due today", record.id, kind);
                                }
                            }
                        }
                    } else {
                        prop_assert_eq!(added, 0, "once a day");
                    }
                    stored = written.to_text();
                }
                Step::Send => {
                    let mut book = Book::read(Some(&stored));
                    if book.queue.open_next().is_some() {
                        let item = book.queue.came_back().unwrap();
                        let sent = events.make(1, now, EventKind::MessageSent { customer: item.customer, template: item.template, campaign: item.campaign.clone(), channel: Channel::Whatsapp });
                        let record = records.iter_mut().find(|r| r.id == item.customer).unwrap();
                        apply(record, &sent);
                        greeted.entry((item.customer, item.template)).or_default().push(now);
                    }
                    book.queue.clear_finished();
                    stored = book.to_text();
                }
                Step::Skip => {
                    let mut book = Book::read(Some(&stored));
                    book.queue.skip();
                    stored = book.to_text();
                }
                Step::Synced(who, birthday) => {
                    let kind = if birthday { TemplateKind::Birthday } else { TemplateKind::Anniversary };
                    let record = &mut records[who];
                    let sent = events.make(2, now, EventKind::MessageSent { customer: record.id, template: kind, campaign: String::new(), channel: Channel::Sms });
                    apply(record, &sent);
                    greeted.entry((record.id, kind)).or_default().push(now);
                }
            }
        }
    }
}
