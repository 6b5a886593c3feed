//! The owner's corrections (issue 10, `domain/owner_fix.rs`): bonus stamps with a reason, and
//! voiding an event older than the undo window (beyond the record's recent entries), refused
//! when already voided or when it would leave the card negative; and, as a property, the record
//! folded from the log in any order of arrival (shuffled, repeated) is the one the counter wrote.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{DateTime, Duration, TimeZone, Utc};
use mohar::domain::owner_fix::{CorrectionError, MAX_BONUS_STAMPS};
use mohar::domain::{ApplyOutcome, Clock, Counter, Country, Customer, CustomerForm, CustomerId, DeviceId, DomainError, Event, EventId, EventKind, Program, ShopProfile, RECENT_LEN};
use proptest::prelude::*;

#[path = "common/arrival.rs"]
mod arrival;
use arrival::shuffled_with_repeats;

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 1, 9, 0, 0).unwrap()
}

/// A shop with one customer, Asha: the counter, her record as the counter last wrote it, her
/// log, and the time of the last action.
struct Shop {
    counter: Counter,
    asha: Customer,
    log: Vec<Event>,
    now: DateTime<Utc>,
    next_id: u128,
}

impl Shop {
    fn new() -> Shop {
        let mut clock = Clock::new(DeviceId::from_bytes([1; 16]));
        let profile = ShopProfile { name: "Chai".into(), country: Country::India };
        let set_up = Counter::plan_set_up(profile, Program::default(), &mut clock, EventId::from_bytes(1u128.to_le_bytes()), start()).unwrap();
        let mut counter = Counter::new(set_up.shop.clone().unwrap(), clock, Default::default(), 0);
        let form = CustomerForm { name: "Asha".into(), phone: "9876543210".into(), ..CustomerForm::default() };
        let added = counter.plan_new_customer(&form, CustomerId::from_bytes([9; 16]), EventId::from_bytes(2u128.to_le_bytes()), start()).unwrap();
        counter.committed(&added);
        Shop { counter, asha: added.customer.clone().unwrap(), log: vec![added.event], now: start(), next_id: 2 }
    }

    fn id(&mut self) -> EventId {
        self.next_id += 1;
        EventId::from_bytes(self.next_id.to_le_bytes())
    }

    /// Plans with `plan` an hour after the last action; commits and keeps it when allowed.
    fn act(&mut self, plan: impl FnOnce(&mut Counter, &Customer, &[Event], EventId, DateTime<Utc>) -> Result<mohar::domain::Change, DomainError>) -> Result<EventId, DomainError> {
        self.now += Duration::hours(1);
        let id = self.id();
        let change = plan(&mut self.counter, &self.asha, &self.log, id, self.now)?;
        self.counter.committed(&change);
        self.asha = change.customer.clone().unwrap();
        self.log.push(change.event);
        Ok(id)
    }

    fn stamp(&mut self) -> EventId {
        self.act(|c, asha, _, id, now| c.plan_stamp(asha, None, id, now)).unwrap()
    }
}

#[test]
fn bonus_stamps_need_a_reason_and_count_as_stamps_not_a_visit() {
    let mut shop = Shop::new();
    shop.stamp();
    let refused = |shop: &mut Shop, n, why: &'static str| shop.act(move |c, asha, _, id, now| c.plan_bonus_stamps(asha, n, why, id, now)).unwrap_err();
    assert_eq!(refused(&mut shop, 3, "  "), DomainError::Correction(CorrectionError::ReasonMissing));
    assert_eq!(refused(&mut shop, 0, "Diwali"), DomainError::Correction(CorrectionError::BonusOutOfRange { max: MAX_BONUS_STAMPS }));
    assert_eq!(refused(&mut shop, MAX_BONUS_STAMPS + 1, "Diwali"), DomainError::Correction(CorrectionError::BonusOutOfRange { max: MAX_BONUS_STAMPS }));
    shop.act(|c, asha, _, id, now| c.plan_bonus_stamps(asha, 3, " Waited long today ", id, now)).unwrap();
    let summary = shop.asha.summary(10);
    assert_eq!((summary.stamps_on_card, summary.visits), (4, 1));
    let EventKind::BonusStampsGiven { stamps, reason, .. } = &shop.log.last().unwrap().kind else { panic!("not a bonus") };
    assert_eq!((*stamps, reason.as_str()), (3, "Waited long today"));
    assert_eq!(Customer::fold(shop.asha.id, &shop.log), Customer { rev: 0, ..shop.asha.clone() });
}

