//! The audience rules beyond consent and the limit (those are property-tested in
//! `tests/messages_properties.rs`): tags, birthdays this week, "we miss you", reward ready and
//! the card's own messages.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

use super::*;
use crate::domain::know::ProfileExtras;
use crate::domain::messages::{ConsentHow, MessagingChange};
use crate::domain::perks::{Perks, Tag};
use crate::domain::{Clock, Counter, Country, CustomerForm, CustomerId, DeviceId, EventId, Program, SearchIndex, ShopProfile};

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 5, 1, 10, 0, 0).unwrap()
}

struct Shop {
    counter: Counter,
    next: u8,
}

impl Shop {
    fn new() -> Shop {
        let mut clock = Clock::new(DeviceId::from_bytes([7; 16]));
        let profile = ShopProfile { name: "Chai Point".into(), country: Country::India };
        let program = Program { stamps_per_reward: 3, ..Program::default() };
        let set_up = Counter::plan_set_up(profile, program, &mut clock, EventId::from_bytes([1; 16]), start()).unwrap();
        let mut counter = Counter::new(set_up.shop.unwrap(), clock, SearchIndex::default(), 0);
        let perks = Perks { tags: vec![Tag { id: 1, name: "wholesale".into() }], ..Perks::default() };
        let change = counter.plan_perks_change(perks, EventId::from_bytes([2; 16]), start()).unwrap();
        counter.committed(&change);
        Shop { counter, next: 10 }
    }

    fn id(&mut self) -> EventId {
        self.next += 1;
        EventId::from_bytes([self.next; 16])
    }

    /// A customer who agreed, with visits on the given days after the start.
    fn customer(&mut self, phone: &str, birthday: Option<NaiveDate>, tags: Vec<u16>, visit_days: &[i64]) -> Customer {
        let form = CustomerForm { name: format!("C {phone}"), phone: phone.into(), birthday, extras: ProfileExtras { tags, ..ProfileExtras::default() }, ..CustomerForm::default() };
        let (customer, event) = (CustomerId::from_bytes([self.next; 16]), self.id());
        let added = self.counter.plan_new_customer(&form, customer, event, start()).unwrap();
        self.counter.committed(&added);
        let mut current = added.customer.unwrap();
        let yes = MessagingChange { consent: Some((true, ConsentHow::Counter)), ..MessagingChange::default() };
        let event = self.id();
        let change = self.counter.plan_messaging(&current, yes, event, start()).unwrap();
        self.counter.committed(&change);
        current = change.customer.unwrap();
        for day in visit_days {
            let event = self.id();
            let change = self.counter.plan_stamp(&current, None, event, start() + Duration::days(*day)).unwrap();
            self.counter.committed(&change);
            current = change.customer.unwrap();
        }
        current
    }
}

fn pick(audience: Audience, kind: TemplateKind, shop: &Shop, customers: &[&Customer], now: DateTime<Utc>) -> Selection {
    let queued = BTreeSet::new();
    let context = Context { shop: shop.counter.shop(), shop_lang: Lang::Gu, limit: Limit::default(), queued: &queued, now, today: now.date_naive() };
    select(kind, &audience, customers.iter().copied(), &context)
}

#[test]
fn each_rule_picks_its_customers() {
    let mut shop = Shop::new();
    // Every 3 days, then gone: the usual interval is 3 days, gone 20 days at `now`.
    let regular = shop.customer("9876543210", NaiveDate::from_ymd_opt(1990, 5, 24), vec![1], &[0, 3, 6, 9]);
    // Every 8 to 10 days, last seen 11 days before `now`: not "we miss you" (under 14 days).
    let weekly = shop.customer("9876543211", NaiveDate::from_ymd_opt(1985, 6, 2), vec![], &[0, 8, 18]);
    let now = start() + Duration::days(29);
    let all = [&regular, &weekly];
    let ids = |selection: Selection| selection.picked.into_iter().map(|pick| pick.customer).collect::<Vec<_>>();

    assert_eq!(ids(pick(Audience::Tag(1), TemplateKind::NewStock, &shop, &all, now)), vec![regular.id]);
    assert_eq!(ids(pick(Audience::WeMissYou, TemplateKind::WeMissYou, &shop, &all, now)), vec![regular.id]);
    assert_eq!(ids(pick(Audience::NotSeenFor(10), TemplateKind::WeMissYou, &shop, &all, now)), vec![regular.id, weekly.id]);
    assert_eq!(ids(pick(Audience::NotSeenFor(15), TemplateKind::WeMissYou, &shop, &all, now)), vec![regular.id]);
    // 30 May: 24 May has passed, 2 June is three days on.
    assert_eq!(ids(pick(Audience::BirthdaysThisWeek, TemplateKind::Birthday, &shop, &all, now)), vec![weekly.id]);
    assert_eq!(ids(pick(Audience::BirthdaysToday, TemplateKind::Birthday, &shop, &all, now + Duration::days(3))), vec![weekly.id]);
    // Four and three stamps on a card of three: a reward ready for both.
    assert_eq!(pick(Audience::RewardReady, TemplateKind::NewOffer, &shop, &all, now).picked.len(), 2);
    // The card's own messages only go to who asked for their card on WhatsApp/SMS.
    let card = pick(Audience::RewardReady, TemplateKind::RewardReady, &shop, &all, now);
    assert!(card.picked.is_empty());
    assert_eq!(card.left_out, vec![(regular.id, LeftOut::NoCardUpdates), (weekly.id, LeftOut::NoCardUpdates)]);
    // The shop's language for customers who chose none.
    assert!(pick(Audience::Everyone, TemplateKind::NewOffer, &shop, &all, now).picked.iter().all(|pick| pick.lang == Lang::Gu));
}
