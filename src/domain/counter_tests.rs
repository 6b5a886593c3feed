use super::*;
use crate::domain::{Country, DeviceId};
use chrono::TimeZone;

/// Event ids in order, one byte repeated: shared by the counter's child modules' tests.
pub(super) struct Ids(pub(super) u8);
impl Ids {
    pub(super) fn event(&mut self) -> EventId {
        self.0 += 1;
        EventId::from_bytes([self.0; 16])
    }
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap()
}

fn counter(program: Program, ids: &mut Ids) -> Counter {
    let mut clock = Clock::new(DeviceId::from_bytes([7; 16]));
    let profile = ShopProfile { name: "  Chai Point ".into(), country: Country::India };
    let change = Counter::plan_set_up(profile, program, &mut clock, ids.event(), now()).unwrap();
    let shop = change.shop.unwrap();
    assert_eq!(shop.profile.name, "Chai Point");
    Counter::new(shop, clock, SearchIndex::default(), 0)
}

fn add(counter: &mut Counter, ids: &mut Ids, name: &str, phone: &str) -> Result<Customer, DomainError> {
    let form = CustomerForm { name: name.into(), phone: phone.into(), ..CustomerForm::default() };
    let id = CustomerId::from_bytes([200 + ids.0; 16]);
    let change = counter.plan_new_customer(&form, id, ids.event(), now())?;
    counter.committed(&change);
    Ok(change.customer.unwrap())
}

#[test]
fn ten_stamps_make_a_reward_then_redeem_and_undo() {
    let mut ids = Ids(0);
    let mut counter = counter(Program::default(), &mut ids);
    let mut customer = add(&mut counter, &mut ids, "Asha", "9876543210").unwrap();
    for _ in 0..10 {
        let change = counter.plan_stamp(&customer, None, ids.event(), now()).unwrap();
        counter.committed(&change);
        customer = change.customer.unwrap();
    }
    assert_eq!(customer.summary(10).rewards_ready, 1);
    assert_eq!(counter.index().get(&customer.id).unwrap().card.resolve(10).rewards_ready, 1);
    let redeem = counter.plan_redeem(&customer, ids.event(), now()).unwrap();
    let after_redeem = redeem.customer.clone().unwrap();
    assert_eq!(after_redeem.summary(10).rewards_ready, 0);
    let undo = counter.plan_undo(&after_redeem, redeem.event.id, ids.event(), now()).unwrap();
    assert_eq!(undo.customer.unwrap().summary(10), customer.summary(10));
}

#[test]
fn duplicate_phone_is_refused_naming_the_existing_customer() {
    let mut ids = Ids(0);
    let mut counter = counter(Program::default(), &mut ids);
    let asha = add(&mut counter, &mut ids, "Asha", "9876543210").unwrap();
    let again = add(&mut counter, &mut ids, "Someone", "+91 98765 43210");
    assert_eq!(again, Err(DomainError::PhoneTaken { existing: asha.id }));
}

#[test]
fn planning_without_committing_leaves_the_counter_unchanged() {
    let mut ids = Ids(0);
    let mut counter = counter(Program::default(), &mut ids);
    let form = CustomerForm { name: "Asha".into(), phone: "9876543210".into(), ..CustomerForm::default() };
    counter.plan_new_customer(&form, CustomerId::from_bytes([1; 16]), ids.event(), now()).unwrap();
    assert!(counter.index().is_empty());
    assert!(counter.search("asha", 5).is_empty());
}

#[test]
fn the_snapshot_watermark_never_covers_a_change_still_in_flight() {
    let mut ids = Ids(0);
    let mut counter = counter(Program::default(), &mut ids);
    let asha = add(&mut counter, &mut ids, "Asha", "9876543210").unwrap();
    let ravi = add(&mut counter, &mut ids, "Ravi", "9876543211").unwrap();
    let committed = counter.snapshot_watermark();
    // A is planned (its write is on the way); B is planned after it and commits first.
    let a = counter.plan_stamp(&asha, None, ids.event(), now()).unwrap();
    let b = counter.plan_stamp(&ravi, None, ids.event(), now()).unwrap();
    counter.committed(&b);
    let a_rev = a.customer.as_ref().unwrap().rev;
    assert!(counter.snapshot_watermark() < a_rev, "the snapshot would claim A, which it does not contain");
    assert_eq!(counter.snapshot_watermark(), committed);
    // Once A commits, the watermark covers both.
    counter.committed(&a);
    assert_eq!(counter.snapshot_watermark(), b.customer.as_ref().unwrap().rev.max(a_rev));
}

