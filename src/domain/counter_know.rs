//! The counter's actions for "know the customer" and "reward regulars": the owner's extras, the
//! birthday reward and the tier bonus on a stamp. A child of `counter.rs` so that it plans
//! through the same private helpers (clock, revisions, in-flight changes).

use chrono::{DateTime, NaiveDate, Utc};

use super::{Change, Counter};
use crate::domain::birthday::birthday_reward;
use crate::domain::customer::Customer;
use crate::domain::error::DomainError;
use crate::domain::event::EventKind;
use crate::domain::ids::EventId;
use crate::domain::perks::{Perks, Standing};

impl Counter {
    /// The shop's tags, birthday reward and tiers.
    pub fn perks(&self) -> &Perks {
        &self.shop.perks
    }

    /// Plans the owner's change of the extras (tags, birthday reward, tiers).
    pub fn plan_perks_change(&mut self, perks: Perks, event_id: EventId, now: DateTime<Utc>) -> Result<Change, DomainError> {
        perks.validate().map_err(DomainError::Perks)?;
        let event = self.event(event_id, now, EventKind::PerksChanged { perks });
        let mut shop = self.shop.clone();
        shop.apply(&event);
        Ok(Change { event, customer: None, shop: Some(shop), base_rev: None, follow_up: None, linked: Vec::new() })
    }

    /// Plans giving the birthday reward (see `birthday.rs` for when it is refused). `today` is
    /// the shop's calendar day.
    pub fn plan_birthday_reward(&mut self, current: &Customer, today: NaiveDate, event_id: EventId, now: DateTime<Utc>) -> Result<Change, DomainError> {
        let kind = birthday_reward(current, &self.shop.perks.birthday_gift, self.shop.program.stamps_per_reward, today, now).map_err(DomainError::Birthday)?;
        let event = self.event(event_id, now, kind);
        self.customer_change(current, Some(current.rev), event, now)
    }

    /// Where a customer stands among the shop's tiers now.
    pub fn standing(&self, customer: &Customer, now: DateTime<Utc>) -> Standing {
        self.shop.perks.standing(customer, now)
    }

