//! Tests of the customer record: fair cards across program changes, the bounded record and its
//! rebuild path, and reading records of the previous version.

use chrono::{Duration, TimeZone, Utc};

use super::*;
use crate::domain::program::Program;
use crate::domain::counter::{Counter, CustomerForm};
use crate::domain::hlc::Clock;
use crate::domain::ids::DeviceId;
use crate::domain::search::SearchIndex;
use crate::domain::shop::ShopProfile;
use crate::domain::{Actor, Country, Earning};

struct Shop {
    counter: Counter,
    next: u64,
    events: Vec<Event>,
}

impl Shop {
    fn new(stamps_per_reward: u32) -> Shop {
        let mut clock = Clock::new(DeviceId::from_bytes([1; 16]));
        let program = Program { stamps_per_reward, welcome_stamps: 0, earning: Earning::PerVisit { stamps: 1 }, ..Program::default() };
        let profile = ShopProfile { name: "Chai".into(), country: Country::India };
        let set_up = Counter::plan_set_up(profile, program, &mut clock, EventId::from_bytes([0xff; 16]), Self::at(0)).unwrap();
        let counter = Counter::new(set_up.shop.clone().unwrap(), clock, SearchIndex::default(), 0);
        Shop { counter, next: 0, events: vec![set_up.event] }
    }

    fn at(step: u64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap() + Duration::hours(step as i64 * 12)
    }

    fn id(&mut self) -> EventId {
        self.next += 1;
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.next.to_be_bytes());
        EventId::from_bytes(bytes)
    }

    fn keep(&mut self, change: crate::domain::Change) -> Customer {
        self.counter.committed(&change);
        self.events.push(change.event);
        change.customer.unwrap_or_else(|| Customer::empty(CustomerId::default()))
    }

    fn join(&mut self) -> Customer {
        let form = CustomerForm { name: "Asha Verma".into(), phone: "9876543210".into(), ..CustomerForm::default() };
        let (id, now) = (self.id(), Self::at(self.next));
        let change = self.counter.plan_new_customer(&form, CustomerId::from_bytes([7; 16]), id, now).unwrap();
        self.keep(change)
    }

    fn stamp(&mut self, customer: &Customer) -> Customer {
        let (id, now) = (self.id(), Self::at(self.next));
        let change = self.counter.plan_stamp(customer, None, id, now).unwrap();
        self.keep(change)
    }

    fn redeem(&mut self, customer: &Customer) -> Customer {
        let (id, now) = (self.id(), Self::at(self.next));
        let change = self.counter.plan_redeem(customer, id, now).unwrap();
        self.keep(change)
    }

    fn set_card_size(&mut self, stamps_per_reward: u32) {
        let program = Program { stamps_per_reward, ..self.counter.program().clone() };
        let (id, now) = (self.id(), Self::at(self.next));
        let change = self.counter.plan_program_change(program, id, now).unwrap();
        self.keep(change);
    }

    fn per(&self) -> u32 {
        self.counter.program().stamps_per_reward
    }
}

#[test]
fn a_bigger_card_does_not_take_a_ready_reward_away() {
    let mut shop = Shop::new(5);
    let mut asha = shop.join();
    for _ in 0..7 {
        asha = shop.stamp(&asha);
    }
    assert_eq!(asha.summary(shop.per()).rewards_ready, 1);
    shop.set_card_size(10);
    let summary = asha.summary(shop.per());
    assert_eq!((summary.rewards_ready, summary.stamps_on_card, summary.card_size), (1, 2, 5), "the card in progress keeps its size");
    // Three more stamps fill the 5-card; the next card is a 10-card.
    for _ in 0..4 {
        asha = shop.stamp(&asha);
    }
    let summary = asha.summary(shop.per());
    assert_eq!((summary.rewards_ready, summary.stamps_on_card, summary.card_size), (2, 1, 10));
    asha = shop.redeem(&asha);
    assert_eq!(asha.summary(shop.per()).rewards_ready, 1);
}

#[test]
fn a_smaller_card_does_not_hand_out_a_reward() {
    let mut shop = Shop::new(10);
    let mut asha = shop.join();
    for _ in 0..7 {
        asha = shop.stamp(&asha);
    }
    shop.set_card_size(5);
    let summary = asha.summary(shop.per());
    assert_eq!((summary.rewards_ready, summary.stamps_on_card, summary.card_size), (0, 7, 10));
    assert_eq!(shop.counter.plan_redeem(&asha, EventId::from_bytes([9; 16]), Shop::at(99)), Err(DomainError::NoRewardReady));
    // A customer who has not started a card sees the new size.
    let mut shop = Shop::new(10);
    let ravi = shop.join();
    shop.set_card_size(5);
    assert_eq!(ravi.summary(shop.per()).card_size, 5);
}