#[test]
fn an_abandoned_change_stops_holding_the_watermark_back() {
    let mut ids = Ids(0);
    let mut counter = counter(Program::default(), &mut ids);
    let asha = add(&mut counter, &mut ids, "Asha", "9876543210").unwrap();
    let failed = counter.plan_stamp(&asha, None, ids.event(), now()).unwrap();
    let saved = counter.plan_stamp(&asha, None, ids.event(), now()).unwrap();
    counter.committed(&saved);
    assert!(counter.snapshot_watermark() < failed.customer.as_ref().unwrap().rev);
    counter.abandoned(&failed);
    assert_eq!(counter.snapshot_watermark(), saved.customer.as_ref().unwrap().rev);
}

/// Sync (issue 14): a received batch is planned and written by a copy of the counter in the
/// owner's bundle. The revision the counter holds for it keeps its snapshot from claiming the
/// batch's records, even after a later action of its own committed, until they are taken in.
#[test]
fn a_held_revision_keeps_the_watermark_below_a_batch_stored_elsewhere_until_taken_in() {
    let mut ids = Ids(0);
    let mut counter = counter(Program::default(), &mut ids);
    let asha = add(&mut counter, &mut ids, "Asha", "9876543210").unwrap();
    let held = counter.plan_received_rev(now());
    let mut copy = counter.clone();
    copy.revisions_above(held);
    let ravi = add(&mut copy, &mut ids, "Ravi", "9876543211").unwrap();
    assert!(ravi.rev > held, "the batch's records are above the held revision");
    // The clerk stamps Asha here before the batch is taken in.
    let stamp = counter.plan_stamp(&asha, None, ids.event(), now()).unwrap();
    counter.committed(&stamp);
    assert!(counter.snapshot_watermark() < ravi.rev, "the snapshot would claim Ravi, whom the index lacks");
    counter.took_in_records(std::slice::from_ref(&ravi), false);
    counter.release_rev(held);
    assert_eq!(counter.search("ravi", 5).len(), 1);
    assert_eq!(counter.snapshot_watermark(), stamp.customer.unwrap().rev);
}

#[test]
fn a_change_names_the_record_it_was_planned_from() {
    let mut ids = Ids(0);
    let mut counter = counter(Program::default(), &mut ids);
    let form = CustomerForm { name: "Asha".into(), phone: "9876543210".into(), ..CustomerForm::default() };
    let added = counter.plan_new_customer(&form, CustomerId::from_bytes([1; 16]), ids.event(), now()).unwrap();
    assert_eq!(added.base_rev, None);
    counter.committed(&added);
    let asha = added.customer.unwrap();
    let stamped = counter.plan_stamp(&asha, None, ids.event(), now()).unwrap();
    assert_eq!(stamped.base_rev, Some(asha.rev));
    assert!(stamped.customer.unwrap().rev > asha.rev);
}

#[test]
fn a_snapshot_falls_due_after_enough_customer_changes() {
    let mut ids = Ids(0);
    let mut counter = counter(Program::default(), &mut ids);
    counter.note_changes_since_snapshot(SNAPSHOT_AFTER_CHANGES - 1);
    assert!(!counter.snapshot_due());
    add(&mut counter, &mut ids, "Asha", "9876543210").unwrap();
    assert!(counter.snapshot_due());
    counter.snapshot_saved();
    assert!(!counter.snapshot_due());
}

#[test]
fn another_stamp_for_the_same_visit_counts_its_stamps_but_not_a_second_visit() {
    let mut ids = Ids(0);
    let mut counter = counter(Program::default(), &mut ids);
    let customer = add(&mut counter, &mut ids, "Asha", "9876543210").unwrap();
    let first = counter.plan_stamp(&customer, None, ids.event(), now()).unwrap();
    counter.committed(&first);
    let second = counter.plan_another_stamp(first.customer.as_ref().unwrap(), None, ids.event(), now()).unwrap();
    let summary = second.customer.unwrap().summary(10);
    assert_eq!((summary.stamps_on_card, summary.visits), (2, 1));
}

#[test]
fn a_customer_added_by_mistake_is_removed_and_their_phone_is_free_again() {
    let mut ids = Ids(0);
    let mut counter = counter(Program::default(), &mut ids);
    let asha = add(&mut counter, &mut ids, "Asha", "9876543210").unwrap();
    let change = counter.plan_remove_customer(&asha, ids.event(), now()).unwrap();
    assert!(counter.search("asha", 5).len() == 1, "planning alone changes nothing");
    counter.committed(&change);
    let removed = change.customer.unwrap();
    assert!(removed.is_removed());
    assert!(counter.search("asha", 5).is_empty());
    assert!(counter.search("3210", 5).is_empty());
    assert!(counter.index().get(&asha.id).is_none());
    assert_eq!(counter.plan_remove_customer(&removed, ids.event(), now()), Err(DomainError::CustomerRemoved));
    assert_eq!(counter.plan_stamp(&removed, None, ids.event(), now()), Err(DomainError::CustomerRemoved));
    let again = add(&mut counter, &mut ids, "Asha R", "+91 98765 43210").unwrap();
    assert_eq!(counter.search("3210", 5).iter().map(|hit| hit.id).collect::<Vec<_>>(), [again.id]);
}