    /// Adds the customer's tier bonus (from the visits before this one) to a visit's stamps.
    pub(super) fn add_tier_bonus(&self, current: &Customer, kind: &mut EventKind, now: DateTime<Utc>) {
        let bonus = self.standing(current, now).tier.map_or(0, |tier| tier.bonus_stamps);
        if let EventKind::StampsAdded { stamps, same_visit: false, .. } = kind {
            *stamps = stamps.saturating_add(bonus);
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;
    use crate::domain::know::ProfileExtras;
    use crate::domain::perks::{BirthdayGift, Tier};
    use crate::domain::{Clock, Country, CustomerForm, CustomerId, DeviceId, Program, SearchIndex, ShopProfile};

    struct Ids(u8);
    impl Ids {
        fn event(&mut self) -> EventId {
            self.0 += 1;
            EventId::from_bytes([self.0; 16])
        }
    }

    fn shop(program: Program, now: DateTime<Utc>) -> (Counter, Ids) {
        let mut ids = Ids(0);
        let mut clock = Clock::new(DeviceId::from_bytes([7; 16]));
        let profile = ShopProfile { name: "Chai Point".into(), country: Country::India };
        let change = Counter::plan_set_up(profile, program, &mut clock, ids.event(), now).unwrap();
        (Counter::new(change.shop.unwrap(), clock, SearchIndex::default(), 0), ids)
    }

    fn add(counter: &mut Counter, ids: &mut Ids, form: CustomerForm, now: DateTime<Utc>) -> Customer {
        let id = CustomerId::from_bytes([200 + ids.0; 16]);
        let change = counter.plan_new_customer(&form, id, ids.event(), now).unwrap();
        counter.committed(&change);
        change.customer.unwrap()
    }

    #[test]
    fn the_ninth_visit_of_a_regular_earns_the_bonus_and_the_eighth_does_not() {
        let start = Utc.with_ymd_and_hms(2026, 3, 1, 10, 0, 0).unwrap();
        let (mut counter, mut ids) = shop(Program::default(), start);
        let perks = Perks { tiers: vec![Tier { name: "Regular".into(), visits: 8, days: 60, discount_percent: 0, bonus_stamps: 1 }], ..Perks::default() };
        let change = counter.plan_perks_change(perks, ids.event(), start).unwrap();
        counter.committed(&change);
        let mut customer = add(&mut counter, &mut ids, CustomerForm { name: "Asha".into(), phone: "9876543210".into(), ..CustomerForm::default() }, start);
        let mut earned = Vec::new();
        for day in 0..9 {
            let now = start + Duration::days(day * 5);
            let change = counter.plan_stamp(&customer, None, ids.event(), now).unwrap();
            counter.committed(&change);
            if let EventKind::StampsAdded { stamps, .. } = change.event.kind {
                earned.push(stamps);
            }
            customer = change.customer.unwrap();
        }
        assert_eq!(earned, vec![1, 1, 1, 1, 1, 1, 1, 1, 2]);
        assert_eq!(counter.standing(&customer, start + Duration::days(40)).tier.map(|tier| tier.name), Some("Regular".into()));
        // Two months without a visit: no longer a regular.
        assert_eq!(counter.standing(&customer, start + Duration::days(110)).tier, None);
    }

    #[test]
    fn a_birthday_reward_is_given_once_and_refused_for_a_date_entered_ten_days_ago() {
        let today = NaiveDate::from_ymd_opt(2026, 6, 10).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 6, 10, 6, 0, 0).unwrap();
        let (mut counter, mut ids) = shop(Program::default(), now - Duration::days(60));
        let perks = Perks { birthday_gift: BirthdayGift::Stamps { stamps: 2 }, ..Perks::default() };
        let change = counter.plan_perks_change(perks, ids.event(), now - Duration::days(60)).unwrap();
        counter.committed(&change);
        let birthday = NaiveDate::from_ymd_opt(1990, 6, 12);
        let form = |name: &str, phone: &str| CustomerForm { name: name.into(), phone: phone.into(), birthday, extras: ProfileExtras::default(), ..CustomerForm::default() };
        let old = add(&mut counter, &mut ids, form("Asha", "9876543210"), now - Duration::days(40));
        let new = add(&mut counter, &mut ids, form("Meera", "9876543211"), now - Duration::days(10));

        let given = counter.plan_birthday_reward(&old, today, ids.event(), now).unwrap();
        counter.committed(&given);
        let old = given.customer.unwrap();
        assert_eq!(old.summary(10).stamps_on_card, 2);
        assert_eq!(old.summary(10).visits, 0, "a birthday reward is not a visit");
        let again = counter.plan_birthday_reward(&old, today, ids.event(), now + Duration::hours(1));
        assert_eq!(again.unwrap_err(), DomainError::Birthday(crate::domain::birthday::BirthdayRefusal::AlreadyGiven { year: 2026 }));
        let refused = counter.plan_birthday_reward(&new, today, ids.event(), now);
        assert_eq!(refused.unwrap_err(), DomainError::Birthday(crate::domain::birthday::BirthdayRefusal::DateTooNew { days_ago: 10 }));

        // Changing the date starts the 30 days again; an edit that keeps it does not.
        let keep = counter.plan_edit_customer(&old, &CustomerForm { notes: "less sugar".into(), ..form("Asha", "9876543210") }, ids.event(), now).unwrap();
        assert_eq!(keep.customer.as_ref().unwrap().profile.as_ref().unwrap().extras.birthday_set, Some(now - Duration::days(40)));
        let moved = CustomerForm { birthday: NaiveDate::from_ymd_opt(1990, 6, 13), ..form("Asha", "9876543210") };
        let changed = counter.plan_edit_customer(&old, &moved, ids.event(), now).unwrap();
        assert_eq!(changed.customer.unwrap().profile.unwrap().extras.birthday_set, Some(now));
    }
}