#[test]
fn three_thousand_stamps_keep_the_record_small_and_equal_to_the_fold() {
    let mut shop = Shop::new(10);
    let mut asha = shop.join();
    let mut redeemed = 0;
    for n in 0..3_000 {
        asha = shop.stamp(&asha);
        if n % 10 == 9 && n % 20 == 19 {
            asha = shop.redeem(&asha);
            redeemed += 1;
        }
    }
    let json = serde_json::to_string(&asha).unwrap();
    assert!(json.len() < 2_048, "{} bytes: {json}", json.len());
    assert!(asha.recent.len() <= RECENT_LEN);
    let mut folded = Customer::fold(asha.id, &shop.events);
    folded.rev = asha.rev;
    assert_eq!(folded, asha);
    let read: Customer = serde_json::from_str(&json).unwrap();
    assert_eq!(read, asha);
    let summary = asha.summary(10);
    assert_eq!((summary.visits, summary.rewards_redeemed, summary.rewards_ready), (3_000, redeemed, 300 - redeemed));
    assert_eq!(asha.card_sequence() as usize, shop.events.len() - 1);
}

#[test]
fn only_recent_actions_can_be_undone_and_old_events_need_a_rebuild() {
    let mut shop = Shop::new(10);
    let mut asha = shop.join();
    let first = shop.stamp(&asha);
    let first_id = shop.events.last().unwrap().id;
    asha = first;
    for _ in 0..RECENT_LEN {
        asha = shop.stamp(&asha);
    }
    assert_eq!(asha.void(first_id, 10), Err(DomainError::UndoOutOfReach { reach: RECENT_LEN }));
    let last_id = shop.events.last().unwrap().id;
    assert!(asha.void(last_id, 10).is_ok());
    // An undo of the old stamp made elsewhere cannot be folded in; the fold of the log can.
    let target_hlc = shop.events.iter().find(|event| event.id == first_id).map(|event| event.hlc);
    let mut clock = Clock::new(DeviceId::from_bytes([2; 16]));
    let latest = shop.events.last().unwrap().hlc;
    assert_eq!(clock.observe(latest, latest.millis), Ok(()));
    let kind = EventKind::EventVoided { customer: asha.id, target: first_id, target_hlc };
    let void = Event::new(EventId::from_bytes([0xee; 16]), &mut clock, Shop::at(1_000), Actor::Owner, kind);
    let before = asha.clone();
    assert_eq!(asha.apply(&void), ApplyOutcome::NeedsRebuild);
    assert_eq!(asha, before);
    shop.events.push(void);
    let rebuilt = Customer::fold(asha.id, &shop.events);
    assert_eq!(rebuilt.stamps_earned(), asha.stamps_earned() - 1);
    // A stamp from before the horizon that arrives late also needs the rebuild.
    let kind = EventKind::StampsAdded { customer: asha.id, stamps: 1, bill: None, card_size: Some(10), same_visit: false, cooldown_override: false };
    let late = Event { hlc: Hlc { millis: 1, counter: 0, device: DeviceId::from_bytes([3; 16]) }, ..Event::new(EventId::from_bytes([0xef; 16]), &mut clock, Shop::at(0), Actor::Owner, kind) };
    assert_eq!(asha.apply(&late), ApplyOutcome::NeedsRebuild);
}

#[test]
fn every_action_moves_the_card_sequence_on_by_one() {
    let mut shop = Shop::new(2);
    let mut asha = shop.join();
    assert_eq!(asha.card_sequence(), 1);
    asha = shop.stamp(&asha);
    asha = shop.stamp(&asha);
    asha = shop.redeem(&asha);
    assert_eq!(asha.card_sequence(), 4);
    let last = shop.events.last().unwrap().id;
    let (id, now) = (shop.id(), Shop::at(50));
    let undo = shop.counter.plan_undo(&asha, last, id, now).unwrap();
    asha = shop.keep(undo);
    assert_eq!(asha.card_sequence(), 5);
    assert_eq!(asha.summary(2).rewards_ready, 1);
}

/// A record as the previous version wrote it: one entry per stamp and redemption, undone ids.
const PREVIOUS_VERSION_RECORD: &str = r#"{"id":"07070707070707070707070707070707",
  "profile":{"name":"Asha Verma","phone":"+919876543210","birthday":null,"notes":"less sugar"},
  "profile_hlc":{"millis":1767258000000,"counter":0,"device":"01010101010101010101010101010101"},
  "joined_at":1767258000000,
  "contributions":{
    "00000000000000010000000000000000":{"stamps":{"stamps":1,"visit":false,"at":1767258000000,"bill":null}},
    "00000000000000020000000000000000":{"stamps":{"stamps":1,"visit":true,"at":1767301200000,"bill":null}},
    "00000000000000030000000000000000":{"stamps":{"stamps":1,"visit":true,"at":1767344400000,"bill":null}},
    "00000000000000040000000000000000":{"stamps":{"stamps":9,"visit":true,"at":1767387600000,"bill":25000}},
    "00000000000000050000000000000000":{"redemption":{"stamps_used":10,"at":1767430800000}},
    "00000000000000060000000000000000":{"stamps":{"stamps":1,"visit":true,"at":1767474000000,"bill":null}}
  },
  "voided":["00000000000000030000000000000000","000000000000000a0000000000000000"],
  "rev":1767474000000123}"#;