#[test]
fn a_customer_with_visits_is_removed_only_within_the_undo_window() {
    let mut ids = Ids(0);
    let mut counter = counter(Program::default(), &mut ids);
    let asha = add(&mut counter, &mut ids, "Asha", "9876543210").unwrap();
    let change = counter.plan_stamp(&asha, None, ids.event(), now()).unwrap();
    counter.committed(&change);
    let stamped = change.customer.unwrap();
    assert!(counter.plan_remove_customer(&stamped, ids.event(), now() + chrono::TimeDelta::seconds(60)).is_ok());
    let later = now() + crate::domain::visit::UNDO_WINDOW + chrono::TimeDelta::seconds(1);
    assert_eq!(counter.plan_remove_customer(&stamped, ids.event(), later), Err(DomainError::CustomerHasVisits { visits: 1 }));
    // With no visits (the stamp undone), removal is allowed at any time.
    let undo = counter.plan_undo(&stamped, change.event.id, ids.event(), now()).unwrap();
    counter.committed(&undo);
    assert!(counter.plan_remove_customer(undo.customer.as_ref().unwrap(), ids.event(), later + chrono::TimeDelta::days(30)).is_ok());
}

#[test]
fn program_change_keeps_earned_stamps() {
    let mut ids = Ids(0);
    let mut counter = counter(Program::default(), &mut ids);
    let mut customer = add(&mut counter, &mut ids, "Asha", "9876543210").unwrap();
    for _ in 0..3 {
        let change = counter.plan_stamp(&customer, None, ids.event(), now()).unwrap();
        counter.committed(&change);
        customer = change.customer.unwrap();
    }
    let richer = Program { earning: crate::domain::Earning::PerVisit { stamps: 5 }, ..Program::default() };
    let change = counter.plan_program_change(richer, ids.event(), now()).unwrap();
    counter.committed(&change);
    assert_eq!(customer.balance(), 3);
    let change = counter.plan_stamp(&customer, None, ids.event(), now()).unwrap();
    assert_eq!(change.customer.unwrap().balance(), 8);
}

#[test]
fn a_country_change_reads_new_numbers_and_never_rewrites_saved_ones() {
    let mut ids = Ids(0);
    let mut counter = counter(Program::default(), &mut ids);
    let asha = add(&mut counter, &mut ids, "Asha", "98765 43210").unwrap();
    let edit = ShopProfile { name: " Chai Corner ".into(), country: Country::Bangladesh };
    let change = counter.plan_shop_edit(edit, ids.event(), now()).unwrap();
    assert!(matches!(change.event.kind, EventKind::ShopEdited { .. }));
    assert_eq!(change.customer, None);
    counter.committed(&change);
    assert_eq!(counter.shop().profile, ShopProfile { name: "Chai Corner".into(), country: Country::Bangladesh });
    assert_eq!(counter.program(), &Program::default());

    // New input is read as Bangladeshi; an Indian number typed without its code is not.
    let rahim = add(&mut counter, &mut ids, "Rahim", "01712345678").unwrap();
    assert_eq!(rahim.profile.unwrap().phone.as_str(), "+8801712345678");
    assert!(matches!(add(&mut counter, &mut ids, "Ravi", "98765 43211"), Err(DomainError::Phone(_))));

    // Asha's saved Indian number stays, and her details can still be corrected.
    let form = CustomerForm { name: "Asha Verma".into(), phone: "+91 98765 43210".into(), ..CustomerForm::default() };
    let edited = counter.plan_edit_customer(&asha, &form, ids.event(), now()).unwrap();
    assert_eq!(edited.customer.unwrap().profile.unwrap().phone.as_str(), "+919876543210");
    assert!(counter.plan_shop_edit(ShopProfile { name: " ".into(), country: Country::India }, ids.event(), now()).is_err());
}

#[test]
fn every_event_records_who_is_at_the_counter_and_an_override_is_recorded() {
    let mut ids = Ids(0);
    let mut counter = counter(Program::default(), &mut ids);
    let asha = add(&mut counter, &mut ids, "Asha", "9876543210").unwrap();
    let ravi = Actor::StaffMember(crate::domain::staff::StaffId::from_bytes([5; 16]));
    counter.set_actor(ravi);
    let stamp = counter.plan_stamp(&asha, None, ids.event(), now()).unwrap();
    assert_eq!(stamp.event.actor, ravi);
    assert!(matches!(stamp.event.kind, EventKind::StampsAdded { cooldown_override: false, .. }));
    counter.committed(&stamp);
    let again = counter.plan_stamp_overriding_cooldown(stamp.customer.as_ref().unwrap(), None, false, ids.event(), now()).unwrap();
    assert_eq!(again.event.actor, ravi);
    assert!(matches!(again.event.kind, EventKind::StampsAdded { cooldown_override: true, same_visit: false, .. }));
    assert_eq!(again.customer.unwrap().summary(10).visits, 2);
}
