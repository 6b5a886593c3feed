//! A small shop written as events, for the dashboard's golden and property tests.
#![allow(dead_code)]

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use mohar::domain::analytics::period::day_of_date;
use mohar::domain::follow_up::Status;
use mohar::domain::{Actor, CustomerId, CustomerProfile, DeviceId, Event, EventId, EventKind, Hlc, Money};

/// Builds events with fresh ids in the order written.
#[derive(Default)]
pub struct Shop {
    pub events: Vec<Event>,
    next: u32,
}

/// A date of 2026 (or of another year when the month is past 12... kept simple: y, m, d).
pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The shop's day of a date.
pub fn day(y: i32, m: u32, d: u32) -> i32 {
    day_of_date(date(y, m, d))
}

/// Noon in India (06:30 UTC) of a date, plus some minutes.
pub fn noon(y: i32, m: u32, d: u32, minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 6, 30, 0).unwrap() + chrono::Duration::minutes(minutes)
}

pub fn customer(n: u8) -> CustomerId {
    CustomerId::from_bytes([n; 16])
}

fn profile(name: &str) -> CustomerProfile {
    CustomerProfile { name: name.into(), phone: mohar::domain::Phone::parse("9876543210", mohar::domain::Country::India).unwrap(), birthday: None, notes: String::new(), extras: Default::default() }
}

impl Shop {
    pub fn push(&mut self, at: DateTime<Utc>, kind: EventKind) -> EventId {
        self.next += 1;
        let mut bytes = [0u8; 16];
        bytes[12..].copy_from_slice(&self.next.to_be_bytes());
        let id = EventId::from_bytes(bytes);
        let device = DeviceId::from_bytes([9; 16]);
        self.events.push(Event { id, device, hlc: Hlc { millis: at.timestamp_millis(), counter: 0, device }, at, actor: Actor::Staff, kind });
        id
    }

    pub fn join(&mut self, who: CustomerId, name: &str, at: DateTime<Utc>, welcome: u32) -> EventId {
        self.push(at, EventKind::CustomerAdded { customer: who, profile: profile(name), welcome_stamps: welcome, card_size: Some(5), referred_by: None })
    }

    pub fn visit(&mut self, who: CustomerId, at: DateTime<Utc>, bill_rupees: Option<u64>) -> EventId {
        let bill = bill_rupees.map(|rupees| Money(rupees * 100));
        self.push(at, EventKind::StampsAdded { customer: who, stamps: 1, bill, card_size: Some(5), same_visit: false, cooldown_override: false })
    }

    pub fn void(&mut self, who: CustomerId, at: DateTime<Utc>, target: EventId) -> EventId {
        self.push(at, EventKind::EventVoided { customer: who, target, target_hlc: None })
    }

    pub fn redeem(&mut self, who: CustomerId, at: DateTime<Utc>) -> EventId {
        self.push(at, EventKind::RewardRedeemed { customer: who, stamps_used: 5, reward: "Tea".into() })
    }

    pub fn rate(&mut self, who: CustomerId, at: DateTime<Utc>, rating: u8) -> EventId {
        self.push(at, EventKind::FeedbackGiven { customer: who, rating, topic: None, comment: String::new() })
    }

    pub fn complain(&mut self, who: CustomerId, at: DateTime<Utc>) -> EventId {
        self.push(at, EventKind::ComplaintOpened { customer: who, what: "Cold tea".into() })
    }

    pub fn update(&mut self, who: CustomerId, at: DateTime<Utc>, complaint: EventId, status: Status) -> EventId {
        self.push(at, EventKind::ComplaintUpdated { customer: who, complaint, handler: String::new(), status, note: String::new(), apology: None })
    }
}

/// The small shop of the golden tests (worked out by hand in `analytics_golden.rs`).
pub fn tea_stall() -> Shop {
    let (asha, bina, chetan, dev, esha, farid) = (customer(1), customer(2), customer(3), customer(4), customer(5), customer(6));
    let mut shop = Shop::default();
    // Asha: a regular with bills.
    shop.join(asha, "Asha", noon(2026, 1, 5, 0), 0);
    for (m, d, bill) in [(1, 5, 100), (1, 20, 200), (2, 4, 300), (3, 2, 400), (3, 10, 500)] {
        shop.visit(asha, noon(2026, m, d, 1), Some(bill));
    }
    shop.redeem(asha, noon(2026, 3, 10, 2));
    shop.rate(asha, noon(2026, 2, 10, 0), 4);
    shop.rate(asha, noon(2026, 3, 2, 3), 5);
    // Bina: three visits two days apart in January, then gone; her complaint is still open.
    shop.join(bina, "Bina", noon(2026, 1, 10, 0), 0);
    for d in [10, 12, 14] {
        shop.visit(bina, noon(2026, 1, d, 1), None);
    }
    shop.complain(bina, noon(2026, 1, 14, 5));
    // Chetan: joined with 3 welcome stamps, came every ten days, left, came back on 15 March.
    shop.join(chetan, "Chetan", noon(2026, 1, 3, 0), 3);
    for (m, d) in [(1, 3), (1, 13), (1, 23), (3, 15)] {
        shop.visit(chetan, noon(2026, m, d, 1), None);
    }
    shop.rate(chetan, noon(2026, 3, 15, 2), 3);
    let complaint = shop.complain(chetan, noon(2026, 3, 15, 3));
    shop.update(chetan, noon(2026, 3, 16, 0), complaint, Status::InProgress);
    shop.update(chetan, noon(2026, 3, 16, 6 * 60 + 3), complaint, Status::Resolved);
    // Dev: new in March, two visits; a third stamp on the 6th was undone.
    shop.join(dev, "Dev", noon(2026, 3, 5, 0), 0);
    shop.visit(dev, noon(2026, 3, 5, 1), None);
    shop.visit(dev, noon(2026, 3, 6, 1), None);
    let mistake = shop.visit(dev, noon(2026, 3, 6, 30), None);
    shop.void(dev, noon(2026, 3, 6, 31), mistake);
    // Esha: joined on 18 March with 2 welcome stamps, no visit yet.
    shop.join(esha, "Esha", noon(2026, 3, 18, 0), 2);
    // Farid: added by mistake on 1 February and removed.
    shop.join(farid, "Farid", noon(2026, 2, 1, 0), 0);
    shop.push(noon(2026, 2, 1, 1), EventKind::CustomerRemoved { customer: farid });
    shop
}