#[test]
fn the_owner_voids_a_stamp_older_than_the_record_keeps_and_only_once() {
    let mut shop = Shop::new();
    let first = shop.stamp();
    for _ in 0..RECENT_LEN + 5 {
        shop.stamp();
    }
    let before = shop.asha.clone();
    // The staff's undo cannot reach it any more.
    assert!(matches!(before.void(first, 10), Err(DomainError::UndoOutOfReach { .. })));
    let no_reason = shop.act(move |c, asha, log, id, now| c.plan_owner_void(asha, log, first, "", id, now));
    assert_eq!(no_reason, Err(DomainError::Correction(CorrectionError::ReasonMissing)));
    shop.act(move |c, asha, log, id, now| c.plan_owner_void(asha, log, first, "Stamped twice by mistake", id, now)).unwrap();
    let after = shop.asha.summary(10);
    assert_eq!(after.visits, before.summary(10).visits - 1);
    assert_eq!(after.balance, before.summary(10).balance - 1);
    // Another device's record folds it in only by reading the log again.
    assert_eq!(before.clone().apply(shop.log.last().unwrap()), ApplyOutcome::NeedsRebuild);
    assert_eq!(Customer::fold(shop.asha.id, &shop.log), Customer { rev: 0, ..shop.asha.clone() });
    // Twice: refused, with the reason shown to the owner.
    let again = shop.act(move |c, asha, log, id, now| c.plan_owner_void(asha, log, first, "again", id, now));
    assert_eq!(again, Err(DomainError::AlreadyVoided));
}

#[test]
fn a_void_refuses_what_was_undone_what_is_no_stamp_and_what_would_go_negative() {
    let mut shop = Shop::new();
    let joined = shop.log[0].id;
    let stamps: Vec<EventId> = (0..10).map(|_| shop.stamp()).collect();
    let undone = shop.stamp();
    shop.act(move |c, asha, _, id, now| c.plan_undo(asha, undone, id, now)).unwrap();
    let void = |shop: &mut Shop, target| shop.act(move |c, asha, log, id, now| c.plan_owner_void(asha, log, target, "wrong customer", id, now));
    assert_eq!(void(&mut shop, undone), Err(DomainError::AlreadyVoided));
    assert_eq!(void(&mut shop, joined), Err(DomainError::NotVoidable));
    assert_eq!(void(&mut shop, EventId::from_bytes([0xee; 16])), Err(DomainError::NotVoidable));
    // The full card was redeemed: taking one of its stamps away would leave the card negative.
    let redeemed = shop.act(|c, asha, _, id, now| c.plan_redeem(asha, id, now)).unwrap();
    assert_eq!(void(&mut shop, stamps[0]), Err(DomainError::VoidWouldGoNegative));
    // Voiding the redemption itself is fine, and then the stamp too.
    void(&mut shop, redeemed).unwrap();
    void(&mut shop, stamps[0]).unwrap();
    assert_eq!(shop.asha.summary(10).stamps_on_card, 9);
}

/// One thing the shop does, an hour after the previous one.
#[derive(Clone, Debug)]
enum Action {
    Stamp,
    Redeem,
    Bonus(u32),
    /// The staff's undo of the latest action, when it may.
    Undo,
    /// The owner voids the n-th (modulo) event of the log, when it may.
    Void(usize),
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        5 => Just(Action::Stamp),
        1 => Just(Action::Redeem),
        2 => (1..5u32).prop_map(Action::Bonus),
        1 => Just(Action::Undo),
        3 => any::<usize>().prop_map(Action::Void),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Bonuses and voids of any age, with stamps, redemptions and undos: the record the counter
    /// wrote is the fold of the log in any order of arrival with repeats, no event is voided
    /// twice, and no card ends with more rewards redeemed than cards filled.
    #[test]
    fn corrections_fold_the_same_in_any_order(actions in prop::collection::vec(action(), 1..60), seed in any::<u64>()) {
        let mut shop = Shop::new();
        for action in &actions {
            let _ = match action {
                Action::Stamp => Ok(shop.stamp()),
                Action::Redeem => shop.act(|c, asha, _, id, now| c.plan_redeem(asha, id, now)),
                Action::Bonus(n) => shop.act(move |c, asha, _, id, now| c.plan_bonus_stamps(asha, *n, "festival", id, now)),
                Action::Undo => {
                    let latest = shop.asha.recent.last().map(|recent| recent.id);
                    match latest {
                        Some(target) => shop.act(move |c, asha, _, id, now| c.plan_undo(asha, target, id, now)),
                        None => Ok(EventId::from_bytes([0; 16])),
                    }
                }
                Action::Void(n) => {
                    let target = shop.log[n % shop.log.len()].id;
                    shop.act(move |c, asha, log, id, now| c.plan_owner_void(asha, log, target, "mistake", id, now))
                }
            };
        }
        let written = Customer { rev: 0, ..shop.asha.clone() };
        prop_assert_eq!(&Customer::fold(written.id, &shop.log), &written);
        let arrived = shuffled_with_repeats(&shop.log, seed);
        prop_assert_eq!(&Customer::fold(written.id, &arrived), &written);
        let targets: Vec<EventId> = shop.log.iter().filter_map(|event| mohar::domain::owner_fix::void_target(&event.kind)).collect();
        let mut unique = targets.clone();
        unique.sort();
        unique.dedup();
        prop_assert_eq!(unique.len(), targets.len());
        let cards = written.cards();
        prop_assert!(cards.resolve(10).completed >= cards.redeemed);
    }
}