#[test]
fn records_of_the_previous_version_still_load() {
    let customer: Customer = serde_json::from_str(PREVIOUS_VERSION_RECORD).unwrap();
    assert_eq!(customer.name(), "Asha Verma");
    assert_eq!(customer.rev, 1_767_474_000_000_123);
    // 1 + 1 + 9 (one undone) = 11 stamps, one reward of 10 redeemed: 1 on a 10-card.
    let summary = customer.summary(10);
    assert_eq!((summary.rewards_ready, summary.stamps_on_card, summary.visits, summary.rewards_redeemed), (0, 2, 3, 1));
    assert_eq!(customer.balance(), 2);
    assert_eq!(customer.bill_total(), Money(25_000));
    assert_eq!(customer.pending_voids.len(), 1);
    // It is written back in the new form and reads back equal.
    let json = serde_json::to_string(&customer).unwrap();
    assert!(!json.contains("contributions"));
    assert_eq!(serde_json::from_str::<Customer>(&json).unwrap(), customer);
}

#[test]
fn damaged_records_are_decoding_errors() {
    let mut shop = Shop::new(10);
    let asha = shop.join();
    let good = serde_json::to_string(&shop.stamp(&asha)).unwrap();
    assert!(serde_json::from_str::<Customer>(&good).is_ok());
    let raw = r#"{"id":"07070707070707070707070707070707","dev":["01010101010101010101010101010101"],"rc":[["AAAAAAAAAAEAAAAAAAAAAA",1,0,0,0,0,1,10,0]]}"#;
    let read: Customer = serde_json::from_str(raw).unwrap();
    assert_eq!(read.recent[0].id, EventId::from_bytes([0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]));
    for bad in [
        good.replace("+919876543210", ""),
        good.replace("+919876543210", "+91९८७६"),
        good.replace("+919876543210", "+"),
        good.replace("\"rc\":[[", "\"rc\":[[\"zz\","),
        good.replace("\"rc\":[[\"", "\"rc\":[[\"A"),
        good.replace("\"rc\":[[\"", "\"rc\":[[\"é"),
        good.replace("\"ph\":[", "\"ph\":[1,0,7],\"x\":["),
        good.replace("\"dev\":[", "\"dev\":[],\"x\":["),
        r#"{"id":"07070707070707070707070707070707","dev":[],"rc":[["AAAAAAAAAAEAAAAAAAAAAA",1,0,5,0,0,1,10,0]]}"#.to_owned(),
        r#"{"id":"07070707070707070707070707070707","dev":["01010101010101010101010101010101"],"rc":[["AAAAAAAAAAEAAAAAAAAAAA",9223372036854775807,0,0,9223372036854775807,0,1,10,0]]}"#.to_owned(),
        r#"{"id":"07070707070707070707070707070707","dev":["01010101010101010101010101010101"],"rc":[["AAAAAAAAAAEAAAAAAAAAAA",1,0,0,0,9,1,10,0]]}"#.to_owned(),
    ] {
        assert!(serde_json::from_str::<Customer>(&bad).is_err(), "{bad}");
    }
}

#[test]
fn events_sharing_a_clock_are_all_counted() {
    // Two tabs of one device can stamp in the same millisecond with the same clock value.
    let id = CustomerId::from_bytes([7; 16]);
    let hlc = Hlc { millis: 1_767_258_000_000, counter: 0, device: DeviceId::from_bytes([1; 16]) };
    let events: Vec<Event> = (0..(RECENT_LEN as u8 + 10))
        .map(|n| Event {
            id: EventId::from_bytes([n; 16]),
            device: hlc.device,
            hlc,
            at: Shop::at(1),
            actor: Actor::Staff,
            kind: EventKind::StampsAdded { customer: id, stamps: 1, bill: None, card_size: Some(10), same_visit: false, cooldown_override: false },
        })
        .collect();
    let folded = Customer::fold(id, events.iter().rev());
    assert_eq!(folded.stamps_earned(), events.len() as u64);
    let mut incremental = Customer::empty(id);
    for event in &events {
        assert_eq!(incremental.apply(event), ApplyOutcome::Applied);
    }
    assert_eq!(incremental, folded);
}
