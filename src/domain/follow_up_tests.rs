use super::*;
use crate::domain::{Clock, Counter, Country, CustomerForm, DeviceId, DomainError, Program, SearchIndex, ShopProfile};
use crate::domain::customer::Customer;
use crate::domain::follow_up::ApologyChoice;
use chrono::TimeZone;

fn at(hours: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap() + TimeDelta::hours(hours)
}

fn id(n: u8) -> EventId {
    EventId::from_bytes([n; 16])
}

fn shop() -> (Counter, Customer) {
    let mut clock = Clock::new(DeviceId::from_bytes([7; 16]));
    let profile = ShopProfile { name: "Chai Point".into(), country: Country::India };
    let shop = Counter::plan_set_up(profile, Program::default(), &mut clock, id(1), at(0)).unwrap().shop.unwrap();
    let mut counter = Counter::new(shop, clock, SearchIndex::default(), 0);
    let form = CustomerForm { name: "Asha".into(), phone: "9876543210".into(), ..CustomerForm::default() };
    let added = counter.plan_new_customer(&form, CustomerId::from_bytes([9; 16]), id(2), at(0)).unwrap();
    counter.committed(&added);
    (counter, added.customer.unwrap())
}

#[test]
fn real_feedback_decodes_as_itself_and_unknown_kinds_stay_unknown() {
    let (mut counter, asha) = shop();
    let change = counter.plan_feedback(&asha, 5, Some(Topic::Praise), "", id(3), at(1)).unwrap();
    let json = serde_json::to_string(&change.event).unwrap();
    assert!(json.contains(r#""type":"feedback_given""#), "{json}");
    let back: Event = serde_json::from_str(&json).unwrap();
    assert_eq!(back, change.event);
    assert!(matches!(back.kind, EventKind::FeedbackGiven { rating: 5, .. }));
}

#[test]
fn feedback_changes_no_card_and_only_a_question_opens_an_item() {
    let (mut counter, asha) = shop();
    let praise = counter.plan_feedback(&asha, 5, Some(Topic::Praise), "great", id(3), at(1)).unwrap();
    assert_eq!((praise.customer.as_ref(), praise.follow_up.as_ref(), praise.base_rev), (None, None, None));
    let mut card = asha.clone();
    assert_eq!(card.apply(&praise.event), crate::domain::ApplyOutcome::Unchanged);
    let question = counter.plan_feedback(&asha, 3, Some(Topic::Question), "Do you deliver?", id(4), at(2)).unwrap();
    let item = question.follow_up.unwrap();
    assert_eq!((item.kind, item.status, item.text.as_str(), item.name.as_str()), (Kind::Question, Status::Open, "Do you deliver?", "Asha"));
    assert!(item.is_open());
    let answered = counter.plan_answer(&item, "Yes, within 2 km", id(5), at(3)).unwrap();
    let item = answered.follow_up.unwrap();
    assert_eq!((item.status, item.note()), (Status::Resolved, "Yes, within 2 km"));
    assert!(!item.is_open());
}

#[test]
fn a_complaint_goes_open_to_resolved_with_an_apology_counted_as_stamps() {
    let (mut counter, asha) = shop();
    assert_eq!(counter.plan_complaint(&asha, "  ", id(3), at(1)), Err(DomainError::ComplaintEmpty));
    let opened = counter.plan_complaint(&asha, "Tea was cold", id(3), at(1)).unwrap();
    let complaint = opened.follow_up.unwrap();
    assert!(complaint.is_open() && !complaint.is_overdue(at(20)) && complaint.is_overdue(at(26)));
    let taken = counter.plan_complaint_update(&asha, &complaint, "Ravi", Status::InProgress, "", ApologyChoice::Nothing, id(4), at(2)).unwrap();
    assert_eq!(taken.customer, None);
    let complaint = taken.follow_up.unwrap();
    assert_eq!((complaint.status, complaint.handler()), (Status::InProgress, "Ravi"));
    let resolved = counter
        .plan_complaint_update(&asha, &complaint, "Ravi", Status::Resolved, "New flask", ApologyChoice::Stamps(2), id(5), at(3))
        .unwrap();
    assert_eq!(resolved.base_rev, Some(asha.rev));
    let card = resolved.customer.clone().unwrap();
    let summary = card.summary(10);
    assert_eq!((summary.stamps_on_card, summary.visits), (2, 0), "bonus stamps, not a visit");
    let complaint = resolved.follow_up.unwrap();
    assert_eq!((complaint.status, complaint.note(), complaint.is_open()), (Status::Resolved, "New flask", false));
    assert_eq!(
        counter.plan_complaint_update(&card, &complaint, "Ravi", Status::Resolved, "", ApologyChoice::Reward, id(6), at(4)),
        Err(DomainError::ApologyAlreadyGiven)
    );
    assert_eq!(
        counter.plan_complaint_update(&card, &FollowUp { apology: None, ..complaint.clone() }, "", Status::Resolved, "", ApologyChoice::Stamps(11), id(6), at(4)),
        Err(DomainError::StampsOutOfRange { max: 10 })
    );
}

#[test]
fn a_reward_as_apology_makes_one_reward_ready_and_keeps_the_card_in_progress() {
    let (mut counter, mut asha) = shop();
    for n in 0..3 {
        let change = counter.plan_stamp(&asha, None, id(10 + n), at(1)).unwrap();
        counter.committed(&change);
        asha = change.customer.unwrap();
    }
    let complaint = counter.plan_complaint(&asha, "Wrong order", id(20), at(2)).unwrap().follow_up.unwrap();
    let change = counter.plan_complaint_update(&asha, &complaint, "", Status::Resolved, "", ApologyChoice::Reward, id(21), at(3)).unwrap();
    let summary = change.customer.unwrap().summary(10);
    assert_eq!((summary.rewards_ready, summary.stamps_on_card, summary.visits), (1, 3, 3));
}

#[test]
fn the_status_never_moves_back_and_the_latest_note_wins_in_any_order() {
    let (mut counter, asha) = shop();
    let opened = counter.plan_complaint(&asha, "Rude", id(3), at(1)).unwrap();
    let complaint = opened.follow_up.clone().unwrap();
    let resolved = counter.plan_complaint_update(&asha, &complaint, "Mina", Status::Resolved, "Said sorry", ApologyChoice::Nothing, id(4), at(2)).unwrap();
    // Planned on another tablet from the open complaint, earlier by the clock.
    let mut other = complaint.clone();
    let late = Event { hlc: Hlc { millis: 1, ..resolved.event.hlc }, id: id(5), ..resolved.event.clone() };
    let late = Event { kind: EventKind::ComplaintUpdated { customer: asha.id, complaint: complaint.id, handler: "Ravi".into(), status: Status::InProgress, note: String::new(), apology: None }, ..late };
    other.apply(&late);
    let events = [opened.event.clone(), resolved.event.clone(), late.clone()];
    let forward = FollowUp::fold(complaint.id, events.iter()).unwrap();
    let backward = FollowUp::fold(complaint.id, events.iter().rev()).unwrap();
    assert_eq!(forward, backward);
    assert_eq!((forward.status, forward.handler(), forward.note()), (Status::Resolved, "Mina", "Said sorry"));
    assert_eq!(forward.text, "Rude");
}

#[test]
fn oldest_first_orders_by_opening() {
    let (mut counter, asha) = shop();
    let newer = counter.plan_complaint(&asha, "b", id(3), at(5)).unwrap().follow_up.unwrap();
    let older = counter.plan_complaint(&asha, "a", id(4), at(1)).unwrap().follow_up.unwrap();
    let mut items = vec![newer.clone(), older.clone()];
    oldest_first(&mut items);
    assert_eq!(items, [older, newer]);
}
